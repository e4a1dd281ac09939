"""The time model: reading EDTF and ISO 8601, extents, precision, order and round trips."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import pickle
import weakref
from collections.abc import Callable

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from geotimeline import Moment, Precision, Unbounded, When
from geotimeline.errors import GeotimelineError, InvalidFieldError, OutOfRangeError, ParseError
from geotimeline.time import calendar as cal
from geotimeline.time.parsing import edtf as _parse
from tests.strategies import (
    date_texts,
    days,
    moments,
    pre_1900_local_times,
    time_of_day_texts,
    whens,
    wide_moments,
    wide_whens,
)

UTC = dt.UTC


def utc(*fields: int) -> dt.datetime:
    return dt.datetime(*fields, tzinfo=UTC)  # type: ignore[misc]


class TestReadingEdtf:
    @pytest.mark.parametrize(
        ("text", "canonical", "precision", "earliest", "latest"),
        [
            ("2014", "2014", "YEAR", utc(2014, 1, 1), utc(2014, 12, 31, 23, 59, 59, 999999)),
            ("2014-03", "2014-03", "MONTH", utc(2014, 3, 1), utc(2014, 3, 31, 23, 59, 59, 999999)),
            (
                "2014-03-18",
                "2014-03-18",
                "DAY",
                utc(2014, 3, 18),
                utc(2014, 3, 18, 23, 59, 59, 999999),
            ),
            (
                "20140318",
                "2014-03-18",
                "DAY",
                utc(2014, 3, 18),
                utc(2014, 3, 18, 23, 59, 59, 999999),
            ),
            ("2017-22", "2017-22", "SEASON", utc(2017, 6, 1), utc(2017, 8, 31, 23, 59, 59, 999999)),
            ("201X", "201X", "DECADE", utc(2010, 1, 1), utc(2019, 12, 31, 23, 59, 59, 999999)),
            ("19XX", "19XX", "CENTURY", utc(1900, 1, 1), utc(1999, 12, 31, 23, 59, 59, 999999)),
            # Unspecified fields are known to the coarser precision, and written back as given.
            ("2014-XX", "2014-XX", "YEAR", utc(2014, 1, 1), utc(2014, 12, 31, 23, 59, 59, 999999)),
            (
                "2014-03-XX",
                "2014-03-XX",
                "MONTH",
                utc(2014, 3, 1),
                utc(2014, 3, 31, 23, 59, 59, 999999),
            ),
            (
                "2014-03-18T10",
                "2014-03-18T10",
                "HOUR",
                utc(2014, 3, 18, 10),
                utc(2014, 3, 18, 10, 59, 59, 999999),
            ),
            (
                "2014-03-18 10:00",
                "2014-03-18T10:00",
                "MINUTE",
                utc(2014, 3, 18, 10),
                utc(2014, 3, 18, 10, 0, 59, 999999),
            ),
            # A time with an offset keeps it; the bounds are the same instant in UTC.
            (
                "2014-03-18T10:00:00+03:00",
                "2014-03-18T10:00:00+03:00",
                "SECOND",
                utc(2014, 3, 18, 7),
                utc(2014, 3, 18, 7),
            ),
            (
                "2014-03-18T10:00:00.500Z",
                "2014-03-18T10:00:00.5Z",
                "SECOND",
                utc(2014, 3, 18, 10, 0, 0, 500000),
                utc(2014, 3, 18, 10, 0, 0, 500000),
            ),
        ],
    )
    def test_instants(
        self, text: str, canonical: str, precision: str, earliest: dt.datetime, latest: dt.datetime
    ) -> None:
        when = When.parse(text)
        assert str(when) == canonical
        assert when.precision.name == precision
        assert (when.earliest, when.latest) == (earliest, latest)
        assert not when.is_interval
        assert when.start is when.end

    def test_seasons_are_meteorological_and_winter_ends_in_the_next_year(self) -> None:
        spring, winter = When.parse("2017-21"), When.parse("2019-24")
        assert (spring.earliest.date(), spring.latest.date()) == (
            dt.date(2017, 3, 1),
            dt.date(2017, 5, 31),
        )
        # The winter of 2019 ends on the leap day of 2020.
        assert (winter.earliest.date(), winter.latest.date()) == (
            dt.date(2019, 12, 1),
            dt.date(2020, 2, 29),
        )

    @pytest.mark.parametrize(
        ("text", "uncertain", "approximate"),
        [
            ("2014?", True, False),
            ("2014~", False, True),
            ("2014-03%", True, True),
            ("2014", False, False),
        ],
    )
    def test_qualifiers(self, text: str, uncertain: bool, approximate: bool) -> None:
        moment = When.parse(text).start
        assert isinstance(moment, Moment)
        assert (moment.uncertain, moment.approximate) == (uncertain, approximate)
        assert str(moment) == text

    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("2014-02-20/2014-03-18", "2014-02-20", "2014-03-18"),
            ("2014/2015", "2014", "2015"),
            ("2014/..", "2014", Unbounded.OPEN),
            ("../2014", Unbounded.OPEN, "2014"),
            ("2014/", "2014", Unbounded.UNKNOWN),
            ("/2014-03", Unbounded.UNKNOWN, "2014-03"),
        ],
    )
    def test_intervals(self, text: str, start: str | Unbounded, end: str | Unbounded) -> None:
        when = When.parse(text)
        assert when.is_interval
        assert (when.start, when.end) == (
            When.interval(start, end).start,
            When.interval(start, end).end,
        )
        assert str(when) == text

    def test_an_interval_spans_from_its_starts_earliest_to_its_ends_latest(self) -> None:
        # EDTF: 2014/2015 starts some time in 2014 and ends some time in 2015.
        when = When.parse("2014/2015")
        assert (when.earliest, when.latest) == (
            utc(2014, 1, 1),
            utc(2015, 12, 31, 23, 59, 59, 999999),
        )
        assert when.precision is Precision.YEAR

    def test_open_and_unknown_ends_reach_the_edges_of_time(self) -> None:
        assert When.parse("2014/..").latest == utc(9999, 12, 31, 23, 59, 59, 999999)
        assert When.parse("/2014").earliest == utc(1, 1, 1)

    def test_an_intervals_precision_is_its_coarser_known_end(self) -> None:
        assert When.parse("2014/2014-03-18").precision is Precision.YEAR
        assert When.parse("2014-03-18/..").precision is Precision.DAY

    def test_surrounding_space_is_ignored(self) -> None:
        assert When.parse("  2014-03-18\n") == When.parse("2014-03-18")


class TestErrors:
    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("2014-13", r"month 13 is out of range"),
            ("2014-02-30", r"day 30 is out of range for February 2014 \(1-28\)"),
            ("2014-03-18T25:00", r"hour 25 is out of range"),
            ("2015/2014", r"ends \(2014\) before it starts"),
            ("2014//2015", r"one '/'"),
            ("../..", r"at least one known end"),
            ("", r"empty"),
            ("summer", r"reference"),
            ("2014-03-18T10:00?", r"qualifiers"),
            ("next to nothing", r"next to nothing"),
        ],
    )
    def test_bad_text_is_a_parse_error_that_quotes_it(self, text: str, reason: str) -> None:
        with pytest.raises(ParseError, match=reason) as caught:
            When.parse(text)
        assert isinstance(caught.value, ValueError)
        assert isinstance(caught.value, GeotimelineError)
        assert repr(text) in str(caught.value)

    def test_text_is_required(self) -> None:
        with pytest.raises(ParseError, match="text"):
            When.parse(2014)  # type: ignore[arg-type]

    def test_a_reference_must_be_a_day(self) -> None:
        with pytest.raises(ParseError, match="reference"):
            When.parse("yesterday", reference="2017")

    def test_moments_cannot_be_built_inconsistent(self) -> None:
        march = Moment.of(2014, 3)
        with pytest.raises(InvalidFieldError, match="earliest_us/latest_us"):
            attrs.evolve(march, latest_us=march.latest_us + 1)
        with pytest.raises(InvalidFieldError, match="season"):
            attrs.evolve(march, season=22)

    @pytest.mark.parametrize("text", ["20XX", "201X", "2017-22"])
    @pytest.mark.parametrize(
        ("field", "value"), [("utc_offset_seconds", 0), ("unspecified", Precision.DAY)]
    )
    def test_a_century_decade_or_season_has_no_offset_nor_unspecified_digits(
        self, text: str, field: str, value: object
    ) -> None:
        # Their texts could not say either: such a moment would print as one it differs from.
        with pytest.raises(InvalidFieldError) as caught:
            attrs.evolve(When.parse(text).start, **{field: value})
        assert field.startswith(caught.value.field)

    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (lambda: Moment.of(2014, None, 3), "month"),
            (lambda: Moment.of(2014, 2, 29), "day"),
            (lambda: Moment.of(100_000), "year"),
            (lambda: Moment.of(10_000, 1), "month"),
            (lambda: Moment.of(2014, 3, 18, unspecified=Precision.MONTH), "unspecified"),
            (lambda: Moment.of(2014, 3, 18, utc_offset=60), "utc_offset"),
            (lambda: Moment.of(2014, 3, 18, 10, uncertain=True), "uncertain"),
            (lambda: Moment.of_season(2014, 20), "season"),
            (lambda: Moment.of_season(9999, 24), "year"),
            (lambda: Moment.of_decade(2014), "first_year"),
            (lambda: Moment.of_century(-100), "first_year"),
            (lambda: Moment.of_decade(10_000), "first_year"),
        ],
    )
    def test_moment_constructors_name_the_bad_field(self, build: object, field: str) -> None:
        with pytest.raises(InvalidFieldError) as caught:
            build()  # type: ignore[operator]
        assert caught.value.field.startswith(field)

    def test_an_instant_has_one_moment(self) -> None:
        with pytest.raises(InvalidFieldError, match="end"):
            When(Moment.of(2014), Moment.of(2015), is_interval=False)


class TestBuilding:
    def test_coerce_takes_dates_and_datetimes(self) -> None:
        assert str(When.coerce(dt.date(2014, 3, 18))) == "2014-03-18"
        aware = dt.datetime(2017, 11, 11, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        assert str(When.coerce(aware)) == "2017-11-11T09:30:00+07:00"
        assert When.coerce(aware).earliest == utc(2017, 11, 11, 2, 30)
        assert str(When.coerce(dt.datetime(2017, 11, 11, 9, 30))) == "2017-11-11T09:30:00"
        with pytest.raises(InvalidFieldError, match="when"):
            When.coerce(2014)  # type: ignore[arg-type]

    def test_instant_and_interval_accept_text(self) -> None:
        assert When.instant("2014-03") == When.parse("2014-03")
        assert When.interval("2014", Unbounded.OPEN) == When.parse("2014/..")
        with pytest.raises(InvalidFieldError, match="interval"):
            When.instant("2014/2015")

    def test_values_are_frozen_and_hashable(self) -> None:
        when = When.parse("2014-03")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            when.is_interval = True  # type: ignore[misc]
        assert len({when, When.parse("2014-03"), When.coerce("2014-03")}) == 1
        assert repr(when) == "When('2014-03')"
        assert repr(when.start) == "Moment('2014-03')"

    def test_when_is_ordered_with_other_whens_only(self) -> None:
        with pytest.raises(TypeError):
            _ = When.parse("2014") < "2015"  # type: ignore[operator]


class TestSharing:
    def test_plain_dates_are_shared_between_callers(self) -> None:
        assert When.parse("2014-03-18") is When.parse("2014-03-18")
        assert When.coerce("2014-03") is When.parse("2014-03")
        assert When.parse("2014") is When.parse("2014")

    def test_other_dates_are_not_shared_but_equal(self) -> None:
        assert When.parse("2014-03-18T10:00Z") == When.parse("2014-03-18T10:00Z")
        assert When.parse("2014-03-18T10:00Z") is not When.parse("2014-03-18T10:00Z")

    @given(
        st.integers(0, 9999),
        st.none() | st.integers(1, 12),
        st.integers(1, 31),
        st.booleans(),
    )
    def test_a_shared_date_keeps_the_canonical_text_it_was_read_from(
        self, year: int, month: int | None, day: int, with_day: bool
    ) -> None:
        # The diff takes two dates of one kept text for equal: the text must be canonical.
        text = f"{year:04d}" if month is None else f"{year:04d}-{month:02d}"
        if month is not None and with_day:
            text += f"-{day:02d}"
        try:
            when = When.parse(text)
        except ParseError:
            return
        assert when._text == text == str(When(when.start, when.end, when.is_interval))

    @given(whens())
    def test_a_shared_edtf_date_keeps_its_canonical_text(self, when: When) -> None:
        fresh = When(when.start, when.end, when.is_interval)
        text = str(fresh)
        assume(len(text) <= 48 and "T" not in text)
        assert When.parse(text)._text == text

    def test_a_bad_plain_date_is_still_refused_and_explained(self) -> None:
        for _ in range(2):  # the second time, after any caching
            with pytest.raises(ParseError, match="day 30 is out of range for February"):
                When.parse("2014-02-30")


def _reading(read: Callable[[str], When], text: str) -> tuple[object, ...]:
    """What ``read`` makes of ``text``, field by field, or the error it raises."""
    try:
        when = read(text)
    except GeotimelineError as error:
        return type(error), str(error)
    moments = (when.start, when.end)
    fields = [
        (moment.earliest_us, moment.latest_us, moment.precision, moment.season,
         moment.utc_offset_seconds, moment.uncertain, moment.approximate, moment.unspecified)
        if isinstance(moment, Moment) else moment
        for moment in moments
    ]  # fmt: skip
    return str(when), when.is_interval, when.start is when.end, *fields


@st.composite
def utc_second_texts(draw: st.DrawFn) -> str:
    """A time to the second in UTC, the shape parse_many reads by C loops: valid, or with one
    field out of range (month 13, the day after the month's last, hour 24, second 60), or in
    year 0, which the calendar counts apart."""
    day = draw(st.dates())
    fields = [day.year, day.month, day.day, *(draw(st.integers(0, top)) for top in (23, 59, 59))]
    wrong = [[0], [0, 13], [0, calendar.monthrange(day.year, day.month)[1] + 1], [24], [60], [60]]
    broken = draw(st.sampled_from([None, None, 0, 1, 2, 3, 4, 5]))
    if broken is not None:
        fields[broken] = draw(st.sampled_from(wrong[broken]))
    return "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*fields)


class TestTimesOfDay:
    """Times of day have a path of their own, which must read exactly as the general one."""

    # Each way of being just out of range is a few texts in a hundred: look at many.
    @settings(max_examples=1000)
    @given(time_of_day_texts())
    def test_the_quick_path_reads_what_the_general_path_reads(self, text: str) -> None:
        general = _reading(lambda text: _parse._parse_edtf_or_range(text.strip()), text)
        assert _reading(_parse.parse_when, text) == general
        assert _reading(When.parse, text) == general

    @settings(max_examples=500)
    @given(st.lists(utc_second_texts() | time_of_day_texts() | date_texts(), max_size=8))
    def test_a_batch_of_texts_reads_as_each_text_alone(self, texts: list[str]) -> None:
        # parse_many makes times to the second in UTC by C loops: the same values, field by
        # field, as When.parse makes of each text, or the error of the first text at fault.
        expected = []
        for text in texts:
            expected.append(_reading(When.parse, text))
            if isinstance(expected[-1][0], type):
                break
        try:
            read = [_reading(lambda _, when=when: when, "") for when in _parse.parse_many(texts)]
        except GeotimelineError as error:
            read = [*expected[:-1], (type(error), str(error))]
        assert read == expected

    @pytest.mark.parametrize(
        ("text", "utc_offset", "earliest", "precision"),
        [
            ("2014-03-18T10:30:15Z", 0, utc(2014, 3, 18, 10, 30, 15), "SECOND"),
            ("2014-03-18T10:30:15.25+02:00", 7200, utc(2014, 3, 18, 8, 30, 15, 250000), "SECOND"),
            ("2014-03-18T10:30", None, utc(2014, 3, 18, 10, 30), "MINUTE"),
            ("2014-03-18T23:59-14:00", -50400, utc(2014, 3, 19, 13, 59), "MINUTE"),
        ],
    )
    def test_common_times_of_day(
        self, text: str, utc_offset: int | None, earliest: dt.datetime, precision: str
    ) -> None:
        start = When.parse(text).start
        assert isinstance(start, Moment)
        assert start.utc_offset_seconds == utc_offset
        assert start.precision is Precision[precision]
        assert start.earliest == earliest

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("2014-03-18T24:00Z", "hour 24 is out of range"),
            ("2014-02-30T10:00Z", "day 30 is out of range for February"),
            ("2014-03-18T10:00-00:00", "unknown local offset"),
            ("2014-03-18T10:00+14:30", "out of range"),
        ],
    )
    def test_bad_times_of_day_are_refused_and_explained(self, text: str, reason: str) -> None:
        with pytest.raises(ParseError, match=reason):
            When.parse(text)


class TestProperties:
    @given(whens())
    def test_text_round_trips(self, when: When) -> None:
        assert When.parse(str(when)) == when
        assert str(When.parse(str(when))) == str(when)

    @given(whens())
    def test_earliest_is_never_after_latest(self, when: When) -> None:
        assert when.earliest <= when.latest
        assert when.earliest.tzinfo is not None
        assert when.earliest_us <= when.latest_us

    @given(moments())
    def test_a_moment_given_to_the_second_is_exact(self, moment: Moment) -> None:
        assert moment.is_exact == (moment.precision is Precision.SECOND)
        assert (moment.earliest == moment.latest) == moment.is_exact

    @given(days())
    def test_a_day_lies_inside_its_month_year_decade_and_century(self, day: Moment) -> None:
        year, month = day.local_datetime().year, day.local_datetime().month
        containers = [Moment.of(year, month), Moment.of(year)]
        if year >= 100:  # the decade and century of year 0 do not exist (there is no year 0)
            containers += [Moment.of_decade(year // 10 * 10), Moment.of_century(year // 100 * 100)]
        for container in containers:
            assert container.earliest_us <= day.earliest_us <= day.latest_us <= container.latest_us

    @given(whens(), whens(), whens())
    def test_the_order_is_total_antisymmetric_and_transitive(
        self, a: When, b: When, c: When
    ) -> None:
        assert [a < b, b < a, a == b].count(True) == 1
        if a <= b and b <= c:
            assert a <= c
        assert sorted([a, b, c]) == sorted([c, b, a]) == sorted([b, c, a])

    @given(whens(), whens())
    def test_the_order_follows_the_extent_first(self, a: When, b: When) -> None:
        if (a.earliest_us, a.latest_us) < (b.earliest_us, b.latest_us):
            assert a < b

    @given(st.text(max_size=40), st.none() | st.dates().map(dt.date.isoformat))
    def test_any_text_either_parses_or_raises_a_parse_error(
        self, text: str, reference: str | None
    ) -> None:
        try:
            when = When.parse(text, reference=reference)
        except ParseError:
            return
        assert When.parse(str(when)) == when

    @given(
        st.from_regex(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[?~]?", fullmatch=True),
        st.none() | st.dates().map(dt.date.isoformat),
    )
    def test_a_shared_date_is_the_one_the_parser_reads(
        self, text: str, reference: str | None
    ) -> None:
        # Plain years, months and days are read once and then shared: nothing else changes.
        try:
            expected = _parse.parse_when(text, reference)
        except ParseError:
            with pytest.raises(ParseError):
                When.parse(text, reference=reference)
            return
        assert When.parse(text, reference=reference) == expected
        assert str(When.parse(text)) == str(expected)

    @given(st.from_regex(r"[0-9XY?~%/.:+\-TZ ]{1,24}", fullmatch=True))
    def test_edtf_like_text_either_parses_or_raises_a_parse_error(self, text: str) -> None:
        try:
            when = When.parse(text)
        except ParseError:
            return
        assert When.parse(str(when)) == when


def fields_of(when: When) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The UTC calendar fields (year, month, day) of the bounds, for any year."""
    return cal.fields(when.earliest_us)[:3], cal.fields(when.latest_us)[:3]


class TestYearsOutsideDatetimes:
    @pytest.mark.parametrize(
        ("text", "canonical", "first", "last"),
        [
            ("0000", "0000", (0, 1, 1), (0, 12, 31)),
            ("0700", "0700", (700, 1, 1), (700, 12, 31)),
            ("0700~", "0700~", (700, 1, 1), (700, 12, 31)),
            ("-0999", "-0999", (-999, 1, 1), (-999, 12, 31)),
            ("-1985", "-1985", (-1985, 1, 1), (-1985, 12, 31)),
            ("-0275~", "-0275~", (-275, 1, 1), (-275, 12, 31)),
            ("-0001-02", "-0001-02", (-1, 2, 1), (-1, 2, 28)),
            ("-0004-02-29", "-0004-02-29", (-4, 2, 29), (-4, 2, 29)),  # 5 BCE was a leap year
            ("0000-24", "0000-24", (0, 12, 1), (1, 2, 28)),
            ("-0001-24", "-0001-24", (-1, 12, 1), (0, 2, 29)),
            ("000X", "000X", (0, 1, 1), (9, 12, 31)),
            ("00XX", "00XX", (0, 1, 1), (99, 12, 31)),
            ("Y10000", "Y10000", (10000, 1, 1), (10000, 12, 31)),
            ("Y-10000?", "Y-10000?", (-10000, 1, 1), (-10000, 12, 31)),
            ("Y99999", "Y99999", (99999, 1, 1), (99999, 12, 31)),
            ("Y-99999", "Y-99999", (-99999, 1, 1), (-99999, 12, 31)),
            ("-2005/-1999-02", "-2005/-1999-02", (-2005, 1, 1), (-1999, 2, 28)),
            ("Y-10000/2014", "Y-10000/2014", (-10000, 1, 1), (2014, 12, 31)),
            ("0700/0800", "0700/0800", (700, 1, 1), (800, 12, 31)),
            ("-0500-03-01T10:30+02:00", "-0500-03-01T10:30+02:00", (-500, 3, 1), (-500, 3, 1)),
        ],
    )
    def test_years_outside_1_to_9999_are_read_and_written_back(
        self, text: str, canonical: str, first: tuple[int, ...], last: tuple[int, ...]
    ) -> None:
        when = When.parse(text)
        assert str(when) == canonical
        assert fields_of(when) == (first, last)
        assert When.parse(str(when)) == when

    def test_year_0_is_1_bce_and_follows_year_minus_1(self) -> None:
        assert (
            When.parse("0000").earliest_us == When.parse("0001").earliest_us - 366 * cal.US_PER_DAY
        )
        assert When.parse("-0001").latest_us + 1 == When.parse("0000").earliest_us
        assert sorted(When.parse(text) for text in ["0001", "-0001", "0000", "Y-10000"]) == [
            When.parse(text) for text in ["Y-10000", "-0001", "0000", "0001"]
        ]

    def test_their_date_times_are_a_documented_error(self) -> None:
        for when in (When.parse("-0999"), When.parse("Y10000"), When.parse("0000/2014")):
            with pytest.raises(OutOfRangeError, match="outside the years 1-9999") as caught:
                _ = when.earliest if when.is_interval else (when.earliest, when.latest)
            assert isinstance(caught.value, GeotimelineError)
            assert isinstance(caught.value, ValueError)
        with pytest.raises(OutOfRangeError, match="year -999"):
            When.parse("-0999-03-01").start.local_datetime()  # type: ignore[union-attr]

    def test_unbounded_ends_sort_beyond_every_year_but_keep_their_date_times(self) -> None:
        # An unbounded start counts as the first instant of year -99999, so it sorts before
        # every later start; as a date-time it is the first instant of year 1, as before.
        assert When.parse("../2014") < When.parse("Y-99998")
        assert When.parse("/Y-99998") < When.parse("Y-99998")
        assert When.parse("../2014").earliest == utc(1, 1, 1)
        assert When.parse("2014/..").latest == utc(9999, 12, 31, 23, 59, 59, 999999)
        assert When.parse("../2014").earliest_us == cal.MIN_US
        assert When.parse("2014/..").latest_us == cal.MAX_US
        # An end beyond years 1-9999 has no date-time, and neither has the unbounded other end.
        with pytest.raises(OutOfRangeError, match="year -500"):
            _ = When.parse("../-0500").earliest
        with pytest.raises(OutOfRangeError, match="year 10000"):
            _ = When.parse("Y10000/..").latest

    def test_the_range_is_named_when_a_year_is_beyond_it(self) -> None:
        for text in ("Y170000002", "Y-170000002", "Y100000"):
            with pytest.raises(ParseError, match=r"outside the years -99999 to 99999"):
                When.parse(text)
        with pytest.raises(InvalidFieldError, match="out of range"):
            Moment.of(-100_000)

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("-0000", r"no year -0000: year 0000 is 1 BCE"),
            ("Y10000-03", r"a Y-prefixed year stands alone"),
            ("-01XX", r"unspecified \(X\) in years 0000 to 9999 only"),
            ("1XXX", r"only the last one or two digits of a year"),
            ("12345", r"more than four digits is written with a Y"),
            ("123", r"a year has four digits"),
            ("2014T10", r"a time of day needs a date"),
        ],
    )
    def test_what_edtf_does_not_allow_is_refused_with_the_reason(
        self, text: str, reason: str
    ) -> None:
        with pytest.raises(ParseError, match=reason):
            When.parse(text)


