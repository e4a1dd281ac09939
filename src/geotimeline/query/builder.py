"""Composable queries: filters on time, actors, places, tags, sources and text.

A :class:`Filter` says whether one event matches; filters combine with ``&`` (and), ``|``
(or) and ``~`` (not). :meth:`Timeline.query` starts a :class:`Query`, whose methods each add
one more filter, and whose result is read like a timeline: in order, countable, chainable.

>>> from geotimeline import examples
>>> seed = examples.load("seed")
>>> russia_in_syria = seed.query().during("2017").involving("Russia").in_country("SY")
>>> [event.title for event in russia_in_syria]
['Ceasefire in south-western Syria']

Time filters take a ``mode``. With fuzzy dates, "during 2017" has two honest answers:
``"possible"`` keeps what may match for some reading of the fuzzy dates, ``"certain"`` only
what matches for every reading (see :mod:`geotimeline.time.relations`).

>>> [event.title for event in seed.query().at("2014-04-10")]
['War in Donbas']
>>> [event.title for event in seed.query(mode="certain").at("2014-04-10")]
[]

Filters also stand alone, to be combined before they are used:

>>> from geotimeline import query as q
>>> korea_or_china = q.in_country("North Korea") | q.involving("China")
>>> len(seed.query(korea_or_china & ~q.tagged("sanctions")))
5

Runtime complexity: a query reads its candidates from the smallest index that applies (the
interval index for time, the actor, country and tag indexes), in O(log n + c) for c
candidates, and checks each candidate against every filter; a query with no indexed filter
reads every event once.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Final, Literal, TypeAlias, cast, overload

import attrs

from geotimeline.errors import InvalidFieldError
from geotimeline.places.place import Place, country_code, distance_km
from geotimeline.time import calendar as cal
from geotimeline.time.relations import Extent, _families, extent_relations
from geotimeline.time.when import Precision, When
from geotimeline.timeline import conveniences
from geotimeline.timeline.event import Event

if TYPE_CHECKING:
    from geotimeline.timeline.timeline import Timeline

__all__ = [
    "Filter",
    "Mode",
    "Query",
    "after",
    "at",
    "before",
    "between",
    "during",
    "fold",
    "in_country",
    "in_region",
    "involving",
    "matching",
    "near",
    "overlapping",
    "precise_to",
    "related",
    "reported_by",
    "satisfying",
    "tagged",
    "within_box",
]

Mode: TypeAlias = Literal["possible", "certain"]
WhenLike: TypeAlias = "When | str"
_MODES: Final = ("possible", "certain")


def fold(text: str) -> str:
    """Text as searches compare it: case folded, accents removed, spaces tidied.

    >>> fold("  Damascus ") == fold("DAMASCUS"), fold("Bashar al-Asad") == fold("Bashār al-Asad")
    (True, True)
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


# -- the indexed fields: how a timeline keys its events for each ----------------------------


def _actor_keys(event: Event) -> Iterable[str]:
    return _folded(event.actors)


@functools.lru_cache(maxsize=2**14)
def _folded(names: tuple[str, ...]) -> frozenset[str]:
    """The folded forms of ``names``, remembered: folding costs microseconds a name, and a
    timeline repeats a few combinations of actors and tags over millions of events.
    """
    return frozenset(fold(name) for name in names)


def _country_keys(event: Event) -> Iterable[str]:
    place = event.place
    return () if place is None or place.country is None else (place.country,)


def _tag_keys(event: Event) -> Iterable[str]:
    return _folded(event.tags)


#: For each indexed field, the keys an event is filed under.
INDEX_KEYS: Final[dict[str, Callable[[Event], Iterable[str]]]] = {
    "actor": _actor_keys,
    "country": _country_keys,
    "tag": _tag_keys,
}


# -- filters --------------------------------------------------------------------------------


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

    def __and__(self, other: Filter) -> Filter:
        return AllOf((self, _as_filter(other)))

    def __or__(self, other: Filter) -> Filter:
        return AnyOf((self, _as_filter(other)))

    def __invert__(self) -> Filter:
        return Not(self)


