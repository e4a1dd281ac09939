"""The English reader: the table of forms, and how text is matched against it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from geotimeline.errors import InvalidFieldError, ParseError
from geotimeline.time.parsing.english.absolute import (
    _century,
    _dated_weekday,
    _day_of_year,
    _decade,
    _edtf,
    _half,
    _month_of_year,
    _quarter,
    _season_of_year,
    _winter_span,
)
from geotimeline.time.parsing.english.intervals import (
    _after,
    _before,
    _day_range,
    _from_to,
    _recent_day_range,
    _since,
    _until,
    _week_containing,
)
from geotimeline.time.parsing.english.qualifiers import (
    _approximate,
    _part_of,
    _trailing_qualifier,
    _uncertain,
)
from geotimeline.time.parsing.english.reading import (
    PREFERENCES,
    Prefer,
    _Handler,
    _Reading,
    _RefusalError,
)
from geotimeline.time.parsing.english.relative import (
    _ago,
    _fixed_day,
    _in_count,
    _now,
    _part_of_period,
    _past_span,
    _past_weekend,
    _recent_day,
    _recent_month,
    _relative_month,
    _relative_quarter,
    _relative_season,
    _relative_year,
    _week,
    _weekday,
    _weekend,
)
from geotimeline.time.parsing.english.times import _timed
from geotimeline.time.parsing.english.words import (
    _ABOUT,
    _CLOCK,
    _COUNT,
    _DAY,
    _DAYS,
    _DECADE,
    _FIRST_YEAR,
    _FIXED_DAYS,
    _LAST_YEAR,
    _MONTH,
    _NTH,
    _QUARTER_OR_HALF_SEP,
    _SEASON,
    _SEP,
    _THIRDS,
    _TO,
    _UNIT,
    _WEEKDAY,
    _WHICH,
    _YEAR,
    _ZONE,
    _form,
    _names,
    _tidy,
    _without_fillers,
)
from geotimeline.time.when import Moment, When


def parse_natural(text: str, reference: dt.date | None, prefer: Prefer = "past") -> When:
    """Read an English date, resolving relative forms against ``reference`` (a day).

    ``prefer`` places a month, weekday or day named without a year: the most recent one
    (``"past"``, the reference included), the next one (``"future"``, the reference included)
    or the nearer of the two (``"nearest"``, the past one when both are as near).

    Raise :class:`ParseError`, with a reason, for text that is not in the vocabulary.

    >>> import datetime as dt
    >>> parse_natural("18th March 2014", None)
    When('2014-03-18')
    >>> parse_natural("this weekend", dt.date(2017, 11, 13))
    When('2017-11-11/2017-11-12')

    Runtime complexity: each pattern is tried once against text of at most 200 characters,
    and again for each nested part.
    """
    if prefer not in PREFERENCES:
        raise ParseError(text, f"prefer must be one of {', '.join(PREFERENCES)}, not {prefer!r}")
    return _parse(text, _Reading(reference, _parse, prefer))


def _parse(text: str, reading: _Reading) -> When:
    # "in two weeks" needs its "in", which is otherwise dropped as filler ("in 2014").
    tidied = _tidy(text)
    ahead = _IN_COUNT.fullmatch(tidied)
    if ahead is not None:
        return _run(_in_count, ahead, reading, text)
    phrase = _without_fillers(tidied)
    for pattern, handler in _FORMS:
        match = pattern.fullmatch(phrase)
        if match is not None:
            return _run(handler, match, reading, text)
    raise ParseError(text, "is not a date geotimeline can read")


def _run(handler: _Handler, match: re.Match[str], reading: _Reading, text: str) -> When:
    """Call a handler, turning every way it can fail into a ParseError about ``text``."""
    try:
        return _in_the_common_era(handler(match, reading), text)
    except _RefusalError as refusal:
        raise ParseError(text, refusal.reason) from None
    except InvalidFieldError as error:
        raise ParseError(text, str(error)) from None
    except OverflowError:  # date arithmetic past year 1 or 9999
        raise ParseError(text, "falls outside the years geotimeline holds (1-9999)") from None


# Matched before the filler words are dropped (see _parse).
_IN_COUNT: Final = _form(rf"in {_COUNT} {_UNIT}(?: from now| time)?")


def _in_the_common_era(when: When, text: str) -> When:
    """``when``, if its dates are in years 1-9999: English has no words for other eras (EDTF
    writes them, -0999), so the English forms stay where they always were."""
    for bound in (when.start, when.end):
        if (
            isinstance(bound, Moment)
            and not _FIRST_YEAR <= (year := bound.local_fields()[0]) <= _LAST_YEAR
        ):
            raise ParseError(text, f"year: {year} is out of range (1-9999)")
    return when


# Order matters where forms overlap: words that qualify come first because they qualify all
# that follows them ("circa 1990 to 2000" has two approximate ends); ranges of days come before
# the general interval split, "up to X" before the split at " to "; the relative and absolute
# forms are disjoint. Times of day come late, as no earlier form reads a clock time and their
# patterns cost the most to try, but before a weekday beside a date, which they may hold
# ("Saturday, 11 November 2017 at 10:30"); plain EDTF comes last.
_FORMS: Final[list[tuple[re.Pattern[str], _Handler]]] = [
    (_form(rf"{_ABOUT}(?P<rest>.+)"), _approximate),
    (_form(r"(?:possibly|perhaps|probably|maybe) (?P<rest>.+)"), _uncertain),
    (_form(rf"{_DAYS} (?:of )?{_MONTH}{_SEP}{_YEAR}"), _day_range),
    (_form(rf"{_MONTH} {_DAYS}{_SEP}{_YEAR}"), _day_range),
    (_form(rf"{_DAYS} (?:of )?{_MONTH}"), _recent_day_range),
    (_form(rf"{_MONTH} {_DAYS}"), _recent_day_range),
    (_form(rf"from (?P<start>.+?){_TO}(?P<end>.+)"), _from_to),
    (_form(r"between (?P<start>.+?) and (?P<end>.+)"), _from_to),
    (_form(r"(?:ever )?since (?P<rest>.+)"), _since),
    (_form(r"(?:from )?(?P<rest>.+?) onwards?"), _since),
    (_form(r"(?:until|till|up to|up until) (?P<rest>.+)"), _until),
    (_form(r"before (?P<rest>.+)"), _before),
    (_form(r"after (?P<rest>.+)"), _after),
    (_form(rf"(?P<start>.+?){_TO}(?P<end>.+)"), _from_to),
    (_form(r"(?P<rest>.+?) ?(?P<symbol>[?~%])"), _trailing_qualifier),
    (_form(rf"(?P<word>{_names(_THIRDS)})(?:-| )(?:in )?(?P<rest>.+)"), _part_of),
    (_form(r"week of (?P<rest>.+)"), _week_containing),
    (_form(r"(?:right )?now|at present"), _now),
    (_form(r"(?:this past|past|(?P<over>over)(?: the)?) weekend"), _past_weekend),
    (_form(rf"past(?: {_COUNT})? {_UNIT}"), _past_span),
    (_form(rf"last {_COUNT} {_UNIT}"), _past_span),
    (_form(rf"{_COUNT} {_UNIT} from now"), _in_count),
    (_form(rf"Q(?P<quarter>[1-4]){_QUARTER_OR_HALF_SEP}{_YEAR}"), _quarter),
    (_form(rf"{_YEAR}{_QUARTER_OR_HALF_SEP}Q(?P<quarter>[1-4])"), _quarter),
    (_form(r"Q(?P<quarter>[1-4])"), _quarter),
    (_form(rf"{_NTH} quarter(?:(?: of)?{_SEP}{_YEAR})?"), _quarter),
    (_form(rf"{_WHICH} quarter"), _relative_quarter),
    (_form(rf"H(?P<half>[12]){_QUARTER_OR_HALF_SEP}{_YEAR}"), _half),
    (_form(rf"{_YEAR}{_QUARTER_OR_HALF_SEP}H(?P<half>[12])"), _half),
    (_form(r"H(?P<half>[12])"), _half),
    (_form(rf"{_NTH} half(?:(?: of)?{_SEP}{_YEAR})?"), _half),
    (_form(r"(?P<number>[0-9]{1,2})(?:st|nd|rd|th) century"), _century),
    (_form(rf"(?P<name>{_names(_FIXED_DAYS)})"), _fixed_day),
    (_form(rf"(?:{_WHICH} )?{_WEEKDAY}"), _weekday),
    (_form(rf"{_WHICH} week"), _week),
    (_form(rf"{_WHICH} weekend"), _weekend),
    (_form(rf"{_WHICH} month"), _relative_month),
    (_form(rf"{_WHICH} year"), _relative_year),
    (_form(rf"(?:{_WHICH} )?{_SEASON}"), _relative_season),
    (_form(rf"{_COUNT} (?P<unit>day|week|month|year)s? ago"), _ago),
    (_form(r"(?P<part>earlier|later) this (?P<unit>week|month|year)"), _part_of_period),
    (_form(rf"{_MONTH}{_SEP}(?:of )?{_YEAR}"), _month_of_year),
    (_form(rf"{_DAY} (?:of )?{_MONTH}{_SEP}{_YEAR}"), _day_of_year),
    (_form(rf"{_MONTH} {_DAY}{_SEP}{_YEAR}"), _day_of_year),
    (_form(rf"{_SEASON}{_SEP}(?:of )?{_YEAR}"), _season_of_year),
    (_form(rf"winter {_YEAR} ?[-/–] ?(?P<next>[0-9]{{2}}|[0-9]{{4}})"), _winter_span),
    (_form(_DECADE), _decade),
    (_form(rf"{_DAY} (?:of )?{_MONTH}"), _recent_day),
    (_form(rf"{_MONTH} {_DAY}"), _recent_day),
    (_form(_MONTH), _recent_month),
    (_form(rf"(?:at )?{_CLOCK}(?: {_ZONE})?"), _timed),
    (_form(rf"(?P<day>.+?)(?:,? (?:at )?|T){_CLOCK}(?: {_ZONE})?"), _timed),
    (_form(rf"(?:at )?{_CLOCK}(?: {_ZONE})?,? on (?P<day>.+)"), _timed),
    (_form(rf"{_WEEKDAY}{_SEP}(?P<rest>.+)"), _dated_weekday),
    (_form(r"[0-9xtz?~%/.:+\-, ]+"), _edtf),
]
