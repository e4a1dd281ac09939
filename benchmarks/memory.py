"""Bytes per event of a large timeline with every index built, made two ways.

Run: ``python benchmarks/memory.py [--events 100000,1000000] [--seed 2017]``

For each size, the synthetic timeline of ``synthetic.py`` (ids ``e0``, ``e1``, ... and titles
"Event number n": strings of their own for every event) is measured with ``tracemalloc``:

- built from text: the events made from their date texts, then the timeline;
- loaded: ``Timeline.load`` of the native JSON file the first one saves;

each with every index a query builds on first use (the interval index, the index of widened
dates, the actor, country and tag postings, the packed start instants) built before the count,
beside the id index every timeline keeps. What every timeline of the process shares (the
gazetteer, the bounded caches of dates and names) is loaded before counting, by building the
largest timeline once uncounted (see :func:`warm_up`). What the events' own strings (ids,
titles) take is shown apart: no layout of the rest can save it. The target of issue 20 is at
most 400 bytes per event in all, both ways.
"""

from __future__ import annotations

import argparse
import dataclasses
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


def warm_up(seed: int, size: int = 1_000) -> None:
    """Load what every timeline shares once per process, before anything is counted: the
    gazetteer that places are resolved against (about 15 MB, 150 bytes an event at 100,000),
    and the caches of dates and names, by building the timeline of ``size`` events (with
    every index) and loading it once, uncounted. They are not a cost per event.

    The caches (the ``When`` of each date text, the shared tuples of actors and tags, their
    folded forms) are bounded, about 2**15 entries each, and shared by every timeline of the
    process: at a million events they hold about 20 MB, whatever the size. Filled during the
    count instead, they would be charged to the one timeline measured. Pass the largest size
    to be measured: smaller timelines of the same seed are its first events, and find their
    dates in the caches as well. What a timeline holds of its own (its ``When`` objects, its
    tuples, its indexes) is counted.
    """
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "warm-up.json"
        built(size, seed).save(path)
        with_every_index(Timeline.load(path))
    gc.collect()


@dataclasses.dataclass(frozen=True)
class Footprint:
    """What one timeline of ``size`` events, made one ``way``, holds: ``total`` bytes, of which
    ``strings`` are its events' ids and titles."""

    way: str
    size: int
    total: int
    strings: int

    @property
    def per_event(self) -> float:
        return self.total / self.size

    @property
    def passed(self) -> bool:
        return self.per_event <= TARGET


def footprints(size: int, seed: int) -> list[Footprint]:
    """The footprint of the timeline of ``size`` events, built from text, then loaded from the
    native file it saves: the two rows of this script, which ``run.py`` checks as well. Call
    :func:`warm_up` once before, with this size or a larger one.
    """
    total, timeline = retained_bytes(lambda: built(size, seed))
    made = [Footprint("built from text", size, total, own_strings(timeline))]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "timeline.json"
        timeline.save(path)
        del timeline
        gc.collect()
        total, loaded = retained_bytes(lambda: with_every_index(Timeline.load(path)))
        made.append(Footprint("loaded (native JSON)", size, total, own_strings(loaded)))
    return made


def _print_row(footprint: Footprint) -> None:
    size, total, strings = footprint.size, footprint.total, footprint.strings
    print(
        f"{footprint.way:<22}{size:>11,}  {total / size:>6.0f} B/event  "
        f"(ids and titles {strings / size:.0f}, the rest {(total - strings) / size:.0f})  "
        f"target ≤{TARGET}: {'PASS' if footprint.passed else 'MISS'}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="100000,1000000")
    parser.add_argument("--seed", type=int, default=2017)
    options = parser.parse_args()
    print(machine_line())
    sizes = [int(part) for part in options.events.split(",")]
    warm_up(options.seed, max(sizes))
    for size in sizes:
        for footprint in footprints(size, options.seed):
            _print_row(footprint)


if __name__ == "__main__":
    main()
