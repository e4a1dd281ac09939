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

Scoring every removed event against every added one is quadratic, and difflib's ratio is slow:
1,000 against 1,000 ACLED-style events took minutes. So pairs are first drawn from blocks (see
:func:`_candidates`), keyed so that every pair the rule would compare shares a block; only those
candidates are scored. Pairs whose actors agree are drawn and scored first, from blocks of their
own: a pair whose actors differ cannot score above a ceiling (see
:func:`_ceiling_of_differing_actors`), so the others are drawn only once no pair left scores
more, and only for the events not yet taken. Two accounts of one event mostly name its actors
alike, so most events are taken before their other candidates are ever drawn.
"""

from __future__ import annotations

import collections
import difflib
import heapq
import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Final

import attrs

from geotimeline.events.event import Event, slugify

__all__ = ["pair_by_content"]

_STOPWORDS: Final = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "its", "of", "on"}
    | {"or", "over", "the", "to", "with"}
)
_SUFFIXES: Final = ("ing", "ed", "es", "s")
_PAIR_THRESHOLD: Final = 0.6
# A pair is compared by spelling only when its score with word overlap as the title similarity
# reaches this: close spelling may lift a near miss over the threshold, not a stranger.
_WORD_GATE: Final = 0.4
_YEAR_US: Final = 366 * 24 * 3600 * 1_000_000
# Two accounts of one event give dates that overlap or lie days apart, not months apart; only
# pairs less than 31 days apart are compared, which is what lets the blocks be keyed by date.
_WINDOW_US: Final = 31 * 24 * 3600 * 1_000_000
# An event whose dates span more windows than this is filed once, as "wide", rather than under
# every window it spans: an open interval spans millennia.
_WIDE_WINDOWS: Final = 16
_NO_ACTORS: Final = "no actors"


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


def _actor_overlap(old: frozenset[str], new: frozenset[str]) -> float:
    if not old and not new:
        return 0.5
    return len(old & new) / len(old | new)


def _closeness(gap: int) -> float:
    return 1.0 if gap <= 0 else max(0.0, 1.0 - gap / _YEAR_US)


@attrs.frozen
class _Account:
    """What pairing reads of one event, worked out once rather than once per pair."""

    event: Event
    text: str  # the title's words, joined, for difflib
    stems: frozenset[str]
    actors: frozenset[str]  # folded
    earliest_us: int
    latest_us: int

    @classmethod
    def of(cls, event: Event) -> _Account:
        words = _title_words(event)
        actors = frozenset(actor.casefold() for actor in event.actors)
        when = event.when
        stems = frozenset(_key_words(words))
        return cls(event, " ".join(words), stems, actors, when.earliest_us, when.latest_us)


# A candidate pair waits in a heap under an upper bound of its score, tightened in steps as it
# comes up: first difflib's bound from the titles' lengths, then from their letters, then the
# score itself. Most pairs never need the full ratio: by the time they come up, one of their
# events has been taken by a better pair.
_BOUNDS: Final = ("real_quick_ratio", "quick_ratio", "ratio")
_EXACT: Final = len(_BOUNDS) - 1

# (-bound, old sort key, new sort key, old position, new position, step, word overlap, actor
# overlap, closeness): the last three are kept so that a later step need not work them out again.
_Entry = tuple[
    float, tuple[int, int, str], tuple[int, int, str], int, int, int, float, float, float
]


@attrs.define
class _Pairing:
    """The greedy pairing of ``olds`` with ``news``, best score first."""

    olds: Sequence[_Account]
    news: Sequence[_Account]
    matchers: dict[int, difflib.SequenceMatcher[str]] = attrs.field(factory=dict)

    def matcher(self, old_position: int, new_position: int) -> difflib.SequenceMatcher[str]:
        # difflib indexes its second sequence; one matcher per added event keeps that index.
        matcher = self.matchers.get(new_position)
        if matcher is None:
            matcher = self.matchers[new_position] = difflib.SequenceMatcher(
                None, "", self.news[new_position].text
            )
        matcher.set_seq1(self.olds[old_position].text)
        return matcher

    def first_entries(self, old_position: int, new_positions: Iterable[int]) -> list[_Entry]:
        """The heap entries of one removed event's candidates, bounded by the titles' lengths;
        pairs that cannot pass are left out.

        This runs for every candidate pair, so it is written out in one loop, with what it
        reads of the removed event held in locals: the rule is that of :meth:`refined`.
        """
        old = self.olds[old_position]
        stems, actors, earliest, latest = old.stems, old.actors, old.earliest_us, old.latest_us
        length, order = len(old.text), old.event.sort_key
        news, entries = self.news, []
        for new_position in new_positions:
            new = news[new_position]
            gap = max(earliest - new.latest_us, new.earliest_us - latest)
            if gap >= _WINDOW_US:
                continue
            shared = len(stems & new.stems)
            if not shared:
                continue
            overlap = shared / len(stems | new.stems)
            theirs = new.actors
            actor_overlap = len(actors & theirs) / len(actors | theirs) if actors or theirs else 0.5
            closeness = 1.0 if gap <= 0 else max(0.0, 1.0 - gap / _YEAR_US)
            if 0.6 * overlap + 0.2 * actor_overlap + 0.2 * closeness < _WORD_GATE:
                continue
            total = length + len(new.text)
            ratio = 2.0 * min(length, len(new.text)) / total if total else 1.0
            score = 0.6 * max(overlap, ratio) + 0.2 * actor_overlap + 0.2 * closeness
            if score >= _PAIR_THRESHOLD:
                entry = (-score, order, new.event.sort_key, old_position, new_position, 0)
                entries.append((*entry, overlap, actor_overlap, closeness))
        return entries

    def refined(self, entry: _Entry) -> _Entry | None:
        """The entry's pair at the next step, or None when it cannot pass."""
        _, old_order, new_order, old_position, new_position, step, overlap, actors, closeness = (
            entry
        )
        step += 1
        ratio = getattr(self.matcher(old_position, new_position), _BOUNDS[step])()
        # Word overlap catches reordered headlines ("Fall of Raqqa", "Raqqa falls"); the
        # sequence ratio catches small rewordings and misspellings.
        score = 0.6 * max(overlap, ratio) + 0.2 * actors + 0.2 * closeness
        if score < _PAIR_THRESHOLD:
            return None
        return (-score, old_order, new_order, old_position, new_position, step, *entry[6:])

    def pairs(self) -> list[tuple[int, int]]:
        olds, news = list(enumerate(self.olds)), list(enumerate(self.news))
        # Pairs whose actors agree come first: with the actors in the score, two accounts of one
        # event mostly outscore every pair whose actors differ, and once both events of a pair
        # are taken, the other pairs of either are never looked up.
        heap: list[_Entry] = []
        for old_position, found in _neighbours(olds, news, _same_actors):
            heap += self.first_entries(old_position, found)
        heapq.heapify(heap)
        ceiling = _ceiling_of_differing_actors(self.olds, self.news)
        others_waiting = True
        taken_old: set[int] = set()
        taken_new: set[int] = set()
        pairs: list[tuple[int, int]] = []
        while heap or others_waiting:
            if others_waiting and (not heap or -heap[0][0] <= ceiling):
                # No pair still to come can outscore the ceiling: bring them in now.
                heap += self.differing_entries(taken_old, taken_new)
                heapq.heapify(heap)
                others_waiting = False
                continue
            entry = heapq.heappop(heap)
            old_position, new_position, step = entry[3:6]
            if old_position in taken_old or new_position in taken_new:
                continue
            if step < _EXACT:
                # Every entry still in the heap bounds its pair's score from above, so the
                # exact scores come out in the order sorting all of them would give.
                refined = self.refined(entry)
                if refined is not None:
                    heapq.heappush(heap, refined)
                continue
            taken_old.add(old_position)
            taken_new.add(new_position)
            pairs.append((old_position, new_position))
        return pairs

    def differing_entries(self, taken_old: set[int], taken_new: set[int]) -> list[_Entry]:
        """The first entries of the pairs of events not yet taken whose actors differ."""
        olds = [(at, old) for at, old in enumerate(self.olds) if at not in taken_old]
        news = [(at, new) for at, new in enumerate(self.news) if at not in taken_new]
        entries: list[_Entry] = []
        for old_position, found in _neighbours(olds, news, _title_and_actor_keys(olds, news)):
            actors = self.olds[old_position].actors
            differing = [at for at in found if self.news[at].actors != actors]
            entries += self.first_entries(old_position, differing)
        return entries


