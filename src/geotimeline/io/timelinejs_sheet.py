"""The TimelineJS Google Sheet, as CSV: the spreadsheet journalists keep their timelines in.

TimelineJS reads a published Google Sheet (or a ``.csv`` file) laid out as Knight Lab's
template: a header row, then a row a slide. This module reads that layout and writes it, so
that a timeline can go into the sheet and come back.

===================  ========================================================================
column               read as
===================  ========================================================================
Year, Month, Day     the start, at the precision of the last cell filled: a Year alone is a
                     year, never January 1; commas and spaces in a number are dropped, as
                     TimelineJS drops them (``2,014`` is 2014); years are astronomical, as in
                     TimelineJS (``-500`` is 501 BCE)
Time                 the time of day, as TimelineJS reads it: ``14``, ``14:30``, ``1430``,
                     ``2:30 PM``, ``14:30:15``, ``14.30``; an hour, minute or second as
                     written. A time has no time zone (TimelineJS shows it in the browser's), so
                     it is read as UTC
End Year ... Time    the end of an interval, with its own precision
Display Date         ``metadata["display_date"]``, as the reader sees it; never a date
Headline, Text       ``Event.title`` and ``Event.summary``: the text a reader sees, since
                     TimelineJS takes both as HTML (tags dropped, entities decoded); a cell
                     that held markup is kept as written in ``metadata["headline_html"]`` or
                     ``metadata["text_html"]``
Media, Media Credit, ``metadata["media"]``: ``url``, ``credit``, ``caption``, ``thumbnail``,
Media Caption,       ``alt``; the credit and caption are HTML to TimelineJS, so they are kept as
Media Thumbnail,     the text a reader sees, and as written in ``credit_html`` and
Alt Text             ``caption_html`` when they held markup (which is not written back)
Type                 ``title``: the timeline's title (Headline) and description (Text), not an
                     event (a second title row is an event, as in TimelineJS); ``era``: an event
                     with ``metadata["type"] = "era"``; anything else: an event (any other
                     word kept in ``metadata["type"]``)
Group (or Tag)       ``metadata["group"]``; ``Tag`` is the name older templates gave ``Group``,
                     and is read when ``Group`` is empty, as TimelineJS does
Background           ``metadata["background"]``: ``{"url": ...}`` for a URL, else
                     ``{"color": ...}``, as TimelineJS tells them apart
other columns        ``metadata["columns"]``, by name, so that no cell is lost
===================  ========================================================================

Column names are matched as written, after trimming (TimelineJS matches them exactly); a header
must name ``Year`` and ``Headline``. Ids are made from the date and title (a sheet has none);
two rows that would share one get ``-2``, ``-3``, ... in the order of the sheet.

>>> timeline = loads('''Year,Month,Day,Time,End Year,Headline,Type
... ,,,,,Women in computing,title
... 1815,12,10,,1852,Ada Lovelace,
... 1943,6,5,2:30 PM,,The First Computer,
... 1951,,,,,Rózsa Péter writes recursion,
... ''')
>>> timeline.title, [str(event.when) for event in timeline]
('Women in computing', ['1815-12-10/1852', '1943-06-05T14:30', '1951'])

Bad rows: by default the first one raises a :class:`~geotimeline.errors.FormatError` naming the
line and the column; with ``errors="collect"`` each is set aside as a
:class:`~geotimeline.io.rejections.Rejected` and the good rows are read. A header without
``Year`` or ``Headline``, a repeated column name, broken CSV quoting and a line longer than
:data:`~geotimeline.io.csvfile.MAX_LINE_LENGTH` concern the whole file and still raise.

Writing (:func:`dumps`, :func:`save`) gives :data:`COLUMNS` in that order, a ``title`` row for
the timeline's title and description, then a row an event. A date gives the cells of its
precision and no finer: a season gives its first month, a decade or century its first year, an
unspecified digit the extent's start. What the cells cannot say, ``Display Date`` says in words
(seasons, decades, ``?`` and ``~``, open ends, a time's UTC offset), unless the event carries its
own ``metadata["display_date"]``. Headline, Text, Media Credit and Media Caption are escaped
once, Group and Display Date twice, as in :mod:`geotimeline.io.timelinejs`, since TimelineJS
reads the sheet as it reads its JSON. Every text cell is escaped against spreadsheet formulas
(see :func:`~geotimeline.io.csvfile.escape_formula`), since the file is meant to be opened in a
spreadsheet; the reader takes the escape off. Date cells are numbers and are never escaped.
Media and background URLs are written only when they are ``http://`` or ``https://``.

What a sheet cannot hold, and so is lost on the way through it: ids, actors, places, tags,
sources, links and other metadata; seasons, decades, centuries and unspecified digits (read
back at the precision of the cells written); ``?`` and ``~``; open and unknown ends (an interval
with no start is written from its end); a time's UTC offset (the time is written as it was
written in UTC, and read back so; its own offset is lost but for the Display Date's words);
fractions of a second (TimelineJS misreads them).
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final, Literal, overload

import attrs

from geotimeline.display.text import human_date
from geotimeline.errors import (
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    check_encodable,
    shown,
)
from geotimeline.events.event import Event
from geotimeline.io import text_of
from geotimeline.io.csvfile import bounded_lines, escape_formula, repeated_names, unescape_formula
from geotimeline.io.files import write_atomically
from geotimeline.io.rejections import Collected, Rejected, collecting
from geotimeline.io.timelinejs import (
    Grouping,
    _html,
    _needs_words,
    _text_shown_as_html,
    by_group_or_country,
    moment_of_date,
    plain_text,
)
from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment, Precision, When
from geotimeline.timeline.timeline import Timeline

__all__ = ["COLUMNS", "dumps", "load", "loads", "parse_time", "save"]

#: The columns written, in the order of Knight Lab's template, with Alt Text beside the media.
COLUMNS: Final = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Alt Text", "Type", "Group", "Background",
)  # fmt: skip
_KNOWN: Final = frozenset({*COLUMNS, "Tag"})
_REQUIRED: Final = ("Year", "Headline")
# Media cells and the keys they are kept under, as the JSON reader keeps a slide's media.
_MEDIA: Final = {
    "Media": "url", "Media Credit": "credit", "Media Caption": "caption",
    "Media Thumbnail": "thumbnail", "Alt Text": "alt",
}  # fmt: skip
# Media cells TimelineJS shows as HTML: escaped once when written.
_MEDIA_HTML: Final = frozenset({"credit", "caption"})
# A web link with nothing that could leave an HTML attribute.
_URL: Final = re.compile(r"https?://[^\s\"'<>`]+", re.IGNORECASE)
# TimelineJS's test of a background (interpretBackground): a URL, else a colour.
_BACKGROUND_URL: Final = re.compile(r"(https?:)?//?")
_COLOR: Final = re.compile(r"#?[0-9A-Za-z]{1,32}")
# TimelineJS's parseTime: an AM/PM mark at the end, then H, HMM or HHMM, or parts split by ":"
# (or by "." when there is no ":"), the seconds perhaps with a fraction.
_PERIOD: Final = re.compile(r"\s*([AaPp])\.?[Mm]\.?\s*$")
_NO_SEPARATORS: Final = re.compile(r"\s*([0-9]{1,2})([0-9]{2})\s*")
_NUMBER: Final = re.compile(r"\s*[0-9]+\s*")
_START: Final = ("Year", "Month", "Day", "Time")
_END: Final = ("End Year", "End Month", "End Day", "End Time")
_DATES: Final = frozenset({*_START, *_END})
# The cells the csv module's default dialect quotes.
_NEEDS_QUOTES: Final = re.compile(r'[,"\r\n]')


def parse_time(text: str) -> tuple[int, ...]:
    """The hour, minute and second of a Time cell, as many as it gives, read as TimelineJS
    reads them. A fraction of a second is allowed, and dropped.

    >>> parse_time("2:30 PM"), parse_time("14:30:15"), parse_time("1430"), parse_time("9 am")
    ((14, 30), (14, 30, 15), (14, 30), (9,))
    >>> parse_time("25:00")
    Traceback (most recent call last):
    ...
    geotimeline.errors.InvalidFieldError: Time: '25:00' has no hour 0-23
    """
    written = text
    period = _PERIOD.search(text)
    if period is not None:
        text = text[: period.start()]
    if (digits := _NO_SEPARATORS.fullmatch(text)) is not None:
        parts = list(digits.groups())
    else:
        parts = text.split(":") if ":" in text else text.split(".")
        if len(parts) == 3:
            parts[2] = re.split(r"[.,]", parts[2], maxsplit=1)[0]
    if len(parts) > 3 or not all(_NUMBER.fullmatch(part) for part in parts):
        raise InvalidFieldError("Time", written, "is not a time (14:30, 2:30 PM, 14:30:15)")
    fields = [int(part) for part in parts]
    if period is not None:
        # As TimelineJS: 12 AM is midnight, 12 PM noon, and PM adds 12 to any other hour.
        afternoon = period.group(1) in "Pp"
        if afternoon and fields[0] != 12:
            fields[0] += 12
        elif not afternoon and fields[0] == 12:
            fields[0] = 0
    if not 0 <= fields[0] <= 23:
        raise InvalidFieldError("Time", written, "has no hour 0-23")
    if any(not 0 <= field <= 59 for field in fields[1:]):
        raise InvalidFieldError("Time", written, "has a minute or second outside 0-59")
    return tuple(fields)


# -- reading ----------------------------------------------------------------------------------


@overload
def loads(
    text: str | bytes, source: str = ..., *, errors: Literal["raise"] = "raise"
) -> Timeline: ...
@overload
def loads(text: str | bytes, source: str = ..., *, errors: Literal["collect"]) -> Collected: ...
@overload
def loads(text: str | bytes, source: str = ..., *, errors: str) -> Timeline | Collected: ...
def loads(
    text: str | bytes, source: str = "<string>", *, errors: str = "raise"
) -> Timeline | Collected:
    """Read the CSV text of a TimelineJS sheet into a new timeline (see the module).

    >>> rows = "Year,Headline\\n2014,Talks\\nsometime,Ceasefire\\n"
    >>> timeline, rejected = loads(rows, "sheet.csv", errors="collect")
    >>> len(timeline), [(row.line, row.column, row.reason) for row in rejected]
    (1, [(3, 'Year', "'sometime' must be an integer")])

    Runtime complexity: O(size of the text).
    """
    collect = collecting(errors)
    lines = bounded_lines(io.StringIO(text_of(text, source), newline=""), source)
    return _read(lines, source, collect)


@overload
def load(path: str | os.PathLike[str], *, errors: Literal["raise"] = "raise") -> Timeline: ...
@overload
def load(path: str | os.PathLike[str], *, errors: Literal["collect"]) -> Collected: ...
@overload
def load(path: str | os.PathLike[str], *, errors: str) -> Timeline | Collected: ...
def load(path: str | os.PathLike[str], *, errors: str = "raise") -> Timeline | Collected:
    """Read a TimelineJS sheet saved as CSV (UTF-8, as Google Sheets exports it), a row at a
    time. With ``errors="collect"``, the good rows' timeline and the rows rejected."""
    collect = collecting(errors)
    source = os.fspath(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return _read(bounded_lines(handle, str(source)), str(source), collect)
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(str(source), None, f"cannot be read: {error}") from error


def _read(lines: Iterable[str], source: str, collect: bool) -> Timeline | Collected:
    # strict: a quote left open at the end of the file is an error, not a last cell.
    rows = csv.reader(lines, strict=True)
    events: list[Event] = []
    rejected: list[Rejected] = []
    title: list[str] = []
    try:
        header = next(rows, None)
        columns = _columns(header, source) if header is not None else []
        line = rows.line_num + 1
        for row in rows:
            if any(cell.strip() for cell in row):  # blank rows are allowed
                try:
                    _row(row, columns, source, line, events, title)
                except FormatError as error:
                    if not collect:
                        raise
                    rejected.append(Rejected.of(error, line, _column(error), ",".join(row)))
            line = rows.line_num + 1
    except csv.Error as error:
        raise FormatError(source, f"line {rows.line_num}", f"is not valid CSV: {error}") from None
    timeline = Timeline(
        _unique(events),
        title=(title[0] or None) if title else None,
        description=_description(title),
    )
    return Collected(timeline, tuple(rejected)) if collect else timeline


def _description(title: list[str]) -> str | None:
    return title[1] if len(title) > 1 and title[1] else None


def _columns(header: list[str], source: str) -> list[str]:
    columns = [unescape_formula(name.strip().lstrip("\ufeff").strip()) for name in header]
    repeated = repeated_names(name for name in columns if name)
    if repeated:
        raise FormatError(source, "line 1", f"repeats columns {shown(repeated)}")
    missing = [name for name in _REQUIRED if name not in columns]
    if missing:
        reason = f"lacks the columns {missing}: is this a TimelineJS sheet? (its header: Year, ...)"
        raise FormatError(source, "line 1", reason)
    return columns


def _column(error: FormatError) -> str | None:
    location = error.location or ""
    return location.split("column ", 1)[1] if "column " in location else None


def _row(
    row: list[str],
    columns: list[str],
    source: str,
    line: int,
    events: list[Event],
    title: list[str],
) -> None:
    if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
        reason = f"has {len(row)} cells where the header has {len(columns)}"
        raise FormatError(source, f"line {line}", reason)
    # Trailing empty cells may be missing (some tools drop them); TimelineJS trims every cell.
    cells = {
        name: unescape_formula(value).strip()
        for name, value in zip(columns, row, strict=False)
        if name
    }
    kind = cells.get("Type", "")
    column = "Headline"
    try:
        if kind == "title" and not title:
            headline = " ".join(plain_text(cells.get("Headline", "")).split())
            check_encodable("Headline", headline)
            column = "Text"
            check_encodable("Text", cells.get("Text", ""))
            title.extend([headline, plain_text(cells.get("Text", ""))])
            return
        column = "Year"
        when = _when(cells)
        column = "Headline"
        events.append(_event(cells, when, kind))
    except (GeotimelineError, ValueError) as error:
        named = getattr(error, "field", None)
        named = "End Year" if named == "end" else named  # an end before the start
        column = named if isinstance(named, str) and named in _KNOWN else column
        reason = (
            f"{shown(error.value)} {error.reason}"
            if isinstance(error, InvalidFieldError)
            else str(error)
        )
        raise FormatError(source, f"line {line}, column {column}", reason) from None


def _when(cells: dict[str, str]) -> When:
    start = _moment(cells, _START)
    if start is None:
        raise InvalidFieldError("Year", cells.get("Year", ""), "is required: a slide has a date")
    end = _moment(cells, _END)
    return When.instant(start) if end is None else When.interval(start, end)


def _moment(cells: dict[str, str], names: tuple[str, str, str, str]) -> Moment | None:
    year, month, day, time = (cells.get(name, "") for name in names)
    if not year:
        if month or day or time:
            given = next(name for name in names[1:] if cells.get(name))
            raise InvalidFieldError(given, cells[given], f"needs a {names[0]}")
        return None
    date: dict[str, object] = {}
    for name, key, text in zip(names, ("year", "month", "day"), (year, month, day), strict=False):
        # As TimelineJS's clean_integer: "2,014" and "2 014" are 2014.
        date[key] = re.sub(r"[\s,]+", "", text)
        if date[key] and not re.fullmatch(r"-?[0-9]+", str(date[key])):
            raise InvalidFieldError(name, text, "must be an integer")
    if time:
        date.update(zip(("hour", "minute", "second"), _time(names[3], time), strict=False))
    try:
        return moment_of_date(date)
    except InvalidFieldError as error:
        column = dict(zip(("year", "month", "day"), names, strict=False)).get(error.field)
        raise InvalidFieldError(column or names[3], error.value, error.reason) from None


def _time(name: str, text: str) -> tuple[int, ...]:
    try:
        return parse_time(text)
    except InvalidFieldError as error:
        raise InvalidFieldError(name, error.value, error.reason) from None


def _event(cells: dict[str, str], when: When, kind: str) -> Event:
    headline, body = cells.get("Headline", ""), cells.get("Text", "")
    metadata: dict[str, Any] = {}
    title, summary = plain_text(headline), plain_text(body)
    if "<" in headline:
        metadata["headline_html"] = headline
    if "<" in body:
        metadata["text_html"] = body
    if not title:  # TimelineJS allows a slide of media alone; an event needs a title
        title = " ".join(summary.split()[:12])
    if not title:
        raise InvalidFieldError("Headline", headline, "is empty, and so is Text")
    metadata.update(_extras(cells, kind))
    return Event(title=title, when=when, summary=summary, metadata=metadata)


def _extras(cells: dict[str, str], kind: str) -> dict[str, Any]:
    extras: dict[str, Any] = {}
    group = cells.get("Group") or cells.get("Tag", "")
    for key, value in (("group", group), ("display_date", cells.get("Display Date", ""))):
        if value:
            # TimelineJS decodes these once, then inserts them as HTML, where runs of
            # whitespace show as one space.
            extras[key] = " ".join(plain_text(html.unescape(value)).split())
    media = _media({key: cells[name] for name, key in _MEDIA.items() if cells.get(name)})
    if media:
        extras["media"] = media
    background = cells.get("Background", "")
    if background:
        is_url = _BACKGROUND_URL.match(background)
        extras["background"] = {"url" if is_url else "color": background}
    if kind:
        extras["type"] = kind
    others = {name: value for name, value in cells.items() if name not in _KNOWN and value}
    if others:
        extras["columns"] = others
    return extras


def _media(cells: dict[str, str]) -> dict[str, str]:
    """A slide's media cells; the credit and caption, which TimelineJS shows as HTML, as the
    text a reader sees, with their markup kept as written (``credit_html``, ``caption_html``)."""
    media = dict(cells)
    for key in _MEDIA_HTML & set(cells):
        media[key] = " ".join(plain_text(cells[key]).split())
        if "<" in cells[key]:
            media[f"{key}_html"] = cells[key]
    return media


def _unique(events: list[Event]) -> list[Event]:
    """The events, each id made unique in the order of the sheet: ids are made from the date
    and title, which two rows may share."""
    counts: dict[str, int] = {}
    unique = []
    for event in events:
        count = counts[event.id] = counts.get(event.id, 0) + 1
        unique.append(event if count == 1 else _renamed(event, f"{event.id}-{count}"))
    return unique


def _renamed(event: Event, new_id: str) -> Event:
    return attrs.evolve(event, id=new_id)


# -- writing ----------------------------------------------------------------------------------


def dumps(timeline: Timeline, *, group: Grouping | None = by_group_or_country) -> str:
    """The TimelineJS sheet of a timeline, as CSV text: a header row, a ``title`` row, then a
    row an event (see the module for what is lost).

    >>> from geotimeline import Event, Timeline
    >>> sheet = dumps(Timeline([Event(title="=Talks", when="2017-22"),
    ...                         Event(title="Crimea", when="2014-02-20/2014-03-18")]))
    >>> print(sheet, end="")
    Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Alt Text,Type,Group,Background
    2014,2,20,,2014,3,18,,,Crimea,,,,,,,,,
    2017,6,,,,,,,summer 2017,"'=Talks",,,,,,,,,
    >>> [str(event.when) for event in loads(sheet)]
    ['2014-02-20/2014-03-18', '2017-06']

    Runtime complexity: O(n) for n events.
    """  # noqa: E501
    lines: list[str] = []
    _write(timeline, lines.append, group)
    return "".join(lines)


def save(
    timeline: Timeline,
    path: str | os.PathLike[str],
    *,
    group: Grouping | None = by_group_or_country,
) -> None:
    """Write the TimelineJS sheet of a timeline to ``path`` as CSV, atomically."""
    write_atomically(path, lambda write: _write(timeline, write, group))


def _write(timeline: Timeline, write: Callable[[str], object], group: Grouping | None) -> None:
    write(_line(_quoted(name) if _NEEDS_QUOTES.search(name) else name for name in COLUMNS))
    if timeline.title or timeline.description:
        title = {
            "Headline": _html(timeline.title or ""),
            "Text": _html(timeline.description or ""),
            "Type": "title",
        }
        write(_line(_cells(title)))
    for event in timeline:
        write(_line(_cells(_event_cells(event, group))))


def _cells(named: dict[str, str]) -> Iterator[str]:
    for name in COLUMNS:
        text = named.get(name, "")
        if name in _DATES:  # numbers, never escaped, so that a spreadsheet reads them so
            yield text
            continue
        escaped = escape_formula(text)
        # OWASP's advice: an escaped cell quoted, so that it stays one cell whatever it holds.
        yield _quoted(escaped) if escaped != text or _NEEDS_QUOTES.search(text) else text


def _line(cells: Iterable[str]) -> str:
    """A row as the csv module's default dialect writes it; its cells quoted already."""
    return ",".join(cells) + "\r\n"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _event_cells(event: Event, group: Grouping | None) -> dict[str, str]:
    when = event.when
    start, end = when.start, when.end
    first = start if isinstance(start, Moment) else end
    assert isinstance(first, Moment)  # a When has at least one moment
    cells = dict(zip(_START, _date_cells(first), strict=True))
    if when.is_interval and isinstance(start, Moment) and isinstance(end, Moment):
        cells.update(zip(_END, _date_cells(end), strict=True))
    metadata = event.metadata
    words = metadata.get("display_date")
    if not isinstance(words, str) and (_needs_words(start) or _needs_words(end)):
        words = human_date(when)
    if isinstance(words, str) and words:
        cells["Display Date"] = _text_shown_as_html(words)
    cells["Headline"] = _html(event.title)
    cells["Text"] = _html(event.summary)
    name = group(event) if group is not None else None
    if name:
        cells["Group"] = _text_shown_as_html(name)
    if metadata.get("type") == "era":
        cells["Type"] = "era"
    cells.update(_media_cells(metadata.get("media")))
    cells.update(_background_cell(metadata.get("background")))
    return cells


def _date_cells(moment: Moment) -> tuple[str, str, str, str]:
    """Year, Month, Day and Time of a moment, as far as its precision goes: a season gives
    its first month, a decade or century its first year. A time is given in UTC, as the
    reader reads it, so that the instant comes back (its own offset is in the Display Date)."""
    year, month, day, hour, minute, second, _ = cal.fields(moment.earliest_us)
    precision = moment.precision
    time = ""
    if precision >= Precision.HOUR:
        # An hour alone is written "14": TimelineJS reads it as an hour, with no minute.
        time = f"{hour:02d}" + "".join(
            f":{value:02d}"
            for value, needed in ((minute, Precision.MINUTE), (second, Precision.SECOND))
            if precision >= needed
        )
    return (
        str(year),
        str(month) if precision >= Precision.SEASON else "",
        str(day) if precision >= Precision.DAY else "",
        time,
    )


def _media_cells(media: object) -> Iterator[tuple[str, str]]:
    if not isinstance(media, Mapping):
        return
    for name, key in _MEDIA.items():
        value = media.get(key)
        if not isinstance(value, str) or not value:
            continue
        if key in ("url", "thumbnail") and not _URL.fullmatch(value):
            continue  # only web links: TimelineJS embeds them in the reader's page
        yield name, _html(value) if key in _MEDIA_HTML else value


def _background_cell(background: object) -> Iterator[tuple[str, str]]:
    if not isinstance(background, Mapping):
        return
    url, color = background.get("url"), background.get("color")
    if isinstance(url, str) and _URL.fullmatch(url):
        yield "Background", url
    elif isinstance(color, str) and _COLOR.fullmatch(color):
        yield "Background", color
