"""Reading CSV and DataFrames: rows a second, against ``csv.reader`` and ``pd.read_csv``.

Run: ``python benchmarks/tabular.py [--events 100000] [--repeat 5] [--seed 2017]
[--only csv|pandas|convert] [--revision REV]``

The events are the synthetic ones every script shares (``synthetic.make_events``), written once
by ``csvfile.save``. Each reader runs in this process on the same file; the table gives the
median of ``--repeat`` runs, in rows a second, and the ratio of its time to its baseline's:

- ``csvfile.load`` (strict, and ``errors="collect"``) against ``csv.reader`` splitting the same
  file into rows, which builds nothing;
- ``from_pandas`` of the frame ``pd.read_csv(path, dtype=str, keep_default_na=False)`` reads
  (the way the CSV format documents), and of the frame ``to_pandas`` makes, against that
  ``pd.read_csv`` itself;
- converting (``--only convert``, also run without ``--only``): ``to_pandas(timeline)`` against
  building the same DataFrame from plain lists of its columns (text, lists, floats, the
  bounds as integer microseconds, ``precision`` as its names; checked equal to ``to_pandas``'s
  frame), and ``from_pandas`` of that frame against ``Timeline.load`` of the same events'
  native JSON file. With ``--revision``, ``to_pandas`` and ``from_pandas`` of that revision
  (imported beside the working one by ``revision.py``) are timed too, on its own events read
  from the same file, each right after the working one.

The collector is paused while each side runs (``measure.timed``), the same for every side.
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
from revision import package_at
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


def plain_columns(frame: Any) -> dict[str, list[Any]]:
    """The frame's columns as plain Python lists, the input of the baseline below."""
    from geotimeline.io.dataframe import PRECISIONS

    columns: dict[str, list[Any]] = {}
    for name in frame.columns:
        column = frame[name]
        if str(column.dtype).startswith("datetime64"):
            columns[name] = column.array.asi8.tolist()  # microseconds since 1970
        elif name == "precision":
            columns[name] = [PRECISIONS[code] for code in column.cat.codes]
        else:
            columns[name] = column.tolist()
    return columns


def frame_of_lists(columns: dict[str, list[Any]], dtypes: dict[str, Any]) -> Any:
    """The baseline: a DataFrame of the same columns and dtypes, from plain lists."""
    import numpy as np
    import pandas as pd

    from geotimeline.io.dataframe import PRECISIONS

    series: dict[str, Any] = {}
    for name, values in columns.items():
        if name == "precision":
            series[name] = pd.Categorical(values, categories=PRECISIONS, ordered=True)
        elif str(dtypes[name]).startswith("datetime64"):
            instants = np.array(values, "int64").astype("datetime64[us]")
            series[name] = pd.Series(instants).dt.tz_localize("UTC")
        else:
            series[name] = pd.Series(values, dtype=dtypes[name])
    return pd.DataFrame(series)


def measure_conversion(timeline: Timeline, folder: Path, repeat: int, revision: str | None) -> None:
    import pandas as pd

    from geotimeline.io.dataframe import from_pandas, to_pandas

    native_path = Path(folder, "events.json")
    timeline.save(native_path)
    frame = to_pandas(timeline)
    columns, dtypes = plain_columns(frame), frame.dtypes.to_dict()
    pd.testing.assert_frame_equal(frame_of_lists(columns, dtypes), frame)
    rows = len(timeline)
    print(f"\nconverting {rows:,} events; median of {repeat}")
    print(f"{'step':<44} {'seconds':>10} {'x baseline':>11}")
    baseline, _ = timed(lambda: frame_of_lists(columns, dtypes), repeat)
    print(f"{'DataFrame from plain lists (baseline)':<44} {baseline:>10.3f} {1:>11.2f}")
    seconds, made = timed(lambda: to_pandas(timeline), repeat)
    pd.testing.assert_frame_equal(made, frame)
    print(f"{'to_pandas(timeline)':<44} {seconds:>10.3f} {seconds / baseline:>11.2f}")
    if revision:
        before = package_at(revision, ("geotimeline.io.dataframe", "geotimeline.io.native"))
        earlier_timeline = before.io.native.load(native_path)
        earlier, _ = timed(lambda: before.io.dataframe.to_pandas(earlier_timeline), repeat)
        label = f"to_pandas at {revision}"
        print(f"{label:<44} {earlier:>10.3f} {earlier / baseline:>11.2f}")
    baseline, loaded = timed(lambda: Timeline.load(native_path), repeat)
    assert loaded == timeline
    print(f"{'Timeline.load(native JSON) (baseline)':<44} {baseline:>10.3f} {1:>11.2f}")
    seconds, read = timed(lambda: from_pandas(frame), repeat)
    assert read == timeline
    print(f"{'from_pandas(frame)':<44} {seconds:>10.3f} {seconds / baseline:>11.2f}")
    if revision:
        earlier, _ = timed(lambda: before.io.dataframe.from_pandas(frame), repeat)
        label = f"from_pandas at {revision}"
        print(f"{label:<44} {earlier:>10.3f} {earlier / baseline:>11.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="how many (default 100,000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per median (default: 5)")
    parser.add_argument("--seed", type=int, default=2017, help="the data's seed (default 2017)")
    parser.add_argument("--only", choices=["csv", "pandas", "convert"], help="time one only")
    parser.add_argument("--revision", help="also convert with this revision's to/from_pandas")
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
        if options.only in (None, "convert") and importlib.util.find_spec("pandas") is not None:
            measure_conversion(timeline, Path(folder), options.repeat, options.revision)


if __name__ == "__main__":
    main()
