"""Hypothesis strategies for geotimeline's values, shared by the test modules.

The strategies draw from the whole model (every precision, seasons 21-41, offsets, the
qualifiers, open and unknown ends) rather than from a list of examples, so that properties are
checked where the calendar has its corners: leap days, year 1, year 9999, winters that end in
the next year. :func:`wide_moments` and :func:`wide_whens` add the years outside 1-9999 that
EDTF writes (0000, -0999, Y-10000) and the unspecified fields (2004-XX).
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import json
import operator
import pickle
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pendulum
from hypothesis import reject
from hypothesis import strategies as st

from geotimeline import (
    Event,
    InvalidFieldError,
    Link,
    Moment,
    Place,
    Precision,
    Source,
    Timeline,
    Unbounded,
    When,
)
from geotimeline.events import is_event_id
from geotimeline.extract.scoring import Span
from geotimeline.time import calendar as cal
from geotimeline.time.calendar import SEASONS
from geotimeline.time.relations import Extent

__all__ = [
    "EDITABLE_FIELDS", "ENGINE_ACTORS", "ENGINE_OUTLETS", "ENGINE_TAGS", "FORMULA_STARTS",
    "JsonPairs", "aliased_yaml", "date_texts", "days", "edited", "engine_events", "engine_places",
    "engine_timelines", "event_ids", "events", "events_with_geocoded_places", "every_whens",
    "extents", "file_names", "formula_events", "formula_texts", "full_range_moments",
    "full_range_whens", "garbled", "geocoded_places", "html_texts", "huge_value_edits",
    "json_pair_texts", "json_values", "latin_titles", "look_alike_accounts", "look_alike_values",
    "mentions", "metadata", "moments", "mutated", "nearby_moments", "nearby_whens",
    "other_script_words", "places", "pre_1900_local_times", "rich_events", "rich_timelines",
    "separate_loads", "snapshot_pairs", "sources", "time_of_day_texts", "timelines", "whens",
    "wide_moments",
    "wide_whens", "wikidata_moments", "wikidata_whens", "with_a_huge_value",
]  # fmt: skip

_MAX_OFFSET = 14 * 60
# The years a Python date-time holds, where earliest and latest are date-times: most
# strategies stay in them, so that properties may read those.
MIN_YEAR, MAX_YEAR = 1, 9999


@st.composite
def days(draw: st.DrawFn, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR) -> Moment:
    """A moment of precision DAY."""
    year = draw(st.integers(min_year, max_year))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return Moment.of(year, month, day)


@st.composite
def moments(draw: st.DrawFn) -> Moment:
    """A moment of any precision, with or without the EDTF qualifiers."""
    flags = {"uncertain": draw(st.booleans()), "approximate": draw(st.booleans())}
    kind = draw(st.sampled_from(["century", "decade", "season", "date", "time"]))
    if kind == "century":
        return Moment.of_century(draw(st.integers(1, MAX_YEAR // 100)) * 100, **flags)
    if kind == "decade":
        return Moment.of_decade(draw(st.integers(1, MAX_YEAR // 10)) * 10, **flags)
    if kind == "season":
        season = draw(st.sampled_from(sorted(SEASONS)))
        ends_next_year = sum(SEASONS[season]) > 13
        year = draw(st.integers(MIN_YEAR, MAX_YEAR - ends_next_year))
        return Moment.of_season(year, season, **flags)
    day = draw(days(min_year=MIN_YEAR + 1, max_year=MAX_YEAR - 1))
    local = day.local_datetime()
    fields = [local.year, local.month, local.day]
    if kind == "date":
        return Moment.of(*fields[: draw(st.integers(1, 3))], **flags)
    time = draw(st.lists(st.integers(0, 59), min_size=1, max_size=3))
    time[0] %= 24
    microsecond = draw(st.integers(0, 999_999)) if len(time) == 3 else 0
    offset = draw(st.none() | st.integers(-_MAX_OFFSET, _MAX_OFFSET))
    return Moment.of(*fields, *time, microsecond, utc_offset=offset)


_BOUNDS = moments() | st.sampled_from(Unbounded)


@st.composite
def whens(draw: st.DrawFn) -> When:
    """An instant or an interval whose ends are moments, open or unknown, in a valid order."""
    if draw(st.booleans()):
        return When.instant(draw(moments()))
    first, second = draw(_BOUNDS), draw(_BOUNDS)
    if isinstance(first, Unbounded) and isinstance(second, Unbounded):
        second = draw(moments())
    start, end = sorted([first, second], key=_bound_order)
    return When.interval(start, end)


def _bound_order(bound: Moment | Unbounded) -> tuple[int, int]:
    # Unbounded ends go to the outside; two moments go earliest first, so the interval is valid
    # whenever one exists (an interval needs start.earliest <= end.latest).
    if isinstance(bound, Unbounded):
        return (0, 0) if bound is Unbounded.UNKNOWN else (2, 0)
    return 1, bound.earliest_us


def event_ids() -> st.SearchStrategy[str]:
    """Ids as the native format accepts them: mostly ASCII, sometimes letters, marks and digits
    of other scripts (composed, as ids are kept)."""
    ascii_ids = st.from_regex(r"[a-z0-9][a-z0-9._:-]{0,15}", fullmatch=True)
    other_scripts = st.builds(
        operator.add,
        st.characters(categories=("L", "N"), min_codepoint=0x80),
        st.text(st.characters(categories=("L", "M", "N")) | st.sampled_from("._:-"), max_size=15),
    ).map(lambda text: unicodedata.normalize("NFC", text))
    return ascii_ids | other_scripts.filter(is_event_id)


def latin_titles() -> st.SearchStrategy[str]:
    """Titles in Latin script: ASCII, accented and other Latin letters, punctuation, symbols.

    The MICRO SIGN of Latin-1 is left out: it is a Greek letter (mu), kept in ids as Greek is.
    """
    return st.text(
        st.characters(max_codepoint=0x24F, exclude_categories=("Cs",), exclude_characters="µ")
    )


def other_script_words(alphabet: str) -> st.SearchStrategy[list[str]]:
    """The words of a title written in ``alphabet`` (a script's letters), one to four."""
    return st.lists(st.text(alphabet, min_size=1, max_size=8), min_size=1, max_size=4)


def _words() -> st.SearchStrategy[str]:
    return st.text(min_size=1).filter(str.strip)


@st.composite
def places(draw: st.DrawFn) -> Place:
    """Places with or without a country, region and coordinates (which come in pairs)."""
    point = draw(st.none() | st.tuples(st.floats(-90, 90), st.floats(-180, 180)))
    latitude, longitude = point or (None, None)
    return Place(
        name=draw(_words()),
        country=draw(st.none() | st.sampled_from(["SY", "UA", "RU", "US", "KP", "JO", "CN"])),
        region=draw(st.none() | _words()),
        latitude=latitude,
        longitude=longitude,
    )


def sources() -> st.SearchStrategy[Source]:
    """Sources with any mix of their optional fields."""
    return st.builds(
        Source,
        outlet=_words(),
        url=st.none() | st.just("https://www.example.org/a"),
        published=st.none() | whens(),
        quote=st.none() | st.text(),
    )


def events(when: st.SearchStrategy[When] | None = None) -> st.SearchStrategy[Event]:
    """Events with every field drawn; ``when`` narrows their dates."""
    return st.builds(
        Event,
        id=event_ids(),
        title=_words(),
        when=whens() if when is None else when,
        summary=st.text(),
        actors=st.lists(_words(), max_size=3),
        place=st.none() | places(),
        tags=st.lists(_words(), max_size=3),
        sources=st.lists(sources(), max_size=2),
        links=st.lists(
            st.builds(Link, st.sampled_from(["causes", "part-of", "responds-to"]), event_ids()),
            max_size=2,
        ),
        metadata=st.dictionaries(st.text(), st.integers() | st.text(), max_size=2),
    )


# -- The full calendar, for round trips -------------------------------------------------------


@st.composite
def full_range_moments(draw: st.DrawFn) -> Moment:
    """A moment of any precision in any year from 1 to 9999, the first and last most often.

    Unlike :func:`moments`, days and times reach into years 1 and 9999; a time whose UTC
    offset would move it out of those years is not drawn.
    """
    kind = draw(st.sampled_from(["other", "date", "time"]))
    if kind == "other":
        return draw(moments())
    flags = {"uncertain": draw(st.booleans()), "approximate": draw(st.booleans())}
    year = draw(st.sampled_from([MIN_YEAR, MAX_YEAR]) | st.integers(MIN_YEAR, MAX_YEAR))
    month = draw(st.integers(1, 12))
    fields = [year, month, draw(st.integers(1, calendar.monthrange(year, month)[1]))]
    if kind == "date":
        return Moment.of(*fields[: draw(st.integers(1, 3))], **flags)
    time = draw(st.lists(st.integers(0, 59), min_size=1, max_size=3))
    time[0] %= 24
    microsecond = draw(st.integers(0, 999_999)) if len(time) == 3 else 0
    offset = draw(st.none() | st.integers(-_MAX_OFFSET, _MAX_OFFSET))
    try:
        return Moment.of(*fields, *time, microsecond, utc_offset=offset)
    except InvalidFieldError:  # the offset moves the time out of years 1-9999
        reject()


@st.composite
def full_range_whens(draw: st.DrawFn) -> When:
    """Like :func:`whens`, with moments from :func:`full_range_moments`."""
    if draw(st.booleans()):
        return When.instant(draw(full_range_moments()))
    bounds = full_range_moments() | st.sampled_from(Unbounded)
    first, second = draw(bounds), draw(bounds)
    if isinstance(first, Unbounded) and isinstance(second, Unbounded):
        second = draw(full_range_moments())
    start, end = sorted([first, second], key=_bound_order)
    return When.interval(start, end)


# -- Every year geotimeline holds, and the unspecified fields ----------------------------------


@st.composite
def wide_moments(draw: st.DrawFn) -> Moment:
    """A moment of any year geotimeline holds: four-digit years from -9999 to 9999 with any
    precision, longer years (written ``Y10000``) alone, year 0 and the ends of the range most
    often, and years, months and days written with unspecified fields (``2004-XX``).
    """
    flags = {"uncertain": draw(st.booleans()), "approximate": draw(st.booleans())}
    kind = draw(st.sampled_from(["long year", "unspecified", "date", "season", "other"]))
    if kind == "other":
        return draw(moments())
    edges = st.sampled_from([-9999, -1, 0, 1, 9999])
    if kind == "long year":
        magnitude = draw(
            st.sampled_from([10_000, cal.MAX_YEAR]) | st.integers(10_000, cal.MAX_YEAR)
        )
        return Moment.of(magnitude * draw(st.sampled_from([-1, 1])), **flags)
    year = draw(edges | st.integers(-9999, 9999))
    if kind == "season":
        season = draw(st.sampled_from(sorted(SEASONS)))
        return Moment.of_season(min(year, 9998), season, **flags)
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, cal.days_in_month(year, month)))
    if kind == "unspecified":
        written = draw(
            st.sampled_from([(Precision.MONTH, 0), (Precision.DAY, 0), (Precision.DAY, 1)])
        )
        return Moment.of(year, *[month][: written[1]], unspecified=written[0], **flags)
    fields = [year, month, day]
    count = draw(st.integers(1, 6))
    if count <= 3:
        return Moment.of(*fields[:count], **flags)
    time = draw(st.lists(st.integers(0, 59), min_size=count - 3, max_size=count - 3))
    time[0] %= 24
    microsecond = draw(st.integers(0, 999_999)) if len(time) == 3 else 0
    offset = draw(st.none() | st.integers(-_MAX_OFFSET, _MAX_OFFSET))
    return Moment.of(*fields, *time, microsecond, utc_offset=offset)


