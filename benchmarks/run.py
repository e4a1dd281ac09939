"""geotimeline against the tools users would pick instead, side by side in one process.

Run: ``python benchmarks/run.py [--sizes 10000,100000,1000000] [--only parse,build,...]``

Every operation runs on the same synthetic timeline (``synthetic.py``: precisions from the
year to the second, about 10% long intervals, actors and countries of skewed popularity, all
from ``--seed``). Where an operation has peers, ours and theirs are timed in the same
``--repeat`` rounds (three at most for diff, native and pandas), in an order shuffled each
round, with garbage collected before each and the cycle collector paused while it runs, the
same for all (``measure.interleaved``). The table gives each one's median time and the median
of the rounds' ratios ours / baseline (below 1: faster); the targets at the end say PASS or
MISS at a million events (``JUDGED_SIZE``, where issue 20 sets them) and "info" at other
sizes; a note after each operation says how long it took. Only ratios measured in one
process mean anything: absolute times depend on the machine and on what else it runs. The
columnar peers (polars, pyarrow compute, DuckDB, numpy; see ``peers.py``) hold the same events
as tables, ``earliest``/``latest`` as int64 microseconds.

Operations (``--only`` takes their names):

- ``parse``: 100,000 date strings at most (EDTF levels 0 and 1), against ``edtf.parse_edtf``
  (a sample, timed per string), and plain ISO dates against ``pendulum.parse`` and a bare
  regular expression with ``int()`` of its groups (the floor); the strings are the same at
  every size from 100,000 on, so they are parsed once, at the run's largest size;
- ``build``: a ``Timeline`` from ready events, against sorting (key, event) tuples and against
  building a pandas DataFrame of the same columns and sorting it;
- ``window``: the events that start in a window holding about 10 of them
  (``timeline[low:high]``), against ``bisect`` on a plain sorted list (the limit), pandas
  and numpy ``searchsorted`` on a sorted column, a pandas boolean mask, polars, pyarrow and
  DuckDB;
- ``stab``: what was going on on a day (``Timeline.at``, long intervals included), against a
  numpy mask, polars, pyarrow and DuckDB, and ``intervaltree`` on a sample
  (``INTERVALTREE_SAMPLE`` events, beside a timeline of the same sample);
- ``actor``: one actor in a window, about 1% of the events (``query().involving().between()``),
  against a pandas mask on a table of one row per (event, actor), a linear scan, polars and
  DuckDB (``list_contains`` on the actors' lists);
- ``insert``: 10,000 single ``Timeline.add`` calls into the full timeline, against
  ``SortedKeyList.add``;
- ``diff``: two timelines that differ in 1% of their events, against pandas ``merge`` and a
  column-by-column comparison, and the joins of DuckDB, polars and pyarrow;
- ``native``: ``Timeline.save`` and ``Timeline.load`` in the native JSON format, against
  ``json.dump`` of the ready document to a file and ``json.load`` of our file, and loading a
  Parquet file of the peers' columns with pyarrow, polars and DuckDB;
- ``pandas``: ``Timeline.to_pandas`` against a DataFrame of the same columns from plain lists
  and pyarrow's ``Table.to_pandas``; ``Timeline.from_pandas`` against ``Timeline.load``;
- ``memory``: bytes per event of a timeline with every index built, built from date text and
  loaded from its native file, the events' ids and titles counted apart (tracemalloc; the
  code of ``memory.py``).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import functools
import json
import operator
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
from measure import (
    interleaved,
    machine_line,
    median_time,
    peak_bytes,
    per_item,
    ratio_of_rounds,
    versions,
)
from memory import TARGET as MEMORY_TARGET
from memory import footprints, warm_up
from peers import THREADS, Peers, diffs, ids_of, parquet_loads
from query import single_adds
from sortedcontainers import SortedKeyList
from synthetic import ACTORS, date_texts, make_events, plain_iso_dates

from geotimeline import Event, Moment, Timeline, When
from geotimeline.io import native

_sort_key = operator.attrgetter("span", "id")
OPERATIONS = (
    "parse", "build", "window", "stab", "actor", "insert", "diff", "native", "pandas", "memory",
)  # fmt: skip
PARSE_COUNT = 100_000
INSERTS = 10_000


@attrs.frozen
class Row:
    """One line of the table: an implementation's median time for one operation and size."""

    operation: str
    size: int
    name: str
    seconds: float
    unit: str  # what the time is for: "per string", "per query", "total"
    ours: bool = False
    #: For a baseline, the row of geotimeline's that it is compared with.
    against: Row | None = None
    #: For a baseline timed in rounds with ours, the median of the rounds' ratios.
    measured: float | None = None

    @property
    def ratio(self) -> float | None:
        """Ours / this baseline, below 1 when geotimeline is faster."""
        if self.measured is not None:
            return self.measured
        return None if self.against is None else self.against.seconds / self.seconds


