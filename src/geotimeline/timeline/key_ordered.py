"""A sorted list of values ordered by a key read from each value, with no stored keys.

:class:`KeyOrdered` is ``sortedcontainers.SortedKeyList`` without its second list: a
``SortedKeyList`` keeps, beside its chunks of values, a parallel list of their keys (one
pointer an item) and, for a key function that makes a new object (a tuple), that object too.
The values a timeline orders already hold what their key is made of: an event's key is its
span (a tuple its date shares with every event of that date) and its id, read by one C call
(``operator.attrgetter("span", "id")``), and the order of an interval node by end is read from
the same fields. So this list computes keys from the values while it searches, and stores
none.

Measured at a million synthetic events with every index built (``benchmarks/memory.py``),
that saves 9 bytes an event in the timeline's own list and 22 in the interval index (19 of them
the tuples of the order by end). The price: a bisection reads each probed value's key through
the key function (one pointer more than a list of keys, and a Python call for the order by
end); single adds to a timeline of a million events measured a few per cent slower.

Everything positional (indexing, slicing, deleting by position, iterating, the positional
index) is ``SortedList``'s own, unchanged; the methods that compare values are written here,
comparing keys instead, and so are the chunk splits and merges, which keep the largest key of
each chunk. The layout is ``SortedKeyList``'s, less its ``_keys``: ``_lists`` the chunks of
values, ``_maxes`` the key of each chunk's last value (one key a chunk, bisected without a call
to the key function).

>>> import operator
>>> words = KeyOrdered(["pear", "fig", "banana"], key=len)
>>> list(words), words.bisect_key_left(4), words[1]
(['fig', 'pear', 'banana'], 1, 'pear')
>>> words.add("kiwi"); words.remove("fig"); list(words.irange_key(4, 4))
['pear', 'kiwi']
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort_right
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, pairwise
from typing import Any

from sortedcontainers import SortedList

__all__ = ["KeyOrdered"]


class KeyOrdered(SortedList):  # type: ignore[misc]  # sortedcontainers is untyped
    """The values of ``iterable`` in order of ``key(value)``, values of equal keys in the order
    they were added (as in ``SortedKeyList``).

    Runtime complexity: as ``SortedKeyList``: ``add``, ``remove`` and the bisections are
    O(log n), each reading O(log n) keys; building from n values is O(n log n), O(n) for values
    already in order (:meth:`from_sorted`).
    """

    def __new__(cls, iterable: Iterable[Any] = (), key: Callable[[Any], Any] = id) -> KeyOrdered:
        # SortedList.__new__ refuses a key for any subclass that is not a SortedKeyList.
        made: KeyOrdered = object.__new__(cls)
        return made

    def __init__(self, iterable: Iterable[Any] = (), key: Callable[[Any], Any] = id) -> None:
        self._key = key
        super().__init__()
        self._update(iterable)

    @classmethod
    def from_sorted(cls, values: list[Any], key: Callable[[Any], Any]) -> KeyOrdered:
        """A list of ``values``, already in order of ``key``, laid out without a sort."""
        made = cls(key=key)
        made._fill(values)
        return made

    @property
    def key(self) -> Callable[[Any], Any]:
        """The function that reads a value's key."""
        return self._key

    def __len__(self) -> int:
        return self._len  # as SortedList's, typed

    def _fill(self, values: list[Any]) -> None:
        """Lay out ``values`` (in order) in chunks of the load, as ``SortedList.update`` does;
        the list must be empty. Slices are exact: no chunk holds room it does not use.
        """
        load = self._load
        self._lists.extend(values[pos : pos + load] for pos in range(0, len(values), load))
        self._maxes.extend(map(self._key, [chunk[-1] for chunk in self._lists]))
        self._len = len(values)
        del self._index[:]

    def add(self, value: Any) -> None:
        """Add ``value`` after every value of the same key."""
        lists, maxes, key = self._lists, self._maxes, self._key
        value_key = key(value)
        if not maxes:
            lists.append([value])
            maxes.append(value_key)
        else:
            pos = bisect_right(maxes, value_key)
            if pos == len(maxes):
                pos -= 1
                lists[pos].append(value)
                maxes[pos] = value_key
            else:
                insort_right(lists[pos], value, key=key)
            self._expand(pos)
        self._len += 1

    def _expand(self, pos: int) -> None:
        """Split chunk ``pos`` once it holds more than twice the load, as ``SortedList`` does;
        else count the value just added in the positional index."""
        lists, load = self._lists, self._load
        if len(lists[pos]) > 2 * load:
            chunk = lists[pos]
            half = chunk[load:]
            del chunk[load:]
            self._maxes[pos] = self._key(chunk[-1])
            lists.insert(pos + 1, half)
            self._maxes.insert(pos + 1, self._key(half[-1]))
            del self._index[:]
        elif self._index:
            self._count(pos, 1)

    def _delete(self, pos: int, idx: int) -> None:
        """Delete the value at ``idx`` of chunk ``pos``, and merge a chunk left with less than
        half the load into its neighbour, as ``SortedList`` does."""
        lists, maxes = self._lists, self._maxes
        chunk = lists[pos]
        del chunk[idx]
        self._len -= 1
        if len(chunk) > self._load >> 1:
            maxes[pos] = self._key(chunk[-1])
            if self._index:
                self._count(pos, -1)
        elif len(lists) > 1:
            pos = max(pos, 1)
            lists[pos - 1].extend(lists[pos])
            maxes[pos - 1] = self._key(lists[pos - 1][-1])
            del lists[pos], maxes[pos], self._index[:]
            self._expand(pos - 1)
        elif chunk:
            maxes[pos] = self._key(chunk[-1])
        else:
            del lists[pos], maxes[pos], self._index[:]

    def _count(self, pos: int, change: int) -> None:
        """Add ``change`` to the length of chunk ``pos`` in the positional index (a tree of
        sums, leaf to root, see ``SortedList._loc``)."""
        index = self._index
        child = self._offset + pos
        while child > 0:
            index[child] += change
            child = (child - 1) >> 1
        index[0] += change

    def update(self, iterable: Iterable[Any]) -> None:
        """Add every value of ``iterable``: one at a time for a few, else by sorting all again."""
        values = sorted(iterable, key=self._key)
        if self._maxes:
            if len(values) * 4 < self._len:
                for value in values:
                    self.add(value)
                return
            values = sorted(chain(self, values), key=self._key)  # stable: old values first
            self._clear()
        self._fill(values)

    _update = update

    def _find(self, value: Any) -> tuple[int, int] | None:
        """The chunk and place of ``value`` (compared by ``==`` among the values of its key,
        which may run on into the next chunks), or None."""
        lists, maxes, key = self._lists, self._maxes, self._key
        value_key = key(value)
        pos = bisect_left(maxes, value_key)
        if pos == len(maxes):
            return None
        start = bisect_left(lists[pos], value_key, key=key)
        for number in range(pos, len(lists)):
            chunk = lists[number]
            for place in range(start, len(chunk)):
                other = chunk[place]
                if other == value:
                    return number, place
                if key(other) != value_key:
                    return None
            start = 0
        return None

    def __contains__(self, value: object) -> bool:
        return self._find(value) is not None

    def discard(self, value: Any) -> None:
        """Remove ``value`` if it is in the list."""
        found = self._find(value)
        if found is not None:
            self._delete(*found)

    def remove(self, value: Any) -> None:
        """Remove ``value``; ValueError if it is not in the list."""
        found = self._find(value)
        if found is None:
            raise ValueError(f"{value!r} not in list")
        self._delete(*found)

    def index(self, value: Any, start: int | None = None, stop: int | None = None) -> int:
        """The position of ``value``; ValueError if it is not in the list (or not between
        ``start`` and ``stop``)."""
        found = self._find(value)
        if found is not None:
            position: int = self._loc(*found)
            first, last, _ = slice(start, stop).indices(self._len)
            if first <= position < last:
                return position
        raise ValueError(f"{value!r} is not in list")

    def count(self, value: Any) -> int:
        """How many values of the list equal ``value``."""
        value_key = self._key(value)
        return sum(other == value for other in self.irange_key(value_key, value_key))

    def bisect_key_left(self, key: Any) -> int:
        """The position of the first value whose key is not below ``key``."""
        maxes = self._maxes
        pos = bisect_left(maxes, key)
        if pos == len(maxes):
            return self._len
        found: int = self._loc(pos, bisect_left(self._lists[pos], key, key=self._key))
        return found

    def bisect_key_right(self, key: Any) -> int:
        """The position of the first value whose key is above ``key``."""
        maxes = self._maxes
        pos = bisect_right(maxes, key)
        if pos == len(maxes):
            return self._len
        found: int = self._loc(pos, bisect_right(self._lists[pos], key, key=self._key))
        return found

    def bisect_left(self, value: Any) -> int:
        return self.bisect_key_left(self._key(value))

    def bisect_right(self, value: Any) -> int:
        return self.bisect_key_right(self._key(value))

    bisect = bisect_right

    def irange_key(
        self,
        min_key: Any = None,
        max_key: Any = None,
        inclusive: tuple[bool, bool] = (True, True),
        reverse: bool = False,
    ) -> Iterator[Any]:
        """The values whose keys lie from ``min_key`` to ``max_key`` (None: no bound), in order
        (``reverse``: latest first), each bound included as ``inclusive`` says."""
        first = 0
        if min_key is not None:
            first = (self.bisect_key_left if inclusive[0] else self.bisect_key_right)(min_key)
        last = self._len
        if max_key is not None:
            last = (self.bisect_key_right if inclusive[1] else self.bisect_key_left)(max_key)
        found: Iterator[Any] = self.islice(first, max(first, last), reverse=reverse)
        return found

    def irange(
        self,
        minimum: Any = None,
        maximum: Any = None,
        inclusive: tuple[bool, bool] = (True, True),
        reverse: bool = False,
    ) -> Iterator[Any]:
        """The values whose keys lie from ``minimum``'s key to ``maximum``'s."""
        low = None if minimum is None else self._key(minimum)
        high = None if maximum is None else self._key(maximum)
        return self.irange_key(low, high, inclusive, reverse)

    def copy(self) -> KeyOrdered:
        """A shallow copy, laid out without a sort."""
        return KeyOrdered.from_sorted(list(self), self._key)

    __copy__ = copy

    def __add__(self, other: Iterable[Any]) -> KeyOrdered:
        return KeyOrdered(chain(self, other), key=self._key)

    __radd__ = __add__

    def __mul__(self, times: int) -> KeyOrdered:
        return KeyOrdered(list(self) * times, key=self._key)

    def __reduce__(self) -> tuple[Any, ...]:
        return (KeyOrdered, (list(self), self._key))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r}, key={self._key!r})"

    def _check(self) -> None:
        """Assert the layout's invariants, and that the keys are in order (for tests)."""
        key, lists, maxes = self._key, self._lists, self._maxes
        assert len(lists) == len(maxes), "a chunk without its last value, or the reverse"
        assert self._len == sum(map(len, lists)), "the length is not the chunks' total"
        for chunk, last in zip(lists, maxes, strict=True):
            assert chunk, "an empty chunk"
            assert key(chunk[-1]) == last, "a chunk's maximum is not its last value's key"
            assert len(chunk) <= 2 * self._load, "a chunk is larger than twice the load"
        keys = [key(value) for value in self]
        assert all(a <= b for a, b in pairwise(keys)), "keys out of order"
        if self._index:
            assert self._index[0] == self._len, "the positional index miscounts"
