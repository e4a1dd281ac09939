r"""Reading ACLED exports: the comma-separated files of the Armed Conflict Location & Event Data.

One row is one event. The columns geotimeline reads (names in any case; others are kept):

================  ===========================================================================
ACLED column      becomes
================  ===========================================================================
event_id_cnty     ``Event.id`` (for instance ``SYR12345``)
event_date        ``Event.when``, at the precision ``time_precision`` gives (see below)
time_precision    1: the day itself; 2: the seven days centred on the date; 3: the month
sub_event_type    the title, "<sub_event_type> in <location>" (``event_type`` when empty), and a tag
event_type        a tag (so are ``sub_event_type`` and ``disorder_type``)
actor1, actor2    ``Event.actors``, with ``assoc_actor_1`` and ``assoc_actor_2`` (split at ``;``;
                  older files call them ``ally_actor_1`` and ``ally_actor_2``)
iso, country      ``Place.country`` (the numeric ``iso`` first, else the name; see below)
admin1            ``Place.region``
location          ``Place.name`` (see ``geo_precision``)
latitude          ``Place.latitude`` and ``Place.longitude``, both or neither
geo_precision     1: the town; 2: "near <town>"; 3: the region ``admin1``, at ACLED's point
notes             ``Event.summary``
source            ``Event.sources``, one per outlet (split at ``;``)
================  ===========================================================================

Every other non-empty cell (``event_date`` and the precision codes among them) is kept, as
written, in ``metadata["acled"]``, and
``metadata["place_detail"]`` says how precise the place is (``town``, ``near-town``, ``region``).

Why these dates: ACLED's ``time_precision`` 2 means the sources give a week or a similar period
and ACLED codes its middle day, so the event happened on one day within three days either side;
3 means the sources give only the month, and ACLED codes a day in its middle. Reading the coded
day as the date would claim knowledge the sources do not have, so 2 becomes the interval of
those seven days (the earliest and latest bounds are then right) and 3 becomes the month.

>>> header = "event_id_cnty,event_date,time_precision,event_type,iso,admin1,location"
>>> timeline = loads("\n".join([header,
...     "SYR1,2017-04-04,1,Explosions/Remote violence,760,Idleb,Khan Shaykhun",
...     "SYR2,2017-07-15,3,Battles,760,Idleb,Saraqib"]))
>>> for event in timeline:
...     print(event.id, event.when, event.place, sep=" | ")
SYR1 | 2017-04-04 | Khan Shaykhun, Idleb, Syria
SYR2 | 2017-07 | Saraqib, Idleb, Syria

The layouts read: today's lower-case columns above, and the older upper-case ones (``GWNO``,
``EVENT_ID_CNTY``, ``EVENT_ID_NO_CNTY``, ``EVENT_DATE``, ``YEAR``, ``TIME_PRECISION``,
``EVENT_TYPE``, ``ACTOR1``, ``ALLY_ACTOR_1``, ``INTER1``, ``ACTOR2``, ``ALLY_ACTOR_2``, ``INTER2``,
``INTERACTION``, ``COUNTRY``, ``ADMIN1``..``ADMIN3``, ``LOCATION``, ``LATITUDE``, ``LONGITUDE``,
``GEO_PRECISION``, ``SOURCE``, ``NOTES``, ``FATALITIES``: no ``iso``, and ``GWNO`` is a
Gleditsch-Ward number, not ISO, so it is kept, not read). Empty cells at the end of the header
row, as spreadsheets leave them, are dropped, and so are the empty cells under them. Dates are
written ``2017-04-04``, ``04/04/2017`` or ``04-04-2017`` (day first), ``4 April 2017``,
``4 Apr 2017`` or ``04-April-2017``, month names in English, in any case.

Countries: ``iso`` is ACLED's numeric ISO 3166-1 code; where it is missing (older files) or
names no country (ACLED writes 0 for Kosovo), the ``country`` name is read, as ACLED spells it:
:data:`COUNTRY_ALIASES` holds the names on ACLED's country list that are not ISO's names nor
common English ones ("Democratic Republic of Congo", "Bailiwick of Jersey", ...), and the older
"Swaziland". A name that is no country is a bad row.

Encodings: ``load`` reads the file as UTF-8 (a byte order mark allowed) until a byte is not
UTF-8; the file is then read as cp1252, the Windows encoding that spreadsheets save ACLED's
files in (curly apostrophes as byte 0x92), and as latin-1 if it holds one of the five bytes
cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D). The file is read once, a line at a
time: when every line before the first such byte was ASCII, which reads the same in all three,
the reading goes on from there; otherwise it starts again from the top. A file with a byte
order mark is UTF-8 and nothing else. ``encoding="..."`` reads in that encoding only. Bytes
given to ``loads`` are told apart the same way; text needs no decoding.

Bad rows: by default the first one raises a :class:`~geotimeline.errors.FormatError` naming the
file, the line and the column, and no timeline is made. With ``errors="collect"``, every bad
row is set aside as a :class:`~geotimeline.io.rejections.Rejected` and the good ones are read
(see :mod:`geotimeline.io.rejections`). A bad row is one with a cell that cannot be read (a
date, a ``year`` that is not the date's year, a precision code, a coordinate, a country), too
few or too many cells, or an ``event_id_cnty`` that repeats an earlier row's (the first is
kept). These still raise, as they concern the whole file: a file that cannot be opened or
decoded, an empty file, a header that is not ACLED's, a line longer than
:data:`~geotimeline.io.csvfile.MAX_LINE_LENGTH`, and broken CSV quoting (after it, no line can
be trusted to start a row).

>>> timeline, rejected = loads("\n".join([header,
...     "SYR1,2017-04-04,1,Battles,760,Idleb,Saraqib",
...     "SYR2,someday,1,Battles,760,Idleb,Saraqib"]), "export.csv", errors="collect")
>>> len(timeline), [(row.line, row.column, row.reason) for row in rejected]
(1, [(3, 'event_date', "'someday' is not a date (2017-04-04, 04/04/2017 or 4 April 2017)")])
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterator, Mapping
from typing import Final, Literal, TextIO, cast, overload

import attrs

from geotimeline.errors import FormatError, GeotimelineError, InvalidFieldError, listed, shown
from geotimeline.events.event import Event, Source
from geotimeline.io import text_of
from geotimeline.io.csvfile import bounded_lines, repeated_names
from geotimeline.io.rejections import Collected, RecordedLines, Rejected, collecting
from geotimeline.places.place import Place, country_code
from geotimeline.time.when import Moment, When
from geotimeline.timeline.timeline import Timeline

__all__ = ["COUNTRY_ALIASES", "ENCODINGS", "PLACE_DETAIL", "load", "loads"]

#: ``geo_precision`` code → the value of ``metadata["place_detail"]``.
PLACE_DETAIL: Final = {1: "town", 2: "near-town", 3: "region"}

#: The encodings tried, in order, when none is given (see the module's docs).
ENCODINGS: Final = ("utf-8", "cp1252", "latin-1")

#: ACLED's country names that :func:`~geotimeline.places.place.country_code` does not read (they
#: are neither ISO 3166-1's names nor common English ones), as ISO 3166-1 alpha-2 codes. From
#: ACLED's country list; "Swaziland" is the name its files used before 2018.
COUNTRY_ALIASES: Final = {
    "Bailiwick of Guernsey": "GG",
    "Bailiwick of Jersey": "JE",
    "Caribbean Netherlands": "BQ",
    "Curacao": "CW",
    "Democratic Republic of Congo": "CD",
    "East Timor": "TL",
    "Falkland Islands": "FK",
    "Republic of Congo": "CG",
    "Reunion": "RE",
    "Saint-Barthelemy": "BL",
    "Saint-Martin": "MF",
    "Sint Maarten": "SX",
    "Swaziland": "SZ",
}
_ALIASES: Final = {name.casefold(): code for name, code in COUNTRY_ALIASES.items()}

# Columns the event holds as they are, so that the metadata need not repeat them.
_MAPPED: Final = frozenset({"event_id_cnty", "year", "latitude", "longitude"})
_REQUIRED: Final = ("event_id_cnty", "event_date", "time_precision", "event_type", "location")
# Older files name the associated actors "allies".
_ASSOCIATED: Final = (("assoc_actor_1", "ally_actor_1"), ("assoc_actor_2", "ally_actor_2"))
_MONTHS: Final = {
    name: number
    for number, month in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"), 1
    )
    for name in (month, month[:3])
} | {"sept": 9}  # fmt: skip
# [0-9], not \d, which takes other scripts' digits. Day first: ACLED never writes the month first.
_DAY_FIRST: Final = re.compile(r"([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4})")
_WORDED: Final = re.compile(r"([0-9]{1,2})([ -])([A-Za-z]{3,9})\.?\2([0-9]{4})")
_DATE_FORMS: Final = "2017-04-04, 04/04/2017 or 4 April 2017"
# Time precision 2: ACLED codes the middle of a week, so the day is within three days of it.
_HALF_WEEK: Final = dt.timedelta(days=3)
_BOM: Final = codecs.BOM_UTF8


# -- reading ----------------------------------------------------------------------------------


@overload
def load(
    path: str | os.PathLike[str],
    *,
    errors: Literal["raise"] = "raise",
    encoding: str | None = None,
) -> Timeline: ...
@overload
def load(
    path: str | os.PathLike[str], *, errors: Literal["collect"], encoding: str | None = None
) -> Collected: ...
@overload
def load(
    path: str | os.PathLike[str], *, errors: str, encoding: str | None = None
) -> Timeline | Collected: ...
def load(
    path: str | os.PathLike[str], *, errors: str = "raise", encoding: str | None = None
) -> Timeline | Collected:
    """Read an ACLED export (CSV with its header row) into a new timeline, a line at a time.

    ``encoding`` None tells UTF-8, cp1252 and latin-1 apart (see the module's docs); a name
    reads in that encoding only. With ``errors="raise"`` (the default), the first bad row
    raises a :class:`~geotimeline.errors.FormatError` naming the file, the line and the column
    at fault, and no timeline is made; with ``errors="collect"``, the result is a
    :class:`~geotimeline.io.rejections.Collected` of the good rows' timeline and the rows
    rejected.

    >>> timeline, rejected = load("tests/data/acled_sample.csv", errors="collect")
    >>> len(timeline), rejected
    (7, ())

    Runtime complexity: O(rows); memory O(events), never the file's text.
    """
    collect = collecting(errors)
    source = os.fspath(path)
    tried = (_checked_encoding(encoding),) if encoding is not None else None
    try:
        with _Decoding(source, tried) as decoding:
            handle = cast(TextIO, decoding)  # bounded_lines calls readline() alone
            while True:
                try:
                    return _read(bounded_lines(handle, source), source, collect)
                except _ReadAgain:
                    continue  # from the top, in the encoding that took over
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(source, None, f"cannot be read: {error}") from error


@overload
def loads(
    text: str | bytes,
    source: str = ...,
    *,
    errors: Literal["raise"] = "raise",
    encoding: str | None = None,
) -> Timeline: ...
@overload
def loads(
    text: str | bytes,
    source: str = ...,
    *,
    errors: Literal["collect"],
    encoding: str | None = None,
) -> Collected: ...
@overload
def loads(
    text: str | bytes, source: str = ..., *, errors: str, encoding: str | None = None
) -> Timeline | Collected: ...
def loads(
    text: str | bytes,
    source: str = "<string>",
    *,
    errors: str = "raise",
    encoding: str | None = None,
) -> Timeline | Collected:
    """Read the text of an ACLED export into a new timeline (see :func:`load`). Bytes are
    decoded as :func:`load` decodes a file; text is read as it is."""
    collect = collecting(errors)
    decoded = _decoded(text, source, encoding).removeprefix("\ufeff")
    lines = io.StringIO(decoded, newline="")
    return _read(bounded_lines(lines, source), source, collect)


def _checked_encoding(encoding: object) -> str:
    if not isinstance(encoding, str):
        raise InvalidFieldError("encoding", encoding, "must be the name of an encoding")
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InvalidFieldError("encoding", encoding, "is not an encoding Python knows") from None


def _decoded(text: object, source: str, encoding: str | None) -> str:
    if not isinstance(text, bytes | bytearray):
        return text_of(text, source)  # text as it is; anything else refused
    data = bytes(text)
    if encoding is not None:
        tried: tuple[str, ...] = (_checked_encoding(encoding),)
    else:
        tried = ("utf-8-sig",) if data.startswith(_BOM) else ENCODINGS
    for name in tried[:-1]:
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode(tried[-1])
    except UnicodeDecodeError as error:
        reason = f"byte {error.start}"
        raise FormatError(source, reason, f"is not {tried[-1]} text") from None


class _ReadAgain(Exception):  # noqa: N818 (a signal, not an error)
    """The lines read so far were not ASCII, and would read otherwise in the next encoding."""


class _Decoding:
    """A file's lines, decoded in the first of ``encodings`` that holds until its end (by
    default :data:`ENCODINGS`, or UTF-8 alone after a byte order mark).

    When a byte does not decode, the next encoding takes over: from where the reading stands
    if every line so far was ASCII (they read the same in each), else from the top, after
    :class:`_ReadAgain` tells the reader to start again. The file is opened once, so a pipe is read
    as it comes, as long as it needs no second encoding.
    """

    def __init__(self, path: str, encodings: tuple[str, ...] | None) -> None:
        self.path = path
        self.raw = open(path, "rb")  # noqa: SIM115 (closed by __exit__)
        try:
            if encodings is None:
                # peek(), not read(): the mark is skipped by utf-8-sig, and a pipe keeps it.
                marked = self.raw.peek(len(_BOM))[: len(_BOM)] == _BOM
                encodings = ("utf-8-sig",) if marked else ENCODINGS
        except OSError:
            self.raw.close()
            raise
        self.encodings = encodings
        self.characters = 0  # read so far; bytes too while every line is ASCII
        self.ascii = True
        self.handle = self._wrapped()

    def _wrapped(self) -> io.TextIOWrapper:
        # newline="": lines end at \n or \r only, and the csv module sees them as written.
        return io.TextIOWrapper(self.raw, encoding=self.encodings[0], newline="")

    def readline(self, size: int = -1) -> str:
        while True:
            try:
                line = self.handle.readline(size)
            except UnicodeDecodeError:
                if len(self.encodings) == 1:
                    raise
                self._next_encoding()
                continue
            self.characters += len(line)
            self.ascii = self.ascii and line.isascii()
            return line

    def _next_encoding(self) -> None:
        self.handle.detach()
        failed, self.encodings = self.encodings[0], self.encodings[1:]
        if not self.raw.seekable():
            reason = (
                f"is not {failed} text, and a stream cannot be read again as "
                f"{self.encodings[0]}: name its encoding"
            )
            raise FormatError(self.path, None, reason)
        self.raw.seek(self.characters if self.ascii else 0)
        self.handle = self._wrapped()
        if not self.ascii:
            self.characters, self.ascii = 0, True
            raise _ReadAgain(self.encodings[0])

    def __enter__(self) -> _Decoding:
        return self

    def __exit__(self, *exception: object) -> None:
        self.raw.close()  # the wrapper's buffer; a detached wrapper is closed with it


# -- rows -------------------------------------------------------------------------------------


def _read(lines: Iterator[str], source: str, collect: bool) -> Timeline | Collected:
    events: list[Event] = []
    rejected: list[Rejected] = []
    for item in _items(lines, source):
        if isinstance(item, Event):
            events.append(item)
        elif collect:
            rejected.append(item)
        else:
            raise item.error
    timeline = Timeline(events)
    return Collected(timeline, tuple(rejected)) if collect else timeline


@attrs.frozen
class _Header:
    """The names of the columns, and how many cells the header row had (trailing empty ones
    included)."""

    names: list[str]
    width: int
    columns: dict[str, int] = attrs.field(
        init=False,
        default=attrs.Factory(
            lambda self: {name: number for number, name in enumerate(self.names, 1)},
            takes_self=True,
        ),
    )


@attrs.frozen
class _Row:
    """One data row, its cells by column name, and where each column is (for error messages)."""

    cells: Mapping[str, str]
    columns: Mapping[str, int]

    def get(self, name: str) -> str:
        return self.cells.get(name, "").strip()

    def index(self, name: str) -> str:
        number = self.columns.get(name)
        return f"{number} ({name})" if number is not None else name


def _items(lines: Iterator[str], source: str) -> Iterator[Event | Rejected]:
    """The events of the data rows, and the rows rejected, in the order of the file."""
    records = _records(lines, source)
    header: _Header | None = None
    for line, cells, _text in records:
        header = _header(cells, source, line)
        break
    if header is None:
        raise FormatError(source, None, "is empty: an ACLED export starts with a header row")
    first_line: dict[str, int] = {}
    for line, cells, text in records:
        item = _item(header, cells, source, line, text)
        if isinstance(item, Event):
            if item.id in first_line:
                item = _repeated(header, item.id, first_line[item.id], source, line, text)
            else:
                first_line[item.id] = line
        yield item


def _repeated(
    header: _Header, event_id: str, first: int, source: str, line: int, text: str
) -> Rejected:
    column = "event_id_cnty"
    where = f"line {line}, column {header.columns[column]} ({column})"
    reason = f"event_id_cnty {event_id!r} repeats line {first}"
    return Rejected.of(FormatError(source, where, reason), line, column, text)


def _item(header: _Header, cells: list[str], source: str, line: int, text: str) -> Event | Rejected:
    problem = _miscounted(header, cells)
    if problem is not None:
        return Rejected.of(FormatError(source, f"line {line}", problem), line, None, text)
    row = _Row(dict(zip(header.names, cells, strict=False)), header.columns)
    try:
        return _event(row)
    except _CellError as error:
        where = f"line {line}, column {row.index(error.column)}"
        return Rejected.of(FormatError(source, where, error.reason), line, error.column, text)


def _miscounted(header: _Header, cells: list[str]) -> str | None:
    """What is wrong with the number of cells, if anything: a row may end before the header's
    trailing empty cells do, but not before its names, and may hold nothing under them."""
    named = len(header.names)
    if named <= len(cells) <= header.width:
        extra = next((number for number, cell in enumerate(cells[named:], named + 1)
                      if cell.strip()), None)  # fmt: skip
        if extra is None:
            return None
        return f"has {shown(cells[extra - 1])} in column {extra}, which the header does not name"
    if header.width == named:
        return f"has {len(cells)} cells where the header has {named}"
    return f"has {len(cells)} cells where the header names {named}"


def _records(lines: Iterator[str], source: str) -> Iterator[tuple[int, list[str], str]]:
    """The rows with cells in them, each with the line it starts on (a quoted cell may span
    several lines) and its text."""
    recorded = RecordedLines(lines)
    # strict: a quote left open is an error, not a cell that swallows the rest of the file.
    rows = csv.reader(recorded, strict=True)
    try:
        for cells in rows:
            line, text = recorded.row_text()
            # A blank line, or a row of empty cells as spreadsheets leave at the end, is no row.
            if any(cell.strip() for cell in cells):
                yield line, cells, text
    except csv.Error as error:
        reason = f"is not valid CSV: {error}"
        raise FormatError(source, f"line {recorded.number}", reason) from None


def _header(cells: list[str], source: str, line: int) -> _Header:
    # Time in proportion to the header: a header of 100,000 cells is refused at once.
    names = [cell.strip().lower() for cell in cells]
    while names and not names[-1]:  # the empty cells a spreadsheet leaves at the end
        names.pop()
    repeated = repeated_names(names)
    if repeated:
        raise FormatError(source, f"line {line}", f"repeats columns: {listed(repeated)}")
    present = set(names)
    missing = [name for name in _REQUIRED if name not in present]
    if "iso" not in present and "country" not in present:
        missing.append("iso or country")
    if missing:
        reason = f"is not an ACLED header: it lacks {', '.join(missing)}"
        raise FormatError(source, f"line {line}", reason)
    return _Header(names, len(cells))


# -- cells ------------------------------------------------------------------------------------


def _event(row: _Row) -> Event:
    column = "event_id_cnty"
    try:
        if not row.get(column):
            # Event() would make an id up, and a second import would then duplicate the event.
            raise _CellError(column, "is empty: every ACLED event has an id")
        column = "time_precision"
        precision = _code(row, column, {1, 2, 3})
        column = "event_date"
        when = _when(row, precision)
        column = "geo_precision"
        place, place_detail = _place(row)
        column = "source"
        sources = [Source(outlet) for outlet in _split(row.get("source"))]
        column = "actor1"
        actors = _actors(row)
        column = "event_id_cnty"
        what = row.get("sub_event_type") or row.get("event_type")
        kept = {name: value for name, value in row.cells.items() if value and name not in _MAPPED}
        metadata: dict[str, object] = {"acled": kept}
        if place_detail is not None:
            metadata["place_detail"] = place_detail
        return Event(
            id=row.get("event_id_cnty"),
            title=f"{what} in {row.get('location')}" if row.get("location") else what,
            when=when,
            summary=row.get("notes"),
            actors=actors,
            place=place,
            tags=[tag for tag in _tags(row) if tag],
            sources=sources,
            metadata=metadata,
        )
    except (GeotimelineError, ValueError) as error:
        raise _CellError(column, str(error)) from None


class _CellError(Exception):
    """A cell is at fault: its column (not always the one being read: longitude, not latitude),
    and what is wrong."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _actors(row: _Row) -> list[str]:
    actors: list[str] = []
    for actor, associated in zip(("actor1", "actor2"), _ASSOCIATED, strict=True):
        actors += _split(row.get(actor))
        for name in associated:
            actors += _split(row.get(name))
    return actors


