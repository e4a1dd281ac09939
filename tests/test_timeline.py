"""The sorted timeline: its order, its changes, its lookups and its indexing."""

from __future__ import annotations

import copy
import gc
import pickle
import random
import sys
from collections.abc import Callable
from pathlib import Path
from types import CodeType, FrameType

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
)

from geotimeline import (
    DuplicateEventError,
    Event,
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    Timeline,
    UnknownEventError,
    When,
)
from geotimeline import query as q
from geotimeline.events.keys import INDEX_KEYS
from geotimeline.time.relations import Extent
from geotimeline.timeline import interval_index
from geotimeline.timeline import timeline as timeline_module
from geotimeline.timeline.key_ordered import KeyOrdered
from tests.strategies import events, timelines, whens, wide_whens


def make(title: str, when: str, **fields: object) -> Event:
    return Event(title=title, when=when, **fields)  # type: ignore[arg-type]


@pytest.fixture
def timeline() -> Timeline:
    return Timeline(
        [
            make("Ceasefire in south-western Syria", "2017-22"),
            make("Russia annexes Crimea", "2014-03-18"),
            make("War in Donbas", "2014-04/.."),
            make("Russian intervention in Crimea", "2014-02-20/2014-03-18"),
            make("Sanctions on North Korea", "2017-08-05"),
        ],
        title="Example",
    )


def titles(timeline: Timeline) -> list[str]:
    return [event.title for event in timeline]


class TestOrder:
    def test_events_sort_by_earliest_then_latest_then_id(self, timeline: Timeline) -> None:
        assert titles(timeline) == [
            "Russian intervention in Crimea",
            "Russia annexes Crimea",
            "War in Donbas",
            "Ceasefire in south-western Syria",
            "Sanctions on North Korea",
        ]

    def test_a_year_sorts_before_its_months_when_they_start_together(self) -> None:
        # 2014 and 2014-01 share their earliest instant; the narrower one ends first.
        timeline = Timeline([make("year", "2014"), make("january", "2014-01")])
        assert titles(timeline) == ["january", "year"]

    def test_equal_extents_are_ordered_by_id(self) -> None:
        timeline = Timeline(
            [Event(id="b", title="x", when="2014"), Event(id="a", title="x", when="2014")]
        )
        assert [event.id for event in timeline] == ["a", "b"]

    def test_unbounded_ends_sort_as_the_first_and_last_instants(self) -> None:
        # An unbounded start is the first instant geotimeline holds (year -99999), before year
        # 1 and before 1000 BCE; an unbounded end the last (year 99999), after year 9999.
        timeline = Timeline(
            [make("year 2", "0002"), make("until", "/2014"), make("day one", "0001-01-01"),
             make("since", "2014/.."), make("year 2014", "2014"), make("bce", "-0999"),
             make("last", "9999-12-31"), make("far", "Y99999")]
        )  # fmt: skip
        assert titles(timeline) == [
            "until", "bce", "day one", "year 2", "year 2014", "since", "last", "far"
        ]  # fmt: skip

    @given(st.lists(events(), unique_by=lambda event: event.id), st.randoms())
    def test_order_does_not_depend_on_insertion_order(
        self, batch: list[Event], rng: random.Random
    ) -> None:
        shuffled = batch[:]
        rng.shuffle(shuffled)
        one_by_one = Timeline()
        for event in shuffled:
            one_by_one.add(event)
        assert list(Timeline(batch)) == list(one_by_one)
        assert list(one_by_one) == sorted(batch, key=lambda event: event.sort_key)

    @given(events(), events(), events())
    def test_event_order_is_total_and_transitive(self, a: Event, b: Event, c: Event) -> None:
        keys = [a.sort_key, b.sort_key, c.sort_key]
        if a.id != b.id:
            assert (keys[0] < keys[1]) != (keys[1] < keys[0])
        if keys[0] <= keys[1] <= keys[2]:
            assert keys[0] <= keys[2]

    @given(events())
    def test_sort_key_is_the_extent_and_id(self, event: Event) -> None:
        # The first and last ticks the date covers as written, then the id.
        extent = Extent.of(event.when)
        widening = event.when.possible_latest_us - event.when.latest_us
        assert event.sort_key == (event.when.earliest_us, event.when.last_covered_us, event.id)
        assert event.sort_key[1] + widening == extent.reach - 1
        assert attrs.evolve(event, when="2001").sort_key[:2] == (
            When.parse("2001").earliest_us,
            When.parse("2001").latest_us,
        )

    def test_an_interval_ending_at_an_exact_time_covers_the_ticks_before_it(self) -> None:
        event = Event(title="Siege", when="2014-03-10/2014-03-15T05:00:00Z")
        assert event.sort_key[1] == When.parse("2014-03-15T05:00:00Z").earliest_us - 1
        point = Event(title="Shot", when="2014-03-15T05:00:00Z/2014-03-15T05:00:00Z")
        assert point.sort_key[:2] == (point.when.earliest_us, point.when.earliest_us)


