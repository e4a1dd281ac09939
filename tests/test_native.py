"""The native JSON format: round trips, the schema, atomic saves and clear errors."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import re
from pathlib import Path
from typing import Any, Final

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from geotimeline import Event, FormatError, GeotimelineError, Place, Source, Timeline
from geotimeline.events import is_event_id
from geotimeline.io import _event_json, _written_lines, native
from tests.strategies import (
    HugeValueEdit,
    JsonPairs,
    event_ids,
    events,
    garbled,
    huge_value_edits,
    json_pair_texts,
    look_alike_values,
    wide_whens,
    with_a_huge_value,
)

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


@given(event_ids() | st.text(max_size=12))
def test_the_schema_takes_every_id_and_checks_the_ascii_ones_exactly(text: str) -> None:
    # fullmatch: ECMA's $ ends the text, where Python's re also matches before a last "\n".
    pattern = SCHEMA["$defs"]["eventId"]["pattern"].removeprefix("^").removesuffix("$")
    in_schema = re.fullmatch(pattern, text) is not None
    if is_event_id(text):
        assert in_schema
    if text.isascii():
        assert in_schema == is_event_id(text)


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


# -- the event helpers and the fast route ------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_unstructure_event_matches_the_cattrs_converter(event: Event) -> None:
    assert native.unstructure_event(event) == native.converter.unstructure(event)
    assert native.structure_event(native.unstructure_event(event)) == event


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=4,
)


_MUTATED_FIELDS = [
    "id", "title", "when", "summary", "actors", "place", "tags", "sources", "links", "metadata",
    "extra", "place.name", "place.country", "place.latitude", "sources.0",
    "sources.0.published", "sources.0.url", "links.0", "links.0.relation", "actors.0",
]  # fmt: skip


def _structure_by_cattrs(raw: dict[str, object]) -> Event | None:
    if any(isinstance(raw.get(name), str) for name in ("sources", "links")):
        return None  # refused on purpose: cattrs reads text as a list of letters ("" as none)
    try:
        event: Event = native.converter.structure(raw, Event)
    except Exception:  # anything cattrs refuses, the fast route must refuse too
        return None
    return event


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.sampled_from(_MUTATED_FIELDS), _JSON_VALUES)
def test_the_fast_route_reads_exactly_what_cattrs_reads(
    event: Event, path: str, value: object
) -> None:
    raw = json.loads(json.dumps(native.unstructure_event(event)))
    *parents, last = path.split(".")
    container = raw
    for part in parents:
        container = container[int(part)] if part.isdigit() else container.get(part)
        if container is None or (isinstance(container, list) and not container):
            return
    if isinstance(container, list):
        if not container:
            return
        container[int(last)] = value
    else:
        container[last] = value
    expected = _structure_by_cattrs(raw)
    if expected is None:
        with pytest.raises(FormatError):
            native.structure_event(raw)
    else:
        assert native.structure_event(raw) == expected


def test_loads_shares_equal_dates_and_places_between_events() -> None:
    timeline = Timeline(
        [Event(id=f"e{n}", title="x", when="2014-03-18", place=Place("Kyiv")) for n in range(3)]
    )
    first, *others = native.loads(native.dumps(timeline))
    assert all(event.when is first.when and event.place is first.place for event in others)


# -- streaming ----------------------------------------------------------------------------------


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of two lines, read in blocks of a few characters, so that a short file crosses
    batch boundaries and its lines cross blocks."""
    monkeypatch.setattr(native, "_READ_BATCH", 2)
    monkeypatch.setattr(native, "_WRITE_BATCH", 2)
    monkeypatch.setattr(native, "_READ_BLOCK", 7)


def many(count: int) -> Timeline:
    return Timeline(Event(id=f"e{n}", title=f"event {n}", when=f"{2000 + n}") for n in range(count))


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 5])
def test_streamed_files_of_every_length_round_trip(tmp_path: Path, count: int) -> None:
    path = tmp_path / "timeline.json"
    native.save(many(count), path)
    assert json.loads(path.read_text())["events"] == [
        native.unstructure_event(event) for event in many(count)
    ]
    assert native.load(path) == many(count)


