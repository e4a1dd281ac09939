"""Events, sources and links: conversion at the boundary, so that an event that exists is valid."""

from __future__ import annotations

import copy
import itertools
import json
import pickle
import re
import sys
import unicodedata
import weakref
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from geotimeline import Event, InvalidFieldError, Link, Place, Relation, Source, Timeline, When
from geotimeline.events import event as event_module
from geotimeline.events import (
    is_event_id,
    make_ascii_event_id,
    make_event_id,
    plain_metadata,
    slugify,
)
from geotimeline.time import Moment
from tests.strategies import events, latin_titles, metadata, other_script_words, whens


def test_text_becomes_a_when_and_a_name_becomes_a_place() -> None:
    event = Event(title="Remarks aboard Air Force One", when="2017-11-11", place="Air Force One")
    assert event.when == When.parse("2017-11-11")
    assert event.place == Place("Air Force One")


def test_an_id_is_made_from_date_and_title_when_none_is_given() -> None:
    assert Event(title="Russia annexes Crimea", when="2014-03-18").id == (
        "2014-03-18-russia-annexes-crimea"
    )
    assert Event(title="War in Donbas", when="2014-04/..").id == "2014-04-war-in-donbas"
    assert Event(title="Talks", when="/2014").id == "undated-talks"
    assert Event(title="Talks", when="2014-03-18T10:00Z").id == "2014-03-18-talks"
    assert Event(title="Talks", when="2014~").id == "2014-talks"
    assert Event(id="ACLED-SYR-1", title="x", when="2014").id == "ACLED-SYR-1"


def test_actors_keep_their_order_and_lose_repeats_and_extra_spaces() -> None:
    event = Event(
        title="Ceasefire", when="2017-22", actors=["Russia", " United  States", "Jordan", "Russia"]
    )
    assert event.actors == ("Russia", "United States", "Jordan")


def test_tags_are_a_sorted_lower_case_set() -> None:
    event = Event(title="x", when="2017", tags=["Syria", "ceasefire", "syria"])
    assert event.tags == ("ceasefire", "syria")
    assert event == Event(title="x", when="2017", tags=["ceasefire", "Syria"])


def test_actor_names_and_tags_are_shared_between_events() -> None:
    # A million events name the same few actors: one string each, not one per event.
    first = Event(title="a", when="2017", actors=["United  States"], tags=["Sanctions"])
    second = Event(title="b", when="2017", actors=[" United States "], tags=["SANCTIONS"])
    assert first.actors[0] is second.actors[0]
    assert first.tags[0] is second.tags[0]


def test_metadata_is_read_only_and_compared() -> None:
    source = {"acled": {"event_id_cnty": "SYR1"}}
    event = Event(title="x", when="2017", metadata=source)
    source["changed"] = {}
    assert dict(event.metadata) == {"acled": {"event_id_cnty": "SYR1"}}
    with pytest.raises(TypeError):
        event.metadata["new"] = 1  # type: ignore[index]
    assert event != Event(title="x", when="2017")
    assert hash(event) == hash(Event(title="x", when="2017", metadata={"other": 1}))


def _containers(value: Any) -> Iterator[Any]:
    """Every mapping and sequence in ``value``, ``value`` included."""
    if isinstance(value, Mapping):
        yield value
        for item in value.values():
            yield from _containers(item)
    elif isinstance(value, list | tuple):
        yield value
        for item in value:
            yield from _containers(item)


# Every way Python offers to change a dict or a list in place.
_MUTATIONS: list[Callable[[Any], object]] = [
    lambda mapping: mapping.__setitem__("new", 1),
    lambda mapping: mapping.__delitem__("inner"),
    lambda mapping: mapping.update(new=1),
    lambda mapping: mapping.pop("inner"),
    lambda mapping: mapping.popitem(),
    lambda mapping: mapping.setdefault("new", 1),
    lambda mapping: mapping.clear(),
    lambda mapping: mapping.__ior__({"new": 1}),
    lambda sequence: sequence.append(1),
    lambda sequence: sequence.extend([1]),
    lambda sequence: sequence.insert(0, 1),
    lambda sequence: sequence.pop(),
    lambda sequence: sequence.remove(1),
    lambda sequence: sequence.__setitem__(0, 2),
    lambda sequence: sequence.__delitem__(0),
    lambda sequence: sequence.sort(),
    lambda sequence: sequence.reverse(),
    lambda sequence: sequence.__iadd__([1]),
]


