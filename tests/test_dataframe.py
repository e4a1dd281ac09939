"""pandas: exact round trips, analyst-friendly column types, and errors naming row and column."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import (
    Event,
    FormatError,
    InvalidFieldError,
    Link,
    OutOfRangeError,
    Place,
    Precision,
    Source,
    Timeline,
    When,
)
from geotimeline.events.event import plain_metadata
from geotimeline.io import csvfile, dataframe
from geotimeline.io.dataframe import PRECISIONS, from_pandas, to_pandas
from tests.strategies import events_with_geocoded_places
from tests.test_csvfile import timelines as csv_timelines

pd = pytest.importorskip("pandas", reason="pandas is an optional dependency")
np = pytest.importorskip("numpy", reason="pandas needs NumPy")


def timelines() -> st.SearchStrategy[Timeline]:
    return st.builds(
        Timeline,
        st.lists(events_with_geocoded_places(), unique_by=lambda event: event.id, max_size=4),
        title=st.none() | st.text(),
        description=st.none() | st.text(),
    )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_to_pandas_then_from_pandas_gives_the_same_timeline(timeline: Timeline) -> None:
    assert from_pandas(to_pandas(timeline)) == timeline


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(timelines())
def test_the_quick_route_and_the_usual_one_read_the_same(timeline: Timeline) -> None:
    # An extra column sends every row the usual way (its empty cells add no metadata), and
    # Parquet's arrays and records with every key take the quick one.
    frame = to_pandas(timeline)
    usual = from_pandas(frame.assign(note=None))
    arrays = frame.assign(
        actors=[np.array(items, dtype=object) for items in frame.actors],
        sources=[
            [{"url": None, "quote": None} | item for item in items] for items in frame.sources
        ],
    )
    assert usual == from_pandas(arrays) == from_pandas(frame) == timeline


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=30)
@given(timelines())
def test_the_bounds_and_precision_columns_match_the_dates(timeline: Timeline) -> None:
    frame = to_pandas(timeline)
    for event, earliest, latest, precision in zip(
        timeline, frame.earliest, frame.latest, frame.precision, strict=True
    ):
        assert earliest == event.when.earliest
        assert latest == event.when.latest
        assert precision == event.when.precision.name.lower()
    widened = zip(timeline, frame.possible_earliest, frame.possible_latest, strict=True)
    for event, possible_earliest, possible_latest in widened:
        assert _same_instant(possible_earliest, event.when, "possible_earliest")
        assert _same_instant(possible_latest, event.when, "possible_latest")


def _same_instant(instant: pd.Timestamp, when: When, bound: str) -> bool:
    """A widened bound may pass year 1 or 9999 ("01XX~"), where only microseconds hold it."""
    try:
        return bool(instant == getattr(when, bound))
    except OutOfRangeError:
        return int(instant.to_datetime64().astype("int64")) == getattr(when, f"{bound}_us")


def test_a_widening_past_year_one_is_kept() -> None:
    frame = to_pandas(Timeline([Event(title="Second century, roughly", when="01XX~")]))
    assert frame.possible_earliest[0].year == 0
    assert frame.earliest[0].year == 100


def test_column_types_suit_analysis() -> None:
    timeline = Timeline(
        [
            Event(title="Year one", when="0001"),
            Event(title="Crimea", when="2014-03-18", place=Place("Crimea", country="UA")),
            Event(title="Far future", when="9999-12"),
            Event(title="Donbas", when="2014-04/..", actors=["Russia", "Ukraine"]),
        ]
    )
    frame = to_pandas(timeline)
    assert str(frame.earliest.dtype) == "datetime64[us, UTC]"
    assert str(frame.latest.dtype) == "datetime64[us, UTC]"
    assert frame.earliest.iloc[0].to_pydatetime() == dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    assert frame.latest.iloc[-1].year == 9999
    assert list(frame.precision.cat.categories) == list(PRECISIONS)
    assert frame.precision.cat.ordered
    known_to_the_day = frame[frame.precision >= "day"]
    assert known_to_the_day.title.tolist() == ["Crimea"]
    assert frame.latitude.isna().all()
    assert frame.actors.iloc[2] == ["Russia", "Ukraine"]
    assert len(PRECISIONS) == len(Precision)


def test_the_geocoded_marker_is_a_boolean_column() -> None:
    found = Place("Daraa", country="SY", latitude=32.6, longitude=36.1, geocoded=True)
    given = Place("Daraa", country="SY", latitude=32.6, longitude=36.1)
    timeline = Timeline(
        [
            Event(id="found", title="Talks", when="2017", place=found),
            Event(id="given", title="Talks", when="2018", place=given),
            Event(id="nowhere", title="Talks", when="2019"),
        ]
    )
    frame = to_pandas(timeline)
    assert str(frame.place_geocoded.dtype) == "bool"
    assert frame.place_geocoded.tolist() == [True, False, False]
    assert [event.place for event in from_pandas(frame)] == [found, given, None]


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"place": "Daraa", "place_geocoded": True}, "needs the latitude and longitude found"),
        ({"place": None, "latitude": 1.0, "longitude": 2.0, "place_geocoded": True}, "a name"),
        ({"place": "Daraa", "latitude": 1.0, "longitude": 2.0, "place_geocoded": 1}, "true or"),
        ({"place": "Daraa", "latitude": 1.0, "longitude": 2.0, "place_geocoded": "y"}, "true,"),
    ],
)
def test_a_bad_geocoded_cell_names_its_column(cells: dict[str, object], reason: str) -> None:
    frame = pd.DataFrame(
        {"title": ["Talks"], "when": ["2017"]} | {k: [v] for k, v in cells.items()}
    )
    with pytest.raises(FormatError, match="column place") as raised:
        from_pandas(frame)
    assert reason in str(raised.value)


def test_friendly_cells() -> None:
    frame = pd.DataFrame(
        {
            "title": ["Crimea", "Ceasefire"],
            "when": ["18 March 2014", "2017-22"],
            "actors": ["Russia; Ukraine", ["Russia", "Jordan"]],
            "place": ["Crimea", None],
            "country": ["Ukraine", None],
            "latitude": [44.95, float("nan")],
            "longitude": [34.1, float("nan")],
            "sources": [["https://www.reuters.com/x"], [Source("AP")]],
            "links": ["part-of 2014-takeover", [{"relation": "causes", "target": "y"}]],
        }
    )
    first, second = from_pandas(frame)
    assert first.actors == ("Russia", "Ukraine")
    assert first.place == Place("Crimea", country="UA", latitude=44.95, longitude=34.1)
    assert first.sources == (Source("reuters.com", url="https://www.reuters.com/x"),)
    assert first.links == (Link("part-of", "2014-takeover"),)
    assert second.place is None
    assert second.links == (Link("causes", "y"),)


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ({"title": ["x"], "when": ["2014"], "deaths": [[{1}]]}, "row 0, column deaths:"),
        (
            {"title": ["x"], "when": ["2014"], "deaths": [1], "metadata": ['{"deaths": 2}']},
            "row 0, column metadata: 'deaths' is both a column and a key",
        ),
        ({"title": ["x"]}, "lacks the required columns ['when']"),
        ({"title": ["x"], "when": ["2014-13"]}, "row 0, column when:"),
        ({"title": [3], "when": ["2014"]}, "row 0, column title: 3 must be text"),
        ({"title": ["x", "y"], "when": ["2014", None]}, "row 1, column when:"),
        ({"title": ["x"], "when": ["2014"], "latitude": [1.0]}, "row 0, column place:"),
        (
            {"title": ["x"], "when": ["2014"], "place": ["P"], "latitude": [91.0]},
            "row 0, column latitude:",
        ),
        ({"title": ["x"], "when": ["2014"], "links": [[3]]}, "row 0, column links:"),
        ({"title": ["x"], "when": ["2014"], "sources": [[{"url": "x"}]]}, "column sources:"),
        ({"title": ["x"], "when": ["2014"], "metadata": [[1]]}, "row 0, column metadata:"),
        (
            {"title": ["x", "x"], "when": ["2014", "2014"]},
            "row 1, column id: an event with id '2014-x' is already at row 0",
        ),
    ],
)
def test_bad_frames_raise_a_format_error_naming_row_and_column(
    columns: dict[str, list[object]], expected: str
) -> None:
    with pytest.raises(FormatError) as caught:
        from_pandas(pd.DataFrame(columns))
    assert expected in str(caught.value)


def _with_attrs(frame: pd.DataFrame, **attrs: object) -> pd.DataFrame:
    frame.attrs.update(attrs)
    return frame


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: [{"title": "Talks", "when": "2014"}], "expected a pandas DataFrame, got list"),
        (
            lambda: pd.DataFrame([["Talks", "2014", "Again"]], columns=["title", "when", "title"]),
            "repeats columns ['title']",
        ),
        (
            lambda: _with_attrs(pd.DataFrame({"title": ["Talks"], "when": ["2014"]}), title=5),
            "attrs['title']: 5 must be text",
        ),
        (
            lambda: pd.DataFrame({"title": ["Talks"], "when": [pd.NaT]}),
            "row 0, column when: is required",
        ),
        (
            lambda: pd.DataFrame({"title": ["Talks"], "when": ["2014-13"]}, index=[10**5000]),
            "row <int too large to show>, column when",
        ),
    ],
)
def test_hostile_frames_raise_a_format_error(make: object, expected: str) -> None:
    # Found by the fuzzing campaign: each of these once raised AttributeError or ValueError.
    with pytest.raises(FormatError) as caught:
        from_pandas(make())  # type: ignore[operator]
    assert expected in str(caught.value)


# -- from CSV, through pandas ------------------------------------------------------------------


def _read_csv(text: str) -> pd.DataFrame:
    """A CSV file read as the CSV format's documentation says: every cell as text."""
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(csv_timelines())
def test_csv_then_read_csv_then_from_pandas_gives_the_same_timeline(timeline: Timeline) -> None:
    # Undo the escapes first, in both modes: a text beginning with "'=" is escaped in each.
    for spreadsheet_safe in (True, False):
        frame = _read_csv(csvfile.dumps(timeline, spreadsheet_safe=spreadsheet_safe))
        assert from_pandas(frame.map(csvfile.unescape_formula)) == timeline


