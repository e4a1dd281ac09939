"""Queries: each one returns exactly what a brute-force filter over every event returns, in
the same order; and the questions of the docs, answered on the seed timeline."""

from __future__ import annotations

import datetime as dt
import math
import random
import unicodedata
from collections.abc import Callable

import attrs
import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from geotimeline import Event, InvalidFieldError, Moment, Place, Source, Timeline, Unbounded, When
from geotimeline import query as q
from geotimeline.examples import load
from geotimeline.query import by_time
from geotimeline.query.filters import AllOf
from geotimeline.time.calendar import MAX_US, MIN_US, from_datetime
from geotimeline.time.relations import FAMILIES, Extent, certainly, extent_relations, possibly
from tests.strategies import event_ids, whens, wide_whens
from tests.test_relations import small_extents

Reference = Callable[[Event], bool]

ACTORS = ["Russia", "russia", "Ukraine", "Syria", "United States", "Türkiye", "TURKIYE"]
COUNTRIES = {"SY": "Syria", "UA": "Ukraine", "RU": "Russia", "US": "United States", "KP": "PRK"}
REGIONS = ["Idlib", "idlib", "Donbas", "Homs"]
TAGS = ["war", "diplomacy", "sanctions", "syria"]
OUTLETS = ["Reuters", "The Atlantic", "HuffPost UK (Reuters)", "Le Monde"]
TITLES = ["Strike on Homs", "Talks in Genève", "GENEVE talks", "Annexation", "Ceasefire"]


def fold(text: str) -> str:
    """Case and accents aside (written here again, so as not to test the code with itself)."""
    letters = unicodedata.normalize("NFD", text.casefold())
    return " ".join("".join(c for c in letters if unicodedata.category(c) != "Mn").split())


# -- strategies -----------------------------------------------------------------------------


@st.composite
def local_moments(draw: st.DrawFn) -> Moment:
    """Moments of every precision between 2013 and 2018, where the events of a test meet."""
    year = draw(st.integers(2013, 2018))
    kind = draw(st.sampled_from(["year", "season", "month", "day", "minute", "second"]))
    # The qualifiers widen what a date possibly means: ? and ~ by one unit, % by two.
    qualified = kind in ("year", "season", "month", "day")
    flags = {"uncertain": draw(st.booleans()), "approximate": draw(st.booleans())}
    flags = flags if qualified else {}
    if kind == "year":
        return Moment.of(year, **flags)
    if kind == "season":
        return Moment.of_season(year, draw(st.sampled_from([21, 22, 23, 24])), **flags)
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    if kind == "month":
        return Moment.of(year, month, **flags)
    if kind == "day":
        return Moment.of(year, month, day, **flags)
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    if kind == "minute":
        return Moment.of(year, month, day, hour, minute)
    return Moment.of(year, month, day, hour, minute, draw(st.integers(0, 59)))


@st.composite
def local_whens(draw: st.DrawFn) -> When:
    """Instants and intervals, with open and unknown ends, mostly in 2013-2018."""
    if draw(st.integers(0, 9)) == 0:
        # now and then, anywhere in years 1-9999, or beyond them (-0999, Y-10000)
        return draw(whens() | wide_whens())
    if draw(st.booleans()):
        return When.instant(draw(local_moments()))
    bounds = st.one_of(local_moments(), st.sampled_from(Unbounded))
    first, second = draw(bounds), draw(bounds)
    if isinstance(first, Unbounded) and isinstance(second, Unbounded):
        second = draw(local_moments())
    if isinstance(first, Moment) and isinstance(second, Moment):
        first, second = sorted([first, second], key=lambda moment: moment.earliest_us)
    elif isinstance(first, Moment):
        first, second = second, first
    return When.interval(first, second)


@st.composite
def local_places(draw: st.DrawFn) -> Place:
    point = draw(st.none() | st.tuples(st.floats(25, 45), st.floats(25, 45)))
    latitude, longitude = point or (None, None)
    return Place(
        draw(st.sampled_from(["Homs", "Donetsk", "Moscow"])),
        country=draw(st.none() | st.sampled_from(sorted(COUNTRIES))),
        region=draw(st.none() | st.sampled_from(REGIONS)),
        latitude=latitude,
        longitude=longitude,
    )


