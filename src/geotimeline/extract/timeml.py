"""MEANTIME: news articles with their TIMEX3 gold, read into text and character offsets.

The NewsReader MEANTIME corpus stores an article as its tokens (``<token number sentence
t_id>``) and, in ``<Markables>``, one ``<TIMEX3>`` per time expression naming its tokens by
``<token_anchor t_id>``. There is no running text, so :func:`parse_document` rebuilds it:

- tokens are joined by one space; a new sentence starts on a new line;
- no space goes before a closing mark (``, . ; : ! ? ) ] } % ''`` and ``...``) or an English
  clitic (``'s``, ``'re``, ``n't``, ...), and none after an opening mark (``(``, ``[``,
  ``{``, ``“`` and the opening quote written as two backticks) or a currency sign ending a
  token (``$``, ``US$``);

so that ``June 13 , 2005`` reads ``June 13, 2005``, as a tagger expects. Each TIMEX3 with
tokens becomes a :class:`Timex` spanning its first token to its last. A TIMEX3 without tokens
(MEANTIME has 37, the begin or end points that a duration implies) has no extent, and is kept
apart as an :class:`EmptyTimex`. The TIMEX3 whose ``functionInDocument`` is
``CREATION_TIME`` is the article's date: in MEANTIME it is the dateline, in the text, so it is
also one of the timexes.

The files are trusted corpus files, read with :mod:`xml.etree.ElementTree`; a document type
declaration (which could declare entities) is refused all the same, before parsing.

>>> document = parse_document(
...     '<Document doc_name="demo">'
...     '<token t_id="1" sentence="0" number="0">Sales</token>'
...     '<token t_id="2" sentence="1" number="1">June</token>'
...     '<token t_id="3" sentence="1" number="2">13</token>'
...     '<token t_id="4" sentence="1" number="3">,</token>'
...     '<token t_id="5" sentence="1" number="4">2005</token>'
...     '<Markables><TIMEX3 m_id="7" type="DATE" value="2005-06-13"'
...     ' functionInDocument="CREATION_TIME">'
...     '<token_anchor t_id="2"/><token_anchor t_id="3"/>'
...     '<token_anchor t_id="4"/><token_anchor t_id="5"/>'
...     '</TIMEX3></Markables></Document>'
... )
>>> document.text
'Sales\\nJune 13, 2005'
>>> document.timexes[0].start, document.timexes[0].end, document.timexes[0].text
(6, 19, 'June 13, 2005')
>>> document.reference
datetime.date(2005, 6, 13)
"""

from __future__ import annotations

import datetime
import os
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import attrs

from geotimeline.errors import FormatError

__all__ = [
    "CreationTime",
    "Document",
    "EmptyTimex",
    "Timex",
    "parse_document",
    "read_corpus",
    "read_document",
]

#: Tokens written with no space before them: closing marks and English clitics.
_CLOSING: Final = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "''", "...", "”"})
_CLITIC: Final = re.compile(r"'[A-Za-z]+|n't", flags=re.IGNORECASE)
#: Tokens written with no space after them: opening marks.
_OPENING: Final = frozenset({"(", "[", "{", "``", "“"})
#: A TIMEX3 value that names a day, perhaps with a time of that day.
_DAY_VALUE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T.*)?")
_CREATION_TIME: Final = "CREATION_TIME"


