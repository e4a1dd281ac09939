"""Filters on time: Allen's relations to a reference date, possibly or certainly.

With fuzzy dates, "during 2017" has two honest answers: ``"possible"`` keeps what may match
for some reading of the fuzzy dates, ``"certain"`` only what matches for every reading (see
:mod:`geotimeline.time.relations`). Four families of relations have closed forms, checked with
a few integer comparisons and read from the timeline's interval index (:class:`TimeFilter`);
any other set of relations is worked out in full (:class:`Related`). How precisely an event
is dated is a filter on time too (:func:`precise_to`).

Every time filter takes a ``zone``: the IANA name of the time zone in which its date-only
bounds are read (UTC by default), so that ``at("2018-10-29", zone="Asia/Bangkok")`` is that
day in Bangkok. Times of day keep their own UTC offset (or UTC, when none is written).

>>> from geotimeline import Event
>>> offensive = Event(title="Offensive", when="2014-04/2014-05")
>>> at("2014-04-10").matches(offensive), at("2014-04-10", "certain").matches(offensive)
(True, False)
>>> strike = Event(title="Strike", when="2018-10-29T06:32+07:00")
>>> at("2018-10-29").matches(strike), at("2018-10-29", zone="Asia/Bangkok").matches(strike)
(False, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, TypeAlias, TypeGuard

import attrs

from geotimeline.errors import InvalidFieldError
from geotimeline.events.event import Event
from geotimeline.query.filters import Filter
from geotimeline.time import calendar as cal
from geotimeline.time.relations import Extent, _families, extent_relations
from geotimeline.time.when import Moment, Precision, Unbounded, When
from geotimeline.time.zones import check_zone

if TYPE_CHECKING:
    from collections.abc import Iterable

    from geotimeline.timeline.timeline import Timeline

__all__ = [
    "Mode",
    "PreciseTo",
    "Related",
    "TimeFilter",
    "after",
    "at",
    "before",
    "between",
    "check_mode",
    "during",
    "overlapping",
    "precise_to",
    "related",
]

Mode: TypeAlias = Literal["possible", "certain"]
WhenLike: TypeAlias = "When | str"
_MODES: Final = ("possible", "certain")
_Family: TypeAlias = Literal["intersects", "inside", "precedes", "follows"]


def check_mode(mode: object) -> Mode:
    """``mode`` if it is ``"possible"`` or ``"certain"``, else an ``InvalidFieldError``.

    >>> check_mode("certain")
    'certain'
    """
    if mode not in _MODES:
        raise InvalidFieldError("mode", mode, "must be 'possible' or 'certain'")
    return mode


def _extent_of(value: WhenLike, zone: str | None = None) -> Extent:
    return Extent.of(When.coerce(value), _zone(zone))


def _zone(zone: str | None) -> str | None:
    """The zone to read date-only bounds in, checked; None for UTC (nothing to convert)."""
    if zone is None:
        return None
    zone = check_zone(zone)
    return None if zone == "UTC" else zone


def _span(low: WhenLike, high: WhenLike, zone: str | None = None) -> Extent:
    """The extent from the first instant of ``low`` to the last of ``high``, both included:
    exact for dates as written, and as fuzzy as a qualifier makes the moment at either end
    (``2010~`` starts some time from 2009 to 2011).
    """
    zone = _zone(zone)
    start = (low if type(low) is When else When.coerce(low)).start
    end = (high if type(high) is When else When.coerce(high)).end
    if zone is None and _plain(start) and _plain(end):
        # Every window query of dates without qualifiers, in UTC: an exact span.
        first, after = start.earliest_us, end.latest_us + 1
        if first >= after:
            raise InvalidFieldError("end", str(high), f"is before the start {low}")
        return Extent(first, first, after, after)
    start_low, start_high = _span_start(start, zone)
    end_low, end_high = _span_end(end, zone)
    if start_low >= end_high:
        raise InvalidFieldError("end", str(high), f"is before the start {low}")
    return Extent(start_low, min(start_high, end_high - 1), max(end_low, start_low + 1),
                  end_high)  # fmt: skip


def _plain(bound: Moment | Unbounded) -> TypeGuard[Moment]:
    """Whether ``bound`` is a moment without a qualifier."""
    return type(bound) is Moment and not (bound.uncertain or bound.approximate)


def _span_start(start: Moment | Unbounded, zone: str | None) -> tuple[int, int]:
    """Where a span from the start of ``start`` may start."""
    if isinstance(start, Unbounded):
        return cal.MIN_US, cal.MIN_US
    if zone is None and not (start.uncertain or start.approximate):
        return start.earliest_us, start.earliest_us
    first = Extent.of_moment(start, zone)
    return first.start_low, first.start_high


def _span_end(end: Moment | Unbounded, zone: str | None) -> tuple[int, int]:
    """Where a span to the end of ``end`` may end: after its last instant, a point included."""
    if isinstance(end, Unbounded):
        return cal.MAX_US + 1, cal.MAX_US + 1
    if zone is None and not (end.uncertain or end.approximate):
        return end.latest_us + 1, end.latest_us + 1
    last = Extent.of_moment(end, zone)
    return last.end_low + last.is_point, last.reach


@attrs.frozen
class TimeFilter(Filter):
    """Events standing in a family of relations to a reference extent, possibly or certainly.

    The four families here have closed forms (see :func:`_possible` and :func:`_certain`), so
    checking an event is a few integer comparisons rather than a full relation computation.
    """

    reference: Extent
    family: _Family
    mode: Mode = "possible"

    def matches(self, event: Event) -> bool:
        if self.mode == "possible" and self.family == "intersects":
            # The common case needs only the span every event carries (the ticks its date
            # covers as written).
            earliest, latest = event.span
            ref = self.reference
            if earliest < ref.end_high and ref.start_low <= latest:
                return True
            # What that misses: a widened date, or a span that starts at a point reference.
            if not (event.when.is_widened or ref.is_point):
                return False
        check = _possible if self.mode == "possible" else _certain
        return check(self.family, _extent(event), self.reference)

    def window(self) -> tuple[int, int]:
        """The instants (inclusive) that the possible span of every matching event reaches
        into (see :meth:`Timeline._spanning`).
        """
        ref = self.reference
        if self.family == "precedes":
            return cal.MIN_US, ref.start_high - 1
        if self.family == "follows":
            return ref.end_low, cal.MAX_US
        return ref.start_low, ref.reach - 1

    def has_index(self) -> bool:
        return True

    def exact_window(self) -> bool:
        # "Possibly shares some time with a span": an event whose span as written starts
        # before the window's end and reaches its start matches, with no test; a point
        # reference is left to matches() (a span starting at it shares its instant).
        return (
            self.mode == "possible" and self.family == "intersects" and not self.reference.is_point
        )

    def indexed_matches(self, timeline: Timeline) -> list[Event] | None:
        if not self.exact_window():
            return None
        return timeline._spanning(*self.window(), self.matches)

    def narrow(self, timeline: Timeline, events: Iterable[Event]) -> list[Event]:
        if self.mode != "possible" or self.family != "intersects":
            return super().narrow(timeline, events)
        # matches() in one comprehension: the integer test of its common case inline, the
        # rest of matches() only for the events that fail it.
        end, start, matches = self.reference.end_high, self.reference.start_low, self.matches
        return [
            event
            for event in events
            if ((span := event.span)[0] < end and start <= span[1]) or matches(event)
        ]

    def estimate(self, timeline: Timeline) -> int | None:
        return timeline._count_starting(*self.window())

    def candidates(self, timeline: Timeline) -> tuple[Iterable[Event], bool]:
        return timeline._spanning(*self.window()), True


def _extent(event: Event) -> Extent:
    return Extent.of(event.when)


def _possible(family: _Family, event: Extent, ref: Extent) -> bool:
    """Whether some reading of both extents puts ``event`` in ``family`` relative to ``ref``.

    Each side's ranges are tightened (every bound is reachable) and the sides are
    independent, so each family reduces to picking the most favourable ends. A point covers
    its own instant: it ends one tick later (:attr:`Extent.reach`) where it is compared with a
    start, and a span can lie inside a point only by being that point.
    """
    if family == "intersects":
        return event.start_low < ref.reach and ref.start_low < event.reach
    if family == "inside":
        if ref.is_point or event.is_point:
            return _point_inside(event, ref, ref.start_low, ref.end_high)
        start = max(event.start_low, ref.start_low)
        end = min(event.end_high, ref.end_high)
        return start <= event.start_high and end >= event.end_low and start < end
    if family == "precedes":
        return event.end_low + event.is_point <= ref.start_high
    return event.start_high >= ref.end_low + ref.is_point  # follows


def _certain(family: _Family, event: Extent, ref: Extent) -> bool:
    """Whether every reading of both extents puts ``event`` in ``family`` relative to ``ref``."""
    if family == "intersects":
        return (event.start_high < ref.end_low + ref.is_point
                and ref.start_high < event.end_low + event.is_point)  # fmt: skip
    if family == "inside":
        if ref.is_point or event.is_point:
            return _point_inside(event, ref, ref.start_high, ref.end_low)
        return ref.start_high <= event.start_low and event.end_high <= ref.end_low
    if family == "precedes":
        return event.end_high + event.is_point <= ref.start_low
    return event.start_low >= ref.end_high + ref.is_point  # follows


def _point_inside(event: Extent, ref: Extent, ref_start: int, ref_end: int) -> bool:
    """Whether a point lies inside ``ref`` (from ``ref_start``, before ``ref_end``), or a span
    inside a point: only a point inside itself is.
    """
    if ref.is_point:
        return event.is_point and event.start_low == ref.start_low
    return ref_start <= event.start_low < ref_end


@attrs.frozen
class Related(Filter):
    """Events in any of the named Allen relations or families to ``reference``."""

    reference: Extent
    names: frozenset[str]
    mode: Mode = "possible"

    def matches(self, event: Event) -> bool:
        possible = extent_relations(_extent(event), self.reference)
        if self.mode == "possible":
            return bool(possible & self.names)
        return possible <= self.names


def overlapping(when: WhenLike, mode: Mode = "possible", *, zone: str | None = None) -> Filter:
    """Events that share some time with ``when`` (Allen: neither before, meets, met-by nor
    after it).

    >>> overlapping("2017").matches(Event(title="War", when="2014-04/.."))
    True
    """
    return TimeFilter(_extent_of(when, zone), "intersects", check_mode(mode))


def during(when: WhenLike, mode: Mode = "possible", *, zone: str | None = None) -> Filter:
    """Events that lie within ``when``: during, starts, finishes or equals it.

    >>> during("2017", "certain").matches(Event(title="Ceasefire", when="2017-22"))
    True
    """
    return TimeFilter(_extent_of(when, zone), "inside", check_mode(mode))


def between(
    start: WhenLike, end: WhenLike, mode: Mode = "possible", *, zone: str | None = None
) -> Filter:
    """Events that share some time with the span from the start of ``start`` to the end of
    ``end``, both included.

    >>> between("2014-02", "2014-04").matches(Event(title="Crimea", when="2014-03-18"))
    True
    """
    return TimeFilter(_span(start, end, zone), "intersects", check_mode(mode))


def at(when: WhenLike, mode: Mode = "possible", *, zone: str | None = None) -> Filter:
    """What was going on at ``when``, read as the whole of its span: events that share some
    time with it, long-running ones included.

    >>> at("2017-11-11").matches(Event(title="War", when="2014-04/.."))
    True
    """
    return between(when, when, mode, zone=zone)


def before(when: WhenLike, mode: Mode = "possible", *, zone: str | None = None) -> Filter:
    """Events that are over by the time ``when`` starts (Allen: before or meets).

    >>> euromaidan = Event(title="Euromaidan", when="2013-11-21/2014-02-22")
    >>> before("2014-03-18", "certain").matches(euromaidan)
    True
    """
    return TimeFilter(_extent_of(when, zone), "precedes", check_mode(mode))


def after(when: WhenLike, mode: Mode = "possible", *, zone: str | None = None) -> Filter:
    """Events that start once ``when`` is over (Allen: after or met-by).

    >>> after("2017-04-04").matches(Event(title="Strike", when="2017-04-07"))
    True
    """
    return TimeFilter(_extent_of(when, zone), "follows", check_mode(mode))


def related(
    when: WhenLike, *names: str, mode: Mode = "possible", zone: str | None = None
) -> Filter:
    """Events standing in any of the named Allen relations or families to ``when``.

    Slower than the filters above (it works out every relation of every candidate) and not
    indexed; use it for the relations they do not cover.

    >>> related("2014-03-18", "meets").matches(Event(title="Talks", when="2014-03-17"))
    True
    """
    if not names:
        raise InvalidFieldError("relation", names, "needs at least one relation name")
    return Related(_extent_of(when, zone), _families(names), check_mode(mode))


@attrs.frozen
class PreciseTo(Filter):
    """Events whose date is known at least to ``precision``."""

    precision: Precision

    def matches(self, event: Event) -> bool:
        return event.when.precision >= self.precision


def precise_to(precision: Precision | str) -> Filter:
    """Events known at least to ``precision`` (a :class:`Precision` or its name); an interval
    counts as precise as its coarser known end.

    >>> precise_to("day").matches(Event(title="Ceasefire", when="2017-22"))
    False
    """
    if isinstance(precision, str):
        try:
            precision = Precision[precision.strip().upper()]
        except KeyError:
            known = ", ".join(name.lower() for name in Precision.__members__)
            raise InvalidFieldError("precision", precision, f"is not one of {known}") from None
    if not isinstance(precision, Precision):
        raise InvalidFieldError("precision", precision, "must be a Precision or its name")
    return PreciseTo(precision)
