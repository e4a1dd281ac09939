"""The keys a timeline files its events under, for its actor, country and tag indexes.

Names are compared folded (:func:`fold`: case folded, accents removed, spaces tidied), so
"Bashār al-Asad" and "bashar al-asad" are one key. Queries fold what they are given the same
way, which is what lets a filter on names read these indexes.

>>> sorted(INDEX_KEYS["actor"](Event(title="Talks", when="2017", actors=["Russia", "Türkiye"])))
['russia', 'turkiye']
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable
from typing import Final

from geotimeline.events.event import Event

__all__ = ["INDEX_KEYS", "build_postings", "fold"]


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


def _tag_keys(event: Event) -> Iterable[str]:
    return _folded(event.tags)


#: For each indexed field, the keys an event is filed under.
INDEX_KEYS: Final[dict[str, Callable[[Event], Iterable[str]]]] = {
    "actor": _actor_keys,
    "country": _country_keys,
    "tag": _tag_keys,
}


def build_postings(field: str, events: Iterable[Event]) -> dict[str, set[str]]:
    """The ``field`` index of ``events``: for each key, the ids of the events filed under it.

    Runtime complexity: O(n) for n events, each with a few keys.
    """
    keys_of = INDEX_KEYS[field]
    postings: dict[str, set[str]] = {}
    for event in events:
        for key in keys_of(event):
            postings.setdefault(key, set()).add(event.id)
    return postings
