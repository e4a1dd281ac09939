"""Times of day in English and ISO-like text: "12 May 2021 14:30", "2 pm on 12 May 2021",
"2021-05-12 14:30 UTC", "2017-07-09T12:00 Asia/Damascus".
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import pendulum

from geotimeline.time.parsing.english.reading import _Reading, _RefusalError
from geotimeline.time.when import Moment, Precision, When


def _timed(match: re.Match[str], reading: _Reading) -> When:
    """Read "12 May 2021 14:30", "2021-05-12 14:30 UTC", "2017-07-09T12:00 Asia/Damascus": a
    day read on its own, then the time, in the named zone (without one, in UTC, as EDTF).
    """
    day_text = match.groupdict().get("day")
    if day_text is None:
        # A time alone ("at 18:00 UTC") is on the day of the reference, as news writes it.
        day = reading.today(match)
    else:
        when = reading.part(day_text)
        start = when.start
        if when.is_interval or not isinstance(start, Moment) or start.precision != Precision.DAY:
            reason = f"a time of day goes with a single day, and {str(when)!r} is not one"
            raise _RefusalError(reason)
        day = start.local_datetime().date()
    hour, minute, second = _clock(match)
    fields = (day.year, day.month, day.day, hour, minute, second)
    offset = _zone_offset(match["zone"], fields) if match["zone"] else None
    # The time is as precise as it is written: "2 pm" to the hour, "14:30" to the minute.
    written = 6 if match["second"] is not None else 5 if match["minute"] is not None else 4
    return When.instant(Moment.of(*fields[:written], utc_offset=offset))


def _clock(match: re.Match[str]) -> tuple[int, int, int]:
    """The hour, minute and second of a clock time, with "am" and "pm" turned into 24 hours."""
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    second = int(match["second"] or 0)
    meridiem = (match["meridiem"] or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise _RefusalError(f"hour {hour} does not go with {meridiem}m (1-12)")
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _RefusalError(f"{match['clock']} is not a time of day")
    return hour, minute, second


def _zone_offset(zone: str, fields: tuple[int, int, int, int, int, int]) -> int | dt.timedelta:
    """The UTC offset of the local time ``fields`` in ``zone``: minutes for a written offset,
    the exact offset for a named zone (whose local mean time before 1900 runs to the second).
    """
    upper = zone.upper()
    if upper in ("UTC", "GMT", "Z"):
        return 0
    if upper.startswith(("UTC", "GMT")):
        sign = -1 if upper[3] == "-" else 1
        digits = upper[4:].replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
        return sign * (int(hours) * 60 + int(minutes))
    name = _zone_names().get(zone.casefold())
    if name is None:
        raise _RefusalError(f"{zone!r} is not a time zone (an IANA name such as Asia/Damascus)")
    local = pendulum.datetime(*fields, tz=name)
    offset = local.utcoffset()
    assert offset is not None  # a named zone always has an offset
    return offset


@functools.cache
def _zone_names() -> dict[str, str]:
    """The IANA zone names pendulum knows, by their case-folded form."""
    return {name.casefold(): name for name in pendulum.timezones()}
