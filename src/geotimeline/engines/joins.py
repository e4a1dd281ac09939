"""Two lazy views at once, run by the engine: the diff of two snapshots, and the pairs of
events that stand in an Allen relation.

Both read two :class:`~geotimeline.engines.TimelineView` of one connection: open the second
through the first's, ``geotimeline.open(path, connection=first.connection)``; views of two
connections are refused (an engine joins only the tables it holds). Either view may carry
filters: what is compared is what each view gives.

- :func:`diff` joins the snapshots on ``id`` (a full outer join) and compares the rows'
  ``content_hash``: only the rows added, removed or whose hash differs are read, and made
  into events, and the in-memory :func:`geotimeline.diff` compares those, so that the result
  is the :class:`~geotimeline.diffing.TimelineDiff` it gives for the whole timelines. Above
  ``limit`` such rows, a :class:`SnapshotDiff` holds the counts, and reads the ids on demand.
  The join carries the ids and hashes alone: the rows' places in order are read, for the
  differing ids only, when the ids are asked for.
- :func:`pairs` joins the views on the inequalities of a relation, generated from the
  relation table by :mod:`geotimeline.engines.allen`: one join for each pair of shapes
  (point or span) the sides may have, each a conjunction of inequalities between the bound
  columns, which DuckDB plans as an inequality join (``IE_JOIN``) where both sides hold more
  than its ``merge_join_threshold`` of rows (a thousand), and as a merge join otherwise.

>>> import pathlib, tempfile
>>> import geotimeline
>>> from geotimeline import Event, Timeline
>>> from geotimeline.io import parquet
>>> folder = tempfile.TemporaryDirectory()
>>> ceasefire = Event(id="ceasefire", title="Ceasefire", when="2017-07-09/2017-08")
>>> strike = Event(id="strike", title="Air strike", when="2017-07-20", actors=["Russia"])
>>> parquet.write(Timeline([ceasefire]), pathlib.Path(folder.name, "old.parquet"))
>>> parquet.write(Timeline([ceasefire, strike]), pathlib.Path(folder.name, "new.parquet"))
>>> old = geotimeline.open(pathlib.Path(folder.name, "old.parquet"))
>>> new = geotimeline.open(pathlib.Path(folder.name, "new.parquet"), connection=old.connection)
>>> print(diff(old, new))
1 added, 0 removed, 0 changed
+ 2017-07-20  Air strike
>>> pairs(new.involving("Russia"), old, "during").ids()
[('strike', 'ceasefire')]
>>> folder.cleanup()
"""

from __future__ import annotations

import contextlib
import uuid
import weakref
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from geotimeline.diffing.changes import TIMELINE_FIELDS, DiffSummary, FieldChange
from geotimeline.diffing.timeline_diff import Match, TimelineDiff
from geotimeline.diffing.timeline_diff import diff as diff_timelines
from geotimeline.engines import allen
from geotimeline.engines import duckdb as embedded
from geotimeline.engines.translate import render
from geotimeline.engines.view import TimelineView
from geotimeline.errors import InvalidFieldError, naming_missing_extras
from geotimeline.io import parquet
from geotimeline.io._event_json import Structurer
from geotimeline.query.by_time import Mode, check_mode
from geotimeline.time.relations import FAMILIES, RELATIONS
from geotimeline.timeline.timeline import Timeline

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

__all__ = ["DEFAULT_DIFF_LIMIT", "RelatedPairs", "SnapshotDiff", "diff", "pairs"]

#: How many added, removed and changed events :func:`diff` makes into a ``TimelineDiff``
#: unless told more: a diff holds both versions of a changed event, about a kilobyte each.
DEFAULT_DIFF_LIMIT: Final = 100_000

_ORDER: Final = parquet.ORDER_COLUMNS
# What the join of two snapshots reads of each row: its id and its hash. Its place in order is
# read later, for the few differing rows whose ids are asked for: carried through the join of
# ten million rows a side, the two order columns made it a fifth to a third slower.
_KEYS: Final = ("id", "content_hash")
# The in-memory database the differing rows of a diff are kept in, beside the connection's.
_SCRATCH: Final = "geotimeline_scratch"
# What the join of two views on a relation gives of each row.
_PAIRED: Final = ("id", "order_start", "order_end")


# -- two views, one connection ---------------------------------------------------------------


def connection_of(view: TimelineView) -> Any:
    """The engine connection that ``view`` reads through: an Ibis DuckDB backend, or a
    ``SparkSession``."""
    return view.source.engine.connection


