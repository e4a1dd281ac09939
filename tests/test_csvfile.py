"""CSV: exact round trips, the documented columns, friendly cells and errors naming the cell."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import (
    Event,
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    Link,
    Place,
    Source,
    Timeline,
)
from geotimeline.io import csvfile
from geotimeline.io import format_for as io_format
from tests.strategies import (
    FORMULA_STARTS,
    events_with_geocoded_places,
    formula_events,
    formula_texts,
    wide_whens,
)

HEADER = csvfile.dumps(Timeline())


def timelines() -> st.SearchStrategy[Timeline]:
    # CSV holds no title or description: a timeline of events only.
    drawn = st.lists(events_with_geocoded_places(), unique_by=lambda event: event.id, max_size=4)
    return st.builds(Timeline, drawn)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_dumps_then_loads_gives_the_same_timeline(timeline: Timeline) -> None:
    assert csvfile.loads(csvfile.dumps(timeline)) == timeline


@given(st.lists(st.text(min_size=1).map(str.strip).filter(bool), max_size=4))
def test_split_list_undoes_join_list(items: list[str]) -> None:
    items = [" ".join(item.split()) for item in items]
    assert csvfile.split_list(csvfile.join_list(items)) == items


def test_line_separators_inside_cells_stay_text() -> None:
    texts = ["a\x85b", "c\u2028d", "e\x0bf\x1cg"]
    timeline = Timeline(Event(title=text, when="2014", metadata={"m": text}) for text in texts)
    assert csvfile.loads(csvfile.dumps(timeline)) == timeline


def test_the_geocoded_marker_is_a_column() -> None:
    found = Place("Daraa", country="SY", latitude=32.6, longitude=36.1, geocoded=True)
    given = Place("Daraa", country="SY", latitude=32.6, longitude=36.1)
    timeline = Timeline(
        [
            Event(id="found", title="Talks", when="2017", place=found),
            Event(id="given", title="Talks", when="2018", place=given),
            Event(id="nowhere", title="Talks", when="2019"),
        ]
    )
    rows = list(csv.DictReader(io.StringIO(csvfile.dumps(timeline))))
    assert [row["place_geocoded"] for row in rows] == ["true", "", ""]
    assert [event.place for event in csvfile.loads(csvfile.dumps(timeline))] == [
        found,
        given,
        None,
    ]


@pytest.mark.parametrize(
    ("cell", "geocoded"), [("true", True), (" TRUE ", True), ("false", False), ("", False)]
)
def test_the_geocoded_cell_reads_true_false_or_empty(cell: str, geocoded: bool) -> None:
    text = (
        f"title,when,place,latitude,longitude,place_geocoded\nTalks,2017,Daraa,32.6,36.1,{cell}\n"
    )
    place = next(iter(csvfile.loads(text))).place
    assert place is not None
    assert place.geocoded is geocoded


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Daraa,32.6,36.1,yes", "place_geocoded: 'yes' must be true, false or empty"),
        ("Daraa,,,true", "place_geocoded: True needs the latitude and longitude found"),
        (",,,true", "place: '' (a name) is needed"),
    ],
)
def test_a_bad_geocoded_cell_names_its_column(row: str, reason: str) -> None:
    text = f"title,when,place,latitude,longitude,place_geocoded\nTalks,2017,{row}\n"
    with pytest.raises(FormatError, match=re.escape(reason)) as raised:
        csvfile.loads(text)
    assert "column place" in str(raised.value)


def test_the_derived_columns_are_written_for_analysts() -> None:
    timeline = Timeline([Event(title="Ceasefire", when="2017-22", place="Daraa")])
    row = next(csv.DictReader(io.StringIO(csvfile.dumps(timeline))))
    assert row["earliest"] == "2017-06-01T00:00:00Z"
    assert row["latest"] == "2017-08-31T23:59:59.999999Z"
    assert row["precision"] == "season"
    assert row["place"] == "Daraa"
    assert list(row) == list(csvfile.COLUMNS)
    # Without a qualifier, what the date possibly means is what it says.
    assert (row["possible_earliest"], row["possible_latest"]) == (row["earliest"], row["latest"])


def test_a_qualified_date_writes_its_widened_bounds() -> None:
    row = next(
        csv.DictReader(io.StringIO(csvfile.dumps(Timeline([Event(title="x", when="2010~")]))))
    )
    assert (row["earliest"], row["latest"]) == (
        "2010-01-01T00:00:00Z",
        "2010-12-31T23:59:59.999999Z",
    )
    assert row["possible_earliest"] == "2009-01-01T00:00:00Z"
    assert row["possible_latest"] == "2011-12-31T23:59:59.999999Z"


def test_the_derived_columns_are_ignored_when_reading() -> None:
    text = "title,when,earliest,latest,precision\nx,2014,1999-01-01,nonsense,day\n"
    assert str(csvfile.loads(text).first.when) == "2014"  # type: ignore[union-attr]


def test_friendly_cells() -> None:
    text = (
        "title,when,actors,tags,place,country,latitude,longitude,sources,links,metadata\n"
        "Crimea,18 March 2014,Russia; Ukraine,Annexation,Crimea,Ukraine,44.95,34.1,"
        '"https://www.reuters.com/x; The Atlantic","part-of 2014-takeover","{""a"": [1]}"\n'
    )
    event = csvfile.loads(text).first
    assert event == Event(
        title="Crimea",
        when="2014-03-18",
        actors=["Russia", "Ukraine"],
        tags=["annexation"],
        place=Place("Crimea", country="UA", latitude=44.95, longitude=34.1),
        sources=[Source("reuters.com", url="https://www.reuters.com/x"), Source("The Atlantic")],
        links=[Link("part-of", "2014-takeover")],
        metadata={"a": [1]},
    )


def test_save_then_load_and_a_byte_order_mark(tmp_path: Path) -> None:
    timeline = Timeline([Event(title="Crimea", when="2014-03-18", actors=["a;b", "c\\d"])])
    path = tmp_path / "timeline.csv"
    csvfile.save(timeline, path)
    assert csvfile.load(path) == timeline
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert csvfile.load(path) == timeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title,when,\n", "<string>, line 1: has no name for columns ['3']"),
        ('title,when,metadata,deaths\nx,2014,"{""deaths"": 1}",3\n', "line 2, column deaths:"),
        ('title,when,deaths,metadata\nx,2014,3,"{""deaths"": 1}"\n', "line 2, column metadata:"),
        ("title,title,when\n", "<string>, line 1: repeats columns ['title']"),
        ("title\n", "<string>, line 1: lacks the required columns ['when']"),
        ("title,when\nx,2014,3\n", "<string>, line 2: has 3 cells where the header has 2"),
        ("title,when\n,2014\n", "<string>, line 2, column title: '' must not be empty"),
        ("title,when\nx,\n", "<string>, line 2, column when:"),
        ("title,when\nx,2014\ny,2014-13\n", "<string>, line 3, column when:"),
        ('title,when\n"a\nb",2014\ny,2014-13\n', "<string>, line 4, column when:"),
        ("title,when,id\nx,2014,-bad\n", "<string>, line 2, column id:"),
        ("title,when,place,latitude\nx,2014,P,north\n", "line 2, column latitude:"),
        ("title,when,place,latitude\nx,2014,P,91\n", "line 2, column latitude:"),
        ("title,when,country\nx,2014,SY\n", "line 2, column place: '' (a name) is needed"),
        ("title,when,country,place\nx,2014,Narnia,P\n", "line 2, column country:"),
        ("title,when,sources\nx,2014,[1]\n", "line 2, column sources:"),
        ('title,when,sources\nx,2014,"[{""url"": 1}]"\n', "line 2, column sources:"),
        ("title,when,sources\nx,2014,[\n", "line 2, column sources: '[' is not a JSON list"),
        ('title,when,sources\nx,2014,"[{""outlet"": ""A"", ""url"": ""ftp://x""}]"\n', "sources:"),
        ("title,when,links\nx,2014,part-of\n", "line 2, column links:"),
        ("title,when,links\nx,2014,likes y\n", "line 2, column links:"),
        ("title,when,metadata\nx,2014,[1]\n", "line 2, column metadata:"),
        ("title,when,actors\nx,2014,a;;b\n", "line 2, column actors:"),
        (
            "title,when\nx,2014\nx,2014\n",
            "<string>, line 3, column id: an event with id '2014-x' is already at line 2",
        ),
        ('title,when\n"x,2014\n', "<string>, line 2: is not valid CSV"),
    ],
)
def test_bad_files_raise_a_format_error_naming_line_and_column(text: str, expected: str) -> None:
    with pytest.raises(FormatError) as caught:
        csvfile.loads(text)
    assert expected in str(caught.value)


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot be read"):
        csvfile.load(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"title,when\n\xff,2014\n")
    with pytest.raises(FormatError, match=r"bad\.csv"):
        csvfile.load(bad)


def test_empty_files() -> None:
    assert csvfile.loads("") == Timeline()
    assert csvfile.loads("title,when\n\n") == Timeline()


@given(st.text(max_size=200), st.sampled_from(["raise", "collect"]))
def test_any_text_loads_or_fails_with_a_geotimeline_error(text: str, errors: str) -> None:
    with contextlib.suppress(GeotimelineError):
        csvfile.loads(
            "title,when,actors,place,latitude,longitude,sources,metadata,notes\n" + text,
            errors=errors,
        )


@pytest.mark.parametrize("column", ["sources", "metadata"])
def test_json_cells_nested_too_deeply_are_format_errors(column: str) -> None:
    # Found by the fuzzing campaign: a RecursionError escaped from the sources cell.
    cell = "[" * 5000 if column == "sources" else '{""a"": ' * 5000
    with pytest.raises(FormatError, match=f"line 2, column {column}"):
        csvfile.loads(f'title,when,{column}\nx,2014,"{cell}"\n')


def test_years_outside_1_to_9999_are_written_in_iso_8601_expanded_form() -> None:
    timeline = Timeline(
        [Event(title="Marathon", when="-0489/.."), Event(title="Far", when="Y10000"),
         Event(title="Before", when="../2014")]
    )  # fmt: skip
    text = csvfile.dumps(timeline, spreadsheet_safe=False)  # the escape is tested below
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (rows["Marathon"]["earliest"], rows["Marathon"]["latest"]) == (
        "-0489-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z",  # an unbounded end, as ever
    )
    assert rows["Far"]["latest"] == "+10000-12-31T23:59:59.999999Z"
    assert rows["Before"]["earliest"] == "0001-01-01T00:00:00Z"
    assert csvfile.loads(csvfile.dumps(timeline)) == timeline


# -- actors ------------------------------------------------------------------------------------


def test_a_comma_is_part_of_a_name_and_a_semicolon_separates() -> None:
    text = 'title,when,actors\nGrounding,2019-03-13,"Boeing, FAA; Ethiopian Airlines"\n'
    assert csvfile.loads(text).first.actors == ("Boeing, FAA", "Ethiopian Airlines")  # type: ignore[union-attr]
    written = csvfile.dumps(Timeline([Event(title="x", when="2019", actors=["a; b", "c\\"])]))
    assert "a\\; b; c\\\\" in written


def test_a_backslash_typed_before_anything_else_stays() -> None:
    text = "title,when,actors\nx,2014,C:\\Users; b\\;c\n"
    assert csvfile.loads(text).first.actors == ("C:\\Users", "b;c")  # type: ignore[union-attr]


_AWKWARD_NAMES = st.text(st.sampled_from(';\\, "\r\n\t\u2028ab'), min_size=1, max_size=12)


@given(st.lists(_AWKWARD_NAMES, max_size=4), st.lists(_AWKWARD_NAMES, max_size=3))
def test_any_actor_and_tag_names_round_trip(actors: list[str], tags: list[str]) -> None:
    try:
        event = Event(title="x", when="2014", actors=actors, tags=tags)
    except GeotimelineError:  # a name of white space alone is no name
        return
    timeline = Timeline([event])
    assert csvfile.loads(csvfile.dumps(timeline)) == timeline


# -- extra columns -----------------------------------------------------------------------------


def test_extra_columns_go_into_metadata_as_text() -> None:
    text = (
        "title,when,Notes,deaths,metadata\n"
        'Crimea,2014-03-18,annexed,," {""source"": ""UN""}"\n'
        "Talks,2014-04-17,,0,\n"
    )
    crimea, talks = csvfile.loads(text)
    assert dict(crimea.metadata) == {"Notes": "annexed", "source": "UN"}
    assert dict(talks.metadata) == {"deaths": "0"}


def test_extra_columns_can_be_refused() -> None:
    text = "title,when,colour\nx,2014,red\n"
    with pytest.raises(FormatError, match=r"<string>, line 1: unknown columns \['colour'\]"):
        csvfile.loads(text, extra="refuse")
    assert csvfile.loads("title,when\nx,2014\n", extra="refuse") == csvfile.loads(
        "title,when\nx,2014\n"
    )
    with pytest.raises(InvalidFieldError, match="extra: 'keep' must be 'metadata' or 'refuse'"):
        csvfile.loads(text, extra="keep")  # type: ignore[arg-type]


# -- collecting bad rows -----------------------------------------------------------------------


def _row_of(event: Event) -> str:
    return csvfile.dumps(Timeline([event]))[len(HEADER) :]


def _line_breaks(text: str) -> int:
    # As csv.reader counts lines read from a file opened with newline="".
    return len(re.findall(r"\r\n|\r|\n", text))


_BAD_ROWS = (
    "x\r\n",  # too few cells
    ",".join("2014-13" if name == "when" else "x" for name in csvfile.COLUMNS) + "\r\n",
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(timelines(), st.lists(st.tuples(st.integers(0, 4), st.sampled_from(_BAD_ROWS)), max_size=3))
def test_collect_keeps_the_good_rows_and_names_each_bad_one(
    timeline: Timeline, bad: list[tuple[int, str]]
) -> None:
    rows = [_row_of(event) for event in timeline]
    for position, row in sorted(bad, reverse=True):
        rows.insert(min(position, len(rows)), row)
    text, lines, line = HEADER, [], 2
    for row in rows:
        if row in _BAD_ROWS:
            lines.append(line)
        text += row
        line += _line_breaks(row)
    collected, rejected = csvfile.loads(text, "events.csv", errors="collect")
    assert collected == timeline
    assert [row.line for row in rejected] == lines
    expected_texts = [row.removesuffix("\r\n") for row in rows if row in _BAD_ROWS]
    assert [row.text for row in rejected] == expected_texts
    if rejected:
        with pytest.raises(FormatError) as caught:
            csvfile.loads(text, "events.csv")
        assert str(caught.value) == str(rejected[0].error)
    else:
        assert csvfile.loads(text) == timeline


def test_collect_names_the_line_column_and_reason_of_each_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "title,when,latitude,place\n"
        "Crimea,2014-03-18,,Crimea\n"
        "Talks,2014-02-30,,\n"
        '"Two\nlines",2014,north,Kyiv\n'
        "Crimea,2014-03-18,,\n"
        "Short,2014\n"
        "Ceasefire,2017-22,,\n",
        encoding="utf-8",
    )
    timeline, rejected = csvfile.load(path, errors="collect")
    assert [event.title for event in timeline] == ["Crimea", "Ceasefire"]
    assert [(row.line, row.column) for row in rejected] == [
        (3, "when"), (4, "latitude"), (6, "id"), (7, None)
    ]  # fmt: skip
    assert rejected[1].text == '"Two\nlines",2014,north,Kyiv'
    assert rejected[2].reason == "an event with id '2014-03-18-crimea' is already at line 2"
    assert all(row.source == str(path) for row in rejected)
    assert io_format("events.csv").load_collecting(path) == (timeline, rejected)


def test_what_concerns_the_whole_file_still_raises_when_collecting() -> None:
    for text in ("title\nx\n", 'title,when\n"x,2014\n', "title,when,\nx,2014,\n"):
        with pytest.raises(FormatError):
            csvfile.loads(text, errors="collect")
    with pytest.raises(InvalidFieldError, match="errors: 'skip'"):
        csvfile.loads("title,when\n", errors="skip")


# -- Spreadsheets: formulas escaped as OWASP recommends ---------------------------------------

NUMBERS = ("latitude", "longitude")


def spreadsheet_rows(text: str) -> list[dict[str, str]]:
    """The cells as a spreadsheet sees them: the CSV read as CSV, nothing undone."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def formula_timelines() -> st.SearchStrategy[Timeline]:
    # Years before 1 too: an EDTF date such as -0044 begins with a minus.
    batch = st.lists(formula_events(wide_whens()), unique_by=lambda event: event.id, max_size=4)
    return st.builds(Timeline, batch)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(formula_timelines(), st.booleans())