@st.composite
def wide_whens(draw: st.DrawFn) -> When:
    """Like :func:`whens`, with moments from :func:`wide_moments`."""
    if draw(st.booleans()):
        return When.instant(draw(wide_moments()))
    bounds = wide_moments() | st.sampled_from(Unbounded)
    first, second = draw(bounds), draw(bounds)
    if isinstance(first, Unbounded) and isinstance(second, Unbounded):
        second = draw(wide_moments())
    start, end = sorted([first, second], key=_bound_order)
    return When.interval(start, end)


def timelines(when: st.SearchStrategy[When] | None = None) -> st.SearchStrategy[Timeline]:
    """Small timelines of :func:`events`, with or without a title and description."""
    return st.builds(
        Timeline,
        st.lists(events(when), unique_by=lambda event: event.id, max_size=4),
        title=st.none() | st.text(),
        description=st.none() | st.text(),
    )


# -- Text that attacks whoever opens an export -----------------------------------------------

#: The characters that make a spreadsheet read a cell as a formula when they begin it: OWASP's
#: list (=, +, -, @, tab, carriage return, line feed) and the full-width forms.
FORMULA_STARTS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"


def formula_texts() -> st.SearchStrategy[str]:
    """Text that a spreadsheet would read as a formula, or nearly: single quotes, a formula
    character, then anything, each part often missing (so ``'=1``, ``''+x``, ``'quoted``)."""
    return st.builds(
        lambda quotes, start, rest: quotes + start + rest,
        st.sampled_from(["", "'", "''"]),
        st.sampled_from(["", "'", *FORMULA_STARTS]),
        st.text(),
    )


