"""The TempEval-3 scores of a temporal tagger: how well it finds time expressions and their values.

TempEval-3 (UzZaman et al. 2013) scores the TIMEX3s a system finds against the gold:

- each gold mention is paired with at most one predicted mention, and each predicted one with
  at most one gold mention, where their extents overlap (see :func:`pair`);
- a pair is a **relaxed** match; it is a **strict** match too when both extents have the same
  start and end;
- precision is matches / predicted mentions, recall matches / gold mentions, F1 their
  harmonic mean, for strict and for relaxed matches;
- the **value** and **type** accuracies are the share of relaxed matches whose ``value``
  (``type``) is the gold's, compared as written; **value F1** is value accuracy x relaxed F1,
  and likewise **type F1**.

Counts add up over documents before any ratio is taken (micro-averaging), as the official
scorer does: :class:`Scores` add with ``+``, and :func:`score_corpus` scores many documents.

>>> from geotimeline.extract.scoring import Span
>>> gold = [Span(0, 13, "2005-06-13", "DATE"), Span(40, 45, "2005-06-13", "DATE")]
>>> found = [Span(0, 13, "2005-06-13", "DATE"), Span(34, 45, "2005-06-12", "DATE")]
>>> scores = score(gold, found)
>>> scores.strict_f1, scores.relaxed_f1, scores.value_accuracy, scores.value_f1
(0.5, 1.0, 0.5, 0.5)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import attrs

from geotimeline.errors import InvalidFieldError

__all__ = ["Mention", "Scores", "Span", "pair", "score", "score_corpus"]


class Mention(Protocol):
    """What the scorer reads of a time expression, gold or predicted: its extent as character
    offsets, ``start`` before ``end``, and its TIMEX3 ``value`` and ``type``.
    """

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def value(self) -> str: ...

    @property
    def type(self) -> str: ...


@attrs.frozen
class Span:
    """The smallest :class:`Mention`: an extent, a value and a type.

    >>> Span(0, 4, "2009", "DATE").end
    4
    """

    start: int
    end: int
    value: str
    type: str


@attrs.frozen
class Scores:
    """The counts of one or more documents, and the TempEval-3 figures they give.

    ``gold`` and ``predicted`` count the mentions; ``strict`` and ``relaxed`` the matched
    pairs; ``values`` and ``types`` the relaxed matches whose value (type) is the gold's.

    Where there is nothing to find and nothing was found, every figure is 1.0; otherwise a
    ratio with nothing to divide by is 0.0, as in the official scorer.

    >>> total = Scores(gold=2, predicted=1, strict=1, relaxed=1, values=1, types=1)
    >>> total.relaxed_precision, total.relaxed_recall, round(total.relaxed_f1, 4)
    (1.0, 0.5, 0.6667)
    >>> (total + Scores(gold=1, predicted=0)).relaxed_recall
    0.3333333333333333
    """

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    values: int = 0
    types: int = 0

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            *(mine + theirs for mine, theirs in zip(_counts(self), _counts(other), strict=True))
        )

    @property
    def _empty(self) -> bool:
        return self.gold == 0 and self.predicted == 0

    def _share(self, part: int, whole: int) -> float:
        if self._empty:
            return 1.0
        return part / whole if whole else 0.0

    @property
    def strict_precision(self) -> float:
        """Strict matches / predicted mentions."""
        return self._share(self.strict, self.predicted)

    @property
    def strict_recall(self) -> float:
        """Strict matches / gold mentions."""
        return self._share(self.strict, self.gold)

    @property
    def strict_f1(self) -> float:
        """The harmonic mean of strict precision and recall."""
        return _f1(self.strict_precision, self.strict_recall)

    @property
    def relaxed_precision(self) -> float:
        """Relaxed matches / predicted mentions."""
        return self._share(self.relaxed, self.predicted)

    @property
    def relaxed_recall(self) -> float:
        """Relaxed matches / gold mentions."""
        return self._share(self.relaxed, self.gold)

    @property
    def relaxed_f1(self) -> float:
        """The harmonic mean of relaxed precision and recall."""
        return _f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def value_accuracy(self) -> float:
        """The share of relaxed matches with the gold's value."""
        return self._share(self.values, self.relaxed)

    @property
    def type_accuracy(self) -> float:
        """The share of relaxed matches with the gold's type."""
        return self._share(self.types, self.relaxed)

    @property
    def value_f1(self) -> float:
        """Value accuracy x relaxed F1: TempEval-3's headline figure for normalisation."""
        return self.value_accuracy * self.relaxed_f1

    @property
    def type_f1(self) -> float:
        """Type accuracy x relaxed F1."""
        return self.type_accuracy * self.relaxed_f1


