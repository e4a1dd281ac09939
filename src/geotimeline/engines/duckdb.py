"""DuckDB, embedded: the default engine of :func:`geotimeline.open`, reached through Ibis.

A connection made here has a memory limit and a folder to spill to, so that a query larger
than memory (a sort, a join, a diff of two snapshots) writes to disk instead of being killed:

- ``memory_limit``: :data:`DEFAULT_MEMORY_SHARE` of the machine's memory unless given
  (DuckDB's own default is 80%, which leaves little to Python on a shared machine); any size
  DuckDB reads, such as ``"4GB"``.
- ``temp_directory``: a folder ``geotimeline-duckdb`` in the system's temporary directory
  unless given; DuckDB creates it when it first spills and removes what it wrote when it is
  done.

Parquet files are read in place, as views (nothing is copied into the database), with hive
partitions (``bucket=2017``) understood.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Final

import attrs

from geotimeline.engines.engine import Engine
from geotimeline.errors import MissingDependencyError

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa
    from ibis.backends.duckdb import Backend

__all__ = [
    "DEFAULT_MEMORY_SHARE",
    "DuckDB",
    "arrow_batches",
    "connect",
    "default_memory_limit",
    "from_connection",
    "parquet_table",
    "quietly",
    "require",
]

#: The share of the machine's memory a connection may use unless told otherwise.
DEFAULT_MEMORY_SHARE: Final = 0.5


@attrs.frozen
class DuckDB(Engine):
    """The :class:`~geotimeline.engines.engine.Engine` of a DuckDB connection (an Ibis
    backend; see :func:`connect` and :func:`from_connection`).
    """

    name: ClassVar[str] = "duckdb"
    backend: Backend = attrs.field(repr=False)

    @property
    def connection(self) -> Any:
        return self.backend

    def table(self, name: str) -> ir.Table:
        with quietly():
            table: ir.Table = self.backend.table(name)
        return table

    def parquet_table(self, files: list[str], name: str) -> ir.Table:
        return parquet_table(self.backend, files, name)

    def count(self, table: ir.Table) -> int:
        with quietly():
            return int(table.count().execute())

    def arrow(self, table: ir.Table) -> pa.Table:
        with quietly():
            rows: pa.Table = table.to_pyarrow()
        return rows

    def arrow_batches(self, table: ir.Table, batch_size: int) -> Iterator[pa.RecordBatch]:
        return arrow_batches(table, batch_size)

    def quietly(self) -> contextlib.AbstractContextManager[None]:
        return quietly()


def require() -> None:
    """Nothing, or the ``MissingDependencyError`` naming the ``duckdb`` extra."""
    _ibis()


def _ibis() -> Any:
    """The ibis module with its DuckDB backend, or the error naming the ``duckdb`` extra."""
    try:
        import duckdb  # noqa: F401  (the backend needs it; checked here to name it)
        import ibis
        import pyarrow  # noqa: F401
    except ModuleNotFoundError as error:
        name = (error.name or "duckdb").partition(".")[0]
        raise MissingDependencyError(name, "duckdb") from error
    return ibis


def default_memory_limit() -> str:
    """:data:`DEFAULT_MEMORY_SHARE` of the machine's memory, in megabytes as DuckDB reads it.

    >>> default_memory_limit().endswith("MB")
    True
    """
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # no sysconf (Windows): DuckDB's own guess
        return "80%"
    return f"{int(total * DEFAULT_MEMORY_SHARE) // 2**20}MB"


def connect(
    *, memory_limit: str | None = None, temp_directory: str | os.PathLike[str] | None = None
) -> Backend:
    """A new in-process DuckDB connection (an Ibis backend) with a memory limit and a folder
    to spill to (see the module's notes for the defaults).
    """
    ibis = _ibis()
    folder = temp_directory or os.path.join(tempfile.gettempdir(), "geotimeline-duckdb")
    backend: Backend = ibis.duckdb.connect(
        memory_limit=memory_limit or default_memory_limit(), temp_directory=os.fspath(folder)
    )
    return backend


def from_connection(connection: Any) -> Backend:
    """An Ibis backend over ``connection``: an Ibis DuckDB backend as it is, or a
    ``duckdb.DuckDBPyConnection`` wrapped (its settings are left as they are).
    """
    ibis = _ibis()
    import duckdb

    if isinstance(connection, duckdb.DuckDBPyConnection):
        backend: Backend = ibis.duckdb.from_connection(connection)
        return backend
    return connection


def parquet_table(backend: Backend, paths: list[str], name: str) -> ir.Table:
    """A read-only view named ``name`` over Parquet files (a dataset's files included).

    A view of the database rather than of the connection, so that the cursors that stream
    results (see :func:`arrow_batches`) see it too.
    """
    listed = ", ".join("'" + path.replace("'", "''") + "'" for path in paths)
    quoted = '"' + name.replace('"', '""') + '"'
    with quietly():
        backend.con.execute(
            f"CREATE OR REPLACE VIEW {quoted} AS "
            f"SELECT * FROM read_parquet([{listed}], hive_partitioning = true)"
        )
        table: ir.Table = backend.table(name)
    return table


def arrow_batches(table: ir.Table, batch_size: int) -> Iterator[pa.RecordBatch]:
    """The rows of ``table`` as pyarrow record batches, streamed from a cursor of its own, so
    that other queries can run on the connection while they are read.
    """
    ibis = _ibis()
    backend = table.get_backend()
    with quietly():
        sql = str(ibis.to_sql(table, dialect="duckdb"))
        cursor = backend.con.cursor()
    try:
        with quietly():
            reader = cursor.sql(sql).to_arrow_reader(batch_size)
        while True:
            with quietly():
                batch = next(reader, None)
            if batch is None:
                return
            yield batch
    finally:
        cursor.close()


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """Within it, the deprecation warnings that DuckDB and pandas give about the calls Ibis
    makes are not shown: they are Ibis's to answer, and say nothing to whoever reads a view.
    Only engine calls run inside it.
    """
    with warnings.catch_warnings():
        for category in (DeprecationWarning, FutureWarning):
            warnings.filterwarnings("ignore", category=category)
        yield
