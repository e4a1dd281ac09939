"""The ``bucket=`` directories of a dataset that a query's window of time can match.

:mod:`geotimeline.io.parquet` puts every event in the bucket of the UTC year its
``start_low`` falls in, unless it is longer than :data:`~geotimeline.io.parquet.LONG_SPAN_US`
(or open, or unknown at an end), which goes to ``bucket=long``. So a bound on ``start_low``
or ``end_high`` that a filter requires bounds the years of the buckets it can read:
``start_low <= t`` (or ``end_high <= t``) reads no bucket after ``t``'s year, and
``end_high >= t`` none before the year of ``t`` less the long span. :func:`pruned` adds that
as a condition on the partition column, which an engine that reads the files by directory
(Spark) decides from the directory names alone, without opening the files the window misses.

>>> import ibis
>>> table = ibis.table({"start_low": "int64", "end_high": "int64", "bucket": "string"}, "t")
>>> from geotimeline.time import calendar as cal
>>> may = cal.day_start(2011, 5, 1)
>>> window = table.filter(table.start_low <= may, table.end_high >= may)
>>> sorted(buckets_of(window.op(), {"2008", "2009", "2011", "2012", "long"}))
['2009', '2011', 'long']

Runtime complexity: O(n + b) for n nodes of the expression and b buckets.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

from geotimeline.io import parquet
from geotimeline.time import calendar as cal

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["buckets_of", "pruned"]

# Each comparison as "column <op> value", and its mirror for "value <op> column".
_AT_MOST: Final = ("LessEqual", "Less")
_AT_LEAST: Final = ("GreaterEqual", "Greater")
_MIRRORED: Final = {"LessEqual": "GreaterEqual", "Less": "Greater", "Equals": "Equals"}
_MIRRORED.update({above: below for below, above in _MIRRORED.items()})


def pruned(table: ir.Table, buckets: Mapping[str, Collection[str]]) -> ir.Table:
    """``table`` with every filter on a dataset table of ``buckets`` (its name to the names
    of its buckets) also requiring the buckets its bounds on time can match.

    An expression whose filters bound no time, or over tables not in ``buckets``, is given back
    as it is.
    """
    import ibis
    import ibis.expr.operations as ops

    root = table.op()
    replacements: dict[Any, Any] = {}
    for found in root.find(ops.Filter):
        parent = found.parent
        if not isinstance(parent, ops.UnboundTable) or parent.name not in buckets:
            continue
        kept = buckets_of(found, buckets[parent.name])
        if len(kept) == len(buckets[parent.name]):
            continue
        column = parent.to_expr()[parquet.PARTITION_KEY]
        condition = column.isin(sorted(kept)) if kept else ibis.literal(False)
        replacements[found] = found.copy(predicates=(*found.predicates, condition.op()))
    if not replacements:
        return table
    rewritten: ir.Table = root.replace(replacements).to_expr()
    return rewritten


def buckets_of(found: Any, buckets: Collection[str]) -> set[str]:
    """The names among ``buckets`` that rows passing the ``Filter`` node ``found`` can be in:
    ``long``, any name that is not a year (kept, not knowing what it holds), and the years its
    bounds allow.
    """
    first, last = _years(found.predicates)
    return {name for name in buckets if _may_hold(name, first, last)}


def _may_hold(bucket: str, first: int, last: int) -> bool:
    try:
        year = int(bucket)
    except ValueError:
        return True  # bucket=long, or one the writer did not name: it may hold anything
    return first <= year <= last


def _years(predicates: tuple[Any, ...]) -> tuple[int, int]:
    """The first and last year of ``start_low`` that rows in a year's bucket can have and
    pass all of ``predicates``.
    """
    earliest, latest = cal.MIN_US, cal.MAX_US
    for column, name, value in _bounds(predicates):
        if column == "end_high":
            # In a year's bucket, end_high - LONG_SPAN_US <= start_low <= end_high.
            below, above = value - parquet.LONG_SPAN_US, value
        else:
            below = above = value
        if name in _AT_MOST or name == "Equals":
            latest = min(latest, above)
        if name in _AT_LEAST or name == "Equals":
            earliest = max(earliest, below)
    if earliest > latest:
        return 1, 0  # no year
    return _year(earliest), _year(latest)


def _year(us: int) -> int:
    return cal.fields(min(max(us, cal.MIN_US), cal.MAX_US))[0]


def _bounds(predicates: tuple[Any, ...]) -> Iterator[tuple[str, str, int]]:
    """The conjuncts of ``predicates`` that compare ``start_low`` or ``end_high`` with an
    integer, as (column, comparison, value), the column on the left.
    """
    import ibis.expr.operations as ops

    for conjunct in _conjuncts(predicates):
        name = type(conjunct).__name__
        if name not in _MIRRORED:
            continue
        left, right = conjunct.left, conjunct.right
        if isinstance(left, ops.Literal):
            left, right, name = right, left, _MIRRORED[name]
        if not (isinstance(left, ops.Field) and isinstance(right, ops.Literal)):
            continue
        if left.name in ("start_low", "end_high") and _is_integer(right.value):
            yield left.name, name, int(right.value)


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _conjuncts(predicates: tuple[Any, ...]) -> Iterator[Any]:
    import ibis.expr.operations as ops

    for predicate in predicates:
        if isinstance(predicate, ops.And):
            yield from _conjuncts((predicate.left, predicate.right))
        else:
            yield predicate
