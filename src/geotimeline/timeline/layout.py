"""Reading and building a ``SortedKeyList`` through its documented chunk layout.

A timeline keeps its events in a :class:`sortedcontainers.SortedKeyList`, which holds them in
chunks (lists of a few thousand values), with their keys and the largest key of each chunk.
Two operations that a timeline does all the time are several times faster when they work on
those chunks directly than through the list's public methods, measured at a million events:

- finding the events that start in a window (:func:`starting`), by bisecting packed arrays
  of start instants (:class:`Starts`) and slicing the chunks;
- building a list from events already in order (:func:`sorted_events`), as query results
  are, without sorting them again.

Both fall back to the public methods when the layout is not the one we know
(:data:`FAST_LAYOUT`).

>>> from geotimeline import Event
>>> events = sorted((Event(title=f"Talks {day}", when=f"2017-11-{day:02}") for day in (3, 1, 2)),
...                 key=lambda event: event.sort_key)
>>> ordered = sorted_events(events)
>>> [event.title for event in starting(ordered, Starts(ordered), *events[1].sort_key[:2])]
['Talks 2']
"""

from __future__ import annotations

import array
import bisect
import operator
from typing import TYPE_CHECKING, Final

from sortedcontainers import SortedKeyList

if TYPE_CHECKING:
    from geotimeline.events.event import Event

__all__ = ["FAST_LAYOUT", "Starts", "sort_key", "sorted_events", "starting"]

#: The key a timeline sorts its events by: ``(earliest, latest, id)``, integers first.
sort_key = operator.attrgetter("sort_key")


class Starts:
    """The start instants of a timeline's events, chunk by chunk as its ``SortedKeyList``
    holds them, in packed arrays of 64-bit integers: a bisection there reads contiguous
    memory, where one in the list's keys follows a pointer to a tuple, then one to an int.

    Built on first use, a chunk at a time, and dropped whenever the timeline changes (the
    list may split or merge chunks); 8 bytes an event once every chunk has been searched.
    """

    __slots__ = ("_chunks", "maxes")

    def __init__(self, events: SortedKeyList) -> None:
        #: The latest start of each chunk.
        self.maxes = array.array("q", [key[0] for key in events._maxes])
        self._chunks: list[array.array[int] | None] = [None] * len(self.maxes)

    def chunk(self, events: SortedKeyList, number: int) -> array.array[int]:
        """The starts of chunk ``number`` of ``events``, in order."""
        starts = self._chunks[number]
        if starts is None:
            starts = self._chunks[number] = array.array("q", [k[0] for k in events._keys[number]])
        return starts

    def _check(self, events: SortedKeyList) -> None:
        """Assert that the arrays built so far hold the starts of ``events``, chunk by chunk."""
        assert list(self.maxes) == [key[0] for key in events._maxes], "stale chunk maxima"
        for starts, keys in zip(self._chunks, events._keys, strict=True):
            assert starts is None or list(starts) == [key[0] for key in keys], "stale starts"


def starting(events: SortedKeyList, starts: Starts, low: int, high: int) -> list[Event]:
    """The events whose earliest instant lies in ``low..high`` (UTC microseconds,
    inclusive), in order.

    What ``irange_key((low,), (high + 1,))`` finds (keys are (earliest, latest, id), so
    every key with earliest <= high sorts below ``(high + 1,)``), but searched in packed
    arrays of the start instants and read straight from the list's chunks. Measured at a
    million events, bisecting the tuples of keys scattered in memory and the layers of Python
    of ``irange_key`` cost six times a bisection of a plain list.

    Runtime complexity: O(log n + k) for k events found.
    """
    if not FAST_LAYOUT:
        return list(events.irange_key((low,), (high + 1,), inclusive=(True, False)))
    maxes, lists = starts.maxes, events._lists
    first = bisect.bisect_left(maxes, low)
    if first == len(maxes):
        return []
    chunk = starts.chunk(events, first)
    begin = bisect.bisect_left(chunk, low)
    if high < maxes[first]:
        # A short window ends in the chunk it starts in: search only the rest of it.
        found: list[Event] = lists[first][begin : bisect.bisect_right(chunk, high, begin)]
        return found
    last = bisect.bisect_right(maxes, high, first + 1)
    found = lists[first][begin:]
    for middle in range(first + 1, min(last, len(lists))):
        found += lists[middle]
    if last < len(lists):
        found += lists[last][: bisect.bisect_right(starts.chunk(events, last), high)]
    return found


def sorted_events(events: list[Event]) -> SortedKeyList:
    """A ``SortedKeyList`` of ``events``, which are already in order, without sorting them.

    Query results come in order; the list's own constructor would sort them again, which
    costs several times the rest of making a small result. The chunks are laid out as its
    ``update`` lays them out, and their keys are read on first use (:class:`_KeyedOnUse`):
    a result that is only counted, iterated or indexed by position never reads them.

    Runtime complexity: O(n).
    """
    if not FAST_LAYOUT or not events:
        result = SortedKeyList(key=sort_key)
        result.update(events)
        return result
    result = _KeyedOnUse(key=sort_key)
    load = result._load
    result._lists = [events[pos : pos + load] for pos in range(0, len(events), load)]
    result._len = len(events)
    # Let the descriptors make the keys and maxima from the chunks when first asked for.
    del result._keys, result._maxes
    return result


class _ChunkKeys:
    """The keys of a :class:`_KeyedOnUse` list, chunk by chunk, made on first read.

    A non-data descriptor: once made, they are an attribute of the list like any other, which
    every method of ``SortedKeyList`` reads (before it changes the chunks) and replaces.
    """

    def __get__(self, events: SortedKeyList, owner: type | None = None) -> list[list[object]]:
        keys = [list(map(sort_key, chunk)) for chunk in events._lists]
        events.__dict__["_keys"] = keys
        return keys


class _ChunkMaxes:
    """The largest key of each chunk of a :class:`_KeyedOnUse` list, made on first read."""

    def __get__(self, events: SortedKeyList, owner: type | None = None) -> list[object]:
        maxes = [keys[-1] for keys in events._keys]
        events.__dict__["_maxes"] = maxes
        return maxes


class _KeyedOnUse(SortedKeyList):  # type: ignore[misc]  # sortedcontainers is untyped
    """A ``SortedKeyList`` of events in order whose keys are read from the events only when a
    method needs them (a bisection, an insertion), not when it is made: reading the key of
    every event of a large query result costs a pointer followed to each event, scattered
    in memory, as much as finding them did.
    """

    _keys = _ChunkKeys()
    _maxes = _ChunkMaxes()


# sortedcontainers documents the layout of a SortedKeyList (chunks of values, their keys, the
# largest key of each, a length); read it directly only while it is the one we know.
FAST_LAYOUT: Final = all(
    hasattr(SortedKeyList(key=sort_key), name)
    for name in ("_lists", "_keys", "_maxes", "_len", "_load", "_index")
)
