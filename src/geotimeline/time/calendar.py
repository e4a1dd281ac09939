"""Calendar arithmetic on plain integers: microseconds since 1970-01-01T00:00:00Z.

Bounds are kept as integers rather than date-time objects because ordering a large timeline
compares them millions of times, and integers compare an order of magnitude faster than aware
date-times. Everything here is proleptic Gregorian, years 1 to 9999 (what Python's datetime
holds), and UTC.
"""

from __future__ import annotations

import calendar
import datetime as dt

US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
US_PER_HOUR = 60 * US_PER_MINUTE
US_PER_DAY = 24 * US_PER_HOUR

MIN_YEAR = 1
MAX_YEAR = 9999

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_LAST_US_OF_DAY = US_PER_DAY - 1

#: The first and last microsecond that geotimeline can represent.
MIN_US = (dt.date(MIN_YEAR, 1, 1).toordinal() - _EPOCH_ORDINAL) * US_PER_DAY
MAX_US = (dt.date(MAX_YEAR, 12, 31).toordinal() - _EPOCH_ORDINAL + 1) * US_PER_DAY - 1

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
    return (dt.date(year, month, day).toordinal() - _EPOCH_ORDINAL) * US_PER_DAY


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


def to_datetime(us: int) -> dt.datetime:
    """The UTC date-time of a microsecond count."""
    days, rest = divmod(us, US_PER_DAY)
    date = dt.date.fromordinal(days + _EPOCH_ORDINAL)
    seconds, microsecond = divmod(rest, US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.datetime(
        date.year, date.month, date.day, hour, minute, second, microsecond, tzinfo=dt.UTC
    )


def from_datetime(moment: dt.datetime) -> int:
    """The microsecond count of an aware date-time (a naive one is read as UTC)."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    days = moment.toordinal() - _EPOCH_ORDINAL
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return days * US_PER_DAY + seconds * US_PER_SECOND + moment.microsecond
