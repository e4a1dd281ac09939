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
import itertools
import json
import math
import operator
from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal, overload

from geotimeline.errors import (
    DuplicateEventError,
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    naming_missing_extras,
    shown,
)
from geotimeline.events.event import Event, Link, Source, plain_metadata
from geotimeline.io._collector import no_cycle_collection
from geotimeline.io._event_json import Structurer, unstructure_source  # as native does
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
    metadata_of_text,
    number_of_text,
    reading_options,
    repeated_names,
    row_text,
    source_of_item,
)
from geotimeline.io.csvfile import read_cell as read_text_cell
from geotimeline.io.rejections import Collected, Rejected
from geotimeline.places.place import Place
from geotimeline.time.when import Moment, Precision, When
from geotimeline.timeline.timeline import Timeline

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PRECISIONS", "from_pandas", "to_pandas"]

#: The categories of the ``precision`` column, coarsest first.
PRECISIONS: Final = tuple(precision.name.lower() for precision in Precision)
_DERIVED: Final = frozenset(
    {"earliest", "latest", "possible_earliest", "possible_latest", "precision"}
)
_INSTANTS: Final = ("earliest", "latest", "possible_earliest", "possible_latest")
_DTYPES: Final = {name: "object" for name in COLUMNS if name not in (*_INSTANTS, "precision")} | {
    "latitude": "float64",
    "longitude": "float64",
    "place_geocoded": "bool",
}
_PLACE_COLUMNS: Final = ("place", "country", "region", "latitude", "longitude", "place_geocoded")
_DATE_COLUMNS: Final = ("when", *_INSTANTS, "precision")
# The fields to_pandas reads from each event, in one call.
_FIELD_NAMES: Final = (
    "id", "title", "summary", "actors", "tags", "sources", "links", "metadata", "when", "place"
)  # fmt: skip
_FIELDS: Final = operator.attrgetter(*_FIELD_NAMES)
# The columns the quick route reads, in order, and the native format's names for the place's.
_QUICK_COLUMNS: Final = (
    "id", "title", "when", "summary", "actors", "tags", "sources", "links", "metadata",
    *_PLACE_COLUMNS,
)  # fmt: skip
_NATIVE_PLACE_FIELDS: Final = ("name", "country", "region", "latitude", "longitude", "geocoded")
_UNREAD: Final[Any] = object()  # a place's cells not yet read
_NOT_A_PLACE: Final[Any] = object()  # place cells the usual rows never have
_SOURCE: Final = "<DataFrame>"
# How many rows the quick route reads together, as the native reader reads lines.
_ROWS_PER_BATCH: Final = 1000


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
    import pandas as pd

    with no_cycle_collection():  # millions of cells, no cycles: see io._collector
        columns = _columns_of(timeline)
    typed: dict[str, Any] = {name: _instants(columns[name]) for name in _INSTANTS}
    typed["precision"] = pd.Categorical.from_codes(
        columns["precision"], dtype=pd.CategoricalDtype(list(PRECISIONS), ordered=True)
    )
    # Explicit dtypes: an empty timeline's frame has the same as any other (not float64).
    frame = pd.DataFrame(
        {
            name: typed[name] if name in typed else pd.Series(columns[name], dtype=_DTYPES[name])
            for name in COLUMNS
        }
    )
    frame.attrs.update(title=timeline.title, description=timeline.description)
    return frame