@pytest.mark.parametrize("mutation", _MUTATIONS)
@pytest.mark.parametrize("path", [(), ("outer",), ("outer", "inner"), ("outer", "list")])
def test_no_mutation_reaches_nested_metadata(
    mutation: Callable[[Any], object], path: tuple[str, ...]
) -> None:
    source = {"outer": {"inner": {"n": 1}, "list": [1, 2]}, "inner": 1}
    event = Event(title="x", when="2017", metadata=source)
    copied = attrs.evolve(event, title="y")
    before = json.dumps(plain_metadata(event.metadata))
    target: Any = event.metadata
    for key in path:
        target = target[key]
    with pytest.raises((TypeError, AttributeError)):
        mutation(target)
    # Neither the event nor its copy changed, and the caller's dict is still the caller's.
    assert json.dumps(plain_metadata(event.metadata)) == before
    assert copied.metadata == event.metadata
    source["outer"]["list"].append(3)  # type: ignore[index]
    assert event.metadata["outer"]["list"] == (1, 2)


@given(metadata=metadata)
@example(metadata={"new": None})  # the key the test adds was once drawn: it must be a new one
def test_metadata_is_frozen_all_the_way_down(metadata: dict[str, Any]) -> None:
    event = Event(title="x", when="2017", metadata=copy.deepcopy(metadata))
    assert all(
        isinstance(container, MappingProxyType | tuple) for container in _containers(event.metadata)
    )
    plain = plain_metadata(event.metadata)
    # The plain copy is the JSON that was given, and changing it changes no event.
    assert json.dumps(plain) == json.dumps(metadata)
    assert Event(title="x", when="2017", metadata=plain) == event
    added = next(key for n in itertools.count() if (key := f"new{n}") not in plain)
    plain[added] = [1]
    assert added not in event.metadata


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"title": "", "when": "2014"}, "title", "must not be empty"),
        ({"title": "   ", "when": "2014"}, "title", "must not be empty"),
        ({"title": 5, "when": "2014"}, "title", "must be text"),
        ({"title": "x", "when": "2014-13"}, "when", "month 13"),
        ({"title": "x", "when": 2014}, "when", "is not a When"),
        ({"title": "x", "when": "2014", "id": "has space"}, "id", "letters, digits"),
        ({"title": "x", "when": "2014", "id": "-dash-first"}, "id", "start with a letter"),
        ({"title": "x", "when": "2014", "actors": "Russia"}, "actors", "list or tuple"),
        ({"title": "x", "when": "2014", "actors": ["Russia", ""]}, "actors", "empty name"),
        ({"title": "x", "when": "2014", "tags": [3]}, "tags", "must be text"),
        ({"title": "x", "when": "2014", "place": 3}, "place", "Place or a place name"),
        (
            {"title": "x", "when": "2014", "sources": ["The Atlantic"]},
            "sources",
            "must be a Source",
        ),
        ({"title": "x", "when": "2014", "links": [("causes", "a")]}, "links", "must be a Link"),
        ({"title": "x", "when": "2014", "metadata": [1]}, "metadata", "must be a mapping"),
        ({"title": "x", "when": "2014", "metadata": {1: 2}}, "metadata", "keys must be text"),
        ({"title": "x", "when": "2014", "metadata": {"a": {1, 2}}}, "metadata.a", "JSON values"),
        ({"title": "x", "when": "2014", "metadata": {"a": [float("nan")]}}, "metadata.a[0]", "NaN"),
        ({"title": "x", "when": "2014", "metadata": {"a": {"b": {2: 1}}}}, "metadata.a.b", "text"),
    ],
)
def test_bad_fields_are_refused_with_the_field_named(
    fields: dict[str, object], field: str, fragment: str
) -> None:
    with pytest.raises(InvalidFieldError) as caught:
        Event(**fields)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert fragment in str(caught.value)
    assert str(caught.value).startswith(f"{field}: ")


def test_evolve_validates_again() -> None:
    event = Event(title="x", when="2014")
    with pytest.raises(InvalidFieldError, match="when"):
        attrs.evolve(event, when="2014-02-30")
    moved = attrs.evolve(event, when="2015")
    assert moved.sort_key[0] > event.sort_key[0]


def test_sources_and_links() -> None:
    source = Source(" The  Atlantic ", url="https://www.theatlantic.com/", published="2017-11-13")
    assert source.outlet == "The Atlantic"
    assert source.published == When.parse("2017-11-13")
    assert Source("Reuters", quote="  ").quote is None
    with pytest.raises(InvalidFieldError, match="url"):
        Source("Reuters", url="ftp://example.org")
    with pytest.raises(InvalidFieldError, match="outlet"):
        Source("")
    with pytest.raises(InvalidFieldError, match="published"):
        Source("Reuters", published="someday")
    assert Link("causes", "some-id").relation is Relation.CAUSES
    with pytest.raises(InvalidFieldError, match="responds-to, part-of, causes"):
        Link("caused", "some-id")
    with pytest.raises(InvalidFieldError, match="target"):
        Link("causes", "not an id")