class TestChanges:
    def test_add_keeps_the_order(self, timeline: Timeline) -> None:
        timeline.add(make("Euromaidan", "2013-11-21/2014-02-22"))
        assert timeline.first is not None
        assert timeline.first.title == "Euromaidan"
        timeline._check()

    def test_a_duplicate_id_is_refused_and_changes_nothing(self, timeline: Timeline) -> None:
        before = timeline.copy()
        with pytest.raises(DuplicateEventError, match="2014-03-18-russia-annexes-crimea"):
            timeline.add(make("Russia annexes Crimea", "2014-03-18"))
        assert timeline == before

    def test_update_is_all_or_nothing(self, timeline: Timeline) -> None:
        before = timeline.copy()
        batch = [make("New one", "2015"), make("Another", "2016"), make("New one", "2015")]
        with pytest.raises(DuplicateEventError, match="2015-new-one"):
            timeline.update(batch)
        assert timeline == before
        with pytest.raises(InvalidFieldError, match="is not an Event"):
            timeline.update([make("Fine", "2015"), "not an event"])  # type: ignore[list-item]
        assert timeline == before
        timeline.update(batch[:2])
        assert len(timeline) == len(before) + 2
        timeline._check()

    @given(
        batch=st.lists(
            st.builds(make, st.sampled_from("abc"), st.just("2014")) | st.just("no event"),
            max_size=5,
        ),
        taken=st.sets(st.sampled_from(["2014-a", "2014-b", "2014-d"]), max_size=2),
    )
    def test_a_batch_is_refused_for_its_first_fault_as_event_by_event(
        self, batch: list[Event], taken: set[str]
    ) -> None:
        # The id index is built by C loops: it must raise for the same event and reason as a
        # step per event does (a non-event, an id twice in the batch, an id already taken).
        existing = {event_id: make(event_id[5:], "2014") for event_id in taken}

        def stepwise() -> dict[str, Event] | str:
            index: dict[str, Event] = {}
            for event in batch:
                if not isinstance(event, Event):
                    return str(InvalidFieldError("event", event, "is not an Event"))
                if event.id in existing or event.id in index:
                    return str(DuplicateEventError(event.id))
                index[event.id] = event
            return index

        try:
            made: dict[str, Event] | str = timeline_module._index_new_events(batch, existing)
        except GeotimelineError as error:
            made = str(error)
        assert made == stepwise()

    def test_remove_by_id_or_event(self, timeline: Timeline) -> None:
        removed = timeline.remove("2014-03-18-russia-annexes-crimea")
        assert removed.title == "Russia annexes Crimea"
        assert "2014-03-18-russia-annexes-crimea" not in timeline
        donbas = timeline["2014-04-war-in-donbas"]
        assert timeline.remove(donbas) is donbas
        timeline._check()

    def test_removing_an_unknown_event_fails_cleanly(self, timeline: Timeline) -> None:
        before = timeline.copy()
        with pytest.raises(UnknownEventError, match="no event with id 'nope'") as caught:
            timeline.remove("nope")
        assert isinstance(caught.value, KeyError)
        assert isinstance(caught.value, GeotimelineError)
        # An event whose id is there but whose content differs is not "in" the timeline.
        stale = attrs.evolve(timeline["2014-04-war-in-donbas"], summary="changed")
        with pytest.raises(UnknownEventError):
            timeline.remove(stale)
        assert timeline == before

    def test_replace_moves_the_event_to_its_new_place(self, timeline: Timeline) -> None:
        ceasefire = timeline["2017-22-ceasefire-in-south-western-syria"]
        corrected = attrs.evolve(ceasefire, when="2017-07-09")
        old = timeline.replace(corrected)
        assert old is ceasefire
        assert timeline["2017-22-ceasefire-in-south-western-syria"] is corrected
        assert titles(timeline)[-2:] == [
            "Ceasefire in south-western Syria",
            "Sanctions on North Korea",
        ]
        timeline._check()

    def test_replace_needs_a_known_id(self, timeline: Timeline) -> None:
        with pytest.raises(UnknownEventError):
            timeline.replace(make("Brand new", "2020"))

    def test_clear(self, timeline: Timeline) -> None:
        timeline.clear()
        assert len(timeline) == 0
        assert timeline.first is None
        assert timeline.last is None


