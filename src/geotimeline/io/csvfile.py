"""CSV: one event a row, for spreadsheets and for tools that read tables.

The first row names the columns; ``title`` and ``when`` are required, every other column is
optional and may come in any order. The columns:

============  ================================================================================
``id``        the event's id; made from the date and title when empty
``title``     what happened
``when``      the date, as EDTF (or anything :meth:`When.parse` reads)
``earliest``  the first instant the date could mean, ISO 8601 in UTC (written for analysts)
``latest``    the last instant the date could mean, ISO 8601 in UTC (written for analysts)
``possible_earliest``, ``possible_latest``
              the same, widened as far as a qualifier (``?``, ``~``, ``%``) widens the date;
              equal to ``earliest`` and ``latest`` for a date without one (written for analysts)
``precision`` ``century``, ``decade``, ``year``, ``season``, ``month``, ``day``, ``hour``,
              ``minute`` or ``second`` (written for analysts)
``summary``   a longer description
``actors``    who took part, separated by ``;`` (a ``;`` or ``\\`` in a name is escaped as
              ``\\;`` or ``\\\\``; any other character, a comma too, is part of the name:
              ``Boeing, FAA`` is one actor, ``Boeing; FAA`` two)
``tags``      labels, separated as actors are
``place``     the place's name; ``country`` (ISO 3166-1 alpha-2 or any form
              :func:`~geotimeline.places.place.country_code` reads), ``region``, ``latitude`` and
              ``longitude`` (decimal degrees) complete it
``place_geocoded``
              ``true`` when the coordinates and country were looked up from the place's name in
              the gazetteer (``Place.geocoded``), else empty (``false`` reads as empty)
``sources``   a JSON list of sources as the native format writes them
              (``[{"outlet": "Reuters", "url": "https://..."}]``), or URLs and outlet names
              separated by ``;``
``links``     ``relation target`` pairs separated by ``;`` (``part-of 2014-crimea``), or a JSON
              list of them or of ``{"relation": ..., "target": ...}`` objects
``metadata``  a JSON object
============  ================================================================================

Any other column is extra: its non-empty cells go into each event's ``metadata`` under the
column's name, as text (``deaths`` = ``"3"``), and an empty cell adds nothing. A row whose
``metadata`` object already has that key is refused rather than one value overwriting the
other. ``extra="refuse"`` refuses a file with an extra column instead. Every column needs a
name: a header cell left empty (as ``DataFrame.to_csv`` writes for the index unless told
``index=False``) is refused.

``when`` is the truth: the bounds and ``precision`` are derived from it when
writing and ignored when reading, so that an analyst's sorting and filtering on them cannot
change a date. An unbounded end is written as the first instant of year 1 or the last of year
9999, and a year outside 1-9999 in ISO 8601's expanded form (``-0499-01-01T00:00:00Z``,
``+10000-01-01T00:00:00Z``). Reading streams a row at a time and writing an event at a time.
Errors name the file, the line and the column at fault, and a file with any error gives no
timeline; with ``errors="collect"``, the good rows give a timeline and each bad row (a cell that
cannot be read, a wrong number of cells, an id an earlier row has) is set aside as a
:class:`~geotimeline.io.rejections.Rejected`. These still raise in collect mode, as no row can
be trusted: a file that cannot be read or decoded, a bad header, a line longer than the limit,
and quoting the :mod:`csv` module cannot follow.

To read the file with pandas, read every cell as text and empty cells as empty text, then
give the frame to :func:`~geotimeline.io.dataframe.from_pandas`, which reads each text cell as
this reader does: ``pd.read_csv(path, dtype=str, keep_default_na=False)``, for a file written
with ``spreadsheet_safe=False``; a spreadsheet-safe file's escapes (below) are undone first by
``frame.map(unescape_formula)``.

Cells are kept as text, never evaluated: a cell such as ``=HYPERLINK(...)`` is a title like any
other. A spreadsheet that opens the file would evaluate it, so the writer escapes it as OWASP
recommends (see :func:`escape_formula`): a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab,
a carriage return or a line feed (or a full-width ``＝``, ``＋``, ``－``, ``＠``) is written
quoted, after a single quote (``"'=HYPERLINK(...)"``), and the reader takes that quote off
again, so that round trips stay exact. ``latitude`` and ``longitude`` are numbers, never
escaped, so that a spreadsheet or pandas still reads ``-33.9`` as a number.
``dumps(..., spreadsheet_safe=False)`` writes cells as they are, for programs only (but for
a text that itself begins with quotes and a formula character, which gets its quote).

A line longer than :data:`MAX_LINE_LENGTH` characters, or a cell longer than the
:mod:`csv` module's field limit (131,072 characters unless the program changed it), is refused
before it is read whole.
"""