def _columns_of(timeline: Timeline) -> dict[str, list[Any]]:
    """The frame's columns as plain lists: the bounds as microseconds, ``precision`` as the
    codes of :data:`PRECISIONS`.

    The events' fields are read into columns by ``attrgetter`` and ``zip``, without a Python
    step per field and event; only the fields that need converting are visited one by one.
    """
    events = list(timeline)
    if not events:
        return {name: [] for name in COLUMNS}
    rows = zip(*map(_FIELDS, events), strict=True)
    (ids, titles, summaries, actors, tags, sources, links, metadata, whens, places) = rows
    columns: dict[str, list[Any]] = {
        "id": list(ids),
        "title": list(titles),
        "summary": list(summaries),
        "actors": list(map(list, actors)),
        "tags": list(map(list, tags)),
        "sources": [[unstructure_source(item) for item in items] for items in sources],
        "links": [[_link_item(link) for link in items] for items in links],
        # JSON text: a dict column becomes a struct in Parquet, which cannot be empty and
        # cannot hold a key whose values differ in type from one event to the next.
        "metadata": [_metadata_text(entries) if entries else "{}" for entries in metadata],
    }
    # Events share their dates and places (parsed and geocoded once): each is read once,
    # keyed by identity, as the timeline keeps every one alive for the whole call.
    for names, values, cells_of in (
        (_DATE_COLUMNS, whens, _date_cells),
        (_PLACE_COLUMNS, places, _place_cells),
    ):
        read: dict[int, tuple[Any, ...]] = {}
        cells = [
            read[key] if (key := id(value)) in read else read.setdefault(key, cells_of(value))
            for value in values
        ]
        columns.update(zip(names, map(list, zip(*cells, strict=True)), strict=True))
    return columns


def _date_cells(when: When) -> tuple[Any, ...]:
    """``when``, its four bounds in microseconds and its precision's code, each read once."""
    start, end = when.start, when.end
    if isinstance(start, Moment) and isinstance(end, Moment):  # the usual case, read directly
        return (
            str(when), start.earliest_us, end.latest_us, start.possible_earliest_us,
            end.possible_latest_us, min(start.precision, end.precision) - 1,
        )  # fmt: skip
    earliest, latest = analysts_bounds(when)
    possible_earliest, possible_latest = analysts_bounds(when, possible=True)
    return (
        str(when), earliest, latest, possible_earliest, possible_latest, when.precision - 1
    )  # fmt: skip


def _place_cells(place: Place | None) -> tuple[Any, ...]:
    if place is None:
        return (None, None, None, math.nan, math.nan, False)
    latitude = math.nan if place.latitude is None else place.latitude
    longitude = math.nan if place.longitude is None else place.longitude
    return (place.name, place.country, place.region, latitude, longitude, place.geocoded)


def _link_item(link: Link) -> dict[str, str]:
    return {"relation": link.relation.value, "target": link.target}


def _metadata_text(metadata: Mapping[str, Any]) -> str:
    return json.dumps(plain_metadata(metadata), ensure_ascii=False)


def _instants(microseconds: list[int]) -> Any:
    import numpy as np
    import pandas as pd

    # datetime64[ns] ends in 2262; microseconds reach the years -99999 to 99999 dates may have.
    instants = np.array(microseconds, "int64").astype("datetime64[us]")
    return pd.Series(instants).dt.tz_localize("UTC")


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
    # The derived columns are never read: their datetimes would cost more than the rest.
    values = {
        name: _column(frame, name, position)
        for position, name in enumerate(names)
        if name not in _DERIVED
    }
    if frame.index.name == "id":
        if "id" in values:
            raise FormatError(_SOURCE, None, "has an id column and an index named id: keep one")
        values["id"] = frame.index.tolist()
    title, description = (_attribute(frame.attrs, name) for name in ("title", "description"))
    used = list(values)
    count = len(frame.index)
    with no_cycle_collection():  # a timeline's worth of objects, no cycles: see io._collector
        made = _usual_rows(values, count) if all(name in COLUMNS for name in used) else []
        if len(made) == count:
            try:  # the timeline checks that no id repeats, as it indexes them
                timeline = Timeline(made, title=title, description=description)
            except DuplicateEventError:
                pass
            else:
                return Collected(timeline, ()) if collect else timeline
        # Some row is not usual, or an id repeats: the rows made stand as read, and each of
        # the others is read on its own, which says what is wrong with it.
        labels = frame.index.tolist()
        values = {name: _listed(column) for name, column in values.items()}
        rows = zip(*(values[name] for name in used), strict=True)
        read = (
            Read(event, _SOURCE, position, f"row {shown(labels[position])}", cells)
            for position, (event, cells) in enumerate(zip(made, rows, strict=False))
        )
        rest = _items(labels, used, rows, values, len(made))
        return gathered(itertools.chain(read, rest), collect, title, description)


