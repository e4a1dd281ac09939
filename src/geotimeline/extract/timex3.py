"""The TimeML TIMEX3 form of a :class:`~geotimeline.time.When`: its ``type``, ``value`` and ``mod``.

TimeML (ISO-TimeML, as the TempEval evaluations use it) writes dates much as EDTF does, but
names some periods differently. The mapping, EDTF on the left:

| EDTF (geotimeline) | TIMEX3 value | note |
|---|---|---|
| ``2013``, ``2013-03``, ``2013-03-22`` | the same | years, months, days |
| ``2013-03-22T10:30``, ``…Z``, ``…+07:00`` | the same | ``type`` TIME |
| ``201X`` (decade), ``20XX`` (century) | ``201``, ``20`` | TimeML drops the unknown digits |
| ``2012-21`` .. ``2012-24`` (seasons) | ``2012-SP``, ``-SU``, ``-FA``, ``-WI`` | |
| ``2012-33`` .. ``2012-36`` (quarters) | ``2012-Q1`` .. ``2012-Q4`` | |
| ``2012-40``, ``2012-41`` (halves) | ``2012-H1``, ``2012-H2`` | |
| ``2012-37~`` .. ``2012-39~`` (thirds, "early 2012") | ``2012``, ``mod`` START, MID, END | |
| a Monday-to-Sunday interval | ``2013-W11`` | an ISO week |
| a Saturday-to-Sunday interval | ``2013-W11-WE`` | a weekend |
| ``~`` (approximate) | the value, ``mod`` APPROX | TimeML has no "uncertain" |
| any other interval | the value of its start | TimeML writes an interval as two TIMEX3s |

>>> from geotimeline import When
>>> timex3(When.parse("2017-22"))
{'type': 'DATE', 'value': '2017-SU'}
>>> timex3(When.parse("2017-11-13/2017-11-19"))
{'type': 'DATE', 'value': '2017-W46'}
>>> timex3(When.parse("early 2014"))
{'type': 'DATE', 'value': '2014', 'mod': 'START'}
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs

from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment, Precision, When

__all__ = ["SEASON_CODES", "timex3"]

#: TimeML's names of the EDTF sub-year codes geotimeline reads.
SEASON_CODES: Final = {
    21: "SP", 22: "SU", 23: "FA", 24: "WI", 25: "SP", 26: "SU", 27: "FA", 28: "WI",
    33: "Q1", 34: "Q2", 35: "Q3", 36: "Q4", 40: "H1", 41: "H2",
}  # fmt: skip
#: The thirds of a year (EDTF 37-39), which TimeML writes as the year with a ``mod``.
_THIRD_MODS: Final = {37: "START", 38: "MID", 39: "END"}


def timex3(when: When) -> dict[str, str]:
    """The TIMEX3 ``type``, ``value`` and, where it applies, ``mod`` of ``when``.

    Runtime complexity: O(1).
    """
    start, end = when.start, when.end
    if not isinstance(start, Moment):
        start = end  # "until X": what TimeML can say of it is its end
    if not isinstance(start, Moment):
        return {"type": "DATE", "value": "XXXX"}
    if when.is_interval and isinstance(end, Moment):
        week = _week(start, end)
        if week is not None:
            return {"type": "DATE", "value": week}
    found = {"type": "TIME" if start.precision >= Precision.HOUR else "DATE"}
    found["value"], mod = _value(start)
    if mod is None and start.approximate:
        mod = "APPROX"
    if mod is not None:
        found["mod"] = mod
    return found


def _value(moment: Moment) -> tuple[str, str | None]:
    """A moment's TIMEX3 value, and the ``mod`` its EDTF code implies."""
    text = str(_unqualified(moment))
    if moment.precision == Precision.SEASON and moment.season is not None:
        year = text[: text.rindex("-")]
        if moment.season in _THIRD_MODS:
            return year, _THIRD_MODS[moment.season]
        return f"{year}-{SEASON_CODES.get(moment.season, 'XX')}", None
    if moment.precision in (Precision.DECADE, Precision.CENTURY):
        return text.rstrip("X"), None
    return text, None


def _unqualified(moment: Moment) -> Moment:
    """``moment`` without its qualifiers, so that its text is the bare date."""
    if not (moment.uncertain or moment.approximate):
        return moment
    return attrs.evolve(moment, uncertain=False, approximate=False)


def _week(start: Moment, end: Moment) -> str | None:
    """``2013-W11`` for a Monday-to-Sunday interval of days, ``2013-W11-WE`` for a weekend."""
    if start.precision != Precision.DAY or end.precision != Precision.DAY:
        return None
    first = cal.to_datetime(start.earliest_us).date()
    last = cal.to_datetime(end.earliest_us).date()
    year, week, weekday = first.isocalendar()
    if weekday == 1 and last == first + dt.timedelta(days=6):
        return f"{year:04}-W{week:02}"
    if weekday == 6 and last == first + dt.timedelta(days=1):
        return f"{year:04}-W{week:02}-WE"
    return None
