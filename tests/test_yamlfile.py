"""Hand-written YAML timelines: friendly input, exact round trips, safe loading, clear errors."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import (
    Event,
    FormatError,
    GeotimelineError,
    Link,
    Place,
    Source,
    Timeline,
    When,
    diff,
)
from geotimeline.io import yamlfile
from tests.strategies import events, wide_whens

EXAMPLE = Path(__file__).parent.parent / "examples" / "custom-timeline.yaml"


def timelines() -> st.SearchStrategy[Timeline]:
    return st.builds(
        Timeline,
        st.lists(events(), unique_by=lambda event: event.id, max_size=4),
        title=st.none() | st.text(),
        description=st.none() | st.text(),
    )


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(timelines())
def test_dumps_then_loads_gives_the_same_timeline(timeline: Timeline) -> None:
    assert yamlfile.loads(yamlfile.dumps(timeline)) == timeline


def test_save_then_load(tmp_path: Path) -> None:
    timeline = yamlfile.load(EXAMPLE)
    path = tmp_path / "timeline.yaml"
    yamlfile.save(timeline, path)
    assert yamlfile.load(path) == timeline
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline.yaml"]


def test_the_example_file_loads_with_every_kind_of_field() -> None:
    timeline = yamlfile.load(EXAMPLE)
    assert timeline.title
    assert len(timeline) >= 8
    events = list(timeline)
    assert any(event.when.is_interval for event in events)
    assert any(event.place is not None and event.place.coordinates for event in events)
    assert any(event.links for event in events)
    assert all(event.sources for event in events)
    # Every link points at an event of the same file.
    targets = {link.target for event in events for link in event.links}
    assert targets <= set(timeline.ids())


def test_friendly_forms() -> None:
    timeline = yamlfile.loads(
        """
title: Friendly
reference: 2017-11-13
events:
  - title: Trump and Putin talk at Da Nang
    when: Saturday
    actors: Russia
    place: Da Nang
    tags: Syria
    sources:
      - https://www.reuters.com/article/x
      - The Atlantic
      - {outlet: AP, published: 2017-11-11, quote: "they met"}
  - title: A ceasefire
    when: this summer
    place: {name: Daraa, country: Syria, latitude: 32.6, longitude: 36.1}
    links: [{relation: part-of, target: war}]
  - id: war
    title: War in Syria
    when: 2011-03/..
    place: SY
    metadata: {count: 3}
  - title: Norway
    when: 2014
    place: {name: Oslo, country: NO}
"""
    )
    talk = timeline["2017-11-11-trump-and-putin-talk-at-da-nang"]
    assert talk.actors == ("Russia",)
    assert talk.tags == ("syria",)
    # A bare city name is geocoded, as in every reader (see test_places_on_load.py).
    assert talk.place is not None
    assert (talk.place.name, talk.place.country, talk.place.geocoded) == ("Da Nang", "VN", True)
    assert talk.sources == (
        Source("reuters.com", url="https://www.reuters.com/article/x"),
        Source("The Atlantic"),
        Source("AP", published="2017-11-11", quote="they met"),
    )
    ceasefire = timeline["2017-22-a-ceasefire"]
    assert ceasefire.place == Place("Daraa", country="SY", latitude=32.6, longitude=36.1)
    assert ceasefire.links == (Link("part-of", "war"),)
    assert timeline["war"].place == Place("Syria", country="SY")
    assert timeline["war"].metadata == {"count": 3}
    # YAML 1.1 would read NO as false, and 2014 as a number; neither happens here.
    oslo = timeline["2014-norway"].place
    assert oslo is not None
    assert (oslo.name, oslo.country, oslo.geocoded) == ("Oslo", "NO", True)


def test_the_writer_uses_short_forms_only_when_they_read_back() -> None:
    timeline = Timeline(
        [
            Event(
                title="a",
                when="2014",
                place=Place("Syria", region="Idlib"),
                sources=[Source("https://x.org")],
            ),
            Event(title="b", when="2015", place=Place("Syria", country="SY")),
            Event(id="b-custom", title="b", when="2016", place="Air Force One"),
            Event(title="c", when="2017", place="Homs"),
        ]
    )
    text = yamlfile.dumps(timeline)
    assert "place:\n    name: Syria\n    country: SY\n    region: Idlib\n" in text
    assert "place: Syria\n" in text
    assert "place: Air Force One\n" in text
    # A geocoded place is written in full: it reads back the same without the gazetteer too.
    assert "name: Homs\n    country: SY\n" in text
    assert "geocoded: true\n" in text
    assert "id: b-custom" in text
    assert "id: 2014-a\n" in text  # every id is written, even one the title and date make
    assert yamlfile.loads(text) == timeline


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
@given(timelines())
def test_every_event_is_written_with_its_id(timeline: Timeline) -> None:
    import yaml

    # BaseLoader reads every value as text, as the ids are.
    document = yaml.load(yamlfile.dumps(timeline), Loader=yaml.BaseLoader) or {}
    assert [raw["id"] for raw in document.get("events", [])] == [event.id for event in timeline]


def test_an_edited_date_keeps_the_event_and_its_links(tmp_path: Path) -> None:
    before = Timeline(
        [
            Event(title="Ceasefire in south-western Syria", when="2017-07-07"),
            Event(
                title="Trump and Putin back the ceasefire",
                when="2017-11-11",
                links=[Link("responds-to", "2017-07-07-ceasefire-in-south-western-syria")],
            ),
        ]
    )
    path = tmp_path / "syria.yaml"
    yamlfile.save(before, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("when: 2017-07-07", "when: 2017-07-09"), encoding="utf-8")
    after = yamlfile.load(path)
    moved = after["2017-07-07-ceasefire-in-south-western-syria"]
    assert moved.when == When.parse("2017-07-09")
    assert {link.target for event in after for link in event.links} <= set(after.ids())
    change = diff(before, after)
    assert (change.added, change.removed) == ((), ())
    assert [(field.field, str(field.new)) for field in change.changed[0].fields] == [
        ("when", "2017-07-09")
    ]


def test_a_file_written_before_ids_kept_other_scripts_keeps_its_links() -> None:
    # Earlier versions left out ids that the date and title make, and made them from Latin
    # letters only: this event was "2017-11-13", and the link names it so.
    timeline = yamlfile.loads(
        """
