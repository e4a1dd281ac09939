"""Reading ``When`` values from text: EDTF and ISO 8601 here, English in
:mod:`geotimeline.time.parsing.english`.

EDTF comes first because it is what files hold, so its common shapes are matched by one
regular expression each and built without re-validation. Text with letters other than the
ISO separators is handed to the English reader.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import operator
import re
from collections.abc import Sequence
from typing import Final, cast

from geotimeline.errors import InvalidFieldError, ParseError, shown
from geotimeline.time import calendar as cal
from geotimeline.time.parsing.english import Prefer, parse_natural
from geotimeline.time.parsing.ranges import parse_range
from geotimeline.time.when import (
    _MAX_OFFSET_MINUTES,
    Moment,
    Precision,
    Unbounded,
    When,
    _bounds_of_fields,
    _format_year,
    _make,
    _make_when,
    _utc_second_whens,
)

#: Longer text is refused before any parsing: no honest date is this long.
MAX_TEXT_LENGTH: Final = 200

_DATE = re.compile(
    r"""
    (?P<year>-?[0-9]{4}|[0-9]{3}X|[0-9]{2}XX|Y-?[0-9]+)
    (?:-(?P<month>[0-9]{2}|XX)(?:-(?P<day>[0-9]{2}|XX))?)?
    (?:[T\ ](?P<hour>[0-9]{2})(?::(?P<minute>[0-9]{2})
        (?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?)?
        (?P<zone>Z|[+-][0-9]{2}(?::[0-9]{2}(?::[0-9]{2})?|[0-9]{2})?)?)?
    (?P<qualifier>[?~%])?
    """,
    re.VERBOSE,
)
# The shapes files hold most, read by a fast path that does the least work that is still exact.
_PLAIN_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# A day and a time of day as writers make them (2014-03-18T10:30:15Z, isoformat()'s
# 2014-03-18T10:30:15.250000+02:00): to the minute or the second, maybe a fraction of it, in
# UTC, at an offset of hours and minutes, or in no zone. Other times take the general path.
_PLAIN_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
# ISO 8601's basic format: a date, and a time, without separators (20140318T103015Z).
_BASIC_DATE = re.compile(
    r"""
    (?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})
    (?:T(?P<hour>[0-9]{2})(?:(?P<minute>[0-9]{2})
        (?:(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?)?
        (?P<zone>Z|[+-][0-9]{2}(?:[0-9]{2})?)?)?
    """,
    re.VERBOSE,
)
# ISO 8601's ordinal dates, a year and the day of the year: 2014-077 or 2014077.
_ORDINAL_DATE = re.compile(r"(?P<year>[0-9]{4})-?(?P<ordinal>[0-9]{3})(?P<qualifier>[?~%])?")
# Text made only of these is EDTF or ISO 8601 (or a mistake in them), never English.
_EDTF_CHARACTERS = re.compile(r"[0-9XY?~%/.:+\-TZ, ]+")
_FLAGS: Final = {None: (False, False), "?": (True, False), "~": (False, True), "%": (True, True)}
_MONTH_NAMES: Final = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def parse_when(
    text: object, reference: dt.date | str | None = None, prefer: Prefer = "past"
) -> When:
    """Read a ``When`` from EDTF, ISO 8601 or English text (see :meth:`When.parse`)."""
    if type(text) is str and (plain := _PLAIN_DATE.fullmatch(text)) is not None:
        moment = _plain_moment(*plain.groups())
        if moment is not None:
            return _make_when(moment, moment, False)
    if type(text) is str and (timed := _PLAIN_TIME.fullmatch(text)) is not None:
        moment = _plain_time_moment(text, timed)
        if moment is not None:
            return _make_when(moment, moment, False)
    if not isinstance(text, str):
        # shown(), not repr(): the repr of an int of 5000 digits is itself an error.
        raise ParseError(shown(text), f"expected text, got {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise ParseError(text, "is empty")
    if len(stripped) > MAX_TEXT_LENGTH:
        raise ParseError(text[:40] + "...", f"is longer than {MAX_TEXT_LENGTH} characters")
    if _EDTF_CHARACTERS.fullmatch(stripped):
        return _parse_edtf_or_range(stripped)
    return parse_natural(stripped, _reference_date(reference), prefer)


def parse_many(texts: Sequence[str]) -> list[When]:
    """``[When.parse(text) for text in texts]``: the same values, or the error of the first
    text at fault, with the times of day to the second in UTC made a batch at a time.

    Those are the times files hold most (every writer writes ``2014-03-18T10:30:15Z``), and a
    time hardly ever comes twice, so that a reader parses nearly every one it meets: read
    together, each costs a few C steps instead of the calls of :func:`parse_when`.

    >>> [str(when) for when in parse_many(["2014-03-18T10:30:15Z", "2014"])]
    ['2014-03-18T10:30:15Z', '2014']
    >>> parse_many(["2014-03-18T10:30:15Z", "2014-03-18T23:59:60Z"])
    Traceback (most recent call last):
    ...
    geotimeline.errors.ParseError: '2014-03-18T23:59:60Z': second 60 is out of range (00-59)

    Runtime complexity: O(n).
    """
    matches = list(map(_UTC_SECOND.fullmatch, texts))
    timed = list(itertools.compress(range(len(texts)), matches))
    made: list[When | None] = [None] * len(texts)
    whens = (
        _utc_seconds([cast("re.Match[str]", matches[place]) for place in timed]) if timed else None
    )
    if whens is not None:
        for position, when in zip(timed, whens, strict=True):
            made[position] = when
    # The others, and every time when one is out of range, each read (or refused) on its own.
    return [
        When.parse(text) if when is None else when for text, when in zip(texts, made, strict=True)
    ]


# A time of day to the second in UTC, as writers write it: read by parse_many.
_UTC_SECOND = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")


def _utc_seconds(matches: list[re.Match[str]]) -> list[When] | None:
    """The ``When`` of each match of ``_UTC_SECOND``, as :func:`parse_when` reads its text,
    by C loops; None if any field is one that the general path must refuse or read itself.
    """
    columns = zip(*map(re.Match.groups, matches), strict=True)
    years, months, days, hours, minutes, seconds = (list(map(int, column)) for column in columns)
    if max(hours) > 23 or max(minutes) > 59 or max(seconds) > 59:  # what _time_of_day refuses
        return None
    try:
        day_starts = list(map(cal.day_start, years, months, days))
    except ValueError:  # no such day (a 13th month, 30 February): the general path says why
        return None
    # As _bounds_of_fields adds them up, at an offset of 0 and no fraction of a second; the
    # years 0 to 9999 lie well within the years geotimeline holds.
    starts = map(
        sum,
        zip(
            day_starts,
            map(operator.mul, hours, itertools.repeat(cal.US_PER_HOUR)),
            map(operator.mul, minutes, itertools.repeat(cal.US_PER_MINUTE)),
            map(operator.mul, seconds, itertools.repeat(cal.US_PER_SECOND)),
            strict=True,
        ),
    )
    return _utc_second_whens(list(starts))


def _parse_edtf_or_range(text: str) -> When:
    """EDTF, or where EDTF has no reading, a range written with a hyphen (``2014-2016``)."""
    try:
        return _parse_edtf(text)
    except ParseError:
        ranged = parse_range(text, _parse_edtf)
        if ranged is None:
            raise
        return ranged


def _plain_moment(year_text: str, month_text: str | None, day_text: str | None) -> Moment | None:
    """The moment of a valid ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None for anything else.

    None sends the text down the general path, which reads seasons and explains errors.
    """
    year = int(year_text)
    if month_text is None:
        return _make(Moment, *cal.years_bounds(year, 1), Precision.YEAR, None, None, False, False)
    month = int(month_text)
    if not 1 <= month <= 12:
        return None
    if day_text is None:
        return _make(Moment, cal.day_start(year, month, 1), cal.month_end(year, month),
                     Precision.MONTH, None, None, False, False)  # fmt: skip
    try:
        start = cal.day_start(year, month, int(day_text))
    except ValueError:  # no such day: the general path says why
        return None
    return _make(Moment, start, start + _LAST_US_OF_DAY, Precision.DAY, None, None, False, False)


_LAST_US_OF_DAY: Final = cal.US_PER_DAY - 1


def _plain_time_moment(text: str, match: re.Match[str]) -> Moment | None:
    """The moment of a time of day in the shape of ``_PLAIN_TIME``; None for anything the
    general path must refuse (a field out of range, an offset it refuses), so that it says why.

    Only the matching is quick: the fields are checked and turned into bounds by the general
    path's own ``_time_of_day``, so both paths read a time the same way.
    """
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    fields = {"hour": hour, "minute": minute, "second": second, "fraction": fraction, "zone": zone}
    try:
        return _time_of_day(text, int(year), int(month), int(day), fields)
    except (ParseError, ValueError):  # ValueError: no such day
        return None


def _reference_date(reference: dt.date | str | None) -> dt.date | None:
    if isinstance(reference, dt.datetime):  # pendulum's DateTime too
        # The day it was where the time was given: an article dated 23:30 at UTC-05:00 is
        # of that evening, not of the next day in UTC.
        return reference.date()
    if reference is None or isinstance(reference, dt.date):
        return reference
    if isinstance(reference, str):
        when = parse_when(reference)
        if when.is_interval or when.precision < Precision.DAY:
            raise ParseError(reference, "a reference must be a single day or date-time")
        return when.start.local_datetime().date()  # type: ignore[union-attr]
    raise ParseError(shown(reference), "a reference must be a date or ISO date text")


def _parse_edtf(text: str) -> When:
    if "/" not in text:
        moment = parse_moment(text)
        return _make_when(moment, moment, False)
    start_text, _slash, end_text = text.partition("/")
    if "/" in end_text:
        raise ParseError(text, "an interval has one '/', this has more")
    start, end = _parse_bound(start_text, text), _parse_bound(end_text, text)
    if isinstance(start, Unbounded) and isinstance(end, Unbounded):
        raise ParseError(text, "an interval needs at least one known end")
    if isinstance(start, Moment) and isinstance(end, Moment) and start.earliest_us > end.latest_us:
        raise ParseError(text, f"the interval ends ({end}) before it starts ({start})")
    return When(start, end)


def _parse_bound(text: str, whole: str) -> Moment | Unbounded:
    if text == "":
        return Unbounded.UNKNOWN
    if text == "..":
        return Unbounded.OPEN
    try:
        return parse_moment(text)
    except ParseError as error:
        raise ParseError(whole, f"{error.reason} (in {text!r})") from None


def parse_moment(text: str) -> Moment:
    """Read one EDTF or ISO 8601 date or date-time (no interval)."""
    plain = _PLAIN_DATE.fullmatch(text)
    if plain is not None and (moment := _plain_moment(*plain.groups())) is not None:
        return moment
    match = _DATE.fullmatch(text) or _BASIC_DATE.fullmatch(text)
    if match is None:
        ordinal = _ORDINAL_DATE.fullmatch(text)
        if ordinal is not None:
            return _ordinal_day(text, ordinal)
        raise ParseError(text, _explain_mismatch(text))
    fields = match.groupdict()
    uncertain, approximate = _FLAGS[fields.get("qualifier")]
    year_text, month_text, day_text = fields["year"], fields["month"], fields.get("day")
    if fields.get("hour") is not None and (day_text is None or "X" in day_text):
        raise ParseError(text, "a time of day needs a date with its month and day")
    if "X" in year_text:
        return _unspecified_years(text, year_text, fields, uncertain, approximate)
    year = _year(text, year_text)
    if year_text[0] == "Y" and month_text is not None:
        raise ParseError(text, "a Y-prefixed year stands alone, with no month or day (EDTF)")
    if month_text is None or month_text == "XX":
        if day_text not in (None, "XX"):
            raise ParseError(text, "a day needs a known month")
        written = None if month_text is None else Precision.DAY if day_text else Precision.MONTH
        return _make(Moment, *cal.years_bounds(year, 1), Precision.YEAR, None, None,
                     uncertain, approximate, written)  # fmt: skip
    month = int(month_text)
    if day_text is None:
        return _month_or_season(text, year, month, uncertain, approximate)
    if not 1 <= month <= 12:
        raise ParseError(text, f"month {month} is out of range (01-12)")
    if day_text == "XX":
        start, end = cal.day_start(year, month, 1), cal.month_end(year, month)
        return _make(Moment, start, end, Precision.MONTH, None, None, uncertain, approximate,
                     Precision.DAY)  # fmt: skip
    day = int(day_text)
    last_day = cal.days_in_month(year, month)
    if not 1 <= day <= last_day:
        month_name = _MONTH_NAMES[month - 1]
        raise ParseError(text, f"day {day} is out of range for {month_name} {year} (1-{last_day})")
    if fields.get("hour") is None:
        start = cal.day_start(year, month, day)
        return _make(Moment, start, start + cal.US_PER_DAY - 1, Precision.DAY, None, None,
                     uncertain, approximate)  # fmt: skip
    if uncertain or approximate:
        raise ParseError(text, "qualifiers ? ~ % apply to dates, not to times of day")
    return _time_of_day(text, year, month, day, fields)


def _year(text: str, year_text: str) -> int:
    """The year of ``2014``, ``0000``, ``-0999`` or ``Y-170000`` (refused where EDTF refuses it,
    or beyond the years geotimeline holds)."""
    if year_text[0] != "Y":
        if year_text == "-0000":
            raise ParseError(text, "there is no year -0000: year 0000 is 1 BCE, and -0001 2 BCE")
        return int(year_text)
    year = int(year_text[1:])
    if abs(year) <= _FOUR_DIGITS:
        raise ParseError(
            text,
            f"a Y prefix marks a year of more than four digits (EDTF); write {_format_year(year)}",
        )
    if not cal.MIN_YEAR <= year <= cal.MAX_YEAR:
        raise ParseError(text, f"year {year} is outside the {_YEARS} that geotimeline holds")
    return year


_FOUR_DIGITS: Final = 9999
_YEARS: Final = f"years {cal.MIN_YEAR} to {cal.MAX_YEAR}"


def _ordinal_day(text: str, match: re.Match[str]) -> Moment:
    """The day of an ISO 8601 ordinal date: ``2014-077`` is the 77th day of 2014, 18 March."""
    year, ordinal = int(match["year"]), int(match["ordinal"])
    days = 366 if calendar.isleap(year) else 365
    if not 1 <= ordinal <= days:
        raise ParseError(text, f"day {ordinal} of the year is out of range for {year} (1-{days})")
    start = cal.day_start(year, 1, 1) + (ordinal - 1) * cal.US_PER_DAY
    uncertain, approximate = _FLAGS[match["qualifier"]]
    return _make(Moment, start, start + _LAST_US_OF_DAY, Precision.DAY, None, None,
                 uncertain, approximate)  # fmt: skip


def _month_or_season(
    text: str, year: int, month: int, uncertain: bool, approximate: bool
) -> Moment:
    if 1 <= month <= 12:
        return _make(Moment, cal.day_start(year, month, 1), cal.month_end(year, month),
                     Precision.MONTH, None, None, uncertain, approximate)  # fmt: skip
    if month in cal.SEASONS:
        try:
            return Moment.of_season(year, month, uncertain=uncertain, approximate=approximate)
        except InvalidFieldError as error:
            raise ParseError(text, f"{error.field} {error.value} {error.reason}") from None
    raise ParseError(text, f"month {month} is out of range (01-12, or 21-41 for a season)")


def _unspecified_years(
    text: str, year_text: str, fields: dict[str, str | None], uncertain: bool, approximate: bool
) -> Moment:
    if fields["month"] is not None or fields.get("hour") is not None:
        raise ParseError(text, "only the last digits of a year may be unspecified (X)")
    first_year = int(year_text.replace("X", "0"))
    try:
        if year_text.endswith("XX"):
            return Moment.of_century(first_year, uncertain=uncertain, approximate=approximate)
        return Moment.of_decade(first_year, uncertain=uncertain, approximate=approximate)
    except InvalidFieldError as error:
        raise ParseError(text, f"{error.field} {error.value} {error.reason}") from None


def _time_of_day(
    text: str, year: int, month: int, day: int, fields: dict[str, str | None]
) -> Moment:
    # Written out field by field, not looped over: every time of day in a file comes here.
    hour = int(fields["hour"])  # type: ignore[arg-type]  # a time of day always has its hour
    minute_text, second_text = fields["minute"], fields["second"]
    minute = None if minute_text is None else int(minute_text)
    second = None if second_text is None else int(second_text)
    if hour > 23:
        raise ParseError(text, f"hour {hour} is out of range (00-23)")
    if minute is not None and minute > 59:
        raise ParseError(text, f"minute {minute} is out of range (00-59)")
    if second is not None and second > 59:
        raise ParseError(text, f"second {second} is out of range (00-59)")
    if second is not None:
        precision = Precision.SECOND
    else:
        precision = Precision.HOUR if minute is None else Precision.MINUTE
    # Digits beyond the microsecond are dropped: Python's date-times hold no finer time.
    fraction = fields["fraction"]
    microsecond = 0 if fraction is None else int(fraction[:6].ljust(6, "0"))
    offset = _offset_seconds(text, fields["zone"])
    try:
        earliest, latest = _bounds_of_fields(
            precision, year, month, day, hour, minute or 0, second or 0, microsecond, offset
        )
    except InvalidFieldError as error:
        raise ParseError(text, f"{error.field} {error.value} {error.reason}") from None
    # Every field was checked above, so the moment is built without checking it again.
    return _make(Moment, earliest, latest, precision, None, offset, False, False)


def _offset_seconds(text: str, zone: str | None) -> int | None:
    """The UTC offset written as ``zone``, in seconds east of UTC: ``+00:19:32``, the local mean
    time of Amsterdam before 1900, is written to the second, as Python's isoformat writes it.
    """
    if zone is None:
        return None
    if zone == "Z":
        return 0
    digits = zone[1:].replace(":", "")
    hours, minutes, seconds = int(digits[:2]), int(digits[2:4] or 0), int(digits[4:] or 0)
    if seconds > 59:
        raise ParseError(text, f"UTC offset {zone} has more than 59 seconds")
    if zone[0] == "-" and hours == minutes == seconds == 0:
        # RFC 3339: -00:00 says the time is in UTC but the local offset is not known.
        raise ParseError(
            text, f"UTC offset {zone} means an unknown local offset (RFC 3339); write Z for UTC"
        )
    total = (hours * 60 + minutes) * 60 + seconds
    if minutes > 59 or total > _MAX_OFFSET_MINUTES * 60:
        raise ParseError(text, f"UTC offset {zone} is out of range (-14:00 to +14:00)")
    return -total if zone[0] == "-" else total


def _explain_mismatch(text: str) -> str:
    """What is wrong with text that looks like EDTF or ISO 8601 but is neither."""
    for pattern, reason in _MISMATCHES:
        if pattern.match(text):
            return reason
    return "is not an EDTF or ISO 8601 date (for example 2014, 2014-03, 2014-03-18, 2017-22)"


# Mistakes recognised by their shape, the most specific first.
_MISMATCHES: Final = [
    (re.compile(r"[0-9]{8}[T ]"),
     "an ISO 8601 basic date-time is written 20140318T1030 or 20140318T103015Z "
     "(no separators in the time, a T before it)"),
    (re.compile(r"[0-9]{4}-?[0-9]{3}(?![0-9])"),
     "an ordinal date is a year and three digits of the day of the year (2014-077, 2014077)"),
    (re.compile(r"Y-?[0-9]{1,4}(?![0-9])"),
     "a Y prefix marks a year of more than four digits (EDTF); write the year with four"),
    (re.compile(r"Y(?!-?[0-9])"), "a Y prefix is followed by the digits of a year (Y10000)"),
    (re.compile(r"-?[0-9]{5}"),
     f"a year of more than four digits is written with a Y (Y10000), in {_YEARS}"),
    (re.compile(r"-?[0-9]{1,3}(?![0-9X])"), "a year has four digits (0700, -0044)"),
    (re.compile(r"-[0-9]{0,3}X"),
     "EDTF level 1 leaves digits unspecified (X) in years 0000 to 9999 only"),
    (re.compile(r".*X"),
     "EDTF level 1 leaves unspecified (X) only the last one or two digits of a year "
     "(201X, 20XX), the month (2004-XX) or the day (1985-04-XX, 1985-XX-XX)"),
]  # fmt: skip
