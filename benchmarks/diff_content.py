"""Pairing events by content (``diff(old, new, match="content")``), against scoring every pair.

Run: ``python benchmarks/diff_content.py [--sizes 1000,10000] [--baseline-up-to 1000]
[--per-year 1000] [--seed 2017] [--repeat 3] [--baseline-repeat 1] [--revision REV]``

The data is two accounts of the same ACLED-style events (``synthetic.acled_style_accounts``):
titles such as "Battles: Military Forces of Sudan vs. SPLM-N in South Kordofan" from a few
event types, actors and regions, so that most titles share most of their words; the second
account adds a word to each title and dates each event up to three days later, with ids of its
own. ``--per-year`` events a year, so that larger sizes span more years, as a longer data set
would.

Timed in this process, each on the same data:
- ``geotimeline.diffing.pairing.pair_by_content``, which scores only pairs from its blocks;
- the baseline, ``every_shared_word``: the pairing geotimeline had before blocking, kept here as
  it was, which scores every pair of titles sharing a stemmed word. It is quadratic on these
  titles, so it runs only up to ``--baseline-up-to`` events, and ``--baseline-repeat`` times
  (once by default: at 1,000 events it takes minutes).
The ratio is the baseline's time over geotimeline's (above 1 means geotimeline is faster), and
the pairs each finds are compared.

With ``--revision``, a second table times ``pair_by_content`` of that revision (imported beside
the working one by ``revision.py``) against the working one, alternately, ``--repeat`` times
each, on the same events made by each package's own ``Event``: medians and their ratio,
before / after.
"""

from __future__ import annotations

import argparse
import difflib
import statistics
from types import ModuleType

from measure import machine_line, median_time, timed
from revision import package_at
from synthetic import acled_style_accounts

from geotimeline import Event
from geotimeline.diffing import pairing

# -- the baseline: pairing as it was before blocking, scoring every pair sharing a word ---------


def _similarity(old_words: list[str], new_words: list[str]) -> float:
    mine, theirs = pairing._key_words(old_words), pairing._key_words(new_words)
    overlap = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
    ratio = difflib.SequenceMatcher(None, " ".join(old_words), " ".join(new_words)).ratio()
    return max(overlap, ratio)


def _score(old: Event, new: Event, old_words: list[str], new_words: list[str]) -> float:
    mine = frozenset(actor.casefold() for actor in old.actors)
    theirs = frozenset(actor.casefold() for actor in new.actors)
    gap = max(old.when.earliest_us - new.when.latest_us, new.when.earliest_us - old.when.latest_us)
    title = _similarity(old_words, new_words)
    return 0.6 * title + 0.2 * pairing._actor_overlap(mine, theirs) + 0.2 * pairing._closeness(gap)


def every_shared_word(removed: list[Event], added: list[Event]) -> list[tuple[Event, Event]]:
    new_words = [pairing._title_words(event) for event in added]
    by_word: dict[str, list[int]] = {}
    for position, words in enumerate(new_words):
        for word in pairing._key_words(words):
            by_word.setdefault(word, []).append(position)
    scored = []
    for old_position, old_event in enumerate(removed):
        words = pairing._title_words(old_event)
        candidates = {pos for word in pairing._key_words(words) for pos in by_word.get(word, ())}
        for new_position in candidates:
            new_event = added[new_position]
            score = _score(old_event, new_event, words, new_words[new_position])
            if score >= 0.6:
                key = (-score, old_event.sort_key, new_event.sort_key, old_position, new_position)
                scored.append(key)
    scored.sort()
    pairs, taken_old, taken_new = [], set(), set()
    for *_, old_position, new_position in scored:
        if old_position not in taken_old and new_position not in taken_new:
            taken_old.add(old_position)
            taken_new.add(new_position)
            pairs.append((removed[old_position], added[new_position]))
    return pairs


def _true_pairs(pairs: list[tuple[Event, Event]]) -> int:
    """How many pairs join an event with its own second account (ours12 with theirs12)."""
    return sum(old.id.removeprefix("ours") == new.id.removeprefix("theirs") for old, new in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--baseline-up-to", type=int, default=1000)
    parser.add_argument("--per-year", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-repeat", type=int, default=1)
    parser.add_argument("--revision", help="also time pair_by_content of this revision")
    arguments = parser.parse_args()
    print(f"{machine_line()}; {arguments.per_year:,} events a year, seed {arguments.seed}")
    print(f"\n{'events':>8}{'blocked s':>12}{'every pair s':>14}{'ratio':>9}  pairs (true)")
    for count in (int(size) for size in arguments.sizes.split(",")):
        ours, theirs = acled_style_accounts(count, arguments.seed, arguments.per_year)
        baseline = arguments.baseline_repeat if count <= arguments.baseline_up_to else 0
        print(_row(ours, theirs, arguments.repeat, baseline), flush=True)
    if arguments.revision:
        before = package_at(arguments.revision, ("geotimeline.diffing.pairing",))
        print(f"\nagainst {arguments.revision}")
        print(f"{'events':>8}{'before s':>12}{'after s':>12}{'before/after':>14}  same pairs")
        for count in (int(size) for size in arguments.sizes.split(",")):
            made = acled_style_accounts(count, arguments.seed, arguments.per_year)
            print(_against(before, *made, arguments.repeat), flush=True)


def _against(before: ModuleType, ours: list[Event], theirs: list[Event], repeat: int) -> str:
    """pair_by_content of ``before`` and of the working package, timed alternately."""

    def remade(events: list[Event]) -> list[object]:
        return [
            before.Event(id=e.id, title=e.title, when=str(e.when), actors=list(e.actors))
            for e in events
        ]

    old_ours, old_theirs = remade(ours), remade(theirs)
    old_pair, new_pair = before.diffing.pairing.pair_by_content, pairing.pair_by_content
    times: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(repeat):
        times["before"].append(median_time(lambda: old_pair(old_ours, old_theirs), 1))
        times["after"].append(median_time(lambda: new_pair(ours, theirs), 1))
    old_ids = [(a.id, b.id) for a, b in old_pair(old_ours, old_theirs)]
    same = old_ids == [(a.id, b.id) for a, b in new_pair(ours, theirs)]
    old, new = statistics.median(times["before"]), statistics.median(times["after"])
    return f"{len(ours):>8,}{old:>12.2f}{new:>12.2f}{old / new:>13.1f}x  {same}"


def _row(ours: list[Event], theirs: list[Event], repeat: int, baseline_repeat: int) -> str:
    seconds, pairs = timed(lambda: pairing.pair_by_content(ours, theirs), repeat)
    line = f"{len(ours):>8,}{seconds:>12.2f}"
    if baseline_repeat:
        base, base_pairs = timed(lambda: every_shared_word(ours, theirs), baseline_repeat)
        same = "same pairs" if base_pairs == pairs else "OTHER PAIRS"
        line += f"{base:>14.2f}{base / seconds:>8.1f}x  {same}"
    else:
        line += f"{'not run':>14}{'':>9}"
    return f"{line}  {len(pairs):,} ({_true_pairs(pairs):,})"


if __name__ == "__main__":
    main()