@pytest.mark.usefixtures("small_batches")
def test_a_streamed_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "timeline.json"
    lines = native.dumps(many(5)).splitlines()
    lines[4] = lines[4].replace('"2003"', '"2003-02-30"')
    path.write_text("\n".join(lines))
    with pytest.raises(FormatError, match=r"timeline\.json, line 5, event 4 \('e3'\): when:"):
        native.load(path)


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("line", [1, 2, 4, 6])
def test_a_key_given_twice_is_refused_naming_its_line(tmp_path: Path, line: int) -> None:
    path = tmp_path / "timeline.json"
    lines = native.dumps(many(5)).splitlines()
    if line == 1:
        lines[0] = lines[0].replace('"version": 1,', '"version": 1, "version": 1,')
    else:
        lines[line - 1] = lines[line - 1].replace('"title"', '"title": "other", "title"')
    path.write_text("\n".join(lines))
    # The header is read whole, so its error has no line; an event's names the line.
    where = "" if line == 1 else f", line {line}"
    key = "version" if line == 1 else "title"
    message = rf"timeline\.json{where}: gives the key '{key}' twice in one object"
    with pytest.raises(FormatError, match=message):
        native.load(path)


@pytest.mark.parametrize(
    "text",
    [
        '{"id": "a", "title": "x", "when": "2014", "when": "2015"}',
        '{"id": "a", "title": "x", "when": "2014", "place": {"name": "P", "name": "Q"}}',
    ],
)
def test_a_document_giving_a_key_twice_is_refused(text: str) -> None:
    # Python's json keeps the last of two equal keys, as a dict display would: the events
    # here are written as text, in a document not in the writer's layout (read whole).
    whole = f'{{"format": "geotimeline", "version": 1, "events": [{text}]}}'
    with pytest.raises(FormatError, match=r"<string>: gives the key '(when|name)' twice"):
        native.loads(whole)


@given(json_pair_texts(events_only=True) | json_pair_texts())
@settings(max_examples=500)
def test_a_batch_is_refused_exactly_when_some_object_repeats_a_key(
    drawn: tuple[str, JsonPairs],
) -> None:
    text, pairs = drawn
    if pairs.repeats_a_key:
        with pytest.raises(native.RepeatedKeyError):
            native.decode_batch(text)
        return
    # The same values as the hook's route, and the same types (True is not 1).
    assert repr(native.decode_batch(text)) == repr(native._decode_json(text))


def test_the_writers_lines_are_decoded_without_the_hook(
    timeline: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    usual = Timeline([Event(title="Talks", when="2017-11", actors=["Russia"], place="Sochi")])
    lines = native.dumps(usual).splitlines()[1:-1]
    batch = "[" + "".join(lines) + "]"
    expected = json.loads(batch)

    def refused(text: str) -> object:
        raise AssertionError("the hook's route was taken")

    monkeypatch.setattr(native, "_decode_json", refused)
    assert native.decode_batch(batch) == expected


@given(timelines(), st.data())
def test_a_key_repeated_in_any_object_of_an_event_line_is_refused(
    timeline: Timeline, data: st.DataObject
) -> None:
    assume(len(timeline))
    # Split at line feeds only: titles may hold the other characters splitlines() breaks at.
    lines = native.dumps(timeline).split("\n")
    number = data.draw(st.integers(2, len(lines) - 1), label="line")
    line = lines[number - 1]
    raw = json.loads(line.removesuffix(","))
    objects = [("", raw)] + ([('"place": ', raw["place"])] if "place" in raw else [])
    opening, where = data.draw(st.sampled_from(objects), label="object")
    key = data.draw(st.sampled_from(sorted(where)), label="key")
    given_twice = f"{json.dumps(key)}: {json.dumps(where[key], ensure_ascii=False)}, "
    lines[number - 1] = line.replace(opening + "{", opening + "{" + given_twice, 1)
    with pytest.raises(FormatError) as refused:
        native.loads("\n".join(lines))
    assert refused.value.location == f"line {number}"
    assert refused.value.reason.endswith(" twice in one object")


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace(",\n", "\n", 1),  # a comma missing between events
        lambda text: text.replace("\n]}", ",\n]}"),  # a comma after the last event
        lambda text: text + "\n[]",  # more after the document
        lambda text: text.replace("\n]}", "\n]"),  # the document left open
    ],
)
def test_a_file_broken_between_lines_is_invalid_json(change: Any) -> None:
    with pytest.raises(FormatError, match="is not valid JSON"):
        native.loads(change(native.dumps(many(5))))


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize(
    "layout",
    [
        lambda document: json.dumps(document, indent=2),
        lambda document: json.dumps(document),
        lambda document: json.dumps(document, indent=1).replace("\n", "\r\n"),
        lambda document: json.dumps(document)[:-2] + "\n]}",  # all events on the first line
    ],
)
def test_other_json_layouts_are_read_whole(tmp_path: Path, layout: Any) -> None:
    document = json.loads(native.dumps(many(5)))
    path = tmp_path / "timeline.json"
    path.write_text(layout(document))
    assert native.load(path) == many(5)
    assert native.loads(layout(document)) == many(5)


