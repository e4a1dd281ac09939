"""Bulk-load a large generated timeline and compare with plain-Python baselines.

Run: ``python benchmarks/bulk_load.py [--events 1000000] [--seed 2017]``

Steps timed, each in this process:
- making the events from text dates (``Event(...)``), against parsing the same dates alone;
- building a ``Timeline`` from ready events, against the baselines "sort a list of
  (key, event) tuples" and "build a ``SortedKeyList`` keyed on the same key";
- the memory the timeline holds per event beyond its events, and per event in all.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import sortedcontainers

import geotimeline
from geotimeline import Event, Timeline, When

ACTORS = ["Russia", "United States", "China", "Syria", "Ukraine", "North Korea", "Iran", "Turkey"]
COUNTRIES = ["RU", "US", "CN", "SY", "UA", "KP", "IR", "TR"]


def date_texts(count: int, rng: random.Random) -> list[str]:
    """EDTF dates with a mix of precisions, about 10% of them intervals."""
    texts = []
    for _ in range(count):
        year = rng.randint(1990, 2025)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        shape = rng.random()
        if shape < 0.10:
            texts.append(f"{year}-{month:02d}/{year + rng.randint(0, 5)}")
        elif shape < 0.20:
            texts.append(f"{year}")
        elif shape < 0.25:
            texts.append(f"{year}-{rng.randint(21, 24)}")
        elif shape < 0.45:
            texts.append(f"{year}-{month:02d}")
        elif shape < 0.90:
            texts.append(f"{year}-{month:02d}-{day:02d}")
        else:
            texts.append(
                f"{year}-{month:02d}-{day:02d}"
                f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"
            )
    return texts


def make_events(texts: list[str], rng: random.Random) -> list[Event]:
    # Actors follow a skewed popularity, as in real data sets.
    weights = [1 / (rank + 1) for rank in range(len(ACTORS))]
    return [
        Event(
            id=f"e{number}",
            title=f"Event number {number}",
            when=text,
            actors=rng.choices(ACTORS, weights, k=2),
            tags=[rng.choice(["military", "diplomacy", "sanctions", "trade"])],
        )
        for number, text in enumerate(texts)
    ]


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median wall time of ``repeat`` runs, and the last result."""
    durations, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = action()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations), result


def allocated(action: Callable[[], Any]) -> tuple[int, Any]:
    """Bytes still allocated by what ``action`` returns."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = action()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    count, rng = arguments.events, random.Random(arguments.seed)

    print(
        f"geotimeline {geotimeline.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {count:,} events, seed {arguments.seed}"
    )
    texts = date_texts(count, rng)

    parse_seconds, _ = timed(lambda: [When.parse(text) for text in texts], 1)
    make_seconds, events = timed(lambda: make_events(texts, random.Random(arguments.seed)), 1)

    def tuples() -> list[tuple[Any, Event]]:
        return sorted((event.sort_key, event) for event in events)

    def sorted_key_list() -> Any:
        return sortedcontainers.SortedKeyList(events, key=lambda event: event.sort_key)

    shuffled = events[:]
    rng.shuffle(shuffled)
    events = shuffled
    rows = [
        ("sort (key, event) tuples", *timed(tuples, arguments.repeat)),
        ("SortedKeyList(events)", *timed(sorted_key_list, arguments.repeat)),
        ("Timeline(events)", *timed(lambda: Timeline(events), arguments.repeat)),
    ]
    baseline = rows[0][1]
    print(f"\n{'step':<32}{'seconds':>10}{'ratio':>10}")
    print(f"{'parse the dates alone':<32}{parse_seconds:>10.2f}{'':>10}")
    print(
        f"{'make events (parse included)':<32}{make_seconds:>10.2f}"
        f"{make_seconds / parse_seconds:>9.2f}x  (vs parsing alone)"
    )
    for name, seconds, _ in rows:
        print(f"{name:<32}{seconds:>10.2f}{seconds / baseline:>9.2f}x  (vs sorting tuples)")
    print(f"{'load total (make + build)':<32}{make_seconds + rows[2][1]:>10.2f}")

    container_bytes, timeline = allocated(lambda: Timeline(events))
    del timeline
    gc.collect()
    event_bytes, more_events = allocated(lambda: make_events(texts[:100_000], random.Random(1)))
    per_event = event_bytes / len(more_events)
    print(
        f"\nmemory: the timeline's own structures {container_bytes / count:.0f} B/event; "
        f"an event with its strings {per_event:.0f} B; "
        f"total {container_bytes / count + per_event:.0f} B/event"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
