"""Spark ``local[2]`` against DuckDB, the baseline: the same view queries on the same files.

Run: ``python benchmarks/spark.py [--events 100000,1000000] [--repeat 5] [--seed 2017]``

The events and the queries are those of ``benchmarks/engines.py`` (a window count, actor +
window, a stab), written once per size with ``geotimeline.io.parquet.write`` as a dataset
partitioned by year (``--cache DIR`` keeps the datasets between runs). Each query is counted
by ``geotimeline.open(dataset)`` (DuckDB) and ``geotimeline.open(dataset, engine="spark")``
(a session started by geotimeline, ``local[2]``), interleaved in rounds in a shuffled order
(``measure.interleaved``); the ratio is the median over rounds of Spark / DuckDB, above 1
when Spark is slower. Each engine runs every query once before the clock starts (Spark's
first queries compile code; DuckDB reads the files' metadata). ``--dataset PATH`` compares
the engines on a dataset written already (by ``benchmarks/engines.py --dataset PATH``, which
streams the events and never holds them all) instead of the sizes of ``--events``.
"""

from __future__ import annotations

import argparse
import random
import statistics
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="100000,1000000")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--dataset", type=Path, help="compare on this dataset instead")
    arguments = parser.parse_args()
    print(machine_line("duckdb", "pyspark", "ibis-framework", "pyarrow"))
    if arguments.dataset is not None:
        print(f"\n{arguments.dataset.name}")
        compare(arguments.dataset, arguments.repeat)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = arguments.cache or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for count in (int(size) for size in arguments.events.split(",")):
            print(f"\n{count:,} events")
            compare(dataset_of(count, arguments.seed, folder), arguments.repeat)


if __name__ == "__main__":
    main()
