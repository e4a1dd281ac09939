"""An interval index: which events were already going on at an instant, in O(log U + k).

A timeline sorted by start finds the events that *start* in a window by bisection. What it
cannot find cheaply are the events that started earlier and are still going on when the window
opens (a war since 2014, a year-long "2017"): those hide among everything earlier. This index
answers exactly that question, :meth:`IntervalIndex.crossing`: the events whose span
``earliest..latest`` starts before an instant ``q`` and reaches it.

It is a centered interval tree whose centres are fixed in advance by the binary digits of time
rather than chosen from the data, which makes it cheap to keep up to date. Times are shifted to
non-negative microseconds; an interval ``[e, l]`` with ``e < l`` belongs to the one node whose
centre ``m`` is the number in ``(e, l]`` with the most trailing zero bits (the common binary
prefix of ``e`` and ``l``, then a 1, then zeros). Every interval of that node contains ``m``,
and for any ``q`` there is exactly one node per bit level whose intervals could contain ``q``.
So a query visits at most one node per level (63: microseconds from year -99999 to 99999 need
63 bits, and only the levels that hold a node are visited) and in each node reads only what it
reports, from a list sorted by start when ``q`` is
before the centre or by end when it is after:

- left of the centre, the node's intervals all end after ``q``: report those starting before
  ``q``, in order of start, and stop at the first that does not;
- at or right of the centre, they all start before ``q``: report those ending at or after
  ``q``, in order of end, latest first (then in timeline order), and stop likewise.

In both orders the events of one span (every "2017", every "2017-04") sit together, in
timeline order, and a span has one node: :meth:`IntervalIndex.crossing_in_order` puts those
runs in order, a few hundred of them where a query finds ten thousand events, rather than
sorting the events, whose keys are scattered in memory.

Nodes of at most ``_SMALL`` events are tuples, read whole. A larger node whose events all share
one span (every "2017-04-07", every "2017") is a run: the span and the number of its events,
which sit together in the timeline's own order, where a query copies them from after one
bisection (half the events of a million are in such nodes: 3 bytes an event saved, beside
what their runs cost). Other larger nodes are plain lists up to ``_LARGE`` events and
``KeyOrdered`` objects beyond, so that adding to a node that holds most of the timeline
(every event still going on) costs O(log s), not a list insertion of O(s): one at a time, n
such adds would otherwise take O(n²). A larger node
keeps its events in the order by end as well only when they have more than ``_FEW_SPANS``
distinct spans (long intervals, each of its own): the events of a day, a month or a year share
one span, or a few, and right of the centre each run of one span reports whole or not at all,
found by bisection in the order by start. Instants known to the microsecond (``e == l``) cannot
be going on *before* they start, so they are not stored at all.

>>> from geotimeline import Event
>>> war = Event(title="War in Donbas", when="2014-04/..")
>>> strike = Event(title="Strike", when="2017-04-07")
>>> index = IntervalIndex([war, strike])
>>> [event.title for event in index.crossing(strike.sort_key[0])]
['War in Donbas']
>>> [event.title for event in index.crossing_in_order(strike.sort_key[0])]
['War in Donbas']
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Final, Generic, Protocol, TypeVar

from geotimeline.events.event import Event
from geotimeline.time import calendar as cal
from geotimeline.timeline.key_ordered import KeyOrdered

__all__ = ["IntervalIndex", "WidenedIndex", "possible_span"]


class _Spanned(Protocol):
    """What the index reads of what it holds: a span ``(earliest, latest)`` and an id."""

    @property
    def span(self) -> tuple[int, int]: ...

    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_Spanned)

# Nodes up to this size are tuples, scanned whole: a tuple is one block of memory, where a list
# is two and room to grow, and most nodes of a timeline of 100,000 events hold a few events of
# one day. A bounded cost per level, so queries stay O(log U + k).
_SMALL: Final = 8
# Larger nodes keep a second order, by end, once their events have more distinct spans than
# this, and drop it again at half as many: below, the runs of one span are found by bisection
# in the order by start (O(log s) each), which costs no memory.
_FEW_SPANS: Final = 8
# Nodes beyond this size keep their orders in KeyOrdered objects, and go back to plain lists
# below half of it (not at it, so that a node at the threshold is not converted on every add
# and remove). KeyOrdered keeps chunks of about this size itself: below it, a list
# insertion moves a few kilobytes and costs no more than the chunk bisection would.
_LARGE: Final = 1024
_ORIGIN: Final = cal.MIN_US
# Bit levels of the shifted time range: one candidate node per level for any instant.
_LEVELS: Final = (cal.MAX_US - cal.MIN_US).bit_length()


# The timeline's order, ((earliest, latest), id): the order by start.
_start_key: Final[Callable[[_Spanned], tuple[Any, ...]]] = operator.attrgetter("span", "id")


def _end_key(event: _Spanned) -> tuple[int, int, str]:
    # Latest end first, then as the timeline orders them: the events of one span sit together,
    # in order, as in the order by start (see crossing_in_order), and every event has one place.
    earliest, latest = event.span
    return -latest, earliest, event.id


def _level(centre: int) -> int:
    """The bit level of a node: one more than the position of its centre's lowest set bit."""
    return (centre & -centre).bit_length()


