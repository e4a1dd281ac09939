"""The command line on Parquet inputs: ``query`` and ``diff`` go through a lazy DuckDB view,
which reads only what they need, and print exactly what they print for the loaded file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from geotimeline import Event, Timeline, cli, examples
from geotimeline.cli import main
from geotimeline.diffing import TimelineDiff
from geotimeline.engines import joins, view
from geotimeline.errors import MissingDependencyError
from geotimeline.io import parquet
from tests.test_cli import CRIMEA, QUERIES

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def seed(tmp_path: Path) -> dict[str, Path]:
    """The seed timeline as a native file, a Parquet dataset and a Parquet file."""
    timeline = examples.load("seed")
    paths = {
        "native": tmp_path / "seed.json",
        "dataset": tmp_path / "seed",
        "file": tmp_path / "seed.parquet",
    }
    timeline.save(paths["native"])
    parquet.write(timeline, paths["dataset"])
    parquet.write(timeline, paths["file"])
    return paths


def never_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make loading an input fail: what passes after this read no timeline into memory."""

    def load(*arguments: Any) -> Timeline:
        raise AssertionError("the input was loaded")

    monkeypatch.setattr(cli, "_load", load)


def output_of(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str]:
    status = main(list(arguments))
    return status, capsys.readouterr().out


# Each filter option listed and counted; the shapes of a result on a few of them.
CASES = [[*options, *shape] for options, _ in QUERIES for shape in ([], ["--count"])] + [
    [*QUERIES[index][0], *shape]
    for index in (0, 7, 10)
    for shape in (["--group-by", "year", "--count"], ["--group-by", "actor"])
]