from __future__ import annotations

import collections
import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Final, Literal, TextIO, TypeVar, overload

import attrs

from geotimeline.errors import FormatError, GeotimelineError, InvalidFieldError, shown
from geotimeline.events.event import Event, Link, Source, plain_metadata
from geotimeline.io import text_of
from geotimeline.io._event_json import unstructure_source  # a source's JSON, as native writes it
from geotimeline.io.files import write_atomically
from geotimeline.io.native import structure_source
from geotimeline.io.rejections import Collected, Rejected, collecting
from geotimeline.io.yamlfile import source_of_text
from geotimeline.places.place import Place
from geotimeline.time import calendar as cal
from geotimeline.time.when import Unbounded, When
from geotimeline.timeline.timeline import Timeline

__all__ = [
    "COLUMNS",
    "EXTRAS",
    "MAX_LINE_LENGTH",
    "Extra",
    "bounded_lines",
    "dumps",
    "escape_formula",
    "load",
    "load_lines",
    "loads",
    "repeated_names",
    "save",
    "unescape_formula",
]

#: The columns written, in order.
COLUMNS: Final = (
    "id", "title", "when", "earliest", "latest", "possible_earliest", "possible_latest",
    "precision", "summary", "actors", "tags", "place", "country", "region", "latitude",
    "longitude", "place_geocoded", "sources", "links", "metadata",
)  # fmt: skip
#: The longest line (without its line break) the CSV, ACLED and GDELT readers accept.
MAX_LINE_LENGTH: Final = 1024 * 1024
#: What a reader does with a column the format does not name: put its cells in ``metadata``
#: under the column's name (the default), or ``"refuse"`` the file.
Extra = Literal["metadata", "refuse"]
#: The values ``extra=`` takes.
EXTRAS: Final = ("metadata", "refuse")
_KNOWN: Final = frozenset(COLUMNS)
_Read = TypeVar("_Read")
_DERIVED: Final = frozenset(
    {"earliest", "latest", "possible_earliest", "possible_latest", "precision"}
)
_PLACE_COLUMNS: Final = ("place", "country", "region", "latitude", "longitude", "place_geocoded")
_SEPARATOR: Final = "; "
# A ";" not escaped by a backslash (itself not escaped).
_SPLIT = re.compile(r"(?<!\\)((?:\\\\)*);")
# Only what join_list escapes: a backslash typed by hand before anything else stays.
_UNESCAPE = re.compile(r"\\([\\;])")
# The characters that make a spreadsheet read a cell as a formula when they begin it: OWASP's
# list, and their full-width forms, which spreadsheets in East Asian locales read as the same.
_FORMULA_START: Final = "=+\\-@\t\r\n\uff1d\uff0b\uff0d\uff20"
# A cell that needs the escape: any single quotes, then a formula character. The quotes are
# counted in, so that a text that itself begins "'=" is escaped too and the reader, which takes
# one quote off such a cell, gives it back exactly.
_NEEDS_ESCAPE = re.compile(f"('*)[{_FORMULA_START}]")
_ESCAPED = re.compile(f"'+[{_FORMULA_START}]")
# The cells the csv module's default dialect quotes.
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')
# Numbers (decimal degrees) that a spreadsheet and pandas must read as numbers: never escaped.
_NUMBERS: Final = ("latitude", "longitude")
_FIRST_NUMBER: Final = COLUMNS.index(_NUMBERS[0])  # they are next to each other


# -- reading ----------------------------------------------------------------------------------


