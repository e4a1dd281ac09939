"""Example timelines that ship with geotimeline.

``seed`` holds the events of a news analysis published by The Atlantic in November 2017 on
Russia's role in North Korea, Syria and Ukraine, each with its sources.

>>> from geotimeline import examples
>>> examples.names()
['seed']
>>> timeline = examples.load("seed")
>>> timeline.title
'Russia and the world, 2014-2017'
"""

from __future__ import annotations

from importlib import resources

from geotimeline.errors import GeotimelineError, shown
from geotimeline.io import native
from geotimeline.timeline.timeline import Timeline

__all__ = ["load", "names"]

_PACKAGE_DATA = "geotimeline.data"


def names() -> list[str]:
    """The names of the bundled example timelines."""
    files = resources.files(_PACKAGE_DATA).iterdir()
    return sorted(file.name.removesuffix(".json") for file in files if file.name.endswith(".json"))


def load(name: str = "seed") -> Timeline:
    """A fresh copy of a bundled example timeline, by name."""
    if name not in names():
        raise UnknownExampleError(name)
    text = resources.files(_PACKAGE_DATA).joinpath(f"{name}.json").read_text(encoding="utf-8")
    return native.loads(text, source=f"example {name!r}")


class UnknownExampleError(GeotimelineError, KeyError):
    """No bundled example has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"no example timeline named {shown(self.name)}; there are: {', '.join(names())}"