def local_events() -> st.SearchStrategy[Event]:
    """Events whose fields come from small vocabularies, so that queries find some."""
    return st.builds(
        Event,
        id=event_ids(),
        title=st.sampled_from(TITLES),
        when=local_whens(),
        summary=st.sampled_from(["", "Russia and Türkiye met", "no comment"]),
        actors=st.lists(st.sampled_from(ACTORS), max_size=3),
        place=st.none() | local_places(),
        tags=st.lists(st.sampled_from(TAGS), max_size=3),
        sources=st.lists(st.builds(Source, st.sampled_from(OUTLETS)), max_size=2),
    )


def timelines() -> st.SearchStrategy[Timeline]:
    return st.lists(local_events(), max_size=12, unique_by=lambda event: event.id).map(Timeline)


modes: st.SearchStrategy[q.Mode] = st.sampled_from(["possible", "certain"])


def _exact(low: int, high: int) -> Extent:
    return Extent(low, low, high, high)


def _span_of(low: When, high: When) -> Extent:
    """From the first instant of ``low`` to the last of ``high`` (a point's included), exact
    unless a qualifier moves either moment by up to its margin."""
    first = _moved_range(low.start, 0)
    last = _moved_range(high.end, 1)
    return Extent(first[0], first[1], max(last[0], first[0] + 1), last[1])


def _moved_range(bound: Moment | Unbounded, side: int) -> tuple[int, int]:
    """Where the start (side 0) or the exclusive end (side 1) of ``bound`` may be."""
    if isinstance(bound, Unbounded):
        edge = MIN_US if side == 0 else MAX_US + 1
        return edge, edge
    if bound.is_exact:
        return (bound.earliest_us + side,) * 2
    earlier, later = bound.moved(-bound.margin), bound.moved(bound.margin)
    return (earlier[0], later[0]) if side == 0 else (earlier[1] + 1, later[1] + 1)


@st.composite
def time_filters(draw: st.DrawFn) -> tuple[q.Filter, Reference]:
    """A time filter, and the same question asked of the general relation algebra."""
    when, mode = draw(local_whens()), draw(modes)
    check = certainly if mode == "certain" else possibly
    kind = draw(st.sampled_from(["during", "overlapping", "before", "after", "at", "between"]))
    family = {"during": "inside", "overlapping": "intersects", "before": "precedes",
              "after": "follows"}  # fmt: skip
    if kind in family:
        made = {"during": q.during, "overlapping": q.overlapping, "before": q.before,
                "after": q.after}[kind](when, mode)  # fmt: skip
        return made, lambda event: check(event.when, when, family[kind])
    if kind == "at":
        span = _span_of(when, when)
        made = q.at(when, mode)
    else:
        other = draw(local_whens())
        low, high = sorted([when, other], key=lambda value: value.earliest_us)
        if low.earliest_us > high.latest_us:
            low, high = high, low
        span = _span_of(low, high)
        made = q.between(low, high, mode)
    if mode == "certain":
        return made, lambda event: extent_relations(Extent.of(event.when), span) <= _INTERSECTS
    return made, lambda event: bool(extent_relations(Extent.of(event.when), span) & _INTERSECTS)


_INTERSECTS = frozenset(["overlaps", "starts", "during", "finishes", "equals", "finished-by",
                         "contains", "started-by", "overlapped-by"])  # fmt: skip


