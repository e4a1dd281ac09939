"""Filters on text: who reported an event, and what its title or summary says.

Both compare folded text (case and accents aside) and look for the text given anywhere in
the field, so ``"Reuters"`` finds ``"HuffPost UK (Reuters)"``.

>>> from geotimeline import Event
>>> matching("ASSAD").matches(Event(title="Testing Russia over Assad", when="2017"))
True
"""

from __future__ import annotations

import attrs

from geotimeline.errors import InvalidFieldError
from geotimeline.events.event import Event
from geotimeline.events.keys import fold
from geotimeline.query.filters import Filter, folded_names

__all__ = ["Matching", "ReportedBy", "matching", "reported_by"]


@attrs.frozen
class ReportedBy(Filter):
    """Events with a source whose outlet's name contains one of these texts (folded)."""

    outlets: frozenset[str]

    def matches(self, event: Event) -> bool:
        return any(
            outlet in fold(source.outlet) for source in event.sources for outlet in self.outlets
        )


def reported_by(*outlets: str) -> Filter:
    """Events with a source whose outlet's name contains any of ``outlets`` (folded), so
    ``"Reuters"`` finds ``"HuffPost UK (Reuters)"`` too.

    >>> from geotimeline import Source
    >>> reported_by("reuters").matches(Event(title="x", when="2017", sources=[Source("Reuters")]))
    True
    """
    return ReportedBy(folded_names("outlets", outlets))


@attrs.frozen
class Matching(Filter):
    """Events whose title or summary contains ``text`` (folded)."""

    text: str

    def matches(self, event: Event) -> bool:
        return self.text in fold(event.title) or self.text in fold(event.summary)


def matching(text: str) -> Filter:
    """Events whose title or summary contains ``text``, case and accents aside.

    >>> matching("ASSAD").matches(Event(title="Testing Russia over Assad", when="2017"))
    True
    """
    given: object = text  # checked at run time too: callers may not be type-checked
    if not isinstance(given, str) or not fold(given):
        raise InvalidFieldError("text", text, "must be non-empty text")
    return Matching(fold(given))
