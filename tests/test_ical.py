"""iCalendar export: parsed back with the icalendar package, spans that cover each date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import Event, Link, Moment, Place, Source, Timeline, When, examples
from geotimeline.io import ical
from tests.strategies import events

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
STAMP = dt.datetime(2017, 11, 13, 12, 0, tzinfo=dt.UTC)


def parse(timeline: Timeline) -> list[icalendar.Event]:
    text = ical.dumps(timeline, stamp=STAMP)
    lines = text.split("\r\n")
    assert lines.pop() == ""  # every line ends in CRLF, as RFC 5545 says
    assert all(len(line.encode()) <= 75 and "\n" not in line for line in lines)  # folded
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == ical.PRODID
    vevents: list[icalendar.Event] = calendar.walk("VEVENT")
    for vevent in vevents:  # RFC 5545 requires these three
        assert {"UID", "DTSTAMP", "DTSTART"} <= set(vevent)
    return vevents


def vevent_for(when: str, **fields: object) -> icalendar.Event:
    [vevent] = parse(Timeline([Event(title="Talks", when=when, **fields)]))  # type: ignore[arg-type]
    return vevent


class Empty:
    cats: tuple[str, ...] = ()


def without_controls(text: str) -> str:
    # RFC 5545 text may not hold the ASCII control characters other than tab; the writer
    # drops them.
    return "".join(char for char in text if char == "\t" or not _CONTROL.match(char))


def span(vevent: icalendar.Event) -> tuple[dt.date, dt.date | None]:
    start = vevent.decoded("DTSTART")
    return start, vevent.decoded("DTEND") if "DTEND" in vevent else None


def test_the_seed_timeline_parses_back() -> None:
    timeline = examples.load("seed")
    vevents = parse(timeline)
    assert [str(vevent["UID"]) for vevent in vevents] == [f"{e.id}@geotimeline" for e in timeline]
    assert [When.parse(str(v["X-GEOTIMELINE-WHEN"])) for v in vevents] == [
        event.when for event in timeline
    ]


def test_a_day_is_an_all_day_event() -> None:
    vevent = vevent_for("2017-04-07")
    assert span(vevent) == (dt.date(2017, 4, 7), dt.date(2017, 4, 8))
    assert vevent["SUMMARY"] == "Talks"


def test_an_interval_of_days_is_a_multi_day_event_with_both_days() -> None:
    vevent = vevent_for("2014-02-20/2014-03-18")
    assert span(vevent) == (dt.date(2014, 2, 20), dt.date(2014, 3, 19))
    assert vevent["SUMMARY"] == "Talks"


def test_minutes_and_seconds_are_timed_events_in_utc() -> None:
    minute = vevent_for("2017-11-11T09:30+07:00")
    assert span(minute) == (
        dt.datetime(2017, 11, 11, 2, 30, tzinfo=dt.UTC),
        dt.datetime(2017, 11, 11, 2, 31, tzinfo=dt.UTC),
    )
    second = vevent_for("2017-11-11T09:30:15Z")
    assert span(second) == (dt.datetime(2017, 11, 11, 9, 30, 15, tzinfo=dt.UTC), None)
    assert second["SUMMARY"] == "Talks"


def test_coarser_dates_cover_their_extent_and_say_so() -> None:
    season = vevent_for("2017-22")
    assert span(season) == (dt.date(2017, 6, 1), dt.date(2017, 9, 1))
    assert season["SUMMARY"] == "Talks (summer 2017)"
    assert str(season["DESCRIPTION"]).startswith("When: summer 2017")
    hour = vevent_for("2017-11-11T09Z")
    assert span(hour) == (
        dt.datetime(2017, 11, 11, 9, tzinfo=dt.UTC), dt.datetime(2017, 11, 11, 10, tzinfo=dt.UTC),
    )  # fmt: skip
    assert hour["SUMMARY"] == "Talks (11 November 2017 09h UTC)"
    assert vevent_for("2014-03-18?")["SUMMARY"] == "Talks (18 March 2014?)"


def test_an_open_end_shows_the_known_start_and_says_since() -> None:
    vevent = vevent_for("2014-04/..")
    assert span(vevent) == (dt.date(2014, 4, 1), dt.date(2014, 5, 1))
    assert vevent["SUMMARY"] == "Talks (since April 2014)"
    assert str(vevent["X-GEOTIMELINE-WHEN"]) == "2014-04/.."


def test_the_last_day_of_year_9999_gets_a_duration() -> None:
    vevent = vevent_for("9999-12-31")
    assert "DTEND" not in vevent
    assert vevent.decoded("DURATION") == dt.timedelta(days=1)


def test_long_text_is_folded_and_escaped_and_reads_back() -> None:
    title = "Трамп и Путин; заявление по Сирии, «Дананг» \\ " * 4 + "🇻🇳"
    [vevent] = parse(Timeline([Event(title=title, when="2017-11-11",
                                     summary="line one\x00, line two")]))  # fmt: skip
    assert str(vevent["SUMMARY"]) == " ".join(title.split())
    assert str(vevent["DESCRIPTION"]) == "When: 11 November 2017\nline one, line two"


def test_the_calendar_is_named_after_the_timeline() -> None:
    text = ical.dumps(Timeline(title="Syria, 2017", description="Events; sources"), stamp=STAMP)
    assert "\r\nX-WR-CALNAME:Syria\\, 2017\r\nX-WR-CALDESC:Events\\; sources\r\n" in text
    assert icalendar.Calendar.from_ical(text).walk("VEVENT") == []


def test_place_tags_and_sources_are_carried_over() -> None:
    vevent = vevent_for(
        "2017-04-04",
        place=Place("Khan Shaykhun", country="SY", latitude=35.44, longitude=36.65),
        tags=["chemical weapons"],
        sources=[Source("SANA"), Source("Reuters", url="https://example.org/a")],
    )
    assert vevent["LOCATION"] == "Khan Shaykhun, Syria"
    assert (vevent["GEO"].latitude, vevent["GEO"].longitude) == (35.44, 36.65)
    assert [str(category) for category in vevent["CATEGORIES"].cats] == ["chemical weapons"]
    assert vevent["URL"] == "https://example.org/a"


def test_what_a_calendar_does_not_hold_is_left_out() -> None:
    event = Event(
        title="Talks", when="2017-07-07T10:30:15.25+02:00",
        sources=[Source("Reuters", quote="a quote")], links=[Link("part-of", "g20-summit")],
        metadata={"note": 1},
    )  # fmt: skip
    text = ical.dumps(Timeline([event]), stamp=STAMP)
    for lost in ("a quote", "g20-summit", "note"):
        assert lost not in text
    # Calendar programs see the time in UTC to the second; only the X- property keeps the rest.
    assert "DTSTART:20170707T083015Z" in text
    assert "X-GEOTIMELINE-WHEN:2017-07-07T10:30:15.25+02:00" in text
    assert text.count(".25") == 1


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(st.lists(events(), unique_by=lambda event: event.id, max_size=6))
def test_every_calendar_parses_back_and_covers_every_date(batch: list[Event]) -> None:
    timeline = Timeline(batch)
    vevents = parse(timeline)
    assert len(vevents) == len(timeline)
    for event, vevent in zip(timeline, vevents, strict=True):
        assert When.parse(str(vevent["X-GEOTIMELINE-WHEN"])) == event.when
        assert str(vevent["SUMMARY"]).startswith(without_controls(event.title))
        assert [str(tag) for tag in vevent.get("CATEGORIES", Empty()).cats] == [
            without_controls(tag) for tag in event.tags
        ]
        moments = [b for b in (event.when.start, event.when.end) if isinstance(b, Moment)]
        start = vevent.decoded("DTSTART")
        end = vevent.decoded("DTEND") if "DTEND" in vevent else None
        if isinstance(start, dt.datetime):  # timed: to the second
            assert start == moments[0].earliest.replace(microsecond=0)
            assert end is None or end >= moments[-1].latest.replace(microsecond=0)
        else:  # all day: from the first day to the day after the last
            assert start == moments[0].earliest.date()
            last = moments[-1].latest.date()
            assert end == last + dt.timedelta(days=1) if last < dt.date.max else end is None


def test_save_writes_the_calendar(tmp_path: Path) -> None:
    path = tmp_path / "events.ics"
    timeline = examples.load("seed")
    ical.save(timeline, path, stamp=STAMP)
    assert path.read_bytes() == ical.dumps(timeline, stamp=STAMP).encode("utf-8")
