"""Parquet: a lossless columnar layout of events, for data too large to hold in memory.

One row per event, in timeline order (``ORDER BY order_start, order_end, id``; see
:data:`ORDER_COLUMNS`). The canonical EDTF text (column ``edtf``) is the truth for the time;
beside it are columns derived with the library's own functions, so that DuckDB, Spark or a BI
tool can filter without parsing EDTF: the four bounds of :class:`~geotimeline.relations.Extent`
as int64 microseconds, ``earliest``/``latest`` as UTC timestamps, the precision, the
``group_by`` labels ``year`` and ``month``, and names folded as the in-memory indexes fold them
(:func:`~geotimeline.events.keys.fold`). :data:`SCHEMA` lists every column; ``docs/large-data.md``
says what each one holds.

A path ending in ``.parquet`` is one file; any other path (or ``partitioned=True``) is a
directory of files partitioned hive-style by the UTC year the event may start in,
``bucket=2017/part-0.parquet``, with events longer than two years and those with an open or
unknown end in ``bucket=long`` (one such event in a row group would widen its min/max
statistics to the whole range, so that no filter on time could skip it).

>>> import pathlib, tempfile
>>> from geotimeline import examples
>>> seed = examples.load("seed")
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder, "seed.parquet")
...     write(seed, path)
...     read(path) == seed
True

Writing streams: events are taken from any iterable a batch at a time and never held all in
memory. They must come in timeline order (a :class:`~geotimeline.Timeline` does), which the
writer checks, refusing the first event out of order; with ``sort=True`` they may come in any
order, and are spilled to a temporary dataset beside the target and sorted bucket by bucket
(see :func:`write`). Reading gives back an equal timeline from the EDTF and the plain columns
alone: the derived columns are never trusted.

pyarrow is needed, installed with the ``parquet`` extra (``pip install 'geotimeline[parquet]'``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import heapq
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final

from geotimeline.errors import (
    FormatError,
    GeotimelineError,
    MissingDependencyError,
    SaveError,
    shown,
)
from geotimeline.events.event import Event, plain_metadata
from geotimeline.events.keys import fold
from geotimeline.io import Progress
from geotimeline.io._event_json import Structurer, unstructure_source, unstructure_with
from geotimeline.io._event_json import _unstructure_place as unstructure_place
from geotimeline.io.files import temporary_name, write_bytes_atomically
from geotimeline.places.place import Place
from geotimeline.time import calendar as cal
from geotimeline.time.relations import Extent
from geotimeline.time.when import Precision, Unbounded, When
from geotimeline.timeline.timeline import Timeline

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "BATCH_SIZE",
    "LAYOUT_VERSION",
    "LONG_BUCKET",
    "LONG_SPAN_US",
    "ORDER_COLUMNS",
    "PARTITION_KEY",
    "PLAIN_COLUMNS",
    "SCHEMA",
    "bucket_of",
    "content_hash",
    "dumps",
    "event_of",
    "iter_events",
    "load",
    "loads",
    "read",
    "row_of",
    "save",
    "schema",
    "write",
]

#: The version of the layout, written into every file's key-value metadata under
#: ``geotimeline.layout_version``; a file of another version is refused by name.
LAYOUT_VERSION: Final = "1"
#: The columns whose order is timeline order: ``ORDER BY order_start, order_end, id``.
ORDER_COLUMNS: Final = ("order_start", "order_end", "id")
#: Rows the writer gathers before it hands them to pyarrow as one record batch.
BATCH_SIZE: Final = 65_536
#: The partition of events too long, or too open, to sit in the bucket of one year.
LONG_BUCKET: Final = "long"
#: Events whose extent spans more than this (two years of 366 days) go to :data:`LONG_BUCKET`.
LONG_SPAN_US: Final = 2 * 366 * cal.US_PER_DAY
#: The hive partition key of a dataset's directories (``bucket=2017``).
PARTITION_KEY: Final = "bucket"

_VERSION_KEY: Final = b"geotimeline.layout_version"
_TIMELINE_KEY: Final = b"geotimeline.timeline"
# A dataset's schema and metadata, for readers and for an empty dataset (no data files).
_COMMON_METADATA: Final = "_common_metadata"
_DATA_FILE: Final = "part-0.parquet"
#: The columns an event is read back from (by :func:`event_of`); all others derive from these.
PLAIN_COLUMNS: Final = (
    "id", "edtf", "title", "summary", "actors", "tags", "place_name", "place_country",
    "place_region", "latitude", "longitude", "place_geocoded", "sources", "links", "metadata",
)  # fmt: skip
_PLAIN_COLUMNS: Final = PLAIN_COLUMNS


def _pyarrow() -> Any:
    """The pyarrow module, or a MissingDependencyError naming the ``parquet`` extra."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ModuleNotFoundError as error:
        raise MissingDependencyError("pyarrow", "parquet") from error
    return pyarrow


