"""A timeline's index of one field: for each actor (country, tag), the events filed under it.

An event is filed under the keys of :data:`~geotimeline.events.keys.INDEX_KEYS` (folded
names, country codes). For each key, :class:`Postings` keeps two things, neither of which
costs an entry of its own for each event beyond one pointer:

- the events filed under it, in the timeline's order, in a
  :class:`~geotimeline.timeline.key_ordered.KeyOrdered` list (in timeline order): one
  pointer an event a key, where a set of ids cost about fifty bytes, and ordered, so that the
  events of a key come back in order without a sort, and those of a key that start in a
  window are found by bisection;
- the values that file an event under it: the tuples of names (``Event.actors``,
  ``Event.tags``) or the country codes that events share with one another. Whether an event
  is filed under the key is then one set look-up of a value the event holds (``event.actors
  in values``), and it reads the event and a tuple that a few thousand events share, where
  a look-up of its id read the id and a table as large as the timeline.

>>> from geotimeline import Event
>>> talks = Event(title="Talks", when="2017-11-11", actors=["Russia", "Türkiye"])
>>> strike = Event(title="Strike", when="2017-04-07", actors=["United States"])
>>> actors = Postings("actor", sorted([talks, strike], key=lambda event: event.sort_key))
>>> actors.size("turkiye"), actors.test(["turkiye"])(talks), actors.test(["turkiye"])(strike)
(1, True, False)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Sequence, Set
from typing import Final

from geotimeline.events.event import ORDER, Event
from geotimeline.events.keys import INDEX_VALUES, KEYS_OF_VALUE
from geotimeline.timeline.key_ordered import KeyOrdered

__all__ = ["Postings"]

_NO_VALUES: Final[frozenset[Hashable]] = frozenset()
_NO_EVENTS: Final[tuple[Event, ...]] = ()


def _actors_in(values: Set[Hashable]) -> Callable[[Event], bool]:
    return lambda event: event.actors in values


def _tags_in(values: Set[Hashable]) -> Callable[[Event], bool]:
    return lambda event: event.tags in values


def _country_in(values: Set[Hashable]) -> Callable[[Event], bool]:
    return lambda event: (place := event.place) is not None and place.country in values


def _with_actors_in(values: Set[Hashable], events: Iterable[Event]) -> list[Event]:
    return [event for event in events if event.actors in values]


def _with_tags_in(values: Set[Hashable], events: Iterable[Event]) -> list[Event]:
    return [event for event in events if event.tags in values]


def _with_country_in(values: Set[Hashable], events: Iterable[Event]) -> list[Event]:
    return [e for e in events if (place := e.place) is not None and place.country in values]


# The same tests, for a batch of events in one loop with no call an event: a window within
# one actor tests every event going on when it opens.
_WITH: Final[dict[str, Callable[[Set[Hashable], Iterable[Event]], list[Event]]]] = {
    "actor": _with_actors_in,
    "country": _with_country_in,
    "tag": _with_tags_in,
}


# For each field, the test of whether an event holds one of ``values``: written out field by
# field, so that a test is one call that reads one attribute (two for a country).
_HOLDS: Final[dict[str, Callable[[Set[Hashable]], Callable[[Event], bool]]]] = {
    "actor": _actors_in,
    "country": _country_in,
    "tag": _tags_in,
}


class Postings:
    """The index of one field (``"actor"``, ``"country"`` or ``"tag"``) of a timeline.

    Runtime complexity: building from n events given in timeline order is O(n) for a few keys
    an event; ``add`` and ``remove`` are O(log n) for each key of the event; :meth:`size` is
    O(1); :meth:`test` is O(1) for one key (a test is then O(1) an event), O(v) for several,
    v being the values they are filed under.
    """

    __slots__ = ("_filed", "_keys_of", "_value_of", "_values", "field")

    def __init__(self, field: str, events: Iterable[Event] = ()) -> None:
        """Index ``events``, in timeline order (any other order works, and costs a sort)."""
        #: The field indexed.
        self.field = field
        self._value_of = INDEX_VALUES[field]
        self._keys_of = KEYS_OF_VALUE[field]
        filed: dict[str, list[Event]] = {}
        self._values: dict[str, set[Hashable]] = {}
        # The keys of each value met so far: events repeat a few values many times over, and
        # each is filed once in the sets of values.
        known: dict[Hashable, Iterable[str]] = {}
        for event in events:
            value = self._value_of(event)
            keys = known.get(value)
            if keys is None:
                keys = known[value] = self._keys_of(value)
                for key in keys:
                    self._values.setdefault(key, set()).add(value)
            for key in keys:
                filed.setdefault(key, []).append(event)
        # Given in order, the sort of each list is one pass (timsort).
        self._filed: dict[str, KeyOrdered] = {
            key: KeyOrdered(events, key=ORDER) for key, events in filed.items()
        }

    def add(self, event: Event) -> None:
        """File one more event under its keys."""
        value = self._value_of(event)
        for key in self._keys_of(value):
            self._values.setdefault(key, set()).add(value)
            filed = self._filed.get(key)
            if filed is None:
                filed = self._filed[key] = KeyOrdered(key=ORDER)
            filed.add(event)

    def remove(self, event: Event) -> None:
        """Take an event that was filed out of the index."""
        for key in self._keys_of(self._value_of(event)):
            filed = self._filed[key]
            del filed[filed.bisect_key_left(ORDER(event))]  # keys are unique: they hold the id
            if not filed:
                del self._filed[key]
        # Its value stays among the values of its keys: it still files any event holding it
        # under them, and a test only ever reads events of the timeline.

    def size(self, key: str) -> int:
        """How many events are filed under ``key``."""
        return len(self._filed.get(key, _NO_EVENTS))

    def filed(self, key: str) -> Sequence[Event]:
        """The events filed under ``key``, in order: a ``KeyOrdered`` list (not to be
        changed), or an empty tuple."""
        filed: Sequence[Event] = self._filed.get(key, _NO_EVENTS)
        return filed

    def starting(self, key: str, low: int, high: int) -> list[Event]:
        """The events filed under ``key`` whose earliest instant lies in ``low..high`` (UTC
        microseconds, inclusive), in order."""
        filed = self._filed.get(key)
        if filed is None:
            return []
        # Keys are ((first tick, last tick), id): ((low,),) sorts before every key starting
        # at low.
        found: list[Event] = filed[
            filed.bisect_key_left(((low,),)) : filed.bisect_key_left(((high + 1,),))
        ]
        return found

    def events(self, keys: Collection[str], every: bool) -> list[Event]:
        """The events filed under any of ``keys`` (with ``every``, the smallest key's events,
        which hold every event filed under all of them), in order.
        """
        if every or len(keys) == 1:
            return list(self.filed(min(keys, key=self.size)))
        # Merged by sort key, which is unique in a timeline, rather than by the events' hashes
        # (an event hashes every field).
        merged = {ORDER(event): event for key in keys for event in self.filed(key)}
        return [merged[key] for key in sorted(merged)]

    def test(self, keys: Collection[str], every: bool = False) -> Callable[[Event], bool]:
        """Whether an event of the timeline is filed under any of ``keys`` (with ``every``:
        all of them). Not meant for events outside the timeline, whose values it may not know.
        """
        return _HOLDS[self.field](self._values_of(keys, every))

    def narrow(self, keys: Collection[str], every: bool, events: Iterable[Event]) -> list[Event]:
        """The ``events`` (of the timeline) that :meth:`test` passes, in their order."""
        return _WITH[self.field](self._values_of(keys, every), events)

    def _values_of(self, keys: Collection[str], every: bool) -> Set[Hashable]:
        """The values that file an event under any (every) one of ``keys``."""
        found = [self._values.get(key, _NO_VALUES) for key in keys]
        if len(found) == 1:
            return found[0]  # the set itself, no copy: a query reads it at once
        if every:
            return frozenset(found[0]).intersection(*found[1:])
        return frozenset().union(*found)

    def _check(self, events: Iterable[Event]) -> None:
        """Assert that the index holds exactly ``events`` (given in timeline order)."""
        fresh = Postings(self.field, events)
        assert self._filed.keys() == fresh._filed.keys(), f"{self.field} index has stale keys"
        for key, filed in fresh._filed.items():
            mine = self._filed[key]
            mine._check()
            assert list(mine) == list(filed), f"the events under {self.field} {key!r} differ"
            assert all(a is b for a, b in zip(mine, filed, strict=True)), f"{key!r}: copies"
        for key, values in fresh._values.items():
            assert values <= self._values.get(key, set()), f"{self.field} {key!r} lacks values"
        for key, values in self._values.items():
            for value in values:
                assert key in self._keys_of(value), f"{value!r} is not filed under {key!r}"
