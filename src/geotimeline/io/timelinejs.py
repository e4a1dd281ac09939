"""Publishing to TimelineJS3: the JSON document that Knight Lab's TimelineJS displays.

Each event becomes a slide; the timeline's title and description become the title slide.

===================  ========================================================================
TimelineJS field     comes from
===================  ========================================================================
``start_date``       the start of ``Event.when`` (its end, for an interval with no start)
``end_date``         the end of an interval, when it is a moment other than the start
``display_date``     the date in words, where TimelineJS would misstate it (see below)
``text.headline``    ``Event.title``
``text.text``        the summary, actors, place and sources (as links), as escaped HTML
``group``            ``metadata["group"]`` (as the reader keeps it), else the country of the
                     place, by default; any function of the event
``unique_id``        ``Event.id``
===================  ========================================================================

TimelineJS reads a date's precision from which fields are present, so a moment gives the
fields down to its own precision and no further: ``2014`` is ``{"year": 2014}``, never
January 1. What it cannot show, the slide's and the date's ``display_date`` say in words:
seasons, decades and centuries (given as their first month or year), uncertain and approximate
dates, open or unknown ends ("since April 2014"), and times of day (TimelineJS reads ``hour: 0``
as no hour, and reads dates in the browser's time zone, so a time is given as written and its
UTC offset is shown in words).

Text is escaped for the way TimelineJS shows it, so that no title, summary or group runs as
markup in the reader's browser. ``text.headline`` and ``text.text`` (and the title slide's) are
HTML to TimelineJS, so their text is escaped once (``<`` as ``&lt;``). ``group`` and
``display_date`` are read by TimelineJS (3.7 and later) as text, which decodes the escapes,
and then written into the page as HTML: their text is escaped twice (``&amp;lt;``), so that
what the reader sees is the text itself. Links are only sources' URLs, which
:class:`~geotimeline.events.event.Source` allows only with ``http://`` or ``https://``; no
media, eras or backgrounds are written.

>>> group = to_document(Timeline([Event(title="<b>Talks</b>", when="2017")]),
...                     group=lambda event: "<img src=x onerror=alert(1)>")["events"][0]
>>> group["text"]["headline"], group["group"]
('&lt;b&gt;Talks&lt;/b&gt;', '&amp;lt;img src=x onerror=alert(1)&amp;gt;')

Reading (:func:`load`, :func:`loads`) takes a TimelineJS3 document, ours or anyone's: each
slide of ``events`` and then of ``eras`` is an event (an era with ``metadata["type"] = "era"``);
the title slide gives the timeline's title and description. A date has the precision of the
last field given (:func:`moment_of_date`), never one read from ``display_date``. Headline and
text are HTML: the event holds the text a reader sees (:func:`plain_text`), and the markup, if
any, is kept in ``metadata["headline_html"]`` and ``metadata["text_html"]``; a text in the layout
written here (summary, "Who:", "Where:", "Sources:") is read back field by field, so that our
own documents give back their titles, summaries, actors and sources (an actor's or an
outlet's ", " cannot be told from the separator). ``group`` and ``display_date`` go to the
metadata as shown, as do ``media`` and ``background``. With ``errors="collect"``, bad slides
are set aside (see :mod:`geotimeline.io.rejections`).

What is lost: tags, links between events, coordinates, source quotes and metadata. TimelineJS
also places a season or a decade at its start on the time axis, and drops an ``end_date`` equal
to the start, which is why none is written.

>>> from geotimeline import Event, Timeline
>>> document = to_document(Timeline([Event(title="Ceasefire in south-western Syria",
...                                        when="2017-22", place="south-western Syria")]))
>>> slide = document["events"][0]
>>> slide["start_date"], slide["display_date"]
({'year': 2017, 'month': 6, 'display_date': 'summer 2017'}, 'summer 2017')
"""

from __future__ import annotations

import html
import html.parser
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, Literal, TypeAlias, overload

import attrs