def test_sources_links_and_metadata_as_json_text() -> None:
    frame = _read_csv(
        "title,when,sources,links,metadata\n"
        'Crimea,2014,"[{""outlet"": ""Reuters"", ""url"": ""https://www.reuters.com/x""}]",'
        '"[{""relation"": ""part-of"", ""target"": ""t""}, ""causes u""]","{""a"": [1]}"\n'
    )
    event = from_pandas(frame).first
    assert event.sources == (Source("Reuters", url="https://www.reuters.com/x"),)  # type: ignore[union-attr]
    assert event.links == (Link("part-of", "t"), Link("causes", "u"))  # type: ignore[union-attr]
    assert plain_metadata(event.metadata) == {"a": [1]}  # type: ignore[union-attr]


# -- ids from the index ------------------------------------------------------------------------


def test_ids_come_from_an_index_named_id() -> None:
    timeline = Timeline(
        [Event(id="crimea", title="Crimea", when="2014-03-18"), Event(title="Talks", when="2014")]
    )
    frame = to_pandas(timeline).set_index("id")
    assert from_pandas(frame) == timeline
    assert from_pandas(frame.reset_index()) == timeline
    other = to_pandas(timeline).set_index("title")  # an index of another name is no id
    with pytest.raises(FormatError, match="lacks the required columns \\['title'\\]"):
        from_pandas(other)


