"""The native file format: a versioned JSON document, one event per line.

A document looks like this (the JSON Schema is ``docs/schema/geotimeline-1.schema.json``)::

    {"format": "geotimeline", "version": 1, "title": "...", "description": "...", "events": [
    {"id": "2014-03-18-crimea-annexed", "title": "Crimea annexed", "when": "2014-03-18", ...},
    ...
    ]}

Dates are EDTF text (``str(When)``), so a file says exactly what its author knew. Fields that
hold their default (empty lists, no place) are left out. One event per line keeps files fast to
write with the C JSON encoder and readable in a line-based diff.

Large files stream both ways: :func:`save` writes an event at a time, and :func:`load` reads a
file in this layout a line at a time, so neither holds the whole text nor the whole decoded
document in memory. Any other valid JSON layout (a file pretty-printed by another tool) is read
as one document instead, with the same checks.

Conversion between events and JSON has two routes that give the same results. A hand-written
fast route (:func:`structure_event`, :func:`unstructure_event`) handles plain JSON; anything it
does not expect goes through one :mod:`cattrs` converter, made strict (a number is not silently
accepted where text is expected, nor text where a number is), whose error messages name the
field at fault.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, TextIO, TypeVar, cast

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from geotimeline.errors import FormatError, GeotimelineError, InvalidFieldError
from geotimeline.event import Event, Link, Relation, Source
from geotimeline.io import Progress
from geotimeline.place import Place
from geotimeline.timeline import Timeline
from geotimeline.when import When

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "dumps",
    "load",
    "loads",
    "save",
    "structure_event",
    "unstructure_event",
    "write_atomically",
]

FORMAT_NAME: Final = "geotimeline"
FORMAT_VERSION: Final = 1

_HEADER_FIELDS: Final = frozenset({"format", "version", "title", "description", "events"})
# How the writer ends the first line; the streaming reader relies on it.
_EVENTS_OPENING: Final = ', "events": ['
# Events are written in batches: one write call per event costs more than the encoding.
_WRITE_BATCH: Final = 1000
_Key = TypeVar("_Key")
_Value = TypeVar("_Value")
# How many distinct dates, places and lists of names a load remembers to share between events.
# A full cache is emptied and filled again: files run in date order, so the values met next are
# more likely to be new ones than the oldest of those remembered.
_CACHE_SIZE: Final = 100_000
# How many lines the streaming reader decodes with one call to the JSON decoder.
_READ_BATCH: Final = 1000
# A line of the streamed layout holds one event; a longer line sends the file to the
# whole-document reader, which reads at most _MAX_DOCUMENT characters.
_MAX_STREAMED_LINE: Final = 16 * 1024 * 1024
_MAX_DOCUMENT: Final = 1024 * 1024 * 1024


def _strict(kind: type[Any], *accepted: type[Any]) -> Any:
    def structure(value: Any, _: Any) -> Any:
        # bool is an int subclass, but true/false is never a sensible coordinate or text.
        if isinstance(value, bool) or not isinstance(value, accepted or (kind,)):
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__} {value!r}")
        return kind(value)

    return structure


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True)
    converter.register_structure_hook(str, _strict(str))
    converter.register_structure_hook(float, _strict(float, int, float))
    converter.register_structure_hook(When, lambda value, _: When.coerce(_strict(str)(value, str)))
    converter.register_unstructure_hook(When, str)
    # Required fields first, in the class's order, so that every line of a file starts alike.
    converter.register_unstructure_hook(
        Event,
        make_dict_unstructure_fn(
            Event,
            converter,
            _cattrs_omit_if_default=True,
            id=override(omit_if_default=False),
            title=override(omit_if_default=False),
            when=override(omit_if_default=False),
        ),
    )
    converter.register_unstructure_hook(Relation, str)
    converter.register_unstructure_hook(MappingProxyType, dict)
    return converter


converter: Final = _make_converter()
# One encoder for every line: json.dumps(..., ensure_ascii=False) would build a new one each call.
_encode: Final = json.JSONEncoder(ensure_ascii=False).encode


# -- events to and from JSON ------------------------------------------------------------------


def unstructure_event(event: Event) -> dict[str, Any]:
    """The JSON-ready dict of an event, as the native format writes it: defaults left out.

    >>> from geotimeline import Event
    >>> unstructure_event(Event(title="Crimea annexed", when="2014-03-18", tags=["Ukraine"]))
    {'id': '2014-03-18-crimea-annexed', 'title': 'Crimea annexed', 'when': '2014-03-18', 'tags': ['ukraine']}

    Runtime complexity: O(size of the event).
    """  # noqa: E501 (a doctest's output is one line)
    return _unstructure(event, str)


def _unstructure(event: Event, date_text: Callable[[When], str]) -> dict[str, Any]:
    raw: dict[str, Any] = {"id": event.id, "title": event.title, "when": date_text(event.when)}
    if event.summary:
        raw["summary"] = event.summary
    if event.actors:
        raw["actors"] = list(event.actors)
    if event.place is not None:
        raw["place"] = _unstructure_place(event.place)
    if event.tags:
        raw["tags"] = list(event.tags)
    if event.sources:
        raw["sources"] = [_unstructure_source(source) for source in event.sources]
    if event.links:
        raw["links"] = [
            {"relation": link.relation.value, "target": link.target} for link in event.links
        ]
    if event.metadata:
        raw["metadata"] = dict(event.metadata)
    return raw


def _unstructure_place(place: Place) -> dict[str, Any]:
    raw: dict[str, Any] = {"name": place.name}
    if place.country is not None:
        raw["country"] = place.country
    if place.region is not None:
        raw["region"] = place.region
    if place.latitude is not None:
        raw["latitude"] = place.latitude
        raw["longitude"] = place.longitude
    return raw


def _unstructure_source(source: Source) -> dict[str, Any]:
    raw: dict[str, Any] = {"outlet": source.outlet}
    if source.url is not None:
        raw["url"] = source.url
    if source.published is not None:
        raw["published"] = str(source.published)
    if source.quote is not None:
        raw["quote"] = source.quote
    return raw


def structure_source(raw: Any) -> Source:
    """The :class:`~geotimeline.Source` a JSON-ready dict describes, checked as strictly as a
    source inside an event.

    >>> structure_source({"outlet": "Reuters", "published": "2017-11-11"}).published
    When('2017-11-11')

    Raises :class:`~geotimeline.errors.InvalidFieldError` saying what is wrong.
    """
    try:
        event = structure_event({"id": "x", "title": "x", "when": "2000", "sources": [raw]})
    except FormatError as error:
        reason = error.reason.removeprefix("sources[0]: ")
        raise InvalidFieldError("sources", raw, f"is not a source ({reason})") from None
    return event.sources[0]


def structure_event(raw: Any, source: str = "<data>", location: str = "event") -> Event:
    """The event a JSON-ready dict describes (as :func:`unstructure_event` makes them).

    Raises :class:`~geotimeline.errors.FormatError` naming ``source``, ``location`` and the
    field at fault.

    >>> structure_event({"id": "a", "title": "Crimea annexed", "when": "2014-03-18"}).when
    When('2014-03-18')
    >>> structure_event({"id": "a", "title": "Crimea annexed", "when": 2014})
    Traceback (most recent call last):
    ...
    geotimeline.errors.FormatError: <data>, event: when: invalid value for type, expected When

    Runtime complexity: O(size of the event).
    """
    return _Structurer(source).event(raw, lambda: location)


class _Structurer:
    """Turns the decoded events of one document into events.

    Equal dates and places are parsed once and shared between events (they are immutable):
    large timelines repeat them a lot, so this saves both time and memory. The caches are per
    document, and bounded so that a file of all-distinct values cannot grow them without end.
    """

    __slots__ = ("_dates", "_names", "_places", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._dates: dict[str, When] = {}
        self._places: dict[tuple[tuple[str, Any], ...], Place] = {}
        # Converted lists of actors and of tags, by field and the raw list's items.
        self._names: dict[tuple[str, tuple[Any, ...]], tuple[str, ...]] = {}

    @property
    def source(self) -> str:
        """The name of the document read, for error messages."""
        return self._source

    def event(self, raw: Any, location: Callable[..., str], *where: Any) -> Event:
        """The event of ``raw``; ``location(*where)`` says where it is, for error messages.

        (The location is made only for an error: most events have none, and a large file has
        millions of events.)
        """
        if not isinstance(raw, dict):
            raise FormatError(self._source, location(*where), "is not a JSON object")
        try:
            return self._plain(raw)
        except (GeotimelineError, TypeError, ValueError, KeyError, AttributeError):
            # Not plain, or not valid: cattrs' route either reads it or says precisely why not.
            pass
        try:
            event: Event = converter.structure(raw, Event)
        except cattrs.BaseValidationError as error:
            raise FormatError(self._source, location(*where), _describe(error)) from None
        except (GeotimelineError, ValueError, TypeError) as error:
            raise FormatError(self._source, location(*where), str(error)) from None
        return event

    def _plain(self, raw: dict[str, Any]) -> Event:
        """The fast route: JSON exactly as the writer makes it, else an exception.

        It is never laxer than the cattrs route: every check cattrs' strict hooks make and the
        attrs converters would not is made here (a place must be an object, a country text).
        """
        if _QUICK_FIELDS.issuperset(raw) and _QUICK_ROUTE_FITS:
            return self._quick(raw)
        fields = dict(raw)
        fields["when"] = self._date(raw["when"])
        place = raw.get("place")
        if place is not None:
            fields["place"] = self._place(place)
        sources = raw.get("sources")
        if sources is not None:
            fields["sources"] = [self._source_of(item) for item in _plain_list(sources)]
        links = raw.get("links")
        if links is not None:
            fields["links"] = [Link(**_plain_dict(item)) for item in _plain_list(links)]
        for name in ("actors", "tags"):
            if name in raw:
                _plain_list(raw[name])
        if "metadata" in raw:
            _plain_dict(raw["metadata"])
        return Event(**fields)

    def _quick(self, raw: dict[str, Any]) -> Event:
        """``Event(**raw)`` for the usual event (no sources, links or metadata), made faster.

        Each field still goes through the Event's own converter, and the event through its
        own post-init check, so the result is the event ``Event(**raw)`` makes; what goes is
        the generic ``__init__``'s overhead, and the conversion of lists of actors and tags
        that many events repeat, which is done once per distinct list. Raises, as the
        constructor would, on anything invalid.
        """
        get = raw.get
        place = get("place")
        summary = get("summary")
        # Every value is made before the event, so that one that fails leaves no half-event.
        # The slots are set one by one rather than in a loop: a million events notice.
        values = (
            raw["id"],
            _to_title(raw["title"]),
            _to_when(self._date(raw["when"])),
            _NO_SUMMARY if summary is None and "summary" not in raw else _to_summary(summary),
            self._names_of("actors", get("actors", ())),
            None if place is None else _to_place(self._place(place)),
            self._names_of("tags", get("tags", ())),
        )
        event: Event = object.__new__(Event)
        _set_id(event, values[0])
        _set_title(event, values[1])
        _set_when(event, values[2])
        _set_summary(event, values[3])
        _set_actors(event, values[4])
        _set_place(event, values[5])
        _set_tags(event, values[6])
        _set_sources(event, _NO_SOURCES)
        _set_links(event, _NO_LINKS)
        _set_metadata(event, _NO_METADATA)
        event.__attrs_post_init__()
        return event

    def _names_of(self, field: str, raw: Any) -> tuple[str, ...]:
        if type(raw) is not list and raw != ():
            raise TypeError("not a list")
        key = (field, tuple(raw))
        names = self._names.get(key)
        if names is None:
            names = _CONVERT[field](raw)
            _remember(self._names, key, names)
        return names

    def _source_of(self, raw: Any) -> Source:
        fields = dict(_plain_dict(raw))
        published = fields.get("published")
        if published is not None:
            fields["published"] = self._date(published)
        return Source(**fields)

    def _date(self, text: Any) -> When:
        if type(text) is not str:
            raise TypeError("a date must be text")
        when = self._dates.get(text)
        if when is None:
            when = When.parse(text)
            _remember(self._dates, text, when)
        return when

    def _place(self, raw: Any) -> Place:
        key = tuple(_plain_dict(raw).items())
        place = self._places.get(key)
        if place is None:
            # The Place converter takes numeric country codes; the format wants text.
            country = raw.get("country")
            if country is not None and type(country) is not str:
                raise TypeError("a country must be text")
            place = Place(**raw)
            _remember(self._places, key, place)
        return place


# The quick route (_Structurer._quick) fills an Event's slots itself, with the converters and
# defaults attrs records for each field. It is used only while Event has exactly the fields it
# knows and no validators (which it would skip); otherwise every event takes the usual route.
_EVENT_FIELDS: Final = attrs.fields(Event)
_QUICK_ROUTE_FITS: Final = [field.name for field in _EVENT_FIELDS] == [
    "id", "title", "when", "summary", "actors", "place", "tags", "sources", "links", "metadata",
    "sort_key",
] and all(field.validator is None for field in _EVENT_FIELDS)  # fmt: skip
_QUICK_FIELDS: Final = frozenset({"id", "title", "when", "summary", "actors", "place", "tags"})
_CONVERT: Final[dict[str, Callable[[Any], Any]]] = {
    field.name: cast("Callable[[Any], Any]", field.converter)
    for field in _EVENT_FIELDS
    if field.converter is not None
}
_SETTERS: Final[dict[str, Callable[[Event, Any], None]]] = {
    field.name: getattr(Event, field.name).__set__ for field in _EVENT_FIELDS
}


def _unusable(*_: Any) -> Any:
    """Stands in for what the Event class no longer has, should it change (see above)."""
    raise TypeError("the quick route does not fit the Event class")


def _default(name: str) -> Any:
    """A field's default as its converter makes it, as ``Event(...)`` would store it."""
    fields = attrs.fields_dict(Event)
    return _CONVERT[name](fields[name].default) if name in _CONVERT and name in fields else None


