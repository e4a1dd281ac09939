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

import difflib
import html
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, Literal

import attrs

from geotimeline.errors import FormatError, GeotimelineError, InvalidFieldError
from geotimeline.event import Event, slugify
from geotimeline.io.native import converter, parse_json, structure_event, unstructure_event
from geotimeline.place import Place
from geotimeline.timeline import Timeline
from geotimeline.when import Moment, When

__all__ = [
    "DIFF_FORMAT_NAME",
    "DIFF_FORMAT_VERSION",
    "WHEN_DIRECTIONS",
    "DiffMismatchError",
    "DiffSummary",
    "EventChange",
    "FieldChange",
    "TimelineDiff",
    "diff",
    "when_direction",
]

DIFF_FORMAT_NAME: Final = "geotimeline-diff"
DIFF_FORMAT_VERSION: Final = 1

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

Match = Literal["id", "content"]
_MATCHES: Final = ("id", "content")


class DiffMismatchError(GeotimelineError, ValueError):
    """A diff does not fit the timeline it is applied to.

    ``event_id`` names the event at fault (None for the timeline's own fields) and ``reason``
    says what does not fit.
    """

    def __init__(self, event_id: str | None, reason: str) -> None:
        where = "the timeline" if event_id is None else f"event {event_id!r}"
        super().__init__(f"the diff does not fit this timeline: {where} {reason}")
        self.event_id = event_id
        self.reason = reason


# -- the values of a diff -----------------------------------------------------------------------


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
    start = _sign(new.earliest_us - old.earliest_us)
    end = _sign(new.latest_us - old.latest_us)
    if start == end == 0:
        return _same_range_direction(old, new)
    if start >= 0 and end <= 0:
        return "more precise"
    if start <= 0 and end >= 0:
        return "less precise"
    moved = "later" if start > 0 else "earlier"
    width = _sign((new.latest_us - new.earliest_us) - (old.latest_us - old.earliest_us))
    return {-1: f"{moved}, more precise", 0: moved, 1: f"{moved}, less precise"}[width]


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


def _field_changes(old: Event, new: Event) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, getattr(old, name), getattr(new, name))
        for name in EVENT_FIELDS
        if getattr(old, name) != getattr(new, name)
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
        fields = _field_changes(self.old, self.new)
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
    def total(self) -> int:
        """Every change counted once."""
        return self.added + self.removed + self.changed + self.timeline

    def __str__(self) -> str:
        text = f"{self.added} added, {self.removed} removed, {self.changed} changed"
        if self.timeline:
            plural = "s" if self.timeline > 1 else ""
            text += f", {self.timeline} timeline field{plural} changed"
        return text


# Canonical orders, so that two diffs of the same changes compare equal whatever their making.


