"""Matching events by id (``geotimeline.diffing.matching``): walking the two timelines' orders
side by side finds exactly what looking every id up finds, whatever the orders."""

from __future__ import annotations

import pickle
import random

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import Event, Link, Source, Timeline, When
from geotimeline.diffing import TIMELINE_FIELDS, EventChange, FieldChange, TimelineDiff, diff
from geotimeline.diffing.matching import (
    COMPARED_FIELDS,
    MOMENT_FIELDS,
    IdMatch,
    _whens_differ,
    differing,
    match_by_id,
)
from geotimeline.time import when as when_module
from geotimeline.time.when import Moment
from tests.strategies import separate_loads, whens

SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: How the walk is tuned: tiny budgets, so that small timelines take every branch.
WALKS = st.fixed_dictionaries({"misses_allowed": st.integers(0, 3) | st.just(64)})


def plain_match(old: Timeline, new: Timeline) -> IdMatch:
    """The definition: every id looked up on the other side, events compared with ``!=``."""
    return IdMatch(
        removed=[event for event in old if event.id not in new.ids()],
        added=[event for event in new if event.id not in old.ids()],
        changed=[
            (event, new[event.id]) for event in old if event.id in new and event != new[event.id]
        ],
    )


def plain_diff(old: Timeline, new: Timeline) -> TimelineDiff:
    removed, added, changed = plain_match(old, new)
    return TimelineDiff(
        added,
        removed,
        [EventChange(mine, theirs) for mine, theirs in changed],
        [
            FieldChange(name, getattr(old, name), getattr(new, name))
            for name in TIMELINE_FIELDS
            if getattr(old, name) != getattr(new, name)
        ],
    )


def _by_id(events: list[Event]) -> dict[str, Event]:
    by_id = {event.id: event for event in events}
    assert len(by_id) == len(events), "an event is found twice"
    return by_id


def assert_same_match(found: IdMatch, expected: IdMatch) -> None:
    """The same events, as the same objects, whatever the order of each list."""
    for mine, theirs in ((found.removed, expected.removed), (found.added, expected.added)):
        assert _by_id(mine).keys() == _by_id(theirs).keys()
        assert all(event is _by_id(theirs)[event.id] for event in mine)
    pairs = {old.id: (old, new) for old, new in found.changed}
    assert len(pairs) == len(found.changed)
    expected_pairs = {old.id: (old, new) for old, new in expected.changed}
    assert pairs.keys() == expected_pairs.keys()
    for eid, (old, new) in pairs.items():
        assert old is expected_pairs[eid][0]
        assert new is expected_pairs[eid][1]


@SLOW
@given(separate_loads(), WALKS)
def test_walking_both_orders_finds_what_looking_every_id_up_finds(
    pair: tuple[Timeline, Timeline], walk: dict[str, int]
) -> None:
    old, new = pair
    assert_same_match(match_by_id(old._by_id, new._by_id, **walk), plain_match(old, new))


@SLOW
@given(separate_loads())
def test_a_diff_is_the_diff_of_the_definition(pair: tuple[Timeline, Timeline]) -> None:
    old, new = pair
    change = diff(old, new)
    assert change == plain_diff(old, new)
    assert change.apply(old) == new


def test_the_compared_fields_are_every_field_equality_compares_but_the_id() -> None:
    compared = tuple(field.name for field in attrs.fields(Event) if field.eq)
    assert compared == ("id", *COMPARED_FIELDS)


def test_the_moment_fields_are_every_field_a_moments_equality_compares() -> None:
    assert tuple(field.name for field in attrs.fields(Moment) if field.eq) == MOMENT_FIELDS


BASE = Event(
    id="strike",
    title="Strike",
    when="2017-04-07",
    summary="A strike on an airbase.",
    actors=["United States"],
    place="Syria",
    tags=["military"],
    sources=[Source("AP")],
    links=[Link("responds-to", "attack")],
    metadata={"dead": 6},
)
#: For each compared field, another value.
OTHER_VALUES = {
    "title": "Strike on Shayrat",
    "when": "2017-04-07T00:40:00+03:00",
    "summary": "",
    "actors": ["United States", "Syria"],
    "place": "Homs",
    "tags": ["military", "strike"],
    "sources": [Source("AP", published="2017-04-07")],
    "links": [Link("causes", "attack")],
    "metadata": {"dead": 7},
}


