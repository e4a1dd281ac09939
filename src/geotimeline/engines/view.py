"""A lazy view of a timeline kept in Parquet, queried by an engine with the in-memory API.

:func:`open` gives a :class:`TimelineView` of a Parquet file or dataset written by
:mod:`geotimeline.io.parquet`. A view has the methods of :class:`~geotimeline.query.Query`
(the same names, arguments, defaults and modes), and each adds a filter; nothing is read
until a result is asked for. Then the filters are translated for the engine
(:mod:`geotimeline.engines.translate`), which reads only the matching rows; what it cannot
decide (``near``'s distance, ``matching``, ``satisfying``) is checked in Python on the rows it
gives, with the in-memory filters themselves. Results come in timeline order
(``ORDER BY order_start, order_end, id``), as in memory.

>>> import pathlib, tempfile
>>> import geotimeline
>>> from geotimeline import examples
>>> from geotimeline.io import parquet
>>> seed = examples.load("seed")
>>> folder = tempfile.TemporaryDirectory()
>>> parquet.write(seed, pathlib.Path(folder.name, "seed.parquet"))
>>> view = geotimeline.open(pathlib.Path(folder.name, "seed.parquet"))
>>> view.during("2017").involving("Russia").in_country("SY").count()
1
>>> view.during("2017").ids() == list(seed.query().during("2017").timeline().ids())
True
>>> {year: n for year, n in view.group_by("year").count().items()}
{'2013': 1, '2014': 4, '2015': 1, '2017': 17}
>>> folder.cleanup()
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from geotimeline.engines import duckdb as embedded
from geotimeline.engines import spark
from geotimeline.engines.engine import Engine
from geotimeline.engines.translate import Translation, translate, translates
from geotimeline.errors import FormatError, InvalidFieldError, naming_missing_extras, shown
from geotimeline.events.event import Event
from geotimeline.events.keys import fold
from geotimeline.io import parquet
from geotimeline.io._event_json import Structurer
from geotimeline.query.by_time import Mode
from geotimeline.query.chaining import Filtering
from geotimeline.query.filters import Filter
from geotimeline.time.zones import check_zone
from geotimeline.timeline.timeline import Timeline

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd
    import pyarrow as pa

    from geotimeline.diffing.timeline_diff import Match, TimelineDiff
    from geotimeline.engines.joins import RelatedPairs, SnapshotDiff

__all__ = ["DEFAULT_LIMIT", "TimelineView", "ViewGroups", "open"]

#: How many events :meth:`TimelineView.to_timeline` makes into a timeline unless told more.
DEFAULT_LIMIT: Final = 1_000_000
#: The engines :func:`open` knows.
ENGINES: Final = ("duckdb", "spark")

_ORDER: Final = list(parquet.ORDER_COLUMNS)
_GROUP_KEYS: Final = ("year", "month", "actor", "country", "tag")


@attrs.frozen
class _Source:
    """Where a view reads: the engine, its table of the layout, and the timeline's title."""

    engine: Engine = attrs.field(repr=False)
    table: ir.Table
    name: str
    title: str | None = None
    description: str | None = None


@naming_missing_extras
def open(
    source: str | os.PathLike[str] | Any,
    *,
    table: str | None = None,
    engine: Literal["duckdb", "spark"] | None = None,
    connection: Any = None,
    memory_limit: str | None = None,
    temp_directory: str | os.PathLike[str] | None = None,
    master: str | None = None,
) -> TimelineView:
    """A lazy view of the timeline in a Parquet file or dataset, or in an engine's table.

    ``source`` is a path (a ``.parquet`` file, a dataset's folder, or a glob of files), or a
    connection that holds a table of the layout named ``table``: an Ibis DuckDB backend, a
    ``duckdb`` connection, or a ``SparkSession``. ``connection`` reads a path through a
    connection of yours. The engine is that of the connection, else ``engine``: DuckDB
    unless told ``"spark"``.

    Without a connection, DuckDB gets a new in-process connection with ``memory_limit`` and
    ``temp_directory`` (see :mod:`geotimeline.engines.duckdb` for the defaults), and Spark the
    process's active session, or a new one on ``master`` (``local[2]`` unless given; see
    :mod:`geotimeline.engines.spark`).

    Raises :class:`~geotimeline.errors.FormatError` for a path that holds no geotimeline
    Parquet files, and :class:`~geotimeline.errors.MissingDependencyError` naming the
    ``duckdb`` or ``spark`` extra when the engine, Ibis or pyarrow is not installed.

    Runtime complexity: O(1) reads (each file's schema); queries run when a result is read.
    """
    given = connection if connection is not None else _connection_in(source)
    chosen = _engine_name(engine, given)
    _require(chosen)  # before any file is read: a missing engine is named first
    if given is not None and given is not connection:
        if table is None:
            raise InvalidFieldError("table", table, "must name the table of a connection")
        runner = _engine(chosen, given, memory_limit, temp_directory, master)
        return TimelineView(_Source(runner, runner.table(table), table))
    path = os.fspath(source)
    files = _files(path)
    header = parquet._timeline_header(files[0] if any(c in path for c in "*?[") else path)
    runner = _engine(chosen, connection, memory_limit, temp_directory, master)
    # A name of its own, so that views opened through one connection do not replace each other.
    name = table or f"geotimeline_events_{uuid.uuid4().hex[:12]}"
    return TimelineView(
        _Source(
            runner,
            runner.parquet_table(files, name),
            path,
            header.get("title"),
            header.get("description"),
        )
    )


