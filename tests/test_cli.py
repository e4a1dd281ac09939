"""The command line: each command's output, exit status and error messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geotimeline import Event, Link, Relation, Timeline, examples
from geotimeline.cli import main


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


def test_convert_writes_the_target_format(seed_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.json"
    assert main(["convert", str(seed_file), str(target)]) == 0
    assert Timeline.load(target) == Timeline.load(seed_file)


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


@pytest.mark.parametrize("command", ["demo", "show", "validate", "convert"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: geotimeline {command}")


def test_bad_usage_exits_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["show"])
    assert exit_info.value.code == 2
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
