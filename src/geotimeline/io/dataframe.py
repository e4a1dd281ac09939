"""pandas: a timeline as a DataFrame, one event a row, and back.

The columns are those of the CSV format (:data:`geotimeline.io.csvfile.COLUMNS`), with types an
analyst can compute with:

- ``earliest`` and ``latest``: the bounds of each date, as time-zone-aware UTC datetimes at
  microsecond resolution (``datetime64[us, UTC]``), so that years 1 to 9999 all fit;
  ``possible_earliest`` and ``possible_latest`` the same, widened as far as a qualifier
  (``?``, ``~``, ``%``) widens the date;
- ``precision``: an ordered categorical from ``century`` to ``second``, so that
  ``df[df.precision >= "day"]`` keeps the events known to the day;
- ``latitude`` and ``longitude``: floats, NaN where unknown;
- ``place_geocoded``: booleans, true where the coordinates and country were looked up from the
  place's name (``Place.geocoded``), false otherwise and where there is no place;
- ``actors``, ``tags``, ``sources`` and ``links``: lists (of text; of dicts as the native format
  writes them; of ``{"relation", "target"}`` dicts);
- ``metadata``: a JSON object's text (``"{}"`` when empty; ``df.metadata.map(json.loads)`` gives
  dicts), since a column of dicts is no Parquet column: ``df.to_parquet(...)`` (which needs
  pyarrow) takes the frame, and ``from_pandas(pd.read_parquet(...))`` reads it back;
- the rest text, missing values as NA.

Every column has the same dtype whether the timeline is empty or not.

The timeline's title and description travel in ``df.attrs``. As in CSV, ``when`` is the truth:
the bounds and ``precision`` are ignored by :func:`from_pandas`, so that editing
them cannot change a date. pandas is an optional dependency (``pip install geotimeline[pandas]``),
imported only when these functions are called.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal, overload

from geotimeline.errors import (
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    naming_missing_extras,
    shown,
)
from geotimeline.events.event import Event, Source, plain_metadata
from geotimeline.io.csvfile import (
    COLUMNS,
    Extra,
    Read,
    add_metadata,
    analysts_bounds,
    gathered,
    geocoded_of_text,
    geocoded_with,
    link_of_item,
    number_of_text,
    reading_options,
    repeated_names,
    row_text,
    source_of_item,
)
from geotimeline.io.csvfile import read_cell as read_text_cell
from geotimeline.io.native import unstructure_event
from geotimeline.io.rejections import Collected, Rejected
from geotimeline.places.place import Place
from geotimeline.time.when import Precision
from geotimeline.timeline.timeline import Timeline

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PRECISIONS", "from_pandas", "to_pandas"]

#: The categories of the ``precision`` column, coarsest first.
PRECISIONS: Final = tuple(precision.name.lower() for precision in Precision)
_DERIVED: Final = frozenset(
    {"earliest", "latest", "possible_earliest", "possible_latest", "precision"}
)
_DTYPES: Final = {
    name: "object"
    for name in COLUMNS
    if name not in ("earliest", "latest", "possible_earliest", "possible_latest", "precision")
} | {"latitude": "float64", "longitude": "float64", "place_geocoded": "bool"}
_PLACE_COLUMNS: Final = ("place", "country", "region", "latitude", "longitude", "place_geocoded")
_SOURCE: Final = "<DataFrame>"


@naming_missing_extras
def to_pandas(timeline: Timeline) -> pd.DataFrame:
    """A DataFrame of the timeline's events, in the timeline's order.

    >>> from geotimeline import Event, Timeline
    >>> df = to_pandas(Timeline([
    ...     Event(title="Ceasefire in south-western Syria", when="2017-22"),
    ...     Event(title="Russia annexes Crimea", when="2014-03-18", actors=["Russia"]),
    ... ], title="Example"))
    >>> df[["when", "earliest", "precision"]]
             when                  earliest precision
    0  2014-03-18 2014-03-18 00:00:00+00:00       day
    1     2017-22 2017-06-01 00:00:00+00:00    season
    >>> df.latest.dt.date.tolist(), df.attrs["title"]
    ([datetime.date(2014, 3, 18), datetime.date(2017, 8, 31)], 'Example')

    Runtime complexity: O(n).
    """
    import numpy as np
    import pandas as pd

    events = list(timeline)
    places = [event.place for event in events]
    columns: dict[str, Any] = {
        "id": [event.id for event in events],
        "title": [event.title for event in events],
        "when": [str(event.when) for event in events],
        "earliest": _instants(np.array([analysts_bounds(e.when)[0] for e in events], "int64")),
        "latest": _instants(np.array([analysts_bounds(e.when)[1] for e in events], "int64")),
        "possible_earliest": _instants(
            np.array([analysts_bounds(e.when, possible=True)[0] for e in events], "int64")
        ),
        "possible_latest": _instants(
            np.array([analysts_bounds(e.when, possible=True)[1] for e in events], "int64")
        ),
        "precision": pd.Categorical(
            [PRECISIONS[event.when.precision - 1] for event in events],
            categories=PRECISIONS,
            ordered=True,
        ),
        "summary": [event.summary for event in events],
        "actors": [list(event.actors) for event in events],
        "tags": [list(event.tags) for event in events],
        "place": [None if place is None else place.name for place in places],
        "country": [None if place is None else place.country for place in places],
        "region": [None if place is None else place.region for place in places],
        "latitude": _floats(None if place is None else place.latitude for place in places),
        "longitude": _floats(None if place is None else place.longitude for place in places),
        "place_geocoded": [place is not None and place.geocoded for place in places],
        "sources": [unstructure_event(event).get("sources", []) for event in events],
        "links": [
            [{"relation": link.relation.value, "target": link.target} for link in event.links]
            for event in events
        ],
        # JSON text: a dict column becomes a struct in Parquet, which cannot be empty and
        # cannot hold a key whose values differ in type from one event to the next.
        "metadata": [
            json.dumps(plain_metadata(event.metadata), ensure_ascii=False) for event in events
        ],
    }
    # Explicit dtypes: an empty timeline's frame has the same as any other (not float64).
    frame = pd.DataFrame(
        {name: pd.Series(columns[name], dtype=_DTYPES.get(name)) for name in COLUMNS}
    )
    frame.attrs.update(title=timeline.title, description=timeline.description)
    return frame


def _instants(microseconds: Any) -> Any:
    import pandas as pd

    # datetime64[ns] ends in 2262; microseconds reach the years -99999 to 99999 dates may have.
    return pd.Series(microseconds.astype("datetime64[us]")).dt.tz_localize("UTC")


def _floats(values: Iterable[float | None]) -> list[float]:
    return [math.nan if value is None else value for value in values]


@overload
def from_pandas(
    frame: pd.DataFrame, *, errors: Literal["raise"] = "raise", extra: Extra = "metadata"
) -> Timeline: ...
@overload
def from_pandas(
    frame: pd.DataFrame, *, errors: Literal["collect"], extra: Extra = "metadata"
) -> Collected: ...
@overload
def from_pandas(
    frame: pd.DataFrame, *, errors: str, extra: Extra = "metadata"
) -> Timeline | Collected: ...
@naming_missing_extras
def from_pandas(
    frame: pd.DataFrame, *, errors: str = "raise", extra: Extra = "metadata"
) -> Timeline | Collected:
    """A timeline from a DataFrame laid out as :func:`to_pandas` makes them, or as
    ``pd.read_csv`` reads a CSV file.

    Only ``title`` and ``when`` are required. Lists may also be given as ``;``-separated text
    (as in CSV), sources and links as JSON text, sources as URLs or outlet names, links as
    ``"relation target"`` text, and metadata as JSON text. Missing values (None, NaN, NA) mean
    "not known", and so does empty text in the place's columns. The ids may be the index, if it
    is named ``id``. A ``datetime64`` ``when`` column reads as days if every value in it is at
    midnight, else as the instants written (to the second, or the microsecond). A column the
    format does not name goes into each event's ``metadata`` under its name, its missing values
    left out (``extra="metadata"``, the default), or is refused (``extra="refuse"``).

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": ["crimea"], "title": ["Russia annexes Crimea"],
    ...                       "when": pd.to_datetime(["18 March 2014"]),
    ...                       "actors": ["Russia; Ukraine"], "deaths": [2]}).set_index("id")
    >>> event = from_pandas(frame).first
    >>> event.id, str(event.when), event.actors, dict(event.metadata)
    ('crimea', '2014-03-18', ('Russia', 'Ukraine'), {'deaths': 2})

    With ``errors="raise"`` (the default), the first bad row raises a
    :class:`~geotimeline.errors.FormatError` naming the row (its index label) and the column at
    fault, and nothing is returned; with ``errors="collect"``, the result is a
    :class:`~geotimeline.io.rejections.Collected` of the good rows' timeline and the rows
    rejected, each with its position in the frame (from 0, as ``frame.iloc`` takes it) as its
    ``line``. The frame itself is never changed.

    Runtime complexity: O(n log n).
    """
    import pandas as pd

    collect, keep = reading_options(errors, extra)
    if not isinstance(frame, pd.DataFrame):
        raise FormatError(_SOURCE, None, f"expected a pandas DataFrame, got {type(frame).__name__}")
    names = _check_columns([str(name) for name in frame.columns], keep)
    values = {name: _column(frame, name, position) for position, name in enumerate(names)}
    if frame.index.name == "id":
        if "id" in values:
            raise FormatError(_SOURCE, None, "has an id column and an index named id: keep one")
        values["id"] = frame.index.tolist()
    title, description = (_attribute(frame.attrs, name) for name in ("title", "description"))
    used = [name for name in values if name not in _DERIVED]
    rows = zip(frame.index, *(values[name] for name in used), strict=True)
    items = (
        _event(position, label, dict(zip(used, cells, strict=True)))
        for position, (label, *cells) in enumerate(rows)
    )
    return gathered(items, collect, title, description)


def _check_columns(names: list[str], keep: bool) -> list[str]:
    unknown = [name for name in names if name not in COLUMNS]
    if unknown and not keep:
        raise FormatError(_SOURCE, None, f"unknown columns {shown(unknown)} (expected {COLUMNS})")
    repeated = repeated_names(names)
    if repeated:
        raise FormatError(_SOURCE, None, f"repeats columns {shown(repeated)}")
    missing = [name for name in ("title", "when") if name not in names]
    if missing:
        raise FormatError(_SOURCE, None, f"lacks the required columns {missing}")
    return names


def _column(frame: pd.DataFrame, name: str, position: int) -> list[Any]:
    """The values of a column, a ``datetime64`` ``when`` column as dates or instants."""
    import pandas as pd

    column = frame.iloc[:, position]
    if name == "when" and pd.api.types.is_datetime64_any_dtype(column.dtype):
        return _when_texts(column)
    return column.tolist()


def _when_texts(column: pd.Series[Any]) -> list[str | None]:
    """Dates if every value is at midnight (as ``pd.to_datetime`` reads dates), else instants.

    A midnight in a time zone is midnight there: the day is the day as written.
    """
    present = column.dropna()
    days = bool((present == present.dt.normalize()).all())
    return [None if _missing(value) else _instant_text(value, days) for value in column]


def _instant_text(value: Any, day: bool = False) -> str:
    """A timestamp as EDTF: its day, or the instant to the second (microsecond if it has one),
    in UTC (``Z``), at its offset, or without a zone as written."""
    if day:
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    text: str = value.isoformat(timespec="microseconds" if value.microsecond else "seconds")
    return text.removesuffix("+00:00") + "Z" if str(value.tzinfo) == "UTC" else text


def _attribute(attributes: dict[Hashable, Any], name: str) -> str | None:
    value = attributes.get(name)
    if value is not None and not isinstance(value, str):
        raise FormatError(_SOURCE, f"attrs[{name!r}]", f"{shown(value)} must be text")
    return value


def _event(position: int, label: Hashable, cells: dict[str, Any]) -> Read | Rejected:
    fields: dict[str, Any] = {}
    column = ""
    where = f"row {shown(label)}"
    try:
        for column, value in cells.items():
            if column not in _PLACE_COLUMNS:
                _read_cell(column, value, fields)
        column = "place"
        fields["place"] = _place(cells)
        column = ""
        return Read(Event(**fields), _SOURCE, position, where, list(cells.values()))
    except (GeotimelineError, ValueError, TypeError) as error:
        field = getattr(error, "field", None)
        required = isinstance(error, TypeError) and "required" in str(error)
        if required:  # Event(**fields) without a required field: "... argument: 'when'"
            field = next((name for name in COLUMNS if f"'{name}'" in str(error)), None)
        if not column or (column == "place" and field in COLUMNS):
            column = _column_of(field, cells)
        reason = "is required" if required else str(error)
        if isinstance(error, InvalidFieldError):
            reason = f"{shown(error.value)} {error.reason}"
        failure = FormatError(_SOURCE, f"{where}, column {column}", reason)
        return Rejected.of(failure, position, column, row_text(cells.values()))


def _column_of(field: object, cells: dict[str, Any]) -> str:
    """The column of an Event's field at fault: ``metadata.deaths`` is an extra column's."""
    if not isinstance(field, str):
        return "id"
    if field.startswith("metadata."):
        key = field.removeprefix("metadata.")
        extra = [
            name
            for name in cells
            if name not in COLUMNS and (key == name or key.startswith((f"{name}.", f"{name}[")))
        ]
        return max(extra, key=len) if extra else "metadata"
    return field if field in COLUMNS else "id"


def _missing(value: object) -> bool:
    # None, NaN, pandas.NA and NaT; a list is never missing (and NA in it is an error later).
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _read_cell(column: str, value: Any, fields: dict[str, Any]) -> None:
    if _missing(value):
        return
    if isinstance(value, str):  # as pd.read_csv reads a CSV file: each cell as CSV reads it
        read_text_cell(column, value, fields)
    elif column in ("actors", "tags"):
        fields[column] = list(value)
    elif column == "sources":
        fields["sources"] = [_source(item) for item in value]
    elif column == "links":
        fields["links"] = [link_of_item(item) for item in value]
    elif column == "metadata":
        if not isinstance(value, Mapping):
            raise InvalidFieldError("metadata", value, "must be a mapping or a JSON object")
        add_metadata(fields, dict(value))
    elif column not in COLUMNS:
        add_metadata(fields, {column: _plain(value)}, column)
    elif column == "when" and isinstance(value, dt.date):  # a date or a datetime in a cell
        fields["when"] = _instant_text(value, day=not isinstance(value, dt.datetime))
    else:
        fields[column] = value


def _plain(value: Any) -> Any:
    """A value of an extra column as metadata holds it: a NumPy number as a Python number, a
    timestamp as ISO 8601 text."""
    import numpy as np

    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value.item() if isinstance(value, np.generic) else value


def _source(item: Any) -> Source:
    return item if isinstance(item, Source) else source_of_item(item)


def _place(cells: dict[str, Any]) -> Place | None:
    given = {
        name: cells[name]
        for name in _PLACE_COLUMNS
        if name in cells and not _missing(cells[name]) and not _blank(cells[name])
    }
    geocoded = _geocoded(given.pop("place_geocoded", False))
    if not given and not geocoded:
        return None
    if "place" not in given:
        raise InvalidFieldError("place", None, "(a name) is needed with the other place columns")
    latitude = _coordinate("latitude", given.get("latitude"))
    return Place(
        given["place"],
        country=given.get("country"),
        region=given.get("region"),
        latitude=latitude,
        longitude=_coordinate("longitude", given.get("longitude")),
        geocoded=geocoded_with(geocoded, latitude),
    )


def _geocoded(value: Any) -> bool:
    """A ``place_geocoded`` cell: a boolean (NumPy's too), or text as in CSV."""
    if isinstance(value, str):
        return geocoded_of_text(value)
    if type(value).__name__ in ("bool", "bool_"):
        return bool(value)
    raise InvalidFieldError("place_geocoded", value, "must be true or false")


def _blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


def _coordinate(field: str, value: Any) -> Any:
    return number_of_text(field, value.strip()) if isinstance(value, str) else value