def _setter(name: str) -> Callable[[Event, Any], None]:
    return _SETTERS.get(name, _unusable)


def _converter(name: str) -> Callable[[Any], Any]:
    return _CONVERT.get(name, _unusable)


# The converters and slot setters the quick route calls, bound once, and the values of the
# fields it does not read.
_to_title, _to_when = _converter("title"), _converter("when")
_to_summary, _to_place = _converter("summary"), _converter("place")
_set_id, _set_title, _set_when = _setter("id"), _setter("title"), _setter("when")
_set_summary, _set_actors, _set_place = _setter("summary"), _setter("actors"), _setter("place")
_set_tags, _set_sources, _set_links = _setter("tags"), _setter("sources"), _setter("links")
_set_metadata = _setter("metadata")
_NO_SUMMARY, _NO_SOURCES = _default("summary"), _default("sources")
_NO_LINKS, _NO_METADATA = _default("links"), _default("metadata")


def _remember(cache: dict[_Key, _Value], key: _Key, value: _Value) -> None:
    """Keep ``value`` in a bounded cache, emptying it first when it is full."""
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value


def _plain_list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise TypeError("not a list")
    return value


def _plain_dict(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise TypeError("not an object")
    return value


def _explain(error: BaseException, expected: type[Any] | None) -> str:
    # Our own errors already say what is wrong; cattrs' wording is for everything else.
    if isinstance(error, GeotimelineError):
        return str(error)
    return cattrs.v.format_exception(error, expected)


def _describe(error: cattrs.BaseValidationError) -> str:
    """cattrs' messages, "what @ .path", turned into "path: what"."""
    described = []
    for message in cattrs.transform_error(error, path="", format_exception=_explain):
        what, _, path = message.rpartition(" @ ")
        described.append(f"{path.lstrip('.')}: {what}" if path else what)
    return "; ".join(described)


# -- writing ----------------------------------------------------------------------------------


def dumps(timeline: Timeline) -> str:
    """The native JSON document of a timeline, as text.

    >>> from geotimeline import Event, Timeline
    >>> print(dumps(Timeline([Event(title="Crimea annexed", when="2014-03-18")])))
    {"format": "geotimeline", "version": 1, "events": [
    {"id": "2014-03-18-crimea-annexed", "title": "Crimea annexed", "when": "2014-03-18"}
    ]}

    Runtime complexity: O(n).
    """
    parts: list[str] = []
    _write(timeline, parts.append)
    return "".join(parts)


def save(
    timeline: Timeline, path: str | os.PathLike[str], progress: Progress | None = None
) -> None:
    """Write a timeline to ``path`` atomically, streaming it an event at a time.

    The document goes to a temporary file beside ``path``, which is flushed to disk and then
    renamed over ``path``: a crash or an error part-way leaves the previous file intact.
    ``progress``, if given, is called with the events written so far and their number.

    Runtime complexity: O(n) time, O(1) memory beyond the timeline.
    """
    write_atomically(path, lambda write: _write(timeline, write, progress))


def write_atomically(
    path: str | os.PathLike[str], produce: Callable[[Callable[[str], object]], None]
) -> None:
    """Call ``produce(write)`` to write text to ``path``, atomically; every format saves so.

    The text goes to a temporary file beside ``path``, which is flushed to disk and then
    renamed over ``path``: a crash or an error part-way leaves the previous file intact, and
    the file keeps the permissions the previous one had.
    """
    target = Path(path)
    # Not a with-block: the file must outlive its handle so that it can be renamed.
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
        "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp",
        delete=False, newline="",
    )  # fmt: skip
    try:
        with handle:
            produce(handle.write)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_permissions(target, handle.name)
        os.replace(handle.name, target)
    except BaseException:
        os.unlink(handle.name)
        raise


