"""A YAML timeline's document, built straight from the parser's events, checked as it is built.

PyYAML's loader first composes a tree of nodes (each with its tag, its text, two marks and a
``__dict__``: about 400 bytes of memory for each byte of the file), then constructs the
document from it. This module skips the tree: it reads the parser's events one at a time
(from libyaml's parser when PyYAML has it, else from PyYAML's own) and builds the dicts, lists
and scalars at once, so the memory held is the document's own. As it goes it counts

- the depth, refusing nesting deeper than ``max_depth`` at the collection that passes it;
- the expanded size: one for each value plus one for each character of text, with every alias
  counted as the whole value it repeats, refusing a document that passes ``max_size`` at the
  alias that passes it, before anything is expanded (values reached through aliases are shared,
  never copied). The count is exact: it is the size the document would have written out.

It also knows the three date fields of a timeline (``reference`` at the top, an event's
``when`` and a source's ``published``): their unquoted values are kept as the text written,
since YAML 1.1 would read ``2014`` as an integer, ``0700`` as the octal 448 and ``0x7DE`` as 2014.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from geotimeline.errors import FormatError

if TYPE_CHECKING:
    import yaml

# A parser event: PyYAML's and libyaml's have the same attributes, but their marks' types differ.
_Event = Any

_STR: Final = "tag:yaml.org,2002:str"
_NULL: Final = "tag:yaml.org,2002:null"
_NUMBERS: Final = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_MERGE: Final = "tag:yaml.org,2002:merge"
# The scalar tags the safe loader constructs, and the collections a timeline is made of.
_SCALAR_TAGS: Final = frozenset(
    {_STR, _NULL, *_NUMBERS, "tag:yaml.org,2002:bool", "tag:yaml.org,2002:binary",
     "tag:yaml.org,2002:timestamp"}
)  # fmt: skip
_SEQUENCE_TAGS: Final = frozenset({None, "!", "tag:yaml.org,2002:seq"})
_MAPPING_TAGS: Final = frozenset({None, "!", "tag:yaml.org,2002:map"})
# Where a collection is in a timeline: the top mapping, the list of events, an event, the list
# of an event's sources, a source, or anything else. Each role's date field, and the roles of
# the collections its fields hold.
_DATE_FIELDS: Final = {"top": "reference", "event": "when", "source": "published"}
_CHILD_ROLES: Final = {
    ("top", "events"): "events",
    ("events", None): "event",
    ("event", "sources"): "sources",
    ("sources", None): "source",
}


class Mapping(dict[Any, Any]):
    """A YAML mapping that remembers the line it starts on, and the line of each key."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int = 0, key_lines: tuple[int, ...] = ()) -> None:
        super().__init__()
        self.line = line
        # One line for each key, in the mapping's order: a tuple is a tenth the size of a dict,
        # and lines are looked up only to name one in an error.
        self.key_lines = key_lines

    def line_of(self, key: object) -> int:
        """The line ``key`` is on, or the mapping's own line for a key it does not have."""
        for present, line in zip(self, self.key_lines, strict=False):
            if present == key:
                return line
        return self.line


class _Collection:
    """A list or mapping being read: its items so far, and what the checks need to know."""

    __slots__ = ("anchor", "items", "key_lines", "line", "merges", "role", "seen", "start")

    def __init__(
        self, role: str, anchor: str | None, line: int, start: int, seen: set[str]
    ) -> None:
        self.role, self.anchor, self.line, self.start = role, anchor, line, start
        self.items: list[Any] = []  # a list's items; a mapping's keys and values, in turn
        self.key_lines: list[int] = []
        self.merges: list[Mapping] = []
        self.seen = seen  # a mapping's text keys so far; _SEQUENCE for a list


class _MergeKey:
    """The key ``<<``, which brings the keys of the mappings it names into its own."""

    __slots__ = ()


_MERGE_KEY: Final = _MergeKey()


