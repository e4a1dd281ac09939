"""Pausing the cyclic garbage collector while a reader or a converter makes millions of objects.

Events and their parts hold no reference cycles, yet each allocation counts towards the next
collection, and each collection of the oldest generation scans every object alive: the whole
timeline being read or converted. On a large timeline those scans cost more than the work
itself (``to_pandas`` of 100,000 events ran about three times faster without them). Objects
made while paused are ordinary objects; anything that does form a cycle is collected at the
next collection after the pause.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["no_cycle_collection"]


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Within it, the cyclic garbage collector does not run; afterwards it runs again if it
    ran before, whatever happened within (an error, a ``KeyboardInterrupt``).

    >>> import gc
    >>> with no_cycle_collection():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