class _DateTexts(dict[When, str]):
    """The EDTF text of dates, each formatted once: a large timeline repeats its dates a lot.

    Hashing a ``When`` costs a fraction of formatting it. Bounded like the reader's caches.
    """

    def __call__(self, when: When) -> str:
        text = self.get(when)
        if text is None:
            text = str(when)
            _remember(self, when, text)
        return text


def _keep_permissions(target: Path, temporary: str) -> None:
    # NamedTemporaryFile makes files readable by the owner only; a saved timeline should keep
    # the mode the previous file had, or the usual one for a new file.
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


def _write(
    timeline: Timeline, write: Callable[[str], object], progress: Progress | None = None
) -> None:
    header: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    if timeline.title is not None:
        header["title"] = timeline.title
    if timeline.description is not None:
        header["description"] = timeline.description
    write(_encode(header)[:-1] + _EVENTS_OPENING)
    total, done = len(timeline), 0
    if not total:
        write("]}")
        if progress is not None:
            progress(0, 0)
        return
    separator = "\n"
    batch: list[str] = []
    date_text = _DateTexts()
    for event in timeline:
        batch.append(_encode(_unstructure(event, date_text)))
        if len(batch) == _WRITE_BATCH:
            write(separator + ",\n".join(batch))
            separator = ",\n"
            done += len(batch)
            batch.clear()
            if progress is not None:
                progress(done, total)
    if batch:
        write(separator + ",\n".join(batch))
    write("\n]}")
    if progress is not None:
        progress(total, total)


