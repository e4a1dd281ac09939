"""Reading dates written in English: what :meth:`When.parse` does with text that is not EDTF.

The vocabulary, case-insensitive (extra spaces, a trailing period and a leading "on", "in",
"during" or "the" are ignored):

- absolute: ``March 2014``, ``Sept. 2017``, ``18 March 2014``, ``18th of March 2014``,
  ``March 18, 2014``, ``summer 2017``, ``summer of 2017``, ``winter 2017/18``, ``the 1990s``;
- qualifiers: ``circa``, ``c.``, ``ca.``, ``about``, ``around``, ``approximately``, ``roughly``
  (EDTF ``~``), ``possibly``, ``perhaps``, ``probably``, ``maybe`` (EDTF ``?``), and a trailing
  ``?``, ``~`` or ``%`` as in EDTF;
- intervals: ``from X to Y``, ``between X and Y``, ``X to Y``, ``X until Y``, ``X through Y``,
  ``X - Y``, ``X – Y``, ``18-20 March 2014``, ``March to May 2014``, ``X to present``,
  ``since X``, ``ever since X``, ``X onwards``, ``until X``, ``up to X``;
- parts of years and periods: ``Q3 2020``, ``the third quarter of 2017``, ``the first half of
  2017``, ``the 20th century``, ``early``/``mid``/``late``/``the end of`` a year, season, month,
  week, decade or century (a third of it, approximate), ``before 2001``, ``after 2001``;
- times of day: ``12 May 2021 14:30``, ``2 pm on 12 May 2021``, ``2021-05-12 14:30 UTC``,
  ``2017-07-09T12:00 Asia/Damascus``;
- relative, given a reference date: ``today``, ``yesterday``, ``tomorrow``, ``now``, ``the day
  before yesterday``, ``the day after tomorrow``, weekday names with or without ``this``,
  ``last`` or ``next``, ``this week``, ``this weekend``, ``this past weekend``, ``over the
  weekend``, ``this month``, ``this year``, ``this quarter``, ``this summer`` (and
  ``last``/``next`` with each), a bare season name, ``3 days ago``, ``in two weeks``, ``the past
  week``, ``earlier this year``, ``later this month``, ``the week of 6 November``, and a month,
  quarter, day, or days of a month without a year, placed as ``prefer`` says.

Each form is one row of ``_FORMS``: a compiled pattern and a short handler. The first pattern
that matches the whole text wins. What a qualifier qualifies and the ends of an interval are
read again by :meth:`When.parse`, so every form combines with the others and with EDTF.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import Final, Literal, TypeAlias

import attrs
import pendulum

from geotimeline.errors import InvalidFieldError, ParseError
from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment, Precision, Unbounded, When

__all__ = ["PREFERENCES", "Prefer", "parse_natural"]

#: Where a month, weekday or day named without a year lies around the reference date: the most
#: recent one (news reports what has happened), the next one, or the nearer of the two.
Prefer: TypeAlias = Literal["past", "future", "nearest"]
PREFERENCES: Final = ("past", "future", "nearest")

#: How deep parts may nest ("possibly circa from X to Y" is three deep); the bound keeps
#: pathological text from exhausting the stack.
_MAX_DEPTH: Final = 8


class _RefusalError(Exception):
    """Why a recognised form cannot be read; :func:`parse_natural` adds the text at fault."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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
    return _parse(text, _Reading(reference, prefer))


