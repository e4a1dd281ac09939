"""Pairing events across two accounts by content, for ``diff(..., match="content")``.

Two accounts written independently give the same event different ids. Once events are matched
by id, :func:`pair_by_content` pairs the removed and added events that look like one event told
differently: a similar title, shared actors and a nearby date. The rule and its weights are
documented with :func:`geotimeline.diffing.timeline_diff.diff`, whose users see them.

>>> from geotimeline import Event
>>> ours = [Event(title="Fall of Raqqa", when="2017-10-17")]
>>> theirs = [Event(title="Raqqa falls", when="2017-10"), Event(title="Talks", when="2017")]
>>> [(old.title, new.title) for old, new in pair_by_content(ours, theirs)]
[('Fall of Raqqa', 'Raqqa falls')]
"""

from __future__ import annotations

import difflib
from typing import Final

from geotimeline.events.event import Event, slugify
from geotimeline.time.when import When

__all__ = ["pair_by_content"]

_STOPWORDS: Final = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "its", "of", "on"}
    | {"or", "over", "the", "to", "with"}
)
_SUFFIXES: Final = ("ing", "ed", "es", "s")
_PAIR_THRESHOLD: Final = 0.6
_YEAR_US: Final = 366 * 24 * 3600 * 1_000_000


def _title_words(event: Event) -> list[str]:
    # slugify gives lower-case words (Latin ones in ASCII); a generous length keeps every word.
    return [word for word in slugify(event.title, max_length=10_000).split("-") if word]


def _stem(word: str) -> str:
    """A crude English stem, enough for headlines: "annexes", "annexed" and "annex" agree."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _key_words(words: list[str]) -> set[str]:
    return {_stem(word) for word in words if word not in _STOPWORDS}


def _title_similarity(old_words: list[str], new_words: list[str]) -> float:
    # Word overlap catches reordered headlines ("Fall of Raqqa", "Raqqa falls"); the sequence
    # ratio catches small rewordings and misspellings.
    mine, theirs = _key_words(old_words), _key_words(new_words)
    overlap = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
    ratio = difflib.SequenceMatcher(None, " ".join(old_words), " ".join(new_words)).ratio()
    return max(overlap, ratio)


def _actor_overlap(old: Event, new: Event) -> float:
    mine = {actor.casefold() for actor in old.actors}
    theirs = {actor.casefold() for actor in new.actors}
    if not mine and not theirs:
        return 0.5
    return len(mine & theirs) / len(mine | theirs)


def _closeness(old: When, new: When) -> float:
    gap = max(old.earliest_us - new.latest_us, new.earliest_us - old.latest_us)
    return 1.0 if gap <= 0 else max(0.0, 1.0 - gap / _YEAR_US)


def _pair_score(old: Event, new: Event, old_words: list[str], new_words: list[str]) -> float:
    title = _title_similarity(old_words, new_words)
    return 0.6 * title + 0.2 * _actor_overlap(old, new) + 0.2 * _closeness(old.when, new.when)


def pair_by_content(removed: list[Event], added: list[Event]) -> list[tuple[Event, Event]]:
    """Greedy best-first pairing of unmatched events that look alike (see the module)."""
    new_words = [_title_words(event) for event in added]
    by_word: dict[str, list[int]] = {}
    for position, words in enumerate(new_words):
        for word in _key_words(words):
            by_word.setdefault(word, []).append(position)
    scored: list[tuple[float, tuple[int, int, str], tuple[int, int, str], int, int]] = []
    for old_position, old_event in enumerate(removed):
        words = _title_words(old_event)
        candidates = {pos for word in _key_words(words) for pos in by_word.get(word, ())}
        for new_position in candidates:
            new_event = added[new_position]
            score = _pair_score(old_event, new_event, words, new_words[new_position])
            if score >= _PAIR_THRESHOLD:
                key = (-score, old_event.sort_key, new_event.sort_key, old_position, new_position)
                scored.append(key)
    scored.sort()
    pairs: list[tuple[Event, Event]] = []
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for *_, old_position, new_position in scored:
        if old_position not in taken_old and new_position not in taken_new:
            taken_old.add(old_position)
            taken_new.add(new_position)
            pairs.append((removed[old_position], added[new_position]))
    return pairs
