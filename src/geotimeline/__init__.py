"""geotimeline: typed, sorted timelines of world events with fuzzy dates and places.

>>> from geotimeline import Event, Timeline
>>> timeline = Timeline([Event(title="Russia annexes Crimea", when="2014-03-18")])
>>> timeline.first.when.precision.name
'DAY'
"""

from geotimeline import examples
from geotimeline.diffing import Conflict, MergeResult, TimelineDiff, diff, merge
from geotimeline.engines import open
from geotimeline.errors import (
    DuplicateEventError,
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    MissingDependencyError,
    OutOfRangeError,
    ParseError,
    SaveError,
    UnknownEventError,
)
from geotimeline.events import Event, Link, Relation, Source
from geotimeline.places import Place
from geotimeline.query import Query

# Through the old module path, which shares its name with the function: importing that module
# later would otherwise rebind ``geotimeline.relations`` from the function to the module.
from geotimeline.relations import relations
from geotimeline.time import Moment, Precision, Unbounded, When
from geotimeline.timeline import Timeline

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
    "MissingDependencyError",
    "Moment",
    "OutOfRangeError",
    "ParseError",
    "Place",
    "Precision",
    "Query",
    "Relation",
    "SaveError",
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
    "open",
    "relations",
]