class TestReading:
    def test_lookup_by_id(self, timeline: Timeline) -> None:
        assert timeline.get("2014-04-war-in-donbas") is timeline["2014-04-war-in-donbas"]
        assert timeline.get("missing") is None
        with pytest.raises(UnknownEventError):
            timeline["missing"]

    def test_contains_takes_ids_and_events(self, timeline: Timeline) -> None:
        event = timeline[0]
        assert event in timeline
        assert event.id in timeline
        assert attrs.evolve(event, summary="other") not in timeline
        assert 42 not in timeline

    def test_positions_and_reversed(self, timeline: Timeline) -> None:
        assert timeline[0] == timeline.first
        assert timeline[-1] == timeline.last
        assert list(reversed(timeline)) == list(timeline)[::-1]
        assert timeline.index(timeline[2]) == 2
        assert titles(timeline[1:3]) == titles(timeline)[1:3]
        assert isinstance(timeline[1:3], Timeline)

    def test_slicing_by_dates_keeps_events_starting_in_the_span(self, timeline: Timeline) -> None:
        assert titles(timeline["2014":"2014"]) == [
            "Russian intervention in Crimea",
            "Russia annexes Crimea",
            "War in Donbas",
        ]
        assert titles(timeline["2014-03":"2017-06"]) == [
            "Russia annexes Crimea",
            "War in Donbas",
            "Ceasefire in south-western Syria",
        ]
        assert titles(timeline["2017-08":]) == ["Sanctions on North Korea"]
        assert titles(timeline[:"2014-02"]) == ["Russian intervention in Crimea"]

    def test_a_slice_of_dates_takes_no_step(self, timeline: Timeline) -> None:
        with pytest.raises(InvalidFieldError, match="step"):
            timeline["2014":"2015":2]

    @given(st.lists(events(), unique_by=lambda event: event.id), whens(), whens())
    def test_date_slices_match_a_brute_force_filter(
        self, batch: list[Event], low: When, high: When
    ) -> None:
        timeline = Timeline(batch)
        expected = [
            event
            for event in timeline
            if low.earliest_us <= event.when.earliest_us <= high.latest_us
        ]
        assert list(timeline[low:high]) == expected

    @given(
        st.lists(events(), unique_by=lambda event: event.id, max_size=20),
        st.none() | whens(),
        st.none() | whens(),
    )
    def test_starting_matches_a_brute_force_filter_across_chunks(
        self, batch: list[Event], low: When | None, high: When | None
    ) -> None:
        # Chunks of four events, so that windows start, end and span several of them.
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(KeyOrdered, "DEFAULT_LOAD_FACTOR", 4)
            timeline = Timeline(batch)
            first = -(10**20) if low is None else low.earliest_us
            last = 10**20 if high is None else high.latest_us
            expected = [event for event in timeline if first <= event.sort_key[0] <= last]
            assert timeline.starting(low, high) == expected
            timeline._check()  # the arrays of starts the search built agree with the events
            result = timeline[low:high]
            result._check()  # laid out in chunks as the list itself would lay them out
            assert list(result) == expected
            assert len(result._events._lists) == -(-len(expected) // 4)

    def test_starting_takes_text_and_open_bounds(self, timeline: Timeline) -> None:
        assert titles(Timeline(timeline.starting("2017"))) == titles(timeline["2017":"2017"])
        assert timeline.starting() == list(timeline)
        assert Timeline().starting("2014", "2015") == []

    def test_copy_is_independent(self, timeline: Timeline) -> None:
        clone = timeline.copy()
        assert clone == timeline
        clone.remove(clone[0])
        assert clone != timeline
        assert len(timeline) == 5

    def test_equality_includes_the_title(self, timeline: Timeline) -> None:
        other = timeline.copy()
        other.title = "Another"
        assert other != timeline
        assert timeline != list(timeline)

    def test_repr(self, timeline: Timeline) -> None:
        assert (
            repr(timeline) == "<Timeline 'Example': 5 events, 2014-02-20/2014-03-18 … 2017-08-05>"
        )
        assert repr(Timeline()) == "<Timeline: 0 events>"

    def test_timelines_are_not_hashable(self, timeline: Timeline) -> None:
        with pytest.raises(TypeError):
            hash(timeline)


@settings(max_examples=50, stateful_step_count=30)
class TimelineMachine(RuleBasedStateMachine):
    """Drives a timeline and a plain sorted list side by side; they must always agree."""

    added = Bundle("added")

    def __init__(self) -> None:
        super().__init__()
        self.timeline = Timeline()
        # Chunks of four events rather than a thousand, so that searches cross chunks and
        # changes split and merge them.
        self.timeline._events._reset(4)
        self.model: dict[str, Event] = {}

    @rule(target=added, event=events())
    def add(self, event: Event) -> str:
        if event.id in self.model:
            with pytest.raises(DuplicateEventError):
                self.timeline.add(event)
        else:
            self.timeline.add(event)
            self.model[event.id] = event
        return event.id

    @rule(batch=st.lists(events(), max_size=8))
    def update(self, batch: list[Event]) -> None:
        ids = [event.id for event in batch]
        if len(set(ids)) < len(ids) or any(event_id in self.model for event_id in ids):
            with pytest.raises(DuplicateEventError):
                self.timeline.update(batch)
        else:
            self.timeline.update(batch)
            self.model.update((event.id, event) for event in batch)

    @rule(event_id=consumes(added))
    def remove(self, event_id: str) -> None:
        if event_id in self.model:
            assert self.timeline.remove(event_id) == self.model.pop(event_id)
        else:
            with pytest.raises(UnknownEventError):
                self.timeline.remove(event_id)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), when=whens() | wide_whens())
    def replace(self, data: st.DataObject, when: When) -> None:
        event_id = data.draw(st.sampled_from(sorted(self.model)))
        new = attrs.evolve(self.model[event_id], when=when)
        assert self.timeline.replace(new) == self.model[event_id]
        self.model[event_id] = new

    @rule(when=whens() | wide_whens(), mode=st.sampled_from(["possible", "certain"]))
    def query_by_time(self, when: When, mode: q.Mode) -> None:
        # The first query builds the interval index; the rules after it must keep it right.
        expected = [event for event in self.sorted_model() if q.at(when, mode).matches(event)]
        assert list(self.timeline.at(when, mode)) == expected

    @rule(low=whens() | wide_whens(), high=whens() | wide_whens())
    def window(self, low: When, high: When) -> None:
        # The first window builds the arrays of starts; the rules after it must drop them.
        expected = [
            event
            for event in self.sorted_model()
            if low.earliest_us <= event.sort_key[0] <= high.latest_us
        ]
        assert self.timeline.starting(low, high) == expected

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def query_by_actor_and_tag(self, data: st.DataObject) -> None:
        event = data.draw(st.sampled_from(self.sorted_model()))
        actors = list(event.actors) or ["nobody"]
        tags = list(event.tags) or ["none"]
        found = self.timeline.query().involving(*actors).tagged(*tags).in_country("SY", "UA")
        assert list(found) == [
            other
            for other in self.sorted_model()
            if q.involving(*actors).matches(other)
            and q.tagged(*tags).matches(other)
            and other.place is not None
            and other.place.country in ("SY", "UA")
        ]

    @precondition(lambda self: self.model)
    @rule(data=st.data(), low=whens() | wide_whens(), high=whens() | wide_whens())
    def query_by_actor_in_a_window(self, data: st.DataObject, low: When, high: When) -> None:
        # Read from the events filed under the actor, kept in order until the next change.
        event = data.draw(st.sampled_from(self.sorted_model()))
        actor = next(iter(event.actors), "nobody")
        low, high = sorted([low, high])  # a window that starts before it ends
        found = self.timeline.query().involving(actor).between(low, high)
        wanted = q.involving(actor) & q.between(low, high)
        assert list(found) == [other for other in self.sorted_model() if wanted.matches(other)]

    def sorted_model(self) -> list[Event]:
        return sorted(self.model.values(), key=lambda event: event.sort_key)

    @invariant()
    def agrees_with_a_sorted_list(self) -> None:
        self.timeline._check()
        assert list(self.timeline) == sorted(self.model.values(), key=lambda event: event.sort_key)
        assert len(self.timeline) == len(self.model)


