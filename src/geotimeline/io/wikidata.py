r"""Reading Wikidata: entity JSON (one entity, an API answer, or a dump) into events.

Three layouts are read, told apart by their first lines:

- **one entity**, ``{"id": "Q…", "type": "item", "labels": …, "claims": …}``;
- **an API answer**, ``{"entities": {"Q1": {…}, …}}``, as ``wbgetentities`` and
  ``Special:EntityData/Q1.json`` give it;
- **a dump**: one entity a line, each line but the last ending with ``,``, between a ``[`` line
  and a ``]`` line (Wikidata's ``latest-all.json``), or the same lines without the brackets.
  A dump is read a line at a time, so the file is never held whole.

Every item with a point in time (P585), a start time (P580) or an end time (P582) becomes an
event; anything else is left out and listed by :func:`read` (see :class:`Skipped`).

=====================  =========================================================================
Wikidata               becomes
=====================  =========================================================================
the item's id          ``Event.id``, ``wikidata-<id>``, and a source: Wikidata, with the item's
                       URL ``https://www.wikidata.org/wiki/<id>``
label                  ``Event.title``, in ``language``, else ``mul``, else ``en``, else the id
description            ``Event.summary``, in the same languages
P580 / P582            ``Event.when``: the interval from the start to the end; a missing or
                       "no value" end is open (``..``), an end of "unknown value" is unknown
P585                   ``Event.when`` when there is neither start nor end
P17 (country)          ``Place.country``: the ISO 3166-1 code (P297) of the country's entity,
                       else its English label read as a country name
P276 (location)        ``Place.name``: the location's label (else its id)
P625 (coordinates)     ``Place.latitude`` and ``.longitude``: the item's own, else the location's
P710 (participant)     ``Event.actors``: their labels (else their ids)
=====================  =========================================================================

A statement of deprecated rank is ignored, and a preferred one wins over those of normal rank.
Entities are named by id only, so their labels, ISO codes and coordinates come from the
entities of the same input: an API answer that asks for the item, its country, its location
and its participants gives all of them; an entity alone gives ids, which stay in
``metadata["wikidata"]`` (``country``, ``locations``, ``participants``). No table of countries
is built in: Wikidata ids are not in any ISO list.

Dates keep the precision Wikidata gives them (precision codes 6-14: millennium to second).
Years are in historical numbering (``-0044`` is 44 BCE, there is no year 0), which becomes
geotimeline's astronomical numbering (-43). A decade is ``201X``; a century is Wikidata's: the
19th century, written ``+1801`` or ``+1900`` with precision 7, is 1801-1900, not ``18XX``
(1800-1899), so it becomes the span ``1801/1900``, as a millennium does. Month and day
``00`` mean "not given" and are not read. Dates in the Julian calendar (Q1985786) are
converted to the Gregorian calendar day by day; a Julian year, decade or century is the same
year span (the calendars' years differ by less than two weeks at their ends), and a Julian
month becomes the span of its Gregorian days. A span with no geotimeline moment (a century, a
millennium, a Julian month) can be a point in time, but not one end of an interval: such an
item is left out, with the reason. So are precisions coarser than a millennium, years beyond
99,999 and dates that do not exist (30 February, which Wikibase allows).

>>> entity = '''{"id": "Q1", "type": "item",
...  "labels": {"en": {"language": "en", "value": "Talks"}},
...  "claims": {"P585": [{"mainsnak": {"snaktype": "value", "property": "P585",
...    "datavalue": {"type": "time", "value": {"time": "+2014-03-00T00:00:00Z",
...     "precision": 10, "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}}},
...   "rank": "normal"}]}}'''
>>> event = loads(entity).first
>>> event.id, event.title, str(event.when), event.sources[0].url
('wikidata-Q1', 'Talks', '2014-03', 'https://www.wikidata.org/wiki/Q1')
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final, TypeAlias

import attrs

from geotimeline.errors import FormatError, GeotimelineError, InvalidFieldError, shown
from geotimeline.events.event import Event, Source
from geotimeline.io import text_of
from geotimeline.io.csvfile import bounded_lines
from geotimeline.io.native import RepeatedKeyError, object_without_repeats
from geotimeline.places.place import Place, country_code
from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment, Unbounded, When
from geotimeline.timeline.timeline import Timeline

__all__ = ["GREGORIAN", "JULIAN", "MAX_LINE_LENGTH", "Reading", "Skipped", "load", "loads", "read",
           "read_file"]  # fmt: skip

#: The longest line read: a dump holds one entity a line, and the largest entities (and an API
#: answer of 50 entities on one line) pass the megabyte that the CSV readers allow.
MAX_LINE_LENGTH: Final = 64 * 1024 * 1024
#: The calendar models of Wikibase time values.
GREGORIAN: Final = "http://www.wikidata.org/entity/Q1985727"
JULIAN: Final = "http://www.wikidata.org/entity/Q1985786"
_EARTH: Final = "http://www.wikidata.org/entity/Q2"
_ITEM_URL: Final = "https://www.wikidata.org/wiki/"
_ENTITY_ID: Final = re.compile(r"[A-Z][0-9]{1,12}(?:-[A-Z][0-9]{1,6})?")
# "+2014-03-18T00:00:00Z"; the year has at least one digit here, as old values have up to 16.
_TIME: Final = re.compile(
    r"([+-])([0-9]{1,16})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z"
)
_DECIMAL: Final = re.compile(r"[+-]?[0-9]{1,4}(?:\.[0-9]{1,30})?")
_RANKS: Final = ("preferred", "normal", "deprecated")
_PRECISION_NAMES: Final = {
    0: "a billion years", 1: "a hundred million years", 2: "ten million years",
    3: "a million years", 4: "a hundred thousand years", 5: "ten thousand years",
}  # fmt: skip
_YEARS_PER_UNIT: Final = {6: 1000, 7: 100, 8: 10}
# The Julian Day Number of 1970-01-01, where geotimeline's microseconds start.
_EPOCH_JULIAN_DAY: Final = 2_440_588
_SHOWN_SKIPPED: Final = 5
_SHOWN_KEY: Final = 40

# A time value read: a moment, or the first and last moments of a span no moment covers.
_Reading: TypeAlias = "Moment | tuple[Moment, Moment]"


@attrs.frozen
class Skipped:
    """An entity that gave no event: where it is, its id (if it has one) and why.

    >>> Skipped("line 2", "Q42", "has no point in time (P585), start (P580) or end (P582)").entity
    'Q42'
    """

    #: ``line N`` in a dump, ``entities.Q1`` in an API answer, ``entity`` for one entity.
    location: str
    entity: str | None
    reason: str


@attrs.frozen
class Reading:
    """What :func:`read` gives: the timeline, and the entities that gave no event."""

    timeline: Timeline
    skipped: tuple[Skipped, ...]


def read(text: str | bytes, source: str = "<string>", *, language: str = "en") -> Reading:
    """Read Wikidata entity JSON into a timeline, listing the entities left out.

    ``language`` is the language code of the titles and summaries (see the module's docs for
    the fallbacks). Raises :class:`~geotimeline.errors.FormatError` naming the line, the entity
    and the field at fault when the text is not Wikibase JSON; an entity that is valid but
    gives no event (no date, a date geotimeline cannot hold) is in ``skipped`` instead.

    >>> reading = read('{"id": "Q42", "type": "item", "claims": {}}')
    >>> len(reading.timeline), reading.skipped[0].reason
    (0, 'has no point in time (P585), start time (P580) or end time (P582)')

    Runtime complexity: O(length of the text); memory O(entities), not O(text), for a dump.
    """
    lines = bounded_lines(io.StringIO(text_of(text, source), newline="\n"), source, MAX_LINE_LENGTH)
    return _read(lines, source, language)


def read_file(path: str | os.PathLike[str], *, language: str = "en") -> Reading:
    """Read a file of Wikidata entity JSON (UTF-8) as :func:`read` reads text."""
    source = os.fspath(path)
    try:
        with open(path, encoding="utf-8-sig", newline="\n") as handle:
            return _read(bounded_lines(handle, source, MAX_LINE_LENGTH), source, language)
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(source, None, f"cannot be read: {error}") from error


def loads(text: str | bytes, source: str = "<string>", *, language: str = "en") -> Timeline:
    """The timeline of :func:`read`; when entities were left out, its description says how
    many and which."""
    return _described(read(text, source, language=language))


def load(path: str | os.PathLike[str], *, language: str = "en") -> Timeline:
    """The timeline of :func:`read_file`, described as :func:`loads` describes it."""
    return _described(read_file(path, language=language))


def _described(reading: Reading) -> Timeline:
    skipped = reading.skipped
    if not skipped:
        return reading.timeline
    ids = [entry.entity or entry.location for entry in skipped[:_SHOWN_SKIPPED]]
    more = f" and {len(skipped) - _SHOWN_SKIPPED:,} more" if len(skipped) > _SHOWN_SKIPPED else ""
    description = (
        f"Read from Wikidata; {len(skipped):,} entities gave no event (no date geotimeline "
        f"can hold, or not an item): {', '.join(ids)}{more}"
    )
    reading.timeline.description = description
    return reading.timeline


# -- the layouts --------------------------------------------------------------------------------


def _read(lines: Iterator[str], source: str, language: str) -> Reading:
    """Entities from a dump, read a line at a time, or from one JSON document."""
    collector = _Collector(source, language)
    head: list[str] = []
    first = _next_content(lines, head)
    second = _next_content(lines, head) if first == "[" else first
    rest = itertools.chain(head, lines)
    if (first == "[" and second == "]") or _is_object_line(second):
        _read_dump(rest, collector)
    else:  # a document: an API answer, one pretty-printed entity, a pretty-printed list
        collector.add_document(_decode("".join(rest), source, None), None)
    return collector.finish()


def _next_content(lines: Iterator[str], head: list[str]) -> str:
    """The next line that is not blank, stripped (empty at the end); ``head`` keeps each line
    read, so that the reading can start again from the first."""
    for line in lines:
        head.append(line)
        if line.strip():
            return line.strip()
    return ""


def _is_object_line(text: str) -> bool:
    if not (text.startswith("{") and text.endswith(("}", "},"))):
        return False
    try:
        return isinstance(_decoder.decode(text.removesuffix(",")), dict)
    except (ValueError, RecursionError):
        return False


def _read_dump(lines: Iterable[str], collector: _Collector) -> None:
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if text in ("", "[", "]"):
            continue
        where = f"line {number}"
        collector.add_document(_decode(text.removesuffix(","), collector.source, number), where)


_decoder: Final = json.JSONDecoder(object_pairs_hook=object_without_repeats)


def _decode(text: str, source: str, line: int | None) -> Any:
    """The JSON value of ``text`` (line ``line`` of a dump, or a whole document)."""
    where = f"line {line}" if line is not None else None
    try:
        return _decoder.decode(text)
    except RepeatedKeyError as error:
        raise FormatError(
            source, where, f"gives the key {error.key!r} twice in one object"
        ) from None
    except json.JSONDecodeError as error:
        number = line if line is not None else error.lineno
        location = f"line {number}, column {error.colno}"
        raise FormatError(source, location, f"is not valid JSON: {error.msg}") from None
    except RecursionError:
        raise FormatError(source, where, "is nested too deeply to be Wikidata JSON") from None
    except ValueError as error:  # Python refuses to convert an integer of over 4300 digits
        raise FormatError(source, where, f"holds a number too long to read ({error})") from None


# -- entities -----------------------------------------------------------------------------------


class _MalformedError(Exception):
    """The JSON is not Wikibase JSON: ``path`` (inside the entity) is at fault."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


