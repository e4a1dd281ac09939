"""HTML for notebooks: an event as a small card, a timeline as a compact table.

Jupyter shows an object by calling its ``_repr_html_``; :class:`~geotimeline.Event` and
:class:`~geotimeline.Timeline` delegate to :func:`event_html` and :func:`timeline_html`. Every
piece of text from an event goes through :func:`html.escape`, so a title such as
``<script>`` is shown, never run. Dates are written at their precision by
:func:`geotimeline.display.text.human_date`, with the EDTF form as a tooltip.

>>> from geotimeline import Event
>>> html = event_html(Event(title="Russia annexes Crimea", when="2014-03-18"))
>>> "18 March 2014" in html and "Russia annexes Crimea" in html
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from geotimeline.display.text import human_date

if TYPE_CHECKING:
    from geotimeline.events.event import Event, Source
    from geotimeline.timeline.timeline import Timeline

__all__ = ["event_html", "timeline_html"]

#: How many rows a timeline's table shows before it says how many more there are.
DEFAULT_LIMIT: Final = 50

# Scoped by the class, so the rules style only geotimeline's tables in a notebook. The header
# row looks like a sortable table's (bold, ruled, a sort arrow on the date column).
_STYLE: Final = """<style>
.geotimeline {border-collapse: collapse; font-size: 0.9em; margin: 0.3em 0}
.geotimeline caption {text-align: left; font-weight: bold; padding-bottom: 0.3em}
.geotimeline th, .geotimeline td {padding: 0.2em 0.6em; text-align: left; vertical-align: top}
.geotimeline thead th {border-bottom: 2px solid #888; white-space: nowrap}
.geotimeline thead th.gt-sorted::after {content: " \\25B4"; color: #888}
.geotimeline tbody tr:nth-child(even) {background: rgba(127, 127, 127, 0.08)}
.geotimeline td.gt-date {white-space: nowrap}
.geotimeline .gt-tag {border: 1px solid #aaa; border-radius: 0.6em; padding: 0 0.4em;
  margin-right: 0.2em; font-size: 0.85em; white-space: nowrap}
.geotimeline tr.gt-more td {font-style: italic; color: #777}
.geotimeline tbody th {font-weight: normal; color: #777; white-space: nowrap}
</style>"""
_COLUMNS: Final = ("Date", "Title", "Actors", "Place", "Tags", "Sources")


def _text(value: object) -> str:
    return html.escape(str(value), quote=True)


def _date_cell(event: Event) -> str:
    # The sort key travels with the cell, so a script that sorts the table sorts it in time.
    return (
        f'<td class="gt-date" data-sort="{event.span[0]}" title="{_text(event.when)}">'
        f"{_text(human_date(event.when))}</td>"
    )


def _tags(tags: Iterable[str]) -> str:
    return "".join(f'<span class="gt-tag">{_text(tag)}</span>' for tag in tags)


def _source(source: Source) -> str:
    outlet = _text(source.outlet)
    if source.url is None:
        return outlet
    return f'<a href="{_text(source.url)}" target="_blank" rel="noopener">{outlet}</a>'


def _sources(sources: Iterable[Source]) -> str:
    return ", ".join(_source(source) for source in sources)


def _row(event: Event) -> str:
    cells = [
        _date_cell(event),
        f'<td title="{_text(event.id)}">{_text(event.title)}</td>',
        f"<td>{_text(', '.join(event.actors))}</td>",
        f"<td>{_text(event.place or '')}</td>",
        f"<td>{_tags(event.tags)}</td>",
        f"<td>{_sources(event.sources)}</td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def timeline_html(timeline: Timeline | Iterable[Event], limit: int = DEFAULT_LIMIT) -> str:
    """A timeline (or any events, in the order given) as a compact HTML table.

    Shows the first ``limit`` events, then a row saying how many more there are.

    >>> from geotimeline import Event, Timeline
    >>> timeline = Timeline([Event(title=f"Talks {n}", when=f"2017-0{n}") for n in (1, 2, 3)])
    >>> html = timeline_html(timeline, limit=2)
    >>> html.count("<tr>"), "… and 1 more" in html
    (3, True)

    Runtime complexity: O(min(n, limit)) rows, plus O(n) to count the events.
    """
    events = list(timeline)
    title = getattr(timeline, "title", None)
    count = f"{len(events)} event" + ("" if len(events) == 1 else "s")
    caption = f"{_text(title)} ({count})" if title else count
    header = "".join(
        f'<th class="gt-sorted">{name}</th>' if name == "Date" else f"<th>{name}</th>"
        for name in _COLUMNS
    )
    rows = [_row(event) for event in events[: max(limit, 0)]]
    hidden = len(events) - len(rows)
    if hidden > 0:
        rows.append(
            f'<tr class="gt-more"><td colspan="{len(_COLUMNS)}">… and {hidden} more</td></tr>'
        )
    return (
        f'{_STYLE}<table class="geotimeline"><caption>{caption}</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def event_html(event: Event) -> str:
    """One event as a small two-column table: its fields, those it has, one a row.

    >>> from geotimeline import Event
    >>> html = event_html(Event(title="<b>Talks</b>", when="2017-22", tags=["syria"]))
    >>> "summer 2017" in html, "&lt;b&gt;Talks&lt;/b&gt;" in html, "<b>" in html
    (True, True, False)
    """
    fields: list[tuple[str, str]] = [
        ("When", f'<span title="{_text(event.when)}">{_text(human_date(event.when))}</span>'),
        ("Summary", _text(event.summary)),
        ("Actors", _text(", ".join(event.actors))),
        ("Place", _text(event.place or "")),
        ("Tags", _tags(event.tags)),
        ("Sources", _sources(event.sources)),
        ("Links", _text(", ".join(f"{link.relation} {link.target}" for link in event.links))),
        ("Id", f"<code>{_text(event.id)}</code>"),
    ]
    rows = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in fields if value)
    return (
        f'{_STYLE}<table class="geotimeline gt-event"><caption>{_text(event.title)}</caption>'
        f"<tbody>{rows}</tbody></table>"
    )
