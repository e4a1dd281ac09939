"""Showing timelines to people: text, HTML for notebooks, charts and maps.

- :mod:`~geotimeline.display.text`: dates at their precision (:func:`human_date`) and
  plain-text listings, as the command line prints them;
- :mod:`~geotimeline.display.html`: an event or a timeline as HTML, for notebooks;
- :mod:`~geotimeline.display.chart`: :func:`plot_timeline`, a chart with lanes (matplotlib,
  the ``plot`` extra);
- :mod:`~geotimeline.display.density`: events per period per lane, which the chart draws
  for big timelines;
- :mod:`~geotimeline.display.map`: :func:`plot_map`, the events on an offline world map;
- :mod:`~geotimeline.display.lettering`: a map's many labels drawn as one collection;
- :mod:`~geotimeline.display.figures`: what the chart and the map share.

matplotlib is imported only when a picture is drawn, so this package imports without it.

>>> from geotimeline import When
>>> from geotimeline.display import human_date
>>> human_date(When.parse("2017-22"))
'summer 2017'
"""

from geotimeline.display.chart import AUTO_DENSITY, AUTO_LABELS, MAX_HEIGHT, Lanes, plot_timeline
from geotimeline.display.html import event_html, timeline_html
from geotimeline.display.map import plot_map
from geotimeline.display.text import (
    format_event,
    format_groups,
    format_timeline,
    human_date,
    human_moment,
    printable,
)

__all__ = [
    "AUTO_DENSITY",
    "AUTO_LABELS",
    "MAX_HEIGHT",
    "Lanes",
    "event_html",
    "format_event",
    "format_groups",
    "format_timeline",
    "human_date",
    "human_moment",
    "plot_map",
    "plot_timeline",
    "printable",
    "timeline_html",
]
