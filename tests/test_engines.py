"""The engines give what the timeline gives: Allen predicates generated from the relation
table, and (through DuckDB) every filter, mode and grouping compared with the in-memory query.
"""

from __future__ import annotations

import functools
import inspect
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import geotimeline
from geotimeline import Event, FormatError, InvalidFieldError, Timeline, examples
from geotimeline.engines import TimelineView
from geotimeline.engines.allen import bound_values, evaluate, relation_predicate
from geotimeline.io import parquet
from geotimeline.query import Mode, Query
from geotimeline.time.relations import FAMILIES, RELATIONS, Extent, _families, extent_relations
from tests.strategies import (
    ENGINE_ACTORS,
    ENGINE_TAGS,
    engine_timelines,
    extents,
    nearby_whens,
)

#: Every relation and family a query may name.
RELATION_NAMES = (*RELATIONS, *FAMILIES)
#: Extents of real dates, near each other, and small tightened ones with coinciding ends.
ANY_EXTENT = extents() | nearby_whens().map(Extent.of)


def _expected(first: Extent, second: Extent, names: frozenset[str], mode: str) -> bool:
    possible = extent_relations(first, second)
    return bool(possible & names) if mode == "possible" else possible <= names


@given(
    first=ANY_EXTENT,
    second=ANY_EXTENT,
    name=st.sampled_from(RELATION_NAMES),
    mode=st.sampled_from(["possible", "certain"]),
)
def test_generated_predicates_agree_with_the_relations(
    first: Extent, second: Extent, name: str, mode: Mode
) -> None:
    names = _families(name)
    expected = _expected(first, second, names, mode)
    columns = bound_values("a_", first) | bound_values("b_", second)
    # Against a fixed date (a query), between two tables (a join), and with both fixed.
    assert evaluate(relation_predicate("a_", second, names, mode), columns) == expected
    assert evaluate(relation_predicate("a_", "b_", names, mode), columns) == expected
    assert evaluate(relation_predicate(first, second, names, mode), {}) == expected


@pytest.mark.parametrize("name", RELATIONS)
def test_each_relation_is_at_most_twelve_inequalities_a_shape(name: str) -> None:
    from geotimeline.engines.allen import _orderings

    for first_is_point in (False, True):
        for second_is_point in (False, True):
            orderings = _orderings(name, first_is_point, second_is_point)
            assert orderings is None or len(orderings) <= 12


# -- The view against the in-memory query ------------------------------------------------------

ZONES = st.sampled_from([None, "Asia/Bangkok", "America/New_York"])
MODES = st.sampled_from(["possible", "certain"])