# -- reading ----------------------------------------------------------------------------------


def load(path: str | os.PathLike[str], progress: Progress | None = None) -> Timeline:
    """Read a timeline from a native JSON file, streaming it where the layout allows.

    Raises :class:`~geotimeline.errors.FormatError` naming the file, the event and the field
    at fault; no timeline is returned from a file with any error in it. ``progress``, if
    given, is called with the bytes read so far and the file's size.

    Runtime complexity: O(n log n) time (O(n) for a file in order, as written); memory for the
    events, plus one line of text at a time.
    """
    source = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as handle, _no_cycle_collection():
            size = os.fstat(handle.fileno()).st_size
            report = None
            if progress is not None:
                # The file descriptor's position: the text layer does not tell while it is
                # iterated, and is at most one read-ahead chunk behind the descriptor.
                descriptor = handle.fileno()
                report = lambda: progress(  # noqa: E731
                    min(os.lseek(descriptor, 0, os.SEEK_CUR), size), size
                )
            _check_opening(handle, source)
            timeline = _read_lines(_bounded_lines(handle), source, report)
            if timeline is None:
                handle.seek(0)
                text = handle.read(_MAX_DOCUMENT + 1)
                if len(text) > _MAX_DOCUMENT:
                    reason = f"is longer than {_MAX_DOCUMENT:,} characters and not streamable"
                    raise FormatError(source, None, reason)
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(source, None, f"cannot be read: {error}") from error
    if timeline is None:
        timeline = _read_document(text, source)
    if progress is not None:
        progress(size, size)
    return timeline