def _connection_in(source: Any) -> Any:
    """``source`` when it is a connection rather than a path, else None."""
    return None if isinstance(source, str | os.PathLike) else source


def _engine_name(engine: str | None, connection: Any) -> str:
    """The engine asked for: that of ``connection`` where one is given, else ``engine``."""
    if engine is not None and engine not in ENGINES:
        raise InvalidFieldError("engine", engine, f"is not one of {', '.join(ENGINES)}")
    found = None if connection is None else _engine_of_connection(connection)
    if engine is not None and found is not None and engine != found:
        raise InvalidFieldError("engine", engine, f"does not run a {found} connection")
    return found or engine or "duckdb"


def _engine_of_connection(connection: Any) -> str:
    # Told apart by the connection's module, so that neither engine is imported to ask.
    module = type(connection).__module__ or ""
    return "spark" if module.partition(".")[0] == "pyspark" else "duckdb"


def _require(engine: str) -> None:
    if engine == "spark":
        spark.require()
    else:
        embedded.require()


def _engine(
    engine: str,
    connection: Any,
    memory_limit: str | None,
    temp_directory: str | os.PathLike[str] | None,
    master: str | None,
) -> Engine:
    if engine == "spark":
        for option, value in (("memory_limit", memory_limit), ("temp_directory", temp_directory)):
            if value is not None:
                raise InvalidFieldError(option, value, "is DuckDB's: Spark's are its session's")
        session = connection if connection is not None else spark.session(master=master)
        return spark.Spark(session)
    if master is not None:
        raise InvalidFieldError("master", master, "is Spark's: DuckDB runs in this process")
    backend = (
        embedded.from_connection(connection)
        if connection is not None
        else embedded.connect(memory_limit=memory_limit, temp_directory=temp_directory)
    )
    return embedded.DuckDB(backend)


def _files(path: str) -> list[str]:
    """The data files a path names: itself, a dataset's files, or a glob's."""
    if any(char in path for char in "*?["):
        import glob

        files = sorted(glob.glob(path, recursive=True))
    else:
        files = parquet._data_files(path)
        common = os.path.join(path, "_common_metadata")
        if not files and os.path.isfile(common):
            files = [common]  # an empty dataset: its schema, and no rows
    if not files:
        raise FormatError(path, None, "holds no Parquet files")
    return files