def test_an_id_column_and_an_index_named_id_are_refused() -> None:
    frame = to_pandas(Timeline([Event(title="Talks", when="2014")]))
    frame.index.name = "id"
    with pytest.raises(FormatError, match="has an id column and an index named id"):
        from_pandas(frame)


def test_errors_name_the_row_by_its_id_label() -> None:
    frame = pd.DataFrame({"id": ["a", "b"], "title": ["x", "y"], "when": ["2014", "2014-13"]})
    with pytest.raises(FormatError, match="row 'b', column when:"):
        from_pandas(frame.set_index("id"))


# -- dates from datetime64 columns -------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "utc", "expected"),
    [
        (["2014-03-18", "1 April 2015"], False, ["2014-03-18", "2015-04-01"]),
        (["2014-03-18", "2015-04-01"], True, ["2014-03-18", "2015-04-01"]),
        (["2014-03-18", "2015-04-01 10:30"], False, ["2014-03-18T00:00:00", "2015-04-01T10:30:00"]),
        (["2014-03-18 10:30:05", None], True, ["2014-03-18T10:30:05Z", None]),
        (["2014-03-18 10:30:05.25"], False, ["2014-03-18T10:30:05.25"]),
    ],
)
def test_a_datetime64_when_column_reads_as_days_when_all_at_midnight(
    values: list[str | None], utc: bool, expected: list[str | None]
) -> None:
    when = pd.to_datetime(values, utc=utc, format="mixed")
    frame = pd.DataFrame({"title": [f"t{n}" for n in range(len(values))], "when": when})
    if None in expected:
        timeline, rejected = from_pandas(frame, errors="collect")
        assert [(row.line, row.column, row.reason) for row in rejected] == [
            (1, "when", "is required")
        ]
    else:
        timeline = from_pandas(frame)
    assert [str(event.when) for event in timeline] == [text for text in expected if text]


