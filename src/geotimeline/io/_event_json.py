"""Converting events to and from JSON values, as the native format writes them.

The native format (:mod:`geotimeline.io.native`) reads and writes its events with the functions
here, and so do the formats and diffs that share its JSON for an event or a source; the public
ones are exported from :mod:`geotimeline.io.native`.

Conversion between events and JSON has two routes that give the same results. A hand-written
fast route (:func:`structure_event`, :func:`unstructure_event`) handles plain JSON; anything it
does not expect goes through one :mod:`cattrs` converter, made strict (a number is not silently
accepted where text is expected, nor text where a number is), whose error messages name the
field at fault.

The fast route exists because loading a large file is mostly the making of its events, not the
decoding of its JSON: it makes them in under half the time the cattrs route takes, and shares
equal dates, places and lists of names between them (see :class:`Structurer`). The native
reader and ``from_pandas`` go further with a batch of usual events: they make them column by
column (:meth:`Structurer.usual_events` from decoded lines, :meth:`Structurer.made_columns`
from a table's columns), each column proven to hold what the converters would make of it
before the events are filled in without them.
``benchmarks/native_io.py`` times a load against ``json.loads`` with ``Event(...)`` for each
event, and with the quick route (the fast route's path for the usual event) turned off.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from types import MappingProxyType
from typing import Any, Final, TypeVar, cast

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from geotimeline.errors import FormatError, GeotimelineError, InvalidFieldError, listed, shown
from geotimeline.events.event import (
    _SLOT_SETTERS,
    EVENT_ID_PATTERN,
    Event,
    Link,
    Relation,
    Source,
    _events_from_checked_fields,
    plain_metadata,
)
from geotimeline.io._json_objects import decode_json
from geotimeline.io._written_lines import WrittenFields
from geotimeline.places.place import Place
from geotimeline.time.parsing.edtf import parse_many
from geotimeline.time.when import When

__all__ = [
    "Structurer",
    "converter",
    "exact_key",
    "remember",
    "structure_event",
    "structure_source",
    "unstructure_event",
    "unstructure_source",
    "unstructure_with",
]

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")
# How many distinct dates, places and lists of names a load remembers to share between events.
# A full cache is emptied and filled again: files run in date order, so the values met next are
# more likely to be new ones than the oldest of those remembered.
_CACHE_SIZE: Final = 100_000


def _strict(kind: type[Any], *accepted: type[Any]) -> Any:
    def structure(value: Any, _: Any) -> Any:
        # bool is an int subclass, but true/false is never a sensible coordinate or text.
        if isinstance(value, bool) or not isinstance(value, accepted or (kind,)):
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__} {shown(value)}")
        return kind(value)

    return structure


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True)
    converter.register_structure_hook(str, _strict(str))
    converter.register_structure_hook(float, _strict(float, int, float))
    converter.register_structure_hook(When, lambda value, _: When.coerce(_strict(str)(value, str)))
    converter.register_unstructure_hook(When, str)
    # An event's metadata is frozen all the way down; JSON wants it plain.
    converter.register_unstructure_hook(MappingProxyType, plain_metadata)
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
    return converter


converter: Final = _make_converter()


def unstructure_event(event: Event) -> dict[str, Any]:
    """The JSON-ready dict of an event, as the native format writes it: defaults left out.

    >>> from geotimeline import Event
    >>> unstructure_event(Event(title="Crimea annexed", when="2014-03-18", tags=["Ukraine"]))
    {'id': '2014-03-18-crimea-annexed', 'title': 'Crimea annexed', 'when': '2014-03-18', 'tags': ['ukraine']}

    Runtime complexity: O(size of the event).
    """  # noqa: E501 (a doctest's output is one line)
    return unstructure_with(event, str)


def unstructure_with(event: Event, date_text: Callable[[When], str]) -> dict[str, Any]:
    """:func:`unstructure_event` with dates written by ``date_text`` (the writer caches them)."""
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
        raw["sources"] = [unstructure_source(source) for source in event.sources]
    if event.links:
        raw["links"] = [
            {"relation": link.relation.value, "target": link.target} for link in event.links
        ]
    if event.metadata:
        raw["metadata"] = plain_metadata(event.metadata)
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
    if place.geocoded:  # only when true, so that files without geocoded places stay as they were
        raw["geocoded"] = True
    return raw


def unstructure_source(source: Source) -> dict[str, Any]:
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
    return Structurer(source).event(raw, lambda: location)


class Structurer:
    """Turns the decoded events of one document into events.

    Equal dates and places are parsed once and shared between events (they are immutable):
    large timelines repeat them a lot, so this saves both time and memory. The caches are per
    document, and bounded so that a file of all-distinct values cannot grow them without end.
    """

    __slots__ = (
        "_dates",
        "_event_dates",
        "_event_places",
        "_listed_names",
        "_names",
        "_places",
        "_places_by_items",
        "_source",
        "_written",
    )

    def __init__(self, source: str) -> None:
        self._source = source
        self._dates: dict[str, When] = {}
        self._places: dict[_PlaceKey, Place] = {}
        # What the Event's converters make of a date and a place, for the quick route: equal
        # inputs give equal results, so each distinct one is converted once per document.
        self._event_dates: dict[str, When] = {}
        self._event_places: dict[_PlaceKey, Place | None] = {}
        # Converted lists of actors and of tags, by field, the raw list's items and their types.
        self._names: dict[tuple[str, tuple[Any, ...], tuple[type, ...]], tuple[str, ...]] = {}
        # For batches (see usual_events): converted lists of names by field and the names
        # alone, which are all text there; converted places by the kind of number their
        # batch holds (see _batch_places) and their fields and values alone.
        self._listed_names: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {
            "actors": {},
            "tags": {},
        }
        self._places_by_items: dict[frozenset[type], dict[Any, Place | None]] = {}
        # For lines in the writer's layout (see written_columns): converted lists of names and
        # places by the JSON text the writer made of them.
        self._written: dict[str, dict[str, Any]] = {"actors": {}, "tags": {}, "place": {}}

    @property
    def source(self) -> str:
        """The name of the document read, for error messages."""
        return self._source

    def event(self, raw: Any, location: Callable[..., str], *where: Any) -> Event:
        """The event of ``raw``; ``location(*where)`` says where it is, for error messages.

        (The location is made only for an error: most events have none, and a large file has
        millions of events.)
        """
        if type(raw) is dict and _QUICK_FIELDS.issuperset(raw) and _QUICK_ROUTE_FITS:
            # The usual event, which has no sources or links to check first.
            try:
                return self._quick(raw)
            except (GeotimelineError, TypeError, ValueError, KeyError, AttributeError):
                pass  # cattrs' route below reads it or says precisely why not
        if not isinstance(raw, dict):
            raise FormatError(self._source, location(*where), "is not a JSON object")
        for name in ("sources", "links"):
            # cattrs would read text given for a list as a list of letters, each one wrong.
            if isinstance(raw.get(name), str):
                raise FormatError(self._source, location(*where), f"{name}: must be a list")
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

    def usual_events(self, raws: Sequence[Any]) -> Sequence[Event | None] | None:
        """The events of a batch of decoded events, made together where that is proven to
        give what :meth:`event` gives: at each usual event's position (the fields of the quick
        route, each value valid and already as the Event's converters make it) its event,
        None at the others'. None instead of the list if any usual event is not so plainly
        valid: the caller then reads each one with :meth:`event`, which says what is wrong.

        What :meth:`event` would refuse, this never makes: every check below proves that a
        value is exactly what the converter would return for it (see _checked_columns).
        """
        if not _QUICK_ROUTE_FITS:
            return None
        if set(map(type, raws)) <= {dict} and all(map(_QUICK_FIELDS.issuperset, raws)):
            return self._usual(raws)  # the usual batch: every event usual
        taken = [
            position
            for position, raw in enumerate(raws)
            if type(raw) is dict and _QUICK_FIELDS.issuperset(raw)
        ]
        made = self._usual([raws[position] for position in taken]) if taken else []
        if made is None:
            return None
        events: list[Event | None] = [None] * len(raws)
        for position, event in zip(taken, made, strict=True):
            events[position] = event
        return events

    def _usual(self, raws: Sequence[dict[str, Any]]) -> list[Event] | None:
        """The events of usual decoded events (fields of _QUICK_FIELDS only), or None."""
        try:
            columns = self._checked_columns(raws)
        except (GeotimelineError, TypeError, ValueError, KeyError, AttributeError):
            return None  # each event then says for itself what is wrong
        return None if columns is None else _events_from_checked_fields(*columns)

    def _checked_columns(self, raws: Sequence[dict[str, Any]]) -> tuple[Sequence[Any], ...] | None:
        """The fields of usual events, column by column, each exactly as ``Event(**raw)``
        stores it; None (or an exception) where that is not proven.

        Each column is checked as a whole, at C speed: the ids joined by line breaks match
        the pattern of ids once per line (and the count of line breaks proves that the lines
        are the ids), so each is an id the post-init check keeps as it is; titles and
        summaries likewise are ASCII words with single spaces between them, which the
        converters' tidying leaves as they are (a column that is not goes through the
        converter itself). Dates, lists of names and places are converted by the converters
        themselves, once per distinct value.
        """
        places = self._batch_places(_column(raws, "place", None))
        if places is None:
            return None
        return self._checked(
            list(map(_ID, raws)),
            list(map(_TITLE, raws)),
            self.event_dates(list(map(_WHEN, raws))),
            _column(raws, "summary", ""),
            _column(raws, "actors", ()),
            _column(raws, "tags", ()),
            places,
        )

    def made_columns(
        self,
        ids: list[Any],
        titles: list[Any],
        whens: Sequence[When],
        summaries: list[Any],
        actors: list[Any],
        tags: list[Any],
        places: Sequence[Place | None],
        *,
        own: bool = False,
    ) -> list[Event] | None:
        """:meth:`usual_events` for events given column by column, as a table holds them:
        the i-th event of the i-th value of each column (a summary ``""``, empty lists and
        a place None where the event has none), made only where each is proven to be what
        :meth:`event` makes of it; None (and no event) otherwise. The dates and places are
        made already, by :meth:`event_dates` and :meth:`event_place`: a table's reader makes
        those of all its rows at once, each distinct one once.

        With ``own``, the events' ids and titles are copies of the texts given, made
        together, one after the other in memory, in the order of the events. A table's texts
        may lie anywhere in memory (a frame's are where its events' were made, in another
        order), and an event's id is read again after it is made (to index it; the garbage
        collector visits it): texts in order are read much faster, as a file's are.

        >>> structurer = Structurer("<data>")
        >>> whens = structurer.event_dates(["2017-03"])
        >>> places = [structurer.event_place({"name": "Iran"})]
        >>> made = structurer.made_columns(
        ...     ["e1"], ["Talks"], whens, [""], [["Iran"]], [[]], places
        ... )
        >>> made == [Event(id="e1", title="Talks", when="2017-03", actors=["Iran"], place="Iran")]
        True
        """
        given = (ids, titles, whens, summaries, actors, tags, places)
        if not _QUICK_ROUTE_FITS or len(set(map(len, given))) != 1:
            return None
        try:
            columns = self._checked(ids, titles, whens, summaries, actors, tags, places, own)
        except (GeotimelineError, TypeError, ValueError, KeyError, AttributeError):
            return None
        return None if columns is None else _events_from_checked_fields(*columns)

    def written_columns(self, fields: WrittenFields) -> list[Event] | None:
        """:meth:`usual_columns` for the fields of lines in the writer's layout, as
        :func:`~geotimeline.io._written_lines.written_fields` gives them: ids that the
        post-init check keeps as they are (the line pattern takes no other, so they are not
        checked again here), titles with whether each is already as the converter leaves it,
        and the lists of names and the places as the JSON text within their brackets ("" where
        there is none), each decoded and converted once per distinct text. None (and no
        event) unless every other value is proven to be what :meth:`event` makes of it.

        >>> from geotimeline.io._written_lines import written_fields
        >>> line = '{"id": "e1", "title": "Talks", "when": "2017-03", "place": {"name": "Iran"}}'
        >>> made = Structurer("<data>").written_columns(written_fields([line]))
        >>> made == [Event(id="e1", title="Talks", when="2017-03", place="Iran")]
        True
        """
        if not _QUICK_ROUTE_FITS:
            return None
        try:
            titles = fields.titles if fields.tidy_titles else list(map(_to_title, fields.titles))
            summaries = _tidied(fields.summaries, _SUMMARY_LINES, _to_summary)
            actor_names = self._written_values("actors", fields.actors, self._written_names)
            tag_names = self._written_values("tags", fields.tags, self._written_names)
            made_places = self._written_values("place", fields.places, self._written_place)
            whens = self._event_dates_of(fields.whens)
        except (GeotimelineError, TypeError, ValueError, KeyError, AttributeError):
            return None  # each event, decoded, then says for itself what is wrong
        return _events_from_checked_fields(
            fields.ids, titles, whens, summaries, actor_names, made_places, tag_names
        )

    def _written_values(
        self, field: str, texts: list[str], convert: Callable[[str, str], Any]
    ) -> list[Any]:
        cache = self._written[field]

        def converted(text: str) -> Any:
            value = convert(field, text)
            remember(cache, text, value)
            return value

        return _looked_up(cache, texts, converted)

    @staticmethod
    def _written_names(field: str, text: str) -> tuple[str, ...]:
        # "" stands for no list, the event's default. The text between the brackets that
        # decodes is a list, and the converter refuses any name in it that is not text.
        names: tuple[str, ...] = _CONVERT[field](decode_json(f"[{text}]") if text else ())
        return names

    def _written_place(self, _: str, text: str) -> Place | None:
        # Decoded with the check for repeated keys, as every object of a file is: the pattern
        # spells out the event's keys, not the place's. It is an object, as the text between
        # braces that decodes is; _event_place checks its fields as for any decoded place.
        return self._event_place(decode_json(f"{{{text}}}")) if text else None

    def event_dates(self, texts: Sequence[Any]) -> list[When]:
        """``Event(when=text).when`` of each of ``texts``, each distinct one made once per
        document; raises for one that is not text, or not a date.

        >>> [str(when) for when in Structurer("<data>").event_dates(["2017-03", "2017-03"])]
        ['2017-03', '2017-03']
        """
        if not set(map(type, texts)) <= {str}:
            raise TypeError("a date must be text")
        return self._event_dates_of(texts)

    def _checked_texts(
        self, ids: list[Any], titles: list[Any], summaries: list[Any], own: bool = False
    ) -> tuple[list[Any], list[Any], list[Any]] | None:
        """The ids, titles and summaries of a batch as the converters make them, once the
        ids are proven to be kept as they are; None where they are not. With ``own``, the
        ids and titles are copies of their own (see :meth:`made_columns`)."""
        if not ids:
            return ids, titles, summaries
        joined = _joined(ids, _ID_LINES, len(ids))
        if joined is None:
            return None  # an id to compose or to make: the post-init check's work
        if own:
            ids = joined.split("\n")
        titles = _tidied(titles, _TITLE_LINES, _to_title, own)
        return ids, titles, _tidied(summaries, _SUMMARY_LINES, _to_summary)

    def _checked(
        self,
        ids: list[Any],
        titles: list[Any],
        whens: Sequence[When],
        summaries: list[Any],
        actors: list[Any],
        tags: list[Any],
        places: Sequence[Place | None],
        own: bool = False,
    ) -> tuple[Sequence[Any], ...] | None:
        """The fields of a batch as ``Event(...)`` stores them, its dates and places made
        already; None where that is not proven."""
        texts_checked = self._checked_texts(ids, titles, summaries, own)
        if texts_checked is None:
            return None
        ids, titles, summaries = texts_checked
        actor_names = self._batch_names("actors", actors)
        tag_names = self._batch_names("tags", tags)
        if actor_names is None or tag_names is None:
            return None
        return ids, titles, whens, summaries, actor_names, places, tag_names

    def _batch_names(self, field: str, lists: list[Any]) -> list[tuple[str, ...]] | None:
        """``Event(actors=...).actors`` (or tags) of each list, converted once per distinct
        list; None unless every one is a list (or the default) of text only."""
        if not set(map(type, lists)) <= {list, tuple}:
            return None
        if not set(map(type, itertools.chain.from_iterable(lists))) <= {str}:
            return None
        # Text only: equal tuples of names are equal lists, which convert alike.
        cache, convert = self._listed_names[field], _CONVERT[field]

        def converted(key: tuple[str, ...]) -> tuple[str, ...]:
            names: tuple[str, ...] = convert(key)
            remember(cache, key, names)
            return names

        return _looked_up(cache, list(map(tuple, lists)), converted)

    def _batch_places(self, raws: list[Any]) -> list[Place | None] | None:
        """``Event(place=...).place`` of each raw place (None for none), converted once per
        distinct place; None unless each is an object or None."""
        present = list(filter(_is_given, raws))
        if not set(map(type, present)) <= {dict}:
            return None
        # Each distinct object once: the rows of a data frame share the dict of their place.
        distinct = list(dict(zip(map(id, present), present, strict=True)).values())
        kinds = set(map(type, itertools.chain.from_iterable(map(dict.values, distinct))))
        numbers = frozenset(kinds & _NUMBER_TYPES)
        if len(numbers) > 1:  # True == 1 == 1.0: a place's values alone would not tell them
            return [None if raw is None else self._event_place(raw) for raw in raws]
        # JSON's other values equal only values of their own type, and the numbers of a batch
        # are of one type, looked up among places of batches with that type only.
        cache = self._places_by_items.setdefault(numbers, {})

        def converted(key: Any) -> Place | None:
            place = self._event_place(dict(key))
            remember(cache, key, place)
            return place

        keys = list(map(tuple, map(dict.items, distinct)))
        # By the objects' ids, which stay theirs while ``raws`` holds them; None is no place.
        made: dict[int, Place | None] = dict(
            zip(map(id, distinct), _looked_up(cache, keys, converted), strict=True)
        )
        made[id(None)] = None
        return list(map(made.__getitem__, map(id, raws)))

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
            self._event_date(raw["when"]),
            _NO_SUMMARY if summary is None and "summary" not in raw else _to_summary(summary),
            self._names_of("actors", get("actors", ())),
            None if place is None else self._event_place(place),
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
        # The items' types keep True, 1 and 1.0 apart (see exact_key), made at C speed.
        key = (field, tuple(raw), tuple(map(type, raw)))
        names = self._names.get(key)
        if names is None:
            names = _CONVERT[field](raw)
            remember(self._names, key, names)
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
            remember(self._dates, text, when)
        return when

    def _event_date(self, text: Any) -> When:
        """``Event(when=text).when``, converted once per distinct text."""
        if type(text) is not str:
            raise TypeError("a date must be text")
        when = self._event_dates.get(text)
        if when is None:
            when = _to_when(self._date(text))
            remember(self._event_dates, text, when)
        return when

    def _event_dates_of(self, texts: Sequence[str]) -> list[When]:
        """:meth:`_event_date` of each of ``texts`` (text only), those not seen yet parsed
        together: times of day hardly ever repeat, and parse_many makes them by C loops."""
        cache = self._event_dates
        found: list[Any] = list(map(cache.get, texts, itertools.repeat(_UNSEEN)))
        unseen = map(operator.is_, found, itertools.repeat(_UNSEEN))
        new = list(dict.fromkeys(itertools.compress(texts, unseen)))
        if not new:
            return found
        made = list(map(_to_when, parse_many(new)))
        for text, when in zip(new, made, strict=True):
            remember(cache, text, when)
        # Each new text's value, the others' as found (a full cache may have forgotten some).
        return list(map(dict(zip(new, made, strict=True)).get, texts, found))

    def event_place(self, raw: Any) -> Place | None:
        """``Event(place=raw).place`` of a place as the native format holds one (a JSON
        object), made once per distinct place of a document; raises for one that is not.

        >>> structurer = Structurer("<data>")
        >>> structurer.event_place({"name": "Iran"}) is structurer.event_place({"name": "Iran"})
        True
        """
        return self._event_place(raw)

    def _event_place(self, raw: Any) -> Place | None:
        """``Event(place=...).place`` of a raw place, converted (geocoded) once per distinct
        place of a document."""
        key = _place_key(raw)
        if key in self._event_places:
            return self._event_places[key]
        place: Place | None = _to_place(self._place(raw))
        remember(self._event_places, key, place)
        return place

    def _place(self, raw: Any) -> Place:
        key = _place_key(raw)
        place = self._places.get(key)
        if place is None:
            # The Place converter takes numeric country codes; the format wants text.
            country = raw.get("country")
            if country is not None and type(country) is not str:
                raise TypeError("a country must be text")
            place = Place(**raw)
            remember(self._places, key, place)
        return place


# A raw place's fields, values and the values' types (True, 1 and 1.0 are told apart).
_PlaceKey = tuple[tuple[tuple[str, Any], ...], tuple[type, ...]]


def _place_key(raw: Any) -> _PlaceKey:
    fields = _plain_dict(raw)
    return tuple(fields.items()), tuple(map(type, fields.values()))


# The quick route (Structurer._quick) fills an Event's slots itself, with the converters and
# defaults attrs records for each field. It is used only while Event has exactly the fields it
# knows and no validators (which it would skip); otherwise every event takes the usual route.
_EVENT_FIELDS: Final = attrs.fields(Event)
_QUICK_ROUTE_FITS: Final = [field.name for field in _EVENT_FIELDS] == [
    "id", "title", "when", "summary", "actors", "place", "tags", "sources", "links", "metadata",
    "span",
] and all(field.validator is None for field in _EVENT_FIELDS)  # fmt: skip
_QUICK_FIELDS: Final = frozenset({"id", "title", "when", "summary", "actors", "place", "tags"})
_CONVERT: Final[dict[str, Callable[[Any], Any]]] = {
    field.name: cast("Callable[[Any], Any]", field.converter)
    for field in _EVENT_FIELDS
    if field.converter is not None
}
_SETTERS: Final = _SLOT_SETTERS


_ID, _TITLE, _WHEN = (operator.itemgetter(name) for name in ("id", "title", "when"))
_NUMBER_TYPES: Final = frozenset({bool, int, float})
# Lines of text each as its converter leaves it: an id the post-init check keeps, a title
# (ASCII words, one space between them: what " ".join(title.split()) gives back unchanged),
# and a summary, which may also be empty. Neither allows a line break within a line.
# The repeats are possessive: a word stops at a space or a line break, which it cannot hold.
_WORDS: Final = r"[!-~]++(?: [!-~]++)*+"
_ID_LINES: Final = re.compile(rf"(?:{EVENT_ID_PATTERN.pattern}\n)*{EVENT_ID_PATTERN.pattern}")
_TITLE_LINES: Final = re.compile(rf"(?:{_WORDS}\n)*+{_WORDS}")
_SUMMARY_LINES: Final = re.compile(rf"(?:(?:{_WORDS})?+\n)*+(?:{_WORDS})?+")


def _column(raws: Sequence[dict[str, Any]], field: str, default: Any) -> list[Any]:
    """Each raw event's value of ``field``, or ``default``: ``raw.get(field, default)``."""
    return list(map(dict.get, raws, itertools.repeat(field), itertools.repeat(default)))


