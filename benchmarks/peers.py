"""The columnar peers of ``run.py``: polars, pyarrow compute and DuckDB, on tables of the events.

Each peer holds the same events as the timeline, in its order, as columns: ``id``,
``earliest`` and ``latest`` as int64 UTC microseconds (the timeline's own sort key, so that
every peer finds exactly the events the timeline finds), ``title``, ``when`` (EDTF text),
``summary``, ``actors`` and ``tags`` as lists of text, and ``country``. A peer that is not
installed is left out (``pip install -e '.[bench]'`` installs them all).

Every query returns the ids of what it finds, materialised (a numpy array, an Arrow array, a
polars Series, a list of rows), as ``Timeline`` returns its events.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from geotimeline import Timeline

#: DuckDB and polars use this many threads, the machine's cores the suite is tuned for.
THREADS = 2
# polars reads its number of threads when first imported.
os.environ.setdefault("POLARS_MAX_THREADS", str(THREADS))
COLUMNS = ("id", "earliest", "latest", "title", "when", "summary", "actors", "country", "tags")
#: The columns a diff compares (all but the id it pairs on).
COMPARED = ("earliest", "latest", "title", "when", "summary", "actors", "country", "tags")

Query = Callable[[int, int], object]


def optional(name: str) -> Any:
    """The module ``name``, or None when it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def columns(timeline: Timeline) -> dict[str, list[Any]]:
    """The events of ``timeline`` as plain lists, one per column, in the timeline's order."""
    events = list(timeline)
    places = [event.place for event in events]
    return {
        "id": [event.id for event in events],
        "earliest": [event.span[0] for event in events],
        "latest": [event.span[1] for event in events],
        "title": [event.title for event in events],
        "when": [str(event.when) for event in events],
        "summary": [event.summary for event in events],
        "actors": [list(event.actors) for event in events],
        "country": [None if place is None else place.country for place in places],
        "tags": [list(event.tags) for event in events],
    }


def arrow_table(plain: dict[str, list[Any]]) -> Any:
    import pyarrow as pa

    types = {"earliest": pa.int64(), "latest": pa.int64()}
    return pa.table({name: pa.array(values, types.get(name)) for name, values in plain.items()})