TestTimelineMachine = TimelineMachine.TestCase


# -- Title and description (regressions) -----------------------------------------------------


@pytest.mark.parametrize("value", [123, b"Title", ["Title"], "Title \ud800"])
@pytest.mark.parametrize("field", ["title", "description"])
def test_title_and_description_must_be_text(field: str, value: object) -> None:
    # Timeline(title=123) used to be accepted; the exporters then failed with AttributeError.
    with pytest.raises(InvalidFieldError, match=f"^{field}: "):
        Timeline(**{field: value})  # type: ignore[arg-type]
    timeline = Timeline(**{field: "Kept"})  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError, match=f"^{field}: "):
        setattr(timeline, field, value)
    assert getattr(timeline, field) == "Kept"


def test_a_query_result_keeps_the_title_and_description() -> None:
    timeline = Timeline(
        [Event(title="Talks", when="2017-11-11")], title="Talks", description="All of them"
    )
    result = timeline.between("2017", "2017")
    assert (result.title, result.description) == ("Talks", "All of them")


# -- Interrupted changes ----------------------------------------------------------------------

CHANGES = ["add", "update", "remove", "replace", "clear"]


def indexed_timeline(batch: list[Event], indexed: bool) -> Timeline:
    """A timeline of ``batch`` in chunks of four, with every query index built if asked."""
    timeline = Timeline(batch)
    timeline._events._reset(4)
    if indexed:
        timeline.at("2014")  # the interval and widened indexes
        timeline.query().involving("x").tagged("x").in_country("SY").during("2014").events()
        timeline.starting("2014", "2015")  # the packed starts
    return timeline