class TestUnspecifiedFields:
    @pytest.mark.parametrize(
        ("text", "precision", "written", "first", "last"),
        [
            ("2004-XX", "YEAR", Precision.MONTH, (2004, 1, 1), (2004, 12, 31)),
            ("1985-04-XX", "MONTH", Precision.DAY, (1985, 4, 1), (1985, 4, 30)),
            ("1985-XX-XX", "YEAR", Precision.DAY, (1985, 1, 1), (1985, 12, 31)),
            ("-0044-03-XX~", "MONTH", Precision.DAY, (-44, 3, 1), (-44, 3, 31)),
            ("2004-XX/2005-03-XX", "YEAR", None, (2004, 1, 1), (2005, 3, 31)),
        ],
    )
    def test_they_are_written_back_and_bound_what_is_known(
        self,
        text: str,
        precision: str,
        written: Precision | None,
        first: tuple[int, ...],
        last: tuple[int, ...],
    ) -> None:
        when = When.parse(text)
        assert str(when) == text
        assert when.precision.name == precision
        if not when.is_interval:
            assert when.start.unspecified is written  # type: ignore[union-attr]
        assert fields_of(when) == (first, last)

    def test_a_month_written_unspecified_is_not_the_bare_year(self) -> None:
        # Same bounds, other text: two values, in a fixed order.
        year, month = When.parse("2004"), When.parse("2004-XX")
        assert year != month
        assert (year.earliest_us, year.latest_us) == (month.earliest_us, month.latest_us)
        assert sorted([month, year]) == [year, month]
        assert str(Moment.of(2004, unspecified=Precision.MONTH)) == "2004-XX"


