"""Allen's thirteen interval relations between fuzzy extents of time.

Time here is a line of microsecond ticks. A :class:`~geotimeline.When` covers either a run of
them, from a start ``S`` up to, but not including, an end ``E`` (``S < E``), or one exact point
(``S == E``):

- A **time to the second** (or finer) is a **point**. A point belongs to the span it starts:
  ``2014-02-01T00:00:00Z`` *starts* February 2014 and is *met by* January 2014, not inside
  it. Two points at the same instant are *equal*; a microsecond apart, one is *before* the
  other.
- A **date** (a day or coarser, or a time to the hour or minute) is read as the whole span of
  its precision: ``2017-11-11`` covers that whole day, exactly, from its first tick to its
  last; ``2017`` covers the whole year.
- An **interval** runs from some tick of its start moment to some tick of its end moment,
  that tick included. Its ends are as fuzzy as their precision: ``2014-04/..`` starts at some
  tick of April 2014, nobody knows which, and ``2014-01-01/2014-01-05`` ends some time on 5
  January, so it is *before* an interval that starts on 6 January, or *meets* it. An end
  known to the second is the point itself, so an interval that ends at
  ``2014-03-15T05:00:00Z`` *meets* one that starts then: they share no tick. An interval
  from a point to that same point is the point.
- An **open** end (``..``) is no end at all: ``2014-04/..`` runs to the end of time, and
  ``../2014`` from its beginning. An **unknown** end (empty in EDTF) is some tick on the
  far side of the other end.
- A **qualified** date (``?`` uncertain, ``~`` approximate, ``%`` both) may be off by its
  :attr:`~geotimeline.Moment.margin`: one unit of its precision for ``?`` or ``~`` (a day, a
  month, a season's own length, a year, a decade, a century), two for ``%``. An instant
  ``2010~`` is a year-long span moved by up to a year either way, each end on its own: it
  starts some time from 1 January 2009 to 1 January 2011 and ends accordingly, so it is
  possibly but not certainly *during* 2010, and possibly in December 2009. As the end of an
  interval, a qualified moment may be any tick of its widened range (``2014-03~`` as an end:
  some time from February to April 2014). Times of day take no qualifiers.

:func:`relations` returns every relation that holds for at least one way of choosing the
fuzzy ends (each realisation of both extents). Two extents whose ends are exact always stand
in exactly one relation; fuzzy ones usually in several.

>>> from geotimeline import When
>>> sorted(relations(When.parse("2014-03-18"), When.parse("2014-03")))
['during']
>>> sorted(relations(When.parse("2014-04/.."), When.parse("2017")))
['contains']
>>> sorted(relations(When.parse("2017-11-11"), When.parse("2017-11-11T09:30:00Z")))
['contains']
>>> sorted(relations(When.parse("2014/2014-03-15T05:00:00Z"), When.parse("2014-03-15T05:00:00Z/")))
['meets']
>>> sorted(relations(When.parse("2014-02/2014-03"), When.parse("2014-03")))
['finished-by', 'overlaps']

A relation *certainly* holds when it is the only possible one; a family of relations (such as
``"inside"``) certainly holds when every possible relation belongs to it:

>>> certainly(When.parse("2017-22"), When.parse("2017"), "inside")
True
>>> possibly(When.parse("2014-02/2014-03"), When.parse("2014-03"), "overlaps")
True
>>> certainly(When.parse("2014-02/2014-03"), When.parse("2014-03"), "overlaps")
False
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Final, NamedTuple

from geotimeline.errors import InvalidFieldError
from geotimeline.time import calendar as cal
from geotimeline.time import zones
from geotimeline.time.when import Moment, Precision, Unbounded, When

__all__ = [
    "FAMILIES",
    "INVERSES",
    "RELATIONS",
    "Extent",
    "certainly",
    "constraints",
    "possibly",
    "relations",
]

#: Allen's thirteen relations, each read as "a RELATION b".
RELATIONS: Final = (
    "before",
    "meets",
    "overlaps",
    "starts",
    "during",
    "finishes",
    "equals",
    "finished-by",
    "contains",
    "started-by",
    "overlapped-by",
    "met-by",
    "after",
)

#: Each relation's converse: ``a R b`` exactly when ``b INVERSES[R] a``.
INVERSES: Final = dict(zip(RELATIONS, reversed(RELATIONS), strict=True))

#: Named families of relations; a relation's own name also stands for the family of one.
FAMILIES: Final[dict[str, frozenset[str]]] = {
    # a lies within b
    "inside": frozenset({"during", "starts", "finishes", "equals"}),
    # a covers b
    "encloses": frozenset({"contains", "started-by", "finished-by", "equals"}),
    # a and b share at least one tick
    "intersects": frozenset(RELATIONS) - {"before", "meets", "met-by", "after"},
    # a and b share no tick
    "disjoint": frozenset({"before", "meets", "met-by", "after"}),
    # a is over by the time b starts
    "precedes": frozenset({"before", "meets"}),
    # a starts once b is over
    "follows": frozenset({"after", "met-by"}),
}

# Each relation as constraints between the ends (S1, E1) of a and (S2, E2) of b. A constraint
# (x, y, w) says x - y <= w over integers, so w = -1 is "x < y" and a pair of 0s is "x == y".
_S1, _E1, _S2, _E2 = 1, 2, 3, 4  # variable 0 is the fixed origin, for the ends' ranges
_LT: Final = -1
# "No constraint": far beyond any difference of two instants, and still exact as an int.
_UNBOUNDED: Final = 1 << 80


def _less(x: int, y: int) -> list[tuple[int, int, int]]:
    return [(x, y, _LT)]


def _same(x: int, y: int) -> list[tuple[int, int, int]]:
    return [(x, y, 0), (y, x, 0)]


_CONSTRAINTS: Final[dict[str, list[tuple[int, int, int]]]] = {
    "before": _less(_E1, _S2),
    "meets": _same(_E1, _S2),
    "overlaps": _less(_S1, _S2) + _less(_S2, _E1) + _less(_E1, _E2),
    "starts": _same(_S1, _S2) + _less(_E1, _E2),
    "during": _less(_S2, _S1) + _less(_E1, _E2),
    "finishes": _less(_S2, _S1) + _same(_E1, _E2),
    "equals": _same(_S1, _S2) + _same(_E1, _E2),
    "finished-by": _less(_S1, _S2) + _same(_E1, _E2),
    "contains": _less(_S1, _S2) + _less(_E2, _E1),
    "started-by": _same(_S1, _S2) + _less(_E2, _E1),
    "overlapped-by": _less(_S2, _S1) + _less(_S1, _E2) + _less(_E2, _E1),
    "met-by": _same(_E2, _S1),
    "after": _less(_E2, _S1),
}


class Extent(NamedTuple):
    """What a :class:`When` may cover: its start ``S`` in ``start_low..start_high`` and its end
    ``E`` in ``end_low..end_high`` (all in microseconds, both ranges inclusive), with ``S < E``;
    or, when all four are the same instant, that exact point.

    The ranges are tightened so that each bound can be reached: an unknown start, for
    instance, cannot be later than the latest end.

    >>> extent = Extent.of(When.parse("2017-11-11"))
    >>> extent.start_low == extent.start_high, extent.end_low - extent.start_low
    (True, 86400000000)
    >>> Extent.of(When.parse("2017-11-11T09:30:00Z")).is_point
    True
    """

    start_low: int
    start_high: int
    end_low: int
    end_high: int

    @classmethod
    def of(cls, when: When, zone: str | None = None) -> Extent:
        """The extent of a ``When`` (see the module's notes for how each kind is read).

        With a ``zone`` (an IANA name), the dates among its bounds (a day or coarser) are read
        as the local dates of that zone rather than of UTC; times keep their own offset.
        """
        if not when.is_interval:
            moment = when.start
            assert isinstance(moment, Moment)  # an instant's start is always a moment
            return cls.of_moment(moment, zone)
        start, end = when.start, when.end
        start_low = cal.MIN_US if isinstance(start, Unbounded) else _first(start, zone)
        end_high = cal.MAX_US + 1 if isinstance(end, Unbounded) else _after(end, zone)
        if start_low >= end_high:
            if start_low > end_high:
                raise InvalidFieldError("zone", zone, f"puts the start of {when} after its end")
            return cls(start_low, start_low, start_low, start_low)  # both ends at one point
        start_high = _start_high(start, end_high, zone)
        end_low = _end_low(end, start_low, zone)
        # Each end must leave room for the other: S < E.
        return cls(start_low, min(start_high, end_high - 1), max(end_low, start_low + 1),
                   end_high)  # fmt: skip

    @classmethod
    def of_moment(cls, moment: Moment, zone: str | None = None) -> Extent:
        """The extent of an instant: a date read as the whole span it names, moved by up to
        its margin either way (each end on its own); a time to the second or finer, a point.

        >>> Extent.of_moment(Moment.of(2010)) == Extent.of(When.parse("2010"))
        True
        """
        earliest, latest = moment.earliest_us, moment.latest_us
        if earliest == latest:
            return cls(earliest, earliest, earliest, earliest)
        if zone is None and not (moment.uncertain or moment.approximate):
            # The usual date, read in UTC: its whole span, exactly (every query bound).
            return cls(earliest, earliest, latest + 1, latest + 1)
        return _instant_extent(moment, zone)

    @property
    def is_exact(self) -> bool:
        """True when both ends are known to the tick."""
        return self.start_low == self.start_high and self.end_low == self.end_high

    @property
    def is_point(self) -> bool:
        """True for an exact point in time (a date-time to the second or finer)."""
        return self.start_low == self.end_high

    @property
    def reach(self) -> int:
        """The first instant after everything this extent may cover: ``end_high``, or one
        tick past a point (which covers its own instant).

        >>> Extent.of(When.parse("2017")).reach == Extent.of(When.parse("2018")).start_low
        True
        """
        return self.end_high + (self.start_low == self.end_high)


def _instant_extent(moment: Moment, zone: str | None) -> Extent:
    """A date (not a point) read as the whole span it names, moved by up to its margin either
    way, each end on its own, with its wall-clock bounds read in ``zone``.
    """
    earlier, later = moment.moved(-moment.margin), moment.moved(moment.margin)
    local = _local(moment, zone)
    return Extent(local(earlier[0]), local(later[0]), local(earlier[1] + 1), local(later[1] + 1))


def _local(moment: Moment, zone: str | None) -> Callable[[int], int]:
    """How the wall-clock bounds of ``moment`` become instants: as UTC, or in ``zone`` for a
    date (a day or coarser; a time of day has its own offset).
    """
    if zone is None or moment.precision > Precision.DAY:
        return _as_utc
    return functools.partial(_in_zone, zone=zone)


def _as_utc(wall: int) -> int:
    return wall


def _in_zone(wall: int, zone: str) -> int:
    return zones.wall_to_utc(wall, zone)


def _first(moment: Moment, zone: str | None) -> int:
    """The first instant ``moment`` possibly is."""
    return _local(moment, zone)(moment.possible_earliest_us)


def _after(moment: Moment, zone: str | None) -> int:
    """Where an interval ending at ``moment`` ends at the latest: at an exact time itself, else
    after the last instant the moment possibly is (that instant included).
    """
    if moment.is_exact:
        return moment.earliest_us
    return _local(moment, zone)(moment.possible_latest_us + 1)


def _start_high(start: Moment | Unbounded, end_high: int, zone: str | None) -> int:
    if start is Unbounded.OPEN:
        return cal.MIN_US  # no start at all: the interval runs from the beginning of time
    if start is Unbounded.UNKNOWN:
        return end_high - 1
    assert isinstance(start, Moment)
    return _local(start, zone)(start.possible_latest_us + 1) - 1


def _end_low(end: Moment | Unbounded, start_low: int, zone: str | None) -> int:
    if end is Unbounded.OPEN:
        return cal.MAX_US + 1  # no end at all: still going on
    if end is Unbounded.UNKNOWN:
        return start_low + 1
    assert isinstance(end, Moment)
    if end.is_exact:
        return end.earliest_us
    return _first(end, zone) + 1


def _family(name: str) -> frozenset[str]:
    if name in FAMILIES:
        return FAMILIES[name]
    if name in _CONSTRAINTS:
        return frozenset({name})
    known = ", ".join([*RELATIONS, *FAMILIES])
    raise InvalidFieldError("relation", name, f"is not one of {known}")


def _as_extent(value: When | Extent | str) -> Extent:
    if isinstance(value, Extent):
        return value
    return Extent.of(When.coerce(value))


def relations(a: When | str, b: When | str) -> frozenset[str]:
    """The Allen relations that possibly hold between ``a`` and ``b``, as ``"a R b"``.

    Either side may be a :class:`When` or text that :meth:`When.coerce` reads. The result
    has exactly one relation when both sides have exact ends, and is never empty.

    >>> sorted(relations("2017-04-04", "2017-04-07"))
    ['before']
    >>> sorted(relations("2017", "2017-22"))
    ['contains']

    Runtime complexity: O(1).
    """
    return extent_relations(_as_extent(a), _as_extent(b))


def extent_relations(a: Extent, b: Extent) -> frozenset[str]:
    """:func:`relations` for two :class:`Extent` values (ranges of plain integers).

    >>> sorted(extent_relations(Extent(0, 2, 3, 5), Extent(3, 3, 4, 4)))
    ['contains', 'finished-by', 'meets']
    """
    distances = _closure(a, b)
    # A point belongs to the span it starts: where it stands at a span's start it *starts* it
    # (not *meets* it), and at a span's end it comes just after it (*met-by*, not *finishes*).
    # Each pair below holds of the same readings, so dropping one leaves one name per reading.
    excluded = (_POINT_FIRST if a.is_point else frozenset()) | (
        _POINT_SECOND if b.is_point else frozenset()
    )
    return frozenset(
        name
        for name in RELATIONS
        if name not in excluded and _feasible(distances, _CONSTRAINTS[name])
    )


# The relations that the names of the converse readings stand for when a side is a point.
_POINT_FIRST: Final = frozenset({"meets", "finishes"})
_POINT_SECOND: Final = frozenset({"met-by", "finished-by"})


# The names of the ends in constraints().
_END_NAMES: Final = {_S1: "S1", _E1: "E1", _S2: "S2", _E2: "E2"}


def constraints(
    relation: str, *, first_is_point: bool = False, second_is_point: bool = False
) -> tuple[tuple[str, str, int], ...] | None:
    """The constraints ``(x, y, w)``, each ``x - y <= w``, between the ends ``S1``, ``E1`` of
    ``a`` and ``S2``, ``E2`` of ``b`` under which ``a RELATION b`` holds; None when the
    relation is not the name given to those readings because a side is a point (see
    :func:`extent_relations`). Engines derive their predicates from this table.

    >>> constraints("before")
    (('E1', 'S2', -1),)
    >>> constraints("meets", first_is_point=True) is None
    True
    """
    if relation not in _CONSTRAINTS:
        raise InvalidFieldError("relation", relation, f"is not one of {', '.join(RELATIONS)}")
    if (first_is_point and relation in _POINT_FIRST) or (
        second_is_point and relation in _POINT_SECOND
    ):
        return None
    return tuple((_END_NAMES[x], _END_NAMES[y], w) for x, y, w in _CONSTRAINTS[relation])


def certainly(a: When | str, b: When | str, relation: str | Iterable[str]) -> bool:
    """True when ``a`` stands to ``b`` in ``relation`` (a name, a family, or several of them)
    however their fuzzy ends are read.

    >>> certainly("2017-11-11", "2017", "during")
    True
    >>> certainly("2017-11-11?", "2017-11-11", "equals")
    False
    >>> certainly("2017-11-11?", "2017-11", "inside")
    True
    """
    return relations(a, b) <= _families(relation)


def possibly(a: When | str, b: When | str, relation: str | Iterable[str]) -> bool:
    """True when ``a`` may stand to ``b`` in ``relation`` for some reading of their fuzzy ends.

    >>> possibly("2017", "2017-06-01/2017-12-31", "overlaps")
    False
    >>> possibly("2017-22", "2017-06/2017-08", "inside")
    True
    """
    return bool(relations(a, b) & _families(relation))


def _families(relation: str | Iterable[str]) -> frozenset[str]:
    if isinstance(relation, str):
        return _family(relation)
    return frozenset().union(*(_family(name) for name in relation))


def _closure(a: Extent, b: Extent) -> list[list[int]]:
    """Shortest paths between the four ends, from their ranges and ``S < E`` on each side.

    ``matrix[u][v]`` is the least upper bound on ``x_v - x_u`` (variable 0 is the origin).
    """
    size = 5
    # Integers, not floats: microseconds since year 1 need 61 bits, more than a float's 53.
    matrix = [[0 if i == j else _UNBOUNDED for j in range(size)] for i in range(size)]
    bounds = ((_S1, a.start_low, a.start_high), (_E1, a.end_low, a.end_high),
              (_S2, b.start_low, b.start_high), (_E2, b.end_low, b.end_high))  # fmt: skip
    for variable, low, high in bounds:
        matrix[0][variable] = high  # x - 0 <= high
        matrix[variable][0] = -low  # 0 - x <= -low
    # S - E <= -1 for a span; a point's ends are one instant, S - E <= 0.
    matrix[_E1][_S1] = 0 if a.is_point else _LT
    matrix[_E2][_S2] = 0 if b.is_point else _LT
    for k in range(size):
        row_k = matrix[k]
        for row in matrix:
            through = row[k]
            for j in range(size):
                if through + row_k[j] < row[j]:
                    row[j] = through + row_k[j]
    return matrix


def _feasible(closed: list[list[int]], constraints: list[tuple[int, int, int]]) -> bool:
    """Whether adding ``constraints`` to a closed, consistent system keeps it consistent.

    Edges go in one at a time, updating the closure in O(V^2) each: the constraint
    x - y <= w closes a negative cycle exactly when the bound on y - x is below -w.
    """
    matrix = [row[:] for row in closed]
    for x, y, weight in constraints:
        if matrix[x][y] + weight < 0:
            return False
        from_x = matrix[x]
        for row in matrix:
            via = row[y] + weight
            for j in range(5):
                if via + from_x[j] < row[j]:
                    row[j] = via + from_x[j]
    return True
