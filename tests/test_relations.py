"""Allen's relations between fuzzy extents: exact cases, converses, and fuzzy cases checked
against every exact reading."""

from __future__ import annotations

import itertools
import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline import InvalidFieldError, Moment, Unbounded, When
from geotimeline.time.calendar import MAX_US, MIN_US
from geotimeline.time.relations import (
    FAMILIES,
    INVERSES,
    RELATIONS,
    Extent,
    certainly,
    extent_relations,
    possibly,
    relations,
)
from tests.strategies import days, moments, whens, wide_whens


def allen(s1: int, e1: int, s2: int, e2: int) -> str:
    """The one relation between exact half-open intervals [s1, e1) and [s2, e2), from
    Allen's definitions (written independently of the module under test). An interval with
    ``s == e`` is a point, which belongs to the span it starts: it *starts* a span that
    begins with it, and comes just after (*met-by*) one that ends there."""
    assert s1 <= e1
    assert s2 <= e2
    if s1 == e1 or s2 == e2:
        return _with_a_point(s1, e1, s2, e2)
    if e1 < s2:
        return "before"
    if e2 < s1:
        return "after"
    if e1 == s2:
        return "meets"
    if e2 == s1:
        return "met-by"
    if (s1, e1) == (s2, e2):
        return "equals"
    if s1 == s2:
        return "starts" if e1 < e2 else "started-by"
    if e1 == e2:
        return "finishes" if s1 > s2 else "finished-by"
    if s2 < s1 and e1 < e2:
        return "during"
    if s1 < s2 and e2 < e1:
        return "contains"
    return "overlaps" if s1 < s2 else "overlapped-by"


def _with_a_point(s1: int, e1: int, s2: int, e2: int) -> str:
    if s1 == e1 and s2 == e2:
        return "before" if s1 < s2 else "after" if s1 > s2 else "equals"
    if s1 == e1:  # a point, then a span
        point = s1
        if point < s2:
            return "before"
        if point == s2:
            return "starts"
        if point < e2:
            return "during"
        return "met-by" if point == e2 else "after"
    point = s2  # a span, then a point: the converse
    if point > e1:
        return "before"
    if point == e1:
        return "meets"
    if point > s1:
        return "contains"
    return "started-by" if point == s1 else "after"


@st.composite
def seconds(draw: st.DrawFn) -> Moment:
    """A moment known to the second (an exact instant)."""
    day = draw(days(min_year=1990, max_year=2030)).local_datetime()
    hour, minute, second = (
        draw(st.integers(0, 23)),
        draw(st.integers(0, 59)),
        draw(st.integers(0, 59)),
    )
    return Moment.of(day.year, day.month, day.day, hour, minute, second)


@st.composite
def exact_whens(draw: st.DrawFn) -> When:
    """Whens whose ends are exact: instants without qualifiers (of any precision, read as
    their whole span, or a point), and intervals between two times known to the second (a
    point when they are the same)."""
    if draw(st.booleans()):
        moment = draw(moments())
        return When.instant(attrs.evolve(moment, uncertain=False, approximate=False))
    first, second = sorted([draw(seconds()), draw(seconds())], key=lambda m: m.earliest_us)
    return When.interval(first, draw(st.sampled_from([first, second])))


@st.composite
def small_extents(draw: st.DrawFn, limit: int = 7) -> Extent:
    """Extents over the integers 0..limit, small enough to read every realisation of; now
    and then a point."""
    if draw(st.integers(0, 5)) == 0:
        point = draw(st.integers(0, limit))
        return Extent(point, point, point, point)
    start_low = draw(st.integers(0, limit - 1))
    start_high = draw(st.integers(start_low, limit - 1))
    end_high = draw(st.integers(start_low + 1, limit))
    end_low = draw(st.integers(start_low + 1, end_high))
    return Extent(start_low, min(start_high, end_high - 1), end_low, end_high)


def realisations(extent: Extent) -> list[tuple[int, int]]:
    if extent.is_point:
        return [(extent.start_low, extent.end_high)]
    starts = range(extent.start_low, extent.start_high + 1)
    ends = range(extent.end_low, extent.end_high + 1)
    return [(start, end) for start, end in itertools.product(starts, ends) if start < end]


