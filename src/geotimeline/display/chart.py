"""Pictures of timelines with matplotlib: a chart with lanes, and a map.

matplotlib is an optional dependency (the ``plot`` extra), imported only when a picture is
drawn, so ``import geotimeline`` works without it.

:func:`plot_timeline` draws one lane per actor, country or tag. An event known to the day or
better is a point; anything fuzzier or longer is a shaded span over every instant it could
mean, so a season covers its three months. The uncertain ends of an interval are lighter than
its certain middle; an interval still going on (``2014-04/..``) stays solid to the last date of
the timeline and fades out to the edge of the chart, and an end nobody knows (``2014-04/``)
fades out from the start. Labels are placed greedily: each goes on the first row of its lane
where it overlaps nothing, measured with the figure's renderer.

:func:`~geotimeline.display.plot_map` draws the events that have coordinates over a world
outline that ships with the package (Natural Earth's public-domain 1:110m countries), without
network access.

Every text is drawn with ``parse_math=False``: a title such as "a $5bn deal, $2bn paid" is
text, which matplotlib would otherwise read as TeX between the dollar signs (and may fail to).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from geotimeline import examples
>>> ax = plot_timeline(examples.load("seed"), lanes="country")
>>> [label.get_text() for label in ax.get_yticklabels()][:3]
['Ukraine', 'Russia', 'Syria']
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from geotimeline.display import figures

# The map is a module of its own; users find it here, beside the chart.
from geotimeline.display.map import plot_map
from geotimeline.errors import InvalidFieldError, OutOfRangeError, naming_missing_extras
from geotimeline.places.place import country_name
from geotimeline.time import calendar as cal
from geotimeline.time.when import Moment, Precision, Unbounded

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from geotimeline.events.event import Event
    from geotimeline.timeline.timeline import Timeline

__all__ = ["plot_map", "plot_timeline"]

LaneKind: TypeAlias = Literal["actor", "country", "tag"]
#: How events are put in lanes: by a kind of field, by a function of the event, or not at all.
Lanes: TypeAlias = "LaneKind | Callable[[Event], str | None] | None"

_US_PER_DAY: Final = 86_400_000_000
_ROW_INCHES: Final = 0.25  # the height of one row of labels on a figure this module makes
#: A figure this module makes is at most this tall, in inches; labels shrink to fit.
MAX_HEIGHT: Final = 40.0
#: Up to this many events, a chart labels every event by default.
AUTO_LABELS: Final = 80
#: Above this many events, a chart draws how many events fall in each period of each lane
#: (a density view) by default, rather than a mark per event.
AUTO_DENSITY: Final = 1_000
_DENSITY_ROWS: Final = 2  # a lane's height in a density view, in rows
_DENSITY_FILL: Final = 0.85  # the share of a lane's height the tallest bar takes
_LANE_GAP: Final = 0.5  # the space between two lanes, in rows
_BAR_HEIGHT: Final = 0.62  # a span's height, in rows
_LABEL_GAP_PX: Final = 5.0  # the space between a mark and its label, and between two items
_MIN_BAR_PX: Final = 4.0  # a span narrower than this on screen is widened to it
_FADE_STEPS: Final = 24
_SOLID: Final = 0.6  # the opacity of the certain part of a span
_LIGHT: Final = 0.25  # the opacity of the uncertain part of a span
_MAX_LABEL: Final = 60  # characters; longer titles end in an ellipsis
_NO_LANE: Final = {"actor": "(no actor)", "country": "(no country)", "tag": "(no tag)"}


@attrs.frozen
class _Mark:
    """What one event draws, with dates as matplotlib date numbers (days, as floats)."""

    event: Event
    lane: str
    #: Where the event's label starts from (its point, or the known edge of its span).
    anchor: float
    #: The instant of a point, or None for a span.
    point: float | None
    #: The bars of a span, as (start, end, opacity): light where uncertain, solid where sure.
    pieces: tuple[tuple[float, float, float], ...]
    #: A fade from the left edge of the chart to this date (an unbounded start), or None.
    fade_in: float | None
    #: A fade from this date to the right edge of the chart (an unbounded end), or None.
    fade_out: float | None
    #: The opacity a fade starts from (fainter for an unknown end than for an ongoing one).
    fade_from: float
    #: An uncertain or approximate date (EDTF ``?``, ``~``), drawn hollow when it is a point.
    hollow: bool


@naming_missing_extras
def plot_timeline(
    timeline: Timeline | Iterable[Event],
    lanes: Lanes = "actor",
    ax: Axes | None = None,
    *,
    title: str | None = None,
    max_lanes: int = 12,
    labels: bool | None = None,
    legend: bool = True,
    fontsize: float = 8.0,
    width: float = 11.0,
    density: bool | None = None,
) -> Axes:
    """Draw a timeline chart, one lane per actor, country or tag, and return its Axes.

    ``lanes`` is ``"actor"`` (an event's first actor), ``"country"`` (its place's country),
    ``"tag"`` (of its tags, the one most events share), a function from an event to a lane
    name (None for none), or None for a single lane. Lanes come in the order of their first
    event; past ``max_lanes``, the smallest are merged into "other". Without ``ax``, a new
    figure ``width`` inches wide is made, as tall as the labels need (up to
    ``MAX_HEIGHT`` inches). Events are labelled with their titles when ``labels`` is true, or
    by default when there are at most ``AUTO_LABELS`` of them; ``legend`` explains the marks.

    With ``density`` true, or by default for more than ``AUTO_DENSITY`` events (unless
    ``labels`` is true), the chart is a density view instead: in each lane, a histogram of
    the events per day, week, month or year (chosen from the span), each event's weight of
    one spread evenly over the periods it could lie in (see
    :func:`geotimeline.display.density.density`); the lane's artist has the gid
    ``"density:"`` and the lane's name.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from geotimeline import Event
    >>> ax = plot_timeline([Event(title="Ceasefire", when="summer 2017", actors=["Russia"]),
    ...                     Event(title="Strike", when="2017-04-07", actors=["United States"])])
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['United States', 'Russia']
    >>> {artist.get_gid(): type(artist).__name__ for artist in [*ax.patches, *ax.lines]}
    {'2017-22-ceasefire': 'Rectangle', 'lane:United States': 'Rectangle',
     '2017-04-07-strike': 'Line2D'}

    Every artist drawn for an event has the event's id as its ``gid``: the season is a span
    (a Rectangle), the day a point (a Line2D); lanes are shaded in turn.

    Runtime complexity: O(n log n + n·r) for n events placed on r rows; a density view
    O(n log n + l·p) for l lanes of p periods.
    """
    events = sorted(timeline, key=_sort_key)
    lane_of = _lane_names(events, lanes, max_lanes)
    lane_order = list(dict.fromkeys(lane_of[event.id] for event in events))
    if density is None:
        density = len(events) > AUTO_DENSITY and not labels
    if density and labels:
        raise InvalidFieldError("labels", labels, "a density view has no label per event")
    owns_figure = ax is None
    if ax is None:
        _, ax = figures.new_axes(width, 3.0)
    figures.draw_title(ax, timeline, title, fontsize)
    if not events:
        ax.set_yticks([])
        ax.set_xticks([])
        return ax
    if density:
        _draw_density(ax, events, lane_of, lane_order, owns_figure, fontsize)
        _draw_lanes(ax, *_density_lanes(lane_order), lanes is not None)
        _date_axis(ax)
        return ax
    low, high = _x_range(events)
    marks = [_mark(event, lane_of[event.id], low, high) for event in events]
    ax.set_xlim(low, high)
    figure = _figure_of(ax)
    if owns_figure:
        _set_side_margins(figure, ax, lane_order, fontsize)
    if labels is None:
        labels = len(events) <= AUTO_LABELS
    texts = [_add_label(ax, mark, fontsize) if labels else None for mark in marks]
    rows, lane_rows = _place(ax, marks, texts, lane_order)
    top_of = _lane_tops(lane_order, lane_rows)
    total = top_of[lane_order[-1]] + lane_rows[lane_order[-1]]
    if owns_figure:
        _set_height(figure, ax, total, fontsize)
    _fit_font(ax, [text for text in texts if text is not None], total, fontsize)
    colors = _lane_colors(lane_order)
    for mark, text, row in zip(marks, texts, rows, strict=True):
        y = top_of[mark.lane] + row + 0.5
        _draw_mark(ax, mark, y, colors[mark.lane], low, high)
        if text is not None:
            text.set_y(y)
    _draw_lanes(ax, lane_order, lane_rows, top_of, total, lanes is not None)
    _date_axis(ax)
    if legend:
        _legend(ax, marks, fontsize)
    return ax


def _sort_key(event: Event) -> tuple[int, int, str]:
    return event.sort_key


# -- lanes -----------------------------------------------------------------------------------


def _lane_names(events: Sequence[Event], lanes: Lanes, max_lanes: int) -> dict[str, str]:
    """The lane of each event, by id, with lanes past ``max_lanes`` merged into "other"."""
    if max_lanes < 1:
        raise InvalidFieldError("max_lanes", max_lanes, "must be at least 1")
    if lanes is None:
        return {event.id: "" for event in events}
    if callable(lanes):
        return _merge_small({event.id: lanes(event) or "(none)" for event in events}, max_lanes)
    if lanes not in _NO_LANE:
        raise InvalidFieldError(
            "lanes", lanes, "must be 'actor', 'country', 'tag', a function or None"
        )
    # Counted only for tag lanes: a hundred thousand events' tags take a while.
    tag_counts = collections.Counter(
        tag for event in (events if lanes == "tag" else ()) for tag in event.tags
    )
    choose: dict[str, Callable[[Event], str | None]] = {
        "actor": lambda event: event.actors[0] if event.actors else None,
        "country": lambda event: (
            country_name(event.place.country) if event.place and event.place.country else None
        ),
        # The tag most events share groups best ("syria" rather than "airstrikes").
        "tag": lambda event: min(event.tags, key=lambda tag: (-tag_counts[tag], tag), default=None),
    }
    names = {event.id: choose[lanes](event) or _NO_LANE[lanes] for event in events}
    return _merge_small(names, max_lanes)


def _merge_small(names: dict[str, str], max_lanes: int) -> dict[str, str]:
    counts = collections.Counter(names.values())
    if len(counts) <= max_lanes:
        return names
    kept = {name for name, _ in counts.most_common(max_lanes - 1)}
    return {key: name if name in kept else "other" for key, name in names.items()}


def _lane_colors(lane_order: Sequence[str]) -> dict[str, tuple[float, float, float, float]]:
    from matplotlib import colormaps

    palette = colormaps["tab10"]
    return {lane: palette(index % 10) for index, lane in enumerate(lane_order)}


def _lane_tops(lane_order: Sequence[str], lane_rows: dict[str, int]) -> dict[str, float]:
    tops: dict[str, float] = {}
    top = _LANE_GAP / 2
    for lane in lane_order:
        tops[lane] = top
        top += lane_rows[lane] + _LANE_GAP
    return tops


# -- dates -----------------------------------------------------------------------------------


@functools.cache
def _epoch() -> float:
    """The matplotlib date number of the Unix epoch (matplotlib's own epoch is configurable)."""
    from matplotlib import dates

    # matplotlib's date functions carry no annotations; this says what this one takes and gives.
    date2num: Callable[[dt.datetime], float] = dates.date2num
    return float(date2num(dt.datetime(1970, 1, 1, tzinfo=dt.UTC)))


def _days(us: int) -> float:
    return _epoch() + us / _US_PER_DAY


def _x_range(events: Sequence[Event]) -> tuple[float, float]:
    """The dates the chart shows: every known bound, padded; more room right of open ends."""
    known = [
        edge
        for event in events
        for bound in (event.when.start, event.when.end)
        if isinstance(bound, Moment)
        for edge in (bound.earliest_us, bound.latest_us)
    ]
    _refuse_undrawable(min(known), max(known))
    low, high = _days(min(known)), _days(max(known))
    span = max(high - low, 2.0)
    open_end = any(event.when.end is Unbounded.OPEN for event in events)
    open_start = any(event.when.start is Unbounded.OPEN for event in events)
    unknown = any(isinstance(event.when.start, Unbounded) for event in events)
    unknown |= any(isinstance(event.when.end, Unbounded) for event in events)
    pad_left = span * (0.1 if open_start else 0.03)
    pad_right = span * (0.1 if open_end else 0.03)
    if unknown:
        pad_left, pad_right = max(pad_left, span * 0.05), max(pad_right, span * 0.05)
    # matplotlib dates run from year 1 to year 9999, as geotimeline's do.
    first = _epoch() + (dt.date(1, 1, 1) - dt.date(1970, 1, 1)).days
    last = _epoch() + (dt.date(9999, 12, 31) - dt.date(1970, 1, 1)).days
    return max(low - pad_left, first), min(high + pad_right, last)


def _refuse_undrawable(earliest_us: int, latest_us: int) -> None:
    """matplotlib's dates are those of years 1-9999: say so before it fails mid-drawing."""
    for edge in (earliest_us, latest_us):
        if not cal.DATETIME_MIN_US <= edge <= cal.DATETIME_MAX_US:
            raise OutOfRangeError(cal.fields(edge)[0])


def _date_axis(ax: Axes) -> None:
    from matplotlib import dates

    # Unannotated in matplotlib, hence the Any.
    auto_locator: Any = dates.AutoDateLocator
    concise_formatter: Any = dates.ConciseDateFormatter
    locator = auto_locator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(concise_formatter(locator))
    ax.grid(axis="x", color="0.85", linewidth=0.6)
    ax.set_axisbelow(True)


# -- marks -----------------------------------------------------------------------------------


def _mark(event: Event, lane: str, low: float, high: float) -> _Mark:
    """How to draw an event: a point, or a span of certain, uncertain and fading pieces."""
    when = event.when
    start, end = when.start, when.end
    hollow = any(
        isinstance(bound, Moment) and (bound.uncertain or bound.approximate)
        for bound in (start, end)
    )
    if not when.is_interval and isinstance(start, Moment) and start.precision >= Precision.DAY:
        at = _days(start.earliest_us)
        return _Mark(event, lane, at, at, (), None, None, _SOLID, hollow)
    pieces: list[tuple[float, float, float]] = []
    fade_in = fade_out = None
    fade_from = _SOLID
    if not when.is_interval and isinstance(start, Moment):
        # A coarse instant (a season, a month, a year) could be any instant in it: all uncertain.
        pieces.append((_days(start.earliest_us), _days(start.latest_us), _LIGHT * 1.4))
        anchor = pieces[0][0]
    elif isinstance(start, Moment) and isinstance(end, Moment):
        pieces += _interval_pieces(start, end)
        anchor = pieces[0][0]
    elif isinstance(start, Moment):
        pieces.append((_days(start.earliest_us), _days(start.latest_us), _LIGHT))
        anchor = pieces[0][0]
        if end is Unbounded.OPEN:
            # Still going on: certain up to the timeline's last date, then fading out.
            solid_to = max(_days(start.latest_us), high - (high - low) * 0.08)
            pieces.append((_days(start.latest_us), solid_to, _SOLID))
            fade_out = solid_to
        else:
            fade_out, fade_from = _days(start.latest_us), _SOLID * 0.8
    else:
        assert isinstance(end, Moment)  # When refuses two unbounded ends
        pieces.append((_days(end.earliest_us), _days(end.latest_us), _LIGHT))
        anchor = pieces[0][1]
        if start is Unbounded.OPEN:
            solid_from = min(_days(end.earliest_us), low + (high - low) * 0.04)
            pieces.append((solid_from, _days(end.earliest_us), _SOLID))
            fade_in = solid_from
        else:
            fade_in, fade_from = _days(end.earliest_us), _SOLID * 0.8
    return _Mark(event, lane, anchor, None, tuple(pieces), fade_in, fade_out, fade_from, hollow)


def _interval_pieces(start: Moment, end: Moment) -> list[tuple[float, float, float]]:
    """An interval's pieces: its fuzzy start and end light, what lies surely between solid."""
    first, last = _days(start.earliest_us), _days(end.latest_us)
    sure_from, sure_to = _days(start.latest_us), _days(end.earliest_us)
    if sure_from >= sure_to:
        return [(first, last, _LIGHT)]
    pieces = [(first, sure_from, _LIGHT), (sure_from, sure_to, _SOLID), (sure_to, last, _LIGHT)]
    return [piece for piece in pieces if piece[1] > piece[0]]


def _extent_px(ax: Axes, mark: _Mark, label_width: float) -> tuple[float, float, bool]:
    """Where a mark and its label lie across the axes, in pixels, and whether the label is
    on the right of its anchor (it goes left when it would leave the axes on the right).
    """
    low, high = ax.get_xlim()
    axes_width = ax.get_window_extent().width
    scale = axes_width / (high - low)

    def px(days: float) -> float:
        return (days - low) * scale

    left = [px(piece[0]) for piece in mark.pieces] + [px(mark.anchor)]
    right = [max(px(piece[1]), px(piece[0]) + _MIN_BAR_PX) for piece in mark.pieces]
    right.append(px(mark.anchor))
    if mark.fade_in is not None:
        left.append(0.0)
    if mark.fade_out is not None:
        right.append(axes_width)
    anchor = px(mark.anchor)
    on_right = anchor + _LABEL_GAP_PX + label_width <= axes_width or anchor < axes_width / 2
    if on_right:
        right.append(anchor + _LABEL_GAP_PX + label_width)
    else:
        left.append(anchor - _LABEL_GAP_PX - label_width)
    return min(left), max(right), on_right


def _add_label(ax: Axes, mark: _Mark, fontsize: float) -> Text:
    """The event's title (shortened when long) as a label, placed later by :func:`_place`."""
    title = mark.event.title
    if len(title) > _MAX_LABEL:
        title = title[: _MAX_LABEL - 1].rstrip() + "…"
    label = ax.text(
        mark.anchor, 0.0, title, fontsize=fontsize, va="center", clip_on=False, parse_math=False
    )
    label.set_gid(mark.event.id)
    return label


def _place(
    ax: Axes, marks: Sequence[_Mark], labels: Sequence[Text | None], lane_order: Sequence[str]
) -> tuple[list[int], dict[str, int]]:
    """The row of each mark within its lane, and the number of rows of each lane.

    Greedy interval partitioning: items sorted by where they start each take the first row
    whose last item ends before them, which uses as few rows as any placement can.
    """
    low, high = ax.get_xlim()
    days_per_px = (high - low) / ax.get_window_extent().width
    extents = []
    for mark, label in zip(marks, labels, strict=True):
        width = -_LABEL_GAP_PX if label is None else label.get_window_extent().width
        left, right, on_right = _extent_px(ax, mark, width)
        extents.append((left, right))
        if label is None:
            continue
        shift = _LABEL_GAP_PX * days_per_px
        label.set_x(mark.anchor + shift if on_right else mark.anchor - shift)
        label.set_horizontalalignment("left" if on_right else "right")
    rows = [0] * len(marks)
    row_ends: dict[str, list[float]] = {lane: [] for lane in lane_order}
    for index in sorted(range(len(marks)), key=lambda index: extents[index]):
        left, right = extents[index]
        ends = row_ends[marks[index].lane]
        row = next((row for row, end in enumerate(ends) if end + _LABEL_GAP_PX <= left), len(ends))
        if row == len(ends):
            ends.append(right)
        ends[row] = right
        rows[index] = row
    return rows, {lane: len(ends) for lane, ends in row_ends.items()}


# -- drawing ---------------------------------------------------------------------------------


def _draw_mark(
    ax: Axes,
    mark: _Mark,
    y: float,
    color: tuple[float, float, float, float],
    low: float,
    high: float,
) -> None:
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Rectangle

    gid = mark.event.id
    if mark.point is not None:
        face = "white" if mark.hollow else color
        (line,) = ax.plot(
            [mark.point], [y], marker="o", markersize=6, linestyle="none",
            markerfacecolor=face, markeredgecolor=color, markeredgewidth=1.4, zorder=3,
        )  # fmt: skip
        line.set_gid(gid)
        return
    min_width = _MIN_BAR_PX * (high - low) / ax.get_window_extent().width
    bottom = y - _BAR_HEIGHT / 2
    for left, right, alpha in mark.pieces:
        if right - left < min_width:
            middle = (left + right) / 2
            left, right = middle - min_width / 2, middle + min_width / 2
        patch = Rectangle(
            (left, bottom), right - left, _BAR_HEIGHT, facecolor=color, alpha=alpha,
            edgecolor="none", zorder=2,
        )  # fmt: skip
        patch.set_gid(gid)
        ax.add_patch(patch)
    for start, end, rising in ((mark.fade_out, high, False), (low, mark.fade_in, True)):
        if start is None or end is None or end <= start:
            continue
        steps = [start + (end - start) * step / _FADE_STEPS for step in range(_FADE_STEPS + 1)]
        alphas = [mark.fade_from * (1 - (step + 0.5) / _FADE_STEPS) for step in range(_FADE_STEPS)]
        if rising:
            alphas.reverse()
        boxes = [
            [(a, bottom), (b, bottom), (b, bottom + _BAR_HEIGHT), (a, bottom + _BAR_HEIGHT)]
            for a, b in itertools.pairwise(steps)
        ]
        fade = PolyCollection(
            boxes, facecolors=[(*color[:3], alpha) for alpha in alphas], edgecolors="none", zorder=2
        )
        fade.set_gid(gid)
        ax.add_collection(fade, autolim=False)


def _draw_lanes(
    ax: Axes,
    lane_order: Sequence[str],
    lane_rows: dict[str, int],
    top_of: dict[str, float],
    total: float,
    named: bool,
) -> None:
    centres = []
    for index, lane in enumerate(lane_order):
        top, bottom = top_of[lane] - _LANE_GAP / 2, top_of[lane] + lane_rows[lane] + _LANE_GAP / 2
        if index % 2 == 0:
            band = ax.axhspan(top, bottom, facecolor="0.5", alpha=0.07, linewidth=0, zorder=0)
            band.set_gid(f"lane:{lane}")
        centres.append((top + bottom) / 2)
    ax.set_ylim(total + _LANE_GAP / 2, 0)
    ax.set_yticks(centres, list(lane_order) if named else [""] * len(centres), parse_math=False)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _legend(ax: Axes, marks: Sequence[_Mark], fontsize: float) -> None:
    """A key to the kinds of mark the chart uses, in one row under the dates, at the left."""
    from matplotlib.collections import PolyCollection
    from matplotlib.legend_handler import HandlerBase
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    grey = (0.35, 0.35, 0.35)

    class FadeKey(HandlerBase):
        """Draws the key of a fade: a bar whose opacity falls to nothing."""

        def create_artists(
            self, legend: object, handle: object, x: float, y: float, width: float,
            height: float, fontsize: float, transform: Any,
        ) -> list[PolyCollection]:  # fmt: skip
            steps = [-x + width * step / _FADE_STEPS for step in range(_FADE_STEPS + 1)]
            boxes = [
                [(a, -y), (b, -y), (b, height - y), (a, height - y)]
                for a, b in itertools.pairwise(steps)
            ]
            alphas = [_SOLID * (1 - (step + 0.5) / _FADE_STEPS) for step in range(_FADE_STEPS)]
            colors = [(*grey, alpha) for alpha in alphas]
            return [
                PolyCollection(boxes, facecolors=colors, edgecolors="none", transform=transform)
            ]

    fade = Patch()  # a stand-in that FadeKey draws
    keys: list[tuple[bool, Any, str]] = [
        (
            any(mark.point is not None and not mark.hollow for mark in marks),
            Line2D([], [], marker="o", color=grey, linestyle="none", markersize=6),
            "a day",
        ),
        (
            any(mark.point is not None and mark.hollow for mark in marks),
            Line2D([], [], marker="o", color=grey, markerfacecolor="white", linestyle="none"),
            "a day, uncertain",
        ),
        (
            any(alpha == _SOLID for mark in marks for _, _, alpha in mark.pieces),
            Patch(facecolor=grey, alpha=_SOLID, linewidth=0),
            "a period",
        ),
        (
            any(alpha < _SOLID for mark in marks for _, _, alpha in mark.pieces),
            Patch(facecolor=grey, alpha=_LIGHT, linewidth=0),
            "some time within",
        ),
        (
            any(mark.fade_in is not None or mark.fade_out is not None for mark in marks),
            fade,
            "ongoing, or end unknown",
        ),
    ]
    shown = [(handle, text) for present, handle, text in keys if present]
    ax.legend(
        [handle for handle, _ in shown],
        [text for _, text in shown],
        handler_map={fade: FadeKey()},
        # At the left: the year of the dates (matplotlib's offset text) stands at the right.
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),
        ncols=len(shown),
        frameon=False,
        fontsize=fontsize,
        handlelength=1.8,
        columnspacing=1.4,
        borderaxespad=2.8,  # in font sizes: room for the dates above
    )


