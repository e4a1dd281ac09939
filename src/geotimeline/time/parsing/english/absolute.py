"""Dates that say their year: "March 2014", "18 March 2014", "summer 2017", "the 1990s",
"the 20th century", "Q3 2020", "the first half of 2017", "Saturday, 11 November 2017".
"""

from __future__ import annotations

import datetime as dt
import re

from geotimeline.errors import ParseError
from geotimeline.time import calendar as cal
from geotimeline.time.parsing.english.reading import _Reading, _RefusalError
from geotimeline.time.parsing.english.relative import _recent_part
from geotimeline.time.parsing.english.results import _day
from geotimeline.time.parsing.english.words import (
    _DAY_MONTH,
    _FIRST_HALF,
    _FIRST_QUARTER,
    _FIRST_YEAR,
    _LAST_YEAR,
    _MONTH_DAY,
    _MONTH_NAMES,
    _ORDINALS,
    _SEASONS,
    _WEEKDAY_NAMES,
    _WEEKDAYS,
    _WINTER,
    _month,
)
from geotimeline.time.when import Moment, Precision, When


def _month_of_year(match: re.Match[str], reading: _Reading) -> When:
    return When.instant(Moment.of(int(match["year"]), _month(match)))


def _day_of_year(match: re.Match[str], reading: _Reading) -> When:
    return When.instant(Moment.of(int(match["year"]), _month(match), int(match["day"])))


def _season_of_year(match: re.Match[str], reading: _Reading) -> When:
    season = _SEASONS[match["season"].lower()]
    return When.instant(Moment.of_season(int(match["year"]), season))


def _winter_span(match: re.Match[str], reading: _Reading) -> When:
    """Read "winter 2017/18", which names both years of the winter from December 2017."""
    year, written = int(match["year"]), match["next"]
    if int(written) != (year + 1) % 10 ** len(written):
        raise _RefusalError(f"a winter that starts in {year} ends in {year + 1}, not {written}")
    return When.instant(Moment.of_season(year, _WINTER))


def _decade(match: re.Match[str], reading: _Reading) -> When:
    # "the 1900s" could also mean the century; a decade is the common reading in news, and the
    # century has an unambiguous EDTF form, 19XX.
    return When.instant(Moment.of_decade(int(match["decade"])))


def _dated_weekday(match: re.Match[str], reading: _Reading) -> When:
    """Read "Saturday, 11 November 2017", whose weekday must agree with its date.

    Without a year ("Tuesday, 14 November"), the weekday says which year: the one nearest the
    reference date in which that day is that weekday.
    """
    named = _WEEKDAYS[match["weekday"].lower()]
    yearless = _DAY_MONTH.fullmatch(match["rest"]) or _MONTH_DAY.fullmatch(match["rest"])
    if yearless is not None:
        today = reading.today(match)
        return When.instant(
            _day(_weekday_year(today, _month(yearless), int(yearless["day"]), named))
        )
    when = reading.part(match["rest"])
    start = when.start
    if when.is_interval or not isinstance(start, Moment) or start.precision != Precision.DAY:
        raise _RefusalError(f"a weekday name goes with a single day, and {str(when)!r} is not one")
    actual = start.local_datetime().weekday()
    if actual != named:
        raise _RefusalError(f"{start} is a {_WEEKDAY_NAMES[actual]}, not a {_WEEKDAY_NAMES[named]}")
    return when


def _weekday_year(today: dt.date, month: int, day: int, weekday: int) -> dt.date:
    """The date of ``day`` ``month`` nearest ``today`` that falls on ``weekday`` (the earlier
    of two as near), within the 28 years after which the calendar repeats.
    """
    if not 1 <= day <= cal.days_in_month(2000, month):  # 2000 was a leap year
        raise _RefusalError(f"{_MONTH_NAMES[month]} has no day {day}")
    candidates = [
        dt.date(year, month, day)
        for year in range(max(today.year - 28, _FIRST_YEAR), min(today.year + 28, _LAST_YEAR) + 1)
        if day <= cal.days_in_month(year, month) and dt.date(year, month, day).weekday() == weekday
    ]
    if not candidates:
        raise _RefusalError(
            f"no {day} {_MONTH_NAMES[month]} near {today} is a {_WEEKDAY_NAMES[weekday]}"
        )
    return min(candidates, key=lambda date: (abs((date - today).days), date > today))


def _edtf(match: re.Match[str], reading: _Reading) -> When:
    # What is left is EDTF: the end of an interval, or "in 2014." once "in" and the period went.
    # Upper case gives back the EDTF letters X, T and Z, and text of EDTF characters alone goes
    # straight to the EDTF reader, never back here.
    try:
        return When.parse(match[0].upper())
    except ParseError as error:
        raise _RefusalError(error.reason) from None


def _quarter(match: re.Match[str], reading: _Reading) -> When:
    """Read "Q3 2020", "the third quarter of 2017": EDTF level 2 codes 33-36."""
    return _part_of_year(match, reading, "quarter", _FIRST_QUARTER)


def _half(match: re.Match[str], reading: _Reading) -> When:
    """Read "the first half of 2017", "H2 2017": EDTF level 2 codes 40 and 41."""
    return _part_of_year(match, reading, "half", _FIRST_HALF)


def _part_of_year(match: re.Match[str], reading: _Reading, kind: str, first_code: int) -> When:
    """The quarter or half a match names, by number ("Q3") or ordinal ("third"), of the year
    it gives or, without one, placed around the reference as a month without a year is.
    """
    groups = match.groupdict()
    number = int(groups[kind]) if groups.get(kind) else _ORDINALS[groups["nth"].lower()]
    count = 4 if kind == "quarter" else 2
    if number > count:
        plural = "quarters" if kind == "quarter" else "halves"
        raise _RefusalError(f"a year has {count} {plural}, not {number}")
    code = first_code + number - 1
    if groups.get("year") is None:
        return _recent_part(reading.today(match), code, reading.prefer)
    return When.instant(Moment.of_season(int(groups["year"]), code))


def _century(match: re.Match[str], reading: _Reading) -> When:
    """Read "the 20th century" as people use it, 1900-1999 (EDTF ``19XX``), not as the
    strict count from year 1 has it (1901-2000).
    """
    number = int(match["number"])
    if number < 1:
        raise _RefusalError("centuries are counted from the 1st")
    return When.instant(Moment.of_century((number - 1) * 100))
