"""Reading CSV and DataFrames: rows a second, against ``csv.reader`` and ``pd.read_csv``.

Run: ``python benchmarks/tabular.py [--events 100000] [--repeat 5] [--seed 2017] [--only csv]``

The events are the synthetic ones every script shares (``synthetic.make_events``), written once
by ``csvfile.save``. Each reader runs in this process on the same file; the table gives the
median of ``--repeat`` runs, in rows a second, and the ratio of its time to its baseline's:

- ``csvfile.load`` (strict, and ``errors="collect"``) against ``csv.reader`` splitting the same
  file into rows, which builds nothing;
- ``from_pandas`` of the frame ``pd.read_csv(path, dtype=str, keep_default_na=False)`` reads
  (the way the CSV format documents), and of the frame ``to_pandas`` makes, against that
  ``pd.read_csv`` itself.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measure import machine_line, timed
from synthetic import make_events

from geotimeline import Timeline
from geotimeline.io import csvfile


def csv_rows(path: Path) -> int:
    """The baseline: the file split into rows by the C csv reader, and nothing built."""
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1  # the header


def load(path: Path) -> int:
    return len(csvfile.load(path))


def load_collecting(path: Path) -> int:
    timeline, rejected = csvfile.load(path, errors="collect")
    return len(timeline) + len(rejected)


def row(name: str, rows: int, seconds: float, baseline: float) -> None:
    print(f"{name:<44} {rows / seconds:>10,.0f} {seconds / baseline:>11.2f}")


def measure_csv(path: Path, repeat: int) -> None:
    baseline, rows = timed(lambda: csv_rows(path), repeat)
    print(f"\nCSV: {rows:,} rows; baseline csv.reader, {rows / baseline:,.0f} rows/s")
    print(f"{'reader':<44} {'rows/s':>10} {'x baseline':>11}")
    readers: dict[str, Callable[[Path], int]] = {
        "csvfile.load": load,
        'csvfile.load(errors="collect")': load_collecting,
    }
    for name, reader in readers.items():
        seconds, count = timed(lambda reader=reader: reader(path), repeat)
        assert count == rows, (name, count, rows)
        row(name, rows, seconds, baseline)


def measure_pandas(path: Path, timeline: Timeline, repeat: int) -> None:
    import pandas as pd

    from geotimeline.io.dataframe import from_pandas, to_pandas

    def read_csv() -> Any:
        return pd.read_csv(path, dtype=str, keep_default_na=False)

    baseline, text_frame = timed(read_csv, repeat)
    rows = len(text_frame)
    print(f"\npandas: {rows:,} rows; baseline pd.read_csv, {rows / baseline:,.0f} rows/s")
    print(f"{'reader':<44} {'rows/s':>10} {'x baseline':>11}")
    typed_frame = to_pandas(timeline)
    frames = {
        "from_pandas(pd.read_csv(...)) (text cells)": text_frame,
        "from_pandas(to_pandas(timeline))": typed_frame,
    }
    for name, frame in frames.items():
        seconds, result = timed(lambda frame=frame: from_pandas(frame), repeat)
        assert result == timeline, name
        row(name, rows, seconds, baseline)
    seconds, both = timed(lambda: from_pandas(read_csv()), repeat)
    row("pd.read_csv then from_pandas", len(both), seconds, baseline)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="how many (default 100,000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per median (default: 5)")
    parser.add_argument("--seed", type=int, default=2017, help="the data's seed (default 2017)")
    parser.add_argument("--only", choices=["csv", "pandas"], help="time one of the two only")
    options = parser.parse_args()
    print(machine_line("pandas"))
    timeline = Timeline(make_events(options.events, options.seed))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "events.csv")
        csvfile.save(timeline, path)
        assert csvfile.load(path) == timeline
        if options.only in (None, "csv"):
            measure_csv(path, options.repeat)
        if options.only in (None, "pandas"):
            if importlib.util.find_spec("pandas") is None:
                print("\npandas is not installed: its rows are left out")
            else:
                measure_pandas(path, timeline, options.repeat)


if __name__ == "__main__":
    main()
