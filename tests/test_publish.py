"""One-file pages (geotimeline.publish): what they hold, and how Chromium shows them offline.

The browser tests open each page from a file in headless Chromium driven through the DevTools
protocol (tests/chromium.py), with host names unresolvable, and record every request the page
makes or is refused: a page passes when the viewer has drawn every event and nothing but the
page itself was asked for.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import Event, FormatError, InvalidFieldError, Timeline, examples, io
from geotimeline.cli import main
from geotimeline.io import timelinejs, vistimeline
from geotimeline.publish import VIEWS, html_page, save_html, show
from geotimeline.publish import page as pages
from tests.chromium import CHROMIUM, Browser
from tests.strategies import events, html_texts

VENDOR = Path(pages.__file__).parent / "vendor"
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is missing; see .ci/install-browser-test-deps"
)
#: A page of the seed timeline stays under this size, viewer included.
MAX_PAGE_SIZE = 1_000_000
PAYLOAD = "</script><script>alert(1)</script>"
#: Where the vis view's open ends stop, in the tests that compare its data.
TODAY = dt.date(2020, 1, 1)
# The element that holds the data, and each inline script, as the page writes them.
DATA = re.compile(r'<script type="application/json" id="geotimeline-data">(.*?)</script>', re.S)
SCRIPTS = re.compile(r"<script>(.*?)</script>", re.S)
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def page_data(page: str) -> dict[str, Any]:
    """The JSON a page holds, as its script reads it: up to the first ``</script>``."""
    found = DATA.search(page)
    assert found is not None
    value: dict[str, Any] = json.loads(found[1])
    return value


# -- What a page holds ---------------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
@given(
    st.lists(
        events() | st.builds(Event, title=html_texts().filter(str.strip), when=st.just("2017-07")),
        unique_by=lambda event: event.id,
        max_size=4,
    ),
    st.none() | html_texts(),
    st.none() | st.text().filter(str.strip),
    st.sampled_from(VIEWS),
)
def test_no_text_can_end_the_data_element(
    batch: list[Event], title: str | None, description: str | None, view: str
) -> None:
    timeline = Timeline(batch, title=title, description=description)
    page = html_page(timeline, view=view, today=TODAY)  # type: ignore[arg-type]
    # The element ends at the first </script>: what is before it must be the whole document.
    if view == "timelinejs":
        assert page_data(page)["document"] == timelinejs.to_document(timeline)
    else:
        document = vistimeline.document(timeline, today=TODAY)
        assert page_data(page)["document"] == {"items": document["items"], "groups": None}
    data = DATA.search(page)
    assert data is not None
    assert not re.search("[<>&\u2028\u2029]", data[1])
    assert page.count("</script>") == 3  # the data, the viewer, the start


@given(st.text() | html_texts())
def test_json_in_a_script_reads_back_as_it_was(text: str) -> None:
    written = pages._json_in_script({"title": text, "list": [text]})
    assert json.loads(written) == {"title": text, "list": [text]}
    assert not re.search("[<>&\u2028\u2029]", written)


@pytest.mark.parametrize("view", VIEWS)
def test_the_policy_allows_the_pages_own_scripts_and_nothing_else(view: str) -> None:
    page = html_page(examples.load("seed"), view=view)  # type: ignore[arg-type]
    policy = POLICY.search(page)
    assert policy is not None
    directives = dict(part.strip().split(" ", 1) for part in policy[1].split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'"
    assert (directives["img-src"], directives["font-src"]) == ("data:", "data:")
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in SCRIPTS.findall(page)
    }
    assert len(hashes) == 2  # the viewer and the page's own start
    assert set(directives["script-src"].split()) == hashes
    # Nothing is loaded by reference: no external script, stylesheet, image or frame.
    markup = SCRIPTS.sub("", DATA.sub("", page))
    assert not re.search(r"<(link|img|iframe|object|embed)\b|<script [^>]*src=", markup)


def test_a_page_is_titled_by_the_timeline_or_as_asked() -> None:
    seed = examples.load("seed")
    assert "<title>Russia and the world, 2014-2017</title>" in html_page(seed)
    assert "<title>&lt;/title&gt; &amp; more</title>" in html_page(seed, title="</title> & more")
    assert "<title>Timeline</title>" in html_page(Timeline())


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"view": "slides"}, "view"),
        ({"title": "Talks \ud800"}, "title"),
        ({"title": 2017}, "title"),
        ({"view": "vis", "group_by": "year"}, "group_by"),
        ({"view": "timelinejs", "group_by": "actor"}, "group_by"),
    ],
)
def test_bad_options_are_refused_and_the_previous_file_kept(
    tmp_path: Path, options: dict[str, Any], field: str
) -> None:
    path = tmp_path / "seed.html"
    path.write_text("the previous page", encoding="utf-8")
    with pytest.raises(InvalidFieldError, match=f"^{field}: "):
        save_html(examples.load("seed"), path, **options)
    assert path.read_text(encoding="utf-8") == "the previous page"
    assert [entry.name for entry in tmp_path.iterdir()] == ["seed.html"]


def test_the_html_format_writes_the_timelinejs_page(tmp_path: Path) -> None:
    seed = examples.load("seed")
    path = tmp_path / "seed.htm"
    io.save(seed, path)
    assert path.read_text(encoding="utf-8") == html_page(seed, view="timelinejs")
    assert io.format_for("seed.html").name == "html"
    with pytest.raises(FormatError, match="writes html but cannot read it"):
        io.load(path)


def test_timeline_save_html_and_show_reach_the_pages(tmp_path: Path) -> None:
    seed = examples.load("seed")
    seed.save_html(tmp_path / "seed.html", view="timelinejs", title="Seed")
    assert (tmp_path / "seed.html").read_text(encoding="utf-8") == html_page(
        seed, view="timelinejs", title="Seed"
    )
    assert seed.show(view="timelinejs").page == html_page(seed, view="timelinejs")


def test_convert_writes_a_page_in_the_view_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = examples.load("seed")
    source = tmp_path / "seed.json"
    seed.save(source)
    assert main(["convert", str(source), str(tmp_path / "seed.html"), "--quiet"]) == 0
    assert (tmp_path / "seed.html").read_text(encoding="utf-8") == html_page(seed)
    assert main(["convert", str(source), "-", "--to", "html", "--view", "timelinejs"]) == 0
    assert capsys.readouterr().out == html_page(seed, view="timelinejs")
    assert main(["convert", str(source), str(tmp_path / "seed.ics"), "--view", "vis"]) == 1
    assert "--view is for pages (html), not for ical" in capsys.readouterr().err
    assert not (tmp_path / "seed.ics").exists()


# -- In a notebook ---------------------------------------------------------------------------


def test_show_puts_the_whole_page_in_a_sandboxed_frame() -> None:
    seed = examples.load("seed")
    shown = show(seed, view="timelinejs", height=420)
    cell = shown._repr_html_()
    srcdoc = re.fullmatch(r'<iframe srcdoc="([^"]*)" sandbox="allow-scripts" (.*)></iframe>', cell)
    assert srcdoc is not None
    # The browser decodes the attribute back into the page, byte for byte (hashes and all).
    assert html.unescape(srcdoc[1]) == shown.page == html_page(seed, view="timelinejs")
    assert 'height="420"' in srcdoc[2]
    assert 'title="Russia and the world, 2014-2017"' in srcdoc[2]


@pytest.mark.parametrize("height", [0, 49, 10_001, 2.5, "600", True])
def test_show_refuses_a_height_that_is_no_size(height: Any) -> None:
    with pytest.raises(InvalidFieldError, match="height"):
        show(examples.load("seed"), view="timelinejs", height=height)


def test_a_notebook_cell_shows_the_page_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    # As tests/test_notebooks.py runs Jupyter: without the deprecation warning of its folders.
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "from geotimeline import examples\n"
            'examples.load("seed").show(view="timelinejs", height=480)'
        )
    ]
    nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    ).execute()
    path = tmp_path / "shown.ipynb"
    nbformat.write(notebook, path)
    # The saved notebook holds the page, viewer included: it shows again opened offline.
    (output,) = nbformat.read(path, as_version=4).cells[0].outputs
    cell = output["data"]["text/html"]
    assert cell == show(examples.load("seed"), view="timelinejs", height=480)._repr_html_()
    assert "TL.Timeline" in html.unescape(cell)


# -- The vendored viewers ----------------------------------------------------------------------


def test_the_notice_names_each_viewer_its_version_and_licence() -> None:
    notice = (VENDOR / "NOTICE").read_text(encoding="utf-8")
    assert "@knight-lab/timelinejs 3.9.11" in notice
    assert "vis-timeline 8.5.4" in notice
    assert "licence: MPL-2.0" in notice
    assert "licence: (Apache-2.0 OR MIT)" in notice
    for licence in ("timelinejs/LICENSE", "vis-timeline/LICENSE.Apache-2.0.txt",
                    "vis-timeline/LICENSE.MIT.txt"):  # fmt: skip
        assert (VENDOR / licence).stat().st_size > 1000
    # The notices in the files themselves are kept where comments were dropped.
    assert "Mozilla Public" in (VENDOR / "timelinejs" / "timeline.css").read_text(encoding="utf-8")
    assert "@license" in (VENDOR / "vis-timeline" / "vis-timeline-graph2d.min.js").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("name", [path.name for path in VENDOR.glob("*/*.[jc]s*")])
def test_no_vendored_file_can_end_its_element_or_load_a_file(name: str) -> None:
    (path,) = VENDOR.glob(f"*/{name}")
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"</script|</style|<!--", text, re.IGNORECASE)
    assert "sourceMappingURL" not in text
    if path.suffix == ".css":
        assert all(url.startswith("data:") for url in re.findall(r"url\(['\"]?([^'\")]*)", text))


# -- In the browser ----------------------------------------------------------------------------

READY = "document.documentElement.dataset.geotimeline === 'ready'"
#: What each view draws an event as, and how many more it draws (TimelineJS's title slide).
DRAWN = {
    "timelinejs": (".tl-slide", 1),
    # A box is drawn with a line and a dot, which are .vis-item too: count the items' boxes.
    "vis": (".vis-item.vis-box, .vis-item.vis-range, .vis-item.vis-point", 0),
}


def network_requests(browser: Browser, page: Path) -> list[str]:
    """What the page asked for beyond itself (``data:`` URLs are no request)."""
    return [
        url for url in browser.requests() if url != page.as_uri() and not url.startswith("data:")
    ]


def open_page(browser: Browser, path: Path) -> None:
    browser.open(path.as_uri(), READY)


@needs_chromium
@pytest.mark.parametrize("view", VIEWS)
def test_the_seed_page_draws_every_event_with_no_network(tmp_path: Path, view: str) -> None:
    seed = examples.load("seed")
    path = tmp_path / "seed.html"
    save_html(seed, path, view=view)  # type: ignore[arg-type]
    assert path.stat().st_size < MAX_PAGE_SIZE
    with Browser(tmp_path / "profile") as browser:
        open_page(browser, path)
        selector, more = DRAWN[view]
        assert browser.evaluate(f"document.querySelectorAll('{selector}').length") == (
            len(seed) + more
        )
        entries = browser.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(name => !name.startsWith('data:'))"
        )
        assert entries == []
        assert network_requests(browser, path) == []
        assert browser.refusals() == []
        assert browser.dialogs() == []


@needs_chromium
@pytest.mark.parametrize("view", VIEWS)
def test_a_script_in_a_title_is_shown_as_text(tmp_path: Path, view: str) -> None:
    timeline = Timeline(
        [Event(title=PAYLOAD, when="2017-07", summary=PAYLOAD), Event(title="Talks", when="2017")],
        title=PAYLOAD,
    )
    path = tmp_path / "hostile.html"
    save_html(timeline, path, view=view)  # type: ignore[arg-type]
    with Browser(tmp_path / "profile") as browser:
        open_page(browser, path)
        selector, more = DRAWN[view]
        texts = browser.evaluate(
            f"Array.from(document.querySelectorAll('{selector}'), e => e.textContent)"
        )
        assert len(texts) == len(timeline) + more
        assert any(PAYLOAD in text for text in texts)
        assert browser.evaluate("document.title") == PAYLOAD
        # One element of each kind is the page's own: none came from the text.
        assert browser.evaluate("document.scripts.length") == 3
        assert browser.dialogs() == []
        assert browser.refusals() == []


@needs_chromium
def test_the_policy_refuses_what_a_viewer_would_fetch(tmp_path: Path) -> None:
    # TimelineJS fetches a locale other than English from beside its script: the page asks
    # for English, built in. Asked for French, it tries, the policy refuses, and the refusal
    # is seen (so the tests above would see a request the page made).
    page = html_page(examples.load("seed"), view="timelinejs")
    path = tmp_path / "french.html"
    path.write_text(page.replace('"language":"en"', '"language":"fr"'), encoding="utf-8")
    with Browser(tmp_path / "profile") as browser:
        open_page(browser, path)
        refused = [
            entry["Audits.issueAdded"]["issue"]["details"]["contentSecurityPolicyIssueDetails"]
            for entry in browser.refusals()
            if "Audits.issueAdded" in entry
        ]
        assert [issue["violatedDirective"] for issue in refused] == ["connect-src"]
        assert network_requests(browser, path) == [(tmp_path / "locale" / "fr.json").as_uri()]


@needs_chromium
@pytest.mark.parametrize("view", VIEWS)
def test_a_notebook_output_draws_the_timeline_in_its_frame(tmp_path: Path, view: str) -> None:
    seed = examples.load("seed")
    cell = show(seed, view=view, height=500)._repr_html_()  # type: ignore[arg-type]
    path = tmp_path / "notebook.html"
    # What a notebook page does with the output: puts it in its own page, as HTML.
    path.write_text(f"<!DOCTYPE html><html><body>{cell}</body></html>", encoding="utf-8")
    with Browser(tmp_path / "profile") as browser:
        browser.open(path.as_uri(), "document.readyState === 'complete'")
        (frame,) = browser.frames()
        browser.wait(READY, context=frame)
        selector, more = DRAWN[view]
        count = browser.evaluate(f"document.querySelectorAll('{selector}').length", frame)
        assert count == len(seed) + more
        # The sandbox gives the frame an origin of its own: the notebook is out of its reach.
        assert browser.evaluate("window.origin", context=frame) == "null"
        assert browser.refusals() == []
        assert network_requests(browser, path) == []


@needs_chromium
def test_the_vis_page_draws_a_row_for_each_group(tmp_path: Path) -> None:
    seed = examples.load("seed")
    document = vistimeline.document(seed, group_by="actor")
    path = tmp_path / "seed.html"
    save_html(seed, path, view="vis", group_by="actor")
    # vis-timeline draws the rows in sight only: a window tall enough for all of them.
    with Browser(tmp_path / "profile", height=4000) as browser:
        open_page(browser, path)
        labels = browser.evaluate(
            "Array.from(document.querySelectorAll('.vis-labelset .vis-label'), e => e.textContent)"
        )
        drawn = browser.evaluate(f"document.querySelectorAll('{DRAWN['vis'][0]}').length")
        assert browser.refusals() == []
    assert labels == [group["content"] for group in document["groups"]]
    assert drawn == len(document["items"]) > len(seed)  # an event in two rows is in both


@needs_chromium
def test_events_keep_their_order_and_ids_in_the_slides(tmp_path: Path) -> None:
    seed = examples.load("seed")
    path = tmp_path / "seed.html"
    save_html(seed, path, view="timelinejs")
    with Browser(tmp_path / "profile") as browser:
        open_page(browser, path)
        ids = browser.evaluate("Array.from(document.querySelectorAll('.tl-slide'), e => e.id)")
    assert ids[1:] == [event.id for event in seed]
