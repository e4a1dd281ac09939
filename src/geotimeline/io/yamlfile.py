"""Hand-written timelines in YAML: the friendliest way to build a custom timeline.

A file holds a ``title``, an optional ``description``, an optional ``reference`` date (what
relative dates such as "Saturday" or "this summer" are read against, for instance the day an
article appeared) and a list of ``events``::

    title: Russia and the world
    reference: 2017-11-13
    events:
      - title: Russia annexes Crimea
        when: 18 March 2014              # EDTF, ISO 8601 or English, as When.parse reads
        actors: [Russia, Ukraine]
        place: Crimea                    # a name, a country name or code, or a mapping
        sources:
          - https://www.reuters.com/     # a URL, an outlet's name, or a mapping
          - {outlet: The Atlantic, published: 2017-11-13?, quote: "..."}

Only ``title`` and ``when`` are required; an ``id`` is made from them when not given (and
:func:`dumps` writes it, so that an event keeps its id when its date or title is edited). A place
given as text that names a country ("Syria", "SY", "SYR") is that country; any other text is a
place name. Links are mappings (``{relation: part-of, target: an-event-id}``) and ``metadata``
is a free mapping.

Files are read with PyYAML's safe constructors only (and libyaml's parser when PyYAML has it):
no tag that makes Python objects is accepted, and aliases that would expand past
:data:`MAX_EXPANDED_SIZE` values and characters, or :data:`MAX_EXPANSION` times the file's
length, are refused (the "billion laughs" attack), as are nesting deeper than
:data:`MAX_DEPTH`, numbers longer than :data:`MAX_NUMBER_LENGTH` and files longer than
:data:`MAX_SIZE`.
The date fields (``reference``, ``when``, a source's ``published``) are read as the text
written: ``when: 2014`` is the year 2014, ``when: 0700`` the year 700 and ``when: 0x7DE`` is
not a date, where YAML 1.1 would read integers (2014, the octal 448, 2014) or a timestamp
that loses the precision. Elsewhere unquoted dates stay text too, and only ``true`` and
``false`` are booleans (so the country code ``NO`` is Norway, not false). Errors name the
file, the line and the field.

:func:`dumps` and :func:`save` write the same layout back, every event with its ``id`` and
otherwise in the shortest form that reads back to the same timeline, so YAML round-trips every
event. PyYAML is an optional dependency
(``pip install geotimeline[yaml]``), imported when this module is first used.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import urllib.parse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from geotimeline.errors import (  # pyyaml is optional: its functions name the extra to install
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    naming_missing_extras,
    shown,
)
from geotimeline.events.event import Event, Link, Source, make_ascii_event_id
from geotimeline.io import text_of
from geotimeline.io._yaml_document import DocumentBuilder
from geotimeline.io._yaml_document import Mapping as _Mapping
from geotimeline.io.files import write_atomically
from geotimeline.io.native import unstructure_event
from geotimeline.places.place import Place, resolve_place
from geotimeline.time.when import Moment, When
from geotimeline.timeline.timeline import Timeline

if TYPE_CHECKING:
    import yaml

__all__ = ["dumps", "load", "loads", "save"]

_TOP_FIELDS: Final = ("title", "description", "reference", "events")
_EVENT_FIELDS: Final = (
    "id", "title", "when", "summary", "actors", "place", "tags", "sources", "links", "metadata",
)  # fmt: skip
_PLACE_FIELDS: Final = ("name", "country", "region", "latitude", "longitude", "geocoded")
_SOURCE_FIELDS: Final = ("outlet", "url", "published", "quote")
_LINK_FIELDS: Final = ("relation", "target")
#: A document may expand to this size once its aliases are followed, counting one for each value
#: and one for each character of text ...
MAX_EXPANDED_SIZE: Final = 10_000_000
#: ... or to this many times its length in characters, whichever is more.
MAX_EXPANSION: Final = 10
#: How deep lists and mappings may nest (an event's metadata may nest 32 deep on its own).
MAX_DEPTH: Final = 64
#: The longest file :func:`load` reads, in characters. Reading holds up to about 40 bytes of
#: memory for each character (25 for a usual timeline; ``benchmarks/yaml_memory.py`` measures
#: it), so a file at the limit needs at most about 2 GB.
MAX_SIZE: Final = 48 * 1024 * 1024
#: The longest number, in characters: longer ones are refused before Python converts them.
#: Python converts integers of up to 4300 digits; an event's metadata holds up to about 3,900.
MAX_NUMBER_LENGTH: Final = 4300
# YAML 1.2 booleans: YAML 1.1 also reads yes/no/on/off (and so the country code NO) as booleans.
_BOOLEAN = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_URL = re.compile(r"https?://[^\s/]+")


# -- reading ----------------------------------------------------------------------------------


def _loader_class() -> type[Any]:
    """A safe loader that keeps dates as text, reads YAML 1.2 booleans and checks numbers.

    libyaml's parser when PyYAML was built with it (ten times as fast as PyYAML's own), else
    PyYAML's, which also refuses, as it scans, nesting deeper than :data:`MAX_DEPTH`: it takes
    time in proportion to the depth for each bracket (seconds for a line of ten thousand "[").
    The document is built from the parser's events by :class:`_yaml_document.DocumentBuilder`.
    """
    import yaml

    if yaml.__with_libyaml__:

        class Loader(yaml._yaml.CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
            def __init__(self, stream: bytes) -> None:
                yaml._yaml.CParser.__init__(self, stream)
                yaml.constructor.SafeConstructor.__init__(self)
                yaml.resolver.Resolver.__init__(self)

    else:  # PyYAML built without libyaml

        class Loader(yaml.SafeLoader):  # type: ignore[no-redef]
            def fetch_flow_collection_start(self, token_class: Any) -> None:
                if self.flow_level + len(self.indents) >= MAX_DEPTH:
                    raise _too_deep(self.get_mark())
                super().fetch_flow_collection_start(token_class)

            def add_indent(self, column: int) -> bool:
                if self.flow_level + len(self.indents) >= MAX_DEPTH:
                    raise _too_deep(self.get_mark())
                return bool(super().add_indent(column))

    Loader.yaml_implicit_resolvers = _resolvers(yaml.SafeLoader.yaml_implicit_resolvers)
    Loader.add_constructor("tag:yaml.org,2002:int", _construct_number)
    Loader.add_constructor("tag:yaml.org,2002:float", _construct_number)
    return Loader


def _too_deep(mark: yaml.Mark) -> yaml.MarkedYAMLError:
    import yaml

    return yaml.scanner.ScannerError(None, None, f"nests deeper than {MAX_DEPTH} levels", mark)


def _construct_number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | float:
    """An integer or a float, refusing text too long to be a sensible number.

    Python refuses to convert integers of more than 4300 digits (with a ValueError that would
    name no line), and YAML 1.1's base-60 integers (``1:30:00``) cost time in their length.
    """
    import yaml

    if len(node.value) > MAX_NUMBER_LENGTH:
        reason = f"is a number longer than {MAX_NUMBER_LENGTH:,} characters"
        raise yaml.constructor.ConstructorError(None, None, reason, node.start_mark)
    try:
        if node.tag == "tag:yaml.org,2002:int":
            return loader.construct_yaml_int(node)
        return loader.construct_yaml_float(node)
    except ValueError:  # "0x_" matches YAML 1.1's pattern for an integer, but has no digits
        reason = f"{shown(node.value)} is not a number"
        raise yaml.constructor.ConstructorError(None, None, reason, node.start_mark) from None


def _resolvers(
    inherited: dict[Any, list[tuple[str, re.Pattern[str]]]],
) -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    dropped = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
    resolvers = {
        first: [(tag, pattern) for tag, pattern in entries if tag not in dropped]
        for first, entries in inherited.items()
    }
    for first in "tTfF":
        resolvers.setdefault(first, []).append(("tag:yaml.org,2002:bool", _BOOLEAN))
    return resolvers


def load(path: str | os.PathLike[str]) -> Timeline:
    """Read a timeline from a YAML file.

    Raises :class:`~geotimeline.errors.FormatError` naming the file, the line and the field at
    fault; nothing is returned from a file with any error in it.
    """
    source = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as handle:
            # One character more than the limit tells a file at the limit from a longer one,
            # without reading a huge file whole.
            text = handle.read(MAX_SIZE + 1)
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(source, None, f"cannot be read: {error}") from error
    return loads(text, source)


@naming_missing_extras
def loads(text: str | bytes, source: str = "<string>") -> Timeline:
    """Read a timeline from YAML text.

    >>> timeline = loads('''
    ... title: Example
    ... reference: 2017-11-13
    ... events:
    ...   - title: Trump and Putin meet at Da Nang
    ...     when: Saturday
    ...     place: Da Nang
    ...   - {title: Russia annexes Crimea, when: 18 March 2014, place: UA}
    ... ''')
    >>> [(str(event.when), str(event.place)) for event in timeline]
    [('2014-03-18', 'Ukraine'), ('2017-11-11', 'Da Nang, Vietnam')]
    >>> loads("events: [{title: Talks, when: 2014-02-30}]", "talks.yaml")
    Traceback (most recent call last):
    ...
    geotimeline.errors.FormatError: talks.yaml, line 1, event 1, when: '2014-02-30': day 30 ...
    """
    text = text_of(text, source)
    if len(text) > MAX_SIZE:
        reason = f"is longer than {MAX_SIZE:,} characters, the most a YAML timeline may have"
        raise FormatError(source, None, reason)
    document = _parse(text, source)
    if document is None:
        document = _Mapping()
    if not isinstance(document, _Mapping):
        raise FormatError(source, "line 1", "must be a mapping with a list of events")
    _refuse_unknown(document, _TOP_FIELDS, source, "")
    title, description = (_optional_text(document, field, source) for field in _TOP_FIELDS[:2])
    reference = _reference(document, source)
    raw_events = document.get("events", [])
    if not isinstance(raw_events, list):
        where = f"line {document.line_of('events')}, events"
        raise FormatError(source, where, "must be a list of events")
    reader = _EventReader(source, reference)
    events = []
    made_ids = []  # the events whose file gives no id
    for index, raw in enumerate(raw_events):
        events.append(reader.event(raw, index + 1))
        if isinstance(raw, _Mapping) and "id" not in raw:
            made_ids.append(index)
        raw_events[index] = None  # each event's mapping is freed once it is an event
    _keep_linked_ascii_ids(events, made_ids)
    try:
        return Timeline(events, title=title, description=description)
    except GeotimelineError as error:
        raise FormatError(source, "events", str(error)) from None


def _keep_linked_ascii_ids(events: list[Event], made_ids: list[int]) -> None:
    """Give back the id that earlier versions made to each event of ``made_ids`` that a link
    of the file targets by that id.

    Earlier versions left out an id that the date and title make again, and made ids from
    Latin letters only: an event titled in Cyrillic or Chinese was the date alone, and the
    links in its file name it so. Its id now keeps those letters; without this, such a file
    would load with its links pointing at no event.
    """
    targets = {link.target for event in events for link in event.links}
    if not targets or not made_ids:
        return
    taken = {event.id for event in events}
    for index in made_ids:
        event = events[index]
        earlier = make_ascii_event_id(event.title, event.when)
        if earlier != event.id and earlier in targets and earlier not in taken:
            events[index] = attrs.evolve(event, id=earlier)
            taken.add(earlier)


def _parse(text: str, source: str) -> Any:
    import yaml

    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as error:  # a lone surrogate, which no file can hold
        line = text.count("\n", 0, error.start) + 1
        reason = f"is not valid YAML: {shown(text[error.start])} is not a character"
        raise FormatError(source, f"line {line}", reason) from None
    try:
        loader = _loader_class()(data)
    except yaml.YAMLError as error:
        raise FormatError(source, None, f"is not valid YAML: {error}") from None
    limit = max(MAX_EXPANDED_SIZE, MAX_EXPANSION * len(text))
    try:
        return DocumentBuilder(loader, source, MAX_DEPTH, limit).document()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = " ".join(part for part in (error.context, error.problem) if part)
        raise FormatError(source, where, f"is not valid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise FormatError(source, None, f"is not valid YAML: {error}") from None
    finally:
        loader.dispose()


def _refuse_unknown(
    mapping: _Mapping, known: tuple[str, ...], source: str, where: str, what: str = "field"
) -> None:
    for key in mapping:
        if key not in known:
            location = f"line {mapping.line_of(key)}{where}"
            expected = ", ".join(known)
            raise FormatError(source, location, f"unknown {what} {key!r} (expected {expected})")


def _optional_text(document: _Mapping, field: str, source: str) -> str | None:
    value = document.get(field)
    if value is not None and not isinstance(value, str):
        raise FormatError(source, f"line {document.line_of(field)}, {field}", "must be text")
    return value


def _reference(document: _Mapping, source: str) -> dt.date | None:
    value = document.get("reference")
    if value is None:
        return None
    where = f"line {document.line_of('reference')}, reference"
    try:
        when = When.parse(_date_text(value))
        if when.is_interval:
            raise FormatError(source, where, "must be a single date, not an interval")
        # The day as written: 2017-07-08T23:30-05:00 is a Saturday where it was written, and
        # already Sunday in UTC. OutOfRangeError outside years 1-9999.
        return cast("Moment", when.start).local_datetime().date()
    except (GeotimelineError, TypeError) as error:
        if isinstance(error, FormatError):
            raise
        raise FormatError(source, where, str(error)) from None


def _date_text(value: object) -> str:
    # The reader keeps a date field's unquoted value as the text written (2014, 0700): any
    # other value came through an alias or a tag, and is not a date.
    if not isinstance(value, str):
        raise TypeError(f"{shown(value)} is not a date (text)")
    return value


class _EventReader:
    """Reads the events of one document, knowing where it came from and its reference date."""

    def __init__(self, source: str, reference: dt.date | None) -> None:
        self._source = source
        self._reference = reference

    def event(self, raw: object, number: int) -> Event:
        if not isinstance(raw, _Mapping):
            raise FormatError(self._source, f"event {number}", "must be a mapping of fields")
        named = f" ({raw['id']!r})" if isinstance(raw.get("id"), str) else ""
        where = f", event {number}{named}"
        _refuse_unknown(raw, _EVENT_FIELDS, self._source, where)
        fields = dict(raw)
        with self._blame(raw, "when", where):
            if "when" not in raw:
                raise InvalidFieldError("when", None, "is required")
            fields["when"] = self._date(raw["when"])
        if raw.get("place") is not None:
            fields["place"] = self._place(raw["place"], raw, where)
        for name in ("actors", "tags"):
            if isinstance(raw.get(name), str):  # one actor or tag needs no list
                fields[name] = [raw[name]]
        fields["sources"] = [
            self._source_of(item, raw, where) for item in self._list(raw, "sources", where)
        ]
        fields["links"] = [self._link(item, raw, where) for item in self._list(raw, "links", where)]
        with self._blame(raw, None, where):
            return Event(**fields)

    def _date(self, value: object) -> When:
        return When.parse(_date_text(value), self._reference)

    def _place(self, value: object, raw: _Mapping, where: str) -> Place:
        with self._blame(raw, "place", where):
            if isinstance(value, str):
                return place_of_text(value)
            if not isinstance(value, _Mapping):
                raise InvalidFieldError("place", value, "must be a name or a mapping")
        _refuse_unknown(value, _PLACE_FIELDS, self._source, f"{where}, place")
        with self._blame(value, None, f"{where}, place"):
            return Place(**value)

    def _list(self, raw: _Mapping, field: str, where: str) -> list[Any]:
        value = raw.get(field, [])
        if not isinstance(value, list):
            location = f"line {raw.line_of(field)}{where}, {field}"
            raise FormatError(self._source, location, "must be a list")
        return value

    def _source_of(self, value: object, raw: _Mapping, where: str) -> Source:
        with self._blame(raw, "sources", where):
            if isinstance(value, str):
                return source_of_text(value)
            if not isinstance(value, _Mapping):
                raise InvalidFieldError("sources", value, "must be a URL, a name or a mapping")
        _refuse_unknown(value, _SOURCE_FIELDS, self._source, f"{where}, source")
        fields = dict(value)
        with self._blame(value, None, f"{where}, source"):
            if value.get("published") is not None:
                fields["published"] = self._date(value["published"])
            return Source(**fields)

    def _link(self, value: object, raw: _Mapping, where: str) -> Link:
        with self._blame(raw, "links", where):
            if not isinstance(value, _Mapping):
                raise InvalidFieldError("links", value, "must be a mapping of relation, target")
        _refuse_unknown(value, _LINK_FIELDS, self._source, f"{where}, link")
        with self._blame(value, None, f"{where}, link"):
            return Link(**value)

    def _blame(self, mapping: _Mapping, field: str | None, where: str) -> _Blame:
        return _Blame(self._source, mapping, field, where)


class _Blame:
    """Turns an error raised while reading a field into a FormatError that names its line."""

    def __init__(self, source: str, mapping: _Mapping, field: str | None, where: str) -> None:
        self._source, self._mapping, self._field, self._where = source, mapping, field, where

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, traceback: object) -> None:
        if error is None:
            return
        if not isinstance(error, GeotimelineError | TypeError | ValueError):
            return
        field = self._field or getattr(error, "field", None)
        if field is None and isinstance(error, TypeError):
            # Event(**fields) with a missing argument: "missing 1 required ... 'title'".
            field = next((name for name in _EVENT_FIELDS if f"'{name}'" in str(error)), None)
        line = self._mapping.line_of(field) if field else self._mapping.line
        named = f", {field}" if field else ""
        reason = _reason(error, field)
        raise FormatError(self._source, f"line {line}{self._where}{named}", reason) from None


def _reason(error: BaseException, field: str | None) -> str:
    if isinstance(error, InvalidFieldError) and error.field == field:
        # "when: 'x' is not a date" would repeat the field the location already names.
        return f"{shown(error.value)} {error.reason}"
    if isinstance(error, TypeError) and "required" in str(error):
        return "is required"
    return str(error)


def place_of_text(text: str) -> Place:
    """The place a bare text names, by the rule every reader follows
    (:func:`~geotimeline.places.resolve_place`): a country when it is a country's name or code,
    a city of the gazetteer, else a name.

    >>> place_of_text("SYR")
    Place(name='Syria', country='SY', region=None, latitude=None, longitude=None)
    >>> place_of_text("Air Force One")
    Place(name='Air Force One', country=None, region=None, latitude=None, longitude=None)
    """
    return resolve_place(text)


def source_of_text(text: str) -> Source:
    """The source a bare text names: a URL (its outlet is the site's host name) or an outlet.

    >>> source_of_text("https://www.reuters.com/article/1")
    Source(outlet='reuters.com', url='https://www.reuters.com/article/1', published=None, quote=None)
    >>> source_of_text("The Atlantic").outlet
    'The Atlantic'
    """  # noqa: E501 (a doctest's output is one line)
    stripped = text.strip()
    if _URL.match(stripped):
        host = urllib.parse.urlsplit(stripped).hostname or stripped
        return Source(host.removeprefix("www."), url=stripped)
    return Source(text)


# -- writing ----------------------------------------------------------------------------------


@naming_missing_extras
def dumps(timeline: Timeline) -> str:
    """The YAML text of a timeline: every event with its id, and otherwise in the shortest form
    that reads back to the same timeline.

    >>> from geotimeline import Event, Timeline
    >>> print(dumps(Timeline([Event(title="Russia annexes Crimea", when="2014-03-18",
    ...                             place="Crimea", actors=["Russia"])], title="Example")))
    title: Example
    events:
    - id: 2014-03-18-russia-annexes-crimea
      title: Russia annexes Crimea
      when: 2014-03-18
      actors: [Russia]
      place: Crimea
    <BLANKLINE>
    """
    import yaml

    return str(
        yaml.dump(
            _document(timeline),
            Dumper=_dumper_class(),
            sort_keys=False,
            allow_unicode=True,
            width=100,
        )
    )


def save(timeline: Timeline, path: str | os.PathLike[str]) -> None:
    """Write a timeline to a YAML file, atomically (a failed save leaves the old file as it was)."""
    text = dumps(timeline)

    def produce(write: Callable[[str], object]) -> None:
        write(text)

    write_atomically(path, produce)


def _document(timeline: Timeline) -> dict[str, Any]:
    document: dict[str, Any] = {}
    if timeline.title is not None:
        document["title"] = timeline.title
    if timeline.description is not None:
        document["description"] = timeline.description
    document["events"] = [_event_document(event) for event in timeline]
    return document


def _event_document(event: Event) -> dict[str, Any]:
    # The native layout, made shorter to read and write by hand: short lists on one line,
    # places and sources as bare text where that text reads back as the same value. The id is
    # always written, even where the date and title would make it again: otherwise editing the
    # date would rename the event, breaking the links to it.
    raw = unstructure_event(event)
    if event.actors:
        raw["actors"] = _Flow(event.actors)
    if event.place is not None:
        raw["place"] = _place_document(event.place)
    if event.tags:
        raw["tags"] = _Flow(event.tags)
    if event.sources:
        raw["sources"] = [_source_document(source) for source in event.sources]
    return raw


def _place_document(place: Place) -> str | dict[str, Any]:
    # A geocoded place is written in full, so that it reads back the same wherever the
    # gazetteer differs or is missing.
    if not place.geocoded and _reads_back(place.name, place_of_text, place):
        return place.name
    fields = {name: getattr(place, name) for name in _PLACE_FIELDS}
    # "is", not "in (None, False)": a coordinate of 0.0 equals False.
    return {
        name: value for name, value in fields.items() if value is not None and value is not False
    }


def _source_document(source: Source) -> str | dict[str, Any]:
    for text in (source.url, source.outlet):
        if text is not None and _reads_back(text, source_of_text, source):
            return text
    fields = {name: getattr(source, name) for name in _SOURCE_FIELDS}
    if source.published is not None:
        fields["published"] = str(source.published)
    return {name: value for name, value in fields.items() if value is not None}


def _reads_back(text: str, read: Callable[[str], object], value: object) -> bool:
    try:
        return read(text) == value
    except GeotimelineError:
        return False


class _Flow(tuple[str, ...]):
    """A list written on one line, ``[Russia, Ukraine]``, as people write short lists."""

    __slots__ = ()


def _dumper_class() -> type[yaml.SafeDumper]:
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    # The writer quotes exactly what the reader would not read back as text.
    Dumper.yaml_implicit_resolvers = _resolvers(yaml.SafeDumper.yaml_implicit_resolvers)
    Dumper.add_representer(_Flow, _represent_flow)
    Dumper.add_representer(_Mapping, Dumper.represent_dict)
    Dumper.add_representer(str, _represent_text)
    return Dumper


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    # PyYAML writes NEL (U+0085) raw in single quotes, where YAML reads it as a line break;
    # double quotes escape it.
    style = '"' if any(char in text for char in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_flow(dumper: yaml.SafeDumper, values: Mapping[str, Any] | _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(values), flow_style=True)
