"""Places: :class:`Place` (a name, a country, a region, coordinates) and the offline gazetteer.

>>> from geotimeline.places import Place, country_code
>>> country_code("Syria"), Place.from_name("Damascus").country
('SY', 'SY')
"""

from geotimeline.places.outlines import OUTLINE_TOLERANCE_KM, doubtful
from geotimeline.places.place import (
    EARTH_RADIUS_KM,
    Place,
    country_code,
    country_name,
    distance_km,
    resolve_place,
)

__all__ = [
    "EARTH_RADIUS_KM",
    "OUTLINE_TOLERANCE_KM",
    "Place",
    "country_code",
    "country_name",
    "distance_km",
    "doubtful",
    "resolve_place",
]
