"""How many events fall in each period of each lane, for pictures of big timelines.

A timeline of thousands of events is too many to label, and too many marks to tell apart:
:func:`density` counts them instead, per lane and per period (a day, a week, a month or a
year, chosen from the span). An event counts once in all, and when it could lie in several
periods (a month known only to its year, a war of three years) its weight is spread evenly
over them, so a year-precision event adds 1/12 to each of its months: fuzziness is shown as
the spread it is, not faked as a point. An event with an open or unknown end is spread from
its known bound to the edge of the range drawn, and counted as clipped.

Needs numpy (which matplotlib, the ``plot`` extra, requires), imported only when counting.

>>> from geotimeline import Event
>>> counts = density([Event(title="Deal", when="2017"), Event(title="Talks", when="2017-05-07")])
>>> counts.period, len(counts.starts) - 1, round(float(counts.weights.sum()), 9)
('month', 12, 2.0)
>>> [round(float(weight), 3) for weight in counts.weights[0][3:6]]
[0.083, 1.083, 0.083]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from geotimeline.errors import InvalidFieldError
from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment

if TYPE_CHECKING:
    from geotimeline.events.event import Event

__all__ = ["PERIODS", "Density", "Period", "density", "period_for", "period_starts"]

Period: TypeAlias = Literal["day", "week", "month", "year"]
#: The periods a density counts by, shortest first.
PERIODS: Final[tuple[Period, ...]] = ("day", "week", "month", "year")
# The longest span, in days, counted by each period but the last: enough periods to show a
# shape, few enough to see each.
_LONGEST_SPAN: Final[dict[Period, int]] = {"day": 92, "week": 270, "month": 40 * 366}
_US_PER_WEEK: Final = 7 * cal.US_PER_DAY


@attrs.frozen(eq=False)
class Density:
    """Events per period per lane: ``weights[lane][period]``, summing to the events counted.

    ``starts`` holds the start of each period and then the end of the last, in microseconds
    since the epoch (UTC); ``clipped`` counts the events with an open or unknown end, spread
    only up to the edge of those periods.
    """

    period: Period
    lanes: tuple[str, ...]
    #: The edges of the periods: one more than there are periods.
    starts: Any
    #: A lanes-by-periods array of weights.
    weights: Any
    clipped: int


def period_for(earliest_us: int, latest_us: int) -> Period:
    """The period to count a span by: days for a quarter, weeks for most of a year, months
    for a few decades, years beyond.

    >>> period_for(0, 30 * 86_400_000_000), period_for(0, 5 * 365 * 86_400_000_000)
    ('day', 'month')
    """
    days = (latest_us - earliest_us) / cal.US_PER_DAY
    return next((period for period, longest in _LONGEST_SPAN.items() if days <= longest), "year")


def period_starts(earliest_us: int, latest_us: int, period: Period) -> list[int]:
    """The starts of the periods that hold ``earliest_us`` to ``latest_us``, then the end of
    the last, in microseconds since the epoch; weeks start on Mondays.

    >>> import datetime as dt
    >>> from geotimeline.time import calendar as cal
    >>> edges = period_starts(cal.day_start(2017, 1, 15), cal.day_start(2017, 3, 2), "month")
    >>> [cal.to_datetime(edge).date().isoformat() for edge in edges]
    ['2017-01-01', '2017-02-01', '2017-03-01', '2017-04-01']
    """
    if period not in PERIODS:
        raise InvalidFieldError("period", period, f"must be one of {', '.join(PERIODS)}")
    year, month, day, *_ = cal.fields(earliest_us)
    if period in ("day", "week"):
        first = cal.day_start(year, month, day)
        step = cal.US_PER_DAY
        if period == "week":
            # The epoch fell on a Thursday: days since a Monday, in any year.
            first -= ((first // cal.US_PER_DAY + 3) % 7) * cal.US_PER_DAY
            step = _US_PER_WEEK
        count = (latest_us - first) // step + 2
        return [first + step * number for number in range(count)]
    last_year, last_month, *_ = cal.fields(latest_us)
    if period == "year":
        return [cal.day_start(number, 1, 1) for number in range(year, last_year + 2)]
    months = range(year * 12 + month - 1, last_year * 12 + last_month + 1)
    return [cal.day_start(number // 12, number % 12 + 1, 1) for number in months]


def density(
    events: Iterable[Event],
    lane_of: Callable[[Event], str] | None = None,
    *,
    period: Period | None = None,
    span: tuple[int, int] | None = None,
) -> Density:
    """Count ``events`` per period of ``period`` (by default chosen from the span) and per
    lane (``lane_of`` names an event's lane; by default there is one, ``""``), in the order
    of each lane's first event. ``span`` is the (earliest, latest) microseconds to count
    over; by default every known bound of the events.

    Runtime complexity: O(n + l·p) for n events in l lanes over p periods.
    """
    import numpy as np

    events = list(events)
    lane_of = lane_of or (lambda _event: "")
    lanes = [lane_of(event) for event in events]
    lane_order = tuple(dict.fromkeys(lanes))
    extents = [_extent(event) for event in events]
    if span is None:
        known = [edge for low, high in extents for edge in (low, high) if edge is not None]
        span = (min(known), max(known)) if known else (0, cal.US_PER_DAY - 1)
    period = period or period_for(*span)
    starts = np.array(period_starts(*span, period), dtype=np.int64)
    lows = np.array([span[0] if low is None else low for low, _ in extents], dtype=np.int64)
    highs = np.array([span[1] if high is None else high for _, high in extents], dtype=np.int64)
    clipped = sum(1 for low, high in extents if low is None or high is None)
    row_of = {lane: row for row, lane in enumerate(lane_order)}
    rows = np.array([row_of[lane] for lane in lanes], dtype=np.intp)
    weights = _spread(starts, np.clip(lows, starts[0], starts[-1] - 1),
                      np.clip(highs, starts[0], starts[-1] - 1), rows, len(lane_order))  # fmt: skip
    return Density(period, lane_order, starts, weights, clipped)


def _extent(event: Event) -> tuple[int | None, int | None]:
    """The earliest and latest instants the event may cover; None where an end is open."""
    start, end = event.when.start, event.when.end
    if not event.when.is_interval and isinstance(start, Moment):
        return start.earliest_us, start.latest_us
    low = start.earliest_us if isinstance(start, Moment) else None
    high = end.latest_us if isinstance(end, Moment) else None
    return low, high


def _spread(starts: Any, lows: Any, highs: Any, rows: Any, lanes: int) -> Any:
    """Each event's weight of 1 spread evenly over the periods from the one holding its
    earliest instant to the one holding its latest, summed per lane.

    Every event adds its share where its periods begin and takes it back after they end, so
    that one running sum along each lane gives the weights, whatever the number of events.
    """
    import numpy as np

    first = np.searchsorted(starts, lows, side="right") - 1
    last = np.searchsorted(starts, highs, side="right") - 1
    share = 1.0 / (last - first + 1)
    steps = np.zeros((lanes, len(starts)), dtype=float)
    np.add.at(steps, (rows, first), share)
    np.add.at(steps, (rows, last + 1), -share)
    weights = np.cumsum(steps, axis=1)[:, :-1]
    # The running sum leaves rounding dust (1e-17) where a lane is empty.
    weights[np.abs(weights) < 1e-9] = 0.0
    return weights