def _check_opening(handle: TextIO, source: str) -> None:
    """Refuse at once a file whose first character could not open a JSON object (say, a
    device of endless zeros), before any reader looks for the end of its first line.
    """
    start = handle.read(1)
    while start.isspace():
        start = handle.read(1)
    if start != "{":
        found = repr(start) if start else "nothing"
        raise FormatError(
            source, "line 1", f"is not a timeline: a JSON object begins with '{{', not {found}"
        )
    handle.seek(0)


def _bounded_lines(handle: TextIO) -> Iterator[str]:
    """The lines of ``handle``, ending early (with an empty line, which no layout allows) at
    a line longer than one event could sensibly be.
    """
    while line := handle.readline(_MAX_STREAMED_LINE + 1):
        if len(line) > _MAX_STREAMED_LINE:
            yield ""
            return
        yield line


def loads(text: str, source: str = "<string>") -> Timeline:
    """Read a timeline from the text of a native JSON document.

    >>> loads('{"format": "geotimeline", "version": 1, "events": []}')
    <Timeline: 0 events>

    Runtime complexity: O(n log n) (O(n) for a document in order, as written).
    """
    with _no_cycle_collection():
        timeline = _read_lines(io.StringIO(text), source)
    return timeline if timeline is not None else _read_document(text, source)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a load makes millions of objects.

    Events and their parts hold no reference cycles, yet each allocation counts towards the
    next collection, and the collections (each scanning every object made so far) cost more
    than the decoding itself: a large load runs several times faster without them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_lines(
    lines: Iterable[str], source: str, report: Callable[[], object] | None = None
) -> Timeline | None:
    """A timeline from a document in the writer's layout, read a batch of lines at a time.

    Returns None (having raised nothing) when the text is not in that layout, so that the
    caller reads it as one JSON document; a line in the layout but with a bad event in it
    raises the same errors the whole-document reader would.
    """
    lines = iter(lines)
    opening = next(lines, "").rstrip()
    if not opening.endswith(_EVENTS_OPENING):
        return None
    try:
        header = _decode_json(opening[: -len(_EVENTS_OPENING)] + "}")
    except (ValueError, RecursionError):  # not JSON, a repeated key, or a 4300-digit number
        return None
    _check_header(header, source)
    structurer = _Structurer(source)
    events: list[Event] = []
    batch: list[str] = []
    for number, line in enumerate(lines, 2):
        text = line.strip()
        if text == "]}":
            ends_well = not batch or not batch[-1].endswith(",")
            if not (ends_well and _only_blank(lines)):
                return None
            if not _read_batch(batch, number - 1, structurer, events):
                return None
            return _finish(events, header, source)
        if not (text.startswith("{") and text.endswith(("}", "},"))):
            return None
        batch.append(text)
        # A line without a comma must be the last event: keep it for the closing line to check.
        full = len(batch) >= _READ_BATCH and text.endswith(",")
        if full:
            if not _read_batch(batch, number, structurer, events):
                return None
            if report is not None:
                report()
    return None


