"""The keys a timeline files its events under, for its actor, country and tag indexes.

Names are compared folded (:func:`fold`: case folded, accents removed, spaces tidied), so
"Bashār al-Asad" and "bashar al-asad" are one key. Queries fold what they are given the same
way, which is what lets a filter on names read these indexes.

>>> talks = Event(title="Talks", when="2017", actors=["Russia", "Türkiye"])
>>> sorted(INDEX_KEYS["actor"](talks))
['russia', 'turkiye']

The keys are made from one value of the event (:data:`INDEX_VALUES`), which events that name
the same actors share, by :data:`KEYS_OF_VALUE`:

>>> KEYS_OF_VALUE["actor"](INDEX_VALUES["actor"](talks)) == INDEX_KEYS["actor"](talks)
True
"""

from __future__ import annotations

import functools
import operator
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Final

from geotimeline.events.event import Event

__all__ = ["INDEX_KEYS", "INDEX_VALUES", "KEYS_OF_VALUE", "fold"]


def fold(text: str) -> str:
    """Text as searches compare it: case folded, accents removed, spaces tidied.

    >>> fold("  Damascus ") == fold("DAMASCUS"), fold("Bashar al-Asad") == fold("Bashār al-Asad")
    (True, True)
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def _actor_keys(event: Event) -> Iterable[str]:
    return _folded(event.actors)


@functools.lru_cache(maxsize=2**14)
def _folded(names: tuple[str, ...]) -> frozenset[str]:
    """The folded forms of ``names``, remembered: folding costs microseconds a name, and a
    timeline repeats a few combinations of actors and tags over millions of events.
    """
    return frozenset(fold(name) for name in names)


def _country_keys(event: Event) -> Iterable[str]:
    place = event.place
    return () if place is None or place.country is None else (place.country,)


def _country(event: Event) -> str | None:
    place = event.place
    return None if place is None else place.country


def _keys_of_country(country: str | None) -> Iterable[str]:
    return () if country is None else (country,)


def _tag_keys(event: Event) -> Iterable[str]:
    return _folded(event.tags)


#: For each indexed field, the keys an event is filed under.
INDEX_KEYS: Final[dict[str, Callable[[Event], Iterable[str]]]] = {
    "actor": _actor_keys,
    "country": _country_keys,
    "tag": _tag_keys,
}

#: For each indexed field, the value of an event that its keys are made from: its tuple of
#: actors (tags), or its place's country code (None without one). Events that name the same
#: actors share one tuple (see :mod:`geotimeline.events.event`), so a few values serve
#: millions of events, and a timeline tests "filed under this key" by looking the value up.
INDEX_VALUES: Final[dict[str, Callable[[Event], Hashable]]] = {
    "actor": operator.attrgetter("actors"),
    "country": _country,
    "tag": operator.attrgetter("tags"),
}

#: For each indexed field, the keys a value of :data:`INDEX_VALUES` files an event under:
#: ``KEYS_OF_VALUE[field](INDEX_VALUES[field](event))`` are the keys of :data:`INDEX_KEYS`.
KEYS_OF_VALUE: Final[dict[str, Callable[[Any], Iterable[str]]]] = {
    "actor": _folded,
    "country": _keys_of_country,
    "tag": _folded,
}
