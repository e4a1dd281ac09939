"""Matching the events of two timelines by id: removed, added, and the pairs that differ.

:func:`match_by_id` is what :func:`~geotimeline.diffing.diff` does first. The plain way, a
look-up of every old id among the new events and of every new id among the old, costs
three passes of random access over millions of entries. Two timelines being compared are
mostly two versions of one account: their events were added in the same order, but for the
few removed or added. So their ids are walked side by side, in the order the events were
added, comparing runs of ids a slice at a time (in C); only where the two orders part is an
id looked up, to see whether it was removed, added or moved. Timelines whose orders do not
agree are matched the plain way, by look-ups, once the walk shows it does not pay.

>>> from geotimeline import Event, Timeline
>>> old = Timeline([Event(id="a", title="Talks", when="2017"),
...                 Event(id="b", title="Strike", when="2017-04-07")])
>>> new = Timeline([Event(id="a", title="Talks in Astana", when="2017"),
...                 Event(id="c", title="Truce", when="2017-07-09")])
>>> matched = match_by_id(old._by_id, new._by_id)
>>> [event.id for event in matched.removed], [event.id for event in matched.added]
(['b'], ['c'])
>>> [(mine.title, theirs.title) for mine, theirs in matched.changed]
[('Talks', 'Talks in Astana')]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Final, NamedTuple

from geotimeline.events.event import Event
from geotimeline.time.when import Moment, When

__all__ = ["COMPARED_FIELDS", "MOMENT_FIELDS", "IdMatch", "differing", "match_by_id"]

#: The fields :func:`differing` compares: every field an event's equality compares, but the
#: id, which the two events of a pair share.
COMPARED_FIELDS: Final = (
    "title", "when", "summary", "actors", "place", "tags", "sources", "links", "metadata",
)  # fmt: skip

# Runs of equal ids are compared this many ids at a time at first, twice as many after each
# equal slice, up to the largest step: a long run costs few slices, a short one few ids.
_FIRST_STEP: Final = 8
_LARGEST_STEP: Final = 4096
# The walk gives up, for look-ups, once it has met more than this many places where the
# orders part, and fewer than _IDS_PER_MISS ids (of both sides) walked for each of them.
_MISSES_ALLOWED: Final = 64
_IDS_PER_MISS: Final = 16


class IdMatch(NamedTuple):
    """What matching two timelines' events by id finds, each list in no particular order."""

    #: The old events whose id is not among the new ones.
    removed: list[Event]
    #: The new events whose id is not among the old ones.
    added: list[Event]
    #: The (old, new) pairs of events with one id that differ.
    changed: list[tuple[Event, Event]]


def match_by_id(
    old_by_id: Mapping[str, Event],
    new_by_id: Mapping[str, Event],
    *,
    first_step: int = _FIRST_STEP,
    largest_step: int = _LARGEST_STEP,
    misses_allowed: int = _MISSES_ALLOWED,
) -> IdMatch:
    """The events only in ``old_by_id``, those only in ``new_by_id``, and the pairs with one
    id that differ; each mapping maps the id of each of its events to the event.

    The same as comparing ``old_by_id[eid] != new_by_id[eid]`` for every shared id (see
    :func:`differing`), whatever order the events were added in; fastest when both mappings
    hold their shared ids in the same order. The keywords tune the walk, for tests.

    Runtime complexity: O(n) for n events, plus a look-up for each place where the two
    orders part (about the number of events removed, added or moved).
    """
    old_ids, new_ids = list(old_by_id), list(new_by_id)
    old_events, new_events = iter(old_by_id.values()), iter(new_by_id.values())
    found = IdMatch([], [], [])
    # Old events whose partner comes later in the new order: paired when it comes.
    waiting: dict[str, Event] = {}
    start = end = misses = 0  # start: in old_ids; end: in new_ids
    while start < len(old_ids) and end < len(new_ids):
        run = _shared_run(old_ids, new_ids, start, end, first_step, largest_step)
        if run:
            found.changed.extend(
                differing(zip(_take(old_events, run), _take(new_events, run), strict=True))
            )
            start, end = start + run, end + run
            continue
        misses += 1
        if misses > misses_allowed and misses * _IDS_PER_MISS > start + end:
            break  # the orders do not agree: the rest is matched by look-ups
        old_id, new_id = old_ids[start], new_ids[end]
        if old_id not in new_by_id:
            found.removed.append(next(old_events))
            start += 1
        elif new_id not in old_by_id:
            found.added.append(next(new_events))
            end += 1
        elif new_id in waiting:
            found.changed.extend(differing([(waiting.pop(new_id), next(new_events))]))
            end += 1
        else:
            waiting[old_id] = next(old_events)
            start += 1
    # What is left of each side, and the events waiting, hold the same shared ids: every new
    # event before ``end`` was matched, and every old one before ``start`` matched or waiting.
    rest_old = dict(zip(old_ids[start:], old_events, strict=True))
    rest_old.update(waiting)
    _match_by_lookups(rest_old, dict(zip(new_ids[end:], new_events, strict=True)), found)
    return found


def _take(events: Iterator[Event], count: int) -> Iterator[Event]:
    return itertools.islice(events, count)


