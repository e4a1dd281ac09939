"""Showing a diff: a chronological text listing (optionally coloured) and an HTML table.

``TimelineDiff.format`` (and so ``str()``) and ``TimelineDiff._repr_html_`` delegate to
:func:`format_diff` and :func:`html_table`. :func:`show_value`, public through
:mod:`geotimeline.diffing`, writes one field's value in a few words for both, and for the
conflicts of :mod:`geotimeline.diffing.merging`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from geotimeline.diffing.changes import EventChange, FieldChange, unstructure_value
from geotimeline.display.text import printable
from geotimeline.events.event import Event
from geotimeline.places.place import Place
from geotimeline.time.when import When

if TYPE_CHECKING:  # for annotations only: geotimeline.diffing.timeline_diff imports this module
    from geotimeline.diffing.timeline_diff import TimelineDiff

__all__ = ["format_diff", "html_table", "show_value"]


def show_value(value: Any, width: int = 60) -> str:
    """A field's value in a few words, for listings: dates as EDTF, lists joined, text quoted.

    >>> show_value(("Russia", "Ukraine")), show_value(None), show_value(When.parse("2017-22"))
    ('Russia, Ukraine', 'none', '2017-22')
    """
    if value is None or value == () or (isinstance(value, Mapping) and not value):
        text = "none"
    elif isinstance(value, When | Place):
        text = str(value)
    elif isinstance(value, str):
        # Cut inside the quotes, so that a shortened text still reads as one quoted value.
        return repr(value if len(value) <= width - 2 else value[: width - 3] + "…")
    elif isinstance(value, tuple):
        text = ", ".join(_show_item(item) for item in value)
    else:
        text = json.dumps(unstructure_value(value), ensure_ascii=False)
    text = printable(text)  # text from a file goes to terminals (quoted text is escaped by repr)
    return text if len(text) <= width else text[: width - 1] + "…"


def _show_item(item: Any) -> str:
    if isinstance(item, str):
        return item
    outlet = getattr(item, "outlet", None)  # a Source
    if isinstance(outlet, str):
        return outlet
    relation, target = getattr(item, "relation", None), getattr(item, "target", None)
    if relation is not None:  # a Link
        return f"{relation} {target}"
    return str(item)


# -- text ---------------------------------------------------------------------------------------

_RESET: Final = "\x1b[0m"
_MARK_COLOURS: Final = {"+": "\x1b[32m", "-": "\x1b[31m", "~": "\x1b[33m"}
_OLD_COLOUR: Final = "\x1b[31m"
_NEW_COLOUR: Final = "\x1b[32m"
_BOLD: Final = "\x1b[1m"
_DATE_WIDTH: Final = 10


def _entries(diff: TimelineDiff) -> list[tuple[str, Event, EventChange | None]]:
    """Every event of a diff with its mark, in date order (a change at its new date)."""
    entries: list[tuple[tuple[int, int, str], int, str, Event, EventChange | None]] = []
    entries += [(event.sort_key, 0, "-", event, None) for event in diff.removed]
    entries += [(change.new.sort_key, 1, "~", change.new, change) for change in diff.changed]
    entries += [(event.sort_key, 2, "+", event, None) for event in diff.added]
    entries.sort(key=lambda entry: entry[:2])
    return [(mark, event, change) for _, _, mark, event, change in entries]


def _paint(text: str, colour: str, color: bool) -> str:
    return f"{colour}{text}{_RESET}" if color else text


def _field_line(change: FieldChange, color: bool) -> str:
    old = _paint(show_value(change.old), _OLD_COLOUR, color)
    new = _paint(show_value(change.new), _NEW_COLOUR, color)
    how = f" ({change.direction})" if change.direction else ""
    return f"{change.field}: {old} → {new}{how}"


def format_diff(diff: TimelineDiff, color: bool) -> str:
    lines = [_paint(str(diff.summary), _BOLD, color)]
    lines += [
        _paint("~ ", _MARK_COLOURS["~"], color) + _field_line(change, color)
        for change in diff.timeline_fields
    ]
    entries = _entries(diff)
    width = max([_DATE_WIDTH] + [len(str(event.when)) for _, event, _ in entries])
    for mark, event, change in entries:
        lines.append(
            _paint(
                f"{mark} {event.when!s:<{width}}  {printable(event.title)}",
                _MARK_COLOURS[mark],
                color,
            )
        )
        if change is not None:
            lines += [f"    {_field_line(field, color)}" for field in change.fields]
    return "\n".join(lines)


# -- HTML ---------------------------------------------------------------------------------------

_ROW_STYLES: Final = {
    "+": "background-color: rgba(46, 160, 67, 0.15)",
    "-": "background-color: rgba(248, 81, 73, 0.15)",
    "~": "background-color: rgba(210, 153, 34, 0.15)",
}
_ROW_WORDS: Final = {"+": "added", "-": "removed", "~": "changed"}


def _html_field(change: FieldChange) -> str:
    how = f" ({html.escape(change.direction)})" if change.direction else ""
    return (
        f"<b>{html.escape(change.field)}</b>: <del>{html.escape(show_value(change.old))}</del>"
        f" → <ins>{html.escape(show_value(change.new))}</ins>{how}"
    )


def _html_row(mark: str, when: str, event: str, changes: str) -> str:
    cells = "".join(
        f'<td style="text-align: left">{cell}</td>' for cell in (mark, when, event, changes)
    )
    return f'<tr style="{_ROW_STYLES[mark]}">{cells}</tr>'


def html_table(diff: TimelineDiff) -> str:
    rows = [
        _html_row("~", "", "<i>timeline</i>", _html_field(change))
        for change in diff.timeline_fields
    ]
    for mark, event, change in _entries(diff):
        name = f"{html.escape(event.title)}<br><small>{html.escape(event.id)}</small>"
        fields = (
            "<br>".join(_html_field(field) for field in change.fields)
            if change is not None
            else _ROW_WORDS[mark]
        )
        rows.append(_html_row(mark, html.escape(str(event.when)), name, fields))
    header = "".join(
        f'<th style="text-align: left">{name}</th>' for name in ("", "When", "Event", "Changes")
    )
    return (
        f'<table class="geotimeline-diff"><caption>{html.escape(str(diff.summary))}</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
