"""Spark gives what memory and DuckDB give, on the same files, whatever the session's zone.

Every test here but the first two starts (once for the module) a Spark session on
``local[2]``, which needs Java 17; ``pytest -m "not spark"`` leaves them out.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st

import geotimeline
from geotimeline import (
    DuplicateEventError,
    Event,
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    Timeline,
    examples,
)
from geotimeline.engines import spark
from geotimeline.io import parquet
from tests.strategies import crowded_timelines, engine_timelines
from tests.test_engines import STEPS, _apply

pytestmark = pytest.mark.spark

GROUP_KEYS = st.sampled_from(["year", "month", "actor", "country", "tag"])


# -- Before any session ------------------------------------------------------------------------


def test_without_pyspark_a_spark_view_names_the_extra(tmp_path: Path) -> None:
    from tests.test_missing_extras import _run

    code = """
    import geotimeline
    try:
        geotimeline.open("events.parquet", engine="spark")
    except geotimeline.MissingDependencyError as error:
        print(error.extra, error)
    """
    result = _run("pyspark", code, tmp_path)
    assert result.stderr == ""
    assert result.stdout.startswith("spark this needs pyspark"), result.stdout
    assert "pip install 'geotimeline[spark]'" in result.stdout


def test_without_java_no_session_is_started(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pyspark.sql import SparkSession

    monkeypatch.setattr(SparkSession, "getActiveSession", staticmethod(lambda: None))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    with pytest.raises(GeotimelineError, match="Spark needs Java") as raised:
        spark.session()
    assert "JAVA_HOME" in str(raised.value)
    java = tmp_path / "jdk" / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text("#!/bin/sh\n", encoding="utf-8")
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk"))
    spark._check_java()  # found where JAVA_HOME says


@settings(max_examples=200, deadline=None)
@given(timeline=engine_timelines(), steps=STEPS)
def test_the_buckets_a_query_reads_hold_every_event_it_matches(
    timeline: Timeline, steps: list[tuple[str, tuple[Any, ...], dict[str, Any]]]
) -> None:
    import ibis
    import ibis.expr.operations as ops

    from geotimeline.engines import _pruning
    from geotimeline.engines.view import TimelineView, _Source

    try:
        matched = list(_apply(timeline.query(), steps))
    except InvalidFieldError:
        reject()
    layout = parquet.SCHEMA.append(pa.field(parquet.PARTITION_KEY, pa.string()))
    table = spark._unbound(ibis, "events", layout)
    candidates, _ = _apply(TimelineView(_Source(spark.Spark(None), table, "events")), steps)._plan()
    # Every bucket a year could name, so that only the window can leave one out.
    every = {parquet.bucket_of(parquet.row_of(event)) for event in timeline} | {"long"}
    for found in candidates.op().find(ops.Filter):
        kept = _pruning.buckets_of(found, every)
        assert {parquet.bucket_of(parquet.row_of(event)) for event in matched} <= kept
    assert _pruning.pruned(candidates, {}).equals(candidates)


# -- One session for the module ----------------------------------------------------------------


@pytest.fixture(scope="module")
def session() -> Iterator[Any]:
    started = spark.session(master="local[2]")
    yield started
    started.stop()


@pytest.fixture(scope="module")
def backend() -> Any:
    from geotimeline.engines import duckdb as embedded

    return embedded.connect(memory_limit="512MB")


def _written(timeline: Timeline, folder: Path, dataset: bool) -> Path:
    target = folder / f"{uuid.uuid4().hex}{'' if dataset else '.parquet'}"
    parquet.write(timeline, target)
    return target


def test_a_session_it_starts_writes_microseconds_in_utc(session: Any, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    for key, value in spark.SESSION_SETTINGS.items():
        assert session.conf.get(key) == value, key
    assert session.sparkContext.master == "local[2]"
    # What Spark writes of the layout, pyarrow reads back right, year 1 too.
    timeline = Timeline([Event(id="first", title="Year one", when="0001-01-01")])
    view = geotimeline.open(_written(timeline, tmp_path, False), connection=session)
    session.table(view.source.table.get_name()).write.parquet(str(tmp_path / "by-spark"))
    (written,) = (tmp_path / "by-spark").glob("*.parquet")
    column = pq.ParquetFile(written).schema.column(parquet.SCHEMA.get_field_index("earliest"))
    logical = json.loads(column.logical_type.to_json())
    assert column.physical_type == "INT64"  # not INT96
    assert (logical["Type"], logical["timeUnit"], logical["isAdjustedToUTC"]) == (
        "Timestamp",
        "microseconds",
        True,
    )
    earliest = pq.read_table(written).column("earliest").to_pylist()
    assert earliest == [dt.datetime(1, 1, 1, tzinfo=dt.UTC)]


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    timeline=engine_timelines(max_size=10),
    steps=STEPS,
    dataset=st.booleans(),
    key=GROUP_KEYS,
)
def test_spark_gives_the_ids_of_memory_and_duckdb_in_order(
    timeline: Timeline,
    steps: list[tuple[str, tuple[Any, ...], dict[str, Any]]],
    dataset: bool,
    key: str,
    session: Any,
    backend: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    try:
        query = _apply(timeline.query(), steps)
    except InvalidFieldError:
        reject()  # a span that ends before it starts, in both
    path = _written(timeline, tmp_path_factory.mktemp("spark"), dataset)
    on_spark = _apply(geotimeline.open(path, connection=session), steps)
    on_duckdb = _apply(geotimeline.open(path, connection=backend), steps)
    expected = [event.id for event in query]
    assert on_spark.ids() == on_duckdb.ids() == expected
    groups = {name: len(group) for name, group in query.group_by(key).items()}
    assert on_spark.group_by(key).count() == groups
    # The negation of the steps: where a null would turn a "no" into a "maybe".
    either = functools.reduce(lambda left, right: left | right, _parts(steps))
    negated = geotimeline.open(path, connection=session).where(~either)
    assert negated.ids() == [event.id for event in timeline.query(~either)]


def _parts(steps: list[tuple[str, tuple[Any, ...], dict[str, Any]]]) -> list[Any]:
    return [_apply(Timeline().query(), [step]).filter for step in steps]


# Years 1 and 9999, open ends and an offset: the corners of timestamps and of their casts.
CORNERS = Timeline(
    [
        Event(id="year-one", title="Year one", when="0001-01-01"),
        Event(id="year-one-on", title="From year one", when="0001-01-01T00:00:00Z/.."),
        Event(id="offset", title="New year in Kathmandu", when="2016-12-31T23:30:00-05:45"),
        Event(id="long", title="A long war", when="1914/1918", actors=["Straße"]),
        Event(id="last-day", title="The last day", when="9999-12-31", tags=["war"]),
        Event(id="unknown-start", title="Since when", when="/9999-12"),
    ]
)


@pytest.fixture(scope="module")
def corners(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _written(CORNERS, tmp_path_factory.mktemp("corners"), dataset=True)


def test_years_one_and_9999_come_back_as_written(session: Any, backend: Any, corners: Path) -> None:
    view = geotimeline.open(corners, connection=session)
    rows = view.to_arrow()
    assert rows == geotimeline.open(corners, connection=backend).to_arrow()
    earliest = rows.column("earliest").to_pylist()
    assert earliest[0] == dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    assert rows.column("latest").to_pylist()[-1] == dt.datetime(
        9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC
    )
    assert view.to_timeline() == CORNERS
    assert view.to_pandas()["earliest"].tolist() == earliest  # no nanoseconds on the way
    assert (view.first, view.last) == (CORNERS.first, CORNERS.last)
    assert view.during("0001").ids() == [e.id for e in CORNERS.query().during("0001")]
    assert view.after("9999-06").ids() == [e.id for e in CORNERS.query().after("9999-06")]
    assert view.group_by("year").count() == {
        name: len(group) for name, group in CORNERS.group_by("year").items()
    }


def _answers(view: Any) -> tuple[Any, ...]:
    return (
        view.ids(),
        view.during("2017").count(),
        view.at("2017-01-01T04:00:00Z").ids(),
        view.group_by("month").count(),
        view.to_arrow().select(["earliest", "latest"]).to_pylist(),
        [batch.select(["earliest", "latest"]).to_pylist() for batch in _pages(view, 2)],
    )


def test_the_session_zone_and_tz_change_no_answer(
    session: Any, corners: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = geotimeline.open(corners, connection=session)
    in_utc = _answers(view)
    before = session.conf.get("spark.sql.session.timeZone")
    session.conf.set("spark.sql.session.timeZone", "America/St_Johns")
    monkeypatch.setenv("TZ", "America/St_Johns")
    time.tzset()
    try:
        assert _answers(view) == in_utc
        assert session.conf.get("spark.sql.session.timeZone") == "America/St_Johns"
    finally:
        session.conf.set("spark.sql.session.timeZone", before)
        monkeypatch.undo()
        time.tzset()
    assert in_utc[1] == len(CORNERS.query().during("2017"))


def test_a_session_and_a_table_of_yours_open_a_view(session: Any, tmp_path: Path) -> None:
    seed = examples.load("seed")
    path = tmp_path / "seed.parquet"
    parquet.write(seed, path)
    session.read.parquet(str(path)).createOrReplaceTempView("seed_events")
    view = geotimeline.open(session, table="seed_events")
    assert view.involving("Russia").ids() == [e.id for e in seed.query().involving("Russia")]
    assert view.source.engine.name == "spark"
    assert geotimeline.open(path, engine="spark").source.engine.session is session


def test_an_engine_that_does_not_run_the_connection_is_refused(
    session: Any, tmp_path: Path
) -> None:
    path = _written(Timeline(), tmp_path, dataset=True)
    with pytest.raises(InvalidFieldError, match="engine"):
        geotimeline.open(path, engine="duckdb", connection=session)
    with pytest.raises(InvalidFieldError, match="master"):
        geotimeline.open(path, engine="spark", master="local[3]")
    with pytest.raises(InvalidFieldError, match="master"):
        geotimeline.open(path, master="local[2]")  # DuckDB
    with pytest.raises(InvalidFieldError, match="memory_limit"):
        geotimeline.open(path, connection=session, memory_limit="1GB")
    empty = geotimeline.open(path, engine="spark")
    assert (empty.count(), empty.ids(), empty.group_by("year").count()) == (0, [], {})


def test_two_spark_views_are_neither_diffed_nor_joined(session: Any, tmp_path: Path) -> None:
    path = tmp_path / "seed.parquet"
    parquet.write(examples.load("seed"), path)
    first = geotimeline.open(path, engine="spark")
    second = geotimeline.open(path, connection=first.connection)
    assert first.connection is session
    assert second.ids() == first.ids()
    with pytest.raises(InvalidFieldError, match="DuckDB only"):
        geotimeline.engines.diff(first, second)
    with pytest.raises(InvalidFieldError, match="DuckDB only"):
        first.related_to(second, "during")


# -- Rows in pages -----------------------------------------------------------------------------


def _pages(view: Any, size: int) -> list[pa.RecordBatch]:
    """The batches of a view's rows in timeline order, read ``size`` rows a page."""
    candidates, _ = view._plan()
    return list(view.source.engine.ordered_batches(candidates, parquet.ORDER_COLUMNS, size))


