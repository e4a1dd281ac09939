"""A DuckDB view of a Parquet dataset against loading the timeline into memory and querying it.

Run: ``python benchmarks/engines.py [--events 1000000] [--repeat 5] [--seed 2017]
[--memory-events 1000000] [--dataset PATH] [--memory-dataset PATH]``

The events are those of ``benchmarks/query.py`` (1990-2025, mostly times to the second, 0.1%
long intervals, some still going on; one actor in a hundred is "Rare"), made a day at a time
in timeline order by a generator (no list of them exists) and written once with
``geotimeline.io.parquet.write`` as a dataset partitioned by year; the write's time and the
process's peak resident memory after it are printed. ``--dataset`` keeps the dataset at PATH
(and reuses it, unwritten, when it is there), ``--memory-dataset`` the baseline's. Measured,
each in this process, the median of ``--repeat`` runs:

- a window count: the events possibly going on in one month;
- actor + window: events involving "Rare" in one year;
- a stab: what was certainly going on at one instant;

by ``geotimeline.open(dataset)`` (DuckDB, ``count()``), against the baseline a user without
the view has: ``parquet.read`` (the load, timed once) and the same query on the timeline.
Ratios are view / baseline, below 1 when the view is faster; "query only" compares with the
in-memory query once the timeline is loaded. Above ``--memory-events`` events the timeline
would not fit in memory (about 500 bytes an event): the baseline is then measured on a dataset
of ``--memory-events`` events made the same way and scaled linearly to ``--events``, and says
so (its counts are checked against the view of that dataset; "found" is the large one's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from measure import machine_line, median_time
from query import COMMON_ACTORS, FIRST_YEAR, LAST_YEAR, RARE, SELECTIVITY, make_when_on

import geotimeline
from geotimeline import Event
from geotimeline.io import parquet

#: Each query as the methods both a view and a timeline's query have.
QUERIES: dict[str, Callable[[object], object]] = {
    "window count (one month)": lambda start: start.between("2011-05", "2011-05"),  # type: ignore[attr-defined]
    "actor + window (Rare, one year)": lambda start: start.involving("Rare").during("2011"),  # type: ignore[attr-defined]
    "stab (certain, one instant)": lambda start: start.at("2011-05-14T12:00:00Z", "certain"),  # type: ignore[attr-defined]
}


def events_in_order(count: int, rng: random.Random) -> Iterator[Event]:
    """``count`` events of ``query.make_events``' mix, spread evenly over the days 1-28 of
    every month of 1990-2025, made one day at a time and yielded in timeline order.

    Every event starts on its day (times in it, intervals from its midnight), so that sorting
    each day's events puts all of them in order while one day's are in memory.
    """
    days = [
        dt.date(year, month, day)
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        for month in range(1, 13)
        for day in range(1, 29)
    ]
    made = 0
    for number, day in enumerate(days, 1):
        until = count * number // len(days)
        todays = [_event(index, day, rng) for index in range(made, until)]
        made = until
        yield from sorted(todays, key=_sort_key)


def _event(number: int, day: dt.date, rng: random.Random) -> Event:
    return Event(
        id=f"e{number}",
        title=f"Event number {number}",
        when=make_when_on(rng, day.year, day.month, day.day),
        actors=[RARE if rng.random() < SELECTIVITY else rng.choice(COMMON_ACTORS)],
        tags=[rng.choice(["military", "diplomacy", "sanctions", "trade"])],
    )


def _sort_key(event: Event) -> tuple[tuple[int, int], str]:
    return event.span, event.id


def peak_resident_mib() -> float:
    """The peak resident memory of this process so far (ru_maxrss: KiB on Linux, bytes on
    macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


def written(count: int, seed: int, dataset: Path) -> Path:
    """``dataset``, written with ``count`` events unless it holds a dataset already."""
    if (dataset / "_common_metadata").is_file():
        print(f"reusing the dataset at {dataset}")
        return dataset
    began, cpu = time.perf_counter(), time.process_time()
    parquet.write(events_in_order(count, random.Random(seed)), dataset)
    seconds = time.perf_counter() - began
    print(
        f"made and wrote {count:,} events in {seconds:.1f} s ({count / seconds:,.0f} events/s; "
        f"{time.process_time() - cpu:.1f} s of CPU), peak resident memory "
        f"{peak_resident_mib():,.0f} MiB, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    return dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--memory-events", type=int, default=1_000_000, help="the largest in-memory baseline"
    )
    parser.add_argument("--dataset", type=Path, help="keep (or reuse) the dataset here")
    parser.add_argument(
        "--memory-dataset", type=Path, help="keep (or reuse) the baseline's smaller dataset here"
    )
    arguments = parser.parse_args()
    count, seed = arguments.events, arguments.seed
    print(f"{machine_line('duckdb', 'ibis-framework', 'pyarrow')}; {count:,} events")
    with tempfile.TemporaryDirectory() as folder:
        dataset = written(count, seed, arguments.dataset or Path(folder, "events"))
        view = geotimeline.open(dataset)
        on_view = {name: build(view) for name, build in QUERIES.items()}
        found = {name: query.count() for name, query in on_view.items()}  # type: ignore[attr-defined]
        viewed = {
            name: median_time(query.count, arguments.repeat)  # type: ignore[attr-defined]
            for name, query in on_view.items()
        }

        # The baseline: at most --memory-events events in memory, scaled linearly to count.
        held = min(count, arguments.memory_events)
        smaller = arguments.memory_dataset or Path(folder, "memory")
        small = dataset if held == count else written(held, seed, smaller)
        scale = count / held
        began = time.perf_counter()
        timeline = parquet.read(small)
        load = time.perf_counter() - began
        small_view = view if held == count else geotimeline.open(small)
        scaled = f", scaled linearly x{scale:g} from {held:,} events" if scale != 1 else ""
        print(f"baseline load (parquet.read): {load:.2f} s{scaled}")

        print(f"\n{'query':<34}{'view s':>9}{'memory s':>10}{'found':>8}"
              f"{'ratio':>9}{'query only':>12}")  # fmt: skip
        for name, build in QUERIES.items():
            in_memory = build(timeline.query())
            assert build(small_view).count() == len(in_memory), name  # type: ignore[attr-defined,arg-type]
            queried = scale * median_time(lambda query=in_memory: len(query), arguments.repeat)  # type: ignore[misc]
            print(f"{name:<34}{viewed[name]:>9.3f}{queried:>10.3f}{found[name]:>8}"
                  f"{viewed[name] / (load * scale + queried):>8.4f}x"
                  f"{viewed[name] / queried:>11.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