def _ceiling_of_differing_actors(olds: Sequence[_Account], news: Sequence[_Account]) -> float:
    """A score no pair whose folded actors differ can beat.

    Two different sets sharing i actors have at least i + 1 between them, so their overlap is
    at most i / (i + 1), and i is at most the smaller side's largest set. Written as the score
    is, so that rounding keeps every such score at or below it.
    """
    shared = min(
        max((len(a.actors) for a in olds), default=0), max((len(a.actors) for a in news), default=0)
    )
    return 0.6 * 1.0 + 0.2 * (shared / (shared + 1)) + 0.2 * 1.0


def pair_by_content(removed: list[Event], added: list[Event]) -> list[tuple[Event, Event]]:
    """Greedy best-first pairing of unmatched events that look alike (see the module).

    The result is that of scoring every pair under the rule of
    :func:`~geotimeline.diffing.timeline_diff.diff`; blocking only skips pairs the rule does
    not compare.

    Runtime complexity: O(n log n + k log k) for n events and k candidate pairs from the
    blocks; k grows with the number of events a month holds, not with n², and mostly counts
    only pairs whose actors agree.
    """
    olds = [_Account.of(event) for event in removed]
    news = [_Account.of(event) for event in added]
    pairing = _Pairing(olds, news)
    return [(removed[old], added[new]) for old, new in pairing.pairs()]