from geotimeline.display.text import human_date, human_moment
from geotimeline.errors import FormatError, GeotimelineError, InvalidFieldError, shown
from geotimeline.events.event import Event, Source, is_event_id
from geotimeline.io import text_of
from geotimeline.io.files import write_atomically
from geotimeline.io.rejections import Collected, Rejected, collecting
from geotimeline.time.when import Moment, Precision, Unbounded, When
from geotimeline.timeline.timeline import Timeline

__all__ = [
    "by_country",
    "by_group_or_country",
    "dumps",
    "load",
    "loads",
    "moment_of_date",
    "plain_text",
    "save",
    "to_document",
]

#: A function that names the group (the row of the time axis) an event goes in, or None.
Grouping: TypeAlias = Callable[[Event], "str | None"]

_FIELDS: Final = ("year", "month", "day", "hour", "minute", "second")
# How many of _FIELDS a moment of each precision has; a season and coarser give their start.
_FIELD_COUNT: Final = {
    Precision.CENTURY: 1, Precision.DECADE: 1, Precision.YEAR: 1, Precision.SEASON: 2,
    Precision.MONTH: 2, Precision.DAY: 3, Precision.HOUR: 4, Precision.MINUTE: 5,
    Precision.SECOND: 6,
}  # fmt: skip
# Precisions that TimelineJS states correctly from the fields alone.
_PLAIN: Final = {Precision.YEAR, Precision.MONTH, Precision.DAY}


def by_country(event: Event) -> str | None:
    """The default grouping: the English name of the country of the event's place, if any.

    >>> from geotimeline import Place
    >>> by_country(Event(title="Talks", when="2017", place=Place("Astana", country="KZ")))
    'Kazakhstan'
    """
    return event.place.country_name if event.place is not None else None


def by_group_or_country(event: Event) -> str | None:
    """The default grouping: the group a TimelineJS reader kept (``metadata["group"]``), or
    else the country of the event's place, so that a timeline read from TimelineJS keeps its
    groups when it is written again.

    >>> by_group_or_country(Event(title="Talks", when="2017", metadata={"group": "Politics"}))
    'Politics'
    """
    group = event.metadata.get("group")
    return group if isinstance(group, str) and group else by_country(event)


def to_document(
    timeline: Timeline, *, group: Grouping | None = by_group_or_country
) -> dict[str, Any]:
    """The TimelineJS3 document of a timeline, as JSON-ready Python data.

    ``group`` names each event's group (row); ``None`` puts every event in one row.

    Runtime complexity: O(n) for n events.
    """
    document: dict[str, Any] = {}
    if timeline.title or timeline.description:
        text = {"headline": _html(timeline.title or "")}
        if timeline.description:
            text["text"] = f"<p>{_html(timeline.description)}</p>"
        document["title"] = {"text": text}
    document["events"] = [_slide(event, group) for event in timeline]
    return document


def dumps(timeline: Timeline, *, group: Grouping | None = by_group_or_country) -> str:
    """The TimelineJS3 JSON document of a timeline, as text (UTF-8 ready, indented)."""
    return json.dumps(to_document(timeline, group=group), ensure_ascii=False, indent=1) + "\n"


def save(
    timeline: Timeline,
    path: str | os.PathLike[str],
    *,
    group: Grouping | None = by_group_or_country,
) -> None:
    """Write the TimelineJS3 document of a timeline to ``path``, atomically."""
    text = dumps(timeline, group=group)

    def produce(write: Callable[[str], object]) -> None:
        write(text)

    write_atomically(path, produce)


def _slide(event: Event, group: Grouping | None) -> dict[str, Any]:
    when = event.when
    start, end = when.start, when.end
    first = start if isinstance(start, Moment) else end
    assert isinstance(first, Moment)  # a When has at least one moment
    slide: dict[str, Any] = {"start_date": _date(first)}
    if when.is_interval and isinstance(start, Moment) and isinstance(end, Moment):
        end_date = _date(end)
        # TimelineJS drops an end that falls on the start (whatever the words say): so do we.
        if _without_words(end_date) != _without_words(slide["start_date"]):
            slide["end_date"] = end_date
    if _needs_words(start) or _needs_words(end):
        slide["display_date"] = _text_shown_as_html(human_date(when))
    slide["text"] = {"headline": _html(event.title), "text": _text(event)}
    name = group(event) if group is not None else None
    if name:
        slide["group"] = _text_shown_as_html(name)
    slide["unique_id"] = event.id
    return slide


