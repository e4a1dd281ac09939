"""Showing timelines to people: dates at their precision, and a plain-text listing.

>>> from geotimeline import When
>>> human_date(When.parse("2017-22")), human_date(When.parse("2014-04/.."))
('summer 2017', 'since April 2014')
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from geotimeline.time.when import Moment, Precision, Unbounded, When

if TYPE_CHECKING:
    from geotimeline.events.event import Event
    from geotimeline.timeline.timeline import Timeline

__all__ = [
    "format_event",
    "format_groups",
    "format_timeline",
    "human_date",
    "human_moment",
    "printable",
]

_SEASON_NAMES: Final = {
    21: "spring", 22: "summer", 23: "autumn", 24: "winter",
    25: "northern spring", 26: "northern summer", 27: "northern autumn", 28: "northern winter",
    29: "southern spring", 30: "southern summer", 31: "southern autumn", 32: "southern winter",
    33: "Q1", 34: "Q2", 35: "Q3", 36: "Q4",
    37: "first third of", 38: "second third of", 39: "last third of",
    40: "first half of", 41: "second half of",
}  # fmt: skip
_QUALIFIER_WORDS: Final = {(True, False): "{}?", (False, True): "c. {}", (True, True): "c. {}?"}
_DATE_COLUMN: Final = 26
_WIDTH: Final = 100
# ANSI styles for terminals: dates cyan, titles bold, details dim.
_DATE_STYLE, _TITLE_STYLE, _DETAIL_STYLE, _RESET = "\x1b[36m", "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _styled(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color and text.strip() else text


def human_moment(moment: Moment) -> str:
    """A moment in words, at its precision: ``'18 March 2014'``, ``'summer 2017'``, ``'2010s'``.

    Years before 1 are written BCE: EDTF's year 0 is 1 BCE, and -0499 is 500 BCE.

    >>> human_moment(Moment.of(2014, 3, 18)), human_moment(Moment.of(-499))
    ('18 March 2014', '500 BCE')
    """
    year, month, day = moment.local_fields()[:3]
    match moment.precision:
        case Precision.CENTURY:
            text = f"{year // 100 * 100}s (century)"
        case Precision.DECADE:
            text = f"{year // 10 * 10}s"
        case Precision.YEAR:
            text = _human_year(year)
        case Precision.SEASON:
            text = f"{_SEASON_NAMES[moment.season or 0]} {_human_year(year)}"
        case Precision.MONTH:
            text = f"{_MONTH_NAMES[month - 1]} {_human_year(year)}"
        case Precision.DAY:
            text = f"{day} {_MONTH_NAMES[month - 1]} {_human_year(year)}"
        case _:
            text = _human_time(moment)
    template = _QUALIFIER_WORDS.get((moment.uncertain, moment.approximate), "{}")
    return template.format(text)


_MONTH_NAMES: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _human_year(year: int) -> str:
    # Astronomical year 0 is 1 BCE: there is no year 0 in words.
    return str(year) if year > 0 else f"{1 - year} BCE"


def _human_time(moment: Moment) -> str:
    year, month, day, hour, minute, second, _ = moment.local_fields()
    clock = {
        Precision.HOUR: f"{hour:02d}h",
        Precision.MINUTE: f"{hour:02d}:{minute:02d}",
        Precision.SECOND: f"{hour:02d}:{minute:02d}:{second:02d}",
    }[moment.precision]
    offset = moment.utc_offset_seconds
    zone = ""
    if offset == 0:
        zone = " UTC"
    elif offset is not None:
        hours, rest = divmod(abs(offset), 3600)
        minutes, seconds = divmod(rest, 60)
        zone = f" {'+' if offset > 0 else '-'}{hours:02d}{minutes:02d}"
        zone += f"{seconds:02d}" if seconds else ""
    return f"{day} {_MONTH_NAMES[month - 1]} {_human_year(year)} {clock}{zone}"


# Characters that could move a terminal's cursor, recolour or hide text, or reverse its
# direction: C0 controls, DEL, C1 controls and the bidirectional overrides.
_CONTROLS: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with its control characters written as escapes, so that a title read from a
    file cannot send a terminal escape sequence to whoever prints it.

    >>> printable("Talks \\x1b[2Jin Astana")
    'Talks \\\\x1b[2Jin Astana'

    Runtime complexity: O(n), and no copy for text that is printable already.
    """
    if text.isprintable():
        return text
    return _CONTROLS.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)


