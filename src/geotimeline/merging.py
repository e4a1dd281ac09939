"""The old path of :mod:`geotimeline.diffing.merging`, kept so that old imports work.

New code imports from :mod:`geotimeline.diffing.merging`.
"""

from geotimeline.diffing.merging import (
    Conflict,
    ConflictKind,
    MergeResult,
    merge,
)

__all__ = [
    "Conflict",
    "ConflictKind",
    "MergeResult",
    "merge",
]