@pytest.fixture
def pages(session: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many rows each query gave the driver, in the order they ran."""
    frames = type(session.range(1))
    whole = frames.toArrow
    sizes: list[int] = []

    def counted(frame: Any) -> pa.Table:
        rows = whole(frame)
        sizes.append(rows.num_rows)
        return rows

    monkeypatch.setattr(frames, "toArrow", counted)
    return sizes


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(timeline=crowded_timelines(max_size=10), size=st.integers(1, 11), dataset=st.booleans())
# A first page of every row: the ranking finds no page after it.
@example(timeline=Timeline([Event(title="Talks", when="2016-21")]), size=1, dataset=False)
def test_pages_give_the_rows_of_to_arrow_in_order(
    timeline: Timeline,
    size: int,
    dataset: bool,
    session: Any,
    pages: list[int],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    view = geotimeline.open(
        _written(timeline, tmp_path_factory.mktemp("pages"), dataset), connection=session
    )
    whole = view.to_arrow()
    pages.clear()
    batches = _pages(view, size)
    # The driver gets each row once, and one key a page: a first page, then the pages' keys.
    assert pages == _queries_of(len(timeline), size)
    assert [batch.num_rows for batch in batches] == [
        min(size, len(timeline) - start) for start in range(0, len(timeline), size)
    ]
    assert pa.Table.from_batches(batches, whole.schema) == whole
    assert whole.column("id").to_pylist() == [event.id for event in timeline]


def _queries_of(rows: int, size: int) -> list[int]:
    """The rows each query of paging ``rows`` rows by ``size`` gives the driver."""
    if rows < size:
        return [rows]
    rest = rows - size
    after = [min(size, rest - start) for start in range(0, rest, size)]
    return [size, len(after), *after]


CROWD = Timeline(
    [Event(id=f"talks-{day}", title="Talks in Astana", when="2017-01-23") for day in range(9)]
    + [Event(id="ceasefire", title="Ceasefire", when="2017-07-09/2017-08")]
)


@pytest.fixture
def crowd(session: Any, tmp_path: Path) -> Any:
    return geotimeline.open(_written(CROWD, tmp_path, dataset=True), connection=session)


def test_a_page_ends_inside_a_run_of_equal_dates(crowd: Any, pages: list[int]) -> None:
    batches = _pages(crowd, 3)
    assert [batch.column("id").to_pylist() for batch in batches] == [
        ["talks-0", "talks-1", "talks-2"],
        ["talks-3", "talks-4", "talks-5"],
        ["talks-6", "talks-7", "talks-8"],
        ["ceasefire"],
    ]
    # The first page, the first keys of the three pages after it, and those pages.
    assert pages == [3, 3, 3, 3, 1]


def test_iteration_ids_and_to_timeline_read_a_page_at_a_time(
    crowd: Any, pages: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parquet, "BATCH_SIZE", 4)
    assert [event.id for event in crowd] == [event.id for event in CROWD]
    assert pages == [4, 2, 4, 2]
    pages.clear()
    assert next(iter(crowd)).id == "talks-0"
    assert pages == [4]  # the first event asks for the first page only
    pages.clear()
    with pytest.raises(InvalidFieldError, match="limit"):
        crowd.matching("talks").to_timeline(limit=4)  # checked in Python: no count first
    assert pages == [4, 2, 4]  # read up to the fifth match, no further
    pages.clear()
    assert crowd.ids() == [event.id for event in CROWD]
    assert crowd.to_timeline() == CROWD
    assert max(pages) <= 4


def test_an_empty_result_is_one_empty_query(crowd: Any, pages: list[int]) -> None:
    assert _pages(crowd.during("1800"), 3) == []
    assert pages == [0]
    assert crowd.during("1800").ids() == []


def test_a_repeated_id_is_refused_in_a_page_and_across_pages(
    crowd: Any, session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = session.table(crowd.source.table.get_name())
    rows.unionByName(rows.where("id = 'talks-4'")).createOrReplaceTempView("talks_twice")
    twice = geotimeline.open(session, table="talks_twice")
    with pytest.raises(DuplicateEventError, match="talks-4"):
        twice.ids()
    monkeypatch.setattr(parquet, "BATCH_SIZE", 5)  # talks-4 ends the first page
    with pytest.raises(DuplicateEventError, match="talks-4"):
        twice.ids()
    monkeypatch.setattr(parquet, "BATCH_SIZE", 2)  # talks-4 inside a later page
    with pytest.raises(DuplicateEventError, match="talks-4"):
        twice.ids()
    assert [batch.num_rows for batch in _pages(crowd, 5)] == [5, 5]


def test_a_row_without_its_order_is_refused_in_the_first_page(
    crowd: Any, session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyspark.sql import functions

    rows = session.table(crowd.source.table.get_name())
    unordered = functions.when(functions.col("id") == "talks-4", None).otherwise(
        functions.col("order_start")
    )
    rows.withColumn("order_start", unordered).createOrReplaceTempView("talks_unordered")
    monkeypatch.setattr(parquet, "BATCH_SIZE", 2)
    view = geotimeline.open(session, table="talks_unordered")
    with pytest.raises(FormatError, match="row 'talks-4': has no order_start") as raised:
        next(iter(view))
    assert raised.value.source == "talks_unordered"


# -- Buckets left unread -----------------------------------------------------------------------


def test_a_window_of_time_reads_only_the_buckets_it_can_match(session: Any, tmp_path: Path) -> None:
    years = Timeline(
        [Event(id=f"y{year}", title="Talks", when=f"{year}-05-14") for year in range(2010, 2020)]
        + [Event(id="war", title="A long war", when="2011/2016")]
    )
    dataset = _written(years, tmp_path, dataset=True)
    view = geotimeline.open(dataset, connection=session)
    # A bucket that cannot hold the window's events is never opened: broken, it is not read.
    (dataset / "bucket=2010" / "part-0.parquet").write_bytes(b"not parquet")
    (dataset / "bucket=2019" / "part-0.parquet").write_bytes(b"not parquet")
    during = view.during("2014/2015")
    assert during.ids() == [e.id for e in years.query().during("2014/2015")] == ["y2014", "y2015"]
    assert view.at("2013-05-14T12:00:00Z").ids() == ["war", "y2013"]
    assert view.during("1950").count() == 0
    with pytest.raises(Exception, match=r"bucket=2019"):
        view.during("2019").count()
