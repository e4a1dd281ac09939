"""What a handler of an English form knows besides its match: the reference day, the
preference for dates without a year, how deep it is nested, and how to read a part of its text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Final, Literal, TypeAlias

import attrs

from geotimeline.errors import ParseError
from geotimeline.time.when import When

#: Where a month, weekday or day named without a year lies around the reference date: the most
#: recent one (news reports what has happened), the next one, or the nearer of the two.
Prefer: TypeAlias = Literal["past", "future", "nearest"]
PREFERENCES: Final = ("past", "future", "nearest")


#: How deep parts may nest ("possibly circa from X to Y" is three deep); the bound keeps
#: pathological text from exhausting the stack.
_MAX_DEPTH: Final = 8


class _RefusalError(Exception):
    """Why a recognised form cannot be read; :func:`parse_natural` adds the text at fault."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@attrs.frozen
class _Reading:
    """What a handler knows besides its match: the reference day and how deep it is nested."""

    reference: dt.date | None
    #: The reader, which reading a part of the text calls again (see :meth:`attempt`).
    parse: Callable[[str, _Reading], When] = attrs.field(repr=False)
    #: How a month, weekday or day named without a year is placed around the reference.
    prefer: Prefer = "past"
    depth: int = 0

    def today(self, match: re.Match[str]) -> dt.date:
        """The reference day, which the relative form ``match`` cannot do without."""
        if self.reference is None:
            raise _RefusalError(
                f"{match[0]!r} is relative; give a reference date (When.parse(text, reference=...))"
            )
        return self.reference

    def part(self, text: str) -> When:
        """Read part of the text (an end of an interval, what a qualifier qualifies) on its own."""
        try:
            return self.attempt(text)
        except ParseError as error:
            # Name the part that failed, once: the innermost name is the most precise, and a
            # reason about a relative form already quotes it.
            reason = error.reason
            if " (in " not in reason and repr(text) not in reason:
                reason += f" (in {text!r})"
            raise _RefusalError(reason) from None

    def attempt(self, text: str) -> When:
        """Read part of the text, raising ParseError about the part if it cannot be read."""
        if self.depth >= _MAX_DEPTH:
            raise ParseError(text, f"nests more than {_MAX_DEPTH} qualifiers and intervals")
        return self.parse(text, attrs.evolve(self, depth=self.depth + 1))


_Handler: TypeAlias = Callable[[re.Match[str], _Reading], When]