@functools.cache
def schema() -> pyarrow.Schema:
    """The pyarrow schema of the layout (also :data:`SCHEMA`, read on first use).

    >>> schema().field("edtf").type, schema().field("earliest").type
    (DataType(string), TimestampType(timestamp[us, tz=UTC]))

    Runtime complexity: O(1) (made once).
    """
    pa = _pyarrow()
    names = pa.list_(pa.string())
    source = pa.struct(
        [("outlet", pa.string()), ("url", pa.string()), ("published", pa.string()),
         ("quote", pa.string())]
    )  # fmt: skip
    link = pa.struct([("relation", pa.string()), ("target", pa.string())])
    moment = pa.timestamp("us", tz="UTC")
    return pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("edtf", pa.string(), nullable=False),
            *(pa.field(name, pa.int64(), nullable=False) for name in _BOUND_COLUMNS),
            pa.field("order_start", pa.int64(), nullable=False),
            pa.field("order_end", pa.int64(), nullable=False),
            ("earliest", moment),
            ("latest", moment),
            pa.field("precision", pa.string(), nullable=False),
            pa.field("year", pa.string(), nullable=False),
            pa.field("month", pa.string(), nullable=False),
            pa.field("title", pa.string(), nullable=False),
            pa.field("summary", pa.string(), nullable=False),
            ("actors", names),
            ("actor_keys", names),
            ("tags", names),
            ("tag_keys", names),
            ("place_name", pa.string()),
            ("place_country", pa.string()),
            ("place_region", pa.string()),
            ("place_region_key", pa.string()),
            ("latitude", pa.float64()),
            ("longitude", pa.float64()),
            ("place_geocoded", pa.bool_()),
            ("sources", pa.list_(source)),
            ("outlet_keys", names),
            ("links", pa.list_(link)),
            pa.field("metadata", pa.string(), nullable=False),
            pa.field("content_hash", pa.string(), nullable=False),
        ]
    )


_BOUND_COLUMNS: Final = ("start_low", "start_high", "end_low", "end_high")


#: The pyarrow schema of the layout: :func:`schema`, made when first read (through the
#: module's ``__getattr__``), so that importing this module needs no pyarrow.
SCHEMA: pyarrow.Schema


def __getattr__(name: str) -> Any:
    # SCHEMA is made on first use, so that importing this module needs no pyarrow.
    if name == "SCHEMA":
        return schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- one event, one row -----------------------------------------------------------------------


def row_of(event: Event) -> dict[str, Any]:
    """The row of ``event`` in the layout: a dict of the :data:`SCHEMA`'s columns.

    The writer makes the same rows otherwise, a batch at a time and column by column, from
    the parts that events share (dates, lists of names, places), each made once.

    >>> from geotimeline import Event
    >>> row = row_of(Event(title="Talks in Astana", when="2017-01-23/2017-01-24",
    ...                    actors=["Russia", "Türkiye"]))
    >>> row["edtf"], row["year"], row["actor_keys"], row["precision"]
    ('2017-01-23/2017-01-24', '2017', ['russia', 'turkiye'], 'day')

    Runtime complexity: O(size of the event).
    """
    time = _date_parts(event.when)[0]
    place = event.place
    row = dict(zip(_TIME_COLUMNS, time, strict=True))
    row.update(
        id=event.id,
        order_start=event.span[0],
        order_end=event.span[1],
        title=event.title,
        summary=event.summary,
        actors=list(event.actors),
        actor_keys=_keys(event.actors),
        tags=list(event.tags),
        tag_keys=_keys(event.tags),
        place_name=None if place is None else place.name,
        place_country=None if place is None else place.country,
        place_region=None if place is None else place.region,
        place_region_key=None if place is None or place.region is None else fold(place.region),
        latitude=None if place is None else place.latitude,
        longitude=None if place is None else place.longitude,
        place_geocoded=None if place is None else place.geocoded,
        sources=[_source_row(source) for source in event.sources],
        outlet_keys=_keys(tuple(source.outlet for source in event.sources)),
        links=_link_rows(event),
        metadata=_canonical_json(plain_metadata(event.metadata)) if event.metadata else "{}",
        content_hash=_hash_of(event, time[0]),
    )
    return row


#: The columns that depend on the date alone, in the order :func:`_time_columns` gives them.
_TIME_COLUMNS: Final = (
    "edtf", "start_low", "start_high", "end_low", "end_high", "earliest", "latest",
    "precision", "year", "month",
)  # fmt: skip
#: The columns that depend on the place alone, in the order :func:`_place_parts` gives them.
_PLACE_COLUMNS: Final = (
    "place_name", "place_country", "place_region", "place_region_key", "latitude", "longitude",
    "place_geocoded",
)  # fmt: skip
#: The columns of a row tuple (:func:`_row_tuple`), in its order; the bucket follows them.
_ROW_COLUMNS: Final = (
    *_TIME_COLUMNS, "id", "order_start", "order_end", "title", "summary", "actors",
    "actor_keys", "tags", "tag_keys", *_PLACE_COLUMNS, "sources", "outlet_keys", "links",
    "metadata", "content_hash",
)  # fmt: skip


