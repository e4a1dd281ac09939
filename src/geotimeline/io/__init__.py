"""Readers and writers of timeline file formats, one module per format, and a registry of them.

:func:`load` and :func:`save` pick the format from the file name (or take it by name), so that
programs such as the command line can move a timeline between any two formats. A format's module
is imported only when it is used, so an optional dependency (PyYAML) is needed only
by the formats that use it.

A long load or save can report its progress to a :data:`Progress` hook. Formats that stream
(the native JSON format and Parquet) call it as they go; the others do not report, and
:attr:`Format.reports_progress` says which is which.

>>> [spec.name for spec in FORMATS.values() if spec.can_read and spec.lossless]
['native', 'yaml', 'csv', 'parquet']
>>> format_for("events.yml").name
'yaml'
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from geotimeline.errors import FormatError, naming_missing_extras, shown

if TYPE_CHECKING:
    from geotimeline.io.rejections import Collected
    from geotimeline.timeline.timeline import Timeline

__all__ = [
    "FORMATS",
    "Format",
    "Progress",
    "format_for",
    "load",
    "load_timeline",
    "save",
    "save_timeline",
    "text_of",
]

#: A progress hook: called now and then with the work done so far and the whole of it. Loading
#: counts bytes of the file read (of its size); saving counts events written (of all of them).
#: The last call has ``done == total``.
Progress = Callable[[int, int], object]


@attrs.frozen
class Format:
    """A file format: its name, the module that reads or writes it, and what it can do."""

    #: The name the command line and :func:`load` / :func:`save` know it by.
    name: str
    #: The module under ``geotimeline.io`` with ``load(path)`` and/or ``save(timeline, path)``.
    module: str
    #: File-name endings (lower case) that mean this format.
    suffixes: tuple[str, ...]
    can_read: bool
    can_write: bool
    #: True when saving then loading gives back an equal timeline.
    lossless: bool
    description: str
    #: True when :meth:`load` and :meth:`save` call their ``progress`` hook as they go.
    reports_progress: bool = False
    #: True when :meth:`load_collecting` can set bad rows aside (``errors="collect"``).
    collects: bool = False

    def load(self, path: str | os.PathLike[str], progress: Progress | None = None) -> Timeline:
        """Read a timeline from ``path`` in this format, reporting to ``progress`` if it can."""
        if not self.can_read:
            raise FormatError(str(path), None, self._write_only())
        if progress is not None and self.reports_progress:
            return self._function("load")(path, progress=progress)  # type: ignore[no-any-return]
        return self._function("load")(path)  # type: ignore[no-any-return]

    def load_collecting(self, path: str | os.PathLike[str]) -> Collected:
        """Read ``path`` in this format, setting each bad row aside instead of raising at the
        first: the timeline of the good rows and the rows rejected (see
        :mod:`geotimeline.io.rejections`). Only for formats that :attr:`collects`."""
        if not self.collects:
            reason = f"the {self.name} reader stops at the first error; it cannot collect them"
            raise FormatError(str(path), None, reason)
        return self._function("load")(path, errors="collect")  # type: ignore[no-any-return]

    def save(
        self, timeline: Timeline, path: str | os.PathLike[str], progress: Progress | None = None
    ) -> None:
        """Write ``timeline`` to ``path`` in this format, atomically, reporting to ``progress``
        if it can."""
        if not self.can_write:
            raise FormatError(str(path), None, f"geotimeline reads {self.name} but cannot write it")
        if progress is not None and self.reports_progress:
            self._function("save")(timeline, path, progress=progress)
        else:
            self._function("save")(timeline, path)

    def loads(self, text: str | bytes, source: str = "<string>") -> Timeline:
        """Read a timeline from ``text`` in this format (for standard input, or a pipe)."""
        if not self.can_read:
            raise FormatError(source, None, self._write_only())
        return self._function("loads")(text, source)  # type: ignore[no-any-return]

    def dumps(self, timeline: Timeline) -> str:
        """``timeline`` as text in this format (for standard output, or a pipe)."""
        if not self.can_write:
            raise FormatError(
                "<output>", None, f"geotimeline reads {self.name} but cannot write it"
            )
        return self._function("dumps")(timeline)  # type: ignore[no-any-return]

    def _write_only(self) -> str:
        readable = ", ".join(spec.name for spec in FORMATS.values() if spec.can_read)
        return (
            f"geotimeline writes {self.name} but cannot read it (an export that keeps only part "
            f"of each event); it reads {readable}"
        )

    def _function(self, name: str) -> Callable[..., Any]:
        module = importlib.import_module(f"geotimeline.io.{self.module}")
        # A format's optional dependency is imported when it is used: name its extra then.
        return naming_missing_extras(getattr(module, name))


FORMATS: dict[str, Format] = {
    spec.name: spec
    for spec in (
        Format(
            "native", "native", (".json",), True, True, True, "geotimeline's versioned JSON",
            reports_progress=True,
        ),
        Format("yaml", "yamlfile", (".yaml", ".yml"), True, True, True, "hand-written YAML"),
        Format(
            "csv", "csvfile", (".csv",), True, True, True, "one event a row", collects=True,
        ),
        Format(
            "acled", "acled", (), True, False, False, "an ACLED export (CSV)", collects=True
        ),
        Format(
            "gdelt", "gdelt", (".export.csv", ".export.csv.zip"), True, False, False,
            "GDELT event records (2.0, 1.0, BigQuery and gdeltPyR exports)", collects=True,
        ),
        Format("wikidata", "wikidata", (), True, False, False, "Wikidata entity JSON"),
        Format(
            "parquet", "parquet", (".parquet",), True, True, True,
            "columnar, for large data: a file or a partitioned dataset", reports_progress=True,
        ),
        Format(
            "timelinejs", "timelinejs", (), True, True, False, "TimelineJS3 JSON", collects=True
        ),
        Format(
            "timelinejs-sheet", "timelinejs_sheet", (), True, True, False,
            "a TimelineJS Google Sheet, as CSV", collects=True,
        ),
        Format("geojson", "geojson", (".geojson",), False, True, False, "a FeatureCollection"),
        Format("ical", "ical", (".ics",), False, True, False, "iCalendar"),
    )
}  # fmt: skip


def format_for(path: str | os.PathLike[str], name: str | None = None) -> Format:
    """The format called ``name``, or else the one the file name of ``path`` says.

    The longest matching ending wins, so ``20171111.export.CSV`` is GDELT, not CSV.
    """
    if name is not None:
        try:
            return FORMATS[name.lower()]
        except KeyError:
            known = ", ".join(FORMATS)
            raise FormatError(
                str(path), None, f"unknown format {shown(name)} (known: {known})"
            ) from None
    file_name = Path(path).name.lower()
    matches = [
        (len(suffix), spec)
        for spec in FORMATS.values()
        for suffix in spec.suffixes
        if file_name.endswith(suffix)
    ]
    if not matches:
        raise FormatError(str(path), None, _unknown_ending())
    return max(matches, key=lambda match: match[0])[1]


def _unknown_ending() -> str:
    endings = ", ".join(suffix for spec in FORMATS.values() for suffix in spec.suffixes)
    names = ", ".join(FORMATS)
    return (
        f"cannot tell the format from the file name (the endings known are {endings}); "
        f"name the format: one of {names}"
    )


def load(
    path: str | os.PathLike[str], format: str | None = None, progress: Progress | None = None
) -> Timeline:
    """Read a timeline from ``path``, in ``format`` or the one its name says.

    ``progress``, if given, is called as the file is read (by formats that stream; see
    :data:`Progress`).

    >>> import pathlib, tempfile
    >>> from geotimeline import Event, Timeline
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "talks.json")
    ...     save(Timeline([Event(title="Talks", when="2017-07")]), path)
    ...     reports = []
    ...     timeline = load(path, progress=lambda done, total: reports.append(done == total))
    >>> len(timeline), reports[-1]
    (1, True)
    """
    return format_for(path, format).load(path, progress)


def save(
    timeline: Timeline,
    path: str | os.PathLike[str],
    format: str | None = None,
    progress: Progress | None = None,
) -> None:
    """Write ``timeline`` to ``path``, in ``format`` or the one its name says, atomically.

    ``progress``, if given, is called with the events written so far and their number (by
    formats that stream; see :data:`Progress`).
    """
    format_for(path, format).save(timeline, path, progress)


def save_timeline(
    timeline: Timeline, path: str | os.PathLike[str], format: str | None = None
) -> None:
    """What :meth:`Timeline.save <geotimeline.Timeline.save>` does: :func:`save`, in ``format``
    or the one the file name says, and in native JSON for a name with no ending at all (as
    ``Timeline.save`` always did, so ``Timeline.save("backup")`` and ``/dev/stdout`` still work).

    An ending that names no format is refused, naming the endings known: a timeline is never
    written in a format its file name does not say.

    >>> import pathlib, tempfile
    >>> from geotimeline import Event, Timeline
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "talks.yaml")
    ...     save_timeline(Timeline([Event(title="Talks", when="2017-07")]), path)
    ...     print(path.read_text(encoding="utf-8"), end="")
    events:
    - id: 2017-07-talks
      title: Talks
      when: 2017-07
    """
    _format_of_file(path, format).save(timeline, path)


def load_timeline(path: str | os.PathLike[str], format: str | None = None) -> Timeline:
    """What :meth:`Timeline.load <geotimeline.Timeline.load>` does: :func:`load`, in ``format``
    or the one the file name says, and native JSON for a name with no ending (``/dev/stdin``).

    A format geotimeline only writes (GeoJSON, iCalendar, TimelineJS) is refused, naming the
    formats it reads.

    >>> load_timeline("talks.geojson")
    Traceback (most recent call last):
    ...
    geotimeline.errors.FormatError: talks.geojson: geotimeline writes geojson but cannot read it ...
    """
    return _format_of_file(path, format).load(path)


def _format_of_file(path: str | os.PathLike[str], name: str | None) -> Format:
    if name is None and not Path(path).suffix:
        return FORMATS["native"]
    return format_for(path, name)


def text_of(value: object, source: str) -> str:
    """The text a ``loads`` function was given: text as it is, bytes read as UTF-8 (a leading
    byte order mark dropped), anything else refused with a :class:`FormatError`.

    >>> text_of(b"\\xef\\xbb\\xbftitle,when", "<bytes>")
    'title,when'
    >>> text_of(2014, "<value>")
    Traceback (most recent call last):
    ...
    geotimeline.errors.FormatError: <value>: expected text or UTF-8 bytes, got int
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FormatError(source, f"byte {error.start}", "is not UTF-8 text") from None
    raise FormatError(source, None, f"expected text or UTF-8 bytes, got {type(value).__name__}")
