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
"""

from __future__ import annotations

import io
import itertools
import json
import operator
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, TextIO, cast

from geotimeline.errors import FormatError, GeotimelineError, listed, shown
from geotimeline.events.event import Event
from geotimeline.io import Progress, text_of
from geotimeline.io._collector import no_cycle_collection
from geotimeline.io._event_json import (
    Structurer,
    remember,
    structure_event,
    unstructure_event,
    unstructure_with,
)
from geotimeline.io._event_json import converter as converter
from geotimeline.io._event_json import structure_source as structure_source
from geotimeline.io._json_objects import RepeatedKeyError as RepeatedKeyError
from geotimeline.io._json_objects import decode_json as _decode_json
from geotimeline.io._json_objects import object_without_repeats as object_without_repeats
from geotimeline.io._written_lines import written_fields
from geotimeline.io.files import write_atomically as write_atomically
from geotimeline.time.when import When
from geotimeline.timeline.timeline import Timeline

# This module holds the document around the events: its header, and writing and reading it
# (streamed or whole). Converting one event to and from JSON, with the fast route and its
# caches, is in _event_json; what other modules import of it is exported from here.

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
# The fields of the usual event, whose only object inside is its place: decode_batch counts
# their members without walking them.
_USUAL_KEYS: Final = frozenset({"id", "title", "when", "summary", "actors", "place", "tags"})
# How the writer ends the first line; the streaming reader relies on it.
_EVENTS_OPENING: Final = ', "events": ['
# Events are written in batches: one write call per event costs more than the encoding.
_WRITE_BATCH: Final = 1000
# How many lines the streaming reader decodes with one call to the JSON decoder.
_READ_BATCH: Final = 1000
# A line of the streamed layout holds one event; a longer line sends the file to the
# whole-document reader, which reads at most _MAX_DOCUMENT characters.
_MAX_STREAMED_LINE: Final = 16 * 1024 * 1024
# What the streaming reader is given in place of a longer line: a line of no layout, which
# sends the file to the whole-document reader wherever it comes (after the events too).
_TOO_LONG: Final = "<a line too long to stream>"
# How many characters the streaming reader reads at a time.
_READ_BLOCK: Final = 1024 * 1024
_MAX_DOCUMENT: Final = 1024 * 1024 * 1024
# Skipped at the start of a file: editors on Windows write it, and it is no part of the JSON.
_BYTE_ORDER_MARK: Final = "\ufeff".encode()
# One encoder for every line: json.dumps(..., ensure_ascii=False) would build a new one each call.
_encode: Final = json.JSONEncoder(ensure_ascii=False).encode


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


class _DateTexts(dict[When, str]):
    """The EDTF text of dates, each formatted once: a large timeline repeats its dates a lot.

    Hashing a ``When`` costs a fraction of formatting it. Bounded like the reader's caches.
    """

    def __call__(self, when: When) -> str:
        text = self.get(when)
        if text is None:
            text = str(when)
            remember(self, when, text)
        return text


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
        batch.append(_encode(unstructure_with(event, date_text)))
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

    A leading UTF-8 byte order mark is skipped. A pipe (a FIFO, ``/dev/stdin``) is read
    whole, as it cannot be read twice.

    Raises :class:`~geotimeline.errors.FormatError` naming the file, the event and the field
    at fault; no timeline is returned from a file with any error in it. ``progress``, if
    given, is called with the bytes read so far and the file's size.

    Runtime complexity: O(n log n) time (O(n) for a file in order, as written); memory for the
    events, plus one line of text at a time (the whole text, from a pipe).
    """
    source = os.fspath(path)
    try:
        with open(path, "rb") as binary:
            found: Timeline | str | bytes
            if binary.seekable():
                text = io.TextIOWrapper(binary, encoding="utf-8-sig")
                found = _read_file(text, source, progress)
                size = os.fstat(binary.fileno()).st_size
            else:
                found = _read_stream(binary.read, source)
                size = len(found)
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(source, None, f"cannot be read: {error}") from error
    if isinstance(found, bytes):
        timeline = loads(found, source)
    elif isinstance(found, str):
        timeline = _read_document(found, source)
    else:
        timeline = found
    if progress is not None:
        progress(size, size)
    return timeline


