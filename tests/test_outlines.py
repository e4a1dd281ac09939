"""Doubtful places: Null Island, and points outside the outline of their own country."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline.places import OUTLINE_TOLERANCE_KM, Place, doubtful
from geotimeline.places.outlines import outlines


def test_null_island_is_flagged_with_or_without_a_country() -> None:
    for country in (None, "NG", "FR"):
        reason = doubtful(Place("Lagos", country=country, latitude=0, longitude=0))
        assert reason is not None
        assert "Null Island" in reason


@pytest.mark.parametrize(
    ("name", "country", "latitude", "longitude"),
    [
        ("Geneva", "CH", 46.2044, 6.1432),
        ("Strasbourg", "FR", 48.5734, 7.7521),
        ("Tijuana", "MX", 32.5149, -117.0382),
        ("Basel", "CH", 47.5596, 7.5886),
        ("Gibraltar's neighbour La Linea", "ES", 36.1681, -5.3479),
        ("Narva", "EE", 59.3797, 28.1791),
        ("Suva", "FJ", -18.1416, 178.4419),
        ("a point just off the Greenwich meridian", "GH", 5.6, -0.19),
    ],
)
def test_real_border_and_coastal_towns_are_not_flagged(
    name: str, country: str, latitude: float, longitude: float
) -> None:
    assert doubtful(Place(name, country=country, latitude=latitude, longitude=longitude)) is None


@pytest.mark.parametrize(
    ("place", "words"),
    [
        (Place("Paris", country="DE", latitude=48.8566, longitude=2.3522), "outline of Germany"),
        (Place("Bay of Biscay", country="FR", latitude=46.0, longitude=-6.0), "of France"),
        (Place("Chicago", country="CA", latitude=41.85, longitude=-87.65), "of Canada"),
    ],
)
def test_a_point_in_the_sea_or_the_wrong_country_is_flagged(place: Place, words: str) -> None:
    reason = doubtful(place)
    assert reason is not None
    assert words in reason
    kilometres = int(reason.split()[1])
    assert kilometres > OUTLINE_TOLERANCE_KM


@pytest.mark.parametrize(
    ("name", "country", "latitude", "longitude"),
    [
        ("Simferopol", "UA", 44.95, 34.1),
        ("Simferopol", "RU", 44.95, 34.1),
        ("Laayoune", "MA", 27.15, -13.2),
        ("Hargeisa", "SO", 9.56, 44.06),
        ("Kyrenia", "CY", 35.34, 33.32),
    ],
)
def test_disputed_land_is_not_flagged_for_either_side(
    name: str, country: str, latitude: float, longitude: float
) -> None:
    assert doubtful(Place(name, country=country, latitude=latitude, longitude=longitude)) is None


def test_a_claim_is_limited_to_the_disputed_land() -> None:
    reason = doubtful(Place("Moscow", country="UA", latitude=55.75, longitude=37.62))
    assert reason is not None
    assert "of Ukraine" in reason


def test_places_without_coordinates_or_outlines_are_not_judged() -> None:
    assert doubtful(Place("Paris", country="DE")) is None
    assert "SG" not in outlines()  # too small for the 1:110m shapes
    assert doubtful(Place("Singapore", country="SG", latitude=10, longitude=10)) is None
    assert doubtful(Place("Somewhere", latitude=10, longitude=10)) is None


# Sample points of the ring's own vertices: a country's outline never flags itself.
# The shapes also outline a few lands without an ISO code (Somaliland, "SOL"), never a country.
outlined = st.sampled_from(sorted(code for code in outlines() if len(code) == 2))


@given(outlined, st.data())
def test_a_vertex_of_a_countrys_outline_is_not_flagged(code: str, data: st.DataObject) -> None:
    ring = data.draw(st.sampled_from(outlines()[code]))
    longitude, latitude = data.draw(st.sampled_from(ring))
    if (latitude, longitude) == (0, 0):
        return  # Null Island has its own reason
    assert doubtful(Place("x", country=code, latitude=latitude, longitude=longitude)) is None


@given(st.floats(-89, 89), st.floats(-180, 180))
def test_a_point_without_a_country_is_flagged_only_at_null_island(
    latitude: float, longitude: float
) -> None:
    reason = doubtful(Place("x", latitude=latitude, longitude=longitude))
    assert (reason is not None) == (latitude == 0 and longitude == 0)


def test_the_map_and_the_checks_share_one_outline() -> None:
    from geotimeline.display import map as world_map

    assert world_map._world() is outlines()
