"""Events and the timeline that keeps them in order.

- :mod:`geotimeline.timeline.event`: :class:`Event` and what it holds (:class:`Source`,
  :class:`Link`, :class:`Relation`), and the readable ids made from a date and a title;
- :mod:`geotimeline.timeline.timeline`: :class:`Timeline`, the sorted container;
- its indexes, which queries read: :mod:`~geotimeline.timeline.interval_index` for time and
  :mod:`~geotimeline.timeline.keys` for actors, countries and tags;
- :mod:`geotimeline.timeline.conveniences`: the one seam through which a timeline offers what
  other rooms do (files, pictures, pandas, HTML) without importing them.

>>> from geotimeline.timeline import Event, Timeline
>>> len(Timeline([Event(title="Russia annexes Crimea", when="2014-03-18")]))
1
"""

from geotimeline.timeline.event import Event, Link, Relation, Source, make_event_id, slugify
from geotimeline.timeline.timeline import Timeline

__all__ = ["Event", "Link", "Relation", "Source", "Timeline", "make_event_id", "slugify"]
