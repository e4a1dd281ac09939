"""The words and the pieces of patterns that the English forms are made of."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

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


def _form(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.ASCII)


_UNIT = r"(?P<unit>day|week|month|year)s?"


_QUARTER_OR_HALF_SEP = r"(?:[ /-]|, ?)?"


# Unicode spaces (a no-break space from a web page) count as spaces; everything else in the
# patterns is ASCII, so that non-ASCII letters that case-fold to ASCII ones cannot match.
_SPACES = re.compile(r"\s+")


_FILLER = re.compile(r"(?:on|in|during|the) ", re.IGNORECASE | re.ASCII)


def _tidy(text: str) -> str:
    """Collapse spaces and drop a trailing period."""
    return _SPACES.sub(" ", text).strip().removesuffix(".").rstrip()


def _normalise(text: str) -> str:
    """Collapse spaces, drop a trailing period and the leading words that add no meaning."""
    return _without_fillers(_tidy(text))


def _without_fillers(phrase: str) -> str:
    """A tidied phrase without its leading "on", "in", "during" and "the"."""
    while filler := _FILLER.match(phrase):
        phrase = phrase[filler.end() :]
    return phrase


#: The years English dates are read in: English has no words for other eras (EDTF writes
#: them, -0999), and the day arithmetic of relative dates uses Python's dates.
_FIRST_YEAR, _LAST_YEAR = 1, 9999
