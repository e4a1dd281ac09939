"""Diffing two large timelines that differ in 1% of their events, against plain baselines.

Run: ``python benchmarks/diff.py [--events 1000000] [--seed 2017] [--repeat 3]``

The two timelines hold distinct but equal event objects (as two files read separately would),
except for 1% of events: 0.5% changed (half in their date, half in their summary), 0.25%
removed and 0.25% added. Timed in this process, each on the same data:
- ``geotimeline.diff(old, new)``;
- a plain dict comparison of raw tuples (id -> (title, date text, summary, actors, country,
  tags)), made beforehand: the floor, which finds the same ids but no field changes;
- pandas, when installed: an outer ``merge`` on id with ``indicator=True`` and a column by
  column comparison of the rows on both sides, on DataFrames of the same columns made
  beforehand;
- DuckDB, when installed with pyarrow: two anti joins on id and a join that compares every
  column, on Arrow tables of the same columns registered beforehand.
The ratio is geotimeline's time over the baseline's (below 1 means geotimeline is faster).
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from typing import Any

import attrs
from measure import machine_line, timed
from synthetic import date_texts, make_events

from geotimeline import Event, Timeline
from geotimeline.diffing import diff

Row = tuple[str, str, str, tuple[str, ...], str | None, tuple[str, ...]]


def edited(events: list[Event]) -> list[Event]:
    """1% of the events changed, removed or added; the rest left as they are."""
    result = []
    for number, event in enumerate(events):
        if number % 400 == 0:
            result.append(attrs.evolve(event, when="2026-01-01"))
        elif number % 400 == 200:
            result.append(attrs.evolve(event, summary="Corrected after new reporting."))
        elif number % 400 != 1:
            result.append(event)
    added = [
        Event(id=f"added{number}", title=f"Added event {number}", when="2026-02")
        for number in range(len(events) // 400)
    ]
    return result + added


def rows(timeline: Timeline) -> dict[str, Row]:
    return {
        event.id: (
            event.title,
            str(event.when),
            event.summary,
            event.actors,
            event.place.country if event.place else None,
            event.tags,
        )
        for event in timeline
    }


def dict_diff(old: dict[str, Row], new: dict[str, Row]) -> tuple[list[str], ...]:
    removed = [key for key in old if key not in new]
    added = [key for key in new if key not in old]
    changed = [key for key, row in old.items() if key in new and new[key] != row]
    return removed, added, changed


COLUMNS = ["title", "when", "summary", "actors", "country", "tags"]


def frame(table: dict[str, Row]) -> Any:
    import pandas

    records = [
        (key, title, when, summary, ", ".join(actors), country, ", ".join(tags))
        for key, (title, when, summary, actors, country, tags) in table.items()
    ]
    return pandas.DataFrame.from_records(records, columns=["id", *COLUMNS])


def pandas_diff(old: Any, new: Any) -> tuple[Any, ...]:
    both = old.merge(new, on="id", how="outer", indicator=True, suffixes=("_old", "_new"))
    removed = both.loc[both["_merge"] == "left_only", "id"]
    added = both.loc[both["_merge"] == "right_only", "id"]
    common = both[both["_merge"] == "both"]
    differs = None
    for column in COLUMNS:
        mine, theirs = common[f"{column}_old"], common[f"{column}_new"]
        # NaN != NaN, so two missing countries must be told apart from a change.
        column_differs = (mine != theirs) & ~(mine.isna() & theirs.isna())
        differs = column_differs if differs is None else differs | column_differs
    return removed, added, common.loc[differs, "id"]


def duckdb_tables(table: dict[str, Row]) -> Any:
    """``table`` as an Arrow table of the same columns (lists joined with ", "), for DuckDB."""
    import pyarrow

    columns: dict[str, list[Any]] = {"id": list(table), **{name: [] for name in COLUMNS}}
    for title, when, summary, actors, country, tags in table.values():
        values = (title, when, summary, ", ".join(actors), country, ", ".join(tags))
        for name, value in zip(COLUMNS, values, strict=True):
            columns[name].append(value)
    return pyarrow.table(columns)


_DUCKDB_CHANGED = "select o.id from o join n using (id) where " + " or ".join(
    f'o."{name}" is distinct from n."{name}"' for name in COLUMNS
)


def duckdb_diff(connection: Any) -> tuple[int, int, int]:
    """Removed, added and changed ids of the tables ``o`` and ``n``: two anti joins and a join
    comparing every column, as a database would diff two snapshots.
    """
    removed = connection.sql("select id from o anti join n using (id)").fetchall()
    added = connection.sql("select id from n anti join o using (id)").fetchall()
    changed = connection.sql(_DUCKDB_CHANGED).fetchall()
    return len(removed), len(added), len(changed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    count, repeat = arguments.events, arguments.repeat

    print(f"{machine_line('pandas', 'duckdb')}; {count:,} events, seed {arguments.seed}")

    texts = date_texts(count, arguments.seed)
    start = time.perf_counter()
    old = Timeline(make_events(count, arguments.seed, texts))
    # Made again rather than copied: equal events, but not the same objects.
    new = Timeline(edited(make_events(count, arguments.seed, texts)))
    print(f"made the two timelines in {time.perf_counter() - start:.1f} s")

    ours, change = timed(lambda: diff(old, new), repeat)
    print(f"diff: {change.summary}")
    old_rows, new_rows = rows(old), rows(new)
    floor, (removed, added, changed) = timed(lambda: dict_diff(old_rows, new_rows), repeat)
    assert (len(removed), len(added), len(changed)) == (
        change.summary.removed,
        change.summary.added,
        change.summary.changed,
    ), "the baseline found other changes"

    print(f"\n{'step':<44}{'seconds':>10}{'ratio':>10}")
    print(f"{'geotimeline.diff(old, new)':<44}{ours:>10.3f}")
    print(f"{'dict comparison of raw tuples':<44}{floor:>10.3f}{ours / floor:>9.2f}x")
    if importlib.util.find_spec("pandas") is not None:
        old_frame, new_frame = frame(old_rows), frame(new_rows)
        seconds, (_, _, pandas_changed) = timed(lambda: pandas_diff(old_frame, new_frame), repeat)
        assert len(pandas_changed) == change.summary.changed, "pandas found other changes"
        print(f"{'pandas merge + column comparison':<44}{seconds:>10.3f}{ours / seconds:>9.2f}x")

    if importlib.util.find_spec("duckdb") and importlib.util.find_spec("pyarrow"):
        import duckdb

        connection = duckdb.connect()
        connection.register("o", duckdb_tables(old_rows))
        connection.register("n", duckdb_tables(new_rows))
        seconds, counts = timed(lambda: duckdb_diff(connection), repeat)
        summary = change.summary
        assert counts == (summary.removed, summary.added, summary.changed), "DuckDB differs"
        print(
            f"{'DuckDB anti joins + join on every column':<44}{seconds:>10.3f}"
            f"{ours / seconds:>9.2f}x"
        )

    apply_seconds, result = timed(lambda: change.apply(old))
    assert result == new
    json_seconds, text = timed(change.to_json)
    print(f"\n{'diff.apply(old) (checks, then a new timeline)':<44}{apply_seconds:>10.3f}")
    print(f"{'diff.to_json()':<44}{json_seconds:>10.3f}  ({len(text) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