def _usual_rows(values: dict[str, Any], count: int) -> list[Event]:
    """The events of the frame's first rows, as many of them as are usual events (as
    :func:`to_pandas` makes them, with no sources, links or metadata), read column by column
    (``Structurer.made_columns``): no step of Python per row and cell.

    What is cheap to read whole is read first, once for the frame: the sources, links and
    metadata (empty in the usual frame) are checked, each distinct date parsed and each
    distinct place read. The ids, titles and lists of names are read a batch at a time, while
    its cells are in the processor's cache: on a large frame a pass of its own over a column
    of scattered strings costs more than all the checks of a batch.
    """
    if not ("id" in values and "title" in values and "when" in values):
        return []  # ids to compose, or a row without its title or date
    lengths = (
        _usual_length(name, _listed(values[name]))
        for name in ("sources", "links", "metadata")
        if name in values
    )
    structurer = Structurer(_SOURCE)
    places, usual = _usual_places(structurer, values, min([count, *lengths]))
    whens = _usual_whens(structurer, values["when"], usual)
    events: list[Event] = []
    for start in range(0, usual, _ROWS_PER_BATCH):
        end = min(start + _ROWS_PER_BATCH, usual)
        ids, titles, summaries, actors, tags = _batch_cells(values, start, end)
        # The frame's dates, or (some date is wrong) the batch's, read to find the row at fault.
        batch_whens = (
            whens[start:end]
            if whens is not None
            else _usual_whens(structurer, values["when"][start:end], end - start)
        )
        if batch_whens is None:
            break
        made = structurer.made_columns(
            ids, titles, batch_whens, summaries, actors, tags, places[start:end], own=True
        )
        if made is None:
            break
        events += made
    return events


def _usual_whens(structurer: Structurer, column: Any, count: int) -> list[When] | None:
    """The dates of the first ``count`` rows, each distinct text parsed once for the frame
    (the texts of a large frame repeat, and ``Structurer.event_dates`` parses the new ones
    together); None if any of them is not text, or not a date."""
    try:
        return structurer.event_dates(_listed(column[:count]))
    except (GeotimelineError, ValueError, TypeError):
        return None


# The columns of a batch the Structurer reads, but the date and the place's, and their cells
# when absent.
_BATCH_COLUMNS: Final = ("id", "title", "summary", "actors", "tags")
_ABSENT: Final[dict[str, Any]] = {"summary": "", "actors": [], "tags": []}


def _batch_cells(values: dict[str, Any], start: int, end: int) -> list[list[Any]]:
    """The cells of rows ``start`` to ``end`` of the columns in ``_BATCH_COLUMNS``.

    Their types are not checked here: the Structurer checks them, and makes no event of a
    cell not as it would convert it (text for an id, a title or a summary, a list or tuple of
    text for the names), so that such a row is read alone, as a cell to_pandas never gives.
    """
    size = end - start
    return [
        [_ABSENT[name]] * size if name not in values else _listed(values[name][start:end])
        for name in _BATCH_COLUMNS
    ]