@attrs.frozen
class _Reading:
    """What a handler knows besides its match: the reference day and how deep it is nested."""

    reference: dt.date | None
    #: How a month, weekday or day named without a year is placed around the reference.
    prefer: Prefer = "past"
    depth: int = 0

    def today(self, match: re.Match[str]) -> dt.date:
        """The reference day, which the relative form ``match`` cannot do without."""
        if self.reference is None:
            raise _RefusalError(
                f"{match[0]!r} is relative; give a reference date (When.parse(text, reference=...))"
            )
        return self.reference

    def part(self, text: str) -> When:
        """Read part of the text (an end of an interval, what a qualifier qualifies) on its own."""
        try:
            return self.attempt(text)
        except ParseError as error:
            # Name the part that failed, once: the innermost name is the most precise, and a
            # reason about a relative form already quotes it.
            reason = error.reason
            if " (in " not in reason and repr(text) not in reason:
                reason += f" (in {text!r})"
            raise _RefusalError(reason) from None

    def attempt(self, text: str) -> When:
        """Read part of the text, raising ParseError about the part if it cannot be read."""
        if self.depth >= _MAX_DEPTH:
            raise ParseError(text, f"nests more than {_MAX_DEPTH} qualifiers and intervals")
        return _parse(text, attrs.evolve(self, depth=self.depth + 1))


_Handler: TypeAlias = Callable[[re.Match[str], _Reading], When]


def _parse(text: str, reading: _Reading) -> When:
    # "in two weeks" needs its "in", which _normalise drops as filler ("in 2014").
    ahead = _IN_COUNT.fullmatch(_tidy(text))
    if ahead is not None:
        return _run(_in_count, ahead, reading, text)
    phrase = _normalise(text)
    for pattern, handler in _FORMS:
        match = pattern.fullmatch(phrase)
        if match is not None:
            return _run(handler, match, reading, text)
    raise ParseError(text, "is not a date geotimeline can read")


def _run(handler: _Handler, match: re.Match[str], reading: _Reading, text: str) -> When:
    """Call a handler, turning every way it can fail into a ParseError about ``text``."""
    try:
        return handler(match, reading)
    except _RefusalError as refusal:
        raise ParseError(text, refusal.reason) from None
    except InvalidFieldError as error:
        raise ParseError(text, str(error)) from None
    except OverflowError:  # date arithmetic past year 1 or 9999
        raise ParseError(text, "falls outside the years geotimeline holds (1-9999)") from None


# Unicode spaces (a no-break space from a web page) count as spaces; everything else in the
# patterns is ASCII, so that non-ASCII letters that case-fold to ASCII ones cannot match.
_SPACES = re.compile(r"\s+")
_FILLER = re.compile(r"(?:on|in|during|the) ", re.IGNORECASE | re.ASCII)


def _tidy(text: str) -> str:
    """Collapse spaces and drop a trailing period."""
    return _SPACES.sub(" ", text).strip().removesuffix(".").rstrip()


def _normalise(text: str) -> str:
    """Collapse spaces, drop a trailing period and the leading words that add no meaning."""
    phrase = _tidy(text)
    while filler := _FILLER.match(phrase):
        phrase = phrase[filler.end() :]
    return phrase


# -- Vocabulary -------------------------------------------------------------------------------