@functools.lru_cache(maxsize=2**16)
def _date_parts(when: When) -> tuple[tuple[Any, ...], str, str]:
    """What a row takes from its date alone: its columns, its JSON text (for the content
    hash) and its bucket."""
    # Remembered: formatting and measuring a date costs more than the rest of the row, and
    # event data repeats its dates (GDELT has thousands of events a day). Hashing a When
    # costs a fraction of formatting it. Plain tuples of plain values, which the garbage
    # collector stops tracking, rather than objects it would walk through at every pass.
    columns = _time_columns(when)
    return columns, _json_text(columns[0]), _bucket_of_bounds(columns[1], columns[4])


def _time_columns(when: When) -> tuple[Any, ...]:
    edtf = str(when)
    year, month = _start_labels(when, edtf)
    return (
        edtf,
        *Extent.of(when),
        _earliest_us(when),
        _latest_us(when),
        _PRECISION_NAMES[when.precision],
        year,
        month,
    )


_PRECISION_NAMES: Final = {precision: precision.name.lower() for precision in Precision}


def _start_labels(when: When, edtf: str) -> tuple[str, str]:
    """The ``group_by`` labels ``year`` and ``month`` of ``when`` (what the timeline's
    ``_start_label`` gives), cut from its EDTF text: formatting the start again for each
    label cost more than the rest of the row."""
    start = when.start
    if isinstance(start, Unbounded):
        return "..", ".."
    # A moment's text holds no "/": the start's text is the EDTF's, up to the first one.
    text = edtf.partition("/")[0].rstrip("?~%")
    # The year is four digits and maybe a sign (-0044); a longer year has no month (Y10000).
    year_length = len(text) if text[0] == "Y" else 4 + (text[0] == "-")
    # A start known more coarsely than the groups is a group of its own.
    year = text if start.precision < Precision.YEAR else text[:year_length]
    month = text if start.precision < Precision.MONTH else text[: year_length + 3]
    return year, month


def _earliest_us(when: When) -> int | None:
    """:attr:`When.earliest` in microseconds, or None where a date-time cannot hold it.

    The same rule as ``When.earliest``, on integers: building a date-time for each of a
    million events would cost more than the rest of the row.
    """
    if isinstance(when.start, Unbounded):
        return _in_datetime_range(min(cal.DATETIME_MIN_US, when.latest_us))
    return _in_datetime_range(when.earliest_us)


def _latest_us(when: When) -> int | None:
    """:attr:`When.latest` in microseconds, or None where a date-time cannot hold it."""
    if isinstance(when.end, Unbounded):
        return _in_datetime_range(max(cal.DATETIME_MAX_US, when.earliest_us))
    return _in_datetime_range(when.latest_us)


def _in_datetime_range(us: int) -> int | None:
    return us if cal.DATETIME_MIN_US <= us <= cal.DATETIME_MAX_US else None


def _keys(names: tuple[str, ...]) -> list[str]:
    """The folded keys of ``names``, in their order, without repeats."""
    return list(_names_parts(names)[0])


@functools.lru_cache(maxsize=2**14)
def _names_parts(names: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """The folded keys of ``names`` (in their order, without repeats), and their JSON text."""
    # Remembered: a large timeline repeats a few lists of names millions of times.
    keys = tuple(dict.fromkeys(map(_folded_name, names)))
    return keys, _canonical_json(list(names))


@functools.lru_cache(maxsize=2**16)
def _folded_name(name: str) -> str:
    # Remembered too: folding costs microseconds a name, and the lists of a few hundred
    # names can be ordered and combined in millions of ways.
    return fold(name)


_NO_PLACE: Final = (None,) * len(_PLACE_COLUMNS)


@functools.lru_cache(maxsize=2**14)
def _place_parts(place: Place) -> tuple[tuple[Any, ...], str]:
    """The place's columns, in :data:`_PLACE_COLUMNS`' order, and its JSON text."""
    # Remembered: events of one data set share a few thousand places.
    region_key = None if place.region is None else fold(place.region)
    columns = (
        place.name, place.country, place.region, region_key, place.latitude, place.longitude,
        place.geocoded,
    )  # fmt: skip
    return columns, _canonical_json(unstructure_place(place))


def _place_of(place: Place) -> tuple[tuple[Any, ...], str]:
    # 0.0 == -0.0, so that equal places may differ in the sign of a zero, which the column
    # and the JSON keep: such a place is never remembered.
    if place.latitude == 0 or place.longitude == 0:
        return _place_parts.__wrapped__(place)
    return _place_parts(place)


def _source_row(source: Any) -> dict[str, Any]:
    published = source.published
    return {
        "outlet": source.outlet,
        "url": source.url,
        "published": None if published is None else str(published),
        "quote": source.quote,
    }


def _link_rows(event: Event) -> list[dict[str, str]]:
    return [{"relation": link.relation.value, "target": link.target} for link in event.links]


#: JSON as the layout writes it: sorted keys, no spaces, text as it is.
_canonical_json: Final = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False
).encode


