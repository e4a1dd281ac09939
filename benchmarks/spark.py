"""Spark ``local[2]`` against DuckDB, the baseline: the same view queries on the same files.

Run: ``python benchmarks/spark.py [--events 100000,1000000] [--repeat 5] [--seed 2017]``,
or ``python benchmarks/spark.py --stream --events 1000000 [--repeat 3] [--page 65536]``

The events and the queries are those of ``benchmarks/engines.py`` (a window count, actor +
window, a stab), written once per size with ``geotimeline.io.parquet.write`` as a dataset
partitioned by year (``--cache DIR`` keeps the datasets between runs). Each query is counted
by ``geotimeline.open(dataset)`` (DuckDB) and ``geotimeline.open(dataset, engine="spark")``
(a session started by geotimeline, ``local[2]``), interleaved in rounds in a shuffled order
(``measure.interleaved``); the ratio is the median over rounds of Spark / DuckDB, above 1
when Spark is slower. Each engine runs every query once before the clock starts (Spark's
first queries compile code; DuckDB reads the files' metadata). ``--written PATH`` compares
the engines on a dataset written already (by ``benchmarks/engines.py --dataset PATH``, which
streams the events and never holds them all) instead of the sizes of ``--events``.

``--stream`` reads the whole dataset in timeline order on Spark, the way a view's iteration
reads it, two ways: ``toArrow()`` of the ordered query, the baseline (one job, the result
whole in the driver), and ``Spark.ordered_batches`` (a first page, one job that ranks the keys
of the rest, then one job a page of ``--page`` rows, each reading its rows only). Each
read runs in a process of its own (one after the other: one Spark session at a time), which
starts the session (with a driver heap of ``--driver-memory``, 2g unless given), counts the
rows once off the clock, then reads them batch by batch without keeping them; it reports the
seconds of the read and the peak resident memory (``VmHWM``) of the Python driver and of the
JVM beside it (in ``local[2]`` the JVM holds the executors too). The ratio is the median over
rounds of pages / ``toArrow()``, each round reading both ways in a shuffled order.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from engines import QUERIES
from measure import interleaved, machine_line, ratio_of_rounds
from query import make_events

import geotimeline
from geotimeline import Timeline
from geotimeline.io import parquet


def dataset_of(count: int, seed: int, folder: Path) -> Path:
    """The dataset of ``count`` events of ``seed`` in ``folder``, written unless it is there."""
    dataset = folder / f"events-{count}-{seed}"
    if not dataset.exists():
        began = time.perf_counter()
        parquet.write(Timeline(make_events(count, random.Random(seed))), dataset)
        print(f"made and wrote {count:,} events in {time.perf_counter() - began:.1f} s")
    return dataset


def compare(dataset: Path, repeat: int) -> None:
    views = {
        "duckdb": geotimeline.open(dataset),
        "spark": geotimeline.open(dataset, engine="spark"),
    }
    print(f"{'query':<34}{'duckdb s':>10}{'spark s':>10}{'found':>9}{'spark/duckdb':>14}")
    for name, build in QUERIES.items():
        queries = {engine: build(view) for engine, view in views.items()}
        found = {engine: query.count() for engine, query in queries.items()}  # type: ignore[attr-defined]
        assert len(set(found.values())) == 1, (name, found)
        times = interleaved(
            {engine: query.count for engine, query in queries.items()},  # type: ignore[attr-defined]
            repeat,
        )
        duckdb, spark = times["duckdb"], times["spark"]
        print(f"{name:<34}{statistics.median(duckdb):>10.3f}{statistics.median(spark):>10.3f}"
              f"{found['duckdb']:>9}{ratio_of_rounds(spark, duckdb):>13.1f}x")  # fmt: skip


#: How ``--stream`` reads the rows: the baseline first.
READS = ("toArrow", "pages")


def read_in_order(dataset: Path, how: str, page: int) -> dict[str, float]:
    """Seconds and peak memory (MiB) of reading ``dataset`` in timeline order ``how``."""
    from geotimeline.engines.spark import Spark

    view = geotimeline.open(dataset, engine="spark")
    engine: Spark = view.source.engine  # type: ignore[assignment]
    table = view.source.table
    view.count()  # the session and the files' footers, off the clock
    java = engine.session.sparkContext._gateway.proc.pid
    key = list(parquet.ORDER_COLUMNS)
    began = time.perf_counter()
    if how == "toArrow":
        batches = engine.arrow_batches(table.order_by(key), page)
    else:
        batches = engine.ordered_batches(table, key, page)
    rows = sum(batch.num_rows for batch in batches)
    seconds = time.perf_counter() - began
    return {"rows": rows, "seconds": seconds, "python": _peak("self"), "java": _peak(java)}


def _peak(pid: int | str) -> float:
    """The peak resident memory of a process, in MiB (Linux's ``VmHWM``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise LookupError(f"no VmHWM for process {pid}")


def stream(dataset: Path, repeat: int, page: int, memory: str) -> None:
    results: dict[str, list[dict[str, float]]] = {how: [] for how in READS}
    # The driver's heap is set before its JVM starts; toArrow() of a million rows of the
    # layout can fail with OutOfMemoryError at Spark's default of 1g.
    environment = dict(os.environ, PYSPARK_SUBMIT_ARGS=f"--driver-memory {memory} pyspark-shell")
    for _ in range(repeat):
        for how in random.sample(READS, len(READS)):
            command = [sys.executable, __file__, "--read", how, "--page", str(page), str(dataset)]
            done = subprocess.run(command, capture_output=True, text=True, env=environment)
            if done.returncode:
                raise SystemExit(f"{how} failed:\n{done.stderr[-3000:]}")
            output = done.stdout
            results[how].append(json.loads(output.splitlines()[-1]))
    rows = {int(result["rows"]) for runs in results.values() for result in runs}
    assert len(rows) == 1, rows
    print(f"{rows.pop():,} rows in timeline order, pages of {page:,} rows, driver heap {memory}")
    print(f"{'read':<10}{'s':>10}{'python MiB':>12}{'java MiB':>10}")
    for how, runs in results.items():
        median = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
        print(
            f"{how:<10}{median['seconds']:>10.1f}{median['python']:>12.0f}{median['java']:>10.0f}"
        )
    seconds = {how: [run["seconds"] for run in runs] for how, runs in results.items()}
    print(f"pages / toArrow: {ratio_of_rounds(seconds['pages'], seconds['toArrow']):.1f}x the time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="100000,1000000")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--written", type=Path, help="compare on this dataset instead")
    parser.add_argument("--stream", action="store_true", help="time reading rows in order")
    parser.add_argument("--page", type=int, default=parquet.BATCH_SIZE)
    parser.add_argument("--driver-memory", default="2g", help="the driver's heap, for --stream")
    parser.add_argument("--read", choices=READS, help=argparse.SUPPRESS)  # one read, in a child
    parser.add_argument("dataset", nargs="?", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.read:
        print(json.dumps(read_in_order(arguments.dataset, arguments.read, arguments.page)))
        return
    print(machine_line("duckdb", "pyspark", "ibis-framework", "pyarrow"))
    print(f"load average {', '.join(f'{load:.1f}' for load in os.getloadavg())}")
    if arguments.written is not None:
        print(f"\n{arguments.written.name}")
        if arguments.stream:
            stream(arguments.written, arguments.repeat, arguments.page, arguments.driver_memory)
        else:
            compare(arguments.written, arguments.repeat)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = arguments.cache or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for count in (int(size) for size in arguments.events.split(",")):
            print(f"\n{count:,} events")
            dataset = dataset_of(count, arguments.seed, folder)
            if arguments.stream:
                stream(dataset, arguments.repeat, arguments.page, arguments.driver_memory)
            else:
                compare(dataset, arguments.repeat)


if __name__ == "__main__":
    main()