@st.composite
def field_filters(draw: st.DrawFn) -> tuple[q.Filter, Reference]:
    """A filter on actors, places, tags, sources, precision or text, and its reference."""
    kind = draw(st.sampled_from(["actor", "actors", "country", "tag", "tags", "region", "outlet",
                                 "precision", "text", "near", "box", "predicate"]))  # fmt: skip
    if kind in ("actor", "actors", "tag", "tags"):
        pool = ACTORS if kind.startswith("actor") else TAGS
        chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2))
        wanted = {fold(value) for value in chosen}
        every = kind.endswith("s")
        make = q.involving if pool is ACTORS else q.tagged

        def values(event: Event) -> set[str]:
            return {fold(value) for value in (event.actors if pool is ACTORS else event.tags)}

        if every:
            return make(*chosen, every=True), lambda event: wanted <= values(event)
        return make(*chosen), lambda event: bool(wanted & values(event))
    if kind == "country":
        codes = draw(st.lists(st.sampled_from(sorted(COUNTRIES)), min_size=1, max_size=2))
        given = [draw(st.sampled_from([code, COUNTRIES[code]])) for code in codes]
        return q.in_country(*given), lambda event: bool(
            event.place and event.place.country in codes
        )
    if kind == "region":
        region = draw(st.sampled_from(REGIONS))
        return q.in_region(region), lambda event: bool(
            event.place and event.place.region and fold(event.place.region) == fold(region)
        )
    if kind == "outlet":
        outlet = draw(st.sampled_from(["reuters", "ATLANTIC", "monde"]))
        return q.reported_by(outlet), lambda event: any(
            fold(outlet) in fold(source.outlet) for source in event.sources
        )
    if kind == "precision":
        precision = draw(st.sampled_from(["year", "season", "month", "day", "second"]))
        rank = ["century", "decade", "year", "season", "month", "day", "hour", "minute",
                "second"].index(precision)  # fmt: skip
        return q.precise_to(precision), lambda event: event.when.precision >= rank + 1
    if kind == "text":
        text = draw(st.sampled_from(["geneve", "TALKS", "türkiye", "turkiye", "homs"]))
        return q.matching(
            text
        ), lambda event: fold(text) in fold(event.title) or fold(text) in fold(event.summary)
    if kind == "near":
        latitude, longitude = draw(st.floats(25, 45)), draw(st.floats(25, 45))
        km = draw(st.floats(0, 2000))
        return q.near(latitude, longitude, km=km), lambda event: bool(
            event.place
            and event.place.coordinates
            and _haversine(event.place.coordinates, (latitude, longitude)) <= km
        )
    if kind == "box":
        south, north = sorted([draw(st.floats(25, 45)), draw(st.floats(25, 45))])
        west, east = sorted([draw(st.floats(25, 45)), draw(st.floats(25, 45))])
        return q.within_box(south, west, north, east), lambda event: bool(
            event.place
            and event.place.latitude is not None
            and event.place.longitude is not None
            and south <= event.place.latitude <= north
            and west <= event.place.longitude <= east
        )
    return q.satisfying(lambda event: len(event.actors) >= 2), lambda event: len(event.actors) >= 2


def _haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, point)) for point in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2) ** 2  # fmt: skip
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _combine(children: st.SearchStrategy[tuple[q.Filter, Reference]]) -> st.SearchStrategy[
    tuple[q.Filter, Reference]
]:  # fmt: skip
    pairs = st.tuples(children, children)
    return st.one_of(
        pairs.map(lambda p: (p[0][0] & p[1][0], lambda e: p[0][1](e) and p[1][1](e))),
        pairs.map(lambda p: (p[0][0] | p[1][0], lambda e: p[0][1](e) or p[1][1](e))),
        children.map(lambda c: (~c[0], lambda e: not c[1](e))),
    )


queries = st.recursive(time_filters() | field_filters(), _combine, max_leaves=5)


# -- the equivalence properties -------------------------------------------------------------