def _shared_run(
    old_ids: list[str], new_ids: list[str], start: int, end: int, first_step: int, largest: int
) -> int:
    """How many ids from ``old_ids[start]`` and ``new_ids[end]`` on are the same, in order.

    Slices are compared ``step`` ids at a time, the step doubling after each equal slice; the
    slice that differs is bisected, so a run of r ids costs O(r) compared ids and O(log r)
    slices.
    """
    length, step = 0, first_step
    limit = min(len(old_ids) - start, len(new_ids) - end)
    while length < limit:
        size = min(step, limit - length)
        mine, theirs = start + length, end + length
        if old_ids[mine : mine + size] != new_ids[theirs : theirs + size]:
            return length + _equal_prefix(old_ids, new_ids, mine, theirs, size)
        length += size
        step = min(2 * step, largest)
    return length


def _equal_prefix(old_ids: list[str], new_ids: list[str], mine: int, theirs: int, size: int) -> int:
    """The length of the longest equal prefix of two slices of ``size`` ids that differ."""
    equal, differ = 0, size  # the first ``equal`` ids are equal; the first ``differ`` are not
    while differ - equal > 1:
        middle = (equal + differ) // 2
        if old_ids[mine + equal : mine + middle] == new_ids[theirs + equal : theirs + middle]:
            equal = middle
        else:
            differ = middle
    return equal


def _match_by_lookups(
    old_by_id: dict[str, Event], new_by_id: dict[str, Event], found: IdMatch
) -> None:
    """The plain way, for what the walk left: a look-up of every id on the other side."""
    found.removed.extend(event for eid, event in old_by_id.items() if eid not in new_by_id)
    found.added.extend(event for eid, event in new_by_id.items() if eid not in old_by_id)
    partner = new_by_id.get
    found.changed.extend(
        differing(
            (event, other)
            for eid, event in old_by_id.items()
            if (other := partner(eid)) is not None
        )
    )


def differing(pairs: Iterable[tuple[Event, Event]]) -> list[tuple[Event, Event]]:
    """The pairs of ``pairs`` whose two events differ, given that each pair shares its id.

    What ``old != new`` says of each pair, without a call of ``Event.__eq__`` for it: the
    fields are compared inline, and those that are one object (the dates, places and names
    that parsing shares between events) by identity alone. Dates that are not one object
    (times of day, which parsing does not share, and dates parsed again after the parse
    cache let them go) are equal when their canonical texts are, where both know theirs:
    ``When.parse(str(when)) == when`` for every date (a property of the date tests), so two
    dates of one text are equal. Parsed dates know their text; the others are compared by
    :func:`_whens_differ`. The fields are
    :data:`COMPARED_FIELDS`; a test checks that they are every field equality compares.

    >>> from geotimeline import Event
    >>> talks = Event(id="a", title="Talks", when="2017")
    >>> [new.title for _, new in differing([(talks, Event(id="a", title="Talks", when="2017")),
    ...                                      (talks, Event(id="a", title="Truce", when="2017"))])]
    ['Truce']
    """
    return [
        (mine, theirs)
        for mine, theirs in pairs
        if mine is not theirs
        and (
            mine.title != theirs.title
            or ((when := mine.when) is not (other := theirs.when)
                and ((text := when._text) is None or text != other._text)
                and _whens_differ(when, other))
            # One tuple a side for the fields that parsing mostly shares: the tuples compare
            # in C, by identity first, and one pair of tuples costs less than two.
            or (mine.summary, mine.actors, mine.place, mine.tags, mine.sources, mine.links,
                mine.metadata)
            != (theirs.summary, theirs.actors, theirs.place, theirs.tags, theirs.sources,
                theirs.links, theirs.metadata)
        )
    ]  # fmt: skip


#: The fields a moment's equality compares, in its order; :func:`_whens_differ` reads them
#: inline, and a test checks that they are every field the class compares.
MOMENT_FIELDS: Final = (
    "earliest_us", "latest_us", "precision", "season", "utc_offset_seconds", "uncertain",
    "approximate", "unspecified",
)  # fmt: skip


def _whens_differ(mine: When, theirs: When) -> bool:
    """``mine != theirs``, for two dates that are not one object.

    ``When.__eq__`` compares start, end and kind, each moment in a call of attrs' equality of
    its own: three calls for two instants. An instant's start is its end, so two instants are
    equal when their moments' fields are, read here inline, in one call in all. The dates
    that reach here are times of day, which parsing makes anew for each event, and dates
    parsed again once the parse cache let them go (then nearly every date of a timeline).
    Intervals take ``!=``.

    >>> _whens_differ(When.parse("2017-04-07T09:00Z"), When.parse("2017-04-07T10:00+01:00"))
    True
    """
    start, other = mine.start, theirs.start
    if (
        mine.is_interval is False
        and theirs.is_interval is False
        and type(mine) is When
        and type(theirs) is When
        and type(start) is Moment
        and type(other) is Moment
    ):
        return (start.earliest_us, start.latest_us, start.precision, start.season,
                start.utc_offset_seconds, start.uncertain, start.approximate, start.unspecified
                ) != (other.earliest_us, other.latest_us, other.precision, other.season,
                      other.utc_offset_seconds, other.uncertain, other.approximate,
                      other.unspecified)  # fmt: skip
    return mine != theirs
