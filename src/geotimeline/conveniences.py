"""The one seam between the core and the rooms around it.

A :class:`~geotimeline.Timeline` offers, for its users' convenience, what other rooms do:
``save`` and ``load`` (:mod:`geotimeline.io`, in the format the file name says), ``plot``
and ``plot_map`` (:mod:`geotimeline.display`), ``to_pandas`` and ``from_pandas``
(:mod:`geotimeline.io.dataframe`), HTML for notebooks (:mod:`geotimeline.display.html`),
which events and query results show too, and interactive pages (``save_html`` and ``show``,
:mod:`geotimeline.publish`). The core (time, places, the timeline, queries)
never imports those rooms: they import the core, and an import back would tie the model to
matplotlib, pandas and every file format. So the core asks this table for the function by
name, and the module that holds it is imported the first time it is asked for. ``import
geotimeline`` therefore loads neither matplotlib nor pandas.

A new convenience is one line in :data:`CONVENIENCES` and a method that calls
:func:`provided`; ``tests/test_architecture.py`` checks that every line names a function
that exists, outside the core.

>>> provided("save").__module__
'geotimeline.io'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final

from geotimeline.errors import naming_missing_extras

__all__ = ["CONVENIENCES", "provided"]

#: What each convenience is, as ``"module:function"``.
CONVENIENCES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "save": "geotimeline.io:save_timeline",
        "load": "geotimeline.io:load_timeline",
        "plot": "geotimeline.display.chart:plot_timeline",
        "plot_map": "geotimeline.display.map:plot_map",
        "to_pandas": "geotimeline.io.dataframe:to_pandas",
        "from_pandas": "geotimeline.io.dataframe:from_pandas",
        "timeline_html": "geotimeline.display.html:timeline_html",
        "event_html": "geotimeline.display.html:event_html",
        "save_html": "geotimeline.publish.page:save_html",
        "show": "geotimeline.publish.notebook:show",
    }
)


def provided(name: str) -> Callable[..., Any]:
    """The function behind the convenience ``name``, its module imported on first use.

    Runtime complexity: O(1) once the module is imported.
    """
    module_name, _, function_name = CONVENIENCES[name].partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module_name), function_name)
    # The optional dependency is imported when the function runs: name its extra then.
    return naming_missing_extras(function)