@attrs.frozen
class TimelineView(Filtering):
    """The events of a timeline in an engine that pass a filter: a :class:`Query`, lazily.

    Made by :func:`open`; each method returns a new view with one more filter, as
    :class:`~geotimeline.query.Query`'s do. Read it with :meth:`count`, :meth:`ids`,
    :meth:`group_by`, iteration, :meth:`to_arrow`, :meth:`to_pandas` or :meth:`to_timeline`:
    each reads the engine afresh.
    """

    source: _Source = attrs.field(repr=False)
    filter: Filter | None = None
    mode: Mode = "possible"
    #: The IANA time zone in which its time filters read date-only bounds; None for UTC.
    zone: str | None = attrs.field(default=None, converter=attrs.converters.optional(check_zone))

    # -- reading -------------------------------------------------------------------------------

    def _plan(self) -> tuple[ir.Table, Filter | None]:
        """The engine's table of candidates, and the filter left for Python."""
        table = self.source.table
        plan: Translation = translate(self.filter, table)
        return (table if plan.where is None else table.filter(plan.where)), plan.rest

    @naming_missing_extras
    def count(self) -> int:
        """How many events match: counted by the engine, or, where a filter is checked in
        Python, over the candidates the engine gives.

        Runtime complexity: what the engine takes to count, plus O(c) for c candidates with
        a filter checked in Python.
        """
        candidates, rest = self._plan()
        if rest is None:
            return self.source.engine.count(candidates)
        return sum(1 for _ in self._events(candidates, rest))

    @naming_missing_extras
    def ids(self) -> list[str]:
        """The ids of the matching events, in timeline order."""
        candidates, rest = self._plan()
        if rest is None:
            return [row["id"] for row in self._in_order(candidates.select(*_ORDER))]
        return [event.id for event in self._events(candidates, rest)]

    def __iter__(self) -> Iterator[Event]:
        """The matching events in timeline order, read a batch at a time."""
        candidates, rest = self._plan()
        return self._events(candidates, rest)

    def _events(self, candidates: ir.Table, rest: Filter | None) -> Iterator[Event]:
        structurer = Structurer(self.source.name)
        for row in self._in_order(candidates):
            event = parquet.event_of(row, structurer, f"row {shown(row['id'])}")
            if rest is None or rest.matches(event):
                yield event

    @property
    def first(self) -> Event | None:
        """The earliest matching event, or None."""
        return next(iter(self), None)

    @property
    def last(self) -> Event | None:
        """The latest matching event, or None."""
        candidates, rest = self._plan()
        if rest is not None:
            found = None
            for found in self._events(candidates, rest):  # noqa: B007  (the last one is kept)
                pass
            return found
        latest = candidates.order_by([candidates[name].desc() for name in _ORDER]).limit(1)
        rows = list(self._rows(latest))
        return parquet.event_of(rows[0], Structurer(self.source.name)) if rows else None

    @naming_missing_extras
    def to_arrow(self) -> pa.Table:
        """The matching rows, every column of the layout, in timeline order, as a pyarrow table."""
        candidates, rest = self._plan()
        rows = self.source.engine.arrow(candidates.order_by(_ORDER))
        if rest is None:
            return rows
        structurer = Structurer(self.source.name)
        keep = [rest.matches(parquet.event_of(row, structurer)) for row in rows.to_pylist()]
        import pyarrow

        return rows.filter(pyarrow.array(keep, type=pyarrow.bool_()))

    @naming_missing_extras
    def to_pandas(self) -> pd.DataFrame:
        """:meth:`to_arrow` as a pandas data frame."""
        frame: pd.DataFrame = self.to_arrow().to_pandas()
        return frame

    @naming_missing_extras
    def to_timeline(self, limit: int = DEFAULT_LIMIT) -> Timeline:
        """The matching events as an in-memory :class:`Timeline` (with the source's title),
        refused with an ``InvalidFieldError`` naming ``limit`` when more than ``limit`` match:
        before they are read, where the engine counts them.
        """
        candidates, rest = self._plan()
        if rest is None:
            total = self.source.engine.count(candidates)
            if total > limit:
                raise _over_limit(limit, f"{total} events match")
        events = []
        for event in self._events(candidates, rest):
            events.append(event)
            if len(events) > limit:
                raise _over_limit(limit, f"more than {limit} events match")
        return Timeline(events, title=self.source.title, description=self.source.description)

    @naming_missing_extras
    def group_by(self, key: str) -> ViewGroups:
        """The matching events in groups, as :meth:`Timeline.group_by` makes them (the same
        keys, names and order of groups): a mapping of name to view, with :meth:`count`.
        """
        if key not in _GROUP_KEYS:
            raise InvalidFieldError(
                "key", key, "must be one of 'year', 'month', 'actor', 'country', 'tag'"
            )
        return ViewGroups(self, key, _group_counts(self, key))

    def _rows(self, table: ir.Table) -> Iterator[dict[str, Any]]:
        for batch in self.source.engine.arrow_batches(table, parquet.BATCH_SIZE):
            yield from batch.to_pylist()

    def _in_order(self, table: ir.Table) -> Iterator[dict[str, Any]]:
        """The rows of ``table`` in timeline order, read a batch at a time: the engine's
        :meth:`~geotimeline.engines.engine.Engine.ordered_batches`, which Spark reads in pages.
        """
        engine = self.source.engine
        for batch in engine.ordered_batches(table, _ORDER, parquet.BATCH_SIZE):
            yield from batch.to_pylist()

    def __repr__(self) -> str:
        zone = "" if self.zone is None else f", zone {self.zone!r}"
        return f"<TimelineView of {self.source.name}: {self.filter!r}, mode {self.mode!r}{zone}>"

    # -- two views (see geotimeline.engines.joins) ---------------------------------------------

    @property
    def connection(self) -> Any:
        """The engine connection this view reads through: give it to :func:`open` as
        ``connection`` to open another view that can be diffed or joined with this one.
        """
        from geotimeline.engines import joins

        return joins.connection_of(self)

    def diff(
        self, new: TimelineView, match: Match = "id", *, limit: int | None = None
    ) -> TimelineDiff | SnapshotDiff:
        """What changed from this view to ``new``: :func:`geotimeline.engines.diff`."""
        from geotimeline.engines import joins

        chosen = joins.DEFAULT_DIFF_LIMIT if limit is None else limit
        return joins.diff(self, new, match, limit=chosen)

    def related_to(
        self, other: TimelineView, *names: str, mode: Mode | None = None
    ) -> RelatedPairs:
        """The pairs of this view's events and ``other``'s that stand in any of the named
        relations, in this view's mode unless given: :func:`geotimeline.engines.pairs`.
        """
        from geotimeline.engines import joins

        return joins.pairs(self, other, *names, mode=self._mode(mode))