@attrs.frozen
class Target:
    """A goal: ours / baseline at most ``limit`` (a speed-up of 1000x is a limit of 0.001)."""

    size: int
    text: str
    ratio: float
    limit: float

    @property
    def passed(self) -> bool:
        return self.ratio <= self.limit

    @property
    def judged(self) -> bool:
        """Whether the goal holds at this size: issue 20 sets them at a million events, and
        smaller sizes are shown to see how a ratio moves with the size."""
        return self.size == JUDGED_SIZE


@attrs.define
class Report:
    rows: list[Row] = attrs.Factory(list)
    targets: list[Target] = attrs.Factory(list)
    notes: list[str] = attrs.Factory(list)

    def ours(self, operation: str, size: int, name: str, seconds: float, unit: str) -> Row:
        """Record a time of geotimeline's."""
        return self._add(Row(operation, size, name, seconds, unit, ours=True))

    def peer(
        self, operation: str, size: int, name: str, seconds: float, unit: str, against: Row
    ) -> Row:
        """Record a baseline's time, compared with geotimeline's row ``against``."""
        return self._add(Row(operation, size, name, seconds, unit, against=against))

    def compare(
        self,
        operation: str,
        size: int,
        ours: tuple[str, Callable[[], object], int],
        peers: Sequence[tuple[str, Callable[[], object], int]],
        unit: str,
        rounds: int,
    ) -> tuple[Row, dict[str, Row]]:
        """Time ours and its peers interleaved in shuffled rounds (see ``measure.interleaved``)
        and record each: its median time, and for a peer the median of the rounds' ratios.

        Each implementation is (name, action, items): ``action`` runs ``items`` queries, and
        times are given per item.
        """
        implementations = {name: action for name, action, _ in (ours, *peers)}
        items = {name: count for name, _, count in (ours, *peers)}
        times = interleaved(implementations, rounds)
        per_item = {name: [seconds / items[name] for seconds in times[name]] for name in times}
        ours_name = ours[0]
        ours_row = self.ours(
            operation, size, ours_name, statistics.median(per_item[ours_name]), unit
        )
        rows = {}
        for name, _, _ in peers:
            ratio = ratio_of_rounds(per_item[ours_name], per_item[name])
            seconds = statistics.median(per_item[name])
            rows[name] = self._add(
                Row(operation, size, name, seconds, unit, against=ours_row, measured=ratio)
            )
        return ours_row, rows

    def target(self, size: int, text: str, baseline: Row, limit: float) -> None:
        """A goal on the ratio of ``baseline`` (ours / baseline at most ``limit``)."""
        assert baseline.ratio is not None
        self.targets.append(Target(size, text, baseline.ratio, limit))

    def _add(self, row: Row) -> Row:
        self.rows.append(row)
        ratio = "" if row.ratio is None else f"{row.ratio:>14.3g}"
        print(f"  {row.operation:<8}{row.size:>10,}  {row.name:<46}{_format_time(row)}{ratio}")
        return row

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}")


# -- showing times ---------------------------------------------------------------------------


def _format_time(row: Row) -> str:
    seconds = row.seconds
    if seconds >= 1:
        shown = f"{seconds:.2f} s"
    elif seconds >= 1e-3:
        shown = f"{seconds * 1e3:.2f} ms"
    else:
        shown = f"{seconds * 1e6:.2f} µs"
    return f"{shown:>12} {row.unit}"


# -- the operations --------------------------------------------------------------------------


@attrs.define
class Data:
    """What every operation of one size shares: the texts, the events and the timeline."""

    size: int
    seed: int
    texts: list[str]
    events: list[Event]
    timeline: Timeline
    #: The same events as tables of the columnar peers, made when first needed.
    peers: Peers | None = None

    @classmethod
    def make(cls, size: int, seed: int) -> Data:
        texts = date_texts(size, seed)
        events = make_events(size, seed, texts)
        return cls(size, seed, texts, events, Timeline(events))


