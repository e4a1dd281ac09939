"""English dates: what When.parse reads beyond EDTF, with and without a reference day.

Each example compares the canonical EDTF text of the result, which is what a reader of the
timeline sees. The reference day of most relative examples is the date of a news article,
Monday 13 November 2017.
"""

from __future__ import annotations

import datetime as dt
import re

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline import Moment, Precision, Unbounded, When
from geotimeline.errors import ParseError

#: A Monday; "on Saturday" in that day's paper means 11 November 2017.
NEWS_DAY = "2017-11-13"

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def read(text: str, reference: str | dt.date | None = None) -> str:
    """The canonical text of what ``text`` means, checking on the way that it reads back."""
    when = When.parse(text, reference=reference)
    assert When.parse(str(when)) == when
    return str(when)


# -- Absolute dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A month stays a month, whatever way it is written.
        ("March 2014", "2014-03"),
        ("Mar 2014", "2014-03"),
        ("Sept. 2017", "2017-09"),
        ("September of 2017", "2017-09"),
        # A day.
        ("18 March 2014", "2014-03-18"),
        ("18th March 2014", "2014-03-18"),
        ("18th of March 2014", "2014-03-18"),
        ("March 18, 2014", "2014-03-18"),
        ("March 18th 2014", "2014-03-18"),
        ("Mar 18,2014", "2014-03-18"),
        ("1st May 2014", "2014-05-01"),
        # A weekday before a date is checked, then dropped: the date says it all.
        ("Saturday, 11 November 2017", "2017-11-11"),
        ("Sat 11 November 2017", "2017-11-11"),
        # 29 February exists in leap years only.
        ("29 February 2016", "2016-02-29"),
    ],
)
def test_months_and_days(text: str, expected: str) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Seasons are meteorological and northern: summer is June to August.
        ("spring 2017", "2017-21"),
        ("summer 2017", "2017-22"),
        ("summer of 2017", "2017-22"),
        ("autumn 2017", "2017-23"),
        ("fall 2017", "2017-23"),
        # A winter is named by the year it starts in: December 2017 to February 2018.
        ("winter 2017", "2017-24"),
        ("winter 2017/18", "2017-24"),
        ("winter 2017-2018", "2017-24"),
        # Decades; "the 1900s" is read as the decade 1900-1909 (the century is 19XX).
        ("the 1990s", "199X"),
        ("1990s", "199X"),
        ("the 1990's", "199X"),
        ("1900s", "190X"),
    ],
)
def test_seasons_and_decades(text: str, expected: str) -> None:
    assert read(text) == expected


def test_a_winter_ends_in_the_next_year() -> None:
    winter = When.parse("winter 2017")
    assert winter.precision is Precision.SEASON
    assert winter.earliest.date() == dt.date(2017, 12, 1)
    assert winter.latest.date() == dt.date(2018, 2, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  SUMMER   2017 ", "2017-22"),
        ("summer 2017.", "2017-22"),
        ("in the summer of 2017", "2017-22"),
        ("during the 1990s", "199X"),
        ("on 18 March 2014", "2014-03-18"),
        ("18\u00a0March 2014", "2014-03-18"),  # a no-break space, as copied from a web page
        ("in 2014.", "2014"),  # EDTF, once "in" and the period are gone
        ("in 201x", "201X"),
    ],
)
def test_case_spaces_period_and_leading_words_do_not_matter(text: str, expected: str) -> None:
    assert read(text) == expected


# -- Qualifiers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "circa" and its kin make an estimate: EDTF ~.
        ("circa 2014", "2014~"),
        ("c. 2014", "2014~"),
        ("ca. 2014", "2014~"),
        ("about March 2014", "2014-03~"),
        ("around 2014", "2014~"),
        ("approximately summer 2017", "2017-22~"),
        # "possibly" and its kin say the source is not sure: EDTF ?.
        ("possibly 2014", "2014?"),
        ("perhaps 18 March 2014", "2014-03-18?"),
        # Both together: EDTF %.
        ("possibly circa 2014", "2014%"),
        ("circa 2014?", "2014%"),
        # A trailing EDTF symbol qualifies the date it follows.
        ("March 2014?", "2014-03?"),
        ("summer 2017~", "2017-22~"),
        # A word in front qualifies everything after it; inside an interval, just its end.
        ("circa 1990 to 2000", "1990~/2000~"),
        ("1990 to circa 2000", "1990/2000~"),
    ],
)
def test_qualifiers(text: str, expected: str) -> None:
    assert read(text) == expected