class TestEquivalence:
    @given(timelines(), queries)
    def test_every_query_returns_what_a_brute_force_filter_does(
        self, timeline: Timeline, query: tuple[q.Filter, Reference]
    ) -> None:
        made, reference = query
        expected = [event for event in timeline if reference(event)]
        assert list(timeline.query(made)) == expected
        timeline._check()  # the indexes the query built agree with the events

    @given(timelines(), queries)
    def test_a_checker_agrees_with_matches_on_the_timeline_it_reads(
        self, timeline: Timeline, query: tuple[q.Filter, Reference]
    ) -> None:
        # Checkers answer from the indexes (ids in postings) rather than from the fields.
        made, _ = query
        check = made.checker(timeline)
        assert [check(event) for event in timeline] == [made.matches(e) for e in timeline]

    @given(timelines(), st.lists(time_filters() | field_filters(), min_size=1, max_size=3))
    def test_chained_filters_are_all_applied(
        self, timeline: Timeline, filters: list[tuple[q.Filter, Reference]]
    ) -> None:
        query = timeline.query()
        for made, _ in filters:
            query = query.where(made)
        expected = [event for event in timeline if all(ref(event) for _, ref in filters)]
        assert list(query) == expected
        assert len(query) == len(expected)

    @given(timelines(), local_whens(), local_whens(), modes)
    def test_timeline_shortcuts_match_their_filters(
        self, timeline: Timeline, when: When, other: When, mode: q.Mode
    ) -> None:
        low, high = sorted([when, other], key=lambda value: value.latest_us)
        if low.earliest_us <= high.latest_us:
            between = q.between(low, high, mode)
            assert list(timeline.between(low, high, mode)) == _scan(timeline, between)
        assert list(timeline.at(when, mode)) == _scan(timeline, q.at(when, mode))
        assert list(timeline.before(when, mode)) == _scan(timeline, q.before(when, mode))
        assert list(timeline.after(when, mode)) == _scan(timeline, q.after(when, mode))

    @given(timelines(), local_whens(), st.sampled_from(["meets", "inside", "overlaps"]), modes)
    def test_related_matches_the_relation_algebra(
        self, timeline: Timeline, when: When, name: str, mode: q.Mode
    ) -> None:
        check = certainly if mode == "certain" else possibly
        expected = [event for event in timeline if check(event.when, when, name)]
        assert list(timeline.query().related(when, name, mode=mode)) == expected

    @given(timelines(), st.sampled_from(ACTORS), local_whens(), local_whens(), modes)
    def test_one_actor_in_a_window_matches_a_scan_before_and_after_changes(
        self, timeline: Timeline, actor: str, when: When, other: When, mode: q.Mode
    ) -> None:
        # This pair has its own plan (the actor's events bisected by start), cached until the
        # timeline changes: check it against a scan, then change the timeline and check again.
        low, high = sorted([when, other], key=lambda value: value.latest_us)
        if low.earliest_us > high.latest_us:
            return
        made = q.involving(actor) & q.between(low, high, mode)
        assert list(timeline.query(made)) == _scan(timeline, made)
        for event in list(timeline)[::2]:
            timeline.replace(attrs.evolve(event, actors=[actor]))
        timeline.add(Event(title="Talks", when=low, actors=[actor]))
        assert list(timeline.query(made)) == _scan(timeline, made)
        timeline._check()

    @given(timelines(), queries)
    def test_queries_follow_changes_to_their_timeline(
        self, timeline: Timeline, query: tuple[q.Filter, Reference]
    ) -> None:
        made, reference = query
        view = timeline.query(made)
        list(view)  # builds the indexes it needs
        for event in list(timeline)[::2]:
            timeline.remove(event)
        for event in list(timeline)[::3]:
            timeline.replace(attrs.evolve(event, actors=["Russia"], tags=["war"]))
        timeline.add(Event(title="Talks in Genève", when="2017", actors=["Russia"]))
        timeline._check()
        assert list(view) == [event for event in timeline if reference(event)]


class TestClosedForms:
    @given(small_extents(), small_extents(), st.sampled_from(["intersects", "inside", "precedes",
                                                               "follows"]), modes)  # fmt: skip
    def test_the_closed_forms_agree_with_the_relation_algebra(
        self, event: Extent, reference: Extent, family: str, mode: q.Mode
    ) -> None:
        # Points included: the closed forms treat them apart, the algebra by its constraints.
        possible = extent_relations(event, reference)
        expected = (
            (possible <= FAMILIES[family])
            if mode == "certain"
            else bool(possible & FAMILIES[family])
        )
        check = by_time._certain if mode == "certain" else by_time._possible
        assert check(family, event, reference) == expected  # type: ignore[arg-type]

    @given(small_extents(), small_extents())
    def test_the_window_holds_every_possible_match(self, event: Extent, reference: Extent) -> None:
        for family in ("intersects", "inside", "precedes", "follows"):
            made = by_time.TimeFilter(reference, family)  # type: ignore[arg-type]
            if by_time._possible(family, event, reference):  # type: ignore[arg-type]
                low, high = made.window()
                assert event.start_low <= high
                assert low <= event.reach - 1

    def test_a_guess_reaches_a_window_that_its_date_as_written_does_not(self) -> None:
        around = Event(title="Founding", when="2010~")
        timeline = Timeline([around, Event(title="Talks", when="2012-05")])
        assert titles(timeline.at("2009-12")) == ["Founding"]
        assert titles(timeline.at("2009-12", mode="certain")) == []
        assert titles(timeline.query().during("2010", mode="certain")) == []
        assert titles(timeline.query().during("2010")) == ["Founding"]
        assert titles(timeline.after("2010-06")) == ["Founding", "Talks"]
        assert titles(timeline.before("2011-06")) == ["Founding"]
        assert titles(timeline.query(q.at("2011-12") | q.involving("nobody"))) == ["Founding"]
        timeline._check()