def _as_filter(value: object) -> Filter:
    # Known by what it does rather than by its class, so that filters still work together
    # when this module has been imported twice (as test runners that collect doctests do).
    if hasattr(value, "matches") and hasattr(value, "has_index"):
        return cast(Filter, value)
    raise InvalidFieldError("filter", value, "is not a query filter")


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
        # Index look-ups first: a set membership test is the cheapest way to turn a candidate
        # down, and the candidates of a window are many.
        parts = sorted(self.parts, key=lambda part: not isinstance(part, Keyed))
        checks = [part.checker(timeline) for part in parts]

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
        for part in sorted(self.parts, key=lambda part: not isinstance(part, Keyed)):
            narrowed = part.narrow(timeline, narrowed)
        return narrowed

    def estimate(self, timeline: Timeline) -> int | None:
        best = self._best(timeline)
        return None if best is None else best[0]

    def candidates(self, timeline: Timeline) -> tuple[Iterable[Event], bool]:
        keyed_window = self._keyed_window()
        if keyed_window is not None:
            # One actor (country, tag) in a window: bisect that key's own events, so the
            # cost follows the matches rather than everything in the window or under the key.
            field, key, (low, high) = keyed_window
            return timeline._spanning_keyed(field, key, low, high), True
        best = self._best(timeline)
        assert best is not None  # candidates() is only asked for when estimate() is not None
        return best[1].candidates(timeline)

    def _keyed_window(self) -> tuple[str, str, tuple[int, int]] | None:
        """The index field and key of a one-key part, and the window of a time part."""
        windows = [part.window() for part in self.parts if isinstance(part, TimeFilter)]
        for part in self.parts:
            if windows and isinstance(part, Keyed) and part.key is not None:
                return part.field, part.key, windows[0]
        return None

    def _best(self, timeline: Timeline) -> tuple[int, Filter] | None:
        # The most selective indexed part gives the candidates; the others only check them.
        estimates = [(part.estimate(timeline), part) for part in self.parts]
        known = [(count, part) for count, part in estimates if count is not None]
        return min(known, key=lambda pair: pair[0]) if known else None


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
        found: dict[str, Event] = {}
        for part in self.parts:
            events, _ = part.candidates(timeline)
            found.update((event.id, event) for event in events)
        return found.values(), False


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


# -- time -----------------------------------------------------------------------------------

_Family: TypeAlias = Literal["intersects", "inside", "precedes", "follows"]


def _check_mode(mode: object) -> Mode:
    if mode not in _MODES:
        raise InvalidFieldError("mode", mode, "must be 'possible' or 'certain'")
    return mode


def _extent_of(value: WhenLike) -> Extent:
    return Extent.of(When.coerce(value))


def _span(low: WhenLike, high: WhenLike) -> Extent:
    """The exact extent from the first instant of ``low`` to the last of ``high``."""
    start, end = When.coerce(low).earliest_us, When.coerce(high).latest_us + 1
    if start >= end:
        raise InvalidFieldError("end", str(high), f"is before the start {low}")
    return Extent(start, start, end, end)


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
            # The common case needs only the span every event carries in its sort key.
            earliest, latest, _ = event.sort_key
            return earliest < self.reference.end_high and self.reference.start_low <= latest
        check = _possible if self.mode == "possible" else _certain
        return check(self.family, Extent.of(event.when), self.reference)

    def window(self) -> tuple[int, int]:
        """The instants (inclusive) that the span of every matching event reaches into."""
        ref = self.reference
        if self.family == "precedes":
            return cal.MIN_US, ref.start_high - 1
        if self.family == "follows":
            return ref.end_low, cal.MAX_US
        return ref.start_low, ref.end_high - 1

    def has_index(self) -> bool:
        return True

    def estimate(self, timeline: Timeline) -> int | None:
        return timeline._count_starting(*self.window())

    def candidates(self, timeline: Timeline) -> tuple[Iterable[Event], bool]:
        return timeline._spanning(*self.window()), True