@overload
def load(
    path: str | os.PathLike[str],
    *,
    errors: Literal["raise"] = "raise",
    extra: Extra = "metadata",
) -> Timeline: ...
@overload
def load(
    path: str | os.PathLike[str], *, errors: Literal["collect"], extra: Extra = "metadata"
) -> Collected: ...
@overload
def load(
    path: str | os.PathLike[str], *, errors: str, extra: Extra = "metadata"
) -> Timeline | Collected: ...
def load(
    path: str | os.PathLike[str], *, errors: str = "raise", extra: Extra = "metadata"
) -> Timeline | Collected:
    """Read a timeline from a CSV file, a row at a time.

    With ``errors="raise"`` (the default), the first bad row raises a
    :class:`~geotimeline.errors.FormatError` naming the file, the line and the column at fault,
    and no timeline is made; with ``errors="collect"``, the result is a
    :class:`~geotimeline.io.rejections.Collected` of the good rows' timeline and the rows
    rejected. A column the format does not name goes into each event's ``metadata``
    (``extra="metadata"``, the default) or is refused (``extra="refuse"``). A byte-order mark
    (as spreadsheets write) is allowed.

    Runtime complexity: O(rows); memory O(events).
    """
    reading = reading_options(errors, extra)
    return load_lines(path, lambda lines, source: _read(lines, source, *reading))


def load_lines(
    path: str | os.PathLike[str],
    read: Callable[[Iterator[str], str], _Read],
    *,
    encoding: str = "utf-8-sig",
    newline: str = "",
) -> _Read:
    """Open a line-based file and give its :func:`bounded_lines` and its name to ``read``.

    The CSV, ACLED and GDELT readers share this, so that a file that cannot be opened or is not
    UTF-8 gives the same :class:`~geotimeline.errors.FormatError` from each.
    """
    source = os.fspath(path)
    try:
        with open(path, encoding=encoding, newline=newline) as handle:
            return read(bounded_lines(handle, source), source)
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(source, None, f"cannot be read: {error}") from error


def bounded_lines(handle: TextIO, source: str, limit: int = MAX_LINE_LENGTH) -> Iterator[str]:
    """The lines of ``handle``, refusing one longer than ``limit`` before reading it whole.

    A file of one gigabyte-long line would otherwise be read into memory, then split into
    millions of cells, before any check could see it.

    >>> import io
    >>> list(bounded_lines(io.StringIO("a,b\\nc,d\\n"), "<string>"))
    ['a,b\\n', 'c,d\\n']
    >>> list(bounded_lines(io.StringIO("x" * 11), "big.csv", limit=10))
    Traceback (most recent call last):
    ...
    geotimeline.errors.FormatError: big.csv, line 1: is longer than 10 characters

    Runtime complexity: O(length of the text read), memory O(limit).
    """
    number = 0
    # Two characters more than the limit hold a line at the limit and its "\\r\\n".
    while line := handle.readline(limit + 2):
        number += 1
        if len(line.rstrip("\r\n")) > limit:
            raise FormatError(source, f"line {number}", f"is longer than {limit:,} characters")
        yield line


@overload
def loads(
    text: str | bytes,
    source: str = ...,
    *,
    errors: Literal["raise"] = "raise",
    extra: Extra = "metadata",
) -> Timeline: ...
@overload
def loads(
    text: str | bytes, source: str = ..., *, errors: Literal["collect"], extra: Extra = "metadata"
) -> Collected: ...
@overload
def loads(
    text: str | bytes, source: str = ..., *, errors: str, extra: Extra = "metadata"
) -> Timeline | Collected: ...
def loads(
    text: str | bytes,
    source: str = "<string>",
    *,
    errors: str = "raise",
    extra: Extra = "metadata",
) -> Timeline | Collected:
    """Read a timeline from CSV text (see :func:`load` for ``errors`` and ``extra``).

    >>> timeline = loads('''title,when,actors,place,country,deaths
    ... Russia annexes Crimea,2014-03-18,Russia; Ukraine,Crimea,UA,
    ... Ceasefire in south-western Syria,summer 2017,Russia; United States; Jordan,,,0
    ... ''')
    >>> [(str(event.when), event.actors, dict(event.metadata)) for event in timeline]
    [('2014-03-18', ('Russia', 'Ukraine'), {}), ('2017-22', ('Russia', 'United States', 'Jordan'), {'deaths': '0'})]
    >>> loads("title,when\\nTalks,2014-02-30\\n")
    Traceback (most recent call last):
    ...
    geotimeline.errors.FormatError: <string>, line 2, column when: '2014-02-30' is not a date ...
    >>> timeline, rejected = loads("title,when\\nTalks,2014-02-30\\nTalks,2014-03\\n",
    ...                            errors="collect")
    >>> len(timeline), [(row.line, row.column) for row in rejected]
    (1, [(2, 'when')])
    """  # noqa: E501 (a doctest's output is one line)
    reading = reading_options(errors, extra)
    # As a file opened with newline="": lines end at \n or \r only, never at U+2028 or NEL.
    lines = bounded_lines(io.StringIO(text_of(text, source), newline=""), source)
    return _read(lines, source, *reading)


