"""Dates in words (geotimeline.display.text), for every year geotimeline holds."""

from __future__ import annotations

import pytest
from hypothesis import given

from geotimeline import When
from geotimeline.display.text import human_date
from tests.strategies import wide_whens


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("0000", "1 BCE"),
        ("-0043-03-15", "15 March 44 BCE"),
        ("-0490-22~", "c. summer 491 BCE"),
        ("Y-10000", "10001 BCE"),
        ("Y10000", "10000"),
        ("2004-XX", "2004"),
        ("1985-04-XX", "April 1985"),
        ("2014-03-18T10:30+05:30", "18 March 2014 10:30 +0530"),
    ],
)
def test_years_before_1_are_written_bce(text: str, words: str) -> None:
    assert human_date(When.parse(text)) == words


@given(wide_whens())
def test_every_when_has_words(when: When) -> None:
    assert human_date(when)
