"""Filters on places: a region, a distance from a point, a box of latitude and longitude.

Checked one event at a time (no index): an event without the part of a place a filter asks
for (a region, coordinates) does not match.

>>> from geotimeline import Event, Place
>>> homs = Place("Homs", latitude=34.73, longitude=36.72)
>>> near("Damascus", km=300).matches(Event(title="x", when="2017", place=homs))
True
"""

from __future__ import annotations

import attrs

from geotimeline.errors import InvalidFieldError
from geotimeline.events.event import Event
from geotimeline.events.keys import fold
from geotimeline.places.place import Place, distance_km
from geotimeline.query.filters import Filter, folded_names

__all__ = ["InRegion", "Near", "WithinBox", "in_region", "near", "within_box"]


@attrs.frozen
class InRegion(Filter):
    """Events whose place has one of these regions (case and accents aside)."""

    regions: frozenset[str]

    def matches(self, event: Event) -> bool:
        place = event.place
        return place is not None and place.region is not None and fold(place.region) in self.regions


def in_region(*regions: str) -> Filter:
    """Events whose place's region is one of ``regions``, case and accents aside.

    >>> khan_shaykhun = Place("Khan Shaykhun", region="Idlib")
    >>> in_region("idlib").matches(Event(title="Attack", when="2017", place=khan_shaykhun))
    True
    """
    return InRegion(folded_names("regions", regions))


@attrs.frozen
class Near(Filter):
    """Events placed within ``km`` (great-circle) of a point."""

    latitude: float
    longitude: float
    km: float

    def matches(self, event: Event) -> bool:
        place = event.place
        if place is None or place.coordinates is None:
            return False
        return distance_km(place.coordinates, (self.latitude, self.longitude)) <= self.km


def near(place: float | str | Place, longitude: float | None = None, *, km: float) -> Filter:
    """Events whose place lies within ``km`` kilometres of a point: a latitude and longitude,
    a :class:`Place` with coordinates, or a place name the gazetteer knows (see
    :meth:`Place.from_name`). Events without coordinates do not match.

    >>> damascus = near("Damascus", km=300)
    >>> homs = Place("Homs", latitude=34.73, longitude=36.72)
    >>> damascus.matches(Event(title="x", when="2017", place=homs))
    True
    """
    latitude, longitude = _point(place, longitude)
    distance: object = km
    if isinstance(distance, bool) or not isinstance(distance, int | float) or not distance >= 0:
        raise InvalidFieldError("km", km, "must be a number of kilometres, 0 or more")
    return Near(latitude, longitude, float(distance))


def _point(place: float | str | Place, longitude: float | None) -> tuple[float, float]:
    if isinstance(place, str):
        place = Place.from_name(place)
    elif not isinstance(place, Place):
        place = Place("point", latitude=place, longitude=longitude)
    if place.coordinates is None:
        raise InvalidFieldError("place", str(place), "has no coordinates")
    return place.coordinates


@attrs.frozen
class WithinBox(Filter):
    """Events placed inside a latitude/longitude box (which may cross the antimeridian)."""

    south: float
    west: float
    north: float
    east: float

    def matches(self, event: Event) -> bool:
        place = event.place
        if place is None or place.latitude is None or place.longitude is None:
            return False
        if not self.south <= place.latitude <= self.north:
            return False
        if self.west <= self.east:
            return self.west <= place.longitude <= self.east
        return place.longitude >= self.west or place.longitude <= self.east


def within_box(south: float, west: float, north: float, east: float) -> Filter:
    """Events placed inside the box from ``south`` to ``north`` and from ``west`` eastwards to
    ``east`` (when ``west > east`` the box crosses the antimeridian).

    >>> raqqa = Place("Raqqa", latitude=35.95, longitude=39.01)
    >>> within_box(32, 35, 37.5, 42.5).matches(Event(title="x", when="2017", place=raqqa))
    True
    """
    for latitude, longitude in ((south, west), (north, east)):
        Place("corner", latitude=latitude, longitude=longitude)  # checks both as coordinates
    if south > north:
        raise InvalidFieldError("south", south, f"is north of north {north}")
    return WithinBox(float(south), float(west), float(north), float(east))