# -- blocking -----------------------------------------------------------------------------------
#
# Why every pair the rule compares shares a block. Let J be the pair's word overlap (shared
# stems over all stems), A its actor overlap, C its closeness. The rule compares a pair only when
# it shares a stem, its dates are less than _WINDOW_US apart, and 0.6·J + 0.2·A + 0.2·C >= 0.4,
# that is 3·J + A + C >= 2. Two date ranges less than a window apart touch windows (of width
# _WINDOW_US, counted from the epoch) at most one apart: if one ends in window w and the other
# starts less than a window later, it starts in window w or w + 1. So every event is filed under
# each key below paired with each window its dates touch, and looked up under the same keys in
# those windows and one either side. An event spanning more than _WIDE_WINDOWS windows is filed
# under its keys as "wide", which every lookup of those keys visits, and looks up every event
# filed under its keys.
#
# 1. J >= 1/3: keys from the titles. Order all stems by how many titles hold them, rarest first,
#    and let z be the pair's shared stems. |z| >= J·|x or y| >= |x|/3 for either title x,
#    where |x or y| counts the stems of both titles.
#    - If |z| >= 2: x's position of the second-rarest shared stem is at most |x| - |z| + 2, as
#      at most |x| - |z| of x's stems are not shared. So both shared stems lie in the first
#      |x| - max(2, ⌈|x|/3⌉) + 2 stems of x, and likewise of y: both titles file the pair of
#      those two stems as a key (`_title_keys`).
#    - If |z| = 1: |x or y| <= |z|/J <= 3, so both titles have at most three stems, and those
#      are filed one by one.
# 2. J < 1/3: then A > 0, since with A = 0, 3·J + A + C < 1 + 1. (J is a fraction with a
#    denominator below a million, far from 1/3 in floating point.) A > 0 means a shared actor,
#    folded, or no actors on either side: every actor is a key, and so is having none.


_Keys = Callable[[_Account], list[Hashable]]


def _same_actors(account: _Account) -> list[Hashable]:
    """The one key of the blocks of events whose folded actors are the same."""
    return [account.actors]


def _title_and_actor_keys(
    olds: Sequence[tuple[int, _Account]], news: Sequence[tuple[int, _Account]]
) -> _Keys:
    """The keys of the blocks argued for above: pairs of rarer stems, and each actor."""
    everyone = itertools.chain(olds, news)
    rarity = collections.Counter(stem for _, account in everyone for stem in account.stems)

    def keys(account: _Account) -> list[Hashable]:
        stems = sorted(account.stems, key=lambda stem: (rarity[stem], stem))
        return [*_title_keys(stems), *(sorted(account.actors) or [_NO_ACTORS])]

    return keys


def _neighbours(
    olds: Sequence[tuple[int, _Account]], news: Sequence[tuple[int, _Account]], keys: _Keys
) -> Iterator[tuple[int, set[int]]]:
    """For each (position, removed event) in turn, its position and those of the added events
    it shares a block with, the blocks keyed by ``keys`` and the date windows."""
    # key -> window -> added events: a key is looked up once, then its windows by number.
    block: dict[Hashable, dict[object, list[int]]] = collections.defaultdict(
        lambda: collections.defaultdict(list)
    )
    for new_position, account in news:
        windows = _windows(account, looking=False)
        for key in keys(account):
            filed = block[key]
            for window in windows:
                filed[window].append(new_position)
    for old_position, account in olds:
        windows = _windows(account, looking=True)
        found: set[int] = set()
        for key in keys(account):
            near = block.get(key)
            if near is not None:
                for window in windows:
                    found.update(near.get(window, ()))
        yield old_position, found


def _candidates(olds: Sequence[_Account], news: Sequence[_Account]) -> set[tuple[int, int]]:
    """(old position, new position) of every pair that shares a block of either kind."""
    numbered_olds, numbered_news = list(enumerate(olds)), list(enumerate(news))
    return {
        (old_position, new_position)
        for keys in (_same_actors, _title_and_actor_keys(numbered_olds, numbered_news))
        for old_position, found in _neighbours(numbered_olds, numbered_news, keys)
        for new_position in found
    }


def _title_keys(stems: list[str]) -> list[tuple[str, ...]]:
    """A title's keys: pairs of its rarer stems, and single stems for titles of up to three."""
    keys: list[tuple[str, ...]] = []
    if len(stems) <= 3:
        keys += [(stem,) for stem in stems]
    if len(stems) >= 2:
        prefix = len(stems) - max(2, -(-len(stems) // 3)) + 2
        keys += itertools.combinations(stems[:prefix], 2)
    return keys


def _windows(account: _Account, *, looking: bool) -> list[object]:
    """The windows the event's dates touch, to be filed under or (``looking``) looked up."""
    first, last = account.earliest_us // _WINDOW_US, account.latest_us // _WINDOW_US
    if last - first > _WIDE_WINDOWS:
        return ["all"] if looking else ["all", "wide"]
    if looking:
        return ["wide", *range(first - 1, last + 2)]
    return ["all", *range(first, last + 1)]