@attrs.frozen
class Timex:
    """A TIMEX3 of the gold: its extent in the document's text and its attributes.

    ``start`` and ``end`` are character offsets (``text == document.text[start:end]``);
    ``type`` is ``DATE``, ``TIME``, ``DURATION`` or ``SET``; ``value`` the normalised value as
    annotated (``2005-06-13``, ``P2M``, ``PRESENT_REF``); ``mod`` the TimeML modifier
    (``APPROX``, ``START``, ...), None where the file gives none (MEANTIME never does);
    ``tid`` the TIMEX3's ``m_id``; ``anchor_tid`` the ``anchorTimeID``, the timex a relative
    value was read against, or None; ``sentence`` the number of its first token's sentence
    (0 is the title, 1 the dateline in MEANTIME); ``function`` its ``functionInDocument``,
    ``CREATION_TIME`` for the article's date and ``NONE`` for the others.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None
    tid: str
    anchor_tid: str | None = None
    sentence: int = 0
    function: str = "NONE"


@attrs.frozen
class EmptyTimex:
    """A TIMEX3 with no tokens: a time the text implies but does not write (the start of a
    duration, say). It has no extent, so scoring leaves it out. ``descriptor`` is the
    annotator's note of what it stands for (``TAG_DESCRIPTOR``), or None.
    """

    type: str
    value: str
    tid: str
    descriptor: str | None = None


@attrs.frozen
class CreationTime:
    """The article's date: the ``value`` of its ``CREATION_TIME`` TIMEX3 as written, and
    ``date``, that value as a day where it names one (None otherwise: one MEANTIME article
    writes ``03-02-2009``).
    """

    value: str
    date: datetime.date | None
    tid: str


@attrs.frozen
class Document:
    """One article: its ``name`` (the file's ``doc_name``), its rebuilt ``text``, its
    ``creation_time`` (None where no TIMEX3 says ``CREATION_TIME``: two MEANTIME articles),
    its ``timexes`` in text order, and its ``empty_timexes``; ``words`` counts its tokens that
    hold a letter or a digit.
    """

    name: str
    text: str
    creation_time: CreationTime | None
    timexes: tuple[Timex, ...]
    empty_timexes: tuple[EmptyTimex, ...] = ()
    words: int = 0

    @property
    def reference(self) -> datetime.date | None:
        """The day relative dates are read against: the creation time's day, if known."""
        return None if self.creation_time is None else self.creation_time.date


@attrs.frozen
class _Token:
    text: str
    index: int
    sentence: int
    start: int
    end: int


def read_corpus(folder: str | os.PathLike[str]) -> tuple[Document, ...]:
    """Every ``*.xml`` document under ``folder`` (its subfolders too), in path order.

    Runtime complexity: linear in the size of the files.
    """
    root = Path(folder)
    if not root.is_dir():
        raise FormatError(str(root), None, "is not a folder of MEANTIME documents")
    return tuple(read_document(path) for path in sorted(root.rglob("*.xml")))


def read_document(path: str | os.PathLike[str]) -> Document:
    """The MEANTIME document in the file at ``path``; errors name the file.

    Runtime complexity: linear in the size of the file.
    """
    source = os.fspath(path)
    try:
        content = Path(source).read_bytes()
    except OSError as error:
        raise FormatError(source, None, f"cannot be read ({error.strerror})") from error
    return parse_document(content, source)


def parse_document(content: str | bytes, source: str = "<string>") -> Document:
    """The document in ``content``, the text of one MEANTIME file; ``source`` names it in
    errors.

    Raises :class:`~geotimeline.errors.FormatError` for a document type declaration, XML that
    does not parse, a token without its number, a TIMEX3 without a type or value, or naming
    an unknown token, or tokens that are not next to one another.

    Runtime complexity: linear in the size of the content.
    """
    _refuse_declarations(content, source)
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        line, column = error.position
        raise FormatError(source, f"line {line}, column {column}", "is not XML") from error
    if root.tag != "Document":
        raise FormatError(source, f"<{root.tag}>", "the root element must be <Document>")
    tokens = _tokens(root, source)
    text, placed = _text(tokens)
    timexes: list[Timex] = []
    empty: list[EmptyTimex] = []
    for element in root.iterfind("Markables/TIMEX3"):
        anchors = [anchor.get("t_id", "") for anchor in element.iterfind("token_anchor")]
        if anchors:
            timexes.append(_timex(element, anchors, placed, text, source))
        else:
            empty.append(_empty_timex(element, source))
    timexes.sort(key=lambda timex: (timex.start, timex.end))
    return Document(
        name=root.get("doc_name") or Path(source).stem,
        text=text,
        creation_time=_creation_time(root, source),
        timexes=tuple(timexes),
        empty_timexes=tuple(empty),
        words=sum(1 for token in tokens.values() if any(c.isalnum() for c in token[0])),
    )


def _refuse_declarations(content: str | bytes, source: str) -> None:
    # ElementTree expands internal entities, so a DOCTYPE could make a small file huge.
    # Looking for the markup itself is cruder than a parser option, and may refuse a file
    # that only mentions it in a comment, but corpus files have no reason to.
    head = content if isinstance(content, str) else content.decode("utf-8", errors="replace")
    for markup in ("<!DOCTYPE", "<!ENTITY"):
        if markup in head:
            raise FormatError(source, markup, "document type and entity declarations are refused")


def _tokens(root: ElementTree.Element, source: str) -> dict[str, tuple[str, int, int]]:
    """The tokens by ``t_id``: their text, sentence and number, in document order."""
    tokens: dict[str, tuple[str, int, int]] = {}
    for element in root.iterfind("token"):
        t_id = element.get("t_id")
        where = f"<token t_id={t_id!r}>"
        if not t_id:
            raise FormatError(source, "<token>", "a token has no t_id")
        if t_id in tokens:
            raise FormatError(source, where, "this t_id is given to two tokens")
        tokens[t_id] = (
            element.text or "",
            _integer(element, "sentence", source, where),
            _integer(element, "number", source, where),
        )
    # The numbers, not the file's order, say where a token is in the text.
    return dict(sorted(tokens.items(), key=lambda item: item[1][2]))


def _integer(element: ElementTree.Element, name: str, source: str, where: str) -> int:
    written = element.get(name, "")
    if not written.isdigit():
        raise FormatError(source, where, f"{name} must be a whole number, not {written!r}")
    return int(written)


def _text(tokens: dict[str, tuple[str, int, int]]) -> tuple[str, dict[str, _Token]]:
    """The running text of the tokens, and each token placed in it, by ``t_id``."""
    pieces: list[str] = []
    placed: dict[str, _Token] = {}
    length = 0
    previous: tuple[str, int] | None = None
    for t_id, (word, sentence, _) in tokens.items():
        if previous is not None:
            separator = _separator(previous, word, sentence)
            pieces.append(separator)
            length += len(separator)
        placed[t_id] = _Token(word, len(placed), sentence, length, length + len(word))
        pieces.append(word)
        length += len(word)
        previous = (word, sentence)
    return "".join(pieces), placed


def _separator(previous: tuple[str, int], word: str, sentence: int) -> str:
    """What goes between the token ``previous`` (its text and sentence) and ``word``."""
    previous_word, previous_sentence = previous
    if sentence != previous_sentence:
        return "\n"
    if word in _CLOSING or _CLITIC.fullmatch(word):
        return ""
    if previous_word in _OPENING or previous_word.endswith("$"):
        return ""
    return " "


def _timex(
    element: ElementTree.Element,
    anchors: Sequence[str],
    placed: dict[str, _Token],
    text: str,
    source: str,
) -> Timex:
    tid = element.get("m_id", "")
    where = f"<TIMEX3 m_id={tid!r}>"
    unknown = [anchor for anchor in anchors if anchor not in placed]
    if unknown:
        raise FormatError(source, where, f"names tokens that are not in the file: {unknown}")
    ordered = sorted((placed[anchor] for anchor in anchors), key=lambda token: token.index)
    first, last = ordered[0], ordered[-1]
    if last.index - first.index + 1 != len(ordered):
        raise FormatError(source, where, "its tokens are not next to one another")
    return Timex(
        start=first.start,
        end=last.end,
        text=text[first.start : last.end],
        type=_required(element, "type", source, where),
        value=_required(element, "value", source, where),
        mod=element.get("mod") or None,
        tid=tid,
        anchor_tid=element.get("anchorTimeID") or None,
        sentence=first.sentence,
        function=element.get("functionInDocument") or "NONE",
    )


def _empty_timex(element: ElementTree.Element, source: str) -> EmptyTimex:
    tid = element.get("m_id", "")
    where = f"<TIMEX3 m_id={tid!r}>"
    return EmptyTimex(
        type=_required(element, "type", source, where),
        value=element.get("value", ""),
        tid=tid,
        descriptor=element.get("TAG_DESCRIPTOR") or None,
    )


def _required(element: ElementTree.Element, name: str, source: str, where: str) -> str:
    written = element.get(name)
    if not written:
        raise FormatError(source, where, f"has no {name}")
    return written


def _creation_time(root: ElementTree.Element, source: str) -> CreationTime | None:
    found = [
        element
        for element in root.iterfind("Markables/TIMEX3")
        if element.get("functionInDocument") == _CREATION_TIME
    ]
    if not found:
        return None
    if len(found) > 1:
        tids = [element.get("m_id") for element in found]
        raise FormatError(source, "<Markables>", f"two TIMEX3s are the creation time: {tids}")
    element = found[0]
    value = element.get("value", "")
    return CreationTime(value=value, date=_day(value), tid=element.get("m_id", ""))


def _day(value: str) -> datetime.date | None:
    """The day a TIMEX3 value names (``2005-06-13``, ``2005-04-27T08:30Z``), or None."""
    match = _DAY_VALUE.fullmatch(value)
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
