"""A process killed in the middle of ``save`` never leaves a broken or missing file behind.

A child process saves two different timelines to one path, over and over, and is killed with
SIGKILL at a random moment. After every kill, the file must load and equal one of the two.
``GEOTIMELINE_CRASH_ROUNDS`` sets how many kills: the normal run does a dozen, the robustness
campaign a few hundred.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from geotimeline import Event, Timeline
from geotimeline.io.files import temporary_name

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

ROUNDS = int(os.environ.get("GEOTIMELINE_CRASH_ROUNDS", "12"))

# The child builds its two timelines once, says it is ready, then saves until it is killed.
_CHILD = textwrap.dedent(
    """
    import sys
    from geotimeline import Event, Timeline

    def timeline(version):
        return Timeline(
            (Event(id=f"e{n}", title=f"Event {n} v{version}", when="2017-07", summary="x" * 200)
             for n in range(2000)),
            title=f"version {version}",
        )

    versions = [timeline(1), timeline(2)]
    print("ready", flush=True)
    for round in range(10**9):
        versions[round % 2].save(sys.argv[1])
    """
)


def _saved_titles(path: Path) -> str | None:
    return Timeline.load(path).title


def test_a_killed_save_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "timeline.json"
    Timeline([Event(id="e0", title="The first version", when="2017")], title="version 0").save(path)
    rng = random.Random(2017)
    temporary = Path(temporary_name(path))
    seen = set()
    for _ in range(ROUNDS):
        with subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(path)], stdout=subprocess.PIPE, text=True
        ) as child:
            assert child.stdout is not None
            assert child.stdout.readline() == "ready\n"
            time.sleep(rng.uniform(0, 0.3))
            child.send_signal(signal.SIGKILL)
            child.wait()
        title = _saved_titles(path)
        assert title in {"version 0", "version 1", "version 2"}
        seen.add(title)
        # A kill leaves at most the one temporary file of the target, whatever came before.
        assert {entry.name for entry in tmp_path.iterdir()} <= {path.name, temporary.name}
    # The kills did land during saves: the file changed while the children ran.
    assert seen & {"version 1", "version 2"}
    # The next save takes over the temporary a killed one left.
    Timeline.load(path).save(path)
    assert [entry.name for entry in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize("failing", ["os.replace", "os.fsync"])
def test_a_failed_save_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "timeline.json"
    Timeline([Event(title="Russia annexes Crimea", when="2014-03-18")]).save(path)
    before = path.read_bytes()

    def disk_full(*arguments: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(failing, disk_full)
    with pytest.raises(OSError, match="No space left"):
        Timeline([Event(title="Talks", when="2017")]).save(path)
    assert path.read_bytes() == before
    # The temporary file is gone too.
    assert [entry.name for entry in tmp_path.iterdir()] == ["timeline.json"]