def test_relative_dates_take_qualifiers_too() -> None:
    assert read("about 3 days ago", NEWS_DAY) == "2017-11-10~"
    assert read("possibly last week", NEWS_DAY) == "2017-11-06?/2017-11-12?"


# -- Intervals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from 2014 to 2016", "2014/2016"),
        ("2014 to 2016", "2014/2016"),
        ("2014 until 2016", "2014/2016"),
        ("2014 through 2016", "2014/2016"),
        ("between 2014 and 2016", "2014/2016"),
        ("March 2014 - May 2014", "2014-03/2014-05"),
        ("1990–2000", "1990/2000"),
        ("1990 — 2000", "1990/2000"),
        ("from 2014 - 2016", "2014/2016"),
        # The ends keep their own precision.
        ("from summer 2014 to 18 March 2015", "2014-22/2015-03-18"),
        ("2014-03-18 to 2014-03-20", "2014-03-18/2014-03-20"),
        # A year (or month and year) written once, at the end, belongs to both ends.
        ("March to May 2014", "2014-03/2014-05"),
        ("spring to autumn 2017", "2017-21/2017-23"),
        ("18 March to 2 April 2014", "2014-03-18/2014-04-02"),
        ("March 18 to April 2, 2014", "2014-03-18/2014-04-02"),
        ("18-20 March 2014", "2014-03-18/2014-03-20"),
        ("18–20 March 2014", "2014-03-18/2014-03-20"),
        ("March 18-20, 2014", "2014-03-18/2014-03-20"),
        ("between 18 and 20 March 2014", "2014-03-18/2014-03-20"),
        # Still going on: EDTF "..".
        ("since 2014", "2014/.."),
        ("ever since April 2014", "2014-04/.."),
        ("2014 onwards", "2014/.."),
        ("from 2014 to present", "2014/.."),
        ("2014–present", "2014/.."),
        # Went on until then, from a start that the text does not give: an empty EDTF start.
        ("until 2016", "/2016"),
        ("until March 2014", "/2014-03"),
        ("up to summer 2017", "/2017-22"),
        ("till 2016", "/2016"),
    ],
)
def test_intervals(text: str, expected: str) -> None:
    assert read(text) == expected


def test_since_gives_an_open_end_and_until_an_unknown_start() -> None:
    assert When.parse("ever since April 2014").end is Unbounded.OPEN
    assert When.parse("until 2016").start is Unbounded.UNKNOWN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An end that is itself an interval lends its outer bound.
        ("since last week", "2017-11-06/.."),
        ("from last week to this week", "2017-11-06/2017-11-19"),
        ("until yesterday", "/2017-11-12"),
        ("since Saturday", "2017-11-11/.."),
        ("from March to May", "2017-03/2017-05"),
    ],
)
def test_intervals_of_relative_dates(text: str, expected: str) -> None:
    assert read(text, NEWS_DAY) == expected