def _without_words(date: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in date.items() if name != "display_date"}


def _needs_words(bound: Moment | Unbounded) -> bool:
    if isinstance(bound, Unbounded):
        return True
    return bound.precision not in _PLAIN or bound.uncertain or bound.approximate


def _date(moment: Moment) -> dict[str, Any]:
    local = moment.local_datetime()
    count = _FIELD_COUNT[moment.precision]
    date: dict[str, Any] = {name: getattr(local, name) for name in _FIELDS[:count]}
    if moment.precision is Precision.SECOND and local.microsecond:
        date["millisecond"] = local.microsecond // 1000
    if _needs_words(moment):
        date["display_date"] = _text_shown_as_html(human_moment(moment))
    return date


def _html(text: str) -> str:
    """Text for a field TimelineJS takes as HTML (its headline and text, which it sanitises and
    inserts): escaped once, quotes too, so that it shows as the text itself."""
    return html.escape(text)


def _text_shown_as_html(text: str) -> str:
    """Text for a field that TimelineJS reads as text, decoding its escapes, and then inserts
    as HTML (``group``, ``display_date``): escaped twice, so that it still shows as the text."""
    return html.escape(html.escape(text))


def _text(event: Event) -> str:
    parts = [f"<p>{_html(event.summary)}</p>"] if event.summary else []
    if event.actors:
        parts.append(f"<p>Who: {_html(', '.join(event.actors))}</p>")
    if event.place is not None:
        parts.append(f"<p>Where: {_html(str(event.place))}</p>")
    # A source's URL is http:// or https:// (Source refuses any other scheme), and escaped
    # with its quotes, so that it cannot leave the href attribute.
    sources = [
        f'<a href="{_html(source.url)}">{_html(source.outlet)}</a>'
        if source.url
        else _html(source.outlet)
        for source in event.sources
    ]
    if sources:
        parts.append(f"<p>Sources: {', '.join(sources)}</p>")
    return "".join(parts)


# -- reading ------------------------------------------------------------------------------------

# The longest document read, in characters: a TimelineJS document is read whole.
_MAX_DOCUMENT: Final = 256 * 1024 * 1024
# TimelineJS's own check of a date field (DateUtil.validDateConfig): an integer, maybe negative.
_INTEGER: Final = re.compile(r"-?[0-9]+")
# The paragraphs our writer puts in ``text.text``, each escaped: the summary, then "Who:",
# "Where:" and "Sources:". A text in this layout is read back field by field.
_OURS: Final = re.compile(
    r"(?:<p>(?!Who: |Where: |Sources: )(?P<summary>[^<]*)</p>)?(?:<p>Who: (?P<actors>[^<]*)</p>)?"
    r"(?:<p>Where: (?P<place>[^<]*)</p>)?"
    r'(?:<p>Sources: (?P<sources>(?:<a href="[^"<]*">[^<]*</a>|[^<])*)</p>)?',
    re.DOTALL,
)
_A_LINK: Final = re.compile(r'<a href="(?P<url>[^"<]*)">(?P<outlet>[^<]*)</a>')
_BETWEEN_LINKS: Final = re.compile(r'(<a href="[^"<]*">[^<]*</a>)')
# Elements after which a browser starts a new line: their text is kept on lines of its own.
_BLOCKS: Final = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}
)
# The slide's field an error in an event's field comes from.
_COLUMNS: Final = {"title": "text.headline", "summary": "text.text", "actors": "text.text"}
_MEDIA_KEYS: Final = ("url", "credit", "caption", "thumbnail", "alt", "title", "link")


