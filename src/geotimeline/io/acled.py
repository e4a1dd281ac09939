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
actor1, actor2    ``Event.actors``, with ``assoc_actor_1`` and ``assoc_actor_2`` (split at ``;``)
iso, country      ``Place.country`` (the numeric ``iso`` first, else the name)
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
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

import attrs

from geotimeline.errors import FormatError, GeotimelineError, listed, shown
from geotimeline.events.event import Event, Source
from geotimeline.io import text_of
from geotimeline.io.csvfile import bounded_lines, load_lines, repeated_names
from geotimeline.places.place import Place, country_code
from geotimeline.time.when import Moment, When
from geotimeline.timeline.timeline import Timeline

__all__ = ["PLACE_DETAIL", "load", "loads"]

#: ``geo_precision`` code → the value of ``metadata["place_detail"]``.
PLACE_DETAIL: Final = {1: "town", 2: "near-town", 3: "region"}

# Columns the event holds as they are, so that the metadata need not repeat them.
_MAPPED: Final = frozenset({"event_id_cnty", "year", "latitude", "longitude"})
_REQUIRED: Final = ("event_id_cnty", "event_date", "time_precision", "event_type", "location")
_DATE_FORMATS: Final = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d-%b-%Y", "%d/%m/%Y")
# Time precision 2: ACLED codes the middle of a week, so the day is within three days of it.
_HALF_WEEK: Final = dt.timedelta(days=3)


def load(path: str | os.PathLike[str]) -> Timeline:
    """Read an ACLED export (CSV, UTF-8, with its header row) into a new timeline.

    Raises :class:`~geotimeline.errors.FormatError` naming the file, the line and the column at
    fault; a file with any error in it gives no timeline at all.
    """
    return load_lines(path, _read)


def loads(text: str | bytes, source: str = "<string>") -> Timeline:
    """Read the text of an ACLED export into a new timeline (see the module's docs)."""
    lines = io.StringIO(text_of(text, source).removeprefix("\ufeff"), newline="")
    return _read(bounded_lines(lines, source), source)


def _read(lines: Iterable[str], source: str) -> Timeline:
    events: list[Event] = []
    first_line: dict[str, int] = {}
    for line, row in _rows(lines, source):
        event = _event(row, line, source)
        if event.id in first_line:
            where = f"line {line}, column {row.index('event_id_cnty')}"
            reason = f"event_id_cnty {event.id!r} repeats line {first_line[event.id]}"
            raise FormatError(source, where, reason)
        first_line[event.id] = line
        events.append(event)
    return Timeline(events)


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


def _rows(lines: Iterable[str], source: str) -> Iterator[tuple[int, _Row]]:
    """The data rows with the line each starts on; quoted cells may span several lines."""
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    columns: dict[str, int] = {}
    next_line = 1
    try:
        for cells in reader:
            line, next_line = next_line, reader.line_num + 1
            if not cells or cells == [""]:
                continue
            if header is None:
                header = _header(cells, source, line)
                columns = {name: number for number, name in enumerate(header, 1)}
                continue
            if len(cells) != len(header):
                reason = f"has {len(cells)} cells where the header has {len(header)}"
                raise FormatError(source, f"line {line}", reason)
            yield line, _Row(dict(zip(header, cells, strict=True)), columns)
    except csv.Error as error:
        raise FormatError(source, f"line {reader.line_num}", f"is not valid CSV: {error}") from None
    if header is None:
        raise FormatError(source, None, "is empty: an ACLED export starts with a header row")


def _header(cells: list[str], source: str, line: int) -> list[str]:
    # Time in proportion to the header: a header of 100,000 cells is refused at once.
    header = [cell.strip().lower() for cell in cells]
    repeated = repeated_names(header)
    if repeated:
        raise FormatError(source, f"line {line}", f"repeats columns: {listed(repeated)}")
    present = set(header)
    missing = [name for name in _REQUIRED if name not in present]
    if "iso" not in present and "country" not in present:
        missing.append("iso or country")
    if missing:
        reason = f"is not an ACLED header: it lacks {', '.join(missing)}"
        raise FormatError(source, f"line {line}", reason)
    return header


def _event(row: _Row, line: int, source: str) -> Event:
    column = "event_id_cnty"

    def fail(reason: str) -> FormatError:
        return FormatError(source, f"line {line}, column {row.index(column)}", reason)

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
        actors = [*_split(row.get("actor1")), *_split(row.get("assoc_actor_1"))]
        actors += [*_split(row.get("actor2")), *_split(row.get("assoc_actor_2"))]
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
    except _CellError as error:
        column = error.column
        raise fail(error.reason) from None
    except (GeotimelineError, ValueError) as error:
        raise fail(str(error)) from None


class _CellError(Exception):
    """A cell other than the one being read is at fault (for instance longitude, not latitude)."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _code(row: _Row, column: str, allowed: set[int]) -> int:
    text = row.get(column)
    # isdigit() alone takes "²" and other digits int() refuses, and int() of thousands of
    # digits is refused by Python: an ACLED code is one ASCII digit.
    if not (len(text) == 1 and text.isascii() and text.isdigit()) or int(text) not in allowed:
        expected = ", ".join(str(code) for code in sorted(allowed))
        raise _CellError(column, f"{shown(text)} is not an ACLED {column} code ({expected})")
    return int(text)


def _date(text: str) -> dt.date:
    if len(text) == 10 and text[4] == text[7] == "-":  # ISO, the usual form: no strptime
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _CellError("event_date", f"{shown(text)} is not a date (2017-04-04 or 4 April 2017)")


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
    if not location:
        return None, None
    detail = None
    if row.get("geo_precision") or latitude is not None:
        detail = PLACE_DETAIL[_code(row, "geo_precision", set(PLACE_DETAIL))]
    names = {"near-town": f"near {location}", "region": region or location}
    name = names.get(detail or "", location)
    try:
        place = Place(name, _country(row), region, latitude, longitude)
    except GeotimelineError as error:
        raise _CellError("latitude" if latitude is not None else "location", str(error)) from None
    return place, detail


def _country(row: _Row) -> str | None:
    # ACLED's numeric iso is unambiguous where it is an ISO 3166-1 code; a few territories
    # (Kosovo) have none, so the name is the fallback, and an unknown name means "no country".
    iso, name = row.get("iso"), row.get("country")
    if iso and not (len(iso) <= 3 and iso.isascii() and iso.isdigit()):
        raise _CellError("iso", f"{shown(iso)} is not a numeric ISO 3166-1 code")
    for candidate in (iso, name):
        if candidate:
            try:
                return country_code(candidate)
            except GeotimelineError:
                continue
    return None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _tags(row: _Row) -> list[str]:
    return [row.get("disorder_type"), row.get("event_type"), row.get("sub_event_type")]