def formula_events(when: st.SearchStrategy[When] | None = None) -> st.SearchStrategy[Event]:
    """Events whose every text field is drawn from :func:`formula_texts`."""
    words = formula_texts().filter(str.strip)
    point = st.none() | st.tuples(st.floats(-90, 90), st.floats(-180, 180))
    place = st.builds(
        lambda name, country, region, point: Place(name, country, region, *(point or ())),
        words,
        st.none() | st.sampled_from(["SY", "UA"]),
        st.none() | words,
        point,
    )
    source = st.builds(
        Source,
        outlet=words,
        url=st.none() | st.just("https://www.example.org/=1"),
        quote=st.none() | formula_texts(),
    )
    return st.builds(
        Event,
        id=event_ids(),
        title=words,
        when=whens() if when is None else when,
        summary=formula_texts(),
        actors=st.lists(words, max_size=3),
        place=st.none() | place,
        tags=st.lists(words, max_size=3),
        sources=st.lists(source, max_size=2),
        metadata=st.dictionaries(formula_texts(), formula_texts() | st.integers(-5, 5), max_size=2),
    )


# Pieces of markup that break out of an element or an attribute, or run a script.
_HTML_PIECES = (
    "<", ">", "&", '"', "'", "&amp;", "&lt;", "&#60;", "<script>", "</script>", "<p>", "</p>",
    "<img src=x onerror=alert(1)>", "javascript:alert(1)", '" onmouseover="alert(1)', "<!--",
    "-->", "<a href='javascript:alert(1)'>", "</a>", "\n", " ",
)  # fmt: skip


def html_texts() -> st.SearchStrategy[str]:
    """Text made of markup, entities and breakouts, mixed with any text at all."""
    return st.lists(st.sampled_from(_HTML_PIECES) | st.text(max_size=5), max_size=8).map("".join)


# -- Hostile input, for the fuzz tests ---------------------------------------------------------

#: Values a JSON or YAML document can hold, nested a little.
json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)

# Pieces of the date vocabulary, so that random text is often almost a date.
_DATE_PIECES = (
    "2014", "2017", "0001", "9999", "10000", "-", "/", "..", "?", "~", "%", "X", "T", "Z", ":",
    "+14:00", "-12", "03", "18", "22", "41", "00", " ", ",", ".", "March", "Sept.", "18th",
    "of", "summer", "winter", "the", "1990s", "circa", "c.", "possibly", "from", "to", "until",
    "since", "between", "and", "onwards", "present", "today", "Saturday", "last", "next",
    "this", "week", "weekend", "month", "year", "ago", "3 days", "a", "earlier", "later",
    "early", "mid", "late", "–", "\u00a0", "²", "٣",
)  # fmt: skip


def date_texts() -> st.SearchStrategy[str]:
    """Text that is often a date, often nearly one, sometimes anything at all."""
    pieces = st.lists(st.sampled_from(_DATE_PIECES), max_size=8).map("".join)
    spaced = st.lists(st.sampled_from(_DATE_PIECES), max_size=8).map(" ".join)
    written = whens().map(str)
    return pieces | spaced | written | st.text(max_size=30) | written.flatmap(mutated)


