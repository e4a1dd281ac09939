"""The TempEval-3 scorer on hand-made cases and its invariants, and the MEANTIME reader on real
articles (read from ../shared beside the repository; skipped where it is absent)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline.errors import FormatError, InvalidFieldError
from geotimeline.extract.scoring import Scores, Span, pair, score, score_corpus
from geotimeline.extract.timeml import Document, parse_document, read_corpus, read_document

from .strategies import mentions, mutated

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "meantime-english"

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the MEANTIME corpus is not at {CORPUS}"
)


def date(start: int, end: int, value: str = "2005-06-13", kind: str = "DATE") -> Span:
    return Span(start, end, value, kind)


def figures(scores: Scores) -> dict[str, float]:
    names = (
        "strict_precision", "strict_recall", "strict_f1",
        "relaxed_precision", "relaxed_recall", "relaxed_f1",
        "value_accuracy", "type_accuracy", "value_f1", "type_f1",
    )  # fmt: skip
    return {name: getattr(scores, name) for name in names}


def everywhere(number: float) -> dict[str, float]:
    return dict.fromkeys(figures(Scores()), number)


# -- the metric on hand-made cases -----------------------------------------------------------


class TestScore:
    def test_a_perfect_match_scores_one_everywhere(self) -> None:
        gold = [date(0, 13), date(20, 25, "P2M", "DURATION")]
        scores = score(gold, list(gold))
        assert scores == Scores(gold=2, predicted=2, strict=2, relaxed=2, values=2, types=2)
        assert figures(scores) == everywhere(1.0)

    def test_no_predictions_scores_zero(self) -> None:
        scores = score([date(0, 13)], [])
        assert scores == Scores(gold=1)
        assert figures(scores) == everywhere(0.0)

    def test_predictions_without_gold_score_zero(self) -> None:
        scores = score([], [date(0, 4, "2005")])
        assert scores == Scores(predicted=1)
        assert figures(scores) == everywhere(0.0)

    def test_nothing_to_find_and_nothing_found_scores_one(self) -> None:
        # As in the official scorer: a document without time expressions is no failure.
        assert figures(score([], [])) == everywhere(1.0)

    def test_an_extent_one_word_short_is_relaxed_but_not_strict(self) -> None:
        # Gold "Friday morning" (0-14), found "Friday" (0-6), same value.
        scores = score(
            [date(0, 14, "2010-06-18TMO", "TIME")], [date(0, 6, "2010-06-18TMO", "TIME")]
        )
        assert (scores.strict, scores.relaxed) == (0, 1)
        assert (scores.strict_f1, scores.relaxed_f1, scores.value_f1) == (0.0, 1.0, 1.0)

    def test_extents_that_only_touch_do_not_match(self) -> None:
        assert score([date(0, 4)], [date(4, 8)]).relaxed == 0

    def test_two_predictions_overlapping_one_gold_make_one_match(self) -> None:
        # Gold "June 13, 2005" (0-13); found "June 13" (0-7) and "2005" (9-13).
        scores = score([date(0, 13)], [date(0, 7), date(9, 13, "2005")])
        assert scores == Scores(gold=1, predicted=2, strict=0, relaxed=1, values=1, types=1)
        assert scores.relaxed_precision == 0.5
        assert scores.relaxed_recall == 1.0
        assert scores.relaxed_f1 == pytest.approx(2 / 3)

    def test_one_prediction_overlapping_two_golds_makes_one_match(self) -> None:
        scores = score([date(0, 7), date(9, 13, "2005")], [date(0, 13)])
        assert (scores.relaxed, scores.values) == (1, 1)
        assert (scores.relaxed_precision, scores.relaxed_recall) == (1.0, 0.5)

    def test_a_wrong_value_is_a_relaxed_match_and_a_value_miss(self) -> None:
        scores = score([date(0, 13)], [date(0, 13, "2005-06-12")])
        assert (scores.strict, scores.relaxed, scores.values, scores.types) == (1, 1, 0, 1)
        assert (scores.value_accuracy, scores.value_f1) == (0.0, 0.0)
        assert (scores.type_accuracy, scores.type_f1) == (1.0, 1.0)

    def test_values_are_compared_as_written(self) -> None:
        # The official scorer compares the strings: 2005-06 is no match for 2005-06-13.
        assert score([date(0, 13)], [date(0, 13, "2005-06")]).values == 0

    def test_a_wrong_type_is_a_type_miss(self) -> None:
        scores = score([date(0, 9, "P2M", "DURATION")], [date(0, 9, "P2M", "DATE")])
        assert (scores.type_accuracy, scores.type_f1, scores.value_f1) == (0.0, 0.0, 1.0)

    def test_a_mixed_document_gives_the_exact_figures(self) -> None:
        gold = [date(0, 13), date(30, 35, "2005-06-14"), date(50, 59, "P2M", "DURATION")]
        found = [date(0, 13), date(28, 35, "2005-06-13"), date(70, 74, "2006")]
        scores = score(gold, found)
        assert scores == Scores(gold=3, predicted=3, strict=1, relaxed=2, values=1, types=2)
        assert scores.strict_f1 == pytest.approx(1 / 3)
        assert scores.relaxed_f1 == pytest.approx(2 / 3)
        assert scores.value_accuracy == 0.5
        assert scores.value_f1 == pytest.approx(1 / 3)
        assert scores.type_f1 == pytest.approx(2 / 3)

    def test_an_empty_extent_is_refused(self) -> None:
        with pytest.raises(InvalidFieldError, match=r"predicted\[0\]\.end"):
            score([date(0, 4)], [date(4, 4)])


class TestPair:
    def test_the_same_extent_is_preferred_to_a_larger_overlap_elsewhere(self) -> None:
        gold = [date(0, 6), date(0, 14)]
        assert pair(gold, [date(0, 14)]) == [(1, 0)]

    def test_the_larger_overlap_is_preferred(self) -> None:
        # Found "June 13" (0-7) and "13, 2005" (5-13) for gold "June 13, 2005" (0-13).
        assert pair([date(0, 13)], [date(0, 7), date(5, 13)]) == [(0, 1)]

    def test_a_tie_goes_to_the_earlier_prediction(self) -> None:
        assert pair([date(0, 10)], [date(6, 10), date(0, 4)]) == [(0, 1)]

    def test_a_prediction_left_unpaired_can_pair_another_gold(self) -> None:
        gold = [date(0, 13), date(20, 30)]
        found = [date(0, 13), date(10, 25)]
        assert pair(gold, found) == [(0, 0), (1, 1)]


class TestCorpus:
    def test_counts_add_up_before_the_ratios(self) -> None:
        documents = [([date(0, 4)], [date(0, 4)]), ([date(0, 4), date(9, 13)], [])]
        total = score_corpus(documents)
        assert total == Scores(gold=3, predicted=1, strict=1, relaxed=1, values=1, types=1)
        # Micro-averaged: 1/3, not the mean of 1 and 0.
        assert total.relaxed_recall == pytest.approx(1 / 3)


# -- invariants ------------------------------------------------------------------------------


@given(mentions())
def test_gold_against_itself_scores_one_everywhere(gold: list[Span]) -> None:
    assert figures(score(gold, list(gold))) == everywhere(1.0)


@given(mentions(), mentions())
def test_relaxed_is_at_least_strict_and_attributes_at_most_relaxed(
    gold: list[Span], found: list[Span]
) -> None:
    scores = score(gold, found)
    assert scores.strict <= scores.relaxed <= min(scores.gold, scores.predicted)
    assert scores.strict_f1 <= scores.relaxed_f1
    assert scores.value_f1 <= scores.relaxed_f1
    assert scores.type_f1 <= scores.relaxed_f1


@given(mentions(), mentions())
def test_pairs_are_one_to_one_and_overlap(gold: list[Span], found: list[Span]) -> None:
    pairs = pair(gold, found)
    assert len({g for g, _ in pairs}) == len({p for _, p in pairs}) == len(pairs)
    for g, p in pairs:
        assert gold[g].start < found[p].end
        assert found[p].start < gold[g].end


@given(mentions(), mentions())
def test_scoring_is_symmetric_in_extent_counts(gold: list[Span], found: list[Span]) -> None:
    forward, backward = score(gold, found), score(found, gold)
    assert (forward.strict, forward.relaxed) == (backward.strict, backward.relaxed)
    assert forward.relaxed_f1 == pytest.approx(backward.relaxed_f1)


# -- the reader on hand-made files -----------------------------------------------------------


def document_xml(markables: str, tokens: str | None = None) -> str:
    words = tokens or (
        '<token t_id="1" sentence="0" number="0">Ryanair</token>'
        '<token t_id="2" sentence="0" number="1">(</token>'
        '<token t_id="3" sentence="0" number="2">Ireland</token>'
        '<token t_id="4" sentence="0" number="3">)</token>'
        '<token t_id="5" sentence="0" number="4">\'s</token>'
        '<token t_id="6" sentence="1" number="5">today</token>'
        '<token t_id="7" sentence="1" number="6">.</token>'
    )
    return f'<Document doc_name="hand">{words}<Markables>{markables}</Markables></Document>'


TODAY = '<TIMEX3 m_id="9" type="DATE" value="2005-06-13"><token_anchor t_id="6"/></TIMEX3>'


class TestReader:
    def test_the_spacing_rule(self) -> None:
        document = parse_document(document_xml(TODAY))
        assert document.text == "Ryanair (Ireland)'s\ntoday."
        assert document.words == 4

    def test_a_timex_is_its_offsets(self) -> None:
        (timex,) = parse_document(document_xml(TODAY)).timexes
        assert (timex.start, timex.end, timex.text, timex.tid, timex.sentence) == (
            20, 25, "today", "9", 1,
        )  # fmt: skip
        assert (timex.type, timex.value, timex.mod, timex.anchor_tid) == (
            "DATE", "2005-06-13", None, None,
        )  # fmt: skip

    def test_a_modifier_is_read(self) -> None:
        markables = TODAY.replace("<TIMEX3 ", '<TIMEX3 mod="APPROX" anchorTimeID="4" ')
        (timex,) = parse_document(document_xml(markables)).timexes
        assert (timex.mod, timex.anchor_tid) == ("APPROX", "4")

    def test_a_timex_without_tokens_is_kept_apart(self) -> None:
        empty = '<TIMEX3 m_id="3" type="DATE" value="2005" TAG_DESCRIPTOR="2005"></TIMEX3>'
        document = parse_document(document_xml(TODAY + empty))
        assert len(document.timexes) == 1
        assert [(e.tid, e.value, e.descriptor) for e in document.empty_timexes] == [
            ("3", "2005", "2005")
        ]

    def test_no_creation_time_is_none(self) -> None:
        document = parse_document(document_xml(TODAY))
        assert (document.creation_time, document.reference) == (None, None)

    def test_a_creation_time_that_is_not_a_day_has_no_date(self) -> None:
        markables = TODAY.replace('value="2005-06-13"', 'value="13-06-2005"').replace(
            "<TIMEX3 ", '<TIMEX3 functionInDocument="CREATION_TIME" '
        )
        creation_time = parse_document(document_xml(markables)).creation_time
        assert creation_time is not None
        assert (creation_time.value, creation_time.date, creation_time.tid) == (
            "13-06-2005", None, "9",
        )  # fmt: skip

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (
                '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document/>',
                r"<string>, <!DOCTYPE: document type and entity declarations are refused",
            ),
            ("<Document><token", r"<string>, line 1, column \d+: is not XML"),
            ("<Corpus/>", r"<Corpus>: the root element must be <Document>"),
            (
                document_xml(TODAY.replace('t_id="6"', 't_id="60"')),
                r"<TIMEX3 m_id='9'>: names tokens that are not in the file: \['60'\]",
            ),
            (
                document_xml(TODAY.replace('type="DATE" ', "")),
                r"<TIMEX3 m_id='9'>: has no type",
            ),
            (
                document_xml(TODAY.replace('<token_anchor t_id="6"/>', '<token_anchor t_id="1"/>'
                                           '<token_anchor t_id="3"/>')),
                r"<TIMEX3 m_id='9'>: its tokens are not next to one another",
            ),
            (
                document_xml(TODAY, '<token t_id="1" sentence="0" number="x">A</token>'),
                r"<token t_id='1'>: number must be a whole number, not 'x'",
            ),
        ],
    )  # fmt: skip
    def test_errors_name_the_file_and_the_element(self, content: str, message: str) -> None:
        with pytest.raises(FormatError, match=message):
            parse_document(content)

    @given(
        st.sampled_from([TODAY, TODAY.replace("<TIMEX3 ", '<TIMEX3 mod="APPROX" ')]).flatmap(
            lambda markables: mutated(document_xml(markables))
        )
    )
    def test_a_damaged_file_gives_a_document_or_our_error(self, content: str) -> None:
        try:
            document = parse_document(content)
        except FormatError:
            return
        for timex in document.timexes:
            assert document.text[timex.start : timex.end] == timex.text

    def test_a_missing_file_is_named(self, tmp_path: Path) -> None:
        with pytest.raises(FormatError, match=r"absent\.xml: cannot be read"):
            read_document(tmp_path / "absent.xml")


# -- the reader on real MEANTIME articles ----------------------------------------------------

ARTICLES = {
    # name: (TIMEX3 with tokens, without, creation time value)
    "corpus_airbus/11714_Ryanair_exercises_options_on_five_Boeing_737s.xml": (2, 0, "2005-06-13"),
    "corpus_airbus/78496_Airbus_A380_test_flight_delayed_after_accident.xml": (2, 0, None),
    "corpus_gm/120578_Automobile_sales_in_the_United_States_down_sharply.xml": (6, 0, "03-02-2009"),
}


def _file_counts(path: Path) -> tuple[int, int, int]:
    """The tokens, TIMEX3s with tokens and TIMEX3s without, counted in the file's own text."""
    content = path.read_text(encoding="utf-8")
    # An empty TIMEX3 may be written <TIMEX3 .../>, so the elements are counted by their tags.
    bodies = re.findall(r"<TIMEX3 [^>]*[^/]>(.*?)</TIMEX3>", content, flags=re.DOTALL)
    anchored = sum("token_anchor" in body for body in bodies)
    return content.count("<token "), anchored, content.count("<TIMEX3 ") - anchored


