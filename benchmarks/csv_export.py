"""Write a timeline as CSV with and without the spreadsheet escape, against the csv module.

Run: ``python benchmarks/csv_export.py [--events 100000] [--seed 2017] [--repeat 5]``

Everything runs in this process on the same synthetic timeline (see ``synthetic.py``), a fifth
of whose titles and actors are made to begin with a formula character (``=``, ``-``, ``@``):

- the baseline: the same cells (``csvfile``'s own rows) written by ``csv.writer``, as the
  writer did before the escape;
- ``csvfile.dumps(timeline, spreadsheet_safe=False)``: the writer's own quoting, no escape;
- ``csvfile.dumps(timeline)``: with the spreadsheet escape, the default.

Times are the median of ``--repeat`` rounds, the steps taking turns; ratios are ours / the
baseline.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics

import attrs
from measure import machine_line, timed
from synthetic import make_events

from geotimeline import Event, Timeline
from geotimeline.io import csvfile


def formula_heavy(events: list[Event]) -> Timeline:
    """Every fifth event with a title and an actor that begin with a formula character."""
    changed = [
        attrs.evolve(
            event, title=f"=HYPERLINK({event.title})", actors=["-" + a for a in event.actors]
        )
        if number % 5 == 0
        else event
        for number, event in enumerate(events)
    ]
    return Timeline(changed)


def baseline(timeline: Timeline) -> str:
    """The cells written by ``csv.writer``, as the CSV writer wrote them before the escape."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(csvfile.COLUMNS)
    writer.writerows(csvfile._row(event) for event in timeline)
    return text.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    print(machine_line())
    timeline = formula_heavy(make_events(options.events, options.seed))
    steps = {
        "csv.writer (baseline)": lambda: baseline(timeline),
        "dumps, spreadsheet_safe=False": lambda: csvfile.dumps(timeline, spreadsheet_safe=False),
        "dumps (escaped, the default)": lambda: csvfile.dumps(timeline),
    }
    # The steps take turns, round after round, so that a change in the machine's load falls on
    # all of them alike.
    rounds: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(options.repeat):
        for name, action in steps.items():
            rounds[name].append(timed(action)[0])
    print(f"{len(timeline):,} events, median of {options.repeat} rounds")
    base = statistics.median(rounds["csv.writer (baseline)"])
    for name, seconds in rounds.items():
        median = statistics.median(seconds)
        print(f"{name:34} {median:8.3f} s   {median / base:5.2f}x")


if __name__ == "__main__":
    main()
