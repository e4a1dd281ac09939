"""Finding the dates a text mentions, and what each means: a temporal tagger for news.

:func:`dates` reads running text the way :meth:`When.parse <geotimeline.time.When.parse>` reads
one phrase, and finds the phrases. It looks for words that only dates use (month and weekday
names, seasons, years, "yesterday", "ago", ...), tries the longest stretch of words around each
that ``When.parse`` reads, and keeps it. So every phrase the dates page lists is found in text
too, resolved against the article's publication date. Durations ("for six years"), sets
("every Monday") and the vague references of news ("recently", "currently") are found by rules
of their own.

Extents follow TimeML: a preposition before a date is not part of it ("on Saturday" is
"Saturday"), and what a date means is given as a :class:`~geotimeline.time.When` and as a TIMEX3
value (see :mod:`geotimeline.extract.timex3`).

>>> text = "Trump spoke aboard Air Force One on Saturday, after talks this weekend."
>>> [(mention.text, str(mention.when)) for mention in dates(text, reference="2017-11-13")]
[('Saturday', '2017-11-11'), ('this weekend', '2017-11-11/2017-11-12')]

Without a reference, a relative date is found but not resolved, and says why:

>>> mention = dates("They met on Saturday.")[0]
>>> mention.when is None, mention.reason
(True, "'Saturday' is relative; give a reference date")
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Final, Literal, TypeAlias

import attrs

from geotimeline.errors import GeotimelineError, ParseError
from geotimeline.extract.timex3 import timex3
from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment, Precision, Unbounded, When

__all__ = ["DateMention", "Kind", "dates"]

Kind: TypeAlias = Literal["date", "time", "duration", "set"]


@attrs.frozen
class DateMention:
    """A date that a text mentions: where it stands, what it says, and what it means."""

    #: The offset of its first character in the text, and of the character after its last.
    start: int
    end: int
    text: str
    #: What it means, or None where it cannot be resolved (see :attr:`reason`).
    when: When | None
    kind: Kind
    #: The name of the rule that found it, for a person checking why.
    rule: str
    #: Why :attr:`when` is None, for a mention that is temporal but not resolved.
    reason: str | None = None
    #: The TIMEX3 value where it is not a date of the calendar: ``P6Y``, ``PAST_REF``, ...
    timeml_value: str | None = None
    #: The TIMEX3 ``mod`` the words give ("early" START, "late" END, "about" APPROX).
    mod: str | None = None

    def timex3(self) -> dict[str, str]:
        """The TimeML TIMEX3 attributes: ``type``, ``value`` and, where it applies, ``mod``.

        >>> dates("for six years")[0].timex3()
        {'type': 'DURATION', 'value': 'P6Y'}
        """
        kind_type = _TIMEX_TYPES[self.kind]
        if self.timeml_value is not None:
            found = {"type": kind_type, "value": self.timeml_value}
        elif self.when is not None:
            found = timex3(self.when)
        else:
            found = {"type": kind_type, "value": "XXXX-XX-XX"}
        if self.mod is not None:
            found["mod"] = self.mod
        return found

    @property
    def value(self) -> str:
        """The TIMEX3 value (what scorers compare)."""
        return self.timex3()["value"]

    @property
    def type(self) -> str:
        """The TIMEX3 type: DATE, TIME, DURATION or SET."""
        return self.timex3()["type"]


_TIMEX_TYPES: Final = {"date": "DATE", "time": "TIME", "duration": "DURATION", "set": "SET"}


def dates(text: str, reference: dt.date | str | None = None) -> list[DateMention]:
    """The date mentions of ``text``, in order, resolved against ``reference``.

    ``reference`` is the day the text was written (a date, a date-time or ISO text). Without
    one, relative mentions come back with ``when=None`` and the reason; they are never read
    against today.

    Runtime complexity: O(n) in the length of the text, with a few attempts at reading the
    words around each word that only dates use.
    """
    words = _words(text)
    taken: list[DateMention] = []
    covered = [False] * len(words)
    # Sets first ("every Monday" holds a date), durations after dates ("two weeks ago" is one).
    for finder in (_sets, _calendar_dates, _durations, _vague_references, _anchored):
        for mention, first, last in finder(text, words, covered, reference):
            taken.append(mention)
            for index in range(first, last):
                covered[index] = True
    return _anchor(sorted(taken, key=lambda mention: mention.start))


# -- words ---------------------------------------------------------------------------------


@attrs.frozen
class _Word:
    start: int
    end: int
    text: str
    #: True when a sentence ends after this word.
    ends_sentence: bool


_WORD = re.compile(
    r"[A-Za-z]+(?:['’][a-z]+)?|[0-9]+(?:[:/.,-][0-9]+)*(?:st|nd|rd|th)?|[^\sA-Za-z0-9]"
)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _word_list(words: str) -> tuple[str, ...]:
    return tuple(words.split())


#: Words after which a period does not end the sentence.
_ABBREVIATIONS: Final = _word_set(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat "
    "sun mr mrs ms dr st a m p c ca"
)


def _words(text: str) -> list[_Word]:
    found: list[_Word] = []
    for match in _WORD.finditer(text):
        word = match[0]
        # A period closes a sentence unless it ends an abbreviation ("Nov. 9").
        after_abbreviation = bool(found) and found[-1].text.lower() in _ABBREVIATIONS
        closes = word in {"!", "?"} or (word == "." and not after_abbreviation)
        found.append(_Word(match.start(), match.end(), word, closes))
    return found


# -- calendar dates, read by When.parse -------------------------------------------------------

_MONTHS: Final = _word_list(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_WEEKDAYS: Final = _word_list(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs "
    "fri sat sun"
)
#: Words that make a date on their own or with their neighbours.
_ANCHORS: Final = _word_set(
    " ".join((*_MONTHS, *_WEEKDAYS))
    + " spring summer autumn fall winter today yesterday tomorrow tonight week weekend month"
    " year quarter century ago now q1 q2 q3 q4 h1 h2"
)
#: Month and season names that are ordinary words too: a date only beside a number, a year or
#: a word that makes them one ("in May 2017", "last fall"), and capitalised.
_AMBIGUOUS: Final = _word_set("may march fall spring sat sun wed jan")
_CONTEXT: Final = _word_set("in of early mid late last next this since until by during the end")
#: Words a date does not begin with: TimeML leaves the preposition out.
_PREPOSITIONS: Final = _word_set(
    "on in at during by since from until till through to for of before after around about "
    "circa over within"
)
_UNITS_AFTER_NUMBERS: Final = _word_set(
    "km kilometres kilometers miles mi m kg tons tonnes people percent % dollars euros pounds "
    "million billion troops feet ft metres meters"
)
_YEAR: Final = re.compile(r"(1[0-9]|20)[0-9]{2}s?")
_CLOCK: Final = re.compile(r"[0-9]{1,2}:[0-9]{2}")
_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?")
#: How many words before and after an anchor a date may reach.
_REACH_BEFORE, _REACH_AFTER = 4, 6
_FUTURE_WORDS: Final = frozenset(
    ["will", "would", "shall", "plans", "plan", "planned", "scheduled", "expected", "due"]
)

_Found: TypeAlias = Iterator[tuple[DateMention, int, int]]


def _is_anchor(words: list[_Word], index: int) -> bool:
    word = words[index].text
    lower = word.lower().rstrip(".")
    if _YEAR.fullmatch(word) or _CLOCK.fullmatch(word) or _ISO_DATE.fullmatch(word):
        return _is_year_like(words, index)
    if lower not in _ANCHORS:
        return False
    if lower in _AMBIGUOUS:
        return word[0].isupper() and _has_date_context(words, index) and not _is_title(words, index)
    return True


def _is_title(words: list[_Word], index: int) -> bool:
    """A name such as "the Fall of Raqqa": the word, then "of" and a capitalised word."""
    following = [words[i].text for i in (index + 1, index + 2) if i < len(words)]
    return len(following) == 2 and following[0] == "of" and following[1][:1].isupper()


def _is_year_like(words: list[_Word], index: int) -> bool:
    """A number that is a year or a time, not an amount ("$2014", "2014 km")."""
    before = words[index - 1].text if index > 0 else ""
    after = words[index + 1].text.lower() if index + 1 < len(words) else ""
    return before not in {"$", "€", "£", "#", "No"} and after not in _UNITS_AFTER_NUMBERS


def _has_date_context(words: list[_Word], index: int) -> bool:
    neighbours = [words[i].text for i in (index - 1, index + 1) if 0 <= i < len(words)]
    if any(word[:1].isdigit() for word in neighbours):
        return True
    return index > 0 and words[index - 1].text.lower() in _CONTEXT


def _calendar_dates(
    text: str, words: list[_Word], covered: list[bool], reference: dt.date | str | None
) -> _Found:
    index = 0
    while index < len(words):
        if covered[index] or not _is_anchor(words, index):
            index += 1
            continue
        found = _longest_date(text, words, index, reference)
        if found is None:
            index += 1
            continue
        mention, first, last = found
        yield mention, first, last
        index = last


def _longest_date(
    text: str, words: list[_Word], anchor: int, reference: dt.date | str | None
) -> tuple[DateMention, int, int] | None:
    """The longest stretch of words around ``anchor`` that reads as a date, with its result."""
    prefer = _tense(words, anchor)
    best: tuple[int, int, When | None, str | None] | None = None
    for first in range(max(0, anchor - _REACH_BEFORE), anchor + 1):
        if _crosses_sentence(words, first, anchor) or words[first].text.lower() in _PREPOSITIONS:
            continue
        for last in range(min(len(words), anchor + _REACH_AFTER + 1), anchor, -1):
            if best is not None and last - first <= best[1] - best[0]:
                break
            if _crosses_sentence(words, anchor, last - 1) or _bad_end(words[last - 1].text):
                continue
            phrase = text[words[first].start : words[last - 1].end]
            when, reason = _read(phrase, reference, prefer)
            if when is not None or reason is not None:
                best = (first, last, when, reason)
                break
    if best is None:
        return None
    first, last, when, reason = best
    if last - first == 2 and words[first].text.lower() == "the" and words[anchor].text[0].isdigit():
        first += 1  # "the 2014 annexation": the article goes with the noun, not the year
    start, end = words[first].start, words[last - 1].end
    phrase = text[start:end]
    kind: Kind = "time" if when is not None and _is_time(when) else "date"
    mention = DateMention(start, end, phrase, when, kind, "calendar", reason, mod=_mod(phrase))
    return mention, first, last


def _read(
    phrase: str, reference: dt.date | str | None, prefer: Literal["past", "future"]
) -> tuple[When | None, str | None]:
    """What ``phrase`` means, or why a relative phrase cannot be resolved; (None, None) when
    it is not a date at all.
    """
    try:
        return When.parse(phrase, reference=reference, prefer=prefer), None
    except ParseError as error:
        if "is relative; give a reference date" in error.reason:
            return None, f"{phrase!r} is relative; give a reference date"
        return None, None


def _crosses_sentence(words: list[_Word], first: int, last: int) -> bool:
    return any(words[index].ends_sentence for index in range(first, last))


def _bad_end(word: str) -> bool:
    # A date never ends in punctuation other than a qualifier or an abbreviation's period.
    return not word[:1].isalnum() or word.lower() in _PREPOSITIONS | {"and", "the"}


def _tense(words: list[_Word], anchor: int) -> Literal["past", "future"]:
    """Future when a word of the future stands shortly before ("talks will resume in June")."""
    before = {words[index].text.lower() for index in range(max(0, anchor - 6), anchor)}
    return "future" if before & _FUTURE_WORDS else "past"


def _is_time(when: When) -> bool:
    start = when.start
    return isinstance(start, Moment) and start.precision >= Precision.HOUR


def _mod(phrase: str) -> str | None:
    first = phrase.split(" ", 1)[0].lower().rstrip("-")
    if first in {"early", "beginning"} or phrase.lower().startswith(("the beginning", "the start")):
        return "START"
    if first in {"mid", "middle"} or phrase.lower().startswith(("mid-", "the middle")):
        return "MID"
    if first in {"late"} or phrase.lower().startswith(("the end", "end of", "late")):
        return "END"
    if first in {"about", "around", "circa", "approximately", "roughly", "c.", "ca."}:
        return "APPROX"
    return None


# -- durations and sets ----------------------------------------------------------------------

_COUNTS: Final = {
    "a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
    "twelve": "12", "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "hundred": "100", "several": "X", "few": "X", "many": "X",
}  # fmt: skip
_UNITS: Final = {
    "year": "Y", "month": "M", "week": "W", "day": "D", "decade": "10Y", "century": "100Y",
    "hour": "TH", "minute": "TM", "second": "TS",
}  # fmt: skip
_DURATION = re.compile(
    rf"\b(?P<count>[0-9]+|{'|'.join(_COUNTS)})[ -](?P<unit>{'|'.join(_UNITS)})s?\b(?!-old)"
    r"(?! ago| earlier| later| from now)",
    re.IGNORECASE,
)
#: TimeML's codes of the seasons, for "every summer" (``XXXX-SU``).
_SEASON_CODES: Final = {
    "spring": "SP",
    "summer": "SU",
    "autumn": "FA",
    "fall": "FA",
    "winter": "WI",
}
_SET = re.compile(
    r"\b(?:every|each)(?P<other> other)? "
    rf"(?P<unit>{'|'.join([*_UNITS, *_WEEKDAYS[:7], *_SEASON_CODES, 'season'])})\b"
    r"|\b(?P<adverb>daily|weekly|monthly|yearly|annually)\b",
    re.IGNORECASE,
)
_ADVERBS: Final = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "yearly": "P1Y",
    "annually": "P1Y",
}


def _durations(
    text: str, words: list[_Word], covered: list[bool], reference: dt.date | str | None
) -> _Found:
    for match, first, last in _uncovered(_DURATION, text, words, covered):
        count = match["count"].lower()
        count = _COUNTS.get(count, count)
        unit = _UNITS[match["unit"].lower()]
        value = f"PT{count}{unit[1:]}" if unit.startswith("T") else f"P{count}{unit}"
        if unit.endswith("0Y") and count != "X":  # decades and centuries in years
            value = f"P{int(count) * int(unit[:-1])}Y"
        mention = DateMention(
            match.start(), match.end(), match[0], None, "duration", "duration",
            timeml_value=value,
        )  # fmt: skip
        yield mention, first, last


def _sets(
    text: str, words: list[_Word], covered: list[bool], reference: dt.date | str | None
) -> _Found:
    for match, first, last in _uncovered(_SET, text, words, covered):
        yield (
            DateMention(
                match.start(),
                match.end(),
                match[0],
                None,
                "set",
                "set",
                timeml_value=_set_value(match),
            ),
            first,
            last,
        )


def _set_value(match: re.Match[str]) -> str:
    if match["adverb"]:
        return _ADVERBS[match["adverb"].lower()]
    unit = match["unit"].lower()
    every = "2" if match["other"] else "1"
    if unit in _UNITS:
        code = _UNITS[unit]
        return f"PT{every}{code[1:]}" if code.startswith("T") else f"P{every}{code}"
    if unit in _SEASON_CODES:
        return f"XXXX-{_SEASON_CODES[unit]}"
    if unit == "season":
        return f"P{3 * int(every)}M"  # a season is three months
    return f"XXXX-WXX-{_WEEKDAYS.index(unit) + 1}"


def _uncovered(
    pattern: re.Pattern[str], text: str, words: list[_Word], covered: list[bool]
) -> Iterator[tuple[re.Match[str], int, int]]:
    """The matches of ``pattern`` in ``text`` that no mention found earlier covers, each with
    the index of its first word and of the word after its last."""
    for match in pattern.finditer(text):
        found = _span_of(words, covered, match.start(), match.end())
        if found is not None:
            yield match, found[0], found[1]


def _span_of(
    words: list[_Word], covered: list[bool], start: int, end: int
) -> tuple[int, int] | None:
    """The words from ``start`` to ``end`` in the text, or None if a date already has one."""
    indices = [index for index, word in enumerate(words) if word.start >= start and word.end <= end]
    if not indices or any(covered[index] for index in indices):
        return None
    return indices[0], indices[-1] + 1


# -- the vague references of news ----------------------------------------------------------

_VAGUE: Final = {
    "recently": "PAST_REF", "recent": "PAST_REF", "formerly": "PAST_REF", "previously": "PAST_REF",
    "currently": "PRESENT_REF", "nowadays": "PRESENT_REF", "soon": "FUTURE_REF",
}  # fmt: skip
_VAGUE_WORDS = re.compile(
    rf"\b(?:{'|'.join(sorted(_VAGUE, key=len, reverse=True))})\b", re.IGNORECASE
)


def _vague_references(
    text: str, words: list[_Word], covered: list[bool], reference: dt.date | str | None
) -> _Found:
    for match, first, last in _uncovered(_VAGUE_WORDS, text, words, covered):
        value = _VAGUE[match[0].lower()]
        reason = f"{match[0]!r} names no date of the calendar"
        yield (
            DateMention(
                match.start(),
                match.end(),
                match[0],
                None,
                "date",
                "vague",
                reason,
                timeml_value=value,
            ),
            first,
            last,
        )


# -- values anchored to the date before them -------------------------------------------------

_ANCHORED = re.compile(
    rf"\b(?:(?P<since>ever since|since then)"
    rf"|(?P<count>[0-9]+|{'|'.join(_COUNTS)}) (?P<unit>day|week|month|year)s? "
    # "two years after the war" counts from what follows, not from what came before.
    r"(?P<direction>earlier|later|before|after)\b(?! (?:the|this|that|a|an|his|her|its)\b))",
    re.IGNORECASE,
)


def _anchored(
    text: str, words: list[_Word], covered: list[bool], reference: dt.date | str | None
) -> _Found:
    """ "Ever since", "a year earlier": found here, resolved by :func:`_anchor` against the
    date mentioned before them."""
    for match, first, last in _uncovered(_ANCHORED, text, words, covered):
        reason = f"{match[0]!r} counts from a date the text gave before it, and none was found"
        mention = DateMention(
            match.start(), match.end(), match[0], None, "date", "anchored", reason,
            timeml_value="PAST_REF" if match["since"] else None,
        )  # fmt: skip
        yield mention, first, last


def _anchor(mentions: list[DateMention]) -> list[DateMention]:
    """The mentions, with each anchored one resolved against the latest resolved day, month or
    year mentioned before it ("In 2014, ... ever since" is 2014 onwards).
    """
    anchor: When | None = None
    resolved = []
    for mention in mentions:
        if mention.rule == "anchored" and anchor is not None:
            mention = _resolve_anchored(mention, anchor)
        elif mention.when is not None and mention.kind in ("date", "time"):
            anchor = mention.when
        resolved.append(mention)
    return resolved


def _resolve_anchored(mention: DateMention, anchor: When) -> DateMention:
    match = _ANCHORED.fullmatch(mention.text)
    start = anchor.start
    if match is None or not isinstance(start, Moment):
        return mention
    if match["since"]:
        when = When.interval(start, Unbounded.OPEN)
        return attrs.evolve(mention, when=when, reason=None, timeml_value=None)
    count = int(_COUNTS.get(match["count"].lower(), match["count"]))
    sign = -1 if match["direction"].lower() in ("earlier", "before") else 1
    day = cal.to_datetime(start.earliest_us).date()
    try:
        moved = _moved(day, sign * count, match["unit"].lower(), start.precision)
    except (ValueError, OverflowError, GeotimelineError):
        return mention
    return attrs.evolve(mention, when=moved, reason=None, timeml_value=None)


def _moved(day: dt.date, count: int, unit: str, precision: Precision) -> When:
    """The date ``count`` units from ``day``, no more precise than the anchor it counts from."""
    if unit in ("day", "week"):
        moved = day + dt.timedelta(days=count * (7 if unit == "week" else 1))
        if precision >= Precision.DAY:
            return When.instant(Moment.of(moved.year, moved.month, moved.day))
        return When.instant(Moment.of(moved.year, moved.month))
    months = count * (12 if unit == "year" else 1)
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if unit == "year" and precision <= Precision.YEAR:
        return When.instant(Moment.of(year))
    return When.instant(Moment.of(year, month + 1))
