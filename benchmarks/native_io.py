"""Save and load a large timeline in the native JSON format, against plain-JSON baselines.

Run: ``python benchmarks/native_io.py [--events 1000000] [--seed 2017] [--no-memory]``

Everything runs in this process on the same synthetic timeline (see ``synthetic.py``):

- writing: ``native.save`` (to a file, atomically) and ``native.dumps``, against
  ``json.dumps`` of the same document already unstructured into dicts (the C encoder's floor);
- reading: ``native.load`` (streamed from the file) and ``native.loads``, against
  ``json.loads`` of the same text, and against ``json.loads`` plus building the same events
  directly from its dicts with ``Event(...)``, with the cycle collector paused as the reader
  pauses it: the floor for any reader that validates every event.

Times are wall-clock seconds of one run each (the work is large enough to be stable). The peak
memory of each step is measured in a second run under ``tracemalloc`` (which slows it down),
as the most memory held at once beyond what existed before the step.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from synthetic import make_events

import geotimeline
from geotimeline import Event, Place, Source, Timeline
from geotimeline.io import native


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def peak(action: Callable[[], Any]) -> int:
    """The most bytes held at once while ``action`` runs, beyond what was held before."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = action()
    peak_bytes = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    del result
    return peak_bytes


def build_directly(raw_events: list[dict[str, Any]]) -> list[Event]:
    """The events of decoded dicts, made with their constructors and no format code at all.

    The cycle collector is paused here too, as the native reader pauses it, so that the two
    differ only in what the format does.
    """
    gc.disable()
    try:
        return _build(raw_events)
    finally:
        gc.enable()


def _build(raw_events: list[dict[str, Any]]) -> list[Event]:
    events = []
    for raw in raw_events:
        fields = dict(raw)
        if "place" in raw:
            fields["place"] = Place(**raw["place"])
        if "sources" in raw:
            fields["sources"] = [Source(**source) for source in raw["sources"]]
        events.append(Event(**fields))
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    arguments = parser.parse_args()
    count = arguments.events

    print(
        f"geotimeline {geotimeline.__version__}, cattrs {importlib.metadata.version('cattrs')}, "
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.machine()}, {os.cpu_count()} CPUs; {count:,} events, seed {arguments.seed}"
    )
    timeline = Timeline(make_events(count, arguments.seed))
    document = {
        "format": native.FORMAT_NAME,
        "version": native.FORMAT_VERSION,
        "events": [native.unstructure_event(event) for event in timeline],
    }

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "timeline.json"
        text = native.dumps(timeline)
        size = len(text.encode())
        rows: list[tuple[str, str, Callable[[], Any]]] = [
            ("write", "json.dumps(document)", lambda: json.dumps(document, ensure_ascii=False)),
            ("write", "native.dumps(timeline)", lambda: native.dumps(timeline)),
            ("write", "native.save(timeline, path)", lambda: native.save(timeline, path)),
            ("read", "json.loads(text)", lambda: json.loads(text)),
            (
                "read",
                "json.loads + Event(...) directly",  # the floor for a validating reader
                lambda: build_directly(json.loads(text)["events"]),
            ),
            ("read", "native.loads(text)", lambda: native.loads(text)),
            ("read", "native.load(path)", lambda: native.load(path)),
        ]
        results = []
        for kind, name, action in rows:
            seconds, result = timed(action)
            del result
            memory = None if arguments.no_memory else peak(action)
            results.append((kind, name, seconds, memory))
        loaded = native.load(path)
        assert loaded == timeline, "the loaded timeline differs from the saved one"

    print(f"file: {size / 1e6:.0f} MB, {size / count:.0f} bytes per event\n")
    print(f"{'step':<36}{'seconds':>9}{'ratio':>8}  {'peak MB':>8}{'B/event':>9}")
    baselines = {"write": results[0][2], "read": results[3][2]}
    for kind, name, seconds, memory in results:
        ratio = seconds / baselines[kind]
        shown = "" if memory is None else f"{memory / 1e6:>8.0f}{memory / count:>9.0f}"
        print(f"{name:<36}{seconds:>9.2f}{ratio:>7.2f}x  {shown}")
    print(
        "\nratios: writes against json.dumps of the ready document, reads against json.loads "
        "of the same text;\nthe floor for a validating reader is 'json.loads + Event(...) "
        "directly'."
    )
    read_floor = results[4][2]
    print(
        f"native.load / floor: {results[6][2] / read_floor:.2f}x; "
        f"events per second loaded: {count / results[6][2]:,.0f}"
    )


if __name__ == "__main__":
    main()
