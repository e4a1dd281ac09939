"""Ranges written with a hyphen between two dates, as people write them and EDTF does not.

EDTF writes an interval with a slash (``2014/2016``). News text and spreadsheets write
``2014-2016``, ``2014 - 2016``, ``2014-03 - 2014-05`` and ``1998-99``. Those are made of EDTF's
characters, so they reach the EDTF reader first; :func:`parse_range` is what it tries when
EDTF has no reading of the text.

Where a text is valid EDTF, EDTF wins: ``2020-21`` is spring 2020 (EDTF's season code 21),
``2014-11`` is November 2014, and only codes that are neither a month (01-12) nor a season or
other sub-year code (21-41) are read as the last two digits of a year: ``2019-20`` is 2019 to
2020, ``1998-99`` is 1998 to 1999, ``1999-00`` is 1999 to 2000.

>>> parse_range("2014-2016"), parse_range("2014-03 - 2014-05"), parse_range("2019-20")
(When('2014/2016'), When('2014-03/2014-05'), When('2019/2020'))
>>> parse_range("2014-03-18") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from geotimeline.errors import ParseError
from geotimeline.time.when import Moment, When

__all__ = ["parse_range"]

_FULL_YEARS: Final = re.compile(r"(?P<start>[0-9]{4}) ?- ?(?P<end>[0-9]{4})")
_SHORT_END: Final = re.compile(r"(?P<start>[0-9]{4})-(?P<end>[0-9]{2})")
# Two dates of any EDTF shape, with spaces around the hyphen, so that the hyphens inside
# each date ("2014-03") are never taken for the range.
_SPACED: Final = re.compile(r"(?P<start>[^ ]+) - (?P<end>[^ ]+)")
#: The two-digit codes EDTF reads after a year: months, then seasons and other parts of a year.
_EDTF_CODES: Final = frozenset(range(1, 13)) | frozenset(range(21, 42))


def parse_range(text: str, read: Callable[[str], When] | None = None) -> When | None:
    """The interval a hyphenated range of dates means, or None when ``text`` is not one.

    ``read`` reads each end (by default :meth:`When.parse`). A text that is a range but a
    wrong one (it ends before it starts) raises :class:`~geotimeline.errors.ParseError`.

    Runtime complexity: O(len(text)).
    """
    read = read or When.parse
    if full := _FULL_YEARS.fullmatch(text):
        return _interval(text, read(full["start"]), read(full["end"]))
    if short := _SHORT_END.fullmatch(text):
        return _short_end(text, short["start"], short["end"])
    if spaced := _SPACED.fullmatch(text):
        return _interval(text, read(spaced["start"]), read(spaced["end"]))
    return None


def _short_end(text: str, start_text: str, end_digits: str) -> When | None:
    """``1998-99``: a year and the last two digits of a later year, when EDTF reads neither."""
    if int(end_digits) in _EDTF_CODES:
        return None  # a month or a season: EDTF's reading stands, or its error does
    start = int(start_text)
    end = start - start % 100 + int(end_digits)
    if end <= start and start % 100 == 99 and end_digits == "00":
        end += 100  # 1999-00 runs into the next century
    if end <= start:
        raise ParseError(
            text, f"month {int(end_digits)} is out of range (01-12, or 21-41 for a season), "
            f"and {end} is not a year after {start}",
        )  # fmt: skip
    return When.interval(Moment.of(start), Moment.of(end))


def _interval(text: str, start: When, end: When) -> When:
    if start.is_interval or end.is_interval:
        raise ParseError(text, "each end of a range must be a single date, not an interval")
    first, last = start.start, end.end
    # A single date is one moment, so both ends are moments.
    assert isinstance(first, Moment)
    assert isinstance(last, Moment)
    if first.earliest_us > last.latest_us:
        raise ParseError(text, f"the range ends ({last}) before it starts ({first})")
    return When.interval(first, last)