class _RefusedError(Exception):
    """The entity is valid Wikibase JSON but gives no event, for ``reason``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@attrs.frozen
class _Facts:
    """What other entities need of an entity: its label, ISO code and coordinates."""

    label: str | None
    english: str | None
    iso_code: str | None
    coordinates: tuple[float, float] | None


@attrs.frozen
class _Draft:
    """An event before the entities it names are known: their ids stand in for them."""

    where: str
    entity: str
    title: str
    label_language: str | None
    summary: str
    when: When
    coordinates: tuple[float, float] | None
    country: str | None
    locations: tuple[str, ...]
    participants: tuple[str, ...]


class _Collector:
    """Entities as they are read; events are made at the end, once every label is known."""

    def __init__(self, source: str, language: str) -> None:
        self.source = source
        self.language = language
        self.facts: dict[str, _Facts] = {}
        self.first_seen: dict[str, str] = {}
        self.drafts: list[_Draft] = []
        self.skipped: list[Skipped] = []

    def add_document(self, document: Any, where: str | None) -> None:
        if isinstance(document, dict) and "entities" in document:
            entities = document["entities"]
            if not isinstance(entities, dict):
                raise FormatError(self.source, _joined(where, "entities"), "must be an object")
            for key, entity in entities.items():
                self.add_entity(entity, _joined(where, f"entities.{_cut(key)}"))
        elif isinstance(document, list):
            for number, entity in enumerate(document):
                self.add_entity(entity, _joined(where, f"[{number}]"))
        else:
            self.add_entity(document, where or "entity")

    def add_entity(self, entity: Any, where: str) -> None:
        entity_id = None
        try:
            entity_id = _entity_id(entity)
            self._check_new(entity_id, where)
            if "missing" in entity:  # an API answer's entry for an id that names no entity
                raise _RefusedError("is missing from Wikidata")
            self.facts[entity_id] = _facts(entity, self.language)
            self.drafts.append(_draft(entity, entity_id, where, self.language))
        except _RefusedError as error:
            self.skipped.append(Skipped(where, entity_id, error.reason))
        except _MalformedError as error:
            inside = ".".join(part for part in (entity_id, error.path) if part)
            raise FormatError(self.source, _joined(where, inside), error.reason) from None

    def _check_new(self, entity_id: str, where: str) -> None:
        if entity_id in self.first_seen:
            reason = f"{entity_id} is given again (first at {self.first_seen[entity_id]})"
            raise FormatError(self.source, where, reason)
        self.first_seen[entity_id] = where

    def finish(self) -> Reading:
        events = [self._event(draft) for draft in self.drafts]
        return Reading(Timeline(events), tuple(self.skipped))

    def _event(self, draft: _Draft) -> Event:
        country = self._country(draft.country)
        actors = [self._label(participant) for participant in draft.participants]
        metadata: dict[str, Any] = {"id": draft.entity, "label_language": draft.label_language}
        if draft.country:
            metadata["country"] = draft.country
        if draft.locations:
            metadata["locations"] = list(draft.locations)
        if draft.participants:
            metadata["participants"] = list(draft.participants)
        try:
            return Event(
                id=f"wikidata-{draft.entity}",
                title=draft.title,
                when=draft.when,
                summary=draft.summary,
                actors=actors,
                place=self._place(draft, country),
                sources=[Source("Wikidata", url=_ITEM_URL + draft.entity)],
                metadata={"wikidata": metadata},
            )
        except GeotimelineError as error:
            raise FormatError(self.source, f"{draft.where}, {draft.entity}", str(error)) from None

    def _label(self, entity_id: str) -> str:
        facts = self.facts.get(entity_id)
        return facts.label if facts is not None and facts.label else entity_id

    def _country(self, entity_id: str | None) -> str | None:
        facts = self.facts.get(entity_id) if entity_id else None
        if facts is None:
            return None
        for candidate in (facts.iso_code, facts.english):
            if candidate:
                try:
                    return country_code(candidate)
                except InvalidFieldError:  # a former country (the Soviet Union) has no ISO code
                    continue
        return None

    def _place(self, draft: _Draft, country: str | None) -> Place | None:
        location = draft.locations[0] if draft.locations else None
        coordinates = draft.coordinates
        if coordinates is None and location in self.facts:
            coordinates = self.facts[location].coordinates
        if location is not None:
            name = self._label(location)
        elif country is not None and draft.country is not None:
            name = self._label(draft.country)
        elif coordinates is not None:
            name = draft.title
        else:
            return None
        latitude, longitude = coordinates if coordinates is not None else (None, None)
        return Place(name, country=country, latitude=latitude, longitude=longitude)


def _joined(where: str | None, path: str) -> str:
    return ", ".join(part for part in (where, path) if part)


def _cut(key: str) -> str:
    """A key of the input, short enough for a message, and encodable (it may be any text)."""
    short = key if len(key) <= _SHOWN_KEY else key[: _SHOWN_KEY - 3] + "..."
    return short.encode("utf-8", "backslashreplace").decode("utf-8")


def _entity_id(entity: Any) -> str:
    if not isinstance(entity, dict):
        raise _MalformedError("", "is not an entity (a JSON object)")
    entity_id = entity.get("id")
    if not isinstance(entity_id, str) or not _ENTITY_ID.fullmatch(entity_id):
        raise _MalformedError("id", f"{shown(entity_id)} is not a Wikidata entity id")
    return entity_id


def _facts(entity: dict[str, Any], language: str) -> _Facts:
    label, _ = _term(entity, "labels", language)
    english, _ = _term(entity, "labels", "en")
    iso_code = next((value for kind, value, _ in _statements(entity, "P297") if kind == "value"),
                    None)  # fmt: skip
    if iso_code is not None and not isinstance(iso_code, str):
        raise _MalformedError("claims.P297", f"{shown(iso_code)} is not a country code")
    return _Facts(label, english, iso_code, _coordinates(entity))


def _draft(entity: dict[str, Any], entity_id: str, where: str, language: str) -> _Draft:
    kind = entity.get("type", "item")
    if kind != "item":
        raise _RefusedError(f"is {_article(kind)} {shown(kind)}, not an item")
    if not entity_id.startswith("Q"):
        raise _RefusedError(f"has the id {entity_id}, which is not an item's (Q...)")
    when = _when(entity)
    label, label_language = _term(entity, "labels", language)
    summary, _ = _term(entity, "descriptions", language)
    return _Draft(
        where=where,
        entity=entity_id,
        title=label or entity_id,
        label_language=label_language,
        summary=summary or "",
        when=when,
        coordinates=_coordinates(entity),
        country=next(iter(_entity_values(entity, "P17")), None),
        locations=_entity_values(entity, "P276"),
        participants=_entity_values(entity, "P710"),
    )


def _article(kind: object) -> str:
    return "an" if isinstance(kind, str) and kind[:1] in "aeiou" else "a"


def _term(entity: dict[str, Any], field: str, language: str) -> tuple[str | None, str | None]:
    """The label or description in ``language``, else ``mul``, else English, and its language."""
    terms = entity.get(field, {})
    if not isinstance(terms, dict):
        if terms == []:  # PHP writes an empty map as a list
            return None, None
        raise _MalformedError(field, "must be an object of languages")
    for code in dict.fromkeys((language, "mul", "en")):
        term = terms.get(code)
        if term is None:
            continue
        value = term.get("value") if isinstance(term, dict) else None
        if not isinstance(value, str):
            raise _MalformedError(f"{field}.{code}", "must be an object with a text value")
        if value.strip():
            return value, code
    return None, None


# -- statements ---------------------------------------------------------------------------------

# A statement's main value: its snak type ("value", "somevalue", "novalue"), its datavalue's
# value, and the path to it.
_Value: TypeAlias = "tuple[str, Any, str]"


def _statements(entity: dict[str, Any], prop: str) -> list[_Value]:
    """The main values of ``prop``'s best statements: the preferred ones, else the normal ones."""
    claims = entity.get("claims", {})
    if claims == []:  # PHP writes an empty map as a list
        return []
    if not isinstance(claims, dict):
        raise _MalformedError("claims", "must be an object of properties")
    statements = claims.get(prop, [])
    if not isinstance(statements, list):
        raise _MalformedError(f"claims.{prop}", "must be a list of statements")
    ranked: dict[str, list[_Value]] = {rank: [] for rank in _RANKS}
    for number, statement in enumerate(statements):
        path = f"claims.{prop}[{number}]"
        if not isinstance(statement, dict):
            raise _MalformedError(path, "is not a statement (a JSON object)")
        rank = statement.get("rank", "normal")
        if rank not in _RANKS:
            raise _MalformedError(
                f"{path}.rank", f"{shown(rank)} is not a rank ({', '.join(_RANKS)})"
            )
        ranked[rank].append(_main_value(statement.get("mainsnak"), f"{path}.mainsnak"))
    return ranked["preferred"] or ranked["normal"]