def bench_parse(data: Data, report: Report, repeat: int, edtf_sample: int) -> None:
    count, size = min(data.size, PARSE_COUNT), data.size
    mix, plain = date_texts(count, data.seed), plain_iso_dates(count, data.seed)
    ours_mix = report.ours(
        "parse",
        size,
        f"When.parse, EDTF mix ({count:,})",
        per_item(When.parse, mix, repeat),
        "per string",
    )
    try:
        import edtf
    except ImportError:
        report.note("python-edtf is not installed (pip install edtf): its row is left out")
    else:
        sample = mix[:edtf_sample]
        edtf_row = report.peer(
            "parse",
            size,
            f"edtf.parse_edtf, EDTF mix ({len(sample):,})",
            per_item(edtf.parse_edtf, sample, 1),
            "per string",
            ours_mix,
        )
        report.target(size, "parse EDTF ≥1000x faster than python-edtf", edtf_row, 1e-3)
    ours_plain = report.ours(
        "parse",
        size,
        f"When.parse, plain ISO dates ({count:,})",
        per_item(When.parse, plain, repeat),
        "per string",
    )
    import pendulum

    pendulum_row = report.peer(
        "parse",
        size,
        "pendulum.parse, plain ISO dates",
        per_item(pendulum.parse, plain, repeat),
        "per string",
        ours_plain,
    )
    floor_row = report.peer(
        "parse",
        size,
        "regex + int(), plain ISO dates (floor)",
        per_item(_regex_floor, plain, repeat),
        "per string",
        ours_plain,
    )
    report.target(size, "parse ISO faster than pendulum.parse", pendulum_row, 1.0)
    report.target(size, "parse ISO within 5x of the regex floor", floor_row, 5.0)
    # Every string distinct and nothing cached: the worst case for the shared dates.
    distinct = list(dict.fromkeys(plain_iso_dates(3 * count, data.seed + 1)))[:count]
    cold = report.ours(
        "parse",
        size,
        f"When.parse, {len(distinct):,} distinct ISO dates, cold",
        _cold_parse(distinct, repeat),
        "per string",
    )
    cold_floor = report.peer(
        "parse",
        size,
        "regex + int(), the same distinct dates",
        per_item(_regex_floor, distinct, repeat),
        "per string",
        cold,
    )
    report.target(size, "parse distinct ISO, cold, within 5x of the floor", cold_floor, 5.0)


def _cold_parse(texts: list[str], repeat: int) -> float:
    """Per string, parsing each of ``texts`` once with no date cached (the worst case).

    Measured with a cache of its own, empty at each round, in place of the shared one, which
    is put back untouched: clearing that one would leave the dates of the timelines made
    before this step unshared with those made after it, and the steps that compare two
    timelines (diff) would measure this step's side effect.
    """
    from geotimeline.time import when as when_module

    shared = when_module._plain_when
    uncached = shared.__wrapped__
    maxsize = shared.cache_parameters()["maxsize"]

    def run_all() -> None:
        when_module._plain_when = functools.lru_cache(maxsize=maxsize)(uncached)
        for text in texts:
            When.parse(text)

    try:
        seconds = median_time(run_all, repeat) / len(texts)
    finally:
        when_module._plain_when = shared
    return seconds


_FLOOR = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _regex_floor(text: str) -> tuple[int, int, int]:
    match = _FLOOR.fullmatch(text)
    assert match is not None
    return int(match[1]), int(match[2]), int(match[3])


def bench_build(data: Data, report: Report, repeat: int) -> None:
    events, size = data.events, data.size
    ours = report.ours(
        "build", size, "Timeline(events)", median_time(lambda: Timeline(events), repeat), "total"
    )

    def tuples() -> list[tuple[tuple[int, int, str], Event]]:
        return sorted(((event.span, event.id), event) for event in events)

    tuples_row = report.peer(
        "build", size, "sorted((key, event) for ...)", median_time(tuples, repeat), "total", ours
    )
    report.target(size, "build within 2x of sorting (key, event) tuples", tuples_row, 2.0)
    report.peer(
        "build",
        size,
        "SortedKeyList(events, key=...)",
        median_time(lambda: SortedKeyList(events, key=_sort_key), repeat),
        "total",
        ours,
    )
    pandas = _pandas()
    if pandas is None:
        return

    def frame_and_sort() -> Any:
        frame = pandas.DataFrame(
            {
                "earliest": [event.span[0] for event in events],
                "latest": [event.span[1] for event in events],
                "id": [event.id for event in events],
                "event": events,
            }
        )
        return frame.sort_values(["earliest", "latest", "id"], ignore_index=True)

    report.peer(
        "build",
        size,
        "pandas DataFrame(...).sort_values(...)",
        median_time(frame_and_sort, repeat),
        "total",
        ours,
    )