# -- the density view ------------------------------------------------------------------------


def _density_lanes(
    lane_order: Sequence[str],
) -> tuple[Sequence[str], dict[str, int], dict[str, float], float]:
    """Each lane's rows and top in a density view, and the rows of all lanes."""
    lane_rows = dict.fromkeys(lane_order, _DENSITY_ROWS)
    top_of = _lane_tops(lane_order, lane_rows)
    return lane_order, lane_rows, top_of, top_of[lane_order[-1]] + _DENSITY_ROWS


def _draw_density(
    ax: Axes,
    events: Sequence[Event],
    lane_of: dict[str, str],
    lane_order: Sequence[str],
    owns_figure: bool,
    fontsize: float,
) -> None:
    """Each lane's events per period as a histogram, on one scale for all lanes."""
    from matplotlib.patches import StepPatch

    from geotimeline.display.density import density

    counts = density(events, lambda event: lane_of[event.id])
    # The periods hold every known bound: the edge of the first and the last of the last.
    _refuse_undrawable(int(counts.starts[0]), int(counts.starts[-1]) - 1)
    assert list(counts.lanes) == list(lane_order)  # both in order of the lanes' first events
    # The end of the last period of year 9999 is past the last date matplotlib draws.
    last = _days(cal.DATETIME_MAX_US - 60 * 1_000_000)  # a minute short: floats round
    edges = [min(_days(int(edge)), last) for edge in counts.starts]
    ax.set_xlim(edges[0], edges[-1])
    figure = _figure_of(ax)
    _, _, top_of, total = _density_lanes(lane_order)
    if owns_figure:
        _set_side_margins(figure, ax, lane_order, fontsize)
        _set_height(figure, ax, total, fontsize)
    tallest = float(counts.weights.max()) or 1.0
    scale = _DENSITY_ROWS * _DENSITY_FILL / tallest
    colors = _lane_colors(lane_order)
    for lane, weights in zip(lane_order, counts.weights, strict=True):
        bottom = top_of[lane] + _DENSITY_ROWS
        # The y axis runs downwards: a bar rises from its lane's bottom to smaller values.
        bars = StepPatch(
            bottom - weights * scale, edges, baseline=bottom, fill=True,
            facecolor=colors[lane], alpha=_SOLID, edgecolor="none", zorder=2,
        )  # fmt: skip
        bars.set_gid(f"density:{lane}")
        # Not ax.stairs, nor add_patch: they would fit the limits (set above) to every step
        # of the outline, a second for thousands of periods.
        ax.add_artist(bars)
    _density_key(ax, counts.period, tallest, counts.clipped, fontsize)


