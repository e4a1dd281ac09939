"""geotimeline: typed, sorted timelines of world events with fuzzy dates and places.

>>> from geotimeline import Event, Timeline
>>> timeline = Timeline([Event(title="Russia annexes Crimea", when="2014-03-18")])
>>> timeline.first.when.precision.name
'DAY'
"""

from geotimeline import examples
from geotimeline.diffing import TimelineDiff, diff
from geotimeline.errors import (
    DuplicateEventError,
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    ParseError,
    UnknownEventError,
)
from geotimeline.event import Event, Link, Relation, Source
from geotimeline.merging import Conflict, MergeResult, merge
from geotimeline.place import Place
from geotimeline.query import Query
from geotimeline.relations import relations
from geotimeline.timeline import Timeline
from geotimeline.when import Moment, Precision, Unbounded, When

__version__ = "0.1.0.dev0"

__all__ = [
    "Conflict",
    "DuplicateEventError",
    "Event",
    "FormatError",
    "GeotimelineError",
    "InvalidFieldError",
    "Link",
    "MergeResult",
    "Moment",
    "ParseError",
    "Place",
    "Precision",
    "Query",
    "Relation",
    "Source",
    "Timeline",
    "TimelineDiff",
    "Unbounded",
    "UnknownEventError",
    "When",
    "__version__",
    "diff",
    "examples",
    "merge",
    "relations",
]
