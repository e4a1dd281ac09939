"""Two views joined in the engine give what two timelines give in memory: the diff of two
snapshots (small, as a TimelineDiff; large, as counts and ids) and the pairs of events in an
Allen relation, for every relation and family and both modes.
"""

from __future__ import annotations

import datetime as dt
import gc
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geotimeline
from geotimeline import Event, InvalidFieldError, Timeline, examples
from geotimeline.engines import RelatedPairs, SnapshotDiff, TimelineView, diff, pairs
from geotimeline.engines import duckdb as embedded
from geotimeline.engines.allen import (
    bound_values,
    evaluate,
    implied,
    relation_predicate,
    shape_cases,
)
from geotimeline.io import parquet
from geotimeline.query import Mode, at, tagged
from geotimeline.relations import certainly, possibly
from geotimeline.time.relations import FAMILIES, RELATIONS, Extent, _families
from tests.strategies import (
    engine_events,
    engine_timelines,
    extents,
    look_alike_accounts,
    nearby_whens,
    snapshot_pairs,
)

#: Every relation and family a query may name.
RELATION_NAMES = (*RELATIONS, *FAMILIES)
MODES: tuple[Mode, ...] = ("possible", "certain")
ANY_EXTENT = extents() | nearby_whens().map(Extent.of)
# Each example writes files and runs a few queries, about a second in all on a loaded machine.
EXAMPLES = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def backend() -> Any:
    return embedded.connect(memory_limit="512MB")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("snapshots")


def _view_of(timeline: Timeline, folder: Path, backend: Any, dataset: bool = False) -> Any:
    target = folder / f"{uuid.uuid4().hex}{'' if dataset else '.parquet'}"
    parquet.write(timeline, target)
    return geotimeline.open(target, connection=backend)


def _pairs_in_memory(
    first: Any, second: Any, names: tuple[str, ...], mode: Mode
) -> list[tuple[str, str]]:
    """Every pair, by the library's own test of two events, in the order of both timelines."""
    holds = possibly if mode == "possible" else certainly
    return [(a.id, b.id) for a in first for b in second if holds(a.when, b.when, names)]


# -- the predicates of a join --------------------------------------------------------------------


@given(
    first=ANY_EXTENT,
    second=ANY_EXTENT,
    name=st.sampled_from(RELATION_NAMES),
    mode=st.sampled_from(MODES),
)
def test_the_cases_of_shapes_make_up_the_relation_and_imply_what_a_join_reads(
    first: Extent, second: Extent, name: str, mode: Mode
) -> None:
    names = _families(name)
    columns = bound_values("first_", first) | bound_values("second_", second)
    whole = evaluate(relation_predicate("first_", "second_", names, mode), columns)
    cases = shape_cases("first_", "second_", names, mode)
    held = [case for case in cases if evaluate(case.predicate, columns)]
    assert len(held) == int(whole)  # the cases are apart: one pair of shapes each
    for case in held:
        assert evaluate(case.possible, columns)  # a certain relation is a possible one
        assert all(evaluate(atom, columns) for atom in implied(case.possible))


# -- diff ------------------------------------------------------------------------------------------


def _events_in(change: Any) -> int:
    """How many events a diff adds, removes and changes: what its limit counts."""
    return int(change.summary.added + change.summary.removed + change.summary.changed)


def _check_large(large: SnapshotDiff, expected: Any) -> None:
    assert large.summary == expected.summary
    assert list(large.added_ids()) == [event.id for event in expected.added]
    assert list(large.removed_ids()) == [event.id for event in expected.removed]
    changed_in_old_order = sorted(expected.changed, key=lambda change: change.old.sort_key)
    assert list(large.changed_ids()) == [change.old.id for change in changed_in_old_order]
    assert large.timeline_fields == expected.timeline_fields
    assert bool(large) == bool(expected)


@EXAMPLES
@given(snapshots=snapshot_pairs(), datasets=st.tuples(st.booleans(), st.booleans()))
def test_the_diff_of_two_views_is_the_diff_of_their_timelines(
    snapshots: tuple[Timeline, Timeline],
    datasets: tuple[bool, bool],
    backend: Any,
    folder: Path,
) -> None:
    old_timeline, new_timeline = snapshots
    old = _view_of(old_timeline, folder, backend, datasets[0])
    new = _view_of(new_timeline, folder, backend, datasets[1])
    expected = geotimeline.diff(old_timeline, new_timeline)
    assert diff(old, new) == expected
    events = _events_in(expected)
    assert old.diff(new, limit=events) == expected
    if events:
        large = diff(old, new, limit=events - 1)
        assert isinstance(large, SnapshotDiff)
        _check_large(large, expected)