def _check_duckdb(view: TimelineView, name: str) -> None:
    # The joins are written for DuckDB's inequality join, which open-source Spark lacks.
    if not isinstance(view.source.engine, embedded.DuckDB):
        raise InvalidFieldError(
            name,
            view,
            f"is read by {view.source.engine.name}: diffs and pairs of two views run in "
            "DuckDB only; open both with engine='duckdb'",
        )


def _check_views(first: object, second: object, names: tuple[str, str]) -> None:
    for name, view in zip(names, (first, second), strict=True):
        if not isinstance(view, TimelineView):
            raise InvalidFieldError(name, view, "is not a TimelineView (see geotimeline.open)")
    assert isinstance(first, TimelineView)
    assert isinstance(second, TimelineView)
    for name, view in zip(names, (first, second), strict=True):
        _check_duckdb(view, name)
    if _database(connection_of(first)) is not _database(connection_of(second)):
        raise InvalidFieldError(
            names[1],
            second,
            f"is read through another connection than {names[0]}: open it with "
            f"geotimeline.open(path, connection={names[0]}.connection)",
        )


def _database(backend: Any) -> Any:
    # Two Ibis backends made over one duckdb connection hold the same one.
    return getattr(backend, "con", backend)


def _matching(view: TimelineView) -> ir.Table:
    """The engine's table of the rows ``view`` gives: its candidates, less those that a filter
    checked in Python (``matching``, ``satisfying``, ``near``'s distance) turns down.
    """
    candidates, rest = view._plan()
    if rest is None:
        return candidates
    return _with_ids(candidates, [event.id for event in view])


def _with_ids(table: ir.Table, ids: Sequence[str]) -> ir.Table:
    """The rows of ``table`` whose id is one of ``ids``.

    The ids go into the query as a list of constants (no table of the connection is made for
    them): this is for the events a filter checked in Python lets through, as few as it finds.
    """
    return table.filter(table.id.isin(list(ids))) if ids else table.filter(table.id.isnull())


def _rows(table: ir.Table) -> Iterator[dict[str, Any]]:
    for batch in embedded.arrow_batches(table, parquet.BATCH_SIZE):
        yield from batch.to_pylist()


def _column(table: ir.Table) -> Iterator[Any]:
    for batch in embedded.arrow_batches(table, parquet.BATCH_SIZE):
        yield from batch.column(0).to_pylist()


# -- diff ------------------------------------------------------------------------------------


@attrs.frozen
class SnapshotDiff:
    """A diff of two views too large to hold as events: how many were added, removed and
    changed (``summary``), the timeline's changed title and description, and the ids, read
    from the engine when asked for.

    A changed event is one whose ``content_hash`` differs. Equal events have equal hashes;
    the only unequal hashes of equal events are of metadata numbers that Python calls equal
    and JSON writes differently (``1`` and ``1.0``, ``true`` and ``1``), which the
    ``TimelineDiff`` of a small diff does not count.
    """

    summary: DiffSummary
    timeline_fields: tuple[FieldChange, ...]
    differing: ir.Table = attrs.field(repr=False)
    #: The rows of the old and new views (``"old"``, ``"new"``), where the ids' order is read.
    sides: Mapping[str, ir.Table] = attrs.field(repr=False, eq=False, factory=dict)

    def __bool__(self) -> bool:
        return self.summary.total > 0 or bool(self.timeline_fields)

    @naming_missing_extras
    def added_ids(self) -> Iterator[str]:
        """The ids of the events added, in the new view's timeline order, streamed."""
        return self._ids(self.differing.old_id.isnull(), "new")

    @naming_missing_extras
    def removed_ids(self) -> Iterator[str]:
        """The ids of the events removed, in the old view's timeline order, streamed."""
        return self._ids(self.differing.new_id.isnull(), "old")

    @naming_missing_extras
    def changed_ids(self) -> Iterator[str]:
        """The ids of the events changed, in the old view's timeline order, streamed."""
        both = self.differing.old_id.notnull() & self.differing.new_id.notnull()
        return self._ids(both, "old")

    def _ids(self, kind: ir.BooleanValue, side: str) -> Iterator[str]:
        chosen = self.differing.filter(kind).select(id=self.differing[f"{side}_id"])
        rows = self.sides[side]
        placed = rows.select(*_ORDER).semi_join(chosen, "id")
        return _column(placed.order_by(list(_ORDER)).select("id"))

    def __str__(self) -> str:
        return str(self.summary)


