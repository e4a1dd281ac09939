"""Engines: timelines too large for one process, kept in Parquet and queried by columnar
engines with the in-memory API and semantics.

:func:`open` gives a lazy :class:`TimelineView` of a Parquet file or dataset (written by
:mod:`geotimeline.io.parquet`), queried by an :class:`~geotimeline.engines.engine.Engine`:
DuckDB, embedded (:mod:`geotimeline.engines.duckdb`), or Spark
(:mod:`geotimeline.engines.spark`). Filters become Ibis expressions in
:mod:`geotimeline.engines.translate`, the Allen relations among them generated from the
relation table by :mod:`geotimeline.engines.allen`, the same for both engines. Each engine is
an optional dependency (the ``duckdb`` and ``spark`` extras), imported only when a view is
opened. :func:`diff` and :func:`pairs` compare two views of one DuckDB connection in the
engine (:mod:`geotimeline.engines.joins`).
"""

from geotimeline.engines.joins import RelatedPairs, SnapshotDiff, diff, pairs
from geotimeline.engines.view import TimelineView, ViewGroups, open

__all__ = ["RelatedPairs", "SnapshotDiff", "TimelineView", "ViewGroups", "diff", "open", "pairs"]