def _main_value(snak: object, path: str) -> _Value:
    if not isinstance(snak, dict):
        raise _MalformedError(path, "is not a snak (a JSON object)")
    kind = snak.get("snaktype")
    if kind in ("somevalue", "novalue"):
        return kind, None, path
    if kind != "value":
        raise _MalformedError(
            f"{path}.snaktype", f"{shown(kind)} is not value, somevalue or novalue"
        )
    datavalue = snak.get("datavalue")
    if not isinstance(datavalue, dict) or "value" not in datavalue:
        raise _MalformedError(f"{path}.datavalue", "must be an object with a value")
    return kind, datavalue["value"], f"{path}.datavalue.value"


def _entity_values(entity: dict[str, Any], prop: str) -> tuple[str, ...]:
    """The ids of the entities that ``prop``'s best statements name, in order, without repeats."""
    ids = []
    for kind, value, path in _statements(entity, prop):
        if kind == "value":
            ids.append(_referenced_id(value, path))
    return tuple(dict.fromkeys(ids))


def _referenced_id(value: object, path: str) -> str:
    if isinstance(value, dict):
        entity_id = value.get("id")
        number = value.get("numeric-id")
        if entity_id is None and type(number) is int and value.get("entity-type") == "item":
            entity_id = f"Q{number}"  # old serialisations give the number alone
        if isinstance(entity_id, str) and _ENTITY_ID.fullmatch(entity_id):
            return entity_id
    raise _MalformedError(path, f"{shown(value)} is not an entity id value")


