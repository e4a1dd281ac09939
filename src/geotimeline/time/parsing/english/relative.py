"""Dates relative to a reference day: "yesterday", "on Saturday", "last summer", "two weeks
ago", "in two weeks", "this quarter", and months and days named without a year.
"""

from __future__ import annotations

import datetime as dt
import re

from geotimeline.time import calendar as cal
from geotimeline.time.parsing.english.reading import Prefer, _Reading, _RefusalError
from geotimeline.time.parsing.english.results import (
    _day,
    _days,
    _monday,
    _placed,
    _placed_day,
    _shift_month,
    _shifted,
    _week_of,
    _weekday_date,
)
from geotimeline.time.parsing.english.words import (
    _FIRST_QUARTER,
    _FIXED_DAYS,
    _MONTH_NAMES,
    _OFFSETS,
    _SEASONS,
    _WEEKDAYS,
    _WINTER,
    _count,
    _month,
)
from geotimeline.time.when import Moment, When


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