def _windows(data: Data, count: int, per_window: int) -> list[tuple[int, int]]:
    """``count`` windows (UTC microseconds, inclusive) over the timeline's years, each as wide
    as the timeline holds ``per_window`` events per width on average."""
    starts = [event.span[0] for event in data.timeline]
    low, high = starts[len(starts) // 100], starts[-1]
    width = (high - low) * per_window // len(starts)
    rng = random.Random(data.seed)
    firsts = [rng.randint(low, high - width) for _ in range(count)]
    return [(first, first + width - 1) for first in firsts]


def _peers(data: Data, report: Report) -> Peers:
    """The data's columnar peers, made on first use and kept for the size's other operations."""
    if data.peers is None:
        start = time.perf_counter()
        data.peers = Peers(data.timeline)
        report.note(f"peers: tables of the events made in {time.perf_counter() - start:.1f} s")
        for name in data.peers.missing():
            report.note(
                f"{name} is not installed (pip install -e '.[bench]'): its rows are left out"
            )
    return data.peers


def _over(
    query: Callable[[int, int], object], spans: Sequence[tuple[int, int]]
) -> Callable[[], None]:
    """An action running ``query`` on every span in turn."""

    def run_all() -> None:
        for low, high in spans:
            query(low, high)

    return run_all


def _check_peers(
    queries: dict[str, Callable[[int, int], object]], span: tuple[int, int], expected: list[str]
) -> None:
    for name, query in queries.items():
        assert ids_of(query(*span)) == expected, f"{name} finds other events"


# A query that reads the whole table, at a million events, needs only a few spans to be timed.
def _scans(spans: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    return spans[: max(5, min(len(spans), 2_000_000 // size))]


def bench_window(data: Data, report: Report, repeat: int) -> None:
    timeline, size = data.timeline, data.size
    windows = _windows(data, 200, 10)
    bounds = [(_when_of(low), _when_of(high)) for low, high in windows]
    ordered = list(timeline)
    starts = [event.span[0] for event in ordered]
    per = len(windows)

    def ours() -> int:
        return sum(len(timeline.starting(low, high)) for low, high in bounds)

    def sliced() -> int:
        return sum(len(timeline[low:high]) for low, high in bounds)

    def bisect_list() -> int:
        found = 0
        for low, high in windows:
            first, last = bisect.bisect_left(starts, low), bisect.bisect_right(starts, high)
            found += len(ordered[first:last])
        return found

    found = ours()
    assert found == bisect_list() == sliced(), "the timeline and bisect disagree"
    report.note(f"window: {found / per:.1f} events start in a window on average")
    implementations = [("bisect on a sorted list (the limit)", bisect_list, per)]
    masked = _scans(windows, size)
    pandas = _pandas()
    if pandas is not None:
        frame = pandas.DataFrame({"earliest": starts, "event": ordered})
        column = frame["earliest"].to_numpy()

        def searchsorted() -> int:
            found = 0
            for low, high in windows:
                first, last = column.searchsorted(low, "left"), column.searchsorted(high, "right")
                found += len(frame.iloc[first:last])
            return found

        def mask() -> int:
            earliest = frame["earliest"]
            return sum(len(frame[(earliest >= low) & (earliest <= high)]) for low, high in masked)

        assert searchsorted() == found, "pandas finds other events"
        implementations += [
            ("pandas searchsorted + iloc", searchsorted, per),
            ("pandas boolean mask", mask, len(masked)),
        ]
    queries = _peers(data, report).window_queries()
    low, high = windows[0]
    expected = sorted(event.id for event in timeline.starting(bounds[0][0], bounds[0][1]))
    _check_peers(queries, (low, high), expected)
    for name, query in queries.items():
        # Only the sorted-column searches run in time with the window; the rest scan.
        spans = windows if "sorted" in name else masked
        implementations.append((name, _over(query, spans), len(spans)))
    _, rows = report.compare(
        "window",
        size,
        ("timeline.starting(low, high) (a list)", ours, per),
        implementations,
        "per query",
        repeat,
    )
    report.target(
        size, "window within 2x of bisect", rows["bisect on a sorted list (the limit)"], 2.0
    )
    if "pandas boolean mask" in rows:
        report.target(
            size, "window ≥100x faster than a pandas mask", rows["pandas boolean mask"], 1e-2
        )
    report.compare(
        "window",
        size,
        ("timeline[low:high] (a new Timeline)", sliced, per),
        [("bisect on a sorted list (the limit)", bisect_list, per)],
        "per query",
        repeat,
    )


#: intervaltree is timed on a sample of this many events, with a timeline of the same sample:
#: building its tree of a million events took a quarter of an hour, and one query minutes.
INTERVALTREE_SAMPLE = 20_000


def _days(data: Data, count: int) -> list[When]:
    rng = random.Random(data.seed)
    return [
        When.instant(Moment.of(rng.randint(1992, 2024), rng.randint(1, 12), rng.randint(1, 28)))
        for _ in range(count)
    ]


def bench_stab(data: Data, report: Report, repeat: int) -> None:
    timeline, size = data.timeline, data.size
    days = _days(data, 20)
    spans = [(day.earliest_us, day.latest_us) for day in days]
    timeline.at(days[0])  # the interval index is built on first use: not timed here

    def ours() -> int:
        return sum(len(timeline.at(day)) for day in days)

    found = ours()
    report.note(f"stab: {found / len(days):,.0f} events going on on a day, on average")
    queries = _peers(data, report).stab_queries()
    # The peers hold the spans as written; ours adds the few events whose qualified dates
    # ("2004-08-12~") only possibly reach the day: compared on the spans as written.
    low, high = spans[0]
    written = [e.id for e in timeline.at(days[0]) if e.span[0] <= high and e.span[1] >= low]
    _check_peers(queries, spans[0], sorted(written))
    scanned = _scans(spans, size)
    _, rows = report.compare(
        "stab",
        size,
        ("Timeline.at(day) (a new Timeline)", ours, len(days)),
        [(name, _over(query, scanned), len(scanned)) for name, query in queries.items()],
        "per query",
        repeat,
    )
    if "DuckDB SELECT id WHERE span meets day" in rows:
        duckdb_row = rows["DuckDB SELECT id WHERE span meets day"]
        report.target(size, "stab faster than DuckDB", duckdb_row, 1.0)
    if "numpy boolean mask" in rows:
        report.target(size, "stab within 3x of a numpy mask", rows["numpy boolean mask"], 3.0)
    _stab_intervaltree(data, report, days, repeat)


def _stab_intervaltree(data: Data, report: Report, days: list[When], repeat: int) -> None:
    try:
        import intervaltree
    except ImportError:
        report.note("intervaltree is not installed (pip install intervaltree): left out")
        return
    sample = data.events[:INTERVALTREE_SAMPLE]
    small = Timeline(sample)
    small.at(days[0])
    # intervaltree's intervals are half-open and not empty: [earliest, latest + 1).
    start = time.perf_counter()
    tree = intervaltree.IntervalTree.from_tuples(
        (event.span[0], event.span[1] + 1, event) for event in sample
    )
    report.note(
        f"stab: intervaltree of {len(sample):,} events (a sample, beside a timeline of the "
        f"same events) built in {time.perf_counter() - start:.1f} s"
    )
    spans = [(day.earliest_us, day.latest_us + 1) for day in days]

    def ours() -> int:
        return sum(len(small.at(day)) for day in days)

    def theirs() -> int:
        return sum(len(tree.overlap(low, high)) for low, high in spans)

    def ours_as_written() -> int:
        # As for the peers (see bench_stab): the events whose spans as written meet the day,
        # leaving out those that qualified dates only possibly bring to it.
        return sum(
            event.span[0] < high and event.span[1] >= low
            for (low, high), day in zip(spans, days, strict=True)
            for event in small.at(day)
        )

    assert theirs() == ours_as_written(), "intervaltree finds other events"
    _, rows = report.compare(
        "stab",
        len(sample),
        (f"Timeline.at(day), {len(sample):,}-event sample", ours, len(days)),
        [("IntervalTree.overlap(day), same sample", theirs, len(days))],
        "per query",
        repeat,
    )
    report.target(
        data.size,
        f"stab as fast as intervaltree ({len(sample):,} sample)",
        rows["IntervalTree.overlap(day), same sample"],
        1.0,
    )


def bench_actor(data: Data, report: Report, repeat: int) -> None:
    timeline, size, events = data.timeline, data.size, data.events
    actor, low, high = _one_percent(data)
    first, last = _when_of(low), _when_of(high)

    def ours() -> list[Event]:
        return timeline.query().involving(actor).between(first, last).events()

    def scan() -> list[Event]:
        return [
            event
            for event in timeline
            if actor in event.actors and event.span[0] <= high and event.span[1] >= low
        ]

    expected = scan()
    assert ours() == expected, "the query and the scan disagree"
    report.note(
        f"actor: {actor!r} in {first}..{last}: {len(expected):,} events "
        f"({len(expected) / size:.2%})"
    )
    implementations = [("linear scan of the timeline", scan, 1)]
    pandas = _pandas()
    if pandas is not None:
        pairs = [
            (event.span[0], event.span[1], name, event) for event in events for name in event.actors
        ]
        frame = pandas.DataFrame.from_records(
            pairs, columns=["earliest", "latest", "actor", "event"]
        )

        def mask() -> Any:
            chosen = (
                (frame["actor"] == actor) & (frame["earliest"] <= high) & (frame["latest"] >= low)
            )
            return frame.loc[chosen, "event"]

        assert len(mask()) == len(expected), "pandas finds other events"
        implementations.append(("pandas mask, one row per (event, actor)", mask, 1))
    queries = _peers(data, report).actor_queries(actor)
    _check_peers(queries, (low, high), sorted(event.id for event in expected))
    implementations += [(name, _over(query, [(low, high)]), 1) for name, query in queries.items()]
    _, rows = report.compare(
        "actor",
        size,
        ("query().involving().between().events()", ours, 1),
        implementations,
        "total",
        repeat,
    )
    if "DuckDB SELECT id WHERE list_contains" in rows:
        duckdb_row = rows["DuckDB SELECT id WHERE list_contains"]
        report.target(size, "actor + window faster than DuckDB", duckdb_row, 1.0)


def _one_percent(data: Data) -> tuple[str, int, int]:
    """An actor and a window (UTC microseconds) that hold together about 1% of the events."""
    timeline = data.timeline
    share = {name: len(timeline.query().involving(name)) / data.size for name in ACTORS}
    # The actor in about 10% of the events, and a window holding about 10% of them.
    actor = min(share, key=lambda name: abs(share[name] - 0.10))
    starts = [event.span[0] for event in timeline]
    middle = len(starts) // 2
    low = starts[middle]
    high = starts[min(len(starts) - 1, middle + int(0.01 / share[actor] * len(starts)))]
    return actor, low, high


def bench_insert(data: Data, report: Report, repeat: int) -> None:
    size, count = data.size, min(INSERTS, data.size)
    seed = data.seed + 1
    extra = [
        attrs.evolve(event, id=f"x{event.id}")
        for event in make_events(count, seed, date_texts(count, seed))
    ]
    base = SortedKeyList(data.events, key=_sort_key)
    timeline = data.timeline.copy()
    ours = report.ours(
        "insert", size, f"Timeline.add x {count:,}", single_adds(timeline, extra, repeat), "total"
    )
    theirs = report.peer(
        "insert",
        size,
        f"SortedKeyList.add x {count:,}",
        single_adds(base, extra, repeat),
        "total",
        ours,
    )
    report.target(size, "10,000 inserts within 1.5x of SortedKeyList.add", theirs, 1.5)
    timeline.at("2014")  # builds the interval index, which add keeps up to date
    timeline.query().involving("Russia").in_country("RU").tagged("trade").events()
    indexed = report.ours(
        "insert",
        size,
        f"Timeline.add x {count:,}, all indexes built",
        single_adds(timeline, extra, repeat),
        "total",
    )
    report.peer("insert", size, f"SortedKeyList.add x {count:,}", theirs.seconds, "total", indexed)


def bench_diff(data: Data, report: Report, repeat: int) -> None:
    import diff as diff_bench

    from geotimeline.diffing import diff

    size, old = data.size, data.timeline
    # Made again rather than copied: equal events, but not the same objects.
    new = Timeline(diff_bench.edited(make_events(size, data.seed, data.texts)))
    change = diff(old, new)
    report.note(f"diff: {change.summary}")
    old_rows, new_rows = diff_bench.rows(old), diff_bench.rows(new)
    implementations = [
        (
            "dict comparison of raw tuples (floor)",
            lambda: diff_bench.dict_diff(old_rows, new_rows),
            1,
        )
    ]
    if _pandas() is not None:
        old_frame, new_frame = diff_bench.frame(old_rows), diff_bench.frame(new_rows)
        _, _, changed = diff_bench.pandas_diff(old_frame, new_frame)
        assert len(changed) == change.summary.changed, "pandas finds other changes"
        implementations.append(
            (
                "pandas merge + column comparison",
                lambda: diff_bench.pandas_diff(old_frame, new_frame),
                1,
            )
        )
    expected = (change.summary.removed, change.summary.added, change.summary.changed)
    for name, peer_diff in diffs(_peers(data, report), Peers(new)).items():
        assert tuple(len(ids) for ids in peer_diff()) == expected, f"{name} finds other changes"
        implementations.append((name, peer_diff, 1))
    _, rows = report.compare(
        "diff", size, ("geotimeline.diff(old, new)", lambda: diff(old, new), 1), implementations,
        "total", repeat,
    )  # fmt: skip
    if "DuckDB anti joins + join on id" in rows:
        duckdb_row = rows["DuckDB anti joins + join on id"]
        report.target(size, "diff within 1.5x of DuckDB's joins", duckdb_row, 1.5)


def _json_load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _json_dump(document: Any, path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)


def bench_native(data: Data, report: Report, repeat: int) -> None:
    timeline, size = data.timeline, data.size
    document = {
        "format": native.FORMAT_NAME,
        "version": native.FORMAT_VERSION,
        "events": [native.unstructure_event(event) for event in timeline],
    }
    with tempfile.TemporaryDirectory() as directory:
        path, plain = Path(directory) / "timeline.json", Path(directory) / "plain.json"
        _, rows = report.compare(
            "native",
            size,
            ("Timeline.save(path)", lambda: timeline.save(path), 1),
            [("json.dump(document, file), dicts ready", lambda: _json_dump(document, plain), 1)],
            "total",
            repeat,
        )
        report.target(
            size, "save within 2x of json.dump", rows["json.dump(document, file), dicts ready"], 2.0
        )
        report.note(f"native: {path.stat().st_size / size:.0f} bytes per event on disk")
        loads = [("json.load(file) of the same file", lambda: _json_load(path), 1)]
        parquet = Path(directory) / "events.parquet"
        loads += [
            (name, load, 1) for name, load in parquet_loads(_peers(data, report), parquet).items()
        ]
        if parquet.exists():
            report.note(
                f"native: Parquet of the columns, {parquet.stat().st_size / size:.0f} B/event"
            )
        _, rows = report.compare(
            "native", size, ("Timeline.load(path)", lambda: Timeline.load(path), 1), loads,
            "total", repeat,
        )  # fmt: skip
        report.target(
            size, "load within 3x of json.load", rows["json.load(file) of the same file"], 3.0
        )
        peak = peak_bytes(lambda: Timeline.load(path))
        report.note(f"native: Timeline.load peaks at {peak / size:.0f} bytes per event")


def bench_pandas(data: Data, report: Report, repeat: int) -> None:
    pandas = _pandas()
    if pandas is None:
        report.note("pandas is not installed: the pandas operation is left out")
        return
    timeline, size = data.timeline, data.size
    frame = timeline.to_pandas()
    lists = {name: _plain_list(frame[name]) for name in frame.columns}
    implementations = [
        ("pandas.DataFrame(plain lists), same columns", lambda: pandas.DataFrame(lists), 1)
    ]
    peers = _peers(data, report)
    if peers.arrow is not None:
        implementations.append(
            ("pyarrow Table.to_pandas(), the peers' columns", peers.arrow.to_pandas, 1)
        )
    _, rows = report.compare(
        "pandas", size, ("Timeline.to_pandas()", timeline.to_pandas, 1), implementations,
        "total", repeat,
    )  # fmt: skip
    lists_row = rows["pandas.DataFrame(plain lists), same columns"]
    report.target(size, "to_pandas within 2x of a DataFrame of plain lists", lists_row, 2.0)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "timeline.json"
        timeline.save(path)
        _, rows = report.compare(
            "pandas",
            size,
            ("Timeline.from_pandas(frame)", lambda: Timeline.from_pandas(frame), 1),
            [("Timeline.load(path), the same events", lambda: Timeline.load(path), 1)],
            "total",
            repeat,
        )
    report.target(
        size,
        "from_pandas no slower than Timeline.load",
        rows["Timeline.load(path), the same events"],
        1.0,
    )


def _plain_list(column: Any) -> list[Any]:
    """A column's values as a plain list: instants as int64 microseconds, categories as text."""
    if column.dtype.kind == "M":
        return column.astype("int64").tolist()
    return column.astype(object).tolist()


def bench_memory(data: Data, report: Report) -> None:
    """Bytes per event of a timeline with every index built, built from text and loaded, as
    ``memory.py`` measures them (the same code): issue 20's target is both at most 400."""
    warm_up(data.seed, data.size)
    for footprint in footprints(data.size, data.seed):
        size, total, strings = footprint.size, footprint.total, footprint.strings
        report.note(
            f"memory, {footprint.way}: {total / size:.0f} B/event in all, every index built; "
            f"ids and titles {strings / size:.0f}, the rest {(total - strings) / size:.0f}"
        )
        report.targets.append(
            Target(
                size,
                f"memory ≤{MEMORY_TARGET} B/event in all, {footprint.way}",
                footprint.per_event,
                float(MEMORY_TARGET),
            )
        )


# -- small pieces ----------------------------------------------------------------------------


def _when_of(microseconds: int) -> When:
    moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=microseconds)
    return When.coerce(moment)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        return None
    return pandas


def print_summary(report: Report) -> None:
    print("\n## Results (median; ratio = ours / baseline, below 1 means geotimeline is faster)\n")
    print(
        f"{'operation':<9}{'events':>11}  {'implementation':<46}{'median':>12} {'unit':<10}"
        f"{'ours/baseline':>14}"
    )
    for row in report.rows:
        ratio = "" if row.ratio is None else f"{row.ratio:.3g}"
        print(f"{row.operation:<9}{row.size:>11,}  {row.name:<46}{_format_time(row)}{ratio:>14}")
    print("\n## Targets\n")
    for target in report.targets:
        verdict = ("PASS" if target.passed else "MISS") if target.judged else "info"
        if target.limit < 1:
            shown = f"{1 / target.ratio:,.0f}x faster (need ≥{1 / target.limit:,.0f}x)"
        elif target.text.startswith("memory"):
            shown = f"{target.ratio:.0f} B/event (need ≤{target.limit:.0f})"
        else:
            shown = f"ratio {target.ratio:.2f} (need ≤{target.limit:g})"
        print(f"{verdict}  {target.size:>11,}  {target.text:<50}{shown}")


# The size the targets are set at; at other sizes they are shown, marked "info".
JUDGED_SIZE = 1_000_000
# Operations of seconds a round at a million events: three rounds at most.
HEAVY = {"diff": bench_diff, "native": bench_native, "pandas": bench_pandas}


def run_operation(name: str, data: Data, report: Report, options: argparse.Namespace) -> None:
    repeat = options.repeat
    if name == "parse":
        bench_parse(data, report, repeat, options.edtf_sample)
    elif name == "memory":
        bench_memory(data, report)
    elif name in HEAVY:
        HEAVY[name](data, report, min(repeat, 3))
    else:
        steps = {
            "build": bench_build,
            "window": bench_window,
            "stab": bench_stab,
            "actor": bench_actor,
            "insert": bench_insert,
        }
        steps[name](data, report, repeat)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="1000,100000,1000000",
        help="timeline sizes, comma-separated (default: %(default)s)",
    )
    parser.add_argument(
        "--only",
        default=",".join(OPERATIONS),
        help="operations to run, comma-separated (default: all)",
    )
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=5, help="runs per median")
    parser.add_argument(
        "--edtf-sample",
        type=int,
        default=1_000,
        help="strings python-edtf parses (it takes milliseconds each)",
    )
    arguments = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in arguments.sizes.split(",")]
    only = [name.strip() for name in arguments.only.split(",") if name.strip()]
    unknown = sorted(set(only) - set(OPERATIONS))
    if unknown:
        parser.error(f"unknown operations {', '.join(unknown)}; known: {', '.join(OPERATIONS)}")

    print(machine_line())
    print(
        versions(
            "pendulum", "sortedcontainers", "attrs", "edtf", "intervaltree", "pandas", "numpy",
            "polars", "pyarrow", "duckdb",
        )
    )  # fmt: skip
    print(
        "every implementation of an operation is timed in the same rounds, in a shuffled order, "
        "with the cycle collector paused (ours and the baselines alike); ratios are medians of "
        f"the rounds' ratios; DuckDB and polars use {THREADS} threads"
    )
    print(f"seed {arguments.seed}, {arguments.repeat} runs per median\n")
    report = Report()
    for size in sizes:
        start = time.perf_counter()
        data = Data.make(size, arguments.seed)
        print(f"{size:,} events made in {time.perf_counter() - start:.1f} s")
        for name in OPERATIONS:
            if name == "parse" and name in only and _parsed_later(size, sizes):
                report.note(
                    f"parse at {size:,}: the same {PARSE_COUNT:,} strings as at "
                    f"{max(sizes):,}, measured there"
                )
            elif name in only:
                began = time.perf_counter()
                run_operation(name, data, report, arguments)
                report.note(f"{name} at {size:,} took {_minutes(time.perf_counter() - began)}")
                sys.stdout.flush()
        del data
        report.note(f"{size:,} events took {_minutes(time.perf_counter() - start)} in all")
    print_summary(report)


def _parsed_later(size: int, sizes: Sequence[int]) -> bool:
    """Whether a larger size of the run parses the same strings: parsing takes at most
    ``PARSE_COUNT`` of them whatever the size, and costs a minute at that count."""
    return size < max(sizes) and min(size, PARSE_COUNT) == min(max(sizes), PARSE_COUNT)


def _minutes(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 60 else f"{seconds / 60:.1f} min"


if __name__ == "__main__":
    main()
