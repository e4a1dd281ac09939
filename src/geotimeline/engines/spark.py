"""Spark: the same queries as DuckDB's, on the same files, on a cluster or ``local[2]``.

A view's queries are Ibis expressions (:mod:`geotimeline.engines.translate`) over an
*unbound* Ibis table with the layout's schema, compiled to Spark SQL with
``ibis.to_sql(..., dialect="pyspark")`` and run by ``session.sql`` on a temporary view over the
Parquet files. No Ibis backend is involved, so any Spark from 3.5 on works (Ibis's own
PySpark backend pins older versions), and the translation of every filter is the one DuckDB
runs.

Sessions: :func:`geotimeline.open` with ``engine="spark"`` uses the process's active session
as it is, if there is one, and otherwise starts one with :func:`session`; a session passed
as ``connection=`` (or as the source, with ``table=``) is used as it is. Its settings are
never changed: results are read as Arrow (``DataFrame.toArrow()``), whose timestamps are UTC
instants whatever ``spark.sql.session.timeZone`` and the process's ``TZ`` say, of any year
1-9999 (``collect()`` would give naive local times, and fails on year 1; pandas'
nanoseconds would overflow outside 1677-2262), and cast to the types the query's schema
names, whatever the session's Arrow settings. Rows in timeline order come a page at a time
(:meth:`Spark.ordered_batches`), so that the driver holds one page of a result of any size.
A query over a dataset reads only the ``bucket=`` directories its window of time can match
(:mod:`geotimeline.engines._pruning`): a condition in its SQL, not a setting of the session.

Written with a plain code block, since a doctest would start Java::

    import geotimeline
    view = geotimeline.open("gdelt/", engine="spark")               # local[2] unless active
    view.during("2017").involving("Russia").count()
    view = geotimeline.open("s3://bucket/gdelt/", connection=spark)  # a session of yours
    view = geotimeline.open(spark, table="gdelt_events")             # a table or view of yours
"""

from __future__ import annotations

import contextlib
import functools
import operator
import os
import shutil
import warnings
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final

import attrs

