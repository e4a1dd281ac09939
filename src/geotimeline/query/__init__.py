"""Composable queries: filters on time, actors, places, tags, sources and text.

A :class:`Filter` says whether one event matches; filters combine with ``&`` (and), ``|``
(or) and ``~`` (not). :meth:`Timeline.query` starts a :class:`Query`, whose methods each add
one more filter, and whose result is read like a timeline: in order, countable, chainable.

>>> from geotimeline import examples
>>> seed = examples.load("seed")
>>> russia_in_syria = seed.query().during("2017").involving("Russia").in_country("SY")
>>> [event.title for event in russia_in_syria]
['Ceasefire in south-western Syria']

Time filters take a ``mode``. With fuzzy dates, "during 2017" has two honest answers:
``"possible"`` keeps what may match for some reading of the fuzzy dates, ``"certain"`` only
what matches for every reading (see :mod:`geotimeline.time.relations`).

>>> [event.title for event in seed.query().at("2014-04-10")]
['War in Donbas']
>>> [event.title for event in seed.query(mode="certain").at("2014-04-10")]
[]

Filters also stand alone, to be combined before they are used:

>>> from geotimeline import query as q
>>> korea_or_china = q.in_country("North Korea") | q.involving("China")
>>> len(seed.query(korea_or_china & ~q.tagged("sanctions")))
5

Runtime complexity: a query reads its candidates from the smallest index that applies (the
interval index for time, the actor, country and tag indexes), in O(log n + c) for c
candidates, and checks each candidate against every filter; a query with no indexed filter
reads every event once.

The package's modules: :mod:`~geotimeline.query.filters` (the algebra),
:mod:`~geotimeline.query.by_time`, :mod:`~geotimeline.query.by_name`,
:mod:`~geotimeline.query.by_place` and :mod:`~geotimeline.query.by_text` (the families),
:mod:`~geotimeline.query.planner` (which index a query reads) and
:mod:`~geotimeline.query.builder` (:class:`Query`). Every name is imported from here.
"""

from geotimeline.events.keys import fold
from geotimeline.query.builder import Query
from geotimeline.query.by_name import in_country, involving, tagged
from geotimeline.query.by_place import in_region, near, within_box
from geotimeline.query.by_text import matching, reported_by
from geotimeline.query.by_time import (
    Mode,
    after,
    at,
    before,
    between,
    during,
    overlapping,
    precise_to,
    related,
)
from geotimeline.query.filters import Filter, satisfying

__all__ = [
    "Filter",
    "Mode",
    "Query",
    "after",
    "at",
    "before",
    "between",
    "during",
    "fold",
    "in_country",
    "in_region",
    "involving",
    "matching",
    "near",
    "overlapping",
    "precise_to",
    "related",
    "reported_by",
    "satisfying",
    "tagged",
    "within_box",
]