_MONTHS: Final = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_MONTH_NAMES: Final = (
    "", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_WEEKDAYS: Final = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_WEEKDAY_NAMES: Final = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip
#: English season names and their EDTF codes (meteorological, northern hemisphere).
_SEASONS: Final = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_WINTER: Final = 24
_COUNTS: Final = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_OFFSETS: Final = {"last": -1, "this": 0, "next": 1}
_ORDINALS: Final = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip
#: EDTF level 2 codes of the first quarter and the first half of a year (33-36, 40-41).
_FIRST_QUARTER: Final = 33
_FIRST_HALF: Final = 40
#: Early, mid and late: which third of a period; the beginning and the end are its first and
#: last thirds too, so that a vague word never claims more precision than "early" does.
_THIRDS: Final = {
    "early": 0, "beginning of": 0, "start of": 0, "mid": 1, "middle of": 1, "late": 2,
    "end of": 2,
}  # fmt: skip
_FIXED_DAYS: Final = {
    "today": 0, "yesterday": -1, "tomorrow": 1, "day before yesterday": -2,
    "day after tomorrow": 2,
}  # fmt: skip


def _names(words: Iterable[str]) -> str:
    # Longest first, so that "september" is tried before its abbreviation "sep".
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<month>{_names(_MONTHS)})\.?"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[0-9]{4})"
_WEEKDAY = rf"(?P<weekday>{_names(_WEEKDAYS)})\.?"
_SEASON = rf"(?P<season>{_names(_SEASONS)})"
_WHICH = r"(?P<which>this|last|next)"
_COUNT = rf"(?P<count>[0-9]{{1,6}}|{_names(_COUNTS)})"
_DECADE = r"(?:the )?(?P<decade>[0-9]{3}0)'?s"
# A comma, with or without a space after it, or a space: "March 18, 2014", "March 18,2014".
_SEP = r"(?:, ?| )"
_FIRST_DAY = r"(?P<first>[0-9]{1,2})(?:st|nd|rd|th)?"
_LAST_DAY = r"(?P<last>[0-9]{1,2})(?:st|nd|rd|th)?"
# Between two days a hyphen needs no spaces ("18-20"); between longer ends it needs them, so
# that the hyphens inside an EDTF date ("2014-03-18") are never taken for a range.
_DAYS_TO = r"(?: ?[-–—] ?| (?:to|until|till|through|and) )"
_DAYS = rf"(?:from |between )?{_FIRST_DAY}{_DAYS_TO}{_LAST_DAY}"
_TO = r"(?: (?:to|until|till|through) | ?[–—] ?| - )"
_ABOUT = r"(?:(?:circa|about|around|approximately|roughly|ca|c) |(?:ca|c)\. ?)"
_NTH = rf"(?P<nth>{_names(_ORDINALS)})"
# A clock time has minutes or "am"/"pm" ("14:30", "2 pm"), so that "March 18" is never a time.
_CLOCK = (
    r"(?P<clock>(?=[0-9]{1,2}(?::[0-9]| ?[ap]\.?m))"
    r"(?P<hour>[0-9]{1,2})(?::(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?)?"
    r"(?: ?(?P<meridiem>[ap])\.?m\.?)?)"
)
# A zone after a time: UTC or GMT (with an offset or not), or an IANA name ("Asia/Damascus").
_ZONE = r"(?P<zone>(?:UTC|GMT)(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?|Z|[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+)"
_PRESENT = re.compile(r"(?:the )?(?:present(?: day)?|now)", re.IGNORECASE | re.ASCII)
_YEAR_ONLY = re.compile(_YEAR)
_DECADE_ONLY = re.compile(_DECADE, re.IGNORECASE | re.ASCII)
_ANY_YEAR = re.compile(r"[0-9]{4}")
_TRAILING_YEAR = re.compile(r"(?<![0-9])[0-9]{4}$")
_FLAGS = re.IGNORECASE | re.ASCII
_BARE_WEEKDAY = re.compile(_WEEKDAY, _FLAGS)
_DAY_MONTH = re.compile(rf"{_DAY} (?:of )?{_MONTH}", _FLAGS)
_MONTH_DAY = re.compile(rf"{_MONTH} {_DAY}", _FLAGS)


def _month(match: re.Match[str]) -> int:
    return _MONTHS[match["month"].lower()]


def _count(match: re.Match[str]) -> int:
    text = match["count"].lower()
    return int(text) if text.isdigit() else _COUNTS[text]


# -- Building results -------------------------------------------------------------------------


def _day(date: dt.date) -> Moment:
    return Moment.of(date.year, date.month, date.day)


def _about_day(date: dt.date) -> Moment:
    return Moment.of(date.year, date.month, date.day, approximate=True)


def _days(first: dt.date, last: dt.date) -> When:
    return When.interval(_day(first), _day(last))


def _interval(start: Moment | Unbounded, end: Moment | Unbounded) -> When:
    if isinstance(start, Moment) and isinstance(end, Moment) and start.earliest_us > end.latest_us:
        raise _RefusalError(f"the interval ends ({end}) before it starts ({start})")
    return When.interval(start, end)


def _start_of(when: When) -> Moment:
    """Where ``when`` begins, to start an interval; an interval end gives its own start."""
    if isinstance(when.start, Unbounded):
        raise _RefusalError(f"{str(when)!r} has no known start to begin an interval with")
    return when.start


