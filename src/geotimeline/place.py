"""The old path of :mod:`geotimeline.places.place`, kept so that old imports work.

New code imports from :mod:`geotimeline.places.place`.
"""

from geotimeline.places.place import (
    EARTH_RADIUS_KM,
    Place,
    country_code,
    country_name,
    distance_km,
)

__all__ = [
    "EARTH_RADIUS_KM",
    "Place",
    "country_code",
    "country_name",
    "distance_km",
]