# The types of the cells to_pandas gives each column the batch route reads (None: no value).
_TEXT: Final[frozenset[type]] = frozenset({str})
_TEXT_OR_NONE: Final[frozenset[type]] = frozenset({str, type(None)})
_NUMBER_OR_NONE: Final[frozenset[type]] = frozenset({float, type(None)})
_LIST: Final[frozenset[type]] = frozenset({list})
_USUAL_KINDS: Final[dict[str, frozenset[type]]] = {
    "id": _TEXT, "title": _TEXT, "when": _TEXT, "summary": _TEXT, "actors": _LIST,
    "tags": _LIST, "sources": _LIST, "links": _LIST, "metadata": _TEXT,
    "place": _TEXT_OR_NONE, "country": _TEXT_OR_NONE, "region": _TEXT_OR_NONE,
    "latitude": _NUMBER_OR_NONE, "longitude": _NUMBER_OR_NONE,
    "place_geocoded": frozenset({bool}),
}  # fmt: skip
# The kinds of NumPy array (see _column) whose every value is of the column's usual types:
# floats (NaN for none) for the coordinates, booleans for place_geocoded.
_USUAL_ARRAY_KINDS: Final[dict[str, str]] = {
    "latitude": "f", "longitude": "f", "place_geocoded": "b"
}  # fmt: skip


def _usual_length(name: str, column: Any) -> int:
    """How many of the column's first cells are as to_pandas gives them: of the column's
    types, and, for sources, links and metadata, empty (the batch route makes none).

    ``column`` is a list, or an array as :func:`_column` gives them."""
    import numpy as np

    if isinstance(column, np.ndarray) and column.dtype != object:  # its kind says it all
        return len(column) if column.dtype.kind in _USUAL_ARRAY_KINDS.get(name, "") else 0
    kinds = _USUAL_KINDS[name]
    if not set(map(type, column)) <= kinds:  # a step of Python per cell only if not
        column = column[: next(at for at, cell in enumerate(column) if type(cell) not in kinds)]
    if name in ("sources", "links") and any(column):  # the first list not empty, by C loops
        return next(itertools.compress(itertools.count(), column))
    if name == "metadata" and column.count("{}") < len(column):  # text only, as checked
        unequal = map(operator.ne, column, itertools.repeat("{}"))
        return next(itertools.compress(itertools.count(), unequal))
    return len(column)


def _usual_places(
    structurer: Structurer, values: dict[str, Any], count: int
) -> tuple[list[Place | None], int]:
    """The place of each of the first ``count`` rows (None for none), made once per distinct
    place (``Structurer.event_place``), and how many of them are usual rows: before the first
    whose place's cells are not of the types to_pandas gives them, or not a place.

    The rows are grouped by their place's cells with pandas (``factorize``, a hash table in C,
    column by column, on the frame's own arrays): each column holds one type (and None or NaN,
    both no value), so equal cells are of the same type, and rows of equal cells are the same
    place.
    """
    import numpy as np
    import pandas as pd

    present = [name for name in _PLACE_COLUMNS if name in values]
    for name in present:
        count = min(count, _usual_length(name, values[name][:count]))
    groups = np.zeros(count, dtype="int64")
    columns = {}
    for name in present:
        column = values[name][:count]
        # Of the usual types only (no lists), an array of objects as it is.
        columns[name] = column if isinstance(column, np.ndarray) else np.array(column, object)
        codes, uniques = pd.factorize(columns[name])
        # Dense group numbers, so that the next column's codes can be added to them.
        groups, _ = pd.factorize(groups * (len(uniques) + 1) + (codes + 1))
    _, firsts = np.unique(groups, return_index=True)  # each group's first row
    # The cells of each group's first row, as Python values (a NumPy float as a float).
    firsts_cells = {name: column[firsts].tolist() for name, column in columns.items()}
    table = np.empty(len(firsts), dtype=object)  # filled one by one: each place is one cell
    usual = count
    for group, first in enumerate(firsts.tolist()):
        cells = [
            firsts_cells[name][group] if name in firsts_cells else None for name in _PLACE_COLUMNS
        ]
        table[group] = place = _made_place(structurer, cells)
        if place is _NOT_A_PLACE:
            usual = min(usual, first)
    # The rows from ``usual`` on are not read as usual rows: they may hold _NOT_A_PLACE.
    return table[groups].tolist(), usual


