"""The comparison of the pairs that share an id, against the comparison it replaced.

Run: ``python benchmarks/diff_fields.py [--events 300000] [--seed 2017] [--repeat 9]``

Two timelines are made as ``benchmarks/diff.py`` makes them (equal events made separately, 1%
changed, removed or added); the pairs of events that share an id are then compared by
``geotimeline.diffing.matching.differing`` and by the baseline kept here, an earlier
comparison (the fields that parsing mostly shares read as two tuples a side), in the
same process, in rounds whose order is shuffled, with garbage collected before each and the
cycle collector paused while it runs. It prints each one's median time and the median of the
rounds' ratios ours / baseline (below 1: ours is faster).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from collections.abc import Callable, Iterable
from typing import Any

from diff import edited
from measure import machine_line
from synthetic import date_texts, make_events

from geotimeline import Event, Timeline
from geotimeline.diffing.matching import differing


def two_tuples(pairs: Iterable[tuple[Event, Event]]) -> list[tuple[Event, Event]]:
    """The baseline: an earlier comparison of ``differing``, two tuples of fields a side."""
    return [
        (mine, theirs)
        for mine, theirs in pairs
        if mine is not theirs
        and (
            mine.title != theirs.title
            or ((when := mine.when) is not (other := theirs.when) and when != other)
            or (mine.summary, mine.actors, mine.place, mine.tags)
            != (theirs.summary, theirs.actors, theirs.place, theirs.tags)
            or (mine.sources, mine.links, mine.metadata)
            != (theirs.sources, theirs.links, theirs.metadata)
        )
    ]


def shared_pairs(old: Timeline, new: Timeline) -> tuple[list[Event], list[Event]]:
    """The old and new events of each id both hold, in the old order."""
    old_by_id, new_by_id = old._by_id, new._by_id
    shared = [eid for eid in old_by_id if eid in new_by_id]
    return [old_by_id[eid] for eid in shared], [new_by_id[eid] for eid in shared]


def rounds(actions: dict[str, Callable[[], Any]], repeat: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        order = list(actions)
        random.shuffle(order)
        for name in order:
            gc.collect()
            gc.disable()
            start = time.perf_counter()
            actions[name]()
            times[name].append(time.perf_counter() - start)
            gc.enable()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=9)
    arguments = parser.parse_args()
    count = arguments.events

    print(f"{machine_line()}; {count:,} events, seed {arguments.seed}")
    texts = date_texts(count, arguments.seed)
    old = Timeline(make_events(count, arguments.seed, texts))
    new = Timeline(edited(make_events(count, arguments.seed, texts)))
    olds, news = shared_pairs(old, new)
    actions = {
        "differing (identity first)": lambda: differing(olds, news),
        "baseline (two tuples a side)": lambda: two_tuples(zip(olds, news, strict=True)),
    }
    assert actions["differing (identity first)"]() == actions["baseline (two tuples a side)"]()
    times = rounds(actions, arguments.repeat)
    ours, baseline = times["differing (identity first)"], times["baseline (two tuples a side)"]
    ratios = sorted(mine / theirs for mine, theirs in zip(ours, baseline, strict=True))
    print(f"{len(olds):,} pairs, {arguments.repeat} rounds")
    for name, seconds in times.items():
        print(f"{name:<32}{statistics.median(seconds):>10.3f} s")
    print(f"median ratio ours / baseline: {statistics.median(ratios):.2f} "
          f"(rounds from {ratios[0]:.2f} to {ratios[-1]:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