# -- Relative dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", "2017-11-13"),
        ("yesterday", "2017-11-12"),
        ("tomorrow", "2017-11-14"),
        ("the day before yesterday", "2017-11-11"),
        ("the day after tomorrow", "2017-11-15"),
        ("3 days ago", "2017-11-10"),
        ("a day ago", "2017-11-12"),
        # Weeks run Monday to Sunday.
        ("this week", "2017-11-13/2017-11-19"),
        ("last week", "2017-11-06/2017-11-12"),
        ("next week", "2017-11-20/2017-11-26"),
        ("two weeks ago", "2017-10-30/2017-11-05"),
        # Months and years keep their precision.
        ("this month", "2017-11"),
        ("last month", "2017-10"),
        ("next month", "2017-12"),
        ("a month ago", "2017-10"),
        ("11 months ago", "2016-12"),
        ("this year", "2017"),
        ("last year", "2016"),
        ("next year", "2018"),
        ("2 years ago", "2015"),
        # Part of a period, up to or from the reference day.
        ("earlier this year", "2017-01-01/2017-11-13"),
        ("earlier this month", "2017-11-01/2017-11-13"),
        ("earlier this week", "2017-11-13/2017-11-13"),
        ("later this month", "2017-11-13/2017-11-30"),
        ("later this year", "2017-11-13/2017-12-31"),
        # A month, or a day and month, without a year is the most recent one.
        ("in March", "2017-03"),
        ("in November", "2017-11"),
        ("in December", "2016-12"),
        ("on 18 March", "2017-03-18"),
        ("November 13", "2017-11-13"),
        ("November 14", "2016-11-14"),
        ("29 February", "2016-02-29"),
    ],
)
def test_relative_days_weeks_months_and_years(text: str, expected: str) -> None:
    assert read(text, NEWS_DAY) == expected


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # A bare weekday is the most recent such day, the reference day included: news reports
        # what happened ("on Saturday" in Monday's paper).
        ("Saturday", "2017-11-13", "2017-11-11"),
        ("on Saturday", "2017-11-13", "2017-11-11"),
        ("Sunday", "2017-11-13", "2017-11-12"),
        ("Monday", "2017-11-13", "2017-11-13"),
        ("Tuesday", "2017-11-13", "2017-11-07"),
        ("Saturday", "2017-11-11", "2017-11-11"),
        ("sat.", "2017-11-13", "2017-11-11"),
        # "last": the most recent one before the reference day, never that day itself.
        ("last Saturday", "2017-11-13", "2017-11-11"),
        ("last Monday", "2017-11-13", "2017-11-06"),
        ("last Saturday", "2017-11-11", "2017-11-04"),
        # "next": the first one after the reference day.
        ("next Saturday", "2017-11-13", "2017-11-18"),
        ("next Tuesday", "2017-11-13", "2017-11-14"),
        ("next Monday", "2017-11-13", "2017-11-20"),
        # "this": the one in the reference day's Monday-Sunday week.
        ("this Saturday", "2017-11-13", "2017-11-18"),
        ("this Monday", "2017-11-15", "2017-11-13"),
        ("this Sunday", "2017-11-19", "2017-11-19"),
    ],
)
def test_weekdays(text: str, reference: str, expected: str) -> None:
    assert read(text, reference) == expected


# The week of the news day, Monday 13 to Sunday 19 November 2017.
PAST_WEEKEND, COMING_WEEKEND, WEEKEND_AFTER = (
    "2017-11-11/2017-11-12",
    "2017-11-18/2017-11-19",
    "2017-11-25/2017-11-26",
)


@pytest.mark.parametrize(
    ("reference", "this", "last", "next_"),
    [
        # Monday to Wednesday, "this weekend" is the one just past ...
        ("2017-11-13", PAST_WEEKEND, PAST_WEEKEND, COMING_WEEKEND),
        ("2017-11-14", PAST_WEEKEND, PAST_WEEKEND, COMING_WEEKEND),
        ("2017-11-15", PAST_WEEKEND, PAST_WEEKEND, COMING_WEEKEND),
        # ... on Thursday and Friday the coming one ...
        ("2017-11-16", COMING_WEEKEND, PAST_WEEKEND, COMING_WEEKEND),
        ("2017-11-17", COMING_WEEKEND, PAST_WEEKEND, COMING_WEEKEND),
        # ... and at the weekend, the one under way. "last weekend" is the most recent one over
        # before the reference day; "next weekend" the first to start after it.
        ("2017-11-18", COMING_WEEKEND, PAST_WEEKEND, WEEKEND_AFTER),
        ("2017-11-19", COMING_WEEKEND, PAST_WEEKEND, WEEKEND_AFTER),
    ],
)
def test_weekends(reference: str, this: str, last: str, next_: str) -> None:
    assert read("this weekend", reference) == this
    assert read("last weekend", reference) == last
    assert read("next weekend", reference) == next_


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # A season is the one of the reference year; a bare season name means "this".
        ("this summer", "2017-11-13", "2017-22"),
        ("summer", "2017-11-13", "2017-22"),
        ("this spring", "2017-11-13", "2017-21"),
        ("this autumn", "2017-11-13", "2017-23"),
        ("this fall", "2017-11-13", "2017-23"),
        ("this summer", "2017-01-10", "2017-22"),
        # "last" is the most recent one over before the reference day, "next" the first to
        # start after it: in November, last summer is the summer just ended.
        ("last summer", "2017-11-13", "2017-22"),
        ("last summer", "2017-07-13", "2016-22"),
        ("last summer", "2017-09-01", "2017-22"),
        ("next summer", "2017-11-13", "2018-22"),
        ("next summer", "2017-05-31", "2017-22"),
        ("next summer", "2017-06-01", "2018-22"),
        # "this winter" is the winter under way in December, January and February, and
        # otherwise the most recent one.
        ("this winter", "2017-12-05", "2017-24"),
        ("this winter", "2018-01-15", "2017-24"),
        ("this winter", "2018-02-28", "2017-24"),
        ("this winter", "2017-11-13", "2016-24"),
        ("this winter", "2017-03-01", "2016-24"),
        ("last winter", "2018-01-15", "2016-24"),
        ("next winter", "2018-01-15", "2018-24"),
        ("winter", "2017-12-31", "2017-24"),
    ],
)
def test_relative_seasons(text: str, reference: str, expected: str) -> None:
    assert read(text, reference) == expected


