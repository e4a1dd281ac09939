"""The filter algebra: what a filter is, and how filters combine with ``&``, ``|`` and ``~``.

A :class:`Filter` says whether one event matches. Each family of filters (time, names,
places, text) lives in a module of its own and subclasses it; this module knows none of
them. Where a filter can read a timeline's indexes, it says so through the hooks below, and
:mod:`geotimeline.query.planner` picks the cheapest way to read its matches.

>>> from geotimeline import Event
>>> from geotimeline.query import involving, tagged
>>> either = involving("Russia") | tagged("sanctions")
>>> either.matches(Event(title="Sanctions", when="2014", tags=["sanctions"]))
True
>>> (~either).matches(Event(title="Sanctions", when="2014", tags=["sanctions"]))
False
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, cast

import attrs

from geotimeline.errors import InvalidFieldError
from geotimeline.events.keys import fold
from geotimeline.query import planner

if TYPE_CHECKING:
    from geotimeline.events.event import Event
    from geotimeline.timeline.timeline import Timeline

__all__ = ["AllOf", "AnyOf", "Filter", "Not", "Satisfying", "as_filter", "satisfying"]


class Filter:
    """Whether an event matches; filters combine with ``&``, ``|`` and ``~``.

    Subclasses implement :meth:`matches`, and where an index helps, :meth:`estimate` and
    :meth:`candidates`.
    """

    __slots__ = ()

    def matches(self, event: Event) -> bool:
        """True when ``event`` passes this filter."""
        raise NotImplementedError

    def has_index(self) -> bool:
        """True when :meth:`candidates` can find candidates without reading every event."""
        return False

    def checker(self, timeline: Timeline) -> Callable[[Event], bool]:
        """A test that agrees with :meth:`matches` on the events of ``timeline``, and may read
        its indexes to be faster (by default, :meth:`matches` itself).
        """
        return self.matches

    def narrow(self, timeline: Timeline, events: Iterable[Event]) -> list[Event]:
        """The ``events`` of ``timeline`` that pass this filter, in their order.

        The same as testing each with :meth:`checker`, which is what it does unless a
        subclass knows a quicker way for a whole batch.
        """
        check = self.checker(timeline)
        return [event for event in events if check(event)]

    def estimate(self, timeline: Timeline) -> int | None:
        """About how many candidates :meth:`candidates` would give, or None without an index."""
        return None

    def candidates(self, timeline: Timeline) -> tuple[Iterable[Event], bool]:
        """Events that include every match, and whether they come in timeline order.

        Only called when :meth:`estimate` is not None.
        """
        raise NotImplementedError

    def looks_up(self) -> bool:
        """True when :meth:`checker` answers with an index look-up rather than by reading the
        event: the cheapest check, which the planner runs first.
        """
        return False

    def window(self) -> tuple[int, int] | None:
        """For a filter on time, the instants (UTC microseconds, inclusive) that the span of
        every match reaches into; None for any other filter.
        """
        return None

    def index_key(self) -> tuple[str, str] | None:
        """The index field and the one key every match is filed under, or None."""
        return None

    def exact_window(self) -> bool:
        """True when every event whose span as written (its sort key's) reaches into
        :meth:`window` matches, so that only the events widened by qualifiers need a test.
        """
        return False

    def indexed_matches(self, timeline: Timeline) -> list[Event] | None:
        """The matches themselves, in timeline order, when the indexes give exactly them
        (nothing left to test one by one); None otherwise.
        """
        return None

    def __and__(self, other: Filter) -> Filter:
        return AllOf((self, as_filter(other)))

    def __or__(self, other: Filter) -> Filter:
        return AnyOf((self, as_filter(other)))

    def __invert__(self) -> Filter:
        return Not(self)


def as_filter(value: object) -> Filter:
    """``value`` if it is a filter, else an :class:`~geotimeline.errors.InvalidFieldError`."""
    # Known by what it does rather than by its class, so that filters still work together
    # when this module has been imported twice (as test runners that collect doctests do).
    if hasattr(value, "matches") and hasattr(value, "has_index"):
        return cast(Filter, value)
    raise InvalidFieldError("filter", value, "is not a query filter")


def folded_names(field: str, values: Sequence[str]) -> frozenset[str]:
    """The folded forms of names given to a filter, checked: at least one, all text."""
    if not values:
        raise InvalidFieldError(field, values, "needs at least one value")
    for value in values:
        if not isinstance(value, str):
            raise InvalidFieldError(field, value, "must be text")
    return frozenset(fold(value) for value in values)


@attrs.frozen
class AllOf(Filter):
    """Every one of ``parts`` matches."""

    parts: tuple[Filter, ...]

    def matches(self, event: Event) -> bool:
        # A loop rather than all() over a generator: this runs once per candidate event.
        for part in self.parts:  # noqa: SIM110
            if not part.matches(event):
                return False
        return True

    def has_index(self) -> bool:
        return any(part.has_index() for part in self.parts)

    def checker(self, timeline: Timeline) -> Callable[[Event], bool]:
        checks = [part.checker(timeline) for part in planner.look_ups_first(self.parts)]

        def check(event: Event) -> bool:
            for part_check in checks:  # noqa: SIM110  (a loop is cheaper than all() here)
                if not part_check(event):
                    return False
            return True

        return check

    def narrow(self, timeline: Timeline, events: Iterable[Event]) -> list[Event]:
        # One pass per part, index look-ups first: each pass is a tight loop that leaves
        # fewer events for the next, where one check per event would call every part's test.
        narrowed = list(events)
        for part in planner.look_ups_first(self.parts):
            narrowed = part.narrow(timeline, narrowed)
        return narrowed

    def estimate(self, timeline: Timeline) -> int | None:
        best = planner.most_selective(self.parts, timeline)
        return None if best is None else best[0]

    def candidates(self, timeline: Timeline) -> tuple[Iterable[Event], bool]:
        return planner.all_of_candidates(self.parts, timeline)

    def indexed_matches(self, timeline: Timeline) -> list[Event] | None:
        return planner.all_of_matches(self.parts, timeline)


@attrs.frozen
class AnyOf(Filter):
    """At least one of ``parts`` matches."""

    parts: tuple[Filter, ...]

    def matches(self, event: Event) -> bool:
        return any(part.matches(event) for part in self.parts)

    def has_index(self) -> bool:
        return all(part.has_index() for part in self.parts)

    def estimate(self, timeline: Timeline) -> int | None:
        total = 0
        for part in self.parts:
            count = part.estimate(timeline)
            if count is None:
                return None  # one part without an index means reading everything anyway
            total += count
        return total

    def candidates(self, timeline: Timeline) -> tuple[Iterable[Event], bool]:
        return planner.any_of_candidates(self.parts, timeline)


@attrs.frozen
class Not(Filter):
    """``part`` does not match."""

    part: Filter

    def matches(self, event: Event) -> bool:
        return not self.part.matches(event)

    def __invert__(self) -> Filter:
        return self.part


@attrs.frozen
class Satisfying(Filter):
    """A custom predicate: any callable from an event to a truth value."""

    predicate: Callable[[Event], object]

    def matches(self, event: Event) -> bool:
        return bool(self.predicate(event))


def satisfying(predicate: Callable[[Event], object]) -> Filter:
    """Events for which ``predicate(event)`` is true.

    >>> from geotimeline import Event
    >>> satisfying(lambda event: len(event.actors) > 3).matches(Event(title="x", when="2017"))
    False
    """
    if not callable(predicate):
        raise InvalidFieldError("predicate", predicate, "must be callable")
    return Satisfying(predicate)