def test_a_zone_keeps_its_offset_and_its_day() -> None:
    when = pd.to_datetime(["2014-03-18 00:00", "2014-03-19 00:00"]).tz_localize("Europe/Kyiv")
    frame = pd.DataFrame({"title": ["a", "b"], "when": when})
    assert [str(event.when) for event in from_pandas(frame)] == ["2014-03-18", "2014-03-19"]
    frame["when"] = when + pd.Timedelta(hours=9)
    assert str(from_pandas(frame).first.when) == "2014-03-18T09:00:00+02:00"  # type: ignore[union-attr]


def test_dates_and_datetimes_in_cells() -> None:
    frame = pd.DataFrame(
        {"title": ["a", "b"], "when": [dt.date(2014, 3, 18), dt.datetime(2014, 3, 18, 9)]}
    )
    assert [str(event.when) for event in from_pandas(frame)] == [
        "2014-03-18",
        "2014-03-18T09:00:00",
    ]


# -- extra columns -----------------------------------------------------------------------------


def test_extra_columns_go_into_metadata() -> None:
    frame = pd.DataFrame(
        {
            "title": ["Crimea", "Talks"],
            "when": ["2014-03-18", "2014-04-17"],
            "deaths": [3, None],
            "notes": ["annexed", ""],
            "seen": pd.to_datetime(["2014-03-19", None]),
        }
    )
    crimea, talks = from_pandas(frame)
    assert dict(crimea.metadata) == {
        "deaths": 3.0,
        "notes": "annexed",
        "seen": "2014-03-19T00:00:00",
    }
    assert dict(talks.metadata) == {}
    assert type(crimea.metadata["deaths"]) is float  # a Python number, not NumPy's
    with pytest.raises(FormatError, match="unknown columns \\['deaths', 'notes', 'seen'\\]"):
        from_pandas(frame, extra="refuse")


# -- types -------------------------------------------------------------------------------------


def test_an_empty_timeline_has_the_same_column_types() -> None:
    full = to_pandas(Timeline([Event(title="Crimea", when="2014-03-18", place=Place("Crimea"))]))
    empty = to_pandas(Timeline())
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    assert empty.dtypes["id"] == "object"
    assert from_pandas(empty) == Timeline()


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=30)
@given(timelines())
def test_the_columns_suit_parquet(timeline: Timeline) -> None:
    """Parquet takes one type a column: text, a list of text, or a list of flat records."""
    frame = to_pandas(timeline)
    for event, metadata in zip(timeline, frame.metadata, strict=True):
        assert json.loads(metadata) == plain_metadata(event.metadata)
    for name in ("actors", "tags"):
        assert all(isinstance(item, str) for items in frame[name] for item in items)
    for name in ("sources", "links"):
        records = [record for items in frame[name] for record in items]
        assert all(isinstance(value, str | None) for record in records for value in record.values())
    for name in ("id", "title", "when", "summary", "place", "country", "region", "metadata"):
        assert all(isinstance(value, str | None) for value in frame[name])


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
@given(timelines())
def test_to_parquet_then_read_parquet_then_from_pandas_gives_the_same_timeline(
    tmp_path_factory: pytest.TempPathFactory, timeline: Timeline
) -> None:
    pytest.importorskip("pyarrow", reason="Parquet needs pyarrow")
    path = tmp_path_factory.mktemp("parquet") / "events.parquet"
    to_pandas(timeline).to_parquet(path)
    frame = pd.read_parquet(path)
    assert frame.attrs == {"title": timeline.title, "description": timeline.description}
    if timeline:  # Parquet keeps a categorical's categories only with its rows (see below)
        assert list(frame.precision.cat.categories) == list(PRECISIONS)
    assert from_pandas(frame) == timeline