def _read_batch(
    batch: list[str], last_line: int, structurer: _Structurer, events: list[Event]
) -> bool:
    """Decode a batch of event lines into ``events``; False when they are not in the layout.

    ``last_line`` is the number of the batch's last line. Every event line of the document
    but the last ends with a comma, so a batch is a JSON list once its last comma goes.
    """
    if not batch:
        return True
    if batch[-1].endswith(","):
        text = "[" + "".join(batch)[:-1] + "]"
    else:
        text = "[" + "".join(batch) + "]"
    first_line = last_line - len(batch) + 1
    try:
        decoded = _decode_json(text)
    except _RepeatedKeyError as error:
        raise _repeated_key_error(batch, first_line, structurer.source, error.key) from None
    except (ValueError, RecursionError):  # not JSON, or a number of over 4300 digits
        return False  # the whole-document reader says what is wrong, and where
    if len(decoded) != len(batch):  # two events on one line: not the writer's layout
        return False
    for offset, raw in enumerate(decoded):
        events.append(structurer.event(raw, _where, len(events) + 1, raw, first_line + offset))
    batch.clear()
    return True


def _repeated_key_error(batch: list[str], first_line: int, source: str, key: str) -> FormatError:
    """The error for a key given twice, naming the line of the batch that gives it."""
    for offset, line in enumerate(batch):
        try:
            _decode_json(line.removesuffix(","))
        except _RepeatedKeyError:
            return FormatError(source, f"line {first_line + offset}", _twice(key))
    return FormatError(source, None, _twice(key))  # not reached: some line repeats the key


