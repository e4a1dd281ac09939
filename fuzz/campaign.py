"""The fuzzing campaign: every fuzz test of ``tests/test_fuzz.py``, with many more inputs.

The normal test run tries a few dozen inputs per parser; this script runs the same tests with
100,000 inputs each (``--examples``), one pytest process per test, and prints how many inputs
each test tried and whether any failed. Hypothesis keeps every failure in its example database
(``.hypothesis/``), so the next normal run replays it; add it to the test as an ``@example`` so
that it stays a regression test for everyone.

A test's inputs are run in chunks (``--chunk``, 10,000 by default), chunk ``k`` with Hypothesis
seed ``k``. Every chunk that passes is written to a ledger (``fuzz/ledger.tsv``) with the commit
it ran at, and the next campaign runs only the chunks the ledger does not hold yet, so a
campaign cut off by the end of a session goes on where it stopped. Hypothesis does not steer
its generation by coverage, so ten seeded runs of 10,000 inputs try as much as one of 100,000.
Rows of a commit that is not an ancestor of the one checked out do not count, nor do rows older
than ``--since``, when given (give the commit that last changed the code under test).

Run from the repository root::

    python fuzz/campaign.py                                # 100,000 inputs per test
    python fuzz/campaign.py --examples 2000 --only when,yaml --jobs 2
    python fuzz/campaign.py --since 3efe74a --record       # what the ledger holds, run nothing

Exit status: 0 when no test failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
TESTS = "tests/test_fuzz.py"
LEDGER = ROOT / "fuzz" / "ledger.tsv"
# "seconds" is wall time; "cpu_seconds" (added later, so last and empty in older rows) is the
# CPU time of the pytest process, which a shared or paused machine does not inflate.
LEDGER_HEADER = "test\tseed\tinputs\tseconds\tcommit\tfinished\tcpu_seconds"
# Hypothesis' statistics, "- 1500 passing, 0 failing, and 3 invalid test cases" (older versions
# say "1500 passing examples, 0 failing examples, 3 invalid examples"), once per phase.
_COUNTS = re.compile(
    r"(\d+) passing(?: examples?)?, (\d+) failing(?: examples?)?, (?:and )?(\d+) invalid"
)
_STOPPED = re.compile(r"Stopped because (.*)")


class Chunk(NamedTuple):
    """One passing run of a test, as the ledger holds it."""

    test: str
    seed: int
    inputs: int
    seconds: float
    commit: str
    finished: str
    cpu_seconds: float | None = None


class Outcome(NamedTuple):
    """What a campaign did for one test: inputs tried in all (ledger included) and this time."""

    tried: int
    failing: int
    seconds: float
    status: str


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    tests = [test for test in fuzz_tests() if _wanted(test, options.only)]
    if not tests:
        print("no fuzz test matches --only", file=sys.stderr)
        return 1
    ledger = Path(options.ledger)
    done = _counted(read_ledger(ledger), _head(), options.since)
    if options.record:
        _print_record(tests, done)
        return 0
    print(
        f"{len(tests)} fuzz tests, {options.examples:,} inputs each in chunks of "
        f"{options.chunk:,}, {options.jobs} at a time"
    )
    lock = threading.Lock()

    def run(test: str) -> Outcome:
        return _campaign(test, options, done.get(test, []), ledger, lock)

    with ThreadPoolExecutor(options.jobs) as pool:
        results = list(pool.map(run, tests))
    print(f"\n{'test':<62} {'inputs':>9} {'failing':>8} {'seconds':>8}")
    for test, outcome in zip(tests, results, strict=True):
        tried, failing, seconds, status = outcome
        print(f"{test:<62} {tried:>9,} {failing:>8} {seconds:>8.0f}  {status}")
    return 0 if all(outcome.status == "ok" for outcome in results) else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="inputs per test")
    parser.add_argument("--chunk", type=int, default=10_000, help="inputs per seeded run")
    parser.add_argument("--only", default="", help="comma-separated parts of test names")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="tests at a time")
    parser.add_argument("--ledger", default=str(LEDGER), help="where passing chunks are kept")
    parser.add_argument("--since", default=None, help="count only chunks run at or after this")
    parser.add_argument("--record", action="store_true", help="print the ledger's totals only")
    return parser


def read_ledger(path: Path) -> list[Chunk]:
    """The chunks a ledger holds (none when there is no ledger yet)."""
    if not path.exists():
        return []
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    chunks = []
    for row in rows:
        test, seed, inputs, seconds, commit, finished, *cpu = row.split("\t")
        cpu_seconds = float(cpu[0]) if cpu and cpu[0] else None
        chunk = Chunk(test, int(seed), int(inputs), float(seconds), commit, finished, cpu_seconds)
        chunks.append(chunk)
    return chunks


def append_to_ledger(path: Path, chunk: Chunk) -> None:
    """Add one passing chunk to a ledger, writing its header first when it is new."""
    new = not path.exists()
    with path.open("a", encoding="utf-8") as ledger:
        if new:
            ledger.write(LEDGER_HEADER + "\n")
        ledger.write("\t".join("" if cell is None else str(cell) for cell in chunk) + "\n")


def chunks_to_run(total: int, size: int, done: Iterable[Chunk]) -> list[tuple[int, int]]:
    """The ``(seed, inputs)`` runs still needed for ``total`` inputs, given the chunks done.

    Seeds count up from 0, skipping those done; the last run is cut to what is missing.

    >>> chunks_to_run(25, 10, [])
    [(0, 10), (1, 10), (2, 5)]
    >>> chunks_to_run(25, 10, [Chunk("t", 1, 10, 1.0, "c", "")])
    [(0, 10), (2, 5)]
    """
    done = list(done)
    missing = total - sum(chunk.inputs for chunk in done)
    seeds_done = {chunk.seed for chunk in done}
    runs = []
    seed = 0
    while missing > 0:
        if seed not in seeds_done:
            runs.append((seed, min(size, missing)))
            missing -= size
        seed += 1
    return runs


def _counted(chunks: Sequence[Chunk], head: str, since: str | None) -> dict[str, list[Chunk]]:
    """The ledger's chunks that count for the code checked out, by test."""
    counted: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        if _is_ancestor(chunk.commit, head) and (
            since is None or _is_ancestor(since, chunk.commit)
        ):
            counted.setdefault(chunk.test, []).append(chunk)
    return counted