@EXAMPLES
@given(accounts=look_alike_accounts())
def test_a_content_diff_of_two_views_pairs_what_memory_pairs(
    accounts: tuple[list[Event], list[Event]], backend: Any, folder: Path
) -> None:
    ours, theirs = (Timeline({event.id: event for event in side}.values()) for side in accounts)
    old, new = _view_of(ours, folder, backend), _view_of(theirs, folder, backend)
    expected = geotimeline.diff(ours, theirs, match="content")
    assert diff(old, new, "content") == expected


@EXAMPLES
@given(
    snapshots=snapshot_pairs(engine_events(), max_size=10),
    where=st.sampled_from(
        [
            lambda view: view.during("2017"),
            lambda view: view.involving("Russia").before("2018"),
            lambda view: view.matching("assad"),  # checked in Python, not by the engine
            lambda view: view.where(at("2017-07", "certain") | ~tagged("ceasefire")),
        ]
    ),
)
def test_the_diff_of_filtered_views_is_that_of_what_they_give(
    snapshots: tuple[Timeline, Timeline], where: Any, backend: Any, folder: Path
) -> None:
    old = where(_view_of(snapshots[0], folder, backend))
    new = where(_view_of(snapshots[1], folder, backend))
    expected = geotimeline.diff(old.to_timeline(), new.to_timeline())
    assert diff(old, new) == expected
    if _events_in(expected):
        _check_large(diff(old, new, limit=0), expected)


def test_a_large_diff_is_counts_and_ids_of_the_seed(backend: Any, tmp_path: Path) -> None:
    seed = examples.load("seed")
    later = seed.copy()
    first, last = seed.first, seed.last
    assert first is not None
    assert last is not None
    later.remove(first.id)
    later.replace(Event(id=last.id, title="Corrected", when=last.when))
    later.add(Event(id="sochi", title="Sochi congress on Syria", when="2018-01-30"))
    later.title = "Syria, again"
    old, new = _view_of(seed, tmp_path, backend), _view_of(later, tmp_path, backend, True)
    large = diff(old, new, limit=2)
    assert isinstance(large, SnapshotDiff)
    assert str(large) == "1 added, 1 removed, 1 changed, 1 timeline field changed"
    assert (list(large.added_ids()), list(large.removed_ids())) == (["sochi"], [first.id])
    assert list(large.changed_ids()) == [last.id]
    assert diff(old, new, limit=3) == geotimeline.diff(seed, later)


def test_the_rows_a_diff_keeps_are_dropped_with_it(backend: Any, tmp_path: Path) -> None:
    seed = examples.load("seed")
    later = seed.copy()
    first = seed.first
    assert first is not None
    later.remove(first.id)

    def kept() -> list[str]:
        tables = backend.con.sql("SELECT table_name FROM duckdb_tables()").fetchall()
        return [name for (name,) in tables if name.startswith("geotimeline_diff_")]

    old, new = _view_of(seed, tmp_path, backend), _view_of(later, tmp_path, backend)
    gc.collect()  # the diffs of other tests, if a cycle holds one
    assert diff(old, new) == geotimeline.diff(seed, later)
    assert kept() == []  # a diff under its limit drops them at once
    large = diff(old, new, limit=0)
    assert isinstance(large, SnapshotDiff)
    assert len(kept()) == 1
    assert list(large.removed_ids()) == [first.id]  # read from the kept rows
    del large
    gc.collect()
    assert kept() == []


def test_a_content_diff_above_its_limit_is_refused(backend: Any, tmp_path: Path) -> None:
    seed = examples.load("seed")
    old, new = _view_of(seed, tmp_path, backend), _view_of(Timeline(), tmp_path, backend)
    with pytest.raises(InvalidFieldError, match=r"limit.*match='id'"):
        diff(old, new, "content", limit=len(seed) - 1)
    expected = geotimeline.diff(seed, Timeline(), match="content")
    assert diff(old, new, "content", limit=len(seed)) == expected


