"""Query a large generated timeline and compare with plain-Python baselines.

Run: ``python benchmarks/query.py [--events 1000000] [--seed 2017]``

Measured, each in this process:
- a window query that returns about 10 events (``Timeline.between``, long-running events
  included), against bisecting a plain sorted list of start keys, which finds only the events
  that *start* in the window;
- an actor + window query at 1% selectivity, against a linear scan with the same test;
- what the indexes cost: the time to build each on first use, their memory per event, and
  10,000 single ``add`` calls into the full timeline against ``SortedKeyList.add``, before any
  index is built and once the interval and actor indexes are (``add`` keeps them up to date).

The events: over 1990-2025, mostly times to the second or minute, some days, and 0.1% long
intervals (up to two months, some still going on), so that a window of two hours holds about
ten events and some of them started long before it. One actor in a hundred events is "Rare".
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import functools
import operator
import random
import statistics
import time
from collections.abc import Callable

import attrs
from measure import frozen_heap, machine_line, median_time, retained_bytes, timed
from sortedcontainers import SortedKeyList

from geotimeline import Event, Moment, Timeline, Unbounded, When

COMMON_ACTORS = ["Russia", "United States", "China", "Syria", "Ukraine", "Iran", "Turkey"]
RARE = "Rare"
_sort_key = operator.attrgetter("span", "id")
SELECTIVITY = 0.01
FIRST_YEAR, LAST_YEAR = 1990, 2025
ADD_RUNS = 3  # 10,000 adds into the full timeline: a few runs are enough for a median


def make_when(rng: random.Random) -> When:
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return make_when_on(rng, year, month, day)


def make_when_on(rng: random.Random, year: int, month: int, day: int) -> When:
    """A ``When`` of the mix below that starts on the given day (days 1-28 only)."""
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    shape = rng.random()
    if shape < 0.001:  # long intervals, a tenth of them still going on
        start = Moment.of(year, month, day)
        if rng.random() < 0.1:
            return When.interval(start, Unbounded.OPEN)
        days = rng.randint(2, 60)
        end_month, end_day = month + (day + days) // 28, (day + days) % 28 + 1
        end_year, end_month = year + (end_month - 1) // 12, (end_month - 1) % 12 + 1
        return When.interval(start, Moment.of(end_year, end_month, end_day))
    if shape < 0.02:
        return When.instant(Moment.of(year, month, day))
    if shape < 0.10:
        return When.instant(Moment.of(year, month, day, hour, minute))
    return When.instant(Moment.of(year, month, day, hour, minute, rng.randint(0, 59)))


def make_events(count: int, rng: random.Random) -> list[Event]:
    return [
        Event(
            id=f"e{number}",
            title=f"Event number {number}",
            when=make_when(rng),
            actors=[RARE if rng.random() < SELECTIVITY else rng.choice(COMMON_ACTORS)],
            tags=[rng.choice(["military", "diplomacy", "sanctions", "trade"])],
        )
        for number in range(count)
    ]


def single_adds(container: Timeline | SortedKeyList, extra: list[Event], repeat: int) -> float:
    """The median seconds to add ``extra`` one by one over ``repeat`` runs.

    Each run is undone, off the clock, so that every run adds to the same container.
    """

    def add_all() -> None:
        for event in extra:
            container.add(event)

    durations = []
    with frozen_heap():
        for _ in range(repeat):
            durations.append(median_time(add_all, 1))
            for event in extra:
                container.remove(event)
    return statistics.median(durations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--windows", type=int, default=200, help="window queries to average")
    arguments = parser.parse_args()
    count, rng = arguments.events, random.Random(arguments.seed)
    print(f"{machine_line()}; {count:,} events, seed {arguments.seed}")

    made = time.perf_counter()
    events = make_events(count, rng)
    timeline = Timeline(events)
    print(f"made and loaded the events in {time.perf_counter() - made:.1f} s")
    extra = [attrs.evolve(event, id=f"x{event.id}") for event in make_events(10_000, rng)]
    adds = [
        ("SortedKeyList.add", single_adds(SortedKeyList(events, key=_sort_key), extra, ADD_RUNS)),
        ("Timeline.add, no index built yet", single_adds(timeline, extra, ADD_RUNS)),
    ]

    # Indexes are built on first use: time it, then measure what they keep on a copy (memory
    # tracing slows the build down too much to time both at once).
    rows: list[tuple[str, float, float]] = []
    builds: list[tuple[str, Callable[[Timeline], object]]] = [
        ("interval index", lambda timeline: timeline._interval_index()),
        ("actor index", lambda timeline: timeline._field_index("actor")),
        ("country index", lambda timeline: timeline._field_index("country")),
        ("tag index", lambda timeline: timeline._field_index("tag")),
    ]
    spare = timeline.copy()
    for name, build in builds:
        seconds = median_time(functools.partial(build, timeline), 1)
        size, _ = retained_bytes(functools.partial(build, spare))
        rows.append((name, seconds, size / count))
    print(f"\n{'index, built on first use':<32}{'seconds':>10}{'B/event':>10}")
    for name, seconds, per_event in rows:
        print(f"{name:<32}{seconds:>10.2f}{per_event:>10.0f}")
    adds.append(("Timeline.add, all indexes built", single_adds(timeline, extra, ADD_RUNS)))
    print(f"\n{'10,000 single adds':<44}{'ms':>10}{'ratio':>10}")
    for name, seconds in adds:
        print(f"{name:<44}{seconds * 1e3:>10.1f}{seconds / adds[0][1]:>9.2f}x")

    # Window queries of two hours returning about 10 events.
    ordered = list(timeline)
    starts = [event.span[0] for event in ordered]
    span = 2 * 3600 * 1_000_000
    windows = []
    for _ in range(arguments.windows):
        low = rng.randint(starts[0], starts[-1] - span)
        windows.append((When.coerce(_datetime(low)), When.coerce(_datetime(low + span))))

    def bisect_starts() -> int:
        found = 0
        for low, high in windows:
            first = bisect.bisect_left(starts, low.earliest_us)
            last = bisect.bisect_right(starts, high.latest_us)
            found += len(ordered[first:last])
        return found

    def between() -> int:
        return sum(len(timeline.between(low, high)) for low, high in windows)

    def spanning() -> int:
        return sum(
            len(timeline._spanning(low.earliest_us, high.latest_us)) for low, high in windows
        )

    # A round takes a millisecond or less: no collection before it, which would leave the
    # caches cold (see measure.timed). The same below for the actor query.
    baseline, starting = timed(bisect_starts, arguments.repeat, collect=False)
    index_only, _ = timed(spanning, arguments.repeat, collect=False)
    query_time, found = timed(between, arguments.repeat, collect=False)
    per = len(windows)
    print(
        f"\nwindow of 2 hours: {found / per:.1f} events on average "
        f"({starting / per:.1f} start in it, the rest started earlier)"
    )
    print(f"{'step':<44}{'µs/query':>10}{'ratio':>10}")
    print(f"{'bisect sorted start keys (starts only)':<44}{baseline / per * 1e6:>10.1f}{1:>9.2f}x")
    print(f"{'the interval index alone':<44}{index_only / per * 1e6:>10.1f}"
          f"{index_only / baseline:>9.2f}x")  # fmt: skip
    print(f"{'Timeline.between (a Timeline of results)':<44}{query_time / per * 1e6:>10.1f}"
          f"{query_time / baseline:>9.2f}x")  # fmt: skip

    # Actor + window at 1% selectivity, against a linear scan.
    first_year, last_year = When.parse("2010"), When.parse("2012")
    lowest, highest = first_year.earliest_us, last_year.latest_us

    def linear_scan() -> list[Event]:
        return [
            event
            for event in ordered
            if RARE in event.actors and event.span[0] <= highest and event.span[1] >= lowest
        ]

    def query() -> list[Event]:
        return timeline.query().involving(RARE).between(first_year, last_year).events()

    scan_time, expected = timed(linear_scan, max(1, arguments.repeat // 2), collect=False)
    query_time, found_events = timed(query, arguments.repeat, collect=False)
    assert found_events == expected, "the query and the scan disagree"
    window_count = timeline._count_starting(lowest, highest)
    print(
        f"\nactor {RARE!r} ({SELECTIVITY:.0%} of events) in 2010-2012 "
        f"({window_count:,} events): {len(expected):,} found"
    )
    print(f"{'step':<44}{'ms':>10}{'ratio':>10}")
    print(f"{'linear scan of a list':<44}{scan_time * 1e3:>10.2f}{1:>9.2f}x")
    print(f"{'timeline.query().involving().between()':<44}{query_time * 1e3:>10.2f}"
          f"{query_time / scan_time:>9.3f}x   ({scan_time / query_time:.0f}x faster)")  # fmt: skip


def _datetime(microseconds: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=microseconds)


if __name__ == "__main__":
    main()