class TestMessagesNameTheFault:
    def test_iso_8601_basic_date_times_are_read(self) -> None:
        assert str(When.parse("20140318T103015Z")) == "2014-03-18T10:30:15Z"
        assert str(When.parse("20140318T1030+0700")) == "2014-03-18T10:30+07:00"
        assert str(When.parse("20140318T10")) == "2014-03-18T10"

    def test_ordinal_dates_are_read_as_days(self) -> None:
        assert str(When.parse("2014077")) == str(When.parse("2014-077")) == "2014-03-18"
        assert str(When.parse("2016-366")) == "2016-12-31"
        with pytest.raises(ParseError, match=r"day 366 of the year is out of range for 2014"):
            When.parse("2014-366")

    def test_a_y_prefix_on_a_four_digit_year_says_to_drop_it(self) -> None:
        with pytest.raises(ParseError, match=r"'Y2006': a Y prefix marks a year of more than four"):
            When.parse("Y2006")
        with pytest.raises(ParseError, match=r"write -0044"):
            When.parse("Y-44")

    @pytest.mark.parametrize("text", ["0700", "0700-03", "0700-03-18", "0700?", "0001"])
    def test_years_with_a_leading_zero_are_years(self, text: str) -> None:
        when = When.parse(text)
        assert str(when) == text
        assert cal.fields(when.earliest_us)[0] == int(text[:4])

    @pytest.mark.parametrize(
        "text",
        ["20140318T1030:15", "2014-03-1", "Y", "99999-03"],
    )
    def test_no_message_speaks_of_years_beyond_9999_unless_it_is_about_them(
        self, text: str
    ) -> None:
        with pytest.raises(ParseError) as caught:
            When.parse(text)
        assert "beyond 9999" not in caught.value.reason

    @pytest.mark.parametrize("zone", ["-00:00", "-0000", "-00"])
    def test_minus_zero_offset_is_refused_as_rfc_3339_unknown(self, zone: str) -> None:
        with pytest.raises(ParseError, match=r"unknown local offset \(RFC 3339\)"):
            When.parse(f"2014-03-18T10:30{zone}")
        assert str(When.parse("2014-03-18T10:30+00:00")) == "2014-03-18T10:30Z"


