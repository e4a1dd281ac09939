"""Query filters as Ibis expressions over the Parquet layout, and what is left for Python.

Each filter of :mod:`geotimeline.query` is translated by a function registered for its class
(the core's filters know nothing of Ibis). A translation is a :class:`Translation`: the
boolean expression the engine evaluates (``where``), and the filter that must still be checked
in Python on the rows it lets through (``rest``; None when the expression is exact):

- time filters (``during``, ``between``, ``at``, ``before``, ``after``, ``overlapping``,
  ``related``, both modes, any ``zone``): exact, from :mod:`geotimeline.engines.allen`. A zone
  only changes how the query's own date is read, which is done in Python before the
  expression is made; an event's bounds never depend on it.
- ``precise_to``, ``involving``, ``tagged``, ``in_country``, ``in_region``, ``within_box``,
  ``reported_by``: exact, on the precision name, the folded key lists, the place columns and
  the folded outlets.
- ``near``: a box of latitude and longitude that holds the whole circle is pushed down; the
  great-circle distance is checked in Python, with the same function as in memory.
- ``matching``: in Python (folding is Unicode's full case folding and decomposition, which no
  engine's ``lower`` matches), and so is ``satisfying`` and any filter without a translation.
- ``&``, ``|`` and ``~`` combine the parts' expressions where they are exact; a conjunction
  pushes down the exact parts and leaves the others for Python.

Every expression is true or false, never null (a missing place is no match), so that ``~``
gives in the engine what it gives in memory.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final

import attrs

from geotimeline.engines import allen
from geotimeline.places.place import EARTH_RADIUS_KM
from geotimeline.query.by_name import Keyed
from geotimeline.query.by_place import InRegion, Near, WithinBox
from geotimeline.query.by_text import ReportedBy
from geotimeline.query.by_time import PreciseTo, Related, TimeFilter
from geotimeline.query.filters import AllOf, AnyOf, Filter, Not
from geotimeline.time.relations import FAMILIES
from geotimeline.time.when import Precision

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["Translation", "render", "translate", "translates"]

# How far the box around a circle is widened, in degrees: far more than float error.
_BOX_MARGIN: Final = 1e-6


@attrs.frozen
class Translation:
    """The expression an engine checks (None: every row), and what Python checks after it."""

    where: ir.BooleanValue | None
    rest: Filter | None

    @property
    def exact(self) -> bool:
        """True when the engine's answer needs no check in Python."""
        return self.rest is None


def translate(where: Filter | None, table: ir.Table) -> Translation:
    """``where`` as an expression over ``table`` (a table of the Parquet layout), with the
    part left for Python.
    """
    if where is None:
        return Translation(None, None)
    return _translate(where, table)


@functools.singledispatch
def _translate(where: Filter, table: ir.Table) -> Translation:
    return Translation(None, where)  # no translation: Python reads every candidate


def translates(
    kind: type[Filter],
) -> Callable[[Callable[[Any, ir.Table], Translation]], Callable[[Any, ir.Table], Translation]]:
    """A decorator registering the translation of the filters of class ``kind``."""

    def register(
        translation: Callable[[Any, ir.Table], Translation],
    ) -> Callable[[Any, ir.Table], Translation]:
        _translate.register(kind, translation)
        return translation

    return register


@_translate.register(AllOf)
def _all_of(where: AllOf, table: ir.Table) -> Translation:
    parts = [_translate(part, table) for part in where.parts]
    expressions = [part.where for part in parts if part.where is not None]
    rests = tuple(part.rest for part in parts if part.rest is not None)
    rest = None if not rests else rests[0] if len(rests) == 1 else AllOf(rests)
    return Translation(_conjunction(expressions), rest)


@_translate.register(AnyOf)
def _any_of(where: AnyOf, table: ir.Table) -> Translation:
    parts = [_translate(part, table) for part in where.parts]
    if any(part.where is None for part in parts):
        return Translation(None, where)  # some part may match any row
    expression = functools.reduce(lambda left, right: left | right, _wheres(parts))
    return Translation(expression, None if all(part.exact for part in parts) else where)


def _wheres(parts: Iterable[Translation]) -> list[ir.BooleanValue]:
    return [part.where for part in parts if part.where is not None]


@_translate.register(Not)
def _not(where: Not, table: ir.Table) -> Translation:
    part = _translate(where.part, table)
    if not part.exact or part.where is None:
        return Translation(None, where)  # the negation of a superset is no superset
    return Translation(~part.where, None)


def _conjunction(expressions: list[ir.BooleanValue]) -> ir.BooleanValue | None:
    if not expressions:
        return None
    return functools.reduce(lambda left, right: left & right, expressions)


# -- time --------------------------------------------------------------------------------------


@_translate.register(TimeFilter)
def _time_filter(where: TimeFilter, table: ir.Table) -> Translation:
    predicate = allen.relation_predicate("", where.reference, FAMILIES[where.family], where.mode)
    low, high = where.window()
    # Implied by the predicate: said plainly, so that the engine can skip row groups by the
    # statistics of start_low and end_high.
    window = (table.start_low <= high) & (table.end_high >= low)
    return Translation(window & render(predicate, table), None)