def test_round_trips_are_exact_whatever_the_text_begins_with(
    timeline: Timeline, spreadsheet_safe: bool
) -> None:
    # Every text column begins with quotes, formula characters, both or neither.
    text = csvfile.dumps(timeline, spreadsheet_safe=spreadsheet_safe)
    assert csvfile.loads(text) == timeline


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(formula_timelines())
def test_no_cell_a_spreadsheet_sees_begins_a_formula(timeline: Timeline) -> None:
    text = csvfile.dumps(timeline)
    for row, event in zip(spreadsheet_rows(text), timeline, strict=True):
        for column, cell in row.items():
            if column in NUMBERS:
                continue
            assert not cell.startswith(tuple(FORMULA_STARTS)), (column, cell)
            if cell.startswith("'") and cell.lstrip("'").startswith(tuple(FORMULA_STARTS)):
                # OWASP's escape: the quote, and the cell quoted.
                assert '"' + cell.replace('"', '""') + '"' in text
        place = event.place
        # Coordinates are numbers, negative or not, for the spreadsheet as for us.
        assert row["latitude"] == ("" if place is None or place.latitude is None else
                                   repr(place.latitude))  # fmt: skip


@given(formula_texts())
def test_unescape_formula_undoes_escape_formula(text: str) -> None:
    escaped = csvfile.escape_formula(text)
    assert csvfile.unescape_formula(escaped) == text
    assert not escaped.startswith(tuple(FORMULA_STARTS))