ZONES = ["Asia/Bangkok", "Europe/Paris", "America/Sao_Paulo", "Asia/Kolkata",
         "Pacific/Kiritimati", "America/St_Johns", "Australia/Lord_Howe"]  # fmt: skip
TIME_QUERIES = ["during", "overlapping", "between", "at", "before", "after"]


def _time_query(query: q.Query, kind: str, when: When, mode: q.Mode, zone: str | None) -> q.Query:
    if kind == "between":
        return query.between(when, when, mode, zone=zone)
    return getattr(query, kind)(when, mode, zone=zone)  # type: ignore[no-any-return]


class TestZones:
    def test_a_local_day_finds_what_happened_on_it_where_it_happened(self) -> None:
        strike = Event(title="Strike", when="2018-10-29T06:32+07:00")
        timeline = Timeline([strike])
        assert titles(timeline.at("2018-10-29")) == []
        assert titles(timeline.at("2018-10-29", zone="Asia/Bangkok")) == ["Strike"]
        assert titles(timeline.query(zone="Asia/Bangkok").during("2018-10-29")) == ["Strike"]
        assert titles(timeline.query(zone="Asia/Bangkok").at("2018-10-29", mode="certain")) == [
            "Strike"
        ]
        # A time of day keeps its own offset whatever the zone.
        assert q.at("2018-10-29T06:32+07:00", zone="America/New_York").matches(strike)

    def test_a_zone_moves_the_local_midnights_of_a_date(self) -> None:
        reference = q.at("2018-10-29", zone="Asia/Bangkok").reference  # type: ignore[attr-defined]
        assert reference == Extent(*(_utc_us("2018-10-28T17:00:00Z"),) * 2,
                                   *(_utc_us("2018-10-29T17:00:00Z"),) * 2)  # fmt: skip
        # Daylight saving: the last Sunday of October 2018 in Paris lasted 25 hours.
        autumn = q.at("2018-10-28", zone="Europe/Paris").reference  # type: ignore[attr-defined]
        assert autumn.end_high - autumn.start_low == 25 * 3600 * 10**6
        # São Paulo skipped its midnight on 8 October 2000: that day began at 01:00, 23 hours long.
        skipped = q.at("2000-10-08", zone="America/Sao_Paulo").reference  # type: ignore[attr-defined]
        assert (skipped.start_low, skipped.end_high) == (
            _utc_us("2000-10-08T03:00:00Z"), _utc_us("2000-10-09T02:00:00Z"),
        )  # fmt: skip

    @given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
           st.sampled_from(ZONES))  # fmt: skip
    @example(dt.date(1998, 10, 24), "America/St_Johns")
    @example(dt.date(1998, 10, 25), "America/St_Johns")
    def test_a_local_day_runs_from_local_midnight_to_local_midnight(
        self, day: dt.date, zone: str
    ) -> None:
        reference = q.at(day.isoformat(), zone=zone).reference  # type: ignore[attr-defined]
        # fold=0: a midnight shown twice (St John's, 25 October 1998, when clocks went back at
        # 00:01) is its first showing, as zones.wall_to_utc documents; pendulum's default is
        # the second. A skipped midnight takes the offset before the change either way.
        start = pendulum.datetime(day.year, day.month, day.day, tz=zone, fold=0)
        # The next local midnight, made afresh: where daylight saving skips midnight (São Paulo,
        # 8 October 2000), the day starts at 01:00, and start.add(days=1) would keep that 01:00.
        following = day + dt.timedelta(days=1)
        end = pendulum.datetime(following.year, following.month, following.day, tz=zone, fold=0)
        assert reference == Extent(*(_us(start),) * 2, *(_us(end),) * 2)

    @given(timelines(), st.sampled_from(TIME_QUERIES), local_whens(), modes)
    def test_in_utc_nothing_changes(
        self, timeline: Timeline, kind: str, when: When, mode: q.Mode
    ) -> None:
        if kind == "between" and when.earliest_us > when.latest_us:
            return
        plain = _time_query(timeline.query(), kind, when, mode, None)
        in_utc = _time_query(timeline.query(), kind, when, mode, "UTC")
        assert list(in_utc) == list(plain)
        assert list(timeline.query(zone="UTC").where(in_utc.filter)) == list(plain)  # type: ignore[arg-type]

    @given(timelines(), st.sampled_from(TIME_QUERIES), local_whens(), modes,
           st.sampled_from(ZONES))  # fmt: skip
    def test_zoned_queries_return_what_a_brute_force_filter_does(
        self, timeline: Timeline, kind: str, when: When, mode: q.Mode, zone: str
    ) -> None:
        made = _time_query(timeline.query(), kind, when, mode, zone)
        assert made.filter is not None
        assert list(made) == _scan(timeline, made.filter)
        timeline._check()

    def test_a_query_passes_its_zone_to_its_time_filters(self) -> None:
        query = Timeline().query(zone="Asia/Bangkok")
        assert query.during("2018").filter == q.during("2018", zone="Asia/Bangkok")
        assert query.during("2018", zone="UTC").filter == q.during("2018")
        assert "zone 'Asia/Bangkok'" in repr(query)
        assert query.query(mode="certain").zone == "Asia/Bangkok"

    @pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "+07:00"])
    def test_an_unknown_zone_is_refused(self, zone: str) -> None:
        with pytest.raises(InvalidFieldError) as caught:
            q.at("2018-10-29", zone=zone)
        assert caught.value.field == "zone"
        with pytest.raises(InvalidFieldError, match="zone"):
            Timeline().query(zone=zone)