def _possible(family: _Family, event: Extent, ref: Extent) -> bool:
    """Whether some reading of both extents puts ``event`` in ``family`` relative to ``ref``.

    Each side's ranges are tightened (every bound is reachable) and the sides are
    independent, so each family reduces to picking the most favourable ends.
    """
    if family == "intersects":
        return event.start_low < ref.end_high and ref.start_low < event.end_high
    if family == "inside":
        start = max(event.start_low, ref.start_low)
        end = min(event.end_high, ref.end_high)
        return start <= event.start_high and end >= event.end_low and start < end
    if family == "precedes":
        return event.end_low <= ref.start_high
    return event.start_high >= ref.end_low  # follows


def _certain(family: _Family, event: Extent, ref: Extent) -> bool:
    """Whether every reading of both extents puts ``event`` in ``family`` relative to ``ref``."""
    if family == "intersects":
        return event.start_high < ref.end_low and ref.start_high < event.end_low
    if family == "inside":
        return ref.start_high <= event.start_low and event.end_high <= ref.end_low
    if family == "precedes":
        return event.end_high <= ref.start_low
    return event.start_low >= ref.end_high  # follows


@attrs.frozen
class Related(Filter):
    """Events in any of the named Allen relations or families to ``reference``."""

    reference: Extent
    names: frozenset[str]
    mode: Mode = "possible"

    def matches(self, event: Event) -> bool:
        possible = extent_relations(Extent.of(event.when), self.reference)
        if self.mode == "possible":
            return bool(possible & self.names)
        return possible <= self.names


def overlapping(when: WhenLike, mode: Mode = "possible") -> Filter:
    """Events that share some time with ``when`` (Allen: neither before, meets, met-by nor
    after it).

    >>> overlapping("2017").matches(Event(title="War", when="2014-04/.."))
    True
    """
    return TimeFilter(_extent_of(when), "intersects", _check_mode(mode))


def during(when: WhenLike, mode: Mode = "possible") -> Filter:
    """Events that lie within ``when``: during, starts, finishes or equals it.

    >>> during("2017", "certain").matches(Event(title="Ceasefire", when="2017-22"))
    True
    """
    return TimeFilter(_extent_of(when), "inside", _check_mode(mode))


def between(start: WhenLike, end: WhenLike, mode: Mode = "possible") -> Filter:
    """Events that share some time with the span from the start of ``start`` to the end of
    ``end``, both included.

    >>> between("2014-02", "2014-04").matches(Event(title="Crimea", when="2014-03-18"))
    True
    """
    return TimeFilter(_span(start, end), "intersects", _check_mode(mode))


def at(when: WhenLike, mode: Mode = "possible") -> Filter:
    """What was going on at ``when``, read as the whole of its span: events that share some
    time with it, long-running ones included.

    >>> at("2017-11-11").matches(Event(title="War", when="2014-04/.."))
    True
    """
    return between(when, when, mode)


def before(when: WhenLike, mode: Mode = "possible") -> Filter:
    """Events that are over by the time ``when`` starts (Allen: before or meets).

    >>> euromaidan = Event(title="Euromaidan", when="2013-11-21/2014-02-22")
    >>> before("2014-03-18", "certain").matches(euromaidan)
    True
    """
    return TimeFilter(_extent_of(when), "precedes", _check_mode(mode))


def after(when: WhenLike, mode: Mode = "possible") -> Filter:
    """Events that start once ``when`` is over (Allen: after or met-by).

    >>> after("2017-04-04").matches(Event(title="Strike", when="2017-04-07"))
    True
    """
    return TimeFilter(_extent_of(when), "follows", _check_mode(mode))


def related(when: WhenLike, *names: str, mode: Mode = "possible") -> Filter:
    """Events standing in any of the named Allen relations or families to ``when``.

    Slower than the filters above (it works out every relation of every candidate) and not
    indexed; use it for the relations they do not cover.

    >>> related("2014-03-18", "meets").matches(Event(title="Talks", when="2014-03-17"))
    True
    """
    if not names:
        raise InvalidFieldError("relation", names, "needs at least one relation name")
    return Related(_extent_of(when), _families(names), _check_mode(mode))


