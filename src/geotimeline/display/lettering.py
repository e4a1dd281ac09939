"""Many short labels drawn as the outlines of their letters, as one collection.

matplotlib lays out and renders every Text artist on its own, some milliseconds apiece: a map
with hundreds of labels spends seconds on them. Here a label's width comes from a table of its
letters' widths, and its outline from their outlines, each read from the font once (kerning is
left out, which at label sizes nobody sees); all labels are then one :class:`PlaceLabels`
collection, drawn in one call. Needs matplotlib, which :mod:`geotimeline.display.map` imports
only when it draws.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from matplotlib.textpath import text_to_path

__all__ = ["Lettering", "PlaceLabels"]


class Lettering:
    """Text of one size in matplotlib's default font, measured and outlined in points.

    >>> lettering = Lettering(8.0)
    >>> round(lettering.width("ab") - lettering.width("a") - lettering.width("b"), 9)
    0.0
    >>> bool(lettering.outline("ab", left=0.0, baseline=0.0).get_extents().x0 >= 0)
    True

    Runtime complexity: O(k) for a text of k letters, once each letter has been read.
    """

    def __init__(self, fontsize: float) -> None:
        # The font a Text of this size would use, at the size the outlines are read at.
        self._font = FontProperties(size=text_to_path.FONT_SCALE)
        self._scale = fontsize / text_to_path.FONT_SCALE
        _, height, descent = _letter(self._font, "lp")[0]
        #: The height of a line and how far below the baseline it reaches, in points.
        self.height, self.descent = height * self._scale, descent * self._scale
        # The letters met so far, in font units: hashing FontProperties for the shared
        # cache costs more than the sum it serves.
        self._widths: dict[str, float] = {}

    def width(self, text: str) -> float:
        """The width of ``text`` in points: the sum of its letters' widths."""
        widths = self._widths
        for letter in set(text) - widths.keys():
            widths[letter] = _letter(self._font, letter)[0][0]
        return sum(map(widths.__getitem__, text)) * self._scale

    def outline(self, text: str, left: float, baseline: float) -> Path:
        """``text`` as a Path in points, starting at ``left`` on ``baseline``."""
        vertices, codes, pen = [], [], 0.0
        for letter in text:
            (advance, _, _), points, kinds = _letter(self._font, letter)
            vertices.append(points + np.array([pen, 0.0]))
            codes.append(kinds)
            pen += advance
        if sum(len(kinds) for kinds in codes) == 0:  # no text, or only spaces
            return Path(np.zeros((0, 2)))
        shape = np.concatenate(vertices) * self._scale + (left, baseline)
        return Path(shape, np.concatenate(codes))


@functools.lru_cache(maxsize=4096)
def _letter(font: FontProperties, letter: str) -> tuple[tuple[float, float, float], Any, Any]:
    """A letter's (width, height, descent) and outline (vertices, codes), in font units.

    Cached across pictures: a font's letters do not change, and reading one takes about a
    millisecond.
    """
    width, height, descent = text_to_path.get_text_width_height_descent(letter, font, ismath=False)
    vertices, codes = text_to_path.get_text_path(font, letter)
    return (
        (float(width), float(height), float(descent)),
        np.asarray(vertices, dtype=float).reshape(-1, 2),
        np.asarray(codes, dtype=Path.code_type),
    )


class PlaceLabels(PathCollection):
    """The labels of a map's places: one outline per label, and its text in :attr:`texts`.

    The outlines are in points from each label's place (the collection's offsets), like an
    annotation's ``offset points``.

    >>> labels = PlaceLabels(["Da Nang"], [Lettering(8.0).outline("Da Nang", 4.0, 0.0)])
    >>> labels.texts, labels.get_gid()
    (('Da Nang',), 'labels')

    Runtime complexity: drawn in one call, however many labels it holds.
    """

    def __init__(self, texts: Sequence[str], outlines: Sequence[Path], **options: Any) -> None:
        super().__init__(outlines, facecolors="black", linewidths=0, zorder=5.1, **options)
        #: The text of each label, in the order of its outline among the paths.
        self.texts = tuple(texts)
        self.set_gid("labels")