@_translate.register(Related)
def _related(where: Related, table: ir.Table) -> Translation:
    predicate = allen.relation_predicate("", where.reference, where.names, where.mode)
    return Translation(render(predicate, table), None)


@_translate.register(PreciseTo)
def _precise_to(where: PreciseTo, table: ir.Table) -> Translation:
    names = [precision.name.lower() for precision in Precision if precision >= where.precision]
    return Translation(table.precision.isin(names), None)


def render(predicate: allen.Predicate, table: ir.Table) -> ir.BooleanValue:
    """An Allen predicate (see :mod:`geotimeline.engines.allen`) over ``table``'s columns."""
    import ibis

    if isinstance(predicate, bool):
        return ibis.literal(predicate)
    if isinstance(predicate, allen.Atom):
        return _atom(predicate, table)
    if isinstance(predicate, allen.All):
        return functools.reduce(
            lambda left, right: left & right, (render(part, table) for part in predicate.parts)
        )
    if isinstance(predicate, allen.Any):
        return functools.reduce(
            lambda left, right: left | right, (render(part, table) for part in predicate.parts)
        )
    return ~render(predicate.part, table)


def _atom(atom: allen.Atom, table: ir.Table) -> ir.BooleanValue:
    """``left + gap <= right``, written so that no sum can overflow 64 bits: a constant is
    compared with a column, and two columns differ by a few ticks at most.
    """
    if atom.left is None:
        assert atom.right is not None
        return table[atom.right] >= atom.gap
    if atom.right is None:
        return table[atom.left] <= -atom.gap
    if atom.gap == 0:
        return table[atom.left] <= table[atom.right]
    return table[atom.left] + atom.gap <= table[atom.right]


# -- names and places --------------------------------------------------------------------------

_KEY_LISTS: Final = {"actor": "actor_keys", "tag": "tag_keys"}


@_translate.register(Keyed)
def _keyed(where: Keyed, table: ir.Table) -> Translation:
    if where.field == "country":
        tests = [table.place_country == key for key in sorted(where.keys)]
    else:
        keys = table[_KEY_LISTS[where.field]]
        tests = [keys.contains(key) for key in sorted(where.keys)]
    combine: Callable[[Any, Any], Any] = (
        (lambda left, right: left & right) if where.every else (lambda left, right: left | right)
    )
    return Translation(_never_null(functools.reduce(combine, tests)), None)


@_translate.register(InRegion)
def _in_region(where: InRegion, table: ir.Table) -> Translation:
    return Translation(_never_null(table.place_region_key.isin(sorted(where.regions))), None)


@_translate.register(WithinBox)
def _within_box(where: WithinBox, table: ir.Table) -> Translation:
    return Translation(
        _never_null(_box(table, where.south, where.west, where.north, where.east)), None
    )


def _box(table: ir.Table, south: float, west: float, north: float, east: float) -> Any:
    latitude, longitude = table.latitude, table.longitude
    inside = (latitude >= south) & (latitude <= north)
    if west <= east:
        return inside & (longitude >= west) & (longitude <= east)
    return inside & ((longitude >= west) | (longitude <= east))  # across the antimeridian


@_translate.register(Near)
def _near(where: Near, table: ir.Table) -> Translation:
    # Every point within km of the centre lies in this box; the distance itself is checked
    # in Python, with the function the in-memory filter uses.
    reach = where.km / EARTH_RADIUS_KM  # radians along the great circle
    if reach >= math.pi:
        return Translation(table.latitude.notnull() & table.longitude.notnull(), where)
    degrees = math.degrees(reach) + _BOX_MARGIN
    south, north = where.latitude - degrees, where.latitude + degrees
    polar = south <= -90 or north >= 90
    spread = math.sin(reach) / math.cos(math.radians(where.latitude)) if not polar else 2.0
    if polar or spread >= 1:
        box = (table.latitude >= max(south, -90.0)) & (table.latitude <= min(north, 90.0))
        return Translation(_never_null(box & table.longitude.notnull()), where)
    width = math.degrees(math.asin(spread)) + _BOX_MARGIN
    west, east = _longitude(where.longitude - width), _longitude(where.longitude + width)
    return Translation(_never_null(_box(table, south, west, north, east)), where)


def _longitude(degrees: float) -> float:
    """``degrees`` brought into -180..180."""
    return (degrees + 180.0) % 360.0 - 180.0


@_translate.register(ReportedBy)
def _reported_by(where: ReportedBy, table: ir.Table) -> Translation:
    tests = [
        table.outlet_keys.map(functools.partial(_contains, part=outlet)).anys()
        for outlet in sorted(where.outlets)
    ]
    return Translation(_never_null(functools.reduce(lambda a, b: a | b, tests)), None)


def _contains(text: ir.StringValue, part: str) -> ir.BooleanValue:
    return text.contains(part)


def _never_null(expression: ir.BooleanValue) -> ir.BooleanValue:
    """False where ``expression`` is null (a missing place, an empty list), so that ``~``
    of it means what it means in memory.
    """
    return expression.fill_null(False)
