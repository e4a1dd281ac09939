"""A DuckDB view of a Parquet dataset against loading the timeline into memory and querying it.

Run: ``python benchmarks/engines.py [--events 1000000] [--repeat 5] [--seed 2017]``

The events are those of ``benchmarks/query.py`` (1990-2025, mostly times to the second, 0.1%
long intervals, some still going on; one actor in a hundred is "Rare"), written once with
``geotimeline.io.parquet.write`` as a dataset partitioned by year. Measured, each in this
process, the median of ``--repeat`` runs:

- a window count: the events possibly going on in one month;
- actor + window: events involving "Rare" in one year;
- a stab: what was certainly going on at one instant;

by ``geotimeline.open(dataset)`` (DuckDB, ``count()``), against the baseline a user without
the view has: ``parquet.read`` (the load, timed once) and the same query on the timeline.
Ratios are view / baseline, below 1 when the view is faster; "query only" compares with the
in-memory query once the timeline is loaded.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from measure import machine_line, median_time
from query import make_events

import geotimeline
from geotimeline import Timeline
from geotimeline.io import parquet

#: Each query as the methods both a view and a timeline's query have.
QUERIES: dict[str, Callable[[object], object]] = {
    "window count (one month)": lambda start: start.between("2011-05", "2011-05"),  # type: ignore[attr-defined]
    "actor + window (Rare, one year)": lambda start: start.involving("Rare").during("2011"),  # type: ignore[attr-defined]
    "stab (certain, one instant)": lambda start: start.at("2011-05-14T12:00:00Z", "certain"),  # type: ignore[attr-defined]
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    count = arguments.events
    print(f"{machine_line('duckdb', 'ibis-framework', 'pyarrow')}; {count:,} events")
    with tempfile.TemporaryDirectory() as folder:
        dataset = Path(folder, "events")
        began = time.perf_counter()
        parquet.write(Timeline(make_events(count, random.Random(arguments.seed))), dataset)
        print(f"made and wrote the dataset in {time.perf_counter() - began:.1f} s")

        began = time.perf_counter()
        timeline = parquet.read(dataset)
        load = time.perf_counter() - began
        print(f"baseline load (parquet.read): {load:.2f} s")
        view = geotimeline.open(dataset)

        print(f"\n{'query':<34}{'view s':>9}{'memory s':>10}{'found':>8}"
              f"{'ratio':>9}{'query only':>12}")  # fmt: skip
        for name, build in QUERIES.items():
            on_view, in_memory = build(view), build(timeline.query())
            found = on_view.count()  # type: ignore[attr-defined]
            assert found == len(in_memory), name  # type: ignore[arg-type]
            viewed = median_time(on_view.count, arguments.repeat)  # type: ignore[attr-defined]
            queried = median_time(lambda query=in_memory: len(query), arguments.repeat)  # type: ignore[arg-type,misc]
            print(f"{name:<34}{viewed:>9.3f}{queried:>10.3f}{found:>8}"
                  f"{viewed / (load + queried):>8.4f}x{viewed / queried:>11.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
