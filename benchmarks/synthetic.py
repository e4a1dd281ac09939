"""Realistic synthetic timelines for the benchmarks, reproducible from a seed.

The mix follows what event data sets hold: mostly days, some months and years, a few seasons
and times to the second, about 10% long intervals (wars, occupations, sanctions regimes), and
actors and countries whose popularity is skewed (a few appear in most events).
"""

from __future__ import annotations

import random

from geotimeline import Event, Place
from geotimeline.places import country_name

ACTORS = [
    "Russia", "United States", "China", "Syria", "Ukraine", "North Korea", "Iran", "Turkey",
    "Israel", "Saudi Arabia", "France", "United Kingdom", "Germany", "Japan", "South Korea",
    "India", "Pakistan", "Iraq", "Jordan", "Egypt", "Qatar", "Belarus", "Poland", "Georgia",
]  # fmt: skip
COUNTRIES = [
    "RU", "US", "CN", "SY", "UA", "KP", "IR", "TR", "IL", "SA", "FR", "GB", "DE", "JP", "KR",
    "IN", "PK", "IQ", "JO", "EG", "QA", "BY", "PL", "GE",
]  # fmt: skip
TAGS = ["military", "diplomacy", "sanctions", "trade", "nuclear", "elections", "protest"]
FIRST_YEAR, LAST_YEAR = 1990, 2025

# Zipf-like weights: the first actor is twice as popular as the second, and so on.
_WEIGHTS = [1 / (rank + 1) for rank in range(len(ACTORS))]


def date_text(rng: random.Random) -> str:
    """One EDTF date: level 0 and 1 shapes in the proportions above."""
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    shape = rng.random()
    if shape < 0.10:
        return f"{year}-{month:02d}/{min(year + rng.randint(0, 5), LAST_YEAR)}"
    if shape < 0.18:
        return f"{year}"
    if shape < 0.22:
        return f"{year}-{rng.randint(21, 24)}"
    if shape < 0.40:
        return f"{year}-{month:02d}"
    if shape < 0.43:
        return f"{year}-{month:02d}-{day:02d}{rng.choice('?~')}"
    if shape < 0.90:
        return f"{year}-{month:02d}-{day:02d}"
    hour, minute, second = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"


def date_texts(count: int, seed: int = 2017) -> list[str]:
    rng = random.Random(seed)
    return [date_text(rng) for _ in range(count)]


def plain_iso_dates(count: int, seed: int = 2017) -> list[str]:
    """``YYYY-MM-DD`` dates only: the shape every other parser reads."""
    rng = random.Random(seed)
    return [
        f"{rng.randint(FIRST_YEAR, LAST_YEAR)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        for _ in range(count)
    ]


def make_events(count: int, seed: int = 2017, texts: list[str] | None = None) -> list[Event]:
    """``count`` events with ids ``e0``, ``e1``, ... in a random order of their dates."""
    rng = random.Random(seed)
    texts = texts if texts is not None else date_texts(count, seed)
    places = [Place(name=country_name(code), country=code) for code in COUNTRIES]
    events = []
    for number, text in enumerate(texts):
        actors = rng.choices(ACTORS, _WEIGHTS, k=rng.randint(1, 3))
        events.append(
            Event(
                id=f"e{number}",
                title=f"Event number {number}",
                when=text,
                actors=actors,
                place=places[ACTORS.index(actors[0])],
                tags=[rng.choice(TAGS)],
            )
        )
    return events


# ACLED-style headlines: a few event types, actors and regions, so that titles share most words.
ACLED_KINDS = [
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
]  # fmt: skip
ACLED_ACTORS = [
    "Military Forces of Sudan", "Rapid Support Forces", "SPLM-N", "Police Forces of Sudan",
    "Unidentified Armed Group", "Protesters", "Rioters", "Military Forces of South Sudan",
    "SSPDF", "JEM", "SLM/A",
]  # fmt: skip
ACLED_REGIONS = [
    "South Kordofan", "North Darfur", "West Darfur", "Khartoum", "Blue Nile", "Kassala", "Gezira",
    "Central Darfur", "Red Sea", "White Nile", "North Kordofan", "Sennar", "Jonglei",
    "Upper Nile", "Unity",
]  # fmt: skip


def acled_style_accounts(
    count: int, seed: int = 2017, per_year: int = 1000
) -> tuple[list[Event], list[Event]]:
    """Two accounts of ``count`` ACLED-style events, ``per_year`` of them a year from 2000.

    The first titles an event "Battles: Military Forces of Sudan vs. SPLM-N in South Kordofan"
    and dates it to the day; the second adds a word to the title, one of the actors' case
    differs and its date is up to three days later. The ids differ, as in two data sets.
    """
    rng = random.Random(seed)
    ours, theirs = [], []
    days = max(1, count * 366 // per_year)
    for number in range(count):
        kind, region = rng.choice(ACLED_KINDS), rng.choice(ACLED_REGIONS)
        first, second = rng.sample(ACLED_ACTORS, 2)
        day = 730_120 + rng.randrange(days)  # days since 0001-01-01; 730120 is 2000-01-01
        title = f"{kind}: {first} vs. {second} in {region}"
        ours.append(
            Event(id=f"ours{number}", title=title, when=_iso_day(day), actors=[first, second])
        )
        theirs.append(
            Event(
                id=f"theirs{number}",
                title=f"{title} ({rng.choice(['reported', 'confirmed', 'claimed'])})",
                when=_iso_day(day + rng.randrange(4)),
                actors=[first.upper(), second],
            )
        )
    return ours, theirs


def _iso_day(ordinal: int) -> str:
    import datetime

    return datetime.date.fromordinal(ordinal).isoformat()
