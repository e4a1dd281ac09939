"""What a query offers, and whatever reads like one: a method per filter, each giving a copy
with that filter added.

:class:`~geotimeline.query.Query` (over a timeline in memory) and the lazy view of a timeline
in an engine (:func:`geotimeline.open`) mix in :class:`Filtering`, so that they have the same
methods, signatures and defaults, written once.

>>> from geotimeline import examples
>>> from geotimeline.query import Query
>>> issubclass(Query, Filtering)
True
>>> seed = examples.load("seed")
>>> [event.title for event in seed.query().in_country("KP").tagged("nuclear")][:1]
["North Korea's sixth nuclear test"]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self, TypeVar, cast

import attrs

from geotimeline.events.event import Event
from geotimeline.places.place import Place
from geotimeline.query.by_name import in_country, involving, tagged
from geotimeline.query.by_place import in_region, near, within_box
from geotimeline.query.by_text import matching, reported_by
from geotimeline.query.by_time import (
    Mode,
    WhenLike,
    after,
    at,
    before,
    between,
    check_mode,
    during,
    overlapping,
    precise_to,
    related,
)
from geotimeline.query.filters import AllOf, Filter, as_filter, satisfying
from geotimeline.time.when import Precision

__all__ = ["Filtering"]


class Filtering:
    """The filter methods of a query, for an attrs class with the fields ``filter`` (a
    :class:`~geotimeline.query.filters.Filter` or None), ``mode`` (the default mode of its
    time filters) and ``zone`` (the default zone of its time filters, None for UTC).
    """

    __slots__ = ()

    filter: Filter | None
    mode: Mode
    zone: str | None

    def where(self, *filters: Filter | Callable[[Event], object]) -> Self:
        """A copy with more filters (or predicates: callables from an event to a truth value)."""
        parts = [
            as_filter(part) if hasattr(part, "matches") else satisfying(part) for part in filters
        ]
        if self.filter is not None:
            parts.insert(0, self.filter)
        if not parts:
            return self
        return _evolve(self, filter=parts[0] if len(parts) == 1 else AllOf(tuple(parts)))

    def excluding(self, *filters: Filter) -> Self:
        """A copy without the events that any of ``filters`` matches."""
        return self.where(*(~as_filter(part) for part in filters))

    def _mode(self, mode: Mode | None) -> Mode:
        return self.mode if mode is None else check_mode(mode)

    def _zone(self, zone: str | None) -> str | None:
        return self.zone if zone is None else zone

    # One method per filter of this module, in the query's mode.

    # The time filters take the query's mode and zone unless given their own.

    def during(self, when: WhenLike, mode: Mode | None = None, *, zone: str | None = None) -> Self:
        """Only events within ``when`` (see :func:`during`)."""
        return self.where(during(when, self._mode(mode), zone=self._zone(zone)))

    def overlapping(
        self, when: WhenLike, mode: Mode | None = None, *, zone: str | None = None
    ) -> Self:
        """Only events that share some time with ``when`` (see :func:`overlapping`)."""
        return self.where(overlapping(when, self._mode(mode), zone=self._zone(zone)))

    def between(
        self, start: WhenLike, end: WhenLike, mode: Mode | None = None, *, zone: str | None = None
    ) -> Self:
        """Only events that share some time with ``start``..``end`` (see :func:`between`)."""
        return self.where(between(start, end, self._mode(mode), zone=self._zone(zone)))

    def at(self, when: WhenLike, mode: Mode | None = None, *, zone: str | None = None) -> Self:
        """Only events going on at ``when`` (see :func:`at`).

        >>> from geotimeline import Event, Timeline
        >>> timeline = Timeline([Event(title="Strike", when="2018-10-29T06:32+07:00")])
        >>> in_bangkok = timeline.query(zone="Asia/Bangkok")
        >>> len(timeline.query().at("2018-10-29")), len(in_bangkok.at("2018-10-29"))
        (0, 1)
        """
        return self.where(at(when, self._mode(mode), zone=self._zone(zone)))

    def before(self, when: WhenLike, mode: Mode | None = None, *, zone: str | None = None) -> Self:
        """Only events over by the time ``when`` starts (see :func:`before`)."""
        return self.where(before(when, self._mode(mode), zone=self._zone(zone)))

    def after(self, when: WhenLike, mode: Mode | None = None, *, zone: str | None = None) -> Self:
        """Only events that start once ``when`` is over (see :func:`after`)."""
        return self.where(after(when, self._mode(mode), zone=self._zone(zone)))

    def related(
        self, when: WhenLike, *names: str, mode: Mode | None = None, zone: str | None = None
    ) -> Self:
        """Only events in one of the named relations to ``when`` (see :func:`related`)."""
        return self.where(related(when, *names, mode=self._mode(mode), zone=self._zone(zone)))

    def involving(self, *actors: str, every: bool = False) -> Self:
        """Only events with any (or every) one of ``actors`` (see :func:`involving`)."""
        return self.where(involving(*actors, every=every))

    def in_country(self, *countries: str | int) -> Self:
        """Only events placed in one of ``countries`` (see :func:`in_country`)."""
        return self.where(in_country(*countries))

    def in_region(self, *regions: str) -> Self:
        """Only events placed in one of ``regions`` (see :func:`in_region`)."""
        return self.where(in_region(*regions))

    def tagged(self, *tags: str, every: bool = False) -> Self:
        """Only events with any (or every) one of ``tags`` (see :func:`tagged`)."""
        return self.where(tagged(*tags, every=every))

    def reported_by(self, *outlets: str) -> Self:
        """Only events reported by one of ``outlets`` (see :func:`reported_by`)."""
        return self.where(reported_by(*outlets))

    def precise_to(self, precision: Precision | str) -> Self:
        """Only events known at least to ``precision`` (see :func:`precise_to`)."""
        return self.where(precise_to(precision))

    def matching(self, text: str) -> Self:
        """Only events whose title or summary contains ``text`` (see :func:`matching`)."""
        return self.where(matching(text))

    def near(
        self, place: float | str | Place, longitude: float | None = None, *, km: float
    ) -> Self:
        """Only events placed within ``km`` of a point or named place (see :func:`near`)."""
        return self.where(near(place, longitude, km=km))

    def within_box(self, south: float, west: float, north: float, east: float) -> Self:
        """Only events placed inside a box (see :func:`within_box`)."""
        return self.where(within_box(south, west, north, east))

    def query(self, *filters: Filter, mode: Mode | None = None, zone: str | None = None) -> Self:
        """This with more filters, and optionally another default mode or zone."""
        return _evolve(self, mode=self._mode(mode), zone=self._zone(zone)).where(*filters)


_Filtered = TypeVar("_Filtered", bound=Filtering)


def _evolve(instance: _Filtered, **changes: Any) -> _Filtered:
    # The classes that mix Filtering in are attrs classes; this mixin is not one itself.
    return cast(_Filtered, attrs.evolve(cast(Any, instance), **changes))
