"""The interactive page of a timeline, shown inside a notebook (JupyterLab, Jupyter Notebook).

:func:`show` gives an object that a notebook displays as the page of
:mod:`geotimeline.publish.page` in an ``<iframe srcdoc="...">``: the whole page, viewer
included, is in the cell's output. So it works with no network, and a saved notebook shows it
again when it is opened later, anywhere, as long as the notebook is trusted (Jupyter shows the
HTML outputs of a notebook it does not trust as text, with no scripts; ``jupyter trust
notebook.ipynb``, or run the cell again).

The frame is sandboxed (``sandbox="allow-scripts"``): the page runs its viewer, but in an
origin of its own, so nothing in a timeline's text can reach the notebook, its kernel or its
cookies; and the page's Content-Security-Policy still refuses every request.

>>> from geotimeline import examples
>>> shown = show(examples.load("seed"), view="timelinejs", height=500)
>>> cell = shown._repr_html_()
>>> cell.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;'), 'height="500"' in cell
(True, True)
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Final

import attrs

from geotimeline.errors import InvalidFieldError
from geotimeline.io.vistimeline import GroupBy
from geotimeline.publish.page import View, html_page
from geotimeline.timeline.timeline import Timeline

__all__ = ["InlinePage", "show"]

#: The height of the frame, in CSS pixels, unless told.
DEFAULT_HEIGHT: Final = 600


@attrs.frozen
class InlinePage:
    """A page to show in a notebook cell: the notebook calls :meth:`_repr_html_`.

    Its plain repr is one line, so that a notebook saved with both forms of the output holds
    the page once, not twice.
    """

    #: The page, as :func:`~geotimeline.publish.page.html_page` writes it.
    page: str = attrs.field(repr=False)
    #: The frame's height, in CSS pixels.
    height: int
    #: The frame's name for screen readers.
    title: str

    def __repr__(self) -> str:
        return f"<InlinePage {self.title!r}: {len(self.page):,} characters, {self.height} px high>"

    def _repr_html_(self) -> str:
        # srcdoc is an attribute: the page is escaped for one, quotes included, and the
        # browser hands the frame the page as it was (so its script hashes still match).
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
            f'sandbox="allow-scripts" title="{html.escape(self.title, quote=True)}" '
            f'width="100%" height="{self.height}" style="border: 0; width: 100%" '
            f'loading="eager"></iframe>'
        )


def show(
    timeline: Timeline,
    *,
    view: View = "vis",
    height: int = DEFAULT_HEIGHT,
    group_by: GroupBy = None,
    today: dt.date | None = None,
) -> InlinePage:
    """The interactive page of ``timeline`` in ``view``, to show in a notebook.

    ``view`` is ``"vis"`` (one zoomable axis, the default) or ``"timelinejs"`` (a slide an
    event); ``height`` is the frame's, in CSS pixels; ``group_by`` puts the vis view's events
    in rows (``"actor"``, ``"country"``, ``"tag"``) and ``today`` is where its open ends stop
    (the day it is shown, by default: give a day, so that a saved notebook's output stays the
    same). Make it a cell's last expression, or pass it to ``IPython.display.display``.

    Runtime complexity: O(n) for n events, plus the viewer's size.
    """
    title = timeline.title or "Timeline"
    page = html_page(timeline, view=view, group_by=group_by, today=today)
    return InlinePage(page, _pixels(height), title)


def _pixels(height: object) -> int:
    # Checked at run time: a notebook passes whatever its user typed.
    if not isinstance(height, int) or isinstance(height, bool) or not 50 <= height <= 10_000:
        raise InvalidFieldError("height", height, "must be a whole number of pixels, 50 to 10000")
    return height
