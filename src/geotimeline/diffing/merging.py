"""Three-way merge: combining two edits ("ours" and "theirs") of one timeline ("base").

Events are matched by id. An event changed on one side only takes that side's version; an event
changed on both sides is merged field by field, so that one side's new date and the other's new
summary both survive. Where both sides changed the same thing differently, the merge does not
guess: it records a :class:`Conflict` and keeps the base's version, unless told which side to
prefer.

>>> from geotimeline import Event, Timeline
>>> base = Timeline([Event(id="ceasefire", title="Ceasefire", when="summer 2017")])
>>> ours = Timeline([Event(id="ceasefire", title="Ceasefire", when="2017-07-09")])
>>> theirs = Timeline([Event(id="ceasefire", title="Ceasefire in south-western Syria",
...                          when="summer 2017")])
>>> result = merge(base, ours, theirs)
>>> result.clean, result.timeline["ceasefire"].title, str(result.timeline["ceasefire"].when)
(True, 'Ceasefire in south-western Syria', '2017-07-09')
"""

from __future__ import annotations

import enum
from typing import Any, Final, Literal

import attrs

from geotimeline.diffing.changes import EVENT_FIELDS, TIMELINE_FIELDS
from geotimeline.diffing.rendering import show_value
from geotimeline.display.text import printable
from geotimeline.errors import InvalidFieldError
from geotimeline.events.event import Event
from geotimeline.timeline.timeline import Timeline

__all__ = ["Conflict", "ConflictKind", "MergeResult", "merge"]

Side = Literal["ours", "theirs"]
_SIDES: Final = ("ours", "theirs")


class ConflictKind(enum.StrEnum):
    """What the two sides did that cannot be merged without a choice."""

    #: Both sides changed the same field of an event (or of the timeline) differently.
    BOTH_CHANGED = "both changed"
    #: Both sides added an event with the same id, but not the same event.
    BOTH_ADDED = "both added"
    #: Our side removed an event that their side changed.
    REMOVED_BY_OURS = "removed by ours, changed by theirs"
    #: Their side removed an event that our side changed.
    REMOVED_BY_THEIRS = "changed by ours, removed by theirs"


@attrs.frozen
class Conflict:
    """Two edits that cannot both be kept.

    ``event_id`` is the event concerned, or None for the timeline's own title and description;
    ``field`` names the field both sides changed, or is None when whole events conflict (then
    ``base``, ``ours`` and ``theirs`` are events, or None where a side has no such event).
    ``resolution`` is the side whose version the merged timeline holds, or None when it holds
    the base's version (or, for two different additions, neither).

    >>> Conflict(ConflictKind.BOTH_CHANGED, "crimea", "title", "Crimea", "Crimea annexed",
    ...          "Crimea annexes itself").describe()
    "crimea: both changed title: 'Crimea' → ours 'Crimea annexed', theirs 'Crimea annexes itself'"
    """

    kind: ConflictKind
    event_id: str | None
    field: str | None
    base: Any
    ours: Any
    theirs: Any
    resolution: Side | None = None

    def describe(self) -> str:
        """One line saying what conflicts."""
        where = self.event_id or "timeline"
        what = f" {self.field}" if self.field else ""
        values = (
            f"{show_value(self.base)} → ours {show_value(self.ours)}, "
            f"theirs {show_value(self.theirs)}"
            if self.field
            else _describe_events(self)
        )
        resolved = f" (took {self.resolution})" if self.resolution else ""
        return printable(f"{where}: {self.kind}{what}: {values}{resolved}")

    def swapped(self) -> Conflict:
        """The same conflict seen from the other side (ours and theirs exchanged)."""
        kind = {
            ConflictKind.REMOVED_BY_OURS: ConflictKind.REMOVED_BY_THEIRS,
            ConflictKind.REMOVED_BY_THEIRS: ConflictKind.REMOVED_BY_OURS,
        }.get(self.kind, self.kind)
        resolution: Side | None = (
            None if self.resolution is None else "theirs" if self.resolution == "ours" else "ours"
        )
        return Conflict(
            kind, self.event_id, self.field, self.base, self.theirs, self.ours, resolution
        )


def _describe_events(conflict: Conflict) -> str:
    def title(event: Any) -> str:
        return "none" if event is None else repr(event.title)

    return f"ours {title(conflict.ours)}, theirs {title(conflict.theirs)}"


@attrs.frozen
class MergeResult:
    """The merged timeline and the conflicts met on the way.

    Without ``prefer``, each conflicting field keeps its base value, an event removed on one
    side and changed on the other stays as in the base, and an event both sides added
    differently is left out; ``conflicts`` lists every one of these for a person to decide.
    """

    timeline: Timeline
    conflicts: tuple[Conflict, ...] = ()

    @property
    def clean(self) -> bool:
        """True when nothing conflicted (with ``prefer``, when nothing needed the preference)."""
        return not self.conflicts

    @property
    def unresolved(self) -> tuple[Conflict, ...]:
        """The conflicts that no preference settled."""
        return tuple(conflict for conflict in self.conflicts if conflict.resolution is None)