def _end_of(when: When) -> Moment:
    """Where ``when`` ends, to end an interval; an interval end gives its own end."""
    if isinstance(when.end, Unbounded):
        raise _RefusalError(f"{str(when)!r} has no known end to finish an interval with")
    return when.end


def _flagged(bound: Moment | Unbounded, uncertain: bool, approximate: bool) -> Moment | Unbounded:
    if isinstance(bound, Unbounded):
        return bound
    return attrs.evolve(
        bound,
        uncertain=bound.uncertain or uncertain,
        approximate=bound.approximate or approximate,
    )


def _with_flags(when: When, *, uncertain: bool = False, approximate: bool = False) -> When:
    """``when`` with the qualifiers added to each of its moments."""
    start = _flagged(when.start, uncertain, approximate)
    if not when.is_interval and isinstance(start, Moment):
        return When.instant(start)
    return When.interval(start, _flagged(when.end, uncertain, approximate))


# -- Qualifiers -------------------------------------------------------------------------------


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


# -- Intervals --------------------------------------------------------------------------------


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


def _next_weekday(day: dt.date, weekday: int) -> dt.date:
    """The first day after ``day`` that is a ``weekday`` (0 is Monday), a week on if it is one."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7 or 7)


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


# -- Relative days and weeks ------------------------------------------------------------------


def _fixed_day(match: re.Match[str], reading: _Reading) -> When:
    today = reading.today(match)
    shift = _FIXED_DAYS[match["name"].lower()]
    return When.instant(_day(today + dt.timedelta(days=shift)))


def _weekday(match: re.Match[str], reading: _Reading) -> When:
    today = reading.today(match)
    weekday = _WEEKDAYS[match["weekday"].lower()]
    which = (match["which"] or "").lower()
    if which:
        return When.instant(_day(_weekday_date(today, weekday, which)))
    past = _weekday_date(today, weekday, "")
    future = today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    return When.instant(_day(_placed(today, past, future, reading.prefer)))


def _weekday_date(today: dt.date, weekday: int, which: str) -> dt.date:
    """The day named ``weekday`` (0 is Monday) that ``which`` picks, seen from ``today``."""
    if which == "this":  # in today's Monday-Sunday week, before or after today
        return _monday(today) + dt.timedelta(days=weekday)
    if which == "next":  # the first one after today
        return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if which == "last":  # the most recent one before today
        return today - dt.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    # A bare name in a news report is a day just past: "on Saturday" in Monday's paper means two
    # days ago, and in Saturday's paper it means today.
    return today - dt.timedelta(days=(today.weekday() - weekday) % 7)


def _placed(today: dt.date, past: dt.date, future: dt.date, prefer: Prefer) -> dt.date:
    """The one of ``past`` (on or before ``today``) and ``future`` (on or after it) that
    ``prefer`` picks: the nearer one, for ``"nearest"``, and the past one of two as near.
    """
    if prefer == "past":
        return past
    if prefer == "future":
        return future
    return past if (today - past) <= (future - today) else future


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _week_of(day: dt.date) -> When:
    monday = _monday(day)
    return _days(monday, monday + dt.timedelta(days=6))


def _week(match: re.Match[str], reading: _Reading) -> When:
    today = reading.today(match)
    return _week_of(today + dt.timedelta(weeks=_OFFSETS[match["which"].lower()]))


def _weekend(match: re.Match[str], reading: _Reading) -> When:
    today = reading.today(match)
    saturday = _weekend_saturday(today, match["which"].lower())
    return _days(saturday, saturday + dt.timedelta(days=1))


def _weekend_saturday(today: dt.date, which: str) -> dt.date:
    """The Saturday of the weekend that ``which`` picks, seen from ``today``."""
    if which == "last":  # the most recent weekend over before today
        return _weekday_date(today, 6, "last") - dt.timedelta(days=1)
    if which == "next":  # the first weekend that starts after today
        return _weekday_date(today, 5, "next")
    # "This weekend" on a Monday to Wednesday is the one just past; on a Thursday or Friday,
    # the coming one; on a Saturday or Sunday, the one under way.
    saturday = _monday(today) + dt.timedelta(days=5)
    return saturday - dt.timedelta(weeks=1) if today.weekday() <= 2 else saturday


def _part_of_period(match: re.Match[str], reading: _Reading) -> When:
    """Read "earlier this year" (from its first day to the reference day), "later this month"."""
    today = reading.today(match)
    first, last = _period(today, match["unit"].lower())
    if match["part"].lower() == "earlier":
        return _days(first, today)
    return _days(today, last)


def _period(today: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the week, month or year that holds ``today``."""
    if unit == "week":
        return _monday(today), _monday(today) + dt.timedelta(days=6)
    if unit == "month":
        last_day = cal.days_in_month(today.year, today.month)
        return today.replace(day=1), today.replace(day=last_day)
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


