"""Read a Wikidata dump with ``geotimeline.io.wikidata``, against decoding its lines with ``json``.

Run: ``python benchmarks/wikidata_dump.py [--entities 20000] [--repeat 3] [--no-memory]``

The dump is made of the real entities of ``tests/data/wikidata/dump.json`` (the 2022 FIFA World
Cup, Bielefeld, the universe, Hong Kong) in turn, each given a new id, in the layout of
``latest-all.json``: a quarter of the entities are events, the rest are left out, as most of a
real dump is. Everything runs in this process on the same file:

- the baseline: ``json.loads`` of every entity line of the file, read a line at a time, and
  nothing else: the floor for any reader of a dump;
- ``wikidata.read_file``: the same lines, read into a timeline and the list of what was left
  out.

Times are the median of ``--repeat`` runs; the ratio is ours / baseline. The peak memory of
each is measured in another run under ``tracemalloc``, beside the size of the file, to show
that the reader does not hold the file.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from measure import machine_line, peak_bytes, timed

from geotimeline.io import wikidata

TEMPLATES = Path(__file__).resolve().parent.parent / "tests" / "data" / "wikidata" / "dump.json"


def write_dump(path: Path, count: int) -> None:
    """A dump of ``count`` entities, the templates in turn, numbered Q1, Q2, ..."""
    lines = [line.removesuffix(",") for line in TEMPLATES.read_text("utf-8").splitlines()[1:-1]]
    templates = [json.loads(line) for line in lines]
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[\n")
        for number in range(1, count + 1):
            entity = dict(templates[number % len(templates)], id=f"Q{number}")
            handle.write(json.dumps(entity, ensure_ascii=False))
            handle.write(",\n" if number < count else "\n")
        handle.write("]\n")


def decode_lines(path: Path) -> int:
    """The baseline: every entity line decoded by ``json.loads``, a line at a time."""
    decoded = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text = line.strip()
            if text not in ("[", "]"):
                json.loads(text.removesuffix(","))
                decoded += 1
    return decoded


def read_dump(path: Path) -> Any:
    return wikidata.read_file(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-memory", action="store_true")
    options = parser.parse_args()
    print(machine_line())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "latest-all.json")
        write_dump(path, options.entities)
        size = path.stat().st_size
        print(f"{options.entities:,} entities, {size / 1e6:.1f} MB")
        baseline, decoded = timed(lambda: decode_lines(path), options.repeat, pause_gc=False)
        ours, reading = timed(lambda: read_dump(path), options.repeat, pause_gc=False)
        assert decoded == options.entities
        events, skipped = len(reading.timeline), len(reading.skipped)
        print(f"{events:,} events, {skipped:,} entities left out")
        print(f"{'step':<34} {'seconds':>8} {'entities/s':>11} {'ratio':>6}")
        for name, seconds in (("json.loads of each line (baseline)", baseline),
                              ("wikidata.read_file", ours)):  # fmt: skip
            rate = options.entities / seconds
            print(f"{name:<34} {seconds:>8.3f} {rate:>11,.0f} {seconds / baseline:>6.2f}")
        if not options.no_memory:
            for name, step in (("json.loads of each line", decode_lines), ("wikidata.read_file",
                               read_dump)):  # fmt: skip
                peak = peak_bytes(lambda step=step: step(path))  # type: ignore[misc]
                print(f"peak memory, {name}: {peak / 1e6:.1f} MB ({peak / size:.0%} of the file)")


if __name__ == "__main__":
    main()
