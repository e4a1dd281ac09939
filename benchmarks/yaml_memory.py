"""The memory and time a YAML timeline costs to load, per byte of the file, against PyYAML.

Run: ``python benchmarks/yaml_memory.py [--events 10000] [--seed 2017] [--repeat 3]``

A realistic hand-written timeline (see ``synthetic.py``: titles, EDTF dates, actors, places,
tags, plus a summary and a source per event) is written with ``yamlfile.save``, then read by

- ``yamlfile.load``, the reader under test;
- the baseline ``yaml.load`` with PyYAML's ``SafeLoader`` (the pure-Python parser), which
  builds the same document as dicts and lists and no events;
- ``yaml.load`` with ``CSafeLoader`` (libyaml's parser), when PyYAML was built with it;
- ``native.load`` of the same timeline as native JSON, for scale.

For each it prints the peak memory held at once while loading, under ``tracemalloc``, as bytes
per byte of the file (the median of ``--repeat`` runs), the peak resident memory of a fresh
process that does only that load (``ru_maxrss`` less the process's size before it), and the
seconds per megabyte, with each one's ratio to the baseline. ``yamlfile.MAX_SIZE`` is set from
the first column: a file at the limit should cost at most about 2 GB.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measure import machine_line, peak_bytes, timed
from synthetic import make_events

from geotimeline import Event, Source, Timeline
from geotimeline.io import native, yamlfile

# The child reads its peak resident size from /proc (VmHWM): ru_maxrss survives exec, so a
# child started by a large parent would start with the parent's peak.
_CHILD = textwrap.dedent(
    """
    import sys
    sys.path[:0] = {path!r}
    from yaml_memory import READERS, peak_resident
    read = READERS[{name!r}]
    before = peak_resident()
    read({file!r})
    print(peak_resident() - before)
    """
)


def peak_resident() -> int:
    """This process's peak resident memory in bytes (Linux's VmHWM, else ru_maxrss)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def pyyaml_load(path: str, loader: Any = None) -> Any:
    import yaml

    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle.read(), Loader=loader or yaml.SafeLoader)


def pyyaml_c_load(path: str) -> Any:
    import yaml

    return pyyaml_load(path, yaml.CSafeLoader)


def native_load(path: str) -> Any:
    return native.load(Path(path).with_suffix(".json"))


READERS: dict[str, Callable[[str], Any]] = {
    "yamlfile.load": yamlfile.load,
    "PyYAML SafeLoader (baseline)": pyyaml_load,
    "PyYAML CSafeLoader": pyyaml_c_load,
    "native.load (JSON)": native_load,
}
BASELINE = "PyYAML SafeLoader (baseline)"


def timeline_of(count: int, seed: int) -> Timeline:
    """Synthetic events with what a hand-written file has: a summary and a source each."""
    events = [
        Event(
            id=event.id,
            title=event.title,
            when=event.when,
            summary=f"What happened in {event.title.lower()}, in a sentence or two of prose.",
            actors=event.actors,
            place=event.place,
            tags=event.tags,
            sources=[Source("Reuters", url=f"https://www.reuters.com/article/{event.id}")],
        )
        for event in make_events(count, seed)
    ]
    return Timeline(events, title="A synthetic timeline")


def resident_bytes(name: str, path: str) -> int:
    """The growth of a fresh process's peak resident memory over one load."""
    here = str(Path(__file__).parent)
    code = _CHILD.format(path=[here, *sys.path], name=name, file=path)
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return int(shown.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    print(machine_line("pyyaml"))
    import yaml

    print(f"PyYAML with libyaml: {yaml.__with_libyaml__}")
    if not yaml.__with_libyaml__:
        del READERS["PyYAML CSafeLoader"]
    timeline = timeline_of(options.events, options.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "timeline.yaml")
        yamlfile.save(timeline, path)
        native.save(timeline, Path(path).with_suffix(".json"))
        size = Path(path).stat().st_size
        print(f"{options.events:,} events, {size / 1e6:.1f} MB of YAML")
        rows = {
            name: measure(name, read, path, size, options.repeat) for name, read in READERS.items()
        }
    table(rows, size)


def measure(
    name: str, read: Callable[[str], Any], path: str, size: int, repeat: int
) -> tuple[float, float, float]:
    # Timed first, so that the traced runs find the modules imported and the caches warm.
    seconds, _ = timed(lambda: read(path), repeat=repeat)
    traced = statistics.median(peak_bytes(lambda: read(path)) for _ in range(repeat)) / size
    resident = statistics.median(resident_bytes(name, path) for _ in range(repeat)) / size
    print(f"  {name}: {traced:.0f} B/B traced, {resident:.0f} B/B resident, {seconds:.2f} s")
    return traced, resident, seconds / (size / 1e6)


def table(rows: dict[str, tuple[float, float, float]], size: int) -> None:
    base_traced, base_resident, base_seconds = rows[BASELINE]
    print()
    print(f"{'reader':32} {'traced B/B':>11} {'ratio':>6} {'RSS B/B':>8} {'ratio':>6} "
          f"{'s/MB':>6} {'ratio':>6}")  # fmt: skip
    for name, (traced, resident, seconds) in rows.items():
        print(
            f"{name:32} {traced:11.0f} {traced / base_traced:6.2f} {resident:8.0f} "
            f"{resident / base_resident:6.2f} {seconds:6.3f} {seconds / base_seconds:6.2f}"
        )
    traced = rows["yamlfile.load"][0]
    print(
        f"\nyamlfile.MAX_SIZE = {yamlfile.MAX_SIZE:,} characters: at {traced:.0f} B/B a file "
        f"at the limit needs about {traced * yamlfile.MAX_SIZE / 1e9:.1f} GB"
        f" (measured on {size / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