def _ago(match: re.Match[str], reading: _Reading) -> When:
    """Read "3 days ago" as a day, "2 weeks ago" as a Monday-Sunday week, "a month ago" a month."""
    today = reading.today(match)
    count, unit = _count(match), match["unit"].lower()
    if unit == "day":
        return When.instant(_day(today - dt.timedelta(days=count)))
    if unit == "week":
        return _week_of(today - dt.timedelta(weeks=count))
    if unit == "month":
        return When.instant(Moment.of(*_shift_month(today, -count)))
    return When.instant(Moment.of(today.year - count))


def _shift_month(today: dt.date, months: int) -> tuple[int, int]:
    """The year and month ``months`` after (or before) the month of ``today``."""
    year, month_index = divmod(today.year * 12 + today.month - 1 + months, 12)
    return year, month_index + 1


# -- Relative months, years and seasons -------------------------------------------------------


def _relative_month(match: re.Match[str], reading: _Reading) -> When:
    today = reading.today(match)
    return When.instant(Moment.of(*_shift_month(today, _OFFSETS[match["which"].lower()])))


def _relative_year(match: re.Match[str], reading: _Reading) -> When:
    today = reading.today(match)
    return When.instant(Moment.of(today.year + _OFFSETS[match["which"].lower()]))


def _relative_season(match: re.Match[str], reading: _Reading) -> When:
    """Read "this summer" as the summer of the reference year, "last summer" as the most recent
    summer over before the reference day (in November, the summer just ended), "next summer"
    as the first that starts after it.
    """
    today = reading.today(match)
    season = _SEASONS[match["season"].lower()]
    which = (match["which"] or "this").lower()
    if which == "this":
        return When.instant(Moment.of_season(_season_year(today, season), season))
    day = cal.day_start(today.year, today.month, today.day)
    # A season is at most three months long, so the one wanted is within a year either way.
    seasons = [Moment.of_season(year, season) for year in range(today.year - 2, today.year + 2)]
    if which == "last":
        ended = [found for found in seasons if found.latest_us < day]
        return When.instant(max(ended, key=lambda found: found.earliest_us))
    coming = [found for found in seasons if found.earliest_us > day]
    return When.instant(min(coming, key=lambda found: found.earliest_us))


def _season_year(today: dt.date, season: int) -> int:
    # A winter runs from December into the next year: "this winter" is the one under way in
    # December, January and February, and otherwise the most recent one, because news reports
    # what has happened.
    if season == _WINTER and today.month < 12:
        return today.year - 1
    return today.year


def _recent_month(match: re.Match[str], reading: _Reading) -> When:
    """A month without a year ("in March") is the most recent one, this month included (or, as
    ``prefer`` says, the next one or the nearer).
    """
    today = reading.today(match)
    month = _month(match)
    past = dt.date(today.year if month <= today.month else today.year - 1, month, 1)
    future = dt.date(today.year if month >= today.month else today.year + 1, month, 1)
    # Months are compared by their first days, seen from the first day of this month.
    chosen = _placed(today.replace(day=1), past, future, reading.prefer)
    return When.instant(Moment.of(chosen.year, chosen.month))