# -- actors, countries, tags: indexed -------------------------------------------------------


@attrs.frozen
class Keyed(Filter):
    """Events filed under any (or every) one of ``keys`` in the timeline's ``field`` index."""

    field: str
    keys: frozenset[str]
    every: bool = False

    def matches(self, event: Event) -> bool:
        keys = INDEX_KEYS[self.field](event)
        if self.every:
            return self.keys <= set(keys)
        return not self.keys.isdisjoint(keys)

    @property
    def key(self) -> str | None:
        """The one key events must be filed under, when there is just one."""
        if len(self.keys) != 1:
            return None
        return next(iter(self.keys))

    def has_index(self) -> bool:
        return True

    def checker(self, timeline: Timeline) -> Callable[[Event], bool]:
        # The index files events by id under the same keys that matches() computes, so a
        # candidate's id in a posting is the same answer, without folding any name.
        postings = [timeline._posting(self.field, key) for key in self.keys]
        if len(postings) == 1:
            ids = postings[0]
            return lambda event: event.id in ids
        if self.every:
            return lambda event: all(event.id in ids for ids in postings)
        return lambda event: any(event.id in ids for ids in postings)

    def narrow(self, timeline: Timeline, events: Iterable[Event]) -> list[Event]:
        if self.key is None:
            return super().narrow(timeline, events)
        ids = timeline._posting(self.field, self.key)
        return [event for event in events if event.id in ids]

    def estimate(self, timeline: Timeline) -> int | None:
        sizes = [len(timeline._posting(self.field, key)) for key in self.keys]
        return min(sizes) if self.every else sum(sizes)

    def candidates(self, timeline: Timeline) -> tuple[Iterable[Event], bool]:
        postings = [timeline._posting(self.field, key) for key in self.keys]
        # Every match is in each posting for all-of, and in one of them for any-of.
        ids = min(postings, key=len) if self.every else set().union(*postings)
        return [timeline[event_id] for event_id in ids], False


def _names(field: str, values: Sequence[str]) -> frozenset[str]:
    if not values:
        raise InvalidFieldError(field, values, "needs at least one value")
    for value in values:
        if not isinstance(value, str):
            raise InvalidFieldError(field, value, "must be text")
    return frozenset(fold(value) for value in values)


def involving(*actors: str, every: bool = False) -> Filter:
    """Events with any of ``actors`` (with ``every=True``: all of them), case and accents aside.

    >>> involving("russia").matches(Event(title="Annexation", when="2014", actors=["Russia"]))
    True
    """
    return Keyed("actor", _names("actors", actors), every)


def tagged(*tags: str, every: bool = False) -> Filter:
    """Events with any of ``tags`` (with ``every=True``: all of them).

    >>> tagged("Syria").matches(Event(title="Strike", when="2017", tags=["syria"]))
    True
    """
    return Keyed("tag", _names("tags", tags), every)


def in_country(*countries: str | int) -> Filter:
    """Events placed in any of ``countries``, given as ISO 3166-1 codes or English names.

    >>> in_country("Syria").matches(Event(title="Strike", when="2017", place=Place("Homs", "SY")))
    True
    """
    if not countries:
        raise InvalidFieldError("countries", countries, "needs at least one value")
    return Keyed("country", frozenset(country_code(country) for country in countries))


# -- places, sources, precision, text: checked one by one -----------------------------------


@attrs.frozen
class InRegion(Filter):
    """Events whose place has one of these regions (case and accents aside)."""

    regions: frozenset[str]

    def matches(self, event: Event) -> bool:
        place = event.place
        return place is not None and place.region is not None and fold(place.region) in self.regions