def change(timeline: Timeline, name: str, event: Event) -> None:
    """Make the change ``name`` with ``event`` (new for add and update, a new version of an
    event the timeline holds for replace, one it holds for remove).
    """
    if name == "update":
        timeline.update([event, attrs.evolve(event, id=f"{event.id}-2")])
    elif name == "clear":
        timeline.clear()
    else:
        getattr(timeline, name)(event)


def traced_change(
    timeline: Timeline,
    name: str,
    event: Event,
    interrupt_at: int | None = None,
    error: type[BaseException] = KeyboardInterrupt,
) -> list[CodeType]:
    """Make a change (see :func:`change`) one bytecode at a time, and list the code each step
    ran in; raise ``error`` just before step ``interrupt_at``, as a signal or a failed
    allocation would.
    """
    steps: list[CodeType] = []

    def trace(frame: FrameType, event: str, arg: object) -> Callable[..., object]:
        frame.f_trace_opcodes = True
        if event == "opcode":
            if len(steps) == interrupt_at:
                raise error
            steps.append(frame.f_code)
        return trace

    previous = sys.gettrace()
    # No collections meanwhile: a collector callback (Hypothesis has one) would run traced,
    # and an interruption raised inside it is only ever printed, never seen by the change.
    collecting = gc.isenabled()
    gc.disable()
    sys.settrace(trace)
    try:
        change(timeline, name, event)
    finally:
        sys.settrace(previous)
        if collecting:
            gc.enable()
    return steps