def test_a_reference_may_be_a_date() -> None:
    assert read("yesterday", dt.date(2017, 11, 13)) == "2017-11-12"


def test_absolute_dates_ignore_the_reference() -> None:
    assert read("summer 2014", NEWS_DAY) == read("summer 2014") == "2014-22"


# -- Errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "summer",
        "Saturday",
        "on Saturday",
        "last Saturday",
        "this weekend",
        "this summer",
        "last year",
        "today",
        "3 days ago",
        "earlier this year",
        "in March",
        "since Saturday",
    ],
)
def test_relative_forms_need_a_reference(text: str) -> None:
    with pytest.raises(ParseError, match=r"is relative; give a reference date \(When\.parse"):
        When.parse(text)


@pytest.mark.parametrize(
    ("text", "reference", "message"),
    [
        ("summer", None, "'summer': 'summer' is relative; give a reference date"),
        ("recently", None, "'recently': is not a date geotimeline can read"),
        ("soon", NEWS_DAY, "'soon': is not a date geotimeline can read"),
        ("once", NEWS_DAY, "'once': is not a date geotimeline can read"),
        ("the weekend", NEWS_DAY, "'the weekend': is not a date geotimeline can read"),
        # Parts of periods, quarters, halves, centuries and times that do not exist.
        ("late 18 March 2014", None, "'late' needs a period of three days or more, not a day"),
        ("early since 2014", None, "'2014/..' has no known start and end to take a part of"),
        ("the third half of 2017", None, "a year has 2 halves, not 3"),
        ("the 0th century", None, "centuries are counted from the 1st"),
        ("12 May 2021 13 pm", None, "hour 13 does not go with pm (1-12)"),
        ("12 May 2021 24:10", None, "24:10 is not a time of day"),
        ("12 May 2021 14:30 Europe/Nowhere", None, "'Europe/Nowhere' is not a time zone"),
        ("2021 14:30", None, "a time of day needs a date with its month and day"),
        ("May 2021 14:30", None, "a time of day goes with a single day, and '2021-05' is not one"),
        ("the week of 2017", None, "'the week of' goes with a single day"),
        ("12 May 2021 14:30 UTC+15", None, "utc_offset: 900 is out of range"),
        # Dates that do not exist.
        ("31 February 2014", None, "'31 February 2014': day: 31 is out of range (1-28)"),
        ("29 February 2017", None, "day: 29 is out of range (1-28)"),
        ("30 February", NEWS_DAY, "'30 February': February has no day 30"),
        ("March 0, 2014", None, "day: 0 is out of range (1-31)"),
        ("spring 0000", None, "year: 0 is out of range (1-9999)"),
        ("Saturday, 12 November 2017", None, "2017-11-12 is a Sunday, not a Saturday"),
        ("winter 2017/19", None, "a winter that starts in 2017 ends in 2018, not 19"),
        # Intervals must run forwards and need a known start or end where they take one.
        ("from 2016 to 2014", None, "the interval ends (2014) before it starts (2016)"),
        ("20-18 March 2014", None, "ends (2014-03-18) before it starts (2014-03-20)"),
        ("since until 2014", None, "'/2014' has no known start to begin an interval with"),
        ("from 2014 to whenever", None, "is not a date geotimeline can read (in 'whenever')"),
        # Relative dates outside the calendar.
        ("tomorrow", dt.date(9999, 12, 31), "falls outside the years geotimeline holds (1-9999)"),
        ("999999 days ago", NEWS_DAY, "falls outside the years geotimeline holds"),
        ("3000 years ago", NEWS_DAY, "year: -983 is out of range (1-9999)"),
        # EDTF errors are passed on.
        ("in 2014-13", None, "'in 2014-13': month 13 is out of range"),
    ],
)  # fmt: skip
def test_errors_say_what_is_wrong(text: str, reference: str | dt.date | None, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        When.parse(text, reference=reference)


def test_a_parse_error_is_a_value_error_that_keeps_the_text() -> None:
    with pytest.raises(ValueError, match="is not a date") as caught:
        When.parse("sometime")
    assert isinstance(caught.value, ParseError)
    assert caught.value.text == "sometime"


def test_deeply_nested_text_is_refused_without_exhausting_the_stack() -> None:
    with pytest.raises(ParseError, match="nests more than 8 qualifiers and intervals"):
        When.parse("c." * 90 + "2014")
    with pytest.raises(ParseError, match="nests more than"):
        When.parse("a" + "?" * 190)


# -- Properties -------------------------------------------------------------------------------

news_days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
four_digit_days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


def day_of(when: When) -> dt.date:
    """The calendar day of an instant of precision DAY."""
    assert not when.is_interval
    assert isinstance(when.start, Moment)
    assert when.start.precision is Precision.DAY
    return when.start.local_datetime().date()


@given(reference=news_days, weekday=st.integers(0, 6))
def test_a_weekday_is_the_most_recent_such_day(reference: dt.date, weekday: int) -> None:
    day = day_of(When.parse(WEEKDAY_NAMES[weekday], reference=reference))
    assert day.weekday() == weekday
    assert 0 <= (reference - day).days < 7


@given(reference=news_days, weekday=st.integers(0, 6))
def test_last_and_next_weekday_are_strictly_before_and_after(
    reference: dt.date, weekday: int
) -> None:
    last = day_of(When.parse(f"last {WEEKDAY_NAMES[weekday]}", reference=reference))
    next_ = day_of(When.parse(f"next {WEEKDAY_NAMES[weekday]}", reference=reference))
    assert last.weekday() == next_.weekday() == weekday
    assert 1 <= (reference - last).days <= 7
    assert 1 <= (next_ - reference).days <= 7


@given(reference=news_days)
def test_this_weekend_is_a_saturday_and_sunday_within_six_days(reference: dt.date) -> None:
    weekend = When.parse("this weekend", reference=reference)
    saturday = weekend.earliest.date()
    assert saturday.weekday() == 5
    assert weekend.latest.date() == saturday + dt.timedelta(days=1)
    assert abs((saturday - reference).days) <= 6


@given(reference=news_days, count=st.integers(0, 10_000))
def test_days_ago_counts_back_from_the_reference(reference: dt.date, count: int) -> None:
    expected = reference - dt.timedelta(days=count)
    when = When.parse(f"{count} days ago", reference=reference)
    assert when == When.instant(Moment.of(expected.year, expected.month, expected.day))


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


#: Every way of writing a day in English that the reader accepts, with the fields of
#: test_every_english_day_form_reads_as_that_day.
DAY_FORMS = [
    "{day} {month} {year}",
    "{ordinal} {month} {year}",
    "the {ordinal} of {month} {year}",
    "{month} {day}, {year}",
    "{month} {ordinal} {year}",
    "{abbreviation}. {day} {year}",
    "  on {day}  {upper} {year}.",
    "{weekday}, {day} {month} {year}",
]


@given(date=four_digit_days, form=st.sampled_from(DAY_FORMS))
def test_every_english_day_form_reads_as_that_day(date: dt.date, form: str) -> None:
    month = MONTH_NAMES[date.month - 1]
    text = form.format(
        day=date.day,
        ordinal=_ordinal(date.day),
        month=month,
        abbreviation=month[:3],
        upper=month.upper(),
        weekday=WEEKDAY_NAMES[date.weekday()],
        year=date.year,
    )
    assert When.parse(text) == When.instant(Moment.of(date.year, date.month, date.day))


@given(year=st.integers(1000, 9998), month=st.integers(1, 12))
def test_every_english_month_form_reads_as_that_month(year: int, month: int) -> None:
    expected = When.instant(Moment.of(year, month))
    assert When.parse(f"{MONTH_NAMES[month - 1]} {year}") == expected
    assert When.parse(f"{MONTH_NAMES[month - 1][:3]} {year}") == expected


#: Words and numbers from the vocabulary, so that random text often gets past the first
#: pattern and into the handlers.
VOCABULARY = [
    "18", "31", "0", "2014", "9999", "0001", "1990s", "2014-03", "2017-22", "..", "/",
    "March", "Feb", "sept.", "summer", "winter", "Saturday", "sun", "this", "last", "next",
    "week", "weekend", "month", "year", "days", "ago", "a", "two", "earlier", "later", "from",
    "to", "until", "between", "and", "since", "ever", "up", "circa", "c.", "possibly", "early",
    "mid", "the", "of", "on", "in", "present", "onwards", "-", "–", ",", "?", "~", "%", "today",
    "yesterday", "tomorrow", "day", "before", "after", "late", "end", "beginning", "middle",
    "quarter", "half", "Q3", "H1", "third", "first", "past", "over", "now", "century", "20th",
    "14:30", "2", "pm", "am", "at", "UTC", "GMT+3", "Asia/Damascus", "T", "from now", "last",
    "next", "this", "weekend", "9-11", "Nov.", "2019-20", "1998-99",
]  # fmt: skip
vocabulary_text = st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join)
references = st.none() | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@given(text=st.text(max_size=60) | vocabulary_text, reference=references)
def test_parse_raises_only_parse_errors_and_what_it_reads_reads_back(
    text: str, reference: dt.date | None
) -> None:
    try:
        when = When.parse(text, reference=reference)
    except ParseError:
        return
    assert When.parse(str(when)) == when


