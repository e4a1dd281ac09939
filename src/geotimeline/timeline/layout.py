"""Reading and building a timeline's sorted list of events through its chunk layout.

A timeline keeps its events in a :class:`~geotimeline.timeline.key_ordered.KeyOrdered` list,
which holds them in chunks (lists of a few thousand values), as ``sortedcontainers.SortedList``
does, with the largest key of each chunk; an event's key is ``(event.span, event.id)``
(:data:`~geotimeline.events.event.ORDER`).
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
>>> [event.title for event in starting(ordered, Starts(ordered), *events[1].span)]
['Talks 2']
"""

from __future__ import annotations

import array
import bisect
from typing import TYPE_CHECKING, Final

from geotimeline.events.event import ORDER
from geotimeline.timeline.key_ordered import KeyOrdered

if TYPE_CHECKING:
    from geotimeline.events.event import Event

__all__ = ["FAST_LAYOUT", "Starts", "sorted_events", "starting"]


class Starts:
    """The start instants of a timeline's events, chunk by chunk as its sorted list holds
    them, in packed arrays of 64-bit integers: a bisection there reads contiguous memory,
    where one by the events' keys follows a pointer to an event, to its key, then to an int.

    Built on first use, a chunk at a time, and dropped whenever the timeline changes (the
    list may split or merge chunks); 8 bytes an event once every chunk has been searched.
    """

    __slots__ = ("_chunks", "maxes")

    def __init__(self, events: KeyOrdered) -> None:
        #: The latest start of each chunk.
        self.maxes = array.array("q", [key[0][0] for key in events._maxes])
        self._chunks: list[array.array[int] | None] = [None] * len(self.maxes)

    def chunk(self, events: KeyOrdered, number: int) -> array.array[int]:
        """The starts of chunk ``number`` of ``events``, in order."""
        starts = self._chunks[number]
        if starts is None:
            chunk = events._lists[number]
            starts = self._chunks[number] = array.array("q", [e.span[0] for e in chunk])
        return starts

    def _check(self, events: KeyOrdered) -> None:
        """Assert that the arrays built so far hold the starts of ``events``, chunk by chunk."""
        assert list(self.maxes) == [key[0][0] for key in events._maxes], "stale chunk maxima"
        for starts, chunk in zip(self._chunks, events._lists, strict=True):
            assert starts is None or list(starts) == [e.span[0] for e in chunk], "stale starts"


def starting(events: KeyOrdered, starts: Starts, low: int, high: int) -> list[Event]:
    """The events whose earliest instant lies in ``low..high`` (UTC microseconds,
    inclusive), in order.

    What ``irange_key(((low,),), ((high + 1,),))`` finds (keys are ((earliest, latest), id),
    so every key with earliest <= high sorts below ``((high + 1,),)``), but searched in packed
    arrays of the start instants and read straight from the list's chunks. Measured at a
    million events, bisecting the tuples of keys scattered in memory and the layers of Python
    of ``irange_key`` cost six times a bisection of a plain list.

    Runtime complexity: O(log n + k) for k events found.
    """
    if not FAST_LAYOUT:
        return list(events.irange_key(((low,),), ((high + 1,),), inclusive=(True, False)))
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


def sorted_events(events: list[Event]) -> KeyOrdered:
    """A sorted list of ``events``, which are already in order, laid out without a sort.

    Query results come in order; sorting them again would cost several times the rest of
    making a small result.

    Runtime complexity: O(n).
    """
    return KeyOrdered.from_sorted(events, ORDER)


# The chunks are sortedcontainers' documented layout of a SortedList (chunks of values, a
# length, a load, a positional index), with the largest key of each chunk; read them directly
# only while it is the one we know.
FAST_LAYOUT: Final = all(
    hasattr(KeyOrdered(key=ORDER), name) for name in ("_lists", "_maxes", "_len", "_load", "_index")
)
