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
- relative, given a reference date: ``today``, ``yesterday``, ``tomorrow``, ``the day before
  yesterday``, ``the day after tomorrow``, weekday names with or without ``this``, ``last`` or
  ``next``, ``this week``, ``this weekend``, ``this month``, ``this year``, ``this summer`` (and
  ``last``/``next`` with each), a bare season name, ``3 days ago``, ``two weeks ago``, ``a month
  ago``, ``earlier this year``, ``later this month``, a month name or a day and month without a
  year.

Each form is one row of ``_FORMS``: a compiled pattern and a short handler. The first pattern
that matches the whole text wins. What a qualifier qualifies and the ends of an interval are
read again by :meth:`When.parse`, so every form combines with the others and with EDTF.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Final, NoReturn, TypeAlias

import attrs

from geotimeline.errors import InvalidFieldError, ParseError
from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment, Precision, Unbounded, When

__all__ = ["parse_natural"]

#: How deep parts may nest ("possibly circa from X to Y" is three deep); the bound keeps
#: pathological text from exhausting the stack.
_MAX_DEPTH: Final = 8


class _RefusalError(Exception):
    """Why a recognised form cannot be read; :func:`parse_natural` adds the text at fault."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_natural(text: str, reference: dt.date | None) -> When:
    """Read an English date, resolving relative forms against ``reference`` (a day).

    Raise :class:`ParseError`, with a reason, for text that is not in the vocabulary.

    >>> import datetime as dt
    >>> parse_natural("18th March 2014", None)
    When('2014-03-18')
    >>> parse_natural("this weekend", dt.date(2017, 11, 13))
    When('2017-11-11/2017-11-12')

    Runtime complexity: each pattern is tried once against text of at most 200 characters,
    and again for each nested part.
    """
    return _parse(text, _Reading(reference))


@attrs.frozen
class _Reading:
    """What a handler knows besides its match: the reference day and how deep it is nested."""

    reference: dt.date | None
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
    phrase = _normalise(text)
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


def _in_the_common_era(when: When, text: str) -> When:
    """``when``, if its dates are in years 1-9999: English has no words for other eras (EDTF
    writes them, -0999), so the English forms stay where they always were."""
    for bound in (when.start, when.end):
        if isinstance(bound, Moment) and not 1 <= (year := bound.local_fields()[0]) <= 9999:
            raise ParseError(text, f"year: {year} is out of range (1-9999)")
    return when


# Unicode spaces (a no-break space from a web page) count as spaces; everything else in the
# patterns is ASCII, so that non-ASCII letters that case-fold to ASCII ones cannot match.
_SPACES = re.compile(r"\s+")
_FILLER = re.compile(r"(?:on|in|during|the) ", re.IGNORECASE | re.ASCII)


def _normalise(text: str) -> str:
    """Collapse spaces, drop a trailing period and the leading words that add no meaning."""
    phrase = _SPACES.sub(" ", text).strip()
    phrase = phrase.removesuffix(".").rstrip()
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
_PRESENT = re.compile(r"(?:the )?(?:present(?: day)?|now)", re.IGNORECASE | re.ASCII)
_YEAR_ONLY = re.compile(_YEAR)
_DECADE_ONLY = re.compile(_DECADE, re.IGNORECASE | re.ASCII)
_ANY_YEAR = re.compile(r"[0-9]{4}")
_TRAILING_YEAR = re.compile(r"(?<![0-9])[0-9]{4}$")


def _month(match: re.Match[str]) -> int:
    return _MONTHS[match["month"].lower()]


def _count(match: re.Match[str]) -> int:
    text = match["count"].lower()
    return int(text) if text.isdigit() else _COUNTS[text]


# -- Building results -------------------------------------------------------------------------


def _day(date: dt.date) -> Moment:
    return Moment.of(date.year, date.month, date.day)


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


def _vague(match: re.Match[str], reading: _Reading) -> NoReturn:
    word = match["word"].lower()
    raise _RefusalError(f"{word!r} is vague; write the part you mean in EDTF, {_hint(match)}")


def _hint(match: re.Match[str]) -> str:
    """An EDTF example for "early", "mid" or "late" followed by a year or a decade."""
    part = ("early", "mid", "late").index(match["word"].lower())
    rest = match["rest"]
    if year := _YEAR_ONLY.fullmatch(rest):
        # EDTF codes 37-39 are the thirds of a year: January-April, May-August, September-December.
        months = ("January-April", "May-August", "September-December")[part]
        return f"for example {year[0]}-{37 + part} ({months} {year[0]})"
    if decade := _DECADE_ONLY.fullmatch(rest):
        first = int(decade["decade"]) + 3 * part
        return f"for example {first}/{first + 3} (an interval of years)"
    return "for example an interval such as 2014-01/2014-04"


# -- Intervals --------------------------------------------------------------------------------


def _day_range(match: re.Match[str], reading: _Reading) -> When:
    """Two days of one month: "18-20 March 2014", "March 18 to 20, 2014"."""
    year, month = int(match["year"]), _month(match)
    first = Moment.of(year, month, int(match["first"]))
    return _interval(first, Moment.of(year, month, int(match["last"])))


def _from_to(match: re.Match[str], reading: _Reading) -> When:
    """An interval from the start of one date to the end of another (or to the present)."""
    end_text = match["end"]
    start = _start_of(_read_start(match["start"], end_text, reading))
    if _PRESENT.fullmatch(end_text):
        return _interval(start, Unbounded.OPEN)
    return _interval(start, _end_of(reading.part(end_text)))


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
    return When.instant(_day(_weekday_date(today, weekday, (match["which"] or "").lower())))


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
    """Read "this summer" as the summer of the reference year; "last" and "next" move a year."""
    today = reading.today(match)
    season = _SEASONS[match["season"].lower()]
    year = _season_year(today, season) + _OFFSETS[(match["which"] or "this").lower()]
    return When.instant(Moment.of_season(year, season))


def _season_year(today: dt.date, season: int) -> int:
    # A winter runs from December into the next year: "this winter" is the one under way in
    # December, January and February, and otherwise the most recent one, because news reports
    # what has happened.
    if season == _WINTER and today.month < 12:
        return today.year - 1
    return today.year


def _recent_month(match: re.Match[str], reading: _Reading) -> When:
    """A month without a year ("in March") is the most recent one, this month included."""
    today = reading.today(match)
    month = _month(match)
    year = today.year if month <= today.month else today.year - 1
    return When.instant(Moment.of(year, month))


def _recent_day(match: re.Match[str], reading: _Reading) -> When:
    """A day without a year ("on 18 March") is the most recent one, today included."""
    today = reading.today(match)
    month, day = _month(match), int(match["day"])
    if not 1 <= day <= cal.days_in_month(2000, month):  # 2000 was a leap year
        raise _RefusalError(f"{_MONTH_NAMES[month]} has no day {day}")
    # 29 February comes back within eight years (1896 to 1904 is the longest gap).
    for year in range(today.year, max(today.year - 9, 0), -1):  # a date has years from 1
        if day <= cal.days_in_month(year, month) and dt.date(year, month, day) <= today:
            return When.instant(Moment.of(year, month, day))
    raise _RefusalError(f"has no {day} {_MONTH_NAMES[month]} on or before {today}")


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
    """Read "Saturday, 11 November 2017", whose weekday must agree with its date."""
    when = reading.part(match["rest"])
    start = when.start
    if when.is_interval or not isinstance(start, Moment) or start.precision != Precision.DAY:
        raise _RefusalError(f"a weekday name goes with a single day, and {str(when)!r} is not one")
    actual = start.local_datetime().weekday()
    named = _WEEKDAYS[match["weekday"].lower()]
    if actual != named:
        raise _RefusalError(f"{start} is a {_WEEKDAY_NAMES[actual]}, not a {_WEEKDAY_NAMES[named]}")
    return when


def _edtf(match: re.Match[str], reading: _Reading) -> When:
    # What is left is EDTF: the end of an interval, or "in 2014." once "in" and the period went.
    # Upper case gives back the EDTF letters X, T and Z, and text of EDTF characters alone goes
    # straight to the EDTF reader, never back here.
    try:
        return When.parse(match[0].upper())
    except ParseError as error:
        raise _RefusalError(error.reason) from None


# -- The table --------------------------------------------------------------------------------


def _form(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.ASCII)


# Order matters where forms overlap: words that qualify come first because they qualify all
# that follows them ("circa 1990 to 2000" has two approximate ends); ranges of days come before
# the general interval split, "up to X" before the split at " to "; the relative and
# absolute forms are disjoint; a weekday before a date and plain EDTF come last.
_FORMS: Final[list[tuple[re.Pattern[str], _Handler]]] = [
    (_form(rf"{_ABOUT}(?P<rest>.+)"), _approximate),
    (_form(r"(?:possibly|perhaps|probably|maybe) (?P<rest>.+)"), _uncertain),
    (_form(rf"{_DAYS} (?:of )?{_MONTH}{_SEP}{_YEAR}"), _day_range),
    (_form(rf"{_MONTH} {_DAYS}{_SEP}{_YEAR}"), _day_range),
    (_form(rf"from (?P<start>.+?){_TO}(?P<end>.+)"), _from_to),
    (_form(r"between (?P<start>.+?) and (?P<end>.+)"), _from_to),
    (_form(r"(?:ever )?since (?P<rest>.+)"), _since),
    (_form(r"(?:from )?(?P<rest>.+?) onwards?"), _since),
    (_form(r"(?:until|till|up to|up until) (?P<rest>.+)"), _until),
    (_form(rf"(?P<start>.+?){_TO}(?P<end>.+)"), _from_to),
    (_form(r"(?P<rest>.+?) ?(?P<symbol>[?~%])"), _trailing_qualifier),
    (_form(r"(?P<word>early|mid|late)(?:-| )(?:in )?(?P<rest>.+)"), _vague),
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