def _read_file(handle: TextIO, source: str, progress: Progress | None) -> Timeline | str:
    """The timeline in a file read a line at a time, or (not in the writer's layout) its text
    for the whole-document reader.
    """
    with no_cycle_collection():
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
        handle.seek(0)
        timeline = _read_lines(_bounded_lines(handle), source, report)
    if timeline is not None:
        return timeline
    handle.seek(0)
    text = handle.read(_MAX_DOCUMENT + 1)
    if len(text) > _MAX_DOCUMENT:
        reason = f"is longer than {_MAX_DOCUMENT:,} characters and not streamable"
        raise FormatError(source, None, reason)
    return text


def _read_stream(read: Callable[[int], bytes], source: str) -> bytes:
    """The bytes of a pipe, read whole (it cannot be read twice), once its first character
    shows it could be a timeline: an endless stream of anything else is refused at once.
    """
    head = read(len(_BYTE_ORDER_MARK))
    kept = [head]
    rest = head.removeprefix(_BYTE_ORDER_MARK).lstrip()
    while not rest and (byte := read(1)):
        kept.append(byte)
        rest = byte.lstrip()
    _check_start(rest[:1].decode("utf-8", "replace"), source)
    data = b"".join(kept) + read(_MAX_DOCUMENT + 1)
    if len(data) > _MAX_DOCUMENT:
        reason = f"is longer than {_MAX_DOCUMENT:,} bytes, read from a pipe"
        raise FormatError(source, None, reason)
    return data


def _check_opening(handle: TextIO, source: str) -> None:
    """Refuse at once a file whose first character could not open a JSON object (say, a
    device of endless zeros), before any reader looks for the end of its first line.
    """
    start = handle.read(1)
    while start.isspace():
        start = handle.read(1)
    _check_start(start, source)


def _check_start(start: str, source: str) -> None:
    if start != "{":
        found = repr(start) if start else "nothing"
        raise FormatError(
            source, "line 1", f"is not a timeline: a JSON object begins with '{{', not {found}"
        )


def _bounded_lines(handle: TextIO) -> Iterator[str]:
    """The lines of ``handle`` without their line breaks, ending early, with :data:`_TOO_LONG`,
    at a line longer than one event could sensibly be.

    The text is read a block at a time and split by C code: a call to ``readline`` and a step
    of a generator for each line cost more than the rest of reading it, at a million lines.
    """
    return itertools.chain.from_iterable(_blocks_of_lines(handle))


def _blocks_of_lines(handle: TextIO) -> Iterator[list[str]]:
    """The lines of ``handle`` (see :func:`_bounded_lines`), a list for each block read."""
    begun: list[str] = []  # the pieces of a line that the blocks read so far have not ended
    while block := handle.read(_READ_BLOCK):
        lines = block.split("\n")
        begun.append(lines[0])
        if len(lines) > 1:  # the line begun ends in this block, and another begins
            lines[0] = "".join(begun)
            begun = [lines.pop()]
            if max(map(len, lines)) > _MAX_STREAMED_LINE:
                yield _up_to_too_long(lines)
                return
            yield lines
        if sum(map(len, begun)) > _MAX_STREAMED_LINE:
            yield [_TOO_LONG]
            return
    last = "".join(begun)
    if last:  # the file does not end with a line break
        yield [last] if len(last) <= _MAX_STREAMED_LINE else [_TOO_LONG]


def _up_to_too_long(lines: list[str]) -> list[str]:
    """``lines`` up to the first one longer than the limit, which gives way to _TOO_LONG."""
    long = next(n for n, line in enumerate(lines) if len(line) > _MAX_STREAMED_LINE)
    return [*lines[:long], _TOO_LONG]


def loads(text: str | bytes, source: str = "<string>") -> Timeline:
    """Read a timeline from the text of a native JSON document.

    >>> loads('{"format": "geotimeline", "version": 1, "events": []}')
    <Timeline: 0 events>

    Runtime complexity: O(n log n) (O(n) for a document in order, as written).
    """
    # A byte order mark is dropped from text too: read_text(encoding="utf-8") keeps it.
    text = text_of(text, source).removeprefix("\ufeff")
    with no_cycle_collection():
        timeline = _read_lines(io.StringIO(text), source)
    return timeline if timeline is not None else _read_document(text, source)


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
    structurer = Structurer(source)
    events: list[Event] = []
    batch: list[str] = []
    last_line = 1  # the number of the last event line in the batch (the opening line's, 1)
    # Lines are read and checked a chunk at a time, by C loops rather than a step per line.
    while chunk := list(itertools.islice(lines, _READ_BATCH)):
        texts = list(map(str.strip, chunk))
        closing = texts.index("]}") if "]}" in texts else len(texts)
        batch += texts[:closing]
        last_line += closing
        if closing < len(texts):
            ends_well = not batch or not batch[-1].endswith(",")
            if not (ends_well and not any(texts[closing + 1 :]) and _only_blank(lines)):
                return None
            if not _read_batch(batch, last_line, structurer, events):
                return None
            return _finish(events, header, source)
        # A line without a comma must be the last event: keep it for the closing line to check,
        # unless the lines kept are none of the layout's (so that no text piles up unread).
        # The lines read now are checked by _read_batch.
        if batch[-1].endswith(","):
            if not _read_batch(batch, last_line, structurer, events):
                return None
            if report is not None:
                report()
        elif not _event_lines(texts):
            return None
    return None


