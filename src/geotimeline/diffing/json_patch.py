"""Exporting a diff as an RFC 6902 JSON Patch against the native file format.

``TimelineDiff.to_json_patch`` delegates to :func:`json_patch`, which needs the timeline
before and after the diff to know where each event stands in the document's ``events`` list.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from geotimeline.diffing.changes import EVENT_FIELDS, json_equal
from geotimeline.io.native import unstructure_event
from geotimeline.timeline.timeline import Timeline

if TYPE_CHECKING:  # for annotations only: geotimeline.diffing.timeline_diff imports this module
    from geotimeline.diffing.timeline_diff import TimelineDiff

__all__ = ["json_patch"]


def json_patch(diff: TimelineDiff, old: Timeline, new: Timeline) -> list[dict[str, Any]]:
    patch: list[dict[str, Any]] = []
    for field_change in diff.timeline_fields:
        patch += _value_operations(f"/{field_change.field}", field_change.old, field_change.new)
    # Events that keep their place in the order (same sort key) are patched field by field;
    # the others are taken out, last first, then put in at their new places, first first, so
    # that every index is right at the moment its operation runs.
    in_place = [change for change in diff.changed if change.old.sort_key == change.new.sort_key]
    moved = [change for change in diff.changed if change.old.sort_key != change.new.sort_key]
    leaving = sorted(
        (old.index(event.id), event)
        for event in itertools.chain(diff.removed, (change.old for change in moved))
    )  # positions are unique, so events are never compared
    for position, event in reversed(leaving):
        value = unstructure_event(event)
        patch.append({"op": "test", "path": f"/events/{position}", "value": value})
        patch.append({"op": "remove", "path": f"/events/{position}"})
    arriving = sorted(
        (new.index(event.id), event)
        for event in itertools.chain(diff.added, (change.new for change in moved))
    )
    for position, event in arriving:
        value = unstructure_event(event)
        patch.append({"op": "add", "path": f"/events/{position}", "value": value})
    for change in in_place:
        path = f"/events/{new.index(change.new.id)}"
        mine, theirs = unstructure_event(change.old), unstructure_event(change.new)
        for name in EVENT_FIELDS:
            patch += _value_operations(f"{path}/{name}", mine.get(name), theirs.get(name))
    return patch


def _value_operations(path: str, old: Any, new: Any) -> list[dict[str, Any]]:
    """Operations turning ``old`` into ``new`` at ``path``; None means the key is absent."""
    if old is None and new is None:
        return []
    if old is None:
        return [{"op": "add", "path": path, "value": new}]
    test = {"op": "test", "path": path, "value": old}
    if new is None:
        return [test, {"op": "remove", "path": path}]
    if json_equal(old, new):
        return []
    return [test, {"op": "replace", "path": path, "value": new}]