class TestExactExtents:
    @given(exact_whens(), exact_whens())
    def test_exactly_one_relation_holds(self, a: When, b: When) -> None:
        found = relations(a, b)
        extent_a, extent_b = Extent.of(a), Extent.of(b)
        assert extent_a.is_exact
        assert extent_b.is_exact
        assert found == {allen(extent_a.start_low, extent_a.end_low, extent_b.start_low,
                               extent_b.end_low)}  # fmt: skip

    @given(exact_whens(), exact_whens())
    def test_the_converse_holds_the_other_way_round(self, a: When, b: When) -> None:
        (forward,) = relations(a, b)
        assert relations(b, a) == {INVERSES[forward]}

    @pytest.mark.parametrize(
        ("a", "b", "relation"),
        [
            ("2017-04-04", "2017-04-07", "before"),
            ("2014-01", "2014-02", "meets"),
            (
                "2014-01-01T00:00:00Z/2014-01-05T00:00:00Z",
                "2014-01-03T00:00:00Z/2014-01-09T00:00:00Z",
                "overlaps",
            ),
            ("2014-01", "2014", "starts"),
            ("2014-03-18", "2014-03", "during"),
            ("2014-12", "2014", "finishes"),
            ("2014-03-18", "2014-03-18", "equals"),
            ("2014", "2014-12", "finished-by"),
            ("2014", "2014-03", "contains"),
            ("2014", "2014-01", "started-by"),
            (
                "2014-01-03T00:00:00Z/2014-01-09T00:00:00Z",
                "2014-01-01T00:00:00Z/2014-01-05T00:00:00Z",
                "overlapped-by",
            ),
            ("2014-02-01T00:00:00Z", "2014-01", "met-by"),
            ("2017-04-07", "2017-04-04", "after"),
        ],
    )
    def test_each_relation(self, a: str, b: str, relation: str) -> None:
        assert relations(a, b) == {relation}
        assert certainly(a, b, relation)

    def test_every_relation_is_covered_by_the_examples(self) -> None:
        assert len(RELATIONS) == 13
        assert set(INVERSES) == set(RELATIONS)
        assert all(INVERSES[INVERSES[name]] == name for name in RELATIONS)

    def test_an_instant_on_the_boundary_belongs_to_the_span_it_starts(self) -> None:
        assert relations("2014-02-01T00:00:00Z", "2014-02") == {"starts"}
        assert relations("2014-02-01T00:00:00Z", "2014-01") == {"met-by"}
        # A time to the second is a point, so the last second is inside.
        assert relations("2014-01-31T23:59:59Z", "2014-01") == {"during"}
        assert relations("2014-01-31", "2014-01") == {"finishes"}
        assert relations("2014-01", "2014-02-01T00:00:00Z") == {"meets"}

    def test_intervals_that_share_an_exact_end_meet(self) -> None:
        # The regression: an end known to the second is a point, not one tick of overlap.
        ending = "2014-03-10T00:00:00Z/2014-03-15T05:00:00Z"
        starting = "2014-03-15T05:00:00Z/2014-03-20T00:00:00Z"
        assert relations(ending, starting) == {"meets"}
        assert relations(starting, ending) == {"met-by"}
        assert relations("2014/2014-03-15T05:00:00Z", "2014-03-15T05:00:00Z/..") == {"meets"}
        assert not possibly(ending, starting, "intersects")
        # The point itself starts the interval it begins, and follows the one it ends.
        assert relations("2014-03-15T05:00:00Z", starting) == {"starts"}
        assert relations("2014-03-15T05:00:00Z", ending) == {"met-by"}
        assert relations("2014-03-15T05:00:00Z", "2014-03-15T05:00:00Z") == {"equals"}
        assert relations("2014-03-15T05:00:00Z", "2014-03-15T05:00:00.000001Z") == {"before"}

    def test_an_interval_between_one_point_and_itself_is_that_point(self) -> None:
        assert Extent.of(When.parse("2014-03-15T05:00:00Z/2014-03-15T05:00:00Z")).is_point
        assert relations("2014-03-15T05:00:00Z/2014-03-15T05:00:00Z", "2014-03-15T05:00:00Z") == {
            "equals"
        }
        assert Extent.of(When.parse("2014-03-15/2014-03-15T00:00:00Z")).is_point

    @given(seconds(), seconds(), seconds())
    def test_intervals_meeting_at_an_exact_time(self, a: Moment, b: Moment, c: Moment) -> None:
        first, middle, last = sorted([a, b, c], key=lambda moment: moment.earliest_us)
        if first.earliest_us == middle.earliest_us or middle.earliest_us == last.earliest_us:
            return
        left, right = When.interval(first, middle), When.interval(middle, last)
        assert relations(left, right) == {"meets"}
        assert relations(When.instant(middle), right) == {"starts"}
        assert relations(When.instant(middle), left) == {"met-by"}

    def test_interval_ends_are_as_fuzzy_as_their_precision(self) -> None:
        assert relations("2014-01-01/2014-01-05", "2014-01-06/2014-01-09") == {"before", "meets"}
        assert "equals" in relations("2017-22", "2017-06-01/2017-08-31")


