"""The timeline: events kept in one total, deterministic order, and the indexes queries read.

- :mod:`geotimeline.timeline.timeline`: :class:`Timeline`, the sorted container;
- :mod:`geotimeline.timeline.interval_index`: which events were going on at an instant;
- :mod:`geotimeline.timeline.postings`: the events filed under each actor, country and tag;
- :mod:`geotimeline.timeline.key_ordered`: the sorted list they all keep events in, ordered by
  a key read from each event rather than stored beside it;
- :mod:`geotimeline.timeline.layout`: reading the sorted list's chunks directly, for the
  windows of time a timeline is sliced by.

>>> from geotimeline import Event
>>> from geotimeline.timeline import Timeline
>>> len(Timeline([Event(title="Russia annexes Crimea", when="2014-03-18")]))
1
"""

from geotimeline.timeline.timeline import Timeline

__all__ = ["Timeline"]
