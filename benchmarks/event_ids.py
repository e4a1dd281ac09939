"""What readable ids cost: ``make_event_id`` against the one before ids kept other scripts.

Run: ``python benchmarks/event_ids.py [--titles 20000] [--repeat 15]``

Everything runs in this process, on the same titles and dates:

- ours ``make_event_id``: Latin letters in ASCII, letters and digits of other scripts kept;
- baseline, the earlier ``make_event_id`` (kept here as it was): ASCII letters only, so a title
  in Cyrillic or Chinese gave the date alone.

Three kinds of title are timed: English (ASCII), Latin with accents (French, Turkish) and
Cyrillic. Times are medians of ``--repeat`` rounds, per id; ratios are ours / baseline, below
1 when faster.
"""

from __future__ import annotations

import argparse
import random
import re
import unicodedata

from measure import machine_line, per_item

from geotimeline import When
from geotimeline.events import make_event_id

_OLD_LETTERS = str.maketrans(
    {"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "œ": "oe", "þ": "th", "ı": "i"}
    | {"'": "", "\u2019": "", "\u02bc": ""}
)
WORDS = {
    "English": [
        "talks",
        "ceasefire",
        "Syria",
        "Russia",
        "annexes",
        "Crimea",
        "strike",
        "on",
        "air",
        "base",
        "statement",
    ],
    "accented": [
        "réunion",
        "à",
        "Genève",
        "accord",
        "signé",
        "İstanbul",
        "görüşme",
        "Kırım",
        "ilhak",
    ],
    "Cyrillic": [
        "Путин",
        "встречается",
        "с",
        "Эрдоганом",
        "в",
        "Сочи",
        "заявление",
        "Кремля",
        "о",
        "перемирии",
    ],
}


def old_make_event_id(title: str, when: When) -> str:
    """The earlier make_event_id, as it was."""
    start = when.start
    date = str(start).split("T")[0].rstrip("?~%")
    latin = unicodedata.normalize("NFKD", title.lower().translate(_OLD_LETTERS))
    ascii_text = "".join(
        char if char.isascii() else "" if unicodedata.combining(char) else " " for char in latin
    )
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > 60:
            break
        slug = candidate
    return f"{date}-{slug}" if slug else date


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    options = parser.parse_args()
    print(machine_line())
    chance = random.Random(1)
    when = When.parse("2017-11-13")
    print(f"{'titles':<10} {'ours µs':>9} {'baseline µs':>12} {'ratio':>6}")
    for kind, words in WORDS.items():
        titles = [" ".join(chance.choices(words, k=6)) for _ in range(options.titles)]
        ours = per_item(lambda title: make_event_id(title, when), titles, options.repeat)
        base = per_item(lambda title: old_make_event_id(title, when), titles, options.repeat)
        print(f"{kind:<10} {ours * 1e6:>9.2f} {base * 1e6:>12.2f} {ours / base:>6.2f}")


if __name__ == "__main__":
    main()