@st.composite
def time_of_day_texts(draw: st.DrawFn) -> str:
    """A day and a time of day as EDTF and ISO 8601 write them: half of them valid as writers
    make them (2014-03-18T10:30:15.25+02:00), the others with any field out of range (month
    13, hour 24, minute 60, offset +15:00 or -00:00) and the separators and qualifiers that
    only some readers accept (a space for the T, a comma, 1030, +02, a trailing ?)."""
    if draw(st.booleans()):
        return draw(_written_times_of_day())

    def field(low: int, high: int, *wrong: int) -> str:
        # Each field in range nine times in ten, so that a text is often wrong in one only.
        valid = draw(st.integers(0, 9)) > 0
        return f"{draw(st.integers(low, high) if valid else st.sampled_from(wrong)):02d}"

    year = draw(st.integers(0, 9999).map("{:04d}".format) | st.sampled_from(["-0044", "0000"]))
    text = f"{year}-{field(1, 12, 0, 13)}-{field(1, 28, 0, 29, 30, 31, 32)}"
    text += draw(st.sampled_from("TTT ")) + field(0, 23, 24, 25, 99)
    text += draw(st.sampled_from([":", ":", ""])) + field(0, 59, 60, 61, 99)
    if draw(st.booleans()):
        text += ":" + field(0, 59, 60, 61, 99)
        if draw(st.booleans()):
            text += draw(st.sampled_from("..,")) + draw(
                st.text("0123456789", min_size=1, max_size=9)
            )
    zone = draw(st.sampled_from(["", "Z", "+", "-", "+", "-"]))
    if zone in "+-":
        zone += field(0, 14, 15, 99) + draw(
            st.sampled_from([":", ":", ""]).map(lambda colon: colon + field(0, 59, 60, 99))
            | st.just("")
        )
    return text + zone + draw(st.sampled_from(["", "", "", "?", " "]))


