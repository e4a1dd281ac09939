"""Extraction: finding the dates, and later the events, that running text mentions.

Empty for now. It will hold the temporal tagger: the date mentions of an article, each with
its character offsets, its resolved :class:`~geotimeline.time.When` (read against the
article's publication date) and its TimeML TIMEX3 form, and the draft timelines built from
them. The readers of single phrases stay in :mod:`geotimeline.time.parsing`; this room finds
those phrases in text.
"""

__all__: list[str] = []
