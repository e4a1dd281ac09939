"""The native file format: a versioned JSON document, one event per line.

A document looks like this (the JSON Schema is ``docs/schema/geotimeline-1.schema.json``)::

    {"format": "geotimeline", "version": 1, "title": "...", "description": "...", "events": [
    {"id": "2014-03-18-crimea-annexed", "title": "Crimea annexed", "when": "2014-03-18", ...},
    ...
    ]}

Dates are EDTF text (``str(When)``), so a file says exactly what its author knew. Fields that
hold their default (empty lists, no place) are left out. One event per line keeps files fast to
write with the C JSON encoder and readable in a line-based diff.

Conversion between events and JSON goes through one :mod:`cattrs` converter, made strict: a
number is not silently accepted where text is expected, nor text where a number is.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from geotimeline.errors import FormatError, GeotimelineError
from geotimeline.event import Event, Relation
from geotimeline.timeline import Timeline
from geotimeline.when import When

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "dumps", "load", "loads", "save"]

FORMAT_NAME: Final = "geotimeline"
FORMAT_VERSION: Final = 1


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


def dumps(timeline: Timeline) -> str:
    """The native JSON document of a timeline, as text.

    >>> from geotimeline import Event, Timeline
    >>> print(dumps(Timeline([Event(title="Crimea annexed", when="2014-03-18")])))
    {"format": "geotimeline", "version": 1, "events": [
    {"id": "2014-03-18-crimea-annexed", "title": "Crimea annexed", "when": "2014-03-18"}
    ]}
    """
    parts: list[str] = []
    _write(timeline, parts.append)
    return "".join(parts)


def save(timeline: Timeline, path: str | os.PathLike[str]) -> None:
    """Write a timeline to ``path`` atomically.

    The document goes to a temporary file beside ``path``, which is flushed to disk and then
    renamed over ``path``: a crash or an error part-way leaves the previous file intact.
    """
    target = Path(path)
    # Not a with-block: the file must outlive its handle so that it can be renamed.
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
        "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp",
        delete=False,
    )  # fmt: skip
    try:
        with handle:
            _write(timeline, handle.write)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_permissions(target, handle.name)
        os.replace(handle.name, target)
    except BaseException:
        os.unlink(handle.name)
        raise


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


def _write(timeline: Timeline, write: Any) -> None:
    header: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    if timeline.title is not None:
        header["title"] = timeline.title
    if timeline.description is not None:
        header["description"] = timeline.description
    write(json.dumps(header, ensure_ascii=False)[:-1] + ', "events": [')
    separator = "\n"
    for event in timeline:
        write(separator + json.dumps(converter.unstructure(event), ensure_ascii=False))
        separator = ",\n"
    write("\n]}" if len(timeline) else "]}")


def load(path: str | os.PathLike[str]) -> Timeline:
    """Read a timeline from a native JSON file.

    Raises :class:`~geotimeline.errors.FormatError` naming the file, the event and the field
    at fault; no timeline is returned from a file with any error in it.
    """
    source = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(source, None, f"cannot be read: {error}") from error
    return _from_document(_decode(text, source), source)


def loads(text: str, source: str = "<string>") -> Timeline:
    """Read a timeline from the text of a native JSON document.

    >>> loads('{"format": "geotimeline", "version": 1, "events": []}')
    <Timeline: 0 events>
    """
    return _from_document(_decode(text, source), source)


def _decode(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        location = f"line {error.lineno}, column {error.colno}"
        raise FormatError(source, location, f"is not valid JSON: {error.msg}") from None
    except RecursionError:
        raise FormatError(source, None, "is nested too deeply to be a timeline") from None


def _from_document(document: Any, source: str) -> Timeline:
    if not isinstance(document, dict):
        raise FormatError(source, None, "is not a JSON object")
    if document.get("format") != FORMAT_NAME:
        raise FormatError(source, "format", f"is not a {FORMAT_NAME} document")
    if document.get("version") != FORMAT_VERSION:
        version = document.get("version")
        raise FormatError(
            source, "version", f"{version!r} is not supported (only {FORMAT_VERSION})"
        )
    unknown = set(document) - {"format", "version", "title", "description", "events"}
    if unknown:
        raise FormatError(source, None, f"has unknown fields: {', '.join(sorted(unknown))}")
    for field in ("title", "description"):
        if not isinstance(document.get(field, ""), str):
            raise FormatError(source, field, "must be text")
    raw_events = document.get("events")
    if not isinstance(raw_events, list):
        raise FormatError(source, "events", "must be a list of events")
    events = [_structure_event(raw, number, source) for number, raw in enumerate(raw_events, 1)]
    try:
        return Timeline(
            events, title=document.get("title"), description=document.get("description")
        )
    except GeotimelineError as error:
        raise FormatError(source, "events", str(error)) from None


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


def _structure_event(raw: Any, number: int, source: str) -> Event:
    event_id = raw.get("id") if isinstance(raw, dict) else None
    location = f"event {number}" + (f" ({event_id!r})" if isinstance(event_id, str) else "")
    if not isinstance(raw, dict):
        raise FormatError(source, location, "is not a JSON object")
    try:
        event: Event = converter.structure(raw, Event)
    except cattrs.BaseValidationError as error:
        raise FormatError(source, location, _describe(error)) from None
    except (GeotimelineError, ValueError, TypeError) as error:
        raise FormatError(source, location, str(error)) from None
    return event
