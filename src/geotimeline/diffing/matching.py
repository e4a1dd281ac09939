"""Matching the events of two timelines by id: removed, added, and the pairs that differ.

:func:`match_by_id` is what :func:`~geotimeline.diffing.diff` does first. The plain way, a
look-up of every old id among the new events and of every new id among the old, costs
three passes of random access over millions of entries. Two timelines being compared are
mostly two versions of one account: their events were added in the same order, but for the
few removed or added. So their events are walked side by side, in the order they were added,
each pair compared as it comes, its ids first; only where the two orders part is an id looked
up, to see whether it was removed, added or moved. Timelines whose orders do not agree are
matched the plain way, by look-ups, once the walk shows it does not pay.

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
import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import Final, NamedTuple

from geotimeline.events.event import Event
from geotimeline.time.when import Moment, When

__all__ = ["COMPARED_FIELDS", "MOMENT_FIELDS", "IdMatch", "differing", "match_by_id"]

#: The fields :func:`differing` compares: every field an event's equality compares, but the
#: id, which the two events of a pair share.
COMPARED_FIELDS: Final = (
    "title", "when", "summary", "actors", "place", "tags", "sources", "links", "metadata",
)  # fmt: skip

# The walk gives up, for look-ups, once it has met more than this many places where the
# orders part, and fewer than _IDS_PER_MISS events (of both sides) walked for each of them.
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
    old_by_id: dict[str, Event],
    new_by_id: dict[str, Event],
    *,
    misses_allowed: int = _MISSES_ALLOWED,
) -> IdMatch:
    """The events only in ``old_by_id``, those only in ``new_by_id``, and the pairs with one
    id that differ; each dict maps the id of each of its events to the event.

    The same as comparing ``old_by_id[eid] != new_by_id[eid]`` for every shared id (see
    :func:`differing`), whatever order the events were added in; fastest when both dicts
    hold their shared ids in the same order. ``misses_allowed`` tunes the walk, for tests.

    Runtime complexity: O(n) for n events, plus a look-up for each place where the two
    orders part (about the number of events removed, added or moved).
    """
    olds, news = iter(old_by_id.values()), iter(new_by_id.values())
    found = IdMatch([], [], [])
    # Old events whose partner comes later in the new order: paired when it comes.
    waiting: dict[str, Event] = {}
    misses = 0
    # The next event of each side, None once that side is walked to its end.
    mine, theirs = next(olds, None), next(news, None)
    while mine is not None and theirs is not None:
        old_id, new_id = mine.id, theirs.id
        if old_id == new_id:
            found.changed.extend(differing([mine], [theirs]))
            mine, theirs = _compare_run(olds, news, found.changed)
            continue
        misses += 1
        walked = len(old_by_id) + len(new_by_id) - _left(olds) - _left(news)
        if misses > misses_allowed and misses * _IDS_PER_MISS > walked:
            break  # the orders do not agree: the rest is matched by look-ups
        if old_id not in new_by_id:
            found.removed.append(mine)
            mine = next(olds, None)
        elif new_id not in old_by_id:
            found.added.append(theirs)
            theirs = next(news, None)
        elif new_id in waiting:
            found.changed.extend(differing([waiting.pop(new_id)], [theirs]))
            theirs = next(news, None)
        else:
            waiting[old_id] = mine
            mine = next(olds, None)
    # What is left: the events of each side not walked yet, and the old ones waiting. An id
    # left on one side is, if on the other side at all, left there too (every new event
    # walked past was matched or added, every old one matched, removed or waiting), so the
    # whole dicts answer the look-ups.
    rest_old = itertools.chain(_head(mine), olds, waiting.values())
    _match_by_lookups(rest_old, itertools.chain(_head(theirs), news), old_by_id, new_by_id, found)
    return found


def _left(events: Iterator[Event]) -> int:
    # Exact for the iterators of a dict and a list, which know how many items they have left.
    return operator.length_hint(events)


def _head(event: Event | None) -> tuple[Event, ...]:
    return () if event is None else (event,)


def _match_by_lookups(
    old_rest: Iterable[Event],
    new_rest: Iterable[Event],
    old_by_id: dict[str, Event],
    new_by_id: dict[str, Event],
    found: IdMatch,
) -> None:
    """The plain way, for what the walk left: a look-up of every id on the other side."""
    partner = new_by_id.get
    olds, news = [], []
    for event in old_rest:
        other = partner(event.id)
        if other is None:
            found.removed.append(event)
        else:
            olds.append(event)
            news.append(other)
    found.added.extend(event for event in new_rest if event.id not in old_by_id)
    found.changed.extend(differing(olds, news))


def differing(olds: Sequence[Event], news: Sequence[Event]) -> list[tuple[Event, Event]]:
    """The pairs ``(olds[i], news[i])`` whose two events differ; the two events of each pair
    must share their id, and the two sequences be as long.

    What ``old != new`` says of each pair, without a call of ``Event.__eq__`` for it: the
    fields are compared inline (see :func:`_compare_run`), and those that are one object (the
    dates, places and names that parsing shares between events) by identity alone. Dates that
    are not one object (times of day, which parsing does not share, and dates parsed again
    after the parse cache let them go) are equal when their canonical texts are, where both
    know theirs: ``When.parse(str(when)) == when`` for every date (a property of the date
    tests), so two dates of one text are equal. Parsed dates know their text; the others are
    compared by :func:`_whens_differ`. The fields are :data:`COMPARED_FIELDS`; a test checks
    that they are every field equality compares.

    >>> from geotimeline import Event
    >>> talks = Event(id="a", title="Talks", when="2017")
    >>> [new.title for _, new in differing([talks, talks],
    ...                                    [Event(id="a", title="Talks", when="2017"),
    ...                                     Event(id="a", title="Truce", when="2017")])]
    ['Truce']
    """
    found: list[tuple[Event, Event]] = []
    left = _compare_run(iter(olds), iter(news), found)
    if left != (None, None):
        mine, theirs = left
        raise ValueError(f"the events {mine!r} and {theirs!r} are no pair of one id")
    return found


def _compare_run(
    olds: Iterator[Event], news: Iterator[Event], changed: list[tuple[Event, Event]]
) -> tuple[Event | None, Event | None]:
    """Walk both sides a pair at a time while the two events share their id, each pair that
    differs added to ``changed``; then the first pair whose ids differ, or the next event of
    each side (None for a side walked to its end) once one side is.

    ``olds`` and ``news`` must know how many events they have left (the iterators of a dict
    or a list do): no more pairs are drawn than the shorter holds, so that no event is drawn
    from the longer side past the end of the shorter and lost.

    Every event of a million-event timeline is compared here, so the loop reads each
    attribute once, and compares by identity where that settles it. The id comes first: the
    two events of a pair were made apart, and their ids are equal texts. The title and the
    summary are each event's own text (or the one empty summary), so they are compared as
    text. The date is compared by identity, then by the canonical texts that both may know,
    then by :func:`_whens_differ`. The other fields are mostly one object on both sides (the
    empty defaults, the names and places that events share): ``is`` tells them apart without
    a comparison, and only when one of them is not one object are the two tuples of them
    compared. Those most often not one object (metadata, sources and links as read from a
    file) come first, so that the identity tests stop early when they do not settle it.
    """
    # Not strict: the slice of ``olds`` ends first, or with ``news``, and zip then draws no more.
    shorter = min(_left(olds), _left(news))
    for mine, theirs in zip(itertools.islice(olds, shorter), news, strict=False):
        if mine.id != theirs.id:
            return mine, theirs
        if mine is not theirs and (
            mine.title != theirs.title
            or ((when := mine.when) is not (other := theirs.when)
                and ((text := when._text) is None or text != other._text)
                and _whens_differ(when, other))
            or mine.summary != theirs.summary
            or (not (mine.metadata is theirs.metadata and mine.sources is theirs.sources
                     and mine.links is theirs.links and mine.actors is theirs.actors
                     and mine.place is theirs.place and mine.tags is theirs.tags)
                and (mine.metadata, mine.sources, mine.links, mine.actors, mine.place,
                     mine.tags)
                != (theirs.metadata, theirs.sources, theirs.links, theirs.actors,
                    theirs.place, theirs.tags))
        ):  # fmt: skip
            changed.append((mine, theirs))
    return next(olds, None), next(news, None)


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
