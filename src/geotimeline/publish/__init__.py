"""Publishing: timelines as pages people can open, share and embed.

Empty for now. It will hold the one-file interactive pages (working offline, with their
scripts and styles inside the file) and the exports to page-making tools. File formats that
other programs read (TimelineJS, GeoJSON, iCalendar) stay in :mod:`geotimeline.io`; this room
makes finished pages.
"""

__all__: list[str] = []