@pytest.mark.parametrize("name", COMPARED_FIELDS)
def test_a_change_of_any_one_field_is_found_in_a_copy_of_distinct_values(name: str) -> None:
    changed = pickle.loads(pickle.dumps(attrs.evolve(BASE, **{name: OTHER_VALUES[name]})))
    unchanged = pickle.loads(pickle.dumps(BASE))
    assert differing([BASE, BASE], [unchanged, changed]) == [(BASE, changed)]


def test_a_time_of_day_read_twice_is_no_change_but_another_offset_is() -> None:
    # Parsing shares the dates it reads, but not times of day: these are compared by value.
    morning = attrs.evolve(BASE, when="2017-04-07T09:00:00Z")
    again = attrs.evolve(BASE, when="2017-04-07T09:00:00Z")
    elsewhere = attrs.evolve(BASE, when="2017-04-07T10:00:00+01:00")
    assert again.when is not morning.when
    assert elsewhere.sort_key == morning.sort_key  # one instant, written with another offset
    assert differing([morning, morning], [again, elsewhere]) == [(morning, elsewhere)]


@st.composite
def when_pairs(draw: st.DrawFn) -> tuple[When, When]:
    """Two dates, mostly equal but not one object: a copy, the date read again from its text
    (a time of day is then another object), a date one of whose moments differs in one field; or
    the same object, or any other date."""
    first = draw(whens())
    kind = draw(st.sampled_from(["copy", "read again", "one field", "same", "other"]))
    if kind == "copy":
        return first, pickle.loads(pickle.dumps(first))
    if kind == "read again":
        return first, When.parse(str(first))
    bounds = [bound for bound in (first.start, first.end) if isinstance(bound, Moment)]
    if kind == "one field" and bounds:
        moment = draw(st.sampled_from(bounds))
        name = draw(st.sampled_from(["uncertain", "approximate", "utc_offset_seconds"]))
        was = getattr(moment, name)
        offsets = (st.none() | st.integers(-3600, 3600)).filter(lambda offset: offset != was)
        value = draw(offsets) if name == "utc_offset_seconds" else not was
        try:
            changed = attrs.evolve(moment, **{name: value})
        except ValueError:
            return first, first
        if not first.is_interval:
            return first, When.instant(changed)
        start, end = (changed, first.end) if moment is first.start else (first.start, changed)
        try:
            return first, When.interval(start, end)
        except ValueError:
            return first, first
    if kind == "other":
        return first, draw(whens())
    return first, first


@given(when_pairs())
def test_dates_differ_for_the_diff_as_they_compare(pair: tuple[When, When]) -> None:
    first, second = pair
    assert _whens_differ(first, second) == (first != second)
    assert _whens_differ(second, first) == (second != first)


@given(when_pairs(), st.booleans(), st.booleans())
def test_dates_that_know_their_texts_differ_for_the_diff_as_they_compare(
    pair: tuple[When, When], first_known: bool, second_known: bool
) -> None:
    # A date knows its canonical text once it was formatted (or parsed, for the dates that
    # parsing shares); the diff then compares the texts before the fields.
    first, second = pair
    for when, known in ((first, first_known), (second, second_known)):
        if known:
            str(when)
    mine, theirs = attrs.evolve(BASE, when=first), attrs.evolve(BASE, when=second)
    assert differing([mine], [theirs]) == ([(mine, theirs)] if first != second else [])
    assert differing([theirs], [mine]) == ([(theirs, mine)] if second != first else [])


def test_equal_dates_read_after_the_parse_cache_forgot_them_are_no_change() -> None:
    texts = ["2017-04-07", "2017-04", "2017", "2014-04/2016", "2017-22", "2017-04-07?"]
    before = [attrs.evolve(BASE, when=When.parse(text)) for text in texts]
    when_module._plain_when.cache_clear()
    when_module._edtf_when.cache_clear()
    after = [attrs.evolve(BASE, when=When.parse(text)) for text in texts]
    assert all(old.when is not new.when for old, new in zip(before, after, strict=True))
    assert differing(before, after) == []
    moved = attrs.evolve(BASE, when=When.parse("2017-04-08"))
    assert differing([before[0]], [moved]) == [(before[0], moved)]