def csv_module_cell(cell: str) -> str:
    """A cell as the csv module's default dialect writes it."""
    if not cell:
        return ""  # the module quotes an empty cell only when it is the row's only one
    written = io.StringIO(newline="")
    csv.writer(written).writerow([cell])
    return written.getvalue().removesuffix("\r\n")


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(formula_timelines(), st.booleans())
def test_cells_are_written_as_the_csv_module_writes_them_escaped_cells_quoted(
    timeline: Timeline, spreadsheet_safe: bool
) -> None:
    text = csvfile.dumps(timeline, spreadsheet_safe=spreadsheet_safe)
    expected = io.StringIO(newline="")
    for row in csv.reader(io.StringIO(text, newline="")):
        cells = [
            '"' + cell.replace('"', '""') + '"'
            if column not in NUMBERS and csvfile.unescape_formula(cell) != cell
            else csv_module_cell(cell)
            for column, cell in zip(csvfile.COLUMNS, row, strict=True)
        ]
        expected.write(",".join(cells) + "\r\n")
    assert text == expected.getvalue()


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        # OWASP's two examples.
        ('=1+2";=1+2', '"\'=1+2"";=1+2"'),
        ("=1+2'\" ;,=1+2", '"\'=1+2\'"" ;,=1+2"'),
        ("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\""),
        ("@SUM(A1:A2)", '"\'@SUM(A1:A2)"'),
        ("+1+1", '"\'+1+1"'),
        ("-2+3", '"\'-2+3"'),
        ("\uff1dHYPERLINK(A1)", '"\'\uff1dHYPERLINK(A1)"'),
        # A quote that was there is kept: one more is written before a formula character.
        ("'=1+1", "\"''=1+1\""),
        ("'quoted'", "'quoted'"),
        ("Talks", "Talks"),
    ],
)
def test_a_formula_is_written_quoted_after_a_single_quote(title: str, cell: str) -> None:
    timeline = Timeline([Event(id="e1", title=title, when="2014")])
    text = csvfile.dumps(timeline)
    assert text.splitlines()[1].startswith(f"e1,{cell},2014,")
    assert csvfile.loads(text) == timeline
    # Without the escape, only a quote that was there before a formula character is doubled.
    plain = spreadsheet_rows(csvfile.dumps(timeline, spreadsheet_safe=False))[0]["title"]
    assert plain == ("'" + title if title.startswith("'=") else title)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_character_owasp_names_is_escaped(start: str) -> None:
    # Event tidies the whitespace around its texts, but a cell from elsewhere may begin so.
    assert csvfile.escape_formula(start + "1+1") == "'" + start + "1+1"
    assert csvfile.unescape_formula("'" + start + "1+1") == start + "1+1"


