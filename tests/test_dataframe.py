"""pandas: exact round trips, analyst-friendly column types, and errors naming row and column."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import (
    Event,
    FormatError,
    Link,
    OutOfRangeError,
    Place,
    Precision,
    Source,
    Timeline,
    When,
)
from geotimeline.io.dataframe import PRECISIONS, from_pandas, to_pandas
from tests.strategies import events

pd = pytest.importorskip("pandas", reason="pandas is an optional dependency")


def timelines() -> st.SearchStrategy[Timeline]:
    return st.builds(
        Timeline,
        st.lists(events(), unique_by=lambda event: event.id, max_size=4),
        title=st.none() | st.text(),
        description=st.none() | st.text(),
    )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_to_pandas_then_from_pandas_gives_the_same_timeline(timeline: Timeline) -> None:
    assert from_pandas(to_pandas(timeline)) == timeline


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
        ({"title": ["x"], "when": ["2014"], "colour": [1]}, "unknown columns ['colour']"),
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
        ({"title": ["x", "x"], "when": ["2014", "2014"]}, "an event with id '2014-x'"),
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
