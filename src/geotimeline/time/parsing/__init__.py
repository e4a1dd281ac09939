"""Reading :class:`~geotimeline.time.When` values from text.

:func:`parse_when` is what :meth:`When.parse <geotimeline.time.When.parse>` calls. EDTF and
ISO 8601 are read by :mod:`~geotimeline.time.parsing.edtf`, which hands text with words in it
to the English reader, :mod:`~geotimeline.time.parsing.english`.

>>> str(parse_when("18 March 2014"))
'2014-03-18'
"""

from geotimeline.time.parsing.edtf import MAX_TEXT_LENGTH, parse_moment, parse_when

__all__ = ["MAX_TEXT_LENGTH", "parse_moment", "parse_when"]