@settings(max_examples=150, report_multiple_bugs=False)
@given(
    st.lists(events(wide_whens()), unique_by=lambda event: event.id, min_size=1, max_size=6),
    st.sampled_from(CHANGES),
    st.booleans(),
    st.sampled_from([KeyboardInterrupt, MemoryError]),
    st.data(),
)
def test_an_interrupted_change_leaves_the_timeline_as_it_was(
    batch: list[Event], name: str, indexed: bool, error: type[BaseException], data: st.DataObject
) -> None:
    if name in ("add", "update"):
        event = data.draw(
            events(wide_whens()).filter(lambda new: new.id not in {e.id for e in batch})
        )
    else:
        held = data.draw(st.sampled_from(batch))
        event = attrs.evolve(held, when=data.draw(wide_whens())) if name == "replace" else held
    change(indexed_timeline(batch, indexed), name, event)  # caches warm: the same steps twice
    expected = indexed_timeline(batch, indexed)
    steps = traced_change(expected, name, event)
    own = getattr(Timeline, name).__code__
    # After the method's last call into a helper it has made every change: an interruption
    # there comes as it returns, and leaves the change made, whole.
    done_from = 1 + max(
        number for number, code in enumerate(steps) if code not in (own, change.__code__)
    )
    # A share of the steps rather than a step: how many there are varies from example to example.
    step = data.draw(st.integers(0, 2**16 - 1), label="interrupted at") * len(steps) >> 16

    timeline = indexed_timeline(batch, indexed)
    before = list(timeline)
    with pytest.raises(error):
        traced_change(timeline, name, event, step, error)

    timeline._check()
    undone = list(timeline) == before
    # Before the last call into a helper, the change is undone; from there on it may be made
    # or undone (a method that checks a condition after that call is still in its try), but
    # whole either way.
    assert undone or step >= done_from
    if undone:
        assert len(timeline) == len(before)
        assert all(timeline[old.id] is old for old in before)
        change(timeline, name, event)  # and it can be made again, now
    assert list(timeline) == list(expected)
    timeline._check()
    probe = event.when
    assert list(timeline.at(probe)) == list(expected.at(probe))
    actors = list(event.actors) or ["nobody"]
    assert (
        timeline.query().involving(*actors).events() == expected.query().involving(*actors).events()
    )


# -- Large nodes of the interval index --------------------------------------------------------

# Dates whose events share a node of the interval index: everything still going on, everything
# in 2017, and the approximate dates the widened index holds.
CROWDED = ["2014-04/..", "2015-06/..", "2017", "2017-03/..", "2016~", "2017-21", "2013/2019"]


@given(
    st.lists(events(st.sampled_from(CROWDED).map(When.parse)), unique_by=lambda e: e.id,
             max_size=30),
    st.data(),
)  # fmt: skip
def test_single_adds_and_removes_keep_large_nodes_right(
    batch: list[Event], data: st.DataObject
) -> None:
    # Nodes become sorted lists beyond 8 events and lists again below 4 (1024 and 512 in use),
    # and keep an order by end beyond 2 spans, until they are down to 1 (8 and 4 in use).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(interval_index, "_SMALL", 2)
        patch.setattr(interval_index, "_LARGE", 8)
        patch.setattr(interval_index, "_FEW_SPANS", 2)
        # Events in order by their spans' runs, however few share one (see crossing_in_order).
        patch.setattr(interval_index, "_EVENTS_PER_SPAN", 1)
        timeline = indexed_timeline([], indexed=True)
        for event in batch:
            timeline.add(event)
        timeline._check()
        leaving = data.draw(st.lists(st.sampled_from(batch), unique=True) if batch else st.just([]))
        for event in leaving:
            timeline.remove(event)
            timeline._check()
        kept = [event for event in batch if event not in leaving]
        for text in [*CROWDED, "2018-01-01", "2014-05"]:
            when = When.parse(text)
            expected = [event for event in kept if q.at(when).matches(event)]
            assert list(timeline.at(when)) == sorted(expected, key=lambda event: event.sort_key)
        rebuilt = Timeline(kept)
        assert timeline == rebuilt


@given(
    st.lists(events(st.sampled_from(CROWDED).map(When.parse)), unique_by=lambda e: e.id,
             min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 29), st.sampled_from(CROWDED)), max_size=12),
    st.sampled_from([(1, 4), (2, 8), (8, 1024)]),
)  # fmt: skip
def test_replaces_keep_the_runs_of_one_span_right(
    batch: list[Event], changes: list[tuple[int, str]], sizes: tuple[int, int]
) -> None:
    # A node of more than _SMALL events of one span keeps only the span and their number, and
    # reads them from the timeline's order: replacing an event by one of the same id and
    # another date (or the same) takes it out of its run and into another, and a run that
    # shrinks to _SMALL reads its events back from the timeline, which no longer holds the
    # event replaced.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(interval_index, "_SMALL", sizes[0])
        patch.setattr(interval_index, "_LARGE", sizes[1])
        timeline = indexed_timeline(batch, indexed=True)
        model = {event.id: event for event in batch}
        for position, text in changes:
            old = batch[position % len(batch)]
            new = attrs.evolve(model[old.id], when=When.parse(text))
            assert timeline.replace(new) == model[old.id]
            model[old.id] = new
            timeline._check()
        for text in [*CROWDED, "2018-01-01", "2014-05"]:
            when = When.parse(text)
            expected = [event for event in model.values() if q.at(when).matches(event)]
            assert list(timeline.at(when)) == sorted(expected, key=lambda event: event.sort_key)