# -- Regressions: references of every type, weekdays beside dates, weekday ranges -------------


@pytest.mark.parametrize(
    "reference",
    [
        dt.date(2017, 11, 13),
        dt.datetime(2017, 11, 13, 10, 30),
        dt.datetime(2017, 11, 13, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        pendulum.datetime(2017, 11, 13, 10, 30),
        pendulum.date(2017, 11, 13),
        "2017-11-13",
        "2017-11-13T10:30:00Z",
    ],
    ids=repr,
)
def test_a_reference_may_be_any_date_or_date_time_the_docs_name(reference: object) -> None:
    # A datetime reference used to raise TypeError ("can't compare datetime to date").
    assert When.parse("March 18", reference=reference) == When.parse("2017-03-18")  # type: ignore[arg-type]
    assert read("Saturday", reference) == "2017-11-11"  # type: ignore[arg-type]


def test_an_aware_reference_is_read_on_its_own_day() -> None:
    # 23:30 at UTC-05:00 is already the next day in UTC; the article is of its own evening.
    late = dt.datetime(2017, 11, 13, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert read("today", late) == "2017-11-13"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday, 14 November", "2017-11-14"),
        ("Tuesday 14 November", "2017-11-14"),
        ("Saturday, 11 November", "2017-11-11"),
        ("Sunday, November 12", "2017-11-12"),
        ("Thursday, 14 November", "2019-11-14"),
        ("Monday, 14 November", "2016-11-14"),
        ("Wednesday, 29 February", "2012-02-29"),
    ],
)
def test_a_weekday_beside_a_yearless_date_picks_the_nearest_year(text: str, expected: str) -> None:
    assert read(text, NEWS_DAY) == expected


