"""Publishing to StoryMapJS: the JSON document of Knight Lab's StoryMapJS, a story told as
slides that move over a map.

The document is ``{"storymap": {"language": "en", "map_type": "osm:standard", "map_as_image":
false, "calculate_zoom": false, "slides": [...]}}``. Its first slide is the overview
(``"type": "overview"``), whose map shows every place: it carries the timeline's title and
description, and lists the events that have no place on the map (no place, or a place without
coordinates), each with its date. Then each event with coordinates is a slide, in timeline
order:

====================  ==========================================================================
StoryMapJS field      comes from
====================  ==========================================================================
``date``              the date in words (``summer 2017``; see :func:`~geotimeline.display.text
                      .human_date`)
``text.headline``     ``Event.title``
``text.text``         the summary, actors, place and sources (as links), as escaped HTML
``location.lat/lon``  the place's coordinates
``location.zoom``     how close the map comes: 5 for a country (a place named as its country),
                      7 for a place in a named region, 10 for a city or any other place
``location.name``     the place in words ("Sochi, Russia")
``location.line``     true: the map draws the way from one slide's place to the next
``uniqueid``          ``Event.id``
====================  ==========================================================================

``calculate_zoom`` is false so that StoryMapJS keeps each slide's zoom rather than fit its
own between neighbouring places.

StoryMapJS inserts the headline, the text and the place's name into the page as HTML, with no
filter of its own, so their text is escaped (``<`` as ``&lt;``): a title ``<script>`` shows as
``<script>``. Sources link only ``http://`` and ``https://`` URLs (the only ones a
:class:`~geotimeline.events.event.Source` takes; any other would be written as text), escaped
with their quotes so that they cannot leave the ``href`` attribute.

The map's tiles come from the network (OpenStreetMap's), so a StoryMapJS page never works
offline: this is a JSON export only. What is lost: the date's precision beyond its words, tags,
links between events, source quotes and metadata.

>>> from geotimeline import Event, Place, Timeline
>>> timeline = Timeline([
...     Event(title="Putin and Trump talk in Da Nang", when="2017-11-11",
...           place=Place("Da Nang", country="VN", latitude=16.07, longitude=108.22)),
...     Event(title="Sanctions", when="2014-04/..")], title="Talks")
>>> overview, slide = document(timeline)["storymap"]["slides"]
>>> overview["type"], overview["text"]["headline"]
('overview', 'Talks')
>>> slide["date"], slide["location"]
('11 November 2017', {'lat': 16.07, 'lon': 108.22, 'zoom': 10, 'name': 'Da Nang, Vietnam',
 'line': True})
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable
from typing import Any, Final

from geotimeline.display.text import human_date
from geotimeline.errors import InvalidFieldError
from geotimeline.events.event import Event
from geotimeline.events.keys import fold
from geotimeline.io.files import write_atomically
from geotimeline.places import Place
from geotimeline.timeline.timeline import Timeline

__all__ = ["ZOOM", "document", "dumps", "save", "zoom_for"]

#: How close the map comes to a slide's place, by the kind of place.
ZOOM: Final = {"country": 5, "region": 7, "city": 10}
_LINKED_SCHEMES: Final = ("http://", "https://")


def document(timeline: Timeline, *, title: str | None = None) -> dict[str, Any]:
    """The StoryMapJS document of a timeline, as JSON-ready Python data (see the module's
    notes); ``title`` is the overview's headline, the timeline's title by default.

    Runtime complexity: O(n) for n events.
    """
    if title is not None and not isinstance(title, str):
        raise InvalidFieldError("title", title, "must be text")
    mapped = [event for event in timeline if _coordinates(event) is not None]
    unmapped = [event for event in timeline if _coordinates(event) is None]
    overview = _overview(timeline, title, unmapped)
    return {
        "storymap": {
            "language": "en",
            "map_type": "osm:standard",
            "map_as_image": False,
            "calculate_zoom": False,
            "slides": [overview, *(_slide(event) for event in mapped)],
        }
    }


def dumps(timeline: Timeline, *, title: str | None = None) -> str:
    """The StoryMapJS document of a timeline as JSON text (UTF-8 ready, indented).

    >>> from geotimeline import Event, Timeline
    >>> text = dumps(Timeline([Event(title="<b>Talks</b>", when="2017")], title="A & B"))
    >>> overview = json.loads(text)["storymap"]["slides"][0]["text"]
    >>> overview["headline"], overview["text"]
    ('A &amp; B', '<p>Not on the map:</p><ul><li>2017: &lt;b&gt;Talks&lt;/b&gt;</li></ul>')
    """
    return json.dumps(document(timeline, title=title), ensure_ascii=False, indent=1) + "\n"


def save(timeline: Timeline, path: str | os.PathLike[str], *, title: str | None = None) -> None:
    """Write the StoryMapJS document of a timeline to ``path``, atomically."""
    text = dumps(timeline, title=title)

    def produce(write: Callable[[str], object]) -> None:
        write(text)

    write_atomically(path, produce)


def zoom_for(place: Place) -> int:
    """How close the map comes to a place (:data:`ZOOM`): a country (a place named as its
    country, or by its code), a place in a named region, or a city or other place.

    >>> zoom_for(Place.from_name("Syria")), zoom_for(Place("Idlib", region="Idlib Governorate"))
    (5, 7)
    >>> zoom_for(Place.from_name("Damascus"))
    10
    """
    country, name = place.country_name, fold(place.name)
    if country is not None and name in (fold(country), fold(place.country or "")):
        return ZOOM["country"]
    return ZOOM["region"] if place.region else ZOOM["city"]


def _coordinates(event: Event) -> tuple[float, float] | None:
    return event.place.coordinates if event.place is not None else None


def _overview(timeline: Timeline, title: str | None, unmapped: list[Event]) -> dict[str, Any]:
    headline = title if title is not None else timeline.title or ""
    parts = [f"<p>{_html(timeline.description)}</p>"] if timeline.description else []
    if unmapped:
        listed = "".join(
            f"<li>{_html(human_date(event.when))}: {_html(event.title)}</li>" for event in unmapped
        )
        parts.append(f"<p>Not on the map:</p><ul>{listed}</ul>")
    return {"type": "overview", "text": {"headline": _html(headline), "text": "".join(parts)}}


def _slide(event: Event) -> dict[str, Any]:
    place = event.place
    assert place is not None
    assert place.latitude is not None
    assert place.longitude is not None
    return {
        "date": _html(human_date(event.when)),
        "text": {"headline": _html(event.title), "text": _text(event)},
        "location": {
            "lat": place.latitude,
            "lon": place.longitude,
            "zoom": zoom_for(place),
            "name": _html(str(place)),
            "line": True,
        },
        "uniqueid": event.id,
    }


def _html(text: str) -> str:
    """Text for a field StoryMapJS inserts as HTML: escaped, quotes too."""
    return html.escape(text)


def _text(event: Event) -> str:
    parts = [f"<p>{_html(event.summary)}</p>"] if event.summary else []
    if event.actors:
        parts.append(f"<p>Who: {_html(', '.join(event.actors))}</p>")
    if event.place is not None:
        parts.append(f"<p>Where: {_html(str(event.place))}</p>")
    sources = [_source(source.outlet, source.url) for source in event.sources]
    if sources:
        parts.append(f"<p>Sources: {', '.join(sources)}</p>")
    return "".join(parts)


def _source(outlet: str, url: str | None) -> str:
    # Source takes only http:// and https:// URLs; a link is made of nothing else all the same,
    # so that no javascript: or data: URL could ever reach an href.
    if url is None or not url.lower().startswith(_LINKED_SCHEMES):
        return _html(outlet)
    return f'<a href="{_html(url)}">{_html(outlet)}</a>'
