"""TimelineJS3 export: the documented JSON format, the date traps, and a render in Chromium."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import Event, FormatError, InvalidFieldError, Place, Source, Timeline, examples
from geotimeline.io import FORMATS, timelinejs
from geotimeline.time.when import Moment, Precision
from tests.strategies import events, html_texts, whens

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads((Path(__file__).parent / "data" / "timelinejs3.schema.json").read_text())
# Where .ci/install-browser-test-deps puts TimelineJS from the npm registry.
TIMELINEJS = ROOT / ".cache" / "timelinejs" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_a_browser = pytest.mark.skipif(
    CHROMIUM is None or not (TIMELINEJS / "js" / "timeline.js").exists(),
    reason="chromium or TimelineJS (in .cache/timelinejs) is missing; "
    "see .ci/install-browser-test-deps",
)


def slide_for(when: str, **fields: Any) -> dict[str, Any]:
    document = timelinejs.to_document(Timeline([Event(title="Talks", when=when, **fields)]))
    jsonschema.validate(document, SCHEMA)
    slide: dict[str, Any] = document["events"][0]
    return slide


def test_the_seed_timeline_follows_the_schema() -> None:
    document = json.loads(timelinejs.dumps(examples.load("seed")))
    jsonschema.validate(document, SCHEMA)
    assert len(document["events"]) == 23
    assert document["title"]["text"]["headline"] == "Russia and the world, 2014-2017"


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(st.lists(events(), unique_by=lambda event: event.id, max_size=8))
def test_every_export_follows_the_schema(batch: list[Event]) -> None:
    document = json.loads(timelinejs.dumps(Timeline(batch, title="T")))
    jsonschema.validate(document, SCHEMA)
    assert [slide["unique_id"] for slide in document["events"]] == [e.id for e in Timeline(batch)]


@pytest.mark.parametrize(
    ("when", "start_date"),
    [
        ("2014", {"year": 2014}),
        ("2014-03", {"year": 2014, "month": 3}),
        ("2014-03-18", {"year": 2014, "month": 3, "day": 18}),
        ("2017-11-11T09:30+07:00",
         {"year": 2017, "month": 11, "day": 11, "hour": 9, "minute": 30,
          "display_date": "11 November 2017 09:30 +0700"}),
    ],
)  # fmt: skip
def test_a_date_gives_the_fields_of_its_precision_and_no_more(
    when: str, start_date: dict[str, Any]
) -> None:
    # TimelineJS infers the precision from the fields present: no "January 1" for a year.
    assert slide_for(when)["start_date"] == start_date


def test_fuzzy_dates_are_stated_in_words() -> None:
    season = slide_for("2017-22")
    assert season["start_date"] == {"year": 2017, "month": 6, "display_date": "summer 2017"}
    assert season["display_date"] == "summer 2017"
    assert slide_for("201X")["display_date"] == "2010s"
    assert slide_for("2014-03-18?")["display_date"] == "18 March 2014?"
    assert slide_for("2014-03-18~")["start_date"]["display_date"] == "c. 18 March 2014"
    assert "display_date" not in slide_for("2014-03-18")


def test_midnight_is_not_read_as_no_hour() -> None:
    # TimelineJS reads hour 0 as "no hour"; the words keep the time.
    slide = slide_for("2017-11-11T00:00Z")
    assert slide["start_date"]["hour"] == 0
    assert slide["display_date"] == "11 November 2017 00:00 UTC"


def test_intervals_and_their_open_ends() -> None:
    crimea = slide_for("2014-02-20/2014-03-18")
    assert crimea["end_date"] == {"year": 2014, "month": 3, "day": 18}
    assert "display_date" not in crimea
    donbas = slide_for("2014-04/..")
    assert donbas["start_date"] == {"year": 2014, "month": 4}
    assert "end_date" not in donbas
    assert donbas["display_date"] == "since April 2014"
    until = slide_for("../2014-03")
    assert until["start_date"] == {"year": 2014, "month": 3}
    assert until["display_date"].startswith("until March 2014")


def test_an_end_equal_to_the_start_is_not_written() -> None:
    # TimelineJS drops such an end; the slide says the same without it.
    slide = slide_for("2014-03-18T10/2014-03-18T10:30")
    assert slide["start_date"]["hour"] == 10
    assert slide["end_date"]["minute"] == 30
    assert "end_date" not in slide_for("2014-03-18?/2014-03-18")


# -- Text that attacks the reader's browser ---------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "&lt;img src=x onerror=alert(1)&gt;",  # escaped already: must stay so, not be decoded
    "<iframe src=javascript:alert(1)>",
]
# Sources' URLs are http(s) (Source refuses others), but may try to leave the href.
BREAKOUT_URLS = [
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/'><script>alert(1)</script>",
]


def hostile_timeline() -> Timeline:
    """Every field TimelineJS shows holds markup: title, summary, actors, place, sources,
    group (the country's place in the default grouping) and the title slide."""
    dates = ["2014-03-18", "2017-22", "2014-04/..", "201X", "2015~", "2016-05", "2017", "2013"]
    return Timeline(
        [
            Event(
                id=f"payload-{number}",
                title=payload,
                when=date,
                summary=payload,
                actors=[payload, "Russia"],
                place=Place(payload, region=payload),
                sources=[Source(payload, url=BREAKOUT_URLS[number % 2]), Source(payload)],
                tags=[payload],
            )
            for number, (payload, date) in enumerate(zip(PAYLOADS, dates, strict=True))
        ],
        title=PAYLOADS[0],
        description=PAYLOADS[1],
    )


def by_first_tag(event: Event) -> str:
    return event.tags[0]


def test_source_urls_other_than_http_are_refused() -> None:
    # The only links the export writes are sources' URLs: these never reach it.
    for url in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>",
                " javascript:alert(1)", "vbscript:msgbox(1)"):  # fmt: skip
        with pytest.raises(InvalidFieldError, match="url"):
            Source("AP", url=url)


