"""GeoJSON export: valid FeatureCollections, longitude first, and what is left out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import geojson as geojson_package
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import Event, Link, Place, Source, Timeline, Unbounded, When, examples
from geotimeline.io import acled, geojson
from tests.strategies import events


def assert_valid(text: str) -> None:
    parsed = geojson_package.loads(text)
    assert isinstance(parsed, geojson_package.FeatureCollection)
    assert parsed.is_valid, parsed.errors()


def test_the_seed_timeline_is_a_valid_feature_collection() -> None:
    timeline = examples.load("seed")
    text = geojson.dumps(timeline)
    assert_valid(text)
    document = json.loads(text)
    left_out = document["geotimeline"]["without_coordinates"]
    assert len(document["features"]) + len(left_out) == len(timeline) == 23
    assert document["geotimeline"]["events"] == 23


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(st.lists(events(), unique_by=lambda event: event.id, max_size=8))
def test_every_export_is_valid_and_accounts_for_every_event(batch: list[Event]) -> None:
    timeline = Timeline(batch)
    text = geojson.dumps(timeline)
    assert_valid(text)
    document = json.loads(text)
    assert document == geojson.to_document(timeline)  # the streamed text and the data agree
    ids = [feature["id"] for feature in document["features"]]
    left_out = document["geotimeline"]["without_coordinates"]
    assert sorted(ids + left_out) == sorted(timeline.ids())
    for feature in document["features"]:
        event = timeline[feature["id"]]
        assert event.place is not None
        longitude, latitude = feature["geometry"]["coordinates"]
        assert (latitude, longitude) == event.place.coordinates
        properties = feature["properties"]
        assert When.parse(properties["when"]) == event.when
        for name, bound in (("earliest", event.when.start), ("latest", event.when.end)):
            if isinstance(bound, Unbounded):
                assert properties[name] is None
            else:
                assert dt.datetime.fromisoformat(properties[name]) == getattr(event.when, name)


def test_coordinates_are_longitude_first() -> None:
    kyiv = Event(title="Rally", when="2017-02-18", place=Place("Kyiv", latitude=50.45,
                                                               longitude=30.52))  # fmt: skip
    [feature] = geojson.to_document(Timeline([kyiv]))["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [30.52, 50.45]}


def test_the_time_is_in_the_properties() -> None:
    event = Event(title="Ceasefire", when="2017-22", place=Place("Daraa", latitude=32.6,
                                                                  longitude=36.1))  # fmt: skip
    properties = geojson.feature(event)["properties"]  # type: ignore[index]
    assert properties["when"] == "2017-22"
    assert properties["precision"] == "season"
    assert properties["date_text"] == "summer 2017"
    assert (properties["earliest"], properties["latest"]) == (
        "2017-06-01T00:00:00Z", "2017-08-31T23:59:59.999999Z",
    )  # fmt: skip


def test_a_qualified_date_has_its_widened_bounds() -> None:
    event = Event(title="Founding", when="2010-03~", place=Place("Daraa", latitude=32.6,
                                                                  longitude=36.1))  # fmt: skip
    properties = geojson.feature(event)["properties"]  # type: ignore[index]
    assert properties["earliest"] == "2010-03-01T00:00:00Z"
    assert (properties["possible_earliest"], properties["possible_latest"]) == (
        "2010-02-01T00:00:00Z", "2010-04-30T23:59:59.999999Z",
    )  # fmt: skip


def test_an_unbounded_end_has_no_instant() -> None:
    event = Event(title="War in Donbas", when="2014-04/..",
                  place=Place("Donetsk", latitude=48.0, longitude=37.8))  # fmt: skip
    properties = geojson.feature(event)["properties"]  # type: ignore[index]
    assert properties["earliest"] == "2014-04-01T00:00:00Z"
    assert properties["latest"] is None
    assert properties["possible_latest"] is None


def test_acled_place_detail_is_carried_over() -> None:
    timeline = acled.load(Path(__file__).parent / "data" / "acled_sample.csv")
    document = geojson.to_document(timeline)
    details = {f["id"]: f["properties"]["place_detail"] for f in document["features"]}
    assert details["SYR90003"] == "region"
    assert details["SYR90002"] == "near-town"
    assert document["geotimeline"]["without_coordinates"] == ["SYR90004"]


def test_what_geojson_does_not_hold_is_left_out() -> None:
    event = Event(
        title="Talks", when="2017-07-07", place=Place("Hamburg", latitude=53.55, longitude=9.99),
        sources=[Source("Reuters", published="2017-07-08", quote="a quote")],
        links=[Link("part-of", "g20-summit")], metadata={"note": 1},
    )  # fmt: skip
    text = geojson.dumps(Timeline([event, Event(title="Elsewhere", when="2017")]))
    for lost in ("a quote", "2017-07-08", "g20-summit", "note", "Elsewhere"):
        assert lost not in text
    assert '"without_coordinates": ["2017-elsewhere"]' in text


def test_save_writes_the_document(tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    timeline = examples.load("seed")
    geojson.save(timeline, path)
    assert path.read_text(encoding="utf-8") == geojson.dumps(timeline)
    assert_valid(path.read_text(encoding="utf-8"))


def test_an_empty_timeline_is_an_empty_collection() -> None:
    text = geojson.dumps(Timeline())
    assert_valid(text)
    assert json.loads(text)["features"] == []


def test_a_widening_past_the_date_time_years_is_written_as_an_expanded_year() -> None:
    spot = Place("Somewhere", latitude=1.0, longitude=2.0)
    timeline = Timeline(
        [
            Event(title="Second century, roughly", when="01XX~", place=spot),
            Event(title="Last century, roughly", when="99XX~", place=spot),
        ]
    )
    early, late = (f["properties"] for f in geojson.to_document(timeline)["features"])
    assert (early["earliest"], early["possible_earliest"]) == (
        "0100-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
    )
    assert late["possible_latest"] == "+10099-12-31T23:59:59.999999Z"