def _made_place(structurer: Structurer, cells: list[Any]) -> Any:
    """The place of a row's place cells (None for none), or ``_NOT_A_PLACE`` if they are not
    as to_pandas writes a place, or not a place: the row is then read alone, which says why."""
    native = _native_place(cells)
    if native is None:
        return _NOT_A_PLACE
    if not native:
        return None
    try:
        return structurer.event_place(native)
    except (GeotimelineError, ValueError, TypeError, KeyError, AttributeError):
        return _NOT_A_PLACE


def _items(
    labels: list[Hashable],
    used: list[str],
    rows: Iterable[tuple[Any, ...]],
    values: dict[str, list[Any]],
    start: int = 0,
) -> Iterator[Read | Rejected]:
    """The rows read. Without extra columns, a row as to_pandas makes them is read as the
    native reader reads an event, with its caches of dates, places and lists of names; any
    other row, or one that fails there, the usual way (:func:`_event`), which names the
    column at fault. ``rows`` are the rows from position ``start`` on."""
    if not all(name in COLUMNS for name in used):
        for position, cells in enumerate(rows, start):
            yield _event(position, labels[position], dict(zip(used, cells, strict=True)))
        return
    quick = _QuickRows()
    absent = itertools.repeat(None)
    quick_columns = [values.get(name, absent) for name in _QUICK_COLUMNS]
    for name in ("latitude", "longitude"):  # NaN for none: None, which the places cache finds
        if name in values:
            position = _QUICK_COLUMNS.index(name)
            quick_columns[position] = [
                None if type(cell) is float and cell != cell else cell for cell in values[name]
            ]
    # Not strict: a column the frame lacks is None without end; title and when end the rows.
    typed = itertools.islice(zip(*quick_columns, strict=False), start, None)
    pairs = enumerate(zip(rows, typed, strict=True), start)
    while chunk := list(itertools.islice(pairs, _ROWS_PER_BATCH)):
        made = quick.events([typed_cells for _, (_, typed_cells) in chunk])
        for (position, (cells, _)), event in zip(chunk, made, strict=True):
            if event is None:
                yield _event(position, labels[position], dict(zip(used, cells, strict=True)))
            else:
                yield Read(event, _SOURCE, position, f"row {shown(labels[position])}", cells)


class _QuickRows:
    """Reads rows whose cells are of the types :func:`to_pandas` gives them (in the order of
        ``_QUICK_COLUMNS``) as the native reader reads an event: equal dates, places and lists of
        names made once and shared.

    :meth:`events` gives None for any other row, and for a row that is not a valid event:
        :func:`_event` then reads it (or says which column is at fault). Both give the same event
        for a row both read, as the native reader and ``Event(...)`` do.
    """

    __slots__ = ("_places", "_structurer")

    def __init__(self) -> None:
        self._structurer = Structurer(_SOURCE)
        # The native form of each place's cells, by the cells and their types.
        self._places: dict[tuple[Any, ...], dict[str, Any] | None] = {}

    def events(self, rows: list[tuple[Any, ...]]) -> list[Event | None]:
        """The event of each row, or None for a row not as to_pandas makes them or not a valid
        event; the usual ones made together, as the native reader makes a batch of lines
        (``Structurer.usual_events``), the others one by one."""
        raws = [self._raw(cells) for cells in rows]
        present = [raw for raw in raws if raw is not None]
        made = iter(self._structurer.usual_events(present) or [None] * len(present))
        events: list[Event | None] = []
        for raw in raws:
            event = None if raw is None else next(made)
            if event is None and raw is not None:
                event = self._event(raw)
            events.append(event)
        return events

    def _raw(self, cells: tuple[Any, ...]) -> dict[str, Any] | None:
        try:
            return self._native_event(cells)
        except (GeotimelineError, ValueError, TypeError):
            return None

    def _event(self, raw: dict[str, Any]) -> Event | None:
        try:
            return self._structurer.event(raw, str)
        except (GeotimelineError, ValueError, TypeError):
            return None

    def _native_event(self, cells: tuple[Any, ...]) -> dict[str, Any] | None:
        """The row as the native format holds an event, or None if a cell is not as
        to_pandas makes them (text to split, a date object, a blank place name...)."""
        id_, title, when, summary, actors, tags, sources, links, metadata, *place = cells
        if not (type(title) is str and type(when) is str):
            return None
        raw: dict[str, Any] = {"title": title, "when": when}
        if type(id_) is str:
            if id_.strip():  # a blank id is made from the date and title
                raw["id"] = id_
        elif not _missing(id_):
            return None
        if type(summary) is str:
            raw["summary"] = summary
        elif not _missing(summary):
            return None
        if not (_names("actors", actors, raw) and _names("tags", tags, raw)):
            return None
        if not (_records("sources", sources, raw) and _records("links", links, raw)):
            return None
        if type(metadata) is str:
            if metadata != "{}":
                entries = metadata_of_text(metadata)
                if entries:
                    raw["metadata"] = entries
        elif not _missing(metadata):
            return None
        key = (*place, *map(type, place))  # by type too: 1.0 and True are equal
        native = self._places.get(key, _UNREAD)
        if native is _UNREAD:
            native = self._places[key] = _native_place(place)
        if native is None:
            return None
        if native:
            raw["place"] = native
        return raw