def _utc_us(text: str) -> int:
    return When.parse(text).earliest_us


def _us(moment: pendulum.DateTime) -> int:
    return from_datetime(moment)


def _scan(timeline: Timeline, made: q.Filter) -> list[Event]:
    return [event for event in timeline if made.matches(event)]


# -- the questions of the docs, on the seed timeline -----------------------------------------


@pytest.fixture(scope="module")
def seed() -> Timeline:
    return load("seed")


def titles(events: object) -> list[str]:
    assert isinstance(events, Timeline | q.Query)
    return [event.title for event in events]


class TestSeedQuestions:
    def test_what_russia_did_in_syria_in_2017(self, seed: Timeline) -> None:
        query = seed.query().during("2017").involving("Russia").in_country("SY")
        assert titles(query) == ["Ceasefire in south-western Syria"]
        # Possibly during 2017 is not the same as overlapping it: the intervention since 2015
        # overlaps 2017 but did not happen within it.
        ongoing = seed.query().overlapping("2017").involving("Russia").in_country("Syria")
        assert titles(ongoing) == [
            "Russian military intervention in Syria",
            "Ceasefire in south-western Syria",
        ]

    def test_what_was_going_on_in_ukraine_when_the_syria_statement_was_made(
        self, seed: Timeline
    ) -> None:
        statement = seed["2017-11-11-trump-and-putin-joint-statement-on-syria"]
        assert titles(seed.at(statement.when).query().in_country("UA")) == ["War in Donbas"]

    def test_possible_and_certain(self, seed: Timeline) -> None:
        assert titles(seed.between("2014-04-01", "2014-04-10")) == ["War in Donbas"]
        assert titles(seed.between("2014-04-01", "2014-04-10", mode="certain")) == []
        assert len(seed.between("2014-02", "2014-04", mode="possible")) == 4

    def test_near_damascus_by_month(self, seed: Timeline) -> None:
        groups = seed.query().near("Damascus", km=500).group_by("month")
        assert list(groups) == ["2015-09", "2017-04", "2017-10"]
        assert titles(groups["2017-04"]) == [
            "Sarin attack on Khan Shaykhun",
            "US missile strike on Shayrat air base",
        ]

    def test_actors_any_and_all(self, seed: Timeline) -> None:
        both = seed.query().involving("Russia", "China", every=True)
        assert len(both) == 3
        either = seed.query().involving("russia", "CHINA")
        assert len(either) > len(both)
        assert all(event in either for event in both)

    def test_filters_combine_with_and_or_not(self, seed: Timeline) -> None:
        korea = q.in_country("North Korea") | q.involving("North Korea")
        without_sanctions = seed.query(korea & ~q.tagged("sanctions"))
        assert "sanctions" not in {tag for event in without_sanctions for tag in event.tags}
        assert len(seed.query(korea)) == len(without_sanctions) + len(
            seed.query(korea, q.tagged("sanctions"))
        )
        assert ~~q.tagged("x") == q.tagged("x")

    def test_region_outlet_precision_text_box(self, seed: Timeline) -> None:
        assert titles(seed.query().in_region("IDLIB")) == ["Sarin attack on Khan Shaykhun"]
        assert len(seed.query().reported_by("reuters")) == 5
        assert "Ceasefire in south-western Syria" not in titles(seed.query().precise_to("day"))
        assert titles(seed.query().matching("TESTING russia")) == [
            "US official on testing Russia over Assad"
        ]
        assert len(seed.query().matching("assad")) > 1  # summaries are searched too
        in_syria_box = seed.query().within_box(32.3, 35.7, 37.3, 42.4)
        assert {event.place.country for event in in_syria_box if event.place} == {"SY"}
        assert len(seed.query().where(lambda event: len(event.actors) >= 5)) == 2

    def test_results_are_ordered_countable_and_chainable(self, seed: Timeline) -> None:
        query = seed.query().tagged("syria")
        events = list(query)
        assert events == sorted(events, key=lambda event: event.sort_key)
        assert len(query) == len(events) == len(query.timeline())
        assert query[0] == query.first == events[0]
        assert query.last == events[-1]
        assert query[1:3] == events[1:3]
        assert bool(query)
        narrower = query.during("2017")
        assert len(narrower) < len(query)
        assert list(narrower.query(mode="certain").during("2017")) == list(narrower)
        assert query.timeline().title == seed.title
        assert "mode 'possible'" in repr(query)

    def test_group_by(self, seed: Timeline) -> None:
        years = seed.group_by("year")
        assert list(years) == ["2013", "2014", "2015", "2017"]
        assert sum(map(len, years.values())) == len(seed)
        by_country = seed.group_by("country")
        assert list(by_country) == sorted(by_country)
        assert titles(by_country["VN"]) == ["Trump and Putin joint statement on Syria"]
        actors = seed.group_by("actor")
        assert len(actors["Vladimir Putin"]) == 5
        assert list(actors) == sorted(actors, key=str.casefold)
        tags = seed.query().involving("Kim Jong Un").group_by("tag")
        assert {tag: len(events) for tag, events in tags.items()} == {
            "missiles": 2,
            "north-korea": 3,
            "nuclear": 1,
        }

    def test_group_by_keeps_coarse_starts_apart(self) -> None:
        timeline = Timeline([Event(title="a", when="2017-22"), Event(title="b", when="2017-07-01"),
                             Event(title="c", when="201X"), Event(title="d", when="../2014"),
                             Event(title="e", when="2017-07-01T01:00+05:00")])  # fmt: skip
        assert {key: titles(group) for key, group in timeline.group_by("month").items()} == {
            "..": ["d"],
            "201X": ["c"],
            "2017-22": ["a"],
            "2017-07": ["e", "b"],
        }
        assert list(timeline.group_by("year")) == ["..", "201X", "2017"]

    def test_views_follow_their_timeline(self, seed: Timeline) -> None:
        timeline = seed.copy()
        view = timeline.query().involving("Kim Jong Un")
        assert len(view) == 3
        timeline.remove("2017-09-03-north-koreas-sixth-nuclear-test")
        assert len(view) == 2
        timeline._check()


