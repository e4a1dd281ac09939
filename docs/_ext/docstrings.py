"""Turn geotimeline's docstrings into Markdown for the API reference (a griffe extension).

The docstrings are written to read well in ``help()`` and to run as doctests: examples are
bare ``>>>`` blocks and cross-references are Sphinx roles such as ``:class:`When```. Markdown
knows neither, and would run an example's lines into one paragraph (reading ``['a', 'b']``
in its output as a link). This extension rewrites each docstring before it is rendered:

- a ``>>>`` block becomes a fenced ``pycon`` code block;
- a role becomes a link to the object when the name resolves, else plain code;
- a paragraph ending in ``::`` ends in ``:`` (its indented block is a code block already);
- an attribute documented by ``#:`` comments above it, as Sphinx reads them, gets them as its
  docstring, and so does its entry in the parameter table of an attrs class.

mkdocs.yml loads it by path. pytest imports this file to run its doctests without the docs
extra, so griffe is only needed when the site is built.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

try:
    from griffe import Extension
except ImportError:  # pytest collects this file for doctests; only the site build needs griffe
    Extension = object  # type: ignore[assignment,misc]

_ROLE = re.compile(r":(?:attr|class|data|exc|func|meth|mod|obj):`(?P<tilde>~?)(?P<name>[^`]+)`")


def fence_examples(text: str) -> str:
    """Wrap each ``>>>`` block (up to the next blank line) in a ``pycon`` code fence.

    Blocks inside an existing fence, or indented, are left alone.

    >>> fence_examples("Sorted:\\n\\n>>> sorted('ba')\\n['a', 'b']").splitlines()
    ['Sorted:', '', '```pycon', ">>> sorted('ba')", "['a', 'b']", '```']
    """
    lines: list[str] = []
    in_fence = in_example = False
    for line in text.splitlines():
        if in_example and not line.strip():
            lines.append("```")
            in_example = False
        elif line.startswith("```"):
            in_fence = not in_fence
        elif line.startswith(">>>") and not in_fence and not in_example:
            lines.append("```pycon")
            in_example = True
        lines.append(line)
    if in_example:
        lines.append("```")
    return "\n".join(lines)


def replace_roles(text: str, resolve: Callable[[str], str | None]) -> str:
    """Replace Sphinx roles by optional cross-references, or by code when ``resolve`` fails.

    ``resolve`` maps a name as written (``When.parse``) to its full dotted path, or None.
    The links are "optional": a target that is not on any page renders as plain code
    rather than failing a strict build.

    >>> paths = {"When": "geotimeline.When"}
    >>> print(replace_roles("See :class:`When`, :mod:`json`.", paths.get))
    See <autoref identifier="geotimeline.When" optional><code>When</code></autoref>, `json`.
    >>> replace_roles(":class:`~geotimeline.errors.FormatError`", lambda name: None)
    '`FormatError`'
    """

    def link(match: re.Match[str]) -> str:
        name = match["name"]
        shown = name.rsplit(".", 1)[-1] if match["tilde"] else name
        target = resolve(name)
        if target is None:
            return f"`{shown}`"
        return (
            f'<autoref identifier="{html.escape(target)}" optional><code>{shown}</code></autoref>'
        )

    return _ROLE.sub(link, text)


def literal_markers(text: str) -> str:
    """End with ``:`` the paragraphs that reST ends with ``::`` to introduce a literal block.

    >>> literal_markers("A document looks like this::\\n\\n    {}")
    'A document looks like this:\\n\\n    {}'
    """
    return re.sub(r"::$", ":", text, flags=re.MULTILINE)


def to_markdown(text: str, resolve: Callable[[str], str | None]) -> str:
    """All the rewrites above, examples first so that code in them is left as written."""
    parts = fence_examples(text).split("```")
    # After fencing, the even-numbered parts are prose and the odd-numbered ones code.
    for index in range(0, len(parts), 2):
        parts[index] = replace_roles(literal_markers(parts[index]), resolve)
    return "```".join(parts)


def comment_docs(lines: list[str]) -> dict[int, str]:
    """The ``#:`` comments of a source file, by the (1-based) line they document.

    Sphinx reads a run of ``#:`` comments as the docstring of the attribute just below it;
    griffe does not, so the extension does.

    >>> comment_docs(["class A:", "    #: The first", "    #: field.", "    x: int", "    y: int"])
    {4: 'The first\\nfield.'}
    """
    docs: dict[int, str] = {}
    run: list[str] = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if text.startswith("#:"):
            run.append(text[2:].strip())
            continue
        if run:
            docs[number] = "\n".join(run)
            run = []
    return docs


class DocstringsToMarkdown(Extension):
    """The griffe extension: runs on every object once the object tree is complete."""

    def on_object(self, *, obj: Any, loader: Any, **kwargs: Any) -> None:
        """Give an undocumented attribute its ``#:`` comment; rewrite docstrings as Markdown."""
        if obj.is_attribute and obj.docstring is None:
            comment = _comment_of(obj)
            if comment is not None:
                from griffe import Docstring

                obj.docstring = Docstring(
                    comment,
                    lineno=obj.lineno,
                    parent=obj,
                    parser=loader.docstring_parser,
                    parser_options=loader.docstring_options,
                )
        if obj.docstring is None:
            return
        resolve = _resolver(obj)
        # Rewrite the parsed sections rather than the text: another extension (griffe-fieldz)
        # may have parsed the docstring already and added sections of its own.
        for section in obj.docstring.parsed:
            if isinstance(section.value, str):
                section.value = to_markdown(section.value, resolve)
            elif isinstance(section.value, list):
                for item in section.value:
                    _rewrite_item(item, resolve, obj)


def _rewrite_item(item: Any, resolve: Callable[[str], str | None], obj: Any) -> None:
    """Rewrite the description of one entry of a Parameters or Attributes section."""
    description = getattr(item, "description", None)
    if not description and obj.is_class and getattr(item, "name", None) in obj.members:
        # A field listed by griffe-fieldz: describe it with the field's own ``#:`` comment.
        description = _comment_of(obj.members[item.name]) or ""
    if isinstance(description, str):
        item.description = to_markdown(description, resolve)


def _comment_of(attribute: Any) -> str | None:
    """The ``#:`` comment just above an attribute's line in its source file, if any."""
    if attribute.lineno is None:
        return None
    comments = comment_docs(attribute.lines_collection[attribute.filepath])
    return comments.get(attribute.lineno)


def _resolver(obj: Any) -> Callable[[str], str | None]:
    """Resolve names as Python would inside ``obj``: its members, then its module's imports."""

    def resolve(name: str) -> str | None:
        head, dot, rest = name.partition(".")
        # A role names a module by its full path; anything else starts with a name in scope.
        if name.startswith(obj.package.path + ".") or name == obj.package.path:
            return name
        scope = obj if obj.is_class or obj.is_module else obj.parent
        try:
            path: str = scope.resolve(head)
        except Exception:  # griffe's NameResolutionError, or an unexpected scope
            return None
        return path + dot + rest

    return resolve
