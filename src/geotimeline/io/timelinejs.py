"""Publishing to TimelineJS3: the JSON document that Knight Lab's TimelineJS displays.

Each event becomes a slide; the timeline's title and description become the title slide.

===================  ========================================================================
TimelineJS field     comes from
===================  ========================================================================
``start_date``       the start of ``Event.when`` (its end, for an interval with no start)
``end_date``         the end of an interval, when it is a moment other than the start
``display_date``     the date in words, where TimelineJS would misstate it (see below)
``text.headline``    ``Event.title``
``text.text``        the summary, actors, place and sources (as links), as escaped HTML
``group``            the country of the place by default; any function of the event
``unique_id``        ``Event.id``
===================  ========================================================================

TimelineJS reads a date's precision from which fields are present, so a moment gives the
fields down to its own precision and no further: ``2014`` is ``{"year": 2014}``, never
January 1. What it cannot show, the slide's and the date's ``display_date`` say in words:
seasons, decades and centuries (given as their first month or year), uncertain and approximate
dates, open or unknown ends ("since April 2014"), and times of day (TimelineJS reads ``hour: 0``
as no hour, and reads dates in the browser's time zone, so a time is given as written and its
UTC offset is shown in words).

Text is escaped for the way TimelineJS shows it, so that no title, summary or group runs as
markup in the reader's browser. ``text.headline`` and ``text.text`` (and the title slide's) are
HTML to TimelineJS, so their text is escaped once (``<`` as ``&lt;``). ``group`` and
``display_date`` are read by TimelineJS (3.7 and later) as text, which decodes the escapes,
and then written into the page as HTML: their text is escaped twice (``&amp;lt;``), so that
what the reader sees is the text itself. Links are only sources' URLs, which
:class:`~geotimeline.events.event.Source` allows only with ``http://`` or ``https://``; no
media, eras or backgrounds are written.

>>> group = to_document(Timeline([Event(title="<b>Talks</b>", when="2017")]),
...                     group=lambda event: "<img src=x onerror=alert(1)>")["events"][0]
>>> group["text"]["headline"], group["group"]
('&lt;b&gt;Talks&lt;/b&gt;', '&amp;lt;img src=x onerror=alert(1)&amp;gt;')

What is lost: tags, links between events, coordinates, source quotes and metadata. TimelineJS
also places a season or a decade at its start on the time axis, and drops an ``end_date`` equal
to the start, which is why none is written.

>>> from geotimeline import Event, Timeline
>>> document = to_document(Timeline([Event(title="Ceasefire in south-western Syria",
...                                        when="2017-22", place="south-western Syria")]))
>>> slide = document["events"][0]
>>> slide["start_date"], slide["display_date"]
({'year': 2017, 'month': 6, 'display_date': 'summer 2017'}, 'summer 2017')
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable
from typing import Any, Final, TypeAlias

from geotimeline.display.text import human_date, human_moment
from geotimeline.events.event import Event
from geotimeline.io.files import write_atomically
from geotimeline.time.when import Moment, Precision, Unbounded
from geotimeline.timeline.timeline import Timeline

__all__ = ["by_country", "dumps", "save", "to_document"]

#: A function that names the group (the row of the time axis) an event goes in, or None.
Grouping: TypeAlias = Callable[[Event], "str | None"]

_FIELDS: Final = ("year", "month", "day", "hour", "minute", "second")
# How many of _FIELDS a moment of each precision has; a season and coarser give their start.
_FIELD_COUNT: Final = {
    Precision.CENTURY: 1, Precision.DECADE: 1, Precision.YEAR: 1, Precision.SEASON: 2,
    Precision.MONTH: 2, Precision.DAY: 3, Precision.HOUR: 4, Precision.MINUTE: 5,
    Precision.SECOND: 6,
}  # fmt: skip
# Precisions that TimelineJS states correctly from the fields alone.
_PLAIN: Final = {Precision.YEAR, Precision.MONTH, Precision.DAY}


def by_country(event: Event) -> str | None:
    """The default grouping: the English name of the country of the event's place, if any.

    >>> from geotimeline import Place
    >>> by_country(Event(title="Talks", when="2017", place=Place("Astana", country="KZ")))
    'Kazakhstan'
    """
    return event.place.country_name if event.place is not None else None


def to_document(timeline: Timeline, *, group: Grouping | None = by_country) -> dict[str, Any]:
    """The TimelineJS3 document of a timeline, as JSON-ready Python data.

    ``group`` names each event's group (row); ``None`` puts every event in one row.

    Runtime complexity: O(n) for n events.
    """
    document: dict[str, Any] = {}
    if timeline.title or timeline.description:
        text = {"headline": _html(timeline.title or "")}
        if timeline.description:
            text["text"] = f"<p>{_html(timeline.description)}</p>"
        document["title"] = {"text": text}
    document["events"] = [_slide(event, group) for event in timeline]
    return document


def dumps(timeline: Timeline, *, group: Grouping | None = by_country) -> str:
    """The TimelineJS3 JSON document of a timeline, as text (UTF-8 ready, indented)."""
    return json.dumps(to_document(timeline, group=group), ensure_ascii=False, indent=1) + "\n"


def save(
    timeline: Timeline, path: str | os.PathLike[str], *, group: Grouping | None = by_country
) -> None:
    """Write the TimelineJS3 document of a timeline to ``path``, atomically."""
    text = dumps(timeline, group=group)

    def produce(write: Callable[[str], object]) -> None:
        write(text)

    write_atomically(path, produce)


def _slide(event: Event, group: Grouping | None) -> dict[str, Any]:
    when = event.when
    start, end = when.start, when.end
    first = start if isinstance(start, Moment) else end
    assert isinstance(first, Moment)  # a When has at least one moment
    slide: dict[str, Any] = {"start_date": _date(first)}
    if when.is_interval and isinstance(start, Moment) and isinstance(end, Moment):
        end_date = _date(end)
        # TimelineJS drops an end that falls on the start (whatever the words say): so do we.
        if _without_words(end_date) != _without_words(slide["start_date"]):
            slide["end_date"] = end_date
    if _needs_words(start) or _needs_words(end):
        slide["display_date"] = _text_shown_as_html(human_date(when))
    slide["text"] = {"headline": _html(event.title), "text": _text(event)}
    name = group(event) if group is not None else None
    if name:
        slide["group"] = _text_shown_as_html(name)
    slide["unique_id"] = event.id
    return slide


def _without_words(date: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in date.items() if name != "display_date"}


def _needs_words(bound: Moment | Unbounded) -> bool:
    if isinstance(bound, Unbounded):
        return True
    return bound.precision not in _PLAIN or bound.uncertain or bound.approximate


def _date(moment: Moment) -> dict[str, Any]:
    local = moment.local_datetime()
    count = _FIELD_COUNT[moment.precision]
    date: dict[str, Any] = {name: getattr(local, name) for name in _FIELDS[:count]}
    if moment.precision is Precision.SECOND and local.microsecond:
        date["millisecond"] = local.microsecond // 1000
    if _needs_words(moment):
        date["display_date"] = _text_shown_as_html(human_moment(moment))
    return date


def _html(text: str) -> str:
    """Text for a field TimelineJS takes as HTML (its headline and text, which it sanitises and
    inserts): escaped once, quotes too, so that it shows as the text itself."""
    return html.escape(text)


def _text_shown_as_html(text: str) -> str:
    """Text for a field that TimelineJS reads as text, decoding its escapes, and then inserts
    as HTML (``group``, ``display_date``): escaped twice, so that it still shows as the text."""
    return html.escape(html.escape(text))


def _text(event: Event) -> str:
    parts = [f"<p>{_html(event.summary)}</p>"] if event.summary else []
    if event.actors:
        parts.append(f"<p>Who: {_html(', '.join(event.actors))}</p>")
    if event.place is not None:
        parts.append(f"<p>Where: {_html(str(event.place))}</p>")
    # A source's URL is http:// or https:// (Source refuses any other scheme), and escaped
    # with its quotes, so that it cannot leave the href attribute.
    sources = [
        f'<a href="{_html(source.url)}">{_html(source.outlet)}</a>'
        if source.url
        else _html(source.outlet)
        for source in event.sources
    ]
    if sources:
        parts.append(f"<p>Sources: {', '.join(sources)}</p>")
    return "".join(parts)
