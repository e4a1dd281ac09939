"""Hypothesis strategies for geotimeline's values, shared by the test modules.

The strategies draw from the whole model (every precision, seasons 21-41, offsets, the
qualifiers, open and unknown ends) rather than from a list of examples, so that properties are
checked where the calendar has its corners: leap days, year 1, year 9999, winters that end in
the next year.
"""

from __future__ import annotations

import calendar

from hypothesis import strategies as st

from geotimeline import Event, Link, Moment, Place, Source, Unbounded, When
from geotimeline._calendar import MAX_YEAR, MIN_YEAR, SEASONS

__all__ = ["days", "event_ids", "events", "moments", "places", "sources", "whens"]

_MAX_OFFSET = 14 * 60


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
    """Ids as the native format accepts them."""
    return st.from_regex(r"[a-z0-9][a-z0-9._:-]{0,15}", fullmatch=True)


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
        when=when or whens(),
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