def _recent_day(match: re.Match[str], reading: _Reading) -> When:
    """A day without a year ("on 18 March") is the most recent one, today included."""
    today = reading.today(match)
    month, day = _month(match), int(match["day"])
    if not 1 <= day <= cal.days_in_month(2000, month):  # 2000 was a leap year
        raise _RefusalError(f"{_MONTH_NAMES[month]} has no day {day}")
    return When.instant(_day(_placed_day(today, month, day, reading.prefer)))


def _placed_day(today: dt.date, month: int, day: int, prefer: Prefer) -> dt.date:
    """The ``day`` of ``month`` on or before ``today``, or on or after it, as ``prefer`` says."""
    # 29 February comes back within eight years (1896 to 1904 is the longest gap).
    years = range(max(today.year - 8, cal.MIN_YEAR), min(today.year + 8, cal.MAX_YEAR) + 1)
    dates = [dt.date(year, month, day) for year in years if day <= cal.days_in_month(year, month)]
    past = [date for date in dates if date <= today]
    future = [date for date in dates if date >= today]
    if not past or not future:
        raise _RefusalError(f"has no {day} {_MONTH_NAMES[month]} near {today}")
    return _placed(today, past[-1], future[0], prefer)


# -- Absolute dates ---------------------------------------------------------------------------


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
        for year in range(
            max(today.year - 28, cal.MIN_YEAR), min(today.year + 28, cal.MAX_YEAR) + 1
        )
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


# -- Parts of years: quarters and halves ------------------------------------------------------


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


