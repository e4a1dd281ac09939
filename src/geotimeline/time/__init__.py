"""Time: the fuzzy time model, the readers of written dates, and Allen's relations.

- :mod:`geotimeline.time.when`: :class:`When`, :class:`Moment`, :class:`Precision` and
  :class:`Unbounded`, the model every event's date is made of;
- :mod:`geotimeline.time.parsing`: reading a ``When`` from EDTF, ISO 8601 or English;
- :mod:`geotimeline.time.relations`: Allen's thirteen relations between fuzzy extents;
- :mod:`geotimeline.time.zones`: reading dates in a named IANA time zone, for queries by local
  day;
- :mod:`geotimeline.time.calendar`: calendar arithmetic on integer microseconds, which the
  other rooms use to compare dates quickly.

>>> from geotimeline.time import When
>>> When.parse("summer 2017").precision.name
'SEASON'
"""

from geotimeline.time.when import Moment, Precision, Unbounded, When

__all__ = ["Moment", "Precision", "Unbounded", "When"]