def _coordinates(entity: dict[str, Any]) -> tuple[float, float] | None:
    """The first coordinates on Earth of the best P625 statements (the Moon's do not count)."""
    for kind, value, path in _statements(entity, "P625"):
        if kind != "value":
            continue
        if not isinstance(value, dict):
            raise _MalformedError(path, "is not a globe coordinate")
        if value.get("globe", _EARTH) != _EARTH:
            continue
        return _degrees(value.get("latitude"), f"{path}.latitude", 90), _degrees(
            value.get("longitude"), f"{path}.longitude", 180
        )
    return None


def _degrees(value: object, path: str, limit: int) -> float:
    # Wikibase may give a number as a decimal string. Compared before float(), which an
    # integer of 400 digits would overflow.
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        value = float(value)
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not -limit <= value <= limit
    ):
        raise _MalformedError(path, f"{shown(value)} is not a number of degrees (-{limit}-{limit})")
    return float(value)


# -- time ---------------------------------------------------------------------------------------


def _when(entity: dict[str, Any]) -> When:
    start = next(iter(_statements(entity, "P580")), None)
    end = next(iter(_statements(entity, "P582")), None)
    if start is None and end is None:
        point = next(iter(_statements(entity, "P585")), None)
        if point is None:
            raise _RefusedError("has no point in time (P585), start time (P580) or end time (P582)")
        kind, value, path = point
        if kind != "value":
            raise _RefusedError(f"has a point in time (P585) of {kind}")
        reading = _time(value, path)
        if isinstance(reading, Moment):
            return When.instant(reading)
        return When.interval(*reading)
    bounds = (_bound(start, "P580"), _bound(end, "P582"))
    if isinstance(bounds[0], Unbounded) and isinstance(bounds[1], Unbounded):
        raise _RefusedError("has neither a known start time (P580) nor a known end time (P582)")
    try:
        return When.interval(*bounds)
    except InvalidFieldError:
        raise _RefusedError(
            f"ends (P582, {bounds[1]}) before it starts (P580, {bounds[0]})"
        ) from None