def reading_options(errors: object, extra: object) -> tuple[bool, bool]:
    """Whether to collect bad rows and whether to keep extra columns, checked before reading."""
    if extra not in EXTRAS:
        raise InvalidFieldError("extra", extra, "must be 'metadata' or 'refuse'")
    return collecting(errors), extra == "metadata"


def _read(lines: Iterable[str], source: str, collect: bool, keep: bool) -> Timeline | Collected:
    return gathered(_rows(lines, source, keep), collect)


def _rows(lines: Iterable[str], source: str, keep: bool) -> Iterator[Read | Rejected]:
    # strict: a quote left open at the end of the file is an error, not a last cell.
    rows = csv.reader(lines, strict=True)
    try:
        header = next(rows, None)
        if header is None:
            return
        columns = _check_header(header, source, keep)
        line = rows.line_num + 1
        for row in rows:
            if row:  # blank lines are allowed (spreadsheets leave them)
                yield _event(row, columns, source, line)
            line = rows.line_num + 1
    except csv.Error as error:
        raise FormatError(source, f"line {rows.line_num}", f"is not valid CSV: {error}") from None


def gathered(
    items: Iterable[Read | Rejected],
    collect: bool,
    title: str | None = None,
    description: str | None = None,
) -> Timeline | Collected:
    """The timeline of the rows read, refusing a repeated id as a bad row: raising the first
    bad row's error, or with ``collect`` setting each aside (the pandas reader shares this).

    Runtime complexity: O(n log n) for n rows; memory O(events), as ``items`` streams.
    """
    events: list[Event] = []
    rejected: list[Rejected] = []
    first: dict[str, str] = {}  # where each id was first read
    for item in items:
        if isinstance(item, Read):
            if item.event.id not in first:
                first[item.event.id] = item.where
                events.append(item.event)
                continue
            item = item.repeating(first[item.event.id])
        if not collect:
            raise item.error
        rejected.append(item)
    timeline = Timeline(events, title=title, description=description)
    return Collected(timeline, tuple(rejected)) if collect else timeline


@attrs.frozen
class Read:
    """A row read into an event, and where it is: to name it if it repeats an earlier id."""

    event: Event
    source: str
    #: The line the row starts on (the row's position, for a DataFrame).
    line: int
    #: Where the row is, as errors name it: ``"line 3"`` or ``"row 'crimea'"``.
    where: str
    #: The row's cells, to show if it is rejected.
    cells: Sequence[object]

    def repeating(self, first: str) -> Rejected:
        """The rejection of this row, whose id the row at ``first`` already has."""
        reason = f"an event with id {self.event.id!r} is already at {first}"
        error = FormatError(self.source, f"{self.where}, column id", reason)
        return Rejected.of(error, self.line, "id", row_text(self.cells))


def _check_header(header: list[str], source: str, keep: bool) -> list[str]:
    # Time in proportion to the header: a header of 100,000 cells is refused at once.
    columns = [_column_name(name) for name in header]
    unnamed = [str(number) for number, name in enumerate(columns, 1) if not name]
    if unnamed:
        reason = f"has no name for columns {shown(unnamed)} (every column needs one)"
        raise FormatError(source, "line 1", reason)
    unknown = [name for name in columns if name not in COLUMNS]
    if unknown and not keep:
        known = ", ".join(COLUMNS)
        raise FormatError(source, "line 1", f"unknown columns {shown(unknown)} (expected {known})")
    repeated = repeated_names(columns)
    if repeated:
        raise FormatError(source, "line 1", f"repeats columns {shown(repeated)}")
    missing = [name for name in ("title", "when") if name not in columns]
    if missing:
        raise FormatError(source, "line 1", f"lacks the required columns {missing}")
    return columns


