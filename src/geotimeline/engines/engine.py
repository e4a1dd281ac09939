"""What a view needs of an engine: tables of the layout, and the rows and counts of Ibis
expressions over them.

A :class:`~geotimeline.engines.view.TimelineView` builds its queries as Ibis expressions
(:mod:`geotimeline.engines.translate`) and hands them to an :class:`Engine`, which runs them
and gives the answer as Python integers or pyarrow data: DuckDB
(:class:`geotimeline.engines.duckdb.DuckDB`), embedded, or Spark
(:class:`geotimeline.engines.spark.Spark`), on a cluster or ``local[2]``. Results come as
Arrow, never as the engine's own rows or pandas frames, so that their times are UTC
instants of any year 1-9999 whatever the session's time zone.
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

__all__ = ["Engine"]


class Engine(abc.ABC):
    """An engine a view runs its queries on (see the module's notes)."""

    #: The name :func:`geotimeline.open` takes as ``engine=``.
    name: ClassVar[str]

    @property
    @abc.abstractmethod
    def connection(self) -> Any:
        """What :func:`geotimeline.open` takes as ``connection`` to open another view on
        this engine: an Ibis DuckDB backend, or a ``SparkSession``.
        """

    @abc.abstractmethod
    def table(self, name: str) -> ir.Table:
        """The engine's table ``name`` (of the layout), for expressions over it."""

    @abc.abstractmethod
    def parquet_table(self, files: list[str], name: str) -> ir.Table:
        """A read-only table named ``name`` over Parquet files of the layout, read in place
        (with hive partitions such as ``bucket=2017`` understood).
        """

    @abc.abstractmethod
    def count(self, table: ir.Table) -> int:
        """How many rows ``table`` holds."""

    @abc.abstractmethod
    def arrow(self, table: ir.Table) -> pa.Table:
        """The rows of ``table``, in its order, as one pyarrow table."""

    @abc.abstractmethod
    def arrow_batches(self, table: ir.Table, batch_size: int) -> Iterator[pa.RecordBatch]:
        """The rows of ``table``, in its order, as pyarrow record batches of at most
        ``batch_size`` rows.
        """

    def ordered_batches(
        self, table: ir.Table, key: Sequence[str], batch_size: int
    ) -> Iterator[pa.RecordBatch]:
        """The rows of ``table`` in the order of the columns ``key``, which no two rows share
        (a timeline's order: ``order_start``, ``order_end``, ``id``), as pyarrow record batches
        of at most ``batch_size`` rows.

        Unless an engine says otherwise, :meth:`arrow_batches` of the ordered table: one
        query, streamed.
        """
        return self.arrow_batches(table.order_by(list(key)), batch_size)

    def quietly(self) -> contextlib.AbstractContextManager[None]:
        """Within it, the warnings the engine's libraries give about their own calls are not
        shown (none, unless an engine says otherwise).
        """
        return contextlib.nullcontext()