@pytest.mark.parametrize("options", CASES)
def test_a_query_of_a_dataset_prints_what_the_loaded_file_prints(
    seed: dict[str, Path], capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    arguments = [*options, "--color", "never"]
    expected = output_of(capsys, "query", str(seed["native"]), *arguments)
    assert expected[0] == 0
    assert output_of(capsys, "query", str(seed["dataset"]), *arguments) == expected


def test_a_query_of_a_parquet_file_prints_what_the_loaded_file_prints(
    seed: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    for shape in ([], ["--count"], ["--group-by", "month", "--count"]):
        arguments = ["--actor", "Russia", *shape, "--color", "never"]
        expected = output_of(capsys, "query", str(seed["native"]), *arguments)
        assert output_of(capsys, "query", str(seed["file"]), *arguments) == expected


def test_counts_of_a_dataset_read_no_event(
    seed: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    timeline = examples.load("seed")
    never_loaded(monkeypatch)
    monkeypatch.setattr(parquet, "event_of", None)  # a count that made an event would fail
    expected = len(timeline.query().during("2017"))
    assert output_of(capsys, "query", str(seed["dataset"]), "--during", "2017", "--count") == (
        0,
        f"{expected}\n",
    )
    groups = timeline.query().involving("Russia").group_by("year")
    assert output_of(
        capsys, "query", str(seed["dataset"]), "--actor", "Russia", "--group-by", "year", "--count"
    ) == (0, "".join(f"{name}\t{len(group)}\n" for name, group in groups.items()))
    assert output_of(
        capsys, "query", str(seed["dataset"]), "--during", "1999", "--group-by", "tag", "--count"
    ) == (0, "")


def test_a_listing_of_a_dataset_reads_the_matching_events_only(
    seed: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    never_loaded(monkeypatch)
    made: list[str] = []
    original = parquet.event_of

    def counting(row: dict[str, Any], *arguments: Any, **options: Any) -> Event:
        made.append(row["id"])
        return original(row, *arguments, **options)

    monkeypatch.setattr(parquet, "event_of", counting)
    expected = [event.id for event in examples.load("seed").query().before("2015")]
    status, output = output_of(capsys, "query", str(seed["dataset"]), "--before", "2015")
    assert status == 0
    assert f"({len(expected)} events)" in output
    assert 0 < len(expected) < 23
    assert made == expected


def test_a_query_above_its_limit_is_refused_naming_it(
    seed: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", str(seed["dataset"]), "--during", "2017", "--limit", "16"]) == 1
    error = capsys.readouterr().err
    assert "limit: 16" in error
    assert "17 events match" in error
    assert main(["query", str(seed["dataset"]), "--during", "2017", "--limit", "17"]) == 0


def test_without_the_engine_a_parquet_input_is_loaded(
    seed: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = output_of(capsys, "query", str(seed["native"]), "--during", "2014")

    def missing(*arguments: Any, **options: Any) -> view.TimelineView:
        raise MissingDependencyError("duckdb", "duckdb")

    monkeypatch.setattr(view, "open", missing)
    assert output_of(capsys, "query", str(seed["dataset"]), "--during", "2014") == expected


@pytest.mark.parametrize(
    ("command", "limit"), [("query", view.DEFAULT_LIMIT), ("diff", joins.DEFAULT_DIFF_LIMIT)]
)
def test_the_limits_are_the_engines_own(
    command: str, limit: int, capsys: pytest.CaptureFixture[str]
) -> None:
    status, shown = output_of(capsys, command, "--help")
    assert status == 0
    assert f"(default: {limit:,})" in " ".join(shown.split())


# -- diff --------------------------------------------------------------------------------------


@pytest.fixture
def snapshots(tmp_path: Path) -> dict[str, Path]:
    """Two versions of the seed timeline, each as a native file and a Parquet dataset: an event
    retitled, one removed, one added, and the description dropped."""
    old = examples.load("seed")
    events = list(old)
    crimea = old[CRIMEA]
    new = Timeline(
        [attrs.evolve(crimea, title="Crimea annexed")]
        + [event for event in events[1:] if event.id != CRIMEA]
        + [Event(title="Trump and Putin meet in Da Nang", when="2017-11-11")],
        title=old.title,
    )
    paths = {}
    for name, timeline in (("old", old), ("new", new)):
        paths[name] = tmp_path / f"{name}.json"
        timeline.save(paths[name])
        parquet.write(timeline, tmp_path / name)
        paths[f"{name} dataset"] = tmp_path / name
    return paths


@pytest.mark.parametrize("shape", [[], ["--json"], ["--patch"], ["--match", "content"]])
def test_a_diff_of_datasets_prints_what_the_loaded_files_print(
    snapshots: dict[str, Path], capsys: pytest.CaptureFixture[str], shape: list[str]
) -> None:
    expected = output_of(capsys, "diff", str(snapshots["old"]), str(snapshots["new"]), *shape)
    assert expected[0] == 1
    found = output_of(
        capsys, "diff", str(snapshots["old dataset"]), str(snapshots["new dataset"]), *shape
    )
    assert found == expected


def test_a_diff_of_datasets_reads_only_the_events_that_differ(
    snapshots: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    never_loaded(monkeypatch)
    status, output = output_of(
        capsys, "diff", str(snapshots["old dataset"]), str(snapshots["new dataset"]), "--json"
    )
    assert status == 1
    difference = TimelineDiff.from_json(output)
    assert difference.summary.total == 4
    assert main(["diff", str(snapshots["old dataset"]), str(snapshots["old dataset"])]) == 0


def test_a_diff_above_its_limit_lists_the_ids(
    snapshots: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = str(snapshots["old dataset"]), str(snapshots["new dataset"])
    status, output = output_of(capsys, "diff", old, new, "--limit", "2")
    assert status == 1
    lines = output.splitlines()
    full = TimelineDiff.from_json(output_of(capsys, "diff", old, new, "--json")[1])
    assert lines[0] == str(full.summary)
    assert lines[1].startswith("~ description: ")
    assert lines[2:] == (
        [f"+ {event.id}" for event in full.added]
        + [f"- {event.id}" for event in full.removed]
        + [f"~ {change.old.id}" for change in full.changed]
    )


def test_a_json_diff_above_its_limit_is_refused_naming_it(
    snapshots: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = str(snapshots["old dataset"]), str(snapshots["new dataset"])
    assert main(["diff", old, new, "--limit", "2", "--json"]) == 2
    error = capsys.readouterr().err
    assert "--limit: 2" in error
    assert "3 events that differ" in error
