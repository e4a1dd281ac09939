"""Drawing a map of many places (``plot_map``), with labels against the map without them.

Run: ``python benchmarks/map.py [--sizes 200,2000,10000] [--seed 2017] [--repeat 3]
[--revision REV]``

The places are scattered over Sudan, each with one to three events, so that a map of
thousands has room to label only some of them. Timed in this process, on the same events, each
drawn and rendered to a PNG in memory with matplotlib's Agg backend:
- ``plot_map(events)``: points, the outline, and every label that fits;
- the baseline, ``plot_map(events, labels=False)``: the same map without labels, the floor.
The ratio is the labelled map's time over the baseline's; the number of labels placed is shown.

With ``--revision``, a second table times the labelled map of that revision (imported beside
the working one by ``revision.py``, its events made by its own ``Event``) against the working
one, alternately, ``--repeat`` times each: medians and their ratio, before / after.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
from collections.abc import Callable
from types import ModuleType
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from measure import machine_line, median_time, timed
from revision import package_at

from geotimeline import Event, Place
from geotimeline.display import plot_map


def crowded(count: int, seed: int, package: Any = None) -> list[Any]:
    """``count`` places over Sudan, with one to three events each (of ``package``, by default
    the working one)."""
    event, place = (package.Event, package.Place) if package else (Event, Place)
    rng = random.Random(seed)
    events = []
    for number in range(count):
        town = place(
            f"Town {number}",
            country="SD",
            latitude=rng.uniform(9, 22),
            longitude=rng.uniform(22, 38),
        )
        events += [
            event(title=f"Clash {number}", when="2020-01-01", place=town)
            for _ in range(rng.randint(1, 3))
        ]
    return events


def drawn(events: list[Any], labels: bool, draw: Callable[..., Any] = plot_map) -> int:
    """Draw and render the map; the number of labels on it (country names included)."""
    ax = draw(events, labels=labels)
    ax.figure.savefig(io.BytesIO(), format="png")
    labels = [c for c in ax.collections if c.get_gid() == "labels"]
    texts = len(ax.texts) + sum(len(c.texts) for c in labels)
    plt.close(ax.figure)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,10000")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--revision", help="also time the labelled map of this revision")
    arguments = parser.parse_args()
    print(f"{machine_line('matplotlib')}; seed {arguments.seed}")
    drawn(crowded(10, arguments.seed), labels=True)  # pyplot's first figure loads its fonts
    print(f"\n{'places':>8}{'labelled s':>12}{'no labels s':>13}{'ratio':>8}  labels")
    for count in (int(size) for size in arguments.sizes.split(",")):
        events = crowded(count, arguments.seed)
        seconds, texts = timed(lambda: drawn(events, True), arguments.repeat)  # noqa: B023
        floor, _ = timed(lambda: drawn(events, False), arguments.repeat)  # noqa: B023
        print(f"{count:>8,}{seconds:>12.2f}{floor:>13.2f}{seconds / floor:>7.2f}x  {texts:,}")
    if arguments.revision:
        before = package_at(arguments.revision, ("geotimeline.display",))
        print(f"\nagainst {arguments.revision}")
        print(f"{'places':>8}{'before s':>12}{'after s':>12}{'before/after':>14}  labels")
        for count in (int(size) for size in arguments.sizes.split(",")):
            print(_against(before, count, arguments.seed, arguments.repeat), flush=True)


def _against(before: ModuleType, count: int, seed: int, repeat: int) -> str:
    """The labelled map of ``before`` and of the working package, timed alternately."""
    old_events, events = crowded(count, seed, before), crowded(count, seed)
    old_draw = before.display.plot_map
    times: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(repeat):
        times["before"].append(median_time(lambda: drawn(old_events, True, old_draw), 1))
        times["after"].append(median_time(lambda: drawn(events, True), 1))
    old, new = statistics.median(times["before"]), statistics.median(times["after"])
    labels = f"{drawn(old_events, True, old_draw):,} / {drawn(events, True):,}"
    return f"{count:>8,}{old:>12.2f}{new:>12.2f}{old / new:>13.1f}x  {labels}"


if __name__ == "__main__":
    main()
