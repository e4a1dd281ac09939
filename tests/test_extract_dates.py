"""Finding dates in running text: extents as TimeML draws them, values read as When.parse
reads them, no false positives on ordinary words, and TIMEX3 forms."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline import When
from geotimeline.extract import DateMention, dates
from geotimeline.extract.timex3 import timex3

SHARED = Path(__file__).parent.parent.parent / "shared"
SEED_ARTICLE = SHARED / "seed-article.txt"
MEANTIME = SHARED / "corpora" / "meantime-english"
#: Monday 13 November 2017, the day the seed article was published.
NEWS_DAY = "2017-11-13"


def found(text: str, reference: str | None = NEWS_DAY) -> list[tuple[str, str | None]]:
    """What ``dates`` finds: each mention's text and the EDTF of its meaning."""
    mentions = dates(text, reference=reference)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return [(m.text, None if m.when is None else str(m.when)) for m in mentions]


@pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="the shared seed article is not beside us")
def test_the_seed_article() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    mentions = {mention.text: mention for mention in dates(text, reference=NEWS_DAY)}
    assert str(mentions["Saturday"].when) == "2017-11-11"
    assert mentions["this weekend"].value == "2017-W45-WE"
    assert mentions["this summer"].value == "2017-SU"
    assert str(mentions["2014"].when) == "2014"
    assert str(mentions["ever since"].when) == "2014/.."  # anchored to "In 2014" before it
    assert mentions["recently"].when is None
    assert mentions["recently"].value == "PAST_REF"
    assert "One" not in mentions  # "Air Force One"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks were held on Saturday.", [("Saturday", "2017-11-11")]),
        ("They met in March 2014 and again on 18 March 2014.",
         [("March 2014", "2014-03"), ("18 March 2014", "2014-03-18")]),
        ("Fighting resumed this summer.", [("this summer", "2017-22")]),
        ("Sales fell in the third quarter of 2017.", [("the third quarter of 2017", "2017-35")]),
        ("It happened two weeks ago.", [("two weeks ago", "2017-10-30/2017-11-05")]),
        ("The deal was signed Nov. 9-11 in Hanoi.", [("Nov. 9-11", "2017-11-09/2017-11-11")]),
        ("Markets closed at 18:00 UTC.", [("18:00 UTC", "2017-11-13T18:00Z")]),
        ("The war began in March 2014. A year later, talks failed.",
         [("March 2014", "2014-03"), ("A year later", "2015-03")]),
        ("He spoke early last year.", [("early last year", "2016-37~")]),
        # Tense: a month ahead of a verb of the future is the coming one.
        ("The talks will resume in June.", [("June", "2018-06")]),
        ("The talks resumed in June.", [("June", "2017-06")]),
    ],
)  # fmt: skip
def test_dates_in_sentences(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Theresa May said we will go to the meeting.",
        "Air Force One landed in Da Nang.",
        "The Fall of Raqqa ended the siege.",
        "The fund raised 100M from 32 km away.",
        "It cost $2014 and weighed 2014 kg.",
        "They will march to the capital and may stay.",
    ],
)
def test_no_dates_in_ordinary_words(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("He served for six years.", "duration", "P6Y"),
        ("The flight took 30 minutes.", "duration", "PT30M"),
        ("Talks are held every Monday.", "set", "XXXX-WXX-1"),
        ("The report is published weekly.", "set", "P1W"),
        ("Floods return each season.", "set", "P3M"),
        ("They meet every summer.", "set", "XXXX-SU"),
        ("Talks are held every other week.", "set", "P2W"),
        ("Prices rose recently.", "date", "PAST_REF"),
        ("Prices are currently high.", "date", "PRESENT_REF"),
    ],
)
def test_durations_sets_and_vague_references(text: str, kind: str, value: str) -> None:
    (mention,) = dates(text, reference=NEWS_DAY)
    assert (mention.kind, mention.value) == (kind, value)
    assert mention.timex3()["type"] == kind.upper() if kind != "date" else "DATE"