@naming_missing_extras
def diff(
    old: TimelineView,
    new: TimelineView,
    match: Match = "id",
    *,
    limit: int = DEFAULT_DIFF_LIMIT,
) -> TimelineDiff | SnapshotDiff:
    """What changed from the view ``old`` to the view ``new``, worked out by the engine.

    With at most ``limit`` events added, removed or changed, the result is the
    :class:`~geotimeline.diffing.TimelineDiff` that ``geotimeline.diff(old.to_timeline(),
    new.to_timeline(), match)`` gives, made from those events alone. Above it, a
    :class:`SnapshotDiff` of counts and ids, which builds no event; with ``match="content"``
    (which pairs the unmatched events in memory) a diff above the limit is refused with an
    ``InvalidFieldError`` naming ``limit``.

    Raises :class:`~geotimeline.errors.InvalidFieldError` for views of two connections.

    Runtime complexity: one hash join of the two views' ids and hashes in the engine; then
    O(k log k) in Python for k differing events under the limit, nothing above it.
    """
    _check_views(old, new, ("old", "new"))
    if match not in ("id", "content"):
        raise InvalidFieldError("match", match, "must be 'id' or 'content'")
    if type(limit) is not int or limit < 0:  # True is an int to Python, not a limit
        raise InvalidFieldError("limit", limit, "must be a whole number, 0 or more")
    matching = {"old": _matching(old), "new": _matching(new)}
    joined = _differing(_keys(matching["old"], "old"), _keys(matching["new"], "new"))
    # The join runs once, into a table of the differing rows (few beside the snapshots),
    # which the counts, the ids and the events then read.
    differing, drop = _kept(connection_of(old), joined)
    timeline_fields = _timeline_fields(old, new)
    summary = _summary(differing, len(timeline_fields))
    if summary.events <= limit:
        try:
            keys = _arrow(differing.select("old_id", "new_id"))
            return _small_diff(old, new, matching, keys, match)
        finally:
            drop()
    if match == "content":
        drop()
        reason = (
            f"is exceeded: more than {limit} events are added, removed or changed, and "
            "pairing them by content needs them in memory; raise it, or use match='id'"
        )
        raise InvalidFieldError("limit", limit, reason)
    # The table lives as long as the diff that reads its ids holds it.
    return SnapshotDiff(summary, timeline_fields, differing, matching)


def _kept(backend: Any, table: ir.Table) -> tuple[ir.Table, weakref.finalize[Any, Any]]:
    """``table`` computed once into a table of the connection, and what drops it: called, or
    when the table's expression is collected, whichever comes first.

    The table goes to an in-memory database attached for it, not to the connection's own
    (which may be a user's file), and not as a temporary table, which DuckDB shows only to
    the connection that made it, not to the cursors that stream results.
    """
    name = f"geotimeline_diff_{uuid.uuid4().hex[:12]}"
    with embedded.quietly():
        backend.raw_sql(f"ATTACH IF NOT EXISTS ':memory:' AS {_SCRATCH}")
        kept: ir.Table = backend.create_table(name, table, database=(_SCRATCH, "main"))
    drop = weakref.finalize(kept, _drop, backend, f'{_SCRATCH}.main."{name}"')
    drop.atexit = False  # the connection closes at exit, and takes the table with it
    return kept, drop


def _drop(backend: Any, table: str) -> None:
    # Also run when the diff is collected: the connection may be closed by then, and the
    # tables of a closed connection are gone already.
    with contextlib.suppress(Exception):
        backend.raw_sql(f"DROP TABLE IF EXISTS {table}")


def _keys(table: ir.Table, side: str) -> ir.Table:
    return table.select(**{f"{side}_{name}": table[name] for name in _KEYS})


def _differing(old: ir.Table, new: ir.Table) -> ir.Table:
    """The full outer join of two snapshots' keys on id, where a side is missing or the
    hashes differ: ``old_id``, ``new_id`` (one null for an event removed or added) and the
    hashes of both sides.
    """
    joined = old.outer_join(new, old.old_id == new.new_id)
    return joined.filter(
        joined.old_id.isnull()
        | joined.new_id.isnull()
        | (joined.old_content_hash != joined.new_content_hash)
    )