def in_region(*regions: str) -> Filter:
    """Events whose place's region is one of ``regions``, case and accents aside.

    >>> khan_shaykhun = Place("Khan Shaykhun", region="Idlib")
    >>> in_region("idlib").matches(Event(title="Attack", when="2017", place=khan_shaykhun))
    True
    """
    return InRegion(_names("regions", regions))


@attrs.frozen
class ReportedBy(Filter):
    """Events with a source whose outlet's name contains one of these texts (folded)."""

    outlets: frozenset[str]

    def matches(self, event: Event) -> bool:
        return any(
            outlet in fold(source.outlet) for source in event.sources for outlet in self.outlets
        )


def reported_by(*outlets: str) -> Filter:
    """Events with a source whose outlet's name contains any of ``outlets`` (folded), so
    ``"Reuters"`` finds ``"HuffPost UK (Reuters)"`` too.

    >>> from geotimeline import Source
    >>> reported_by("reuters").matches(Event(title="x", when="2017", sources=[Source("Reuters")]))
    True
    """
    return ReportedBy(_names("outlets", outlets))


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


@attrs.frozen
class Matching(Filter):
    """Events whose title or summary contains ``text`` (folded)."""

    text: str

    def matches(self, event: Event) -> bool:
        return self.text in fold(event.title) or self.text in fold(event.summary)


def matching(text: str) -> Filter:
    """Events whose title or summary contains ``text``, case and accents aside.

    >>> matching("ASSAD").matches(Event(title="Testing Russia over Assad", when="2017"))
    True
    """
    given: object = text  # checked at run time too: callers may not be type-checked
    if not isinstance(given, str) or not fold(given):
        raise InvalidFieldError("text", text, "must be non-empty text")
    return Matching(fold(given))


@attrs.frozen
class Near(Filter):
    """Events placed within ``km`` (great-circle) of a point."""

    latitude: float
    longitude: float
    km: float

    def matches(self, event: Event) -> bool:
        place = event.place
        if place is None or place.coordinates is None:
            return False
        return distance_km(place.coordinates, (self.latitude, self.longitude)) <= self.km


def near(place: float | str | Place, longitude: float | None = None, *, km: float) -> Filter:
    """Events whose place lies within ``km`` kilometres of a point: a latitude and longitude,
    a :class:`Place` with coordinates, or a place name the gazetteer knows (see
    :meth:`Place.from_name`). Events without coordinates do not match.

    >>> damascus = near("Damascus", km=300)
    >>> homs = Place("Homs", latitude=34.73, longitude=36.72)
    >>> damascus.matches(Event(title="x", when="2017", place=homs))
    True
    """
    latitude, longitude = _point(place, longitude)
    distance: object = km
    if isinstance(distance, bool) or not isinstance(distance, int | float) or not distance >= 0:
        raise InvalidFieldError("km", km, "must be a number of kilometres, 0 or more")
    return Near(latitude, longitude, float(distance))


def _point(place: float | str | Place, longitude: float | None) -> tuple[float, float]:
    if isinstance(place, str):
        place = Place.from_name(place)
    elif not isinstance(place, Place):
        place = Place("point", latitude=place, longitude=longitude)
    if place.coordinates is None:
        raise InvalidFieldError("place", str(place), "has no coordinates")
    return place.coordinates


@attrs.frozen
class WithinBox(Filter):
    """Events placed inside a latitude/longitude box (which may cross the antimeridian)."""

    south: float
    west: float
    north: float
    east: float

    def matches(self, event: Event) -> bool:
        place = event.place
        if place is None or place.latitude is None or place.longitude is None:
            return False
        if not self.south <= place.latitude <= self.north:
            return False
        if self.west <= self.east:
            return self.west <= place.longitude <= self.east
        return place.longitude >= self.west or place.longitude <= self.east


