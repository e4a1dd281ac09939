"""Date extraction on MEANTIME, scored as TempEval-3 scores it, and its speed.

Run: ``python benchmarks/tempeval.py [--corpus PATH] [--tagger MODULE:FUNCTION] [--repeat 5]``

The tagger is a function ``tagger(text, reference=day) -> list of mentions``, each mention with
``start``, ``end`` (character offsets into ``text``), ``value`` and ``type`` (TIMEX3 forms);
``reference`` is the article's date, a ``datetime.date``. The default is
``geotimeline.extract:dates`` where it exists, else the regex baseline below, a floor that
finds four-digit years and "Month Day, Year" dates and nothing else.

The corpus (default: ``../shared/corpora/meantime-english`` beside the repository) is read by
``geotimeline.extract.timeml``: the figures are those of ``geotimeline.extract.scoring``,
micro-averaged over the 120 articles, over the sentences MEANTIME annotates (see
``ANNOTATED_SENTENCES``). Speed is words (tokens holding a letter or a digit) per
second over the whole corpus, the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import calendar
import collections
import datetime
import importlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
from measure import machine_line, timed

from geotimeline import When
from geotimeline.errors import FormatError
from geotimeline.extract.scoring import Mention, Scores, Span, score_corpus
from geotimeline.extract.timeml import Document, read_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "meantime-english"

Tagger = Callable[..., Sequence[Mention]]

#: Published value F1 on TE3-Platinum (UzZaman et al. 2013): another corpus, for scale only.
ANCHORS = (("HeidelTime", 0.776), ("SUTime", 0.674))

# -- the baseline ----------------------------------------------------------------------------

_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
_BASELINE = re.compile(
    r"\b(?:(?P<month>" + "|".join(_MONTHS) + r") (?P<day>[0-9]{1,2}), (?P<year>[0-9]{4})"
    r"|(?P<alone>1[89][0-9]{2}|20[0-9]{2}))\b"
)


def regex_baseline(text: str, reference: datetime.date | None = None) -> list[Span]:
    """BASELINE, not geotimeline's tagger: "Month Day, Year" dates and years from 1800 to
    2099, each a DATE; the reference is not used. A floor for the harness, nothing more.

    >>> regex_baseline("On June 13, 2005, as in 2004.")
    [Span(start=3, end=16, value='2005-06-13', type='DATE'), Span(start=24, end=28, ...)]
    """
    mentions = []
    for match in _BASELINE.finditer(text):
        if match["alone"]:
            value = match["alone"]
        else:
            month, day = _MONTHS[match["month"]], int(match["day"])
            value = f"{match['year']}-{month:02d}-{day:02d}"
        mentions.append(Span(match.start(), match.end(), value, "DATE"))
    return mentions


# -- the harness -----------------------------------------------------------------------------


def load_tagger(name: str | None) -> tuple[str, Tagger]:
    """The tagger named ``module:function``, or the default, with the name to print."""
    if name is None:
        try:
            module = importlib.import_module("geotimeline.extract")
            return "geotimeline.extract:dates", module.dates  # type: ignore[no-any-return]
        except AttributeError:
            return "BASELINE regex (years, Month Day, Year)", regex_baseline
    module_name, _, function = name.partition(":")
    return name, getattr(importlib.import_module(module_name), function)  # type: ignore[no-any-return]


def reference_of(document: Document) -> datetime.date | None:
    """The article's date: its creation time's day, else its dateline's.

    Three MEANTIME articles need the fallback: two mark no TIMEX3 as the creation time and one
    writes it ``03-02-2009``. Wikinews puts the dateline (``February 03, 2009``) alone in the
    second sentence, which the reader starts on the second line.
    """
    if document.reference is not None:
        return document.reference
    lines = document.text.split("\n")
    if len(lines) < 2:
        return None
    try:
        earliest = When.parse(lines[1]).earliest
    except ValueError:
        return None
    return datetime.date(earliest.year, earliest.month, earliest.day)


def run(tagger: Tagger, documents: Sequence[Document]) -> list[Sequence[Mention]]:
    return [tagger(document.text, reference=reference_of(document)) for document in documents]


def print_gold(documents: Sequence[Document]) -> None:
    types = collections.Counter(timex.type for document in documents for timex in document.timexes)
    timexes = sum(types.values())
    empty = sum(len(document.empty_timexes) for document in documents)
    fallback = sum(document.reference is None for document in documents)
    words = sum(document.words for document in documents)
    by_type = ", ".join(f"{name} {count}" for name, count in types.most_common())
    print(
        f"gold: {len(documents)} documents, {words:,} words, {timexes} TIMEX3 with an extent "
        f"({by_type}), {empty} without tokens (not scored); "
        f"{fallback} documents take their reference from the dateline"
    )


def print_scores(name: str, scores: Scores, words: int, seconds: float) -> None:
    print(f"\ntagger: {name}")
    print(f"{'':<10}{'P':>8}{'R':>8}{'F1':>8}")
    for label, precision, recall, f1 in (
        ("strict", scores.strict_precision, scores.strict_recall, scores.strict_f1),
        ("relaxed", scores.relaxed_precision, scores.relaxed_recall, scores.relaxed_f1),
    ):
        print(f"{label:<10}{precision:>8.3f}{recall:>8.3f}{f1:>8.3f}")
    print(
        f"value F1 {scores.value_f1:.3f} (accuracy {scores.value_accuracy:.3f}), "
        f"type F1 {scores.type_f1:.3f} (accuracy {scores.type_accuracy:.3f}); "
        f"counts {attrs.asdict(scores)}"
    )
    anchors = ", ".join(f"{peer} {value:.3f}" for peer, value in ANCHORS)
    print(f"published value F1 on TE3-Platinum, another corpus, for scale only: {anchors}")
    print(f"speed: {words / seconds:,.0f} words/s ({seconds * 1e3:.1f} ms for the corpus)")


#: MEANTIME's annotators marked time expressions in the title and the first five sentences of
#: each article only (sentences 0 to 5; no gold TIMEX3 stands later): a date found further on
#: is neither right nor wrong, so it is left out of the scores. The tagger reads every sentence.
ANNOTATED_SENTENCES = 6


def annotated(document: Document, found: Sequence[Mention]) -> list[Mention]:
    """The mentions of ``found`` that lie in the sentences MEANTIME annotates."""
    lines = document.text.split("\n")
    end = len("\n".join(lines[:ANNOTATED_SENTENCES]))
    return [mention for mention in found if mention.start < end]


def main(arguments: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the MEANTIME folder")
    parser.add_argument("--tagger", help="module:function (default: see above)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per median")
    options = parser.parse_args(arguments)
    name, tagger = load_tagger(options.tagger)
    try:
        documents = read_corpus(options.corpus)
    except FormatError as error:
        parser.error(f"{error} (give the corpus folder with --corpus PATH)")
    print(machine_line("pendulum"))
    print_gold(documents)
    seconds, predictions = timed(lambda: run(tagger, documents), options.repeat)
    scores = score_corpus(
        (document.timexes, annotated(document, found))
        for document, found in zip(documents, predictions, strict=True)
    )
    print_scores(name, scores, sum(document.words for document in documents), seconds)


if __name__ == "__main__":
    main()
