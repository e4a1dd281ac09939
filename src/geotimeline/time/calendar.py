"""Calendar arithmetic on plain integers: microseconds since 1970-01-01T00:00:00Z.

Bounds are kept as integers rather than date-time objects because ordering a large timeline
compares them millions of times, and integers compare an order of magnitude faster than aware
date-times. Everything here is proleptic Gregorian, UTC, and astronomical year numbering as in
EDTF (year 0 is 1 BCE, -1 is 2 BCE), for years -99999 to 99999: what EDTF level 1 writes with
four digits, a sign, or a ``Y`` and five digits. That span in microseconds still fits a signed
64-bit integer, which the timeline's packed arrays of start instants rely on.

Python's datetime holds only years 1 to 9999; outside them, the arithmetic moves the date by
whole 400-year Gregorian cycles (146097 days each) into that range and back, so every year
has the same calendar, and only :func:`to_datetime` refuses them (with
:class:`~geotimeline.errors.OutOfRangeError`).

>>> fields(day_start(-499, 3, 1))
(-499, 3, 1, 0, 0, 0, 0)
>>> day_start(0, 12, 31) + US_PER_DAY == day_start(1, 1, 1)
True
"""

from __future__ import annotations

import calendar
import datetime as dt

from geotimeline.errors import OutOfRangeError

US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
US_PER_HOUR = 60 * US_PER_MINUTE
US_PER_DAY = 24 * US_PER_HOUR

#: The years geotimeline holds (astronomical numbering: 0 is 1 BCE).
MIN_YEAR = -99_999
MAX_YEAR = 99_999

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_LAST_US_OF_DAY = US_PER_DAY - 1
# The Gregorian calendar repeats every 400 years, which are a whole number of days.
_DAYS_PER_400_YEARS = 146_097
_MAX_ORDINAL = dt.date.max.toordinal()


def _ordinal(year: int, month: int, day: int) -> int:
    """The proleptic Gregorian ordinal (1 for 0001-01-01) of a day of any year.

    Raises ValueError for a month or day that does not exist, as ``datetime.date`` does.
    """
    if 0 < year < 10_000:
        return dt.date(year, month, day).toordinal()
    cycles, year_in_cycle = divmod(year - 1, 400)
    return dt.date(year_in_cycle + 1, month, day).toordinal() + cycles * _DAYS_PER_400_YEARS


#: The first and last microsecond that geotimeline can represent.
MIN_US = (_ordinal(MIN_YEAR, 1, 1) - _EPOCH_ORDINAL) * US_PER_DAY
MAX_US = (_ordinal(MAX_YEAR, 12, 31) - _EPOCH_ORDINAL + 1) * US_PER_DAY - 1
#: The first and last microsecond that a Python date-time holds (years 1 to 9999).
DATETIME_MIN_US = (1 - _EPOCH_ORDINAL) * US_PER_DAY
DATETIME_MAX_US = (_MAX_ORDINAL - _EPOCH_ORDINAL + 1) * US_PER_DAY - 1

#: EDTF season codes (level 1: 21-24; level 2: 25-41) as (first month, number of months).
#: Seasons are meteorological: "spring" is March to May, and a winter that starts in
#: December of one year runs to the end of February of the next.
SEASONS: dict[int, tuple[int, int]] = {
    21: (3, 3), 22: (6, 3), 23: (9, 3), 24: (12, 3),  # spring, summer, autumn, winter
    25: (3, 3), 26: (6, 3), 27: (9, 3), 28: (12, 3),  # the same, northern hemisphere
    29: (9, 3), 30: (12, 3), 31: (3, 3), 32: (6, 3),  # southern hemisphere
    33: (1, 3), 34: (4, 3), 35: (7, 3), 36: (10, 3),  # quarters
    37: (1, 4), 38: (5, 4), 39: (9, 4),  # quadrimesters (four-month periods)
    40: (1, 6), 41: (7, 6),  # semesters (half years)
}  # fmt: skip


def day_start(year: int, month: int, day: int) -> int:
    """The first microsecond of a calendar day (UTC)."""
    if 0 < year < 10_000:  # the common case, inlined: plain dates are read millions of times
        return (dt.date(year, month, day).toordinal() - _EPOCH_ORDINAL) * US_PER_DAY
    return (_ordinal(year, month, day) - _EPOCH_ORDINAL) * US_PER_DAY


def month_end(year: int, month: int) -> int:
    """The last microsecond of a calendar month (UTC)."""
    return day_start(year, month, days_in_month(year, month)) + _LAST_US_OF_DAY


def days_in_month(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS_IN_MONTH[month]


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def years_bounds(first_year: int, count: int) -> tuple[int, int]:
    """The first and last microsecond of ``count`` whole years from ``first_year``."""
    return day_start(first_year, 1, 1), day_start(first_year + count - 1, 12, 31) + _LAST_US_OF_DAY


def season_bounds(year: int, season: int) -> tuple[int, int]:
    """The first and last microsecond of an EDTF season of ``year``."""
    first_month, months = SEASONS[season]
    last_month = first_month + months - 1
    last_year = year + (last_month - 1) // 12
    return day_start(year, first_month, 1), month_end(last_year, (last_month - 1) % 12 + 1)


def fields(us: int) -> tuple[int, int, int, int, int, int, int]:
    """The UTC calendar fields of a microsecond count, for any year: year, month, day, hour,
    minute, second and microsecond.
    """
    days, rest = divmod(us, US_PER_DAY)
    ordinal = days + _EPOCH_ORDINAL
    cycles = 0
    if not 0 < ordinal <= _MAX_ORDINAL:
        cycles, ordinal = divmod(ordinal - 1, _DAYS_PER_400_YEARS)
        ordinal += 1
    date = dt.date.fromordinal(ordinal)
    seconds, microsecond = divmod(rest, US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return date.year + 400 * cycles, date.month, date.day, hour, minute, second, microsecond


def to_datetime(us: int) -> dt.datetime:
    """The UTC date-time of a microsecond count; OutOfRangeError outside years 1 to 9999.

    >>> to_datetime(day_start(-1, 1, 1))
    Traceback (most recent call last):
    ...
    geotimeline.errors.OutOfRangeError: year -1 is outside the years 1-9999 ...
    """
    year, month, day, hour, minute, second, microsecond = fields(us)
    if not DATETIME_MIN_US <= us <= DATETIME_MAX_US:
        raise OutOfRangeError(year)
    return dt.datetime(year, month, day, hour, minute, second, microsecond, tzinfo=dt.UTC)


def from_datetime(moment: dt.datetime) -> int:
    """The microsecond count of an aware date-time (a naive one is read as UTC)."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    days = moment.toordinal() - _EPOCH_ORDINAL
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return days * US_PER_DAY + seconds * US_PER_SECOND + moment.microsecond
