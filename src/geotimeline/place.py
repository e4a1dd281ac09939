"""Places: a name, and where known an ISO 3166-1 country, a region and coordinates.

Countries are stored as ISO 3166-1 alpha-2 codes, whatever form they were given in:

>>> Place("Damascus", country="Syrian Arab Republic")
Place(name='Damascus', country='SY', region=None, latitude=None, longitude=None)
>>> print(Place("Aleppo", country=760, latitude=36.2, longitude=37.16))
Aleppo, Syria
"""

from __future__ import annotations

import functools

import attrs
import pycountry

from geotimeline.errors import InvalidFieldError

__all__ = ["Place", "country_code", "country_name"]

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


def country_code(value: str | int) -> str:
    """Return the ISO 3166-1 alpha-2 code for a country code or an English country name.

    Accepts alpha-2 and alpha-3 codes in any case, numeric codes (text or int, leading zeros
    optional, as in ACLED's ``iso`` column), and official or common names. Names must match
    exactly (case and extra spaces aside): there is no fuzzy matching, which would read
    "Texas" as the United States and "Kosovo" as Serbia.

    >>> [country_code(value) for value in ("sy", "SYR", 760, "Syria", "North Korea", "Russia")]
    ['SY', 'SY', 'SY', 'SY', 'KP', 'RU']
    >>> country_code("Narnia")
    Traceback (most recent call last):
    ...
    geotimeline.errors.InvalidFieldError: country: 'Narnia' is not an ISO 3166-1 ... or name
    """
    if isinstance(value, int):
        # bool is an int subclass, but True is not country number 1; ISO numbers have 3 digits.
        is_number = not isinstance(value, bool) and 0 <= value <= 999
        code = _find_country(f"{value:03d}") if is_number else None
    else:
        code = _find_country(value)
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
    country = pycountry.countries.lookup(code)
    return str(getattr(country, "common_name", None) or country.name)


@functools.lru_cache(maxsize=1024)
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
    if folded.startswith("the "):  # "the United States", "The Gambia"
        return _find_country(key[4:])
    return None


def _to_name(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError("name", value, "must be text")
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


@attrs.frozen
class Place:
    """A named place, with where known its country, region and coordinates.

    ``name`` is required; ``country`` takes anything :func:`country_code` reads and keeps the
    alpha-2 code; ``region`` is free text ("Donbas") or an ISO 3166-2 code; ``latitude`` and
    ``longitude`` are given together or not at all. Text is stripped and inner runs of
    whitespace become one space. Invalid values raise :class:`InvalidFieldError`.

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

    # Validators run once every field is set, so this one can see both coordinates.
    @longitude.validator
    def _check_pair(self, attribute: attrs.Attribute[float | None], value: float | None) -> None:
        if self.latitude is None and value is not None:
            raise InvalidFieldError("latitude", None, f"must be given with longitude {value}")
        if self.latitude is not None and value is None:
            raise InvalidFieldError(
                "longitude", None, f"must be given with latitude {self.latitude}"
            )

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

    def __str__(self) -> str:
        # Leave out a part that repeats an earlier one: "Syria", not "Syria, Syria".
        parts = (self.name, self.region, self.country_name)
        return ", ".join(dict.fromkeys(part for part in parts if part))
