"""Draw the pictures in the documentation: the bundled seed timeline, and synthetic events.

Run from the repository root with the ``plot`` extra installed::

    python docs/images/make_images.py
"""

from __future__ import annotations

import random
from pathlib import Path

import matplotlib

from geotimeline import Event, examples
from geotimeline.display import plot_map, plot_timeline

HERE = Path(__file__).parent
# No software version in the files, so that they change only when the pictures do.
METADATA = {"Software": None}


def main() -> None:
    matplotlib.use("Agg")
    seed = examples.load("seed")
    ax = plot_timeline(seed, lanes="actor")
    ax.figure.savefig(HERE / "seed-timeline.png", dpi=110, metadata=METADATA)
    ax = plot_map(seed)
    ax.figure.savefig(HERE / "seed-map.png", dpi=100, metadata=METADATA)
    ax = plot_timeline(_many_events(10_000), title="Ten thousand events, by first actor")
    ax.figure.savefig(HERE / "density.png", dpi=100, metadata=METADATA)
    for name in ("seed-timeline.png", "seed-map.png", "density.png"):
        print(f"{name}: {(HERE / name).stat().st_size // 1024} KB")


def _many_events(count: int) -> list[Event]:
    """``count`` events over 2010-2019, one in five known only to its month or year, with
    a few actors of skewed popularity and a few wars with open ends."""
    rng = random.Random(19)
    actors = ["Russia", "United States", "China", "Syria", "Ukraine", "Turkey", "Iran"]
    events = []
    for number in range(count):
        year, month, day = rng.randint(2010, 2019), rng.randint(1, 12), rng.randint(1, 28)
        shape = rng.random()
        when = (
            f"{year}" if shape < 0.08 else f"{year}-{month:02d}" if shape < 0.2
            else f"{year}-{month:02d}/.." if shape < 0.202 else f"{year}-{month:02d}-{day:02d}"
        )  # fmt: skip
        actor = rng.choices(actors, [1 / (rank + 1) for rank in range(len(actors))])[0]
        events.append(Event(title=f"Event {number}", when=when, actors=[actor]))
    return events


if __name__ == "__main__":
    main()