def shown_in_html(markup: str) -> str:
    """The text a browser shows for markup that holds no element: its escapes decoded."""
    assert "<" not in markup, markup
    return html.unescape(markup)


# Our own markup in text.text: paragraphs and the sources' links.
OUR_TAGS = re.compile(r'</?p>|<a href="[^"<>]*">|</a>')


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(
    st.lists(
        st.builds(
            Event,
            title=html_texts().filter(str.strip),
            when=whens(),
            summary=html_texts(),
            actors=st.lists(html_texts().filter(str.strip), max_size=2),
            place=st.none() | html_texts().filter(str.strip).map(Place),
            tags=st.lists(html_texts().filter(str.strip), min_size=1, max_size=1),
            sources=st.lists(st.builds(Source, html_texts().filter(str.strip)), max_size=2),
        ),
        unique_by=lambda event: event.id,
        max_size=4,
    ),
    st.none() | html_texts(),
    st.none() | html_texts(),
)
def test_html_fields_show_the_text_and_no_markup(
    batch: list[Event], title: str | None, description: str | None
) -> None:
    timeline = Timeline(batch, title=title, description=description)
    document = json.loads(timelinejs.dumps(timeline, group=by_first_tag))
    for slide, event in zip(document["events"], timeline, strict=True):
        assert shown_in_html(slide["text"]["headline"]) == event.title
        # TimelineJS reads group and display_date as text (decoding them once), then shows
        # them as HTML: neither step may find markup.
        assert shown_in_html(shown_in_html(slide["group"])) == event.tags[0]
        for date in (slide, slide["start_date"], slide.get("end_date", {})):
            if "display_date" in date:
                shown_in_html(shown_in_html(date["display_date"]))
        text = slide["text"]["text"]
        assert "<" not in OUR_TAGS.sub("", text)
        paragraphs = [html.unescape(part) for part in re.findall(r"<p>(.*?)</p>", text)]
        if event.summary:
            assert paragraphs[0] == event.summary
        if event.actors:
            assert f"Who: {', '.join(event.actors)}" in paragraphs
    if title or description:
        assert shown_in_html(document["title"]["text"]["headline"]) == (timeline.title or "")


