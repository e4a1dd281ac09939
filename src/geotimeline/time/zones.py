"""Reading dates in a named time zone: where a day starts, for queries that ask by local day.

A date carries no zone: geotimeline reads ``2018-10-29`` as the UTC day. A query can name the
IANA zone in which to read its date-only bounds instead (``zone="Asia/Bangkok"``); then the
day runs from local midnight to local midnight, with the zone's rules for that date (daylight
saving time included), from pendulum's zone data.

>>> from geotimeline.time import calendar as cal
>>> midnight = cal.day_start(2018, 10, 29)
>>> print(cal.to_datetime(wall_to_utc(midnight, check_zone("Asia/Bangkok"))))
2018-10-28 17:00:00+00:00
"""

from __future__ import annotations

import datetime as dt

import pendulum

from geotimeline.errors import InvalidFieldError
from geotimeline.time import calendar as cal

__all__ = ["check_zone", "wall_to_utc"]


def check_zone(zone: object) -> str:
    """``zone`` if it is the name of an IANA time zone that pendulum knows, else an
    ``InvalidFieldError`` naming it.

    >>> check_zone("Europe/Kyiv")
    'Europe/Kyiv'
    """
    if not isinstance(zone, str):
        raise InvalidFieldError("zone", zone, "must be the name of an IANA time zone")
    try:
        pendulum.timezone(zone)
    except (ValueError, LookupError):  # pendulum's InvalidTimezone is a ValueError
        raise InvalidFieldError("zone", zone, "is not an IANA time zone name") from None
    return zone


def wall_to_utc(wall_us: int, zone: str) -> int:
    """The instant (UTC microseconds) at which clocks in ``zone`` first show the wall time
    ``wall_us`` (microseconds since 1970-01-01T00:00 on those clocks), kept within years 1-9999
    (and one past their last microsecond, for the end of a span).

    A wall time shown twice (when clocks go back) is read as its first showing; one that clocks
    skip (when they go forward) with the offset in force before the change, which for the
    usual change at midnight is the instant the day begins.

    Runtime complexity: O(log z) for the z transitions of the zone.
    """
    # The offset in force at that wall time; the last representable instant stands in for
    # one past it (the exclusive end of year 9999).
    # Outside the years a date-time holds, the zone's offset at the nearest edge stands in.
    clamped = min(max(wall_us, cal.DATETIME_MIN_US), cal.DATETIME_MAX_US)
    probe = cal.to_datetime(clamped).replace(tzinfo=pendulum.timezone(zone))
    offset = probe.utcoffset() or dt.timedelta(0)
    instant = wall_us - offset // dt.timedelta(microseconds=1)
    return min(max(instant, cal.MIN_US), cal.MAX_US + 1)