def _over_limit(limit: int, found: str) -> InvalidFieldError:
    return InvalidFieldError("limit", limit, f"is exceeded: {found}; narrow the view or raise it")


# -- groups ------------------------------------------------------------------------------------

# The column each group key reads, and whether it holds a list of names.
_GROUP_COLUMNS: Final = {
    "year": ("year", False),
    "month": ("month", False),
    "actor": ("actors", True),
    "tag": ("tags", True),
    "country": ("place_country", False),
}


@attrs.frozen
class InGroup(Filter):
    """Events in the group ``name`` of ``key`` (see :meth:`Timeline.group_by`)."""

    key: str
    name: str

    def matches(self, event: Event) -> bool:
        return self.name in _group_names(self.key, parquet.row_of(event))


@translates(InGroup)
def _in_group(where: InGroup, table: ir.Table) -> Translation:
    column, listed = _GROUP_COLUMNS[where.key]
    found = table[column].contains(where.name) if listed else table[column] == where.name
    return Translation(found.fill_null(False), None)


def _group_names(key: str, row: Mapping[str, Any]) -> list[str]:
    column, listed = _GROUP_COLUMNS[key]
    value = row[column]
    if listed:
        return list(value or [])
    return [] if value is None else [value]


@attrs.frozen
class ViewGroups(Mapping[str, TimelineView]):
    """The groups of a view: names in the order :meth:`Timeline.group_by` gives them, each a
    view of its events.
    """

    view: TimelineView
    key: str
    counts: dict[str, int]

    def count(self) -> dict[str, int]:
        """How many events each group holds, in the order of the groups."""
        return dict(self.counts)

    def __getitem__(self, name: str) -> TimelineView:
        if name not in self.counts:
            raise KeyError(name)
        return self.view.where(InGroup(self.key, name))

    def __iter__(self) -> Iterator[str]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)


def _group_counts(view: TimelineView, key: str) -> dict[str, int]:
    """Each group's name and size, in the order of :meth:`Timeline.group_by`: time order of
    the groups' first events for a year or month, folded names otherwise.
    """
    candidates, rest = view._plan()
    if rest is not None:
        return _group_counts_in_python(view, candidates, rest, key)
    import ibis

    column, listed = _GROUP_COLUMNS[key]
    if key in ("year", "month"):
        first = ibis.struct({name: candidates[name] for name in _ORDER})
        found = candidates.group_by(column).aggregate(size=candidates.count(), first=first.min())
        rows = list(view._rows(found))
        rows.sort(key=lambda row: tuple(row["first"][name] for name in _ORDER))
        return {row[column]: row["size"] for row in rows}
    names = candidates.select(name=candidates[column].unnest() if listed else candidates[column])
    named = names.filter(names.name.notnull())
    sizes = named.group_by("name").aggregate(size=named.count())
    return _by_folded_name({row["name"]: row["size"] for row in view._rows(sizes)})


def _group_counts_in_python(
    view: TimelineView, candidates: ir.Table, rest: Filter, key: str
) -> dict[str, int]:
    counts: dict[str, int] = {}
    structurer = Structurer(view.source.name)
    for row in view._in_order(candidates):
        if rest.matches(parquet.event_of(row, structurer)):
            for name in _group_names(key, row):
                counts[name] = counts.get(name, 0) + 1
    if key in ("year", "month"):
        return counts  # first seen, in timeline order: the groups' time order
    return _by_folded_name(counts)


def _by_folded_name(counts: dict[str, int]) -> dict[str, int]:
    return {name: counts[name] for name in sorted(counts, key=lambda name: (fold(name), name))}
