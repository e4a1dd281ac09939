"""The native JSON format: round trips, the schema, atomic saves and clear errors."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import Event, FormatError, GeotimelineError, Place, Source, Timeline
from geotimeline.io import native
from tests.strategies import events

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "docs" / "schema" / "geotimeline-1.schema.json").read_text()
)


def timelines() -> st.SearchStrategy[Timeline]:
    return st.builds(
        Timeline,
        st.lists(events(), unique_by=lambda event: event.id, max_size=12),
        title=st.none() | st.text(),
        description=st.none() | st.text(),
    )


@pytest.fixture
def timeline() -> Timeline:
    return Timeline(
        [
            Event(
                title="Russia annexes Crimea",
                when="2014-03-18",
                actors=["Russia", "Ukraine"],
                place=Place("Crimea", country="UA", region="UA-43", latitude=44.95, longitude=34.1),
                tags=["annexation"],
                sources=[Source("Reuters", url="https://www.reuters.com/", published="2014-03-18")],
                metadata={"note": ["any", "json"]},
            ),
            Event(title="Ceasefire in south-western Syria", when="2017-22"),
        ],
        title="Example",
    )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_dumps_then_loads_gives_the_same_timeline(timeline: Timeline) -> None:
    assert native.loads(native.dumps(timeline)) == timeline


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(timelines())
def test_every_document_written_follows_the_schema(timeline: Timeline) -> None:
    jsonschema.validate(json.loads(native.dumps(timeline)), SCHEMA)


def test_save_then_load(tmp_path: Path, timeline: Timeline) -> None:
    path = tmp_path / "timeline.json"
    timeline.save(path)
    assert Timeline.load(path) == timeline
    assert Timeline.load(str(path)) == timeline


def test_the_file_has_one_event_per_line_and_omits_defaults(
    tmp_path: Path, timeline: Timeline
) -> None:
    path = tmp_path / "timeline.json"
    timeline.save(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '{"format": "geotimeline", "version": 1, "title": "Example", "events": ['
    assert lines[-1] == "]}"
    assert len(lines) == 4
    ceasefire = json.loads(lines[2])
    assert ceasefire == {
        "id": "2017-22-ceasefire-in-south-western-syria",
        "title": "Ceasefire in south-western Syria",
        "when": "2017-22",
    }


def test_save_keeps_the_previous_file_when_writing_fails(
    tmp_path: Path, timeline: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "timeline.json"
    timeline.save(path)
    before = path.read_bytes()

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(native.os, "fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        Timeline([Event(title="other", when="2020")]).save(path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["timeline.json"], "the temporary file was left behind"


def test_save_keeps_the_file_mode(tmp_path: Path, timeline: Timeline) -> None:
    path = tmp_path / "timeline.json"
    path.write_text("old")
    path.chmod(0o640)
    timeline.save(path)
    assert path.stat().st_mode & 0o777 == 0o640


def document(*events: object, **fields: object) -> str:
    return json.dumps({"format": "geotimeline", "version": 1, **fields, "events": list(events)})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "<string>, line 1, column 2: is not valid JSON"),
        ("[]", "<string>: is not a JSON object"),
        ('{"format": "other"}', "<string>, format: is not a geotimeline document"),
        ('{"format": "geotimeline", "version": 2}', "<string>, version: 2 is not supported"),
        (document(extra=1), "<string>: has unknown fields: extra"),
        (document(title=5), "<string>, title: must be text"),
        ('{"format": "geotimeline", "version": 1, "events": {}}', "events: must be a list"),
        (document("x"), "<string>, event 1: is not a JSON object"),
        (document({"title": "x"}), "event 1: ... when"),
        (
            document({"id": "a", "title": "x", "when": "2014-13"}),
            "<string>, event 1 ('a'): when: '2014-13': month 13 is out of range",
        ),
        (
            document(
                {"id": "a", "title": "x", "when": "2014"}, {"id": "b", "title": 7, "when": "2014"}
            ),
            "<string>, event 2 ('b'): ... title",
        ),
        (document({"id": "a", "title": "x", "when": "2014", "tittle": "y"}), "tittle"),
        (
            document(
                {"id": "a", "title": "x", "when": "2014", "place": {"name": "P", "latitude": "1"}}
            ),
            "event 1 ('a'): ... latitude",
        ),
        (
            document(
                {"id": "a", "title": "x", "when": "2014"}, {"id": "a", "title": "y", "when": "2015"}
            ),
            "<string>, events: an event with id 'a' is already in the timeline",
        ),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_bad_documents_raise_a_format_error_saying_where(text: str, expected: str) -> None:
    with pytest.raises(FormatError) as caught:
        native.loads(text)
    message = str(caught.value)
    for part in expected.split("..."):
        assert part.strip() in message, message


def test_a_missing_file_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot be read"):
        Timeline.load(tmp_path / "missing.json")


def test_invalid_utf8_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"format": "geotimeline", "title": "\xff"}')
    with pytest.raises(FormatError, match=r"bad\.json"):
        Timeline.load(path)


@given(st.text(max_size=200))
def test_any_text_loads_or_fails_with_a_geotimeline_error(text: str) -> None:
    with contextlib.suppress(GeotimelineError):
        native.loads(text)
