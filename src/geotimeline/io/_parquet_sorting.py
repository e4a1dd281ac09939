"""Writing events that come in any order to Parquet: ``geotimeline.io.parquet.write(...,
sort=True)``.

The events are written unsorted, a batch at a time, to a temporary directory beside the
target (a file per bucket and batch), so that the whole of them is never in memory. Each
bucket is then read back in timeline order and written to its place: by DuckDB where it is
installed, which sorts out of core within :data:`SORT_MEMORY` and spills the rest to disk; else
by pyarrow, which holds one bucket at a time in memory. A single file is one bucket.

Ids must be unique across what is written, as in a timeline: they are checked once every
event is spilled (by DuckDB, or pyarrow holding the ids alone), and repeats refused by name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from typing import Any, BinaryIO, Final

from geotimeline.errors import FormatError, shown
from geotimeline.events.event import Event
from geotimeline.io.parquet import (
    LONG_BUCKET,
    ORDER_COLUMNS,
    _batches_of_rows,
    _bucket_file,
    _by_bucket,
    _pyarrow,
    _record_batch,
    _temporary_directory,
    _write_common_metadata,
    _writer,
    schema,
)

__all__ = ["SORT_MEMORY", "sorted_batches", "write_buckets", "write_file"]

#: What DuckDB may use while it sorts a bucket; beyond it, it spills to disk itself.
SORT_MEMORY: Final = "1GB"
# The bucket of a single file: it holds every event.
_ALL: Final = "all"
# How many repeated ids an error names.
_IDS_SHOWN: Final = 3


def sorted_batches(
    events: Iterator[Event], target: str, as_dataset: bool, batch_size: int
) -> Iterator[tuple[str, Any]]:
    """The events as record batches in timeline order, bucket after bucket, each with its
    bucket, after spilling them unsorted beside ``target``.

    Runtime complexity: O(n log n); memory O(batch_size), or the largest bucket without
    DuckDB.
    """
    spill = _temporary_directory(target, "spill")
    try:
        buckets = _spill(events, spill, batch_size, one_bucket=not as_dataset)
        _check_unique_ids([file for files in buckets.values() for file in files], target)
        for bucket in sorted(buckets, key=_bucket_order):
            for batch in _sorted_bucket(buckets[bucket], spill, batch_size):
                yield bucket, batch
    finally:
        shutil.rmtree(spill, ignore_errors=True)


def write_buckets(
    batches: Iterator[tuple[str, Any]], folder: str, header: dict[bytes, bytes]
) -> None:
    """Write sorted batches into a dataset directory, a file per bucket."""
    _write_common_metadata(folder, header)
    with contextlib.ExitStack() as stack:
        writers: dict[str, Any] = {}
        for bucket, batch in batches:
            writer = writers.get(bucket)
            if writer is None:
                writer = stack.enter_context(_writer(_bucket_file(folder, bucket), header))
                writers[bucket] = writer
            writer.write_batch(batch)


def write_file(
    batches: Iterator[tuple[str, Any]], handle: BinaryIO, header: dict[bytes, bytes]
) -> None:
    """Write sorted batches into one file."""
    with _writer(handle, header) as writer:
        for _, batch in batches:
            writer.write_batch(batch)


def _spill(
    events: Iterator[Event], folder: str, batch_size: int, one_bucket: bool
) -> dict[str, list[str]]:
    """Write ``events`` unsorted into ``folder``, a file per bucket and batch; the files of
    each bucket."""
    pa = _pyarrow()
    files: dict[str, list[str]] = {}
    for number, rows in enumerate(_batches_of_rows(events, batch_size)):
        grouped = {_ALL: rows} if one_bucket else _by_bucket(rows)
        for bucket, members in grouped.items():
            path = os.path.join(folder, f"{bucket}-{number}.parquet")
            pa.parquet.write_table(pa.Table.from_batches([_record_batch(members)]), path)
            files.setdefault(bucket, []).append(path)
    return files


def _bucket_order(bucket: str) -> tuple[int, int]:
    return (1, 0) if bucket in (LONG_BUCKET, _ALL) else (0, int(bucket))


def _check_unique_ids(files: list[str], target: str) -> None:
    if not files:
        return
    repeated, count = _repeated_ids(files)
    if count:
        more = f" and {count - len(repeated)} more" if count > len(repeated) else ""
        raise FormatError(
            target,
            None,
            f"events repeat the ids {', '.join(map(shown, repeated))}{more}: a timeline "
            "holds each id once",
        )


def _repeated_ids(files: list[str]) -> tuple[list[str], int]:
    """A few of the ids given more than once, and how many are."""
    if not _has_duckdb():
        return _repeated_ids_by_pyarrow(files)
    with _connection(os.path.dirname(files[0])) as connection:
        query = "SELECT id FROM read_parquet($files) GROUP BY id HAVING count(*) > 1 ORDER BY id"
        ids = [row[0] for row in connection.sql(query, params={"files": files}).fetchall()]
    return ids[:_IDS_SHOWN], len(ids)


def _repeated_ids_by_pyarrow(files: list[str]) -> tuple[list[str], int]:
    pa = _pyarrow()
    columns = [pa.parquet.read_table(file, columns=["id"])["id"] for file in files]
    ids = pa.chunked_array([chunk for column in columns for chunk in column.chunks])
    counts = ids.value_counts()
    repeated = sorted(item["values"].as_py() for item in counts if item["counts"].as_py() > 1)
    return repeated[:_IDS_SHOWN], len(repeated)


def _has_duckdb() -> bool:
    try:
        import duckdb  # noqa: F401 (only whether it is installed)
    except ModuleNotFoundError:
        return False
    return True


@contextlib.contextmanager
def _connection(spill: str) -> Iterator[Any]:
    import duckdb

    connection = duckdb.connect(config={"memory_limit": SORT_MEMORY, "threads": 2})
    try:
        connection.execute("SET temp_directory = ?", [os.path.join(spill, "duckdb")])
        connection.execute("SET TimeZone = 'UTC'")
        yield connection
    finally:
        connection.close()


def _sorted_bucket(files: list[str], spill: str, batch_size: int) -> Iterator[Any]:
    """The rows of ``files`` as record batches in timeline order, of the layout's schema."""
    if not _has_duckdb():
        yield from _sorted_by_pyarrow(files, batch_size)
        return
    with _connection(spill) as connection:
        order = ", ".join(ORDER_COLUMNS)
        query = f"SELECT * FROM read_parquet($files) ORDER BY {order}"
        for batch in connection.sql(query, params={"files": files}).to_arrow_reader(batch_size):
            yield _conformed(batch)


def _sorted_by_pyarrow(files: list[str], batch_size: int) -> Iterator[Any]:
    pa = _pyarrow()
    table = pa.concat_tables([pa.parquet.read_table(file, schema=schema()) for file in files])
    ordered = table.sort_by([(name, "ascending") for name in ORDER_COLUMNS])
    del table
    yield from ordered.to_batches(max_chunksize=batch_size)


def _conformed(batch: Any) -> Any:
    """A batch from DuckDB with the layout's exact types (its strings, time zone and nulls)."""
    pa = _pyarrow()
    return pa.Table.from_batches([batch]).cast(schema()).to_batches()[0]