def test_loading_pauses_the_cycle_collector_and_restores_it() -> None:
    text = native.dumps(many(3))
    assert gc.isenabled()
    native.loads(text)
    assert gc.isenabled()
    gc.disable()
    try:
        native.loads(text)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(FormatError):
        native.loads(text.replace('"2001"', '"2001-02-30"'))
    assert gc.isenabled()


@given(text=st.text(alphabet="ab\n", max_size=40), block=st.integers(1, 9), limit=st.integers(0, 6))
def test_lines_read_in_blocks_are_the_lines_of_the_file(text: str, block: int, limit: int) -> None:
    # Whatever the blocks, the lines readline gives (without their line break) up to the first
    # one over the limit, which gives way to a line of no layout.
    expected = []
    for line in io.StringIO(text):
        if len(line.removesuffix("\n")) > limit:
            expected.append(native._TOO_LONG)
            break
        expected.append(line.removesuffix("\n"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(native, "_READ_BLOCK", block)
        patch.setattr(native, "_MAX_STREAMED_LINE", limit)
        assert list(native._bounded_lines(io.StringIO(text))) == expected


def test_a_long_line_after_the_events_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A line too long to stream once stood for a blank line, and what followed the document
    # went unread: text after it is refused, as the whole-document reader refuses it.
    monkeypatch.setattr(native, "_MAX_STREAMED_LINE", 100)
    path = tmp_path / "timeline.json"
    path.write_text(native.dumps(many(3)) + "\n" + "x" * 101 + "\n")
    with pytest.raises(FormatError, match=r"line 6, column 1: is not valid JSON: Extra data"):
        native.load(path)
    path.write_text(native.dumps(many(3)) + "\n" + " " * 101 + "\n")
    assert native.load(path) == many(3)


@pytest.mark.usefixtures("small_batches")
def test_an_id_given_twice_in_the_writers_layout_is_refused(tmp_path: Path) -> None:
    opening, *lines, closing = native.dumps(many(5)).splitlines()
    lines = [*lines[:-1], lines[-1] + ",", lines[2].removesuffix(",")]  # e2 once more, last
    assert _written_lines.written_fields(lines) is not None  # lines the line route reads
    path = tmp_path / "timeline.json"
    path.write_text("\n".join([opening, *lines, closing]))
    with pytest.raises(FormatError, match=r"events: an event with id 'e2' is already in"):
        native.load(path)


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize(("count", "reports"), [(0, [(0, 0)]), (5, [(2, 5), (4, 5), (5, 5)])])
def test_save_reports_the_events_written(
    tmp_path: Path, count: int, reports: list[tuple[int, int]]
) -> None:
    calls: list[tuple[int, int]] = []
    native.save(many(count), tmp_path / "timeline.json", progress=lambda *call: calls.append(call))
    assert calls == reports


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("layout", ["streamed", "whole"])
def test_load_reports_the_bytes_read_up_to_the_file_size(tmp_path: Path, layout: str) -> None:
    path = tmp_path / "timeline.json"
    text = native.dumps(many(7))
    path.write_text(text if layout == "streamed" else json.dumps(json.loads(text), indent=2))
    calls: list[tuple[int, int]] = []
    assert native.load(path, progress=lambda *call: calls.append(call)) == many(7)
    size = path.stat().st_size
    assert calls[-1] == (size, size)
    assert len(calls) >= (3 if layout == "streamed" else 1)  # a call per batch of two events
    assert all(total == size for _, total in calls)
    done = [bytes_read for bytes_read, _ in calls]
    assert done == sorted(done)


def test_a_failed_load_reports_no_completion(tmp_path: Path) -> None:
    path = tmp_path / "timeline.json"
    path.write_text(native.dumps(many(3)).replace('"2001"', '"2001-02-30"'))
    calls: list[tuple[int, int]] = []
    with pytest.raises(FormatError):
        native.load(path, progress=lambda *call: calls.append(call))
    size = path.stat().st_size
    assert (size, size) not in calls


def test_the_format_registry_passes_progress_only_to_formats_that_report(tmp_path: Path) -> None:
    from geotimeline import io

    calls: list[tuple[int, int]] = []
    for name in ("timeline.json", "timeline.csv"):
        io.save(many(3), tmp_path / name, progress=lambda *call: calls.append(call))
        assert io.load(tmp_path / name, progress=lambda *call: calls.append(call)) == many(3)
    size = (tmp_path / "timeline.json").stat().st_size
    assert calls == [(3, 3), (size, size)]
    reporting = [spec.name for spec in io.FORMATS.values() if spec.reports_progress]
    assert reporting == ["native", "parquet"]


# -- the quick route for the usual event --------------------------------------------------------

_MESSY_NAMES = st.sampled_from(["Russia", " Russia", "RUSSIA ", "Syrian  army", "a\tb", "", " "])
_QUICK_VALUES = {
    "id": st.sampled_from(["e1", "2014-crimea", "", "-bad", "a b"]) | st.integers(),
    "title": _MESSY_NAMES | st.text(max_size=4) | st.none(),
    "when": st.sampled_from(["2014", "2014-03-18", "2017-22", "2014-04/..", "2014-02-30", "x"]),
    "summary": _MESSY_NAMES | st.none(),
    "actors": st.lists(_MESSY_NAMES | st.text(max_size=3), max_size=3) | _JSON_VALUES,
    "tags": st.lists(_MESSY_NAMES | st.text(max_size=3), max_size=3) | _JSON_VALUES,
    "place": st.none()
    | st.fixed_dictionaries({"name": _MESSY_NAMES}, optional={"country": st.just("UA")}),
}


def _slots(event: Event) -> list[tuple[type, object]]:
    """Every field of an event with its type, sort_key included (which == leaves out)."""
    return [
        (type(getattr(event, field.name)), getattr(event, field.name))
        for field in attrs.fields(Event)
    ]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "id": _QUICK_VALUES["id"],
                "title": _QUICK_VALUES["title"],
                "when": _QUICK_VALUES["when"],
            },
            optional={name: _QUICK_VALUES[name] for name in ("summary", "actors", "tags", "place")},
        ),
        max_size=4,
    )
)
def test_the_quick_route_makes_what_the_constructor_makes(raws: list[dict[str, Any]]) -> None:
    # One structurer for the batch, as for a file: its caches must not mix events up.
    structurer = _event_json.Structurer("<test>")
    for raw in raws:
        try:
            quick = structurer._quick(raw)
        except (GeotimelineError, TypeError, ValueError, KeyError, AttributeError):
            continue  # refused: the event takes the checked route, which says why
        fields = dict(raw)
        if raw.get("place") is not None:
            fields["place"] = Place(**raw["place"])
        assert _slots(quick) == _slots(Event(**fields))


