"""Words that qualify a date: "circa" and "possibly", and the parts of a period that
"early", "mid", "late" and "the end of" name, as thirds marked approximate.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from geotimeline.time import calendar as cal
from geotimeline.time.parsing.english.reading import _Reading, _RefusalError
from geotimeline.time.parsing.english.results import _about_day, _shift_month, _with_flags
from geotimeline.time.parsing.english.words import _THIRDS
from geotimeline.time.when import Moment, Precision, When


def _approximate(match: re.Match[str], reading: _Reading) -> When:
    return _with_flags(reading.part(match["rest"]), approximate=True)


def _uncertain(match: re.Match[str], reading: _Reading) -> When:
    return _with_flags(reading.part(match["rest"]), uncertain=True)


def _trailing_qualifier(match: re.Match[str], reading: _Reading) -> When:
    symbol = match["symbol"]
    return _with_flags(
        reading.part(match["rest"]),
        uncertain=symbol in "?%",
        approximate=symbol in "~%",
    )


def _part_of(match: re.Match[str], reading: _Reading) -> When:
    """Read "early 2017", "mid-March 2014", "late summer 2017", "the end of the 1990s": a third
    of the period, marked approximate (EDTF ``~``), because where a vague word stops is a guess.
    """
    third = _THIRDS[match["word"].lower()]
    when = reading.part(match["rest"])
    start, end = when.start, when.end
    if not (isinstance(start, Moment) and isinstance(end, Moment)):
        raise _RefusalError(f"{str(when)!r} has no known start and end to take a part of")
    if not when.is_interval and start.precision == Precision.YEAR:
        # EDTF has codes for the thirds of a year: January-April, May-August, September-December.
        year = start.local_datetime().year
        return When.instant(Moment.of_season(year, 37 + third, approximate=True))
    if not when.is_interval and start.precision == Precision.SEASON:
        first = cal.to_datetime(start.earliest_us).date()
        year, month = _shift_month(first, third)
        return When.instant(Moment.of(year, month, approximate=True))
    return _third_of_span(start, end, third, match["word"])


def _third_of_span(start: Moment, end: Moment, third: int, word: str) -> When:
    """A third of the days (a month, a week) or of the years (a decade, a century) of a span."""
    if start.precision in (Precision.DECADE, Precision.CENTURY, Precision.YEAR) and (
        end.precision in (Precision.DECADE, Precision.CENTURY, Precision.YEAR)
    ):
        first = cal.to_datetime(start.earliest_us).year
        count = cal.to_datetime(end.latest_us).year - first + 1
        low, high = _third_bounds(_CUTS.get((start.precision, count), _thirds(count)), third)
        return When.interval(
            Moment.of(first + low, approximate=True), Moment.of(first + high, approximate=True)
        )
    if Precision.MONTH <= start.precision <= Precision.DAY and (
        Precision.MONTH <= end.precision <= Precision.DAY
    ):
        first_day = cal.to_datetime(start.earliest_us).date()
        count = (cal.to_datetime(end.latest_us).date() - first_day).days + 1
        if count < 3:
            raise _RefusalError(f"{word!r} needs a period of three days or more, not a day")
        cuts = (0, 10, 20, count) if start.precision == Precision.MONTH else _thirds(count)
        low, high = _third_bounds(cuts, third)
        return When.interval(
            _about_day(first_day + dt.timedelta(days=low)),
            _about_day(first_day + dt.timedelta(days=high)),
        )
    raise _RefusalError(f"{word!r} goes with a year, season, month, week, decade or century")


#: Where early, mid and late part as people use them: a month at the 10th and the 20th; a
#: decade after its third and sixth years (1990-1993, 1994-1996, 1997-1999); a century
#: likewise (1900-1933, 1934-1966, 1967-1999). Any other span is cut in even thirds.
_CUTS: Final = {
    (Precision.DECADE, 10): (0, 4, 7, 10),
    (Precision.CENTURY, 100): (0, 34, 67, 100),
}


def _thirds(count: int) -> tuple[int, int, int, int]:
    """Even thirds of ``count`` units, as offsets where each third starts, and ``count``."""
    return (0, round(count / 3), round(2 * count / 3), count)


def _third_bounds(cuts: tuple[int, int, int, int], third: int) -> tuple[int, int]:
    """The first and last offset of third ``third`` (0, 1 or 2) of a span cut at ``cuts``."""
    return cuts[third], cuts[third + 1] - 1
