"""The event lines of a native file as its writer makes them, read without decoding JSON.

The writer puts each event on a line of its own, its fields in one order with one spacing,
``{"id": "e1", "title": "Talks", "when": "2017-03", "actors": ["Iran"], "place": {"name":
"Iran", "country": "IR"}, "tags": ["diplomacy"]},``. For the usual event (no sources, links or
metadata) whose strings hold no escape, that line is matched by one regular expression, and its
groups are exactly the values ``json.loads`` would give, without building a dict, a list and a
string for each of them: a JSON string with no backslash and no control character is its own
text; the keys are spelled out in the pattern, so none can be given twice. The pattern takes
only ids that an event keeps as they are, and tells the titles that its converter leaves as
they are (ASCII words, one space between them) from the others. The lists of names and the
place come back as the JSON text between their brackets, which the reader decodes once per
distinct text (a file repeats them a lot). The pattern only finds where each of those ends: at
the first closing bracket, which its text may not hold (a name or a place that does goes the
decoder's way). Decoding the text between brackets as one JSON value then proves the rest: a
JSON value that starts at an opening bracket ends at the bracket that closes it, so the list or
object the decoder reads in the whole line is the one decoded alone. The reader takes only a
list of strings for names and an object for a place (the decoded route's checks of a place).

Anything else (an escape, other spacing, another field, a second event on a line) does not
match, and the reader decodes those lines with :mod:`json` as before: the pattern decides only
how a line is read, never whether it is valid.
"""

from __future__ import annotations

import operator
import re
from typing import Final, NamedTuple

from geotimeline.events.event import EVENT_ID_PATTERN

__all__ = ["WrittenFields", "written_fields"]

# A JSON string without escapes or control characters, its text captured. The repeats below
# are possessive (``*+``, ``++``) and the optional parts atomic (``?+``): what follows each can
# never start with what it repeats (a string's text stops at its quote, a list at its
# bracket), so giving any of it back could not make a line match, and not keeping the places to
# backtrack to makes the match several times cheaper, measured.
_TEXT: Final = r'"([^"\\\x00-\x1f]*+)"'
# An id as the post-init check keeps it (any other is decoded, then made or composed there);
# its repeat is bounded, and stops at the quote.
_ID: Final = rf'"({EVENT_ID_PATTERN.pattern})"'
# A title in one group or the other: the first if it is ASCII words with one space between
# them (without the quote and backslash that a JSON string escapes), which the converter leaves
# as they are, else the second.
_WORD: Final = r"[!#-\[\]-~]++"
_TITLE: Final = rf'(?:"({_WORD}(?: {_WORD})*+)"|{_TEXT})'
# The text within the brackets of a list of names and of a place: not empty (an empty list is
# no list the writer writes, and "" stands for none), and up to the first closing bracket.
_NAMES: Final = r"\[([^\]]++)\]"
_PLACE: Final = r"\{([^}]++)\}"
_LINE: Final = re.compile(
    rf'^\{{"id": {_ID}, "title": {_TITLE}, "when": {_TEXT}(?:, "summary": {_TEXT})?+'
    rf'(?:, "actors": {_NAMES})?+(?:, "place": {_PLACE})?+(?:, "tags": {_NAMES})?+\}},$',
    re.MULTILINE,
)


class WrittenFields(NamedTuple):
    """The fields of lines in the writer's layout, a list each, "" where a line has none."""

    #: Ids that the post-init check keeps as they are.
    ids: list[str]
    titles: list[str]
    #: Whether every title is as the converter leaves it (see _TITLE).
    tidy_titles: bool
    #: The text of each date.
    whens: list[str]
    summaries: list[str]
    #: The JSON text within the brackets of the actors, the place and the tags.
    actors: list[str]
    places: list[str]
    tags: list[str]


def written_fields(lines: list[str]) -> WrittenFields | None:
    """The fields of ``lines`` (stripped event lines, each but the last ending with a comma),
    column by column, when every line is a usual event in the writer's layout, with an id
    that matches :data:`~geotimeline.events.event.EVENT_ID_PATTERN`; else None.

    >>> fields = written_fields(
    ...     ['{"id": "e1", "title": "Talks", "when": "2017-03", "actors": ["Iran", "Iraq"]}']
    ... )
    >>> fields.ids, fields.whens, fields.actors, fields.places, fields.tidy_titles
    (['e1'], ['2017-03'], ['"Iran", "Iraq"'], [''], True)
    >>> written_fields(['{"id": "e1", "title": "Talks \\\\u2014 more", "when": "2017"}']) is None
    True

    Runtime complexity: O(n) in the length of the lines.
    """
    if not lines:
        return None
    # The last line may end without a comma: given one, every line has the same shape. Each
    # match runs from the start of a line to the end of one, and matches do not overlap: as
    # many matches as lines means that each line matched on its own.
    text = "\n".join(lines) + ("" if lines[-1].endswith(",") else ",")
    found = _LINE.findall(text)
    if len(found) != len(lines):
        return None
    ids, tidy, other, whens, summaries, actors, places, tags = map(list, zip(*found, strict=True))
    # Each title is in one group, the other one empty: the first holds them all when none is
    # empty, and their sum is each title.
    tidy_titles = all(tidy)
    titles = tidy if tidy_titles else list(map(operator.add, tidy, other))
    return WrittenFields(ids, titles, tidy_titles, whens, summaries, actors, places, tags)
