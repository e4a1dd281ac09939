"""The command line: each command's output, exit status and error messages."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import attrs
import geojson
import icalendar
import jsonpatch
import jsonschema
import pytest

from geotimeline import Event, Link, Place, Relation, Timeline, cli, examples, io
from geotimeline.cli import main
from geotimeline.diffing import TimelineDiff
from geotimeline.display import format_groups, format_timeline
from geotimeline.query import Query

TIMELINEJS_SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "timelinejs3.schema.json").read_text(encoding="utf-8")
)
CRIMEA = "2014-03-18-russia-annexes-crimea"


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "seed.json"
    examples.load("seed").save(path)
    return path


def test_no_command_prints_the_seed_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    output = capsys.readouterr().out
    assert output.startswith("Russia and the world, 2014-2017 (23 events)")
    assert "Russia annexes Crimea" in output


def test_show_prints_a_file(seed_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(seed_file)]) == 0
    assert "summer 2017" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("choice", "no_color", "coloured"),
    [("always", "", True), ("never", "", False), ("auto", "", False), ("auto", "1", False)],
)
def test_colour_follows_the_option_and_no_color(
    seed_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
    no_color: str,
    coloured: bool,
) -> None:
    monkeypatch.setenv("NO_COLOR", no_color)
    assert main(["show", str(seed_file), "--color", choice]) == 0
    # Captured output is not a terminal, so "auto" means no colour.
    assert ("\x1b[" in capsys.readouterr().out) is coloured


def test_show_of_a_missing_file_fails_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(tmp_path / "nowhere.json")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("geotimeline: ")
    assert "nowhere.json" in error


def test_validate_reports_each_file(
    seed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    document = json.loads(seed_file.read_text(encoding="utf-8"))
    document["events"][3]["when"] = "2014-02-30"
    bad.write_text(json.dumps(document), encoding="utf-8")

    assert main(["validate", str(seed_file)]) == 0
    assert capsys.readouterr().out == f"{seed_file}: ok, 23 events\n"
    assert main(["validate", str(seed_file), str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"{seed_file}: ok" in captured.out
    assert captured.err.startswith(f"{bad}: error: ")
    assert "2014-02-30" in captured.err


def test_validate_finds_links_to_unknown_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "links.json"
    event = Event(
        id="strike", title="Strike", when="2017-04-07", links=[Link(Relation.RESPONDS_TO, "gas")]
    )
    Timeline([event]).save(path)
    assert main(["validate", str(path)]) == 1
    assert "links to unknown event 'gas'" in capsys.readouterr().err


def test_validate_warns_of_doubtful_places_and_keeps_the_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "places.json"
    events = [
        Event(id="zeros", title="A", when="2020", place=Place("Nowhere", latitude=0, longitude=0)),
        Event(id="paris", title="B", when="2021", place=Place("Paris", "DE", None, 48.86, 2.35)),
        Event(id="geneva", title="C", when="2022", place=Place("Geneva", "CH", None, 46.2, 6.14)),
    ]
    Timeline(events).save(path)
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{path}: ok, 3 events (2 doubtful places)\n"
    warnings = captured.err.splitlines()
    assert len(warnings) == 2
    assert warnings[0].startswith(f"{path}: warning: event 'zeros': place 'Nowhere' (0, 0) ")
    assert "Null Island" in warnings[0]
    assert "event 'paris': place 'Paris, Germany' (48.86, 2.35) is " in warnings[1]
    assert warnings[1].endswith("km outside the outline of Germany")


def test_convert_writes_the_target_format(seed_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.json"
    assert main(["convert", str(seed_file), str(target)]) == 0
    assert Timeline.load(target) == Timeline.load(seed_file)


GDELT_SAMPLE = Path(__file__).parent / "data" / "gdelt_sample.export.CSV"


@pytest.fixture
def gdelt_file(tmp_path: Path) -> Path:
    """The GDELT sample with two bad rows in the middle, at lines 3 and 5."""
    rows = GDELT_SAMPLE.read_text(encoding="utf-8").splitlines()
    rows.insert(2, rows[0].replace("\t20170404\t", "\tApril 4\t").replace("640211873", "1"))
    rows.insert(4, "2\t20170404")
    path = tmp_path / "mixed.export.CSV"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_validate_reports_every_bad_row_of_a_gdelt_file(
    gdelt_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(gdelt_file)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{gdelt_file}: error: {gdelt_file}, line 3, column 2 (SQLDATE): 'April 4' is not a date "
        "as YYYYMMDD",
        f"{gdelt_file}: error: {gdelt_file}, line 5: has 2 tab-separated fields; this file has "
        "61 (GDELT 2.0)",
    ]
    assert captured.out == f"{gdelt_file}: 2 rows rejected, 6 events read\n"
    assert main(["validate", str(GDELT_SAMPLE)]) == 0
    assert capsys.readouterr().out == f"{GDELT_SAMPLE}: ok, 6 events\n"


def test_convert_stops_at_a_bad_row_unless_asked_to_collect(
    gdelt_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, rejected = tmp_path / "events.json", tmp_path / "rejected.csv"
    assert main(["convert", str(gdelt_file), str(target)]) == 1
    assert "line 3, column 2 (SQLDATE)" in capsys.readouterr().err
    assert not target.exists()
    assert main(["convert", str(gdelt_file), str(target), "--errors", "collect"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"wrote 6 events to {target} (native)",
        "geotimeline: 2 rows rejected",
    ]
    assert Timeline.load(target) == io.load(GDELT_SAMPLE, "gdelt")
    assert main(["convert", str(gdelt_file), str(target), "--rejected", str(rejected), "-q"]) == 0
    assert capsys.readouterr().err == f"geotimeline: 2 rows rejected, written to {rejected}\n"
    rows = list(csv.DictReader(StringIO(rejected.read_text(encoding="utf-8"))))
    assert [(row["line"], row["column"]) for row in rows] == [("3", "SQLDATE"), ("5", "")]
    assert rows[1]["text"] == "2\t20170404"


def test_convert_cannot_collect_from_a_format_that_stops_at_the_first_error(
    seed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "copy.yaml"
    assert main(["convert", str(seed_file), str(target), "--errors", "collect"]) == 1
    assert "the native reader cannot set bad rows aside" in capsys.readouterr().err
    assert not target.exists()
    assert main(["convert", "-", str(target), "--from", "gdelt", "--errors", "collect"]) == 1
    assert "<stdin>: bad rows are set aside from files only" in capsys.readouterr().err


def test_convert_refuses_an_unknown_format(
    seed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(seed_file), str(tmp_path / "out.json"), "--to", "docx"]) == 1
    assert "unknown format 'docx'" in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()


def test_a_file_name_without_a_known_ending_needs_a_format(
    seed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(seed_file), str(tmp_path / "out.txt")]) == 1
    assert "cannot tell the format" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", ["demo", "show", "query", "diff", "merge", "validate", "convert"]
)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert capsys.readouterr().out.startswith(f"usage: geotimeline {command}")


def test_bad_usage_exits_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show"]) == 2
    assert "the following arguments are required: FILE" in capsys.readouterr().err


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    # "geotimeline show big.json | head -1": the reader leaves while the command is still
    # writing (the listing is far larger than a pipe's buffer); the command must exit quietly.
    path = tmp_path / "big.json"
    Timeline(Event(title=f"Event {number}", when="2017-07") for number in range(3000)).save(path)
    command = [sys.executable, "-m", "geotimeline", "show", str(path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stdout.readline()
        process.stdout.close()
        assert process.stderr is not None
        errors = process.stderr.read()
    assert process.returncode == 0, errors
    assert errors == b""


# -- query -------------------------------------------------------------------------------------


def in_order(output: str, *parts: str) -> bool:
    positions = [output.find(part) for part in parts]
    return -1 not in positions and positions == sorted(positions)


QUERIES: list[tuple[list[str], Callable[[Query], Query]]] = [
    (["--during", "2014"], lambda query: query.during("2014")),
    (["--during", "2014", "--mode", "certain"], lambda query: query.during("2014", "certain")),
    (["--between", "2017-04", "2017-09"], lambda query: query.between("2017-04", "2017-09")),
    (["--at", "2014-04-10"], lambda query: query.at("2014-04-10")),
    (["--at", "2014-04-10", "--mode", "certain"], lambda query: query.at("2014-04-10", "certain")),
    (["--before", "2015"], lambda query: query.before("2015")),
    (["--after", "2017-08-31"], lambda query: query.after("2017-08-31")),
    (["--actor", "Russia", "--actor", "China"], lambda query: query.involving("Russia", "China")),
    (
        ["--actor", "Russia", "--actor", "China", "--all-actors"],
        lambda query: query.involving("Russia", "China", every=True),
    ),
    (["--country", "SY", "--country", "UA"], lambda query: query.in_country("SY", "UA")),
    (["--region", "Idlib", "--region", "Homs"], lambda query: query.in_region("Idlib", "Homs")),
    (["--tag", "sanctions"], lambda query: query.tagged("sanctions")),
    (["--source", "Reuters"], lambda query: query.reported_by("Reuters")),
    (["--precision", "day"], lambda query: query.precise_to("day")),
    (["--text", "nuclear"], lambda query: query.matching("nuclear")),
    (["--near", "Damascus", "--km", "300"], lambda query: query.near("Damascus", km=300)),
    (["--near=33.5,36.3", "--km", "300"], lambda query: query.near(33.5, 36.3, km=300)),
    (["--box", "30", "30", "40", "40"], lambda query: query.within_box(30, 30, 40, 40)),
    (
        ["--tag", "missiles", "--country", "KP", "--before", "2017-08"],
        lambda query: query.tagged("missiles").in_country("KP").before("2017-08"),
    ),
]


def test_every_query_filter_option_is_tried() -> None:
    tried = {option.split("=")[0] for options, _ in QUERIES for option in options}
    filters = {"--during", "--between", "--at", "--before", "--after", "--mode", "--actor"}
    filters |= {"--all-actors", "--country", "--region", "--tag", "--source", "--precision"}
    filters |= {"--text", "--near", "--km", "--box"}
    assert filters <= tried


@pytest.mark.parametrize(("options", "build"), QUERIES)
def test_query_options_select_what_the_query_api_selects(
    seed_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    build: Callable[[Query], Query],
) -> None:
    expected = [event.id for event in build(examples.load("seed").query())]
    assert 0 < len(expected) < 23 or "certain" in options  # each case must tell something
    result = tmp_path / "result.json"
    assert main(["query", str(seed_file), *options, "-o", str(result), "--quiet"]) == 0
    assert [event.id for event in Timeline.load(result)] == expected
    assert main(["query", str(seed_file), "--count", *options]) == 0
    assert capsys.readouterr().out == f"{len(expected)}\n"


def test_query_prints_the_matching_events_in_order(
    seed_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", str(seed_file), "--actor", "north korea", "--after", "2017-08-31"]) == 0
    output = capsys.readouterr().out
    assert output.startswith("Russia and the world, 2014-2017 (4 events)\n")
    assert in_order(
        output,
        "\n3 September 2017           North Korea's sixth nuclear test\n",
        "\n11 September 2017          UN Security Council resolution 2375\n",
        "\n28 September 2017          China orders North Korean firms to close\n",
        "\n1 October 2017             Russia's TransTeleCom connects North Korea to the internet\n",
    )
    seed = examples.load("seed")
    expected = seed.query().involving("North Korea").after("2017-08-31").timeline()
    assert output == format_timeline(expected) + "\n"


def test_query_groups_and_counts_groups(
    seed_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", str(seed_file), "--group-by", "year", "--count"]) == 0
    assert capsys.readouterr().out == "2013\t1\n2014\t4\n2015\t1\n2017\t17\n"
    assert (
        main(["query", str(seed_file), "--near", "Damascus", "--km", "300", "--group-by", "month"])
        == 0
    )
    output = capsys.readouterr().out
    assert in_order(
        output,
        "2015-09 (1 event)\n-----------------\n",
        "Russian military intervention in Syria",
        "\n2017-04 (2 events)\n------------------\n",
        "Sarin attack on Khan Shaykhun",
        "US missile strike on Shayrat air base",
    )
    groups = examples.load("seed").query().near("Damascus", km=300).group_by("month")
    assert output == format_groups(groups) + "\n"


@pytest.mark.parametrize("count", [[], ["--count"]])
def test_query_with_no_groups_prints_nothing(
    seed_file: Path, capsys: pytest.CaptureFixture[str], count: list[str]
) -> None:
    assert main(["query", str(seed_file), "--during", "1999", "--group-by", "tag", *count]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(("name", "format"), [("korea.yaml", None), ("korea.out", "csv")])
def test_query_writes_the_result_in_any_format(
    seed_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    format: str | None,
) -> None:
    target = tmp_path / name
    to = [] if format is None else ["--to", format]
    assert main(["query", str(seed_file), "--country", "KP", "-o", str(target), *to]) == 0
    expected = examples.load("seed").query().in_country("KP").timeline()
    assert list(io.load(target, format)) == list(expected)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"wrote {len(expected)} events to {target} ({format or 'yaml'})\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--during", "2017-02-30"], "day 30 is out of range for February 2017"),
        (["--precision", "fortnight"], "fortnight"),
        (["--near=33.5,east", "--km", "10"], "'33.5,east' is neither a place name nor LAT,LON"),
        (["--near", "Xyzzyville", "--km", "10"], "Xyzzyville"),
    ],
)
def test_query_with_a_bad_filter_fails_with_a_message(
    seed_file: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    assert main(["query", str(seed_file), *options]) == 1
    error = capsys.readouterr().err
    assert error.startswith("geotimeline: ")
    assert message in error


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--near", "Damascus"], "--near needs --km"),
        (["--km", "5"], "--km is for --near"),
        (["--to", "csv"], "--to is for --output"),
        (["--group-by", "year", "-o", "x.json"], "not allowed with argument"),
        (["--group-by", "decade"], "invalid choice: 'decade'"),
        (["--mode", "likely"], "invalid choice: 'likely'"),
    ],
)
def test_query_usage_errors_exit_with_status_2(
    seed_file: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    assert main(["query", str(seed_file), *options]) == 2
    error = capsys.readouterr().err
    assert error.startswith("usage: geotimeline query")
    assert message in error


# -- diff and merge ----------------------------------------------------------------------------


@pytest.fixture
def edits(tmp_path: Path) -> dict[str, Path]:
    """The seed timeline and three edits of it, saved: a retitled event, an added event, and
    a retitling that conflicts with the first."""
    seed = examples.load("seed")
    crimea = seed[CRIMEA]
    ours, theirs, rival = seed.copy(), seed.copy(), seed.copy()
    ours.replace(attrs.evolve(crimea, title="Russia annexes Crimea after a referendum"))
    theirs.add(Event(title="Trump and Putin meet in Da Nang", when="2017-11-11"))
    rival.replace(attrs.evolve(crimea, title="Crimea annexed"))
    paths = {}
    for name, timeline in [("base", seed), ("ours", ours), ("theirs", theirs), ("rival", rival)]:
        paths[name] = tmp_path / f"{name}.json"
        timeline.save(paths[name])
    return paths


def test_diff_of_equal_files_exits_0(
    edits: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(edits["base"]), str(edits["base"])]) == 0
    assert capsys.readouterr().out == "0 added, 0 removed, 0 changed\n"


def test_diff_prints_the_changes_and_exits_1(
    edits: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(edits["base"]), str(edits["ours"])]) == 1
    assert capsys.readouterr().out == (
        "0 added, 0 removed, 1 changed\n"
        "~ 2014-03-18  Russia annexes Crimea after a referendum\n"
        "    title: 'Russia annexes Crimea' → 'Russia annexes Crimea after a referendum'\n"
    )
    assert main(["diff", str(edits["base"]), str(edits["ours"]), "--color", "always"]) == 1
    assert "\x1b[" in capsys.readouterr().out


def test_diff_json_reads_back_as_the_same_diff(
    edits: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(edits["base"]), str(edits["theirs"]), "--json"]) == 1
    difference = TimelineDiff.from_json(capsys.readouterr().out)
    base, theirs = Timeline.load(edits["base"]), Timeline.load(edits["theirs"])
    assert difference.apply(base) == theirs


def test_diff_patch_turns_the_old_document_into_the_new(
    edits: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = edits["base"], edits["theirs"]
    assert main(["diff", str(old), str(new), "--patch"]) == 1
    patch = json.loads(capsys.readouterr().out)
    document = json.loads(old.read_text(encoding="utf-8"))
    assert jsonpatch.apply_patch(document, patch) == json.loads(new.read_text(encoding="utf-8"))


def test_diff_by_content_pairs_renamed_events(
    edits: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    renamed = Timeline.load(edits["ours"])
    event = renamed[CRIMEA]
    renamed.remove(CRIMEA)
    renamed.add(attrs.evolve(event, id="crimea"))
    renamed.save(tmp_path / "renamed.json")
    assert main(["diff", str(edits["base"]), str(tmp_path / "renamed.json")]) == 1
    assert capsys.readouterr().out.startswith("1 added, 1 removed, 0 changed\n")
    command = ["diff", str(edits["base"]), str(tmp_path / "renamed.json"), "--match", "content"]
    assert main(command) == 1
    assert capsys.readouterr().out.startswith("0 added, 0 removed, 1 changed\n")


def test_diff_trouble_exits_2(edits: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(edits["base"]), "missing.json"]) == 2
    assert "missing.json" in capsys.readouterr().err


def test_merge_writes_a_clean_merge(
    edits: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "merged.json"
    assert (
        main(["merge", *(str(edits[name]) for name in ("base", "ours", "theirs")), "-o", str(out)])
        == 0
    )
    merged = Timeline.load(out)
    assert merged[CRIMEA].title == "Russia annexes Crimea after a referendum"
    assert "2017-11-11-trump-and-putin-meet-in-da-nang" in merged
    assert len(merged) == 24
    assert capsys.readouterr().err == f"wrote 24 events to {out} (native)\n"


def test_merge_without_output_prints_the_native_json(
    edits: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["merge", *(str(edits[name]) for name in ("base", "ours", "theirs"))]) == 0
    merged = Timeline.load(edits["ours"])
    merged.add(Event(title="Trump and Putin meet in Da Nang", when="2017-11-11"))
    from geotimeline.io import native

    assert native.loads(capsys.readouterr().out) == merged


def test_merge_with_conflicts_writes_nothing_and_exits_1(
    edits: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "merged.json"
    command = ["merge", str(edits["base"]), str(edits["ours"]), str(edits["rival"]), "-o", str(out)]
    assert main(command) == 1
    assert not out.exists()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"conflict: {CRIMEA}: both changed title: 'Russia annexes Crimea' → "
        "ours 'Russia annexes Crimea after a referendum', theirs 'Crimea annexed'",
        "geotimeline: 1 unresolved conflict; nothing written (settle them by hand, or give "
        "--prefer)",
    ]


def test_merge_with_a_preference_settles_conflicts(
    edits: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "merged.yaml"
    command = ["merge", str(edits["base"]), str(edits["ours"]), str(edits["rival"]), "-o", str(out)]
    assert main([*command, "--prefer", "theirs"]) == 0
    assert io.load(out)[CRIMEA].title == "Crimea annexed"
    assert "(took theirs)" in capsys.readouterr().err
    assert main([*command, "--prefer", "ours", "--quiet"]) == 0
    assert io.load(out)[CRIMEA].title == "Russia annexes Crimea after a referendum"
    assert capsys.readouterr().err == ""


def test_merge_trouble_exits_2(edits: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["merge", str(edits["base"]), str(edits["ours"]), "missing.json"]) == 2
    assert "missing.json" in capsys.readouterr().err


# -- progress bars -----------------------------------------------------------------------------


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    path = tmp_path / "big.json"
    Timeline(Event(title=f"Event {number}", when="2017-07") for number in range(3000)).save(path)
    return path


def pretend_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard error looks like a terminal, and bars show at once rather than after a delay.

    Called in the test itself: standard error is the captured stream only once it runs.
    """
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(cli, "_PROGRESS_DELAY", 0)