@needs_a_browser
def test_timelinejs_runs_no_script_from_the_timeline(tmp_path: Path) -> None:
    timeline = hostile_timeline()
    try:
        dom = _render(timelinejs.to_document(timeline, group=by_first_tag), tmp_path)
    except subprocess.TimeoutExpired:
        # An alert in a frame the payload made is a real dialog, which stops the page.
        pytest.fail("Chromium did not finish drawing: a payload opened a dialog")
    assert 'data-loaded="yes"' in dom
    assert "data-error" not in dom
    assert "data-pwned" not in dom  # no payload called alert
    # No element came from the payloads: in the DOM, their markup is text.
    for element in ("<script>alert", '<img src="x"', "<svg", "<iframe"):
        assert element not in dom
    assert not re.search(r"<a [^>]*href=\"javascript:", dom)
    headlines = re.findall(r'<h2 class="tl-headline[^"]*">(.*?)</h2>', dom)
    shown = sorted(html.unescape(text) for text in headlines)
    assert shown == sorted([*(e.title for e in timeline), timeline.title or ""])
    groups = re.findall(r'<div class="tl-timegroup-message">(.*?)</div>', dom)
    assert sorted(html.unescape(text) for text in groups) == sorted(PAYLOADS)


def test_text_is_escaped_html_with_sources_as_links() -> None:
    slide = slide_for(
        "2017-04-07",
        summary="59 <Tomahawk> missiles & more",
        actors=["United States"],
        place=Place("Shayrat", country="SY"),
        sources=[Source("AP", url="https://example.org/a?b=1&c=2"), Source("SANA")],
    )
    assert slide["text"]["headline"] == "Talks"
    assert slide["text"]["text"] == (
        "<p>59 &lt;Tomahawk&gt; missiles &amp; more</p><p>Who: United States</p>"
        "<p>Where: Shayrat, Syria</p>"
        '<p>Sources: <a href="https://example.org/a?b=1&amp;c=2">AP</a>, SANA</p>'
    )
    assert slide["group"] == "Syria"


def test_groups_come_from_any_function_or_none() -> None:
    timeline = Timeline([Event(title="Talks", when="2017", tags=["diplomacy"])])
    document = timelinejs.to_document(timeline, group=lambda event: event.tags[0])
    assert document["events"][0]["group"] == "diplomacy"
    assert "group" not in timelinejs.to_document(timeline, group=None)["events"][0]


def test_what_timelinejs_cannot_hold_is_left_out() -> None:
    event = Event(
        title="Talks", when="2017-07-07", tags=["diplomacy"],
        place=Place("Hamburg", country="DE", latitude=53.55, longitude=9.99),
        sources=[Source("Reuters", quote="a quote")], metadata={"note": 1},
    )  # fmt: skip
    text = timelinejs.dumps(Timeline([event]))
    for lost in ("diplomacy", "53.55", "a quote", "note"):
        assert lost not in text


def test_save_writes_the_document(tmp_path: Path) -> None:
    path = tmp_path / "timeline.json"
    timeline = examples.load("seed")
    timelinejs.save(timeline, path)
    assert path.read_text(encoding="utf-8") == timelinejs.dumps(timeline)