@given(reference=news_days, day=st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
def test_a_weekday_and_a_yearless_date_read_as_a_day_of_that_weekday(
    reference: dt.date, day: dt.date
) -> None:
    text = f"{WEEKDAY_NAMES[day.weekday()]}, {day.day} {MONTH_NAMES[day.month - 1]}"
    found = day_of(When.parse(text, reference=reference))
    assert found.weekday() == day.weekday()
    assert (found.month, found.day) == (day.month, day.day)
    # No day of that weekday and date lies nearer the reference.
    assert abs((found - reference).days) <= abs((day - reference).days)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from Monday to Wednesday", "2017-11-13/2017-11-15"),
        ("between Monday and Friday", "2017-11-13/2017-11-17"),
        ("Monday to Wednesday", "2017-11-13/2017-11-15"),
        ("from Saturday to Sunday", "2017-11-11/2017-11-12"),
        ("from Thursday to Tuesday", "2017-11-09/2017-11-14"),
        ("from Monday to Monday", "2017-11-13/2017-11-20"),
    ],
)
def test_a_weekday_range_ends_on_the_first_such_day_after_its_start(
    text: str, expected: str
) -> None:
    assert read(text, NEWS_DAY) == expected


# -- The vocabulary of news text --------------------------------------------------------------

ORDINALS = ["first", "second", "third", "fourth"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Quarters and halves: EDTF level 2 codes 33-36 and 40-41.
        ("Q3 2020", "2020-35"),
        ("Q3/2020", "2020-35"),
        ("2020 Q3", "2020-35"),
        ("2020-Q3", "2020-35"),
        ("the third quarter of 2017", "2017-35"),
        ("the 3rd quarter of 2017", "2017-35"),
        ("Q3", "2017-35"),
        ("the fourth quarter", "2017-36"),
        ("Q1", "2017-33"),
        ("last quarter", "2017-35"),
        ("this quarter", "2017-36"),
        ("next quarter", "2018-33"),
        ("the first half of 2017", "2017-40"),
        ("H2 2017", "2017-41"),
        ("the second half", "2017-41"),
        # Before and after: open intervals that end just before, or start just after.
        ("before 2001", "../2000"),
        ("after 2001", "2002/.."),
        ("before March 2014", "../2014-02"),
        ("after 18 March 2014", "2014-03-19/.."),
        ("before summer 2017", "../2017-05"),
        ("after the 1990s", "2000/.."),
        ("before 1 January 2014", "../2013-12-31"),
        # Days of a month, with and without a year, and weeks.
        ("Nov. 9-11", "2017-11-09/2017-11-11"),
        ("9-11 November", "2017-11-09/2017-11-11"),
        ("July 13-15, 2017", "2017-07-13/2017-07-15"),
        ("between 12 and 14 May 2021", "2021-05-12/2021-05-14"),
        ("the week of 6 November 2017", "2017-11-06/2017-11-12"),
        ("the week of 8 November", "2017-11-06/2017-11-12"),
        # Times of day, in English and ISO-like forms, in UTC or in a named zone.
        ("12 May 2021 14:30", "2021-05-12T14:30"),
        ("12 May 2021, 14:30:15", "2021-05-12T14:30:15"),
        ("2021-05-12 14:30 UTC", "2021-05-12T14:30Z"),
        ("2021-05-12 14:30 GMT", "2021-05-12T14:30Z"),
        ("12 May 2021 14:30 GMT+3", "2021-05-12T14:30+03:00"),
        ("12 May 2021 14:30 UTC-05:30", "2021-05-12T14:30-05:30"),
        ("2017-07-09T12:00 Asia/Damascus", "2017-07-09T12:00+03:00"),
        ("2017-01-09T12:00 asia/damascus", "2017-01-09T12:00+02:00"),
        ("12 May 2021 at 2:30 pm", "2021-05-12T14:30"),
        ("12 May 2021 at 12 am", "2021-05-12T00"),
        ("2 p.m. on 12 May 2021", "2021-05-12T14"),
        ("14:30 on Saturday", "2017-11-11T14:30"),
        ("18:00 UTC", "2017-11-13T18:00Z"),
        ("at 2 pm", "2017-11-13T14"),
        # The recent past and the near future.
        ("now", "2017-11-13"),
        ("this past weekend", "2017-11-11/2017-11-12"),
        ("over the weekend", "2017-11-11/2017-11-12"),
        ("the past week", "2017-11-06/2017-11-13"),
        ("in the past week", "2017-11-06/2017-11-13"),
        ("the past 3 days", "2017-11-10/2017-11-13"),
        ("the last two months", "2017-09-13/2017-11-13"),
        ("the past year", "2016-11-13/2017-11-13"),
        ("in two weeks", "2017-11-27/2017-12-03"),
        ("in 3 days", "2017-11-16"),
        ("in a month", "2017-12"),
        ("in two years' time", None),
        ("in 2 years time", "2019"),
        ("two weeks from now", "2017-11-27/2017-12-03"),
        # Centuries as people use them.
        ("the 20th century", "19XX"),
        ("the 21st century", "20XX"),
        # Parts of periods: thirds, marked approximate.
        ("early 2017", "2017-37~"),
        ("mid-2017", "2017-38~"),
        ("late 2017", "2017-39~"),
        ("the end of 2017", "2017-39~"),
        ("the beginning of 2017", "2017-37~"),
        ("the middle of 2017", "2017-38~"),
        ("early March 2014", "2014-03-01~/2014-03-10~"),
        ("mid-March 2014", "2014-03-11~/2014-03-20~"),
        ("late March 2014", "2014-03-21~/2014-03-31~"),
        ("the end of February 2017", "2017-02-21~/2017-02-28~"),
        ("early summer 2017", "2017-06~"),
        ("late summer 2017", "2017-08~"),
        ("late winter 2017", "2018-02~"),
        ("the early 1990s", "1990~/1993~"),
        ("the mid-1990s", "1994~/1996~"),
        ("the late 1990s", "1997~/1999~"),
        ("the early 20th century", "1900~/1933~"),
        ("late last year", "2016-39~"),
        ("early this month", "2017-11-01~/2017-11-10~"),
        ("early next week", "2017-11-20~/2017-11-21~"),
        ("late this week", "2017-11-18~/2017-11-19~"),
    ],
)
def test_the_vocabulary_of_news_text(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ParseError):
            When.parse(text, reference=NEWS_DAY)
    else:
        assert read(text, NEWS_DAY) == expected