def test_an_empty_timeline_through_parquet_keeps_its_column_types(
    tmp_path: pytest.TempPathFactory,
) -> None:
    pytest.importorskip("pyarrow", reason="Parquet needs pyarrow")
    path = tmp_path / "events.parquet"  # type: ignore[operator]
    written = to_pandas(Timeline(title="Nothing yet"))
    written.to_parquet(path)
    read = pd.read_parquet(path)
    assert read.drop(columns="precision").dtypes.to_dict() == (
        written.drop(columns="precision").dtypes.to_dict()
    )
    # A file without rows has no dictionary for Parquet to keep the categories in.
    assert isinstance(read.precision.dtype, pd.CategoricalDtype)
    assert read.precision.cat.ordered
    assert from_pandas(read) == Timeline(title="Nothing yet")


# -- collecting bad rows -----------------------------------------------------------------------


def test_collect_keeps_the_good_rows_and_names_each_bad_one() -> None:
    frame = pd.DataFrame(
        {
            "title": ["Crimea", "Talks", "Crimea", "Kyiv", "Ceasefire"],
            "when": ["2014-03-18", "2014-02-30", "2014-03-18", "2014", "2017-22"],
            "place": [None, None, None, None, "Daraa"],
            "latitude": [None, None, None, 50.4, None],
        },
        index=[10, 11, 12, 13, 14],
    )
    timeline, rejected = from_pandas(frame, errors="collect")
    assert [event.title for event in timeline] == ["Crimea", "Ceasefire"]
    assert [(row.line, row.column) for row in rejected] == [(1, "when"), (2, "id"), (3, "place")]
    assert [row.error.location for row in rejected] == [
        "row 11, column when",
        "row 12, column id",
        "row 13, column place",
    ]
    assert rejected[0].text.startswith("Talks,2014-02-30")
    with pytest.raises(FormatError) as caught:
        from_pandas(frame)
    assert str(caught.value) == str(rejected[0].error)
    with pytest.raises(InvalidFieldError, match="errors: 'ignore'"):
        from_pandas(frame, errors="ignore")


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=30)
@given(timelines(), st.lists(st.integers(0, 4), max_size=3))
def test_collect_gives_the_timeline_of_the_good_rows(timeline: Timeline, bad: list[int]) -> None:
    frame = to_pandas(timeline)
    rows = [frame.iloc[[position]] for position in range(len(frame))]
    broken = (
        frame.iloc[:1].copy()
        if len(frame)
        else to_pandas(Timeline([Event(title="x", when="2014")]))
    )
    broken["when"] = "2014-13"
    for position in sorted(bad, reverse=True):
        rows.insert(min(position, len(rows)), broken)
    mixed = pd.concat(rows, ignore_index=True) if rows else frame
    mixed.attrs = frame.attrs
    collected, rejected = from_pandas(mixed, errors="collect")
    assert collected == timeline
    assert [row.line for row in rejected] == [
        position for position, row in enumerate(rows) if row is broken
    ]


_CELLS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.dates()
    | st.datetimes()
    | st.times()
    | st.binary(max_size=4)
    | st.lists(st.integers(), max_size=2)
    | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
    | st.frozensets(st.integers(), max_size=2)
)


