"""Write generated events to Parquet with the streaming writer, against pyarrow alone.

Run: ``python benchmarks/parquet_write.py [--events 1000000] [--repeat 3] [--seed 2017]``

Everything runs in this process on the same events (see ``synthetic.py`` for their dates,
actors and places), made lazily by a generator so that no list of them exists:

- ``stream``: ``parquet.write(generator, "events.parquet")``, events in timeline order (a
  generator walking the dates in order): rows made a batch at a time, column by column;
- ``dataset``: the same into a dataset partitioned by year;
- ``sort``: ``parquet.write(generator, ..., sort=True)`` of the same events in random order
  (as GDELT's files give them): spilled, then sorted by DuckDB when it is installed;
- ``events only``: the generator alone, its events made and dropped: what the steps above
  spend before any row exists;
- the writer's own cost: ``stream`` less ``events only``;
- the baseline, ``pyarrow.parquet.write_table`` of the same columns already built in memory
  as one table (made off the clock): what writing costs once the rows exist.

Times are medians of ``--repeat`` runs, in rows a second and as a ratio to the baseline. The
peak memory is measured apart, for each step in a new process (its peak resident size,
``VmHWM`` on Linux, which only grows in a process), beside the size the in-memory table of
the baseline takes: the streaming writer's peak should stay flat as ``--events`` grows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from measure import machine_line, median_time, peak_bytes
from synthetic import ACTORS, COUNTRIES, TAGS, date_text

from geotimeline import Event, Place
from geotimeline.io import parquet
from geotimeline.places import country_name

STEPS = ("events only", "stream", "dataset", "sort", "baseline")


def events_in_order(count: int, seed: int) -> Iterator[Event]:
    """``count`` events, one a day from 1990 on (some of them intervals or coarser dates that
    start that day), in timeline order, made one at a time."""
    rng = random.Random(seed)
    places = [Place(name=country_name(code), country=code) for code in COUNTRIES]
    # Several events a day, in order: the day advances every few events.
    for number in range(count):
        day = 726_833 + number // 4  # days since 0001-01-01; 726833 is 1991-01-01
        actors = rng.sample(ACTORS, rng.randint(1, 3))
        yield Event(
            id=f"e{number:09d}",
            title=f"Event number {number}",
            when=_day_text(day),
            actors=actors,
            place=places[ACTORS.index(actors[0])],
            tags=[rng.choice(TAGS)],
        )


def _day_text(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def events_in_any_order(count: int, seed: int) -> Iterator[Event]:
    """``count`` events of ``synthetic.date_text``'s mix of dates, in random order."""
    rng = random.Random(seed)
    places = [Place(name=country_name(code), country=code) for code in COUNTRIES]
    for number in range(count):
        actors = rng.sample(ACTORS, rng.randint(1, 3))
        yield Event(
            id=f"e{number:09d}",
            title=f"Event number {number}",
            when=date_text(rng),
            actors=actors,
            place=places[ACTORS.index(actors[0])],
            tags=[rng.choice(TAGS)],
        )


def prebuilt_table(count: int, seed: int) -> Any:
    """The baseline's input: the same rows as ``stream`` writes, as one pyarrow table."""
    import pyarrow as pa

    batches, rows = [], []
    for event in events_in_order(count, seed):
        rows.append(parquet._row_tuple(event))
        if len(rows) == parquet.BATCH_SIZE:
            batches.append(parquet._record_batch(rows))
            rows = []
    if rows:
        batches.append(parquet._record_batch(rows))
    return pa.Table.from_batches(batches, schema=parquet.SCHEMA)