def _bound(statement: _Value | None, prop: str) -> Moment | Unbounded:
    if statement is None or statement[0] == "novalue":
        return Unbounded.OPEN  # no end is known, or Wikidata says there is none (yet)
    kind, value, path = statement
    if kind == "somevalue":
        return Unbounded.UNKNOWN
    reading = _time(value, path)
    if isinstance(reading, tuple):
        raise _RefusedError(
            f"has a {prop} that is the span {reading[0]}/{reading[1]}, which geotimeline "
            "cannot hold as one end of an interval"
        )
    return reading


@attrs.frozen
class _TimeValue:
    """The fields of a Wikibase time value, checked to be well formed, not yet interpreted."""

    text: str
    precision: int
    julian: bool
    #: The year in historical numbering: -44 is 44 BCE; never 0 (refused when read).
    year: int
    month: int
    day: int
    clock: tuple[int, int, int]
    timezone: int


def _time(value: object, path: str) -> _Reading:
    """A Wikibase time value read: a moment, or the ends of the span of years or days it is."""
    time = _time_value(value, path)
    try:
        return _interpreted(time)
    except InvalidFieldError as error:
        raise _RefusedError(f"has a date geotimeline cannot hold ({time.text}: {error})") from None


def _time_value(value: object, path: str) -> _TimeValue:
    if not isinstance(value, dict):
        raise _MalformedError(path, "is not a time value")
    text, precision = value.get("time"), value.get("precision")
    match = _TIME.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise _MalformedError(f"{path}.time", f"{shown(text)} is not a Wikibase time")
    if type(precision) is not int or not 0 <= precision <= 14:
        raise _MalformedError(f"{path}.precision", f"{shown(precision)} is not a precision (0-14)")
    timezone = value.get("timezone", 0)
    if type(timezone) is not int:
        raise _MalformedError(f"{path}.timezone", f"{shown(timezone)} is not minutes")
    julian = _is_julian(value.get("calendarmodel", GREGORIAN), path)
    text = match.group(0)
    sign, digits, *fields = match.groups()
    month, day, hour, minute, second = (int(field) for field in fields)
    if month > 12 or day > 31 or hour > 23 or minute > 59 or second > 59:
        raise _MalformedError(f"{path}.time", f"{shown(text)} is not a Wikibase time")
    if precision < 6:
        raise _RefusedError(f"has a date of precision {precision} ({_PRECISION_NAMES[precision]})"
                            ", coarser than the millennia geotimeline reads")  # fmt: skip
    year = int(digits)
    if year == 0:
        raise _RefusedError(f"has the year 0 ({text}), which Wikidata's numbering does not have")
    if year > cal.MAX_YEAR:
        raise _RefusedError(f"has the year {sign}{year}, beyond the years geotimeline holds")
    historical = -year if sign == "-" else year
    return _TimeValue(text, precision, julian, historical, month, day, (hour, minute, second),
                      timezone)  # fmt: skip


