"""What the timeline's lock costs one thread: single adds, window queries and ``involving``,
against the same steps in another revision (before the lock), in the same process.

Run: ``python benchmarks/locking.py --baseline <revision> [--events 100000] [--repeat 7]``

Every step is timed on both packages, alternately, ``--repeat`` times; the table gives the
median seconds per call of each and their ratio, after / before (1.00: no cost). The events
are those of ``synthetic.py``; the adds are 5,000 new events into the full timeline with its
indexes built, undone off the clock between rounds.
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from types import ModuleType
from typing import Any

from measure import machine_line, median_time
from revision import package_at
from synthetic import date_texts

import geotimeline

ADDS = 5_000
WINDOWS = [("2014-03-01", "2014-03-02"), ("2017-06", "2017-06"), ("2001-01-01", "2001-01-07")]


def prepared(package: ModuleType, count: int) -> tuple[Any, list[Any]]:
    """A timeline of ``count`` synthetic events of ``package``, its indexes built, and new
    events to add to it.
    """
    texts = date_texts(count + ADDS)
    made = [
        package.Event(id=f"e{number}", title="Event", when=text, actors=[actor])
        for number, (text, actor) in enumerate(
            zip(texts, ["Russia", "Syria", "Iran", "Turkey", "Rare"] * len(texts), strict=False)
        )
    ]
    timeline = package.Timeline(made[:count])
    timeline.between("2014", "2015")
    timeline.query().involving("Rare").during("2014").events()
    return timeline, made[count:]


def steps(timeline: Any, extra: list[Any]) -> dict[str, Callable[[], object]]:
    def adds() -> None:
        for event in extra:
            timeline.add(event)
        for event in extra:
            timeline.remove(event)

    def windows() -> None:
        for start, end in WINDOWS * 20:
            timeline.between(start, end)

    def involving() -> None:
        for start, end in WINDOWS * 20:
            timeline.query().involving("Rare").between(start, end).events()

    return {
        f"{ADDS:,} adds and removes": adds,
        "60 window queries (between)": windows,
        "60 involving + between queries": involving,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="the revision to compare with")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    arguments = parser.parse_args()
    print(f"{machine_line()}; baseline {arguments.baseline}; {arguments.events:,} events")
    before = package_at(arguments.baseline)
    timelines = {
        "before": prepared(before, arguments.events),
        "after": prepared(geotimeline, arguments.events),
    }
    chosen = {name: steps(*made) for name, made in timelines.items()}
    times: dict[str, dict[str, list[float]]] = {name: {} for name in chosen}
    for _ in range(arguments.repeat):
        for name, actions in chosen.items():  # alternately, so that load hits both alike
            for step, action in actions.items():
                times[name].setdefault(step, []).append(median_time(action, 1))
    print(f"\n{'step':<34}{'before s':>12}{'after s':>12}{'after/before':>14}")
    for step in chosen["after"]:
        old = statistics.median(times["before"][step])
        new = statistics.median(times["after"][step])
        print(f"{step:<34}{old:>12.4f}{new:>12.4f}{new / old:>14.2f}")


if __name__ == "__main__":
    main()
