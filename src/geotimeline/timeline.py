"""The :class:`Timeline`: events kept in one total, deterministic order, with an id index.

The order: events sort by the earliest instant their ``when`` could mean, then by the latest,
then by id. Ids are unique within a timeline, so no two events tie, and the order of a timeline
never depends on the order its events were added in. An unbounded start sorts first (year 1),
an open or unknown end sorts last (the end of year 9999).

Each event carries its sort key as plain integers, computed once when the event is made, so
sorting and searching compare integers and strings rather than date-time objects.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Iterator, KeysView
from typing import TYPE_CHECKING, Any, overload

from sortedcontainers import SortedKeyList

from geotimeline.errors import DuplicateEventError, InvalidFieldError, UnknownEventError
from geotimeline.event import Event
from geotimeline.when import When

if TYPE_CHECKING:
    import os

__all__ = ["Timeline"]

_sort_key = operator.attrgetter("sort_key")


class Timeline:
    """A sorted, mutable collection of :class:`Event` objects with unique ids.

    >>> from geotimeline import Event
    >>> timeline = Timeline([
    ...     Event(title="Ceasefire in south-western Syria", when="2017-22"),
    ...     Event(title="Russia annexes Crimea", when="2014-03-18"),
    ... ], title="Example")
    >>> [event.title for event in timeline]
    ['Russia annexes Crimea', 'Ceasefire in south-western Syria']
    >>> timeline["2017":"2017"].first.title
    'Ceasefire in south-western Syria'

    Indexing takes a position (``timeline[0]``), a slice of positions, an event id
    (``timeline["2014-03-18-russia-annexes-crimea"]``), or a slice of dates, which keeps the
    events whose earliest possible instant lies from the start of the first date to the end of
    the second, both included (``timeline["2014":"2017-06"]``).

    Runtime complexity: building from n events is O(n log n); ``add``, ``remove`` and
    ``replace`` are O(log n); lookups by id are O(1); positional indexing is O(log n).
    """

    __slots__ = ("_by_id", "_events", "description", "title")

    def __init__(
        self,
        events: Iterable[Event] = (),
        *,
        title: str | None = None,
        description: str | None = None,
    ) -> None:
        batch = list(events)
        self._by_id: dict[str, Event] = _index_new_events(batch, {})
        self._events: SortedKeyList = SortedKeyList(batch, key=_sort_key)
        #: A name for the timeline, kept by the file formats.
        self.title = title
        #: A longer description, kept by the file formats.
        self.description = description

    # -- changing --------------------------------------------------------------------------

    def add(self, event: Event) -> None:
        """Add one event; its id must not be in the timeline yet.

        Runtime complexity: O(log n).
        """
        self._by_id.update(_index_new_events([event], self._by_id))
        self._events.add(event)

    def update(self, events: Iterable[Event]) -> None:
        """Add many events at once: all of them, or (on any error) none of them.

        Runtime complexity: O(k log n) for k new events, or O((n + k) log(n + k)) when k is
        large, when it re-sorts everything at once.
        """
        batch = list(events)
        self._by_id.update(_index_new_events(batch, self._by_id))
        self._events.update(batch)

    def remove(self, event: Event | str) -> Event:
        """Remove an event, given it or its id, and return the event removed.

        Runtime complexity: O(log n).
        """
        removed = self._lookup(event.id if isinstance(event, Event) else event)
        if isinstance(event, Event) and event != removed:
            raise UnknownEventError(event.id)
        self._events.remove(removed)
        del self._by_id[removed.id]
        return removed

    def replace(self, event: Event) -> Event:
        """Put ``event`` in place of the event with the same id, and return the old one.

        Runtime complexity: O(log n).
        """
        if not isinstance(event, Event):
            raise InvalidFieldError("event", event, "is not an Event")
        old = self._lookup(event.id)
        self._events.remove(old)
        self._events.add(event)
        self._by_id[event.id] = event
        return old

    def clear(self) -> None:
        """Remove every event."""
        self._events.clear()
        self._by_id.clear()

    # -- reading ---------------------------------------------------------------------------

    def get(self, event_id: str, default: Event | None = None) -> Event | None:
        """The event with this id, or ``default`` when there is none.

        Runtime complexity: O(1).
        """
        return self._by_id.get(event_id, default)

    def ids(self) -> KeysView[str]:
        """A view of the ids of the events (in no particular order)."""
        return self._by_id.keys()

    @property
    def first(self) -> Event | None:
        """The earliest event, or None for an empty timeline."""
        return self._events[0] if self._events else None

    @property
    def last(self) -> Event | None:
        """The latest event, or None for an empty timeline."""
        return self._events[-1] if self._events else None

    def index(self, event: Event | str) -> int:
        """The position of an event (given it or its id) in the timeline's order.

        Runtime complexity: O(log n).
        """
        found = self._lookup(event.id if isinstance(event, Event) else event)
        position: int = self._events.index(found)
        return position

    def copy(self) -> Timeline:
        """A new timeline with the same events (events are immutable, so they are shared).

        Runtime complexity: O(n).
        """
        return self._with_sorted(self._events)

    @overload
    def __getitem__(self, key: int) -> Event: ...
    @overload
    def __getitem__(self, key: str) -> Event: ...
    @overload
    def __getitem__(self, key: slice) -> Timeline: ...

    def __getitem__(self, key: int | str | slice) -> Event | Timeline:
        if isinstance(key, str):
            return self._lookup(key)
        if isinstance(key, int):
            event: Event = self._events[key]
            return event
        if isinstance(key, slice):
            if _is_position_slice(key):
                return self._with_sorted(self._events[key])
            return self._with_sorted(self._date_range(key))
        raise TypeError(f"timeline indices are positions, ids or slices, not {type(key).__name__}")

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        events: Iterator[Event] = iter(self._events)
        return events

    def __reversed__(self) -> Iterator[Event]:
        events: Iterator[Event] = reversed(self._events)
        return events

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._by_id
        if isinstance(item, Event):
            return self._by_id.get(item.id) == item
        return False

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        return (
            self.title == other.title
            and self.description == other.description
            and len(self) == len(other)
            and all(mine == theirs for mine, theirs in zip(self, other, strict=True))
        )

    __hash__ = None  # type: ignore[assignment]  # a mutable container is not hashable

    def __repr__(self) -> str:
        name = f" {self.title!r}" if self.title else ""
        count = f"{len(self)} event" + ("" if len(self) == 1 else "s")
        if not self:
            return f"<Timeline{name}: {count}>"
        first, last = self._events[0], self._events[-1]
        return f"<Timeline{name}: {count}, {first.when} … {last.when}>"

    # -- files -----------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the timeline to a native JSON file, atomically (see :mod:`geotimeline.io.native`).

        A failed save leaves any previous file at ``path`` as it was.
        """
        from geotimeline.io import native

        native.save(self, path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Timeline:
        """Read a timeline from a native JSON file written by :meth:`save`."""
        from geotimeline.io import native

        return native.load(path)

    # -- internals -------------------------------------------------------------------------

    def _lookup(self, event_id: str) -> Event:
        try:
            return self._by_id[event_id]
        except (KeyError, TypeError):
            raise UnknownEventError(event_id) from None

    def _date_range(self, key: slice) -> Iterable[Event]:
        if key.step is not None:
            raise InvalidFieldError("step", key.step, "is not supported in a slice of dates")
        low = None if key.start is None else (When.coerce(key.start).earliest_us,)
        # Keys are (earliest, latest, id): every key with earliest <= high sorts below (high + 1,).
        high = None if key.stop is None else (When.coerce(key.stop).latest_us + 1,)
        events: Iterable[Event] = self._events.irange_key(low, high, inclusive=(True, False))
        return events

    def _with_sorted(self, events: Iterable[Event]) -> Timeline:
        clone = Timeline(title=self.title, description=self.description)
        batch = list(events)
        clone._by_id = {event.id: event for event in batch}
        clone._events.update(batch)
        return clone

    def _check(self) -> None:
        """Assert every internal invariant (for tests): order, index and ids agree."""
        self._events._check()
        keys = [event.sort_key for event in self._events]
        assert all(a < b for a, b in itertools.pairwise(keys)), "events out of order"
        assert len(self._by_id) == len(self._events), "id index and events differ in size"
        for event in self._events:
            assert self._by_id[event.id] is event, f"id index is stale for {event.id!r}"


def _index_new_events(batch: list[Any], existing: dict[str, Event]) -> dict[str, Event]:
    """The id index of ``batch``, after checking it can join ``existing`` (nothing is changed)."""
    index: dict[str, Event] = {}
    for event in batch:
        if not isinstance(event, Event):
            raise InvalidFieldError("event", event, "is not an Event")
        if event.id in existing or event.id in index:
            raise DuplicateEventError(event.id)
        index[event.id] = event
    return index


def _is_position_slice(key: slice) -> bool:
    return all(part is None or isinstance(part, int) for part in (key.start, key.stop, key.step))