def _column_name(name: str) -> str:
    """A header cell's column: the format's columns in any case, an extra one as written."""
    name = name.strip()
    return name.lower() if name.lower() in COLUMNS else name


def repeated_names(names: Iterable[str]) -> list[str]:
    """The names given more than once, sorted: what a header must not repeat.

    >>> repeated_names(["title", "when", "title", "place", "when"])
    ['title', 'when']

    Runtime complexity: O(n log n) for n names, counted in one pass (``list.count`` for each
    name would take a minute for a header of a few hundred thousand characters).
    """
    return sorted(name for name, times in collections.Counter(names).items() if times > 1)


def _event(row: list[str], columns: list[str], source: str, line: int) -> Read | Rejected:
    if len(row) != len(columns):
        reason = f"has {len(row)} cells where the header has {len(columns)}"
        return Rejected.of(FormatError(source, f"line {line}", reason), line, None, row_text(row))
    cells = {
        name: unescape_formula(value)
        for name, value in zip(columns, row, strict=True)
        if name not in _DERIVED
    }
    fields: dict[str, Any] = {}
    column = "id"
    try:
        for column in cells:
            if column not in _PLACE_COLUMNS:
                read_cell(column, cells[column], fields)
        column = "place"
        fields["place"] = _place(cells)
        column = ""  # from here on, the error's own field names the column
        return Read(Event(**fields), source, line, f"line {line}", row)
    except (GeotimelineError, ValueError, TypeError) as error:
        field = getattr(error, "field", None)
        if column == "place" and field in _PLACE_COLUMNS:  # the place's columns are read together
            column = field
        column = column or _column_of(error)
        error = FormatError(source, f"line {line}, column {column}", _reason(error))
        return Rejected.of(error, line, column, row_text(row))


def row_text(cells: Iterable[object]) -> str:
    """A row's cells as CSV again: the text of a rejected row, made only for rejected rows."""
    text = io.StringIO()
    shown_cells = (cell if isinstance(cell, str) else shown(cell) for cell in cells)
    # The writer quotes a cell holding its line terminator: "\r\n" quotes both kinds of break.
    csv.writer(text, lineterminator="\r\n").writerow(shown_cells)
    return text.getvalue().removesuffix("\r\n")


def _column_of(error: BaseException) -> str:
    field = getattr(error, "field", None)
    if field is None and isinstance(error, TypeError):  # a required argument is missing
        field = next((name for name in COLUMNS if f"'{name}'" in str(error)), None)
    return field if field in COLUMNS else "id"


def _reason(error: BaseException) -> str:
    if isinstance(error, InvalidFieldError):
        return f"{shown(error.value)} {error.reason}"
    if isinstance(error, TypeError) and "required" in str(error):
        return "is required"
    return str(error)


def read_cell(column: str, text: str, fields: dict[str, Any]) -> None:
    """Read a cell of ``column`` into the fields of an event (the pandas reader shares this)."""
    if column in ("actors", "tags"):
        fields[column] = split_list(text)
    elif column == "sources":
        fields["sources"] = sources_of_text(text)
    elif column == "links":
        fields["links"] = links_of_text(text)
    elif column == "metadata":
        add_metadata(fields, metadata_of_text(text))
    elif column not in _KNOWN:
        if text:  # an empty cell is no value: a column filled in for some rows only
            add_metadata(fields, {column: text}, column)
    elif column != "id" or text.strip():
        fields[column] = text


def add_metadata(fields: dict[str, Any], entries: dict[str, Any], column: str = "") -> None:
    """Add ``entries`` to the metadata in ``fields``, refusing a key it already has: the
    ``metadata`` column and an extra column of the same name would otherwise overwrite one
    another, whichever comes last."""
    if not entries:  # no metadata: the event shares the one empty mapping, as events do
        return
    metadata = fields.setdefault("metadata", {})
    clash = next((key for key in entries if key in metadata), None)
    if clash is not None:
        reason = "is both a column and a key of the metadata column (rename one)"
        raise InvalidFieldError(column or "metadata", clash, reason)
    metadata.update(entries)


