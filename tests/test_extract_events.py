"""Draft events from an article: one per dated sentence, with actors, place, source and the
evidence a person needs to check each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline import Source, Timeline
from geotimeline.extract.events import events, sentences
from geotimeline.io import yamlfile

SEED_ARTICLE = Path(__file__).parent.parent.parent / "shared" / "seed-article.txt"
NEWS_DAY = "2017-11-13"


def test_a_dated_sentence_becomes_a_draft() -> None:
    text = "Moscow denied on Saturday that Russian troops were in eastern Ukraine. Talks go on."
    (draft,) = events(text, reference=NEWS_DAY, source="The Atlantic")
    assert draft.title == "Moscow denied that Russian troops were in eastern Ukraine"
    assert str(draft.when) == "2017-11-11"
    assert draft.actors == ("Russia", "Ukraine")  # Moscow and "Russian" stand for Russia
    assert draft.place is not None
    assert draft.place.country == "UA"  # where it happened: "in eastern Ukraine"
    assert draft.sources == (Source("The Atlantic"),)
    extracted = draft.metadata["extracted"]
    assert extracted["date"] == "Saturday"
    assert text[extracted["start"] : extracted["end"]] == extracted["sentence"]
    assert text[extracted["date_start"] : extracted["date_end"]] == "Saturday"


def test_sentences_without_a_resolved_date_make_no_draft() -> None:
    text = "Russia recently said so. On Saturday it did. They met."
    assert [event.title for event in events(text)] == []  # without a reference, no date
    assert [event.title for event in events(text, reference=NEWS_DAY)] == ["It did"]


def test_places_are_not_guessed_from_actors() -> None:
    (draft,) = events("Russia and China signed a treaty on 16 July 2001.")
    assert draft.actors == ("Russia", "China")
    assert draft.place is None


@pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="the shared seed article is not beside us")
def test_the_seed_article_drafts_the_events_it_dates() -> None:
    drafts = events(SEED_ARTICLE.read_text(encoding="utf-8"), reference=NEWS_DAY)
    dated = {str(event.when): event for event in drafts}
    assert {"2014", "2014/..", "2017-22", "2017-11-11", "2017-11-11/2017-11-12"} <= set(dated)
    assert set(dated["2017-22"].actors) >= {"Russia", "United States", "Jordan"}
    assert "Air Force One" in dated["2017-11-11"].title
    # The drafts are a timeline that saves and reads back, for a person to edit.
    assert yamlfile.loads(yamlfile.dumps(drafts)) == drafts


@given(
    st.lists(
        st.sampled_from(
            [
                "Russia annexed Crimea on 18 March 2014.",
                "Talks were held in Astana.",
                "Dr. Smith arrived on Nov. 9, 2017, in Hanoi.",
                "Sanctions followed in summer 2017!",
                "Is it over? Nobody knows.",
            ]
        ),
        max_size=6,
    )
)
def test_sentences_cover_the_text_in_order(parts: list[str]) -> None:
    text = " ".join(parts)
    found = list(sentences(text))
    assert [start for start, _ in found] == sorted(start for start, _ in found)
    joined = " ".join(text[start:end] for start, end in found)
    assert joined.split() == text.split()  # nothing lost, nothing repeated
    assert not any(text[start:end].split()[-1] == "Nov." for start, end in found)
    drafts = events(text, reference=NEWS_DAY)
    assert isinstance(drafts, Timeline)
    drafts._check()


def test_the_command_line_drafts_an_article(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        "Russia annexed Crimea on 18 March 2014. Officials recently said more.", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "geotimeline", "extract", str(article), "--reference", NEWS_DAY,
         "--source-url", "https://www.example.org/crimea"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    drafts = yamlfile.loads(result.stdout)
    assert [(event.title, str(event.when)) for event in drafts] == [
        ("Russia annexed Crimea", "2014-03-18")
    ]
    assert drafts.first is not None
    assert drafts.first.sources[0].outlet == "example.org"
    assert "unresolved 'recently'" in result.stderr


def test_the_command_line_reads_standard_input_and_writes_a_file(tmp_path: Path) -> None:
    output = tmp_path / "drafts.json"
    result = subprocess.run(
        [sys.executable, "-m", "geotimeline", "extract", "-", "-o", str(output), "-q"],
        input="The war began in April 2014.", capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [str(event.when) for event in Timeline.load(output)] == ["2014-04"]


def test_mentions_found_already_give_the_same_drafts() -> None:
    from geotimeline.extract import dates

    text = "Russia annexed Crimea on 18 March 2014. Talks began on Saturday."
    found = dates(text, reference=NEWS_DAY)
    assert events(text, reference=NEWS_DAY, mentions=found) == events(text, reference=NEWS_DAY)
