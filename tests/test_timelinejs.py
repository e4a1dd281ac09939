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

from geotimeline import Event, Place, Source, Timeline, examples
from geotimeline.io import timelinejs
from tests.strategies import events

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads((Path(__file__).parent / "data" / "timelinejs3.schema.json").read_text())
# Where .ci/install-browser-test-deps puts TimelineJS from the npm registry.
TIMELINEJS = ROOT / ".cache" / "timelinejs" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


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


@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed; see .ci/install-browser-test-deps"
)
@pytest.mark.skipif(
    not (TIMELINEJS / "js" / "timeline.js").exists(),
    reason="TimelineJS is not in .cache/timelinejs; see .ci/install-browser-test-deps",
)
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