def _small_diff(
    old: TimelineView,
    new: TimelineView,
    matching: dict[str, ir.Table],
    keys: pa.Table,
    match: Match,
) -> TimelineDiff:
    """The in-memory diff of the differing events alone, which is the diff of the views:
    an event whose hash is unchanged is unchanged, and takes part in no pairing by content.
    """
    import ibis
    import pyarrow

    parts = []
    for view, side in ((old, "old"), (new, "new")):
        ids = pyarrow.compute.drop_null(keys.column(f"{side}_id"))
        listed = ibis.memtable(pyarrow.table({"id": ids}))
        # Only the columns an event is made from: the others are derived, and wide.
        rows = matching[side].select(*parquet.PLAIN_COLUMNS).semi_join(listed, "id")
        structurer = Structurer(view.source.name)
        events = [parquet.event_of(row, structurer) for row in _arrow(rows).to_pylist()]
        source = view.source
        parts.append(Timeline(events, title=source.title, description=source.description))
    return diff_timelines(parts[0], parts[1], match)


def _arrow(table: ir.Table) -> pa.Table:
    """The rows of ``table`` (a few: at most a limit), executed by Ibis on the connection."""
    with embedded.quietly():
        rows: pa.Table = table.to_pyarrow()
    return rows


def _summary(differing: ir.Table, timeline_fields: int) -> DiffSummary:
    import ibis

    def number(condition: ir.BooleanValue) -> ir.IntegerScalar:
        return ibis.cases((condition, 1), else_=0).sum()

    added, removed = differing.old_id.isnull(), differing.new_id.isnull()
    counts = differing.aggregate(
        added=number(added), removed=number(removed), changed=number(~added & ~removed)
    )
    row = next(_rows(counts))
    return DiffSummary(
        added=int(row["added"] or 0),
        removed=int(row["removed"] or 0),
        changed=int(row["changed"] or 0),
        timeline=timeline_fields,
    )


def _timeline_fields(old: TimelineView, new: TimelineView) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, getattr(old.source, name), getattr(new.source, name))
        for name in TIMELINE_FIELDS
        if getattr(old.source, name) != getattr(new.source, name)
    )


# -- relations -------------------------------------------------------------------------------


@attrs.frozen
class RelatedPairs:
    """The pairs of ids ``(first, second)`` of events of two views where the first stands in
    a relation to the second, in the first view's timeline order and then the second's;
    read from the engine when asked for, as a view is.
    """

    #: The pairs, unordered: ``first_id``, ``second_id`` and both sides' order columns.
    table: ir.Table = attrs.field(repr=False)

    @naming_missing_extras
    def count(self) -> int:
        """How many pairs there are, counted by the engine (in no order: nothing sorted)."""
        for batch in _joined_batches(self.table.count().as_table()):
            return int(batch.column(0)[0].as_py())
        return 0  # pragma: no cover  (a count is one row)

    def _ordered(self) -> ir.Table:
        order = [f"{side}_{name}" for side in ("first", "second") for name in _ORDER]
        return self.table.order_by(order).select("first_id", "second_id")

    @naming_missing_extras
    def ids(self) -> list[tuple[str, str]]:
        """Every pair, as a list."""
        return list(self)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """The pairs, streamed a batch at a time."""
        for batch in _joined_batches(self._ordered()):
            yield from zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True)

    @naming_missing_extras
    def explain(self) -> str:
        """DuckDB's plan for counting the pairs, as ``EXPLAIN`` prints it: where both sides
        are more than a few rows, each join is an ``IE Join``.
        """
        with _join_cursor(self.table.count().as_table()) as (cursor, sql), embedded.quietly():
            return "\n".join(str(row[1]) for row in cursor.execute("EXPLAIN " + sql).fetchall())

    @naming_missing_extras
    def to_arrow(self) -> pa.Table:
        """The pairs as a pyarrow table of ``first_id`` and ``second_id``."""
        import pyarrow

        schema = pyarrow.schema([("first_id", pyarrow.string()), ("second_id", pyarrow.string())])
        return pyarrow.Table.from_batches(list(_joined_batches(self._ordered())), schema)


#: What a join's cursor sets: an inequality join wherever one applies. DuckDB's own rule
#: takes a merge join on one condition when a side has at most 1,000 rows, which checks
#: every other condition on half of all pairs: 30 s where the inequality join took 5, for
#: a million events and 2,000 ceasefires.
_JOIN_SETTINGS: Final = ("SET merge_join_threshold = 0",)


def _joined_batches(table: ir.Table) -> Iterator[pa.RecordBatch]:
    """The rows of ``table`` streamed from a cursor of its own, with :data:`_JOIN_SETTINGS`."""
    with _join_cursor(table) as (cursor, sql), embedded.quietly():
        yield from cursor.sql(sql).to_arrow_reader(parquet.BATCH_SIZE)