class DocumentBuilder:
    """Builds the one document of a YAML stream from ``parser``'s events.

    ``parser`` is a PyYAML loader (``get_event``, ``resolve`` and the safe constructors);
    ``max_depth`` and ``max_size`` are the limits above, ``source`` names the file in errors.
    """

    def __init__(self, parser: Any, source: str, max_depth: int, max_size: int) -> None:
        self._parser = parser
        self._source = source
        self._max_depth = max_depth
        self._max_size = max_size
        self._size = 0
        self._stack: list[_Collection] = []
        # An anchor's value and expanded size; None while its collection is still open.
        self._anchors: dict[str, tuple[Any, int] | None] = {}
        # One copy of each key text: a file of 100,000 events names "title" 100,000 times.
        self._keys: dict[str, str] = {}

    def document(self) -> Any:
        """The document, or None for an empty stream; YAML errors are PyYAML's, with marks."""
        import yaml

        get = self._parser.get_event
        get()  # the stream's start
        if self._parser.check_event(yaml.StreamEndEvent):
            return None
        start = get()
        document = self._value_of_document()
        get()  # the document's end
        if not self._parser.check_event(yaml.StreamEndEvent):
            extra = get()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", start.start_mark,
                "but found another document", extra.start_mark,
            )  # fmt: skip
        return document

    def _value_of_document(self) -> Any:
        import yaml

        get, stack = self._parser.get_event, self._stack
        finished: list[Any] = []
        while not finished or stack:
            event = get()
            if isinstance(event, yaml.ScalarEvent):
                self._add(self._scalar(event), event, finished)
            elif isinstance(event, yaml.AliasEvent):
                self._add(self._alias(event), event, finished)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                self._open(event)
            else:  # the end of a sequence or a mapping
                collection = stack.pop()
                value = self._close(collection)
                if collection.anchor is not None:
                    self._anchors[collection.anchor] = (value, self._size - collection.start)
                self._add(value, event, finished)
        return finished[0]

    # -- values ------------------------------------------------------------------------------

    def _scalar(self, event: _Event) -> Any:
        import yaml

        self._grow(1 + len(event.value), event)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._parser.resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag != _NULL and self._is_date_field():
                tag = _STR
        value = self._construct_scalar(tag, event)
        if event.anchor is not None:
            self._anchor(event, (value, 1 + len(event.value)))
        return value

    def _is_date_field(self) -> bool:
        if not self._stack:
            return False
        parent = self._stack[-1]
        field = _DATE_FIELDS.get(parent.role)
        return field is not None and _is_value(parent, field)

    def _construct_scalar(self, tag: str, event: _Event) -> Any:
        import yaml

        if tag == _MERGE and self._stack and _expects_key(self._stack[-1]):
            return _MERGE_KEY
        if tag not in _SCALAR_TAGS:
            raise _undefined(tag, event.start_mark)
        # The safe loader's own constructors, and its number constructor that checks lengths.
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        constructor: Callable[[Any, yaml.Node], Any] = self._parser.yaml_constructors[tag]
        return constructor(self._parser, node)

    def _alias(self, event: _Event) -> Any:
        import yaml

        if event.anchor not in self._anchors:
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias {event.anchor!r}", event.start_mark
            )
        known = self._anchors[event.anchor]
        if known is None:
            raise FormatError(self._source, _line(event), "has an alias that contains itself")
        value, size = known
        self._grow(size, event)
        return value

    def _open(self, event: _Event) -> None:
        import yaml

        mapping = isinstance(event, yaml.MappingStartEvent)
        if event.tag not in (_MAPPING_TAGS if mapping else _SEQUENCE_TAGS):
            raise _undefined(event.tag, event.start_mark)
        if len(self._stack) >= self._max_depth:
            reason = f"nests deeper than {self._max_depth} levels"
            raise yaml.scanner.ScannerError(None, None, reason, event.start_mark)
        role = self._child_role()
        start = self._size
        self._grow(1, event)
        line = event.start_mark.line + 1
        collection = _Collection(role, event.anchor, line, start, set() if mapping else _SEQUENCE)
        if event.anchor is not None:
            self._anchor(event, None)
        self._stack.append(collection)

    def _child_role(self) -> str:
        if not self._stack:
            return "top"
        parent = self._stack[-1]
        if parent.seen is _SEQUENCE:
            return _CHILD_ROLES.get((parent.role, None), "other")
        key = parent.items[-1] if parent.items and len(parent.items) % 2 else None
        return _CHILD_ROLES.get((parent.role, key), "other") if isinstance(key, str) else "other"

    @staticmethod
    def _close(collection: _Collection) -> Any:
        if collection.seen is _SEQUENCE:
            return collection.items
        return _mapping_of(collection)

    def _add(self, value: Any, event: _Event, finished: list[Any]) -> None:
        if not self._stack:
            finished.append(value)
            return
        parent = self._stack[-1]
        if parent.seen is _SEQUENCE:
            parent.items.append(value)
        elif _expects_key(parent):
            self._add_key(parent, value, event)
        elif parent.items[-1] is _MERGE_KEY:
            parent.items.pop()
            parent.key_lines.pop()
            parent.merges[:0] = _merged(value, event)
        else:
            parent.items.append(value)

    def _add_key(self, parent: _Collection, key: Any, event: _Event) -> None:
        import yaml

        if isinstance(key, str):
            if key in parent.seen:
                # PyYAML keeps the last of two equal keys; a hand-written file that gives a
                # field twice means one of them, and silently dropping the other loses data.
                reason = f"gives the key {key!r} twice"
                raise yaml.constructor.ConstructorError(None, None, reason, event.start_mark)
            parent.seen.add(key)
            key = self._keys.setdefault(key, key)
        elif isinstance(key, list | dict):
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", None, "found unhashable key", event.start_mark
            )
        parent.items.append(key)
        parent.key_lines.append(event.start_mark.line + 1)

    # -- the checks --------------------------------------------------------------------------

    def _grow(self, size: int, event: _Event) -> None:
        self._size += size
        if self._size > self._max_size:
            reason = f"expands to more than {self._max_size:,} values and characters"
            raise FormatError(self._source, _line(event), f"{reason} through its aliases")

    def _anchor(self, event: _Event, known: tuple[Any, int] | None) -> None:
        import yaml

        if event.anchor in self._anchors:
            raise yaml.composer.ComposerError(
                None, None, f"found duplicate anchor {event.anchor!r}", event.start_mark
            )
        self._anchors[event.anchor] = known


