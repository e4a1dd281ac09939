"""Many single adds: does adding n events one at a time cost O(n log n), or O(n²)?

Run: ``python benchmarks/single_adds.py [--sizes 10000,50000,100000] [--repeat 3]
[--baseline <revision>]``

For each size, events are added one at a time to a timeline whose query indexes (interval,
widened, actor) are built, in a random order and in time order, for two mixes: the events of
``synthetic.py`` (10% long intervals, some approximate dates) and events all still going on
(``2014-04/..``), which share one node of the interval index. The table gives the median
microseconds per add, its ratio to the smallest size (flat, or growing like log n, is
O(n log n) in all; growing like n is O(n²)), and its ratio to ``SortedKeyList.add`` of the same
events, the floor. ``--baseline`` times another revision's timeline too, in the same process.
"""

from __future__ import annotations

import argparse
import operator
import random
import statistics
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

from measure import machine_line, paused_gc
from revision import package_at
from sortedcontainers import SortedKeyList
from synthetic import date_texts

import geotimeline

_sort_key = operator.attrgetter("span", "id")


def going_on(count: int, seed: int) -> list[str]:
    """Dates of events that started over 1990-2025 and are still going on."""
    rng = random.Random(seed)
    return [
        f"{rng.randint(1990, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}/.."
        for _ in range(count)
    ]


MIXES: dict[str, Callable[[int, int], list[str]]] = {"synthetic": date_texts, "going on": going_on}


def per_add(add: Callable[[Any], object], events: list[Any], repeat: int) -> float:
    """The median seconds per add of ``events``, one at a time, into a fresh container."""
    durations = []
    for _ in range(repeat):
        container_add = add()
        with paused_gc():
            start = time.perf_counter()
            for event in events:
                container_add(event)
            durations.append((time.perf_counter() - start) / len(events))
    return statistics.median(durations)


def indexed_timeline(package: ModuleType) -> Callable[[Any], object]:
    timeline = package.Timeline()
    timeline.between("2014", "2015")  # the interval and widened indexes
    timeline.query().involving("Russia").events()  # the actor index
    add: Callable[[Any], object] = timeline.add
    return add


def sorted_key_list() -> Callable[[Any], object]:
    add: Callable[[Any], object] = SortedKeyList(key=_sort_key).add
    return add


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--baseline", help="another revision to time beside this one")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    print(f"{machine_line('sortedcontainers')}; seed {arguments.seed}")
    packages = {"Timeline.add": geotimeline}
    if arguments.baseline:
        packages[f"{arguments.baseline} Timeline.add"] = package_at(arguments.baseline)
    print(f"\n{'mix, order':<24}{'adder':<30}{'events':>9}{'µs/add':>9}{'/smallest':>11}"
          f"{'/SortedKeyList':>16}")  # fmt: skip
    for mix, dates in MIXES.items():
        for order in ("random", "time"):
            smallest: dict[str, float] = {}
            for size in sizes:
                texts = dates(size, arguments.seed)
                rng = random.Random(arguments.seed)
                floor = 0.0
                for name, package in [("SortedKeyList.add", geotimeline), *packages.items()]:
                    made = [package.Event(id=f"e{n}", title="Event", when=text, actors=["Russia"])
                            for n, text in enumerate(texts)]  # fmt: skip
                    if order == "random":
                        rng.shuffle(made)
                    else:
                        made.sort(key=_sort_key)
                    adder = (sorted_key_list if name == "SortedKeyList.add"
                             else lambda package=package: indexed_timeline(package))  # fmt: skip
                    seconds = per_add(adder, made, arguments.repeat)
                    floor = floor or seconds
                    first = smallest.setdefault(name, seconds)
                    label = f"{mix}, {order}"
                    print(
                        f"{label:<24}{name:<30}{size:>9,}{seconds * 1e6:>9.2f}"
                        f"{seconds / first:>11.2f}{seconds / floor:>16.2f}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