def human_date(when: When) -> str:
    """A ``When`` in words: ``'summer 2017'``, ``'20 February 2014 – 18 March 2014'``.

    >>> human_date(When.parse("/2014"))
    'until 2014'
    """
    start, end = when.start, when.end
    if not when.is_interval and isinstance(start, Moment):
        return human_moment(start)
    if isinstance(end, Unbounded) and isinstance(start, Moment):
        return f"since {human_moment(start)}" + ("" if end is Unbounded.OPEN else " (end unknown)")
    if isinstance(start, Unbounded) and isinstance(end, Moment):
        return f"until {human_moment(end)}" + ("" if start is Unbounded.UNKNOWN else " (no start)")
    assert isinstance(start, Moment)
    assert isinstance(end, Moment)
    return f"{human_moment(start)} – {human_moment(end)}"


def format_event(event: Event, *, color: bool = False) -> str:
    """One event as a few aligned lines of text: date, title, then who and where.

    With ``color=True`` the lines carry ANSI colours for a terminal.

    >>> from geotimeline import Event
    >>> print(format_event(Event(title="Russia annexes Crimea", when="2014-03-18",
    ...                          actors=["Russia"], place="Crimea")))
    18 March 2014              Russia annexes Crimea
                               Russia · Crimea
    """
    date, indent = human_date(event.when), " " * (_DATE_COLUMN + 1)
    title = _styled(printable(event.title), _TITLE_STYLE, color)
    # A date too long for its column gets a line of its own, so that titles stay aligned.
    lines = (
        [_styled(date, _DATE_STYLE, color), indent + title]
        if len(date) > _DATE_COLUMN
        else [f"{_styled(f'{date:<{_DATE_COLUMN}}', _DATE_STYLE, color)} {title}"]
    )
    details = [printable(", ".join(event.actors))] if event.actors else []
    if event.place is not None:
        details.append(printable(str(event.place)))
    if details:
        wrapped = textwrap.wrap(" · ".join(details), _WIDTH - len(indent))
        lines += [indent + _styled(line, _DETAIL_STYLE, color) for line in wrapped]
    return "\n".join(lines)


def format_timeline(timeline: Timeline, *, color: bool = False) -> str:
    """A whole timeline as text: a heading, then each event in order.

    >>> from geotimeline import Event, Timeline
    >>> print(format_timeline(Timeline([Event(title="Talks", when="2017-07")], title="Syria")))
    Syria (1 event)
    ===============
    <BLANKLINE>
    July 2017                  Talks
    """
    count = _count(timeline)
    heading = f"{printable(timeline.title)} ({count})" if timeline.title else count
    parts = [_styled(f"{heading}\n{'=' * len(heading)}", _TITLE_STYLE, color)]
    if timeline.description:
        parts.append(textwrap.fill(printable(timeline.description), _WIDTH))
    parts += [format_event(event, color=color) for event in timeline]
    return "\n\n".join(parts)


def format_groups(groups: Mapping[str, Timeline], *, color: bool = False) -> str:
    """Groups of events, as :meth:`Timeline.group_by` makes them: each group's name and size
    as a heading, then its events.

    >>> from geotimeline import Event, Timeline
    >>> talks = Timeline([Event(title="Astana talks", when="2017-01-23", actors=["Russia"]),
    ...                   Event(title="Geneva talks", when="2017-02", actors=["Syria"])])
    >>> print(format_groups(talks.group_by("actor")))
    Russia (1 event)
    ----------------
    <BLANKLINE>
    23 January 2017            Astana talks
                               Russia
    <BLANKLINE>
    Syria (1 event)
    ---------------
    <BLANKLINE>
    February 2017              Geneva talks
                               Syria
    """
    parts = []
    for name, timeline in groups.items():
        heading = f"{printable(name)} ({_count(timeline)})"
        parts.append(_styled(f"{heading}\n{'-' * len(heading)}", _TITLE_STYLE, color))
        parts += [format_event(event, color=color) for event in timeline]
    return "\n\n".join(parts)


def _count(timeline: Timeline) -> str:
    return f"{len(timeline)} event" + ("" if len(timeline) == 1 else "s")
