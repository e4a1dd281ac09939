"""The query planner: which index gives a query's candidates, and in which order to check them.

A filter that can read an index says how many candidates it would give
(:meth:`~geotimeline.query.filters.Filter.estimate`); :func:`select` reads the candidates of
the most selective one and checks them against the rest. Two shapes get a route of their
own, measured on a million events:

- one actor (country, tag) in a window of time: the events filed under that key, bisected by
  their start, so the cost follows the matches rather than the window or the key
  (:func:`all_of_candidates`);
- the checks of a conjunction run index look-ups first (:func:`look_ups_first`), since a set
  membership test is the cheapest way to turn a candidate down.

>>> from geotimeline import examples
>>> from geotimeline.query import during, involving
>>> seed = examples.load("seed")
>>> [event.title for event in select(seed, during("2014") & involving("Russia"))]
['Russia takes over Crimea', 'Russia annexes Crimea']

Runtime complexity: O(log n + c) for the c candidates of the most selective index, or O(n)
when no filter has an index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from geotimeline.events.event import ORDER

if TYPE_CHECKING:
    from geotimeline.events.event import Event
    from geotimeline.query.filters import Filter
    from geotimeline.timeline.timeline import Timeline

__all__ = [
    "all_of_candidates",
    "all_of_matches",
    "any_of_candidates",
    "look_ups_first",
    "most_selective",
    "select",
]


def select(timeline: Timeline, where: Filter | None) -> list[Event]:
    """The events of ``timeline`` that pass ``where``, in order, read from its best index."""
    if where is None:
        return list(timeline)
    if not where.has_index():
        return [event for event in timeline if where.matches(event)]
    exact = where.indexed_matches(timeline)
    if exact is not None:
        return exact
    candidates, ordered = where.candidates(timeline)
    found = where.narrow(timeline, candidates)
    if not ordered:
        found.sort(key=ORDER)
    return found


def look_ups_first(parts: Sequence[Filter]) -> list[Filter]:
    """``parts`` with those that check by an index look-up first, otherwise in their order."""
    return sorted(parts, key=lambda part: not part.looks_up())


def most_selective(parts: Iterable[Filter], timeline: Timeline) -> tuple[int, Filter] | None:
    """The indexed part with the fewest candidates, and how many; None when none is indexed."""
    estimates = [(part.estimate(timeline), part) for part in parts]
    known = [(count, part) for count, part in estimates if count is not None]
    return min(known, key=lambda pair: pair[0]) if known else None


def all_of_candidates(parts: Sequence[Filter], timeline: Timeline) -> tuple[Iterable[Event], bool]:
    """Candidates for a conjunction of ``parts``, and whether they come in timeline order."""
    keyed = _keyed_window(parts)
    if keyed is not None:
        field, key, (low, high) = keyed
        return timeline._spanning_keyed(field, key, low, high), True
    best = most_selective(parts, timeline)
    assert best is not None  # candidates are only asked for when some part has an index
    return best[1].candidates(timeline)


def all_of_matches(parts: Sequence[Filter], timeline: Timeline) -> list[Event] | None:
    """The matches of a conjunction of ``parts`` read from the events of one actor (country,
    tag) in a window, when that window is exact (:meth:`Filter.exact_window`): only the
    other parts, if any, are then tested; None for any other conjunction.
    """
    timed = next((part for part in parts if part.window() is not None), None)
    keyed = next((part for part in parts if part.index_key() is not None), None)
    if timed is None or keyed is None or not timed.exact_window():
        return None
    window, index_key = timed.window(), keyed.index_key()
    if window is None or index_key is None:
        return None  # not reached: both were just found with these
    found = timeline._spanning_keyed(*index_key, *window, timed.matches)
    rest = [part for part in parts if part is not timed and part is not keyed]
    for part in look_ups_first(rest):
        found = part.narrow(timeline, found)
    return found


def any_of_candidates(parts: Sequence[Filter], timeline: Timeline) -> tuple[Iterable[Event], bool]:
    """Candidates for a disjunction of ``parts``: those of every part, once each, unordered."""
    found: dict[str, Event] = {}
    for part in parts:
        events, _ = part.candidates(timeline)
        found.update((event.id, event) for event in events)
    return found.values(), False


def _keyed_window(parts: Sequence[Filter]) -> tuple[str, str, tuple[int, int]] | None:
    """The index field and key of a one-key part, and the window of a time part."""
    windows = [window for part in parts if (window := part.window()) is not None]
    if not windows:
        return None
    for part in parts:
        index_key = part.index_key()
        if index_key is not None:
            return (*index_key, windows[0])
    return None
