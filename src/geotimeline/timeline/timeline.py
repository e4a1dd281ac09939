"""The :class:`Timeline`: events kept in one total, deterministic order, with an id index.

The order: events sort by the earliest instant their ``when`` could mean as written (qualifiers
aside), then by the last instant it covers (:attr:`When.last_covered_us`),
then by id. Ids are unique within a timeline, so no two events tie, and the order of a timeline
never depends on the order its events were added in. An unbounded start sorts first (year
-99999, the first geotimeline holds), an open or unknown end sorts last (the end of year 99999).

Each event carries its sort key as plain integers, computed once when the event is made, so
sorting and searching compare integers and strings rather than date-time objects.

Queries (:meth:`Timeline.query`, :meth:`~Timeline.between`, :meth:`~Timeline.at`, ...) read
from indexes that cost nothing until the first query that needs them: an interval index for
time (see :mod:`geotimeline.timeline.interval_index`) and one index each for actors, countries
and tags. Once built, ``add``, ``remove`` and ``replace`` keep them up to date.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, KeysView
from typing import TYPE_CHECKING, Any, Final, overload

from geotimeline import conveniences
from geotimeline.errors import (
    DuplicateEventError,
    InvalidFieldError,
    UnknownEventError,
    check_encodable,
)
from geotimeline.events.event import ORDER, Event
from geotimeline.events.keys import INDEX_KEYS, fold
from geotimeline.query import planner
from geotimeline.query.builder import Query
from geotimeline.query.by_time import Mode, after, at, before, between, check_mode
from geotimeline.query.filters import Filter
from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment, Precision, Unbounded, When
from geotimeline.timeline.interval_index import IntervalIndex, WidenedIndex
from geotimeline.timeline.key_ordered import KeyOrdered
from geotimeline.timeline.layout import Starts, sorted_events, starting
from geotimeline.timeline.postings import Postings

if TYPE_CHECKING:
    import datetime as dt
    import os

    import pandas as pd
    from matplotlib.axes import Axes


__all__ = ["Timeline"]

_event_id = operator.attrgetter("id")
# A test of the events a window query adds for their qualified dates (see _with_widened).
_Check = Callable[[Event], bool]
# Widened events are put in place one by one while they are fewer than 1/_FEW_EXTRA of
# what a window found; beyond that, the whole list is sorted again.
_FEW_EXTRA: Final = 64


class Timeline:
    """A sorted, mutable collection of :class:`Event` objects with unique ids.

    >>> from geotimeline import Event
    >>> timeline = Timeline([
    ...     Event(title="Ceasefire in south-western Syria", when="2017-22"),
    ...     Event(title="Russia annexes Crimea", when="2014-03-18"),
    ... ], title="Example")
    >>> [event.title for event in timeline]
    ['Russia annexes Crimea', 'Ceasefire in south-western Syria']
    >>> timeline["2017":"2017"].first.title
    'Ceasefire in south-western Syria'

    Indexing takes a position (``timeline[0]``), a slice of positions, an event id
    (``timeline["2014-03-18-russia-annexes-crimea"]``), or a slice of dates, which keeps the
    events whose earliest instant (as written) lies from the start of the first date to the end of
    the second, both included (``timeline["2014":"2017-06"]``).

    Thread safety: a timeline holds a lock of its own. Every change (``add``, ``update``,
    ``remove``, ``replace``, ``clear``) and every query (``between``, ``at``, ``query()``,
    ``starting``, slices, ``first``, ``copy``, ...) holds it, so threads may query a timeline
    while one of them changes it: each call sees the timeline as it was before a change or
    after it, and the indexes queries build on first use stay right. Iterating (``for event in
    timeline``, and what iterates: ``save``, ``to_pandas``, ``diff``) does not hold it: iterate
    over ``timeline.copy()`` while another thread may write. A change interrupted by an
    exception (``KeyboardInterrupt``, ``MemoryError``) leaves the timeline as it was before it.

    Runtime complexity: building from n events is O(n log n); ``add``, ``remove`` and
    ``replace`` are O(log n); lookups by id are O(1); positional indexing is O(log n).
    """

    __slots__ = (
        "_by_id",
        "_description",
        "_events",
        "_intervals",
        "_lock",
        "_postings",
        "_starts",
        "_title",
        "_widened",
    )

    def __init__(
        self,
        events: Iterable[Event] = (),
        *,
        title: str | None = None,
        description: str | None = None,
    ) -> None:
        batch = list(events)
        self._by_id: dict[str, Event] = _index_new_events(batch, {})
        self._events = KeyOrdered(batch, key=ORDER)
        # Reentrant: a query holds it while its filters read the indexes it builds.
        self._lock = threading.RLock()
        # Query indexes, built on first use (see _interval_index() and _field_index()).
        self._intervals: IntervalIndex[Event] | None = None
        self._widened: WidenedIndex | None = None
        self._postings: dict[str, Postings] = {}
        self._starts: Starts | None = None
        self.title = title
        self.description = description

    @property
    def title(self) -> str | None:
        """A name for the timeline, kept by the file formats: text, or None."""
        return self._title

    @title.setter
    def title(self, value: str | None) -> None:
        self._title = _optional_text("title", value)

    @property
    def description(self) -> str | None:
        """A longer description, kept by the file formats: text, or None."""
        return self._description

    @description.setter
    def description(self, value: str | None) -> None:
        self._description = _optional_text("description", value)

    # -- changing --------------------------------------------------------------------------

    def add(self, event: Event) -> None:
        """Add one event; its id must not be in the timeline yet.

        Runtime complexity: O(log n).
        """
        # The checks of _index_new_events, inlined: single adds are the hot path of a loader.
        if not isinstance(event, Event):
            raise InvalidFieldError("event", event, "is not an Event")
        with self._lock:
            if event.id in self._by_id:
                raise DuplicateEventError(event.id)
            try:
                self._events.add(event)
                self._by_id[event.id] = event
                self._forget_starts()
                if self._intervals is not None or self._postings or self._widened is not None:
                    self._index([event])
            except BaseException:
                self._recover(added=(event.id,))
                raise

    def update(self, events: Iterable[Event]) -> None:
        """Add many events at once: all of them, or (on any error) none of them.

        Runtime complexity: O(k log n) for k new events, or O((n + k) log(n + k)) when k is
        large, when it re-sorts everything at once.
        """
        batch = list(events)
        with self._lock:
            new = _index_new_events(batch, self._by_id)
            try:
                self._by_id.update(new)
                self._events.update(batch)
                self._forget_starts()
                if len(batch) > len(self._events) // 4:
                    self._drop_indexes()  # cheaper to build them again when next needed
                elif self._intervals is not None or self._postings or self._widened is not None:
                    self._index(batch)
            except BaseException:
                self._recover(added=new)
                raise

    def remove(self, event: Event | str) -> Event:
        """Remove an event, given it or its id, and return the event removed.

        Runtime complexity: O(log n).
        """
        with self._lock:
            removed = self._lookup(event.id if isinstance(event, Event) else event)
            if isinstance(event, Event) and event != removed:
                raise UnknownEventError(event.id)
            try:
                self._events.remove(removed)
                self._forget_starts()
                del self._by_id[removed.id]
                self._unindex(removed)
            except BaseException:
                self._recover(restored=(removed,))
                raise
            return removed

    def replace(self, event: Event) -> Event:
        """Put ``event`` in place of the event with the same id, and return the old one.

        Runtime complexity: O(log n).
        """
        if not isinstance(event, Event):
            raise InvalidFieldError("event", event, "is not an Event")
        with self._lock:
            old = self._lookup(event.id)
            try:
                self._events.remove(old)
                self._events.add(event)
                self._forget_starts()
                self._by_id[event.id] = event
                self._unindex(old)
                if self._intervals is not None or self._postings or self._widened is not None:
                    self._index([event])
            except BaseException:
                self._recover(restored=(old,))
                raise
            return old

    def clear(self) -> None:
        """Remove every event."""
        with self._lock:
            by_id = self._by_id
            try:
                # New containers rather than emptied ones: the old ones are the way back.
                self._by_id = {}
                self._events = KeyOrdered(key=ORDER)
                self._forget_starts()
                self._drop_indexes()
            except BaseException:
                self._by_id = by_id
                self._recover()
                raise

    # -- reading ---------------------------------------------------------------------------

    def get(self, event_id: str, default: Event | None = None) -> Event | None:
        """The event with this id, or ``default`` when there is none.

        Runtime complexity: O(1).
        """
        return self._by_id.get(event_id, default)

    def ids(self) -> KeysView[str]:
        """A view of the ids of the events (in no particular order)."""
        return self._by_id.keys()

    @property
    def first(self) -> Event | None:
        """The earliest event, or None for an empty timeline."""
        with self._lock:
            return self._events[0] if self._events else None

    @property
    def last(self) -> Event | None:
        """The latest event, or None for an empty timeline."""
        with self._lock:
            return self._events[-1] if self._events else None

    def index(self, event: Event | str) -> int:
        """The position of an event (given it or its id) in the timeline's order.

        Runtime complexity: O(log n).
        """
        with self._lock:
            found = self._lookup(event.id if isinstance(event, Event) else event)
            position: int = self._events.index(found)
            return position

    def copy(self) -> Timeline:
        """A new timeline with the same events (events are immutable, so they are shared).

        Runtime complexity: O(n).
        """
        with self._lock:
            return self._with_sorted(self._events)

    def __copy__(self) -> Timeline:
        return self.copy()

    def __deepcopy__(self, memo: dict[int, object]) -> Timeline:
        # Events are immutable: a deep copy shares them, as copy() does.
        return self.copy()

    def __reduce__(self) -> tuple[Callable[..., Timeline], tuple[Any, ...]]:
        # Made again from its events: a lock can be neither copied nor written to a file, and
        # the indexes are rebuilt on first use anyway.
        with self._lock:
            return _rebuilt, (list(self._events), self._title, self._description)

    @overload
    def __getitem__(self, key: int) -> Event: ...
    @overload
    def __getitem__(self, key: str) -> Event: ...
    @overload
    def __getitem__(self, key: slice) -> Timeline: ...

    def __getitem__(self, key: int | str | slice) -> Event | Timeline:
        if isinstance(key, str):
            return self._lookup(key)
        if isinstance(key, int):
            with self._lock:
                event: Event = self._events[key]
                return event
        if isinstance(key, slice):
            if not _is_position_slice(key):
                return self._with_sorted(self._date_range(key))
            with self._lock:
                return self._with_sorted(self._events[key])
        raise TypeError(f"timeline indices are positions, ids or slices, not {type(key).__name__}")

    def __len__(self) -> int:
        # The id index changes in one step for any change, so that a length read while
        # another thread replaces an event is never one short.
        return len(self._by_id)

    def __iter__(self) -> Iterator[Event]:
        events: Iterator[Event] = iter(self._events)
        return events

    def __reversed__(self) -> Iterator[Event]:
        events: Iterator[Event] = reversed(self._events)
        return events

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._by_id
        if isinstance(item, Event):
            return self._by_id.get(item.id) == item
        return False

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        # One lock at a time, never both: two threads comparing a == b and b == a would
        # otherwise wait for each other for ever.
        return self._snapshot() == other._snapshot()

    __hash__ = None  # type: ignore[assignment]  # a mutable container is not hashable

    def __repr__(self) -> str:
        name = f" {self.title!r}" if self.title else ""
        with self._lock:
            size = len(self._events)
            ends = (self._events[0], self._events[-1]) if size else None
        count = f"{size} event" + ("" if size == 1 else "s")
        if ends is None:
            return f"<Timeline{name}: {count}>"
        return f"<Timeline{name}: {count}, {ends[0].when} … {ends[1].when}>"

    # -- querying --------------------------------------------------------------------------

    def query(self, *filters: Filter, mode: Mode = "possible", zone: str | None = None) -> Query:
        """A :class:`~geotimeline.query.builder.Query` of this timeline: chain filters onto it.

        ``mode`` (``"possible"`` or ``"certain"``) is the default for its time filters, and
        ``zone`` (an IANA name such as ``"Asia/Bangkok"``; UTC when None) the time zone in
        which they read date-only bounds.

        >>> from geotimeline import examples
        >>> seed = examples.load("seed")
        >>> in_syria = seed.query().during("2017").involving("Russia").in_country("SY")
        >>> [event.title for event in in_syria]
        ['Ceasefire in south-western Syria']

        Runtime complexity: O(1); reading the query costs O(log n + c) for c candidates from
        the most selective index, or O(n) when no filter has an index.
        """
        return Query(self, mode=check_mode(mode), zone=zone).where(*filters)

    def between(
        self,
        start: When | str,
        end: When | str,
        mode: Mode = "possible",
        *,
        zone: str | None = None,
    ) -> Timeline:
        """The events that share some time with the span from the start of ``start`` to the
        end of ``end``: possibly (for some reading of their fuzzy dates) or certainly. Dates
        are read in ``zone`` (an IANA name), UTC by default.

        >>> from geotimeline import examples
        >>> seed = examples.load("seed")
        >>> [event.title for event in seed.between("2014-02", "2014-04", mode="certain")]
        ... # doctest: +NORMALIZE_WHITESPACE
        ['Euromaidan uprising ousts Viktor Yanukovych', 'Russia takes over Crimea',
         'Russia annexes Crimea', 'War in Donbas']

        Runtime complexity: O(log n + k) for k events that start in the span or were going on
        when it started.
        """
        return self._with_sorted(self._select(between(start, end, mode, zone=zone)))

    def at(self, when: When | str, mode: Mode = "possible", *, zone: str | None = None) -> Timeline:
        """What was going on at ``when`` (all of it: a day is the whole day, in ``zone`` when
        given), long-running events included.

        >>> from geotimeline import examples
        >>> seed = examples.load("seed")
        >>> [event.title for event in seed.at("2014-04-10")]
        ['War in Donbas']
        >>> [event.title for event in seed.at("2014-04-10", mode="certain")]
        []

        The war started some time in April 2014: perhaps by the 10th, perhaps not. A day
        where it happened is a day in its zone:

        >>> strike = Timeline([Event(title="Strike", when="2018-10-29T06:32+07:00")])
        >>> len(strike.at("2018-10-29")), len(strike.at("2018-10-29", zone="Asia/Bangkok"))
        (0, 1)

        Runtime complexity: O(log n + k), as :meth:`between`.
        """
        return self._with_sorted(self._select(at(when, mode, zone=zone)))

    def before(
        self, when: When | str, mode: Mode = "possible", *, zone: str | None = None
    ) -> Timeline:
        """The events over by the time ``when`` starts (Allen: before or meets).

        >>> from geotimeline import examples
        >>> [event.title for event in examples.load("seed").before("2014-02-20", mode="certain")]
        []

        Runtime complexity: O(log n + p) for the p events that start before ``when`` ends.
        """
        return self._with_sorted(self._select(before(when, mode, zone=zone)))

    def after(
        self, when: When | str, mode: Mode = "possible", *, zone: str | None = None
    ) -> Timeline:
        """The events that start once ``when`` is over (Allen: after or met-by).

        >>> from geotimeline import examples
        >>> [event.title for event in examples.load("seed").after("2017-10-17")][:1]
        ['Trump and Putin joint statement on Syria']

        Runtime complexity: O(log n + k), as :meth:`between`.
        """
        return self._with_sorted(self._select(after(when, mode, zone=zone)))

    def starting(
        self, start: When | str | None = None, end: When | str | None = None
    ) -> list[Event]:
        """The events whose earliest instant, as written, lies from the start of ``start`` to the
        end of ``end`` (both included; None for no bound), in order, as a list.

        This is ``timeline[start:end]`` without making a new timeline of the result: the
        cheapest way to read a stretch of a large timeline.

        >>> from geotimeline import examples
        >>> [event.title for event in examples.load("seed").starting("2014-03", "2014-04")]
        ['Russia annexes Crimea', 'War in Donbas']

        Runtime complexity: O(log n + k) for k events found.
        """
        low = cal.MIN_US if start is None else _coerce(start).earliest_us
        high = cal.MAX_US if end is None else _coerce(end).latest_us
        return self._starting(low, high)

    def group_by(self, key: str) -> dict[str, Timeline]:
        """The events in groups, as an ordered mapping of name to timeline.

        ``key`` is one of:

        - ``"year"`` or ``"month"``: the year (``"2017"``) or month (``"2017-11"``) the event
          starts in, as written in its date. An event whose start is known only more coarsely
          stays in a group of its own coarser start (a season under ``"2017-22"`` when
          grouping by month; a decade under ``"201X"``), and an unbounded start groups under
          ``".."``. Groups come in time order.
        - ``"actor"``, ``"country"`` (ISO code) or ``"tag"``: one group per value, an event in
          each of its groups; events without one are left out. Groups come in alphabetical
          order.

        >>> from geotimeline import examples
        >>> seed = examples.load("seed")
        >>> {year: len(events) for year, events in seed.group_by("year").items()}
        {'2013': 1, '2014': 4, '2015': 1, '2017': 17}
        >>> list(seed.query().near("Damascus", km=300).group_by("month"))
        ['2015-09', '2017-04']

        Runtime complexity: O(n log n).
        """
        with self._lock:
            events = list(self._events)
        if key in ("year", "month"):
            precision = Precision.YEAR if key == "year" else Precision.MONTH
            groups: dict[str, list[Event]] = {}
            for event in events:
                groups.setdefault(_start_label(event.when, precision), []).append(event)
            return {name: self._with_sorted(events) for name, events in groups.items()}
        values = _GROUP_VALUES.get(key)
        if values is None:
            raise InvalidFieldError(
                "key", key, "must be one of 'year', 'month', 'actor', 'country', 'tag'"
            )
        groups = {}
        for event in events:
            for value in values(event):
                groups.setdefault(value, []).append(event)
        return {
            name: self._with_sorted(groups[name])
            for name in sorted(groups, key=lambda name: (fold(name), name))
        }

    # -- files -----------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str], format: str | None = None) -> None:
        """Write the timeline to ``path``, atomically, in ``format`` or the one its name says.

        ``.json`` is the native format (:mod:`geotimeline.io.native`), as is a name with no
        ending; ``.yaml`` or ``.yml`` YAML, ``.csv`` CSV, ``.geojson`` GeoJSON, ``.ics``
        iCalendar (see :data:`geotimeline.io.FORMATS`). Another ending is refused with a
        :class:`~geotimeline.errors.FormatError` naming the known ones; ``format`` names one
        for any file name. A failed save leaves any previous file at ``path`` as it was.

        >>> import pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder, "talks.yaml")
        ...     Timeline([Event(title="Talks", when="2017-07")]).save(path)
        ...     print(path.read_text(encoding="utf-8").splitlines()[1:3])
        ['- id: 2017-07-talks', '  title: Talks']
        """
        conveniences.provided("save")(self, path, format)

    @classmethod
    def load(cls, path: str | os.PathLike[str], format: str | None = None) -> Timeline:
        """Read a timeline from ``path``, in ``format`` or the one its name says (as
        :meth:`save` chooses; a name with no ending is native JSON).

        A format that geotimeline writes but cannot read back (GeoJSON, iCalendar) is refused
        with a :class:`~geotimeline.errors.FormatError` naming the formats it reads.
        """
        loaded: Timeline = conveniences.provided("load")(path, format)
        return loaded

    # -- pictures and tables -----------------------------------------------------------------

    def plot(
        self, lanes: str | Callable[[Event], str | None] | None = "actor", **options: Any
    ) -> Axes:
        """Draw the timeline as a chart with lanes; see :func:`geotimeline.display.plot_timeline`.

        Needs matplotlib (the ``plot`` extra).

        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from geotimeline import examples
        >>> ax = examples.load("seed").plot(lanes="country")
        >>> "Syria" in [label.get_text() for label in ax.get_yticklabels()]
        True
        """
        axes: Axes = conveniences.provided("plot")(self, lanes, **options)
        return axes

    def plot_map(self, **options: Any) -> Axes:
        """Draw the events with coordinates on a world map (see
        :func:`geotimeline.display.plot_map`).

        Needs matplotlib (the ``plot`` extra). Nothing is downloaded.

        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from geotimeline import examples
        >>> ax = examples.load("seed").plot_map(labels=False)
        >>> len(ax.collections) > 0
        True
        """
        axes: Axes = conveniences.provided("plot_map")(self, **options)
        return axes

    def to_pandas(self) -> pd.DataFrame:
        """The timeline as a pandas DataFrame, one row an event; see
        :func:`geotimeline.io.dataframe.to_pandas` for the columns. Needs the ``pandas`` extra.

        >>> from geotimeline import examples
        >>> frame = examples.load("seed").to_pandas()
        >>> list(frame.columns[:4])
        ['id', 'title', 'when', 'earliest']
        """
        frame: pd.DataFrame = conveniences.provided("to_pandas")(self)
        return frame

    @classmethod
    def from_pandas(cls, frame: pd.DataFrame) -> Timeline:
        """A timeline from a DataFrame laid out as :meth:`to_pandas` makes them.

        >>> from geotimeline import examples
        >>> seed = examples.load("seed")
        >>> again = Timeline.from_pandas(seed.to_pandas())
        >>> list(again) == list(seed), again.title == seed.title
        (True, True)
        """
        timeline: Timeline = conveniences.provided("from_pandas")(frame)
        return timeline

    def save_html(
        self,
        path: str | os.PathLike[str],
        view: str = "timelinejs",
        title: str | None = None,
        group_by: str | None = None,
        today: dt.date | None = None,
    ) -> None:
        """Write the timeline to ``path`` as one HTML page that shows it, interactively and
        offline: ``view`` is ``"timelinejs"`` (a slide an event) or ``"vis"`` (one zoomable
        axis, its rows by ``group_by``: ``"actor"``, ``"country"`` or ``"tag"``, its open ends
        up to ``today``); see :func:`geotimeline.publish.save_html`. The save is atomic.

        >>> import pathlib, tempfile
        >>> from geotimeline import examples
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder, "seed.html")
        ...     examples.load("seed").save_html(path)
        ...     "TL.Timeline" in path.read_text(encoding="utf-8")
        True
        """
        conveniences.provided("save_html")(
            self, path, view=view, title=title, group_by=group_by, today=today
        )

    def show(
        self,
        view: str = "vis",
        height: int = 600,
        group_by: str | None = None,
        today: dt.date | None = None,
    ) -> Any:
        """The timeline's interactive page, for a notebook to show inline, offline: make it a
        cell's last expression. ``view`` is ``"vis"`` or ``"timelinejs"``, ``height`` the
        frame's in pixels, ``group_by`` the vis view's rows and ``today`` where its open ends
        stop; see :func:`geotimeline.publish.show`.

        >>> from geotimeline import examples
        >>> "<iframe srcdoc=" in examples.load("seed").show(view="timelinejs")._repr_html_()
        True
        """
        show = conveniences.provided("show")
        return show(self, view=view, height=height, group_by=group_by, today=today)

    def _repr_html_(self) -> str:
        """The timeline as an HTML table, for notebooks, dates shown at their precision."""
        html: str = conveniences.provided("timeline_html")(self)
        return html

    # -- internals -------------------------------------------------------------------------

    def _lookup(self, event_id: str) -> Event:
        try:
            return self._by_id[event_id]
        except (KeyError, TypeError):
            raise UnknownEventError(event_id) from None

    def _select(self, where: Filter | None) -> list[Event]:
        """The events that pass ``where``, in order (see :mod:`geotimeline.query.planner`).

        Holds the lock: the filters read, and may build, the indexes.
        """
        with self._lock:
            return planner.select(self, where)

    def _spanning(self, low: int, high: int, check: _Check | None = None) -> list[Event]:
        """The events whose possible span reaches into ``low..high`` (UTC microseconds,
        inclusive), in order: those going on before ``low``, then those starting in it, by
        the span of their sort keys; and those whose qualified dates (``2010~``) only
        possibly reach it (of these, only those that pass ``check``, if given).
        """
        starting = self._starting(low, high)
        if low > cal.MIN_US:
            crossing = self._interval_index().crossing_in_order(low)
            crossing += starting
            starting = crossing
        widened = self._widened
        if widened is not None and not widened.size:
            return starting  # the usual timeline: no qualified dates, nothing to add
        return self._with_widened(starting, low, high, check)

    def _with_widened(
        self, found: list[Event], low: int, high: int, check: _Check | None = None
    ) -> list[Event]:
        """``found`` (in order, and changed in place), with the widened events (passing
        ``check``, if given) whose possible span reaches ``low..high`` but whose sort key's
        span does not, in order.
        """
        widened = self._widened_index()
        if not widened.size:
            return found
        extra = [
            event
            for event in widened.spanning(low, high)
            if (event.span[0] > high or event.span[1] < low) and (check is None or check(event))
        ]
        if len(extra) * _FEW_EXTRA > len(found):
            found += extra
            found.sort(key=ORDER)
        else:
            # A few dates near the window's ends: each put in its place by bisection (the key
            # read log n times), rather than the key of every event read for a sort.
            for event in extra:
                bisect.insort(found, event, key=ORDER)
        return found

    def _starting(self, low: int, high: int) -> list[Event]:
        """The events whose earliest instant lies in ``low..high`` (UTC microseconds,
        inclusive), in order (see :func:`geotimeline.timeline.layout.starting`).
        """
        with self._lock:
            starts = self._starts
            if starts is None:
                starts = self._starts = Starts(self._events)
            return starting(self._events, starts, low, high)

    def _forget_starts(self) -> None:
        """Drop the packed start instants, which any change to the events makes stale."""
        self._starts = None

    def _spanning_keyed(
        self, field: str, key: str, low: int, high: int, check: _Check | None = None
    ) -> list[Event]:
        """Of the events filed under ``key`` in the ``field`` index, those whose span reaches
        into ``low..high``, in order: what ``_spanning`` finds, narrowed to one key, but with
        the events that start in the window found by bisection among that key's events only.
        """
        postings = self._field_index(field)
        starting = postings.starting(key, low, high)
        filed = postings.test((key,))
        widened_check = filed if check is None else _both(filed, check)
        if low <= cal.MIN_US:
            return self._with_widened(starting, low, high, widened_check)
        crossing = postings.narrow((key,), False, self._interval_index().crossing(low))
        crossing.sort(key=ORDER)
        crossing += starting
        return self._with_widened(crossing, low, high, widened_check)

    def _count_starting(self, low: int, high: int) -> int:
        """How many events start in ``low..high``: O(log n), an estimate for query plans."""
        events = self._events
        count: int = events.bisect_key_left(((high + 1,),)) - events.bisect_key_left(((low,),))
        return count

    # The indexes are built on first use under the lock, and published only once whole: a
    # change made while one was being built would otherwise be missing from it for good.

    def _interval_index(self) -> IntervalIndex[Event]:
        intervals = self._intervals
        if intervals is None:
            with self._lock:
                intervals = self._intervals
                if intervals is None:
                    intervals = self._intervals = IntervalIndex(self._events)
        return intervals

    def _widened_index(self) -> WidenedIndex:
        widened = self._widened
        if widened is None:
            with self._lock:
                widened = self._widened
                if widened is None:
                    widened = self._widened = WidenedIndex(self._events)
        return widened

    def _field_index(self, field: str) -> Postings:
        """The index of ``field`` (``"actor"``, ``"country"``, ``"tag"``): the events filed
        under each of its keys."""
        postings = self._postings.get(field)
        if postings is None:
            with self._lock:
                postings = self._postings.get(field)
                if postings is None:
                    postings = self._postings[field] = Postings(field, self._events)
        return postings

    def _filed_events(self, field: str, keys: Collection[str], every: bool = False) -> list[Event]:
        """The events filed under any of ``keys`` in the ``field`` index (with ``every``: a
        list that holds every event filed under all of them), in order."""
        with self._lock:
            return self._field_index(field).events(keys, every)

    def _index(self, events: Iterable[Event]) -> None:
        """Add events just added to the timeline to the indexes built so far."""
        for event in events:
            if self._intervals is not None:
                self._intervals.add(event)
            if self._widened is not None:
                self._widened.add(event)
            for postings in self._postings.values():
                postings.add(event)

    def _unindex(self, event: Event) -> None:
        """Take an event just removed from the timeline out of the indexes built so far."""
        if self._intervals is not None:
            self._intervals.remove(event)
        if self._widened is not None:
            self._widened.remove(event)
        for postings in self._postings.values():
            postings.remove(event)

    def _drop_indexes(self) -> None:
        self._intervals = None
        self._widened = None
        self._postings = {}

    def _recover(self, added: Iterable[str] = (), restored: Iterable[Event] = ()) -> None:
        """Put the timeline back as it was before a change that an exception interrupted
        (``KeyboardInterrupt``, ``MemoryError``, ...) at any step: the ids ``added`` go, the
        events ``restored`` come back, and everything else is made again from the id index.

        The sorted list and the indexes may be half-changed, inside sortedcontainers too, so
        they are not mended but rebuilt: O(n log n), on a path taken only after such an error.
        """
        by_id = self._by_id
        for event_id in added:
            by_id.pop(event_id, None)
        for event in restored:
            by_id[event.id] = event
        self._drop_indexes()
        self._starts = None
        self._events = sorted_events(sorted(by_id.values(), key=ORDER))

    def _snapshot(self) -> tuple[str | None, str | None, list[Event]]:
        """The title, description and events, read together under the lock."""
        with self._lock:
            return self._title, self._description, list(self._events)

    def _date_range(self, key: slice) -> Iterable[Event]:
        if key.step is not None:
            raise InvalidFieldError("step", key.step, "is not supported in a slice of dates")
        return self.starting(key.start, key.stop)

    def _with_sorted(self, events: Iterable[Event]) -> Timeline:
        """A timeline of events known to be valid and to have unique ids, without checks."""
        # Made field by field: query results come through here, and a result should cost
        # little more than its events. Its id index is made on first use (see _Selection).
        clone = _Selection.__new__(_Selection)
        clone._lock = threading.RLock()
        clone._events = sorted_events(events if type(events) is list else list(events))
        clone._starts = None
        clone._intervals = None
        clone._widened = None
        clone._postings = {}
        clone._title, clone._description = self._title, self._description
        return clone

    def _check(self) -> None:
        """Assert every internal invariant (for tests): order, index and ids agree."""
        assert isinstance(self._lock, type(threading.RLock())), "the timeline has no lock"
        self._events._check()
        keys = [event.sort_key for event in self._events]
        assert all(a < b for a, b in itertools.pairwise(keys)), "events out of order"
        assert all(e.span is e.when.span for e in self._events), "a span not its date's own"
        assert len(self._by_id) == len(self._events), "id index and events differ in size"
        for event in self._events:
            assert self._by_id[event.id] is event, f"id index is stale for {event.id!r}"
        if self._intervals is not None:
            self._intervals._check(self._events)
        if self._widened is not None:
            self._widened._check(self._events)
        if self._starts is not None:
            self._starts._check(self._events)
        for postings in self._postings.values():
            postings._check(self._events)


def _both(first: _Check, second: _Check) -> _Check:
    return lambda event: first(event) and second(event)


# The slot that holds the id index of every timeline, read and written past the property of
# _Selection.
_ID_INDEX: Final[Any] = Timeline.__dict__["_by_id"]


class _Selection(Timeline):
    """A timeline made from events known to be in order, with unique ids (a query's result, a
    copy), whose id index is made from its events on first use.

    Finding the events of a large result and making its id index cost about the same:
    both follow a pointer to every event, scattered in memory. Counting, iterating, indexing
    by position and querying the result need no ids; ``get``, ``in``, ``ids()`` and every
    change make them, once, under the lock.
    """

    __slots__ = ()

    @property  # the slot of Timeline, filled on first read
    def _by_id(self) -> dict[str, Event]:
        try:
            ids: dict[str, Event] = _ID_INDEX.__get__(self)
        except AttributeError:
            with self._lock:  # two threads must not both make it, nor one during a change
                try:
                    ids = _ID_INDEX.__get__(self)
                except AttributeError:
                    events = self._events
                    ids = dict(zip(map(_event_id, events), events, strict=True))
                    _ID_INDEX.__set__(self, ids)
        return ids

    @_by_id.setter
    def _by_id(self, ids: dict[str, Event]) -> None:
        _ID_INDEX.__set__(self, ids)

    def __len__(self) -> int:
        try:
            return len(_ID_INDEX.__get__(self))
        except AttributeError:
            with self._lock:  # every change makes the id index first, under the lock
                try:
                    return len(_ID_INDEX.__get__(self))
                except AttributeError:
                    return len(self._events)


def _rebuilt(events: list[Event], title: str | None, description: str | None) -> Timeline:
    """A timeline made again from what :meth:`Timeline.__reduce__` kept of it."""
    return Timeline(events, title=title, description=description)


def _optional_text(field: str, value: object) -> str | None:
    # Checked here, not when a file is written: every exporter reads these as text.
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidFieldError(field, value, "must be text or None")
    check_encodable(field, value)
    return value


def _coerce(value: When | str) -> When:
    # The common case first, without a call: this runs once per bound of every window query.
    return value if type(value) is When else When.coerce(value)


def _index_new_events(batch: list[Any], existing: dict[str, Event]) -> dict[str, Event]:
    """The id index of ``batch``, after checking it can join ``existing`` (nothing is changed)."""
    # The usual batch, events with ids new and unique, indexed and checked by C loops: as many
    # ids in the index as events means that no id came twice.
    if all(map(isinstance, batch, itertools.repeat(Event))):
        index: dict[str, Event] = dict(zip(map(_event_id, batch), batch, strict=True))
        if len(index) == len(batch) and (not existing or existing.keys().isdisjoint(index)):
            return index
    # Otherwise a step per event, to raise the error of the first one at fault.
    index = {}
    for event in batch:
        if not isinstance(event, Event):
            raise InvalidFieldError("event", event, "is not an Event")
        if event.id in existing or event.id in index:
            raise DuplicateEventError(event.id)
        index[event.id] = event
    return index


def _start_label(when: When, precision: Precision) -> str:
    """The start of ``when`` written to ``precision`` at most (see :meth:`Timeline.group_by`)."""
    start = when.start
    if isinstance(start, Unbounded):
        return ".."
    assert isinstance(start, Moment)
    text = str(start).rstrip("?~%")
    if start.precision < precision:
        return text  # known more coarsely than the groups: a group of its own
    # The year is four digits and maybe a sign (-0044); a longer year has no month (Y10000).
    year_length = len(text) if text[0] == "Y" else 4 + (text[0] == "-")
    return text[: year_length if precision is Precision.YEAR else year_length + 3]


def _countries(event: Event) -> Iterable[str]:
    return INDEX_KEYS["country"](event)


_GROUP_VALUES: Final[dict[str, Callable[[Event], Iterable[str]]]] = {
    "actor": operator.attrgetter("actors"),
    "country": _countries,
    "tag": operator.attrgetter("tags"),
}


def _is_position_slice(key: slice) -> bool:
    return all(part is None or isinstance(part, int) for part in (key.start, key.stop, key.step))
