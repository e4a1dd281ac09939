"""Reading dates written in English: what :meth:`When.parse` does with text that is not EDTF.

The vocabulary, case-insensitive (extra spaces, a trailing period and a leading "on", "in",
"during" or "the" are ignored):

- absolute: ``March 2014``, ``Sept. 2017``, ``18 March 2014``, ``18th of March 2014``,
  ``March 18, 2014``, ``summer 2017``, ``summer of 2017``, ``winter 2017/18``, ``the 1990s``;
- qualifiers: ``circa``, ``c.``, ``ca.``, ``about``, ``around``, ``approximately``, ``roughly``
  (EDTF ``~``), ``possibly``, ``perhaps``, ``probably``, ``maybe`` (EDTF ``?``), and a trailing
  ``?``, ``~`` or ``%`` as in EDTF;
- intervals: ``from X to Y``, ``between X and Y``, ``X to Y``, ``X until Y``, ``X through Y``,
  ``X - Y``, ``X – Y``, ``18-20 March 2014``, ``March to May 2014``, ``X to present``,
  ``since X``, ``ever since X``, ``X onwards``, ``until X``, ``up to X``;
- parts of years and periods: ``Q3 2020``, ``the third quarter of 2017``, ``the first half of
  2017``, ``the 20th century``, ``early``/``mid``/``late``/``the end of`` a year, season, month,
  week, decade or century (a third of it, approximate), ``before 2001``, ``after 2001``;
- times of day: ``12 May 2021 14:30``, ``2 pm on 12 May 2021``, ``2021-05-12 14:30 UTC``,
  ``2017-07-09T12:00 Asia/Damascus``;
- relative, given a reference date: ``today``, ``yesterday``, ``tomorrow``, ``now``, ``the day
  before yesterday``, ``the day after tomorrow``, weekday names with or without ``this``,
  ``last`` or ``next``, ``this week``, ``this weekend``, ``this past weekend``, ``over the
  weekend``, ``this month``, ``this year``, ``this quarter``, ``this summer`` (and
  ``last``/``next`` with each), a bare season name, ``3 days ago``, ``in two weeks``, ``the past
  week``, ``earlier this year``, ``later this month``, ``the week of 6 November``, and a month,
  quarter, day, or days of a month without a year, placed as ``prefer`` says.

Each form is one row of the table in :mod:`~geotimeline.time.parsing.english.reader`: a
compiled pattern and a short handler, in the module of its kind (:mod:`.absolute`,
:mod:`.relative`, :mod:`.intervals`, :mod:`.qualifiers`, :mod:`.times`). The first pattern
that matches the whole text wins. What a qualifier qualifies and the ends of an interval are
read again by :meth:`When.parse`, so every form combines with the others and with EDTF.


The modules of this package share their helpers with one another; only the names below are
for use outside it.
"""

from geotimeline.time.parsing.english.reader import parse_natural
from geotimeline.time.parsing.english.reading import PREFERENCES, Prefer

__all__ = ["PREFERENCES", "Prefer", "parse_natural"]
