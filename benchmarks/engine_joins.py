"""Two snapshots in DuckDB: their diff, and a relation join, against loading them into memory.

Run: ``python benchmarks/engine_joins.py [--events 1000000] [--changed 0.01] [--repeat 3]
[--cache FOLDER]``

The old snapshot holds the events of ``benchmarks/query.py`` (1990-2025, mostly times to the
second, 0.1% long intervals), written with ``geotimeline.io.parquet.write`` as a dataset
partitioned by year. The new one changes ``--changed`` of them (half a new title, half a date
drawn afresh), removes a tenth as many and adds a tenth as many. Its rows are the old file's,
with those of the edited events made by ``parquet.row_of`` put in their place, sorted into
timeline order and written as one file by pyarrow: the layout ``parquet.write`` writes, in a
minute where the writer takes many (both files are kept in ``--cache`` for the next run,
keyed by size, share and seed). A third file holds 2,000 "ceasefires" of one to four weeks.

Measured, each in this process, the median of ``--repeat`` runs:

- the diff: ``geotimeline.engines.diff(old, new)`` (DuckDB joins the ids and hashes, reads the
  changed rows, and the in-memory diff compares those), against the baseline a user without
  the views has: ``parquet.read`` of both snapshots (timed once) and ``geotimeline.diff``;
  and the same diff above its limit (``limit=0``: the counts, no event made);
- the join: how many pairs of an event and a ceasefire it is possibly inside, counted by
  ``geotimeline.engines.pairs(events, ceasefires, "inside")``, against loading the events and
  asking the timeline ``query().during(ceasefire.when)`` for each ceasefire.

Ratios are view / baseline, below 1 when the views are faster.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import attrs
from measure import machine_line, median_time
from query import make_events, make_when

import geotimeline
from geotimeline import Event, Timeline, When
from geotimeline.engines import diff as diff_views
from geotimeline.engines import pairs
from geotimeline.io import parquet
from geotimeline.time.when import Moment

CEASEFIRES = 2_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--changed", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=3)
    default_cache = Path(tempfile.gettempdir(), "geotimeline-benchmarks")
    parser.add_argument("--cache", type=Path, default=default_cache)
    arguments = parser.parse_args()
    count = arguments.events
    print(f"{machine_line('duckdb', 'ibis-framework', 'pyarrow')}; {count:,} events")
    old_path, new_path, ceasefires_path = snapshots(
        count, arguments.changed, arguments.seed, arguments.cache
    )
    old = geotimeline.open(old_path)
    new = geotimeline.open(new_path, connection=old.connection)
    ceasefires = geotimeline.open(ceasefires_path, connection=old.connection)

    began = time.perf_counter()
    old_timeline, new_timeline = parquet.read(old_path), parquet.read(new_path)
    load = time.perf_counter() - began
    print(f"baseline load of both snapshots (parquet.read): {load:.1f} s")

    in_memory = geotimeline.diff(old_timeline, new_timeline)
    assert diff_views(old, new) == in_memory
    viewed = median_time(lambda: diff_views(old, new), arguments.repeat)
    diffed = median_time(lambda: geotimeline.diff(old_timeline, new_timeline), arguments.repeat)
    print(f"\n{'step':<44}{'views s':>9}{'memory s':>10}{'ratio':>9}{'diff only':>11}")
    name = f"diff ({in_memory.summary})"
    print(f"{name:<44}{viewed:>9.3f}{diffed:>10.3f}"
          f"{viewed / (load + diffed):>8.4f}x{viewed / diffed:>10.2f}x")  # fmt: skip
    counted = median_time(lambda: diff_views(old, new, limit=0).summary, arguments.repeat)
    name = "diff above its limit (counts only)"
    print(f"{name:<44}{counted:>9.3f}{diffed:>10.3f}"
          f"{counted / (load + diffed):>8.4f}x{counted / diffed:>10.2f}x")  # fmt: skip

    fronts = parquet.read(ceasefires_path)
    joined = pairs(old, ceasefires, "inside")
    expected = sum(len(old_timeline.query().during(front.when)) for front in fronts)
    found = joined.count()
    assert found == expected, (found, expected)
    viewed = median_time(joined.count, arguments.repeat)
    queried = median_time(
        lambda: sum(len(old_timeline.query().during(front.when)) for front in fronts),
        arguments.repeat,
    )
    name = f"join: inside {CEASEFIRES:,} ceasefires ({found:,} pairs)"
    print(f"{name:<44}{viewed:>9.3f}{queried:>10.3f}"
          f"{viewed / (load / 2 + queried):>8.4f}x{viewed / queried:>10.2f}x")  # fmt: skip
    print("\n(the join's baseline loads one snapshot: half the load above)")


def snapshots(count: int, changed: float, seed: int, cache: Path) -> tuple[Path, Path, Path]:
    """The old and new snapshots and the ceasefires, from ``cache`` or made there."""
    folder = cache / f"engine_joins-{count}-{changed}-{seed}"
    old, new, fronts = folder / "old", folder / "new.parquet", folder / "ceasefires.parquet"
    if new.exists() and fronts.exists():
        print(f"snapshots read from {folder}")
        return old, new, fronts
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    events = make_events(count, rng)
    began = time.perf_counter()
    parquet.write(Timeline(events), old)
    print(f"wrote the old snapshot with parquet.write in {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    write_edited(old, new, edits(events, changed, rng))
    print(f"wrote the new snapshot (pyarrow, edited rows) in {time.perf_counter() - began:.1f} s")
    parquet.write(Timeline(make_ceasefires(rng)), fronts)
    return old, new, fronts


def edits(events: list[Event], changed: float, rng: random.Random) -> dict[str, Event | None]:
    """Each edited event's id, with its new version, or None for an event removed; and the
    events added, under their own ids."""
    chosen = rng.sample(events, int(len(events) * changed * 1.1))
    removed = len(chosen) // 11
    result: dict[str, Event | None] = {event.id: None for event in chosen[:removed]}
    for number, event in enumerate(chosen[removed:]):
        if number % 2:
            result[event.id] = attrs.evolve(event, title=event.title + " (corrected)")
        else:
            result[event.id] = attrs.evolve(event, when=make_when(rng))
    for number in range(removed):
        event = attrs.evolve(events[number], id=f"added-{number}", title="A new event")
        result[event.id] = event
    return result


def write_edited(old: Path, target: Path, edited: dict[str, Event | None]) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    files = sorted(str(file) for file in old.rglob("*.parquet"))
    table = pa.concat_tables(
        pq.read_table(file, schema=parquet.schema()).select(parquet.schema().names)
        for file in files
    )
    kept = table.filter(pc.invert(pc.is_in(table["id"], pa.array(list(edited)))))
    rows = [parquet.row_of(event) for event in edited.values() if event is not None]
    fresh = pa.Table.from_pylist(rows, schema=parquet.schema())
    every = pa.concat_tables([kept, fresh]).sort_by(
        [(name, "ascending") for name in parquet.ORDER_COLUMNS]
    )
    metadata = pq.read_schema(os.path.join(old, "_common_metadata")).metadata
    pq.write_table(every.replace_schema_metadata(metadata), target)


def make_ceasefires(rng: random.Random) -> list[Event]:
    fronts = []
    for number in range(CEASEFIRES):
        start = Moment.of(rng.randint(1990, 2024), rng.randint(1, 12), rng.randint(1, 28))
        end = When.coerce(
            When.instant(start).earliest.add(days=rng.randint(7, 28)).date().isoformat()
        )
        fronts.append(
            Event(
                id=f"ceasefire-{number}",
                title=f"Ceasefire {number}",
                when=When.interval(start, end.start),
                tags=["ceasefire"],
            )
        )
    return fronts


if __name__ == "__main__":
    main()