def test_the_quick_route_tidies_as_the_constructor_does() -> None:
    raw = {
        "id": "e1",
        "title": " Talks  in Astana ",
        "when": "2017-01-23",
        "actors": ["Russia", " Russia", "Iran"],
        "tags": ["Syria", "peace", "syria"],
        "place": {"name": "Astana", "country": "KZ"},
    }
    structurer = _event_json.Structurer("<test>")
    first, again = structurer._quick(raw), structurer._quick(dict(raw, id="e2"))
    assert first.title == "Talks in Astana"
    assert (first.actors, first.tags) == (("Russia", "Iran"), ("peace", "syria"))
    assert first.sort_key == Event(title="x", when="2017-01-23", id="e1").sort_key
    # Converted once, then shared:
    assert again.actors is first.actors
    assert again.place is first.place


def test_the_quick_route_fits_the_event_class() -> None:
    # If Event gains a field or a validator, the quick route turns itself off and loading gets
    # several times slower; this says so, so that the route can be taught the change.
    assert _event_json._QUICK_ROUTE_FITS


# -- usual events made a batch at a time -------------------------------------------------------

# Values the batch route's checks of whole columns must tell apart: line breaks inside an id
# or a title (which joining by line breaks could hide), text the converters tidy or compose,
# and numbers that are equal but of other types (True == 1 == 1.0).
_BATCH_VALUES = _QUICK_VALUES | {
    "id": _QUICK_VALUES["id"]
    | st.sampled_from(["a\nb", "e1\n", "\ne1", "é", "e\u0301", "x" * 201]),
    "title": _QUICK_VALUES["title"]
    | st.sampled_from(["a\nb", "Talks\n", "\x00", "Talks\x0b", "Caf\u00e9", "a\u2028b", "ok"]),
    "summary": _QUICK_VALUES["summary"] | st.sampled_from(["", "a\nb", "ok", "Caf\u00e9 "]),
    "place": _QUICK_VALUES["place"]
    | st.fixed_dictionaries(
        {"name": st.sampled_from(["Kyiv", "Astana"])},
        optional={
            "latitude": st.sampled_from([1.0, 1, True, 50.45]),
            "longitude": st.sampled_from([1.0, 1, False, 30.5]),
            "geocoded": st.sampled_from([True, 1, 1.0, False]),
            "country": st.sampled_from(["UA", 1, None]),
        },
    ),
}
_BATCH_RAWS = st.fixed_dictionaries(
    {name: _BATCH_VALUES[name] for name in ("id", "title", "when")},
    optional={name: _BATCH_VALUES[name] for name in ("summary", "actors", "tags", "place")},
)


