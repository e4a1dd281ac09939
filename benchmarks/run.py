"""geotimeline against the tools users would pick instead, side by side in one process.

Run: ``python benchmarks/run.py [--sizes 1000,100000,1000000] [--only parse,build,...]``

Every operation runs on the same synthetic timeline (``synthetic.py``: precisions from the
year to the second, about 10% long intervals, actors and countries of skewed popularity, all
from ``--seed``) and is timed against its baselines in this process, one after the other. The
table gives the median of ``--repeat`` runs and the ratio ours / baseline (below 1: faster);
the targets at the end say PASS or MISS. Only ratios measured in one process mean anything:
absolute times depend on the machine and on what else it runs.

Operations (``--only`` takes their names):

- ``parse``: 100,000 date strings at most (EDTF levels 0 and 1), against ``edtf.parse_edtf``
  (a sample, timed per string), and plain ISO dates against ``pendulum.parse`` and a bare
  regular expression with ``int()`` of its groups (the floor);
- ``build``: a ``Timeline`` from ready events, against sorting (key, event) tuples and against
  building a pandas DataFrame of the same columns and sorting it;
- ``window``: the events that start in a window holding about 10 of them
  (``timeline[low:high]``), against ``bisect`` on a plain sorted list (the limit), pandas
  ``searchsorted`` on a sorted column and a pandas boolean mask;
- ``stab``: what was going on on a day (``Timeline.at``, long intervals included), against
  ``intervaltree``;
- ``actor``: one actor in a window, about 1% of the events (``query().involving().between()``),
  against a pandas mask on a table of one row per (event, actor) and a linear scan;
- ``insert``: 10,000 single ``Timeline.add`` calls into the full timeline, against
  ``SortedKeyList.add``;
- ``diff``: two timelines that differ in 1% of their events, against pandas ``merge`` and a
  column-by-column comparison;
- ``native``: ``Timeline.save`` and ``Timeline.load`` in the native JSON format, against
  ``json.dumps`` / ``json.loads`` of the same document;
- ``memory``: bytes per event of a timeline made from date text, with the events' strings
  counted apart (tracemalloc).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import operator
import random
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from measure import machine_line, median_time, peak_bytes, per_item, retained_bytes, versions
from query import single_adds
from sortedcontainers import SortedKeyList
from synthetic import ACTORS, date_texts, make_events, plain_iso_dates

from geotimeline import Event, Moment, Timeline, When
from geotimeline.io import native

_sort_key = operator.attrgetter("sort_key")
OPERATIONS = ("parse", "build", "window", "stab", "actor", "insert", "diff", "native", "memory")
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

    @property
    def ratio(self) -> float | None:
        """Ours / this baseline, below 1 when geotimeline is faster."""
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
    """Per string, parsing each of ``texts`` once with no date cached (the worst case)."""
    from geotimeline.time import when as when_module

    def run_all() -> None:
        when_module._plain_when.cache_clear()
        for text in texts:
            When.parse(text)

    seconds = median_time(run_all, repeat) / len(texts)
    when_module._plain_when.cache_clear()
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
        return sorted((event.sort_key, event) for event in events)

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
                "earliest": [event.sort_key[0] for event in events],
                "latest": [event.sort_key[1] for event in events],
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
    starts = [event.sort_key[0] for event in data.timeline]
    low, high = starts[len(starts) // 100], starts[-1]
    width = (high - low) * per_window // len(starts)
    rng = random.Random(data.seed)
    firsts = [rng.randint(low, high - width) for _ in range(count)]
    return [(first, first + width - 1) for first in firsts]


def bench_window(data: Data, report: Report, repeat: int) -> None:
    timeline, size = data.timeline, data.size
    windows = _windows(data, 200, 10)
    bounds = [(_when_of(low), _when_of(high)) for low, high in windows]
    ordered = list(timeline)
    starts = [event.sort_key[0] for event in ordered]
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
    ours_row = report.ours(
        "window",
        size,
        "timeline.starting(low, high) (a list)",
        median_time(ours, repeat) / per,
        "per query",
    )
    limit = report.peer(
        "window",
        size,
        "bisect on a sorted list (the limit)",
        median_time(bisect_list, repeat) / per,
        "per query",
        ours_row,
    )
    report.target(size, "window within 2x of bisect", limit, 2.0)
    slice_row = report.ours(
        "window",
        size,
        "timeline[low:high] (a new Timeline)",
        median_time(sliced, repeat) / per,
        "per query",
    )
    report.peer(
        "window", size, "bisect on a sorted list (the limit)", limit.seconds, "per query", slice_row
    )
    pandas = _pandas()
    if pandas is None:
        return
    frame = pandas.DataFrame({"earliest": starts, "event": ordered})
    column = frame["earliest"].to_numpy()

    def searchsorted() -> int:
        found = 0
        for low, high in windows:
            first, last = column.searchsorted(low, "left"), column.searchsorted(high, "right")
            found += len(frame.iloc[first:last])
        return found

    # A mask reads the whole column: at a million events, a few windows are enough to time.
    masked = windows[: max(5, min(per, 2_000_000 // size))]

    def mask() -> int:
        earliest = frame["earliest"]
        return sum(len(frame[(earliest >= low) & (earliest <= high)]) for low, high in masked)

    assert searchsorted() == found, "pandas finds other events"
    report.peer(
        "window",
        size,
        "pandas searchsorted + iloc",
        median_time(searchsorted, repeat) / per,
        "per query",
        ours_row,
    )
    mask_row = report.peer(
        "window",
        size,
        "pandas boolean mask",
        median_time(mask, repeat) / len(masked),
        "per query",
        ours_row,
    )
    report.target(size, "window ≥100x faster than a pandas mask", mask_row, 1e-2)


STAB_PEER_LIMIT = 100_000


def bench_stab(data: Data, report: Report, repeat: int) -> None:
    timeline, size = data.timeline, data.size
    rng = random.Random(data.seed)
    days = [
        When.instant(Moment.of(rng.randint(1992, 2024), rng.randint(1, 12), rng.randint(1, 28)))
        for _ in range(20)
    ]
    timeline.at(days[0])  # the interval index is built on first use: not timed here

    def ours() -> int:
        return sum(len(timeline.at(day)) for day in days)

    found = ours()
    report.note(f"stab: {found / len(days):,.0f} events going on on a day, on average")
    ours_row = report.ours(
        "stab",
        size,
        "Timeline.at(day) (a new Timeline)",
        median_time(ours, repeat) / len(days),
        "per query",
    )
    try:
        import intervaltree
    except ImportError:
        report.note("intervaltree is not installed (pip install intervaltree): left out")
        return
    # intervaltree's intervals are half-open and not empty: [earliest, latest + 1).
    start = time.perf_counter()
    tree = intervaltree.IntervalTree.from_tuples(
        (event.sort_key[0], event.sort_key[1] + 1, event) for event in data.events
    )
    report.note(f"stab: intervaltree built in {time.perf_counter() - start:.1f} s")
    # intervaltree scans every interval stored at each node it visits, and long intervals
    # pile up at the top nodes: at a million events one query took many seconds. Past
    # STAB_PEER_LIMIT events, time it on a few days, once, so that the run still ends.
    sample = days if size <= STAB_PEER_LIMIT else days[:3]
    rounds = repeat if size <= STAB_PEER_LIMIT else 1
    spans = [(day.earliest_us, day.latest_us + 1) for day in sample]
    expected = sum(len(timeline.at(day)) for day in sample)

    def theirs() -> int:
        return sum(len(tree.overlap(low, high)) for low, high in spans)

    assert theirs() == expected, "intervaltree finds other events"
    if len(sample) < len(days):
        report.note(f"stab: intervaltree timed on {len(sample)} days, once")
    tree_row = report.peer(
        "stab",
        size,
        "IntervalTree.overlap(day)",
        median_time(theirs, rounds) / len(sample),
        "per query",
        ours_row,
    )
    report.target(size, "stab at least as fast as intervaltree", tree_row, 1.0)


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
            if actor in event.actors and event.sort_key[0] <= high and event.sort_key[1] >= low
        ]

    expected = scan()
    assert ours() == expected, "the query and the scan disagree"
    report.note(
        f"actor: {actor!r} in {first}..{last}: {len(expected):,} events "
        f"({len(expected) / size:.2%})"
    )
    ours_row = report.ours(
        "actor", size, "query().involving().between().events()", median_time(ours, repeat), "total"
    )
    report.peer(
        "actor", size, "linear scan of the timeline", median_time(scan, repeat), "total", ours_row
    )
    pandas = _pandas()
    if pandas is None:
        return
    pairs = [
        (event.sort_key[0], event.sort_key[1], name, event)
        for event in events
        for name in event.actors
    ]
    frame = pandas.DataFrame.from_records(pairs, columns=["earliest", "latest", "actor", "event"])

    def mask() -> Any:
        chosen = (frame["actor"] == actor) & (frame["earliest"] <= high) & (frame["latest"] >= low)
        return frame.loc[chosen, "event"]

    assert len(mask()) == len(expected), "pandas finds other events"
    report.peer(
        "actor",
        size,
        "pandas mask, one row per (event, actor)",
        median_time(mask, repeat),
        "total",
        ours_row,
    )


def _one_percent(data: Data) -> tuple[str, int, int]:
    """An actor and a window (UTC microseconds) that hold together about 1% of the events."""
    timeline = data.timeline
    share = {name: len(timeline.query().involving(name)) / data.size for name in ACTORS}
    # The actor in about 10% of the events, and a window holding about 10% of them.
    actor = min(share, key=lambda name: abs(share[name] - 0.10))
    starts = [event.sort_key[0] for event in timeline]
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
    ours = report.ours(
        "diff",
        size,
        "geotimeline.diff(old, new)",
        median_time(lambda: diff(old, new), repeat),
        "total",
    )
    old_rows, new_rows = diff_bench.rows(old), diff_bench.rows(new)
    report.peer(
        "diff",
        size,
        "dict comparison of raw tuples (floor)",
        median_time(lambda: diff_bench.dict_diff(old_rows, new_rows), repeat),
        "total",
        ours,
    )
    if _pandas() is None:
        return
    old_frame, new_frame = diff_bench.frame(old_rows), diff_bench.frame(new_rows)
    _, _, changed = diff_bench.pandas_diff(old_frame, new_frame)
    assert len(changed) == change.summary.changed, "pandas finds other changes"
    report.peer(
        "diff",
        size,
        "pandas merge + column comparison",
        median_time(lambda: diff_bench.pandas_diff(old_frame, new_frame), repeat),
        "total",
        ours,
    )


def bench_native(data: Data, report: Report, repeat: int) -> None:
    timeline, size = data.timeline, data.size
    document = {
        "format": native.FORMAT_NAME,
        "version": native.FORMAT_VERSION,
        "events": [native.unstructure_event(event) for event in timeline],
    }
    runs = max(1, min(repeat, 3))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "timeline.json"
        text = json.dumps(document, ensure_ascii=False)
        save = report.ours(
            "native",
            size,
            "Timeline.save(path)",
            median_time(lambda: timeline.save(path), runs),
            "total",
        )
        report.peer(
            "native",
            size,
            "json.dumps(document), dicts ready",
            median_time(lambda: json.dumps(document, ensure_ascii=False), runs),
            "total",
            save,
        )
        report.note(f"native: {path.stat().st_size / size:.0f} bytes per event on disk")
        load = report.ours(
            "native",
            size,
            "Timeline.load(path)",
            median_time(lambda: Timeline.load(path), runs),
            "total",
        )
        report.peer(
            "native",
            size,
            "json.loads(text)",
            median_time(lambda: json.loads(text), runs),
            "total",
            load,
        )
        peak = peak_bytes(lambda: Timeline.load(path))
        report.note(f"native: Timeline.load peaks at {peak / size:.0f} bytes per event")


def bench_memory(data: Data, report: Report) -> None:
    """Bytes per event of a timeline made from date text, its events' strings counted apart."""
    size = data.size
    total, timeline = retained_bytes(lambda: Timeline(make_events(size, data.seed, data.texts)))
    strings = _string_bytes(timeline)
    report.note(
        f"memory: {total / size:.0f} B/event in all; the events' strings "
        f"{strings / size:.0f} B/event; the rest {(total - strings) / size:.0f} B/event"
    )
    report.targets.append(
        Target(size, "memory ≤600 B/event beyond its strings", (total - strings) / size, 600.0)
    )