@st.composite
def _written_times_of_day(draw: st.DrawFn) -> str:
    """A day and time of day to the minute or the second as writers make them, valid or with
    one field just out of range (the 30th of February, hour 24, an offset beyond 14 hours or
    UTC's -00:00, which readers refuse)."""
    year, month = draw(st.integers(0, 9999)), draw(st.integers(1, 12))
    days = calendar.monthrange(max(year, 1), month)[1]
    fields = {
        "month": month, "day": draw(st.integers(1, days)), "hour": draw(st.integers(0, 23)),
        "minute": draw(st.integers(0, 59)), "second": draw(st.integers(0, 59)),
    }  # fmt: skip
    wrong = {"month": [0, 13], "day": [0, days + 1], "hour": [24], "minute": [60], "second": [60]}
    broken = draw(st.sampled_from([None, None, None, *wrong]))
    if broken is not None:
        fields[broken] = draw(st.sampled_from(wrong[broken]))
    text = "{:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}".format(year, **fields)
    if draw(st.booleans()):
        text += f":{fields['second']:02d}"
        if draw(st.booleans()):
            text += "." + draw(st.text("0123456789", min_size=1, max_size=6))
    minutes = draw(st.integers(-_MAX_OFFSET, _MAX_OFFSET))
    sign = "-" if minutes < 0 else "+"
    zone = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return text + draw(st.sampled_from(["", "Z", zone, zone, "-00:00", "+14:01", "-13:60"]))


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` after one to four random edits: a slice cut out, repeated, moved or replaced,
    a character inserted, or the text truncated (a file cut short by a full disk)."""
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            return draw(st.text(max_size=5))
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 20)))
        edit = draw(st.sampled_from(["cut", "repeat", "replace", "insert", "truncate", "swap"]))
        if edit == "cut":
            text = text[:start] + text[end:]
        elif edit == "repeat":
            text = text[:end] + text[start:end] + text[end:]
        elif edit == "replace":
            text = text[:start] + draw(st.text(max_size=3)) + text[end:]
        elif edit == "insert":
            text = text[:start] + draw(st.sampled_from(_SPECIALS)) + text[start:]
        elif edit == "truncate":
            text = text[:start]
        else:
            text = text[:start] + text[end:] + text[start:end]
    return text


# Characters that mean something to one of the formats, or to Python's text handling.
_SPECIALS = (
    '"', "'", ",", ";", "\t", "\n", "\r", "\r\n", "\x00", "\\", "{", "}", "[", "]", ":", "- ",
    "&a ", "*a", "!!str ", "!!python/object:os.system ", "#", "|", ">", "\u2028", "\x85",
    "\ufeff", "=", "1" * 40, "9" * 5000, "e999", "NaN", "null", "true", "~",
)  # fmt: skip


@st.composite
def garbled(draw: st.DrawFn, document: Any) -> Any:
    """A JSON-ready ``document`` with one to three fields, at any depth, garbled: dropped,
    repeated in their list, set to a value of another type, or joined by an unknown field."""
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        containers = list(_containers(document))
        parent = draw(st.sampled_from(containers))
        keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
        edit = draw(st.sampled_from(["drop", "repeat", "retype", "add"]))
        if edit == "add" or not keys:
            if isinstance(parent, dict):
                parent[draw(st.text(max_size=8))] = draw(json_values)
            else:
                parent.append(draw(json_values))
            continue
        key = draw(st.sampled_from(keys))
        if edit == "drop":
            del parent[key]
        elif edit == "repeat" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        else:
            parent[key] = draw(json_values)
    return document


def _containers(document: Any) -> Iterator[Any]:
    if isinstance(document, dict | list):
        yield document
        for value in document.values() if isinstance(document, dict) else document:
            yield from _containers(value)


@st.composite
def mentions(draw: st.DrawFn, max_size: int = 8) -> list[Span]:
    """Time expressions of a short text, as a tagger finds them: extents that may overlap,
    nest or repeat, with a few values and types so that some agree and some do not."""
    found = []
    for _ in range(draw(st.integers(0, max_size))):
        start = draw(st.integers(0, 60))
        end = draw(st.integers(start + 1, start + 15))
        value = draw(st.sampled_from(["2005", "2005-06-13", "P2M", "PRESENT_REF"]))
        found.append(Span(start, end, value, draw(st.sampled_from(["DATE", "DURATION"]))))
    return found


@st.composite
def file_names(draw: st.DrawFn, max_bytes: int = 255) -> str:
    """A file name POSIX allows, of at most ``max_bytes`` bytes in UTF-8 (255 is the limit of
    most file systems), short ones and ones near the limit alike.
    """
    letters = st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",))
    name = draw(st.text(letters, min_size=1, max_size=20) | st.text(letters, min_size=60))
    while len(name.encode()) > max_bytes:
        name = name[:-1]
    if name in {"", ".", ".."}:
        reject()
    return name


# -- YAML with anchors and aliases -------------------------------------------------------------


@st.composite
def aliased_yaml(draw: st.DrawFn, entries: int = 4) -> str:
    """A small YAML mapping of words, flow lists and flow mappings, with some values anchored
    and later values made of aliases of them: its size once the aliases are followed is often
    many times its length. Words are lowercase letters that YAML reads as text.
    """
    words = st.text(alphabet="abcxyz", min_size=1, max_size=6)
    anchored: list[str] = []

    def value(depth: int) -> str:
        kinds = ["word", "list", "map"] if depth < 3 else ["word"]
        kind = draw(st.sampled_from([*kinds, "alias"] if anchored else kinds))
        if kind == "alias":
            return "*" + draw(st.sampled_from(anchored))
        if kind == "word":
            text = draw(words)
        elif kind == "list":
            text = "[" + ", ".join(value(depth + 1) for _ in range(draw(st.integers(0, 3)))) + "]"
        else:
            keys = draw(st.lists(words, unique=True, max_size=3))
            text = "{" + ", ".join(f"{key}: {value(depth + 1)}" for key in keys) + "}"
        if not draw(st.booleans()):
            return text
        anchored.append(f"a{len(anchored)}")
        return f"&{anchored[-1]} {text}"

    return "".join(f"d{number}: {value(0)}\n" for number in range(entries))


@st.composite
def wikidata_moments(draw: st.DrawFn) -> Moment:
    """A moment that a Wikidata time value can state exactly: a decade (of years 10-9999), a
    year, month or day of years -9999 to 9999, or a time of day to the hour, minute or second.
    """
    kind = draw(st.sampled_from(["decade", "year", "month", "day", "time"]))
    if kind == "decade":
        return Moment.of_decade(draw(st.integers(1, MAX_YEAR // 10)) * 10)
    year = draw(st.integers(-MAX_YEAR, MAX_YEAR))
    if kind == "year":
        return Moment.of(year)
    month = draw(st.integers(1, 12))
    if kind == "month":
        return Moment.of(year, month)
    day = draw(st.integers(1, cal.days_in_month(year, month)))
    if kind == "day" or not 1 < year < MAX_YEAR:  # an offset could move a time out of the years
        return Moment.of(year, month, day)
    clock = draw(st.lists(st.integers(0, 59), min_size=1, max_size=3))
    clock[0] %= 24
    offset = draw(st.integers(-_MAX_OFFSET, _MAX_OFFSET))
    return Moment.of(year, month, day, *clock, utc_offset=offset)


@st.composite
def wikidata_whens(draw: st.DrawFn) -> When:
    """An instant or an interval whose ends are :func:`wikidata_moments`, open or unknown."""
    start = draw(wikidata_moments())
    if draw(st.booleans()):
        return When.instant(start)
    bounds: list[Moment | Unbounded] = [start, draw(wikidata_moments())]
    bounds.sort(key=_bound_order)  # earliest first: the interval is valid
    if draw(st.booleans()):
        bounds[draw(st.integers(0, 1))] = draw(st.sampled_from(list(Unbounded)))
    return When.interval(*bounds)


@st.composite
def pre_1900_local_times(draw: st.DrawFn) -> dt.datetime:
    """A date-time before 1900 in a named zone, to the microsecond: most zones then kept local
    mean time, whose offset runs to the second (Europe/Amsterdam +00:19:32).
    """
    # Zones whose offsets are known to run to the second come first, so they shrink to them.
    known = ["Europe/Amsterdam", "Africa/Monrovia", "Europe/Dublin", "Asia/Kolkata"]
    zone = draw(st.sampled_from(known + sorted(set(pendulum.timezones()) - set(known))))
    naive = draw(st.datetimes(dt.datetime(1801, 1, 1), dt.datetime(1899, 12, 31, 23, 59)))
    return naive.replace(tzinfo=pendulum.timezone(zone))


#: Values that are equal and hash alike across types (True == 1 == 1.0, False == 0 == 0.0),
#: mixed with a few that are not: what a cache keyed on values alone would confuse.
look_alike_values: st.SearchStrategy[Any] = st.sampled_from(
    [True, False, 1, 0, 1.0, 0.0, -1, -1.0, 4, 4.0, "4", "004", "SY", 760, 760.0, None]
) | st.integers(-200, 1000)


_METADATA_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=10)
#: What an event's metadata may hold: JSON objects of text, finite numbers and nested values.
metadata: st.SearchStrategy[dict[str, Any]] = st.dictionaries(
    _METADATA_TEXT,
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | _METADATA_TEXT,
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(_METADATA_TEXT, children, max_size=3)
        ),
        max_leaves=10,
    ),
    max_size=3,
)


_MEGABYTE = 1_000_000
# Values of a megabyte or so, of each JSON type, made only when a test asks for them, so that
# hypothesis reports the few words of an edit rather than a megabyte of data.
_HUGE_VALUES: dict[str, Callable[[], Any]] = {
    "text": lambda: "x" * _MEGABYTE,
    "date": lambda: "2014-" + "1" * _MEGABYTE,
    "integer": lambda: 10**4000,  # within Python's 4300 digits, so the JSON is read
    "list": lambda: [0] * (_MEGABYTE // 4),
    "list of text": lambda: ["y" * _MEGABYTE],
    "long key": lambda: {"k" * _MEGABYTE: 1},
    "object": lambda: {"note": "z" * _MEGABYTE},
}


@attrs.frozen
class HugeValueEdit:
    """Where to put a megabyte into a document: which container (by its number in a walk of the
    document), which of its keys or items, how, and what."""

    container: int
    item: int
    how: str  # "value", "new key", "long key name"
    kind: str


huge_value_edits: st.SearchStrategy[HugeValueEdit] = st.builds(
    HugeValueEdit,
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.sampled_from(["value", "new key", "long key name"]),
    st.sampled_from(sorted(_HUGE_VALUES)),
)


def with_a_huge_value(document: Any, edit: HugeValueEdit) -> Any:
    """A copy of the JSON-ready ``document`` with one value, at any depth, or one key, made a
    megabyte long, as ``edit`` says."""
    document = copy.deepcopy(document)
    containers = list(_containers(document))
    parent = containers[edit.container % len(containers)]
    huge = _HUGE_VALUES[edit.kind]()
    keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
    if isinstance(parent, list) and (edit.how == "new key" or not keys):
        parent.append(huge)
    elif edit.how == "new key" or not keys:
        parent["k" * _MEGABYTE] = huge
    elif edit.how == "long key name" and isinstance(parent, dict):
        key = keys[edit.item % len(keys)]
        parent[key + "k" * _MEGABYTE] = parent.pop(key)
    else:
        parent[keys[edit.item % len(keys)]] = huge
    return document


# -- Two accounts of events that look alike, for pairing by content ---------------------------

_HEADLINE_WORDS = (
    "ceasefire", "ceasefires", "talks", "fall", "falls", "raqqa", "aleppo", "aleppo", "strike",
    "strikes", "south", "western", "syria", "syrian", "of", "the", "in",
)  # fmt: skip
_ACTORS = ("Russia", "russia", "SDF", "Turkey", "United States")


@st.composite
def _look_alike_events(draw: st.DrawFn) -> Event:
    words = draw(st.lists(st.sampled_from(_HEADLINE_WORDS), min_size=1, max_size=6))
    day = (dt.date(2017, 1, 1) + dt.timedelta(days=draw(st.integers(0, 90)))).isoformat()
    # A long span is filed by the blocks as "wide"; a year or a month overlaps many days.
    shape = draw(st.sampled_from([day, day, day[:7], "2017", "2010/2017-02"]))
    when = When.parse(shape)
    actors = draw(st.lists(st.sampled_from(_ACTORS), max_size=3, unique=True))
    return Event(title=" ".join(words), when=when, actors=actors)


def look_alike_accounts() -> st.SearchStrategy[tuple[list[Event], list[Event]]]:
    """Two short lists of events from a few words, actors and months: many pairs look alike,
    some a stemmed word, a folded actor or a few weeks apart from passing."""
    accounts = st.lists(_look_alike_events(), max_size=12)
    return st.tuples(accounts, accounts)


# -- JSON text as any writer might space and escape it -------------------------------------------

#: Keys and strings that look like JSON's own punctuation, so that a scan of the text for keys
#: meets quotes, colons, backslashes and white space inside strings too.
_TRICKY_TEXT = st.text(alphabet=st.sampled_from('a:"\\ \t\n,{}[]é\u2028'), max_size=6)
_SPACING = st.sampled_from(["", "", "", " ", "  ", "\t", "\n", "\r\n"])


@attrs.frozen
class JsonPairs:
    """A JSON value whose objects are lists of (key, value) pairs, so that a key may repeat."""

    value: Any

    @property
    def repeats_a_key(self) -> bool:
        """Whether some object, at any depth, gives a key twice."""
        return any(len(set(keys)) < len(keys) for keys in self._keys(self.value))

    def _keys(self, value: Any) -> Iterator[list[str]]:
        if isinstance(value, JsonObject):
            yield [key for key, _ in value.pairs]
            for _, item in value.pairs:
                yield from self._keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from self._keys(item)


@attrs.frozen
class JsonObject:
    pairs: tuple[tuple[str, Any], ...]


def _json_trees() -> st.SearchStrategy[Any]:
    keys = st.sampled_from(["id", "title", "name", "place", ":", ""]) | _TRICKY_TEXT
    scalars = (
        st.none() | st.booleans() | st.integers() | st.sampled_from(["", ":", '":', "x"])
        | _TRICKY_TEXT | st.floats(allow_nan=False)
    )  # fmt: skip
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.lists(st.tuples(keys, inner), max_size=5).map(
                lambda pairs: JsonObject(tuple(pairs))
            )
        ),
        max_leaves=12,
    )


@st.composite
def json_pair_texts(draw: st.DrawFn, events_only: bool = False) -> tuple[str, JsonPairs]:
    """The text of a JSON value that may repeat keys, spaced and escaped in any way JSON
    allows (ASCII escapes or not, white space around every token), with its pairs.

    ``events_only``: a list of objects, as a batch of event lines is.
    """
    tree = draw(
        st.lists(_json_trees().filter(lambda value: isinstance(value, JsonObject)), max_size=4)
        if events_only
        else _json_trees()
    )
    ascii_only = draw(st.booleans())

    def space() -> str:
        return draw(_SPACING)

    def render(value: Any) -> str:
        if isinstance(value, JsonObject):
            members = (
                f"{space()}{render(key)}{space()}:{space()}{render(item)}{space()}"
                for key, item in value.pairs
            )
            return "{" + ",".join(members) + "}" if value.pairs else "{" + space() + "}"
        if isinstance(value, list):
            items = (f"{space()}{render(item)}{space()}" for item in value)
            return "[" + ",".join(items) + "]"
        return json.dumps(value, ensure_ascii=ascii_only)

    return space() + render(tree) + space(), JsonPairs(tree)


# -- Places whose coordinates were looked up from their names ---------------------------------


def geocoded_places() -> st.SearchStrategy[Place]:
    """Places marked ``geocoded``, as the gazetteer makes them: a name, coordinates, and with or
    without a country and region (the marker needs only the coordinates)."""
    return st.builds(
        lambda name, country, region, point: Place(name, country, region, *point, geocoded=True),
        _words(),
        st.none() | st.sampled_from(["SY", "UA", "US", "FR"]),
        st.none() | _words(),
        st.tuples(st.floats(-90, 90), st.floats(-180, 180)),
    )


def events_with_geocoded_places(
    when: st.SearchStrategy[When] | None = None,
) -> st.SearchStrategy[Event]:
    """Like :func:`events`, but with a geocoded place about half the time."""
    return st.one_of(
        events(when),
        st.tuples(events(when), geocoded_places()).map(
            lambda drawn: attrs.evolve(drawn[0], place=drawn[1])
        ),
    )


# -- Extents and timelines close together, for the engines -----------------------------------


@st.composite
def extents(draw: st.DrawFn, top: int = 12) -> Extent:
    """Extents as :meth:`Extent.of` makes them (tightened: each bound reachable), over a few
    ticks so that ends often coincide: a point, or a span with ``S < E``.
    """
    start_low = draw(st.integers(0, top))
    if draw(st.booleans()):
        return Extent(start_low, start_low, start_low, start_low)
    start_high = draw(st.integers(start_low, top))
    end_low = draw(st.integers(start_low + 1, top + 1))
    end_high = draw(st.integers(max(end_low, start_high + 1), top + 2))
    return Extent(start_low, start_high, end_low, end_high)


@st.composite
def nearby_moments(draw: st.DrawFn) -> Moment:
    """Moments of 2016-2018 at every precision, qualified or not, so that their relations
    vary: years, seasons, months, days, hours, and points to the second (often midnight).
    """
    flags = {"uncertain": draw(st.booleans()), "approximate": draw(st.booleans())}
    year = draw(st.integers(2016, 2018))
    kind = draw(st.sampled_from(["year", "season", "month", "day", "hour", "second"]))
    if kind == "season":
        return Moment.of_season(year, draw(st.sampled_from([21, 22, 23])), **flags)
    month, day = draw(st.integers(1, 12)), draw(st.sampled_from([1, 2, 28]))
    if kind in ("year", "month", "day"):
        fields = {"year": [year], "month": [year, month], "day": [year, month, day]}[kind]
        return Moment.of(*fields, **flags)
    hour = draw(st.sampled_from([0, 23]))
    if kind == "hour":
        return Moment.of(year, month, day, hour, 0)
    return Moment.of(year, month, day, hour, 0, draw(st.sampled_from([0, 59])))


@st.composite
def nearby_whens(draw: st.DrawFn) -> When:
    """Instants and intervals (open and unknown ends too) of :func:`nearby_moments`."""
    if draw(st.booleans()):
        return When.instant(draw(nearby_moments()))
    ends = nearby_moments() | st.sampled_from(Unbounded)
    first, second = draw(ends), draw(ends)
    if isinstance(first, Unbounded) and isinstance(second, Unbounded):
        second = draw(nearby_moments())
    start, end = sorted([first, second], key=_bound_order)
    if isinstance(start, Moment) and isinstance(end, Moment) and start.earliest_us > end.latest_us:
        reject()
    return When.interval(start, end)


#: The names that filters on names are asked for, in forms that fold alike and not.
ENGINE_ACTORS = ("Russia", "russia", "Türkiye", "Turkiye", "Bashār al-Asad", "Straße", "ISIS")
ENGINE_TAGS = ("sanctions", "Sanctions", "war", "ceasefire")
ENGINE_OUTLETS = ("Reuters", "HuffPost UK (Reuters)", "AP", "Ассошиэйтед Пресс")


@st.composite
def engine_places(draw: st.DrawFn) -> Place:
    """Places from a few countries and regions, with coordinates near Damascus or anywhere."""
    point = draw(
        st.none()
        | st.tuples(st.floats(30, 40), st.floats(31, 42))
        | st.tuples(st.floats(-90, 90), st.floats(-180, 180))
    )
    latitude, longitude = point or (None, None)
    return Place(
        name=draw(st.sampled_from(["Homs", "Idlib", "Kyiv", "Москва"])),
        country=draw(st.none() | st.sampled_from(["SY", "UA", "RU", "TR"])),
        region=draw(st.none() | st.sampled_from(["Idlib", "idlib", "Donetsk", "Île-de-France"])),
        latitude=latitude,
        longitude=longitude,
    )


def engine_events() -> st.SearchStrategy[Event]:
    """Events whose dates lie close together and whose names, places, outlets and titles come
    from small pools, so that every filter finds some and misses some.
    """
    words = st.sampled_from(["Assad", "ASSAD", "Straße", "strasse", "ceasefire", "Crimea"])
    return st.builds(
        Event,
        id=event_ids(),
        title=st.lists(words, min_size=1, max_size=3).map(" ".join),
        when=nearby_whens(),
        summary=st.lists(words, max_size=2).map(" ".join),
        actors=st.lists(st.sampled_from(ENGINE_ACTORS), max_size=3, unique=True),
        place=st.none() | engine_places(),
        tags=st.lists(st.sampled_from(ENGINE_TAGS), max_size=2, unique=True),
        sources=st.lists(st.builds(Source, outlet=st.sampled_from(ENGINE_OUTLETS)), max_size=2),
    )


def engine_timelines(max_size: int = 12) -> st.SearchStrategy[Timeline]:
    """Timelines of :func:`engine_events`."""
    return st.builds(
        Timeline, st.lists(engine_events(), unique_by=lambda event: event.id, max_size=max_size)
    )


@st.composite
def crowded_timelines(draw: st.DrawFn, max_size: int = 12) -> Timeline:
    """Timelines of :func:`engine_events` that share one to three dates, so that the timeline
    order holds runs of events equal in all but their ids.
    """
    dates = draw(st.lists(nearby_whens(), min_size=1, max_size=3))
    events = draw(st.lists(engine_events(), unique_by=lambda event: event.id, max_size=max_size))
    return Timeline(attrs.evolve(event, when=draw(st.sampled_from(dates))) for event in events)


# -- Every field at once, for lossless round trips ------------------------------------------------


def every_whens() -> st.SearchStrategy[When]:
    """Every kind of date: :func:`whens` (seasons, qualifiers, offsets, open and unknown ends),
    :func:`full_range_whens` (years 1 and 9999) and :func:`wide_whens` (years outside
    1-9999, unspecified fields)."""
    return whens() | full_range_whens() | wide_whens()


def rich_events() -> st.SearchStrategy[Event]:
    """Like :func:`events`, with every kind of date, nested :data:`metadata` and geocoded
    places too: every field a lossless format must keep."""
    return st.builds(
        Event,
        id=event_ids(),
        title=_words(),
        when=every_whens(),
        summary=st.text(),
        actors=st.lists(_words(), max_size=3),
        place=st.none() | places() | geocoded_places(),
        tags=st.lists(_words(), max_size=3),
        sources=st.lists(sources(), max_size=2),
        links=st.lists(
            st.builds(Link, st.sampled_from(["causes", "part-of", "responds-to"]), event_ids()),
            max_size=2,
        ),
        metadata=metadata,
    )


def rich_timelines(max_size: int = 6) -> st.SearchStrategy[Timeline]:
    """Timelines of :func:`rich_events`, with or without a title and description."""
    return st.builds(
        Timeline,
        st.lists(rich_events(), unique_by=lambda event: event.id, max_size=max_size),
        title=st.none() | st.text(),
        description=st.none() | st.text(),
    )


# -- Two snapshots of one timeline ----------------------------------------------------------------

#: Every field of an event an edit may change (a new id is a removal and an addition).
EDITABLE_FIELDS = tuple(
    field.name for field in attrs.fields(Event) if field.init and field.name != "id"
)


@st.composite
def edited(draw: st.DrawFn, timeline: Timeline, fresh: st.SearchStrategy[Event]) -> Timeline:
    """``timeline`` with some events removed, some changed in a few fields (taken from one
    event drawn from ``fresh``), some of ``fresh`` added, and maybe another title."""
    donor = draw(fresh)
    kept = []
    for event in timeline:
        action = draw(st.sampled_from(["keep", "remove", "change"]))
        if action == "keep":
            kept.append(event)
        elif action == "change":
            names = draw(st.sets(st.sampled_from(EDITABLE_FIELDS), min_size=1, max_size=3))
            kept.append(attrs.evolve(event, **{name: getattr(donor, name) for name in names}))
    taken = set(timeline.ids())
    added = draw(
        st.lists(
            fresh.filter(lambda event: event.id not in taken),
            unique_by=lambda event: event.id,
            max_size=3,
        )
    )
    title = draw(st.sampled_from([timeline.title, "Syria", None]))
    return Timeline(kept + added, title=title, description=timeline.description)


@st.composite
def snapshot_pairs(
    draw: st.DrawFn, fresh: st.SearchStrategy[Event] | None = None, max_size: int = 8
) -> tuple[Timeline, Timeline]:
    """Two snapshots of a timeline of ``fresh`` events (:func:`events` unless given): mostly
    the second an edit of the first, sometimes two unrelated ones."""
    fresh = events() if fresh is None else fresh
    titles = st.none() | st.sampled_from(["Syria", "Ukraine"])
    old = Timeline(
        draw(st.lists(fresh, unique_by=lambda event: event.id, max_size=max_size)),
        title=draw(titles),
        description=draw(st.none() | st.sampled_from(["", "A war"])),
    )
    new = (
        draw(edited(old, fresh))
        if draw(st.integers(0, 4))
        else Timeline(
            draw(st.lists(fresh, unique_by=lambda event: event.id, max_size=max_size)),
            title=draw(titles),
        )
    )
    return old, new


@st.composite
def separate_loads(
    draw: st.DrawFn, fresh: st.SearchStrategy[Event] | None = None, max_size: int = 12
) -> tuple[Timeline, Timeline]:
    """Two snapshots of a timeline (see :func:`snapshot_pairs`), the second as a separate load
    gives it: each event the same object, a copy sharing its field values, or a copy of
    distinct but equal values (a new date, new text); its events added in the first's order,
    in a shuffled order, or with a run of them moved."""
    old, edit = draw(snapshot_pairs(fresh, max_size))
    copies = [_copy_of(draw(st.sampled_from(["same", "shared", "distinct"])), e) for e in edit]
    # Events of the edit in the order the old timeline added them, new ones at drawn places.
    added_at = {eid: position for position, eid in enumerate(old.ids())}
    order = draw(st.sampled_from(["added", "shuffled", "run moved"]))
    if order == "shuffled":
        copies = draw(st.permutations(copies))
    else:
        positions = {e.id: added_at.get(e.id, draw(st.integers(-1, len(old)))) for e in copies}
        copies.sort(key=lambda event: positions[event.id])
        if order == "run moved" and copies:
            start = draw(st.integers(0, len(copies) - 1))
            end = draw(st.integers(start + 1, len(copies)))
            run, rest = copies[start:end], copies[:start] + copies[end:]
            at = draw(st.integers(0, len(rest)))
            copies = rest[:at] + run + rest[at:]
    return old, Timeline(copies, title=edit.title, description=edit.description)


def _copy_of(kind: str, event: Event) -> Event:
    if kind == "same":
        return event
    if kind == "shared":
        return attrs.evolve(event)
    # Pickling makes the event again from its fields, each one made anew.
    copied: Event = pickle.loads(pickle.dumps(event))
    return copied