events:
  - {title: Путин встречается с Эрдоганом в Сочи, when: 2017-11-13}
  - title: Заявление Кремля
    when: 2017-11-14
    links: [{relation: responds-to, target: 2017-11-13}]
  - {title: 中俄联合声明, when: 2017-11-14}
"""
    )
    assert set(timeline.ids()) == {
        "2017-11-13",
        "2017-11-14-заявление-кремля",
        "2017-11-14-中俄联合声明",
    }
    again = yamlfile.loads(yamlfile.dumps(timeline))
    assert again == timeline


def test_titles_in_other_scripts_on_one_day_round_trip() -> None:
    timeline = Timeline(
        [
            Event(title="Путин встречается с Эрдоганом", when="2017-11-13"),
            Event(title="中俄联合声明", when="2017-11-13"),
            Event(title="Συνάντηση στο Σότσι", when="2017-11-13"),
        ]
    )
    text = yamlfile.dumps(timeline)
    assert "id: 2017-11-13-中俄联合声明\n" in text
    assert yamlfile.loads(text) == timeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("events: [\n", "<string>, line 2, column 1: is not valid YAML"),
        ("- a\n- b", "<string>, line 1: must be a mapping"),
        ("title: [1]", "<string>, line 1, title: must be text"),
        ("titel: x", "<string>, line 1: unknown field 'titel'"),
        ("events: 3", "<string>, line 1, events: must be a list of events"),
        ("reference: someday", "<string>, line 1, reference:"),
        ("events:\n  - 3", "<string>, event 1: must be a mapping"),
        ("events:\n  - title: x", "<string>, line 2, event 1, when: None is required"),
        ("events:\n  - when: 2014", "<string>, line 2, event 1, title: is required"),
        (
            "events:\n  - title: x\n    when: 2014-13",
            "<string>, line 3, event 1, when: '2014-13': month 13 is out of range",
        ),
        (
            "events:\n  - id: a\n    title: x\n    when: 2014\n    tags: [[1]]",
            "<string>, line 5, event 1 ('a'), tags:",
        ),
        (
            "events:\n  - title: x\n    when: 2014\n    place:\n      name: P\n      latitude: n",
            "<string>, line 6, event 1, place, latitude:",
        ),
        (
            "events:\n  - title: x\n    when: 2014\n    place: {name: P, elevation: 3}",
            "<string>, line 4, event 1, place: unknown field 'elevation'",
        ),
        (
            "events:\n  - title: x\n    when: 2014\n    sources:\n      - {outlet: A, url: ftp://x}",
            "<string>, line 5, event 1, source, url:",
        ),
        (
            "events:\n  - title: x\n    when: 2014\n    sources: https://x.org",
            "<string>, line 4, event 1, sources: must be a list",
        ),
        (
            "events:\n  - title: x\n    when: 2014\n    links: [{relation: likes, target: y}]",
            "<string>, line 4, event 1, link, relation:",
        ),
        (
            "events:\n  - {title: x, when: 2014}\n  - {title: x, when: 2014}",
            "<string>, events: an event with id '2014-x' is already in the timeline",
        ),
        ("a: 1\n---\nb: 2", "<string>, line 2, column 1: is not valid YAML"),
        ("events: !!python/object:os.system {}", "could not determine a constructor"),
        ("events: !!python/name:os.system ''", "could not determine a constructor"),
        ("a: &a [*a]", "line 1"),
    ],
)
def test_bad_documents_raise_a_format_error_saying_where(text: str, expected: str) -> None:
    with pytest.raises(FormatError) as caught:
        yamlfile.loads(text)
    assert expected in str(caught.value)


def test_python_tags_are_refused_without_running_anything(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"events: !!python/object/apply:os.system ['touch {marker}']"
    with pytest.raises(FormatError, match="could not determine a constructor"):
        yamlfile.loads(text)
    assert not marker.exists()


def test_an_alias_bomb_fails_fast() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    # Refused as it is read, from the sizes of the values aliased: walking it would take hours.
    with pytest.raises(FormatError, match="expands to more than 10,000,000 values and characters"):
        yamlfile.loads("\n".join(lines))


def test_a_long_document_may_alias_one_value_many_times() -> None:
    first = "  - {title: event 0, when: 2014, sources: &sources [https://www.reuters.com/]}"
    others = (f"  - {{title: event {n}, when: 2014, sources: *sources}}" for n in range(1, 3000))
    timeline = yamlfile.loads("\n".join(["events:", first, *others]))
    assert len(timeline) == 3000
    assert timeline.last.sources == timeline.first.sources  # type: ignore[union-attr]


def test_reasonable_aliases_are_read() -> None:
    text = """