class TestWideProperties:
    @given(wide_whens())
    def test_text_round_trips_for_every_year(self, when: When) -> None:
        assert When.parse(str(when)) == when
        assert str(When.parse(str(when))) == str(when)
        assert when.earliest_us <= when.latest_us

    @given(wide_moments())
    def test_moments_round_trip_through_their_fields(self, moment: Moment) -> None:
        assert attrs.evolve(moment) == moment  # the checked constructor accepts every moment

    @given(wide_whens(), wide_whens(), wide_whens())
    def test_the_order_stays_total_and_follows_the_extent(self, a: When, b: When, c: When) -> None:
        assert [a < b, b < a, a == b].count(True) == 1
        if a <= b and b <= c:
            assert a <= c
        if (a.earliest_us, a.latest_us) < (b.earliest_us, b.latest_us):
            assert a < b
        assert cal.MIN_US <= a.earliest_us <= a.latest_us <= cal.MAX_US

    @given(wide_whens())
    def test_date_times_are_right_or_a_documented_error(self, when: When) -> None:
        for name, bound in (("earliest", when.earliest_us), ("latest", when.latest_us)):
            try:
                value = getattr(when, name)
            except OutOfRangeError:
                continue
            if isinstance(when.start if name == "earliest" else when.end, Moment):
                assert cal.from_datetime(value) == bound


