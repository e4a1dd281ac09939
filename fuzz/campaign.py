"""The fuzzing campaign: every fuzz test of ``tests/test_fuzz.py``, with many more inputs.

The normal test run tries a few dozen inputs per parser; this script runs the same tests with
``GEOTIMELINE_FUZZ_EXAMPLES`` inputs each (100,000 by default), one pytest process per test, and
prints how many inputs each test tried and whether any failed. Hypothesis keeps every failure
in its example database (``.hypothesis/``), so the next normal run replays it; add it to the
test as an ``@example`` so that it stays a regression test for everyone.

Run from the repository root::

    python fuzz/campaign.py                                # 100,000 inputs per test
    python fuzz/campaign.py --examples 2000 --only when,yaml --jobs 2

Exit status: 0 when no test failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = "tests/test_fuzz.py"
# Hypothesis' statistics, "- 1500 passing, 0 failing, and 3 invalid test cases" (older versions
# say "1500 passing examples, 0 failing examples, 3 invalid examples"), once per phase.
_COUNTS = re.compile(
    r"(\d+) passing(?: examples?)?, (\d+) failing(?: examples?)?, (?:and )?(\d+) invalid"
)
_STOPPED = re.compile(r"Stopped because (.*)")


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    tests = [test for test in _fuzz_tests() if _wanted(test, options.only)]
    if not tests:
        print("no fuzz test matches --only", file=sys.stderr)
        return 1
    print(f"{len(tests)} fuzz tests, {options.examples:,} inputs each, {options.jobs} at a time")
    with ThreadPoolExecutor(options.jobs) as pool:
        results = list(pool.map(lambda test: _run(test, options.examples), tests))
    print(f"\n{'test':<62} {'inputs':>9} {'failing':>8} {'seconds':>8}")
    for test, (tried, failing, seconds, status) in zip(tests, results, strict=True):
        print(f"{test:<62} {tried:>9,} {failing:>8} {seconds:>8.0f}  {status}")
    return 0 if all(result[3] == "ok" for result in results) else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="inputs per test")
    parser.add_argument("--only", default="", help="comma-separated parts of test names")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="tests at a time")
    return parser


def _fuzz_tests() -> list[str]:
    """The names of the tests in the fuzz module that draw their inputs from Hypothesis."""
    listing = subprocess.run(
        [sys.executable, "-m", "pytest", TESTS, "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    names = [line.split("::")[1] for line in listing.stdout.splitlines() if "::" in line]
    source = (ROOT / TESTS).read_text(encoding="utf-8")
    # A Hypothesis test is decorated with @given just above its def (and no other def
    # between: a plain test right after a Hypothesis one is not one).
    given = r"@given\((?:(?!\ndef )[^@])*?\n(?:@.*\n)*def "
    return [name for name in names if re.search(rf"{given}{name}\(", source)]


def _wanted(test: str, only: str) -> bool:
    return not only or any(part.strip() in test for part in only.split(","))


def _run(test: str, examples: int) -> tuple[int, int, float, str]:
    environment = dict(os.environ, GEOTIMELINE_FUZZ_EXAMPLES=str(examples))
    command = [
        sys.executable, "-m", "pytest", f"{TESTS}::{test}", "-q", "-p", "no:cacheprovider",
        "--hypothesis-show-statistics", "-x",
    ]  # fmt: skip
    started = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    counts = [tuple(map(int, match)) for match in _COUNTS.findall(run.stdout)]
    tried = sum(passing + failing for passing, failing, _invalid in counts)
    failing = sum(failing for _passing, failing, _invalid in counts)
    status = "ok" if run.returncode == 0 else "FAILED"
    stopped = _STOPPED.search(run.stdout)
    report = f"{test}: {tried:,} inputs, {status}, {seconds:.0f} s"
    if stopped is not None:
        report += f" (stopped because {stopped[1]})"
    if run.returncode != 0:  # the failing input and the traceback, as pytest printed them
        report += "\n" + "\n".join((run.stdout + run.stderr).splitlines()[-80:])
    print(report, flush=True)
    return tried, failing, seconds, status


if __name__ == "__main__":
    sys.exit(main())
