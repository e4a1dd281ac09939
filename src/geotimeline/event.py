"""The old path of :mod:`geotimeline.timeline.event`, kept so that old imports work.

New code imports from :mod:`geotimeline.timeline.event`.
"""

from geotimeline.timeline.event import (
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
