"""Saving and loading files on disk: links, special files, owners, modes, long names, killed
saves, pipes and byte order marks (see "Files on disk" in docs/robustness.md).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from geotimeline import Event, SaveError, Timeline, io
from geotimeline.cli import main
from geotimeline.io import native
from geotimeline.io.files import temporary_name, write_atomically

from .strategies import file_names

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX links and special files")
pytestmark = POSIX

WRITABLE = [name for name, spec in io.FORMATS.items() if spec.can_write]
SUFFIXES = {"native": ".json", "yaml": ".yaml", "csv": ".csv", "timelinejs": ".json",
            "timelinejs-sheet": ".csv", "geojson": ".geojson", "ical": ".ics",
            "parquet": ".parquet"}  # fmt: skip


@pytest.fixture
def timeline() -> Timeline:
    return Timeline(
        [
            Event(title="Russia annexes Crimea", when="2014-03-18"),
            Event(title="Ceasefire in south-western Syria", when="2017-07-09"),
        ],
        title="Two events",
    )


def entries(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def refused(path: Path, timeline: Timeline, match: str) -> SaveError:
    with pytest.raises(SaveError, match=match) as caught:
        timeline.save(path)
    assert caught.value.path == str(path)
    assert str(path) in str(caught.value)
    return caught.value


# -- symbolic links ---------------------------------------------------------------------------


@pytest.mark.parametrize("format", WRITABLE)
def test_a_save_through_a_symlink_writes_its_target(
    tmp_path: Path, timeline: Timeline, format: str
) -> None:
    real = tmp_path / "data" / f"real{SUFFIXES[format]}"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / f"link{SUFFIXES[format]}"
    link.symlink_to(Path("data") / real.name)  # relative, as links usually are
    io.save(timeline, link, format)
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("data", real.name)
    spec = io.FORMATS[format]
    assert real.read_bytes() not in {b"", b"old"}
    if spec.can_read:
        assert list(spec.load(real)) == list(timeline)
    assert entries(tmp_path) == ["data", link.name]
    assert entries(real.parent) == [real.name]


def test_a_chain_of_symlinks_is_followed_to_the_end(tmp_path: Path, timeline: Timeline) -> None:
    real = tmp_path / "real.json"
    (tmp_path / "middle.json").symlink_to(real)
    (tmp_path / "first.json").symlink_to(tmp_path / "middle.json")
    timeline.save(tmp_path / "first.json")
    assert Timeline.load(real) == timeline
    assert (tmp_path / "first.json").is_symlink()
    assert (tmp_path / "middle.json").is_symlink()


def test_a_dangling_symlink_gets_its_target_created(tmp_path: Path, timeline: Timeline) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("new.json")
    timeline.save(link)
    assert link.is_symlink()
    assert Timeline.load(tmp_path / "new.json") == timeline


def test_a_symlink_loop_is_refused(tmp_path: Path, timeline: Timeline) -> None:
    (tmp_path / "a.json").symlink_to("b.json")
    (tmp_path / "b.json").symlink_to("a.json")
    refused(tmp_path / "a.json", timeline, "loops")
    assert entries(tmp_path) == ["a.json", "b.json"]


def test_a_symlink_planted_at_the_temporary_name_is_not_followed(
    tmp_path: Path, timeline: Timeline
) -> None:
    # In a folder others can write to, a link where the next save's temporary goes could
    # point that save at someone's file.
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "timeline.json"
    Path(temporary_name(target)).symlink_to(victim)
    timeline.save(target)
    assert victim.read_text() == "precious"
    assert Timeline.load(target) == timeline
    assert entries(tmp_path) == sorted(
        [Path(temporary_name(target)).name, target.name, victim.name]
    )


# -- hard links and special files -------------------------------------------------------------


def test_a_file_with_hard_links_is_refused_and_left_alone(
    tmp_path: Path, timeline: Timeline
) -> None:
    path = tmp_path / "timeline.json"
    path.write_text("old")
    os.link(path, tmp_path / "other-name.json")
    refused(path, timeline, "2 hard links")
    assert path.read_text() == "old"
    assert os.path.samefile(path, tmp_path / "other-name.json")
    assert entries(tmp_path) == ["other-name.json", "timeline.json"]


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("directory", "a directory"), ("fifo", "a FIFO"), ("socket", "a socket")],
)
def test_a_special_file_is_refused_before_anything_is_written(
    tmp_path: Path, timeline: Timeline, monkeypatch: pytest.MonkeyPatch, kind: str, reason: str
) -> None:
    path = tmp_path / "timeline.json"
    listener = socket.socket(socket.AF_UNIX)
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        _fifo(path)
    else:
        monkeypatch.chdir(tmp_path)  # a socket's address is short: bind it by its bare name
        listener.bind(path.name)
    # Opening a FIFO to write blocks until a reader comes: a save that opened it would hang.
    outcome: list[BaseException] = []

    def save() -> None:
        try:
            timeline.save(path)
        except BaseException as error:
            outcome.append(error)

    saver = threading.Thread(target=save, daemon=True)
    saver.start()
    saver.join(timeout=10)
    assert not saver.is_alive(), "the save blocked"
    [error] = outcome
    assert isinstance(error, SaveError)
    assert str(error).startswith(f"{path}: cannot be written: is {reason}")
    assert entries(tmp_path) == ["timeline.json"]
    mode = path.lstat().st_mode
    assert {"directory": stat.S_ISDIR, "fifo": stat.S_ISFIFO, "socket": stat.S_ISSOCK}[kind](mode)
    listener.close()


@pytest.mark.skipif(not os.path.exists(os.devnull), reason="no /dev/null")
def test_dev_null_is_refused_and_stays_a_device(timeline: Timeline) -> None:
    # As root, a rename over /dev/null would make it a regular file for every program.
    device = Path(os.devnull)
    refused(device, timeline, "is a character device, not a regular file")
    assert stat.S_ISCHR(device.stat().st_mode)


def test_a_link_to_a_device_is_refused(tmp_path: Path, timeline: Timeline) -> None:
    link = tmp_path / "timeline.json"
    link.symlink_to(os.devnull)
    refused(link, timeline, "character device")
    assert link.is_symlink()


# -- owner and permissions --------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o664, 0o444])
def test_a_save_keeps_the_mode_of_the_file_it_replaces(
    tmp_path: Path, timeline: Timeline, mode: int
) -> None:
    path = tmp_path / "timeline.json"
    path.write_text("old")
    path.chmod(mode)
    timeline.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_file_gets_the_usual_mode_for_the_umask(
    tmp_path: Path, timeline: Timeline, umask: int
) -> None:
    previous = os.umask(umask)
    try:
        timeline.save(tmp_path / "timeline.json")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "timeline.json").stat().st_mode) == 0o666 & ~umask


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_save_by_root_keeps_the_owner(tmp_path: Path, timeline: Timeline) -> None:
    path = tmp_path / "timeline.json"
    path.write_text("old")
    os.chown(path, 4321, 8765)
    path.chmod(0o640)
    timeline.save(path)
    status = path.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (4321, 8765, 0o640)


# -- errors name the target -------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["fsync", "replace", "open"])
def test_an_error_names_the_target_not_the_temporary_file(
    tmp_path: Path, timeline: Timeline, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "timeline.json"
    timeline.save(path)
    before = path.read_bytes()
    temporary = temporary_name(path)

    def disk_full(*arguments: object, **options: object) -> None:
        # As the system says it: naming the file it was given, the temporary one.
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), temporary)

    monkeypatch.setattr(os, failing, disk_full)
    with pytest.raises(SaveError) as caught:
        Timeline([Event(title="Talks", when="2017")]).save(path)
    monkeypatch.undo()
    error = caught.value
    assert str(error) == f"{path}: cannot be written: {os.strerror(errno.ENOSPC)}"
    assert ".tmp" not in str(error)
    assert isinstance(error, OSError)
    assert error.errno == errno.ENOSPC
    assert isinstance(error.__cause__, OSError)
    assert path.read_bytes() == before
    assert entries(tmp_path) == ["timeline.json"]


def test_a_missing_folder_is_named_in_the_error(tmp_path: Path, timeline: Timeline) -> None:
    path = tmp_path / "no such folder" / "timeline.json"
    error = refused(path, timeline, "No such file or directory")
    assert error.errno == errno.ENOENT


def test_an_error_from_the_format_goes_through_as_it_is(tmp_path: Path) -> None:
    class RefusalError(Exception):
        pass

    def produce(write: object) -> None:
        raise RefusalError

    with pytest.raises(RefusalError):
        write_atomically(tmp_path / "timeline.json", produce)
    assert entries(tmp_path) == []


def test_the_command_line_names_the_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], timeline: Timeline
) -> None:
    source = tmp_path / "source.json"
    timeline.save(source)
    assert main(["convert", str(source), os.devnull, "--to", "native"]) == 1
    error = capsys.readouterr().err
    assert f"{os.devnull}: cannot be written: is a character device" in error
    assert "Traceback" not in error
    assert ".tmp" not in error


# -- long names -------------------------------------------------------------------------------


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


@pytest.mark.parametrize("letter", ["x", "é", "年", "🗺"])
def test_a_name_as_long_as_the_system_allows_saves(
    tmp_path: Path, timeline: Timeline, letter: str
) -> None:
    room = _name_max(tmp_path) - len(".json")
    name = letter * (room // len(letter.encode())) + "x" * (room % len(letter.encode())) + ".json"
    assert len(name.encode()) == _name_max(tmp_path)
    timeline.save(tmp_path / name)
    assert Timeline.load(tmp_path / name) == timeline
    assert entries(tmp_path) == [name]


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=file_names())
def test_every_file_name_saves_and_leaves_nothing_else(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "names"
    folder.mkdir(exist_ok=True)
    path = folder / name
    # Any name at all: the format is named, not read from an ending the name may not have.
    Timeline([Event(title="Talks", when="2014")]).save(path, format="native")
    Timeline([Event(title="Talks", when="2015")]).save(path, format="native")  # over the first
    assert str(Timeline.load(path, format="native").first.when) == "2015"
    assert entries(folder) == [name]
    path.unlink()


@given(name=file_names())
def test_a_temporary_name_fits_and_tells_its_target(name: str) -> None:
    temporary = os.path.basename(temporary_name(os.path.join("folder", name)))
    assert len(os.fsencode(temporary)) <= 255
    assert temporary.startswith(".")
    assert temporary.endswith(".tmp")
    assert temporary != name
    # Targets whose names share their first 255 bytes still get temporaries of their own.
    assert temporary_name(name + "a") != temporary_name(name + "b")


# -- killed saves -----------------------------------------------------------------------------

# Saves a large timeline to argv[1], saying when it is part-way, and then sleeping (inside
# the save) for argv[2] seconds before it goes on.
_SAVER = textwrap.dedent(
    """
    import sys, time
    from geotimeline import Event, Timeline
    from geotimeline.io import native

    timeline = Timeline(
        (Event(id=f"e{n}", title=f"Event {n}", when="2017-07") for n in range(3000)),
        title="from the child",
    )
    def progress(done, total):
        if done == 1000:
            print("part-way", flush=True)
            time.sleep(float(sys.argv[2]))
    native.save(timeline, sys.argv[1], progress)
    print("saved", flush=True)
    """
)


def _saver(path: Path, pause: float) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", _SAVER, str(path), str(pause)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "part-way\n"
    return child


def test_the_next_save_takes_over_the_temporary_of_a_killed_one(
    tmp_path: Path, timeline: Timeline
) -> None:
    path = tmp_path / "timeline.json"
    timeline.save(path)
    for _ in range(2):  # a second killed save leaves no second temporary
        with _saver(path, 600) as child:
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert entries(tmp_path) == sorted([path.name, Path(temporary_name(path)).name])
        assert Timeline.load(path) == timeline
    Timeline([Event(title="Talks", when="2017")]).save(path)
    assert entries(tmp_path) == ["timeline.json"]
    assert Timeline.load(path).first.title == "Talks"


def test_a_save_leaves_the_temporary_of_a_live_one_alone(
    tmp_path: Path, timeline: Timeline
) -> None:
    path = tmp_path / "timeline.json"
    with _saver(path, 2) as child:
        # The child is part-way through its save, its temporary locked: this save must not
        # take the temporary from under it, nor wait for it.
        timeline.save(path)
        assert Timeline.load(path) == timeline
        assert entries(tmp_path) == sorted([path.name, Path(temporary_name(path)).name])
        assert child.stdout is not None
        assert child.stdout.readline() == "saved\n"
        assert child.wait() == 0
    assert Timeline.load(path).title == "from the child"  # the later rename wins
    assert entries(tmp_path) == ["timeline.json"]


# -- reading pipes and byte order marks -------------------------------------------------------


def _feed(fifo: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        # A reader that refuses the data closes the pipe before it is all written.
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as handle:
            handle.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("layout", ["written", "pretty"])
def test_native_json_loads_from_a_fifo(
    tmp_path: Path, timeline: Timeline, bom: bytes, layout: str
) -> None:
    text = native.dumps(timeline)
    if layout == "pretty":  # not the writer's layout: read as one document
        text = text.replace("\n", "\n   ")
    fifo = _fifo(tmp_path / "timeline.json")
    reports: list[tuple[int, int]] = []
    writer = _feed(fifo, bom + text.encode())
    assert native.load(fifo, progress=lambda done, total: reports.append((done, total))) == timeline
    writer.join()
    assert reports[-1] == (len(bom + text.encode()),) * 2
    writer = _feed(fifo, bom + text.encode())
    assert io.load(fifo) == timeline
    writer.join()


def test_a_fifo_of_something_else_is_refused_at_its_first_byte(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "timeline.json")
    writer = _feed(fifo, b"\x00" * 1_000_000)
    with pytest.raises(io.FormatError, match=r"line 1: is not a timeline: .* not '\\x00'"):
        native.load(fifo)
    writer.join(timeout=10)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_native_json_loads_from_standard_input(
    tmp_path: Path, timeline: Timeline, bom: bytes
) -> None:
    data = bom + native.dumps(timeline).encode()
    program = "from geotimeline.io import native; print(native.load('/dev/stdin').title)"
    result = subprocess.run(
        [sys.executable, "-c", program], input=data, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == timeline.title
    validate = subprocess.run(
        [sys.executable, "-m", "geotimeline", "validate", "-"],
        input=data,
        capture_output=True,
        check=False,
    )
    assert validate.returncode == 0, validate.stderr.decode()
    assert validate.stdout.decode().strip() == "-: ok, 2 events"


@pytest.mark.parametrize("layout", ["written", "minified"])
def test_native_json_with_a_byte_order_mark_loads(
    tmp_path: Path, timeline: Timeline, layout: str
) -> None:
    text = native.dumps(timeline)
    if layout == "minified":
        text = text.replace("\n", "")
    path = tmp_path / "timeline.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert native.load(path) == timeline
    assert Timeline.load(path) == timeline
    assert native.loads(path.read_bytes()) == timeline
    assert native.loads(path.read_text(encoding="utf-8")) == timeline
