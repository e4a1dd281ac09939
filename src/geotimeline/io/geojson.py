"""Publishing to GeoJSON (RFC 7946): a FeatureCollection of the events that have coordinates.

Each event whose place has coordinates becomes a Feature with a Point geometry (longitude
first, as RFC 7946 requires), the event's id as the Feature's ``id``, and these properties:

================  ===========================================================================
property          value
================  ===========================================================================
title, summary    the event's title and summary
when              the date as EDTF text, which :meth:`When.parse` reads back
earliest, latest  the first and last instant it could be (ISO 8601, UTC); null when unbounded
possible_earliest, possible_latest
                  the same, widened as far as a qualifier (``?``, ``~``, ``%``) widens the date;
                  a widening past year 1 or 9999 is written as an ISO 8601 expanded year
                  (``0000``, ``-0099``, ``+10099``)
precision         the precision's name in lower case (``day``, ``season``, ...)
date_text         the date in words ("summer 2017", "since April 2014")
actors, tags      lists of text
place, country    the place's name and ISO 3166-1 alpha-2 code; region when known
place_detail      how precise the place is, where the importer knew it (ACLED, GDELT), or
                  ``geocoded`` for coordinates looked up from the place's name
sources           a list of ``{"outlet", "url"}`` objects
================  ===========================================================================

What is lost: events without coordinates (the collection's ``geotimeline`` member lists their
ids, so nothing goes missing silently), links between events, source dates and quotes, and the
rest of the metadata.

>>> from geotimeline import Event, Place, Timeline
>>> document = to_document(Timeline([
...     Event(title="Russia annexes Crimea", when="2014-03-18",
...           place=Place("Kremlin, Moscow", country="RU", latitude=55.752, longitude=37.617)),
...     Event(title="Talks on the phone", when="2017-11-14"),
... ]))
>>> [feature["geometry"]["coordinates"] for feature in document["features"]]
[[37.617, 55.752]]
>>> document["geotimeline"]["without_coordinates"]
['2017-11-14-talks-on-the-phone']
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from typing import Any

from geotimeline.display.text import human_date
from geotimeline.events.event import Event
from geotimeline.io.files import write_atomically
from geotimeline.time import calendar as cal
from geotimeline.time.when import Unbounded, When
from geotimeline.timeline.timeline import Timeline

__all__ = ["dumps", "feature", "save", "to_document"]


def to_document(timeline: Timeline) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of a timeline, as JSON-ready Python data.

    Besides ``type`` and ``features``, the collection has a ``geotimeline`` member (a foreign
    member, which RFC 7946 allows) with the timeline's title, its number of events, and the ids
    of the events left out for want of coordinates.

    Runtime complexity: O(n) for n events.
    """
    features, left_out = [], []
    for event in timeline:
        made = feature(event)
        if made is None:
            left_out.append(event.id)
        else:
            features.append(made)
    summary: dict[str, Any] = {"title": timeline.title, "events": len(timeline)}
    summary["without_coordinates"] = left_out
    return {"type": "FeatureCollection", "features": features, "geotimeline": summary}


def feature(event: Event) -> dict[str, Any] | None:
    """The GeoJSON Feature of one event, or None when its place has no coordinates.

    >>> from geotimeline import Place
    >>> made = feature(Event(title="Khan Shaykhun attack", when="2017-04-04",
    ...                      place=Place("Khan Shaykhun", latitude=35.44, longitude=36.65)))
    >>> made["properties"]["earliest"], made["properties"]["latest"]
    ('2017-04-04T00:00:00Z', '2017-04-04T23:59:59.999999Z')
    """
    place = event.place
    if place is None or place.latitude is None or place.longitude is None:
        return None  # the same test as _has_point, spelt out for the type checker
    properties: dict[str, Any] = {"title": event.title, "summary": event.summary}
    properties |= _time(event.when)
    properties |= {"actors": list(event.actors), "tags": list(event.tags), "place": place.name}
    properties |= {"country": place.country, "region": place.region}
    geocoded = "geocoded" if place.geocoded else None  # the point is a guess from the name
    properties["place_detail"] = event.metadata.get("place_detail") or geocoded
    properties["sources"] = [{"outlet": s.outlet, "url": s.url} for s in event.sources]
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
        "properties": properties,
    }


def dumps(timeline: Timeline) -> str:
    """The GeoJSON document of a timeline, as text: one Feature a line."""
    parts: list[str] = []
    _write(timeline, parts.append)
    return "".join(parts)


def save(timeline: Timeline, path: str | os.PathLike[str]) -> None:
    """Write the GeoJSON document of a timeline to ``path``, atomically, a Feature at a time."""
    write_atomically(path, lambda write: _write(timeline, write))


def _write(timeline: Timeline, write: Callable[[str], object]) -> None:
    # The summary member comes first, so the events left out are known before any is written.
    left_out = [event.id for event in timeline if not _has_point(event)]
    summary = {"title": timeline.title, "events": len(timeline), "without_coordinates": left_out}
    head = {"type": "FeatureCollection", "geotimeline": summary}
    write(json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [')
    separator = "\n"
    for event in timeline:
        made = feature(event)
        if made is not None:
            write(separator + json.dumps(made, ensure_ascii=False))
            separator = ",\n"
    write("\n]}\n" if separator != "\n" else "]}\n")


def _has_point(event: Event) -> bool:
    place = event.place
    return place is not None and place.latitude is not None and place.longitude is not None


def _time(when: When) -> dict[str, Any]:
    unbounded_start, unbounded_end = (isinstance(b, Unbounded) for b in (when.start, when.end))
    return {
        "when": str(when),
        "earliest": None if unbounded_start else _iso(when.earliest),
        "latest": None if unbounded_end else _iso(when.latest),
        "possible_earliest": None if unbounded_start else _widened_iso(when.possible_earliest_us),
        "possible_latest": None if unbounded_end else _widened_iso(when.possible_latest_us),
        "precision": when.precision.name.lower(),
        "date_text": human_date(when),
    }


def _iso(instant: dt.datetime) -> str:
    return instant.isoformat().replace("+00:00", "Z")


def _widened_iso(us: int) -> str:
    """ISO 8601 for any year: an approximate ``01XX~`` widens to before year 1, which a Python
    date-time cannot hold, although the date itself can be exported.
    """
    if cal.DATETIME_MIN_US <= us <= cal.DATETIME_MAX_US:
        return _iso(cal.to_datetime(us))
    year, month, day, hour, minute, second, microsecond = cal.fields(us)
    written = f"{year:04d}" if 0 <= year <= 9999 else f"{year:+05d}"
    fraction = f".{microsecond:06d}" if microsecond else ""
    return f"{written}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{fraction}Z"