def _code(row: _Row, column: str, allowed: set[int]) -> int:
    text = row.get(column)
    # isdigit() alone takes "²" and other digits int() refuses, and int() of thousands of
    # digits is refused by Python: an ACLED code is one ASCII digit.
    if not (len(text) == 1 and text.isascii() and text.isdigit()) or int(text) not in allowed:
        expected = ", ".join(str(code) for code in sorted(allowed))
        raise _CellError(column, f"{shown(text)} is not an ACLED {column} code ({expected})")
    return int(text)


def _date(text: str) -> dt.date:
    """The day of ``event_date`` in any of ACLED's forms; parsed here rather than by strptime,
    whose month names follow the locale (and which takes longer)."""
    try:
        if len(text) == 10 and text[4] == text[7] == "-" and text.isascii():  # ISO, the usual
            return dt.date.fromisoformat(text)
        if match := _DAY_FIRST.fullmatch(text):
            return dt.date(int(match[4]), int(match[3]), int(match[1]))
        if (match := _WORDED.fullmatch(text)) and match[3].lower() in _MONTHS:
            return dt.date(int(match[4]), _MONTHS[match[3].lower()], int(match[1]))
    except ValueError:
        pass
    raise _CellError("event_date", f"{shown(text)} is not a date ({_DATE_FORMS})")


