"""Extraction: finding the dates, and later the events, that running text mentions.

- :mod:`~geotimeline.extract.dates`: :func:`dates`, the temporal tagger: the date mentions of
  a text, each with its offsets, its :class:`~geotimeline.time.When` read against the text's
  publication date, and its TimeML TIMEX3 form (:mod:`~geotimeline.extract.timex3`);
- :mod:`~geotimeline.extract.events`: :func:`events`, a draft timeline of an article, one
  event for each sentence with a resolved date;
- :mod:`~geotimeline.extract.timeml` and :mod:`~geotimeline.extract.scoring`: reading TimeML
  corpora and scoring a tagger on them with the TempEval-3 measures.

The readers of single phrases stay in :mod:`geotimeline.time.parsing`; this room finds those
phrases in text.

>>> [mention.text for mention in dates("Russia annexed Crimea in 2014.")]
['2014']
"""

from geotimeline.extract.dates import DateMention, dates
from geotimeline.extract.events import events

__all__ = ["DateMention", "dates", "events"]