def _event_lines(texts: list[str]) -> bool:
    """Whether each of ``texts`` (stripped lines) could be an event of the writer's layout."""
    opened = all(map(str.startswith, texts, itertools.repeat("{")))
    return opened and all(map(str.endswith, texts, itertools.repeat(("}", "},"))))


def _read_batch(
    batch: list[str], last_line: int, structurer: Structurer, events: list[Event]
) -> bool:
    """Decode a batch of event lines into ``events``; False when they are not in the layout.

    ``last_line`` is the number of the batch's last line. Every event line of the document
    but the last ends with a comma, so a batch is a JSON list once its last comma goes.
    """
    if not batch:
        return True
    written = written_fields(batch)
    if written is not None and (read := structurer.written_columns(written)) is not None:
        events += read  # the usual batch, read without decoding its JSON
        batch.clear()
        return True
    if not _event_lines(batch):  # (the line pattern matches event lines only)
        return False
    if batch[-1].endswith(","):
        text = "[" + "".join(batch)[:-1] + "]"
    else:
        text = "[" + "".join(batch) + "]"
    first_line = last_line - len(batch) + 1
    try:
        decoded = decode_batch(text)
    except RepeatedKeyError as error:
        repeated = _repeated_key_error(batch, first_line, structurer.source, error.key)
        if repeated is None:
            return False  # a line is no object of its own: the whole-document reader says
        raise repeated from None
    except (ValueError, RecursionError):  # not JSON, or a number of over 4300 digits
        return False  # the whole-document reader says what is wrong, and where
    if len(decoded) != len(batch):  # two events on one line: not the writer's layout
        return False
    made = structurer.usual_events(decoded)
    if made is None:  # some usual event is not plainly valid: each says for itself
        made = [None] * len(decoded)
    elif not any(map(operator.is_, made, itertools.repeat(None))):
        events += cast("list[Event]", made)  # the usual batch, taken whole by a C loop
        batch.clear()
        return True
    for offset, (raw, event) in enumerate(zip(decoded, made, strict=True)):
        if event is None:
            event = structurer.event(raw, _where, len(events) + 1, raw, first_line + offset)
        events.append(event)
    batch.clear()
    return True


def _repeated_key_error(
    batch: list[str], first_line: int, source: str, key: str
) -> FormatError | None:
    """The error for a key given twice, naming the line of the batch that gives it; None when
    a line before it is not a JSON object of its own (a bracket left open takes the next
    lines into it), so that the batch is not in the writer's layout after all.
    """
    for offset, line in enumerate(batch):
        try:
            _decode_json(line.removesuffix(","))
        except RepeatedKeyError:
            return FormatError(source, f"line {first_line + offset}", _twice(key))
        except (ValueError, RecursionError):
            return None
    return None  # the repeat spans lines: not the writer's layout either


def _twice(key: str) -> str:
    return f"gives the key {shown(key)} twice in one object"


def _only_blank(lines: Iterator[str]) -> bool:
    return all(not line.strip() for line in lines)


def _where(number: int, raw: object, line: int | None = None) -> str:
    """Where an event is: its line when known, its position, and its id when it has one."""
    at_line = f"line {line}, " if line is not None else ""
    event_id = raw.get("id") if isinstance(raw, dict) else None
    named = f" ({shown(event_id)})" if isinstance(event_id, str) else ""
    return f"{at_line}event {number}{named}"


# The C decoder's own route, which builds each object as a dict directly: several times faster
# than handing it every object's pairs, as _decode_json must.
_decode_plain: Final = json.JSONDecoder().decode