class TestFuzzyExtents:
    @given(small_extents(), small_extents())
    def test_possible_relations_are_exactly_those_of_some_realisation(
        self, a: Extent, b: Extent
    ) -> None:
        realised = {
            allen(s1, e1, s2, e2)
            for (s1, e1), (s2, e2) in itertools.product(realisations(a), realisations(b))
        }
        assert extent_relations(a, b) == realised

    @given((whens() | wide_whens()), (whens() | wide_whens()), st.randoms(use_true_random=False))
    def test_every_sampled_realisation_is_possible(
        self, a: When, b: When, rng: random.Random
    ) -> None:
        possible = relations(a, b)
        extent_a, extent_b = Extent.of(a), Extent.of(b)
        for _ in range(20):
            s1, e1 = _realise(extent_a, rng)
            s2, e2 = _realise(extent_b, rng)
            assert allen(s1, e1, s2, e2) in possible

    @given(whens(), whens())
    def test_the_converse_holds_the_other_way_round(self, a: When, b: When) -> None:
        assert relations(b, a) == {INVERSES[name] for name in relations(a, b)}

    @given(whens(), whens(), st.sampled_from([*RELATIONS, *FAMILIES]))
    def test_certain_implies_possible(self, a: When, b: When, name: str) -> None:
        assert relations(a, b)
        if certainly(a, b, name):
            assert possibly(a, b, name)

    @given(whens() | wide_whens())
    def test_extents_are_tight_and_not_empty(self, when: When) -> None:
        extent = Extent.of(when)
        if extent.is_point:
            assert extent == (when.earliest_us,) * 4
            assert when.earliest_us == when.last_covered_us
            return
        assert extent.start_low <= extent.start_high < extent.end_high
        assert extent.start_low < extent.end_low <= extent.end_high
        assert extent.start_low == when.possible_earliest_us
        widening = when.possible_latest_us - when.latest_us
        assert extent.end_high == when.last_covered_us + widening + 1

    def test_fuzzy_examples(self) -> None:
        assert relations("2014-02/2014-03", "2014-03") == {"overlaps", "finished-by"}
        assert relations("2014-04/..", "2017") == {"contains"}
        # An unknown end could be anywhere after the start; an open one never comes.
        assert relations("2014-04/", "2017") == {"before", "meets", "overlaps", "finished-by",
                                                 "contains"}  # fmt: skip
        assert certainly("2017-22", "2017", "inside")
        assert not certainly("2014-02/2014-03", "2014-03", "overlaps")
        assert possibly("2014-02/2014-03", "2014-03", ["meets", "overlaps"])

    def test_unbounded_ends_reach_the_ends_of_time(self) -> None:
        since = Extent.of(When.interval("2014", Unbounded.OPEN))
        assert since.end_low == since.end_high == MAX_US + 1
        until = Extent.of(When.interval(Unbounded.OPEN, "2014"))
        assert until.start_low == until.start_high == MIN_US


def _realise(extent: Extent, rng: random.Random) -> tuple[int, int]:
    """One exact reading of a fuzzy extent, often at the edges of its ranges."""
    if extent.is_point:
        return extent.start_low, extent.end_high
    start = rng.choice([extent.start_low, extent.start_high,
                        rng.randint(extent.start_low, extent.start_high)])  # fmt: skip
    end_low = max(extent.end_low, start + 1)
    end = rng.choice([end_low, extent.end_high, rng.randint(end_low, extent.end_high)])
    return start, end


class TestNames:
    def test_an_unknown_relation_is_refused(self) -> None:
        with pytest.raises(InvalidFieldError, match="relation: 'near' is not one of before"):
            certainly("2014", "2015", "near")

    def test_families(self) -> None:
        assert FAMILIES["inside"] == {"during", "starts", "finishes", "equals"}
        assert FAMILIES["intersects"] | FAMILIES["disjoint"] == set(RELATIONS)
        assert not FAMILIES["intersects"] & FAMILIES["disjoint"]


def test_relations_hold_for_years_outside_1_to_9999() -> None:
    # An open start runs from before every year geotimeline holds, so 500 BCE lies in it.
    assert relations(When.parse("-0499"), When.parse("../2014")) == {"during"}
    assert relations(When.parse("Y-10000"), When.parse("0000")) == {"before"}
    assert relations(When.parse("-0001-12-31"), When.parse("0000-01-01")) == {"meets"}
    assert certainly(When.parse("-0043-03-15"), When.parse("-0043"), "inside")
    assert relations(When.parse("Y10000"), When.parse("2014/..")) == {"during"}
