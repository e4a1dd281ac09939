"""The query builder: :class:`Query`, a read-only, chainable view of a timeline's matches.

>>> from geotimeline import examples
>>> seed = examples.load("seed")
>>> len(seed.query().involving("North Korea").after("2017-08-31"))
4
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, overload

import attrs

from geotimeline import conveniences
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
from geotimeline.time.zones import check_zone

if TYPE_CHECKING:
    from geotimeline.timeline.timeline import Timeline

__all__ = ["Query"]


@attrs.frozen
class Query:
    """A read-only view of the events of a timeline that pass a filter.

    Build one with :meth:`Timeline.query`; each method returns a new query with one more
    filter. A query is read afresh each time it is iterated, so it follows changes to its
    timeline. ``mode`` is the default for the time filters added through it.

    >>> from geotimeline import examples
    >>> seed = examples.load("seed")
    >>> korea = seed.query().involving("North Korea").after("2017-08-31")
    >>> len(korea), korea.first.title
    (4, "North Korea's sixth nuclear test")
    """

    source: Timeline
    filter: Filter | None = None
    mode: Mode = "possible"
    #: The IANA time zone in which its time filters read date-only bounds; None for UTC.
    zone: str | None = attrs.field(default=None, converter=attrs.converters.optional(check_zone))

    def where(self, *filters: Filter | Callable[[Event], object]) -> Query:
        """A query with more filters (or predicates: callables from an event to a truth value)."""
        parts = [
            as_filter(part) if hasattr(part, "matches") else satisfying(part) for part in filters
        ]
        if self.filter is not None:
            parts.insert(0, self.filter)
        if not parts:
            return self
        return attrs.evolve(self, filter=parts[0] if len(parts) == 1 else AllOf(tuple(parts)))

    def excluding(self, *filters: Filter) -> Query:
        """A query without the events that any of ``filters`` matches."""
        return self.where(*(~as_filter(part) for part in filters))

    def _mode(self, mode: Mode | None) -> Mode:
        return self.mode if mode is None else check_mode(mode)

    def _zone(self, zone: str | None) -> str | None:
        return self.zone if zone is None else zone

    # One method per filter of this module, in the query's mode.

    # The time filters take the query's mode and zone unless given their own.

    def during(self, when: WhenLike, mode: Mode | None = None, *, zone: str | None = None) -> Query:
        """Only events within ``when`` (see :func:`during`)."""
        return self.where(during(when, self._mode(mode), zone=self._zone(zone)))

    def overlapping(
        self, when: WhenLike, mode: Mode | None = None, *, zone: str | None = None
    ) -> Query:
        """Only events that share some time with ``when`` (see :func:`overlapping`)."""
        return self.where(overlapping(when, self._mode(mode), zone=self._zone(zone)))

    def between(
        self, start: WhenLike, end: WhenLike, mode: Mode | None = None, *, zone: str | None = None
    ) -> Query:
        """Only events that share some time with ``start``..``end`` (see :func:`between`)."""
        return self.where(between(start, end, self._mode(mode), zone=self._zone(zone)))

    def at(self, when: WhenLike, mode: Mode | None = None, *, zone: str | None = None) -> Query:
        """Only events going on at ``when`` (see :func:`at`).

        >>> from geotimeline import Event, Timeline
        >>> timeline = Timeline([Event(title="Strike", when="2018-10-29T06:32+07:00")])
        >>> in_bangkok = timeline.query(zone="Asia/Bangkok")
        >>> len(timeline.query().at("2018-10-29")), len(in_bangkok.at("2018-10-29"))
        (0, 1)
        """
        return self.where(at(when, self._mode(mode), zone=self._zone(zone)))

    def before(self, when: WhenLike, mode: Mode | None = None, *, zone: str | None = None) -> Query:
        """Only events over by the time ``when`` starts (see :func:`before`)."""
        return self.where(before(when, self._mode(mode), zone=self._zone(zone)))

    def after(self, when: WhenLike, mode: Mode | None = None, *, zone: str | None = None) -> Query:
        """Only events that start once ``when`` is over (see :func:`after`)."""
        return self.where(after(when, self._mode(mode), zone=self._zone(zone)))

    def related(
        self, when: WhenLike, *names: str, mode: Mode | None = None, zone: str | None = None
    ) -> Query:
        """Only events in one of the named relations to ``when`` (see :func:`related`)."""
        return self.where(related(when, *names, mode=self._mode(mode), zone=self._zone(zone)))

    def involving(self, *actors: str, every: bool = False) -> Query:
        """Only events with any (or every) one of ``actors`` (see :func:`involving`)."""
        return self.where(involving(*actors, every=every))

    def in_country(self, *countries: str | int) -> Query:
        """Only events placed in one of ``countries`` (see :func:`in_country`)."""
        return self.where(in_country(*countries))

    def in_region(self, *regions: str) -> Query:
        """Only events placed in one of ``regions`` (see :func:`in_region`)."""
        return self.where(in_region(*regions))

    def tagged(self, *tags: str, every: bool = False) -> Query:
        """Only events with any (or every) one of ``tags`` (see :func:`tagged`)."""
        return self.where(tagged(*tags, every=every))

    def reported_by(self, *outlets: str) -> Query:
        """Only events reported by one of ``outlets`` (see :func:`reported_by`)."""
        return self.where(reported_by(*outlets))

    def precise_to(self, precision: Precision | str) -> Query:
        """Only events known at least to ``precision`` (see :func:`precise_to`)."""
        return self.where(precise_to(precision))

    def matching(self, text: str) -> Query:
        """Only events whose title or summary contains ``text`` (see :func:`matching`)."""
        return self.where(matching(text))

    def near(
        self, place: float | str | Place, longitude: float | None = None, *, km: float
    ) -> Query:
        """Only events placed within ``km`` of a point or named place (see :func:`near`)."""
        return self.where(near(place, longitude, km=km))

    def within_box(self, south: float, west: float, north: float, east: float) -> Query:
        """Only events placed inside a box (see :func:`within_box`)."""
        return self.where(within_box(south, west, north, east))

    # Reading the result, as from a timeline.

    def events(self) -> list[Event]:
        """The matching events, in timeline order."""
        # Through the timeline, which reads (and builds) its indexes under its own lock.
        return self.source._select(self.filter)

    def timeline(self) -> Timeline:
        """The matching events as a new :class:`Timeline` (with the source's title)."""
        return self.source._with_sorted(self.events())

    def group_by(self, key: str) -> dict[str, Timeline]:
        """The matching events grouped as by :meth:`Timeline.group_by`."""
        return self.timeline().group_by(key)

    def query(self, *filters: Filter, mode: Mode | None = None, zone: str | None = None) -> Query:
        """This query with more filters, and optionally another default mode or zone."""
        return attrs.evolve(self, mode=self._mode(mode), zone=self._zone(zone)).where(*filters)

    @property
    def first(self) -> Event | None:
        """The earliest matching event, or None."""
        events = self.events()
        return events[0] if events else None

    @property
    def last(self) -> Event | None:
        """The latest matching event, or None."""
        events = self.events()
        return events[-1] if events else None

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events())

    def __len__(self) -> int:
        return len(self.events())

    def __bool__(self) -> bool:
        return bool(self.events())

    @overload
    def __getitem__(self, position: int) -> Event: ...
    @overload
    def __getitem__(self, position: slice) -> list[Event]: ...

    def __getitem__(self, position: int | slice) -> Event | list[Event]:
        return self.events()[position]

    def __repr__(self) -> str:
        zone = "" if self.zone is None else f", zone {self.zone!r}"
        return f"<Query of {self.source!r}: {self.filter!r}, mode {self.mode!r}{zone}>"

    def _repr_html_(self) -> str:
        """The matching events as an HTML table, for notebooks."""
        html: str = conveniences.provided("timeline_html")(self.events())
        return html