def _real_articles() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    stock = sorted((CORPUS / "corpus_stock").glob("*.xml"))[:1]
    named = [CORPUS / name for name in ARTICLES]
    return named + stock


@needs_corpus
@pytest.mark.parametrize("path", _real_articles(), ids=lambda path: path.stem[:30])
class TestMeantimeArticles:
    def test_offsets_give_each_timex_its_tokens(self, path: Path) -> None:
        document = read_document(path)
        content = path.read_text(encoding="utf-8")
        words = dict(re.findall(r'<token [^>]*t_id="(\d+)"[^>]*>([^<]*)</token>', content))
        for tid, body in re.findall(
            r'<TIMEX3 [^>]*m_id="(\d+)"[^>]*>(.*?)</TIMEX3>', content, flags=re.DOTALL
        ):
            anchors = re.findall(r'token_anchor t_id="(\d+)"', body)
            if not anchors:
                continue
            (timex,) = [timex for timex in document.timexes if timex.tid == tid]
            assert document.text[timex.start : timex.end] == timex.text
            tokens = [words[anchor] for anchor in anchors]
            # The spacing rule only adds or drops spaces between the tokens.
            assert timex.text.replace(" ", "") == "".join(tokens)
            assert timex.text.startswith(tokens[0])
            assert timex.text.endswith(tokens[-1])

    def test_counts_are_those_of_the_file(self, path: Path) -> None:
        document = read_document(path)
        tokens, anchored, empty = _file_counts(path)
        assert (len(document.timexes), len(document.empty_timexes)) == (anchored, empty)
        assert document.words <= tokens
        assert (
            document.text.count("\n")
            == len(set(re.findall(r'sentence="(\d+)"', path.read_text()))) - 1
        )
        expected = ARTICLES.get(f"{path.parent.name}/{path.name}")
        if expected is not None:
            assert (len(document.timexes), len(document.empty_timexes)) == expected[:2]

    def test_the_creation_time(self, path: Path) -> None:
        document = read_document(path)
        expected = ARTICLES.get(f"{path.parent.name}/{path.name}", (None, None, "any"))[2]
        if expected is None:
            assert document.creation_time is None
            return
        assert document.creation_time is not None
        if expected != "any":
            assert document.creation_time.value == expected
        (dateline,) = [t for t in document.timexes if t.tid == document.creation_time.tid]
        assert dateline.function == "CREATION_TIME"
        assert dateline.sentence == 1  # the dateline, under the title
        if re.fullmatch(r"\d{4}-\d\d-\d\d", document.creation_time.value):
            assert document.reference == datetime.date.fromisoformat(document.creation_time.value)


@needs_corpus
def test_the_whole_corpus() -> None:
    documents = read_corpus(CORPUS)
    assert len(documents) == 120
    assert all(isinstance(document, Document) for document in documents)
    assert sum(len(document.timexes) for document in documents) == 488
    assert sum(len(document.empty_timexes) for document in documents) == 37
    assert sum(document.creation_time is not None for document in documents) == 118
    # The gold scored against itself, through the real offsets.
    total = score_corpus((document.timexes, document.timexes) for document in documents)
    assert figures(total) == everywhere(1.0)


def test_a_folder_that_is_not_there_is_named(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="is not a folder of MEANTIME documents"):
        read_corpus(tmp_path / "nowhere")
