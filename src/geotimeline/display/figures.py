"""What the timeline chart (:mod:`geotimeline.display.chart`) and the map share.

matplotlib is an optional dependency (the ``plot`` extra): pyplot is imported here, only when
a picture is drawn, so that ``import geotimeline`` works without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from geotimeline.events.event import Event
    from geotimeline.timeline.timeline import Timeline

__all__ = ["draw_title", "new_axes"]


def new_axes(width: float, height: float) -> tuple[Figure, Axes]:
    """A new figure ``width`` by ``height`` inches, and its one Axes."""
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def draw_title(
    ax: Axes, timeline: Timeline | Iterable[Event], title: str | None, fontsize: float
) -> None:
    """``title`` at the top left, in bold; by default the timeline's own, and none if empty."""
    if title is None:
        title = getattr(timeline, "title", None)
    if title:
        ax.set_title(title, loc="left", fontsize=fontsize + 3, fontweight="bold", parse_math=False)
