"""Rows a reader rejected: what ``errors="collect"`` gives beside the timeline of the good rows.

A tabular reader (GDELT, CSV, ACLED and pandas) reads strictly by default: the
first bad row raises a :class:`~geotimeline.errors.FormatError` and no timeline is made. With
``errors="collect"`` it reads every row, keeps the good ones and returns a :class:`Collected`:
the timeline of the good rows and a :class:`Rejected` for each bad one, naming its file, its
line, its column and what is wrong, so that no row is lost silently.

>>> from pathlib import Path
>>> from geotimeline.io import gdelt
>>> text = Path("tests/data/gdelt_sample.export.CSV").read_text(encoding="utf-8")
>>> timeline, rejected = gdelt.loads(text + "667\\tsomeday\\n", "events.CSV", errors="collect")
>>> len(timeline), [(row.line, row.column, row.reason) for row in rejected]
(6, [(7, None, 'has 2 tab-separated fields; this file has 61 (GDELT 2.0)')])
>>> print(dumps(rejected), end="")
source,line,column,reason,text
events.CSV,7,,has 2 tab-separated fields; this file has 61 (GDELT 2.0),667\tsomeday

What concerns the whole file still raises in collect mode, since no row of it can be trusted:
a file that cannot be opened or decoded, a first line or header in no layout the reader knows,
a line longer than the line limit, and quoting that the CSV reader cannot follow. Each
reader's documentation lists its own.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Final, Literal, NamedTuple

import attrs

from geotimeline.errors import FormatError, InvalidFieldError
from geotimeline.timeline.timeline import Timeline

__all__ = [
    "COLUMNS",
    "ERRORS",
    "TEXT_LENGTH",
    "Collected",
    "Errors",
    "RecordedLines",
    "Rejected",
    "collecting",
    "dumps",
    "save",
]

#: What a reader does with a bad row: ``"raise"`` its error (the default), or ``"collect"`` it.
Errors = Literal["raise", "collect"]
#: The values ``errors=`` takes.
ERRORS: Final = ("raise", "collect")
#: How much of a rejected row's text is kept: enough to recognise it, never a megabyte.
TEXT_LENGTH: Final = 200
#: The columns :func:`dumps` writes.
COLUMNS: Final = ("source", "line", "column", "reason", "text")


@attrs.frozen
class Rejected:
    """A row a reader rejected: where it is, what is wrong, and the error it would have raised.

    ``line`` is 1-based, the line the row starts on (for a DataFrame, the row's position from
    0, as ``frame.iloc`` takes it); ``column`` names the column at fault, or is
    None when the row as a whole is (too few fields, a repeated id); ``text`` is the row as
    written, cut to :data:`TEXT_LENGTH` characters.

    >>> error = FormatError("events.CSV", "line 3, column 2 (SQLDATE)", "'x' is not a date")
    >>> row = Rejected.of(error, 3, "SQLDATE", "667\\tx\\t...")
    >>> row.line, row.column, row.reason, str(row.error)
    (3, 'SQLDATE', "'x' is not a date", "events.CSV, line 3, column 2 (SQLDATE): 'x' is not a date")
    """

    #: The file (or ``"<string>"``) the row is in.
    source: str
    line: int
    column: str | None
    reason: str
    text: str
    #: The error ``errors="raise"`` raises for this row.
    error: FormatError = attrs.field(eq=False, repr=False)

    @classmethod
    def of(cls, error: FormatError, line: int, column: str | None, text: str) -> Rejected:
        """The rejection of the row at ``line`` (of ``text``) for ``error``."""
        return cls(error.source, line, column, error.reason, _cut(text), error)


class Collected(NamedTuple):
    """What a reader gives with ``errors="collect"``: the timeline of the good rows, and the
    rows it rejected, in the order of the file. Unpack it: ``timeline, rejected = ...``.
    """

    timeline: Timeline
    rejected: tuple[Rejected, ...]


def collecting(errors: object) -> bool:
    """True for ``errors="collect"``, False for ``"raise"``; any other value is refused.

    >>> collecting("collect"), collecting("raise")
    (True, False)
    >>> collecting("ignore")
    Traceback (most recent call last):
    ...
    geotimeline.errors.InvalidFieldError: errors: 'ignore' must be 'raise' or 'collect'
    """
    if errors not in ERRORS:
        raise InvalidFieldError("errors", errors, "must be 'raise' or 'collect'")
    return errors == "collect"


def dumps(rejected: Iterable[Rejected]) -> str:
    """The rejected rows as CSV: a header row (:data:`COLUMNS`), then a row each.

    Runtime complexity: O(rows).
    """
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(
        (row.source, row.line, row.column or "", row.reason, row.text) for row in rejected
    )
    return text.getvalue()


def save(rejected: Iterable[Rejected], path: str | os.PathLike[str]) -> None:
    """Write :func:`dumps` of the rejected rows to ``path``, atomically."""
    # Imported here: native is the larger module, and only saving needs it.
    from geotimeline.io.native import write_atomically

    text = dumps(rejected)

    def produce(write: Callable[[str], object]) -> None:
        write(text)

    write_atomically(path, produce)


def _cut(text: str) -> str:
    text = text.removesuffix("\n").removesuffix("\r")
    return text if len(text) <= TEXT_LENGTH else text[: TEXT_LENGTH - 3] + "..."


class RecordedLines:
    r"""The lines a CSV reader takes, counted and kept until the row they make is read: what a
    reader needs to say where a rejected row starts and what it held, when quoted cells span
    several lines.

    >>> import csv
    >>> recorded = RecordedLines(iter(['a,"b\n', 'c"\n', "d,e\n"]))
    >>> rows = csv.reader(recorded)
    >>> next(rows), recorded.row_text()
    (['a', 'b\nc'], (1, 'a,"b\nc"\n'))
    >>> next(rows), recorded.row_text()
    (['d', 'e'], (3, 'd,e\n'))
    """

    def __init__(self, lines: Iterator[str], number: int = 0) -> None:
        self.lines = lines
        self.number = number
        self.taken: list[str] = []

    def __iter__(self) -> RecordedLines:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.number += 1
        self.taken.append(line)
        return line

    def row_text(self) -> tuple[int, str]:
        """The first line of the row just read, and its text; forgotten after."""
        first, text = self.number - len(self.taken) + 1, "".join(self.taken)
        self.taken.clear()
        return first, text
