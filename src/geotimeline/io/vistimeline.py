"""Publishing to vis-timeline: the items, groups and options that its ``vis.Timeline`` draws.

:func:`dumps` writes one JSON document, ``{"items": [...], "groups": [...] | null, "options":
{...}}``, for a page to hand to vis-timeline as it is::

    const data = JSON.parse(text);
    const timeline = data.groups === null
        ? new vis.Timeline(container, data.items, data.options)
        : new vis.Timeline(container, data.items, data.groups, data.options);

``groups`` is ``null`` when the export is not grouped, because vis-timeline given groups (even
none) shows only the items that are in one of them.

Items
=====

Each event is an item, in timeline order, drawn as what its date says:

======================================  ===================================================
the event's date                        the item
======================================  ===================================================
a day, an hour or a minute              ``box`` at its first instant
a time to the second                    ``point`` at that instant
a month, season, year, decade, century  ``range`` over its whole extent (2014-03: from
                                        March 1 to April 1)
an interval                             ``range`` from the first instant of its start to
                                        the end of its end (2014/2015: 2014-01-01 to
                                        2016-01-01; an end to the second ends at it)
an open end (``2014-04/..``)            ``range`` up to the end of ``today`` (the export
                                        day, by default), or of the start if it is later
an unknown end (``2014-04/``)           ``range`` over the extent of the known end only
an open or unknown start (``../2014``)  ``range`` over the extent of the known end only
an era (``metadata["type"] == "era"``,  ``background`` over its extent, in no group: it
as the TimelineJS readers keep it)      spans every row
======================================  ===================================================

``start`` and ``end`` are UTC instants in ISO 8601 to the millisecond (``2014-03-01T00:00:00
.000Z``); years outside 0-9999 take the extended form ``-000500-01-01T00:00:00.000Z``, which
JavaScript and moment.js read.

``className`` says how the date is known, so that a page's CSS can show the fuzziness: one
class for the precision (``gt-century``, ``gt-decade``, ``gt-year``, ``gt-season``,
``gt-month``, ``gt-day``, ``gt-hour``, ``gt-minute``, ``gt-second``: the coarser of an
interval's ends), ``gt-uncertain`` and ``gt-approximate`` when an end is qualified (``?``,
``~``), ``gt-open`` for an open end drawn up to ``today``, ``gt-open-start``,
``gt-unknown-start`` and ``gt-unknown-end`` for the other unbounded ends, and ``gt-era`` for
an era.

``content`` is the title and ``title`` (the tooltip) the title, the date in words and its
precision ("summer 2017, known to the season"). vis-timeline inserts both as HTML (after its
own ``xss`` filter, which :data:`OPTIONS` keeps on), so their text is escaped: a title
``<b>`` shows as ``<b>``, never as markup.

Groups
======

``group_by`` puts the items in rows: ``"actor"`` (one row per actor), ``"country"`` (per country
of the place, named in English) or ``"tag"``. Groups come in alphabetical order of their names
(case and accents aside, as :meth:`Timeline.group_by <geotimeline.Timeline.group_by>`), given as
each group's ``order`` (0, 1, ...), which the ``groupOrder`` option names; events with no
actor (country, tag) go in a last row, ``"(no actor)"``. A group's ``id`` is its kind and value
(``"actor:Vladimir Putin"``, ``"country:RU"``), or ``"no-actor"`` for the last row.

vis-timeline puts an item in one group only, so an event with two actors (or tags) is an item
in each of their rows: its items' ids are ``EVENT_ID#VALUE`` (``2017-11-11-talks#Vladimir
Putin``). An event that gives one item has its own id as the item's. Event ids never hold
``#``, so the event of any item is the part of its id before the first ``#``.

>>> from geotimeline import Event, Timeline
>>> talks = Timeline([Event(title="Ceasefire in south-western Syria", when="2017-22",
...                         actors=["Russia", "United States"])])
>>> [(item["type"], item["start"], item["end"], item["className"]) for item in items(talks)]
[('range', '2017-06-01T00:00:00.000Z', '2017-09-01T00:00:00.000Z', 'gt-season')]
>>> [(group["id"], group["order"]) for group in groups(talks, group_by="actor")]
[('actor:Russia', 0), ('actor:United States', 1)]
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
from collections.abc import Callable, Iterable
from typing import Any, Final, Literal, TypeAlias

from geotimeline.display.text import human_date
from geotimeline.errors import InvalidFieldError
from geotimeline.events.event import Event
from geotimeline.events.keys import fold
from geotimeline.io.files import write_atomically
from geotimeline.places import country_name
from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment, Precision, Unbounded, When
from geotimeline.timeline.timeline import Timeline

__all__ = ["OPTIONS", "GroupBy", "document", "dumps", "groups", "iso_instant", "items", "save"]

#: What the items can be put in rows by.
GroupBy: TypeAlias = Literal["actor", "country", "tag"] | None

#: The vis-timeline options written with every document: groups in their ``order`` field, and
#: vis-timeline's own XSS filter on (the default since 7.4), whatever a page's defaults say.
OPTIONS: Final[dict[str, Any]] = {"groupOrder": "order", "xss": {"disabled": False}}

_GROUPINGS: Final = ("actor", "country", "tag")
# Instants drawn at a point on the axis: a box for those known to a day, an hour or a minute,
# a point for a time to the second; anything coarser is a range over its extent.
_BOXED: Final = {Precision.DAY, Precision.HOUR, Precision.MINUTE}
# Characters that could end a <script> element or an HTML comment around the JSON, or end a
# line in an old JavaScript parser: written as JSON escapes, which mean the same text.
_SCRIPT_SAFE: Final = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def items(
    timeline: Timeline, *, group_by: GroupBy = None, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """The vis-timeline items of a timeline, in timeline order (see the module's notes).

    ``today`` is the day an open end is drawn up to: the export day (UTC) by default.

    >>> from geotimeline import Event, Timeline
    >>> since = Timeline([Event(title="Sanctions", when="2014-04/..")])
    >>> item = items(since, today=dt.date(2017, 12, 31))[0]
    >>> item["start"], item["end"], item["className"]
    ('2014-04-01T00:00:00.000Z', '2018-01-01T00:00:00.000Z', 'gt-month gt-open')

    Runtime complexity: O(n) for n events (times their groups).
    """
    _check_group_by(group_by)
    day = _today(today)
    made: list[dict[str, Any]] = []
    for event in timeline:
        item = _item(event, day)
        if group_by is None or item["type"] == "background":
            made.append(item)
            continue
        made.extend(_grouped(item, event, group_by, _VALUES[group_by](event)))
    return made


def groups(timeline: Timeline, *, group_by: GroupBy = None) -> list[dict[str, Any]]:
    """The vis-timeline groups of a timeline put in rows by ``group_by``, in their order; none
    when ``group_by`` is None.

    >>> from geotimeline import Event, Place, Timeline
    >>> talks = Timeline([Event(title="Talks", when="2017", place=Place("Sochi", country="RU")),
    ...                   Event(title="Summit", when="2018")])
    >>> [(group["id"], group["content"]) for group in groups(talks, group_by="country")]
    [('country:RU', 'Russia'), ('no-country', '(no country)')]

    Runtime complexity: O(n log n) for n events.
    """
    _check_group_by(group_by)
    if group_by is None:
        return []
    values = _VALUES[group_by]
    names: dict[str, str] = {}
    ungrouped = False
    for event in timeline:
        if _is_era(event):
            continue
        found = list(values(event))
        ungrouped = ungrouped or not found
        for value in found:
            names.setdefault(value, _group_name(group_by, value))
    ordered = sorted(names, key=lambda value: (fold(names[value]), names[value], value))
    made = [
        {"id": _group_id(group_by, value), "content": html.escape(names[value]), "order": order}
        for order, value in enumerate(ordered)
    ]
    if ungrouped:
        made.append({"id": f"no-{group_by}", "content": f"(no {group_by})", "order": len(made)})
    return made


def document(
    timeline: Timeline, *, group_by: GroupBy = None, today: dt.date | None = None
) -> dict[str, Any]:
    """The whole document: ``{"items": ..., "groups": ... or None, "options": OPTIONS}``.

    Runtime complexity: O(n log n) for n events.
    """
    return {
        "items": items(timeline, group_by=group_by, today=today),
        "groups": groups(timeline, group_by=group_by) if group_by is not None else None,
        "options": {"groupOrder": OPTIONS["groupOrder"], "xss": dict(OPTIONS["xss"])},
    }


def dumps(timeline: Timeline, *, group_by: GroupBy = None, today: dt.date | None = None) -> str:
    """:func:`document` as JSON text, indented, safe to put inside a ``<script>`` element as it
    is: ``<``, ``>`` and ``&`` are written as JSON escapes (``\\u003c``), so that no title or
    actor can close the element.

    >>> from geotimeline import Event, Timeline
    >>> "</script>" in dumps(Timeline([Event(title="</script>", when="2017")]))
    False
    """
    text = json.dumps(
        document(timeline, group_by=group_by, today=today), ensure_ascii=False, indent=1
    )
    return text.translate(_SCRIPT_SAFE) + "\n"


def save(
    timeline: Timeline,
    path: str | os.PathLike[str],
    *,
    group_by: GroupBy = None,
    today: dt.date | None = None,
) -> None:
    """Write :func:`dumps` of a timeline to ``path``, atomically."""
    text = dumps(timeline, group_by=group_by, today=today)

    def produce(write: Callable[[str], object]) -> None:
        write(text)

    write_atomically(path, produce)


# -- items ----------------------------------------------------------------------------------


def _item(event: Event, today: dt.date) -> dict[str, Any]:
    when = event.when
    classes = [f"gt-{when.precision.name.lower()}", *_qualifiers(when)]
    item: dict[str, Any] = {"id": event.id, "content": html.escape(event.title)}
    start = when.start
    if not when.is_interval and isinstance(start, Moment) and start.precision >= Precision.DAY:
        item["type"] = "box" if start.precision in _BOXED else "point"
        item["start"] = iso_instant(start.earliest_us)
    else:
        first, after, ends = _extent(when, today)
        item["type"] = "range"
        item["start"], item["end"] = iso_instant(first), iso_instant(after)
        classes.extend(ends)
    if _is_era(event):
        item["type"] = "background"
        classes.append("gt-era")
    item["className"] = " ".join(classes)
    item["title"] = _tooltip(event)
    return item


def _extent(when: When, today: dt.date) -> tuple[int, int, list[str]]:
    """The first instant of a date drawn as a range, the instant after it ends, and the
    classes of its unbounded ends."""
    start, end = when.start, when.end
    classes: list[str] = []
    if isinstance(start, Unbounded):
        assert isinstance(end, Moment)  # a When has a moment at one end at least
        classes.append("gt-open-start" if start is Unbounded.OPEN else "gt-unknown-start")
        start = end
    first = start.earliest_us
    if isinstance(end, Moment):
        return first, _after(end), classes
    if end is Unbounded.OPEN:
        classes.append("gt-open")
        end_of_today = cal.day_start(today.year, today.month, today.day) + cal.US_PER_DAY
        return first, max(_after(start), end_of_today), classes
    classes.append("gt-unknown-end")
    return first, _after(start), classes


def _after(moment: Moment) -> int:
    """The instant a moment's extent ends at: just after its latest instant, or the instant
    itself for a time to the second."""
    return moment.latest_us if moment.is_exact else moment.latest_us + 1


def _qualifiers(when: When) -> list[str]:
    bounds = [bound for bound in (when.start, when.end) if isinstance(bound, Moment)]
    classes = []
    if any(bound.uncertain for bound in bounds):
        classes.append("gt-uncertain")
    if any(bound.approximate for bound in bounds):
        classes.append("gt-approximate")
    return classes


def _tooltip(event: Event) -> str:
    precision = event.when.precision.name.lower()
    words = f"{human_date(event.when)}, known to the {precision}"
    return f"{html.escape(event.title)}<br>{html.escape(words)}"


def _is_era(event: Event) -> bool:
    return event.metadata.get("type") == "era"


def iso_instant(us: int) -> str:
    """An instant (microseconds since 1970-01-01T00:00Z) as vis-timeline reads it: ISO 8601 in
    UTC to the millisecond, with the extended year form outside years 0-9999.

    >>> iso_instant(0), iso_instant(cal.day_start(-500, 1, 1))
    ('1970-01-01T00:00:00.000Z', '-000500-01-01T00:00:00.000Z')
    """
    year, month, day, hour, minute, second, microsecond = cal.fields(us)
    written = f"{year:04d}" if 0 <= year <= 9999 else f"{'-' if year < 0 else '+'}{abs(year):06d}"
    clock = f"{hour:02d}:{minute:02d}:{second:02d}.{microsecond // 1000:03d}"
    return f"{written}-{month:02d}-{day:02d}T{clock}Z"


# -- groups ---------------------------------------------------------------------------------


def _actors(event: Event) -> Iterable[str]:
    return event.actors


def _countries(event: Event) -> Iterable[str]:
    place = event.place
    return () if place is None or place.country is None else (place.country,)


def _tags(event: Event) -> Iterable[str]:
    return event.tags


_VALUES: Final[dict[str, Callable[[Event], Iterable[str]]]] = {
    "actor": _actors,
    "country": _countries,
    "tag": _tags,
}


def _check_group_by(group_by: object) -> None:
    if group_by is not None and group_by not in _GROUPINGS:
        raise InvalidFieldError("group_by", group_by, "must be None, 'actor', 'country' or 'tag'")


def _group_id(group_by: str, value: str) -> str:
    return f"{group_by}:{value}"


def _group_name(group_by: str, value: str) -> str:
    return country_name(value) if group_by == "country" else value


def _grouped(
    item: dict[str, Any], event: Event, group_by: str, values: Iterable[str]
) -> list[dict[str, Any]]:
    found = list(values)
    if not found:
        return [item | {"group": f"no-{group_by}"}]
    if len(found) == 1:
        return [item | {"group": _group_id(group_by, found[0])}]
    return [
        item | {"id": f"{event.id}#{value}", "group": _group_id(group_by, value)} for value in found
    ]


def _today(today: object) -> dt.date:
    if today is None:
        return dt.datetime.now(dt.UTC).date()
    if isinstance(today, dt.datetime):
        return today.date()
    if not isinstance(today, dt.date):
        raise InvalidFieldError("today", today, "must be a date")
    return today