class TestErrors:
    @pytest.mark.parametrize(
        ("make", "field"),
        [
            (lambda: q.during("2017", "maybe"), "mode"),  # type: ignore[arg-type]
            (lambda: q.in_country("Narnia"), "country"),
            (lambda: q.precise_to("fortnight"), "precision"),
            (lambda: q.near(33.5, 36.3, km=-1), "km"),
            (lambda: q.near(95, 36.3, km=10), "latitude"),
            (lambda: q.near(Place("Nowhere"), km=10), "place"),
            (lambda: q.within_box(40, 0, 30, 10), "south"),
            (lambda: q.matching("  "), "text"),
            (lambda: q.involving(), "actors"),
            (lambda: q.related("2017"), "relation"),
            (lambda: q.related("2017", "near"), "relation"),
            (lambda: q.satisfying("not callable"), "predicate"),  # type: ignore[arg-type]
            (lambda: q.between("2017", "2014"), "end"),
            (lambda: q.tagged("x") & "y", "filter"),  # type: ignore[operator]
        ],
    )
    def test_bad_arguments_are_refused_naming_the_field(
        self, make: Callable[[], object], field: str
    ) -> None:
        with pytest.raises(InvalidFieldError) as caught:
            make()
        assert caught.value.field == field

    def test_group_by_refuses_an_unknown_key(self, seed: Timeline) -> None:
        with pytest.raises(InvalidFieldError, match="key: 'decade' must be one of"):
            seed.group_by("decade")

    def test_the_shortcuts_check_their_mode(self, seed: Timeline) -> None:
        with pytest.raises(InvalidFieldError, match="mode"):
            seed.at("2017", mode="surely")  # type: ignore[arg-type]
        with pytest.raises(InvalidFieldError, match="mode"):
            seed.query(mode="surely")  # type: ignore[arg-type]