def _interpreted(time: _TimeValue) -> _Reading:
    """What a time value states, at its precision: fields finer than it are not read."""
    if time.precision <= 8:
        return _years(time.year, time.precision)
    year = time.year + 1 if time.year < 0 else time.year  # astronomical: 1 BCE is 0
    if time.precision == 9:
        return Moment.of(year)
    if time.month == 0:
        raise _RefusedError(
            f"has a date of precision {time.precision} without a month ({time.text})"
        )
    if time.precision == 10:
        return _julian_month(year, time.month) if time.julian else Moment.of(year, time.month)
    if time.day == 0:
        raise _RefusedError(f"has a date of precision {time.precision} without a day ({time.text})")
    month, day = time.month, time.day
    if time.julian:
        year, month, day = _gregorian_of_julian(year, month, day, time.text)
    clock = time.clock[: time.precision - 11]
    offset = time.timezone if clock else None  # a UTC offset goes only with a time of day
    return Moment.of(year, month, day, *clock, utc_offset=offset)


def _is_julian(model: object, path: str) -> bool:
    if model == GREGORIAN:
        return False
    if model == JULIAN:
        return True
    if isinstance(model, str):
        raise _RefusedError(
            f"has a date in the calendar {shown(model)}, neither Gregorian nor Julian"
        )
    raise _MalformedError(f"{path}.calendarmodel", f"{shown(model)} is not a calendar model")