def _campaign(
    test: str, options: argparse.Namespace, done: list[Chunk], ledger: Path, lock: threading.Lock
) -> Outcome:
    head = _head()
    tried = sum(chunk.inputs for chunk in done)
    seconds = 0.0
    for seed, inputs in chunks_to_run(options.examples, options.chunk, done):
        passing, failing, took, cpu, status = _run(test, inputs, seed)
        seconds += took
        tried += passing + failing
        if status != "ok":
            return Outcome(tried, failing, seconds, status)
        finished = datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ")
        with lock:
            chunk = Chunk(test, seed, passing, round(took, 1), head, finished, round(cpu, 1))
            append_to_ledger(ledger, chunk)
    return Outcome(tried, 0, seconds, "ok")


def _print_record(tests: Sequence[str], done: dict[str, list[Chunk]]) -> None:
    print(f"{'test':<62} {'inputs':>9} {'chunks':>7}  commits")
    for test in tests:
        chunks = done.get(test, [])
        commits = ", ".join(sorted({chunk.commit[:7] for chunk in chunks}))
        inputs = sum(chunk.inputs for chunk in chunks)
        print(f"{test:<62} {inputs:>9,} {len(chunks):>7}  {commits}")


def _head() -> str:
    return _git("rev-parse", "HEAD").strip()


def _is_ancestor(older: str, newer: str) -> bool:
    ancestry = ["git", "merge-base", "--is-ancestor", older, newer]
    return subprocess.run(ancestry, cwd=ROOT, capture_output=True).returncode == 0


def _git(*arguments: str) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def fuzz_tests() -> list[str]:
    """The names of the tests in the fuzz module that draw their inputs from Hypothesis."""
    # Asked of Hypothesis itself, in a process of its own (this one imports nothing under
    # test): reading decorators from the source missed tests with a multi-line @example.
    listing = (
        "import sys, hypothesis, importlib\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        f"module = importlib.import_module({TESTS.removesuffix('.py').replace('/', '.')!r})\n"
        "for name, value in vars(module).items():\n"
        "    if name.startswith('test_') and hypothesis.is_hypothesis_test(value):\n"
        "        print(name)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", listing], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return run.stdout.split()


def _wanted(test: str, only: str) -> bool:
    return not only or any(part.strip() in test for part in only.split(","))


def _run(test: str, examples: int, seed: int) -> tuple[int, int, float, float, str]:
    """Run one test with ``examples`` inputs drawn from ``seed``.

    Returns the passing and failing inputs, the wall and CPU seconds, and the status.
    """
    environment = dict(os.environ, GEOTIMELINE_FUZZ_EXAMPLES=str(examples))
    command = [
        sys.executable, "-m", "pytest", f"{TESTS}::{test}", "-q", "-p", "no:cacheprovider",
        "--hypothesis-show-statistics", f"--hypothesis-seed={seed}", "-x",
    ]  # fmt: skip
    started = time.perf_counter()
    run, cpu_seconds = run_timed(command, environment)
    seconds = time.perf_counter() - started
    counts = [tuple(map(int, match)) for match in _COUNTS.findall(run.stdout)]
    passing = sum(passing for passing, _failing, _invalid in counts)
    failing = sum(failing for _passing, failing, _invalid in counts)
    status = "ok" if run.returncode == 0 else "FAILED"
    stopped = _STOPPED.search(run.stdout)
    report = f"{test} (seed {seed}): {passing + failing:,} inputs, {status}, {seconds:.0f} s"
    if stopped is not None:
        report += f" (stopped because {stopped[1]})"
    if run.returncode != 0:  # the failing input and the traceback, as pytest printed them
        report += "\n" + "\n".join((run.stdout + run.stderr).splitlines()[-80:])
    print(report, flush=True)
    return passing, failing, seconds, cpu_seconds, status


def run_timed(
    command: list[str], environment: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``command`` to its end; its output and the CPU seconds it and its children used."""
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=stdout, stderr=stderr)
        # wait4 reports this child's own usage; the process-wide RUSAGE_CHILDREN would mix in
        # the other tests that --jobs runs at the same time.
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        run = subprocess.CompletedProcess(command, process.returncode, stdout.read(), stderr.read())
    return run, usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