def test_without_a_reference_relative_dates_are_found_not_resolved() -> None:
    mentions = dates("On Saturday, after the 2014 annexation, talks resumed.")
    assert [(m.text, m.when) for m in mentions] == [
        ("Saturday", None),
        ("2014", When.parse("2014")),
    ]
    assert mentions[0].reason == "'Saturday' is relative; give a reference date"


ABSOLUTE = [
    "18 March 2014", "March 18, 2014", "March 2014", "summer 2017", "2014", "the 1990s",
    "Q3 2020", "the first half of 2017", "12 May 2021 14:30", "early 2017", "late March 2014",
]  # fmt: skip
RELATIVE = ["Saturday", "this weekend", "last year", "two weeks ago", "yesterday", "this summer"]


@given(
    phrase=st.sampled_from(ABSOLUTE + RELATIVE),
    before=st.sampled_from(["The talks took place", "Officials said it ended", "Fighting began"]),
    preposition=st.sampled_from(["", "on ", "in ", "during "]),
    after=st.sampled_from([".", ", officials said.", " and ended soon after."]),
)
def test_a_phrase_in_a_sentence_is_found_as_when_parse_reads_it(
    phrase: str, before: str, preposition: str, after: str
) -> None:
    text = f"{before} {preposition}{phrase}{after}"
    mentions = [m for m in dates(text, reference=NEWS_DAY) if m.rule == "calendar"]
    assert [m.text for m in mentions] == [phrase]  # the preposition is left out, as TimeML does
    assert mentions[0].when == When.parse(phrase, reference=NEWS_DAY)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_gives_ordered_mentions_that_quote_it(text: str) -> None:
    mentions = dates(text, reference=NEWS_DAY)
    assert all(isinstance(mention, DateMention) for mention in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for mention, following in itertools.pairwise(mentions):
        assert mention.end <= following.start  # no two mentions overlap
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.timex3()["type"] in {"DATE", "TIME", "DURATION", "SET"}


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("2017", {"type": "DATE", "value": "2017"}),
        ("2017-03-22", {"type": "DATE", "value": "2017-03-22"}),
        ("2017-03-22T10:30Z", {"type": "TIME", "value": "2017-03-22T10:30Z"}),
        ("201X", {"type": "DATE", "value": "201"}),
        ("20XX", {"type": "DATE", "value": "20"}),
        ("2012-24", {"type": "DATE", "value": "2012-WI"}),
        ("2012-36", {"type": "DATE", "value": "2012-Q4"}),
        ("2012-41", {"type": "DATE", "value": "2012-H2"}),
        ("2012-39~", {"type": "DATE", "value": "2012", "mod": "END"}),
        ("2013-03-11/2013-03-17", {"type": "DATE", "value": "2013-W11"}),
        ("2013-03-16/2013-03-17", {"type": "DATE", "value": "2013-W11-WE"}),
        ("2014~", {"type": "DATE", "value": "2014", "mod": "APPROX"}),
        ("2014-03/..", {"type": "DATE", "value": "2014-03"}),
        ("/2016", {"type": "DATE", "value": "2016"}),
    ],
)
def test_the_timex3_table(edtf: str, expected: dict[str, str]) -> None:
    assert timex3(When.parse(edtf)) == expected


@pytest.mark.skipif(not MEANTIME.exists(), reason="the shared MEANTIME corpus is not beside us")
def test_the_tagger_holds_its_scores_on_meantime() -> None:
    # A floor under the figures measured (value F1 0.76 on all 120 articles when written), so
    # that a change that breaks extraction fails here rather than in a benchmark nobody runs.
    from geotimeline.extract import scoring, timeml

    documents = timeml.read_corpus(MEANTIME)
    pairs = []
    for document in documents:
        end = len("\n".join(document.text.split("\n")[:6]))  # the sentences annotated
        predicted = [m for m in dates(document.text, reference=document.reference) if m.start < end]
        pairs.append((document.timexes, predicted))
    scores = scoring.score_corpus(pairs)
    assert scores.relaxed_f1 >= 0.8
    assert scores.value_f1 >= 0.7