from geotimeline.engines import _pruning as pruning
from geotimeline.engines.engine import Engine
from geotimeline.errors import (
    DuplicateEventError,
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    MissingDependencyError,
    shown,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

__all__ = ["DEFAULT_MASTER", "SESSION_SETTINGS", "Spark", "require", "session"]

#: Where a session started by :func:`session` runs unless told: in process, on two cores.
DEFAULT_MASTER: Final = "local[2]"

#: The settings of a session started by :func:`session` (a session of yours keeps its own).
SESSION_SETTINGS: Final = {
    "spark.app.name": "geotimeline",
    # Spark writes INT96 timestamps unless told otherwise, which pyarrow reads back wrong
    # before 1677 (year 1 comes back as 1754): anything this session writes is in microseconds.
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # A view's queries shuffle little (a sort, a group by): Spark's 200 partitions would
    # mostly be empty tasks on a laptop.
    "spark.sql.shuffle.partitions": "4",
}


def require() -> None:
    """Nothing, or the ``MissingDependencyError`` naming the ``spark`` extra."""
    _modules()


def _modules() -> tuple[Any, Any]:
    """The ibis and pyspark.sql modules, or the error naming the ``spark`` extra."""
    try:
        import ibis
        import pyarrow  # noqa: F401  (results are read as Arrow)
        import pyspark.sql
    except ModuleNotFoundError as error:
        name = (error.name or "pyspark").partition(".")[0]
        raise MissingDependencyError(name, "spark") from error
    return ibis, pyspark.sql


def session(master: str | None = None) -> Any:
    """The process's active Spark session as it is, or a new one on ``master``
    (:data:`DEFAULT_MASTER` unless given) with :data:`SESSION_SETTINGS`.

    A ``master`` other than the active session's is an ``InvalidFieldError``: a process has
    one Spark context.

    Raises :class:`~geotimeline.errors.GeotimelineError` before starting Java when it cannot
    be found (neither ``$JAVA_HOME/bin/java`` nor ``java`` on the ``PATH``).
    """
    _, sql = _modules()
    active = sql.SparkSession.getActiveSession()
    if active is not None:
        running = active.sparkContext.master
        if master is not None and master != running:
            raise InvalidFieldError(
                "master", master, f"differs from the active session's {running}"
            )
        return active
    _check_java()
    builder = sql.SparkSession.builder.master(master or DEFAULT_MASTER)
    for key, value in SESSION_SETTINGS.items():
        builder = builder.config(key, value)
    with _quiet():
        return builder.getOrCreate()


def _check_java() -> None:
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return
    if shutil.which("java"):
        return
    raise GeotimelineError(
        "Spark needs Java (17 for Spark 4), which was not found: neither $JAVA_HOME/bin/java "
        "nor java on the PATH; install a JRE (on Debian: apt-get install "
        "openjdk-17-jre-headless) or set JAVA_HOME"
    )


@attrs.frozen
class Spark(Engine):
    """The :class:`~geotimeline.engines.engine.Engine` of a ``SparkSession``: Ibis
    expressions compiled to Spark SQL and run by the session (see the module's notes).
    """

    name: ClassVar[str] = "spark"
    session: Any = attrs.field(repr=False)
    #: The buckets (``bucket=`` directories) of each dataset table it made, by table name.
    buckets: dict[str, frozenset[str]] = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def connection(self) -> Any:
        return self.session

    def table(self, name: str) -> ir.Table:
        ibis, _ = _modules()
        with _quiet():
            schema = self.session.table(name).limit(0).toArrow().schema
        return _unbound(ibis, name, schema)

    def parquet_table(self, files: list[str], name: str) -> ir.Table:
        """A temporary view named ``name`` over the files; a dataset's ``bucket`` is text."""
        ibis, _ = _modules()
        import pyarrow

        from geotimeline.io import parquet

        schema = parquet.SCHEMA
        folders = {os.path.dirname(path) for path in files}
        reader = self.session.read
        if any(f"{parquet.PARTITION_KEY}=" in folder for folder in folders):
            # The bucket is text ("long" is one); Spark would guess a number without a "long".
            schema = schema.append(pyarrow.field(parquet.PARTITION_KEY, pyarrow.string()))
            reader = reader.option("basePath", _base_path(files))
        with _quiet():
            if all(os.path.basename(path).startswith("_") for path in files):
                # An empty dataset is its _common_metadata alone, which Spark does not read.
                frame = self.session.createDataFrame([], _spark_schema(schema))
            else:
                frame = reader.schema(_spark_schema(schema)).parquet(*files)
            frame.createOrReplaceTempView(name)
        if parquet.PARTITION_KEY in schema.names:
            self.buckets[name] = frozenset(map(_bucket_of_folder, folders))
        return _unbound(ibis, name, schema)

    def count(self, table: ir.Table) -> int:
        counted = self.arrow(table.count().name("count").as_table())
        return int(counted.column(0)[0].as_py())

    def arrow(self, table: ir.Table) -> pa.Table:
        with _quiet():
            rows = self._frame(table).toArrow()
        return _as_schema(rows, table.schema().to_pyarrow())

    def arrow_batches(self, table: ir.Table, batch_size: int) -> Iterator[pa.RecordBatch]:
        # Spark gives a query's result to the driver whole (in Arrow batches, in order): a
        # view asks this only of results it bounds (counts of groups, one row); rows in
        # timeline order come in pages, from ordered_batches.
        yield from self.arrow(table).to_batches(max_chunksize=batch_size)

    def ordered_batches(
        self, table: ir.Table, key: Sequence[str], batch_size: int
    ) -> Iterator[pa.RecordBatch]:
        """The rows in pages of ``batch_size`` rows, one Spark job each, so that the driver
        holds one page at a time, whatever the size of the result; the rows are sorted once
        and each is read once.

        The first page is ``ORDER BY key LIMIT batch_size``: a result of one page, or a reader
        that stops at its first row, costs one job. When it is full, one job ranks the keys of
        the rest (``ROW_NUMBER() OVER (ORDER BY key)`` of the key columns alone) and gives the
        driver the first key of every page after, one key in ``batch_size`` rows; each page is
        then the rows from its first key to the next page's (``WHERE key >= first AND
        key < next``, which Spark pushes down to the files' statistics on ``key[0]``), read as
        Arrow as :meth:`arrow` reads and sorted in the driver.

        Raises :class:`~geotimeline.errors.DuplicateEventError` for two rows of one key (two
        events of one id), and :class:`~geotimeline.errors.FormatError` for a row without
        one (in the first page, whose order puts such rows first): rows that paging would
        give twice or never.

        Runtime complexity: one sort of the keys, plus O(n) rows read, in n / batch_size + 2
        jobs.
        """
        if batch_size < 1:
            raise InvalidFieldError("batch_size", batch_size, "must be at least 1")
        pages = _Pages(self._frame(table), tuple(key), table.schema().to_pyarrow(), _name(table))
        first = pages.first(batch_size)
        yield from first.to_batches(max_chunksize=batch_size)
        if first.num_rows < batch_size:
            return
        starts = pages.starts(_key_of(first, pages.key, first.num_rows - 1), batch_size)
        if not starts:
            return  # the first page held every row
        for start, following in zip(starts, [*starts[1:], None], strict=True):
            yield from pages.between(start, following).to_batches(max_chunksize=batch_size)

    def _frame(self, table: ir.Table) -> Any:
        """The Spark ``DataFrame`` of an expression: its Spark SQL, not yet run."""
        ibis, _ = _modules()
        with _quiet():
            return self.session.sql(str(_compile(ibis, pruning.pruned(table, self.buckets))))

    def quietly(self) -> contextlib.AbstractContextManager[None]:
        return _quiet()


@attrs.frozen
class _Pages:
    """The pages of a ``DataFrame`` in the order of ``key`` (see :meth:`Spark.ordered_batches`)."""

    frame: Any
    key: tuple[str, ...]
    schema: pa.Schema
    source: str

    def first(self, size: int) -> pa.Table:
        """The first ``size`` rows, checked; a row without a key comes first of all."""
        functions = _functions()
        unkeyed = functools.reduce(
            operator.or_, [functions.col(name).isNull() for name in self.key]
        )
        return self._read(self.frame.orderBy(unkeyed.desc(), *self._order()).limit(size))

    def starts(self, last: tuple[Any, ...], size: int) -> list[tuple[Any, ...]]:
        """The first key of every page of ``size`` rows after the key ``last``, in one job,
        which also finds a key given twice (``last``'s included).
        """
        from pyspark.sql import Window

        functions = _functions()
        rank, same = "geotimeline_rank", "geotimeline_same"
        order = Window.orderBy(*self._order())
        repeated = functools.reduce(
            operator.and_,
            [functions.col(name) == functions.lag(name).over(order) for name in self.key],
        )
        ranked = (
            self.frame.where(_at_or_after(self.key, last))
            .select(*self.key)
            .withColumn(rank, functions.row_number().over(order))
            .withColumn(same, functions.coalesce(repeated, functions.lit(False)))
        )
        # Row 1 is ``last`` itself: pages start at rows 2, 2 + size, ...
        starting = (functions.col(rank) > 1) & ((functions.col(rank) - 2) % size == 0)
        with _quiet():
            picked = ranked.where(starting | functions.col(same)).orderBy(rank).toArrow()
        if _any(picked.column(same)):
            row = picked.column(same).to_pylist().index(True)
            raise DuplicateEventError(_id_of(picked, self.key, row))
        return [_key_of(picked, self.key, row) for row in range(picked.num_rows)]

    def between(self, start: tuple[Any, ...], following: tuple[Any, ...] | None) -> pa.Table:
        """The rows from the key ``start`` to the key ``following`` (to the end, for None)."""
        where = _at_or_after(self.key, start)
        if following is not None:
            where = where & _before(self.key, following)
        # A page is at most a page's rows: sorted in the driver, where Spark's ORDER BY would
        # sample the rows for its range partitions, then shuffle them, two jobs more a page.
        with _quiet():
            rows = self.frame.where(where).toArrow()
        page = _as_schema(rows, self.schema).sort_by([(name, "ascending") for name in self.key])
        self._check(page)
        return page

    def _order(self) -> list[Any]:
        functions = _functions()
        return [functions.col(name).asc() for name in self.key]

    def _read(self, ordered: Any) -> pa.Table:
        with _quiet():
            page = _as_schema(ordered.toArrow(), self.schema)
        self._check(page)
        return page

    def _check(self, page: pa.Table) -> None:
        """Nothing, or the error for a row without a key, or for a key given twice."""
        import pyarrow.compute as pc

        for name in self.key:
            column = page.column(name)
            if column.null_count:
                row = pc.index(column.is_null(), True).as_py()
                raise FormatError(self.source, _row(page, self.key, row), f"has no {name}")
        if page.num_rows < 2:
            return
        repeated = functools.reduce(
            pc.and_, [pc.equal(page[name][1:], page[name][:-1]) for name in self.key]
        )
        if pc.any(repeated).as_py():
            raise DuplicateEventError(_id_of(page, self.key, pc.index(repeated, True).as_py()))


def _any(column: Any) -> bool:
    import pyarrow.compute as pc

    return bool(pc.any(column).as_py())


def _before(key: Sequence[str], following: tuple[Any, ...]) -> Any:
    """The Spark condition ``(key) < following``, compared column by column, led by
    ``key[0] <= following[0]``, which Spark can push down to the files' statistics.
    """
    functions = _functions()

    def from_(index: int) -> Any:
        column, value = functions.col(key[index]), functions.lit(following[index])
        if index == len(key) - 1:
            return column < value
        return (column < value) | ((column == value) & from_(index + 1))

    return (functions.col(key[0]) <= functions.lit(following[0])) & from_(0)


def _at_or_after(key: Sequence[str], last: tuple[Any, ...]) -> Any:
    """The Spark condition ``(key) >= last``, compared column by column, led by
    ``key[0] >= last[0]``, which Spark can push down to the files' statistics.
    """
    functions = _functions()

    def from_(index: int) -> Any:
        column, value = functions.col(key[index]), functions.lit(last[index])
        if index == len(key) - 1:
            return column >= value
        return (column > value) | ((column == value) & from_(index + 1))

    return (functions.col(key[0]) >= functions.lit(last[0])) & from_(0)


def _bucket_of_folder(folder: str) -> str:
    from geotimeline.io import parquet

    return os.path.basename(folder).removeprefix(f"{parquet.PARTITION_KEY}=")


def _key_of(rows: pa.Table, key: Sequence[str], index: int) -> tuple[Any, ...]:
    return tuple(rows.column(name)[index].as_py() for name in key)


def _id_of(rows: pa.Table, key: Sequence[str], index: int) -> str:
    """The id of a row, or its key where it has no id."""
    if "id" in rows.column_names:
        return str(rows.column("id")[index].as_py())
    return str(_key_of(rows, key, index))


def _row(rows: pa.Table, key: Sequence[str], index: int) -> str:
    return f"row {shown(_id_of(rows, key, index))}"


def _name(table: ir.Table) -> str:
    """The Spark tables an expression reads, by name: the source of its rows' errors."""
    import ibis.expr.operations as ops

    return ", ".join(sorted({node.name for node in table.op().find(ops.UnboundTable)}))


def _as_schema(rows: pa.Table, schema: pa.Schema) -> pa.Table:
    # The session's Arrow settings choose large strings or not; the schema is the query's.
    return rows.rename_columns(schema.names).cast(schema)


def _functions() -> Any:
    from pyspark.sql import functions

    return functions


def _unbound(ibis: Any, name: str, schema: pa.Schema) -> ir.Table:
    # Nullable, as DuckDB gives every column: both engines' results have the same schema.
    import pyarrow

    nullable = pyarrow.schema([field.with_nullable(True) for field in schema])
    table: ir.Table = ibis.table(ibis.Schema.from_pyarrow(nullable), name=name)
    return table


def _base_path(files: list[str]) -> str:
    """The dataset's folder: what comes before the first ``bucket=`` of a file's path."""
    from geotimeline.io import parquet

    marker = f"{os.sep}{parquet.PARTITION_KEY}="
    return files[0].split(marker, 1)[0]


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def _compile(ibis: Any, table: ir.Table) -> Any:
    _register_options(ibis)
    return ibis.to_sql(table, dialect="pyspark")


def _register_options(ibis: Any) -> None:
    """Ibis's Spark SQL compiler reads ``ibis.options.pyspark``, which its PySpark backend
    registers when loaded; it is not loaded here, so the same options (NaN kept as NaN, as in
    memory) are registered once in its place.
    """
    if ibis.options.pyspark is not None:
        return

    class Options(ibis.config.Config):  # type: ignore[misc]
        treat_nan_as_null: bool = False

    ibis.options.pyspark = Options()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Within it, pyspark's warnings about its own calls (pandas versions, deprecations) are
    not shown: they are Spark's to answer, and say nothing to whoever reads a view.
    """
    with warnings.catch_warnings():
        for category in (DeprecationWarning, FutureWarning, UserWarning):
            warnings.filterwarnings("ignore", category=category, module=r"pyspark(\..*)?")
        warnings.filterwarnings("ignore", category=FutureWarning, message=".*pandas.*")
        yield
