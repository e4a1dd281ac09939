"""Comparing and combining timelines: diffs that apply and invert, and three-way merges.

- :mod:`~geotimeline.diffing.timeline_diff`: :func:`diff` and :class:`TimelineDiff`, with
  its JSON form;
- :mod:`~geotimeline.diffing.changes`: the parts of a diff (:class:`FieldChange`,
  :class:`EventChange`, :class:`DiffSummary`) and how a date moved;
- :mod:`~geotimeline.diffing.pairing`: matching events of two accounts by their content;
- :mod:`~geotimeline.diffing.rendering`: a diff as text and HTML;
- :mod:`~geotimeline.diffing.json_patch`: a diff as an RFC 6902 JSON Patch;
- :mod:`~geotimeline.diffing.merging`: :func:`merge`, the three-way merge.

>>> from geotimeline import examples
>>> from geotimeline.diffing import diff
>>> seed = examples.load("seed")
>>> diff(seed, seed).summary.total
0
"""

from geotimeline.diffing.changes import (
    EVENT_FIELDS,
    TIMELINE_FIELDS,
    WHEN_DIRECTIONS,
    DiffSummary,
    EventChange,
    FieldChange,
    unstructure_value,
    when_direction,
)
from geotimeline.diffing.merging import Conflict, ConflictKind, MergeResult, merge
from geotimeline.diffing.rendering import show_value
from geotimeline.diffing.timeline_diff import (
    DIFF_FORMAT_NAME,
    DIFF_FORMAT_VERSION,
    DiffMismatchError,
    Match,
    TimelineDiff,
    diff,
)

__all__ = [
    "DIFF_FORMAT_NAME",
    "DIFF_FORMAT_VERSION",
    "EVENT_FIELDS",
    "TIMELINE_FIELDS",
    "WHEN_DIRECTIONS",
    "Conflict",
    "ConflictKind",
    "DiffMismatchError",
    "DiffSummary",
    "EventChange",
    "FieldChange",
    "Match",
    "MergeResult",
    "TimelineDiff",
    "diff",
    "merge",
    "show_value",
    "unstructure_value",
    "when_direction",
]
