"""Drawing a big timeline as a density view (``Timeline.plot``), against bare matplotlib.

Run: ``python benchmarks/plot_density.py [--sizes 10000,100000] [--seed 2017] [--repeat 3]``

The events are ``synthetic.make_events``: mostly days, some months, years and seasons, about
10% long intervals, over 1990-2025, with skewed actors. Timed in this process, on the same
events, each drawn and rendered to a PNG in memory with matplotlib's Agg backend:
- ``Timeline(events).plot()`` (the timeline built beforehand): past ``AUTO_DENSITY``
  events, the density view: lanes by first actor, each event's weight spread over the
  months it may lie in;
- the baseline, a bare matplotlib histogram of the same events: each lane's earliest
  instants, known beforehand as numbers, counted by ``numpy.histogram`` into the same months
  and drawn as a ``StepPatch`` each, one lane above the other, on a figure of the same size,
  in the same twelve lanes (the first actors, the smallest merged into "other"). It
  spreads nothing and reads no event, so it is the floor of drawing such a picture.
The ratio is the density view's median time over the baseline's.
"""

from __future__ import annotations

import argparse
import io
from collections import Counter
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import StepPatch
from measure import machine_line, timed
from synthetic import make_events

from geotimeline import Event, Timeline
from geotimeline.display import AUTO_DENSITY
from geotimeline.display.density import density
from geotimeline.time.when import Moment


def drawn(events: Timeline) -> Any:
    """Draw and render the density view; the axes."""
    ax = events.plot()
    ax.figure.savefig(io.BytesIO(), format="png")
    plt.close(ax.figure)
    return ax


def bare(lanes: list[Any], edges: Any, size: tuple[float, float]) -> None:
    """A histogram per lane of instants known beforehand, drawn and rendered bare."""
    figure, ax = plt.subplots(figsize=size)
    for row, instants in enumerate(lanes):
        counts, _ = np.histogram(instants, bins=edges)
        bottom = row + 0.9
        heights = bottom - 0.8 * counts / max(counts.max(), 1)
        # StepPatch added as an artist, as the chart does: Axes.stairs would fit the limits
        # to every step, which costs more than all the rest.
        ax.add_artist(StepPatch(heights, edges, baseline=bottom, fill=True))
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(len(lanes), 0)
    figure.savefig(io.BytesIO(), format="png")
    plt.close(figure)


def _earliest(event: Event) -> int:
    bound = event.when.start if isinstance(event.when.start, Moment) else event.when.end
    assert isinstance(bound, Moment)
    return bound.earliest_us


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    print(f"{machine_line('matplotlib', 'numpy')}; seed {arguments.seed}")
    print(f"\n{'events':>9}{'density s':>11}{'bare s':>9}{'ratio':>8}  period, lanes, clipped")
    for count in (int(size) for size in arguments.sizes.split(",")):
        assert count > AUTO_DENSITY, f"{count} events draw a mark each, not a density"
        events = make_events(count, arguments.seed)
        drawn(Timeline(events[: AUTO_DENSITY + 1]))  # the first figure loads pyplot's fonts
        timeline = Timeline(events)
        seconds, ax = timed(lambda: drawn(timeline), arguments.repeat)  # noqa: B023
        # The chart's lanes: the first actors, past the twelfth merged into "other".
        kept = {actor for actor, _ in Counter(e.actors[0] for e in events).most_common(11)}
        lane_of = {e.id: e.actors[0] if e.actors[0] in kept else "other" for e in events}
        counts = density(events, lambda event: lane_of[event.id])  # noqa: B023
        edges = counts.starts.astype(float)
        by_lane: dict[str, list[int]] = {lane: [] for lane in counts.lanes}
        for event in events:
            by_lane[lane_of[event.id]].append(_earliest(event))
        lanes = [np.array(instants, dtype=float) for instants in by_lane.values()]
        size = (ax.figure.get_figwidth(), ax.figure.get_figheight())
        floor, _ = timed(lambda: bare(lanes, edges, size), arguments.repeat)  # noqa: B023
        shown = f"{counts.period}, {len(counts.lanes)}, {counts.clipped:,}"
        print(f"{count:>9,}{seconds:>11.2f}{floor:>9.2f}{seconds / floor:>7.2f}x  {shown}")


if __name__ == "__main__":
    main()