#: The JSON text of a string, as :data:`_canonical_json` writes it (``ensure_ascii=False``
#: encodes strings with this very function), without the encoder's checks of the type.
_json_text: Final[Callable[[str], str]] = json.encoder.encode_basestring


def content_hash(event: Event) -> str:
    """The hex SHA-256 of the event's native JSON object, canonical (sorted keys, no spaces):
    equal events have equal hashes, so that two snapshots can be compared hash by hash.

    >>> from geotimeline import Event
    >>> content_hash(Event(title="Talks", when="2017")) == content_hash(
    ...     Event(title="Talks", when="2017", tags=[]))
    True

    Runtime complexity: O(size of the event).
    """
    return _hash_of(event, str(event.when))


def _hash_of(event: Event, date_text: str) -> str:
    text = _canonical_json(unstructure_with(event, lambda _: date_text))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _quick_hash(event: Event, date_text: str, actors: str, place: str | None, tags: str) -> str:
    """:func:`content_hash`, from the JSON texts of the parts that events share.

    The text is the one ``_canonical_json`` makes of the whole object: its members in the
    order of their sorted keys, each value encoded by the same encoder; what is left out of
    the native object (no actors, no place...) is left out here.
    """
    members = ['"actors":' + actors] if event.actors else []
    members.append('"id":' + _json_text(event.id))
    if event.links:
        members.append('"links":' + _canonical_json(_link_rows(event)))
    if event.metadata:
        members.append('"metadata":' + _canonical_json(plain_metadata(event.metadata)))
    if place is not None:
        members.append('"place":' + place)
    if event.sources:
        sources = [unstructure_source(source) for source in event.sources]
        members.append('"sources":' + _canonical_json(sources))
    if event.summary:
        members.append('"summary":' + _json_text(event.summary))
    if event.tags:
        members.append('"tags":' + tags)
    members.append('"title":' + _json_text(event.title))
    members.append('"when":' + date_text)
    return hashlib.sha256(("{" + ",".join(members) + "}").encode("utf-8")).hexdigest()


def _row_tuple(event: Event) -> tuple[Any, ...]:
    """The values of :func:`row_of` in :data:`_ROW_COLUMNS`' order, then the row's bucket.

    What events share (their date, names and place) is made once and remembered, and lists
    stay the event's tuples: the writer spends on each event little more than a tuple.
    """
    date_columns, date_text, bucket = _date_parts(event.when)
    actor_keys, actors_text = _names_parts(event.actors)
    tag_keys, tags_text = _names_parts(event.tags)
    place, place_text = (_NO_PLACE, None) if event.place is None else _place_of(event.place)
    sources, outlet_keys = _NO_SOURCES if not event.sources else _sources_parts(event)
    return (
        *date_columns,
        event.id,
        *event.span,
        event.title,
        event.summary,
        event.actors,
        actor_keys,
        event.tags,
        tag_keys,
        *place,
        sources,
        outlet_keys,
        _link_rows(event) if event.links else (),
        _canonical_json(plain_metadata(event.metadata)) if event.metadata else "{}",
        _quick_hash(event, date_text, actors_text, place_text, tags_text),
        bucket,
    )


_NO_SOURCES: Final[tuple[tuple[()], tuple[()]]] = ((), ())


def _sources_parts(event: Event) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    outlets = tuple(source.outlet for source in event.sources)
    return [_source_row(source) for source in event.sources], _names_parts(outlets)[0]


def bucket_of(row: dict[str, Any]) -> str:
    """The partition of a row: the UTC year its extent may start in, or :data:`LONG_BUCKET`
    for an event longer than :data:`LONG_SPAN_US`, or with an open or unknown end or start.

    >>> from geotimeline import Event
    >>> bucket_of(row_of(Event(title="Talks", when="2017-01-23")))
    '2017'
    >>> bucket_of(row_of(Event(title="Occupation", when="2014-02-27/..")))
    'long'

    Runtime complexity: O(1).
    """
    return _bucket_of_bounds(row["start_low"], row["end_high"])


