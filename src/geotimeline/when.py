"""The old path of :mod:`geotimeline.time.when`, kept so that old imports work.

New code imports from :mod:`geotimeline.time.when`.
"""

from geotimeline.time.when import (
    Moment,
    Precision,
    Unbounded,
    When,
)

__all__ = [
    "Moment",
    "Precision",
    "Unbounded",
    "When",
]
