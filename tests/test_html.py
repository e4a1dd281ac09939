"""The notebook HTML: well formed, escaped, dates at their precision, truncated."""

from __future__ import annotations

import html.parser

from hypothesis import given, settings
from hypothesis import strategies as st

from geotimeline import Event, Place, Source, Timeline, examples
from geotimeline.display import event_html, timeline_html
from tests.strategies import events

_VOID = {"br", "img", "meta", "link", "hr", "input", "col"}


class _Reader(html.parser.HTMLParser):
    """Collects the text, the tags and the links, and checks that every tag is closed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.links: list[str] = []
        self.cells: list[str] = []
        self.text: list[str] = []
        self.rows = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.links.extend(value or "" for name, value in attrs if name == "href")
        if tag == "tr":
            self.rows += 1
        if tag in ("td", "th"):
            self.cells.append("")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open[-1] == tag, f"</{tag}> closes <{self.open[-1]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] != "style":
            self.text.append(data)
            if self.cells and self.open[-1] in ("td", "th", "span", "a", "code"):
                self.cells[-1] += data


def _read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    assert reader.open == [], f"unclosed tags: {reader.open}"
    return reader


HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def test_hostile_titles_are_shown_not_run() -> None:
    event = Event(
        title=HOSTILE,
        when="2017",
        actors=["<b>Russia</b>"],
        place=Place("<i>Moscow</i>", region='"quoted"'),
        tags=["<u>x</u>"],
        sources=[Source("<em>Outlet</em>", url='https://example.org/"><script>')],
        summary="</table>",
    )
    for markup in (event_html(event), timeline_html(Timeline([event]))):
        reader = _read(markup)
        assert "script" not in reader.tags
        assert "img" not in reader.tags
        assert {"b", "i", "u", "em"}.isdisjoint(reader.tags)
        assert HOSTILE in "".join(reader.text)
        assert reader.links == ['https://example.org/"><script>']


def test_dates_are_shown_at_their_precision() -> None:
    timeline = Timeline(
        [
            Event(title="Ceasefire", when="2017-22"),
            Event(title="War in Donbas", when="2014-04/.."),
            Event(title="Statement", when="2017-11-11"),
            Event(title="Shipments", when="2017"),
        ]
    )
    cells = _read(timeline_html(timeline)).cells
    dates = [cells[index] for index in range(6, len(cells), 6)]
    assert dates == ["since April 2014", "2017", "summer 2017", "11 November 2017"]
    assert "summer 2017" in _read(event_html(timeline[2])).text


def test_the_seed_table_has_a_row_per_event_with_links_to_sources() -> None:
    seed = examples.load("seed")
    reader = _read(timeline_html(seed))
    assert reader.rows == 1 + len(seed)
    assert "Russia and the world, 2014-2017 (23 events)" in reader.text
    urls = [source.url for event in seed for source in event.sources if source.url]
    assert reader.links == urls


def test_long_timelines_are_cut_with_a_count_of_the_rest() -> None:
    seed = examples.load("seed")
    reader = _read(timeline_html(seed, limit=5))
    assert reader.rows == 1 + 5 + 1
    assert "… and 18 more" in reader.text
    assert [event.title for event in seed][:5] == [reader.cells[i] for i in range(7, 36, 6)]
    assert "more" not in "".join(_read(timeline_html(seed, limit=23)).text)
    assert _read(timeline_html(seed, limit=0)).rows == 2


def test_an_empty_timeline_and_a_list_of_events() -> None:
    assert "0 events" in _read(timeline_html(Timeline())).text
    seed = examples.load("seed")
    reader = _read(timeline_html([seed[3], seed[0]]))
    assert reader.cells[7] == seed[3].title
    assert "2 events" in reader.text


@settings(max_examples=50)  # drawing whole events is slow; the HTML of each is quick
@given(st.lists(events(), max_size=4), st.integers(0, 5))
def test_any_events_make_well_formed_html(batch: list[Event], limit: int) -> None:
    unique = list({event.id: event for event in batch}.values())
    reader = _read(timeline_html(Timeline(unique), limit=limit))
    assert reader.rows == 1 + min(limit, len(unique)) + (len(unique) > limit)
    for event in unique:
        text = "".join(_read(event_html(event)).text)
        assert " ".join(event.title.split()) in text