def _sorted_events(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(sorted(events, key=lambda event: event.sort_key))


def _change_key(change: EventChange) -> tuple[Any, ...]:
    # Symmetric in old and new, so that inverting a diff keeps its order; old and new ids are
    # unique within a diff, so the old event's key decides any remaining tie.
    old, new = change.old.sort_key, change.new.sort_key
    return min(old, new), max(old, new), old


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
        olds = [event.id for event in self.removed] + [change.old.id for change in self.changed]
        news = [event.id for event in self.added] + [change.new.id for change in self.changed]
        for side, ids in (("old", olds), ("new", news)):
            if len(set(ids)) != len(ids):
                repeated = next(eid for eid in ids if ids.count(eid) > 1)
                raise InvalidFieldError("event", repeated, f"appears twice on the {side} side")
        # An id that leaves and arrives is one change, not a removal and an addition: the
        # canonical form that makes equal diffs equal.
        kept = {change.old.id for change in self.changed if change.old.id == change.new.id}
        both = (set(olds) & set(news)) - kept
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
                    None, f"has {change.field} {getattr(timeline, change.field)!r}, "
                    f"not {change.old!r}"
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
    def from_json(cls, text: str, source: str = "<string>") -> TimelineDiff:
        """Read a diff from the JSON text :meth:`to_json` writes.

        >>> from geotimeline import Timeline
        >>> change = diff(Timeline(), Timeline(title="Syria"))
        >>> TimelineDiff.from_json(change.to_json()) == change
        True
        """
        return _read_document(parse_json(text, source, "diff"), source)

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
        return _json_patch(self, timeline, self.apply(timeline))

    # -- showing -------------------------------------------------------------------------------

    def format(self, color: bool = False) -> str:
        """The chronological listing ``str()`` gives, with ANSI colours when ``color`` is true.

        The first line is the :attr:`summary`; then each event, in date order, marked ``+``
        (added), ``-`` (removed) or ``~`` (changed, with its changed fields indented below).
        """
        return _format_diff(self, color=color)

    def __str__(self) -> str:
        return self.format()

    def _repr_html_(self) -> str:
        """A table for notebooks: one row per event, with the changed fields."""
        return _html_table(self)


def _check_present(timeline: Timeline, event: Event) -> None:
    found = timeline.get(event.id)
    if found is None:
        raise DiffMismatchError(event.id, "is not in it")
    if found != event:
        differing = ", ".join(change.field for change in _field_changes(event, found))
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

    Only events whose titles share a stemmed word are scored; pairs scoring 0.6 or more are
    taken best first (ties in date order), each event in at most one pair.

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

    Runtime complexity: O(n) for n events matched by id (plus the pairing of unmatched events,
    which compares only events whose titles share a word).
    """
    _check_match(match)
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, Timeline):
            raise InvalidFieldError(name, value, "is not a Timeline")
    old_by_id, new_by_id = old._by_id, new._by_id
    missing = object()
    # attrs' __eq__ compares field tuples in C; only the few events that differ get more work.
    differing = [eid for eid, event in old_by_id.items() if new_by_id.get(eid, missing) != event]
    removed = [old_by_id[eid] for eid in differing if eid not in new_by_id]
    changed = [EventChange(old_by_id[eid], new_by_id[eid]) for eid in differing if eid in new_by_id]
    added = [event for eid, event in new_by_id.items() if eid not in old_by_id]
    if match == "content" and removed and added:
        pairs = _pair_by_content(removed, added)
        paired_old = {id(old_event) for old_event, _ in pairs}
        paired_new = {id(new_event) for _, new_event in pairs}
        removed = [event for event in removed if id(event) not in paired_old]
        added = [event for event in added if id(event) not in paired_new]
        changed += [EventChange(old_event, new_event) for old_event, new_event in pairs]
    timeline_fields = [
        FieldChange(name, getattr(old, name), getattr(new, name))
        for name in TIMELINE_FIELDS
        if getattr(old, name) != getattr(new, name)
    ]
    return TimelineDiff(added, removed, changed, timeline_fields, match=match)


_STOPWORDS: Final = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "its", "of", "on"}
    | {"or", "over", "the", "to", "with"}
)
_SUFFIXES: Final = ("ing", "ed", "es", "s")
_PAIR_THRESHOLD: Final = 0.6
_YEAR_US: Final = 366 * 24 * 3600 * 1_000_000


def _title_words(event: Event) -> list[str]:
    # slugify gives lower-case ASCII words; a generous length keeps every word.
    return [word for word in slugify(event.title, max_length=10_000).split("-") if word]


def _stem(word: str) -> str:
    """A crude English stem, enough for headlines: "annexes", "annexed" and "annex" agree."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _key_words(words: list[str]) -> set[str]:
    return {_stem(word) for word in words if word not in _STOPWORDS}


def _title_similarity(old_words: list[str], new_words: list[str]) -> float:
    # Word overlap catches reordered headlines ("Fall of Raqqa", "Raqqa falls"); the sequence
    # ratio catches small rewordings and misspellings.
    mine, theirs = _key_words(old_words), _key_words(new_words)
    overlap = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
    ratio = difflib.SequenceMatcher(None, " ".join(old_words), " ".join(new_words)).ratio()
    return max(overlap, ratio)


def _actor_overlap(old: Event, new: Event) -> float:
    mine = {actor.casefold() for actor in old.actors}
    theirs = {actor.casefold() for actor in new.actors}
    if not mine and not theirs:
        return 0.5
    return len(mine & theirs) / len(mine | theirs)


def _closeness(old: When, new: When) -> float:
    gap = max(old.earliest_us - new.latest_us, new.earliest_us - old.latest_us)
    return 1.0 if gap <= 0 else max(0.0, 1.0 - gap / _YEAR_US)


def _pair_score(old: Event, new: Event, old_words: list[str], new_words: list[str]) -> float:
    title = _title_similarity(old_words, new_words)
    return 0.6 * title + 0.2 * _actor_overlap(old, new) + 0.2 * _closeness(old.when, new.when)


def _pair_by_content(removed: list[Event], added: list[Event]) -> list[tuple[Event, Event]]:
    """Greedy best-first pairing of unmatched events that look alike (see :func:`diff`)."""
    new_words = [_title_words(event) for event in added]
    by_word: dict[str, list[int]] = {}
    for position, words in enumerate(new_words):
        for word in _key_words(words):
            by_word.setdefault(word, []).append(position)
    scored: list[tuple[float, tuple[int, int, str], tuple[int, int, str], int, int]] = []
    for old_position, old_event in enumerate(removed):
        words = _title_words(old_event)
        candidates = {pos for word in _key_words(words) for pos in by_word.get(word, ())}
        for new_position in candidates:
            new_event = added[new_position]
            score = _pair_score(old_event, new_event, words, new_words[new_position])
            if score >= _PAIR_THRESHOLD:
                key = (-score, old_event.sort_key, new_event.sort_key, old_position, new_position)
                scored.append(key)
    scored.sort()
    pairs: list[tuple[Event, Event]] = []
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for *_, old_position, new_position in scored:
        if old_position not in taken_old and new_position not in taken_new:
            taken_old.add(old_position)
            taken_new.add(new_position)
            pairs.append((removed[old_position], added[new_position]))
    return pairs


# -- JSON ---------------------------------------------------------------------------------------


def unstructure_value(value: Any) -> Any:
    """A field's value as the native format writes it (dates as EDTF text, tuples as lists)."""
    return converter.unstructure(value)


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


def _json_equal(mine: Any, theirs: Any) -> bool:
    # Compare as JSON text: 1 and 1.0, or a list and a tuple, are one JSON value each.
    return json.dumps(mine, sort_keys=True) == json.dumps(theirs, sort_keys=True)


_DOCUMENT_KEYS: Final = ("format", "version", "match", "timeline", "added", "removed", "changed")


def _read_document(document: Any, source: str) -> TimelineDiff:
    if not isinstance(document, dict):
        raise FormatError(source, None, "is not a JSON object")
    if document.get("format") != DIFF_FORMAT_NAME:
        raise FormatError(source, "format", f"is not a {DIFF_FORMAT_NAME} document")
    if document.get("version") != DIFF_FORMAT_VERSION:
        version = document.get("version")
        raise FormatError(source, "version", f"{version!r} is not supported (only 1)")
    unknown = set(document) - set(_DOCUMENT_KEYS)
    if unknown:
        raise FormatError(source, None, f"has unknown fields: {', '.join(sorted(unknown))}")
    missing = [key for key in _DOCUMENT_KEYS if key not in document]
    if missing:
        raise FormatError(source, None, f"lacks required fields: {', '.join(missing)}")
    match = document["match"]
    if match not in _MATCHES:
        raise FormatError(source, "match", f"{match!r} is not 'id' or 'content'")
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
        raise FormatError(source, f"{location}.id", f"{raw['id']!r} is not the old event's id")
    try:
        change = EventChange(old, new)
    except GeotimelineError as error:
        raise FormatError(source, location, str(error)) from None
    # The field list is there for readers; it must say what old and new say.
    if not _json_equal(raw["fields"], [_field_document(field) for field in change.fields]):
        raise FormatError(source, f"{location}.fields", "do not match the old and new events")
    return change


def _read_timeline_field(raw: Any, location: str, source: str) -> FieldChange:
    if not isinstance(raw, dict) or set(raw) != {"field", "old", "new"}:
        raise FormatError(source, location, "must be an object of field, old and new")
    if raw["field"] not in TIMELINE_FIELDS:
        raise FormatError(source, location, f"{raw['field']!r} is not title or description")
    for side in ("old", "new"):
        if not isinstance(raw[side], str | None):
            raise FormatError(source, f"{location}.{side}", "must be text or null")
    return FieldChange(raw["field"], raw["old"], raw["new"])


def show_value(value: Any, width: int = 60) -> str:
    """A field's value in a few words, for listings: dates as EDTF, lists joined, text quoted.

    >>> show_value(("Russia", "Ukraine")), show_value(None), show_value(When.parse("2017-22"))
    ('Russia, Ukraine', 'none', '2017-22')
    """
    if value is None or value == () or (isinstance(value, Mapping) and not value):
        text = "none"
    elif isinstance(value, When | Place):
        text = str(value)
    elif isinstance(value, str):
        # Cut inside the quotes, so that a shortened text still reads as one quoted value.
        return repr(value if len(value) <= width - 2 else value[: width - 3] + "…")
    elif isinstance(value, tuple):
        text = ", ".join(_show_item(item) for item in value)
    else:
        text = json.dumps(unstructure_value(value), ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def _show_item(item: Any) -> str:
    if isinstance(item, str):
        return item
    outlet = getattr(item, "outlet", None)  # a Source
    if isinstance(outlet, str):
        return outlet
    relation, target = getattr(item, "relation", None), getattr(item, "target", None)
    if relation is not None:  # a Link
        return f"{relation} {target}"
    return str(item)


# -- showing ------------------------------------------------------------------------------------

_RESET: Final = "\x1b[0m"
_MARK_COLOURS: Final = {"+": "\x1b[32m", "-": "\x1b[31m", "~": "\x1b[33m"}
_OLD_COLOUR: Final = "\x1b[31m"
_NEW_COLOUR: Final = "\x1b[32m"
_BOLD: Final = "\x1b[1m"
_DATE_WIDTH: Final = 10


def _entries(diff: TimelineDiff) -> list[tuple[str, Event, EventChange | None]]:
    """Every event of a diff with its mark, in date order (a change at its new date)."""
    entries: list[tuple[tuple[int, int, str], int, str, Event, EventChange | None]] = []
    entries += [(event.sort_key, 0, "-", event, None) for event in diff.removed]
    entries += [(change.new.sort_key, 1, "~", change.new, change) for change in diff.changed]
    entries += [(event.sort_key, 2, "+", event, None) for event in diff.added]
    entries.sort(key=lambda entry: entry[:2])
    return [(mark, event, change) for _, _, mark, event, change in entries]


def _paint(text: str, colour: str, color: bool) -> str:
    return f"{colour}{text}{_RESET}" if color else text


def _field_line(change: FieldChange, color: bool) -> str:
    old = _paint(show_value(change.old), _OLD_COLOUR, color)
    new = _paint(show_value(change.new), _NEW_COLOUR, color)
    how = f" ({change.direction})" if change.direction else ""
    return f"{change.field}: {old} → {new}{how}"


def _format_diff(diff: TimelineDiff, color: bool) -> str:
    lines = [_paint(str(diff.summary), _BOLD, color)]
    lines += [
        _paint("~ ", _MARK_COLOURS["~"], color) + _field_line(change, color)
        for change in diff.timeline_fields
    ]
    entries = _entries(diff)
    width = max([_DATE_WIDTH] + [len(str(event.when)) for _, event, _ in entries])
    for mark, event, change in entries:
        lines.append(
            _paint(f"{mark} {event.when!s:<{width}}  {event.title}", _MARK_COLOURS[mark], color)
        )
        if change is not None:
            lines += [f"    {_field_line(field, color)}" for field in change.fields]
    return "\n".join(lines)


_ROW_STYLES: Final = {
    "+": "background-color: rgba(46, 160, 67, 0.15)",
    "-": "background-color: rgba(248, 81, 73, 0.15)",
    "~": "background-color: rgba(210, 153, 34, 0.15)",
}
_ROW_WORDS: Final = {"+": "added", "-": "removed", "~": "changed"}


def _html_field(change: FieldChange) -> str:
    how = f" ({html.escape(change.direction)})" if change.direction else ""
    return (
        f"<b>{html.escape(change.field)}</b>: <del>{html.escape(show_value(change.old))}</del>"
        f" → <ins>{html.escape(show_value(change.new))}</ins>{how}"
    )


def _html_row(mark: str, when: str, event: str, changes: str) -> str:
    cells = "".join(
        f'<td style="text-align: left">{cell}</td>' for cell in (mark, when, event, changes)
    )
    return f'<tr style="{_ROW_STYLES[mark]}">{cells}</tr>'


def _html_table(diff: TimelineDiff) -> str:
    rows = [
        _html_row("~", "", "<i>timeline</i>", _html_field(change))
        for change in diff.timeline_fields
    ]
    for mark, event, change in _entries(diff):
        name = f"{html.escape(event.title)}<br><small>{html.escape(event.id)}</small>"
        fields = (
            "<br>".join(_html_field(field) for field in change.fields)
            if change is not None
            else _ROW_WORDS[mark]
        )
        rows.append(_html_row(mark, html.escape(str(event.when)), name, fields))
    header = "".join(
        f'<th style="text-align: left">{name}</th>' for name in ("", "When", "Event", "Changes")
    )
    return (
        f'<table class="geotimeline-diff"><caption>{html.escape(str(diff.summary))}</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


# -- JSON Patch ---------------------------------------------------------------------------------


def _json_patch(diff: TimelineDiff, old: Timeline, new: Timeline) -> list[dict[str, Any]]:
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
    if _json_equal(old, new):
        return []
    return [test, {"op": "replace", "path": path, "value": new}]
