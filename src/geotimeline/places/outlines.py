"""Doubtful places: a point at (0, 0), or a point outside the outline of its own country.

Such points are kept when a file is read, since real data has them, and are flagged by
:func:`doubtful` (and by ``geotimeline validate``). Outlines are Natural Earth's public-domain
1:110m countries, bundled as ``world_110m.json`` (rings of longitude, latitude in tenths of a
degree); the map draws the same outlines.

>>> from geotimeline.places import Place, doubtful
>>> print(doubtful(Place("Paris", country="FR", latitude=48.86, longitude=2.35)))
None
>>> doubtful(Place("Paris", country="DE", latitude=48.86, longitude=2.35))
'is 290 km outside the outline of Germany'
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from importlib import resources
from typing import Final

from geotimeline.places.place import EARTH_RADIUS_KM, Place, country_name

__all__ = ["OUTLINE_TOLERANCE_KM", "doubtful", "outlines"]

#: How far outside its country's outline a point may lie before it is flagged. The 1:110m
#: outlines are coarse: coasts and borders are off by up to some tens of kilometres (Geneva
#: lies outside Switzerland's), and the vertices are rounded to a tenth of a degree (11 km).
OUTLINE_TOLERANCE_KM: Final = 50.0

_Ring = tuple[tuple[float, float], ...]
_Box = tuple[float, float, float, float]  # west, south, east, north

# Land the outlines give to one side of a dispute that a place may well name the other side for:
# the 1:110m shapes draw Crimea within Russia, and Northern Cyprus, Somaliland, Western Sahara
# and Kosovo as shapes of their own. A point there is not doubtful for the claimant's country.
# A box limits the claim to the disputed land where the shape holds more (Russia, Crimea).
_CLAIMS: Final[dict[str, tuple[tuple[str, _Box | None], ...]]] = {
    "UA": (("RU", (32.4, 44.3, 36.7, 46.3)),),
    "RU": (("UA", (32.4, 44.3, 36.7, 46.3)),),
    "CY": (("CYN", None),),
    "SO": (("SOL", None),),
    "MA": (("EH", None),),
    "EH": (("MA", None),),
    "RS": (("XK", None),),
}


@functools.cache
def outlines() -> dict[str, tuple[_Ring, ...]]:
    """The bundled country outlines: for each ISO alpha-2 code, its rings of (lon, lat).

    Small countries the 1:110m shapes leave out (many islands, Andorra, Singapore...) are
    missing.

    >>> len(outlines()["FR"]) > 1, "SG" in outlines()
    (True, False)
    """
    text = resources.files("geotimeline.places").joinpath("world_110m.json").read_text("utf-8")
    countries: dict[str, list[list[int]]] = json.loads(text)["countries"]
    return {
        code: tuple(
            tuple((ring[i] / 10, ring[i + 1] / 10) for i in range(0, len(ring), 2))
            for ring in rings
        )
        for code, rings in countries.items()
    }


def doubtful(place: Place) -> str | None:
    """Why a place's coordinates are doubtful, or None when nothing is wrong with them.

    A point at exactly (0, 0), "Null Island" in the Gulf of Guinea, is most often a missing
    value written as zeros. A point of a place with a country is doubtful when it lies more
    than :data:`OUTLINE_TOLERANCE_KM` outside that country's outline. Places without
    coordinates, and countries the outlines leave out, are not judged.

    >>> doubtful(Place("Lagos", latitude=0, longitude=0))
    'is at (0, 0), "Null Island": most likely a missing value'
    >>> print(doubtful(Place("Geneva", country="CH", latitude=46.2, longitude=6.14)))
    None

    Runtime complexity: O(v) for a country outlined by v vertices (a few hundred at most).
    """
    if place.latitude is None or place.longitude is None:
        return None
    if place.latitude == 0 and place.longitude == 0:
        return 'is at (0, 0), "Null Island": most likely a missing value'
    rings = outlines().get(place.country) if place.country is not None else None
    if not rings:
        return None
    point = (place.longitude, place.latitude)
    if _inside(point, rings) or _claimed(point, place.country or ""):
        return None
    distance = min(_distance_to_ring_km(point, ring) for ring in rings)
    if distance <= OUTLINE_TOLERANCE_KM:
        return None
    return f"is {distance:.0f} km outside the outline of {country_name(place.country or '')}"


def _claimed(point: tuple[float, float], country: str) -> bool:
    """Whether the point lies in land the country claims that another country's shape holds."""
    for other, box in _CLAIMS.get(country, ()):
        in_box = box is None or (box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3])
        if in_box and _inside(point, outlines().get(other, ())):
            return True
    return False


def _inside(point: tuple[float, float], rings: Sequence[_Ring]) -> bool:
    """Whether the point lies inside the rings, by the even-odd rule (holes count out)."""
    x, y = point
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _distance_to_ring_km(point: tuple[float, float], ring: _Ring) -> float:
    """The shortest distance from the point to the ring's edges, on a plane tangent at the
    point: within a percent or so for the tens of kilometres that matter here.
    """
    x, y = point
    scale = math.cos(math.radians(y))
    # Degrees around the point, longitudes shrunk by latitude and wrapped across 180°.
    flat = [(_wrap(lon - x) * scale, lat - y) for lon, lat in ring]
    nearest = min(
        _distance_to_segment(a, b) for a, b in zip(flat, flat[1:] + flat[:1], strict=True)
    )
    return math.radians(nearest) * EARTH_RADIUS_KM


def _wrap(degrees: float) -> float:
    return (degrees + 180) % 360 - 180


def _distance_to_segment(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The distance from the origin to the segment from a to b."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
    return math.hypot(ax + t * dx, ay + t * dy)