def merge(
    base: Timeline, ours: Timeline, theirs: Timeline, prefer: Side | None = None
) -> MergeResult:
    """Merge two edits of ``base``; never raises on conflicts, never picks a side silently.

    Each event id is looked at on its own: an event that one side changed (or added, or
    removed) and the other left alone takes that side's version; an event both sides changed
    is merged field by field. Conflicts are listed in the result; with ``prefer="ours"`` or
    ``"theirs"`` that side's version is taken for each of them (and the conflict, still
    listed, says so).

    >>> from geotimeline import Event, Timeline
    >>> base = Timeline([Event(id="talks", title="Talks", when="2017")])
    >>> ours = Timeline([Event(id="talks", title="Talks", when="2017-05")])
    >>> theirs = Timeline([Event(id="talks", title="Talks", when="2017-06")])
    >>> result = merge(base, ours, theirs)
    >>> [conflict.describe() for conflict in result.conflicts]
    ['talks: both changed when: 2017 → ours 2017-05, theirs 2017-06']
    >>> preferring_theirs = merge(base, ours, theirs, prefer="theirs")
    >>> str(result.timeline["talks"].when), str(preferring_theirs.timeline["talks"].when)
    ('2017', '2017-06')
    >>> preferring_theirs.unresolved
    ()

    Runtime complexity: O(n log n) for n events in all.
    """
    for name, value in (("base", base), ("ours", ours), ("theirs", theirs)):
        if not isinstance(value, Timeline):
            raise InvalidFieldError(name, value, "is not a Timeline")
    if prefer is not None and prefer not in _SIDES:
        raise InvalidFieldError("prefer", prefer, "must be None, 'ours' or 'theirs'")
    conflicts: list[Conflict] = []
    events: list[Event] = []
    base_ids, our_ids, their_ids = base._by_id, ours._by_id, theirs._by_id
    # Dicts keep insertion order, which makes the order of conflicts deterministic.
    for event_id in {**base_ids, **our_ids, **their_ids}:
        merged = _merge_event(
            event_id,
            base_ids.get(event_id),
            our_ids.get(event_id),
            their_ids.get(event_id),
            prefer,
            conflicts,
        )
        if merged is not None:
            events.append(merged)
    fields = {
        name: _merge_value(
            None, name, getattr(base, name), getattr(ours, name), getattr(theirs, name),
            prefer, conflicts,
        )
        for name in TIMELINE_FIELDS
    }  # fmt: skip
    conflicts.sort(key=_conflict_order)
    return MergeResult(Timeline(events, **fields), tuple(conflicts))


def _conflict_order(conflict: Conflict) -> tuple[bool, str, int]:
    # Timeline fields first, then events by id, each event's fields in the class's order.
    field = conflict.field
    position = EVENT_FIELDS.index(field) if field in EVENT_FIELDS else -1
    return conflict.event_id is not None, conflict.event_id or "", position


def _pick(base: Any, ours: Any, theirs: Any, prefer: Side | None) -> Any:
    return base if prefer is None else ours if prefer == "ours" else theirs


def _merge_value(
    event_id: str | None,
    field: str,
    base: Any,
    ours: Any,
    theirs: Any,
    prefer: Side | None,
    conflicts: list[Conflict],
) -> Any:
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    conflicts.append(
        Conflict(ConflictKind.BOTH_CHANGED, event_id, field, base, ours, theirs, prefer)
    )
    return _pick(base, ours, theirs, prefer)


def _merge_event(
    event_id: str,
    base: Event | None,
    ours: Event | None,
    theirs: Event | None,
    prefer: Side | None,
    conflicts: list[Conflict],
) -> Event | None:
    # The common cases first, cheaply: both sides agree, or one side left the event alone.
    if ours is theirs or ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    if ours is not None and theirs is not None and base is not None:
        fields = {
            name: _merge_value(
                event_id, name, getattr(base, name), getattr(ours, name),
                getattr(theirs, name), prefer, conflicts,
            )
            for name in EVENT_FIELDS
        }  # fmt: skip
        return attrs.evolve(base, **fields)
    kind = (
        ConflictKind.BOTH_ADDED
        if base is None
        else ConflictKind.REMOVED_BY_OURS
        if ours is None
        else ConflictKind.REMOVED_BY_THEIRS
    )
    conflicts.append(Conflict(kind, event_id, None, base, ours, theirs, prefer))
    picked: Event | None = _pick(base, ours, theirs, prefer)
    return picked