def _bucket_of_bounds(start: int, end: int) -> str:
    if start <= cal.MIN_US or end > cal.MAX_US or end - start > LONG_SPAN_US:
        return LONG_BUCKET
    return _year_of_day(start // cal.US_PER_DAY)


@functools.lru_cache(maxsize=2**12)
def _year_of_day(day: int) -> str:
    # Remembered: the events of a data set share their days, and a day's calendar fields
    # cost more than the rest of the bucket.
    return str(cal.fields(day * cal.US_PER_DAY)[0])


def event_of(
    row: dict[str, Any], structurer: Structurer | None = None, location: str = "row"
) -> Event:
    """The event a row holds, made from its EDTF and plain columns (never from the derived
    ones), with the checks the native reader makes.

    >>> from geotimeline import Event
    >>> crimea = Event(title="Crimea annexed", when="2014-03-18", place="Crimea")
    >>> event_of(row_of(crimea)) == crimea
    True

    Raises :class:`~geotimeline.errors.FormatError` naming ``location`` and the field at fault.

    Runtime complexity: O(size of the row).
    """
    structurer = structurer or Structurer("<row>")
    raw = _raw_event(row, structurer.source, lambda: location)
    return structurer.event(raw, lambda: location)


def _raw_event(row: dict[str, Any], source: str, location: Callable[[], str]) -> dict[str, Any]:
    """The row as the native format's JSON object for the event."""
    raw: dict[str, Any] = {"id": row["id"], "title": row["title"], "when": row["edtf"]}
    if row.get("summary"):
        raw["summary"] = row["summary"]
    for name in ("actors", "tags"):
        if row.get(name):
            raw[name] = row[name]
    if row.get("place_name") is not None:
        raw["place"] = _raw_place(row)
    if row.get("sources"):
        raw["sources"] = [_without_nulls(source) for source in row["sources"]]
    if row.get("links"):
        raw["links"] = row["links"]
    metadata = row.get("metadata")
    if metadata not in (None, "{}"):
        from geotimeline.io.native import parse_json

        raw["metadata"] = parse_json(metadata, source, kind="metadata")
        if not isinstance(raw["metadata"], dict):
            raise FormatError(source, location(), "metadata: must be a JSON object")
    return raw


def _raw_place(row: dict[str, Any]) -> dict[str, Any]:
    place: dict[str, Any] = {"name": row["place_name"]}
    for field, column in (("country", "place_country"), ("region", "place_region")):
        if row.get(column) is not None:
            place[field] = row[column]
    if row.get("latitude") is not None or row.get("longitude") is not None:
        place["latitude"], place["longitude"] = row.get("latitude"), row.get("longitude")
    if row.get("place_geocoded"):
        place["geocoded"] = True
    return place


def _without_nulls(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if value is not None}


# -- writing ----------------------------------------------------------------------------------


def save(
    timeline: Timeline, path: str | os.PathLike[str], progress: Progress | None = None
) -> None:
    """Write a timeline to ``path`` (what ``io.save`` calls): :func:`write`."""
    write(timeline, path, progress=progress)


def write(
    events: Timeline | Iterable[Event],
    path: str | os.PathLike[str],
    *,
    partitioned: bool | None = None,
    sort: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> None:
    """Write events to ``path`` in the layout, streaming them a batch at a time.

    ``events`` is a timeline or any iterable of events, read once, ``batch_size`` at a time.
    ``path`` is one file when it ends in ``.parquet`` (unless it is a directory already) or
    ``partitioned`` is false, else a dataset directory partitioned by :func:`bucket_of`.

    Events must come in timeline order, as a timeline gives them: the writer checks, and
    refuses the first one out of order with a :class:`~geotimeline.errors.FormatError`. With
    ``sort=True`` they may come in any order: they are written unsorted to a temporary
    dataset beside ``path``, one directory per bucket, then each bucket is sorted (by DuckDB
    when it is installed, which sorts out of core, else by pyarrow, which holds one bucket in
    memory; a single file is one bucket) and written to its place.

    The write is atomic: a file goes through a temporary file renamed over ``path``, a
    dataset through a temporary directory renamed into place; an error part-way leaves any
    previous file or dataset as it was. A directory that holds no geotimeline dataset is
    never replaced. ``progress``, if given, is called with the events written so far (and
    their number when it is known, else the same count).

    Runtime complexity: O(n) time (O(n log n) with ``sort``); memory O(batch_size), with
    ``sort`` and no DuckDB the largest bucket.
    """
    if batch_size < 1:
        raise FormatError(os.fspath(path), None, f"batch_size must be at least 1, not {batch_size}")
    _pyarrow()
    target = os.fspath(path)
    header = _header_of(events)
    total = len(events) if isinstance(events, Timeline) else None
    counted = _counted(iter(events), total, progress, batch_size)
    as_dataset = _is_dataset_path(target, partitioned)
    if sort:
        from geotimeline.io import _parquet_sorting as sorting

        checked = _only_events(counted, target)
        batches = functools.partial(sorting.sorted_batches, checked, target, as_dataset, batch_size)
        if as_dataset:
            _replace_directory(
                target, lambda folder: sorting.write_buckets(batches(), folder, header)
            )
        else:
            _write_file(target, lambda handle: sorting.write_file(batches(), handle, header))
        return
    ordered = _in_timeline_order(counted, target)
    if as_dataset:
        _replace_directory(
            target, lambda folder: _write_dataset(ordered, folder, header, batch_size)
        )
    else:
        _write_file(target, lambda handle: _write_rows(ordered, handle, header, batch_size))


def _header_of(events: Timeline | Iterable[Event]) -> dict[bytes, bytes]:
    """The key-value metadata of every file: the layout's version, and the timeline's title
    and description."""
    timeline: dict[str, str] = {}
    if isinstance(events, Timeline):
        for name in ("title", "description"):
            value = getattr(events, name)
            if value is not None:
                timeline[name] = value
    return {
        _VERSION_KEY: LAYOUT_VERSION.encode(),
        _TIMELINE_KEY: _canonical_json(timeline).encode("utf-8"),
    }


def _is_dataset_path(target: str, partitioned: bool | None) -> bool:
    if partitioned is not None:
        return partitioned
    if os.path.isdir(target):
        return True
    return not target.lower().endswith(".parquet")


def _counted(
    events: Iterator[Event], total: int | None, progress: Progress | None, every: int
) -> Iterator[Event]:
    """``events``, calling ``progress`` every ``every`` events and at the end."""
    if progress is None:
        yield from events
        return
    done = 0
    for event in events:
        yield event
        done += 1
        if done % every == 0:
            progress(done, total if total is not None else done)
    progress(done, total if total is not None else done)


def _in_timeline_order(events: Iterator[Event], target: str) -> Iterator[Event]:
    """``events``, refusing the first that sorts before the one before it."""
    previous: tuple[int, int, str] | None = None
    for number, event in enumerate(events, 1):
        _check_event(event, number, target)
        key = event.sort_key
        if previous is not None and key < previous:
            raise FormatError(
                target,
                f"event {number} ({shown(event.id)})",
                f"comes before the event written before it ({shown(previous[2])}) in timeline "
                "order; write a Timeline, sort the events, or pass sort=True",
            )
        previous = key
        yield event


def _check_event(event: object, number: int, target: str) -> None:
    if not isinstance(event, Event):
        raise FormatError(target, f"event {number}", f"is not an Event: {shown(event)}")


def _only_events(events: Iterator[Event], target: str) -> Iterator[Event]:
    for number, event in enumerate(events, 1):
        _check_event(event, number, target)
        yield event


def _batches_of_rows(events: Iterable[Event], batch_size: int) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``events`` (as :func:`_row_tuple` makes them), ``batch_size`` at a time."""
    batch: list[tuple[Any, ...]] = []
    for event in events:
        batch.append(_row_tuple(event))
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _record_batch(rows: list[tuple[Any, ...]]) -> Any:
    """The rows as a record batch of the layout: each column converted by pyarrow at once."""
    pa = _pyarrow()
    layout = schema()
    values = zip(*rows, strict=False) if rows else [()] * len(_ROW_COLUMNS)
    # Each row ends with its bucket, which is no column: zip leaves it out.
    columns = dict(zip(_ROW_COLUMNS, values, strict=False))
    arrays = [pa.array(columns[field.name], type=field.type) for field in layout]
    return pa.RecordBatch.from_arrays(arrays, schema=layout)


def _writer(where: str | BinaryIO, header: dict[bytes, bytes]) -> Any:
    pa = _pyarrow()
    return pa.parquet.ParquetWriter(
        where, schema().with_metadata(header), compression="zstd", write_statistics=True
    )


def _write_file(target: str, produce: Callable[[BinaryIO], None]) -> None:
    write_bytes_atomically(target, produce)


def _write_rows(
    events: Iterable[Event], handle: BinaryIO, header: dict[bytes, bytes], batch_size: int
) -> None:
    with _writer(handle, header) as writer:
        for rows in _batches_of_rows(events, batch_size):
            writer.write_batch(_record_batch(rows), row_group_size=batch_size)


def _write_dataset(
    events: Iterable[Event], folder: str, header: dict[bytes, bytes], batch_size: int
) -> None:
    """Events in timeline order into a dataset, each bucket a file in timeline order.

    One batch of rows is gathered at a time, whatever the buckets: memory stays bounded by
    the batch, not by the number of buckets open.
    """
    _write_common_metadata(folder, header)
    with contextlib.ExitStack() as stack:
        writers: dict[str, Any] = {}
        for rows in _batches_of_rows(events, batch_size):
            for bucket, members in _by_bucket(rows).items():
                writer = writers.get(bucket)
                if writer is None:
                    writer = stack.enter_context(_writer(_bucket_file(folder, bucket), header))
                    writers[bucket] = writer
                writer.write_batch(_record_batch(members))


def _by_bucket(rows: list[tuple[Any, ...]]) -> dict[str, list[tuple[Any, ...]]]:
    buckets: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        buckets.setdefault(row[-1], []).append(row)
    return buckets


def _bucket_file(folder: str, bucket: str) -> str:
    directory = os.path.join(folder, f"{PARTITION_KEY}={bucket}")
    os.makedirs(directory, exist_ok=True)
    return os.path.join(directory, _DATA_FILE)


def _write_common_metadata(folder: str, header: dict[bytes, bytes]) -> None:
    _pyarrow().parquet.write_metadata(
        schema().with_metadata(header), os.path.join(folder, _COMMON_METADATA)
    )


# -- replacing a dataset directory -------------------------------------------------------------


def _temporary_directory(target: str, purpose: str) -> str:
    folder, name = os.path.split(os.path.abspath(target))
    return tempfile.mkdtemp(prefix=f".{name}.{purpose}.", suffix=".tmp", dir=folder or ".")


def _replace_directory(target: str, build: Callable[[str], None]) -> None:
    """Build a dataset in a temporary directory beside ``target``, then rename it into place.

    The previous dataset is renamed aside first and removed once the new one is in place
    (a directory cannot be renamed over a full one): a crash between the two renames leaves
    it under the temporary name, never lost.
    """
    _check_replaceable(target)
    try:
        building = _temporary_directory(target, "new")
    except OSError as error:
        raise SaveError(target, error.strerror or str(error), error.errno) from error
    try:
        build(building)
        if os.path.lexists(target):
            aside = temporary_name(target, "old")
            os.rename(target, aside)
            os.rename(building, target)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.rename(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def _check_replaceable(target: str) -> None:
    if not os.path.lexists(target):
        return
    if not os.path.isdir(target) or os.path.islink(target):
        raise SaveError(target, "is not a directory; a Parquet dataset is written as one")
    if os.listdir(target) and not os.path.isfile(os.path.join(target, _COMMON_METADATA)):
        raise SaveError(
            target,
            "is a directory that holds no geotimeline dataset (no _common_metadata), and "
            "writing would replace it; choose another name",
        )


# -- reading ----------------------------------------------------------------------------------


def load(path: str | os.PathLike[str], progress: Progress | None = None) -> Timeline:
    """Read a timeline from a Parquet file or dataset (what ``io.load`` calls): :func:`read`."""
    return read(path, progress=progress)


def read(path: str | os.PathLike[str], progress: Progress | None = None) -> Timeline:
    """The timeline a Parquet file or dataset holds, equal to the one written.

    Events are made from the EDTF and the plain columns (never the derived ones), with the
    checks the native reader makes. ``progress``, if given, is called with the bytes of the
    files read so far and their size.

    Raises :class:`~geotimeline.errors.FormatError` naming the file and the row at fault, and
    for a file of a layout version other than :data:`LAYOUT_VERSION`.

    Runtime complexity: O(n log n) time (O(n) for a file in timeline order); memory for the
    events, plus one batch of rows.
    """
    source = os.fspath(path)
    header = _timeline_header(source)
    events = list(_events_of_files(_data_files(source), source, progress))
    return _timeline_of(events, header, source)


def _timeline_of(events: list[Event], header: dict[str, Any], source: str) -> Timeline:
    try:
        return Timeline(events, title=header.get("title"), description=header.get("description"))
    except GeotimelineError as error:
        raise FormatError(source, "events", str(error)) from None


def loads(data: str | bytes, source: str = "<bytes>") -> Timeline:
    """The timeline in the bytes of a Parquet file (from standard input, or a pipe).

    Parquet is binary: text is refused with a :class:`~geotimeline.errors.FormatError`.

    Runtime complexity: O(n log n), as :func:`read`.
    """
    if not isinstance(data, bytes | bytearray):
        reason = f"Parquet is binary: expected bytes, got {type(data).__name__}"
        raise FormatError(source, None, reason)
    pa = _pyarrow()
    buffer = pa.py_buffer(bytes(data))
    header = _header_of_file(pa.BufferReader(buffer), source)
    structurer = Structurer(source)
    events = list(_events_of_file(pa.BufferReader(buffer), source, structurer, None))
    return _timeline_of(events, header, source)


def dumps(timeline: Timeline) -> str:
    """Refused: Parquet is binary, and goes to a file (:func:`write`), never to text."""
    raise FormatError("<output>", None, "Parquet is binary: write it to a file, not to text")


def iter_events(path: str | os.PathLike[str]) -> Iterator[Event]:
    """The events of a Parquet file or dataset one at a time, in timeline order, holding one
    batch of rows per file: for data larger than memory.

    The files of a dataset (each in timeline order, as written) are merged as they are read.
    Ids are not checked for repeats, which would hold every id in memory: :func:`read` does.

    Runtime complexity: O(n log f) for f files; memory O(f batches).
    """
    source = os.fspath(path)
    _timeline_header(source)
    files = _data_files(source)
    if len(files) == 1:
        return _events_of_file(files[0], source, Structurer(source), None)
    each = [_events_of_file(file, source, Structurer(source), None) for file in files]
    return heapq.merge(*each, key=_event_order)


def _event_order(event: Event) -> tuple[int, int, str]:
    return event.sort_key


def _data_files(source: str) -> list[str]:
    if not os.path.isdir(source):
        if not os.path.exists(source):
            raise FormatError(source, None, "cannot be read: no such file or directory")
        return [source]
    return sorted(
        str(file)
        for file in Path(source).rglob("*.parquet")
        if not any(part.startswith((".", "_")) for part in file.relative_to(source).parts)
    )


def _timeline_header(source: str) -> dict[str, Any]:
    """The timeline's title and description, from the file's metadata or the dataset's,
    refusing a layout version other than ours."""
    if os.path.isdir(source):
        common = os.path.join(source, _COMMON_METADATA)
        files = [common] if os.path.isfile(common) else _data_files(source)[:1]
        if not files:
            raise FormatError(source, None, "holds no Parquet files, and no _common_metadata")
        return _header_of_file(files[0], source)
    return _header_of_file(source, source)


def _header_of_file(file: Any, source: str) -> dict[str, Any]:
    pa = _pyarrow()
    try:
        metadata = pa.parquet.read_schema(file).metadata or {}
    except (OSError, pa.ArrowException) as error:
        raise FormatError(source, _where(file, source), f"is not a Parquet file: {error}") from None
    _check_version(metadata, file, source)
    try:
        header = json.loads(metadata.get(_TIMELINE_KEY, b"{}").decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict) or not all(
        isinstance(header.get(name, ""), str) for name in ("title", "description")
    ):
        reason = "holds no timeline's title and description as JSON text"
        raise FormatError(source, _TIMELINE_KEY.decode(), reason)
    return header


def _check_version(metadata: dict[bytes, bytes], file: Any, source: str) -> None:
    version = metadata.get(_VERSION_KEY)
    where = _where(file, source)
    if version is None:
        reason = f"is not a geotimeline Parquet file: its metadata has no {_VERSION_KEY.decode()}"
        raise FormatError(source, where, reason)
    if version != LAYOUT_VERSION.encode():
        text = version.decode("utf-8", "replace")
        raise FormatError(
            source,
            where,
            f"{_VERSION_KEY.decode()} {shown(text)} is not supported (only {LAYOUT_VERSION})",
        )


def _where(file: Any, source: str) -> str | None:
    """Where in ``source`` a file is: its path inside a dataset, or None for the file itself
    (or bytes)."""
    return os.path.relpath(file, source) if isinstance(file, str) and file != source else None


def _events_of_files(files: list[str], source: str, progress: Progress | None) -> Iterator[Event]:
    sizes = [os.path.getsize(file) for file in files]
    total, done = sum(sizes), 0
    structurer = Structurer(source)
    for file, size in zip(files, sizes, strict=True):
        report = None
        if progress is not None:
            report = functools.partial(_report_part, progress, done, size, total)
        yield from _events_of_file(file, source, structurer, report)
        done += size
    if progress is not None:
        progress(total, total)


def _report_part(progress: Progress, before: int, size: int, total: int, share: float) -> None:
    progress(before + int(size * share), total)


def _events_of_file(
    file: Any, source: str, structurer: Structurer, report: Callable[[float], None] | None
) -> Iterator[Event]:
    pa = _pyarrow()
    where = _where(file, source)
    try:
        parquet = pa.parquet.ParquetFile(file)
    except (OSError, pa.ArrowException) as error:
        raise FormatError(source, where, f"is not a Parquet file: {error}") from None
    with parquet:
        _check_version(parquet.schema_arrow.metadata or {}, file, source)
        _check_columns(parquet.schema_arrow, source, where)
        rows = parquet.metadata.num_rows
        number = 0
        for batch in parquet.iter_batches(batch_size=BATCH_SIZE, columns=list(_PLAIN_COLUMNS)):
            for row in batch.to_pylist():
                number += 1
                # The location is made only for an error: most rows have none.
                location = functools.partial(_row_location, where, number, row)
                yield structurer.event(_raw_event(row, source, location), location)
            if report is not None and rows:
                report(number / rows)


def _row_location(where: str | None, number: int, row: dict[str, Any]) -> str:
    event_id = row.get("id")
    named = f" ({shown(event_id)})" if isinstance(event_id, str) else ""
    return f"{where + ', ' if where else ''}row {number}{named}"


def _check_columns(found: Any, source: str, where: str | None) -> None:
    missing = [name for name in _PLAIN_COLUMNS if name not in found.names]
    if missing:
        raise FormatError(source, where, f"lacks the columns {', '.join(missing)}")