def _density_key(ax: Axes, period: str, tallest: float, clipped: int, fontsize: float) -> None:
    """What the bars mean, under the dates at the left, where the chart's legend stands."""
    spread = f"events per {period}, each spread over the {period}s it may lie in"
    lines = [f"{spread}; the tallest bar: {tallest:,.1f}"]
    if clipped:
        ends = (
            "events with open or unknown ends"
            if clipped > 1
            else "event with an open or unknown end"
        )
        lines.append(f"{clipped:,} {ends}, counted up to the edge of the chart")
    key = ax.annotate(
        "\n".join(lines), xy=(0.0, 0.0), xycoords="axes fraction", xytext=(0, -2.8 * fontsize),
        textcoords="offset points", ha="left", va="top", fontsize=fontsize, color="0.3",
        parse_math=False,
    )  # fmt: skip
    key.set_gid("density-key")


# -- figure geometry -------------------------------------------------------------------------


def _figure_of(ax: Axes) -> Figure:
    from matplotlib.figure import Figure

    figure = ax.get_figure()
    assert isinstance(figure, Figure)
    return figure


def _set_side_margins(figure: Figure, ax: Axes, lane_order: Sequence[str], fontsize: float) -> None:
    """Room on the left for the longest lane name, measured, at a width that then stays put."""
    probe = ax.text(0, 0, max(lane_order, key=len) or " ", fontsize=fontsize + 1, parse_math=False)
    left = probe.get_window_extent().width / figure.dpi + 0.3
    probe.remove()
    width = figure.get_figwidth()
    figure.subplots_adjust(left=left / width, right=1 - 0.25 / width)
    ax.tick_params(axis="y", labelsize=fontsize + 1)


def _set_height(figure: Figure, ax: Axes, rows: float, fontsize: float) -> None:
    row = _ROW_INCHES * fontsize / 8
    top, bottom = 0.45, 0.75
    height = min(rows * row + top + bottom, MAX_HEIGHT)
    figure.set_figheight(height)
    figure.subplots_adjust(top=1 - top / height, bottom=bottom / height)
    ax.tick_params(axis="x", labelsize=fontsize + 1)


def _fit_font(ax: Axes, labels: Sequence[Text], rows: float, fontsize: float) -> None:
    """On a user's axes too short for the rows, shrink the labels so they do not touch."""
    row_px = ax.get_window_extent().height / (rows + _LANE_GAP / 2)
    points = row_px * 72 / _figure_of(ax).dpi
    fitted = min(fontsize, points * 0.75)
    if fitted < fontsize:
        for label in labels:
            label.set_fontsize(max(fitted, 1.0))
