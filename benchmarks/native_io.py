"""Save and load a large timeline in the native JSON format, against plain-JSON baselines.

Run: ``python benchmarks/native_io.py [--events 1000000] [--seed 2017] [--no-memory]``

Everything runs in this process on the same synthetic timeline (see ``synthetic.py``):

- writing: ``native.save`` (to a file, atomically) and ``native.dumps``, against the baseline
  ``json.dump`` of the same document, already unstructured into dicts, to a file (the C
  encoder's floor), and ``json.dumps`` of it;
- reading: ``native.load`` (streamed from the file) and ``native.loads``, against the baseline
  ``json.load`` of the same file; against ``json.loads`` of its text; against ``json.loads``
  plus building the same events directly from its dicts with ``Event(...)``: the floor for a
  reader that validates every event through the constructor; and against ``native.load`` with
  its quick route for the usual event turned off, every event through ``Event(...)``.

Every row runs with the cycle collector paused, as the native reader pauses it for itself:
``json.load`` with the collector on took four times as long at a million events, which made
the load look far closer to the decoder than it is. Times are wall-clock seconds, the median
of ``--repeat`` rounds (default 1: the work is large; use 5 at 100,000 events), the rows
interleaved in an order shuffled each round (``measure.interleaved``), also given per million
events. The peak memory of each step is measured in another run under
``tracemalloc`` (which slows it down), as the most memory held at once beyond what existed
before the step.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measure import interleaved, machine_line, paused_gc, peak_bytes
from synthetic import make_events

from geotimeline import Event, Place, Source, Timeline
from geotimeline.io import _event_json, native


def json_loads_paused(text: str) -> Any:
    """``json.loads`` with the cycle collector paused, as the native reader pauses it."""
    with paused_gc():
        return json.loads(text)


def load_by_constructor(path: Path) -> Timeline:
    """``native.load`` with its quick route off: every event made by ``Event(...)``."""
    fits = _event_json._QUICK_ROUTE_FITS
    _event_json._QUICK_ROUTE_FITS = False  # type: ignore[misc]
    try:
        return native.load(path)
    finally:
        _event_json._QUICK_ROUTE_FITS = fits  # type: ignore[misc]


def json_load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def json_dump(document: Any, path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)


def build_directly(raw_events: list[dict[str, Any]]) -> list[Event]:
    """The events of decoded dicts, made with their constructors and no format code at all.

    The cycle collector is paused here too, as the native reader pauses it, so that the two
    differ only in what the format does.
    """
    with paused_gc():
        return _build(raw_events)


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
    parser.add_argument("--repeat", type=int, default=1, help="rounds; the median counts")
    arguments = parser.parse_args()
    count = arguments.events

    print(f"{machine_line('cattrs')}; {count:,} events, seed {arguments.seed}")
    timeline = Timeline(make_events(count, arguments.seed))
    document = {
        "format": native.FORMAT_NAME,
        "version": native.FORMAT_VERSION,
        "events": [native.unstructure_event(event) for event in timeline],
    }

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "timeline.json"
        plain = Path(directory) / "plain.json"
        text = native.dumps(timeline)
        size = len(text.encode())
        rows: list[tuple[str, str, Callable[[], Any]]] = [
            ("write", "json.dump(document, file)", lambda: json_dump(document, plain)),
            ("write", "json.dumps(document)", lambda: json.dumps(document, ensure_ascii=False)),
            ("write", "native.dumps(timeline)", lambda: native.dumps(timeline)),
            ("write", "native.save(timeline, path)", lambda: native.save(timeline, path)),
            ("read", "json.load(file)", lambda: json_load(path)),
            ("read", "json.loads(text), collector paused", lambda: json_loads_paused(text)),
            (
                "read",
                "json.loads + Event(...) directly",  # the floor for a constructor-built reader
                lambda: build_directly(json_loads_paused(text)["events"]),
            ),
            ("read", "native.load, quick route off", lambda: load_by_constructor(path)),
            ("read", "native.loads(text)", lambda: native.loads(text)),
            ("read", "native.load(path)", lambda: native.load(path)),
        ]
        times = interleaved({name: action for _, name, action in rows}, arguments.repeat)
        results = {}
        for kind, name, action in rows:
            memory = None if arguments.no_memory else peak_bytes(action)
            results[name] = (kind, statistics.median(times[name]), memory)
        loaded = native.load(path)
        assert loaded == timeline, "the loaded timeline differs from the saved one"
        assert load_by_constructor(path) == timeline, "the two routes disagree"

    print(f"file: {size / 1e6:.0f} MB, {size / count:.0f} bytes per event\n")
    header = f"{'step':<38}{'seconds':>8}{'s/1M':>8}{'ratio':>8}  {'peak MB':>8}{'B/event':>9}"
    print(header)
    baselines = {"write": "json.dump(document, file)", "read": "json.load(file)"}
    for name, (kind, seconds, memory) in results.items():
        ratio = seconds / results[baselines[kind]][1]
        shown = "" if memory is None else f"{memory / 1e6:>8.0f}{memory / count:>9.0f}"
        print(f"{name:<38}{seconds:>8.2f}{seconds * 1e6 / count:>8.2f}{ratio:>7.2f}x  {shown}")
    print(
        "\nratios: writes against json.dump of the ready document to a file, reads against "
        "json.load of the same file."
    )
    load = results["native.load(path)"][1]
    for name in ("json.loads + Event(...) directly", "native.load, quick route off"):
        print(f"native.load / {name}: {load / results[name][1]:.2f}x")
    print(f"events loaded per second: {count / load:,.0f}")


if __name__ == "__main__":
    main()