def _years(historical: int, precision: int) -> _Reading:
    """A decade, century or millennium, as Wikibase counts them, of a year in historical
    numbering: the 19th century is 1801-1900 (both +1801 and +1900 are in it), the 1980s are
    1980-1989, the 40s BCE are 49-40 BCE."""
    size = _YEARS_PER_UNIT[precision]
    number = abs(historical)
    if precision == 8:
        low = number // 10 * 10
        high = low + 9
        low = max(low, 1)  # the decade "0s" has no year 0
    else:
        count = -(-number // size)  # the count of the unit, rounding up: 1900 is in the 19th
        low, high = (count - 1) * size + 1, count * size
    if historical < 0:  # years BCE: historical year n is astronomical 1 - n
        low, high = 1 - high, 1 - low
    elif precision == 8 and low % 10 == 0 and high <= 9999:
        return Moment.of_decade(low)
    if not cal.MIN_YEAR <= low <= high <= cal.MAX_YEAR:
        raise _RefusedError(f"has a span of years, {low} to {high}, beyond those geotimeline holds")
    return Moment.of(low), Moment.of(high)


def _julian_days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 else 28  # every fourth year, the centuries too
    return cal.days_in_month(1, month)


def _gregorian_of_julian(year: int, month: int, day: int, text: str) -> tuple[int, int, int]:
    """The Gregorian date of a Julian one (astronomical years), by their Julian Day Number."""
    if day > _julian_days_in_month(year, month):
        raise _RefusedError(f"has a day that the Julian calendar does not have ({text})")
    shift = (14 - month) // 12
    years, months = year + 4800 - shift, month + 12 * shift - 3
    julian_day = day + (153 * months + 2) // 5 + 365 * years + years // 4 - 32083
    return cal.fields((julian_day - _EPOCH_JULIAN_DAY) * cal.US_PER_DAY)[:3]


def _julian_month(year: int, month: int) -> tuple[Moment, Moment]:
    """The Gregorian days that a month of the Julian calendar runs over."""
    last = _julian_days_in_month(year, month)
    first_day = _gregorian_of_julian(year, month, 1, "")
    last_day = _gregorian_of_julian(year, month, last, "")
    return Moment.of(*first_day), Moment.of(*last_day)