def test_a_terminal_shows_progress_bars(
    big_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pretend_a_terminal(monkeypatch)
    assert main(["convert", str(big_file), str(tmp_path / "copy.json")]) == 0
    error = capsys.readouterr().err
    assert "reading big.json:" in error
    assert "B/s]" in error  # the reading bar counts bytes
    assert "writing copy.json:" in error
    assert "event/s]" in error  # the writing bar counts events
    assert error.endswith("wrote 3000 events to " + str(tmp_path / "copy.json") + " (native)\n")


@pytest.mark.parametrize("option", ["--quiet", "--no-progress"])
def test_progress_bars_can_be_turned_off(
    big_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    option: str,
) -> None:
    pretend_a_terminal(monkeypatch)
    assert main(["show", str(big_file), option]) == 0
    assert capsys.readouterr().err == ""


def test_formats_that_do_not_report_show_no_bar(
    seed_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pretend_a_terminal(monkeypatch)
    assert main(["convert", str(seed_file), str(tmp_path / "seed.csv")]) == 0
    error = capsys.readouterr().err
    assert "reading seed.json" in error
    assert "writing" not in error


def test_a_pipe_shows_no_progress_bar(big_file: Path, tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "geotimeline",
        "convert",
        str(big_file),
        str(tmp_path / "c.json"),
    ]
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    assert finished.stderr == f"wrote 3000 events to {tmp_path / 'c.json'} (native)\n"


# -- every format through convert -------------------------------------------------------------


def test_convert_moves_the_seed_timeline_through_every_format(
    seed_file: Path, tmp_path: Path
) -> None:
    seed = examples.load("seed")
    writable = [spec for spec in io.FORMATS.values() if spec.can_write]
    assert {spec.name for spec in writable} == {
        "native",
        "yaml",
        "csv",
        "timelinejs",
        "timelinejs-sheet",
        "geojson",
        "ical",
        "parquet",
    }
    for spec in writable:
        exported = tmp_path / f"seed.{spec.name}"
        assert main(["convert", str(seed_file), str(exported), "--to", spec.name, "-q"]) == 0
        if spec.can_read:
            back = tmp_path / f"back-from-{spec.name}.json"
            assert main(["convert", str(exported), str(back), "--from", spec.name, "-q"]) == 0
            if spec.lossless:
                # Every lossless format keeps the events; CSV, one event a row, has no title row.
                assert list(Timeline.load(back)) == list(seed), spec.name
            else:  # TimelineJS keeps the titles and the days, if not all the rest
                read = [(event.title, event.when.earliest) for event in Timeline.load(back)]
                assert sorted(read) == sorted((e.title, e.when.earliest) for e in seed)
        if spec.name in VALIDATORS:
            VALIDATORS[spec.name](exported.read_text(encoding="utf-8"))


def _valid_timelinejs(text: str) -> None:
    document = json.loads(text)
    jsonschema.validate(document, TIMELINEJS_SCHEMA)
    assert len(document["events"]) == 23


def _valid_geojson(text: str) -> None:
    collection = geojson.loads(text)
    assert isinstance(collection, geojson.FeatureCollection)
    assert collection.is_valid, collection.errors()
    assert collection["features"]


def _valid_ical(text: str) -> None:
    calendar = icalendar.Calendar.from_ical(text)
    assert len(calendar.walk("VEVENT")) == 23


VALIDATORS = {"timelinejs": _valid_timelinejs, "geojson": _valid_geojson, "ical": _valid_ical}


def test_an_output_that_cannot_be_written_fails_with_a_message(
    seed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-folder" / "out.csv"
    assert main(["convert", str(seed_file), str(target)]) == 1
    assert capsys.readouterr().err == (
        f"geotimeline: {target}: cannot be written: No such file or directory\n"
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_that_cannot_show_a_character_gets_an_escape_not_a_traceback(
    encoding: str,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "geotimeline", "demo"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(encoding, "replace")
    output = result.stdout.decode(encoding)
    assert "Russia and the world, 2014-2017" in output
    assert "\\u2013" in output or "–" in output  # the en dash, escaped where it cannot be shown
    assert b"Traceback" not in result.stderr


# -- pipes: "-" is standard input, and standard output after -o --------------------------------


def test_a_dash_reads_standard_input(
    seed_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", StringIO(seed_file.read_text(encoding="utf-8")))
    assert main(["query", "-", "--near", "Damascus", "--km", "500", "--count"]) == 0
    assert capsys.readouterr().out.strip() == "4"


@pytest.mark.parametrize("format", ["native", "yaml", "csv"])
def test_dash_output_writes_the_timeline_alone_to_standard_output(
    seed_file: Path, capsys: pytest.CaptureFixture[str], format: str
) -> None:
    # "-o -" used to create a file named "-".
    assert main(["convert", str(seed_file), "-", "--to", format]) == 0
    captured = capsys.readouterr()
    assert not Path("-").exists()
    reread = io.FORMATS[format].loads(captured.out)
    assert list(reread) == list(examples.load("seed"))  # CSV keeps the events, not the title
    assert "wrote" not in captured.out


def test_a_pipe_runs_from_one_command_into_the_next(seed_file: Path) -> None:
    to_csv = subprocess.run(
        [sys.executable, "-m", "geotimeline", "convert", str(seed_file), "-", "--to", "csv"],
        capture_output=True,
        check=True,
    )
    validate = subprocess.run(
        [sys.executable, "-m", "geotimeline", "validate", "-", "--format", "csv"],
        input=to_csv.stdout,
        capture_output=True,
        check=False,
    )
    assert validate.returncode == 0, validate.stderr
    assert validate.stdout.decode().strip() == "-: ok, 23 events"


def test_standard_input_is_read_once(
    seed_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", StringIO(seed_file.read_text(encoding="utf-8")))
    assert main(["diff", "-", "-"]) == 2
    assert "standard input can be read only once" in capsys.readouterr().err


def test_query_output_to_standard_output(
    seed_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", str(seed_file), "--actor", "North Korea", "-o", "-", "--to", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("id,title,when")
    expected = examples.load("seed").query().involving("North Korea")
    assert list(io.FORMATS["csv"].loads(out)) == list(expected)


@pytest.mark.parametrize("command", ["show", "query", "validate"])
def test_control_characters_in_a_file_are_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # A title that would retitle a terminal window, clear the screen or reverse the text.
    hostile = "Talks\x1b]0;owned\x07 in \x1b[2JAstana\u202e"
    path = tmp_path / "hostile.json"
    Timeline([Event(title=hostile, when="2017-01-23", actors=["Russia\x1b[8m"])]).save(path)
    assert (
        main(
            [command, str(path), "--color", "always"]
            if command != "validate"
            else [command, str(path)]
        )
        == 0
    )
    out = capsys.readouterr().out
    for raw in ("\x07", "\x1b]", "\x1b[2J", "\x1b[8m", "\u202e"):
        assert raw not in out
    if command != "validate":
        assert "\\x1b]0;owned\\x07" in out
        assert "\\u202e" in out
        assert "\x1b[" in out  # geotimeline's own colours still go through


def test_a_diff_prints_hostile_values_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    Timeline([Event(id="a", title="Talks", when="2017")]).save(old)
    Timeline([Event(id="a", title="Talks\x1b[2J", when="2017")]).save(new)
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "\x1b[2J" not in out
    assert "\\x1b[2J" in out
