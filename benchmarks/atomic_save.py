"""What a safe save costs: ``io.files.write_atomically`` against the plain ways to write a file.

Run: ``python benchmarks/atomic_save.py [--events 100000] [--repeat 21] [--folder DIR]``

Everything runs in this process, writing the same text (the native JSON of a synthetic
timeline, see ``synthetic.py``) into one folder:

- ``write_atomically``: the save every format uses (symlinks followed, special files and hard
  links refused, the temporary locked, owner and mode kept, the file and the folder flushed);
- baseline ``NamedTemporaryFile``: the earlier save, a temporary file of a random name beside
  the target, flushed, given the target's mode and renamed over it;
- floor ``open(path, "w")``: writing the file in place, with no temporary and no flush (a crash
  part-way leaves half a file).

Each is timed for a small timeline (10 events: the file system's calls dominate) and a large
one (``--events``: the writing dominates). Reading is timed too: a file's lines read as
``utf-8-sig`` (which skips a byte order mark, as ``native.load`` now reads) against ``utf-8``.
Times are medians of ``--repeat`` rounds; ratios are ours / baseline, below 1 when faster.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from measure import machine_line, median_time
from synthetic import make_events

from geotimeline import Timeline
from geotimeline.io import native
from geotimeline.io.files import write_atomically


def named_temporary_file(path: Path, text: str) -> None:
    """The earlier save: a temporary file of a random name, flushed, moded and renamed."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp",
        delete=False, newline="",
    )  # fmt: skip
    with handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(handle.name, path.stat().st_mode & 0o777)
    os.replace(handle.name, path)


def in_place(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def read_lines(path: Path, encoding: str) -> int:
    with path.open(encoding=encoding) as handle:
        return sum(1 for _ in handle)


def compare(
    label: str, path: Path, text: str, repeat: int
) -> list[tuple[str, str, float, float | None]]:
    def timing(write: Callable[[Path, str], None]) -> float:
        return median_time(lambda: write(path, text), repeat)

    ours = timing(lambda target, body: write_atomically(target, lambda put: put(body)))
    baseline = timing(named_temporary_file)
    floor = timing(in_place)
    return [
        (label, "write_atomically", ours, None),
        (label, "NamedTemporaryFile (baseline)", baseline, ours / baseline),
        (label, 'open(path, "w") (floor, unsafe)', floor, ours / floor),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--folder", type=Path, default=None, help="where to write (a temp dir)")
    arguments = parser.parse_args()
    print(machine_line())
    with tempfile.TemporaryDirectory(dir=arguments.folder) as folder:
        path = Path(folder, "timeline.json")
        small = native.dumps(Timeline(make_events(10, seed=arguments.seed)))
        large = native.dumps(Timeline(make_events(arguments.events, seed=arguments.seed)))
        path.write_text(small, encoding="utf-8")
        rows = compare("save, 10 events", path, small, arguments.repeat)
        large_label = f"save, {arguments.events:,} events"
        rows += compare(large_label, path, large, arguments.repeat // 4 + 1)
        path.write_text(large, encoding="utf-8")
        sig = median_time(lambda: read_lines(path, "utf-8-sig"), arguments.repeat)
        plain = median_time(lambda: read_lines(path, "utf-8"), arguments.repeat)
        rows += [
            (f"read lines, {arguments.events:,} events", "utf-8-sig", sig, None),
            (f"read lines, {arguments.events:,} events", "utf-8 (baseline)", plain, sig / plain),
        ]
    print("\n| step | implementation | median | ours / this |\n|---|---|---:|---:|")
    for step, implementation, seconds, ratio in rows:
        shown = "" if ratio is None else f"{ratio:.2f}"
        print(f"| {step} | {implementation} | {seconds * 1000:.3f} ms | {shown} |")


if __name__ == "__main__":
    main()