def decode_batch(text: str) -> Any:
    """The JSON value of a batch of event lines, refusing (with :class:`RepeatedKeyError`) an
    object that gives a key twice, as ``_decode_json`` does, and decoding at the speed of
    ``json.loads`` where the text shows that no object could have lost a key.

    ``json.loads`` keeps the last of two equal keys, so its objects hold fewer members than
    the text names keys exactly when some object repeats one. Every key's closing quote is
    followed by its colon or by white space, so where no quote is followed by white space,
    ``text.count('":')`` counts every key once, and maybe more (an escaped quote, or a string
    that starts with a colon, add to it): never fewer than the keys. ``_members`` counts the
    members of the events' usual objects, maybe fewer than they hold, never more. Members ≤
    keys ≤ count, with members = keys only if no object lost a key: equal counts prove there
    was none. Any other text (spacing the writer never makes, an unusual event whose objects
    are not all counted, an invalid one) goes through ``_decode_json``, whose hook sees every
    pair and fails as it always did.

    >>> decode_batch('[{"id": "a", "place": {"name": "Kyiv"}}]')
    [{'id': 'a', 'place': {'name': 'Kyiv'}}]
    >>> decode_batch('[{"id": "a", "place": {"name": "Kyiv", "name": "Kiev"}}]')
    Traceback (most recent call last):
    ...
    geotimeline.io._json_objects.RepeatedKeyError: name

    Runtime complexity: O(n) in the length of ``text``.
    """
    if _quote_before_space(text):
        return _decode_json(text)
    try:
        decoded = _decode_plain(text)
    except (ValueError, RecursionError):
        return _decode_json(text)  # which raises what it always raised for this text
    if _members(decoded) != text.count('":'):
        return _decode_json(text)
    return decoded


def _quote_before_space(text: str) -> bool:
    # JSON's white space is these four characters. Raw tabs and line breaks can be nothing
    # but white space (a string must escape them), and the writer makes none within a line:
    # text holding one is sent the slow way whether or not a quote comes before it.
    return '" ' in text or "\t" in text or "\n" in text or "\r" in text


def _members(decoded: Any) -> int:
    """How many members the objects of a decoded batch of events hold, or fewer: an event of
    the usual shape (fields of ``_USUAL_KEYS``) counts its own and its place's only, and a
    value that is not a list of objects counts as -1.
    """
    if type(decoded) is not list:
        return -1
    if set(map(type, decoded)) <= {dict} and all(map(_USUAL_KEYS.issuperset, decoded)):
        # The usual batch, counted by C loops; a place that is there and no object (which
        # the loop below would not count) sends the batch to it.
        places = list(filter(None, map(dict.get, decoded, itertools.repeat("place"))))
        if set(map(type, places)) <= {dict}:
            return sum(map(len, decoded)) + sum(map(len, places))
    usual, count = _USUAL_KEYS.issuperset, 0
    # A plain loop: faster here than chains of map() and compress(), measured.
    for raw in decoded:
        if type(raw) is not dict:
            return -1
        if not usual(raw):
            count += _member_count(raw)
            continue
        count += len(raw)
        place = raw.get("place")
        if type(place) is dict:
            count += len(place)
    return count


def _member_count(value: Any) -> int:
    """The members of every object in ``value``, at any depth."""
    count, pending = 0, [value]
    while pending:
        item = pending.pop()
        if type(item) is dict:
            count += len(item)
            pending.extend(item.values())
        elif type(item) is list:
            pending.extend(item)
    return count


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
    except RepeatedKeyError as error:
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
    structurer = Structurer(source)
    with no_cycle_collection():
        events = [
            structurer.event(raw, _where, number, raw) for number, raw in enumerate(raw_events, 1)
        ]
    return _finish(events, document, source)


def _check_header(document: Any, source: str) -> None:
    if not isinstance(document, dict):
        raise FormatError(source, None, "is not a JSON object")
    if document.get("format") != FORMAT_NAME:
        raise FormatError(source, "format", f"is not a {FORMAT_NAME} document")
    version = document.get("version")
    # true == 1 and 1.0 == 1 to Python, but neither is the integer a version is.
    if type(version) is not int or version != FORMAT_VERSION:
        raise FormatError(
            source, "version", f"{shown(version)} is not supported (only {FORMAT_VERSION})"
        )
    unknown = set(document) - _HEADER_FIELDS
    if unknown:
        raise FormatError(source, None, f"has unknown fields: {listed(unknown)}")
    for field in ("title", "description"):
        if not isinstance(document.get(field, ""), str):
            raise FormatError(source, field, "must be text")


def _finish(events: list[Event], header: dict[str, Any], source: str) -> Timeline:
    try:
        return Timeline(events, title=header.get("title"), description=header.get("description"))
    except GeotimelineError as error:
        raise FormatError(source, "events", str(error)) from None