class TestMargins:
    @pytest.mark.parametrize(
        ("text", "possible_earliest", "possible_latest"),
        [
            ("2010", "2010-01-01", "2010-12-31"),
            ("2010?", "2009-01-01", "2011-12-31"),
            ("2010~", "2009-01-01", "2011-12-31"),
            ("2010%", "2008-01-01", "2012-12-31"),
            ("19XX~", "1800-01-01", "2099-12-31"),
            ("201X?", "2000-01-01", "2029-12-31"),
            ("2010-22~", "2010-03-01", "2010-11-30"),  # summer, give or take a season
            ("2010-24%", "2010-06-01", "2011-08-31"),  # a winter ends in the next year
            ("2010-40~", "2009-07-01", "2010-12-31"),  # a half year, by half a year
            ("2010-03~", "2010-02-01", "2010-04-30"),
            ("2010-03-01?", "2010-02-28", "2010-03-02"),
            ("2012-03-01%", "2012-02-28", "2012-03-03"),  # a leap year
            ("2010~/2012", "2009-01-01", "2012-12-31"),
            ("2010/2012%", "2010-01-01", "2014-12-31"),
        ],
    )
    def test_a_qualifier_widens_by_its_margin(
        self, text: str, possible_earliest: str, possible_latest: str
    ) -> None:
        when = When.parse(text)
        assert str(when.possible_earliest.date()) == possible_earliest
        assert str(when.possible_latest.date()) == possible_latest
        assert when.possible_latest.time() == dt.time(23, 59, 59, 999_999)

    def test_a_margin_reaches_into_years_a_date_time_cannot_hold(self) -> None:
        # Years outside 1-9999 are held too, so "around year 1" possibly means 1 BCE.
        assert When.parse("0001~").possible_earliest_us == When.parse("0000").earliest_us
        day = cal.US_PER_DAY
        assert (
            When.parse("9999-12-31%").possible_latest_us == When.parse("9999").latest_us + 2 * day
        )
        assert When.parse("Y-99999~").possible_earliest_us == When.parse("Y-99999").earliest_us

    @given(whens())
    def test_the_written_bounds_stay_and_the_possible_ones_enclose_them(self, when: When) -> None:
        plain = [bound for bound in (when.start, when.end) if isinstance(bound, Moment)]
        unqualified = When.parse(str(when).translate(str.maketrans("", "", "?~%")))
        assert (when.earliest_us, when.latest_us) == (
            unqualified.earliest_us,
            unqualified.latest_us,
        )
        assert when.possible_earliest_us <= when.earliest_us <= when.latest_us
        assert when.latest_us <= when.possible_latest_us
        assert when.is_widened == any(bound.margin for bound in plain)
        if not when.is_widened:
            assert (when.possible_earliest_us, when.possible_latest_us) == (
                when.earliest_us,
                when.latest_us,
            )

    @given(moments(), st.integers(-3, 3))
    def test_moving_a_moment_keeps_its_length_within_the_calendar(
        self, moment: Moment, units: int
    ) -> None:
        earliest, latest = moment.moved(units)
        assert earliest <= latest
        if units > 0:
            assert earliest >= moment.earliest_us
        if units < 0:
            assert latest <= moment.latest_us

    def test_margins(self) -> None:
        assert [When.parse(text).start.margin for text in ("2010", "2010?", "2010~", "2010%")] == [
            0, 1, 1, 2,
        ]  # fmt: skip