def test_dates_before_year_1_are_escaped_and_read_back() -> None:
    timeline = Timeline([Event(title="Caesar dies", when="-0043-03-15")])
    text = csvfile.dumps(timeline)
    row = spreadsheet_rows(text)[0]
    # A spreadsheet would read -0043-03-15 as a sum, -61: the escape keeps the date.
    assert row["when"] == "'-0043-03-15"
    assert row["earliest"] == "'-0043-03-15T00:00:00Z"
    assert csvfile.loads(text) == timeline
    assert spreadsheet_rows(csvfile.dumps(timeline, spreadsheet_safe=False))[0]["when"] == (
        "-0043-03-15"
    )


def test_a_cell_escaped_by_another_program_is_read_as_its_text() -> None:
    text = "title,when,actors\n\"'=HYPERLINK(A1)\",'-0044,'@dm; Russia\n"
    event = csvfile.loads(text).first
    assert event is not None
    assert (event.title, str(event.when), event.actors) == (
        "=HYPERLINK(A1)",
        "-0044",
        ("@dm", "Russia"),
    )


def test_pandas_reads_the_numbers_as_numbers() -> None:
    pandas = pytest.importorskip("pandas")
    timeline = Timeline(
        [Event(title="=HYPERLINK(A1)", when="2014-03-18",
               place=Place("Sydney", latitude=-33.87, longitude=151.21)),
         Event(title="Talks", when="2014", place=Place("Lima", latitude=-12.05, longitude=-77.04))]
    )  # fmt: skip
    frame = pandas.read_csv(io.StringIO(csvfile.dumps(timeline)))
    assert frame["latitude"].dtype == "float64"
    assert sorted(frame["latitude"]) == [-33.87, -12.05]
    assert sorted(frame["longitude"]) == [-77.04, 151.21]
    assert pandas.to_datetime(frame["earliest"]).dt.year.tolist() == [2014, 2014]
    # A program reading the file as plain CSV sees the escape; it can ask for none.
    assert "'=HYPERLINK(A1)" in frame["title"].tolist()
    plain = pandas.read_csv(io.StringIO(csvfile.dumps(timeline, spreadsheet_safe=False)))
    assert "=HYPERLINK(A1)" in plain["title"].tolist()


def test_save_escapes_by_default(tmp_path: Path) -> None:
    timeline = Timeline([Event(title="=HYPERLINK(A1)", when="2014")])
    csvfile.save(timeline, tmp_path / "safe.csv")
    csvfile.save(timeline, tmp_path / "plain.csv", spreadsheet_safe=False)
    assert spreadsheet_rows((tmp_path / "safe.csv").read_text())[0]["title"] == "'=HYPERLINK(A1)"
    assert spreadsheet_rows((tmp_path / "plain.csv").read_text())[0]["title"] == "=HYPERLINK(A1)"
    assert csvfile.load(tmp_path / "safe.csv") == csvfile.load(tmp_path / "plain.csv") == timeline


def test_an_unknown_column_a_megabyte_long_is_named_briefly() -> None:
    with pytest.raises(FormatError, match=r"line 1: unknown columns \['kkk") as raised:
        csvfile.loads(f"title,when,{'k' * 100_000}\nx,2014,1\n", extra="refuse")
    assert len(str(raised.value)) < 1000
