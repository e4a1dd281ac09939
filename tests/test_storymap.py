"""StoryMapJS export: the documented JSON fields, an overview and a slide per placed event in
timeline order, zoom by kind of place, and escaping of everything StoryMapJS shows as HTML."""

from __future__ import annotations

import html
import html.parser
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import Event, InvalidFieldError, Place, Source, Timeline, examples, io
from geotimeline.display.text import human_date
from geotimeline.io import storymap
from tests.strategies import events, html_texts, whens

# The fields StoryMapJS documents, from its own sources (github.com/NUKnightLab/StoryMapJS):
# the document and the slide from storymap/templates/advanced.html ("JSON syntax": storymap,
# language, map_type, map_as_image, map_subdomains, calculate_zoom, slides; a slide's type,
# location, text, media), the slide's date, background and uniqueid from src/js/slider/Slide.js
# (its data) and the example documents in compiled/examples/ (katrina.json: location.name,
# zoom and line), location.zoom, name, icon, image and use_custom_marker from src/js/map/.
SLIDE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "type": {"const": "overview"},
        "date": {"type": "string"},
        "uniqueid": {"type": "string"},
        "location": {
            "type": "object",
            "required": ["lat", "lon"],
            "additionalProperties": False,
            "properties": {
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
                "zoom": {"type": "number"},
                "name": {"type": "string"},
                "line": {"type": "boolean"},
                "icon": {"type": "string"},
                "image": {"type": "string"},
                "use_custom_marker": {"type": "boolean"},
            },
        },
        "text": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
        },
        "media": {
            "type": "object",
            "required": ["url"],
            "properties": {
                "url": {"type": "string"},
                "caption": {"type": "string"},
                "credit": {"type": "string"},
            },
        },
        "background": {"type": "object"},
    },
    # "location: required for all slides except 'overview' slide"; "text: optional if media
    # present", "media: optional if text present".
    "if": {"required": ["type"]},
    "else": {"required": ["location"]},
    "anyOf": [{"required": ["text"]}, {"required": ["media"]}],
}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["storymap"],
    "additionalProperties": False,
    "properties": {
        "width": {"type": "integer"},
        "height": {"type": "integer"},
        "font_css": {"type": "string"},
        "calculate_zoom": {"type": "boolean"},
        "storymap": {
            "type": "object",
            "required": ["language", "map_type", "map_as_image", "slides"],
            "additionalProperties": False,
            "properties": {
                "language": {"type": "string", "pattern": "^[a-z]{2}(-[a-z]{2})?$"},
                "map_type": {"type": "string"},
                "map_as_image": {"type": "boolean"},
                "map_subdomains": {"type": "string"},
                "map_background_color": {"type": "string"},
                "calculate_zoom": {"type": "boolean"},
                "call_to_action": {"type": "boolean"},
                "call_to_action_text": {"type": "string"},
                "slides": {"type": "array", "items": SLIDE},
            },
        },
    },
}
# Markup our writer puts in the HTML fields: paragraphs, the overview's list, sources' links.
OUR_TAGS = {"p", "ul", "li", "a"}


def exported(timeline: Timeline, **options: Any) -> list[dict[str, Any]]:
    """The slides of a timeline's document, parsed from the JSON text and checked."""
    document = json.loads(storymap.dumps(timeline, **options))
    jsonschema.validate(document, SCHEMA)
    slides: list[dict[str, Any]] = document["storymap"]["slides"]
    assert slides[0]["type"] == "overview"
    assert all("type" not in slide for slide in slides[1:])
    return slides


def listed(overview: dict[str, Any]) -> list[str]:
    """The overview's list of events not on the map, as a reader sees each line."""
    return [
        html.unescape(line) for line in re.findall(r"<li>([^<]*)</li>", overview["text"]["text"])
    ]