def test_slugs() -> None:
    assert (
        slugify("Trump–Putin statement on Syria (Da Nang)")
        == "trump-putin-statement-on-syria-da-nang"
    )
    assert slugify("Ünïcödé Ærøskøbing") == "unicode-aeroskobing"
    assert slugify("!!!") == ""
    assert len(slugify("word " * 40)) <= 60
    assert slugify("x" * 80) == "x" * 60
    assert make_event_id("!!!", When.parse("2014")) == "2014"


# -- ids in every script ----------------------------------------------------------------------

# make_event_id as it was before ids kept other scripts, copied here unchanged: files in the
# wild, and links in them, name events by the ids it made.
_OLD_LETTERS = str.maketrans(
    {"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "œ": "oe", "þ": "th", "ı": "i"}
    | {"'": "", "\u2019": "", "\u02bc": ""}
)


def old_slugify(text: str, max_length: int = 60) -> str:
    latin = unicodedata.normalize("NFKD", text.lower().translate(_OLD_LETTERS))
    ascii_text = "".join(
        char if char.isascii() else "" if unicodedata.combining(char) else " " for char in latin
    )
    words: list[str] = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        return words[0][:max_length]
    return slug


def old_make_event_id(title: str, when: When) -> str:
    start = when.start
    date = str(start).split("T")[0].rstrip("?~%") if isinstance(start, Moment) else "undated"
    if date.startswith("-"):
        date = "Y" + date
    slug = old_slugify(title)
    return f"{date}-{slug}" if slug else date


@given(st.text(st.characters(max_codepoint=0x7F)), whens())
def test_ascii_titles_give_the_ids_they_always_gave(title: str, when: When) -> None:
    assert make_event_id(title, when) == old_make_event_id(title, when)


@given(latin_titles(), whens())
@example(title="\u0149", when=When.parse("01XX"))  # ŉ decomposes to a modifier letter and n
def test_latin_titles_give_the_ids_they_always_gave(title: str, when: When) -> None:
    assert make_event_id(title, when) == old_make_event_id(title, when)


@given(st.text(), whens())
def test_ascii_ids_are_the_old_ids_and_every_made_id_is_valid(title: str, when: When) -> None:
    assert make_ascii_event_id(title, when) == old_make_event_id(title, when)
    made = make_event_id(title, when)
    assert is_event_id(made)
    tidied = " ".join(title.split()) or "x"  # as Event keeps its title
    assert Event(title=tidied, when=when).id == make_event_id(tidied, when)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Путин и Эрдоган встречаются в Сочи", "путин-и-эрдоган-встречаются-в-сочи"),
        ("Ελληνικές ΕΚΛΟΓΕΣ", "ελληνικές-εκλογες"),
        ("中俄签署联合声明", "中俄签署联合声明"),
        ("한국 정상회담", "한국-정상회담"),  # Hangul decomposes to letters and back (NFKC)
        ("हिन्दी समाचार", "हिन्दी-समाचार"),  # vowel signs and the virama stay on their letters
        ("مصر ٢٠١٤", "مصر-٢٠١٤"),
        ("Talks in Москва (Moscow)", "talks-in-москва-moscow"),
        ("Ünïcödé Ærøskøbing", "unicode-aeroskobing"),
        ("Ｔａｌｋｓ！", "talks"),  # full-width Latin is Latin
    ],
)
def test_titles_in_other_scripts_give_readable_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug


@given(
    st.sampled_from(
        [
            "абвгдежзийклмнопрстуфхцчшщъыьэюя",
            "αβγδεζηθικλμνξοπρστυφχψω",
            "中俄美日韩联合声明会谈签署",
            "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
        ]
    ),
    st.data(),
)
def test_two_titles_in_one_script_on_one_day_get_two_ids(
    alphabet: str, data: st.DataObject
) -> None:
    first, second = (data.draw(other_script_words(alphabet)) for _ in range(2))
    if first == second:
        return
    day = When.parse("2017-11-13")
    one, other = (Event(title=" ".join(words), when=day) for words in (first, second))
    assert one.id != other.id
    assert len(Timeline([one, other])) == 2


