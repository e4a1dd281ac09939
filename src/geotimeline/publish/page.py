"""One-file interactive pages: a timeline and its viewer in a single HTML file that works offline.

A page holds everything it shows: the viewer's script and stylesheet (vendored in the package,
see ``vendor/NOTICE``), its icon font as a ``data:`` URL, and the timeline as JSON. It can be
mailed, put on any web server or opened from a disk, and it asks the network for nothing: a
Content-Security-Policy in the page refuses every request (scripts other than its own, styles
from elsewhere, fonts, images but ``data:``, frames, ``fetch``), so that even a viewer's
feature that would reach out (a media embed, a web font) stays inside.

Two views:

=============  ================================================================================
``view``       shows
=============  ================================================================================
``timelinejs``  Knight Lab's TimelineJS 3.9.11: a slide an event, with a time axis below
                (the document of :mod:`geotimeline.io.timelinejs`)
``vis``         vis-timeline 8.5.4: every event on one zoomable, draggable axis, in rows
=============  ================================================================================

The data sits in a ``<script type="application/json">`` element, which the browser never runs,
with ``<``, ``>`` and ``&`` (and the line separators U+2028, U+2029) written as JSON escapes, so
that no title, ``</script>`` included, can end the element; the page's own script reads it with
``JSON.parse``. What the viewers show is escaped as :mod:`geotimeline.io.timelinejs` says.

>>> from geotimeline import Event, Timeline
>>> page = html_page(Timeline([Event(title="</script><b>Talks</b>", when="2017")]))
>>> page.count("</script>")  # the data's, the viewer's and the page's own: none from the title
3
>>> "default-src 'none'" in page, "<b>Talks" in page
(True, False)
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html
import json
import os
from collections.abc import Callable
from importlib import resources
from typing import Any, Final, Literal, TypeAlias

from geotimeline.errors import InvalidFieldError, check_encodable
from geotimeline.io import timelinejs, vistimeline
from geotimeline.io.files import write_atomically
from geotimeline.timeline.timeline import Timeline

__all__ = ["VIEWS", "View", "dumps", "html_page", "save", "save_html"]

#: The viewers a page can use.
View: TypeAlias = Literal["timelinejs", "vis"]
VIEWS: Final[tuple[View, ...]] = ("timelinejs", "vis")

#: The id of the element that holds the timeline as JSON, and of the one the viewer draws in.
DATA_ID: Final = "geotimeline-data"
VIEW_ID: Final = "geotimeline-view"

# Each character that could end the JSON's element or start markup in it, as a JSON escape;
# U+2028 and U+2029 too, which older JavaScript engines refuse in string literals.
_SAFE_IN_SCRIPT: Final = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}

# The vendored files of each view (under vendor/; see vendor/NOTICE).
_VENDOR_SCRIPT: Final[dict[View, str]] = {
    "timelinejs": "timelinejs/timeline.js",
    "vis": "vis-timeline/vis-timeline-graph2d.min.js",
}
_VENDOR_STYLE: Final[dict[View, str]] = {
    "timelinejs": "timelinejs/timeline.css",
    "vis": "vis-timeline/vis-timeline-graph2d.min.css",
}


# What TimelineJS would fetch, turned off: the web font stylesheet it adds from its script's
# folder unless ``font`` is false, a locale other than the English built into timeline.js,
# and a theme stylesheet. ``script_path`` is given so that TimelineJS does not look for its
# own <script src> (there is none) and never names its CDN.
_TIMELINEJS_OPTIONS: Final = {
    "font": None,
    "theme": None,
    "language": "en",
    "script_path": "./",
    "hash_bookmark": False,
    "soundcite": False,
    "ga_measurement_id": None,
}

# vis-timeline fills the page (or the notebook's frame); the wheel scrolls what holds it, and
# zooms with Ctrl held, so that a page or a notebook can still be scrolled past it.
_VIS_OPTIONS: Final = {"height": "100%", "zoomKey": "ctrlKey", "orientation": "top"}

_PAGE_STYLE: Final = (
    "html, body {height: 100%; margin: 0}\n"
    f"#{VIEW_ID} {{width: 100%; height: 100%; box-sizing: border-box}}\n"
    f".gt-vis #{VIEW_ID} {{padding: 0.5em; font-family: system-ui, sans-serif}}\n"
    # How a date is known, drawn (the classes of geotimeline.io.vistimeline): a qualified
    # date dashed, an open end fading out, an era in the background.
    ".vis-item.gt-uncertain, .vis-item.gt-approximate {border-style: dashed}\n"
    ".vis-item.gt-open {background-image: linear-gradient(to right, transparent 70%, #fff)}\n"
    ".vis-item.vis-background.gt-era {background-color: rgba(100, 140, 200, 0.12)}\n"
)

# The page's own scripts: each reads the JSON, draws the view, and marks the page as drawn
# (data-geotimeline="ready" on <html>), for whoever waits for it: a test, a screenshot.
_START_TIMELINEJS: Final = f"""(function () {{
  "use strict";
  var page = JSON.parse(document.getElementById("{DATA_ID}").textContent);
  var view = new TL.Timeline("{VIEW_ID}", page.document, page.options);
  view.on("loaded", function () {{ document.documentElement.dataset.geotimeline = "ready"; }});
}})();
"""

_START_VIS: Final = f"""(function () {{
  "use strict";
  var page = JSON.parse(document.getElementById("{DATA_ID}").textContent);
  // Made empty, then given its data, so that the mark is set on the first drawing: a
  // vis.Timeline made with its items draws them before a handler can be added.
  var view = new vis.Timeline(document.getElementById("{VIEW_ID}"), null, page.options);
  view.on("changed", function () {{ document.documentElement.dataset.geotimeline = "ready"; }});
  // Given groups, even none, vis-timeline shows only the items in one: null means one row.
  if (page.document.groups !== null) {{
    view.setGroups(new vis.DataSet(page.document.groups));
  }}
  view.setItems(new vis.DataSet(page.document.items));
}})();
"""


def html_page(
    timeline: Timeline,
    *,
    view: View = "timelinejs",
    title: str | None = None,
    group_by: vistimeline.GroupBy = None,
    today: dt.date | None = None,
) -> str:
    """The page of ``timeline`` in ``view`` (``"timelinejs"`` or ``"vis"``), as HTML text.

    ``title`` is the page's title (the browser's tab); by default the timeline's own, or
    "Timeline". The page is one file: the viewer's script, stylesheet and icon font are inside
    it, and its Content-Security-Policy refuses every request to the network.

    For the ``vis`` view, ``group_by`` puts the events in rows (``"actor"``, ``"country"`` or
    ``"tag"``; one row by default) and ``today`` is where an open end stops (the day the page
    is made, by default); see :mod:`geotimeline.io.vistimeline`. TimelineJS puts events in
    rows by their group or country.

    >>> from geotimeline import examples
    >>> page = html_page(examples.load("seed"), view="timelinejs")
    >>> page.startswith("<!DOCTYPE html>"), "<title>Russia and the world, 2014-2017</title>" in page
    (True, True)

    Runtime complexity: O(n) for n events, plus the viewer's size (a few hundred KB).
    """
    if view not in VIEWS:
        raise InvalidFieldError("view", view, f"must be one of {', '.join(map(repr, VIEWS))}")
    if title is not None:
        if not isinstance(title, str):
            raise InvalidFieldError("title", title, "must be text")
        check_encodable("title", title)  # refused here, not when the page is saved
    document, options = _data(timeline, view, group_by, today)
    data = _json_in_script({"document": document, "options": options})
    scripts = [
        _asset(_VENDOR_SCRIPT[view]),
        _START_TIMELINEJS if view == "timelinejs" else _START_VIS,
    ]
    head = "\n".join(
        [
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_policy(scripts)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="geotimeline">',
            f"<title>{html.escape(title or timeline.title or 'Timeline')}</title>",
            f"<style>{_asset(_VENDOR_STYLE[view])}</style>",
            f"<style>{_PAGE_STYLE}</style>",
        ]
    )
    body = "\n".join(
        [
            f'<div id="{VIEW_ID}"></div>',
            f'<script type="application/json" id="{DATA_ID}">{data}</script>',
            *(f"<script>{script}</script>" for script in scripts),
        ]
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en" class="gt-{view}">\n<head>\n{head}\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def save_html(
    timeline: Timeline,
    path: str | os.PathLike[str],
    *,
    view: View = "timelinejs",
    title: str | None = None,
    group_by: vistimeline.GroupBy = None,
    today: dt.date | None = None,
) -> None:
    """Write the page of ``timeline`` (see :func:`html_page`) to ``path``, atomically: a save
    that fails leaves the previous file as it was.

    >>> import pathlib, tempfile
    >>> from geotimeline import examples
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "seed.html")
    ...     save_html(examples.load("seed"), path, view="vis")
    ...     size = path.stat().st_size
    >>> 500_000 < size < 1_000_000
    True
    """
    page = html_page(timeline, view=view, title=title, group_by=group_by, today=today)

    def produce(write: Callable[[str], object]) -> None:
        write(page)

    write_atomically(path, produce)


def dumps(timeline: Timeline) -> str:
    """The TimelineJS page of ``timeline`` (for the ``html`` format of :mod:`geotimeline.io`)."""
    return html_page(timeline)


def save(timeline: Timeline, path: str | os.PathLike[str]) -> None:
    """Write the TimelineJS page of ``timeline`` to ``path`` (for the ``html`` format)."""
    save_html(timeline, path)


def _data(
    timeline: Timeline, view: View, group_by: vistimeline.GroupBy, today: dt.date | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    if view == "timelinejs":
        if group_by is not None:
            reason = "is for the vis view (TimelineJS's rows are the events' groups or countries)"
            raise InvalidFieldError("group_by", group_by, reason)
        return timelinejs.to_document(timeline), dict(_TIMELINEJS_OPTIONS)
    return _vis_data(timeline, group_by, today)


def _vis_data(
    timeline: Timeline, group_by: vistimeline.GroupBy, today: dt.date | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    document = vistimeline.document(timeline, group_by=group_by, today=today)
    options = {**document.pop("options"), **_VIS_OPTIONS}
    return document, options


def _json_in_script(value: object) -> str:
    """``value`` as JSON that can stand inside a ``<script>`` element whatever its text holds:
    the characters that could end the element are JSON escapes, which read back the same."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SAFE_IN_SCRIPT)


def _policy(scripts: list[str]) -> str:
    """The Content-Security-Policy: nothing from anywhere, but the page's own scripts (by
    their hashes), inline styles (the viewers set styles as they draw), and ``data:`` fonts
    and images (the icon font, vis-timeline's icons)."""
    hashes = " ".join(f"'sha256-{_sha256(script)}'" for script in scripts)
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@functools.cache
def _asset(name: str) -> str:
    """A vendored file's text (read once a process: the files are part of the package)."""
    return resources.files(__package__).joinpath("vendor", *name.split("/")).read_text("utf-8")
