"""Filters on names: actors, countries and tags, read from the timeline's indexes.

Actors and tags are compared folded (case and accents aside); countries as ISO 3166-1 codes,
whatever form they are given in.

>>> from geotimeline import Event
>>> involving("russia").matches(Event(title="Annexation", when="2014", actors=["Russia"]))
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from geotimeline.errors import InvalidFieldError
from geotimeline.events.event import Event
from geotimeline.events.keys import INDEX_KEYS
from geotimeline.places.place import country_code
from geotimeline.query.filters import Filter, folded_names

if TYPE_CHECKING:
    from geotimeline.timeline.timeline import Timeline

__all__ = ["Keyed", "in_country", "involving", "tagged"]


@attrs.frozen
class Keyed(Filter):
    """Events filed under any (or every) one of ``keys`` in the timeline's ``field`` index."""

    field: str
    keys: frozenset[str]
    every: bool = False

    def matches(self, event: Event) -> bool:
        keys = INDEX_KEYS[self.field](event)
        if self.every:
            return self.keys <= set(keys)
        return not self.keys.isdisjoint(keys)

    @property
    def key(self) -> str | None:
        """The one key events must be filed under, when there is just one."""
        if len(self.keys) != 1:
            return None
        return next(iter(self.keys))

    def has_index(self) -> bool:
        return True

    def looks_up(self) -> bool:
        return True

    def index_key(self) -> tuple[str, str] | None:
        key = self.key
        return None if key is None else (self.field, key)

    def checker(self, timeline: Timeline) -> Callable[[Event], bool]:
        # The index files events by id under the same keys that matches() computes, so a
        # candidate's id in a posting is the same answer, without folding any name.
        postings = [timeline._posting(self.field, key) for key in self.keys]
        if len(postings) == 1:
            ids = postings[0]
            return lambda event: event.id in ids
        if self.every:
            return lambda event: all(event.id in ids for ids in postings)
        return lambda event: any(event.id in ids for ids in postings)

    def narrow(self, timeline: Timeline, events: Iterable[Event]) -> list[Event]:
        if self.key is None:
            return super().narrow(timeline, events)
        ids = timeline._posting(self.field, self.key)
        return [event for event in events if event.id in ids]

    def estimate(self, timeline: Timeline) -> int | None:
        sizes = [len(timeline._posting(self.field, key)) for key in self.keys]
        return min(sizes) if self.every else sum(sizes)

    def candidates(self, timeline: Timeline) -> tuple[Iterable[Event], bool]:
        postings = [timeline._posting(self.field, key) for key in self.keys]
        # Every match is in each posting for all-of, and in one of them for any-of.
        ids = min(postings, key=len) if self.every else set().union(*postings)
        return [timeline[event_id] for event_id in ids], False


def involving(*actors: str, every: bool = False) -> Filter:
    """Events with any of ``actors`` (with ``every=True``: all of them), case and accents aside.

    >>> involving("russia").matches(Event(title="Annexation", when="2014", actors=["Russia"]))
    True
    """
    return Keyed("actor", folded_names("actors", actors), every)


def tagged(*tags: str, every: bool = False) -> Filter:
    """Events with any of ``tags`` (with ``every=True``: all of them).

    >>> tagged("Syria").matches(Event(title="Strike", when="2017", tags=["syria"]))
    True
    """
    return Keyed("tag", folded_names("tags", tags), every)


def in_country(*countries: str | int) -> Filter:
    """Events placed in any of ``countries``, given as ISO 3166-1 codes or English names.

    >>> from geotimeline import Place
    >>> in_country("Syria").matches(Event(title="Strike", when="2017", place=Place("Homs", "SY")))
    True
    """
    if not countries:
        raise InvalidFieldError("countries", countries, "needs at least one value")
    return Keyed("country", frozenset(country_code(country) for country in countries))