# -- the fast paths: what the indexes give without a test per event --------------------------


class TestIndexedMatches:
    @given(timelines(), time_filters() | _combine(time_filters() | field_filters()))
    def test_what_the_indexes_give_as_matches_is_what_a_scan_finds(
        self, timeline: Timeline, query: tuple[q.Filter, Reference]
    ) -> None:
        made, _ = query
        found = made.indexed_matches(timeline)
        assert found is None or found == _scan(timeline, made)

    @given(
        timelines(),
        st.sampled_from(ACTORS),
        local_whens(),
        st.none() | field_filters(),
    )
    def test_one_actor_at_a_date_with_another_filter_is_what_a_scan_finds(
        self,
        timeline: Timeline,
        actor: str,
        when: When,
        other: tuple[q.Filter, Reference] | None,
    ) -> None:
        parts = [q.involving(actor), q.at(when)] + ([] if other is None else [other[0]])
        made = AllOf(tuple(parts))
        found = made.indexed_matches(timeline)
        assert found is not None, "a possible window with one actor is read from the indexes"
        assert found == _scan(timeline, made)

    @given(timelines(), time_filters(), st.randoms(use_true_random=False))
    def test_a_time_filter_narrows_any_events_in_their_order(
        self, timeline: Timeline, query: tuple[q.Filter, Reference], rng: random.Random
    ) -> None:
        made, _ = query
        events = list(timeline)
        rng.shuffle(events)
        assert made.narrow(timeline, events) == [e for e in events if made.matches(e)]

    @pytest.mark.parametrize("widened", [1, 40])
    def test_dates_widened_by_qualifiers_join_a_window_in_order(self, widened: int) -> None:
        # A few widened dates are put in place one by one, many by sorting again: both in order.
        plain = [Event(title=f"Day {n}", when=f"2017-01-{1 + n % 28:02}") for n in range(60)]
        around = [
            Event(title=f"Around {n}", when=f"2016-12-{1 + n % 28:02}~") for n in range(widened)
        ]
        timeline = Timeline(plain + around)
        for when in ("2017-01-01", "2016-12-31", "2017-01"):
            assert list(timeline.at(when)) == _scan(timeline, q.at(when))