def plain_text(markup: str) -> str:
    """The text a reader sees in TimelineJS's HTML: tags dropped, entities decoded, and a line
    break where a paragraph, a line break or a block ends.

    >>> plain_text("<p>Talks in <b>Astana</b> &amp; Sochi</p><p>Second day</p>")
    'Talks in Astana & Sochi\\nSecond day'
    >>> plain_text("&lt;b&gt; is a tag")
    '<b> is a tag'
    """
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return re.sub(r"\n{2,}", "\n", "".join(parser.pieces)).strip()


class _TextParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        self.pieces.append(data)


def moment_of_date(date: Mapping[str, object]) -> Moment:
    """The moment of a TimelineJS date (``year``, ``month``, ``day``, ``hour``, ``minute``,
    ``second``, ``millisecond``), at the precision of the last field given: a year alone is a
    year, never January 1.

    Fields are integers or integer text, as TimelineJS takes them; an empty or null field is
    absent. ``hour: 0`` is midnight (TimelineJS shows it as no hour, but its writer meant
    midnight). Years are astronomical, as JavaScript's dates are: ``-500`` is 501 BCE. A time has
    no time zone (TimelineJS shows it in the browser's), so it is read as UTC.

    >>> str(moment_of_date({"year": "1943", "month": 7})), str(moment_of_date({"year": -500}))
    ('1943-07', '-0500')
    >>> moment_of_date({"year": 2014, "day": 3})
    Traceback (most recent call last):
    ...
    geotimeline.errors.InvalidFieldError: month: None is needed when a finer field is given
    """
    year, month, day, hour, minute, second = (_integer(name, date.get(name)) for name in _FIELDS)
    if year is None:
        raise InvalidFieldError("year", date.get("year"), "is required")
    millisecond = _integer("millisecond", date.get("millisecond")) or 0
    if not 0 <= millisecond <= 999:
        raise InvalidFieldError("millisecond", millisecond, "must be 0 to 999")
    return Moment.of(year, month, day, hour, minute, second, millisecond * 1000)