def _twice(key: str) -> str:
    return f"gives the key {key!r} twice in one object"


def _only_blank(lines: Iterator[str]) -> bool:
    return all(not line.strip() for line in lines)


def _where(number: int, raw: object, line: int | None = None) -> str:
    """Where an event is: its line when known, its position, and its id when it has one."""
    at_line = f"line {line}, " if line is not None else ""
    event_id = raw.get("id") if isinstance(raw, dict) else None
    named = f" ({event_id!r})" if isinstance(event_id, str) else ""
    return f"{at_line}event {number}{named}"


class _RepeatedKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JSON only says names SHOULD be unique, and json.loads keeps the last of two: a field
    # given twice means one of them, and keeping the last would lose the other silently.
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RepeatedKeyError(key)
            seen.add(key)
    return value


_decode_json: Final = json.JSONDecoder(object_pairs_hook=_object_without_repeats).decode


def parse_json(text: str, source: str, kind: str = "timeline") -> Any:
    """The JSON value of ``text``, or a :class:`~geotimeline.errors.FormatError` naming
    ``source`` and where the text stops being the JSON of a ``kind``.

    An object that gives one key twice is refused, as the YAML reader refuses it.

    >>> parse_json('{"events": [}', "bad.json")
    Traceback (most recent call last):
    ...
    geotimeline.errors.FormatError: bad.json, line 1, column 13: is not valid JSON: Expecting value
    >>> parse_json('{"events": [{"title": "A", "title": "B"}]}', "twice.json")
    Traceback (most recent call last):
    ...
    geotimeline.errors.FormatError: twice.json: gives the key 'title' twice in one object
    """
    try:
        return _decode_json(text)
    except _RepeatedKeyError as error:
        raise FormatError(source, None, _twice(error.key)) from None
    except json.JSONDecodeError as error:
        location = f"line {error.lineno}, column {error.colno}"
        raise FormatError(source, location, f"is not valid JSON: {error.msg}") from None
    except RecursionError:
        raise FormatError(source, None, f"is nested too deeply to be a {kind}") from None
    except ValueError as error:  # Python refuses to convert an integer of over 4300 digits
        raise FormatError(source, None, f"holds a number too long to read ({error})") from None


def _read_document(text: str, source: str) -> Timeline:
    document = parse_json(text, source)
    _check_header(document, source)
    raw_events = document.get("events")
    if not isinstance(raw_events, list):
        raise FormatError(source, "events", "must be a list of events")
    structurer = _Structurer(source)
    with _no_cycle_collection():
        events = [
            structurer.event(raw, _where, number, raw) for number, raw in enumerate(raw_events, 1)
        ]
    return _finish(events, document, source)


def _check_header(document: Any, source: str) -> None:
    if not isinstance(document, dict):
        raise FormatError(source, None, "is not a JSON object")
    if document.get("format") != FORMAT_NAME:
        raise FormatError(source, "format", f"is not a {FORMAT_NAME} document")
    if document.get("version") != FORMAT_VERSION:
        version = document.get("version")
        raise FormatError(
            source, "version", f"{version!r} is not supported (only {FORMAT_VERSION})"
        )
    unknown = set(document) - _HEADER_FIELDS
    if unknown:
        raise FormatError(source, None, f"has unknown fields: {', '.join(sorted(unknown))}")
    for field in ("title", "description"):
        if not isinstance(document.get(field, ""), str):
            raise FormatError(source, field, "must be text")


def _finish(events: list[Event], header: dict[str, Any], source: str) -> Timeline:
    try:
        return Timeline(events, title=header.get("title"), description=header.get("description"))
    except GeotimelineError as error:
        raise FormatError(source, "events", str(error)) from None
