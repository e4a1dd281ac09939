"""Intervals in English: "from X to Y", "since X", "until X", "before X", "after X", days of a
month ("18-20 March 2014") and "the week of" a day.
"""

from __future__ import annotations

import re

from geotimeline.errors import ParseError
from geotimeline.time import calendar as cal
from geotimeline.time.parsing.english.reading import _Reading, _RefusalError
from geotimeline.time.parsing.english.results import (
    _day,
    _end_of,
    _interval,
    _next_weekday,
    _placed_day,
    _start_of,
    _week_of,
)
from geotimeline.time.parsing.english.words import (
    _ANY_YEAR,
    _BARE_WEEKDAY,
    _MONTH_NAMES,
    _PRESENT,
    _TRAILING_YEAR,
    _WEEKDAYS,
    _month,
    _normalise,
)
from geotimeline.time.when import Moment, Precision, Unbounded, When


def _day_range(match: re.Match[str], reading: _Reading) -> When:
    """Two days of one month: "18-20 March 2014", "March 18 to 20, 2014"."""
    year, month = int(match["year"]), _month(match)
    first = Moment.of(year, month, int(match["first"]))
    return _interval(first, Moment.of(year, month, int(match["last"])))


def _recent_day_range(match: re.Match[str], reading: _Reading) -> When:
    """Days of a month without a year ("Nov. 9-11"), placed as a day without a year is."""
    today = reading.today(match)
    month, first, last = _month(match), int(match["first"]), int(match["last"])
    if not 1 <= first <= cal.days_in_month(2000, month):  # 2000 was a leap year
        raise _RefusalError(f"{_MONTH_NAMES[month]} has no day {first}")
    start = _placed_day(today, month, first, reading.prefer)
    return _interval(_day(start), Moment.of(start.year, month, last))


def _from_to(match: re.Match[str], reading: _Reading) -> When:
    """An interval from the start of one date to the end of another (or to the present)."""
    end_text = match["end"]
    start = _start_of(_read_start(match["start"], end_text, reading))
    if _PRESENT.fullmatch(end_text):
        return _interval(start, Unbounded.OPEN)
    weekday = _BARE_WEEKDAY.fullmatch(_normalise(end_text))
    if weekday is not None and start.precision == Precision.DAY:
        # "From Monday to Wednesday": the end is the first Wednesday after the start, not the
        # most recent one, which a bare weekday on its own would mean.
        first = start.local_datetime().date()
        return _interval(start, _day(_next_weekday(first, _WEEKDAYS[weekday["weekday"].lower()])))
    return _interval(start, _end_of(reading.part(end_text)))


def _read_start(start_text: str, end_text: str, reading: _Reading) -> When:
    """Read the start of an interval, taking the year from the end when only the end has one.

    English writes a shared year once, at the end: "March to May 2014", "18 March to 2 April
    2014". The start is tried with that year first, so that "March" is not read as a relative
    month when the text says which March it means.
    """
    year = _TRAILING_YEAR.search(end_text)
    if year is not None and not _ANY_YEAR.search(start_text):
        try:
            return reading.attempt(f"{start_text} {year[0]}")
        except ParseError:
            pass  # the start is complete without it: "yesterday to May 2014"
    return reading.part(start_text)


def _since(match: re.Match[str], reading: _Reading) -> When:
    """Read "since X": it began at X and is still going on (EDTF ``..``)."""
    return _interval(_start_of(reading.part(match["rest"])), Unbounded.OPEN)


def _until(match: re.Match[str], reading: _Reading) -> When:
    """Read "until X": it went on up to X from a start the text does not give (EDTF empty)."""
    return _interval(Unbounded.UNKNOWN, _end_of(reading.part(match["rest"])))


def _before(match: re.Match[str], reading: _Reading) -> When:
    """Read "before 2001": some time up to the end of 2000, with no start (EDTF ``../2000``)."""
    start = _start_of(reading.part(match["rest"]))
    return When.interval(Unbounded.OPEN, _neighbour(start.earliest_us - 1, start.precision))


def _after(match: re.Match[str], reading: _Reading) -> When:
    """Read "after 2001": from the start of 2002 on, and still open (EDTF ``2002/..``)."""
    end = _end_of(reading.part(match["rest"]))
    return When.interval(_neighbour(end.latest_us + 1, end.precision), Unbounded.OPEN)


def _neighbour(instant: int, precision: Precision) -> Moment:
    """The year, month or day holding ``instant``, as precise as ``precision`` at most (a
    season's neighbour is a month, a decade's a year, a time's its day).
    """
    day = cal.to_datetime(instant).date()
    if precision <= Precision.YEAR:
        return Moment.of(day.year)
    if precision <= Precision.MONTH:
        return Moment.of(day.year, day.month)
    return _day(day)


def _week_containing(match: re.Match[str], reading: _Reading) -> When:
    """Read "the week of 6 November 2017": the Monday-to-Sunday week that holds that day."""
    when = reading.part(match["rest"])
    start = when.start
    if when.is_interval or not isinstance(start, Moment) or start.precision != Precision.DAY:
        raise _RefusalError(f"'the week of' goes with a single day, and {str(when)!r} is not one")
    return _week_of(start.local_datetime().date())