def _looked_up(
    cache: dict[_Key, _Value], keys: list[_Key], convert: Callable[[_Key], _Value]
) -> list[_Value]:
    """The cached value of each key, ``convert(key)`` (which caches it) for the others."""
    unseen: _Value = _UNSEEN
    get = cache.get
    found = list(map(get, keys, itertools.repeat(unseen)))
    if not any(map(operator.is_, found, itertools.repeat(unseen))):
        return found
    # A step of Python for each key not found only, at positions found by C loops; a batch
    # repeats the values it brings new (a file runs in date order), so each is looked up again.
    missing = itertools.compress(
        itertools.count(), map(operator.is_, found, itertools.repeat(unseen))
    )
    for position in missing:
        key = keys[position]
        cached = get(key, unseen)
        found[position] = convert(key) if cached is unseen else cached
    return found


_UNSEEN: Final[Any] = object()  # a key not in a cache (whose values may be None)
_is_given: Final = functools.partial(operator.is_not, None)


def _all_text(values: list[Any], lines: re.Pattern[str], count: int) -> bool:
    """Whether ``values`` are ``count`` texts that, joined by line breaks, are ``count`` lines
    matching ``lines``: then each text matches it on its own."""
    return not values or _joined(values, lines, count) is not None


def _joined(values: list[Any], lines: re.Pattern[str], count: int) -> str | None:
    """``values`` joined by line breaks if they are texts that :func:`_all_text` proves (and
    there are some), else None."""
    if not set(map(type, values)) <= {str}:
        return None
    joined = "\n".join(values)
    if joined.count("\n") == count - 1 and lines.fullmatch(joined) is not None:
        return joined
    return None