def _names(name: str, items: Any, raw: dict[str, Any]) -> bool:
    """Put a list of names in ``raw``; false if the cell is text (for the usual route)."""
    if type(items) is str:
        return False
    if type(items) is not list:
        if _missing(items):
            return True
        items = list(items)  # Parquet gives arrays
    if items:
        raw[name] = items
    return True


def _records(name: str, items: Any, raw: dict[str, Any]) -> bool:
    """Put a list of records (sources, links) in ``raw``; false unless each is a dict."""
    if type(items) is str:
        return False
    if type(items) is not list:
        if _missing(items):
            return True
        items = list(items)  # Parquet gives arrays
    if any(type(item) is not dict for item in items):
        return False
    if items:
        raw[name] = items
    return True


def _native_place(cells: list[Any]) -> dict[str, Any] | None:
    """The place's cells as the native format holds a place (empty for no place), or None."""
    place: dict[str, Any] = {}
    for field, value in zip(_NATIVE_PLACE_FIELDS, cells, strict=True):
        if value is None or (type(value) is float and math.isnan(value)):
            continue
        if field in ("latitude", "longitude"):
            if type(value) is not float:
                return None
        elif field == "geocoded":
            if type(value) is not bool:
                return None
            if not value:
                continue
        elif type(value) is not str or not value.strip():
            return None
        place[field] = value
    return None if place and "name" not in place else place


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


def _column(frame: pd.DataFrame, name: str, position: int) -> Any:
    """The values of a column (a list, or an array of objects, floats or booleans), a
    ``datetime64`` ``when`` column as dates or instants.

    A column of objects is its array, not a list: the frame's cells (a million strings, say,
    scattered in memory, in the order of their rows) are then visited once per batch as it is
    read, not also to list them all and to let that list go (see :func:`_listed`).
    """
    import numpy as np
    import pandas as pd

    column = frame.iloc[:, position]
    if name == "when" and pd.api.types.is_datetime64_any_dtype(column.dtype):
        return _when_texts(column)
    if column.dtype == object:
        return column.to_numpy()  # the frame's own array, not a copy
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "fb":
        return column.to_numpy()  # floats and booleans, which tolist makes Python's
    return column.tolist()


def _listed(cells: Any) -> list[Any]:
    """Cells as a list: an array of objects (see :func:`_column`) as ``Series.tolist`` has it."""
    return cells if isinstance(cells, list) else list(cells.tolist())


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