def run_step(step: str, count: int, seed: int, folder: Path) -> Any:
    """One step, or (for the baseline) the action to time once its table is built."""
    if step == "events only":
        return lambda: sum(1 for _ in events_in_order(count, seed))
    if step == "stream":
        return lambda: parquet.write(events_in_order(count, seed), folder / "stream.parquet")
    if step == "dataset":
        return lambda: parquet.write(events_in_order(count, seed), folder / "dataset")
    if step == "sort":
        return lambda: parquet.write(
            events_in_any_order(count, seed), folder / "sorted.parquet", sort=True
        )
    import pyarrow.parquet as pq

    table = prebuilt_table(count, seed)
    return lambda: pq.write_table(table, folder / "baseline.parquet", compression="zstd")


def peaks_of(step: str, count: int, seed: int) -> tuple[int, int]:
    """The peak resident bytes of a new process that runs ``step`` once, and the most bytes
    pyarrow's memory pool held at once in it."""
    command = [sys.executable, __file__, "--child", step, "--events", str(count)]
    command += ["--seed", str(seed)]
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    resident, pool = finished.stdout.split()[-2:]
    return int(resident), int(pool)


def child(step: str, count: int, seed: int) -> None:
    import pyarrow as pa

    with tempfile.TemporaryDirectory() as folder:
        run_step(step, count, seed, Path(folder))()
    print(own_peak_bytes(), pa.default_memory_pool().max_memory())


def own_peak_bytes() -> int:
    """The peak resident bytes of this process's own memory.

    On Linux, ``ru_maxrss`` survives ``exec``: a child started by a parent that had grown
    larger reports the parent's peak. ``VmHWM`` belongs to the process's own memory map.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak * (1 if sys.platform == "darwin" else 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--no-memory", action="store_true", help="skip the peak memory runs")
    parser.add_argument("--no-timing", action="store_true", help="only the peak memory runs")
    parser.add_argument(
        "--only", default=",".join(STEPS), help=f"comma-separated steps (of: {', '.join(STEPS)})"
    )
    parser.add_argument(
        "--traced", action="store_true", help="also trace the stream step with tracemalloc"
    )
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    count, seed = arguments.events, arguments.seed
    if arguments.child:
        child(arguments.child, count, seed)
        return
    steps = [step for step in STEPS if step in arguments.only.split(",")]
    print(machine_line("pyarrow", "duckdb"))
    print(f"{count:,} events, median of {arguments.repeat} runs", flush=True)
    seconds = {}
    with tempfile.TemporaryDirectory() as folder:
        for step in [] if arguments.no_timing else steps:
            action = run_step(step, count, seed, Path(folder))
            seconds[step] = median_time(action, arguments.repeat)
            rate = count / seconds[step]
            print(f"  {step:<16} {seconds[step]:8.2f} s  {rate:>10,.0f} rows/s", flush=True)
        if "stream" in seconds:
            size = (Path(folder) / "stream.parquet").stat().st_size
            print(f"  file size: {size / count:.1f} bytes an event")
    if "baseline" in seconds:
        print("\nratio to baseline (pyarrow.parquet.write_table of the same table, prebuilt)")
        for step in (step for step in seconds if step != "baseline"):
            print(f"  {step:<16} {seconds[step] / seconds['baseline']:8.1f}x")
    if {"stream", "events only"} <= seconds.keys():
        own = seconds["stream"] - seconds["events only"]
        print(f"\nthe writer's own cost (stream - events only): {own:.2f} s, "
              f"{count / own:,.0f} events/s")  # fmt: skip
    if arguments.traced:
        with tempfile.TemporaryDirectory() as folder:
            # Python's own allocations only: pyarrow's buffers are in its pool, counted below.
            traced = peak_bytes(run_step("stream", count, seed, Path(folder)))
        print(f"\nstream: peak traced by tracemalloc {traced / 2**20:.0f} MiB", flush=True)
    if arguments.no_memory:
        return
    print("\npeak memory, one run in a new process: resident, and pyarrow's pool")
    for step in steps:
        resident, pool = peaks_of(step, count, seed)
        print(f"  {step:<16} {resident / 2**20:8.0f} MiB  {pool / 2**20:8.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