def _integer(field: str, value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidFieldError(field, value, "must be an integer")
    if isinstance(value, str):
        if not _INTEGER.fullmatch(value.strip()):
            raise InvalidFieldError(field, value, "must be an integer")
        return int(value.strip())
    return value


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
    """Read a TimelineJS3 JSON document into a new timeline: its ``events``, then its ``eras``.

    With ``errors="raise"`` (the default), the first bad slide raises a
    :class:`~geotimeline.errors.FormatError` naming it (``events[3], start_date.month``) and no
    timeline is made. With ``errors="collect"``, each bad slide is set aside as a
    :class:`~geotimeline.io.rejections.Rejected` whose ``line`` is its 1-based position among
    the slides (``events``, then ``eras``) and whose ``column`` names the field at fault. A
    document that is not JSON, not an object, or whose ``events`` is not a list still raises.

    >>> timeline = loads('{"title": {"text": {"headline": "Eras"}}, "events": ['
    ...     '{"start_date": {"year": "602"}, "end_date": {"year": "629"},'
    ...     ' "text": {"headline": "Roman-Persian War"}}, {"text": {"headline": "Undated"}}]}',
    ...     errors="collect")
    >>> [(event.title, str(event.when)) for event in timeline.timeline]
    [('Roman-Persian War', '0602/0629')]
    >>> [(row.line, row.column, row.reason) for row in timeline.rejected]
    [(2, 'start_date', 'None is required: an object with a year')]

    Runtime complexity: O(size of the document).
    """
    collect = collecting(errors)
    document = _document(text_of(text, source), source)
    events: list[Event] = []
    rejected: list[Rejected] = []
    seen: set[str] = set()
    for number, (where, slide) in enumerate(_slides(document), 1):
        try:
            event = _event(slide, where, source)
            if event.id in seen and event.id != slide.get("unique_id"):
                # An id made from the date and title, which two slides may share.
                event = attrs.evolve(event, id=_free_id(event.id, seen))
            if event.id in seen:
                reason = f"{shown(event.id)} repeats an earlier slide's"
                raise FormatError(source, f"{where}, unique_id", reason)
        except FormatError as error:
            if not collect:
                raise
            rejected.append(Rejected.of(error, number, _column(error), _excerpt(slide)))
            continue
        seen.add(event.id)
        events.append(event)
    title, description = _title(document.get("title"))
    try:
        timeline = Timeline(events, title=title, description=description)
    except GeotimelineError as error:  # a title no file can hold (a lone surrogate)
        raise FormatError(source, "title", str(error)) from None
    return Collected(timeline, tuple(rejected)) if collect else timeline


@overload
def load(path: str | os.PathLike[str], *, errors: Literal["raise"] = "raise") -> Timeline: ...
@overload
def load(path: str | os.PathLike[str], *, errors: Literal["collect"]) -> Collected: ...
@overload
def load(path: str | os.PathLike[str], *, errors: str) -> Timeline | Collected: ...
def load(path: str | os.PathLike[str], *, errors: str = "raise") -> Timeline | Collected:
    """Read a TimelineJS3 JSON file (UTF-8) into a new timeline (see :func:`loads`)."""
    collecting(errors)  # checked before the file is opened
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8-sig") as handle:
            text = handle.read(_MAX_DOCUMENT + 1)
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(str(name), None, f"cannot be read: {error}") from None
    return loads(text, str(name), errors=errors)


def _free_id(made: str, seen: set[str]) -> str:
    count = 2
    while f"{made}-{count}" in seen:
        count += 1
    return f"{made}-{count}"


def _document(text: str, source: str) -> dict[str, Any]:
    if len(text) > _MAX_DOCUMENT:
        raise FormatError(source, None, f"is longer than {_MAX_DOCUMENT:,} characters")
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise FormatError(source, None, f"is not JSON: {shown(str(error))}") from None
    if not isinstance(document, dict):
        raise FormatError(source, None, "is not a TimelineJS document (a JSON object)")
    for kind in ("events", "eras"):
        if not isinstance(document.get(kind, []), list):
            raise FormatError(source, kind, "must be a list of slides")
    return document


def _slides(document: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for kind in ("events", "eras"):
        for index, slide in enumerate(document.get(kind, [])):
            yield f"{kind}[{index}]", slide


def _title(slide: object) -> tuple[str | None, str | None]:
    text = slide.get("text") if isinstance(slide, dict) else None
    if not isinstance(text, dict):
        return None, None
    headline, body = text.get("headline"), text.get("text")
    title = plain_text(headline) if isinstance(headline, str) else ""
    # Our writer puts the description in one paragraph of escaped text.
    description = plain_text(body) if isinstance(body, str) else ""
    return title or None, description or None


def _event(slide: object, where: str, source: str) -> Event:
    if not isinstance(slide, dict):
        raise FormatError(source, where, "is not a slide (a JSON object)")
    try:
        when = _when(slide)
        fields = _texts(slide.get("text", {}))
        fields["metadata"].update(_extras(slide, where))
        unique_id = slide.get("unique_id")
        if isinstance(unique_id, str) and is_event_id(unique_id):
            fields["id"] = unique_id
        elif unique_id not in (None, ""):  # an id TimelineJS takes and geotimeline does not
            fields["metadata"]["unique_id"] = unique_id
        return Event(when=when, **fields)
    except (GeotimelineError, ValueError, TypeError) as error:
        field = getattr(error, "field", None)
        column = _COLUMNS.get(field, field) if isinstance(field, str) else None
        reason = (
            f"{shown(error.value)} {error.reason}"
            if isinstance(error, InvalidFieldError)
            else str(error)
        )
        location = f"{where}, {column}" if column else where
        raise FormatError(source, location, reason) from None


def _column(error: FormatError) -> str | None:
    location = error.location or ""
    return location.split(", ", 1)[1] if ", " in location else None


def _excerpt(slide: object) -> str:
    return json.dumps(slide, ensure_ascii=False)


def _when(slide: dict[str, Any]) -> When:
    start = slide.get("start_date")
    if not isinstance(start, dict):
        raise InvalidFieldError("start_date", start, "is required: an object with a year")
    first = _dated("start_date", start)
    end = slide.get("end_date")
    if end is None or end == {}:
        return When.instant(first)
    if not isinstance(end, dict):
        raise InvalidFieldError("end_date", end, "must be an object with a year")
    return When.interval(first, _dated("end_date", end))


def _dated(name: str, date: dict[str, Any]) -> Moment:
    try:
        return moment_of_date(date)
    except InvalidFieldError as error:
        raise InvalidFieldError(f"{name}.{error.field}", error.value, error.reason) from None


def _texts(text: object) -> dict[str, Any]:
    """An event's title, summary, actors and sources from a slide's ``text``: field by field
    when it is in our writer's layout; else as the plain text a reader sees, with the HTML
    kept in the metadata (``headline_html``, ``text_html``) when it held markup."""
    if not isinstance(text, dict):
        raise InvalidFieldError("text", text, "must be an object")
    headline, body = text.get("headline") or "", text.get("text") or ""
    if not isinstance(headline, str):
        raise InvalidFieldError("text.headline", headline, "must be text")
    if not isinstance(body, str):
        raise InvalidFieldError("text.text", body, "must be text")
    metadata: dict[str, Any] = {}
    fields: dict[str, Any] = {"metadata": metadata}
    title = plain_text(headline)
    if "<" in headline:
        metadata["headline_html"] = headline
    ours = _OURS.fullmatch(body)
    if ours is not None:
        fields.update(_our_text(ours, metadata))
    else:
        fields["summary"] = plain_text(body)
        if "<" in body:
            metadata["text_html"] = body
    if not title.strip():  # TimelineJS allows a slide of media alone; an event needs a title
        title = " ".join(fields.get("summary", "").split()[:12])
    if not title:
        raise InvalidFieldError("text.headline", headline, "is empty, and so is the text")
    fields["title"] = title
    return fields


def _our_text(ours: re.Match[str], metadata: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {"summary": html.unescape(ours["summary"] or "")}
    if ours["actors"]:
        fields["actors"] = html.unescape(ours["actors"]).split(", ")
    if ours["place"]:
        # The place in words ("Astana, Kazakhstan"): which part is the name cannot be told.
        metadata["where"] = html.unescape(ours["place"])
    if ours["sources"]:
        fields["sources"] = list(_sources(ours["sources"]))
    return fields


def _sources(markup: str) -> Iterator[Source]:
    # Sources are joined by ", "; one with a URL is a link, one without its escaped outlet.
    for piece in _BETWEEN_LINKS.split(markup):
        if piece.startswith("<a href="):
            link = _A_LINK.fullmatch(piece)
            assert link is not None
            yield Source(html.unescape(link["outlet"]), url=html.unescape(link["url"]))
            continue
        # The separators before and after a link belong to no outlet.
        outlets = piece.removeprefix(", ").removesuffix(", ")
        for outlet in outlets.split(", ") if outlets else ():
            yield Source(html.unescape(outlet))


def _extras(slide: dict[str, Any], where: str) -> dict[str, Any]:
    """What a slide holds beyond dates and text, kept so that nothing is lost: its group and
    display date (as the reader sees them), media, background, and whether it is an era."""
    extras: dict[str, Any] = {}
    for name in ("group", "display_date"):
        value = slide.get(name)
        if isinstance(value, str) and value.strip():
            # TimelineJS decodes these once, then inserts them as HTML, where runs of
            # whitespace show as one space.
            extras[name] = " ".join(plain_text(html.unescape(value)).split())
    media = slide.get("media")
    if isinstance(media, dict):
        kept = {
            key: media[key] for key in _MEDIA_KEYS if isinstance(media.get(key), str) and media[key]
        }
        if kept:
            extras["media"] = kept
    background = slide.get("background")
    if isinstance(background, dict) and background:
        extras["background"] = {key: str(value) for key, value in background.items()}
    if where.startswith("eras"):
        extras["type"] = "era"
    return extras
