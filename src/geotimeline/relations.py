"""The old path of :mod:`geotimeline.time.relations`, kept so that old imports work.

New code imports from :mod:`geotimeline.time.relations`.
"""

from geotimeline.time.relations import (
    FAMILIES,
    INVERSES,
    RELATIONS,
    Extent,
    certainly,
    extent_relations,
    possibly,
    relations,
)

__all__ = [
    "FAMILIES",
    "INVERSES",
    "RELATIONS",
    "Extent",
    "certainly",
    "extent_relations",
    "possibly",
    "relations",
]
