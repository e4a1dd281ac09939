r"""Reading GDELT 2.0 event records: the ``*.export.CSV`` files of the GDELT Event Database.

Despite the name, the files are tab-separated, without a header and without quoting: one event
a line, 61 fields (:data:`COLUMNS`). GDELT 1.0 files, with 57 or 58 fields, are refused with a
message that says so. The fields geotimeline reads:

=====================  ======================================================================
GDELT field            becomes
=====================  ======================================================================
GLOBALEVENTID          ``Event.id``, as ``gdelt-<GLOBALEVENTID>``
SQLDATE (YYYYMMDD)     ``Event.when``, a day
Actor1Name/Actor2Name  ``Event.actors``, as GDELT writes them (in capitals)
EventRootCode          the title, "<CAMEO root verb>: <actor 1> → <actor 2>", and a tag
EventCode              a tag, ``cameo:<EventCode>``
ActionGeo_FullName     ``Place.name`` (its first part) and ``Place.region`` (its middle part)
ActionGeo_Lat/_Long    ``Place.latitude`` and ``Place.longitude``, both or neither
ActionGeo_Type         ``metadata["place_detail"]``: 1 ``country``; 2, 5 ``region``; 3, 4 ``town``
SOURCEURL              ``Event.sources``: the outlet is the URL's host name
=====================  ======================================================================

Every other non-empty field is kept, as text, in ``metadata["gdelt"]`` (SQLDATE as written,
GoldsteinScale, NumMentions, AvgTone, the actors' CAMEO codes and places, DATEADDED, ...).

What is honest here: GDELT gives a day and nothing finer or coarser, so every event is a day.
That day is when the news reports the event, which is usually, not always, when it happened;
DATEADDED (when GDELT saw the report, to the 15 minutes) stays in the metadata. Places matched
only to a country or a first-level region (``ActionGeo_Type`` 1, 2, 5) carry that area's
centroid as coordinates, which ``place_detail`` flags. The country comes from the country name
at the end of ``ActionGeo_FullName``: ``ActionGeo_CountryCode`` is a FIPS 10-4 code, not ISO
3166 (FIPS ``RS`` is Russia, but ISO ``RS`` is Serbia), so it is only kept in the metadata.

>>> fields = [""] * 61
>>> fields[:2] = ["667123456", "20170806"]
>>> fields[5:8] = ["USAGOV", "UNITED STATES", "USA"]
>>> fields[15:18] = ["PRK", "NORTH KOREA", "PRK"]
>>> fields[26:29] = ["172", "172", "17"]
>>> fields[51:54] = ["1", "North Korea", "KN"]
>>> fields[56:58] = ["40", "127"]
>>> fields[60] = "https://www.example.com/news/sanctions"
>>> event = loads("\t".join(fields)).first
>>> event.id, event.title, str(event.when), str(event.place)
('gdelt-667123456', 'Coerce: UNITED STATES → NORTH KOREA', '2017-08-06', 'North Korea')
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Iterator
from typing import Final

from geotimeline.errors import FormatError, GeotimelineError, shown
from geotimeline.events.event import Event, Source
from geotimeline.io import text_of
from geotimeline.io.csvfile import bounded_lines, load_lines
from geotimeline.places.place import Place, country_code
from geotimeline.time.when import Moment, When
from geotimeline.timeline.timeline import Timeline

__all__ = ["CAMEO_ROOTS", "COLUMNS", "PLACE_DETAIL", "load", "loads"]

_ACTOR_FIELDS: Final = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO_FIELDS: Final = (
    "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
)  # fmt: skip

#: The 61 fields of a GDELT 2.0 event record, in order (GDELT Event Codebook V2.0).
COLUMNS: Final = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{field}" for field in _ACTOR_FIELDS),
    *(f"Actor2{field}" for field in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{field}" for field in _GEO_FIELDS),
    *(f"Actor2Geo_{field}" for field in _GEO_FIELDS),
    *(f"ActionGeo_{field}" for field in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
_NUMBER: Final = {name: number for number, name in enumerate(COLUMNS, 1)}

#: The twenty root codes of the CAMEO event taxonomy (CAMEO 1.1b3), as short verbs.
CAMEO_ROOTS: Final = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
    "04": "Consult", "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation", "07": "Provide aid", "08": "Yield",
    "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
    "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce",
    "18": "Assault", "19": "Fight", "20": "Use unconventional mass violence",
}  # fmt: skip

# Fields the event holds as they are, so that the metadata need not repeat them.
_MAPPED: Final = frozenset(
    {"GLOBALEVENTID", "MonthYear", "Year", "FractionDate", "Actor1Name", "Actor2Name",
     "ActionGeo_Lat", "ActionGeo_Long", "SOURCEURL"}
)  # fmt: skip

#: ``ActionGeo_Type`` → the value of ``metadata["place_detail"]``.
PLACE_DETAIL: Final = {1: "country", 2: "region", 3: "town", 4: "town", 5: "region"}


def load(path: str | os.PathLike[str]) -> Timeline:
    """Read a GDELT 2.0 event file (tab-separated, UTF-8) into a new timeline.

    Raises :class:`~geotimeline.errors.FormatError` naming the file, the line and the field at
    fault; a file with any error in it gives no timeline at all.
    """
    return load_lines(path, _read, encoding="utf-8", newline="\n")


def loads(text: str | bytes, source: str = "<string>") -> Timeline:
    """Read the text of a GDELT 2.0 event file into a new timeline (see the module's docs)."""
    return _read(bounded_lines(io.StringIO(text_of(text, source), newline="\n"), source), source)


def _read(lines: Iterable[str], source: str) -> Timeline:
    events: list[Event] = []
    first_line: dict[str, int] = {}
    for line, fields in _records(lines, source):
        event = _event(fields, line, source)
        if event.id in first_line:
            reason = f"GLOBALEVENTID {fields[0]!r} repeats line {first_line[event.id]}"
            raise FormatError(source, f"line {line}, column 1 (GLOBALEVENTID)", reason)
        first_line[event.id] = line
        events.append(event)
    return Timeline(events)


def _records(lines: Iterable[str], source: str) -> Iterator[tuple[int, list[str]]]:
    # Records end at "\n" alone: a "\r" or a U+2028 inside a field is part of it.
    for line, text in enumerate(lines, 1):
        record = text.removesuffix("\n").removesuffix("\r")
        if not record.strip():
            continue
        fields = record.split("\t")
        if len(fields) != len(COLUMNS):
            old = " (a GDELT 1.0 record)" if len(fields) in (57, 58) else ""
            reason = f"has {len(fields)} tab-separated fields{old}; GDELT 2.0 records have 61"
            raise FormatError(source, f"line {line}", reason)
        yield line, [field.strip() for field in fields]


class _FieldError(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _event(fields: list[str], line: int, source: str) -> Event:
    record = dict(zip(COLUMNS, fields, strict=True))
    column = "GLOBALEVENTID"
    try:
        if not re.fullmatch(r"[0-9]{1,20}", record[column]):  # GDELT ids are 64-bit integers
            raise _FieldError(column, f"{shown(record[column])} is not a number")
        place, detail = _place(record)
        column = "SOURCEURL"
        sources = [_source(record[column])] if record[column] else []
        column = "GLOBALEVENTID"
        actors = [name for name in (record["Actor1Name"], record["Actor2Name"]) if name]
        code, root = record["EventCode"], record["EventRootCode"]
        kept = {name: value for name, value in record.items() if value and name not in _MAPPED}
        metadata: dict[str, object] = {"gdelt": kept}
        if detail is not None:
            metadata["place_detail"] = detail
        return Event(
            id=f"gdelt-{record['GLOBALEVENTID']}",
            title=_title(record, place),
            when=_when(record["SQLDATE"]),
            actors=actors,
            place=place,
            tags=[tag for tag in (CAMEO_ROOTS.get(root, ""), code and f"cameo:{code}") if tag],
            sources=sources,
            metadata=metadata,
        )
    except _FieldError as error:
        where = f"line {line}, column {_NUMBER[error.column]} ({error.column})"
        raise FormatError(source, where, error.reason) from None
    except (GeotimelineError, ValueError) as error:
        where = f"line {line}, column {_NUMBER[column]} ({column})"
        raise FormatError(source, where, str(error)) from None


def _when(text: str) -> When:
    try:
        if not re.fullmatch(r"[0-9]{8}", text):  # \d would take other scripts' digits
            raise ValueError
        day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise _FieldError("SQLDATE", f"{shown(text)} is not a date as YYYYMMDD") from None
    return When.instant(Moment.of(day.year, day.month, day.day))


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


def _place(record: dict[str, str]) -> tuple[Place | None, str | None]:
    full_name = record["ActionGeo_FullName"]
    latitude = _coordinate(record, "ActionGeo_Lat")
    longitude = _coordinate(record, "ActionGeo_Long")
    if (latitude is None) != (longitude is None):
        missing = "ActionGeo_Long" if longitude is None else "ActionGeo_Lat"
        raise _FieldError(missing, "is empty, but the other coordinate is given")
    if not full_name:
        return None, None
    kind = record["ActionGeo_Type"]
    if kind and kind not in ("1", "2", "3", "4", "5"):
        raise _FieldError("ActionGeo_Type", f"{shown(kind)} is not a GDELT geographic type (1-5)")
    parts = [part.strip() for part in full_name.split(",") if part.strip()]
    if not parts:
        raise _FieldError("ActionGeo_FullName", f"{shown(full_name)} is not a place name")
    region = parts[1] if len(parts) == 3 else None  # "City, Region, Country"
    try:
        place = Place(parts[0], _country(parts[-1]), region, latitude, longitude)
    except GeotimelineError as error:
        raise _FieldError("ActionGeo_Lat", str(error)) from None
    return place, PLACE_DETAIL[int(kind)] if kind else None


def _country(name: str) -> str | None:
    try:
        return country_code(name)
    except GeotimelineError:
        return None


def _source(text: str) -> Source:
    # SOURCEURL is usually a URL, sometimes a citation ("BBC Monitoring") for sources without one.
    match = re.match(r"https?://(?:www\.)?([^/\s:?#]+)", text)
    if match is None:
        return Source(text)
    return Source(match.group(1), url=text)