class Peers:
    """The events of one timeline in every installed peer, and their queries."""

    def __init__(self, timeline: Timeline) -> None:
        self.plain = columns(timeline)
        self.numpy = optional("numpy")
        self.pa, self.pc = optional("pyarrow"), optional("pyarrow.compute")
        self.pl, self.duckdb = optional("polars"), optional("duckdb")
        self.arrow = arrow_table(self.plain) if self.pa is not None else None
        self.polars = self.pl.from_arrow(self.arrow) if self.pl and self.arrow else None
        self.connection = self._connect() if self.duckdb and self.arrow else None
        if self.numpy is not None:
            np = self.numpy
            self.starts = np.array(self.plain["earliest"], dtype=np.int64)
            self.ends = np.array(self.plain["latest"], dtype=np.int64)
            self.ids = np.array(self.plain["id"], dtype=object)

    def _connect(self) -> Any:
        connection = self.duckdb.connect()
        connection.execute(f"SET threads = {THREADS}")
        connection.register("events_arrow", self.arrow)
        # A table of DuckDB's own, not a view of the Arrow one: stored as DuckDB stores data.
        connection.execute("CREATE TABLE events AS SELECT * FROM events_arrow")
        connection.unregister("events_arrow")
        return connection

    def missing(self) -> list[str]:
        names = {"numpy": self.numpy, "pyarrow": self.pa, "polars": self.pl, "duckdb": self.duckdb}
        return [name for name, module in names.items() if module is None]

    # -- events that start in a window ----------------------------------------------------

    def window_queries(self) -> dict[str, Query]:
        """Each peer's ids of the events that start in [low, high]."""
        queries: dict[str, Query] = {}
        if self.numpy is not None:
            starts, ids = self.starts, self.ids

            def searchsorted(low: int, high: int) -> object:
                first, last = starts.searchsorted(low, "left"), starts.searchsorted(high, "right")
                return ids[first:last].copy()

            queries["numpy searchsorted on the sorted column"] = searchsorted
        if self.polars is not None:
            frame, pl = self.polars.with_columns(self.pl.col("earliest").set_sorted()), self.pl
            queries["polars filter(is_between), sorted column"] = lambda low, high: frame.filter(
                pl.col("earliest").is_between(low, high)
            )["id"]
        if self.arrow is not None:
            queries["pyarrow.compute mask + filter"] = self._arrow_query(
                lambda low, high: self.pc.and_(
                    self.pc.greater_equal(self.arrow["earliest"], low),
                    self.pc.less_equal(self.arrow["earliest"], high),
                )
            )
        if self.connection is not None:
            queries["DuckDB SELECT id WHERE earliest BETWEEN"] = self._duckdb_query(
                "SELECT id FROM events WHERE earliest BETWEEN $1 AND $2"
            )
        return queries

    # -- what was going on at a day -------------------------------------------------------

    def stab_queries(self) -> dict[str, Query]:
        """Each peer's ids of the events whose span meets [low, high]."""
        queries: dict[str, Query] = {}
        if self.numpy is not None:
            starts, ends, ids = self.starts, self.ends, self.ids
            queries["numpy boolean mask"] = lambda low, high: ids[(starts <= high) & (ends >= low)]
        if self.polars is not None:
            frame, pl = self.polars, self.pl
            queries["polars filter"] = lambda low, high: frame.filter(
                (pl.col("earliest") <= high) & (pl.col("latest") >= low)
            )["id"]
        if self.arrow is not None:
            queries["pyarrow.compute mask + filter"] = self._arrow_query(
                lambda low, high: self.pc.and_(
                    self.pc.less_equal(self.arrow["earliest"], high),
                    self.pc.greater_equal(self.arrow["latest"], low),
                )
            )
        if self.connection is not None:
            queries["DuckDB SELECT id WHERE span meets day"] = self._duckdb_query(
                "SELECT id FROM events WHERE earliest <= $2 AND latest >= $1"
            )
        return queries

    # -- one actor in a window ------------------------------------------------------------

    def actor_queries(self, actor: str) -> dict[str, Query]:
        """Each peer's ids of the events of ``actor`` whose span meets [low, high]."""
        queries: dict[str, Query] = {}
        if self.polars is not None:
            frame, pl = self.polars, self.pl
            queries["polars filter(list.contains)"] = lambda low, high: frame.filter(
                pl.col("actors").list.contains(actor)
                & (pl.col("earliest") <= high)
                & (pl.col("latest") >= low)
            )["id"]
        if self.connection is not None:
            select = self._duckdb_query(
                "SELECT id FROM events WHERE list_contains(actors, $3) "
                "AND earliest <= $2 AND latest >= $1"
            )
            queries["DuckDB SELECT id WHERE list_contains"] = lambda low, high: select(
                low, high, actor
            )
        return queries

    def _arrow_query(self, mask: Callable[[int, int], Any]) -> Query:
        ids = self.arrow["id"]
        return lambda low, high: self.pc.filter(ids, mask(low, high))

    def _duckdb_query(self, sql: str) -> Callable[..., object]:
        connection = self.connection
        return lambda *values: connection.execute(sql, list(values)).fetchall()


# -- the events of two timelines compared -------------------------------------------------


def diffs(old: Peers, new: Peers) -> dict[str, Callable[[], tuple[Any, Any, Any]]]:
    """Each peer's (removed, added, changed) ids between two versions of the events."""
    found: dict[str, Callable[[], tuple[Any, Any, Any]]] = {}
    if old.connection is not None:
        connection = old.duckdb.connect()
        connection.execute(f"SET threads = {THREADS}")
        for name, peers in (("old", old), ("new", new)):
            connection.register(f"{name}_arrow", peers.arrow)
            connection.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")
            connection.unregister(f"{name}_arrow")
        found["DuckDB anti joins + join on id"] = lambda: _duckdb_diff(connection)
    if old.polars is not None:
        found["polars anti joins + join on id"] = lambda: _polars_diff(
            old.pl, old.polars, new.polars
        )
    if old.arrow is not None:
        flat_old, flat_new = _flat(old.pa, old.arrow), _flat(old.pa, new.arrow)
        found["pyarrow joins (lists as text)"] = lambda: _arrow_diff(old.pc, flat_old, flat_new)
    return found