def _relative_quarter(match: re.Match[str], reading: _Reading) -> When:
    """Read "this quarter", "last quarter", "next quarter"."""
    today = reading.today(match)
    index = today.year * 4 + (today.month - 1) // 3 + _OFFSETS[match["which"].lower()]
    return When.instant(Moment.of_season(index // 4, _FIRST_QUARTER + index % 4))


def _recent_part(today: dt.date, code: int, prefer: Prefer) -> When:
    """A quarter or half named without a year: the one of the reference year if it has begun
    (or, preferring the future, if it has not ended), else the one of the year before (after).
    """
    this = Moment.of_season(today.year, code)
    day = cal.day_start(today.year, today.month, today.day)
    past = this if this.earliest_us <= day else Moment.of_season(today.year - 1, code)
    future = this if day <= this.latest_us else Moment.of_season(today.year + 1, code)
    if prefer == "past":
        return When.instant(past)
    if prefer == "future" or past is future:
        return When.instant(future)
    # Nearest: the gap from the end of the past one against the gap to the start of the next.
    nearer = past if day - past.latest_us <= future.earliest_us - day else future
    return When.instant(nearer)


# -- Before and after -------------------------------------------------------------------------


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


# -- Weeks, weekends, the recent past and the near future -------------------------------------


def _week_containing(match: re.Match[str], reading: _Reading) -> When:
    """Read "the week of 6 November 2017": the Monday-to-Sunday week that holds that day."""
    when = reading.part(match["rest"])
    start = when.start
    if when.is_interval or not isinstance(start, Moment) or start.precision != Precision.DAY:
        raise _RefusalError(f"'the week of' goes with a single day, and {str(when)!r} is not one")
    return _week_of(start.local_datetime().date())


def _now(match: re.Match[str], reading: _Reading) -> When:
    """Read "now" as the reference day: a reference is a day, so now is known to the day."""
    return When.instant(_day(reading.today(match)))


def _past_weekend(match: re.Match[str], reading: _Reading) -> When:
    """Read "this past weekend" (the weekend over before the reference day) and "over the
    weekend" (the most recent weekend that has begun, under way or just over).
    """
    today = reading.today(match)
    if match["over"] and today.weekday() >= 5:
        saturday = _monday(today) + dt.timedelta(days=5)
    else:
        saturday = _weekend_saturday(today, "last")
    return _days(saturday, saturday + dt.timedelta(days=1))


def _past_span(match: re.Match[str], reading: _Reading) -> When:
    """Read "the past week", "the past 3 days", "the last two months": from that long before
    the reference day up to it.
    """
    today = reading.today(match)
    count = _count(match) if match.groupdict().get("count") else 1
    return _days(_shifted(today, -count, match["unit"].lower()), today)


def _shifted(day: dt.date, count: int, unit: str) -> dt.date:
    """``day`` moved by ``count`` units (days, weeks, months or years), kept within its month."""
    if unit == "day":
        return day + dt.timedelta(days=count)
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    months = count if unit == "month" else 12 * count
    year, month = _shift_month(day, months)
    return dt.date(year, month, min(day.day, cal.days_in_month(year, month)))


def _in_count(match: re.Match[str], reading: _Reading) -> When:
    """Read "in two weeks", "in 3 days", "in a month": the day, Monday-to-Sunday week, month or
    year that many ahead of the reference, as "two weeks ago" reads them behind it.
    """
    today = reading.today(match)
    count, unit = _count(match), match["unit"].lower()
    ahead = _shifted(today, count, unit)
    if unit == "day":
        return When.instant(_day(ahead))
    if unit == "week":
        return _week_of(ahead)
    if unit == "month":
        return When.instant(Moment.of(ahead.year, ahead.month))
    return When.instant(Moment.of(ahead.year))


# -- Centuries and parts of periods -----------------------------------------------------------


def _century(match: re.Match[str], reading: _Reading) -> When:
    """Read "the 20th century" as people use it, 1900-1999 (EDTF ``19XX``), not as the
    strict count from year 1 has it (1901-2000).
    """
    number = int(match["number"])
    if number < 1:
        raise _RefusalError("centuries are counted from the 1st")
    return When.instant(Moment.of_century((number - 1) * 100))


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


# -- Times of day -----------------------------------------------------------------------------


def _timed(match: re.Match[str], reading: _Reading) -> When:
    """Read "12 May 2021 14:30", "2021-05-12 14:30 UTC", "2017-07-09T12:00 Asia/Damascus": a
    day read on its own, then the time, in the named zone (without one, in UTC, as EDTF).
    """
    when = reading.part(match["day"])
    start = when.start
    if when.is_interval or not isinstance(start, Moment) or start.precision != Precision.DAY:
        raise _RefusalError(f"a time of day goes with a single day, and {str(when)!r} is not one")
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


def _zone_offset(zone: str, fields: tuple[int, int, int, int, int, int]) -> int:
    """The UTC offset, in minutes, of the local time ``fields`` in ``zone``."""
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
    return int(offset.total_seconds()) // 60


@functools.cache
def _zone_names() -> dict[str, str]:
    """The IANA zone names pendulum knows, by their case-folded form."""
    return {name.casefold(): name for name in pendulum.timezones()}


# -- The table --------------------------------------------------------------------------------


def _form(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.ASCII)


# Order matters where forms overlap: words that qualify come first because they qualify all
# that follows them ("circa 1990 to 2000" has two approximate ends); ranges of days come before
# the general interval split, "up to X" before the split at " to "; the relative and
# absolute forms are disjoint; a weekday before a date and plain EDTF come last.
_UNIT = r"(?P<unit>day|week|month|year)s?"
# Matched before the filler words are dropped (see _parse).
_IN_COUNT: Final = _form(rf"in {_COUNT} {_UNIT}(?: from now| time)?")
_QUARTER_OR_HALF_SEP = r"(?:[ /-]|, ?)?"

_FORMS: Final[list[tuple[re.Pattern[str], _Handler]]] = [
    (_form(rf"{_ABOUT}(?P<rest>.+)"), _approximate),
    (_form(r"(?:possibly|perhaps|probably|maybe) (?P<rest>.+)"), _uncertain),
    (_form(rf"(?P<day>.+?)(?:,? (?:at )?|T){_CLOCK}(?: {_ZONE})?"), _timed),
    (_form(rf"(?:at )?{_CLOCK}(?: {_ZONE})?,? on (?P<day>.+)"), _timed),
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
    (_form(rf"{_WEEKDAY}{_SEP}(?P<rest>.+)"), _dated_weekday),
    (_form(r"[0-9xtz?~%/.:+\-, ]+"), _edtf),
]