def _place(cells: dict[str, str]) -> Place | None:
    present = {name: cells[name].strip() for name in _PLACE_COLUMNS if cells.get(name, "").strip()}
    geocoded = geocoded_of_text(present.pop("place_geocoded", ""))
    if not present and not geocoded:
        return None
    if "place" not in present:
        raise InvalidFieldError("place", "", "(a name) is needed with the other place columns")
    latitude = number_of_text("latitude", present.get("latitude"))
    return Place(
        present["place"],
        country=present.get("country"),
        region=present.get("region"),
        latitude=latitude,
        longitude=number_of_text("longitude", present.get("longitude")),
        geocoded=geocoded_with(geocoded, latitude),
    )


def geocoded_of_text(text: str) -> bool:
    """A ``place_geocoded`` cell: ``true`` or ``false`` in any case; empty is false."""
    folded = text.strip().casefold()
    if folded in ("", "false"):
        return False
    if folded == "true":
        return True
    raise InvalidFieldError("place_geocoded", text, "must be true, false or empty")


def geocoded_with(geocoded: bool, latitude: object) -> bool:
    """``geocoded``, refused under the column's name when there are no coordinates found."""
    if geocoded and latitude is None:
        reason = "needs the latitude and longitude found"
        raise InvalidFieldError("place_geocoded", geocoded, reason)
    return geocoded


def number_of_text(field: str, text: str | None) -> float | None:
    """A coordinate cell: decimal degrees."""
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidFieldError(field, text, "must be a number (decimal degrees)") from None


def sources_of_text(text: str) -> list[Source]:
    """A ``sources`` cell: a JSON list of sources (as the native format writes them; an item
    may be a URL or an outlet's name), or URLs and outlet names separated by ``;``."""
    if not text.strip():
        return []
    if not text.lstrip().startswith("["):
        return [source_of_text(item) for item in split_list(text)]
    return [source_of_item(item) for item in _json_list("sources", text)]


def source_of_item(item: object) -> Source:
    """A source from a JSON list's item: a URL or an outlet's name, or a native source dict."""
    return source_of_text(item) if isinstance(item, str) else structure_source(item)


def links_of_text(text: str) -> list[Link]:
    """A ``links`` cell: ``relation target`` pairs separated by ``;`` (as written), or a JSON
    list of them or of ``{"relation": ..., "target": ...}`` objects."""
    if not text.lstrip().startswith("["):
        return [link_of_item(item) for item in split_list(text)]
    return [link_of_item(item) for item in _json_list("links", text)]


def link_of_item(item: object) -> Link:
    """A link from ``relation target`` text, a ``{"relation", "target"}`` dict, or a Link."""
    if isinstance(item, Link):
        return item
    if isinstance(item, str):
        relation, _, target = item.strip().partition(" ")
        if not target.strip():
            raise InvalidFieldError("links", item, "must be a relation and a target id")
        return Link(relation, target.strip())
    if isinstance(item, dict) and set(item) == {"relation", "target"}:
        return Link(item["relation"], item["target"])
    reason = "must be 'relation target' text or a {'relation', 'target'} dict"
    raise InvalidFieldError("links", item, reason)


def _json_list(column: str, text: str) -> list[Any]:
    try:
        items = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise InvalidFieldError(column, text, f"is not a JSON list ({error})") from None
    if not isinstance(items, list):
        raise InvalidFieldError(column, text, "is not a JSON list")
    return items


