"""Reading Wikidata entity JSON: the three layouts, the time values, places, people, skipped items.

The files in ``tests/data/wikidata/`` are real Wikidata JSON, trimmed (see its README). The
entities built by :func:`entity` below are made here, in the same format, for the cases the
real files do not hold (a Julian day, a century, a BCE year); their time values follow the
Wikibase JSON documentation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import geotimeline.io
from geotimeline import FormatError, Moment, Precision, Unbounded, When
from geotimeline.cli import main
from geotimeline.io import wikidata
from geotimeline.time import calendar as cal
from tests.strategies import wikidata_whens

DATA = Path(__file__).parent / "data" / "wikidata"
API_ANSWER = DATA / "Q284163-wbgetentities.json"
DUMP = DATA / "dump.json"
SANDBOX = DATA / "Q4115189-sandbox.json"


# -- building entities --------------------------------------------------------------------------


def time_value(
    time: str, precision: int, calendar: str = wikidata.GREGORIAN, timezone: int = 0
) -> dict[str, Any]:
    return {
        "time": time,
        "timezone": timezone,
        "before": 0,
        "after": 0,
        "precision": precision,
        "calendarmodel": calendar,
    }


def item_value(entity_id: str) -> dict[str, Any]:
    return {"entity-type": "item", "numeric-id": int(entity_id[1:]), "id": entity_id}


def statement(
    prop: str, value: Any = None, rank: str = "normal", snaktype: str = "value"
) -> dict[str, Any]:
    snak: dict[str, Any] = {"snaktype": snaktype, "property": prop}
    if snaktype == "value":
        kind = "time" if "time" in value else "wikibase-entityid"
        if "latitude" in value:
            kind = "globecoordinate"
        snak["datavalue"] = {"value": value, "type": kind}
    return {"mainsnak": snak, "type": "statement", "rank": rank}


def entity(
    entity_id: str, labels: dict[str, str] | None = None, **claims: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "type": "item",
        "id": entity_id,
        "labels": {
            code: {"language": code, "value": text} for code, text in (labels or {}).items()
        },
        "claims": claims,
    }


def point(time: str, precision: int, calendar: str = wikidata.GREGORIAN) -> dict[str, Any]:
    value = time_value(time, precision, calendar)
    return entity("Q1", {"en": "Talks"}, P585=[statement("P585", value)])


def when_of(document: dict[str, Any]) -> str:
    return str(wikidata.loads(json.dumps(document)).first.when)


def reason_for(document: dict[str, Any]) -> str:
    reading = wikidata.read(json.dumps(document))
    assert len(reading.timeline) == 0
    return reading.skipped[0].reason


# -- the real files -----------------------------------------------------------------------------


def test_an_api_answer_gives_its_item_as_an_event() -> None:
    event = wikidata.load(API_ANSWER).first
    assert event.id == "wikidata-Q284163"
    # The answer was asked for claims only: no label, so the title is the id.
    assert event.title == "Q284163"
    assert event.metadata["wikidata"]["label_language"] is None
    # Start and end win over the point in time (the year 2022).
    assert str(event.when) == "2022-11-20/2022-12-18"
    assert event.when.precision is Precision.DAY
    assert event.sources[0].outlet == "Wikidata"
    assert event.sources[0].url == "https://www.wikidata.org/wiki/Q284163"


def test_entities_the_input_does_not_hold_stay_ids() -> None:
    event = wikidata.load(API_ANSWER).first
    assert event.actors == ("Q111496223", "Q111499762", "Q111507044", "Q111510956")
    assert event.place is not None
    assert (event.place.name, event.place.country, event.place.coordinates) == (
        "Q1186333",
        None,
        None,
    )
    facts = event.metadata["wikidata"]
    assert facts["country"] == "Q846"
    assert facts["locations"] == ("Q1186333", "Q1050220", "Q1134439")  # metadata is frozen
    assert facts["participants"] == event.actors


def test_a_dump_is_read_a_line_at_a_time_and_lists_what_it_left_out() -> None:
    reading = wikidata.read_file(DUMP)
    assert [event.id for event in reading.timeline] == ["wikidata-Q284163"]
    assert [(entry.location, entry.entity) for entry in reading.skipped] == [
        ("line 3", "Q2112"), ("line 4", "Q1"), ("line 5", "Q8646")
    ]  # fmt: skip
    assert "no point in time (P585)" in reading.skipped[0].reason
    # The universe starts 13.798 billion years ago, at precision 3 (a million years).
    assert "precision 3" in reading.skipped[1].reason


def test_loads_says_in_the_description_which_entities_gave_no_event() -> None:
    timeline = wikidata.load(DUMP)
    assert timeline.description is not None
    assert "3 entities gave no event" in timeline.description
    assert "Q2112, Q1, Q8646" in timeline.description
    assert wikidata.load(API_ANSWER).description is None


def test_a_dump_without_brackets_and_one_entity_alone_read_the_same() -> None:
    lines = DUMP.read_text(encoding="utf-8").splitlines()
    without_brackets = "\n".join(line.removesuffix(",") for line in lines[1:-1])
    assert wikidata.loads(without_brackets) == wikidata.load(DUMP)
    one = json.dumps(json.loads(API_ANSWER.read_text(encoding="utf-8"))["entities"]["Q284163"])
    assert list(wikidata.loads(one)) == list(wikidata.load(API_ANSWER))


def test_a_pretty_printed_list_of_entities_is_read_whole() -> None:
    entities = [json.loads(line.removesuffix(",")) for line in DUMP.read_text().splitlines()[1:-1]]
    pretty = json.dumps(entities, indent=2)
    assert pretty.splitlines()[1].strip() == "{"
    assert list(wikidata.loads(pretty)) == list(wikidata.load(DUMP))


def test_a_julian_date_outside_the_event_properties_is_not_read() -> None:
    # The sandbox item's real Julian dates are dates of birth (P569), not of an event.
    reading = wikidata.read_file(SANDBOX)
    assert [entry.entity for entry in reading.skipped] == ["Q4115189"]


def test_io_load_and_the_command_line_know_the_format(tmp_path: Path) -> None:
    assert geotimeline.io.load(API_ANSWER, "wikidata") == wikidata.load(API_ANSWER)
    target = tmp_path / "cup.csv"
    assert main(["convert", str(API_ANSWER), str(target), "--from", "wikidata"]) == 0
    assert "2022-11-20/2022-12-18" in target.read_text(encoding="utf-8")


# -- labels, places and people -------------------------------------------------------------------

HONG_KONG = json.loads(DUMP.read_text(encoding="utf-8").splitlines()[4])


def handover(**claims: list[dict[str, Any]]) -> dict[str, Any]:
    return entity(
        "Q7", {"en": "Handover of Hong Kong", "fr": "Rétrocession de Hong Kong"},
        P585=[statement("P585", time_value("+1997-07-01T00:00:00Z", 11))], **claims,
    )  # fmt: skip


def answer(*entities: dict[str, Any]) -> str:
    return json.dumps({"entities": {item["id"]: item for item in entities}})


def test_the_country_s_iso_code_comes_from_its_entity() -> None:
    event = wikidata.loads(
        answer(handover(P17=[statement("P17", item_value("Q8646"))]), HONG_KONG)
    ).first
    assert event.place is not None
    assert (event.place.name, event.place.country) == ("Hong Kong", "HK")


def test_the_location_s_label_and_coordinates_make_the_place() -> None:
    event = wikidata.loads(
        answer(handover(P276=[statement("P276", item_value("Q8646"))]), HONG_KONG)
    ).first
    assert event.place is not None
    assert event.place.name == "Hong Kong"
    assert event.place.coordinates == (22.278333333333, 114.15861111111)


def test_the_item_s_own_coordinates_win_and_other_globes_do_not_count() -> None:
    moon = {"latitude": 0.67, "longitude": 23.47, "globe": "http://www.wikidata.org/entity/Q405"}
    earth = {"latitude": 22.3, "longitude": 114.2, "globe": "http://www.wikidata.org/entity/Q2"}
    item = handover(
        P276=[statement("P276", item_value("Q8646"))],
        P625=[statement("P625", moon), statement("P625", earth)],
    )
    place = wikidata.loads(answer(item, HONG_KONG)).first.place
    assert place is not None
    assert place.coordinates == (22.3, 114.2)
    on_the_moon = handover(P625=[statement("P625", moon)])
    assert wikidata.loads(answer(on_the_moon)).first.place is None


def test_participants_are_named_by_their_labels() -> None:
    britain = entity("Q145", {"en": "United Kingdom"})
    item = handover(
        P710=[statement("P710", item_value("Q145")), statement("P710", item_value("Q148"))]
    )
    assert wikidata.loads(answer(item, britain)).first.actors == ("United Kingdom", "Q148")


@pytest.mark.parametrize(
    ("language", "title", "place"),
    [("fr", "Rétrocession de Hong Kong", "Hong Kong"), ("zh", "Handover of Hong Kong", "香港"),
     ("de", "Handover of Hong Kong", "Hong Kong")],
)  # fmt: skip
def test_labels_are_read_in_the_language_asked_else_in_english(
    language: str, title: str, place: str
) -> None:
    item = handover(P276=[statement("P276", item_value("Q8646"))])
    event = wikidata.loads(answer(item, HONG_KONG), language=language).first
    assert (event.title, event.place and event.place.name) == (title, place)
    assert event.metadata["wikidata"]["label_language"] == ("fr" if language == "fr" else "en")


def test_a_multilingual_label_comes_before_english() -> None:
    item = entity(
        "Q7",
        {"mul": "FIFA", "en": "Fédération"},
        P585=[statement("P585", time_value("+1904-05-21T00:00:00Z", 11))],
    )
    assert wikidata.loads(json.dumps(item), language="de").first.title == "FIFA"


def test_a_preferred_statement_wins_and_a_deprecated_one_never_counts() -> None:
    dates = [
        statement("P585", time_value("+1990-00-00T00:00:00Z", 9)),
        statement("P585", time_value("+1991-00-00T00:00:00Z", 9), rank="preferred"),
    ]
    assert when_of(entity("Q1", P585=dates)) == "1991"
    deprecated = [statement("P585", time_value("+1991-00-00T00:00:00Z", 9), rank="deprecated")]
    assert "no point in time" in reason_for(entity("Q1", P585=deprecated))


# -- time values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time", "precision", "expected"),
    [
        ("+2014-03-18T00:00:00Z", 11, "2014-03-18"),
        ("+1990-11-00T00:00:00Z", 10, "1990-11"),  # a real value: the day is 00
        ("+2022-00-00T00:00:00Z", 9, "2022"),
        ("+2014-03-18T00:00:00Z", 9, "2014"),  # finer fields past the precision are ignored
        ("+2010-00-00T00:00:00Z", 8, "201X"),
        ("+2015-00-00T00:00:00Z", 8, "201X"),
        ("+1801-00-00T00:00:00Z", 7, "1801/1900"),  # the 19th century
        ("+1900-00-00T00:00:00Z", 7, "1801/1900"),
        ("+2000-00-00T00:00:00Z", 6, "1001/2000"),  # the 2nd millennium
        ("+2014-03-18T09:00:00Z", 12, "2014-03-18T09Z"),
        ("+2014-03-18T09:30:00Z", 13, "2014-03-18T09:30Z"),
        ("+2014-03-18T09:30:15Z", 14, "2014-03-18T09:30:15Z"),
        ("+00000002014-03-18T00:00:00Z", 11, "2014-03-18"),  # the old eleven-digit years
    ],
)
def test_each_precision_reads_as_what_it_states(time: str, precision: int, expected: str) -> None:
    assert when_of(point(time, precision)) == expected


@pytest.mark.parametrize(
    ("time", "precision", "expected"),
    [
        ("-0044-03-15T00:00:00Z", 11, "-0043-03-15"),  # 44 BCE is astronomical -43
        ("-0001-00-00T00:00:00Z", 9, "0000"),  # 1 BCE
        ("-0044-00-00T00:00:00Z", 8, "-0048/-0039"),  # the 40s BCE: 49-40 BCE
        ("-0500-00-00T00:00:00Z", 7, "-0499/-0400"),  # the 5th century BCE: 500-401 BCE
        ("+0005-00-00T00:00:00Z", 8, "0001/0009"),  # the decade 0s has no year 0
    ],
)
def test_years_bce_are_in_historical_numbering(time: str, precision: int, expected: str) -> None:
    assert when_of(point(time, precision)) == expected


@pytest.mark.parametrize(
    ("time", "precision", "expected"),
    [
        ("+1582-10-05T00:00:00Z", 11, "1582-10-15"),  # the day after 4 October 1582 (Julian)
        ("+1500-02-29T00:00:00Z", 11, "1500-03-10"),  # a Julian leap day, not a Gregorian one
        ("+0001-01-03T00:00:00Z", 11, "0001-01-01"),
        ("-0044-03-15T00:00:00Z", 11, "-0043-03-13"),  # the Ides of March
        ("+1917-10-25T00:00:00Z", 11, "1917-11-07"),  # the October Revolution
        ("+0512-00-00T00:00:00Z", 9, "0512"),  # a real value of the sandbox item: the same year
        ("+1500-03-00T00:00:00Z", 10, "1500-03-11/1500-04-10"),  # a month: its Gregorian days
    ],
)
def test_julian_dates_are_converted(time: str, precision: int, expected: str) -> None:
    assert when_of(point(time, precision, wikidata.JULIAN)) == expected


def julian_day(year: int, month: int, day: int) -> int:
    """The first microsecond of the Gregorian day read from a Julian day (astronomical year)."""
    historical = year - 1 if year <= 0 else year
    sign = "-" if historical < 0 else "+"
    time = f"{sign}{abs(historical):04d}-{month:02d}-{day:02d}T00:00:00Z"
    moment = wikidata.loads(json.dumps(point(time, 11, wikidata.JULIAN))).first.when.start
    assert isinstance(moment, Moment)
    return moment.earliest_us


@pytest.mark.parametrize(
    ("day", "next_day"),
    [
        ((-100, 12, 31), (-99, 1, 1)),
        ((0, 2, 29), (0, 3, 1)),  # 1 BCE is a Julian leap year
        ((1700, 2, 28), (1700, 2, 29)),  # so is 1700, which is not a Gregorian one
        ((1700, 2, 29), (1700, 3, 1)),
        ((2099, 12, 31), (2100, 1, 1)),
        ((-9000, 1, 1), (-9000, 1, 2)),
    ],
)
def test_julian_days_follow_one_another_across_years_and_eras(
    day: tuple[int, int, int], next_day: tuple[int, int, int]
) -> None:
    assert julian_day(*next_day) - julian_day(*day) == cal.US_PER_DAY


def test_start_and_end_make_an_interval_with_open_and_unknown_ends() -> None:
    start = statement("P580", time_value("+2014-04-00T00:00:00Z", 10))
    end = statement("P582", time_value("+2015-02-12T00:00:00Z", 11))
    assert when_of(entity("Q1", P580=[start], P582=[end])) == "2014-04/2015-02-12"
    assert when_of(entity("Q1", P580=[start])) == "2014-04/.."
    assert when_of(entity("Q1", P580=[start], P582=[statement("P582", snaktype="novalue")])) == (
        "2014-04/.."
    )
    unknown = [statement("P582", snaktype="somevalue")]
    assert when_of(entity("Q1", P580=[start], P582=unknown)) == "2014-04/"
    assert when_of(entity("Q1", P582=[end])) == "../2015-02-12"


@given(wikidata_whens())
def test_a_when_written_as_wikidata_time_values_reads_back(when: When) -> None:
    claims: dict[str, list[dict[str, Any]]] = {}
    if not when.is_interval:
        claims["P585"] = [statement("P585", written(when.start))]
    for prop, bound in (("P580", when.start), ("P582", when.end)):
        if when.is_interval and bound is Unbounded.UNKNOWN:
            claims[prop] = [statement(prop, snaktype="somevalue")]
        elif when.is_interval and isinstance(bound, Moment):
            claims[prop] = [statement(prop, written(bound))]
    assert wikidata.loads(json.dumps(entity("Q1", **claims))).first.when == when


WIKIDATA_PRECISIONS = {
    Precision.DECADE: 8, Precision.YEAR: 9, Precision.MONTH: 10, Precision.DAY: 11,
    Precision.HOUR: 12, Precision.MINUTE: 13, Precision.SECOND: 14,
}  # fmt: skip


def written(bound: Moment | Unbounded) -> dict[str, Any]:
    """The Wikibase time value of a moment: historical years, 00 for what is not known."""
    assert isinstance(bound, Moment)
    year, month, day, hour, minute, second, _ = bound.local_fields()
    precision = WIKIDATA_PRECISIONS[bound.precision]
    if precision < 10:
        month = day = 0
    elif precision < 11:
        day = 0
    historical = year - 1 if year <= 0 else year
    sign = "-" if historical < 0 else "+"
    time = (
        f"{sign}{abs(historical):04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"
    )
    return time_value(time, precision, timezone=bound.utc_offset or 0)


# -- what is left out, and what is refused ---------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (entity("Q1"), "has no point in time (P585)"),
        (point("+2014-00-00T00:00:00Z", 10), "without a month"),
        (point("+2014-03-00T00:00:00Z", 11), "without a day"),
        (point("+2014-02-30T00:00:00Z", 11), "day: 30 is out of range"),  # Wikibase allows it
        (point("+1500-02-30T00:00:00Z", 11, wikidata.JULIAN), "the Julian calendar does not have"),
        (point("-13798000000-00-00T00:00:00Z", 3), "precision 3"),
        (point("+0000-00-00T00:00:00Z", 9), "year 0"),
        (point("+2014-00-00T00:00:00Z", 9, "http://www.wikidata.org/entity/Q12138"), "calendar"),
        (entity("Q1", P585=[statement("P585", snaktype="somevalue")]), "of somevalue"),
        ({**point("+2014-00-00T00:00:00Z", 9), "type": "property"}, "is a 'property', not an item"),
        ({**point("+2014-00-00T00:00:00Z", 9), "id": "L7"}, "not an item's (Q...)"),
        ({"id": "Q404", "missing": ""}, "missing from Wikidata"),
        (
            entity("Q1", P580=[statement("P580", time_value("+1900-00-00T00:00:00Z", 7))]),
            "the span 1801/1900",
        ),
        (
            entity(
                "Q1",
                P580=[statement("P580", time_value("+2015-00-00T00:00:00Z", 9))],
                P582=[statement("P582", time_value("+2014-00-00T00:00:00Z", 9))],
            ),
            "before it starts",
        ),
    ],
)
def test_an_entity_that_gives_no_event_is_skipped_with_its_reason(
    document: dict[str, Any], reason: str
) -> None:
    assert reason in reason_for(document)


def test_malformed_json_at_a_line_of_a_dump_names_the_line() -> None:
    lines = DUMP.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2][:40]
    with pytest.raises(FormatError) as raised:
        wikidata.loads("\n".join(lines), "latest-all.json")
    assert raised.value.source == "latest-all.json"
    assert raised.value.location is not None
    assert raised.value.location.startswith("line 3, column")


@pytest.mark.parametrize(
    ("change", "location"),
    [
        (lambda item: item["claims"]["P580"][0]["mainsnak"]["datavalue"]["value"].update(
            time="2022-11-20"), "line 2, Q284163.claims.P580[0].mainsnak.datavalue.value.time"),
        (lambda item: item["claims"]["P580"][0]["mainsnak"]["datavalue"]["value"].update(
            precision="11"), "line 2, Q284163.claims.P580[0].mainsnak.datavalue.value.precision"),
        (lambda item: item["claims"]["P17"][0].update(rank="best"),
         "line 2, Q284163.claims.P17[0].rank"),
        (lambda item: item.update(claims=[1]), "line 2, Q284163.claims"),
        (lambda item: item.update(id=17), "line 2, id"),
    ],
)  # fmt: skip
def test_json_that_is_not_wikibase_json_names_the_entity_and_field(
    change: Any, location: str
) -> None:
    lines = DUMP.read_text(encoding="utf-8").splitlines()
    item = json.loads(lines[1].removesuffix(","))
    change(item)
    lines[1] = json.dumps(item) + ","
    with pytest.raises(FormatError) as raised:
        wikidata.loads("\n".join(lines), "latest-all.json")
    assert raised.value.location == location


def test_an_entity_given_twice_is_refused() -> None:
    lines = DUMP.read_text(encoding="utf-8").splitlines()
    with pytest.raises(FormatError, match=r"line 3: Q284163 is given again \(first at line 2\)"):
        wikidata.loads("\n".join([lines[0], lines[1], lines[1], lines[-1]]))


def test_a_line_longer_than_the_limit_is_refused_before_it_is_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(wikidata, "MAX_LINE_LENGTH", 100)
    with pytest.raises(FormatError, match="line 2: is longer than 100 characters"):
        wikidata.load(DUMP)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero, an endless file")
def test_an_endless_file_is_refused_after_reading_just_past_the_limit() -> None:
    with pytest.raises(FormatError, match="line 1: is longer than"):
        wikidata.load("/dev/zero")
