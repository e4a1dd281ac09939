"""Engines: timelines too large for one process, kept and queried by columnar engines.

Empty for now. It will hold the Parquet dataset layout and the back ends that push a
timeline's semantics (certain and possible time filters, Allen relations, folded names) down
to DuckDB, embedded, and Spark, on a cluster, so that a query there gives what the same query
gives in memory. Each engine is an optional dependency, imported only by its own module.
"""

__all__: list[str] = []
