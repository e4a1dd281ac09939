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
- ``actors``, ``tags``, ``sources`` and ``links``: lists (of text; of dicts as the native format
  writes them; of ``{"relation", "target"}`` dicts), and ``metadata`` a dict;
- the rest text, missing values as NA.

The timeline's title and description travel in ``df.attrs``. As in CSV, ``when`` is the truth:
the bounds and ``precision`` are ignored by :func:`from_pandas`, so that editing
them cannot change a date. pandas is an optional dependency (``pip install geotimeline[pandas]``),
imported only when these functions are called.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any, Final

from geotimeline.errors import (
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    naming_missing_extras,
    shown,
)
from geotimeline.events.event import Event, Link, Source, plain_metadata
from geotimeline.io.csvfile import COLUMNS, analysts_bounds, split_list
from geotimeline.io.native import structure_source, unstructure_event
from geotimeline.io.yamlfile import source_of_text
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
        "sources": [unstructure_event(event).get("sources", []) for event in events],
        "links": [
            [{"relation": link.relation.value, "target": link.target} for link in event.links]
            for event in events
        ],
        "metadata": [plain_metadata(event.metadata) for event in events],
    }
    frame = pd.DataFrame({name: columns[name] for name in COLUMNS})
    frame.attrs.update(title=timeline.title, description=timeline.description)
    return frame


def _instants(microseconds: Any) -> Any:
    import pandas as pd

    # datetime64[ns] ends in 2262; microseconds reach the years -99999 to 99999 dates may have.
    return pd.Series(microseconds.astype("datetime64[us]")).dt.tz_localize("UTC")


def _floats(values: Iterable[float | None]) -> list[float]:
    return [math.nan if value is None else value for value in values]


@naming_missing_extras
def from_pandas(frame: pd.DataFrame) -> Timeline:
    """A timeline from a DataFrame laid out as :func:`to_pandas` makes them.

    Only ``title`` and ``when`` are required. Lists may also be given as ``;``-separated text
    (as in CSV), sources as URLs or outlet names, and links as ``"relation target"`` text.
    Missing values (None, NaN, NA) mean "not known".

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"title": ["Russia annexes Crimea"], "when": ["18 March 2014"],
    ...                       "actors": ["Russia; Ukraine"], "place": ["Crimea"]})
    >>> from_pandas(frame).first.actors
    ('Russia', 'Ukraine')

    Raises :class:`~geotimeline.errors.FormatError` naming the row (its index label) and the
    column at fault; nothing is returned from a frame with any error in it.

    Runtime complexity: O(n log n).
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise FormatError(_SOURCE, None, f"expected a pandas DataFrame, got {type(frame).__name__}")
    names = [str(name) for name in frame.columns]
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        raise FormatError(_SOURCE, None, f"unknown columns {shown(unknown)} (expected {COLUMNS})")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise FormatError(_SOURCE, None, f"repeats columns {shown(repeated)}")
    missing = [name for name in ("title", "when") if name not in names]
    if missing:
        raise FormatError(_SOURCE, None, f"lacks the required columns {missing}")
    title, description = (_attribute(frame.attrs, name) for name in ("title", "description"))
    used = [name for name in names if name not in _DERIVED]
    rows = zip(frame.index, *(frame[name].tolist() for name in used), strict=True)
    events = [_event(label, dict(zip(used, values, strict=True))) for label, *values in rows]
    try:
        return Timeline(events, title=title, description=description)
    except GeotimelineError as error:
        raise FormatError(_SOURCE, "column id", str(error)) from None


def _attribute(attributes: dict[Hashable, Any], name: str) -> str | None:
    value = attributes.get(name)
    if value is not None and not isinstance(value, str):
        raise FormatError(_SOURCE, f"attrs[{name!r}]", f"{shown(value)} must be text")
    return value


def _event(label: Hashable, cells: dict[str, Any]) -> Event:
    fields: dict[str, Any] = {}
    column = ""
    try:
        for column, value in cells.items():
            if column not in ("place", "country", "region", "latitude", "longitude"):
                _read_cell(column, value, fields)
        column = "place"
        fields["place"] = _place(cells)
        column = ""
        return Event(**fields)
    except (GeotimelineError, ValueError, TypeError) as error:
        field = getattr(error, "field", None)
        required = isinstance(error, TypeError) and "required" in str(error)
        if required:  # Event(**fields) without a required field: "... argument: 'when'"
            field = next((name for name in COLUMNS if f"'{name}'" in str(error)), None)
        if not column or (column == "place" and field in COLUMNS):
            column = field if field in COLUMNS else "id"
        reason = "is required" if required else str(error)
        if isinstance(error, InvalidFieldError):
            reason = f"{shown(error.value)} {error.reason}"
        raise FormatError(_SOURCE, f"row {shown(label)}, column {column}", reason) from None


def _missing(value: object) -> bool:
    # None, NaN, pandas.NA and NaT; a list is never missing (and NA in it is an error later).
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _read_cell(column: str, value: Any, fields: dict[str, Any]) -> None:
    if _missing(value):
        return
    if column in ("actors", "tags"):
        fields[column] = split_list(value) if isinstance(value, str) else list(value)
    elif column == "sources":
        fields["sources"] = [_source(item) for item in _items(value)]
    elif column == "links":
        fields["links"] = [_link(item) for item in _items(value)]
    else:
        fields[column] = value


def _items(value: Any) -> list[Any]:
    return split_list(value) if isinstance(value, str) else list(value)


def _source(item: Any) -> Source:
    if isinstance(item, Source):
        return item
    return source_of_text(item) if isinstance(item, str) else structure_source(item)


def _link(item: Any) -> Link:
    if isinstance(item, Link):
        return item
    if isinstance(item, str):
        relation, _, target = item.partition(" ")
        return Link(relation, target.strip())
    if isinstance(item, dict):
        return Link(item.get("relation"), item.get("target"))  # type: ignore[arg-type]
    raise InvalidFieldError("links", item, "must be a dict, a Link or 'relation target' text")


def _place(cells: dict[str, Any]) -> Place | None:
    given = {
        name: cells[name]
        for name in ("place", "country", "region", "latitude", "longitude")
        if name in cells and not _missing(cells[name])
    }
    if not given:
        return None
    if "place" not in given:
        raise InvalidFieldError("place", None, "(a name) is needed with the other place columns")
    return Place(
        given["place"],
        country=given.get("country"),
        region=given.get("region"),
        latitude=given.get("latitude"),
        longitude=given.get("longitude"),
    )