@contextlib.contextmanager
def _join_cursor(table: ir.Table) -> Iterator[tuple[Any, str]]:
    """A cursor with :data:`_JOIN_SETTINGS` (a cursor's settings are its own: the view's
    connection is left as it is), and the SQL of ``table``.
    """
    import duckdb
    import ibis

    with embedded.quietly():
        sql = str(ibis.to_sql(table, dialect="duckdb"))
    cursor = table.get_backend().con.cursor()
    try:
        for setting in _JOIN_SETTINGS:
            with contextlib.suppress(duckdb.Error):  # a DuckDB without the setting
                cursor.execute(setting)
        yield cursor, sql
    finally:
        cursor.close()


@naming_missing_extras
def pairs(
    first: TimelineView, second: TimelineView, *names: str, mode: Mode = "possible"
) -> RelatedPairs:
    """The pairs of events, one of each view, where the one of ``first`` stands in any of the
    named Allen relations or families (as :meth:`~geotimeline.query.Query.related` takes
    them) to the one of ``second``: possibly, or with ``mode="certain"`` certainly, exactly
    as :func:`geotimeline.relations.possibly` and ``certainly`` decide for two events.

    Raises :class:`~geotimeline.errors.InvalidFieldError` for an unknown relation or mode,
    and for views of two connections.

    Runtime complexity: the engine's inequality joins, about O((n + m) log(n + m) + p) for
    views of n and m events and p pairs.
    """
    _check_views(first, second, ("first", "second"))
    relations = _relations(names)
    check_mode(mode)
    import ibis

    # Each side as it is, not a projection of it: a relation used twice in one query
    # becomes a common table expression, which DuckDB materializes.
    left, right = _matching(first), _matching(second).view()
    cases = allen.shape_cases("first_", "second_", relations, mode)
    joins = [_join(left, right, case) for case in cases if case.possible is not False]
    if not joins:  # the relation holds for no pair of shapes: no pairs at all
        joins = [_join(left, right, None)]
    return RelatedPairs(joins[0] if len(joins) == 1 else ibis.union(*joins))


def _relations(names: Sequence[str]) -> frozenset[str]:
    """The relation names that ``names`` (relations and families) stand for."""
    if not names:
        raise InvalidFieldError("relation", names, "needs at least one relation name")
    found: set[str] = set()
    for name in names:
        if name in FAMILIES:
            found |= FAMILIES[name]
        elif name in RELATIONS:
            found.add(name)
        else:
            known = ", ".join([*RELATIONS, *FAMILIES])
            raise InvalidFieldError("relation", name, f"is not one of {known}")
    return frozenset(found)


@attrs.frozen
class _Sides:
    """The columns of two tables by the names the join's predicates give them, ``first_...``
    and ``second_...``: what :func:`~geotimeline.engines.translate.render` reads.
    """

    first: ir.Table
    second: ir.Table

    def __getitem__(self, name: str) -> ir.Column:
        side, _, column = name.partition("_")
        return (self.first if side == "first" else self.second)[column]


def _join(left: ir.Table, right: ir.Table, case: allen.ShapeCase | None) -> ir.Table:
    """The pairs of one case of shapes (None: no pairs): joined on the inequalities that a
    possible relation implies between the sides, and on the exact predicate.
    """
    import ibis

    sides: Any = _Sides(left, right)  # read as a table by render()
    if case is None:
        conditions = [ibis.literal(False)]
    else:
        # The inequalities of one strict step first (the relation's own constraints, such as
        # S2 < S1 and E1 < E2 for "during"), then those of longer chains: DuckDB's
        # inequality join sorts by its first two conditions and checks the others on each
        # pair, and the longer chains are the looser bounds.
        bounds = sorted(allen.implied(case.possible), key=lambda atom: atom.gap)
        parts = (*bounds, case.shapes, case.held)
        conditions = [render(part, sides) for part in _flat(parts)]
    joined = left.join(right, conditions, lname="first_{name}", rname="second_{name}")
    return joined.select(*(f"{side}_{name}" for side in ("first", "second") for name in _PAIRED))


def _flat(parts: Sequence[allen.Predicate]) -> list[allen.Predicate]:
    flat: list[allen.Predicate] = []
    for part in parts:
        if isinstance(part, allen.All):
            flat.extend(part.parts)
        elif part is not True:
            flat.append(part)
    return list(dict.fromkeys(flat))  # an implied inequality may be one of the predicate's