def test_two_views_must_share_a_connection(backend: Any, tmp_path: Path) -> None:
    seed = examples.load("seed")
    path = tmp_path / "seed.parquet"
    parquet.write(seed, path)
    first, second = geotimeline.open(path), geotimeline.open(path)
    with pytest.raises(InvalidFieldError, match=r"connection=old\.connection"):
        diff(first, second)
    with pytest.raises(InvalidFieldError, match=r"connection=first\.connection"):
        pairs(first, second, "before")
    shared = geotimeline.open(path, connection=first.connection)
    assert not diff(first, shared)
    # A duckdb connection given twice is one connection, whatever wraps it.
    raw = backend.con
    assert not diff(geotimeline.open(path, connection=raw), geotimeline.open(path, connection=raw))


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda view: diff(view, seed_timeline_of(view)), "new"),
        (lambda view: diff(view, view, "similar"), "match"),
        (lambda view: diff(view, view, limit=-1), "limit"),
        (lambda view: pairs(view, view, "near"), "relation"),
        (lambda view: pairs(view, view), "relation"),
        (lambda view: pairs(view, view, "before", mode="likely"), "mode"),
    ],
)
def test_bad_arguments_are_refused_by_name(
    call: Any, field: str, backend: Any, tmp_path: Path
) -> None:
    view = _view_of(examples.load("seed"), tmp_path, backend)
    with pytest.raises(InvalidFieldError) as raised:
        call(view)
    assert raised.value.field == field


def seed_timeline_of(view: TimelineView) -> Timeline:
    """The view's events as a timeline: what a view is not."""
    return view.to_timeline()


# -- relations -----------------------------------------------------------------------------------


@EXAMPLES
@given(
    first=engine_timelines(max_size=10),
    second=engine_timelines(max_size=10),
    name=st.sampled_from(RELATION_NAMES),
    mode=st.sampled_from(MODES),
)
def test_the_pairs_of_two_views_are_the_pairs_in_memory(
    first: Timeline, second: Timeline, name: str, mode: Mode, backend: Any, folder: Path
) -> None:
    left, right = _view_of(first, folder, backend), _view_of(second, folder, backend, True)
    found = pairs(left, right, name, mode=mode)
    expected = _pairs_in_memory(first, second, (name,), mode)
    assert found.ids() == expected
    assert found.count() == len(expected)
    assert left.related_to(right, name, mode=mode).ids() == expected


def test_every_relation_and_mode_pairs_the_seed_as_memory_does(
    backend: Any, tmp_path: Path
) -> None:
    seed = examples.load("seed")
    view = _view_of(seed, tmp_path, backend)
    for name in RELATION_NAMES:
        for mode in MODES:
            expected = _pairs_in_memory(seed, seed, (name,), mode)
            assert pairs(view, view, name, mode=mode).ids() == expected, (name, mode)


def test_several_names_and_filtered_views_pair_as_memory_does(backend: Any, tmp_path: Path) -> None:
    seed = examples.load("seed")
    view = _view_of(seed, tmp_path, backend)
    strikes, talks = view.during("2017").matching("strike"), view.involving("Russia")
    found = strikes.query(mode="certain").related_to(talks, "before", "meets")
    expected = _pairs_in_memory(
        seed.query().during("2017").matching("strike"),
        seed.query().involving("Russia"),
        ("before", "meets"),
        "certain",
    )
    assert isinstance(found, RelatedPairs)
    assert found.ids() == expected
    assert found.to_arrow().column("first_id").to_pylist() == [pair[0] for pair in expected]


def test_a_relation_join_is_an_inequality_join(backend: Any, tmp_path: Path) -> None:
    # Where one side is small (up to a thousand rows), DuckDB's own rule would take a merge
    # join on one condition, which checks the others on half of all pairs.
    first = dt.date(2000, 1, 1)
    days = [
        Event(id=f"day-{n}", title="Strike", when=(first + dt.timedelta(days=n)).isoformat())
        for n in range(3_000)
    ]
    fronts = [
        Event(
            id=f"ceasefire-{year}-{month}",
            title="Ceasefire",
            when=f"{year}-{month:02}-03/{year}-{month:02}-20",
        )
        for year in range(2000, 2008)
        for month in range(1, 13)
    ]
    view = _view_of(Timeline(days), tmp_path, backend)
    ceasefires = _view_of(Timeline(fronts), tmp_path, backend)
    found = pairs(view, ceasefires, "during")
    assert "IE Join" in found.explain()
    assert found.count() == len(fronts) * 16  # the 4th to the 19th
    assert pairs(view, view, "meets").count() == len(days) - 1
