"""The old path of :mod:`geotimeline.display`, kept so that old imports work.

New code imports from :mod:`geotimeline.display`.
"""

from geotimeline.display import (
    AUTO_LABELS,
    MAX_HEIGHT,
    Lanes,
    plot_map,
    plot_timeline,
)

__all__ = [
    "AUTO_LABELS",
    "MAX_HEIGHT",
    "Lanes",
    "plot_map",
    "plot_timeline",
]