def _written(event: Event) -> dict[str, Any]:
    return native.unstructure_event(event)


def _batch_raws() -> st.SearchStrategy[list[Any]]:
    """Batches of decoded events: usual ones of valid or messy values, events as the writer
    writes them (some with sources, links or metadata), and those garbled."""
    written = events().map(_written)
    return st.lists(_BATCH_RAWS | written | written.flatmap(garbled) | _JSON_VALUES, max_size=6)


def _each_alone(raws: list[Any]) -> list[Event | str]:
    """What the usual route makes of each raw event: its event, or its error's message."""
    structurer = _event_json.Structurer("<test>")
    made: list[Event | str] = []
    for number, raw in enumerate(raws, 1):
        try:
            made.append(structurer.event(raw, "event {}".format, number))
        except FormatError as error:
            made.append(str(error))
    return made


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(st.lists(_batch_raws(), min_size=1, max_size=3))
def test_a_batch_makes_what_each_event_alone_makes(batches: list[list[Any]]) -> None:
    # One structurer for every batch, as for a file: its caches must not mix events up, nor
    # the places of batches whose numbers are of other types.
    structurer = _event_json.Structurer("<test>")
    for raws in batches:
        made = structurer.usual_events(raws)
        if made is None:
            continue  # each event takes the usual route, which is tested as it always was
        assert len(made) == len(raws)
        for raw, event, alone in zip(raws, made, _each_alone(raws), strict=True):
            if event is None:
                continue
            # Never an event the usual route refuses, and every slot as it makes it.
            assert isinstance(alone, Event), alone
            assert _slots(event) == _slots(alone)
            assert _slots(event) == _slots(Event(**_constructor_fields(raw)))


def _constructor_fields(raw: dict[str, Any]) -> dict[str, Any]:
    fields = dict(raw)
    if raw.get("place") is not None:
        fields["place"] = Place(**raw["place"])
    return fields


@contextlib.contextmanager
def _without_batches() -> Any:
    """Every event read on its own: neither batch route (decoded lines, or lines in the
    writer's layout read without decoding) takes any."""
    structurer = _event_json.Structurer
    usual_events, written_columns = structurer.usual_events, structurer.written_columns
    structurer.usual_events = lambda self, raws: None  # type: ignore[method-assign]
    structurer.written_columns = lambda self, fields: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        structurer.usual_events = usual_events  # type: ignore[method-assign]
        structurer.written_columns = written_columns  # type: ignore[method-assign]


@contextlib.contextmanager
def _without_written_lines() -> Any:
    """Lines in the writer's layout decoded as JSON, as any other lines."""
    written_columns = _event_json.Structurer.written_columns
    _event_json.Structurer.written_columns = lambda self, fields: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        _event_json.Structurer.written_columns = written_columns  # type: ignore[method-assign]


def _read(text: str) -> list[Any] | str:
    try:
        return [_slots(event) for event in native.loads(text, "t.json")]
    except FormatError as error:
        return f"{type(error).__name__}: {error}"


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(_batch_raws())
def test_a_file_reads_the_same_with_and_without_batches(raws: list[Any]) -> None:
    # The streamed layout, as the writer writes it: whatever the lines hold, the same
    # timeline, or the same error (class, line, event and field), with the batches or not.
    lines = ",\n".join(json.dumps(raw, ensure_ascii=False) for raw in raws)
    text = '{"format": "geotimeline", "version": 1, "events": [\n' + lines + "\n]}"
    with _without_batches():
        expected = _read(text)
    assert _read(text) == expected


_WRITER_ORDER: Final = ("id", "title", "when", "summary", "actors", "place", "tags")


