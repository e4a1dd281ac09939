"""The parts a diff is made of: one changed field, one changed event, and the counts.

:class:`FieldChange` is one field with its old and new values (and, for a date, how it moved:
:func:`when_direction`); :class:`EventChange` is an event as it was and as it is, with the
fields that differ; :class:`DiffSummary` counts a diff's changes. They are public through
:mod:`geotimeline.diffing`, and :class:`~geotimeline.diffing.TimelineDiff` is built from
them.

>>> FieldChange("title", "Talks", "Talks in Astana")
FieldChange(field='title', old='Talks', new='Talks in Astana', direction=None)
"""

from __future__ import annotations

import json
import operator
from typing import Any, Final

import attrs

from geotimeline.errors import InvalidFieldError
from geotimeline.events.event import Event
from geotimeline.io.native import converter
from geotimeline.time.when import Moment, When

__all__ = [
    "EVENT_FIELDS",
    "TIMELINE_FIELDS",
    "WHEN_DIRECTIONS",
    "DiffSummary",
    "EventChange",
    "FieldChange",
    "field_changes",
    "json_equal",
    "unstructure_value",
    "when_direction",
]

#: The fields of an event a diff compares, in the class's order (``sort_key`` is derived).
EVENT_FIELDS: Final = tuple(field.name for field in attrs.fields(Event) if field.init)
#: The fields of a timeline itself that a diff compares.
TIMELINE_FIELDS: Final = ("title", "description")

#: Every value :func:`when_direction` can return.
WHEN_DIRECTIONS: Final = (
    "earlier",
    "later",
    "more precise",
    "less precise",
    "earlier, more precise",
    "earlier, less precise",
    "later, more precise",
    "later, less precise",
    "more certain",
    "less certain",
    "changed",
)


def _sign(number: int) -> int:
    return (number > 0) - (number < 0)


def _qualifiers(when: When) -> int:
    """How many EDTF qualifiers (``?``, ``~``) a date carries: a rough measure of doubt."""
    bounds = (when.start,) if not when.is_interval else (when.start, when.end)
    return sum(bound.uncertain + bound.approximate for bound in bounds if isinstance(bound, Moment))


def when_direction(old: When, new: When) -> str:
    """How a date changed, judged by its earliest and latest possible instants.

    A range that shrinks inside the old one is "more precise", one that grows around it "less
    precise"; a range that moves is "earlier" or "later", with ", more precise" or ", less
    precise" when its width changed too. The same range written with fewer or more qualifiers
    (``?``, ``~``) is "more certain" or "less certain"; any other rewrite is "changed".

    >>> when_direction(When.parse("summer 2017"), When.parse("2017-07-09"))
    'more precise'
    >>> when_direction(When.parse("2017-11-11"), When.parse("2017-11-12"))
    'later'
    >>> when_direction(When.parse("2017-11-11"), When.parse("2017-11-11?"))
    'less certain'
    """
    # Each bound read once: a diff asks this of every date it changes.
    old_first, old_last, new_first, new_last = (
        old.earliest_us, old.latest_us, new.earliest_us, new.latest_us
    )  # fmt: skip
    start = _sign(new_first - old_first)
    end = _sign(new_last - old_last)
    if start == end == 0:
        return _same_range_direction(old, new)
    if start >= 0 and end <= 0:
        return "more precise"
    if start <= 0 and end >= 0:
        return "less precise"
    moved = "later" if start > 0 else "earlier"
    width = _sign((new_last - new_first) - (old_last - old_first))
    return moved if width == 0 else f"{moved}, {'more' if width < 0 else 'less'} precise"


def _same_range_direction(old: When, new: When) -> str:
    if new.precision != old.precision:
        return "more precise" if new.precision > old.precision else "less precise"
    doubt = _sign(_qualifiers(new) - _qualifiers(old))
    return {-1: "more certain", 0: "changed", 1: "less certain"}[doubt]


@attrs.frozen
class FieldChange:
    """One field whose value differs: its name, the old and new values, and for ``when`` how.

    >>> FieldChange("when", When.parse("2017"), When.parse("2018")).direction
    'later'
    """

    field: str
    old: Any
    new: Any
    #: For ``when``, what :func:`when_direction` says; None for other fields.
    direction: str | None = attrs.field(init=False, default=None)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.old, When) and isinstance(self.new, When):
            object.__setattr__(self, "direction", when_direction(self.old, self.new))


#: The values of an event's :data:`EVENT_FIELDS`, read in one call.
_FIELD_VALUES: Final = operator.attrgetter(*EVENT_FIELDS)


def field_changes(old: Event, new: Event) -> tuple[FieldChange, ...]:
    # Values that are one object are equal, as in a comparison of events, which stops there.
    # A list made first: tuple() of a generator costs more, for each of a diff's changes.
    return tuple(
        [
            FieldChange(name, mine, theirs)
            for name, mine, theirs in zip(
                EVENT_FIELDS, _FIELD_VALUES(old), _FIELD_VALUES(new), strict=True
            )
            if mine is not theirs and mine != theirs
        ]
    )


@attrs.frozen
class EventChange:
    """An event as it was (``old``) and as it is (``new``), and the fields that differ.

    The two usually share an id; a diff made with ``match="content"`` may pair events whose
    ids differ, and then ``id`` is one of the changed fields.

    >>> change = EventChange(Event(id="a", title="Talks", when="2017"),
    ...                      Event(id="a", title="Talks in Astana", when="2017"))
    >>> [(field.field, field.old, field.new) for field in change.fields]
    [('title', 'Talks', 'Talks in Astana')]
    """

    old: Event = attrs.field(validator=attrs.validators.instance_of(Event))
    new: Event = attrs.field(validator=attrs.validators.instance_of(Event))
    #: The fields that differ, in the order of :class:`Event`'s fields.
    fields: tuple[FieldChange, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        fields = field_changes(self.old, self.new)
        if not fields:
            raise InvalidFieldError("changed", self.old.id, "has equal old and new events")
        object.__setattr__(self, "fields", fields)

    @property
    def id(self) -> str:
        """The id of the event as it is now."""
        return self.new.id

    def invert(self) -> EventChange:
        """The change that undoes this one."""
        return EventChange(self.new, self.old)


@attrs.frozen
class DiffSummary:
    """How many events a diff adds, removes and changes, and how many timeline fields change.

    >>> str(DiffSummary(added=2, removed=0, changed=1, timeline=0))
    '2 added, 0 removed, 1 changed'
    """

    added: int
    removed: int
    changed: int
    #: Changed fields of the timeline itself (title, description).
    timeline: int

    @property
    def events(self) -> int:
        """How many events differ: added, removed or changed.

        >>> DiffSummary(added=2, removed=0, changed=1, timeline=1).events
        3
        """
        return self.added + self.removed + self.changed

    @property
    def total(self) -> int:
        """Every change counted once."""
        return self.events + self.timeline

    def __str__(self) -> str:
        text = f"{self.added} added, {self.removed} removed, {self.changed} changed"
        if self.timeline:
            plural = "s" if self.timeline > 1 else ""
            text += f", {self.timeline} timeline field{plural} changed"
        return text


# -- field values as JSON -----------------------------------------------------------------------


def unstructure_value(value: Any) -> Any:
    """A field's value as the native format writes it (dates as EDTF text, tuples as lists)."""
    return converter.unstructure(value)


def json_equal(mine: Any, theirs: Any) -> bool:
    # Compare as JSON text: 1 and 1.0, or a list and a tuple, are one JSON value each.
    return json.dumps(mine, sort_keys=True) == json.dumps(theirs, sort_keys=True)
