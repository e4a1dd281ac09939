"""Ranges written with a hyphen (2014-2016, 1998-99, 2014-03 - 2014-05), which EDTF does not
read, and the EDTF forms that look like them and keep their EDTF meaning."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline import Moment, When
from geotimeline.errors import ParseError

EDTF_CODES = [*range(1, 13), *range(21, 42)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014-2016", "2014/2016"),
        ("2014 - 2016", "2014/2016"),
        ("2014- 2016", "2014/2016"),
        ("2014-03 - 2014-05", "2014-03/2014-05"),
        ("2014-03-18 - 2014-03-20", "2014-03-18/2014-03-20"),
        ("2019-20", "2019/2020"),
        ("1998-99", "1998/1999"),
        ("1999-00", "1999/2000"),
        ("2014-16", "2014/2016"),
        ("2014–2016", "2014/2016"),
    ],
)
def test_hyphenated_ranges(text: str, expected: str) -> None:
    when = When.parse(text)
    assert str(when) == expected
    assert When.parse(str(when)) == when


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2020-21", "2020-21"), ("2014-11", "2014-11"), ("2017-24", "2017-24"), ("2014-2", None)],
)
def test_edtf_wins_where_the_text_is_edtf(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ParseError):
            When.parse(text)
    else:
        assert str(When.parse(text)) == expected
        assert not When.parse(text).is_interval


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2016-2014", "ends (2014) before it starts (2016)"),
        ("2014-13", "month 13 is out of range (01-12, or 21-41 for a season), and 2013 is not"),
        ("2014-00", "month 0 is out of range (01-12, or 21-41 for a season), and 2000 is not"),
        ("2014-03 - 2013", "ends (2013) before it starts (2014-03)"),
        ("2014/2015 - 2016", "must be a single date"),
        ("2014-13 - 2015", "month 13 is out of range"),
    ],
)
def test_wrong_ranges_say_why(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        When.parse(text)


@given(start=st.integers(1, 9999), length=st.integers(0, 9998))
def test_every_range_of_four_digit_years_reads_as_their_interval(start: int, length: int) -> None:
    end = min(start + length, 9999)
    expected = When.interval(Moment.of(start), Moment.of(end))
    assert When.parse(f"{start:04}-{end:04}") == expected
    assert When.parse(f"{start:04} - {end:04}") == expected


@given(start=st.integers(1000, 9998), step=st.integers(1, 99))
def test_a_two_digit_end_is_a_later_year_unless_edtf_reads_it(start: int, step: int) -> None:
    end = start + step
    digits = end % 100
    if end // 100 != start // 100 and not (start % 100 == 99 and digits == 0):
        return  # crosses a century other than by 99-00: not written this way
    text = f"{start}-{digits:02}"
    when = When.parse(text)
    if digits in EDTF_CODES:
        assert not when.is_interval, f"{text} is EDTF, read as {when}"
    else:
        assert when == When.interval(Moment.of(start), Moment.of(end))
