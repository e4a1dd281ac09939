"""Event strategies (to be merged into strategies.py)."""

from __future__ import annotations

from hypothesis import strategies as st

from geotimeline import Event, Link, Place, Source, When

_TEXTS = ["2014", "2014-03", "2014-03-18", "2017-22", "2017-24", "201X", "20XX", "2014?",
          "2014-02-20/2014-03-18", "2014/..", "/2014", "2014-04/", "2017-11-11T09:30:00+07:00",
          "2017-11-11T09:30", "0001", "9999-12-31"]


def whens() -> st.SearchStrategy[When]:
    return st.sampled_from(_TEXTS).map(When.parse)


def event_ids() -> st.SearchStrategy[str]:
    return st.from_regex(r"[a-z0-9][a-z0-9._:-]{0,15}", fullmatch=True)


def places() -> st.SearchStrategy[Place]:
    return st.builds(
        Place,
        name=st.text(min_size=1).filter(str.strip),
        country=st.none() | st.sampled_from(["SY", "UA", "RU", "US", "KP"]),
        region=st.none() | st.text(),
    )


def sources() -> st.SearchStrategy[Source]:
    return st.builds(
        Source,
        outlet=st.text(min_size=1).filter(str.strip),
        url=st.none() | st.just("https://www.example.org/a"),
        published=st.none() | whens(),
        quote=st.none() | st.text(),
    )


def events() -> st.SearchStrategy[Event]:
    return st.builds(
        Event,
        id=event_ids(),
        title=st.text(min_size=1).filter(str.strip),
        when=whens(),
        summary=st.text(),
        actors=st.lists(st.text(min_size=1).filter(str.strip), max_size=3),
        place=st.none() | places(),
        tags=st.lists(st.text(min_size=1).filter(str.strip), max_size=3),
        sources=st.lists(sources(), max_size=2),
        links=st.lists(st.builds(Link, st.sampled_from(["causes", "part-of"]), event_ids()), max_size=2),
        metadata=st.dictionaries(st.text(), st.integers() | st.text(), max_size=2),
    )
