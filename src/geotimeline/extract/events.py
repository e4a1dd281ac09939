"""Draft events from an article: one for each sentence that a date mention dates.

:func:`events` splits a text into sentences, finds their dates with
:func:`~geotimeline.extract.dates.dates`, and makes a draft :class:`~geotimeline.events.Event`
of each sentence with a resolved date: its title is the sentence without the date, its
``when`` the date's, its actors the countries the sentence names (by name, by demonym, or by a
capital or seat of government that stands for them: "Moscow", "the Kremlin"), its place the
first of them, its source the article. ``metadata["extracted"]`` keeps the sentence, the
offsets and the rule, so that a person can check each draft against the text. Nothing is
trusted automatically: the drafts are for a person to edit.

>>> text = "Russia annexed Crimea on 18 March 2014. Nothing else happened."
>>> [(event.title, str(event.when), event.actors) for event in events(text)]
[('Russia annexed Crimea', '2014-03-18', ('Russia',))]
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from typing import Final

import pycountry

from geotimeline.events.event import Event, Source, make_event_id
from geotimeline.extract.dates import DateMention, dates
from geotimeline.places.place import Place, country_name
from geotimeline.timeline.timeline import Timeline

__all__ = ["ALIASES", "events", "sentences"]

#: Words that stand for a country in news text, besides its name: demonyms, capitals and seats
#: of government used as metonyms ("Moscow says", "the Kremlin denied"), by ISO code.
ALIASES: Final[dict[str, str]] = {
    "russian": "RU", "moscow": "RU", "kremlin": "RU", "american": "US", "u.s.": "US",
    "washington": "US", "white house": "US", "pentagon": "US", "ukrainian": "UA", "kyiv": "UA",
    "kiev": "UA", "syrian": "SY", "damascus": "SY", "north korean": "KP", "pyongyang": "KP",
    "south korean": "KR", "seoul": "KR", "chinese": "CN", "beijing": "CN", "iranian": "IR",
    "tehran": "IR", "turkish": "TR", "ankara": "TR", "israeli": "IL", "jerusalem": "IL",
    "british": "GB", "london": "GB", "britain": "GB", "french": "FR", "paris": "FR",
    "german": "DE", "berlin": "DE", "jordanian": "JO", "amman": "JO", "iraqi": "IQ",
    "baghdad": "IQ", "saudi": "SA", "riyadh": "SA", "japanese": "JP", "tokyo": "JP",
    "indian": "IN", "new delhi": "IN", "pakistani": "PK", "afghan": "AF", "kabul": "AF",
    "egyptian": "EG", "cairo": "EG", "european union": "EU", "nato": "NATO",
}  # fmt: skip
#: Actor names for the codes that are not countries.
_ORGANISATIONS: Final = {"EU": "European Union", "NATO": "NATO"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREVIATION_END = re.compile(
    r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N)\.$"
)
_TITLE_LENGTH: Final = 100


def events(
    text: str,
    reference: dt.date | str | None = None,
    source: Source | str | None = None,
    title: str | None = None,
    mentions: Sequence[DateMention] | None = None,
) -> Timeline:
    """A draft timeline of ``text``: an event for each sentence with a resolved date.

    ``reference`` is the day the text was written (relative dates need it); ``source`` the
    article, as a :class:`~geotimeline.events.Source` or an outlet's name, given to every draft;
    ``title`` the timeline's. ``mentions``, where a caller already has them, are the date
    mentions ``dates(text, reference=reference)`` gives, so that they are not found again.

    Runtime complexity: O(n) in the length of the text, as :func:`dates`.
    """
    sources = () if source is None else (source if isinstance(source, Source) else Source(source),)
    if mentions is None:
        mentions = dates(text, reference=reference)
    drafts: dict[str, Event] = {}
    for start, end in sentences(text):
        dated = [m for m in mentions if start <= m.start < end and _is_calendar(m)]
        if not dated:
            continue
        event = _draft(text, start, end, dated[0], sources)
        if event is not None:
            drafts.setdefault(event.id, event)  # a sentence that repeats another adds nothing
    return Timeline(drafts.values(), title=title)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """The start and end offsets of the sentences of ``text``, in order.

    >>> text = "Talks began on Nov. 9. They ended."
    >>> [text[start:end] for start, end in sentences(text)]
    ['Talks began on Nov. 9.', 'They ended.']
    """
    start = 0
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for boundary in _SENTENCE_END.finditer(line[0]):
            end = line.start() + boundary.start()
            if _ABBREVIATION_END.search(text[start:end]):
                continue  # "Nov. 9" does not end at "Nov."
            if text[start:end].strip():
                yield start, end
            start = line.start() + boundary.end()
        if text[start : line.end()].strip():
            yield start, line.end()


def _is_calendar(mention: DateMention) -> bool:
    return mention.when is not None and mention.kind in ("date", "time")


def _draft(
    text: str, start: int, end: int, mention: DateMention, sources: tuple[Source, ...]
) -> Event | None:
    sentence = text[start:end]
    assert mention.when is not None  # only dated mentions are drafted
    title = _title(sentence, mention.start - start, mention.end - start)
    if not title:
        return None
    actors = _actors(sentence)
    place = _place(sentence)
    extracted = {
        "sentence": sentence, "start": start, "end": end, "date": mention.text,
        "date_start": mention.start, "date_end": mention.end, "rule": mention.rule,
    }  # fmt: skip
    return Event(
        id=make_event_id(title, mention.when),
        title=title,
        when=mention.when,
        actors=actors,
        place=place,
        sources=sources,
        metadata={"extracted": extracted},
    )


_PREPOSITION_BEFORE = re.compile(
    r"(?:\b(?:on|in|at|during|since|from|until|by|as of|ever since|this|last)\s+)?$", re.IGNORECASE
)


def _title(sentence: str, date_start: int, date_end: int) -> str:
    """The sentence without its date (and the preposition before it), cut at a word near
    :data:`_TITLE_LENGTH` characters, without the full stop.
    """
    before = _PREPOSITION_BEFORE.sub("", sentence[:date_start])
    words = f"{before} {sentence[date_end:]}"
    words = re.sub(r"\s+([,.;:!?])", r"\1", " ".join(words.split()))
    words = re.sub(r"^[,;:]\s*|[,;:]\s*$", "", words).strip().rstrip(".!?").strip(" ,;:")
    if len(words) > _TITLE_LENGTH:
        words = words[: words.rfind(" ", 0, _TITLE_LENGTH)].rstrip(" ,;:") + "…"
    return words[:1].upper() + words[1:]


def _actors(sentence: str) -> tuple[str, ...]:
    """The countries (and a few organisations) a sentence names, in the order it names them."""
    found: dict[str, int] = {}
    for match in _country_words().finditer(sentence):
        code = _code_of(match[0])
        if code is not None and code not in found:
            found[code] = match.start()
    return tuple(_actor_name(code) for code in sorted(found, key=found.__getitem__))


def _actor_name(code: str) -> str:
    return _ORGANISATIONS.get(code) or country_name(code)


def _code_of(word: str) -> str | None:
    folded = word.casefold().removeprefix("the ")
    return ALIASES.get(folded) or _country_names().get(folded)


_WHERE = re.compile(
    r"\b(?:in|at|near|inside|across)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern|-?(?:east|west)ern)?\s+)?$",
    re.IGNORECASE,
)


def _place(sentence: str) -> Place | None:
    """The country a sentence says something happened in ("in southwestern Syria"); None where
    it names countries only as actors, as a place is not guessed."""
    for match in _country_words().finditer(sentence):
        code = _code_of(match[0])
        if code is None or code in _ORGANISATIONS or not _WHERE.search(sentence[: match.start()]):
            continue
        return Place.from_name(country_name(code))
    return None


@functools.cache
def _country_names() -> dict[str, str]:
    """Country names as news writes them (names and common names), by their folded form."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name and "," not in name:
                names[name.casefold()] = country.alpha_2
        names[country_name(country.alpha_2).casefold()] = country.alpha_2
    return names


@functools.cache
def _country_words() -> re.Pattern[str]:
    """One pattern for every country name and alias, longest first, as whole words."""
    words = sorted({*_country_names(), *ALIASES}, key=len, reverse=True)
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![\w.])(?:the )?(?:{alternatives})(?![\w])", re.IGNORECASE)