# -- The lock: copies and serialisation ------------------------------------------------------


@given(timelines())
def test_copies_have_a_lock_of_their_own(timeline: Timeline) -> None:
    timeline.between("2014", "2015")  # indexes built: they are made again, not copied
    rebuild, arguments = timeline.__reduce__()  # what serialising it keeps: no lock
    for copied in (copy.copy(timeline), copy.deepcopy(timeline), rebuild(*arguments)):
        assert copied == timeline
        assert copied.title == timeline.title
        assert copied._lock is not timeline._lock
        copied._check()
        copied.clear()
        assert len(timeline) == len(list(timeline))  # the original is untouched
    with pytest.raises(TypeError):
        hash(timeline)


@given(timelines())
def test_a_timeline_pickles_and_comes_back_equal(timeline: Timeline) -> None:
    again = pickle.loads(pickle.dumps(timeline))
    again._check()
    assert again == timeline
    assert (again.title, again.description) == (timeline.title, timeline.description)


# -- saving and loading by the file name -------------------------------------------------------


def _saved_timeline() -> Timeline:
    return Timeline(
        [
            make("Russia annexes Crimea", "2014-03-18", actors=["Russia"], place="Crimea"),
            make("Путин встречается с Эрдоганом", "2017-11-13"),
            make("中俄联合声明", "2017-11-13", tags=["china"]),
        ],
        title="Saved",
    )


@pytest.mark.parametrize(
    ("name", "start"),
    [("t.json", '{"format": "geotimeline"'), ("t.yaml", "title: Saved\n"), ("t.YML", "title: "),
     ("t.csv", "id,title,when,")],
)  # fmt: skip
def test_save_and_load_choose_the_format_from_the_file_name(
    tmp_path: Path, name: str, start: str
) -> None:
    timeline = _saved_timeline()
    path = tmp_path / name
    timeline.save(path)
    assert path.read_text(encoding="utf-8").startswith(start)
    loaded = Timeline.load(path)
    assert list(loaded) == list(timeline)
    if not name.endswith(".csv"):  # CSV holds events only, one a row
        assert loaded == timeline


def test_a_json_file_is_the_native_file_it_always_was(tmp_path: Path) -> None:
    from geotimeline.io import native

    timeline = _saved_timeline()
    timeline.save(tmp_path / "timeline.json")
    native.save(timeline, tmp_path / "native.json")
    timeline.save(tmp_path / "no-ending")
    expected = (tmp_path / "native.json").read_bytes()
    assert (tmp_path / "timeline.json").read_bytes() == expected
    assert (tmp_path / "no-ending").read_bytes() == expected  # a name without an ending too
    assert Timeline.load(tmp_path / "no-ending") == timeline


def test_a_format_is_named_for_any_file_name(tmp_path: Path) -> None:
    timeline = _saved_timeline()
    path = tmp_path / "timeline.txt"
    timeline.save(path, format="yaml")
    assert path.read_text(encoding="utf-8").startswith("title: Saved\nevents:\n- id: ")
    assert Timeline.load(path, format="yaml") == timeline


def test_an_unknown_ending_is_refused_naming_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "timeline.xml"
    with pytest.raises(FormatError, match=r"timeline\.xml: cannot tell the format") as caught:
        _saved_timeline().save(path)
    assert ".json, .yaml, .yml, .csv" in str(caught.value)
    assert "native, yaml, csv" in str(caught.value)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(FormatError, match="cannot tell the format"):
        Timeline.load(path)


@pytest.mark.parametrize(("name", "format"), [("t.geojson", "geojson"), ("t.ics", "ical")])
def test_an_export_saves_but_is_refused_on_load(tmp_path: Path, name: str, format: str) -> None:
    path = tmp_path / name
    _saved_timeline().save(path)
    assert path.stat().st_size > 0
    with pytest.raises(FormatError, match=f"writes {format} but cannot read it") as caught:
        Timeline.load(path)
    assert "it reads native, yaml, csv" in str(caught.value)