def test_the_quick_test_for_latin_letters_agrees_with_their_names() -> None:
    # Every letter and digit of Unicode: the ranges that skip the name must hold no Latin one.
    from geotimeline.events.event import _is_latin

    letters = (chr(point) for point in range(0x80, sys.maxunicode + 1))
    wrong = [
        char
        for char in letters
        if char.isalnum() and _is_latin(char) != unicodedata.name(char, "LATIN").startswith("LATIN")
    ]
    assert wrong == []


def test_ids_are_kept_composed() -> None:
    composed, decomposed = "2014-москва-й", unicodedata.normalize("NFD", "2014-москва-й")
    assert composed != decomposed
    assert not is_event_id(decomposed)
    assert Event(id=decomposed, title="x", when="2014").id == composed
    assert Link("causes", decomposed).target == composed


@pytest.mark.parametrize(
    "text", ["", " ", "a b", "a/b", "-a", "_a", "москва,", "中\u3000国", "é" * 201, "a\u0301"[::-1]]
)
def test_what_is_not_an_id(text: str) -> None:
    assert not is_event_id(text)
    with pytest.raises(InvalidFieldError, match="letters, digits"):
        Event(id=text or " ", title="x", when="2014")


@given(events())
def test_events_are_frozen_slotted_and_hash_consistently(event: Event) -> None:
    assert not hasattr(event, "__dict__")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.title = "changed"  # type: ignore[misc]
    copy = attrs.evolve(event)
    assert copy == event
    assert hash(copy) == hash(event)


@given(st.text(min_size=1).filter(str.strip), st.sampled_from(["2014", "2017-22", "2014-04/.."]))
def test_any_title_gives_a_valid_id(title: str, when: str) -> None:
    event = Event(title=title, when=when)
    assert event.id.startswith(when.split("/")[0])
    assert event.title == " ".join(title.split())


@given(events())
def test_an_event_pickles_and_comes_back_equal(event: Event) -> None:
    # Frozen metadata is made of read-only mappings, which pickle cannot write by itself.
    again = pickle.loads(pickle.dumps(event))
    assert again == event
    assert plain_metadata(again.metadata) == plain_metadata(event.metadata)


def test_an_event_holds_its_fields_and_nothing_more() -> None:
    # Memory: a million events pay for every slot; weak references were one nobody used.
    event = Event(title="Talks", when="2017-11-11", actors=["Russia"])
    assert Event.__slots__ == tuple(field.name for field in attrs.fields(Event))
    assert not hasattr(event, "__dict__")
    with pytest.raises(TypeError):
        weakref.ref(event)
    assert copy.copy(event) == event == pickle.loads(pickle.dumps(event))


def test_events_naming_the_same_actors_and_tags_share_one_tuple() -> None:
    # Memory: a timeline repeats a few combinations of names over millions of events.
    first = Event(title="Talks", when="2017", actors=["Russia", "Iran"], tags=["Talks"])
    second = Event(title="More talks", when="2018", actors=["Russia", "Iran"], tags=["talks"])
    assert first.actors is second.actors
    assert first.tags is second.tags
    assert Event(title="x", when="2017", actors=["Iran", "Russia"]).actors == ("Iran", "Russia")


@given(st.lists(events(), max_size=5))
def test_the_batch_constructor_makes_the_events_and_sort_keys_the_class_makes(
    made: list[Event],
) -> None:
    # One formula of the sort key serves both (the loader's events must sort as any other).
    plain = [attrs.evolve(event, sources=(), links=(), metadata={}) for event in made]
    columns = [[getattr(event, name) for event in plain] for name in _BATCH_COLUMNS]
    again = event_module._events_from_checked_fields(*columns)
    assert again == plain
    assert [event.sort_key for event in again] == [event.sort_key for event in plain]
    assert all(
        event.sort_key == (event.when.earliest_us, event.when.last_covered_us, event.id)
        for event in again
    )
    # No tuple of its own: each event holds its date's span, as the class's events do.
    assert all(event.span is event.when.span for event in again + plain)


@given(st.lists(events(), max_size=8))
def test_the_order_of_span_and_id_is_the_order_of_sort_keys(made: list[Event]) -> None:
    # Timelines order by (span, id) and bisect with keys written that way; users read
    # sort_key. The two must agree on every pair, ties and all.
    assert sorted(made, key=event_module.ORDER) == sorted(made, key=lambda e: e.sort_key)
    for event in made:
        assert event_module.ORDER(event) == (event.sort_key[:2], event.sort_key[2])
        assert ((event.span[0],),) < event_module.ORDER(event) < ((event.span[0] + 1,),)


_BATCH_COLUMNS = ("id", "title", "when", "summary", "actors", "place", "tags")