def metadata_of_text(text: str) -> dict[str, Any]:
    """A ``metadata`` cell: a JSON object, or nothing."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise InvalidFieldError("metadata", text, f"is not a JSON object ({error})") from None
    if not isinstance(value, dict):
        raise InvalidFieldError("metadata", text, "is not a JSON object")
    return value


def split_list(text: str) -> list[str]:
    """The items of a ``;``-separated cell, unescaped: the inverse of :func:`join_list`.

    >>> split_list(r"Russia; United States; a\\; b")
    ['Russia', 'United States', 'a; b']
    >>> split_list("")
    []
    """
    if not text.strip():
        return []
    items = _SPLIT.split(text)
    # re.split keeps the captured backslashes: join each back to the item before it.
    joined = [items[0]]
    for index in range(1, len(items), 2):
        joined[-1] += items[index]
        joined.append(items[index + 1])
    return [_UNESCAPE.sub(r"\1", item.strip()) for item in joined]


def join_list(items: Iterable[str]) -> str:
    """Items joined by ``"; "``, with ``\\`` and ``;`` in them escaped by a backslash.

    >>> join_list(["Russia", "a; b", "c\\\\d"])
    'Russia; a\\\\; b; c\\\\\\\\d'
    """
    return _SEPARATOR.join(item.replace("\\", "\\\\").replace(";", "\\;") for item in items)


# -- writing ----------------------------------------------------------------------------------


def dumps(timeline: Timeline, *, spreadsheet_safe: bool = True) -> str:
    """The CSV text of a timeline: a header row, then an event a row.

    With ``spreadsheet_safe`` (the default), a cell that a spreadsheet would read as a formula is
    escaped (see :func:`escape_formula`); :func:`loads` takes the escape off again. Without it,
    cells are written as they are, for programs that read the file as plain CSV: only a text
    that begins with single quotes and a formula character gets one quote more, since the
    reader takes one off such a cell whoever wrote it.

    >>> from geotimeline import Event, Timeline
    >>> print(dumps(Timeline([Event(title="Russia annexes Crimea", when="2014-03-18",
    ...                             actors=["Russia", "Ukraine"])])), end="")
    id,title,when,earliest,latest,possible_earliest,possible_latest,precision,summary,actors,...
    2014-03-18-russia-annexes-crimea,Russia annexes Crimea,2014-03-18,2014-03-18T00:00:00Z,2014-03-18T23:59:59.999999Z,2014-03-18T00:00:00Z,2014-03-18T23:59:59.999999Z,day,,Russia; Ukraine,,,,,,,,,,
    >>> formula = Timeline([Event(id="e1", title="=HYPERLINK(A1)", when="2014")])
    >>> print(dumps(formula).splitlines()[1][:25])
    e1,"'=HYPERLINK(A1)",2014
    >>> print(dumps(formula, spreadsheet_safe=False).splitlines()[1][:22])
    e1,=HYPERLINK(A1),2014
    >>> loads(dumps(formula)) == formula
    True

    Runtime complexity: O(size of the text written).
    """  # noqa: E501 (a doctest's output is one line)
    lines: list[str] = []
    _write(timeline, lines.append, spreadsheet_safe)
    return "".join(lines)


def save(
    timeline: Timeline, path: str | os.PathLike[str], *, spreadsheet_safe: bool = True
) -> None:
    """Write a timeline to a CSV file atomically, an event at a time.

    ``spreadsheet_safe`` is as for :func:`dumps`: on by default, since a CSV file is as likely to
    be opened in a spreadsheet as read by a program.
    """
    write_atomically(path, lambda write: _write(timeline, write, spreadsheet_safe))


def escape_formula(text: str) -> str:
    """``text`` as a cell that no spreadsheet reads as a formula, as OWASP recommends.

    A text that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed
    (or their full-width forms ``＝``, ``＋``, ``－``, ``＠``) gets a single quote before it,
    which spreadsheets read as "this is text". So does a text that begins with single quotes
    and then one of those, so that :func:`unescape_formula` can tell the escape from a quote that
    was there before; every other text is left as it is.

    >>> escape_formula("=HYPERLINK(A1)"), escape_formula("-0044"), escape_formula("Talks")
    ("'=HYPERLINK(A1)", "'-0044", 'Talks')
    >>> escape_formula("'=1"), escape_formula("'quoted'")
    ("''=1", "'quoted'")
    """
    return "'" + text if _NEEDS_ESCAPE.match(text) else text


def unescape_formula(cell: str) -> str:
    """The text of a cell written by :func:`escape_formula`: one single quote fewer before a
    formula character; any other cell as it is.

    >>> unescape_formula("'=HYPERLINK(A1)"), unescape_formula("''=1"), unescape_formula("'quoted'")
    ('=HYPERLINK(A1)', "'=1", "'quoted'")
    """
    return cell[1:] if _ESCAPED.match(cell) else cell


class _Lines:
    """A file-like object for csv.writer that hands each line written to a function."""

    def __init__(self, write: Callable[[str], object]) -> None:
        self.write = write


def _write(timeline: Timeline, write: Callable[[str], object], spreadsheet_safe: bool) -> None:
    writer = csv.writer(_Lines(write))
    writer.writerow(COLUMNS)
    escaped = _NEEDS_ESCAPE.match if spreadsheet_safe else _ESCAPED.match
    for event in timeline:
        cells = list(_row(event))
        # Most rows need no escape: those go to the csv module's writer, which is faster.
        texts = cells[:_FIRST_NUMBER] + cells[_FIRST_NUMBER + len(_NUMBERS) :]
        if any(map(escaped, texts)):
            write(_line(cells, spreadsheet_safe))
        else:
            writer.writerow(cells)


def _line(cells: Iterable[str], spreadsheet_safe: bool) -> str:
    """A row as the csv module's default dialect writes it, with escaped cells quoted too."""
    return (
        ",".join(
            _cell(text, spreadsheet_safe and column not in _NUMBERS)
            for column, text in zip(COLUMNS, cells, strict=True)
        )
        + "\r\n"
    )


