"""vis-timeline export: the documented item, group and option fields, ranges over the extent
a date's precision says, the classes, the groups, and escaping."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import Event, InvalidFieldError, Place, Timeline, examples, io
from geotimeline.io import vistimeline
from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment, Precision, Unbounded, When
from tests.strategies import events, html_texts, wide_whens

# The fields vis-timeline documents, taken from its own sources (github.com/visjs/vis-timeline):
# items and groups from docs/timeline/index.html ("Items", "Groups": the tables of their
# properties) and types/index.d.ts (DataItem, DataGroup, TimelineItemType); the group's
# ``order`` from the ``groupOrder`` option ("By default, groups are ordered by a property
# order"); the ``xss`` option (``disabled``, ``filterOptions``) from the TimelineXSSProtection
# option of its declarations. Our writer uses a subset; the schema allows only documented names.
ISO_INSTANT = r"^([+-][0-9]{6}|[0-9]{4})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$"
ITEM = {
    "type": "object",
    "required": ["content", "start"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": ["string", "number"]},
        "content": {"type": "string"},
        "start": {"type": "string", "pattern": ISO_INSTANT},
        "end": {"type": "string", "pattern": ISO_INSTANT},
        "type": {"enum": ["box", "point", "range", "background"]},
        "group": {"type": ["string", "number"]},
        "subgroup": {"type": ["string", "number"]},
        "className": {"type": "string"},
        "title": {"type": "string"},
        "style": {"type": "string"},
        "align": {"enum": ["auto", "center", "left", "right"]},
        "selectable": {"type": "boolean"},
        "editable": {"type": ["boolean", "object"]},
        "limitSize": {"type": "boolean"},
    },
    # "Types 'box' and 'point' need a start date, the types 'range' and 'background' needs
    # both a start and end date."
    "if": {"properties": {"type": {"enum": ["range", "background"]}}},
    "then": {"required": ["end"]},
    "else": {"not": {"required": ["end"]}},
}
GROUP = {
    "type": "object",
    "required": ["id", "content"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": ["string", "number"]},
        "content": {"type": "string"},
        "order": {"type": "integer"},
        "className": {"type": "string"},
        "style": {"type": "string"},
        "title": {"type": "string"},
        "visible": {"type": "boolean"},
        "nestedGroups": {"type": "array", "items": {"type": ["string", "number"]}},
        "showNested": {"type": "boolean"},
        "subgroupOrder": {"type": "string"},
        "subgroupStack": {"type": ["boolean", "object"]},
        "subgroupVisibility": {"type": "object"},
    },
}
OPTIONS = {
    "type": "object",
    "properties": {
        "groupOrder": {"type": "string"},
        "xss": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"disabled": {"type": "boolean"}, "filterOptions": {"type": "object"}},
        },
    },
}
# Our document: what a page passes to new vis.Timeline(container, items, groups, options).
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["items", "groups", "options"],
    "additionalProperties": False,
    "properties": {
        "items": {"type": "array", "items": ITEM},
        "groups": {"oneOf": [{"type": "null"}, {"type": "array", "items": GROUP}]},
        "options": OPTIONS,
    },
}
GROUPINGS = [None, "actor", "country", "tag"]
TODAY = dt.date(2020, 6, 15)
PRECISION_CLASSES = {f"gt-{precision.name.lower()}" for precision in Precision}


def exported(timeline: Timeline, **options: Any) -> dict[str, Any]:
    """The document as a page reads it: the JSON text parsed, and checked against SCHEMA."""
    document: dict[str, Any] = json.loads(vistimeline.dumps(timeline, **options))
    jsonschema.validate(document, SCHEMA)
    return document


def microseconds(instant: str) -> int:
    """An ISO instant as written by the export, read back with a regular expression."""
    match = re.fullmatch(
        r"([+-]?[0-9]+)-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3})Z",
        instant,
    )
    assert match is not None, instant
    year, month, day, hour, minute, second, millisecond = map(int, match.groups())
    clock = ((hour * 60 + minute) * 60 + second) * cal.US_PER_SECOND + millisecond * 1000
    return cal.day_start(year, month, day) + clock


def event_of(item: dict[str, Any]) -> str:
    return str(item["id"]).split("#", 1)[0]


def one_item(when: str, **fields: Any) -> dict[str, Any]:
    items: list[dict[str, Any]] = exported(
        Timeline([Event(title="Talks", when=when, **fields)]), today=TODAY
    )["items"]
    assert len(items) == 1
    return items[0]


timelines = st.lists(events(), unique_by=lambda event: event.id, max_size=6).map(Timeline)


# -- examples ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "kind", "start", "end", "classes"),
    [
        ("2014-03-18", "box", "2014-03-18T00:00:00.000Z", None, "gt-day"),
        ("2014-03-18T10Z", "box", "2014-03-18T10:00:00.000Z", None, "gt-hour"),
        ("2014-03-18T10:15:30+02:00", "point", "2014-03-18T08:15:30.000Z", None, "gt-second"),
        ("2014-03", "range", "2014-03-01T00:00:00.000Z", "2014-04-01T00:00:00.000Z", "gt-month"),
        ("2017-22", "range", "2017-06-01T00:00:00.000Z", "2017-09-01T00:00:00.000Z", "gt-season"),
        ("2014", "range", "2014-01-01T00:00:00.000Z", "2015-01-01T00:00:00.000Z", "gt-year"),
        ("201X", "range", "2010-01-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z", "gt-decade"),
        ("2014~", "range", "2014-01-01T00:00:00.000Z", "2015-01-01T00:00:00.000Z",
         "gt-year gt-approximate"),
        ("2014-03-18?", "box", "2014-03-18T00:00:00.000Z", None, "gt-day gt-uncertain"),
        ("2014/2015-03", "range", "2014-01-01T00:00:00.000Z", "2015-04-01T00:00:00.000Z",
         "gt-year"),
        ("2014-04/..", "range", "2014-04-01T00:00:00.000Z", "2020-06-16T00:00:00.000Z",
         "gt-month gt-open"),
        ("2014-04/", "range", "2014-04-01T00:00:00.000Z", "2014-05-01T00:00:00.000Z",
         "gt-month gt-unknown-end"),
        ("../2014-03-18", "range", "2014-03-18T00:00:00.000Z", "2014-03-19T00:00:00.000Z",
         "gt-day gt-open-start"),
        ("/2014", "range", "2014-01-01T00:00:00.000Z", "2015-01-01T00:00:00.000Z",
         "gt-year gt-unknown-start"),
        ("2030/..", "range", "2030-01-01T00:00:00.000Z", "2031-01-01T00:00:00.000Z",
         "gt-year gt-open"),
        ("-0499", "range", "-000499-01-01T00:00:00.000Z", "-000498-01-01T00:00:00.000Z",
         "gt-year"),
    ],
)  # fmt: skip
def test_each_kind_of_date_is_drawn_as_its_precision_says(
    when: str, kind: str, start: str, end: str | None, classes: str
) -> None:
    item = one_item(when)
    assert (item["type"], item["start"], item.get("end"), item["className"]) == (
        kind,
        start,
        end,
        classes,
    )


def test_the_tooltip_gives_the_title_the_date_in_words_and_its_precision() -> None:
    item = one_item("2017-22", place="Syria")
    assert item["title"] == "Talks<br>summer 2017, known to the season"
    assert item["content"] == "Talks"


def test_an_era_is_a_background_item_in_no_group() -> None:
    era = Event(title="Cold War", when="1947/1991", actors=["USSR"], metadata={"type": "era"})
    talks = Event(title="Talks", when="1985-11-19", actors=["USSR", "United States"])
    document = exported(Timeline([era, talks]), group_by="actor")
    background = document["items"][0]
    assert background["type"] == "background"
    assert "group" not in background
    assert background["className"] == "gt-year gt-era"
    assert [group["id"] for group in document["groups"]] == ["actor:United States", "actor:USSR"]


def test_an_event_with_two_actors_is_an_item_in_each_of_their_rows() -> None:
    talks = Event(title="Talks", when="2017-11-11", actors=["Putin", "Trump"])
    alone = Event(title="Speech", when="2017-11-12", actors=["Trump"])
    nobody = Event(title="Storm", when="2017-11-13")
    document = exported(Timeline([talks, alone, nobody]), group_by="actor")
    assert [(item["id"], item["group"]) for item in document["items"]] == [
        ("2017-11-11-talks#Putin", "actor:Putin"),
        ("2017-11-11-talks#Trump", "actor:Trump"),
        ("2017-11-12-speech", "actor:Trump"),
        ("2017-11-13-storm", "no-actor"),
    ]
    assert document["groups"] == [
        {"id": "actor:Putin", "content": "Putin", "order": 0},
        {"id": "actor:Trump", "content": "Trump", "order": 1},
        {"id": "no-actor", "content": "(no actor)", "order": 2},
    ]


def test_groups_come_in_alphabetical_order_case_and_accents_aside() -> None:
    names = ["Zelensky", "erdoğan", "Erdogan", "Abe", "Élysée"]
    timeline = Timeline(
        [Event(title=f"Talks {n}", when="2019", actors=[name]) for n, name in enumerate(names)]
    )
    shown = [group["content"] for group in exported(timeline, group_by="actor")["groups"]]
    assert shown == ["Abe", "Élysée", "Erdogan", "erdoğan", "Zelensky"]
    assert shown == list(timeline.group_by("actor"))


def test_countries_are_named_and_ordered_by_their_english_names() -> None:
    timeline = Timeline(
        [
            Event(title="Talks", when="2017", place=Place("Sochi", country="RU")),
            Event(title="Strike", when="2017", place=Place("Shayrat", country="SY")),
            Event(title="Summit", when="2017", place=Place("Hamburg", country="DE")),
        ]
    )
    groups = exported(timeline, group_by="country")["groups"]
    assert [(group["id"], group["content"]) for group in groups] == [
        ("country:DE", "Germany"),
        ("country:RU", "Russia"),
        ("country:SY", "Syria"),
    ]


def test_without_grouping_there_are_no_groups_at_all() -> None:
    # vis-timeline given a list of groups, even an empty one, hides the items in none of them.
    document = exported(Timeline([Event(title="Talks", when="2017", actors=["Putin"])]))
    assert document["groups"] is None
    assert "group" not in document["items"][0]
    assert vistimeline.groups(Timeline(), group_by=None) == []


def test_an_open_end_reaches_the_export_day_by_default() -> None:
    before = dt.datetime.now(dt.UTC).date()
    item = vistimeline.items(Timeline([Event(title="Talks", when="2014-04/..")]))[0]
    after = dt.datetime.now(dt.UTC).date()
    ends = {
        vistimeline.iso_instant(cal.day_start(day.year, day.month, day.day) + cal.US_PER_DAY)
        for day in (before, after)
    }
    assert item["end"] in ends


def test_today_may_be_a_date_time() -> None:
    at_noon = dt.datetime(2020, 6, 15, 12, tzinfo=dt.UTC)
    timeline = Timeline([Event(title="Talks", when="2014-04/..")])
    assert vistimeline.items(timeline, today=at_noon) == vistimeline.items(timeline, today=TODAY)


@pytest.mark.parametrize(
    ("options", "field"),
    [({"group_by": "place"}, "group_by"), ({"today": "2020-01-01"}, "today")],
)
def test_bad_options_are_refused_naming_them(options: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidFieldError) as caught:
        vistimeline.dumps(Timeline([Event(title="Talks", when="2017")]), **options)
    assert caught.value.field == field


def test_the_seed_timeline_in_every_grouping() -> None:
    seed = examples.load("seed")
    for group_by in GROUPINGS:
        document = exported(seed, group_by=group_by, today=dt.date(2017, 12, 31))
        assert list(dict.fromkeys(map(event_of, document["items"]))) == [e.id for e in seed]
        if group_by is None:
            assert len(document["items"]) == len(seed) == 23
    by_actor = exported(seed, group_by="actor", today=dt.date(2017, 12, 31))
    rows = {group["id"]: group["content"] for group in by_actor["groups"]}
    assert rows["actor:Vladimir Putin"] == "Vladimir Putin"
    donbas = [item for item in by_actor["items"] if item["id"].startswith("2014-04-war-in-donbas")]
    assert {item["end"] for item in donbas} == {"2018-01-01T00:00:00.000Z"}
    assert all("gt-open" in item["className"].split() for item in donbas)


def test_it_is_a_format_saved_by_its_file_name(tmp_path: Path) -> None:
    timeline = Timeline([Event(title="Talks", when="2017-11-11")])
    path = tmp_path / "talks.vis.json"
    io.save(timeline, path)
    assert io.format_for(path).name == "vis-timeline"
    assert io.format_for(tmp_path / "talks.json").name == "native"
    assert path.read_text(encoding="utf-8") == vistimeline.dumps(timeline)
    with pytest.raises(io.FormatError, match="writes vis-timeline but cannot read it"):
        io.load(path)


# -- properties ---------------------------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(timelines, st.sampled_from(GROUPINGS))
def test_every_event_is_an_item_once_in_each_of_its_groups_in_timeline_order(
    timeline: Timeline, group_by: str | None
) -> None:
    document = exported(timeline, group_by=group_by, today=TODAY)
    found = document["items"]
    assert len({item["id"] for item in found}) == len(found)
    # Items come in timeline order: an event's items together, events as the timeline has them.
    order = [event_of(item) for item in found]
    assert list(dict.fromkeys(order)) == [event.id for event in timeline]
    assert order == sorted(order, key=[event.id for event in timeline].index)
    groups = document["groups"] or []
    assert [group["order"] for group in groups] == list(range(len(groups)))
    known = {group["id"] for group in groups}
    for event in timeline:
        rows = [item.get("group") for item in found if event_of(item) == event.id]
        assert rows == [None] if group_by is None else rows == _rows_of(event, group_by)
        assert set(rows) <= known | {None}


def _rows_of(event: Event, group_by: str) -> list[str]:
    country = event.place.country if event.place is not None else None
    values = {
        "actor": list(event.actors),
        "tag": list(event.tags),
        "country": [country] if country is not None else [],
    }[group_by]
    return [f"{group_by}:{value}" for value in values] or [f"no-{group_by}"]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=120)
@given(wide_whens(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 30)))
def test_a_range_covers_the_extent_its_precision_says(when: When, today: dt.date) -> None:
    item = vistimeline.items(Timeline([Event(title="Talks", when=when)]), today=today)[0]
    jsonschema.validate(item, ITEM)
    start, end = when.start, when.end
    classes = item["className"].split()
    assert len(set(classes) & PRECISION_CLASSES) == 1
    assert f"gt-{when.precision.name.lower()}" in classes
    qualified = [bound for bound in (start, end) if isinstance(bound, Moment)]
    assert ("gt-uncertain" in classes) == any(bound.uncertain for bound in qualified)
    assert ("gt-approximate" in classes) == any(bound.approximate for bound in qualified)
    first = microseconds(item["start"])
    if item["type"] in ("box", "point"):
        assert isinstance(start, Moment)
        assert not when.is_interval
        assert start.precision >= Precision.DAY
        assert (item["type"] == "point") == (start.precision is Precision.SECOND)
        assert start.earliest_us - 1000 < first <= start.earliest_us
        return
    known_start = start if isinstance(start, Moment) else end
    known_end = end if isinstance(end, Moment) else start
    assert isinstance(known_start, Moment)
    assert isinstance(known_end, Moment)
    last = microseconds(item["end"])
    # The range starts at the first instant the known start could be (to the millisecond)...
    assert known_start.earliest_us - 1000 < first <= known_start.earliest_us
    midnight_after = cal.day_start(today.year, today.month, today.day) + cal.US_PER_DAY
    # ... and ends just after the last instant of the known end, or at it for an exact end;
    # an open end goes on to the end of today, if that is later.
    assert last >= known_end.latest_us - 1000
    if end is Unbounded.OPEN:
        assert "gt-open" in classes
        assert last >= midnight_after
        assert last == midnight_after or last <= known_end.latest_us + 1
    else:
        assert "gt-open" not in classes
        assert last <= known_end.latest_us + 1
    assert ("gt-unknown-end" in classes) == (end is Unbounded.UNKNOWN)
    assert ("gt-open-start" in classes) == (start is Unbounded.OPEN)
    assert ("gt-unknown-start" in classes) == (start is Unbounded.UNKNOWN)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=100)
@given(html_texts().filter(str.strip), html_texts().filter(str.strip), st.sampled_from(GROUPINGS))
def test_no_text_runs_as_markup(title: str, name: str, group_by: str | None) -> None:
    event = Event(title=title, when="2017", actors=[name], tags=[name])
    timeline = Timeline([event])
    text = vistimeline.dumps(timeline, group_by=group_by, today=TODAY)
    # Nothing can close the <script> element the document goes in, nor open a tag.
    assert "<" not in text
    assert ">" not in text
    document = json.loads(text)
    for item in document["items"]:
        assert "<" not in item["content"]
        assert html.unescape(item["content"]) == event.title
        shown_title, words = item["title"].split("<br>")
        assert "<" not in shown_title + words
        assert html.unescape(shown_title) == event.title
    for group in document["groups"] or []:
        assert "<" not in group["content"]
        assert html.unescape(group["content"]) in (event.actors + event.tags + ("(no country)",))