@given(
    st.lists(st.tuples(_CELLS, _CELLS), min_size=1, max_size=4),
    st.sampled_from(["raise", "collect"]),
)
def test_any_values_in_when_and_extra_columns_read_or_fail_with_a_format_error(
    cells: list[tuple[object, object]], errors: str
) -> None:
    frame = pd.DataFrame(
        {
            "title": [f"t{number}" for number in range(len(cells))],
            "when": pd.Series([when for when, _ in cells], dtype=object),
            "deaths": pd.Series([extra for _, extra in cells], dtype=object),
        }
    )
    try:
        result = from_pandas(frame, errors=errors)
    except FormatError:
        return
    timeline = result if isinstance(result, Timeline) else result.timeline
    timeline._check()


# -- usual rows read a batch at a time ---------------------------------------------------------

# Cells the batch route's checks of whole columns must send the per-row way, or read as it
# reads them: text to split or tidy, missing values of each kind, numbers of other types
# (True == 1 == 1.0), a blank place, records and metadata that make an event unusual.
_MESSY_CELLS: dict[str, list[object]] = {
    "id": ["", " ", "a b", None, float("nan"), "e1", 1, "e1\n"],
    "title": [" Talks  again ", "a\nb", None, 1, "Café"],
    "when": ["2014-13", None, "2014-03-18T10:00Z", 2014, "2014-02-30T10:00Z"],
    "summary": [None, float("nan"), "x", 1, "a\nb"],
    "actors": ["Russia; Ukraine", [], ["", "a"], [1], None, ("a",), ["Iran", "Iran"]],
    "tags": ["war", [], ["War", "war"], [True], None],
    "sources": [[{"outlet": "Reuters"}], "Reuters", None, []],
    "links": [[{"relation": "causes", "target": "e1"}], None, []],
    "metadata": ['{"deaths": 2}', "{}", None, "x"],
    "place": ["", " ", None, "Kyiv", 1.0],
    "country": ["UA", None, "", 1],
    "region": [None, "Oblast", ""],
    "latitude": [1.0, float("nan"), None, 1, True, -0.0],
    "longitude": [30.5, float("nan"), None, 1],
    "place_geocoded": [True, False, 1, None],
}


@st.composite
def _messy_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Frames as to_pandas makes them, with a few cells replaced by messy ones."""
    frame = to_pandas(draw(timelines()))
    for _ in range(draw(st.integers(0, 4)) if len(frame) else 0):
        column = draw(st.sampled_from(sorted(_MESSY_CELLS)))
        frame[column] = frame[column].astype(object)
        row = draw(st.integers(0, len(frame) - 1))
        frame.iat[row, frame.columns.get_loc(column)] = draw(st.sampled_from(_MESSY_CELLS[column]))
    return frame


def _outcome(frame: pd.DataFrame, errors: str) -> object:
    """What from_pandas makes of a frame: each event and its place's fields, what it says of
    each row it rejects, or the error it raises."""
    try:
        read = from_pandas(frame, errors=errors)
    except FormatError as error:
        return str(error)
    timeline, rejected = read if isinstance(read, tuple) else (read, ())
    made = [(event, repr(event.place), str(event.when)) for event in timeline]
    return made, timeline.title, [(row.line, str(row.error)) for row in rejected]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=100)
@given(_messy_frames(), st.sampled_from(["raise", "collect"]))
def test_rows_read_in_batches_read_as_each_row_alone(frame: pd.DataFrame, errors: str) -> None:
    # Batches of two rows, so that a frame has several and a bad row can end the run of them.
    batch_size = dataframe._ROWS_PER_BATCH
    usual_rows = dataframe._usual_rows
    try:
        dataframe._ROWS_PER_BATCH = 2  # type: ignore[misc]
        in_batches = _outcome(frame, errors)
        dataframe._usual_rows = lambda values, count: []
        assert _outcome(frame, errors) == in_batches
    finally:
        dataframe._ROWS_PER_BATCH = batch_size  # type: ignore[misc]
        dataframe._usual_rows = usual_rows


def test_a_frame_of_usual_rows_is_read_in_batches() -> None:
    # The batch route is taken for the frames to_pandas makes (else it could go untested).
    frame = to_pandas(Timeline([Event(id="e1", title="Talks", when="2014-03-18")]))
    values = {name: frame[name].tolist() for name in frame.columns}
    made = dataframe._usual_rows(values, len(frame))
    assert made == [Event(id="e1", title="Talks", when="2014-03-18")]