def _centre(event: _Spanned) -> int | None:
    """The node an event belongs to, or None for an exact instant (which needs none)."""
    earliest, latest = event.span
    earliest -= _ORIGIN
    latest -= _ORIGIN
    if earliest == latest:
        return None
    level = (earliest ^ latest).bit_length() - 1
    return (latest >> level) << level


class _Run:
    """A node's events that all share one span, kept as the span and their number: the events
    themselves sit together in the index's source (the timeline's order), read from there.
    """

    __slots__ = ("id", "size", "span")

    def __init__(self, span: tuple[int, int], size: int) -> None:
        #: The span of its events, and the least id: it sorts before all of them.
        self.span = span
        self.id = ""
        #: How many events it holds.
        self.size = size


class IntervalIndex(Generic[_T]):
    """The events of a timeline by their span, for "what was going on at this instant".

    Runtime complexity: building from n events given in timeline order is O(n) plus sorting
    the larger nodes by end; ``add`` and ``remove`` are O(log U + log s) for s events in the
    node (a list insertion of at most ``_LARGE`` events, or a ``KeyOrdered`` beyond), with
    an O(s) conversion when a node crosses that size or stops being a run of one span,
    amortised over the s/2 changes between two; :meth:`crossing` is O(log U + k) for k events
    reported, plus O(log n) for each run it copies from the source, where log U is the number
    of bits of the time range (63).
    """

    __slots__ = ("_by_end", "_levels", "_nodes", "_nodes_per_level", "_source")

    def __init__(self, events: Sequence[_T] = (), source: Sequence[_T] | None = None) -> None:
        """Index ``events``, which must come in timeline order (by span, then id), and read the
        events of runs from ``source``: ``events`` itself by default, or the sequence (in
        timeline order too) that holds them and is kept up to date with every change before
        the index is told of it.
        """
        self._source = events if source is None else source
        # A node is a lone event, a tuple (up to _SMALL events), a run (more, of one span), a
        # list, or (beyond _LARGE events) a KeyOrdered, in order by start; _by_end the order
        # by end of the nodes of many spans.
        self._nodes: dict[int, _T | tuple[_T, ...] | list[_T] | KeyOrdered | _Run] = {}
        self._by_end: dict[int, list[_T] | KeyOrdered] = {}
        # How many nodes each bit level has, so that queries skip the empty levels (all those
        # below the shortest interval, for a start).
        self._nodes_per_level = [0] * (_LEVELS + 1)
        self._levels: tuple[int, ...] | None = None
        nodes: dict[int, Any] = self._nodes  # lone events and lists, while they are gathered
        for event in events:
            centre = _centre(event)
            if centre is None:
                continue
            node = nodes.get(centre)
            if node is None:
                nodes[centre] = event
            elif isinstance(node, list):
                node.append(event)
            else:
                nodes[centre] = [node, event]
        for centre, node in nodes.items():
            self._nodes_per_level[_level(centre)] += 1
            if isinstance(node, list):
                self._settle(centre, node)

    def _settle(self, centre: int, events: list[_T]) -> None:
        """Keep the node at ``centre`` as its events (in order by start) say: a tuple, a run,
        a list or a KeyOrdered, with an order by end when they have many spans.
        """
        self._by_end.pop(centre, None)
        if len(events) <= _SMALL:
            self._nodes[centre] = tuple(events) if len(events) > 1 else events[0]
            return
        if _one_span(events):
            self._nodes[centre] = _Run(events[0].span, len(events))
            return
        many = _has_more_spans(events, _FEW_SPANS)
        if len(events) > _LARGE:
            self._nodes[centre] = KeyOrdered.from_sorted(events, _start_key)
            if many:
                by_end = sorted(events, key=_end_key)
                self._by_end[centre] = KeyOrdered.from_sorted(by_end, _end_key)
        else:
            self._nodes[centre] = events[:]  # of its exact size: appends left room to grow
            if many:
                self._by_end[centre] = sorted(events, key=_end_key)

    def _run_events(self, run: _Run) -> Sequence[_T]:
        """The events of a run, copied from the source (by one bisection)."""
        source, key = self._source, (run.span, run.id)
        if isinstance(source, KeyOrdered):
            first: int = source.bisect_key_left(key)
        else:
            first = bisect.bisect_left(source, key, key=_start_key)
        return source[first : first + run.size]

    def add(self, event: _T) -> None:
        """Index one more event."""
        centre = _centre(event)
        if centre is None:
            return
        node = self._nodes.get(centre)
        if node is None:
            self._nodes[centre] = event
            self._count_node(centre, 1)
            return
        if isinstance(node, _Run):
            if node.span == event.span:
                node.size += 1
                return
            node = self._nodes[centre] = list(self._run_events(node))  # two spans now
        if isinstance(node, KeyOrdered):
            node.add(event)
            self._add_by_end(centre, node, event)
            return
        if not isinstance(node, tuple | list):
            node = (node,)
        if isinstance(node, tuple):
            position = bisect.bisect_left(node, _start_key(event), key=_start_key)
            if len(node) < _SMALL:
                self._nodes[centre] = (*node[:position], event, *node[position:])
                return
            events = [*node[:position], event, *node[position:]]
            self._settle(centre, events)  # a run, or a list of several spans
            return
        bisect.insort(node, event, key=_start_key)
        self._add_by_end(centre, node, event)
        if len(node) > _LARGE:
            self._nodes[centre] = KeyOrdered.from_sorted(node, _start_key)
            by_end = self._by_end.get(centre)
            if by_end is not None:
                self._by_end[centre] = KeyOrdered.from_sorted(by_end, _end_key)

    def _add_by_end(self, centre: int, node: list[_T] | KeyOrdered, event: _T) -> None:
        """Put ``event``, just added to a larger node, in the node's order by end: there is
        one, or the event brings a new span, and the node now has too many to go without.
        """
        by_end = self._by_end.get(centre)
        if by_end is None:
            if _shares_span(node, event) or not _has_more_spans(node, _FEW_SPANS):
                return
            self._by_end[centre] = (
                KeyOrdered(node, key=_end_key)
                if isinstance(node, KeyOrdered)
                else sorted(node, key=_end_key)
            )
        elif isinstance(by_end, KeyOrdered):
            by_end.add(event)
        else:
            bisect.insort(by_end, event, key=_end_key)

    def remove(self, event: _T) -> None:
        """Forget an event that was indexed (the one with this span and id)."""
        centre = _centre(event)
        if centre is None:
            return
        node = self._nodes[centre]
        if isinstance(node, _Run):
            node.size -= 1
            if node.size <= _SMALL:
                self._settle(centre, list(self._run_events(node)))
            return
        if isinstance(node, KeyOrdered):
            self._remove_large(centre, node, event)
            return
        if isinstance(node, tuple):
            position = bisect.bisect_left(node, _start_key(event), key=_start_key)
            rest = (*node[:position], *node[position + 1 :])
            self._nodes[centre] = rest if len(rest) > 1 else rest[0]
            return
        if not isinstance(node, list):
            del self._nodes[centre]
            self._count_node(centre, -1)
            return
        del node[bisect.bisect_left(node, _start_key(event), key=_start_key)]
        if len(node) <= _SMALL or _one_span(node):
            self._settle(centre, node)  # a tuple, or a run of the one span left
            return
        self._remove_by_end(centre, node, event)

    def _remove_large(self, centre: int, node: KeyOrdered, event: _T) -> None:
        """Forget an event of a node kept in KeyOrdered objects, by position (keys are
        unique: they end with the id), and go back to lists once the node is small again.
        """
        del node[node.bisect_key_left(_start_key(event))]
        if _one_span(node):
            self._settle(centre, list(node))
            return
        self._remove_by_end(centre, node, event)
        if len(node) < _LARGE // 2:
            self._nodes[centre] = list(node)
            by_end = self._by_end.get(centre)
            if by_end is not None:
                self._by_end[centre] = list(by_end)

    def _remove_by_end(self, centre: int, node: list[_T] | KeyOrdered, event: _T) -> None:
        """Take ``event``, just removed from a larger node, out of the node's order by end,
        and drop that order once the node's events have few spans left.
        """
        by_end = self._by_end.get(centre)
        if by_end is None:
            return
        if isinstance(by_end, KeyOrdered):
            del by_end[by_end.bisect_key_left(_end_key(event))]
        else:
            del by_end[bisect.bisect_left(by_end, _end_key(event), key=_end_key)]
        if not _shares_span(node, event) and not _has_more_spans(node, _FEW_SPANS // 2):
            del self._by_end[centre]

    def crossing(self, instant: int) -> list[_T]:
        """The events whose span starts before ``instant`` (UTC microseconds) and reaches it,
        in no particular order.
        """
        found: list[_T] = []
        for part, _ in self._reporting(instant):
            found += part
        return found

    def crossing_in_order(self, instant: int) -> list[_T]:
        """What :meth:`crossing` finds, in timeline order (by span, then id).

        Events that share a span (every "2017", every "2017-04", a war's many reports) sit
        together in both orders of a node, in timeline order, and a span belongs to one node
        only. So the spans are put in order rather than the events: each run of one span is
        found by bisection in the node's part and copied whole. Where spans are mostly
        distinct, that would cost more than a sort, and the events are sorted instead.

        Runtime complexity: O(log U + k + g log k) for k events in g spans, at most
        O(log U + k log k).
        """
        parts = list(self._reporting(instant))
        reported = sum(len(part) for part, _ in parts)
        spans: list[tuple[int, int, Sequence[_T], int, int]] = []
        budget = reported // _EVENTS_PER_SPAN
        for part, by_end in parts:
            if not _add_spans(part, by_end, spans, budget - len(spans)):
                found: list[_T] = []
                for every, _ in parts:
                    found += every
                found.sort(key=_start_key)
                return found
        spans.sort()  # by span: no two runs share one, so the lists are never compared
        found = []
        for _, _, run, first, last in spans:
            found += run[first:last]
        return found

    def _reporting(self, instant: int) -> Iterator[tuple[Sequence[_T], bool]]:
        """Each node's events whose span starts before ``instant`` and reaches it: the list,
        and whether it is in the node's order by end (else in timeline order).
        """
        point = instant - _ORIGIN
        by_end = self._by_end
        if self._levels is None:
            counts = self._nodes_per_level
            self._levels = tuple(level for level in range(1, _LEVELS + 1) if counts[level])
        centres = [((point >> level) << level) | (1 << (level - 1)) for level in self._levels]
        for centre, node in zip(centres, map(self._nodes.get, centres), strict=True):
            if node is None:
                continue
            if isinstance(node, _Run):
                earliest, latest = node.span
                if earliest < instant <= latest:
                    yield self._run_events(node), False
            elif not isinstance(node, tuple | list | KeyOrdered):
                earliest, latest = node.span
                if earliest < instant <= latest:
                    yield (node,), False
            # The events that report are a prefix of the node's order: found by bisection
            # (the key read log s times) and copied in one slice.
            elif point < centre:
                yield node[: _starting_before(node, instant)], False
            elif centre in by_end:
                ends = by_end[centre]
                yield ends[: _ending_from(ends, instant)], True
            elif isinstance(node, tuple):
                yield [event for event in node if event.span[1] >= instant], False
            else:
                yield _runs_ending_from(node, instant), False

    def _listed(self, node: object) -> object:
        """A node's events as a list, whichever way it keeps them (a lone event as itself)."""
        if isinstance(node, _Run):
            return list(self._run_events(node))
        return list(node) if isinstance(node, tuple | list | KeyOrdered) else node

    def _count_node(self, centre: int, change: int) -> None:
        level = _level(centre)
        self._nodes_per_level[level] += change
        if self._nodes_per_level[level] == (1 if change > 0 else 0):
            self._levels = None  # a level appeared or went: list them again on next query

    def _check(self, events: Iterable[_T]) -> None:
        """Assert that the index holds exactly ``events`` (given in timeline order)."""
        fresh = IntervalIndex(list(events), self._source)
        assert self._nodes_per_level == fresh._nodes_per_level, "level counts differ"
        levels = tuple(level for level, count in enumerate(fresh._nodes_per_level) if count)
        assert self._levels in (None, levels), "the cached list of levels is stale"
        assert self._nodes.keys() == fresh._nodes.keys(), "interval index has stale nodes"
        for centre, node in fresh._nodes.items():
            mine = self._nodes[centre]
            assert self._listed(mine) == fresh._listed(node), f"interval node {centre} differs"
            self._check_node(centre, mine)
        assert self._by_end.keys() <= self._nodes.keys(), "an end order without its node"

    def _check_node(
        self, centre: int, node: _T | tuple[_T, ...] | list[_T] | KeyOrdered | _Run
    ) -> None:
        """Assert that a node is kept as its size says, with an order by end as its spans say."""
        if isinstance(node, _Run):
            assert node.size > _SMALL, f"node {centre}: a run of {node.size} events"
            assert centre not in self._by_end, f"node {centre}: a run keeps an order by end"
            return
        size = len(node) if isinstance(node, tuple | list | KeyOrdered) else 1
        if isinstance(node, list | KeyOrdered):
            assert not _one_span(node), f"node {centre} of one span is no run"
        large = isinstance(node, KeyOrdered)
        assert large or size <= _LARGE, f"node {centre} of {size} events is a list"
        assert not large or size >= _LARGE // 2, f"node {centre} of {size} is not a list"
        assert isinstance(node, tuple) == (1 < size <= _SMALL), f"node {centre} ({size}) tuple?"
        by_end = self._by_end.get(centre)
        if isinstance(node, tuple) or size == 1:
            assert by_end is None, f"node {centre} of {size} events keeps an order by end"
            return
        assert isinstance(node, list | KeyOrdered)
        if _has_more_spans(node, _FEW_SPANS):
            assert by_end is not None, f"node {centre} of many spans has no order by end"
        elif not _has_more_spans(node, _FEW_SPANS // 2):
            assert by_end is None, f"node {centre} of few spans keeps an order by end"
        if by_end is not None:
            assert large == isinstance(by_end, KeyOrdered), f"node {centre}: end order kind"
            assert list(by_end) == sorted(node, key=_end_key), f"node {centre}: end order differs"


def _earliest(event: _Spanned) -> int:
    return event.span[0]


def _negated_latest(event: _Spanned) -> int:
    return -event.span[1]


def _spans_from(node: Sequence[_T] | KeyOrdered) -> Iterator[tuple[int, int, int, int]]:
    """The runs of one span in a node, in its order by start: ``(earliest, latest, first,
    last)`` for the events ``node[first:last]``, each run found by bisection.
    """
    first, size = 0, len(node)
    while first < size:
        earliest, latest = node[first].span
        last: int
        if node[-1].span == (earliest, latest):
            last = size  # one span to the end, as in most nodes: no bisection
        elif isinstance(node, KeyOrdered):
            last = node.bisect_key_left(((earliest, latest + 1),))
        else:
            past = ((earliest, latest + 1),)  # sorts after every key of the span
            last = bisect.bisect_left(node, past, first + 1, size, key=_start_key)
        yield earliest, latest, first, last
        first = last


def _one_span(node: Sequence[_Spanned] | KeyOrdered) -> bool:
    """Whether the events of a node (in order by start) all share one span."""
    return bool(node[0].span == node[-1].span)


def _has_more_spans(node: Sequence[_T] | KeyOrdered, limit: int) -> bool:
    """Whether the events of a node have more than ``limit`` distinct spans (O(limit log s))."""
    return any(number >= limit for number, _ in enumerate(_spans_from(node)))


def _shares_span(node: Sequence[_T] | KeyOrdered, event: _Spanned) -> bool:
    """Whether another event of ``node`` (in order by start) has the span of ``event``."""
    span = event.span
    before = (span,)  # sorts before every key of the span
    if isinstance(node, KeyOrdered):
        first = node.bisect_key_left(before)
    else:
        first = bisect.bisect_left(node, before, key=_start_key)
    for neighbour in (first, first + 1):
        if neighbour < len(node):
            other = node[neighbour]
            if other is not event and other.span == span:
                return True
    return False


def _runs_ending_from(node: list[_T] | KeyOrdered, instant: int) -> list[_T]:
    """The events of a node of few spans (all starting before ``instant``) that end at
    ``instant`` or later, in its order: the runs of those spans, each copied whole.
    """
    found: list[_T] = []
    for _, latest, first, last in _spans_from(node):
        if latest >= instant:
            found += node[first:last]
    return found


def _starting_before(node: Sequence[_T] | KeyOrdered, instant: int) -> int:
    """How many events of a node, in order of start, start before ``instant``."""
    if isinstance(node, KeyOrdered):
        count: int = node.bisect_key_left(((instant,),))
        return count
    return bisect.bisect_left(node, instant, key=_earliest)


def _ending_from(ends: list[_T] | KeyOrdered, instant: int) -> int:
    """How many events of a node, latest end first, end at ``instant`` or later."""
    if isinstance(ends, KeyOrdered):
        # Keys are (-latest, id): those below (-instant + 1,) have latest >= instant.
        count: int = ends.bisect_key_left((1 - instant,))
        return count
    return bisect.bisect_right(ends, -instant, key=_negated_latest)


# crossing_in_order() orders the spans of its events only while they hold this many events
# each on average; below that, sorting the events costs less than finding the spans' runs.
_EVENTS_PER_SPAN: Final = 4


def _add_spans(
    part: Sequence[_T],
    by_end: bool,
    spans: list[tuple[int, int, Sequence[_T], int, int]],
    budget: int,
) -> bool:
    """Append to ``spans`` the runs of ``part`` (a node's events, in its order by start or by
    end) that share one span, as ``(earliest, latest, part, first, last)``; False, and
    ``spans`` half-filled, once more than ``budget`` runs were found.
    """
    first, size = 0, len(part)
    while first < size:
        budget -= 1
        if budget < 0:
            return False
        span = part[first].span
        earliest, latest = span
        last = first + 1
        if last < size and part[last].span == span:
            # A run of one span ends before the first key past it in the part's order.
            if by_end:
                last = bisect.bisect_left(
                    part, (-latest, earliest + 1, ""), last, size, key=_end_key
                )
            else:
                last = bisect.bisect_left(
                    part, ((earliest, latest + 1),), last, size, key=_start_key
                )
        spans.append((earliest, latest, part, first, last))
        first = last
    return True


class _Widened:
    """An event filed under its possible span: what the index reads (``span`` and ``id``)
    and the event itself.
    """

    __slots__ = ("event", "id", "span")

    def __init__(self, event: Event) -> None:
        self.event = event
        self.span = possible_span(event)
        self.id = event.id


def possible_span(event: Event) -> tuple[int, int]:
    """The first and last ticks an event's date possibly covers: its span, widened
    as far as qualifiers (``?``, ``~``, ``%``) widen its ends.
    """
    when = event.when
    last = event.span[1]
    return when.possible_earliest_us, last + when.possible_latest_us - when.latest_us


class WidenedIndex:
    """The events whose dates qualifiers widen, by their possible span: what a timeline's
    window reads add to those of the sort keys, which only cover dates as written.

    >>> from geotimeline import Event
    >>> around = Event(title="Founding", when="2010~")
    >>> index = WidenedIndex([around, Event(title="Talks", when="2009-12-01")])
    >>> [event.title for event in index.spanning(*Event(title="x", when="2009-12").span)]
    ['Founding']

    Runtime complexity: as :class:`IntervalIndex` for the w widened events, plus O(log w + k)
    for those that start in a window.
    """

    __slots__ = ("_by_start", "_intervals", "size")

    def __init__(self, events: Iterable[Event] = ()) -> None:
        """Index the widened ones among ``events`` (in any order)."""
        proxies = [_Widened(event) for event in events if event.when.is_widened]
        ordered = sorted(proxies, key=_start_key)
        # A KeyOrdered rather than a list: a timeline of mostly approximate dates ("1848~")
        # adds each to it, and a list insertion would make n single adds O(n²).
        self._by_start = KeyOrdered.from_sorted(ordered, _start_key)
        self._intervals: IntervalIndex[_Widened] = IntervalIndex(ordered, self._by_start)
        #: How many events it holds (an attribute: every window query reads it).
        self.size = len(ordered)

    def add(self, event: Event) -> None:
        """Index one more event, if its date is widened."""
        if not event.when.is_widened:
            return
        proxy = _Widened(event)
        self._by_start.add(proxy)
        self.size = len(self._by_start)
        self._intervals.add(proxy)

    def remove(self, event: Event) -> None:
        """Forget an event that was indexed (nothing happens for one that is not widened)."""
        if not event.when.is_widened:
            return
        # Found by its key, which the event's fields make as they made it when it was added:
        # no table of ids is kept beside the list for this (about 32 bytes a widened event).
        position = self._by_start.bisect_key_left((possible_span(event), event.id))
        proxy = self._by_start[position]
        del self._by_start[position]
        self.size = len(self._by_start)
        self._intervals.remove(proxy)

    def spanning(self, low: int, high: int) -> list[Event]:
        """The widened events whose possible span reaches into ``low..high`` (UTC
        microseconds, inclusive), in no particular order.
        """
        if not self.size:
            return []
        found = self._intervals.crossing(low) if low > cal.MIN_US else []
        # Keys are ((first tick, last tick), id): every key whose first tick is at most high
        # sorts below ((high + 1,),).
        starting = self._by_start.irange_key(((low,),), ((high + 1,),), inclusive=(True, False))
        return [proxy.event for proxy in (*found, *starting)]

    def _check(self, events: Iterable[Event]) -> None:
        """Assert that the index holds exactly the widened ones among ``events``."""
        fresh = WidenedIndex(events)
        mine, theirs = list(self._by_start), list(fresh._by_start)
        assert list(map(_start_key, mine)) == list(map(_start_key, theirs)), (
            "widened index is stale"
        )
        assert all(a.event is b.event for a, b in zip(mine, theirs, strict=True)), "copies"
        assert self.size == len(mine), "widened index miscounts its events"
        self._by_start._check()
        self._intervals._check(self._by_start)
