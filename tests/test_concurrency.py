"""A timeline shared between threads: one writer, several readers, and the indexes they build.

The contract (docs/robustness.md, "Concurrent use"): every change and every query holds the
timeline's own lock, so the lazy indexes a query builds are never built from a half-changed
timeline, and each call sees the timeline as it was before a concurrent change or after it.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from collections.abc import Callable, Iterator

import attrs
import pytest

from geotimeline import Event, Place, Timeline

ACTORS = ["Russia", "Ukraine", "Syria", "Iran", "Turkey"]
TAGS = ["military", "diplomacy", "sanctions"]
COUNTRIES = ["SY", "UA", "RU", "IR"]
DATES = ["2014", "2014-03", "2014-03-18", "2014-04/..", "2013-11/2014-02", "2015-21", "2017~"]


def make_event(rng: random.Random, number: int) -> Event:
    return Event(
        id=f"e{number}",
        title=f"Event {number}",
        when=rng.choice(DATES),
        actors=rng.sample(ACTORS, rng.randint(0, 2)),
        tags=rng.sample(TAGS, rng.randint(0, 2)),
        place=Place("Somewhere", rng.choice(COUNTRIES)),
    )


@pytest.fixture(autouse=True)
def frequent_thread_switches() -> Iterator[None]:
    # Threads take turns every microsecond rather than every 5 ms, so that a writer and its
    # readers interleave inside one another's calls within a short test.
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


def run_threads(writer: Callable[[], None], readers: list[Callable[[], None]]) -> None:
    """Run ``writer`` once and each reader in a loop until the writer is done; re-raise the
    first error any thread met.
    """
    done = threading.Event()
    errors: list[BaseException] = []

    def guarded(action: Callable[[], None], repeat: bool) -> Callable[[], None]:
        def run() -> None:
            try:
                action()
                while repeat and not done.is_set():
                    action()
            except BaseException as error:  # handed to the test's thread
                errors.append(error)
            finally:
                if not repeat:
                    done.set()

        return run

    threads = [threading.Thread(target=guarded(writer, repeat=False))]
    threads += [threading.Thread(target=guarded(reader, repeat=True)) for reader in readers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def sorted_model(model: dict[str, Event]) -> list[Event]:
    return sorted(model.values(), key=lambda event: event.sort_key)


class TestOneWriterManyReaders:
    def test_indexes_built_while_another_thread_writes_stay_right(self) -> None:
        rng = random.Random(16)
        timeline = Timeline(make_event(rng, number) for number in range(200))
        model = {event.id: event for event in timeline}
        numbers = iter(range(200, 10**6))

        def write() -> None:
            deadline = time.monotonic() + 1.5
            while time.monotonic() < deadline:
                # A large batch drops the indexes, so that the readers build them again.
                batch = [make_event(rng, next(numbers)) for _ in range(200)]
                timeline.update(batch)
                model.update((event.id, event) for event in batch)
                for _ in range(50):
                    change = rng.random()
                    if change < 0.4:
                        event = make_event(rng, next(numbers))
                        timeline.add(event)
                        model[event.id] = event
                    elif change < 0.7:
                        del model[timeline.remove(rng.choice(sorted(model))).id]
                    else:
                        old = model[rng.choice(sorted(model))]
                        new = attrs.evolve(old, when=rng.choice(DATES))
                        timeline.replace(new)
                        model[new.id] = new
                for event_id in rng.sample(sorted(model), len(model) - 200):
                    del model[timeline.remove(event_id).id]

        readers = [
            lambda: timeline.query().involving("Russia").events(),
            lambda: timeline.query().tagged("military").events(),
            lambda: timeline.query().in_country("SY").events(),
            lambda: timeline.between("2014-03", "2014-05").first,
            lambda: timeline.at("2014-03-18").first,
            lambda: timeline.query().during("2014").involving("Ukraine").events(),
        ]
        run_threads(write, readers)

        timeline._check()
        assert list(timeline) == sorted_model(model)
        for actor in ACTORS:
            expected = [event for event in sorted_model(model) if actor in event.actors]
            assert timeline.query().involving(actor).events() == expected

    def test_a_reader_sees_a_replaced_event_before_or_after_never_neither(self) -> None:
        rng = random.Random(4)
        timeline = Timeline(make_event(rng, number) for number in range(100))
        moving = timeline[50]
        versions = [attrs.evolve(moving, when=when) for when in ("2014-03-18", "2014-04/..")]
        size = len(timeline)

        def write() -> None:
            for turn in range(3000):
                timeline.replace(versions[turn % 2])

        def read() -> None:
            assert len(timeline) == size
            found = [e for e in timeline.between("2014-03", "2014-05") if e.id == moving.id]
            assert found in ([versions[0]], [versions[1]], [moving])
            snapshot = timeline.copy()
            assert len(snapshot) == size
            snapshot._check()

        run_threads(write, [read, read])
        timeline._check()
