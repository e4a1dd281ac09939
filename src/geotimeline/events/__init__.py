"""Events: what happened, when, where, who took part, and who reported it.

- :mod:`geotimeline.events.event`: :class:`Event` and what it holds (:class:`Source`,
  :class:`Link`, :class:`Relation`), and the readable ids made from a date and a title;
- :mod:`geotimeline.events.keys`: the folded names an event is filed under in a timeline's
  indexes, which queries compare with.

>>> from geotimeline.events import Event
>>> Event(title="Russia annexes Crimea", when="2014-03-18").id
'2014-03-18-russia-annexes-crimea'
"""

from geotimeline.events.event import (
    Event,
    Link,
    Relation,
    Source,
    make_event_id,
    plain_metadata,
    slugify,
)

__all__ = ["Event", "Link", "Relation", "Source", "make_event_id", "plain_metadata", "slugify"]
