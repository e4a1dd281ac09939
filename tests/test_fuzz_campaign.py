"""The fuzz campaign's bookkeeping: which seeded chunks are left, and its ledger on disk."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from fuzz.campaign import (
    ROOT,
    TESTS,
    Chunk,
    append_to_ledger,
    chunks_to_run,
    fuzz_tests,
    read_ledger,
    run_timed,
)
from hypothesis import given
from hypothesis import strategies as st

done_chunks = st.lists(
    st.builds(
        Chunk,
        test=st.just("test_x"),
        seed=st.integers(0, 30),
        inputs=st.integers(1, 50),
        seconds=st.just(1.0),
        commit=st.just("abc"),
        finished=st.just("2026-12-03T14:00Z"),
    ),
    unique_by=lambda chunk: chunk.seed,
)


@given(st.integers(0, 500), st.integers(1, 60), done_chunks)
def test_the_chunks_left_make_up_what_is_missing_with_new_seeds(
    total: int, size: int, done: list[Chunk]
) -> None:
    runs = chunks_to_run(total, size, done)
    seeds = [seed for seed, _inputs in runs]
    assert len(set(seeds)) == len(seeds)
    assert not set(seeds) & {chunk.seed for chunk in done}
    assert all(0 < inputs <= size for _seed, inputs in runs)
    already = sum(chunk.inputs for chunk in done)
    assert sum(inputs for _seed, inputs in runs) == max(0, total - already)


def test_the_ledger_reads_back_what_was_appended(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.tsv"
    assert read_ledger(ledger) == []
    chunks = [
        Chunk("test_a", 0, 10_000, 361.5, "3efe74a", "2026-12-03T14:00Z"),
        Chunk("test_b", 3, 9_998, 12.0, "7909de2", "2026-12-03T15:10Z", 11.5),
    ]
    for chunk in chunks:
        append_to_ledger(ledger, chunk)
    assert read_ledger(ledger) == chunks
    assert ledger.read_text(encoding="utf-8").count("test\tseed") == 1


def test_the_ledger_reads_rows_written_before_it_kept_cpu_time(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.tsv"
    old_row = "test_a\t0\t10000\t374.5\t7c4fb69\t2026-12-03T14:49Z"
    ledger.write_text(f"test\tseed\tinputs\tseconds\tcommit\tfinished\n{old_row}\n")
    assert read_ledger(ledger) == [
        Chunk("test_a", 0, 10_000, 374.5, "7c4fb69", "2026-12-03T14:49Z", None)
    ]


def test_a_run_reports_its_output_status_and_the_cpu_time_it_used() -> None:
    # The child uses 0.2 s of CPU, then sleeps 0.4 s: its CPU time is neither zero nor its wall
    # time (which a paused or shared machine stretches), and is its own, not this process's.
    child = (
        "import sys, time\n"
        "while time.process_time() < 0.2: pass\n"
        "time.sleep(0.4)\n"
        "print('out'); print('err', file=sys.stderr); sys.exit(3)\n"
    )
    run, cpu_seconds = run_timed([sys.executable, "-c", child], dict(os.environ))
    assert (run.returncode, run.stdout, run.stderr) == (3, "out\n", "err\n")
    assert 0.2 <= cpu_seconds < 0.5


def test_the_campaign_finds_every_hypothesis_test_of_the_fuzz_module() -> None:
    # One of them has a multi-line @example between @given and its def, which a reading of
    # the decorators once missed, leaving the test out of every campaign without a word.
    source = (ROOT / TESTS).read_text(encoding="utf-8")
    found = fuzz_tests()
    assert "test_native_mutated_documents" in found
    assert len(found) == len(set(found)) == source.count("\n@given(")
