"""English date forms (placeholder until the reader lands)."""

from __future__ import annotations

import datetime as dt

from geotimeline.errors import ParseError
from geotimeline.when import When


def parse_natural(text: str, reference: dt.date | None) -> When:
    raise ParseError(text, "is not a date geotimeline can read")