def _in_writer_order(raw: Any) -> Any:
    """A raw event's fields in the order the writer puts them, the others after them."""
    if not isinstance(raw, dict):
        return raw
    ordered = {name: raw[name] for name in _WRITER_ORDER if name in raw}
    return ordered | {name: value for name, value in raw.items() if name not in ordered}


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(st.lists(_batch_raws().map(lambda raws: [_in_writer_order(raw) for raw in raws])))
def test_lines_in_the_writers_layout_read_as_their_json_does(batches: list[list[Any]]) -> None:
    # Lines as the writer lays them out, with every kind of value the checks must tell apart
    # (escapes, line breaks, numbers of other types, garbled fields): read without decoding
    # where the pattern takes them, the same timeline or the same error as decoded, batch by
    # batch or event by event. Several batches in one file share the structurer's caches.
    lines = ",\n".join(json.dumps(raw, ensure_ascii=False) for raws in batches for raw in raws)
    text = '{"format": "geotimeline", "version": 1, "events": [\n' + lines + "\n]}"
    with _without_batches():
        alone = _read(text)
    with _without_written_lines():
        decoded = _read(text)
    assert decoded == alone
    assert _read(text) == alone


def test_the_writers_lines_are_read_without_decoding_them() -> None:
    place = Place(name="Kyiv", country="UA", region="Kyiv Oblast", latitude=50.45, longitude=30.5)
    timeline = Timeline(
        [
            Event(id="e1", title="Talks", when="2017-03", summary="Long talks.", actors=["Iran"],
                  place=place, tags=["diplomacy", "war"]),
            Event(id="e2", title="Caf\u00e9 \u201cquotes\u201d", when="2017-03-18T10:30Z"),
            Event(id="e3", title="Strike", when="2017-04/2018", place="Syria"),
        ]
    )  # fmt: skip
    lines = [line.strip() for line in native.dumps(timeline).splitlines()[1:-1]]
    fields = _written_lines.written_fields(lines)
    assert fields is not None
    assert fields.ids == ["e1", "e2", "e3"]
    assert fields.titles == ["Talks", "Caf\u00e9 \u201cquotes\u201d", "Strike"]
    assert not fields.tidy_titles  # the second is not ASCII: the converter reads them all
    assert fields.whens == ["2017-03", "2017-03-18T10:30Z", "2017-04/2018"]
    assert fields.summaries == ["Long talks.", "", ""]
    assert fields.actors == ['"Iran"', "", ""]
    assert fields.tags == ['"diplomacy", "war"', "", ""]
    assert fields.places[0].startswith('"name": "Kyiv", "country": "UA"')
    assert fields.places[1] == ""
    made = _event_json.Structurer("<test>").written_columns(fields)
    assert made == list(timeline)
    tidy = _written_lines.written_fields([lines[0], lines[2]])
    assert tidy is not None
    assert tidy.tidy_titles
    assert tidy.titles == ["Talks", "Strike"]
    # What the pattern does not take is decoded: an escape, other spacing, a source.
    escaped = Event(id="e4", title='A "quoted" title', when="2017")
    sourced = Event(id="e5", title="Strike", when="2017", sources=[Source("Reuters")])
    for event in (escaped, sourced):
        line = native.dumps(Timeline([event])).splitlines()[1]
        assert _written_lines.written_fields([line]) is None
    spaced = lines[1].replace('"id": ', '"id":')
    assert _written_lines.written_fields([spaced]) is None
    two_on_a_line = [lines[0] + " " + lines[1]]
    assert _written_lines.written_fields(two_on_a_line) is None


# Texts between the brackets of a list of names or the braces of a place, which the line
# pattern takes up to the first closing bracket and leaves to the decoder: brackets inside
# names, escapes, values of other types, nesting, other spacing, repeats, nothing at all.
_NAMES_TEXTS: Final = st.sampled_from([
    '"Iran"', '"Iran", "Iraq"', '"Iran", "iran"', '"a]b"', '"a[b"', '"a\\"b"', '"a\\u005db"',
    '1', '"a", 1', 'null', 'true', '["a"]', '"a",\t"b"', ' "a" ', '"a", ', '', '"a\x01"',
    '{"a": 1}', '"a"]', '"a"], "tags": ["b"',
])  # fmt: skip
_PLACE_TEXTS: Final = st.sampled_from([
    '"name": "Kyiv"', '"name": "Kyiv", "country": "UA"',
    '"name": "Kyiv", "latitude": 50.45, "longitude": 30.5', '"name": "Kyiv", "latitude": true',
    '"name": "a}b"', '"name": "a{b"', '"name": "x", "region": {"a": 1}', '"name": "x", "r": [1]',
    '"name": "x", "name": "y"', '', '"country": "UA"', '"name": 1', '"name": "x", "country": 804',
    '"name": "x"\t', '"name": "\\u0041"', '"name": "x", "geocoded": 1', '"name": "x",',
    '"name": "x", "country": null', '"name": "x", "latitude": 1e400, "longitude": 1',
    '"name": "\x1f"', '"name": "x"}, "tags": {"a": 1',
])  # fmt: skip