def _duckdb_diff(connection: Any) -> tuple[Any, Any, Any]:
    differs = " OR ".join(f"o.{name} IS DISTINCT FROM n.{name}" for name in COMPARED)
    removed = connection.execute("SELECT id FROM old ANTI JOIN new USING (id)").fetchall()
    added = connection.execute("SELECT id FROM new ANTI JOIN old USING (id)").fetchall()
    changed = connection.execute(
        f"SELECT o.id FROM old o JOIN new n ON o.id = n.id WHERE {differs}"
    ).fetchall()
    return removed, added, changed


def _polars_diff(pl: Any, old: Any, new: Any) -> tuple[Any, Any, Any]:
    removed = old.join(new, on="id", how="anti")["id"]
    added = new.join(old, on="id", how="anti")["id"]
    both = old.join(new, on="id", how="inner", suffix="_new")
    differs = pl.any_horizontal(
        [pl.col(name).ne_missing(pl.col(f"{name}_new")) for name in COMPARED]
    )
    return removed, added, both.filter(differs)["id"]


def _flat(pa: Any, table: Any) -> Any:
    """The table with its lists joined into text: pyarrow compares no lists."""
    import pyarrow.compute as pc

    for name in ("actors", "tags"):
        joined = pc.binary_join(table[name], "\x1f")
        table = table.set_column(table.schema.get_field_index(name), name, joined)
    return table


def _arrow_diff(pc: Any, old: Any, new: Any) -> tuple[Any, Any, Any]:
    removed = old.join(new.select(["id"]), "id", join_type="left anti")["id"]
    added = new.join(old.select(["id"]), "id", join_type="left anti")["id"]
    both = old.join(new, "id", join_type="inner", right_suffix="_new")
    differs = None
    for name in COMPARED:
        mine, theirs = both[name], both[f"{name}_new"]
        unequal = pc.fill_null(pc.not_equal(mine, theirs), False)
        one_missing = pc.xor(pc.is_null(mine), pc.is_null(theirs))
        column = pc.or_(unequal, one_missing)
        differs = column if differs is None else pc.or_(differs, column)
    return removed, added, pc.filter(both["id"], differs)


# -- loading the same columns --------------------------------------------------------------


def parquet_loads(peers: Peers, path: Path) -> dict[str, Callable[[], object]]:
    """Each peer's load of a Parquet file of the columns, written to ``path`` here."""
    if peers.arrow is None:
        return {}
    import pyarrow.parquet as pq

    pq.write_table(peers.arrow, path)
    loads: dict[str, Callable[[], object]] = {
        "pyarrow.parquet.read_table": lambda: pq.read_table(path)
    }
    if peers.pl is not None:
        loads["polars.read_parquet"] = lambda: peers.pl.read_parquet(path)
    if peers.duckdb is not None:
        connection = peers.duckdb.connect()
        connection.execute(f"SET threads = {THREADS}")
        loads["DuckDB CREATE TABLE AS read_parquet"] = lambda: connection.execute(
            "CREATE OR REPLACE TABLE loaded AS SELECT * FROM read_parquet($1)", [str(path)]
        )
    return loads


def ids_of(found: object) -> list[str]:
    """The ids a peer's query found, as a sorted list, whatever the peer returned."""
    if isinstance(found, list):  # DuckDB rows
        return sorted(row[0] for row in found)
    for method in ("to_pylist", "to_list", "tolist"):  # Arrow, polars, numpy
        to_list: Callable[[], Sequence[Any]] | None = getattr(found, method, None)
        if to_list is not None:
            return sorted(to_list())
    raise TypeError(f"cannot read the ids of a {type(found).__name__}")