def _cell(text: str, spreadsheet_safe: bool) -> str:
    quotes = _NEEDS_ESCAPE.match(text)
    # Without the spreadsheet escape, a cell that begins with quotes and a formula character
    # is still escaped: the reader takes a quote off such a cell, whoever wrote it.
    if quotes is not None and (spreadsheet_safe or quotes.group(1)):
        text = "'" + text
    elif not _NEEDS_QUOTES.search(text):
        return text
    # OWASP's advice: the escaped cell quoted, so that it stays one cell whatever its content.
    return '"' + text.replace('"', '""') + '"'


def _row(event: Event) -> Iterator[str]:
    when = event.when
    place = event.place
    cells = {
        "id": event.id,
        "title": event.title,
        "when": str(when),
        "earliest": _instant(analysts_bounds(when)[0]),
        "latest": _instant(analysts_bounds(when)[1]),
        "possible_earliest": _instant(analysts_bounds(when, possible=True)[0]),
        "possible_latest": _instant(analysts_bounds(when, possible=True)[1]),
        "precision": when.precision.name.lower(),
        "summary": event.summary,
        "actors": join_list(event.actors),
        "tags": join_list(event.tags),
        "sources": _json([unstructure_source(source) for source in event.sources]),
        "links": join_list(f"{link.relation.value} {link.target}" for link in event.links),
        "metadata": _json(plain_metadata(event.metadata)) if event.metadata else "",
    }
    if place is not None:
        cells.update(
            place=place.name,
            country=place.country or "",
            region=place.region or "",
            latitude=_coordinate(place.latitude),
            longitude=_coordinate(place.longitude),
            place_geocoded="true" if place.geocoded else "",
        )
    return (cells.get(column, "") for column in COLUMNS)


def analysts_bounds(when: When, possible: bool = False) -> tuple[int, int]:
    """The earliest and latest instants written for analysts, in UTC microseconds: of the date
    as written or, with ``possible``, of what it possibly means (see ``When.possible_earliest``).

    An unbounded end sorts beyond every year geotimeline holds, but is written, as ever, as the
    first or last instant of years 1-9999, unless the other end lies beyond them.
    """
    if possible:
        earliest, latest = when.possible_earliest_us, when.possible_latest_us
    else:
        earliest, latest = when.earliest_us, when.latest_us
    if isinstance(when.start, Unbounded):
        earliest = min(cal.DATETIME_MIN_US, latest)
    if isinstance(when.end, Unbounded):
        latest = max(cal.DATETIME_MAX_US, earliest)
    return earliest, latest


def _instant(microseconds: int) -> str:
    """ISO 8601 in UTC, for any year (``-0499-01-01T00:00:00Z``; ``+10000-...`` beyond 9999)."""
    year, month, day, hour, minute, second, microsecond = cal.fields(microseconds)
    text = f"{year:04d}" if 0 <= year <= 9999 else f"{year:+05d}"
    text += f"-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
    return text + (f".{microsecond:06d}Z" if microsecond else "Z")


def _coordinate(value: float | None) -> str:
    return "" if value is None else repr(value)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if value else ""
