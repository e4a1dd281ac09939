"""Comparing timelines: what was added, removed and changed, as data that can be applied.

:func:`diff` compares two timelines and returns a :class:`TimelineDiff`. Events are matched by
id; with ``match="content"``, events left unmatched are then paired by a similar title, shared
actors and a nearby date (see :func:`diff` for the rule), so that two accounts written
independently can be compared.

>>> from geotimeline import Event, Timeline
>>> old = Timeline([
...     Event(id="ceasefire", title="Ceasefire in south-western Syria", when="summer 2017"),
...     Event(id="crimea", title="Russia annexes Crimea", when="2014-03-18"),
... ])
>>> new = Timeline([
...     Event(id="ceasefire", title="Ceasefire in south-western Syria", when="2017-07-09"),
...     Event(id="raqqa", title="Fall of Raqqa", when="2017-10-17"),
... ])
>>> change = diff(old, new)
>>> print(change)
1 added, 1 removed, 1 changed
- 2014-03-18  Russia annexes Crimea
~ 2017-07-09  Ceasefire in south-western Syria
    when: 2017-22 → 2017-07-09 (more precise)
+ 2017-10-17  Fall of Raqqa
>>> change.apply(old) == new, change.invert().apply(new) == old
(True, True)

A diff is a value: it compares equal to another diff of the same changes, and it is written to
and read from JSON (the schema is ``docs/schema/diff.schema.json``) or exported as an RFC 6902
JSON Patch against the native file format.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any, Final, Literal

import attrs

from geotimeline.diffing.changes import (
    TIMELINE_FIELDS,
    DiffSummary,
    EventChange,
    FieldChange,
    field_changes,
    json_equal,
    unstructure_value,
)
from geotimeline.diffing.json_patch import json_patch
from geotimeline.diffing.matching import match_by_id
from geotimeline.diffing.pairing import pair_by_content
from geotimeline.diffing.rendering import format_diff, html_table
from geotimeline.errors import FormatError, GeotimelineError, InvalidFieldError, listed, shown
from geotimeline.events.event import ORDER, Event
from geotimeline.io import text_of
from geotimeline.io.native import parse_json, structure_event, unstructure_event
from geotimeline.timeline.timeline import Timeline

# This module holds the diff itself (TimelineDiff), how it is made (diff), applied, and read and
# written as JSON. The parts it is made of are in geotimeline.diffing.changes, pairing by
# content in .pairing, showing a diff in .rendering, the JSON Patch export in .json_patch; the
# package exports the public names of all of them.

__all__ = [
    "DIFF_FORMAT_NAME",
    "DIFF_FORMAT_VERSION",
    "DiffMismatchError",
    "Match",
    "TimelineDiff",
    "diff",
]


DIFF_FORMAT_NAME: Final = "geotimeline-diff"
DIFF_FORMAT_VERSION: Final = 1


Match = Literal["id", "content"]
_MATCHES: Final = ("id", "content")


class DiffMismatchError(GeotimelineError, ValueError):
    """A diff does not fit the timeline it is applied to.

    ``event_id`` names the event at fault (None for the timeline's own fields) and ``reason``
    says what does not fit.
    """

    # Shown, in tracebacks, where users import it from.
    __module__ = "geotimeline.diffing"

    def __init__(self, event_id: str | None, reason: str) -> None:
        where = "the timeline" if event_id is None else f"event {shown(event_id)}"
        super().__init__(f"the diff does not fit this timeline: {where} {reason}")
        self.event_id = event_id
        self.reason = reason


# -- the diff -----------------------------------------------------------------------------------


# Canonical orders, so that two diffs of the same changes compare equal whatever their making.


def _sorted_events(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(sorted(events, key=ORDER))


def _change_key(change: EventChange) -> tuple[Any, ...]:
    # Symmetric in old and new, so that inverting a diff keeps its order; old and new ids are
    # unique within a diff, so the old event's key decides any remaining tie. The lesser key
    # first, then the greater: min() and max() in one comparison.
    old, new = change.old.sort_key, change.new.sort_key
    return (new, old, old) if new < old else (old, new, old)


def _sorted_changes(changes: Iterable[EventChange]) -> tuple[EventChange, ...]:
    return tuple(sorted(changes, key=_change_key))


def _sorted_timeline_fields(changes: Iterable[FieldChange]) -> tuple[FieldChange, ...]:
    # Unknown fields sort last, for the validator to refuse them.
    order = {name: position for position, name in enumerate(TIMELINE_FIELDS)}
    return tuple(sorted(changes, key=lambda change: order.get(change.field, len(order))))


def _check_match(value: str) -> None:
    if value not in _MATCHES:
        raise InvalidFieldError("match", value, "must be 'id' or 'content'")


@attrs.frozen
class TimelineDiff:
    """The difference between two timelines: events added, removed and changed.

    Make one with :func:`diff`. ``added`` and ``removed`` are sorted by date, ``changed`` by the
    dates of the events it pairs; ``timeline_fields`` holds changes to the timeline's own title
    and description. An empty diff is false. ``match`` records how events were paired.

    >>> from geotimeline import Timeline
    >>> bool(diff(Timeline(), Timeline())), str(diff(Timeline(), Timeline(title="Syria")))
    (False, "0 added, 0 removed, 0 changed, 1 timeline field changed\\n~ title: none → 'Syria'")
    """

    added: tuple[Event, ...] = attrs.field(default=(), converter=_sorted_events)
    removed: tuple[Event, ...] = attrs.field(default=(), converter=_sorted_events)
    changed: tuple[EventChange, ...] = attrs.field(default=(), converter=_sorted_changes)
    timeline_fields: tuple[FieldChange, ...] = attrs.field(
        default=(), converter=_sorted_timeline_fields
    )
    match: str = attrs.field(default="id", kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_match(self.match)
        self._check_ids()
        names = [change.field for change in self.timeline_fields]
        for change in self.timeline_fields:
            if change.field not in TIMELINE_FIELDS or change.old == change.new:
                raise InvalidFieldError("timeline_fields", change, "is not a timeline change")
            if names.count(change.field) > 1:
                raise InvalidFieldError("timeline_fields", change.field, "is changed twice")

    def _check_ids(self) -> None:
        """Each event id appears at most once on each side: what apply() relies on."""
        olds = [event.id for event in self.removed]
        news = [event.id for event in self.added]
        kept = set()  # the ids of the changes that keep their id
        for change in self.changed:  # one pass: a large diff's changes are read once
            old_id, new_id = change.old.id, change.new.id
            olds.append(old_id)
            news.append(new_id)
            if old_id == new_id:
                kept.add(old_id)
        unique = {}
        for side, ids in (("old", olds), ("new", news)):
            unique[side] = set(ids)
            if len(unique[side]) != len(ids):
                repeated = next(eid for eid in ids if ids.count(eid) > 1)
                raise InvalidFieldError("event", repeated, f"appears twice on the {side} side")
        # An id that leaves and arrives is one change, not a removal and an addition: the
        # canonical form that makes equal diffs equal.
        both = (unique["old"] & unique["new"]) - kept
        if both:
            raise InvalidFieldError(
                "event", min(both), "is both taken out and put in; it must be one change"
            )

    # -- reading -------------------------------------------------------------------------------

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.timeline_fields)

    def __len__(self) -> int:
        return self.summary.total

    @property
    def summary(self) -> DiffSummary:
        """The counts of added, removed and changed events (and changed timeline fields)."""
        return DiffSummary(
            added=len(self.added),
            removed=len(self.removed),
            changed=len(self.changed),
            timeline=len(self.timeline_fields),
        )

    # -- using ---------------------------------------------------------------------------------

    def invert(self) -> TimelineDiff:
        """The diff that undoes this one: ``diff(a, b).invert() == diff(b, a)``.

        Runtime complexity: O(k log k) for k changes.
        """
        return TimelineDiff(
            added=self.removed,
            removed=self.added,
            changed=[change.invert() for change in self.changed],
            timeline_fields=[
                FieldChange(change.field, change.new, change.old) for change in self.timeline_fields
            ],
            match=self.match,
        )

    def apply(self, timeline: Timeline) -> Timeline:
        """A new timeline: ``timeline`` with this diff's changes made; ``timeline`` is unchanged.

        Raises :class:`DiffMismatchError` when the diff does not fit: an event it removes or
        changes is missing or differs from the diff's old version, an event it adds is there
        already, or the title or description is not the old one.

        Runtime complexity: O(n + k log n) for n events and k changes.
        """
        self._check_fits(timeline)
        result = timeline.copy()
        for event in itertools.chain(self.removed, (change.old for change in self.changed)):
            result.remove(event.id)
        result.update(itertools.chain(self.added, (change.new for change in self.changed)))
        for change in self.timeline_fields:
            setattr(result, change.field, change.new)
        return result

    def _check_fits(self, timeline: Timeline) -> None:
        for change in self.timeline_fields:
            if getattr(timeline, change.field) != change.old:
                raise DiffMismatchError(
                    None, f"has {change.field} {shown(getattr(timeline, change.field))}, "
                    f"not {shown(change.old)}"
                )  # fmt: skip
        leaving = set()
        for event in itertools.chain(self.removed, (change.old for change in self.changed)):
            _check_present(timeline, event)
            leaving.add(event.id)
        for event in itertools.chain(self.added, (change.new for change in self.changed)):
            if event.id in timeline.ids() and event.id not in leaving:
                raise DiffMismatchError(event.id, "is already in it")

    # -- writing -------------------------------------------------------------------------------

    def to_document(self) -> dict[str, Any]:
        """The diff as a JSON-compatible dict (see ``docs/schema/diff.schema.json``)."""
        return {
            "format": DIFF_FORMAT_NAME,
            "version": DIFF_FORMAT_VERSION,
            "match": self.match,
            "timeline": [_field_document(change) for change in self.timeline_fields],
            "added": [unstructure_event(event) for event in self.added],
            "removed": [unstructure_event(event) for event in self.removed],
            "changed": [_change_document(change) for change in self.changed],
        }

    def to_json(self, indent: int | None = None) -> str:
        """The diff as JSON text; :meth:`from_json` reads it back into an equal diff."""
        return json.dumps(self.to_document(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_document(cls, document: Any, source: str = "<document>") -> TimelineDiff:
        """Read a diff from the dict :meth:`to_document` makes.

        Raises :class:`~geotimeline.errors.FormatError` naming the part at fault.
        """
        return _read_document(document, source)

    @classmethod
    def from_json(cls, text: str | bytes, source: str = "<string>") -> TimelineDiff:
        """Read a diff from the JSON text :meth:`to_json` writes.

        >>> from geotimeline import Timeline
        >>> change = diff(Timeline(), Timeline(title="Syria"))
        >>> TimelineDiff.from_json(change.to_json()) == change
        True
        """
        return _read_document(parse_json(text_of(text, source), source, "diff"), source)

    def to_json_patch(self, timeline: Timeline) -> list[dict[str, Any]]:
        """An RFC 6902 JSON Patch that turns the native document of ``timeline`` into the
        document of ``self.apply(timeline)`` (see :mod:`geotimeline.io.native`).

        Each removed or replaced value is first checked with a ``test`` operation, so the
        patch fails on a document it does not fit. Events whose place in the order does not
        change are patched field by field; the others are removed and added again.

        >>> from geotimeline import Event, Timeline
        >>> old = Timeline([Event(id="a", title="Talks", when="2017")])
        >>> new = Timeline([Event(id="a", title="Talks in Astana", when="2017")])
        >>> diff(old, new).to_json_patch(old)  # doctest: +NORMALIZE_WHITESPACE
        [{'op': 'test', 'path': '/events/0/title', 'value': 'Talks'},
         {'op': 'replace', 'path': '/events/0/title', 'value': 'Talks in Astana'}]

        Runtime complexity: O(n + k log n) for n events and k changes.
        """
        return json_patch(self, timeline, self.apply(timeline))

    # -- showing -------------------------------------------------------------------------------

    def format(self, color: bool = False) -> str:
        """The chronological listing ``str()`` gives, with ANSI colours when ``color`` is true.

        The first line is the :attr:`summary`; then each event, in date order, marked ``+``
        (added), ``-`` (removed) or ``~`` (changed, with its changed fields indented below).
        """
        return format_diff(self, color=color)

    def __str__(self) -> str:
        return self.format()

    def _repr_html_(self) -> str:
        """A table for notebooks: one row per event, with the changed fields."""
        return html_table(self)


def _check_present(timeline: Timeline, event: Event) -> None:
    found = timeline.get(event.id)
    if found is None:
        raise DiffMismatchError(event.id, "is not in it")
    if found != event:
        differing = ", ".join(change.field for change in field_changes(event, found))
        raise DiffMismatchError(event.id, f"differs from the diff's old version in {differing}")


# -- diffing ------------------------------------------------------------------------------------


def diff(old: Timeline, new: Timeline, match: Match = "id") -> TimelineDiff:
    """What changed from ``old`` to ``new``: events added, removed and changed.

    Events with the same id are compared field by field. With ``match="content"``, events left
    unmatched by id are then paired when they look like the same event told differently. A
    pair is scored as 0.6 × title similarity + 0.2 × actor overlap + 0.2 × closeness in time:

    - title similarity: the larger of the shared fraction of the titles' words (lower-case
      ASCII, without a, of, the, ..., crudely stemmed so that "falls" is "fall") and difflib's
      ratio of the two titles' words;
    - actor overlap: shared actors over all actors, ignoring case (0.5 when neither has any);
    - closeness: 1 when the date ranges overlap, falling to 0 as the gap grows to a year.

    Only pairs that could be one event are scored: their titles share a stemmed word, their
    dates overlap or lie less than 31 days apart, and the score with the shared fraction of
    words as title similarity reaches 0.4 (so difflib's ratio can lift a near miss over the
    threshold, but not a pair that shares too few words). Pairs scoring 0.6 or more are taken
    best first (ties in date order), each event in at most one pair. The pairs compared are
    found through blocks keyed by date, actors and the titles' rarer words, laid out so that
    none of the pairs this rule compares is missed.

    >>> from geotimeline import Event, Timeline
    >>> ours = Timeline([Event(title="Russia annexes Crimea", when="2014-03-18",
    ...                        actors=["Russia"])])
    >>> theirs = Timeline([Event(title="Russia annexes the Crimea", when="2014-03",
    ...                          actors=["Russia"])])
    >>> print(diff(ours, theirs, match="content"))
    0 added, 0 removed, 1 changed
    ~ 2014-03     Russia annexes the Crimea
        id: '2014-03-18-russia-annexes-crimea' → '2014-03-russia-annexes-the-crimea'
        title: 'Russia annexes Crimea' → 'Russia annexes the Crimea'
        when: 2014-03-18 → 2014-03 (less precise)

    Runtime complexity: O(n) for n events matched by id, plus O(u log u + k log k) to pair u
    unmatched events through k candidate pairs, about u times the number of events that a
    month holds and that share an actor or two rarer title words with each.
    """
    _check_match(match)
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, Timeline):
            raise InvalidFieldError(name, value, "is not a Timeline")
    removed, added, pairs = match_by_id(old._by_id, new._by_id)
    changed = [EventChange(old_event, new_event) for old_event, new_event in pairs]
    if match == "content" and removed and added:
        look_alikes = pair_by_content(removed, added)
        paired_old = {id(old_event) for old_event, _ in look_alikes}
        paired_new = {id(new_event) for _, new_event in look_alikes}
        removed = [event for event in removed if id(event) not in paired_old]
        added = [event for event in added if id(event) not in paired_new]
        changed += [EventChange(old_event, new_event) for old_event, new_event in look_alikes]
    timeline_fields = [
        FieldChange(name, getattr(old, name), getattr(new, name))
        for name in TIMELINE_FIELDS
        if getattr(old, name) != getattr(new, name)
    ]
    return TimelineDiff(added, removed, changed, timeline_fields, match=match)


# -- JSON ---------------------------------------------------------------------------------------


def _field_document(change: FieldChange) -> dict[str, Any]:
    document = {
        "field": change.field,
        "old": unstructure_value(change.old),
        "new": unstructure_value(change.new),
    }
    if change.direction is not None:
        document["direction"] = change.direction
    return document


def _change_document(change: EventChange) -> dict[str, Any]:
    return {
        "id": change.old.id,
        "fields": [_field_document(field) for field in change.fields],
        "old": unstructure_event(change.old),
        "new": unstructure_event(change.new),
    }


_DOCUMENT_KEYS: Final = ("format", "version", "match", "timeline", "added", "removed", "changed")


def _read_document(document: Any, source: str) -> TimelineDiff:
    if not isinstance(document, dict):
        raise FormatError(source, None, "is not a JSON object")
    if document.get("format") != DIFF_FORMAT_NAME:
        raise FormatError(source, "format", f"is not a {DIFF_FORMAT_NAME} document")
    version = document.get("version")
    # true == 1 and 1.0 == 1 to Python, but neither is the integer a version is.
    if type(version) is not int or version != DIFF_FORMAT_VERSION:
        raise FormatError(source, "version", f"{shown(version)} is not supported (only 1)")
    unknown = set(document) - set(_DOCUMENT_KEYS)
    if unknown:
        raise FormatError(source, None, f"has unknown fields: {listed(unknown)}")
    missing = [key for key in _DOCUMENT_KEYS if key not in document]
    if missing:
        raise FormatError(source, None, f"lacks required fields: {', '.join(missing)}")
    match = document["match"]
    if match not in _MATCHES:
        raise FormatError(source, "match", f"{shown(match)} is not 'id' or 'content'")
    added = [
        _read_event(raw, f"added[{n}]", source) for n, raw in _items(document, "added", source)
    ]
    removed = [
        _read_event(raw, f"removed[{n}]", source) for n, raw in _items(document, "removed", source)
    ]
    changed = [
        _read_change(raw, f"changed[{n}]", source) for n, raw in _items(document, "changed", source)
    ]
    timeline = [
        _read_timeline_field(raw, f"timeline[{n}]", source)
        for n, raw in _items(document, "timeline", source)
    ]
    try:
        return TimelineDiff(added, removed, changed, timeline, match=match)
    except GeotimelineError as error:
        raise FormatError(source, None, str(error)) from None


def _items(document: dict[str, Any], key: str, source: str) -> Iterator[tuple[int, Any]]:
    values = document[key]
    if not isinstance(values, list):
        raise FormatError(source, key, "must be a list")
    return enumerate(values)


def _read_event(raw: Any, location: str, source: str) -> Event:
    return structure_event(raw, source, location)


def _read_change(raw: Any, location: str, source: str) -> EventChange:
    if not isinstance(raw, dict) or set(raw) != {"id", "fields", "old", "new"}:
        raise FormatError(source, location, "must be an object of id, fields, old and new")
    old = _read_event(raw["old"], f"{location}.old", source)
    new = _read_event(raw["new"], f"{location}.new", source)
    if raw["id"] != old.id:
        raise FormatError(source, f"{location}.id", f"{shown(raw['id'])} is not the old event's id")
    try:
        change = EventChange(old, new)
    except GeotimelineError as error:
        raise FormatError(source, location, str(error)) from None
    # The field list is there for readers; it must say what old and new say.
    if not json_equal(raw["fields"], [_field_document(field) for field in change.fields]):
        raise FormatError(source, f"{location}.fields", "do not match the old and new events")
    return change


def _read_timeline_field(raw: Any, location: str, source: str) -> FieldChange:
    if not isinstance(raw, dict) or set(raw) != {"field", "old", "new"}:
        raise FormatError(source, location, "must be an object of field, old and new")
    if raw["field"] not in TIMELINE_FIELDS:
        raise FormatError(source, location, f"{shown(raw['field'])} is not title or description")
    for side in ("old", "new"):
        if not isinstance(raw[side], str | None):
            raise FormatError(source, f"{location}.{side}", "must be text or null")
    return FieldChange(raw["field"], raw["old"], raw["new"])
