"""The query builder: :class:`Query`, a read-only, chainable view of a timeline's matches.

>>> from geotimeline import examples
>>> seed = examples.load("seed")
>>> len(seed.query().involving("North Korea").after("2017-08-31"))
4
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, overload

import attrs

from geotimeline import conveniences
from geotimeline.events.event import Event
from geotimeline.query.by_time import Mode
from geotimeline.query.chaining import Filtering
from geotimeline.query.filters import Filter
from geotimeline.time.zones import check_zone

if TYPE_CHECKING:
    from geotimeline.timeline.timeline import Timeline

__all__ = ["Query"]


@attrs.frozen
class Query(Filtering):
    """A read-only view of the events of a timeline that pass a filter.

    Build one with :meth:`Timeline.query`; each method returns a new query with one more
    filter. A query is read afresh each time it is iterated, so it follows changes to its
    timeline. ``mode`` is the default for the time filters added through it.

    >>> from geotimeline import examples
    >>> seed = examples.load("seed")
    >>> korea = seed.query().involving("North Korea").after("2017-08-31")
    >>> len(korea), korea.first.title
    (4, "North Korea's sixth nuclear test")
    """

    source: Timeline
    filter: Filter | None = None
    mode: Mode = "possible"
    #: The IANA time zone in which its time filters read date-only bounds; None for UTC.
    zone: str | None = attrs.field(default=None, converter=attrs.converters.optional(check_zone))

    # Reading the result, as from a timeline.

    def events(self) -> list[Event]:
        """The matching events, in timeline order."""
        # Through the timeline, which reads (and builds) its indexes under its own lock.
        return self.source._select(self.filter)

    def timeline(self) -> Timeline:
        """The matching events as a new :class:`Timeline` (with the source's title)."""
        return self.source._with_sorted(self.events())

    def group_by(self, key: str) -> dict[str, Timeline]:
        """The matching events grouped as by :meth:`Timeline.group_by`."""
        return self.timeline().group_by(key)

    @property
    def first(self) -> Event | None:
        """The earliest matching event, or None."""
        events = self.events()
        return events[0] if events else None

    @property
    def last(self) -> Event | None:
        """The latest matching event, or None."""
        events = self.events()
        return events[-1] if events else None

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events())

    def __len__(self) -> int:
        return len(self.events())

    def __bool__(self) -> bool:
        return bool(self.events())

    @overload
    def __getitem__(self, position: int) -> Event: ...
    @overload
    def __getitem__(self, position: slice) -> list[Event]: ...

    def __getitem__(self, position: int | slice) -> Event | list[Event]:
        return self.events()[position]

    def __repr__(self) -> str:
        zone = "" if self.zone is None else f", zone {self.zone!r}"
        return f"<Query of {self.source!r}: {self.filter!r}, mode {self.mode!r}{zone}>"

    def _repr_html_(self) -> str:
        """The matching events as an HTML table, for notebooks."""
        html: str = conveniences.provided("timeline_html")(self.events())
        return html
