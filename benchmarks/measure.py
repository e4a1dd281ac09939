"""How every benchmark script measures: times, memory, and the line naming the machine.

The scripts run as ``python benchmarks/<name>.py``, so they import this module as a sibling
(``from measure import ...``), as they import ``synthetic``. Keeping one copy here means that
every script times a step the same way, and that their numbers can be compared.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.metadata
import os
import platform
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import geotimeline

# -- time ------------------------------------------------------------------------------------


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cycle collector off inside the block, and as it was again after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Whether the heap is frozen (see ``frozen_heap``): only the outermost block freezes it.
_heap_frozen = False


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Garbage collected once, then everything alive kept out of the collections of the block.

    The rounds of a step collect the garbage of the round before; with a million events alive,
    a full collection walks tens of millions of objects, a second or more each time, and a run
    of the suite collects hundreds of times. Frozen (``gc.freeze``), what was alive before the
    block is not walked again, and each collection finds the garbage made since, as before.
    """
    global _heap_frozen
    if _heap_frozen:
        yield
        return
    gc.collect()
    gc.freeze()
    _heap_frozen = True
    try:
        yield
    finally:
        _heap_frozen = False
        gc.unfreeze()


def timed(
    action: Callable[[], Any],
    repeat: int = 1,
    number: int = 1,
    *,
    pause_gc: bool = True,
    collect: bool = True,
) -> tuple[float, Any]:
    """The median seconds per call over ``repeat`` rounds of ``number`` calls, and the last
    call's result.

    Before each round, the last round's result is freed and garbage is collected, off the
    clock, so that no round starts with another's garbage pending (what was alive before the
    rounds is frozen, see ``frozen_heap``, so that collecting costs little). As in
    ``timeit``, the cycle collector is then off while the round runs: with millions of live
    objects one full collection costs more than most of the steps timed here, and when it
    strikes depends on everything else alive, not on the step.

    ``pause_gc=False`` leaves the collector on, to time a step as a program that does not pause
    it would run it. ``collect=False`` skips the collection for rounds of a millisecond or
    less: walking the whole heap just before the clock starts leaves the caches cold, and a
    70 µs query on 100,000 events then measures about five times slower.
    """
    durations, result = [], None
    with frozen_heap() if collect else contextlib.nullcontext():
        for _ in range(repeat):
            result = None
            if collect:
                gc.collect()
            with paused_gc() if pause_gc else contextlib.nullcontext():
                start = time.perf_counter()
                for _ in range(number):
                    result = action()
                durations.append((time.perf_counter() - start) / number)
    return statistics.median(durations), result


def median_time(action: Callable[[], object], repeat: int, number: int = 1) -> float:
    """The median seconds per call, timed as ``timed`` does, for a result nobody needs.

    What ``action`` returns is dropped as soon as it returns, on the clock, as in ``timeit``:
    making a large result and freeing it is then one cost, the same for every implementation
    compared, as in the results of ``run.py`` in docs/benchmarks.md.
    """

    def call() -> None:
        action()

    return timed(call, repeat, number)[0]


def interleaved(
    implementations: dict[str, Callable[[], object]], rounds: int, seed: int = 0
) -> dict[str, list[float]]:
    """The seconds of every implementation in each of ``rounds`` rounds, run interleaved.

    Each round runs every implementation once, in an order shuffled anew (from ``seed``), each
    timed as ``median_time`` times it: garbage collected before, off the clock, and the cycle
    collector paused while it runs, the same settings for every implementation. A machine
    whose load changes then slows every implementation of a round alike, and the ratio of two
    implementations' times in one round (see ``ratio_of_rounds``) holds far better than the
    ratio of two medians timed minutes apart.
    """
    order, shuffle = list(implementations), random.Random(seed).shuffle
    times: dict[str, list[float]] = {name: [] for name in order}
    with frozen_heap():
        for _ in range(rounds):
            shuffle(order)
            for name in order:
                times[name].append(median_time(implementations[name], 1))
    return times


def ratio_of_rounds(ours: Sequence[float], theirs: Sequence[float]) -> float:
    """The median over rounds of ours / theirs, each round's two times taken together."""
    return statistics.median(mine / other for mine, other in zip(ours, theirs, strict=True))


def per_item(action: Callable[[Any], object], items: Sequence[Any], repeat: int) -> float:
    """The median seconds per item of calling ``action`` on each of ``items`` in turn.

    Timing the whole loop and dividing keeps the clock's own cost out of steps that take a
    microsecond or less.
    """

    def run_all() -> None:
        for item in items:
            action(item)

    return median_time(run_all, repeat) / len(items)


# -- memory ----------------------------------------------------------------------------------


def retained_bytes(action: Callable[[], Any]) -> tuple[int, Any]:
    """The bytes that ``action`` allocated and still holds when it returns, and its result.

    ``tracemalloc`` counts only what is allocated while it traces, so the objects an action is
    given (say, the events a timeline is built from) are not counted. It slows everything
    down: measure memory in runs of its own, never while timing.
    """
    held, _, result = _traced(action)
    return held, result


def peak_bytes(action: Callable[[], Any]) -> int:
    """The most bytes held at once while ``action`` runs, beyond what was held before it."""
    return _traced(action)[1]


def _traced(action: Callable[[], Any]) -> tuple[int, int, Any]:
    """The bytes ``action`` allocated and still holds, the most it held at once, its result."""
    # Garbage of earlier steps is collected first, so that the collector runs during the
    # action only because of what the action itself allocates.
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = action()
        held, most = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return held - before, most - before, result


# -- the machine -----------------------------------------------------------------------------


def versions(*names: str) -> str:
    """``name version`` of each distribution, comma-separated, "not installed" for a missing one.

    A peer's speed changes from release to release: a ratio means something only next to the
    versions that made it.
    """
    return ", ".join(f"{name} {_version(name)}" for name in names)


def machine_line(*packages: str) -> str:
    """What made the numbers: geotimeline's version and those of ``packages``, Python, the
    operating system and the processor.

    Absolute times hold only for one machine, so every script prints this line first.
    """
    library = f"geotimeline {geotimeline.__version__}"
    if packages:
        library += f", {versions(*packages)}"
    return (
        f"{library}; Python {platform.python_version()} ({platform.python_implementation()}); "
        f"{platform.platform()}; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs"
    )


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"
