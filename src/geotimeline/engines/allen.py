"""Allen's relations as inequalities between the bounds of fuzzy extents, for engines.

An engine holds each event's :class:`~geotimeline.time.relations.Extent` as four integer
columns, ``start_low``, ``start_high``, ``end_low`` and ``end_high``. Whether ``a R b`` is
possible is whether the difference constraints of ``R`` (the table in
:mod:`geotimeline.time.relations`, read through :func:`~geotimeline.time.relations.constraints`)
can be met with each end inside its range and ``S < E`` on each side. For these constraints
(``x < y`` and ``x == y`` only) that reduces to one inequality for each pair of ends
``u``, ``v`` that a chain of ``k`` strict steps orders: ``low(u) + k <= high(v)``. With the
sides' shapes fixed (a point, or a span), every relation is a conjunction of at most twelve
such inequalities over the eight bound columns, worked out here once from the table, so the
engines' predicates cannot drift from :func:`~geotimeline.time.relations.relations`.

A relation *certainly* holds when no relation outside it is possible.

>>> from geotimeline import When
>>> from geotimeline.time.relations import Extent
>>> before_2017 = relation_predicate("", Extent.of(When.parse("2017")), {"before"})
>>> row = Extent.of(When.parse("2016-05"))
>>> evaluate(before_2017, bound_values("", row))
True

Runtime complexity: O(1) per predicate (at most 13 relations of 12 inequalities each).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Final, Literal, TypeAlias

import attrs

from geotimeline.query.by_time import Mode
from geotimeline.time.relations import RELATIONS, Extent, constraints

__all__ = [
    "BOUNDS",
    "All",
    "Any",
    "Atom",
    "Not",
    "Predicate",
    "ShapeCase",
    "Side",
    "bound_values",
    "evaluate",
    "implied",
    "relation_predicate",
    "shape_cases",
]

#: The four bound columns of an extent, in the order of :class:`Extent`'s fields.
BOUNDS: Final = ("start_low", "start_high", "end_low", "end_high")

#: One side of a relation: a fixed extent (a query's date), or the prefix of the four bound
#: columns of a table (``""`` for ``start_low`` ..., ``"right_"`` for ``right_start_low`` ...).
Side: TypeAlias = "Extent | str"


@attrs.frozen
class Atom:
    """``left + gap <= right``, where ``left`` and ``right`` name columns (None: zero)."""

    left: str | None
    right: str | None
    gap: int


@attrs.frozen
class All:
    """Every one of ``parts`` holds (none: true)."""

    parts: tuple[Predicate, ...]


@attrs.frozen
class Any:
    """At least one of ``parts`` holds (none: false)."""

    parts: tuple[Predicate, ...]


@attrs.frozen
class Not:
    """``part`` does not hold."""

    part: Predicate


#: A boolean expression over bound columns; a bool where it is known without reading any.
Predicate: TypeAlias = "Atom | All | Any | Not | bool"

_End: TypeAlias = Literal["S1", "E1", "S2", "E2"]
_ENDS: Final[tuple[_End, ...]] = ("S1", "E1", "S2", "E2")
_NO_PATH: Final = 1 << 20  # longer than any chain of the four ends


@functools.cache
def _orderings(
    relation: str, first_is_point: bool, second_is_point: bool
) -> tuple[tuple[_End, _End, int], ...] | None:
    """For ``relation`` between sides of these shapes, the ``(u, v, k)`` such that the
    relation is possible exactly when ``low(u) + k <= high(v)`` for each; None when it never is.

    Floyd-Warshall over the four ends: ``path[v][u]`` is the least ``w`` with ``u - v <= w``
    implied by the relation and by ``S < E`` on each side (``S <= E`` and ``E <= S``, a point).
    A negative cycle means the relation cannot hold for these shapes.
    """
    table = constraints(relation, first_is_point=first_is_point, second_is_point=second_is_point)
    if table is None:
        return None
    edges = list(table)
    for start, end, point in (("S1", "E1", first_is_point), ("S2", "E2", second_is_point)):
        edges.append((start, end, 0 if point else -1))
        if point:
            edges.append((end, start, 0))
    path: dict[str, dict[str, int]] = {
        v: {u: 0 if u == v else _NO_PATH for u in _ENDS} for v in _ENDS
    }
    for x, y, weight in edges:  # x - y <= weight: a path from y to x
        path[y][x] = min(path[y][x], weight)
    for via in _ENDS:
        for v in _ENDS:
            for u in _ENDS:
                if path[v][via] < _NO_PATH and path[via][u] < _NO_PATH:
                    path[v][u] = min(path[v][u], path[v][via] + path[via][u])
    if any(path[end][end] < 0 for end in _ENDS):
        return None
    return tuple(
        (u, v, -path[v][u]) for v in _ENDS for u in _ENDS if u != v and path[v][u] < _NO_PATH
    )


def _value(side: Side, end: _End, high: bool, is_point: bool) -> tuple[str | None, int]:
    """The column (or None) and the constant that stand for the low or high bound of ``end``."""
    bound = ("start_" if end[0] == "S" else "end_") + ("high" if high else "low")
    if isinstance(side, Extent):
        return None, getattr(side, bound)
    # A point's four bounds are one instant: name one column, so that more inequalities fold.
    return side + ("start_low" if is_point else bound), 0


def _side_of(end: _End, first: Side, second: Side) -> Side:
    return first if end[1] == "1" else second


# What every tightened extent of a span satisfies (see Extent): such an inequality between
# two bounds of one side is no condition at all.
_SPAN_FACTS: Final = {
    ("start_low", "start_high"): 0,
    ("end_low", "end_high"): 0,
    ("start_low", "end_low"): 1,
    ("start_high", "end_high"): 1,
    ("start_low", "end_high"): 1,
}


def _atom(left: tuple[str | None, int], right: tuple[str | None, int], k: int) -> Predicate:
    (left_column, left_constant), (right_column, right_constant) = left, right
    gap = left_constant + k - right_constant
    if left_column == right_column:  # both constants, or one column: known already
        return gap <= 0
    if left_column is not None and right_column is not None:
        fact = _SPAN_FACTS.get((_bound_of(left_column), _bound_of(right_column)))
        same_side = _prefix_of(left_column) == _prefix_of(right_column)
        if same_side and fact is not None and gap <= fact:
            return True
    return Atom(left_column, right_column, gap)


def _bound_of(column: str) -> str:
    return next(bound for bound in BOUNDS if column.endswith(bound))


def _prefix_of(column: str) -> str:
    return column[: -len(_bound_of(column))]


def _possible(
    relation: str, first: Side, second: Side, first_is_point: bool, second_is_point: bool
) -> Predicate:
    """Whether ``relation`` is possible between sides of the given shapes, as a conjunction."""
    orderings = _orderings(relation, first_is_point, second_is_point)
    if orderings is None:
        return False
    points = {"1": first_is_point, "2": second_is_point}
    tightest: dict[tuple[str | None, str | None], int] = {}
    for u, v, k in orderings:
        low = _value(_side_of(u, first, second), u, False, points[u[1]])
        high = _value(_side_of(v, first, second), v, True, points[v[1]])
        atom = _atom(low, high, k)
        if atom is False:
            return False
        if isinstance(atom, Atom):
            key = (atom.left, atom.right)
            tightest[key] = max(tightest.get(key, atom.gap), atom.gap)
    return _all(Atom(left, right, gap) for (left, right), gap in tightest.items())


def _all(parts: Iterable[Predicate]) -> Predicate:
    kept: list[Predicate] = []
    for part in parts:
        if part is False:
            return False
        if isinstance(part, All):
            kept.extend(part.parts)
        elif part is not True:
            kept.append(part)
    if not kept:
        return True
    return kept[0] if len(kept) == 1 else All(tuple(kept))


def _any(parts: Iterable[Predicate]) -> Predicate:
    kept: list[Predicate] = []
    for part in parts:
        if part is True:
            return True
        if isinstance(part, Any):
            kept.extend(part.parts)
        elif part is not False:
            kept.append(part)
    if not kept:
        return False
    return kept[0] if len(kept) == 1 else Any(tuple(kept))


def _not(part: Predicate) -> Predicate:
    if isinstance(part, bool):
        return not part
    return part.part if isinstance(part, Not) else Not(part)


def _shapes(side: Side) -> tuple[tuple[bool, Predicate], ...]:
    """Each shape ``side`` may have (a point, a span), with the condition that it has it."""
    if isinstance(side, Extent):
        return ((side.is_point, True),)
    # A point's start_low is its end_high; a span's end_high is later (S < E).
    point = Atom(side + "end_high", side + "start_low", 0)
    span = Atom(side + "start_low", side + "end_high", 1)
    return ((True, point), (False, span))


def relation_predicate(
    first: Side, second: Side, names: Iterable[str], mode: Mode = "possible"
) -> Predicate:
    """Whether ``first`` stands in one of the relations ``names`` (relation names, not
    families) to ``second``: possibly (for some reading of both) or certainly (for every one).

    Each side is a fixed :class:`Extent` or the prefix of a table's bound columns.

    >>> from geotimeline.time.relations import Extent
    >>> relation_predicate(Extent(0, 0, 10, 10), Extent(10, 10, 20, 20), {"meets"})
    True
    >>> for atom in relation_predicate("", Extent(10, 10, 20, 20), {"meets"}).parts:
    ...     print(atom)
    Atom(left='start_low', right='end_high', gap=1)
    Atom(left=None, right='end_high', gap=10)
    Atom(left='start_low', right=None, gap=-9)
    Atom(left='end_low', right=None, gap=-10)

    A span (``start_low + 1 <= end_high``) that may end at 10 and start before it.
    """
    return _any(case.predicate for case in shape_cases(first, second, names, mode))


@attrs.frozen
class ShapeCase:
    """What a relation asks of two sides of one pair of shapes (each a point or a span).

    ``shapes`` holds when the sides have these shapes, ``held`` when the relation then holds
    in the mode asked, ``possible`` when it possibly holds (implied by ``held`` in either
    mode, for real extents: a certain relation is a possible one, as some relation always is).
    """

    first_is_point: bool
    second_is_point: bool
    shapes: Predicate
    held: Predicate
    possible: Predicate

    @property
    def predicate(self) -> Predicate:
        """That the sides have these shapes and stand in the relation."""
        return _all((self.shapes, self.held))


def shape_cases(
    first: Side, second: Side, names: Iterable[str], mode: Mode = "possible"
) -> tuple[ShapeCase, ...]:
    """:func:`relation_predicate` as one case for each pair of shapes the sides may have;
    the predicate is the disjunction of the cases'. A join runs each case on its own, as a
    conjunction of inequalities an engine can plan as an inequality join.

    >>> [(case.first_is_point, case.second_is_point) for case in
    ...  shape_cases("a_", "b_", {"during"})]
    [(True, False), (False, False)]
    """
    wanted = frozenset(names)
    cases = []
    for first_is_point, first_shape in _shapes(first):
        for second_is_point, second_shape in _shapes(second):
            shapes = _all((first_shape, second_shape))
            possible = _any_of(wanted, first, second, first_is_point, second_is_point)
            held = possible
            if mode != "possible":
                others = frozenset(RELATIONS) - wanted
                held = _not(_any_of(others, first, second, first_is_point, second_is_point))
            if shapes is not False and held is not False:
                cases.append(ShapeCase(first_is_point, second_is_point, shapes, held, possible))
    return tuple(cases)


def _any_of(
    relations: frozenset[str],
    first: Side,
    second: Side,
    first_is_point: bool,
    second_is_point: bool,
) -> Predicate:
    return _any(
        _possible(name, first, second, first_is_point, second_is_point)
        for name in RELATIONS
        if name in relations
    )


def implied(predicate: Predicate) -> tuple[Atom, ...]:
    """Inequalities that hold wherever ``predicate`` does: its own, for a conjunction; those
    every part of a disjunction implies (each at its weakest), for a disjunction. What an
    engine can join on before it checks the whole predicate.

    >>> implied(Any((Atom("a", "b", 1), All((Atom("a", "b", 3), Atom("c", "d", 0))))))
    (Atom(left='a', right='b', gap=1),)
    """
    if isinstance(predicate, Atom):
        return (predicate,)
    if isinstance(predicate, All):
        tightest: dict[tuple[str | None, str | None], int] = {}
        for part in predicate.parts:
            for atom in implied(part):
                key = (atom.left, atom.right)
                tightest[key] = max(tightest.get(key, atom.gap), atom.gap)
        return tuple(Atom(left, right, gap) for (left, right), gap in tightest.items())
    if isinstance(predicate, Any) and predicate.parts:
        each = [
            {(atom.left, atom.right): atom.gap for atom in implied(part)}
            for part in predicate.parts
        ]
        shared = [key for key in each[0] if all(key in gaps for gaps in each[1:])]
        return tuple(
            Atom(left, right, min(gaps[(left, right)] for gaps in each)) for left, right in shared
        )
    return ()  # a negation, or a constant: nothing that can be joined on


def bound_values(prefix: str, extent: Extent) -> dict[str, int]:
    """The bound columns of ``extent`` under ``prefix``, as :func:`evaluate` reads them.

    >>> bound_values("", Extent(0, 1, 2, 3))["end_low"]
    2
    """
    return {prefix + bound: value for bound, value in zip(BOUNDS, extent, strict=True)}


def evaluate(predicate: Predicate, columns: Mapping[str, int]) -> bool:
    """``predicate`` with the columns given: the engines' test, run in Python.

    >>> evaluate(Atom("start_low", None, 5), {"start_low": -5})
    True
    """
    if isinstance(predicate, bool):
        return predicate
    if isinstance(predicate, Atom):
        left = 0 if predicate.left is None else columns[predicate.left]
        right = 0 if predicate.right is None else columns[predicate.right]
        return left + predicate.gap <= right
    if isinstance(predicate, All):
        return all(evaluate(part, columns) for part in predicate.parts)
    if isinstance(predicate, Any):
        return any(evaluate(part, columns) for part in predicate.parts)
    return not evaluate(predicate.part, columns)