def _time_step() -> st.SearchStrategy[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    one = st.tuples(
        st.sampled_from(["during", "overlapping", "at", "before", "after"]),
        st.tuples(nearby_whens()),
        st.fixed_dictionaries({"mode": MODES, "zone": ZONES}),
    )
    span = st.tuples(
        st.just("between"),
        st.tuples(nearby_whens(), nearby_whens()),
        st.fixed_dictionaries({"mode": MODES, "zone": ZONES}),
    )
    relation = st.tuples(
        st.just("related"),
        st.tuples(nearby_whens()).flatmap(
            lambda when: st.lists(st.sampled_from(RELATION_NAMES), min_size=1, max_size=3).map(
                lambda names: (*when, *names)
            )
        ),
        st.fixed_dictionaries({"mode": MODES, "zone": ZONES}),
    )
    return one | span | relation


def _other_step() -> st.SearchStrategy[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    def names(pool: tuple[str, ...]) -> st.SearchStrategy[tuple[str, ...]]:
        return st.lists(st.sampled_from(pool), min_size=1, max_size=2).map(tuple)

    every = st.fixed_dictionaries({"every": st.booleans()})
    return st.one_of(
        st.tuples(st.just("involving"), names(ENGINE_ACTORS), every),
        st.tuples(st.just("tagged"), names(ENGINE_TAGS), every),
        st.tuples(st.just("in_country"), names(("SY", "Ukraine", "RU", "TR")), st.just({})),
        st.tuples(st.just("in_region"), names(("IDLIB", "Donetsk", "ile-de-france")), st.just({})),
        st.tuples(st.just("reported_by"), names(("reuters", "AP", "ассошиэйтед")), st.just({})),
        st.tuples(
            st.just("matching"), st.tuples(st.sampled_from(["assad", "STRASSE", "ß"])), st.just({})
        ),
        st.tuples(
            st.just("precise_to"),
            st.tuples(st.sampled_from(["year", "month", "day", "second"])),
            st.just({}),
        ),
        st.tuples(
            st.just("near"),
            st.tuples(st.floats(30, 40), st.floats(31, 42)),
            st.fixed_dictionaries({"km": st.sampled_from([0.0, 50.0, 400.0, 21_000.0])}),
        ),
        st.tuples(
            st.just("within_box"),
            st.sampled_from([(32, 35, 37.5, 42.5), (-90, 170, 90, -170), (30, -180, 40, 180)]),
            st.just({}),
        ),
    )


STEPS = st.lists(_time_step() | _other_step(), min_size=1, max_size=3)


def _apply(start: Any, steps: list[tuple[str, tuple[Any, ...], dict[str, Any]]]) -> Any:
    for name, arguments, options in steps:
        start = getattr(start, name)(*arguments, **options)
    return start


@pytest.fixture(scope="module")
def backend() -> Any:
    from geotimeline.engines import duckdb as embedded

    return embedded.connect(memory_limit="512MB")


def _view_of(timeline: Timeline, folder: Path, backend: Any, dataset: bool = False) -> Any:
    target = folder / f"{uuid.uuid4().hex}{'' if dataset else '.parquet'}"
    parquet.write(timeline, target)
    return geotimeline.open(target, connection=backend)


def _written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("views", numbered=True)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(timeline=engine_timelines(), steps=STEPS, dataset=st.booleans(), data=st.data())
def test_a_view_gives_the_ids_of_the_query_in_order(
    timeline: Timeline,
    steps: list[tuple[str, tuple[Any, ...], dict[str, Any]]],
    dataset: bool,
    data: st.DataObject,
    backend: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    try:
        query = _apply(timeline.query(), steps)
    except InvalidFieldError:
        reject()  # a span that ends before it starts, in both
    view = _apply(_view_of(timeline, _written(tmp_path_factory), backend, dataset), steps)
    expected = [event.id for event in query]
    assert view.ids() == expected
    assert view.count() == len(expected)
    assert list(view) == list(query)
    key = data.draw(st.sampled_from(["year", "month", "actor", "country", "tag"]))
    groups = query.group_by(key)
    assert view.group_by(key).count() == {name: len(group) for name, group in groups.items()}
    if groups:
        name = data.draw(st.sampled_from(sorted(groups)))
        assert view.group_by(key)[name].ids() == list(groups[name].ids())


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(timeline=engine_timelines(), steps=STEPS)
def test_combined_filters_give_what_they_give_in_memory(
    timeline: Timeline,
    steps: list[tuple[str, tuple[Any, ...], dict[str, Any]]],
    backend: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # |, ~ and excluding() over the same steps, and a predicate only Python can check.
    try:
        parts = [_apply(Timeline().query(), [step]).filter for step in steps]
    except InvalidFieldError:
        reject()
    either = functools.reduce(lambda left, right: left | right, parts)
    view = _view_of(timeline, _written(tmp_path_factory), backend)
    for combined in (either, ~either, ~parts[0] & either):
        assert view.where(combined).ids() == [event.id for event in timeline.query(combined)]
    odd = lambda event: len(event.title) % 2 == 1  # noqa: E731
    assert view.excluding(parts[0]).where(odd).ids() == [
        event.id for event in timeline.query().excluding(parts[0]).where(odd)
    ]


def test_the_view_has_the_methods_of_the_query() -> None:
    names = [
        name
        for name, member in vars(Query).items()
        if callable(member) and not name.startswith("_") and name not in ("events", "timeline")
    ]
    for name in names:
        query_signature = inspect.signature(getattr(Query, name))
        view_signature = inspect.signature(getattr(TimelineView, name))
        assert list(view_signature.parameters.values()) == list(
            query_signature.parameters.values()
        ), name


def test_equal_starts_and_any_script_ids_come_in_timeline_order(
    backend: Any, tmp_path: Path
) -> None:
    ids = ["a", "B", "z", "é", "ø-1", "中国", "𝔘nicode", "Ω", "a-b", "a.b"]
    timeline = Timeline(Event(id=event_id, title="Talks", when="2017-03-01") for event_id in ids)
    timeline.add(Event(id="earlier", title="Talks", when="2017-03-01T00:00:00Z"))
    timeline.add(Event(id="longer", title="Talks", when="2017-03-01/2017-03-02"))
    view = _view_of(timeline, tmp_path, backend)
    ordered = [event.id for event in timeline]
    assert ordered == sorted(ordered, key=lambda event_id: timeline[event_id].sort_key)
    assert view.ids() == ordered
    assert [event.id for event in view] == ordered
    assert view.first == timeline.first
    assert view.last == timeline.last
    assert view.to_arrow().column("id").to_pylist() == ordered
    assert view.to_pandas()["id"].tolist() == ordered


def test_to_timeline_refuses_more_events_than_its_limit(backend: Any, tmp_path: Path) -> None:
    timeline = examples.load("seed")
    view = _view_of(timeline, tmp_path, backend)
    assert view.to_timeline() == timeline
    assert view.to_timeline().title == timeline.title
    size = len(timeline)
    for limited in (view, view.matching("syria")):  # counted by the engine, and in Python
        with pytest.raises(InvalidFieldError, match="limit"):
            limited.to_timeline(limit=limited.count() - 1)
        assert len(limited.to_timeline(limit=limited.count())) == limited.count() <= size


def test_a_path_without_parquet_files_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="holds no Parquet files"):
        geotimeline.open(tmp_path / "*.parquet")
    with pytest.raises(FormatError):
        geotimeline.open(tmp_path / "missing.parquet")


def test_a_connection_and_a_table_name_open_a_view(backend: Any, tmp_path: Path) -> None:
    timeline = examples.load("seed")
    path = tmp_path / "seed.parquet"
    parquet.write(timeline, path)
    backend.con.execute(f"CREATE OR REPLACE TABLE seed_events AS SELECT * FROM '{path}'")
    view = geotimeline.open(backend, table="seed_events")
    assert view.involving("Russia").ids() == [e.id for e in timeline.query().involving("Russia")]


def test_without_duckdb_opening_a_view_names_the_extra(tmp_path: Path) -> None:
    from tests.test_missing_extras import _run

    code = """
    import geotimeline
    try:
        geotimeline.open("events.parquet")
    except geotimeline.MissingDependencyError as error:
        print(error.extra, error)
    """
    for absent in ("duckdb", "ibis"):
        result = _run(absent, code, tmp_path)
        assert result.stderr == ""
        assert result.stdout.startswith("duckdb this needs"), result.stdout
        assert "pip install 'geotimeline[duckdb]'" in result.stdout
