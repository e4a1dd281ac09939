"""KeyOrdered against a plain list kept in order of the same key."""

from __future__ import annotations

import bisect
import operator
import pickle

import hypothesis.strategies as st
import pytest
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from geotimeline.timeline.key_ordered import KeyOrdered

# Values are (key, tag) pairs ordered by their key only: equal keys are common (a few keys
# among many values), so the searches must walk runs of one key across chunks.
values = st.tuples(st.integers(0, 12), st.integers(0, 3))
_key = operator.itemgetter(0)


@settings(max_examples=60, stateful_step_count=40)
class KeyOrderedMachine(RuleBasedStateMachine):
    """Drives a KeyOrdered in chunks of four and a plain list side by side."""

    def __init__(self) -> None:
        super().__init__()
        self.ordered = KeyOrdered(key=_key)
        self.ordered._reset(4)
        self.model: list[tuple[int, int]] = []

    @rule(value=values)
    def add(self, value: tuple[int, int]) -> None:
        self.ordered.add(value)
        bisect.insort_right(self.model, value, key=_key)

    @rule(batch=st.lists(values, max_size=30))
    def update(self, batch: list[tuple[int, int]]) -> None:
        self.ordered.update(batch)
        for value in sorted(batch, key=_key):
            bisect.insort_right(self.model, value, key=_key)

    @rule(value=values)
    def remove(self, value: tuple[int, int]) -> None:
        if value in self.model:
            self.ordered.remove(value)
            self.model.remove(value)  # the first equal value: the one the search finds first
        else:
            with pytest.raises(ValueError, match="not in list"):
                self.ordered.remove(value)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def delete_at(self, data: st.DataObject) -> None:
        position = data.draw(st.integers(-len(self.model), len(self.model) - 1))
        del self.ordered[position]
        del self.model[position]

    @rule(start=st.none() | st.integers(-50, 50), stop=st.none() | st.integers(-50, 50))
    def delete_slice(self, start: int | None, stop: int | None) -> None:
        del self.ordered[start:stop]
        del self.model[start:stop]

    @rule(key=st.integers(-1, 14))
    def bisect(self, key: int) -> None:
        assert self.ordered.bisect_key_left(key) == bisect.bisect_left(self.model, key, key=_key)
        assert self.ordered.bisect_key_right(key) == bisect.bisect_right(self.model, key, key=_key)

    @rule(
        low=st.none() | st.integers(-1, 14),
        high=st.none() | st.integers(-1, 14),
        inclusive=st.tuples(st.booleans(), st.booleans()),
        reverse=st.booleans(),
    )
    def irange_key(
        self, low: int | None, high: int | None, inclusive: tuple[bool, bool], reverse: bool
    ) -> None:
        expected = [
            value
            for value in self.model
            if (low is None or value[0] > low or (inclusive[0] and value[0] == low))
            and (high is None or value[0] < high or (inclusive[1] and value[0] == high))
        ]
        found = list(self.ordered.irange_key(low, high, inclusive, reverse))
        assert found == (expected[::-1] if reverse else expected)

    @rule(value=values)
    def search(self, value: tuple[int, int]) -> None:
        assert (value in self.ordered) == (value in self.model)
        assert self.ordered.count(value) == self.model.count(value)
        if value in self.model:
            assert self.ordered.index(value) == self.model.index(value)

    @rule(start=st.none() | st.integers(-50, 50), stop=st.none() | st.integers(-50, 50))
    def slice(self, start: int | None, stop: int | None) -> None:
        assert self.ordered[start:stop] == self.model[start:stop]

    @invariant()
    def agrees(self) -> None:
        self.ordered._check()
        assert list(self.ordered) == self.model
        assert len(self.ordered) == len(self.model)
        assert [self.ordered[i] for i in range(len(self.model))] == self.model
        assert list(reversed(self.ordered)) == self.model[::-1]


TestKeyOrdered = KeyOrderedMachine.TestCase


def test_from_sorted_lays_out_chunks_without_a_sort() -> None:
    made = KeyOrdered.from_sorted([(1, 0), (2, 0), (2, 1)], key=_key)
    made._check()
    assert list(made) == [(1, 0), (2, 0), (2, 1)]
    assert made.bisect_key_left(2) == 1


def test_copies_and_pickles_keep_the_key() -> None:
    made = KeyOrdered([(3, 0), (1, 0)], key=_key)
    assert list(made.copy()) == [(1, 0), (3, 0)]
    again = pickle.loads(pickle.dumps(made))
    again.add((2, 0))
    assert list(again) == [(1, 0), (2, 0), (3, 0)]
    assert list(operator.add(made, [(0, 9)])) == [(0, 9), (1, 0), (3, 0)]
