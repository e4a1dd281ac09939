"""Publishing: timelines as pages people can open, share and embed.

:func:`save_html` writes a timeline as one HTML file that shows it interactively and works
offline: the viewer (TimelineJS's slides, or vis-timeline's zoomable axis), its styles and its
icon font are inside the file, and a Content-Security-Policy refuses every request to the
network (:mod:`geotimeline.publish.page`). :func:`show` puts the same page in a notebook cell
(:mod:`geotimeline.publish.notebook`). File formats that other programs read (TimelineJS JSON,
GeoJSON, iCalendar) stay in :mod:`geotimeline.io`; this room makes finished pages.

The viewers are vendored in ``vendor/``, with their licences and a ``NOTICE`` naming their
npm packages and versions; ``scripts/refresh_vendor.py`` fetches them again.
"""

from geotimeline.publish.notebook import InlinePage, show
from geotimeline.publish.page import VIEWS, View, html_page, save_html

__all__ = ["VIEWS", "InlinePage", "View", "html_page", "save_html", "show"]
