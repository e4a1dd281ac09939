"""The TimelineJS Google Sheet as CSV: honest precision, collected rows, and round trips."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import Event, FormatError, InvalidFieldError, Place, Timeline
from geotimeline.io import FORMATS, format_for, timelinejs_sheet
from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment, Precision, Unbounded
from tests.strategies import (
    FORMULA_STARTS,
    event_ids,
    formula_texts,
    html_texts,
    places,
    wide_whens,
)

DATA = Path(__file__).parent / "data"
SHEET = DATA / "timelinejs_sheet.csv"
# Knight Lab's own example sheet (TimelineJS3, src/template/my-own-timeline.csv), cut short.
TEMPLATE = DATA / "timelinejs_template.csv"

# How many of year, month, day, hour, minute, second a sheet row gives a moment of each
# precision: a season its first month, a decade or century its first year.
CELLS = {
    Precision.CENTURY: 1, Precision.DECADE: 1, Precision.YEAR: 1, Precision.SEASON: 2,
    Precision.MONTH: 2, Precision.DAY: 3, Precision.HOUR: 4, Precision.MINUTE: 5,
    Precision.SECOND: 6,
}  # fmt: skip
PRECISION_OF_CELLS = {
    1: Precision.YEAR, 2: Precision.MONTH, 3: Precision.DAY, 4: Precision.HOUR,
    5: Precision.MINUTE, 6: Precision.SECOND,
}  # fmt: skip


def by_title(timeline: Timeline) -> dict[str, Event]:
    return {event.title: event for event in timeline}


# -- The hand-written sheet, in Google Sheets' CSV export layout -------------------------------


def test_precision_comes_from_the_cells_filled() -> None:
    timeline, _ = timelinejs_sheet.load(SHEET, errors="collect")
    read = {
        title: (str(event.when), event.when.precision)
        for title, event in by_title(timeline).items()
    }
    assert read["Russia suspended from the G8"] == ("2014", Precision.YEAR)
    assert read["Crimea referendum month"] == ("2014-03", Precision.MONTH)
    assert read["Russia annexes Crimea"] == ("2014-03-18", Precision.DAY)
    assert read["MH17 shot down"] == ("2014-07-17T16:20", Precision.MINUTE)
    assert read["Trump and Putin meet in Da Nang"] == ("2017-11-11T14:30", Precision.MINUTE)
    assert read["Statement on Syria"] == ("2017-11-11T09:30:15", Precision.SECOND)
    # The end has its own precision; "2,015" is 2015, as TimelineJS reads it.
    assert read["War in Donbas"] == ("2014-04/2015-02", Precision.MONTH)
    assert read["Russia takes over Crimea"] == ("2014-02-20/2014-03-18", Precision.DAY)
    # Astronomical years, as in TimelineJS's JavaScript dates: -490 is 491 BCE.
    assert read["Battle of Marathon"] == ("-0490", Precision.YEAR)


def test_the_title_row_titles_the_timeline_and_an_era_is_an_event_marked_so() -> None:
    timeline, _ = timelinejs_sheet.load(SHEET, errors="collect")
    assert timeline.title == "Russia and Ukraine"
    assert timeline.description == (
        "From the Maidan to the war in Donbas, as a newsroom sheet keeps it."
    )
    assert "Russia and Ukraine" not in by_title(timeline)
    era = by_title(timeline)["Sanctions on Russia"]
    assert era.metadata["type"] == "era"
    assert era.metadata["display_date"] == "2014 to 2017"
    assert str(era.when) == "2014/2017"


def test_the_other_cells_are_kept_in_the_metadata() -> None:
    timeline, _ = timelinejs_sheet.load(SHEET, errors="collect")
    kremlin = by_title(timeline)["Russia annexes Crimea"].metadata
    assert kremlin["media"] == {
        "url": "https://commons.wikimedia.org/wiki/File:Kremlin.jpg",
        "credit": "Wikimedia Commons",
        "caption": "The Kremlin",
        "caption_html": "<i>The Kremlin</i>",
        "alt": "The Kremlin from the river",
    }
    assert kremlin["background"] == {"url": "https://upload.wikimedia.org/kremlin.jpg"}
    assert kremlin["group"] == "Ukraine"
    # Tag is the older name of Group: read when Group is empty, as TimelineJS does.
    assert by_title(timeline)["Crimea referendum month"].metadata["group"] == "Crimea"


def test_bad_rows_are_collected_with_their_line_and_column() -> None:
    timeline, rejected = timelinejs_sheet.load(SHEET, errors="collect")
    assert [(row.line, row.column) for row in rejected] == [(11, "Year"), (14, "Day")]
    assert rejected[0].reason == "'someday' must be an integer"
    assert rejected[1].text.startswith("2014,2,30,")
    assert len(timeline) == 10  # twelve rows, one title row apart, two of them bad
    with pytest.raises(FormatError, match=r"timelinejs_sheet.csv, line 11, column Year: 'someday'"):
        timelinejs_sheet.load(SHEET)


def test_knight_labs_example_sheet() -> None:
    timeline = timelinejs_sheet.load(TEMPLATE)
    assert timeline.title == "MY OWN CSV"
    assert (timeline.description or "").startswith("In this sample")
    events = by_title(timeline)
    assert str(events["Ada Lovelace"].when) == "1815-12-10/1852-11-27"
    assert str(events["...And the women who made it work"].when) == "1943-07/1946"
    lovelace = events["Ada Lovelace"]
    # Text is HTML to TimelineJS: the event holds what a reader sees, and the markup is kept.
    assert "<a href" not in lovelace.summary
    assert "Ada Lovelace: Daughter" in lovelace.summary
    assert lovelace.metadata["text_html"].startswith("<p>Women have been programming")
    assert lovelace.metadata["media"]["credit"] == "Wikimedia Commons"


# -- Cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time", "when", "precision"),
    [
        ("14", "2014-07-17T14", Precision.HOUR),
        ("2 PM", "2014-07-17T14", Precision.HOUR),
        ("12 AM", "2014-07-17T00", Precision.HOUR),
        ("12:05 p.m.", "2014-07-17T12:05", Precision.MINUTE),
        ("1620", "2014-07-17T16:20", Precision.MINUTE),
        ("16.20", "2014-07-17T16:20", Precision.MINUTE),
        ("16:20:05", "2014-07-17T16:20:05", Precision.SECOND),
        ("16:20:05.5", "2014-07-17T16:20:05", Precision.SECOND),
    ],
)
def test_times_as_timelinejs_reads_them(time: str, when: str, precision: Precision) -> None:
    event = timelinejs_sheet.loads(f"Year,Month,Day,Time,Headline\n2014,7,17,{time},MH17\n").first
    assert event is not None
    assert (str(event.when), event.when.precision) == (when, precision)


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("2014,7,17,25:00,,MH17", "Time"),
        ("2014,7,17,4:61,,MH17", "Time"),
        ("2014,7,17,noon,,MH17", "Time"),
        (",7,17,,,MH17", "Month"),
        ("2014,,17,,,MH17", "Month"),
        ("2014,13,,,,MH17", "Month"),
        ("2014,7,17,,2013,MH17", "End Year"),
        ("2014.5,,,,,MH17", "Year"),
        ("2014,7,17,,,", "Headline"),
    ],
)
def test_bad_cells_are_named(row: str, column: str) -> None:
    text = f"Year,Month,Day,Time,End Year,Headline\n{row}\n"
    _, rejected = timelinejs_sheet.loads(text, errors="collect")
    assert [(row.line, row.column) for row in rejected] == [(2, column)]
    with pytest.raises(FormatError, match=f"line 2, column {column}"):
        timelinejs_sheet.loads(text)


def test_a_file_that_is_no_sheet_raises_even_when_collecting() -> None:
    with pytest.raises(FormatError, match="line 1: lacks the columns"):
        timelinejs_sheet.loads("title,when\nTalks,2014\n", errors="collect")
    with pytest.raises(FormatError, match="repeats columns"):
        timelinejs_sheet.loads("Year,Headline,Year\n", errors="collect")
    with pytest.raises(FormatError, match="not valid CSV"):
        timelinejs_sheet.loads('Year,Headline\n2014,"Talks\n', errors="collect")
    with pytest.raises(InvalidFieldError, match="errors"):
        timelinejs_sheet.loads("Year,Headline\n", errors="ignore")


def test_rows_that_would_share_an_id_get_one_each() -> None:
    timeline = timelinejs_sheet.loads("Year,Headline\n2014,Talks\n2014,Talks\n")
    assert sorted(timeline.ids()) == ["2014-talks", "2014-talks-2"]


# -- Writing, and round trips ------------------------------------------------------------------


def sheet_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_sheet_has_the_templates_columns_and_a_title_row() -> None:
    timeline = Timeline([Event(title="Talks", when="2017")], title="T", description="D")
    rows = sheet_rows(timelinejs_sheet.dumps(timeline))
    assert tuple(rows[0]) == timelinejs_sheet.COLUMNS
    assert (rows[0]["Type"], rows[0]["Headline"], rows[0]["Text"]) == ("title", "T", "D")
    assert (rows[1]["Year"], rows[1]["Month"], rows[1]["Headline"]) == ("2017", "", "Talks")


def test_what_the_cells_cannot_say_goes_in_the_display_date() -> None:
    timeline = Timeline(
        [
            Event(title="Ceasefire", when="2017-22"),
            Event(title="Donbas", when="2014-04/.."),
            Event(title="Talks", when="2017-11-11T09:30+07:00"),
        ]
    )
    rows = {row["Headline"]: row for row in sheet_rows(timelinejs_sheet.dumps(timeline))}
    assert (rows["Ceasefire"]["Month"], rows["Ceasefire"]["Display Date"]) == ("6", "summer 2017")
    assert (rows["Donbas"]["End Year"], rows["Donbas"]["Display Date"]) == ("", "since April 2014")
    assert (rows["Talks"]["Day"], rows["Talks"]["Time"]) == ("11", "02:30")  # in UTC
    assert rows["Talks"]["Display Date"] == "11 November 2017 09:30 +0700"


def expected_moment(moment: Moment) -> tuple[tuple[int, ...], Precision]:
    """The fields a sheet row gives a moment (a time in UTC), and the precision they read
    back as."""
    count = CELLS[moment.precision]
    return cal.fields(moment.earliest_us)[:count], PRECISION_OF_CELLS[count]


def assert_sheet_kept(event: Event, back: Event) -> None:
    """What a sheet holds of an event, and only that (see the module's list of losses)."""
    when, read = event.when, back.when
    first = when.start if isinstance(when.start, Moment) else when.end
    assert isinstance(first, Moment)
    assert isinstance(read.start, Moment)
    fields, precision = expected_moment(first)
    assert (read.start.local_fields()[: len(fields)], read.start.precision) == (fields, precision)
    assert read.start.utc_offset is None
    assert not read.start.uncertain
    assert not read.start.approximate
    has_end = when.is_interval and not isinstance(when.start, Unbounded)
    if has_end and isinstance(when.end, Moment):
        assert isinstance(read.end, Moment)
        assert read.is_interval
        fields, precision = expected_moment(when.end)
        assert (read.end.local_fields()[: len(fields)], read.end.precision) == (fields, precision)
    else:
        assert not read.is_interval
    assert (back.title, back.summary) == (event.title, event.summary)
    group = event.place.country_name if event.place is not None else None
    assert back.metadata.get("group") == group


def sheet_events() -> st.SearchStrategy[Event]:
    """Events with what a sheet holds of them drawn (any date geotimeline holds, a title, a
    summary, a place for the group); their other fields are lost in a sheet anyway."""
    return st.builds(
        Event,
        id=event_ids(),
        title=st.text(min_size=1).filter(str.strip),
        when=wide_whens(),
        summary=st.text(max_size=20),
        place=st.none() | places(),
    )


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(
    st.lists(
        sheet_events(),
        unique_by=(lambda event: event.id, lambda event: event.title.casefold()),
        max_size=5,
    ),
    st.none() | st.text(),
)
def test_a_sheet_keeps_every_date_as_far_as_its_cells_go(
    batch: list[Event], title: str | None
) -> None:
    timeline = Timeline(batch, title=title)
    back = timelinejs_sheet.loads(timelinejs_sheet.dumps(timeline))
    # A title shows as HTML, where runs of whitespace are one space.
    assert back.title == (" ".join((timeline.title or "").split()) or None)
    read = {event.title.casefold(): event for event in back}
    assert len(read) == len(timeline)
    for event in timeline:
        assert_sheet_kept(event, read[event.title.casefold()])


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=100)
@given(html_texts() | formula_texts(), html_texts() | formula_texts())
def test_markup_and_formulas_are_escaped_and_read_back(title: str, summary: str) -> None:
    event = Event(id="e1", title=title.strip() or "x", when="2014", summary=summary,
                  place=Place("Kyiv", country="UA"))  # fmt: skip
    text = timelinejs_sheet.dumps(Timeline([event]), group=lambda event: event.title)
    row = sheet_rows(text)[0]
    for column in ("Headline", "Text", "Group"):
        # No cell starts a formula, and none holds markup that TimelineJS would run.
        assert not row[column].startswith(tuple(FORMULA_STARTS))
        assert "<" not in row[column]
    back = timelinejs_sheet.loads(text).first
    assert back is not None
    assert (back.title, back.summary, back.metadata["group"]) == (
        event.title, event.summary, event.title,
    )  # fmt: skip


