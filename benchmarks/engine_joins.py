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

``--dataset PATH`` takes the old snapshot from a dataset written already (by
``benchmarks/engines.py --dataset PATH``, whose events are made a day at a time and never
all held): the edited events are drawn from a sample of its ids, read back with
``parquet.event_of``. Above ``--memory-events`` events the in-memory baseline is not run
(both snapshots would not fit in memory): the views' times are printed alone, and the
baseline of a smaller run is the one to compare with.
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
    parser.add_argument("--dataset", type=Path, help="the old snapshot, written already")
    parser.add_argument("--memory-events", type=int, default=1_000_000)
    arguments = parser.parse_args()
    count = arguments.events
    print(f"{machine_line('duckdb', 'ibis-framework', 'pyarrow')}; {count:,} events")
    if arguments.dataset is None:
        old_path, new_path, ceasefires_path = snapshots(
            count, arguments.changed, arguments.seed, arguments.cache
        )
    else:
        old_path = arguments.dataset
        new_path, ceasefires_path = snapshots_beside(
            old_path, arguments.changed, arguments.seed, arguments.cache
        )
    old = geotimeline.open(old_path)
    new = geotimeline.open(new_path, connection=old.connection)
    ceasefires = geotimeline.open(ceasefires_path, connection=old.connection)
    if count > arguments.memory_events:
        views_alone(old, new, ceasefires, arguments.repeat)
        return

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


def views_alone(old: object, new: object, ceasefires: object, repeat: int) -> None:
    """The views' diff and join timed without the in-memory baseline, too large to hold."""
    print(f"views only: {old.count():,} and {new.count():,} events")  # type: ignore[attr-defined]
    for limit in (100_000, 0):
        began = time.perf_counter()
        found = diff_views(old, new, limit=limit)  # type: ignore[arg-type]
        first = time.perf_counter() - began
        seconds = median_time(lambda: diff_views(old, new, limit=limit), repeat)  # type: ignore[arg-type]  # noqa: B023
        print(f"diff, limit {limit:,}: {found.summary}; {seconds:.2f} s (first {first:.2f} s)")
    joined = pairs(old, ceasefires, "inside")  # type: ignore[arg-type]
    found_pairs = joined.count()
    seconds = median_time(joined.count, repeat)
    print(f"join: inside {CEASEFIRES:,} ceasefires, {found_pairs:,} pairs; {seconds:.2f} s")


def snapshots_beside(old: Path, changed: float, seed: int, cache: Path) -> tuple[Path, Path]:
    """The new snapshot and the ceasefires for the dataset ``old``, from ``cache`` or made."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    folder = cache / f"engine_joins-{old.name}-{changed}-{seed}"
    new, fronts = folder / "new.parquet", folder / "ceasefires.parquet"
    if new.exists() and fronts.exists():
        print(f"snapshots read from {folder}")
        return new, fronts
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    began = time.perf_counter()
    dataset = ds.dataset(old, format="parquet", partitioning="hive")
    ids = dataset.to_table(columns=["id"])["id"].to_pylist()
    chosen = set(rng.sample(ids, int(len(ids) * changed * 1.1)))
    del ids
    rows = dataset.to_table(
        columns=list(parquet.PLAIN_COLUMNS), filter=pc.field("id").isin(chosen)
    ).to_pylist()
    events = [parquet.event_of(row) for row in rows]
    rng.shuffle(events)
    write_edited(old, new, edits_of(events, rng))
    print(f"wrote the new snapshot (pyarrow, edited rows) in {time.perf_counter() - began:.1f} s")
    parquet.write(Timeline(make_ceasefires(rng)), fronts)
    return new, fronts


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
    return edits_of(rng.sample(events, int(len(events) * changed * 1.1)), rng)


def edits_of(chosen: list[Event], rng: random.Random) -> dict[str, Event | None]:
    """The edits of :func:`edits`, made to the events ``chosen`` for them: the first
    eleventh removed (and as many added, copies of them under new ids), the rest changed."""
    removed = len(chosen) // 11
    result: dict[str, Event | None] = {event.id: None for event in chosen[:removed]}
    for number, event in enumerate(chosen[removed:]):
        if number % 2:
            result[event.id] = attrs.evolve(event, title=event.title + " (corrected)")
        else:
            result[event.id] = attrs.evolve(event, when=make_when(rng))
    for number in range(removed):
        event = attrs.evolve(chosen[number], id=f"added-{number}", title="A new event")
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