@given(
    st.lists(events(st.sampled_from(CROWDED).map(When.parse) | whens()), unique_by=lambda e: e.id,
             max_size=30),
    st.sampled_from([(8, 1024, 8), (2, 8, 2), (2, 8, 0), (3, 8, 1000)]),
    st.sampled_from([1, 4, 10**9]),
    st.data(),
)  # fmt: skip
def test_the_events_going_on_at_an_instant_are_those_a_scan_finds(
    batch: list[Event], sizes: tuple[int, int, int], per_span: int, data: st.DataObject
) -> None:
    # crossing() reads each node's reporting prefix by bisection, in lone events, tuples,
    # plain lists and sorted lists alike, with an order by end (always, for 0 spans) or runs
    # of one span found in the order by start (always, for 1000): sizes small enough here for
    # every kind of node. In order, the runs of one span are put in order (always, for 1 event
    # a span) or the events sorted (always, for 10**9).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(interval_index, "_SMALL", sizes[0])
        patch.setattr(interval_index, "_LARGE", sizes[1])
        patch.setattr(interval_index, "_FEW_SPANS", sizes[2])
        patch.setattr(interval_index, "_EVENTS_PER_SPAN", per_span)
        ordered = sorted(batch, key=lambda event: event.sort_key)
        index = interval_index.IntervalIndex(ordered)
        index._check(ordered)
        ends = [bound + shift for e in batch for bound in e.sort_key[:2] for shift in (-1, 0, 1)]
        instants = data.draw(st.lists(st.sampled_from(ends) if ends else st.just(0), max_size=8))
        for instant in instants:
            expected = [e for e in ordered if e.sort_key[0] < instant <= e.sort_key[1]]
            found = [event.id for event in index.crossing(instant)]
            assert sorted(found) == sorted(event.id for event in expected)
            assert index.crossing_in_order(instant) == expected


@given(
    st.lists(events(st.sampled_from(CROWDED).map(When.parse) | whens()), unique_by=lambda e: e.id,
             max_size=30),
    st.lists(whens() | st.sampled_from(CROWDED).map(When.parse), min_size=1, max_size=4),
    st.data(),
)  # fmt: skip
def test_a_query_result_is_a_whole_timeline_before_and_after_its_ids_are_made(
    batch: list[Event], moments: list[When], data: st.DataObject
) -> None:
    # Results make their id index and their keys on first use: whatever is asked first, the
    # result must answer as a timeline made from its events, and stay right through changes.
    timeline = Timeline(batch)
    for when in moments:
        expected = [event for event in timeline if q.at(when).matches(event)]
        changed_first = timeline.at(when)  # a change before anything else makes the ids
        for event in expected[:1]:
            assert changed_first.remove(event.id) is event
            assert len(changed_first) == len(expected) - 1
            changed_first._check()
        result = timeline.at(when)
        assert len(result) == len(expected)
        assert list(result) == expected
        assert list(result.at(when)) == expected  # a query of the result reads its keys
        result._check()
        assert result == Timeline(expected)
        changes = data.draw(st.lists(st.sampled_from(batch), max_size=4) if batch else st.just([]))
        for event in changes:
            if event in result:
                result.remove(event)
                expected.remove(event)
            else:
                result.add(event)
                expected = sorted([*expected, event], key=lambda e: e.sort_key)
            result._check()
            assert list(result) == expected
            assert len(result) == len(expected)
    timeline._check()
    assert list(timeline) == sorted(batch, key=lambda event: event.sort_key)


# -- The actor, country and tag indexes -------------------------------------------------------


@settings(max_examples=60)
@given(
    st.lists(events(), unique_by=lambda event: event.id, max_size=12),
    st.lists(events(), unique_by=lambda event: event.id, max_size=6),
    st.sampled_from(sorted(INDEX_KEYS)),
    st.data(),
)
def test_postings_after_adds_and_removes_agree_with_a_scan(
    first: list[Event], later: list[Event], field: str, data: st.DataObject
) -> None:
    later = [event for event in later if event.id not in {other.id for other in first}]
    timeline = Timeline(first)
    timeline._field_index(field)  # built now, so that the changes below must keep it right
    timeline.update(later)
    gone = data.draw(st.lists(st.sampled_from(first), unique=True)) if first else []
    for event in gone:
        timeline.remove(event)
    timeline._check()
    postings, kept = timeline._field_index(field), list(timeline)
    for key in {key for event in first + later for key in INDEX_KEYS[field](event)}:
        filed = [event for event in kept if key in INDEX_KEYS[field](event)]
        assert postings.size(key) == len(filed)
        assert timeline._filed_events(field, [key]) == filed
        assert [event for event in kept if postings.test([key])(event)] == filed