def _string_bytes(timeline: Timeline) -> int:
    """The bytes of the distinct strings the events hold (ids, titles, actors, tags, places)."""
    seen: dict[int, int] = {}
    for event in timeline:
        texts = [event.id, event.title, event.summary, *event.actors, *event.tags]
        if event.place is not None:
            texts += [event.place.name, event.place.country, event.place.region]
        for text in texts:
            if isinstance(text, str):
                seen.setdefault(id(text), sys.getsizeof(text))
    return sum(seen.values())


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
        verdict = "PASS" if target.passed else "MISS"
        if target.limit < 1:
            shown = f"{1 / target.ratio:,.0f}x faster (need ≥{1 / target.limit:,.0f}x)"
        elif target.text.startswith("memory"):
            shown = f"{target.ratio:.0f} B/event (need ≤{target.limit:.0f})"
        else:
            shown = f"ratio {target.ratio:.2f} (need ≤{target.limit:g})"
        print(f"{verdict}  {target.size:>11,}  {target.text:<50}{shown}")


def run_operation(name: str, data: Data, report: Report, options: argparse.Namespace) -> None:
    repeat = options.repeat
    if name == "parse":
        bench_parse(data, report, repeat, options.edtf_sample)
    elif name == "memory":
        bench_memory(data, report)
    elif name == "diff":
        bench_diff(data, report, min(repeat, 3))
    else:
        steps = {
            "build": bench_build,
            "window": bench_window,
            "stab": bench_stab,
            "actor": bench_actor,
            "insert": bench_insert,
            "native": bench_native,
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
    print(versions("pendulum", "sortedcontainers", "attrs", "edtf", "intervaltree", "pandas"))
    print(f"seed {arguments.seed}, {arguments.repeat} runs per median\n")
    report = Report()
    for size in sizes:
        start = time.perf_counter()
        data = Data.make(size, arguments.seed)
        print(f"{size:,} events made in {time.perf_counter() - start:.1f} s")
        for name in OPERATIONS:
            if name in only:
                run_operation(name, data, report, arguments)
                sys.stdout.flush()
        del data
    print_summary(report)


if __name__ == "__main__":
    main()