events:
  - &crimea {title: Crimea annexed, when: 2014-03-18, place: {name: Crimea, country: UA}}
  - {title: Crimea referendum, when: 2014-03-16, place: {name: Crimea, country: UA}}
"""
    assert len(yamlfile.loads(text)) == 2


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot be read"):
        yamlfile.load(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"title: \xff")
    with pytest.raises(FormatError, match=r"bad\.yaml"):
        yamlfile.load(bad)


def test_a_failed_save_keeps_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "timeline.yaml"
    path.write_text("old")
    with pytest.raises(AttributeError):
        yamlfile.save("not a timeline", path)  # type: ignore[arg-type]
    assert path.read_text() == "old"


def test_an_empty_document_is_an_empty_timeline() -> None:
    assert yamlfile.loads("") == Timeline()
    assert yamlfile.loads("events: []\n") == Timeline()


@given(st.text(max_size=200))
def test_any_text_loads_or_fails_with_a_geotimeline_error(text: str) -> None:
    with contextlib.suppress(GeotimelineError):
        yamlfile.loads(text)


def test_the_format_modules_import_yaml_and_pandas_only_when_used() -> None:
    code = (
        "import sys, geotimeline, geotimeline.io.yamlfile, geotimeline.io.csvfile, "
        "geotimeline.io.dataframe; print(sorted({'yaml', 'pandas', 'numpy'} & set(sys.modules)))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "[]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Found by the fuzzing campaign: ValueError escaped from PyYAML's scanner and constructor.
        ('title: "\\U11111111"\n', "line 1, column 11: is not valid YAML"),
        ("events: [{title: x, when: 2014, metadata: {n: 0x_}}]", "'0x_' is not a number"),
        (
            "events: [{title: x, when: 2014, metadata: {n: " + "1" * 5000 + "}}]",
            "line 1, column 47: is not valid YAML: is a number longer than 4,300 characters",
        ),
        # A field given twice would lose one of its values.
        (
            "title: a\ntitle: b\n",
            "line 2, column 1: is not valid YAML: gives the key 'title' twice",
        ),
        ("events: [{title: x, when: 2014, title: y}]", "gives the key 'title' twice"),
    ],
)
def test_hostile_documents_are_format_errors(text: str, expected: str) -> None:
    with pytest.raises(FormatError) as caught:
        yamlfile.loads(text)
    assert expected in str(caught.value)


def test_a_merge_key_is_not_a_repeated_key() -> None:
    timeline = yamlfile.loads("events: [{<<: {title: x}, when: 2014}]")
    assert [event.title for event in timeline] == ["x"]


# -- dates as written ---------------------------------------------------------------------


def one_event(when: str, extra: str = "") -> str:
    return f"events:\n  - title: x\n    when: {when}\n{extra}"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2014", "2014"),  # an integer to YAML 1.1, a year here
        ("0700", "0700"),  # the octal 448 to YAML 1.1
        ("-0499", "-0499"),
        ("2014-03-18", "2014-03-18"),  # a timestamp to YAML 1.1, which would lose nothing here
        ("2014-03-18T09:30:00+07:00", "2014-03-18T09:30:00+07:00"),
        ("'2014'", "2014"),
    ],
)
def test_a_date_field_is_read_as_the_text_written(written: str, expected: str) -> None:
    assert str(yamlfile.loads(one_event(written)).first.when) == expected  # type: ignore[union-attr]


@pytest.mark.parametrize("written", ["0x7DE", "0o3736", "2014.5", "1_000", "1:30", ".inf"])
def test_a_number_that_is_not_a_date_is_refused_as_written(written: str) -> None:
    # YAML 1.1 reads 0x7DE as 2014 and 1:30 as 90: the field is refused with the text written.
    with pytest.raises(FormatError, match=f"line 3, event 1, when: '{re.escape(written)}'"):
        yamlfile.loads(one_event(written))


def test_every_date_field_keeps_its_text_and_metadata_keeps_its_numbers() -> None:
    text = "reference: 2017\n" + one_event(
        "this summer", "    sources: [{outlet: AP, published: 0700}]\n    metadata: {when: 0x10}\n"
    )
    event = yamlfile.loads(text).first
    assert event is not None
    assert str(event.when) == "2017-22"
    assert str(event.sources[0].published) == "0700"
    assert event.metadata == {"when": 16}


def test_a_number_aliased_into_a_date_field_is_refused() -> None:
    # The alias brings the integer 2014 the metadata holds, not the text written.
    text = "events:\n  - title: x\n    metadata: {year: &year 0x7DE}\n    when: *year\n"
    with pytest.raises(FormatError, match=r"line 4, event 1, when: 2014 is not a date \(text\)"):
        yamlfile.loads(text)
    with pytest.raises(FormatError, match=r"line 3, event 1, when: 2014 is not a date"):
        yamlfile.loads(one_event("!!int 2014"))
    # A date field's own anchor holds its text.
    text = "reference: &year 2017\n" + one_event("*year")
    assert str(yamlfile.loads(text).first.when) == "2017"  # type: ignore[union-attr]


@settings(max_examples=200)
@given(wide_whens())
def test_any_date_written_unquoted_reads_back_as_the_same_when(when: When) -> None:
    for written in (str(when), f"'{when}'"):
        assert yamlfile.loads(one_event(written)).first.when == when  # type: ignore[union-attr]


def test_a_reference_with_an_offset_is_read_in_its_own_day() -> None:
    # 23:30 at UTC-5 on Saturday 8 July 2017 is already Sunday in UTC.
    text = """
