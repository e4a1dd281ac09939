"""JSON objects that give a key twice, refused: every reader of JSON text decodes with these.

JSON only says that names SHOULD be unique, and ``json.loads`` keeps the last of two equal
keys: a field given twice means one of them, and keeping the last would lose the other
silently.
"""

from __future__ import annotations

import json
from typing import Any, Final

__all__ = ["RepeatedKeyError", "decode_json", "object_without_repeats"]


class RepeatedKeyError(ValueError):
    """A JSON object names a key twice (raised by :func:`object_without_repeats`)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise RepeatedKeyError(key)
            seen.add(key)
    return value


#: ``json.loads``, refusing (with :class:`RepeatedKeyError`) an object that gives a key twice.
decode_json: Final = json.JSONDecoder(object_pairs_hook=object_without_repeats).decode
