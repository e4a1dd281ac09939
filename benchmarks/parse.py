"""Parsing date text: geotimeline against python-edtf, pendulum and the bare regex floor.

Run: ``python benchmarks/parse.py [--count 100000] [--seed 2017]``

Every parser runs in this process on the same strings; the table gives the median time per
string over several runs and the ratio ours / baseline (below 1 means geotimeline is faster).
- EDTF mix: level 0 and 1 shapes (see ``synthetic.py``). python-edtf takes milliseconds a
  string, so it parses a 1,000-string sample.
- plain ISO dates (``YYYY-MM-DD``): against ``pendulum.parse`` and against the floor, one
  compiled regular expression plus ``int()`` of its groups, which builds nothing.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from typing import Any

import pendulum
from measure import machine_line, per_item
from synthetic import date_texts, plain_iso_dates

from geotimeline import When

_FLOOR = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def regex_floor(text: str) -> tuple[int, int, int]:
    match = _FLOOR.fullmatch(text)
    assert match is not None
    return int(match[1]), int(match[2]), int(match[3])


def per_string(parse: Callable[[str], Any], texts: Sequence[str], repeat: int) -> float:
    """The median time per string, in microseconds, of parsing all of ``texts``."""
    return per_item(parse, texts, repeat) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    count, repeat = arguments.count, arguments.repeat
    mix, plain = date_texts(count, arguments.seed), plain_iso_dates(count, arguments.seed)
    print(f"{machine_line('pendulum')}; {count:,} strings")

    ours_mix = per_string(When.parse, mix, repeat)
    ours_plain = per_string(When.parse, plain, repeat)
    rows = [
        ("EDTF mix", "geotimeline When.parse", ours_mix, None),
        ("plain ISO", "geotimeline When.parse", ours_plain, None),
        ("plain ISO", "pendulum.parse", per_string(pendulum.parse, plain, repeat), ours_plain),
        ("plain ISO", "regex + int() floor", per_string(regex_floor, plain, repeat), ours_plain),
    ]
    try:
        import edtf
    except ImportError:
        print("python-edtf is not installed (pip install edtf): its row is left out")
    else:
        sample = mix[:1_000]
        edtf_micros = per_string(edtf.parse_edtf, sample, 1)
        rows.insert(1, ("EDTF mix", "edtf.parse_edtf (1,000)", edtf_micros, ours_mix))

    print(f"\n{'strings':<11}{'parser':<26}{'us/string':>11}{'ours/baseline':>15}")
    for shape, name, micros, ours in rows:
        ratio = f"{ours / micros:.4g}" if ours is not None else ""
        print(f"{shape:<11}{name:<26}{micros:>11.2f}{ratio:>15}")


if __name__ == "__main__":
    main()
