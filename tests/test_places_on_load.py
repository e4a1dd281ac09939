"""Places on load: one rule for a place given as text, in Event(...) and in every reader."""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline import Event, Place, Timeline
from geotimeline.errors import InvalidFieldError
from geotimeline.io import acled, csvfile, gdelt, native, yamlfile
from geotimeline.io.dataframe import from_pandas
from geotimeline.places import place as place_module
from geotimeline.places import resolve_place
from tests.test_acled import HEADER as ACLED_HEADER
from tests.test_acled import csv_text as acled_text
from tests.test_acled import row as acled_row
from tests.test_gdelt import record as gdelt_record


def test_a_city_name_gets_the_gazetteers_coordinates_and_country() -> None:
    place = Event(title="Talks", when="2020", place="Chicago").place
    assert place is not None
    assert (place.name, place.country, place.geocoded) == ("Chicago", "US", True)
    assert place.coordinates == Place.from_name("Chicago").coordinates


def test_a_country_name_or_code_is_the_country_as_yaml_reads_it() -> None:
    from_yaml = yamlfile.loads("events:\n  - {title: Talks, when: 2020, place: France}\n")
    for text in ("France", "FR", "fra"):
        place = Event(title="Talks", when="2020", place=text).place
        assert place == Place("France", country="FR")
        assert place == next(iter(from_yaml)).place


def test_a_shared_name_is_the_most_populous_city_and_a_country_narrows_it() -> None:
    assert resolve_place("Paris").country == "FR"
    texas = resolve_place(Place("Paris", country="US", region="Texas"))
    assert (texas.country, texas.region, texas.geocoded) == ("US", "Texas", True)
    assert texas.latitude is not None
    assert 33 < texas.latitude < 34


def test_a_name_in_another_country_than_its_city_stays_a_name() -> None:
    assert resolve_place(Place("Chicago", country="FR")) == Place("Chicago", country="FR")


def test_explicit_coordinates_are_never_geocoded() -> None:
    given_place = Place("Chicago", latitude=1.5, longitude=2.5)
    assert Event(title="Talks", when="2020", place=given_place).place is given_place


def test_unknown_names_and_alternate_names_stay_names() -> None:
    # "Bombay" is only an alternate name of Mumbai: main names are matched, nothing else.
    for text in ("Air Force One", "Donbas", "Bombay"):
        assert resolve_place(text) == Place(text)


def test_without_the_places_extra_names_stay_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(place_module, "_cities_in_order", lambda: ())
    place_module._cities_by_country.cache_clear()
    place_module._resolved.cache_clear()
    try:
        assert resolve_place("Chicago") == Place("Chicago")
        assert resolve_place("France") == Place("France", country="FR")
    finally:
        monkeypatch.undo()
        place_module._cities_by_country.cache_clear()
        place_module._resolved.cache_clear()
    assert resolve_place("Chicago").geocoded


def test_geocoded_needs_coordinates_and_a_bool() -> None:
    with pytest.raises(InvalidFieldError, match="geocoded"):
        Place("Chicago", geocoded=True)
    with pytest.raises(InvalidFieldError, match="geocoded: 'yes' must be true or false"):
        Place("Chicago", latitude=1, longitude=2, geocoded="yes")  # type: ignore[arg-type]


def test_the_repr_names_geocoded_only_when_true() -> None:
    assert repr(resolve_place("Chicago")).endswith(", geocoded=True)")
    assert "geocoded" not in repr(Place("Chicago", latitude=1, longitude=2))


# Every reader, the same text: each reader's file with one event whose place is that text.
def _native(text: str) -> Timeline:
    event = {"id": "e", "title": "Talks", "when": "2020", "place": {"name": text}}
    return native.loads(json.dumps({"format": "geotimeline", "version": 1, "events": [event]}))


def _yaml(text: str) -> Timeline:
    return yamlfile.loads(f"events:\n  - {{title: Talks, when: 2020, place: {text}}}\n")


def _csv(text: str) -> Timeline:
    return csvfile.loads(f"title,when,place\nTalks,2020,{text}\n")


def _pandas(text: str) -> Timeline:
    return from_pandas(pd.DataFrame({"title": ["Talks"], "when": ["2020"], "place": [text]}))


def _acled(text: str) -> Timeline:
    cells = {"location": text, "latitude": "", "longitude": "", "geo_precision": ""}
    row = acled_row(**cells, iso="", country="", admin1="")
    return acled.loads(acled_text(row, header=ACLED_HEADER))


def _gdelt(text: str) -> Timeline:
    fields = {"ActionGeo_Lat": "", "ActionGeo_Long": "", "ActionGeo_Type": ""}
    return gdelt.loads(gdelt_record(ActionGeo_FullName=text, ActionGeo_CountryCode="", **fields))


READERS: dict[str, Callable[[str], Timeline]] = {
    "native": _native,
    "yaml": _yaml,
    "csv": _csv,
    "pandas": _pandas,
    "acled": _acled,
    "gdelt": _gdelt,
}


@pytest.mark.parametrize("text", ["Chicago", "France", "Da Nang", "Air Force One"])
@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_reader_gives_the_same_place_for_the_same_text(reader: str, text: str) -> None:
    (event,) = READERS[reader](text)
    assert event.place == Event(title="Talks", when="2020", place=text).place


# Round trips of the marker, where the format keeps it.
geocoded_places = st.sampled_from(["Chicago", "Paris", "Da Nang", "Lagos", "Kyiv"]).map(
    resolve_place
)


@given(geocoded_places)
def test_a_geocoded_place_round_trips_through_native_json(place: Place) -> None:
    timeline = Timeline([Event(title="Talks", when="2020", place=place)])
    text = native.dumps(timeline)
    assert '"geocoded": true' in text
    assert next(iter(native.loads(text))).place == place


@given(geocoded_places)
def test_a_geocoded_place_round_trips_through_yaml(place: Place) -> None:
    timeline = Timeline([Event(title="Talks", when="2020", place=place)])
    text = yamlfile.dumps(timeline)
    assert "geocoded: true" in text
    assert next(iter(yamlfile.loads(text))).place == place


def test_a_file_without_geocoded_places_is_written_as_before() -> None:
    place = Place("Talks venue", country="FR", latitude=48.9, longitude=2.3)
    text = native.dumps(Timeline([Event(title="Talks", when="2020", place=place)]))
    assert "geocoded" not in text


_GAZETTEER_NAMES = st.sampled_from(
    ["Singapore", "Monaco", "Kuwait", "Djibouti", "Mexico", "Luxembourg", "Chicago", "Paris"]
)


@given(_GAZETTEER_NAMES, st.none() | st.sampled_from(["SG", "MC", "KW", "MX", "US", "FR"]))
def test_resolving_a_resolved_place_changes_nothing(name: str, country: str | None) -> None:
    # A reader meets the place again as text after a round trip through a file: a country
    # that shares its name with its capital must stay the country, not become the city.
    once = resolve_place(Place(name, country=country))
    again = Place(once.name, country=once.country, region=once.region)
    assert resolve_place(again).coordinates == (once.coordinates if once.geocoded else None)
    assert resolve_place(again).country == once.country