#: An event whose fields are all kept as they are by ``attrs.evolve`` (the summary, place and
#: metadata of BASE would be made anew): its copies share every field as one object.
SHARING = Event(
    id="strike",
    title="Strike",
    when="2017-04-07",
    actors=["United States"],
    tags=["military"],
    sources=[Source("AP")],
    links=[Link("responds-to", "attack")],
)


@pytest.mark.parametrize("name", COMPARED_FIELDS)
def test_one_field_that_differs_among_fields_that_are_one_object_is_a_change(name: str) -> None:
    # The walk compares most fields by identity first: a pair that shares every other field
    # as one object, and the sort key too where the date is not the field, still differs.
    olds = [attrs.evolve(SHARING, id=f"e{number}") for number in range(40)]
    other = {**OTHER_VALUES, "summary": "A strike on an airbase."}[name]
    news = list(olds)
    for at in (0, 20, 39):  # the first pair, one inside the run, the last
        news[at] = attrs.evolve(olds[at], **{name: other})
        shared = [field for field in COMPARED_FIELDS if field != name]
        assert all(getattr(news[at], field) is getattr(olds[at], field) for field in shared)
        assert name == "when" or news[at].sort_key == olds[at].sort_key
    found = match_by_id(_by_id(olds), _by_id(news))
    assert found.changed == [(olds[at], news[at]) for at in (0, 20, 39)]
    assert found.removed == found.added == []


@pytest.mark.parametrize("longer", ["old", "new"])
def test_a_side_that_ends_first_leaves_no_event_of_the_other_unmatched(longer: str) -> None:
    # The walk draws pairs while both sides have events: none of the longer side is lost.
    events = _events(50, seed=3)
    shorter = [*events[:30], attrs.evolve(events[30], title="Changed")]
    old, new = (events, shorter) if longer == "old" else (shorter, events)
    found = match_by_id(_by_id(old), _by_id(new))
    extra = events[31:]
    assert (found.removed, found.added) == ((extra, []) if longer == "old" else ([], extra))
    assert found.changed == [(old[30], new[30])]


def test_differing_refuses_a_pair_of_two_ids_and_sides_of_two_lengths() -> None:
    other = attrs.evolve(BASE, id="other")
    for olds, news in (([BASE, BASE], [BASE, other]), ([BASE, BASE], [BASE]), ([BASE], [])):
        with pytest.raises(ValueError, match="no pair of one id"):
            differing(olds, news)


def _events(count: int, seed: int) -> list[Event]:
    rng = random.Random(seed)
    return [
        Event(
            id=f"e{number}",
            title=f"Event {number}",
            when=f"{rng.randint(1990, 2025)}-0{rng.randint(1, 9)}",
        )
        for number in range(count)
    ]


def _edited(events: list[Event], seed: int) -> list[Event]:
    """Copies of ``events``, a few removed, changed or added, in their order."""
    rng = random.Random(seed)
    kept = []
    for event in events:
        roll = rng.random()
        if roll < 0.02:
            continue
        copy = pickle.loads(pickle.dumps(event))
        kept.append(attrs.evolve(copy, when="2026") if roll < 0.04 else copy)
    return kept + [Event(id=f"new{number}", title="New", when="2026") for number in range(5)]


@pytest.mark.parametrize("order", ["kept", "reversed", "halves swapped"])
def test_long_timelines_match_as_the_definition_says_in_any_order(order: str) -> None:
    # Long runs (the walk's largest steps), and orders that part everywhere (it gives up).
    events = _events(6000, seed=1)
    edit = _edited(events, seed=2)
    if order == "reversed":
        edit.reverse()
    elif order == "halves swapped":
        edit = edit[len(edit) // 2 :] + edit[: len(edit) // 2]
    old, new = Timeline(events), Timeline(edit)
    expected = plain_match(old, new)
    assert len(expected.removed) > 50
    assert len(expected.changed) > 50
    assert_same_match(match_by_id(old._by_id, new._by_id), expected)
