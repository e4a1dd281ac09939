"""Events: what happened, when, where, who took part, and who reported it.

An :class:`Event` is a frozen attrs class whose converters and validators run at construction,
so an event that exists is valid. Change one with :func:`attrs.evolve`, which validates again.
"""

from __future__ import annotations

import collections
import enum
import functools
import itertools
import math
import operator
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

import attrs

from geotimeline import conveniences
from geotimeline.errors import InvalidFieldError, ParseError, check_encodable
from geotimeline.places.place import Place, resolve_place
from geotimeline.time.when import Moment, When

__all__ = [
    "Event",
    "Link",
    "Relation",
    "Source",
    "is_event_id",
    "make_ascii_event_id",
    "make_event_id",
    "plain_metadata",
    "slugify",
]

#: What an event id written in ASCII may look like: safe in URLs, file names and JSON Pointers.
#: Outside ASCII an id may also hold letters, digits and marks of any script (see
#: :func:`is_event_id`).
EVENT_ID_PATTERN: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
_MAX_ID_LENGTH: Final = 200
_ID_PUNCTUATION: Final = frozenset("._:-")
_ascii_id: Final = EVENT_ID_PATTERN.fullmatch
_SLUG_LENGTH: Final = 60
# Latin letters that Unicode does not decompose into an ASCII letter plus accents.
_ASCII_LETTERS: Final = str.maketrans(
    {"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "œ": "oe", "þ": "th", "ı": "i"}
    # Apostrophes join ("Trump's" is one word); other punctuation separates words.
    | {"'": "", "\u2019": "", "\u02bc": ""}
)
# What a slug keeps of ASCII; anything else in ASCII separates words.
_SLUG_ASCII: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ASCII_WORD: Final = re.compile(r"[a-z0-9]+")


# One read-only empty mapping serves every event without metadata (most of them).
_NO_METADATA: Final[Mapping[str, Any]] = MappingProxyType({})


class Relation(enum.StrEnum):
    """How one event relates to another it links to."""

    #: This event is a reaction to the target (a statement answering a strike).
    RESPONDS_TO = "responds-to"
    #: This event is one episode of the target (a battle of a war).
    PART_OF = "part-of"
    #: This event brought the target about.
    CAUSES = "causes"


def _text(field: str, value: object) -> str:
    """Text with its whitespace tidied: stripped, inner runs of spaces made one space."""
    if not isinstance(value, str):
        raise InvalidFieldError(field, value, "must be text")
    check_encodable(field, value)
    return " ".join(value.split())


def _required_text(field: str, value: object) -> str:
    text = _text(field, value)
    if not text:
        raise InvalidFieldError(field, value, "must not be empty")
    return text


def _optional_text(field: str, value: object) -> str | None:
    return None if value is None else _text(field, value) or None


def _when(field: str, value: Any) -> When:
    try:
        return When.coerce(value)
    except (ParseError, InvalidFieldError) as error:
        raise InvalidFieldError(field, value, f"is not a date ({error})") from None


# attrs converters, one named function per field so that type checkers can follow them.


def _to_title(value: object) -> str:
    if type(value) is str and value.isascii():
        # What _required_text makes of ASCII text (which is always encodable), without its
        # calls: every event has a title, and loads make millions of them.
        title = " ".join(value.split())
        if title:
            return title
    return _required_text("title", value)


def _to_summary(value: object) -> str:
    return "" if type(value) is str and not value else _text("summary", value)


def _to_when(value: Any) -> When:
    return _when("when", value)


def _to_outlet(value: object) -> str:
    return _required_text("outlet", value)


def _to_url(value: object) -> str | None:
    url = _optional_text("url", value)
    if url is not None and not re.match(r"https?://[^\s/]+", url):
        raise InvalidFieldError("url", value, "must be an http:// or https:// address")
    return url


def _to_published(value: Any) -> When | None:
    return None if value is None else _when("published", value)


def _to_quote(value: object) -> str | None:
    return _optional_text("quote", value)


@attrs.frozen
class Source:
    """Where an event is reported: an outlet, and optionally a URL, a date and a quote.

    >>> Source("The Atlantic", published="2017-11").published
    When('2017-11')
    """

    outlet: str = attrs.field(converter=_to_outlet)
    url: str | None = attrs.field(default=None, converter=_to_url)
    published: When | None = attrs.field(default=None, converter=_to_published)
    quote: str | None = attrs.field(default=None, converter=_to_quote)


def _to_relation(value: object) -> Relation:
    try:
        return Relation(str(value) if isinstance(value, str) else "")
    except ValueError:
        known = ", ".join(relation.value for relation in Relation)
        raise InvalidFieldError("relation", value, f"is not one of {known}") from None


def is_event_id(text: str) -> bool:
    """Whether ``text`` may be an event id: 1-200 letters, digits, marks or ``. _ : -``,
    starting with a letter or digit, in Unicode's composed form (NFC).

    Letters and digits of every script count (``2014-03-18-путин``), so that ids made from
    titles in any language stay readable; spaces, slashes and other punctuation do not, which
    keeps ids safe in URLs, file names and JSON Pointers.

    >>> is_event_id("2014-03-18-russia-annexes-crimea"), is_event_id("2017-11-11-中俄")
    (True, True)
    >>> is_event_id("two words"), is_event_id("-leading-hyphen")
    (False, False)

    Runtime complexity: O(n) in the length of ``text``.
    """
    if text.isascii():  # every id made from a Latin title: the fast, exact check
        return EVENT_ID_PATTERN.fullmatch(text) is not None
    return (
        0 < len(text) <= _MAX_ID_LENGTH
        and text[0].isalnum()
        and all(_is_id_character(char) for char in text)
        and unicodedata.is_normalized("NFC", text)
    )


def _is_id_character(char: str) -> bool:
    return char.isalnum() or char in _ID_PUNCTUATION or unicodedata.category(char)[0] == "M"


def _event_id(value: str) -> str:
    """An id in the form it is compared in: composed (NFC), so that the same letters typed on
    two systems (macOS writes é as e and an accent) are one id."""
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def _check_event_id(field: str, value: str) -> None:
    if not is_event_id(value):
        raise InvalidFieldError(
            field,
            value,
            "must be 1-200 letters, digits, marks or . _ : - (letters of any script) "
            "and start with a letter or digit",
        )


def _to_target(value: str) -> str:
    # Typed as text, as the field is; anything else passes, for the validator to refuse.
    text: object = value
    return _event_id(value) if isinstance(text, str) else value


@attrs.frozen
class Link:
    """A typed link from one event to another, by the other's id.

    >>> Link("part-of", "2014-02-20-russian-military-intervention-in-crimea").relation
    <Relation.PART_OF: 'part-of'>
    """

    relation: Relation = attrs.field(converter=_to_relation)
    target: str = attrs.field(converter=_to_target)

    @target.validator
    def _check_target(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str):
            raise InvalidFieldError("target", value, "must be an event id (text)")
        _check_event_id("target", value)


def _to_place(value: Place | str | None) -> Place | None:
    # Every reader hands its places to the Event, so this one rule geocodes them all alike.
    if value is None:
        return None
    if isinstance(value, Place | str):
        return resolve_place(value)
    raise InvalidFieldError("place", value, "must be a Place or a place name")


def _to_actors(values: object) -> tuple[str, ...]:
    # Actors keep the order they were given in ("Russia, the U.S. and Jordan"); repeats go.
    # Names are interned: a large timeline names the same few actors a million times over.
    if type(values) is tuple and not values:  # the default, made cheap: converters run on it
        return ()
    actors = tuple(
        dict.fromkeys(sys.intern(_text("actors", value)) for value in _iterable("actors", values))
    )
    if "" in actors:
        raise InvalidFieldError("actors", values, "must not contain an empty name")
    return _shared_names(actors)


def _to_tags(values: object) -> tuple[str, ...]:
    # Tags are a set; keeping them sorted makes equal events equal whatever the input order.
    # Interned, as actors are: few distinct tags, repeated on many events.
    if type(values) is tuple and not values:
        return ()
    tags = tuple(
        sorted({sys.intern(_text("tags", value).lower()) for value in _iterable("tags", values)})
    )
    if "" in tags:
        raise InvalidFieldError("tags", values, "must not contain an empty tag")
    return _shared_names(tags)


@functools.lru_cache(maxsize=2**14)
def _shared_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple for every event that names the same actors (tags), in the same order: a
    timeline repeats a few combinations over millions of events, and a tuple costs 50-70
    bytes each time. Bounded, so that a timeline of many combinations just shares fewer.
    """
    return names


def _iterable(field: str, values: object) -> Iterable[Any]:
    if type(values) in (list, tuple):  # the usual case, without the slower ABC check
        return values  # type: ignore[return-value]
    # A lone string is iterable too, but as letters: refuse it rather than split it.
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidFieldError(field, values, "must be a list or tuple")
    return values


def _tuple_of(cls: type[Any], field: str, values: object) -> tuple[Any, ...]:
    if type(values) is tuple and not values:
        return ()
    items = tuple(_iterable(field, values))
    for item in items:
        if not isinstance(item, cls):
            raise InvalidFieldError(field, item, f"must be a {cls.__name__}")
    return items


def _to_sources(values: object) -> tuple[Source, ...]:
    return _tuple_of(Source, "sources", values)


def _to_links(values: object) -> tuple[Link, ...]:
    return _tuple_of(Link, "links", values)


def _to_metadata(value: object) -> Mapping[str, Any]:
    if value is _NO_METADATA or (type(value) is dict and not value):
        return _NO_METADATA
    if not isinstance(value, Mapping):
        raise InvalidFieldError("metadata", value, "must be a mapping")
    frozen: Mapping[str, Any] = _json_copy("metadata", value, 0)
    return frozen


def _json_copy(field: str, value: Any, depth: int) -> Any:
    """A frozen copy of ``value`` made of JSON values: read-only mappings for objects, tuples
    for lists.

    Anything a JSON file could not hold is refused, so that every event can be saved. The copy
    keeps later changes to the caller's objects out of the event, and being frozen all the way
    down, no change to the event's metadata can reach the events copied from it.
    """
    if depth > _MAX_METADATA_DEPTH:
        raise InvalidFieldError(field, "...", f"nests deeper than {_MAX_METADATA_DEPTH} levels")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        check_encodable(field, value)
        return value
    if isinstance(value, int):
        if value.bit_length() > _MAX_INT_BITS:
            raise InvalidFieldError(field, value, "is an integer too long to write as JSON")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidFieldError(field, value, "must be a finite number (JSON has no NaN)")
        return value
    if isinstance(value, list | tuple):
        return tuple(
            _json_copy(f"{field}[{number}]", item, depth + 1) for number, item in enumerate(value)
        )
    if isinstance(value, Mapping):
        copy = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidFieldError(field, key, "keys must be text")
            check_encodable(field, key)
            copy[key] = _json_copy(f"{field}.{key}", item, depth + 1)
        return MappingProxyType(copy)
    raise InvalidFieldError(field, value, "must hold only JSON values (text, numbers, lists, ...)")


def plain_metadata(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """An event's metadata as plain, new JSON values (dicts and lists), for writers to save and
    callers to change freely: the event's own is frozen all the way down.

    >>> event = Event(title="Strike", when="2017-04-07", metadata={"sources": [{"n": 1}]})
    >>> event.metadata["sources"]
    (mappingproxy({'n': 1}),)
    >>> plain_metadata(event.metadata)
    {'sources': [{'n': 1}]}

    Runtime complexity: O(n) for the n values it holds.
    """
    plain: dict[str, Any] = _plain(metadata)
    return plain


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


_MAX_METADATA_DEPTH: Final = 32
# About 3,900 decimal digits: Python writes ints of up to 4,300 digits as text by default.
_MAX_INT_BITS: Final = 13_000


# No ``__weakref__`` slot: nothing takes weak references to events, and a timeline holds
# millions of them (see "Memory" in docs/benchmarks.md).
@attrs.frozen(kw_only=True, weakref_slot=False)
class Event:
    """One event of a timeline.

    ``when`` takes a :class:`When` or anything :meth:`When.coerce` reads; ``place`` a
    :class:`Place` or a bare place name, read by :func:`~geotimeline.places.resolve_place` (a
    country, a city of the gazetteer with its coordinates, or a name). Without an ``id``, a
    readable one is made from the date and the title (see :func:`make_event_id`).

    >>> crimea = Event(title="Russia annexes Crimea", when="2014-03-18",
    ...                actors=["Russia", "Ukraine"], tags=["Ukraine", "annexation"])
    >>> crimea.id
    '2014-03-18-russia-annexes-crimea'
    >>> crimea.tags
    ('annexation', 'ukraine')
    """

    #: Unique within a timeline; made from the date and title when not given.
    id: str = attrs.field(default="")
    title: str = attrs.field(converter=_to_title)
    when: When = attrs.field(converter=_to_when)
    summary: str = attrs.field(default="", converter=_to_summary)
    #: Who took part, in the order given, without repeats.
    actors: tuple[str, ...] = attrs.field(default=(), converter=_to_actors)
    place: Place | None = attrs.field(default=None, converter=_to_place)
    #: Lower-case labels, sorted, without repeats.
    tags: tuple[str, ...] = attrs.field(default=(), converter=_to_tags)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_to_sources)
    links: tuple[Link, ...] = attrs.field(default=(), converter=_to_links)
    #: Free, JSON-compatible data, frozen all the way down (read-only mappings for objects,
    #: tuples for lists; :func:`plain_metadata` gives plain ones); compared but not hashed.
    metadata: Mapping[str, Any] = attrs.field(
        default=_NO_METADATA, converter=_to_metadata, hash=False
    )
    #: The first and last ticks its date covers as written (``when.span``: the date's
    #: ``earliest_us`` and ``last_covered_us``), what timelines order events by before their
    #: ids. The date's own tuple, shared by every event of that date.
    span: tuple[int, int] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        event_id = self.id
        # An ASCII id that matches the pattern is valid and already as it is compared: the
        # usual id, which needs none of the checks and the making below.
        if type(event_id) is not str or not event_id.isascii() or not _ascii_id(event_id):
            if not isinstance(event_id, str):
                raise InvalidFieldError("id", event_id, "must be text")
            event_id = _event_id(event_id) or make_event_id(self.title, self.when)
            _check_event_id("id", event_id)
            object.__setattr__(self, "id", event_id)
        object.__setattr__(self, "span", self.when.span)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """What timelines order events by: ``(*span, id)``, unique within a timeline.

        Made on each read: a timeline orders its events by their span (a tuple that every
        event of one date shares) and their id, and holds no such tuple for each event, which
        saves 64 bytes an event.

        >>> Event(id="e1", title="Talks", when="2017").sort_key[2]
        'e1'
        """
        return (*self.span, self.id)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle (and multiprocessing) cannot write the read-only mappings that freeze the
        # metadata: an event is pickled as its fields, with plain metadata, and made anew.
        fields = {name: getattr(self, name) for name in _PICKLED_FIELDS}
        fields["metadata"] = plain_metadata(self.metadata)
        return (_unpickle_event, (fields,))

    def _repr_html_(self) -> str:
        """The event as a small HTML table, for notebooks."""
        html: str = conveniences.provided("event_html")(self)
        return html


def _events_from_checked_fields(
    ids: Sequence[str],
    titles: Sequence[str],
    whens: Sequence[When],
    summaries: Sequence[str],
    actors: Sequence[tuple[str, ...]],
    places: Sequence[Place | None],
    tags: Sequence[tuple[str, ...]],
) -> list[Event]:
    """Events made of fields that are each, already, exactly what ``Event(...)``'s converters
    and post-init check make of them, the other fields (sources, links, metadata) at their
    defaults: the i-th event of the i-th value of each column.

    For readers that have proven every value (an id as the post-init check keeps it, a title
    as :func:`_to_title` returns it, a date as :func:`_to_when` does, ...): nothing is checked
    here, which is the point. This is the one place outside the class that knows its slots.

    >>> made = _events_from_checked_fields(
    ...     ["e1"], ["Talks"], [When.parse("2017")], [""], [()], [None], [()]
    ... )
    >>> made == [Event(id="e1", title="Talks", when="2017")]
    True

    Runtime complexity: O(n), with no Python step per field and event, one per distinct date.
    """
    events = list(map(object.__new__, itertools.repeat(Event, len(ids))))
    count = len(events)
    for name, values in (
        ("id", ids), ("title", titles), ("when", whens), ("summary", summaries),
        ("actors", actors), ("place", places), ("tags", tags),
    ):  # fmt: skip
        collections.deque(map(_SLOT_SETTERS[name], events, values), maxlen=0)
    for name, default in (("sources", ()), ("links", ()), ("metadata", _NO_METADATA)):
        collections.deque(
            map(_SLOT_SETTERS[name], events, itertools.repeat(default, count)), maxlen=0
        )
    # Each distinct date's span is read once (events share their dates, and the span is a
    # property) and given to its events by C loops: a date is known by its object's id, which
    # stays its own while ``whens`` holds it.
    distinct = dict(zip(map(id, whens), whens, strict=True))
    spans = {key: when.span for key, when in distinct.items()}
    collections.deque(
        map(_SLOT_SETTERS["span"], events, map(spans.__getitem__, map(id, whens))), maxlen=0
    )
    return events


#: What timelines order events by, as a key function: ``(event.span, event.id)``, which
#: orders as :attr:`Event.sort_key` does (a C function that makes no tuple of three). Keys
#: to bisect with are written the same way: ``((low,),)`` sorts before every event that
#: starts at ``low`` or later.
ORDER: Final[Callable[[Event], tuple[tuple[int, int], str]]] = operator.attrgetter("span", "id")


#: Each field's slot setter, for constructors that fill an event's slots without its
#: converters (:func:`_events_from_checked_fields`, the readers of native files).
_SLOT_SETTERS: Final[dict[str, Callable[[Event, Any], None]]] = {
    field.name: Event.__dict__[field.name].__set__ for field in attrs.fields(Event)
}


def slugify(text: str, max_length: int = _SLUG_LENGTH) -> str:
    """Lower-case words joined by hyphens, cut at a word boundary.

    Latin letters are written in ASCII, without their accents; letters and digits of other
    scripts are kept as they are, lower-cased and composed (NFKC), so that a title in Russian
    or Chinese gives a readable slug too. Punctuation separates words, except apostrophes.

    >>> slugify("Trump’s remarks aboard Air Force One — on Saturday")
    'trumps-remarks-aboard-air-force-one-on-saturday'
    >>> slugify("Путин и Эрдоган встречаются в Сочи")
    'путин-и-эрдоган-встречаются-в-сочи'
    >>> slugify("中俄签署联合声明")
    '中俄签署联合声明'

    Runtime complexity: O(n) in the length of ``text``.
    """
    return _cut(_words(text), max_length)


def _cut(words: list[str], max_length: int) -> str:
    """Words joined by hyphens, as many as fit in ``max_length`` characters."""
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        # A single word longer than the limit: cut it rather than return nothing.
        return unicodedata.normalize("NFC", words[0][:max_length])
    return slug


def _words(text: str, other_scripts: bool = True) -> list[str]:
    """The words of a title, for its slug.

    Letters of Latin script go to ASCII exactly as they always have (ids made from Latin
    titles are referenced by files and links, and must not change): accents dropped, æ as
    ae, any other Latin letter a separator. Only what was a separator before, a letter or
    digit of another script, is kept now (unless ``other_scripts`` is false), with the marks
    that follow it (the vowel signs of Devanagari, the accents of Greek).
    """
    if text.isascii():  # most titles: the same words, without a loop over the characters
        ascii_words: list[str] = _ASCII_WORD.findall(text.lower().replace("'", ""))
        return ascii_words
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_ASCII_LETTERS))
    kept: list[str] = []
    after_other_script = False  # whether a mark here belongs to a letter of another script
    for char in decomposed:
        if char.isascii():
            kept.append(char if char in _SLUG_ASCII else " ")
            after_other_script = False
        elif after_other_script and unicodedata.category(char)[0] == "M":
            kept.append(char)
        elif unicodedata.combining(char):
            continue  # an accent on a Latin letter
        elif "\u02b0" <= char < "\u0300":
            # A spacing modifier letter (U+02BC, U+02B0) belongs to no script: it comes with Latin
            # text, from decomposing a letter such as ŉ, and always was a separator.
            kept.append(" ")
            after_other_script = False
        elif other_scripts and char.isalnum() and not _is_latin(char):
            kept.append(char)  # lower-cased already (casefold would lose Greek's final sigma)
            after_other_script = True
        else:
            kept.append(" ")
            after_other_script = False
    return [unicodedata.normalize("NFC", word) for word in "".join(kept).split()]


def _is_latin(char: str) -> bool:
    # Most letters of other scripts lie in two ranges that hold no Latin letter (Greek to
    # Georgian, Hangul Jamo and Ethiopic; CJK, kana and Hangul syllables): a comparison there
    # spares building the character's name, which doubles the time of a Cyrillic title.
    if "\u0370" <= char < "\u1d00" or "\u3000" <= char < "\ua720":
        return False
    return unicodedata.name(char, "LATIN").startswith("LATIN")


def make_event_id(title: str, when: When) -> str:
    """A readable id: the date the event starts (to the day at most), then the title's slug.

    >>> make_event_id("Ceasefire in south-western Syria", When.parse("2017-22"))
    '2017-22-ceasefire-in-south-western-syria'
    >>> make_event_id("Путин встречается с Эрдоганом", When.parse("2017-11-13"))
    '2017-11-13-путин-встречается-с-эрдоганом'
    """
    return _id_of(_date_part(when), slugify(title))


def make_ascii_event_id(title: str, when: When) -> str:
    """The id :func:`make_event_id` made before it kept letters of scripts other than Latin:
    those letters dropped, so that a title in Cyrillic or Chinese gave the date alone.

    The same as :func:`make_event_id` for every title in Latin script. Readers of files
    written then use it to keep their links (see :mod:`geotimeline.io.yamlfile`).

    >>> make_ascii_event_id("Путин встречается с Эрдоганом", When.parse("2017-11-13"))
    '2017-11-13'
    """
    return _id_of(_date_part(when), _cut(_words(title, other_scripts=False), _SLUG_LENGTH))


def _date_part(when: When) -> str:
    start = when.start
    date = str(start).split("T")[0].rstrip("?~%") if isinstance(start, Moment) else "undated"
    if date.startswith("-"):  # an id starts with a letter or digit: -0499 becomes Y-0499
        date = "Y" + date
    return date


def _id_of(date: str, slug: str) -> str:
    return f"{date}-{slug}" if slug else date


_PICKLED_FIELDS: Final = tuple(field.name for field in attrs.fields(Event) if field.init)


def _unpickle_event(fields: dict[str, Any]) -> Event:
    return Event(**fields)