class TestOffsetsToTheSecond:
    """Local mean time before 1900 has offsets to the second: they are kept, never rounded."""

    @pytest.mark.parametrize(
        ("text", "seconds"),
        [("1890-05-01T12:00:15+00:19:32", 1172), ("1920-05-01T12:00-00:44:30", -2670)],
    )
    def test_an_offset_with_seconds_is_read_and_written_exactly(
        self, text: str, seconds: int
    ) -> None:
        when = When.parse(text)
        start = when.start
        assert isinstance(start, Moment)
        assert start.utc_offset_seconds == seconds
        assert str(when) == text
        assert when.earliest_us == cal.from_datetime(dt.datetime.fromisoformat(text))

    def test_the_offset_in_minutes_is_cut_toward_zero(self) -> None:
        start = When.parse("1920-05-01T12:00-00:44:30").start
        assert isinstance(start, Moment)
        assert start.utc_offset == -44

    def test_an_offset_of_sixty_seconds_is_refused(self) -> None:
        with pytest.raises(ParseError, match="more than 59 seconds"):
            When.parse("1890-05-01T12:00+00:19:60")

    def test_an_offset_finer_than_a_second_is_refused(self) -> None:
        with pytest.raises(InvalidFieldError, match="utc_offset"):
            Moment.of(1890, 5, 1, 12, utc_offset=dt.timedelta(microseconds=1))

    @given(local=pre_1900_local_times())
    def test_a_zones_date_time_keeps_its_exact_instant(self, local: dt.datetime) -> None:
        offset = local.utcoffset()
        assert offset is not None
        if abs(offset) > dt.timedelta(hours=14):
            # Before 1867 Alaska kept Russian time (Juneau +15:02:19), beyond the offsets held.
            with pytest.raises(InvalidFieldError, match="utc_offset"):
                When.coerce(local)
            return
        when = When.coerce(local)
        start = when.start
        assert isinstance(start, Moment)
        # Local time minus the offset is the instant, to the microsecond.
        wall_us = cal.from_datetime(local.replace(tzinfo=None))
        assert when.earliest_us == wall_us - offset // dt.timedelta(microseconds=1)
        assert start.local_datetime() == local
        assert start.local_datetime().utcoffset() == offset
        assert When.parse(str(when)) == when

    @given(local=pre_1900_local_times())
    def test_a_named_zone_in_text_gives_its_exact_offset(self, local: dt.datetime) -> None:
        zone = str(local.tzinfo)
        offset = local.utcoffset()
        assume(offset is not None and abs(offset) <= dt.timedelta(hours=14))
        assume("/" in zone)  # English reads zones by their Area/City names
        when = When.parse(f"{local:%Y-%m-%d %H:%M:%S} {zone}")
        expected = When.coerce(local.replace(microsecond=0))
        assert (when.earliest_us, when.latest_us) == (expected.earliest_us, expected.latest_us)
        assert When.parse(str(when)) == when