def _when(row: _Row, precision: int) -> When:
    day = _date(row.get("event_date"))
    year = row.get("year")
    if year and year != str(day.year):
        raise _CellError("year", f"{shown(year)} is not the year of event_date {day.isoformat()}")
    if precision == 1:
        return When.instant(Moment.of(day.year, day.month, day.day))
    if precision == 3:
        return When.instant(Moment.of(day.year, day.month))
    try:
        first, last = day - _HALF_WEEK, day + _HALF_WEEK
    except OverflowError:  # three days before 1 January 1, or after 31 December 9999
        raise _CellError(
            "event_date",
            f"{day.isoformat()} give or take three days (time_precision 2) leaves years 1-9999",
        ) from None
    return When.interval(
        Moment.of(first.year, first.month, first.day), Moment.of(last.year, last.month, last.day)
    )


def _coordinate(row: _Row, column: str) -> float | None:
    text = row.get(column)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise _CellError(column, f"{shown(text)} is not a number") from None


def _place(row: _Row) -> tuple[Place | None, str | None]:
    location, region = row.get("location"), row.get("admin1") or None
    latitude, longitude = _coordinate(row, "latitude"), _coordinate(row, "longitude")
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        raise _CellError(missing, "is empty, but the other coordinate is given")
    country = _country(row)
    if not location:
        return None, None
    detail = None
    if row.get("geo_precision") or latitude is not None:
        detail = PLACE_DETAIL[_code(row, "geo_precision", set(PLACE_DETAIL))]
    names = {"near-town": f"near {location}", "region": region or location}
    name = names.get(detail or "", location)
    try:
        place = Place(name, country, region, latitude, longitude)
    except GeotimelineError as error:
        raise _CellError("latitude" if latitude is not None else "location", str(error)) from None
    return place, detail


def _country(row: _Row) -> str | None:
    # ACLED's numeric iso is unambiguous where it is an ISO 3166-1 code; Kosovo has none (ACLED
    # writes 0) and older files have no iso column, so the name is read next.
    iso, name = row.get("iso"), row.get("country")
    if iso and not (len(iso) <= 3 and iso.isascii() and iso.isdigit()):
        raise _CellError("iso", f"{shown(iso)} is not a numeric ISO 3166-1 code")
    if iso and int(iso) != 0:
        try:
            return country_code(iso)
        except GeotimelineError:
            if not name:
                raise _CellError("iso", f"{shown(iso)} is no country's ISO 3166-1 code") from None
    if not name:
        return None
    code = _ALIASES.get(" ".join(name.split()).casefold())
    if code is not None:
        return code
    try:
        return country_code(name)
    except GeotimelineError:
        raise _CellError("country", f"{shown(name)} is not a country ACLED names") from None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _tags(row: _Row) -> list[str]:
    return [row.get("disorder_type"), row.get("event_type"), row.get("sub_event_type")]