# Titles as a line may hold them: words the converter leaves alone, and text it tidies,
# refuses or that is no JSON string (a raw control character, an escape).
_TITLE_TEXTS: Final = st.sampled_from([
    "Talks", "Talks in Astana", "", " a", "a ", "a  b", "Caf\u00e9", "!", "~ ~", "[x] {y}",
    "a\x01b", 'a\\"b', "a\\\\b", "\u2028", "a\x7fb", "a\u00a0b",
])  # fmt: skip


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(
    title=_TITLE_TEXTS,
    fields=st.fixed_dictionaries(
        {}, optional={"actors": _NAMES_TEXTS, "place": _PLACE_TEXTS, "tags": _NAMES_TEXTS}
    ),
)
def test_lists_and_places_of_any_text_read_as_their_json_does(
    title: str, fields: dict[str, str]
) -> None:
    # Whatever text the title, the lists and the place hold, a line in the writer's layout
    # reads as its JSON does: the same events, or the same error.
    brackets = {"actors": "[{}]", "place": "{{{}}}", "tags": "[{}]"}
    parts = ['"id": "e1"', f'"title": "{title}"', '"when": "2017"']
    parts += [f'"{name}": ' + brackets[name].format(fields[name]) for name in fields]
    line = "{" + ", ".join(parts) + "}"
    text = '{"format": "geotimeline", "version": 1, "events": [\n' + line + "\n]}"
    with _without_written_lines():
        decoded = _read(text)
    assert _read(text) == decoded
    plain = {"actors": '"Iran"', "place": '"name": "Kyiv"', "tags": '"war"'}
    if title.isalpha() and all(fields[name] == plain[name] for name in fields):
        assert _written_lines.written_fields([line]) is not None  # the line route takes these


def test_a_repeated_key_after_a_bracket_left_open_is_the_document_readers_error() -> None:
    # Found by the fuzz campaign: decoded as one batch, the open list takes the next lines
    # into it and the decoder meets the repeated key first; line by line, the line with the
    # open bracket is no JSON of its own, so the batch is not in the writer's layout.
    lines = [
        '{"id": "a", "title": "A", "when": "2017", "sources": [{"outlet": "x"},',
        '{"id": "b", "title": "B", "when": "2017", "when": "2018"}',
    ]
    text = '{"format": "geotimeline", "version": 1, "events": [\n' + "\n".join(lines) + "\n]}"
    with _without_batches():
        alone = _read(text)
    assert isinstance(alone, str)
    assert alone.startswith("FormatError: ")
    assert _read(text) == alone


def test_a_place_given_a_key_twice_is_refused_in_the_writers_layout() -> None:
    line = '{"id": "e1", "title": "Talks", "when": "2017", "place": {"name": "a", "name": "b"}}'
    text = '{"format": "geotimeline", "version": 1, "events": [\n' + line + "\n]}"
    assert _written_lines.written_fields([line]) is not None
    with pytest.raises(FormatError, match=r"line 2.*'name' twice"):
        native.loads(text, "t.json")


def test_batches_take_the_usual_events_and_leave_the_others() -> None:
    usual = {"id": "e1", "title": "Talks in Astana", "when": "2017-01-23", "actors": ["Iran"]}
    sourced = _written(Event(title="Strike", when="2017-04-07", sources=[Source("Reuters")]))
    untidy = dict(usual, id="e2", title=" Talks  in\tAstana ")
    made = _event_json.Structurer("<test>").usual_events([usual, sourced, untidy])
    assert made is not None
    first, second, third = made
    assert second is None  # sources: the usual route's
    assert first == Event(**usual)
    assert third is not None
    assert third.title == "Talks in Astana"
    # An id to make or to compose is the post-init check's: the batch leaves it to it.
    assert _event_json.Structurer("<test>").usual_events([dict(usual, id="")]) is None