class Markup(html.parser.HTMLParser):
    """The tags, attributes and text of a piece of HTML, as a browser would read them."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append(("!--", []))


def assert_only_our_markup(markup: str) -> Markup:
    parsed = Markup(markup)
    for tag, attributes in parsed.tags:
        assert tag in OUR_TAGS, markup
        for name, value in attributes:
            assert (tag, name) == ("a", "href"), markup
            assert value is not None
            assert value.startswith(("http://", "https://")), markup
    return parsed


# -- examples ---------------------------------------------------------------------------------


def test_the_overview_carries_the_title_description_and_the_events_not_on_the_map() -> None:
    timeline = Timeline(
        [
            Event(title="Talks in Sochi", when="2017-05-02", place=Place.from_name("Sochi")),
            Event(title="Remarks", when="2017-11-11", place="Air Force One"),
            Event(title="War in Donbas", when="2014-04/.."),
        ],
        title="Russia & the world",
        description="Talks & wars",
    )
    overview, *slides = exported(timeline)
    assert overview == {
        "type": "overview",
        "text": {
            "headline": "Russia &amp; the world",
            "text": "<p>Talks &amp; wars</p><p>Not on the map:</p>"
            "<ul><li>since April 2014: War in Donbas</li><li>11 November 2017: Remarks</li></ul>",
        },
    }
    assert [slide["uniqueid"] for slide in slides] == ["2017-05-02-talks-in-sochi"]
    assert exported(timeline, title="<Talks>")[0]["text"]["headline"] == "&lt;Talks&gt;"


def test_a_slide_has_the_date_in_words_the_text_and_the_location() -> None:
    event = Event(
        title="Ceasefire",
        when="2017-22",
        summary="Agreed at Amman.",
        actors=["Russia", "United States"],
        place=Place("Daraa", country="SY", latitude=32.62, longitude=36.1),
        sources=[Source("Reuters", url="https://www.reuters.com/a?b=1&c=2"), Source("TASS")],
    )
    slide = exported(Timeline([event]))[1]
    assert slide == {
        "date": "summer 2017",
        "text": {
            "headline": "Ceasefire",
            "text": "<p>Agreed at Amman.</p><p>Who: Russia, United States</p>"
            "<p>Where: Daraa, Syria</p><p>Sources: "
            '<a href="https://www.reuters.com/a?b=1&amp;c=2">Reuters</a>, TASS</p>',
        },
        "location": {"lat": 32.62, "lon": 36.1, "zoom": 10, "name": "Daraa, Syria", "line": True},
        "uniqueid": event.id,
    }


@pytest.mark.parametrize(
    ("place", "zoom"),
    [
        (Place.from_name("Syria"), 5),
        (Place("SY", country="SY", latitude=35.0, longitude=38.0), 5),
        (
            Place("Idlib", country="SY", region="Idlib Governorate", latitude=35.9, longitude=36.6),
            7,
        ),
        (Place.from_name("Damascus"), 10),
        (Place("Hmeimim air base", latitude=35.4, longitude=35.95), 10),
    ],
)
def test_the_zoom_goes_by_the_kind_of_place(place: Place, zoom: int) -> None:
    assert storymap.zoom_for(place) == zoom
    slide = exported(Timeline([Event(title="Strike", when="2017", place=place)]))[1]
    assert slide["location"]["zoom"] == zoom


def test_a_timeline_with_no_events_is_an_overview_alone() -> None:
    assert exported(Timeline()) == [{"type": "overview", "text": {"headline": "", "text": ""}}]


def test_sources_link_only_web_addresses() -> None:
    # The writer's own check stands behind Source's, which refuses every other scheme.
    with pytest.raises(InvalidFieldError, match="http:// or https://"):
        Source("Evil", url="javascript:alert(1)")
    site = Source("Site", url='https://example.org/"onmouseover="alert(1)')
    event = Event(title="Talks", when="2017", place=Place.from_name("Sochi"), sources=[site])
    text = exported(Timeline([event]))[1]["text"]["text"]
    assert '<a href="https://example.org/&quot;onmouseover=&quot;alert(1)">Site</a>' in text
    assert_only_our_markup(text)


def test_a_title_that_is_not_text_is_refused() -> None:
    with pytest.raises(InvalidFieldError) as caught:
        storymap.document(Timeline(), title=42)  # type: ignore[arg-type]
    assert caught.value.field == "title"


def test_the_seed_timeline() -> None:
    seed = examples.load("seed")
    overview, *slides = exported(seed)
    mapped = [event for event in seed if event.place is not None and event.place.coordinates]
    unmapped = [event for event in seed if event not in mapped]
    assert [slide["uniqueid"] for slide in slides] == [event.id for event in mapped]
    assert listed(overview) == [f"{human_date(e.when)}: {e.title}" for e in unmapped]
    assert len(slides) + len(listed(overview)) == len(seed) == 23
    assert html.unescape(overview["text"]["headline"]) == seed.title
    for slide, event in zip(slides, mapped, strict=True):
        assert event.place is not None
        assert (slide["location"]["lat"], slide["location"]["lon"]) == event.place.coordinates
        assert_only_our_markup(slide["text"]["text"])


def test_it_is_a_format_saved_by_its_file_name(tmp_path: Path) -> None:
    timeline = Timeline([Event(title="Talks", when="2017-11-11", place="Sochi")])
    path = tmp_path / "talks.storymap.json"
    io.save(timeline, path)
    assert io.format_for(path).name == "storymap"
    assert path.read_text(encoding="utf-8") == storymap.dumps(timeline)
    with pytest.raises(io.FormatError, match="writes storymap but cannot read it"):
        io.load(path)


# -- properties ---------------------------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(st.lists(events(), unique_by=lambda event: event.id, max_size=6).map(Timeline))
def test_every_event_is_a_slide_or_on_the_overview_in_timeline_order(timeline: Timeline) -> None:
    overview, *slides = exported(timeline)
    mapped = [e for e in timeline if e.place is not None and e.place.coordinates is not None]
    unmapped = [e for e in timeline if e.place is None or e.place.coordinates is None]
    assert [slide["uniqueid"] for slide in slides] == [event.id for event in mapped]
    assert listed(overview) == [f"{human_date(e.when)}: {e.title}" for e in unmapped]
    for slide, event in zip(slides, mapped, strict=True):
        assert event.place is not None
        assert (slide["location"]["lat"], slide["location"]["lon"]) == event.place.coordinates
        assert slide["location"]["zoom"] in storymap.ZOOM.values()
        assert html.unescape(slide["date"]) == human_date(event.when)
        assert html.unescape(slide["text"]["headline"]) == event.title


_hostile = html_texts().filter(str.strip)
_hostile_places = st.builds(
    Place, name=_hostile, region=st.none() | _hostile, latitude=st.just(33.5),
    longitude=st.just(36.3),
) | st.builds(Place, name=_hostile)  # fmt: skip
_hostile_events = st.builds(
    Event,
    title=_hostile,
    when=whens(),
    summary=html_texts(),
    actors=st.lists(_hostile, max_size=2),
    place=st.none() | _hostile_places,
    sources=st.lists(
        st.builds(Source, outlet=_hostile, url=st.none() | st.just('https://e.org/"><script>')),
        max_size=2,
    ),
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=100)
@given(st.lists(_hostile_events, unique_by=lambda event: event.id, max_size=4), _hostile)
def test_no_text_runs_as_markup(batch: list[Event], title: str) -> None:
    timeline = Timeline(batch, description=title)
    overview, *slides = exported(timeline, title=title)
    # What StoryMapJS inserts as HTML holds only our own paragraphs, lists and web links...
    for slide in [overview, *slides]:
        assert "<" not in slide["text"]["headline"]
        assert html.unescape(slide["text"]["headline"]) in [title, *(e.title for e in batch)]
        assert_only_our_markup(slide["text"]["text"])
    for slide in slides:
        assert "<" not in slide["location"]["name"]
        assert "<" not in slide["date"]
    # ... and the reader sees the overview's text as it was written.
    shown = "".join(assert_only_our_markup(overview["text"]["text"]).text)
    assert shown.startswith(timeline.description or "")
