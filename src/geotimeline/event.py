"""The old path of :mod:`geotimeline.events.event`, kept so that old imports work.

New code imports from :mod:`geotimeline.events.event`.
"""

from geotimeline.events.event import (
    Event,
    Link,
    Relation,
    Source,
    make_event_id,
    slugify,
)

__all__ = [
    "Event",
    "Link",
    "Relation",
    "Source",
    "make_event_id",
    "slugify",
]
