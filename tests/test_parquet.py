"""The Parquet layout: lossless round trips, derived columns that agree with the library,
timeline order, partitioning, versioning and streaming writes."""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import (
    Event,
    FormatError,
    MissingDependencyError,
    OutOfRangeError,
    Place,
    Precision,
    SaveError,
    Timeline,
    When,
    examples,
    io,
)
from geotimeline.events import keys
from geotimeline.io import native, parquet
from geotimeline.query.by_time import precise_to
from geotimeline.time import calendar as cal
from geotimeline.time.relations import Extent
from geotimeline.timeline.timeline import _start_label as start_label

from .strategies import every_whens, rich_events, rich_timelines

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

# Each example writes files: a few dozen examples check the layout well enough.
written = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def seed() -> Timeline:
    return examples.load("seed")


def rows_of(path: Path) -> list[dict[str, Any]]:
    """Every row of a file, or of a dataset's files (each file's rows in their order)."""
    files = [path] if path.is_file() else sorted(path.rglob("*.parquet"))
    return [row for file in files for row in pq.read_table(file).to_pylist()]


def order_of(row: dict[str, Any]) -> tuple[int, int, str]:
    return (row["order_start"], row["order_end"], row["id"])


# -- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["seed.parquet", "seed"])
def test_the_seed_timeline_comes_back_equal(seed: Timeline, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    parquet.write(seed, path)
    assert path.is_file() == name.endswith(".parquet")
    back = parquet.read(path)
    assert back == seed
    assert (back.title, back.description) == (seed.title, seed.description)
    assert list(parquet.iter_events(path)) == list(seed)


@written
@given(timeline=rich_timelines(), partitioned=st.booleans())
def test_a_timeline_comes_back_equal(
    tmp_path_factory: pytest.TempPathFactory, timeline: Timeline, partitioned: bool
) -> None:
    path = tmp_path_factory.mktemp("round") / "events.parquet"
    parquet.write(timeline, path, partitioned=partitioned)
    back = parquet.read(path)
    assert back == timeline
    assert (back.title, back.description) == (timeline.title, timeline.description)
    assert list(parquet.iter_events(path)) == list(timeline)


def test_the_edge_cases_of_the_calendar_and_of_unicode_come_back(tmp_path: Path) -> None:
    timeline = Timeline(
        [
            Event(id="2014-03-18-путин", title="Путин: «Крым — наш»", when="2014-03-18"),
            Event(id="中俄", title="中俄签署联合声明", when="2017-07-04", tags=["Straße"]),
            Event(title="Y10000", when="Y10000", metadata={"deep": [{"a": [1, 2.5, None]}]}),
            Event(title="Before the epoch", when="-0044-03-15"),
            Event(title="Winter", when="2016-24~", actors=["Bashār al-Asad"]),
            Event(title="Open", when="2014-02-27/.."),
            Event(title="Unknown start", when="/2014-02"),
            Event(title="Offset", when="2017-11-11T23:30:00+05:45"),
        ],
        title="Édition spéciale",
    )
    path = tmp_path / "edges.parquet"
    parquet.write(timeline, path)
    assert parquet.read(path) == timeline


@pytest.mark.parametrize("name", ["empty.parquet", "empty"])
def test_an_empty_timeline_comes_back_with_its_title(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    parquet.write(Timeline(title="Nothing yet"), path)
    back = parquet.read(path)
    assert (len(back), back.title) == (0, "Nothing yet")


def test_io_and_timeline_save_use_the_format(seed: Timeline, tmp_path: Path) -> None:
    path = tmp_path / "seed.parquet"
    seed.save(path)
    assert io.format_for(path).name == "parquet"
    assert io.load(path) == seed == Timeline.load(path)
    calls: list[tuple[int, int]] = []
    io.save(seed, path, progress=lambda *call: calls.append(call))
    assert calls[-1] == (len(seed), len(seed))


def test_parquet_bytes_are_read_and_text_is_refused(seed: Timeline, tmp_path: Path) -> None:
    parquet.write(seed, tmp_path / "seed.parquet")
    assert parquet.loads((tmp_path / "seed.parquet").read_bytes()) == seed
    with pytest.raises(FormatError, match="Parquet is binary: expected bytes, got str"):
        parquet.loads("PAR1")
    with pytest.raises(FormatError, match="Parquet is binary"):
        parquet.dumps(seed)


# -- the derived columns ----------------------------------------------------------------------


def _earliest_or_none(when: When, name: str) -> Any:
    try:
        return getattr(when, name)
    except OutOfRangeError:
        return None


@written
@given(timeline=rich_timelines())
def test_derived_columns_are_the_librarys_own(
    tmp_path_factory: pytest.TempPathFactory, timeline: Timeline
) -> None:
    path = tmp_path_factory.mktemp("derived") / "events.parquet"
    parquet.write(timeline, path)
    rows = {row["id"]: row for row in rows_of(path)}
    years = {
        event.id: label for label, group in timeline.group_by("year").items() for event in group
    }
    months = {
        event.id: label for label, group in timeline.group_by("month").items() for event in group
    }
    for event in timeline:
        row = rows[event.id]
        assert tuple(row[name] for name in ("start_low", "start_high", "end_low", "end_high")) == (
            Extent.of(event.when)
        )
        assert order_of(row) == event.sort_key
        for name in ("earliest", "latest"):
            assert row[name] == _earliest_or_none(event.when, name)
        assert precise_to(row["precision"]).matches(event)
        assert row["precision"] == event.when.precision.name.lower()
        assert (row["year"], row["month"]) == (years[event.id], months[event.id])
        assert row["actor_keys"] == list(dict.fromkeys(map(keys.fold, event.actors)))
        assert set(row["tag_keys"]) == set(keys.INDEX_KEYS["tag"](event))
        assert row["outlet_keys"] == list(dict.fromkeys(keys.fold(s.outlet) for s in event.sources))
        assert json.loads(row["metadata"]) == native.converter.unstructure(event.metadata)
        canonical = json.dumps(
            native.unstructure_event(event),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        assert row["content_hash"] == hashlib.sha256(canonical.encode()).hexdigest()
        if event.place is None:
            assert all(row[name] is None for name in row if name.startswith("place_"))
        else:
            assert row["place_country"] == event.place.country
            assert row["place_region_key"] == (
                None if event.place.region is None else keys.fold(event.place.region)
            )


def test_folded_keys_are_the_librarys_not_sqls() -> None:
    # strip_accents(lower('Straße')) keeps the ß; the library folds it to "ss".
    row = parquet.row_of(Event(title="Talks", when="2017", tags=["Straße"], actors=["Ἀθῆναι"]))
    assert row["tag_keys"] == ["strasse"]
    assert row["actor_keys"] == [keys.fold("Ἀθῆναι")]


def test_a_label_of_a_time_with_an_offset_is_its_local_year() -> None:
    # 23:30 on New Year's Eve at +05:45 is 17:45 UTC, but the event was written in 2016.
    event = Event(title="Late", when="2016-12-31T23:30:00-05:45")
    row = parquet.row_of(event)
    assert (row["year"], row["month"]) == ("2016", "2016-12")
    assert cal.fields(row["start_low"])[0] == 2017


def test_the_content_hash_tells_changed_events_apart() -> None:
    event = Event(title="Talks", when="2017-01-23", tags=["Syria"])
    again = Event(id=event.id, title="Talks", when="2017-01-23", tags=["syria"])
    moved = Event(id=event.id, title="Talks", when="2017-01-24", tags=["syria"])
    assert parquet.content_hash(event) == parquet.content_hash(again)
    assert parquet.content_hash(event) != parquet.content_hash(moved)


# -- order and partitions ---------------------------------------------------------------------


@written
@given(timeline=rich_timelines(max_size=12), partitioned=st.booleans())
def test_rows_are_in_timeline_order_in_every_file(
    tmp_path_factory: pytest.TempPathFactory, timeline: Timeline, partitioned: bool
) -> None:
    path = tmp_path_factory.mktemp("order") / "events.parquet"
    parquet.write(timeline, path, partitioned=partitioned)
    files = [path] if path.is_file() else sorted(path.rglob("*.parquet"))
    for file in files:
        orders = [order_of(row) for row in pq.read_table(file).to_pylist()]
        assert orders == sorted(orders)
    if not partitioned:
        assert [row["id"] for row in rows_of(path)] == [event.id for event in timeline]


@written
@given(timeline=rich_timelines(max_size=12))
def test_partitions_hold_the_year_of_the_start_and_long_events_apart(
    tmp_path_factory: pytest.TempPathFactory, timeline: Timeline
) -> None:
    path = tmp_path_factory.mktemp("buckets")
    parquet.write(timeline, path / "dataset")
    seen = []
    for file in (path / "dataset").rglob("*.parquet"):
        bucket = file.parent.name.removeprefix("bucket=")
        for row in pq.read_table(file).to_pylist():
            seen.append(row["id"])
            extent = Extent.of(When.parse(row["edtf"]))
            open_ended = extent.start_low == cal.MIN_US or extent.end_high > cal.MAX_US
            long = extent.end_high - extent.start_low > parquet.LONG_SPAN_US
            if open_ended or long:
                assert bucket == parquet.LONG_BUCKET
            else:
                assert bucket == str(cal.fields(extent.start_low)[0])
    assert sorted(seen) == sorted(event.id for event in timeline)


def test_open_and_long_events_go_to_the_long_bucket(tmp_path: Path) -> None:
    timeline = Timeline(
        [
            Event(title="Talks", when="2017-01-23"),
            Event(title="Occupation", when="2014-02-27/.."),
            Event(title="War", when="2011/2019"),
            Event(title="Unknown start", when="/2015-06"),
            Event(title="Two years", when="2015/2016"),
        ]
    )
    parquet.write(timeline, tmp_path / "dataset")
    buckets = {
        row["id"]: file.parent.name
        for file in (tmp_path / "dataset").rglob("*.parquet")
        for row in pq.read_table(file, columns=["id"]).to_pylist()
    }
    assert sorted(set(buckets.values())) == ["bucket=2015", "bucket=2017", "bucket=long"]
    long_ids = sorted(key for key, bucket in buckets.items() if bucket == "bucket=long")
    assert long_ids == sorted(
        event.id for event in timeline if event.title in {"Occupation", "War", "Unknown start"}
    )


def test_events_out_of_order_are_refused_naming_the_event(seed: Timeline, tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    parquet.write(seed, path)
    before = path.read_bytes()
    backwards = list(seed)[::-1]
    with pytest.raises(FormatError, match=rf"event 2 \('{backwards[1].id}'\): comes before"):
        parquet.write(backwards, path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("engine", ["duckdb", "pyarrow"])
@written
@given(timeline=rich_timelines(max_size=12), partitioned=st.booleans(), seed=st.integers())
def test_sort_writes_events_given_in_any_order(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    engine: str,
    timeline: Timeline,
    partitioned: bool,
    seed: int,
) -> None:
    if engine == "pyarrow":
        monkeypatch.setitem(sys.modules, "duckdb", None)
    else:
        pytest.importorskip("duckdb")
    shuffled = list(timeline)
    random.Random(seed).shuffle(shuffled)
    folder = tmp_path_factory.mktemp("sorted")
    path = folder / "events.parquet"
    parquet.write(iter(shuffled), path, partitioned=partitioned, sort=True, batch_size=3)
    assert list(parquet.read(path)) == list(timeline)
    files = [path] if path.is_file() else sorted(path.rglob("*.parquet"))
    for file in files:
        assert pq.read_schema(file).remove_metadata() == parquet.SCHEMA
        orders = [order_of(row) for row in pq.read_table(file).to_pylist()]
        assert orders == sorted(orders)
    assert sorted(entry.name for entry in folder.iterdir()) == ["events.parquet"]


# -- versions and bad files -------------------------------------------------------------------


def test_the_layout_version_and_the_timeline_are_in_the_metadata(
    seed: Timeline, tmp_path: Path
) -> None:
    parquet.write(seed, tmp_path / "seed.parquet")
    metadata = pq.read_schema(tmp_path / "seed.parquet").metadata
    assert metadata[b"geotimeline.layout_version"] == parquet.LAYOUT_VERSION.encode() == b"1"
    header = json.loads(metadata[b"geotimeline.timeline"])
    assert header == {"title": seed.title, "description": seed.description}


def _rewritten(source: Path, target: Path, metadata: dict[bytes, bytes] | None) -> None:
    table = pq.read_table(source)
    pq.write_table(table.replace_schema_metadata(metadata), target)


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ({b"geotimeline.layout_version": b"2"}, "geotimeline.layout_version '2' is not supported"),
        (None, "is not a geotimeline Parquet file: its metadata has no geotimeline.layout_v"),
    ],
)
def test_a_file_of_another_version_is_refused_by_name(
    seed: Timeline, tmp_path: Path, metadata: dict[bytes, bytes] | None, message: str
) -> None:
    parquet.write(seed, tmp_path / "seed.parquet")
    _rewritten(tmp_path / "seed.parquet", tmp_path / "other.parquet", metadata)
    with pytest.raises(FormatError, match=message):
        parquet.read(tmp_path / "other.parquet")
    with pytest.raises(FormatError, match=message):
        list(parquet.iter_events(tmp_path / "other.parquet"))


def test_a_file_of_another_version_in_a_dataset_is_named(seed: Timeline, tmp_path: Path) -> None:
    parquet.write(seed, tmp_path / "dataset")
    file = tmp_path / "dataset" / "bucket=2014" / "part-0.parquet"
    _rewritten(file, file, {b"geotimeline.layout_version": b"9"})
    with pytest.raises(FormatError, match=r"bucket=2014/part-0.parquet: .*'9' is not supported"):
        parquet.read(tmp_path / "dataset")


def test_a_bad_row_is_refused_naming_its_row_and_id(seed: Timeline, tmp_path: Path) -> None:
    parquet.write(seed, tmp_path / "seed.parquet")
    table = pq.read_table(tmp_path / "seed.parquet")
    edtf = table.column("edtf").to_pylist()
    edtf[2] = "2014-13-45"
    broken = table.set_column(table.schema.get_field_index("edtf"), "edtf", pa.array(edtf))
    pq.write_table(broken, tmp_path / "broken.parquet")
    with pytest.raises(FormatError, match=rf"row 3 \('{list(seed)[2].id}'\): when"):
        parquet.read(tmp_path / "broken.parquet")


@pytest.mark.parametrize("content", [b"", b"PAR1", b"not parquet at all"])
def test_what_is_not_parquet_is_a_format_error(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "bad.parquet").write_bytes(content)
    with pytest.raises(FormatError, match="is not a Parquet file"):
        parquet.read(tmp_path / "bad.parquet")


def test_repeated_ids_across_a_dataset_are_refused(tmp_path: Path) -> None:
    parquet.write(Timeline([Event(id="talks", title="Talks", when="2017")]), tmp_path / "a")
    parquet.write(Timeline([Event(id="talks", title="Talks", when="2014")]), tmp_path / "b")
    os.rename(tmp_path / "b" / "bucket=2014", tmp_path / "a" / "bucket=2014")
    with pytest.raises(FormatError, match="talks"):
        parquet.read(tmp_path / "a")


def test_without_pyarrow_the_parquet_extra_is_named(
    seed: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingDependencyError, match=r"geotimeline\[parquet\]"):
        io.save(seed, tmp_path / "seed.parquet")
    with pytest.raises(MissingDependencyError, match=r"geotimeline\[parquet\]"):
        parquet.write(seed, tmp_path / "seed.parquet")
    assert not (tmp_path / "seed.parquet").exists()


# -- atomic and streaming writes --------------------------------------------------------------


class SourceFailedError(Exception):
    pass


def failing_after(events: list[Event], count: int, pulled: list[int]) -> Iterator[Event]:
    """The events, the first ``count`` of them, then an error; ``pulled`` counts the pulls."""
    for number, event in enumerate(events):
        pulled[0] += 1
        if number == count:
            raise SourceFailedError(number)
        yield event


@pytest.mark.parametrize("name", ["many.parquet", "many"])
@pytest.mark.parametrize("sort", [False, True])
def test_a_write_pulls_events_lazily_and_a_failure_keeps_the_previous_file(
    seed: Timeline, tmp_path: Path, name: str, sort: bool
) -> None:
    many = [Event(title=f"Event {number}", when=f"{2000 + number % 20}") for number in range(500)]
    many.sort(key=lambda event: event.sort_key)
    path = tmp_path / name
    parquet.write(seed, path)
    pulled = [0]
    with pytest.raises(SourceFailedError):
        parquet.write(failing_after(many, 120, pulled), path, batch_size=50, sort=sort)
    assert pulled[0] == 121  # not one event more than the failure
    assert parquet.read(path) == seed
    assert sorted(entry.name for entry in tmp_path.iterdir()) == [name]


def test_a_write_takes_one_batch_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ordered = sorted(
        (Event(title=f"Event {number}", when="2017") for number in range(250)),
        key=lambda event: event.sort_key,
    )
    pulled = [0]

    def counting() -> Iterator[Event]:
        for event in ordered:
            pulled[0] += 1
            yield event

    batches = []
    make_batch = parquet._record_batch

    def recording(rows: list[tuple[Any, ...]]) -> Any:
        batches.append((len(rows), pulled[0]))
        return make_batch(rows)

    monkeypatch.setattr(parquet, "_record_batch", recording)
    parquet.write(counting(), tmp_path / "events.parquet", batch_size=100)
    # Each batch is written when its last event is pulled, not once all of them are.
    assert batches == [(100, 100), (100, 200), (50, 250)]


def test_a_directory_that_holds_no_dataset_is_not_replaced(seed: Timeline, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(SaveError, match="holds no geotimeline dataset"):
        parquet.write(seed, tmp_path / "photos")
    assert (tmp_path / "photos" / "holiday.jpg").read_bytes() == b"\xff\xd8"


def test_a_dataset_is_replaced_whole(seed: Timeline, tmp_path: Path) -> None:
    parquet.write(seed, tmp_path / "dataset")
    later = Timeline([Event(title="Only this", when="1999-05")])
    parquet.write(later, tmp_path / "dataset")
    assert parquet.read(tmp_path / "dataset") == later
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["dataset"]


@given(when=every_whens())
def test_every_row_builds_its_event_again(when: When) -> None:
    event = Event(title="Any date", when=when)
    assert parquet.event_of(parquet.row_of(event)) == event


@written
@given(event=rich_events())
def test_row_of_and_event_of_are_inverse(event: Event) -> None:
    assert parquet.event_of(parquet.row_of(event)) == event


# -- the writer's rows are row_of's ------------------------------------------------------------


def batch_of_rows(events: list[Event]) -> Any:
    """The record batch of ``row_of``'s rows: what the writer's batches must equal."""
    return pa.RecordBatch.from_pylist([parquet.row_of(event) for event in events], parquet.SCHEMA)


@written
@given(events=st.lists(rich_events(), max_size=8))
def test_the_writers_batch_holds_the_rows_of_row_of(events: list[Event]) -> None:
    # The writer builds a batch column by column, from parts it remembers across events;
    # a second pass over the same events reads them from what the first remembered.
    for _ in range(2):
        rows = [parquet._row_tuple(event) for event in events]
        assert parquet._record_batch(rows).equals(batch_of_rows(events))
        buckets = [parquet.bucket_of(parquet.row_of(event)) for event in events]
        assert [row[-1] for row in rows] == buckets


@given(when=every_whens())
def test_the_labels_cut_from_the_edtf_are_the_timelines(when: When) -> None:
    labels = tuple(start_label(when, precision) for precision in (Precision.YEAR, Precision.MONTH))
    assert parquet._start_labels(when, str(when)) == labels


def test_places_equal_but_for_the_sign_of_a_zero_keep_their_own_row() -> None:
    buoys = [Place("Buoy", latitude=latitude, longitude=9.5) for latitude in (0.0, -0.0)]
    events = [Event(title="On the equator", when="2017", place=buoy) for buoy in buoys]
    rows = [parquet._row_tuple(event) for event in events]
    assert parquet._record_batch(rows).equals(batch_of_rows(events))
    assert len({row[parquet._ROW_COLUMNS.index("content_hash")] for row in rows}) == 2


@pytest.mark.parametrize("engine", ["duckdb", "pyarrow"])
def test_sort_refuses_repeated_ids_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    if engine == "pyarrow":
        monkeypatch.setitem(sys.modules, "duckdb", None)
    else:
        pytest.importorskip("duckdb")
    events = [Event(id="talks", title="Talks", when=f"{year}") for year in (2017, 2014)]
    with pytest.raises(FormatError, match="repeat the ids 'talks'"):
        parquet.write(events, tmp_path / "events", sort=True)
    assert list(tmp_path.iterdir()) == []


# -- GDELT into Parquet, on the command line --------------------------------------------------

#: 6,090 real GDELT 2.0 events, in the shared data beside the repository (see its README).
GDELT = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "gdelt" / "2017-samples.export.CSV"
)


@pytest.fixture(scope="module")
def gdelt_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real rows cut into four 15-minute files, as GDELT publishes them."""
    if not GDELT.exists():
        pytest.skip(f"the shared GDELT rows are not beside the repository ({GDELT.name})")
    folder = tmp_path_factory.mktemp("gdelt")
    lines = GDELT.read_text(encoding="utf-8").splitlines(keepends=True)
    quarter = len(lines) // 4 + 1
    for number in range(4):
        part = lines[number * quarter : (number + 1) * quarter]
        (folder / f"2017070100{number * 15:02d}00.export.CSV").write_text("".join(part))
    return folder


@pytest.fixture(scope="module")
def gdelt_timeline(gdelt_files: Path) -> Timeline:
    from geotimeline.io import gdelt

    return gdelt.load(str(gdelt_files / "*.export.CSV"))


@pytest.mark.parametrize("target", ["gdelt.parquet", "gdelt/"])
def test_convert_streams_gdelt_files_into_parquet(
    gdelt_files: Path,
    gdelt_timeline: Timeline,
    tmp_path: Path,
    target: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from geotimeline.cli import main

    output = tmp_path / target
    assert main(["convert", str(gdelt_files / "*.export.CSV"), f"{tmp_path}/{target}"]) == 0
    written = str(output).rstrip("/")
    assert capsys.readouterr().err == f"wrote 6090 events to {written} (parquet)\n"
    assert Path(written).is_dir() == target.endswith("/")
    assert parquet.read(written) == Timeline(gdelt_timeline)
    files = [output] if output.is_file() else sorted(output.rglob("*.parquet"))
    for file in files:
        orders = [order_of(row) for row in pq.read_table(file).to_pylist()]
        assert orders == sorted(orders)


def test_convert_sets_bad_gdelt_rows_aside_while_streaming(
    gdelt_files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from geotimeline.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    for file in gdelt_files.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    with (folder / "20170701000000.export.CSV").open("a", encoding="utf-8") as handle:
        handle.write("1\t2\t3\n")
    command = ["convert", str(folder), str(tmp_path / "out.parquet"), "--from", "gdelt", "-q"]
    assert main([*command, "--rejected", str(tmp_path / "rejected.csv")]) == 0
    assert "1 row rejected" in capsys.readouterr().err
    assert len(parquet.read(tmp_path / "out.parquet")) == 6090
    assert (tmp_path / "rejected.csv").read_text(encoding="utf-8").count("\n") == 2


def test_query_and_diff_read_a_dataset(
    seed: Timeline, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from geotimeline.cli import main

    parquet.write(seed, tmp_path / "dataset")
    parquet.write(seed, tmp_path / "seed.parquet")
    assert main(["query", str(tmp_path / "dataset"), "--count"]) == 0
    assert capsys.readouterr().out.strip() == str(len(seed))
    assert main(["diff", str(tmp_path / "dataset"), str(tmp_path / "seed.parquet")]) == 0
    assert main(["convert", str(tmp_path / "seed.parquet"), f"{tmp_path}/copy/", "-q"]) == 0
    assert parquet.read(tmp_path / "copy") == seed