def test_only_web_links_are_written_as_media_and_backgrounds() -> None:
    metadata = {
        "media": {"url": "javascript:alert(1)", "thumbnail": "https://example.org/t.png"},
        "background": {"url": 'https://example.org/"onload="x'},
    }
    event = Event(title="Talks", when="2014", metadata=metadata)
    row = sheet_rows(timelinejs_sheet.dumps(Timeline([event])))[0]
    assert (row["Media"], row["Media Thumbnail"], row["Background"]) == (
        "", "https://example.org/t.png", "",
    )  # fmt: skip


def test_a_sheet_read_then_written_keeps_its_cells() -> None:
    timeline, _ = timelinejs_sheet.load(SHEET, errors="collect")
    again = timelinejs_sheet.loads(timelinejs_sheet.dumps(timeline))
    assert (again.title, again.description) == (timeline.title, timeline.description)
    read = {event.title: event for event in timeline}
    assert {event.title for event in again} == set(read)
    for event in again:
        first = read[event.title]
        assert event.when == first.when
        # Every cell comes back; the writer adds words for a time (in UTC), and only them.
        kept = {key: value for key, value in event.metadata.items() if key in first.metadata}
        if "media" in first.metadata:  # markup in a caption is not written back
            media = dict(first.metadata["media"])
            media.pop("caption_html", None)
            assert kept.pop("media") == media
        assert kept == {key: value for key, value in first.metadata.items() if key != "media"}
        assert set(event.metadata) - set(first.metadata) <= {"display_date"}


def test_the_format_is_registered_and_collects(tmp_path: Path) -> None:
    spec = FORMATS["timelinejs-sheet"]
    assert (spec.can_read, spec.can_write, spec.collects) == (True, True, True)
    path = tmp_path / "sheet.csv"
    spec.save(Timeline([Event(title="Talks", when="2014-03")]), path)
    timeline, rejected = format_for(path, "timelinejs-sheet").load_collecting(path)
    assert [str(event.when) for event in timeline] == ["2014-03"]
    assert rejected == ()
