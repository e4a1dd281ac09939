"""geotimeline: typed, sorted timelines of world events with fuzzy dates and places."""

from geotimeline.errors import (
    DuplicateEventError,
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    ParseError,
    UnknownEventError,
)
from geotimeline.when import Moment, Precision, Unbounded, When

__version__ = "0.1.0.dev0"

__all__ = [
    "DuplicateEventError",
    "FormatError",
    "GeotimelineError",
    "InvalidFieldError",
    "Moment",
    "ParseError",
    "Precision",
    "Unbounded",
    "UnknownEventError",
    "When",
    "__version__",
]