@given(year=st.integers(1000, 9999), quarter=st.integers(1, 4), form=st.integers(0, 3))
def test_every_quarter_form_reads_as_its_edtf_code(year: int, quarter: int, form: int) -> None:
    text = (
        f"Q{quarter} {year}",
        f"{year} Q{quarter}",
        f"the {ORDINALS[quarter - 1]} quarter of {year}",
        f"{ORDINALS[quarter - 1]} quarter {year}",
    )[form]
    assert When.parse(text) == When.instant(Moment.of_season(year, 32 + quarter))


@given(when=st.sampled_from(["2014", "2014-03", "2014-03-18", "2017-22", "199X"]))
def test_before_ends_just_before_and_after_starts_just_after(when: str) -> None:
    date = When.parse(when)
    before, after = When.parse(f"before {when}"), When.parse(f"after {when}")
    assert before.start is Unbounded.OPEN
    assert after.end is Unbounded.OPEN
    assert before.latest_us + 1 == date.earliest_us
    assert after.earliest_us == date.latest_us + 1


@given(year=st.integers(1000, 9998), month=st.integers(1, 12), unit=st.sampled_from(["y", "m"]))
def test_early_mid_and_late_tile_their_period(year: int, month: int, unit: str) -> None:
    period = f"{MONTH_NAMES[month - 1]} {year}" if unit == "m" else str(year)
    whole = When.parse(period)
    early, mid, late = (When.parse(f"{word} {period}") for word in ("early", "mid", "late"))
    assert (early.earliest_us, late.latest_us) == (whole.earliest_us, whole.latest_us)
    assert mid.earliest_us == early.latest_us + 1
    assert late.earliest_us == mid.latest_us + 1
    for part in (early, mid, late):
        assert all(moment.approximate for moment in (part.start, part.end))  # type: ignore[union-attr]