def _tidied(
    values: list[Any], lines: re.Pattern[str], convert: Callable[[Any], Any], own: bool = False
) -> list[Any]:
    """``values`` as ``convert`` makes them (which raises for one it refuses): as they are when,
    joined by line breaks, they are lines that match ``lines``, which it leaves alone; with
    ``own``, as copies of their own (see :meth:`Structurer.made_columns`)."""
    joined = _joined(values, lines, len(values)) if values else None
    if joined is not None:
        return joined.split("\n") if own else values
    return list(map(convert, values))


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


def exact_key(values: Iterable[Any]) -> tuple[tuple[type, Any], ...]:
    """``values`` with their types, as a cache key that tells ``True``, ``1`` and ``1.0`` apart.

    They are equal and hash alike, but a field may take one and refuse another (a bool is no
    coordinate): a cache keyed on the values alone would hand the first one's result to all.

    >>> exact_key([True]) == exact_key([1])
    False
    """
    return tuple((type(value), value) for value in values)


def remember(cache: dict[_Key, _Value], key: _Key, value: _Value) -> None:
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
    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        # cattrs names every extra key in full: a key a megabyte long makes a megabyte message.
        return f"extra fields found ({listed(error.extra_fields)})"
    return cattrs.v.format_exception(error, expected)


# How many of cattrs' messages an error gives, and how long each may be: a list of a million
# wrong items gives a million messages.
_MESSAGES_SHOWN: Final = 5
_MESSAGE_LENGTH: Final = 300


def _describe(error: cattrs.BaseValidationError) -> str:
    """cattrs' messages, "what @ .path", turned into "path: what", the first few of them."""
    messages = cattrs.transform_error(error, path="", format_exception=_explain)
    described = []
    for message in messages[:_MESSAGES_SHOWN]:
        what, _, path = message.rpartition(" @ ")
        text = f"{path.lstrip('.')}: {what}" if path else what
        cut = len(text) > _MESSAGE_LENGTH
        described.append(text[: _MESSAGE_LENGTH - 3] + "..." if cut else text)
    more = len(messages) - _MESSAGES_SHOWN
    return "; ".join(described) + (f"; and {more} more" if more > 0 else "")
