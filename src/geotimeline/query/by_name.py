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
        # The index knows which of the values events hold (tuples of names, countries) file
        # an event under each key, so a look-up of the event's value is the same answer as
        # matches(), without folding any name.
        return timeline._field_index(self.field).test(self.keys, self.every)

    def narrow(self, timeline: Timeline, events: Iterable[Event]) -> list[Event]:
        return timeline._field_index(self.field).narrow(self.keys, self.every, events)

    def estimate(self, timeline: Timeline) -> int | None:
        postings = timeline._field_index(self.field)
        sizes = [postings.size(key) for key in self.keys]
        return min(sizes) if self.every else sum(sizes)

    def candidates(self, timeline: Timeline) -> tuple[Iterable[Event], bool]:
        # Every match is filed under each key for all-of, and under one of them for any-of.
        return timeline._filed_events(self.field, self.keys, self.every), True


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
