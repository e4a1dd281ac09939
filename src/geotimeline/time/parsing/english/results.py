"""Building the ``When`` values that English forms mean, and the day arithmetic they share."""

from __future__ import annotations

import datetime as dt

import attrs

from geotimeline.time import calendar as cal
from geotimeline.time.parsing.english.reading import Prefer, _RefusalError
from geotimeline.time.parsing.english.words import _FIRST_YEAR, _LAST_YEAR, _MONTH_NAMES
from geotimeline.time.when import Moment, Unbounded, When


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


def _next_weekday(day: dt.date, weekday: int) -> dt.date:
    """The first day after ``day`` that is a ``weekday`` (0 is Monday), a week on if it is one."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7 or 7)


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


def _shift_month(today: dt.date, months: int) -> tuple[int, int]:
    """The year and month ``months`` after (or before) the month of ``today``."""
    year, month_index = divmod(today.year * 12 + today.month - 1 + months, 12)
    return year, month_index + 1


def _placed_day(today: dt.date, month: int, day: int, prefer: Prefer) -> dt.date:
    """The ``day`` of ``month`` on or before ``today``, or on or after it, as ``prefer`` says."""
    # 29 February comes back within eight years (1896 to 1904 is the longest gap).
    years = range(max(today.year - 8, _FIRST_YEAR), min(today.year + 8, _LAST_YEAR) + 1)
    dates = [dt.date(year, month, day) for year in years if day <= cal.days_in_month(year, month)]
    past = [date for date in dates if date <= today]
    future = [date for date in dates if date >= today]
    if not past or not future:
        raise _RefusalError(f"has no {day} {_MONTH_NAMES[month]} near {today}")
    return _placed(today, past[-1], future[0], prefer)


def _shifted(day: dt.date, count: int, unit: str) -> dt.date:
    """``day`` moved by ``count`` units (days, weeks, months or years), kept within its month."""
    if unit == "day":
        return day + dt.timedelta(days=count)
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    months = count if unit == "month" else 12 * count
    year, month = _shift_month(day, months)
    return dt.date(year, month, min(day.day, cal.days_in_month(year, month)))