def _counts(scores: Scores) -> tuple[int, ...]:
    return attrs.astuple(scores)


def _f1(precision: float, recall: float) -> float:
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def pair(gold: Sequence[Mention], predicted: Sequence[Mention]) -> list[tuple[int, int]]:
    """The one-to-one pairs of overlapping mentions, as (gold index, predicted index), in
    gold order.

    Pairs with the same extent are taken first; then, among the rest, the pair that shares
    the most characters, the earlier gold mention and then the earlier predicted one first.
    So "Friday" and "Friday morning" predicted for the gold "Friday morning" pair the second.

    >>> gold = [Span(0, 14, "2010-06-18TMO", "TIME")]
    >>> pair(gold, [Span(0, 6, "2010-06-18", "DATE"), Span(0, 14, "2010-06-18TMO", "TIME")])
    [(0, 1)]

    Runtime complexity: O(n log n + k log k) for n mentions of which k pairs overlap.
    """
    _check(gold, "gold")
    _check(predicted, "predicted")
    candidates = sorted(_overlaps(gold, predicted), key=lambda found: found[0])
    paired_gold: set[int] = set()
    paired_predicted: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gold_index, predicted_index in candidates:
        if gold_index in paired_gold or predicted_index in paired_predicted:
            continue
        paired_gold.add(gold_index)
        paired_predicted.add(predicted_index)
        pairs.append((gold_index, predicted_index))
    return sorted(pairs)


def _check(mentions: Sequence[Mention], side: str) -> None:
    for index, mention in enumerate(mentions):
        if mention.end <= mention.start:
            raise InvalidFieldError(
                f"{side}[{index}].end", mention.end, f"must be after its start {mention.start}"
            )


def _overlaps(
    gold: Sequence[Mention], predicted: Sequence[Mention]
) -> Iterable[tuple[tuple[bool, int, int, int], int, int]]:
    """Every overlapping (gold, predicted) pair, with the key that ranks it for :func:`pair`.

    A sweep over the mentions by start: each one overlaps exactly the mentions of the other
    side that started before it (or with it) and have not ended yet.
    """
    starts = sorted(
        [(mention.start, 0, index) for index, mention in enumerate(gold)]
        + [(mention.start, 1, index) for index, mention in enumerate(predicted)]
    )
    open_mentions: tuple[list[int], list[int]] = ([], [])
    sides = (gold, predicted)
    for start, side, index in starts:
        for other in (0, 1):
            open_mentions[other][:] = [
                kept for kept in open_mentions[other] if sides[other][kept].end > start
            ]
        for other_index in open_mentions[1 - side]:
            gold_index, predicted_index = _ordered(side, index, other_index)
            yield _rank(gold[gold_index], predicted[predicted_index]), gold_index, predicted_index
        open_mentions[side].append(index)


def _ordered(side: int, index: int, other_index: int) -> tuple[int, int]:
    """(gold index, predicted index) of a mention of ``side`` and one of the other side."""
    return (index, other_index) if side == 0 else (other_index, index)


def _rank(gold: Mention, predicted: Mention) -> tuple[bool, int, int, int]:
    shared = min(gold.end, predicted.end) - max(gold.start, predicted.start)
    exact = gold.start == predicted.start and gold.end == predicted.end
    return (not exact, -shared, gold.start, predicted.start)


def score(gold: Sequence[Mention], predicted: Sequence[Mention]) -> Scores:
    """The counts of one document's predicted mentions against its gold.

    >>> score([Span(0, 4, "2009", "DATE")], []).relaxed_recall
    0.0
    >>> score([], []).value_f1
    1.0

    Runtime complexity: that of :func:`pair`.
    """
    strict = relaxed = values = types = 0
    for gold_index, predicted_index in pair(gold, predicted):
        expected, found = gold[gold_index], predicted[predicted_index]
        relaxed += 1
        strict += expected.start == found.start and expected.end == found.end
        values += expected.value == found.value
        types += expected.type == found.type
    return Scores(len(gold), len(predicted), strict, relaxed, values, types)


def score_corpus(
    documents: Iterable[tuple[Sequence[Mention], Sequence[Mention]]],
) -> Scores:
    """The summed counts of many documents, each given as (gold, predicted).

    >>> first = ([Span(0, 4, "2009", "DATE")], [Span(0, 4, "2009", "DATE")])
    >>> second = ([Span(0, 5, "today", "DATE")], [])
    >>> score_corpus([first, second]).relaxed_recall
    0.5

    Runtime complexity: that of :func:`score`, summed over the documents.
    """
    total = Scores()
    for gold, predicted in documents:
        total += score(gold, predicted)
    return total