_CALENDAR_FIELDS = ("year", "month", "day", "hour", "minute", "second", "microsecond")


@given(moment=moments(), data=st.data())
def test_a_bool_in_any_integer_field_is_refused(moment: Moment, data: st.DataObject) -> None:
    # True == 1 to Python, and isinstance(True, int): a check on ints alone lets it through.
    fields = dict(zip(_CALENDAR_FIELDS, moment.local_fields(), strict=True))
    field = data.draw(st.sampled_from([*_CALENDAR_FIELDS, "utc_offset"]))
    values: dict[str, object] = {**fields, "utc_offset": moment.utc_offset}
    values[field] = data.draw(st.booleans())
    with pytest.raises(InvalidFieldError, match=f"^{field}: (True|False) must be"):
        Moment.of(**values)  # type: ignore[arg-type]


@given(whens())
def test_an_edtf_date_read_twice_is_one_shared_value_equal_to_a_fresh_reading(when: When) -> None:
    # Dates are shared between the events that repeat them (memory, and diffs that stop at
    # "is"); sharing must never change what a text reads as.
    text = str(when)
    assert When.parse(text) == _parse.parse_when(text) == when
    if "T" not in text and ":" not in text:
        assert When.parse(text) is When.parse(text)


@given(st.one_of(whens(), wide_whens()))
def test_the_kept_text_changes_nothing_but_speed(when: When) -> None:
    import copy
    import pickle

    fresh = When.parse(str(when))  # not yet formatted
    built = When(when.start, when.end, is_interval=when.is_interval)
    assert fresh == when == built
    assert hash(fresh) == hash(when) == hash(built)
    assert str(built) == str(when) == str(fresh)  # kept the first time, the same after
    for copied in (pickle.loads(pickle.dumps(when)), copy.deepcopy(when), attrs.evolve(when)):
        assert copied == when
        assert str(copied) == str(when)
    assert repr(fresh) == f"When({str(when)!r})"


@given(whens())
def test_a_when_and_its_moments_hold_their_fields_and_nothing_more(when: When) -> None:
    # Memory: a timeline of times of day holds a When and a Moment of its own for each event,
    # and a weak reference slot was 16 bytes of each that nobody used.
    for value in (when, when.start, when.end):
        if isinstance(value, Unbounded):
            continue
        assert type(value).__slots__ == tuple(field.name for field in attrs.fields(type(value)))
        with pytest.raises(TypeError):
            weakref.ref(value)
        assert copy.copy(value) == value == pickle.loads(pickle.dumps(value))
