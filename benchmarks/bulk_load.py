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
import operator
import sys
from typing import Any

import sortedcontainers
from measure import machine_line, median_time, retained_bytes, timed
from synthetic import date_texts, make_events

from geotimeline import Event, Timeline, When


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    count, seed = arguments.events, arguments.seed

    print(f"{machine_line()}; {count:,} events, seed {seed}")
    texts = date_texts(count, seed)

    parse_seconds = timed(lambda: [When.parse(text) for text in texts])[0]
    make_seconds, events = timed(lambda: make_events(count, seed, texts))

    def tuples() -> list[tuple[Any, Event]]:
        return sorted(((event.span, event.id), event) for event in events)

    def sorted_key_list() -> Any:
        return sortedcontainers.SortedKeyList(events, key=operator.attrgetter("span", "id"))

    rows = [
        ("sort (key, event) tuples", median_time(tuples, arguments.repeat)),
        ("SortedKeyList(events)", median_time(sorted_key_list, arguments.repeat)),
        ("Timeline(events)", median_time(lambda: Timeline(events), arguments.repeat)),
    ]
    baseline = rows[0][1]
    print(f"\n{'step':<32}{'seconds':>10}{'ratio':>10}")
    print(f"{'parse the dates alone':<32}{parse_seconds:>10.2f}{'':>10}")
    print(
        f"{'make events (parse included)':<32}{make_seconds:>10.2f}"
        f"{make_seconds / parse_seconds:>9.2f}x  (vs parsing alone)"
    )
    for name, seconds in rows:
        print(f"{name:<32}{seconds:>10.2f}{seconds / baseline:>9.2f}x  (vs sorting tuples)")
    print(f"{'load total (make + build)':<32}{make_seconds + rows[2][1]:>10.2f}")

    container_bytes, timeline = retained_bytes(lambda: Timeline(events))
    del timeline
    gc.collect()
    sample = texts[:100_000]
    event_bytes, more_events = retained_bytes(lambda: make_events(len(sample), 1, sample))
    per_event = event_bytes / len(more_events)
    print(
        f"\nmemory: the timeline's own structures {container_bytes / count:.0f} B/event; "
        f"an event with its strings {per_event:.0f} B; "
        f"total {container_bytes / count + per_event:.0f} B/event"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