reference: 2017-07-08T23:30:00-05:00
events:
  - {title: a, when: today}
  - {title: b, when: Sunday}
  - {title: c, when: yesterday}
"""
    whens = {event.title: str(event.when) for event in yamlfile.loads(text)}
    assert whens == {"a": "2017-07-08", "b": "2017-07-02", "c": "2017-07-07"}


# -- numbers ------------------------------------------------------------------------------


big_integers = st.integers(0, 13_000).flatmap(
    lambda bits: st.sampled_from([2**bits - 1, -(2**bits) + 1, 10 ** (bits * 3 // 10)])
)


@settings(max_examples=100)
@given(big_integers)
def test_any_integer_an_event_holds_in_its_metadata_round_trips(number: int) -> None:
    timeline = Timeline([Event(title="x", when="2014", metadata={"n": number, "list": [number]})])
    assert yamlfile.loads(yamlfile.dumps(timeline)) == timeline


def test_without_libyaml_pyyamls_own_parser_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    yaml = pytest.importorskip("yaml")
    text = EXAMPLE.read_text(encoding="utf-8")
    with_libyaml = yamlfile.loads(text)
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    assert yamlfile.loads(text) == with_libyaml
    with pytest.raises(FormatError, match=r"line 1, column 65: .* deeper than 64 levels"):
        yamlfile.loads("[" * 100_000)
    with pytest.raises(FormatError, match="line 3, event 1, when: '0x7DE'"):
        yamlfile.loads(one_event("0x7DE"))
