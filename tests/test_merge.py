"""Three-way merges: clean merges, conflicts listed rather than raised, and preferences."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline import Event, InvalidFieldError, Timeline
from geotimeline.diffing import Conflict, ConflictKind, merge
from tests.test_diff import SLOW, TIMELINES, edits

TALKS = Event(id="talks", title="Talks", when="2017", actors=["Russia"])
STRIKE = Event(id="strike", title="Strike", when="2017-04-07")


@st.composite
def three_ways(draw: st.DrawFn) -> tuple[Timeline, Timeline, Timeline]:
    """A base timeline and two independent edits of it."""
    base = draw(TIMELINES)
    return base, draw(edits(base)), draw(edits(base))


def _timeline(*events: Event, title: str | None = None) -> Timeline:
    return Timeline(events, title=title)


# -- examples -----------------------------------------------------------------------------------


def test_changes_to_different_events_merge_cleanly() -> None:
    base = _timeline(TALKS, STRIKE)
    ours = _timeline(attrs.evolve(TALKS, when="2017-05"), STRIKE)
    theirs = _timeline(TALKS)
    result = merge(base, ours, theirs)
    assert result.clean
    assert result.timeline == _timeline(attrs.evolve(TALKS, when="2017-05"))


def test_changes_to_different_fields_of_one_event_merge_cleanly() -> None:
    base = _timeline(TALKS)
    ours = _timeline(attrs.evolve(TALKS, when="2017-05"))
    theirs = _timeline(attrs.evolve(TALKS, actors=["Russia", "Turkey"], summary="In Astana."))
    result = merge(base, ours, theirs)
    assert result.clean
    merged = result.timeline["talks"]
    assert (str(merged.when), merged.actors, merged.summary) == (
        "2017-05",
        ("Russia", "Turkey"),
        "In Astana.",
    )


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    base = _timeline(TALKS)
    both = _timeline(attrs.evolve(TALKS, when="2017-05"), STRIKE, title="Syria")
    result = merge(base, both, both.copy())
    assert result.clean
    assert result.timeline == both


def test_one_field_changed_two_ways_is_a_conflict_that_keeps_the_base_value() -> None:
    base = _timeline(TALKS)
    ours = _timeline(attrs.evolve(TALKS, when="2017-05", summary="Ours."))
    theirs = _timeline(attrs.evolve(TALKS, when="2017-06"))
    result = merge(base, ours, theirs)
    assert not result.clean
    assert result.conflicts == (
        Conflict(
            ConflictKind.BOTH_CHANGED, "talks", "when", TALKS.when, ours[0].when, theirs[0].when
        ),
    )
    merged = result.timeline["talks"]
    assert (str(merged.when), merged.summary) == ("2017", "Ours.")
    assert result.unresolved == result.conflicts


@pytest.mark.parametrize(("prefer", "expected"), [("ours", "2017-05"), ("theirs", "2017-06")])
def test_a_preference_settles_conflicts_and_says_so(prefer: str, expected: str) -> None:
    base = _timeline(TALKS)
    ours = _timeline(attrs.evolve(TALKS, when="2017-05"))
    theirs = _timeline(attrs.evolve(TALKS, when="2017-06"))
    result = merge(base, ours, theirs, prefer=prefer)  # type: ignore[arg-type]
    assert str(result.timeline["talks"].when) == expected
    [conflict] = result.conflicts
    assert conflict.resolution == prefer
    assert not result.unresolved
    assert conflict.describe().endswith(f"(took {prefer})")


def test_a_removal_against_a_change_is_a_conflict_that_keeps_the_event() -> None:
    base = _timeline(TALKS, STRIKE)
    ours = _timeline(STRIKE)
    theirs = _timeline(attrs.evolve(TALKS, title="Talks in Astana"), STRIKE)
    result = merge(base, ours, theirs)
    [conflict] = result.conflicts
    assert (conflict.kind, conflict.field, conflict.ours) == (
        ConflictKind.REMOVED_BY_OURS,
        None,
        None,
    )
    assert result.timeline == base
    assert conflict.describe() == (
        "talks: removed by ours, changed by theirs: ours none, theirs 'Talks in Astana'"
    )
    assert merge(base, ours, theirs, prefer="ours").timeline == ours
    assert merge(base, theirs, ours).conflicts[0].kind is ConflictKind.REMOVED_BY_THEIRS


def test_two_different_additions_with_one_id_leave_the_event_out() -> None:
    ours = _timeline(TALKS)
    theirs = _timeline(attrs.evolve(TALKS, when="2018"))
    result = merge(Timeline(), ours, theirs)
    assert [conflict.kind for conflict in result.conflicts] == [ConflictKind.BOTH_ADDED]
    assert len(result.timeline) == 0
    assert merge(Timeline(), ours, theirs, prefer="theirs").timeline == theirs


def test_the_timeline_title_merges_too() -> None:
    base = _timeline(TALKS, title="Syria")
    assert merge(base, _timeline(TALKS, title="Syria, 2017"), base).timeline.title == (
        "Syria, 2017"
    )
    result = merge(base, _timeline(TALKS, title="A"), _timeline(TALKS, title="B"))
    assert [(c.event_id, c.field, c.ours, c.theirs) for c in result.conflicts] == [
        (None, "title", "A", "B")
    ]
    assert result.timeline.title == "Syria"
    assert (
        result.conflicts[0].describe()
        == "timeline: both changed title: 'Syria' → ours 'A', theirs 'B'"
    )


def test_conflicts_come_in_a_stable_order() -> None:
    base = _timeline(TALKS, STRIKE, title="Syria")
    ours = _timeline(
        attrs.evolve(TALKS, when="2017-05", title="Talks A"),
        attrs.evolve(STRIKE, summary="A"),
        title="A",
    )
    theirs = _timeline(
        attrs.evolve(TALKS, when="2017-06", title="Talks B"),
        attrs.evolve(STRIKE, summary="B"),
        title="B",
    )
    result = merge(base, ours, theirs)
    assert [(c.event_id, c.field) for c in result.conflicts] == [
        (None, "title"),
        ("strike", "summary"),
        ("talks", "title"),
        ("talks", "when"),
    ]


def test_a_bad_preference_is_refused() -> None:
    with pytest.raises(InvalidFieldError, match="prefer: 'mine' must be None, 'ours' or 'theirs'"):
        merge(Timeline(), Timeline(), Timeline(), prefer="mine")  # type: ignore[arg-type]


def test_only_timelines_are_merged() -> None:
    with pytest.raises(InvalidFieldError, match=r"theirs: \[\] is not a Timeline"):
        merge(Timeline(), Timeline(), [])  # type: ignore[arg-type]


# -- properties ---------------------------------------------------------------------------------


@SLOW
@given(st.data())
def test_a_change_merged_with_no_change_is_that_change(data: st.DataObject) -> None:
    base = data.draw(TIMELINES)
    edited = data.draw(edits(base))
    for result in (merge(base, edited, base), merge(base, base, edited)):
        assert result.clean
        assert result.timeline == edited


@SLOW
@given(three_ways())
def test_merge_is_symmetric_up_to_the_names_of_the_sides(
    three: tuple[Timeline, Timeline, Timeline],
) -> None:
    base, ours, theirs = three
    result, swapped = merge(base, ours, theirs), merge(base, theirs, ours)
    assert result.timeline == swapped.timeline
    assert [conflict.swapped() for conflict in result.conflicts] == list(swapped.conflicts)
    preferring = merge(base, ours, theirs, prefer="ours")
    assert preferring.timeline == merge(base, theirs, ours, prefer="theirs").timeline
    preferring.timeline._check()


@SLOW
@given(three_ways())
def test_an_event_edited_on_one_side_only_takes_that_sides_version(
    three: tuple[Timeline, Timeline, Timeline],
) -> None:
    base, ours, theirs = three
    merged = merge(base, ours, theirs).timeline
    for event_id in base.ids() | ours.ids() | theirs.ids():
        before, mine, yours = base.get(event_id), ours.get(event_id), theirs.get(event_id)
        if yours == before:
            assert merged.get(event_id) == mine
        if mine == before:
            assert merged.get(event_id) == yours


@SLOW
@given(TIMELINES, TIMELINES)
def test_a_timeline_merged_with_itself_is_itself(base: Timeline, edited: Timeline) -> None:
    result = merge(base, edited, edited.copy())
    assert result.clean
    assert result.timeline == edited
