"""Bytes per event of a large timeline with every index built, made two ways.

Run: ``python benchmarks/memory.py [--events 100000,1000000] [--seed 2017]``

For each size, the synthetic timeline of ``synthetic.py`` (ids ``e0``, ``e1``, ... and titles
"Event number n": strings of their own for every event) is measured with ``tracemalloc``:

- built from text: the events made from their date texts, then the timeline;
- loaded: ``Timeline.load`` of the native JSON file the first one saves;

each with every index a query builds on first use (the interval index, the index of widened
dates, the actor, country and tag postings, the packed start instants) built before the count,
beside the id index every timeline keeps. What every timeline of the process shares (the
gazetteer, the caches of dates) is loaded before counting. What the events' own strings (ids,
titles) take is shown apart: no layout of the rest can save it. The target of issue 20 is at
most 400 bytes per event in all, both ways.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
from pathlib import Path

from measure import machine_line, retained_bytes
from synthetic import ACTORS, COUNTRIES, TAGS, date_texts, make_events

from geotimeline import Timeline

TARGET = 400


def with_every_index(timeline: Timeline) -> Timeline:
    """``timeline``, with every index its queries build on first use built now."""
    timeline.at("2017-11-11")  # the interval and widened indexes, the packed starts
    timeline.query().involving(ACTORS[0]).between("2017", "2018").events()
    timeline.query().in_country(COUNTRIES[0]).events()
    timeline.query().tagged(TAGS[0]).events()
    return timeline


def built(size: int, seed: int) -> Timeline:
    texts = date_texts(size, seed)
    return with_every_index(Timeline(make_events(size, seed, texts)))


def own_strings(timeline: Timeline) -> int:
    """The bytes of the ids and titles, which every event holds a string of its own for."""
    return sum(sys.getsizeof(event.id) + sys.getsizeof(event.title) for event in timeline)


def warm_up(seed: int) -> None:
    """Load what every timeline shares once per process, before anything is counted: the
    gazetteer that places are resolved against (about 15 MB, 150 bytes an event at 100,000),
    and the caches of dates and names. They are not a cost per event.
    """
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "warm-up.json"
        built(1_000, seed).save(path)
        with_every_index(Timeline.load(path))


def measure(size: int, seed: int) -> None:
    total, timeline = retained_bytes(lambda: built(size, seed))
    strings = own_strings(timeline)
    _print_row("built from text", size, total, strings)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "timeline.json"
        timeline.save(path)
        del timeline
        gc.collect()
        total, loaded = retained_bytes(lambda: with_every_index(Timeline.load(path)))
        _print_row("loaded (native JSON)", size, total, own_strings(loaded))


def _print_row(name: str, size: int, total: int, strings: int) -> None:
    verdict = "PASS" if total / size <= TARGET else "MISS"
    print(
        f"{name:<22}{size:>11,}  {total / size:>6.0f} B/event  "
        f"(ids and titles {strings / size:.0f}, the rest {(total - strings) / size:.0f})  "
        f"target ≤{TARGET}: {verdict}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="100000,1000000")
    parser.add_argument("--seed", type=int, default=2017)
    options = parser.parse_args()
    print(machine_line())
    warm_up(options.seed)
    for size in (int(part) for part in options.events.split(",")):
        measure(size, options.seed)


if __name__ == "__main__":
    main()