def _render(document: dict[str, Any], tmp_path: Path) -> str:
    """The DOM after TimelineJS has drawn ``document`` in headless Chromium."""
    data = json.dumps(document).replace("</", "<\\/")  # safe inside a <script> element
    page = tmp_path / "timeline.html"
    page.write_text(
        f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{(TIMELINEJS / "css" / "timeline.css").as_uri()}">
<script src="{(TIMELINEJS / "js" / "timeline.js").as_uri()}"></script></head>
<body><div id="timeline" style="width: 1000px; height: 650px"></div><script>
window.onerror = function (message) {{ document.body.dataset.error = message; }};
// What a script smuggled into the page would call: recorded where the DOM shows it.
window.alert = function (message) {{ document.body.dataset.pwned = String(message); }};
var timeline = new TL.Timeline("timeline", {data}, {{script_path: "{TIMELINEJS.as_uri()}/js/"}});
timeline.on("loaded", function () {{ document.body.dataset.loaded = "yes"; }});
</script></body></html>""",
        encoding="utf-8",
    )
    assert CHROMIUM is not None
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=10000", "--dump-dom", page.as_uri(),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return result.stdout


@needs_a_browser
def test_timelinejs_renders_a_slide_for_every_event(tmp_path: Path) -> None:
    timeline = examples.load("seed")
    dom = _render(timelinejs.to_document(timeline), tmp_path)
    assert 'data-loaded="yes"' in dom
    assert "data-error" not in dom
    slides = re.findall(r'<div class="tl-slide[ "][^>]*id="([^"]*)"', dom)
    assert slides[1:] == [event.id for event in timeline]  # the title slide comes first
    assert len(re.findall(r'class="tl-timemarker[ "]', dom)) == len(timeline)  # on the axis
    headlines = re.findall(r'<h2 class="tl-headline">(.*?)</h2>', dom)
    assert sorted(html.unescape(text) for text in headlines) == sorted(e.title for e in timeline)
    dates = {html.unescape(text) for text in re.findall(r'"tl-headline-date">(.*?)</h3>', dom)}
    assert {"summer 2017", "since April 2014"} <= dates


# -- Reading TimelineJS3 JSON -------------------------------------------------------------------

DATA = Path(__file__).parent / "data"
# Knight Lab's example of eras (TimelineJS3, src/template/eras.json), cut short.
ERAS = DATA / "timelinejs3_eras.json"
# How many of year, month, day, hour, minute, second the writer gives each precision.
FIELD_COUNT = {
    Precision.CENTURY: 1, Precision.DECADE: 1, Precision.YEAR: 1, Precision.SEASON: 2,
    Precision.MONTH: 2, Precision.DAY: 3, Precision.HOUR: 4, Precision.MINUTE: 5,
    Precision.SECOND: 6,
}  # fmt: skip


def test_knight_labs_eras_example() -> None:
    # Knight Lab's own file gives backgrounds an "opacity", which the schema does not list.
    timeline = timelinejs.load(ERAS)
    assert timeline.title == "Eras Test"
    titles = {event.title: event for event in timeline}
    eras = sorted(str(event.when) for event in timeline if event.metadata.get("type") == "era")
    assert eras == ["0600/0650", "0650/0700"]
    hijra = titles["Muhammad Migrates from Mecca to Medina"]
    assert str(hijra.when) == "0622-08-09/0622-08-23"
    assert hijra.metadata["media"] == {"url": "https://en.wikipedia.org/wiki/Hijra_(Islam)"}
    war = titles["Last great Roman-Persian War."]
    assert war.metadata["background"]["opacity"] == "50"
    assert str(war.when) == "0602/0629"


def moment_fields(moment: Moment) -> tuple[int, ...]:
    """The fields the writer gives a moment, as written (in its own offset), milliseconds last."""
    count = FIELD_COUNT[moment.precision]
    local = moment.local_fields()
    fields = local[:count]
    return (*fields, local[6] // 1000) if count == 6 else fields


def read_fields(moment: Moment) -> tuple[int, ...]:
    count = {Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3, Precision.HOUR: 4,
             Precision.MINUTE: 5, Precision.SECOND: 6}[moment.precision]  # fmt: skip
    local = moment.local_fields()
    return (*local[:count], local[6] // 1000) if count == 6 else local[:count]


def plain(event: Event) -> bool:
    """An event whose text the slide's paragraphs give back: none of its actors or outlets
    holds the ", " that joins them, and its summary does not begin as those paragraphs do."""
    names = [*event.actors, *(source.outlet for source in event.sources)]
    return not any(", " in name for name in names) and not event.summary.startswith(
        ("Who: ", "Where: ", "Sources: ")
    )


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=80)
@given(st.lists(events(), unique_by=lambda event: event.id, max_size=6).filter(
    lambda batch: all(map(plain, batch))
))  # fmt: skip
def test_our_json_reads_back_as_far_as_it_holds(batch: list[Event]) -> None:
    timeline = Timeline(batch, title="Russia", description="Events")
    back = timelinejs.loads(timelinejs.dumps(timeline))
    assert (back.title, back.description) == ("Russia", "Events")
    assert set(back.ids()) == set(timeline.ids())
    for event in timeline:
        read = back[event.id]
        assert (read.title, read.summary, read.actors) == (event.title, event.summary, event.actors)
        assert [(s.outlet, s.url) for s in read.sources] == [
            (s.outlet, s.url) for s in event.sources
        ]
        when = event.when
        first = when.start if isinstance(when.start, Moment) else when.end
        assert isinstance(first, Moment)
        assert isinstance(read.when.start, Moment)
        assert read_fields(read.when.start) == moment_fields(first)
        end = when.end
        written_end = (
            when.is_interval
            and isinstance(when.start, Moment)
            and isinstance(end, Moment)
            and moment_fields(end) != moment_fields(when.start)
        )
        assert read.when.is_interval == written_end
        if written_end:
            assert isinstance(end, Moment)
            assert isinstance(read.when.end, Moment)
            assert read_fields(read.when.end) == moment_fields(end)
        assert read.metadata.get("group") == by_country_name(event)


def by_country_name(event: Event) -> str | None:
    return event.place.country_name if event.place is not None else None


def test_bad_slides_are_collected_with_their_place_and_field() -> None:
    document = {
        "events": [
            {"start_date": {"year": 2014}, "text": {"headline": "Good"}, "unique_id": "a"},
            {"text": {"headline": "No date"}},
            {"start_date": {"year": 2014, "month": 13}, "text": {"headline": "Month 13"}},
            {"start_date": {"year": "twenty"}, "text": {"headline": "Words"}},
            {"start_date": {"year": 2015}, "text": {"headline": "Again"}, "unique_id": "a"},
            "not a slide",
        ],
        "eras": [{"start_date": {"year": 2014}, "end_date": {"year": 2013}, "text": {}}],
    }
    timeline, rejected = timelinejs.loads(json.dumps(document), "t.json", errors="collect")
    assert [event.title for event in timeline] == ["Good"]
    assert [(row.line, row.column) for row in rejected] == [
        (2, "start_date"), (3, "start_date.month"), (4, "start_date.year"), (5, "unique_id"),
        (6, None), (7, "end"),
    ]  # fmt: skip
    with pytest.raises(FormatError, match=r"t.json, events\[1\], start_date: None is required"):
        timelinejs.loads(json.dumps(document), "t.json")


def test_slides_without_ids_that_would_share_one_get_one_each() -> None:
    slide = {"start_date": {"year": 2014}, "text": {"headline": "Talks"}}
    timeline = timelinejs.loads(json.dumps({"events": [slide, slide, slide]}))
    assert sorted(timeline.ids()) == ["2014-talks", "2014-talks-2", "2014-talks-3"]


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"events": {}}', '{"eras": 3}'])
def test_a_document_that_is_no_timeline_raises_even_when_collecting(text: str) -> None:
    with pytest.raises(FormatError):
        timelinejs.loads(text, errors="collect")


def test_foreign_html_is_read_as_the_text_a_reader_sees() -> None:
    document = {
        "events": [
            {
                "start_date": {"year": "1952", "month": "", "day": None},
                "text": {
                    "headline": "Grace Hopper <b>invents</b> the compiler",
                    "text": "<p>She said &quot;Nobody would touch it.&quot;</p><p>Navy</p>",
                },
                "group": "Computing &amp; science",
                "display_date": "1952",
            }
        ]
    }
    event = timelinejs.loads(json.dumps(document)).first
    assert event is not None
    assert (event.title, str(event.when)) == ("Grace Hopper invents the compiler", "1952")
    assert event.summary == 'She said "Nobody would touch it." Navy'
    assert event.metadata["headline_html"] == "Grace Hopper <b>invents</b> the compiler"
    assert event.metadata["text_html"].startswith("<p>She said")
    assert event.metadata["group"] == "Computing & science"
    assert event.metadata["display_date"] == "1952"


def test_the_json_format_reads_and_collects() -> None:
    spec = FORMATS["timelinejs"]
    assert (spec.can_read, spec.collects) == (True, True)
    timeline, rejected = spec.load_collecting(ERAS)
    assert (len(timeline), rejected) == (6, ())