_SEQUENCE: Final[set[str]] = set()  # the ``seen`` of every list: lists have no keys


def _expects_key(collection: _Collection) -> bool:
    return collection.seen is not _SEQUENCE and len(collection.items) % 2 == 0


def _is_value(collection: _Collection, field: str) -> bool:
    # The scalar read now is the value of ``field`` when the last item is that key.
    return len(collection.items) % 2 == 1 and collection.items[-1] == field


def _merged(value: Any, event: _Event) -> list[Mapping]:
    """The mappings a merge key (``<<``) brings in, the first of them first."""
    import yaml

    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list) and all(isinstance(item, Mapping) for item in value):
        return list(value)
    raise yaml.constructor.ConstructorError(
        "while constructing a mapping", None,
        "expected a mapping or list of mappings for merging", event.start_mark,
    )  # fmt: skip


def _mapping_of(collection: _Collection) -> Mapping:
    """The mapping of a finished collection: merged keys first, its own keys winning."""
    entries: dict[Any, tuple[Any, int]] = {}
    for merged in reversed(collection.merges):  # of two merged mappings, the first named wins
        entries.update(
            zip(merged, zip(merged.values(), merged.key_lines, strict=True), strict=True)
        )
    pairs = zip(collection.items[1::2], collection.key_lines, strict=True)
    # Equal keys that are not text (1 and 1.0) keep the last, as PyYAML does.
    entries.update(zip(collection.items[0::2], pairs, strict=True))
    mapping = Mapping(collection.line, tuple(line for _, line in entries.values()))
    mapping.update((key, value) for key, (value, _) in entries.items())
    return mapping


def _undefined(tag: str | None, mark: Any) -> yaml.MarkedYAMLError:
    import yaml

    return yaml.constructor.ConstructorError(
        None, None, f"could not determine a constructor for the tag {tag!r}", mark
    )


def _line(event: _Event) -> str:
    return f"line {event.start_mark.line + 1}"
