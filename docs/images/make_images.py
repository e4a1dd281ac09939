"""Draw the pictures in the documentation from the bundled seed timeline.

Run from the repository root with the ``plot`` extra installed::

    python docs/images/make_images.py
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

from geotimeline import examples
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
    for name in ("seed-timeline.png", "seed-map.png"):
        print(f"{name}: {(HERE / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