@given(reference=news_days, month=st.integers(1, 12))
def test_prefer_places_a_month_without_a_year(reference: dt.date, month: int) -> None:
    name = MONTH_NAMES[month - 1]
    past, future, nearest = (
        When.parse(name, reference=reference, prefer=prefer).earliest.date()  # type: ignore[arg-type]
        for prefer in ("past", "future", "nearest")
    )
    this_month = reference.replace(day=1)
    assert past <= this_month <= future
    assert past.month == future.month == nearest.month == month
    assert (future - past).days <= 366
    assert nearest in (past, future)
    assert abs((nearest - this_month).days) <= min(
        (this_month - past).days, (future - this_month).days
    )


@given(reference=news_days, weekday=st.integers(0, 6))
def test_prefer_future_places_a_weekday_on_or_after_the_reference(
    reference: dt.date, weekday: int
) -> None:
    future = day_of(When.parse(WEEKDAY_NAMES[weekday], reference=reference, prefer="future"))
    assert future.weekday() == weekday
    assert 0 <= (future - reference).days < 7


def test_prefer_must_be_one_of_three() -> None:
    with pytest.raises(ParseError, match="prefer must be one of past, future, nearest"):
        When.parse("March", reference=NEWS_DAY, prefer="soon")  # type: ignore[arg-type]


@given(
    zone=st.sampled_from(["Asia/Damascus", "Europe/Kyiv", "America/New_York", "Asia/Kolkata"]),
    moment=st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 12, 31)),
)
def test_a_named_zone_gives_its_offset_at_that_local_time(zone: str, moment: dt.datetime) -> None:
    local = pendulum.instance(moment.replace(second=0, microsecond=0), tz=zone)
    # Local times that a clock change skips or repeats are left aside: either offset is right.
    if pendulum.datetime(*local.timetuple()[:5], tz=zone).utcoffset() != local.utcoffset():
        return
    when = When.parse(f"{local.date().isoformat()} {local.hour:02}:{local.minute:02} {zone}")
    offset = local.utcoffset()
    assert offset is not None
    assert when.start.utc_offset == int(offset.total_seconds()) // 60  # type: ignore[union-attr]
    assert when.earliest == pendulum.instance(local).in_timezone("UTC")


@given(reference=news_days, count=st.integers(0, 400))
def test_in_days_counts_forward_as_ago_counts_back(reference: dt.date, count: int) -> None:
    ahead = day_of(When.parse(f"in {count} days", reference=reference))
    behind = day_of(When.parse(f"{count} days ago", reference=reference))
    assert (ahead - reference).days == count == (reference - behind).days
