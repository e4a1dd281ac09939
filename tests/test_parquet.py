"""The Parquet layout: lossless round trips, derived columns that agree with the library,
timeline order, partitioning, versioning and streaming writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from geotimeline import Timeline, examples
from geotimeline.io import parquet

pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(scope="module")
def seed() -> Timeline:
    return examples.load("seed")


@pytest.mark.parametrize("name", ["seed.parquet", "seed"])
def test_the_seed_timeline_comes_back_equal(seed: Timeline, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    parquet.write(seed, path)
    assert path.is_file() == name.endswith(".parquet")
    back = parquet.read(path)
    assert back == seed
    assert (back.title, back.description) == (seed.title, seed.description)


def test_the_schema_is_the_files_schema(seed: Timeline, tmp_path: Path) -> None:
    path = tmp_path / "seed.parquet"
    parquet.write(seed, path)
    assert pq.read_schema(path).remove_metadata() == parquet.SCHEMA
