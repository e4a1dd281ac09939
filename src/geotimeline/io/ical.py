"""Publishing to iCalendar (RFC 5545): one ``VEVENT`` for each event, in a ``.ics`` file.

Calendars know days and instants, not fuzzy dates, so each event is given the span of time
that its date covers, and the date in words goes wherever the span could mislead:

=================================  ==========================================================
``Event.when``                     iCalendar event
=================================  ==========================================================
a day                              an all-day event
an interval of days                a multi-day all-day event, both days included
a minute or a second               a timed event (UTC): a minute long, or a point in time
an hour                            a timed event of that hour, with the date in words
a month, season, year or coarser   an all-day event over the whole extent, date in words
uncertain or approximate           the same span, with the date in words in the summary
open or unknown end ("since")      the known end's span alone, with the date in words
=================================  ==========================================================

"The date in words" is appended to ``SUMMARY`` ("Ceasefire in south-western Syria (summer
2017)") and starts ``DESCRIPTION``. The exact date is kept, as EDTF, in the non-standard
property ``X-GEOTIMELINE-WHEN``, which calendar programs ignore and keep. The place becomes
``LOCATION`` (and ``GEO`` when it has coordinates), the tags ``CATEGORIES``, the first source
with a URL ``URL``, and the event id ``UID`` (``<id>@geotimeline``).

The text is written directly (the ``icalendar`` package, which the tests read it back with, is
about thirty times slower at writing): escaped, folded at 75 octets, with CRLF line ends.

What is lost: links between events, source quotes and metadata. Calendar programs see times in
UTC and to the second; the time as written, with its UTC offset and any fraction of a second,
stays in ``X-GEOTIMELINE-WHEN`` (and in words in ``DESCRIPTION``).

>>> from geotimeline import Event, Timeline
>>> text = dumps(Timeline([Event(title="Ceasefire in south-western Syria", when="2017-22")]),
...              stamp=dt.datetime(2017, 11, 13, tzinfo=dt.UTC))
>>> print("\\n".join(line for line in text.splitlines() if line.startswith(("DT", "SUMMARY"))))
DTSTAMP:20171113T000000Z
DTSTART;VALUE=DATE:20170601
DTEND;VALUE=DATE:20170901
SUMMARY:Ceasefire in south-western Syria (summer 2017)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from typing import Final

from geotimeline.display.text import human_date
from geotimeline.events.event import Event
from geotimeline.io.files import write_atomically
from geotimeline.time.when import Moment, Precision, When
from geotimeline.timeline.timeline import Timeline

__all__ = ["PRODID", "dumps", "save"]

#: The product identifier written in every calendar.
PRODID: Final = "-//geotimeline//geotimeline//EN"

_TIMED: Final = {Precision.HOUR, Precision.MINUTE, Precision.SECOND}
# Precisions that a calendar shows as they are, so that the summary needs no date in words.
_AS_IS: Final = {Precision.DAY, Precision.MINUTE, Precision.SECOND}
_SPANS: Final = {Precision.HOUR, Precision.MINUTE}
_ONE_DAY: Final = dt.timedelta(days=1)
_US_PER_SECOND: Final = 1_000_000
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_LINE_OCTETS: Final = 75
# RFC 5545 TEXT: backslash, semicolon, comma and newline are escaped; other control
# characters are not allowed at all, so they go.
_TEXT_ESCAPES: Final = str.maketrans(
    {"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"}
    | {chr(code): None for code in (*range(0x09), *range(0x0B, 0x20), 0x7F)}
)


def dumps(timeline: Timeline, *, stamp: dt.datetime | None = None) -> str:
    """The ``.ics`` text of a timeline (lines end in CRLF, as RFC 5545 requires).

    ``stamp`` is the ``DTSTAMP`` of every event (when the calendar was made): now, by default.

    Runtime complexity: O(n) for n events.
    """
    parts: list[str] = []
    _write(timeline, parts.append, stamp)
    return "".join(parts)


def save(
    timeline: Timeline, path: str | os.PathLike[str], *, stamp: dt.datetime | None = None
) -> None:
    """Write the ``.ics`` file of a timeline to ``path``, atomically, an event at a time."""

    def produce(write: Callable[[str], object]) -> None:
        _write(timeline, write, stamp)

    write_atomically(path, produce)


def _write(timeline: Timeline, write: Callable[[str], object], stamp: dt.datetime | None) -> None:
    made = _utc_text(stamp or dt.datetime.now(dt.UTC))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if timeline.title:
        lines.append(f"X-WR-CALNAME:{_text(timeline.title)}")
    if timeline.description:
        lines.append(f"X-WR-CALDESC:{_text(timeline.description)}")
    write("".join(_fold(line) for line in lines))
    for event in timeline:
        write("".join(_fold(line) for line in _vevent(event, made)))
    write("END:VCALENDAR\r\n")


def _vevent(event: Event, stamp: str) -> Iterator[str]:
    when = event.when
    yield "BEGIN:VEVENT"
    yield f"UID:{event.id}@geotimeline"
    yield f"DTSTAMP:{stamp}"
    start, length = _span(when)
    yield f"DTSTART{_value(start)}"
    if length:
        try:
            yield f"DTEND{_value(start + length)}"
        except OverflowError:  # an end after 9999-12-31 cannot be written, a length can
            yield f"DURATION:{_duration(length)}"
    words = human_date(when)
    yield f"SUMMARY:{_text(event.title if _as_is(when) else f'{event.title} ({words})')}"
    yield f"DESCRIPTION:{_text(_description(event, words))}"
    place = event.place
    if place is not None:
        yield f"LOCATION:{_text(str(place))}"
        if place.latitude is not None and place.longitude is not None:
            yield f"GEO:{_float(place.latitude)};{_float(place.longitude)}"
    if event.tags:
        yield f"CATEGORIES:{','.join(_text(tag) for tag in event.tags)}"
    url = next((source.url for source in event.sources if source.url), None)
    if url is not None and url.isprintable() and " " not in url:
        yield f"URL:{url}"
    yield f"X-GEOTIMELINE-WHEN:{when}"
    yield "END:VEVENT"


def _as_is(when: When) -> bool:
    """True when the calendar event says all that ``when`` says, so no words are needed."""
    moments = [bound for bound in (when.start, when.end) if isinstance(bound, Moment)]
    if len(moments) < 2 or any(m.uncertain or m.approximate for m in moments):
        return False
    return all(moment.precision in _AS_IS for moment in moments)


def _span(when: When) -> tuple[dt.date, dt.timedelta]:
    """Where the calendar event starts, and how long it lasts (zero: a point in time)."""
    first = when.start if isinstance(when.start, Moment) else when.end
    last = when.end if isinstance(when.end, Moment) else when.start
    assert isinstance(first, Moment)  # a When has at least one moment
    assert isinstance(last, Moment)
    if first.precision in _TIMED and last.precision in _TIMED:
        # Calendars hold whole seconds; an exact second is a point, an hour or minute a span.
        begin = first.earliest_us - first.earliest_us % _US_PER_SECOND
        finish = last.latest_us + 1 if last.precision in _SPANS else last.earliest_us
        finish -= finish % _US_PER_SECOND
        start = _EPOCH + dt.timedelta(microseconds=begin)
        return start, dt.timedelta(microseconds=max(finish - begin, 0))
    first_day, last_day = first.earliest.date(), last.latest.date()
    return first_day, last_day - first_day + _ONE_DAY


def _value(value: dt.date) -> str:
    """A DATE-TIME in UTC, or a DATE, as the value of DTSTART or DTEND (with its colon)."""
    if isinstance(value, dt.datetime):
        return f":{_utc_text(value)}"
    return f";VALUE=DATE:{value.year:04d}{value.month:02d}{value.day:02d}"


def _utc_text(value: dt.datetime) -> str:
    utc = value.astimezone(dt.UTC)
    return f"{utc.year:04d}{utc.month:02d}{utc.day:02d}T{utc:%H%M%S}Z"


def _duration(length: dt.timedelta) -> str:
    return f"P{length.days}D" + (f"T{length.seconds}S" if length.seconds else "")


def _float(value: float) -> str:
    # RFC 5545 FLOAT has no exponent: 1e-05 must be written 0.00001.
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _text(value: str) -> str:
    return value.translate(_TEXT_ESCAPES)


def _fold(line: str) -> str:
    """The line ended by CRLF, and folded so that no physical line is over 75 octets."""
    if len(line) <= _LINE_OCTETS and line.isascii():
        return line + "\r\n"
    pieces: list[str] = []
    piece: list[str] = []
    size, limit = 0, _LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:  # never cut inside a character's UTF-8 bytes
            pieces.append("".join(piece))
            piece, size, limit = [], 0, _LINE_OCTETS - 1  # the leading space takes one
        piece.append(char)
        size += octets
    pieces.append("".join(piece))
    return "\r\n ".join(pieces) + "\r\n"


def _description(event: Event, words: str) -> str:
    lines = [f"When: {words}"]
    if event.summary:
        lines.append(event.summary)
    if event.actors:
        lines.append(f"Who: {', '.join(event.actors)}")
    lines += [f"Source: {s.outlet}" + (f" <{s.url}>" if s.url else "") for s in event.sources]
    return "\n".join(lines)
