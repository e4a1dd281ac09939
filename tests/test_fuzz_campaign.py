"""The fuzz campaign's bookkeeping: which seeded chunks are left, and its ledger on disk."""

from __future__ import annotations

from pathlib import Path

from fuzz.campaign import Chunk, append_to_ledger, chunks_to_run, read_ledger
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
        Chunk("test_b", 3, 9_998, 12.0, "7909de2", "2026-12-03T15:10Z"),
    ]
    for chunk in chunks:
        append_to_ledger(ledger, chunk)
    assert read_ledger(ledger) == chunks
    assert ledger.read_text(encoding="utf-8").count("test\tseed") == 1