def within_box(south: float, west: float, north: float, east: float) -> Filter:
    """Events placed inside the box from ``south`` to ``north`` and from ``west`` eastwards to
    ``east`` (when ``west > east`` the box crosses the antimeridian).

    >>> raqqa = Place("Raqqa", latitude=35.95, longitude=39.01)
    >>> within_box(32, 35, 37.5, 42.5).matches(Event(title="x", when="2017", place=raqqa))
    True
    """
    for latitude, longitude in ((south, west), (north, east)):
        Place("corner", latitude=latitude, longitude=longitude)  # checks both as coordinates
    if south > north:
        raise InvalidFieldError("south", south, f"is north of north {north}")
    return WithinBox(float(south), float(west), float(north), float(east))


def satisfying(predicate: Callable[[Event], object]) -> Filter:
    """Events for which ``predicate(event)`` is true.

    >>> satisfying(lambda event: len(event.actors) > 3).matches(Event(title="x", when="2017"))
    False
    """
    if not callable(predicate):
        raise InvalidFieldError("predicate", predicate, "must be callable")
    return Satisfying(predicate)


# -- the query builder ----------------------------------------------------------------------


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

    def where(self, *filters: Filter | Callable[[Event], object]) -> Query:
        """A query with more filters (or predicates: callables from an event to a truth value)."""
        parts = [
            _as_filter(part) if hasattr(part, "matches") else satisfying(part) for part in filters
        ]
        if self.filter is not None:
            parts.insert(0, self.filter)
        if not parts:
            return self
        return attrs.evolve(self, filter=parts[0] if len(parts) == 1 else AllOf(tuple(parts)))

    def excluding(self, *filters: Filter) -> Query:
        """A query without the events that any of ``filters`` matches."""
        return self.where(*(~_as_filter(part) for part in filters))

    def _mode(self, mode: Mode | None) -> Mode:
        return self.mode if mode is None else _check_mode(mode)

    # One method per filter of this module, in the query's mode.

    def during(self, when: WhenLike, mode: Mode | None = None) -> Query:
        """Only events within ``when`` (see :func:`during`)."""
        return self.where(during(when, self._mode(mode)))

    def overlapping(self, when: WhenLike, mode: Mode | None = None) -> Query:
        """Only events that share some time with ``when`` (see :func:`overlapping`)."""
        return self.where(overlapping(when, self._mode(mode)))

    def between(self, start: WhenLike, end: WhenLike, mode: Mode | None = None) -> Query:
        """Only events that share some time with ``start``..``end`` (see :func:`between`)."""
        return self.where(between(start, end, self._mode(mode)))

    def at(self, when: WhenLike, mode: Mode | None = None) -> Query:
        """Only events going on at ``when`` (see :func:`at`)."""
        return self.where(at(when, self._mode(mode)))

    def before(self, when: WhenLike, mode: Mode | None = None) -> Query:
        """Only events over by the time ``when`` starts (see :func:`before`)."""
        return self.where(before(when, self._mode(mode)))

    def after(self, when: WhenLike, mode: Mode | None = None) -> Query:
        """Only events that start once ``when`` is over (see :func:`after`)."""
        return self.where(after(when, self._mode(mode)))

    def related(self, when: WhenLike, *names: str, mode: Mode | None = None) -> Query:
        """Only events in one of the named relations to ``when`` (see :func:`related`)."""
        return self.where(related(when, *names, mode=self._mode(mode)))

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
        return self.source._select(self.filter)

    def timeline(self) -> Timeline:
        """The matching events as a new :class:`Timeline` (with the source's title)."""
        return self.source._with_sorted(self.events())

    def group_by(self, key: str) -> dict[str, Timeline]:
        """The matching events grouped as by :meth:`Timeline.group_by`."""
        return self.timeline().group_by(key)

    def query(self, *filters: Filter, mode: Mode | None = None) -> Query:
        """This query with more filters, and optionally another default mode."""
        return attrs.evolve(self, mode=self._mode(mode)).where(*filters)

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
        return f"<Query of {self.source!r}: {self.filter!r}, mode {self.mode!r}>"

    def _repr_html_(self) -> str:
        """The matching events as an HTML table, for notebooks."""
        html: str = conveniences.provided("timeline_html")(self.events())
        return html