def test_full_caches_start_again_rather_than_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_event_json, "_CACHE_SIZE", 2)
    dates = ["2001", "2001", "2002", "2003", "2003", "2004", "2004"]
    timeline = Timeline(
        Event(id=f"e{n}", title="x", when=date, actors=[date]) for n, date in enumerate(dates)
    )
    loaded = native.loads(native.dumps(timeline))
    assert loaded == timeline
    events = list(loaded)
    # Dates met after the cache filled (2003, 2004) are still shared by the events that follow.
    assert events[3].when is events[4].when
    assert events[5].when is events[6].when
    assert events[5].actors is events[6].actors


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(st.lists(events(wide_whens()), unique_by=lambda event: event.id, max_size=6))
def test_years_outside_1_to_9999_round_trip_and_follow_the_schema(batch: list[Event]) -> None:
    timeline = Timeline(batch)
    document = native.dumps(timeline)
    jsonschema.validate(json.loads(document), SCHEMA)
    assert native.loads(document) == timeline


def test_an_event_before_year_1_has_an_id_that_starts_with_a_letter() -> None:
    assert Event(title="Ides of March", when="-0043-03-15").id == "Y-0043-03-15-ides-of-march"


def _structured(structurer: _event_json.Structurer, raw: dict[str, Any]) -> object:
    """The event ``raw`` gives, or the reason it is refused."""
    try:
        return structurer.event(raw, lambda: "event")
    except FormatError as error:
        return error.reason


# Few values, so that a batch often holds two that are equal but of different types.
_ONE = st.sampled_from([True, 1, 1.0])
_LOOK_ALIKE_EVENTS = st.fixed_dictionaries(
    {"id": st.just("e"), "title": st.just("Talks"), "when": st.just("2017-01-23")},
    optional={
        "place": st.fixed_dictionaries(
            {"name": st.just("Astana"), "latitude": _ONE, "longitude": st.just(2)},
            optional={"country": look_alike_values},
        ),
        "actors": st.lists(_ONE, max_size=1),
        "tags": st.lists(_ONE, max_size=1),
    },
)


@given(raws=st.lists(_LOOK_ALIKE_EVENTS, max_size=8))
def test_the_readers_caches_answer_as_a_fresh_reader(raws: list[dict[str, Any]]) -> None:
    # True == 1 and they hash alike: a cache keyed on values alone once let a place with
    # latitude true through after an identical one with latitude 1.
    shared = _event_json.Structurer("<test>")
    for raw in raws:
        assert _structured(shared, raw) == _structured(_event_json.Structurer("<test>"), raw)


def test_a_bool_coordinate_is_refused_after_an_equal_number() -> None:
    place = {"name": "Astana", "latitude": 1, "longitude": 2}
    events = [
        {"id": "a", "title": "A", "when": "2000", "place": place},
        {"id": "b", "title": "B", "when": "2000", "place": dict(place, latitude=True)},
    ]
    document = {"format": "geotimeline", "version": 1, "events": events}
    with pytest.raises(FormatError, match=r"event 2 \('b'\): place.latitude"):
        native.loads(json.dumps(document))


@pytest.mark.parametrize("version", [True, False, 1.0, "1", None, [1]])
def test_a_version_that_is_not_the_integer_1_is_refused(version: object) -> None:
    # true == 1 and 1.0 == 1 to Python; a version is the integer 1 only.
    document = {"format": "geotimeline", "version": version, "events": []}
    with pytest.raises(FormatError, match=r"version: .* is not supported \(only 1\)"):
        native.loads(json.dumps(document))


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(timeline=timelines(), edit=huge_value_edits)
def test_a_megabyte_anywhere_gives_a_short_message(timeline: Timeline, edit: HugeValueEdit) -> None:
    document = with_a_huge_value(json.loads(native.dumps(timeline)), edit)
    message = ""
    try:
        native.loads(json.dumps(document))
    except GeotimelineError as error:
        message = str(error)
    assert len(message) < 1000, message[:1000]


@pytest.mark.parametrize(
    "extra", [{"k" * 1_000_000: 1}, {f"field{number}": 1 for number in range(10_000)}]
)
def test_unknown_fields_are_named_briefly(extra: dict[str, int]) -> None:
    document = {"format": "geotimeline", "version": 1, "events": []} | extra
    with pytest.raises(FormatError, match="has unknown fields: ") as raised:
        native.loads(json.dumps(document))
    assert len(str(raised.value)) < 1000
