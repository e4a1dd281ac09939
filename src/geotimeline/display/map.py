"""The map: events with coordinates over a world outline that ships with the package.

:func:`plot_map` is documented and imported as :func:`geotimeline.display.plot_map`. The outline
is Natural Earth's public-domain 1:110m countries, kept in ``places/world_110m.json`` as rings of
(lon, lat) in tenths of a degree and read once, so drawing a map needs no network access.
"""

from __future__ import annotations

import collections
import itertools
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

from geotimeline.display import figures
from geotimeline.errors import naming_missing_extras
from geotimeline.places.outlines import outlines
from geotimeline.places.place import country_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    from geotimeline.events.event import Event
    from geotimeline.timeline.timeline import Timeline

__all__ = ["plot_map"]


def _world() -> dict[str, tuple[tuple[tuple[float, float], ...], ...]]:
    """The bundled country outlines: for each ISO alpha-2 code, its rings of (lon, lat)."""
    return outlines()


def _ring_centre(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """A ring's centroid (lon, lat) and its area in square degrees (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


@naming_missing_extras
def plot_map(
    timeline: Timeline | Iterable[Event],
    ax: Axes | None = None,
    *,
    title: str | None = None,
    labels: bool = True,
    extent: tuple[float, float, float, float] | None = None,
    fontsize: float = 8.0,
    width: float = 11.0,
) -> Axes:
    """Draw the events that have coordinates on a world map, and return its Axes.

    Countries named by events' places are shaded and named; each place with coordinates is a
    point, sized by its number of events. Places are labelled with their names, the places of
    most events first, each label beside its point or further out with a line back to it,
    where it overlaps no other label and no point; labels that do not fit are left out, so a
    map of thousands of places names those it has room for. ``extent`` is
    ``(west, east, south, north)`` in degrees; by default the map fits the points and the
    shaded countries. Nothing is downloaded: the outline ships with geotimeline.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from geotimeline import Event, Place
    >>> da_nang = Place("Da Nang", country="VN", latitude=16.05, longitude=108.2)
    >>> ax = plot_map([Event(title="Talks", when="2017-11-11", place=da_nang)])
    >>> [text.get_text() for text in ax.texts]
    ['Vietnam', 'Da Nang']

    Runtime complexity: O(n + p·s + p log p) for n events on p places and s label spots, as
    finding whether a spot is free looks only at the labels and points near it.
    """
    events = list(timeline)
    places = _located_places(events)
    countries = sorted({e.place.country for e in events if e.place and e.place.country})
    west, east, south, north = extent or _map_extent(places, countries)
    aspect = 1 / max(math.cos(math.radians((south + north) / 2)), 0.2)
    if ax is None:
        # A figure shaped like the map, so that the map fills it.
        map_height = width * 0.92 * (north - south) * aspect / (east - west)
        height = min(max(map_height / 0.86, 2.5), width * 1.2)
        figure, ax = figures.new_axes(width, height)
        figure.subplots_adjust(left=0.06, right=0.98, bottom=0.06, top=0.92)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(aspect, adjustable="box")
    _draw_world(ax, countries)
    _graticule(ax, fontsize)
    figures.draw_title(ax, timeline, title, fontsize)
    if places:
        lons = [lon for lon, _, _, _ in places]
        lats = [lat for _, lat, _, _ in places]
        sizes = [16 + 14 * min(count - 1, 6) for _, _, _, count in places]
        dots = ax.scatter(lons, lats, s=sizes, color="tab:red", edgecolor="white", zorder=4)
        dots.set_gid("places")
    if labels:
        _label_map(ax, countries, places, fontsize)
    return ax


def _located_places(events: Sequence[Event]) -> list[tuple[float, float, str, int]]:
    """Each distinct point as (lon, lat, name, number of events); the shortest name wins."""
    names: dict[tuple[float, float], list[str]] = collections.defaultdict(list)
    for event in events:
        place = event.place
        if place is not None and place.latitude is not None and place.longitude is not None:
            names[place.longitude, place.latitude].append(place.name)
    return [
        (lon, lat, min(found, key=lambda name: (len(name), name)), len(found))
        for (lon, lat), found in names.items()
    ]


def _map_extent(
    places: Sequence[tuple[float, float, str, int]], countries: Sequence[str]
) -> tuple[float, float, float, float]:
    """(west, east, south, north): the points and shaded countries, padded; else the world."""
    xs = [lon for lon, _, _, _ in places]
    ys = [lat for _, lat, _, _ in places]
    world = _world()
    for code in countries:
        # Far-flung islands and overseas parts would stretch the map: use the largest ring.
        rings = world.get(code, ())
        if rings:
            largest = max(rings, key=lambda ring: _ring_centre(ring)[2])
            xs += [lon for lon, _ in largest]
            ys += [lat for _, lat in largest]
    if not xs:
        return -180.0, 180.0, -60.0, 85.0
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    pad_x = max((east - west) * 0.08, 12.0 - (east - west) / 2, 2.0)
    pad_y = max((north - south) * 0.12, 8.0 - (north - south) / 2, 2.0)
    return (
        max(west - pad_x, -180.0),
        min(east + pad_x, 180.0),
        max(south - pad_y, -90.0),
        min(north + pad_y, 90.0),
    )


def _draw_world(ax: Axes, countries: Sequence[str]) -> None:
    from matplotlib.collections import PolyCollection

    world = _world()
    plain = [ring for code, rings in world.items() if code not in countries for ring in rings]
    shaded = [ring for code in countries for ring in world.get(code, ())]
    ax.set_facecolor("#eef3f7")
    land = PolyCollection(plain, facecolors="#f4f1ea", edgecolors="#b9b4a8", linewidths=0.4)
    land.set_gid("land")
    ax.add_collection(land, autolim=False)
    if shaded:
        named = PolyCollection(shaded, facecolors="#f2dcc2", edgecolors="#a8937b", linewidths=0.5)
        named.set_gid("countries")
        ax.add_collection(named, autolim=False)


def _graticule(ax: Axes, fontsize: float) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    def degrees(east: str, west: str) -> FuncFormatter:
        return FuncFormatter(
            lambda value, _: f"{abs(value):g}°{east if value > 0 else west if value < 0 else ''}"
        )

    ax.xaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 3, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 3, 5, 10]))
    ax.xaxis.set_major_formatter(degrees("E", "W"))
    ax.yaxis.set_major_formatter(degrees("N", "S"))
    ax.tick_params(labelsize=fontsize, length=0, colors="0.4")
    ax.grid(color="white", linewidth=0.6, alpha=0.9)
    for spine in ax.spines.values():
        spine.set_color("0.75")


# The spots tried for a place's label, in order: beside the point, then further out, with a
# leader line. Offsets in points.
_SPOTS: Final = tuple(
    (radius * math.cos(math.radians(angle)), radius * math.sin(math.radians(angle)))
    for radius in (7, 18, 30, 44, 60)
    for angle in (0, 180, 30, 150, -30, -150, 60, 120, -60, -120, 90, -90)
)
# Room kept around a label, as a fraction of its size: the white box drawn behind it.
_MARGIN: Final = (1.04, 1.1)
# A point's marker, as the box in pixels that labels keep clear of.
_MARKER_PX: Final = 8.0
# Where a label sits against its anchor, as a fraction of its width and height to move its
# left and bottom edges by: left-aligned labels start at the anchor, and so on (see _align).
_ALIGN_SHIFT: Final = tuple(
    (
        0.0 if dx > 0.5 else -1.0 if dx < -0.5 else -0.5,
        0.0 if dy > 0.5 else -1.0 if dy < -0.5 else -0.5,
    )
    for dx, dy in _SPOTS
)

_Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels
# How many places are checked against the labels at once (see _label_map): the labels' summed
# raster is worked out once a batch.
_BATCH: Final = 500


class _Occupancy:
    """What is already drawn on the map: the points, as a pixel raster summed once (so that
    whether a box holds a point costs four look-ups), and the labels, filed by the grid cells
    they cover (so that the labels near a box are found in a few cells).
    """

    def __init__(self, frame: Bbox, points: Sequence[tuple[float, float]], cell: float) -> None:
        import numpy as np

        self._origin = (math.floor(frame.x0), math.floor(frame.y0))
        columns, rows = math.ceil(frame.x1) - self._origin[0], math.ceil(frame.y1) - self._origin[1]
        raster = np.zeros((rows + 1, columns + 1), dtype=np.int32)
        half = _MARKER_PX / 2
        for x, y in points:
            # Every pixel a marker's box touches: a box that overlaps it touches one of them.
            left, bottom = (
                math.floor(x - half) - self._origin[0],
                math.floor(y - half) - self._origin[1],
            )
            right, top = (
                math.ceil(x + half) - self._origin[0],
                math.ceil(y + half) - self._origin[1],
            )
            raster[max(bottom, 0) : max(top, 0), max(left, 0) : max(right, 0)] = 1
        self._summed = np.zeros((rows + 2, columns + 2), dtype=np.int32)
        self._summed[1:, 1:] = raster.cumsum(axis=0).cumsum(axis=1)
        self._cell = cell
        # The pixels that lie wholly inside a label: a box holding one of them overlaps it.
        self._labelled = np.zeros((rows + 1, columns + 1), dtype=bool)
        # The labels' raster summed as for the points, and how many labels it holds.
        self._summed_labels: tuple[int, Any] = (-1, None)
        self._labels: list[_Box] = []
        self._cells: dict[tuple[int, int], list[int]] = collections.defaultdict(list)

    def _covered(self, box: _Box) -> Iterable[tuple[int, int]]:
        cell = self._cell
        columns = range(math.floor(box[0] / cell), math.floor(box[2] / cell) + 1)
        rows = range(math.floor(box[1] / cell), math.floor(box[3] / cell) + 1)
        return itertools.product(columns, rows)

    def add(self, box: _Box) -> None:
        """File a label's box."""
        number = len(self._labels)
        self._labels.append(box)
        left, bottom, right, top = self._pixels_within(box)
        self._labelled[bottom:top, left:right] = True
        for key in self._covered(box):
            self._cells[key].append(number)

    def _pixels_within(self, box: _Box) -> tuple[int, int, int, int]:
        """The columns and rows (left, bottom, right, top, ends excluded) of the pixels that
        lie wholly inside ``box``, cut to the raster."""
        x, y = self._origin
        return (
            max(math.ceil(box[0]) - x, 0),
            max(math.ceil(box[1]) - y, 0),
            max(math.floor(box[2]) - x, 0),
            max(math.floor(box[3]) - y, 0),
        )

    def surely_hold_label(self, box: _Box) -> bool:
        """Whether ``box`` overlaps a label, as far as the pixels tell: True is certain, False
        leaves it to :meth:`labels_near` (a label may cover part of a pixel)."""
        left, bottom, right, top = self._pixels_within(box)
        return bool(self._labelled[bottom:top, left:right].any())

    def surely_hold_labels(self, boxes: Any) -> Any:
        """:meth:`surely_hold_label` of each box (x0, y0, x1, y1) of an array, at once."""
        import numpy as np

        if self._summed_labels[0] != len(self._labels):  # summed again only when it changed
            summed = np.zeros((self._labelled.shape[0] + 1, self._labelled.shape[1] + 1), np.int32)
            summed[1:, 1:] = self._labelled.cumsum(axis=0, dtype=np.int32).cumsum(axis=1)
            self._summed_labels = (len(self._labels), summed)
        summed = self._summed_labels[1]
        high = np.array(self._labelled.shape[::-1])
        lower = np.clip(np.ceil(boxes[:, :2]) - self._origin, 0, high).astype(int)
        upper = np.clip(np.floor(boxes[:, 2:]) - self._origin, lower, high).astype(int)
        inside = (
            summed[upper[:, 1], upper[:, 0]] - summed[lower[:, 1], upper[:, 0]]
            - summed[upper[:, 1], lower[:, 0]] + summed[lower[:, 1], lower[:, 0]]
        )  # fmt: skip
        return inside > 0

    def labels_near(self, region: _Box) -> list[_Box]:
        """The labels that may overlap ``region`` (and perhaps a few more)."""
        found = {number for key in self._covered(region) for number in self._cells.get(key, ())}
        return [self._labels[number] for number in found]

    def hold_points(self, boxes: Any) -> Any:
        """For each box (x0, y0, x1, y1) of an array, whether it may overlap a point's marker."""
        import numpy as np

        high = np.array(self._summed.shape[::-1]) - 1
        lower = np.clip(np.floor(boxes[:, :2]) - self._origin, 0, high).astype(int)
        upper = np.clip(np.ceil(boxes[:, 2:]) - self._origin, 0, high).astype(int)
        summed = self._summed
        inside = (
            summed[upper[:, 1], upper[:, 0]] - summed[lower[:, 1], upper[:, 0]]
            - summed[upper[:, 1], lower[:, 0]] + summed[lower[:, 1], lower[:, 0]]
        )  # fmt: skip
        return inside > 0


def _label_map(
    ax: Axes,
    countries: Sequence[str],
    places: Sequence[tuple[float, float, str, int]],
    fontsize: float,
) -> None:
    """Name the shaded countries, then label the places, most events first, each at the first
    spot where its label overlaps no other label and no point; a label that fits nowhere is
    left out.
    """
    ax.apply_aspect()  # moves the axes to their final box, so that pixel positions hold
    frame = ax.get_window_extent()
    points = [tuple(point) for point in ax.transData.transform([p[:2] for p in places])]
    # Cells about eight labels high: the spots of one label span a few cells, and labels are
    # few (they must not overlap), so a cell holds a few.
    occupied = _Occupancy(frame, points, cell=max(fontsize * ax.figure.dpi / 72 * 8, 16.0))
    _name_countries(ax, countries, fontsize, occupied, frame)
    placer = _LabelPlacer(ax, fontsize, occupied, frame)
    order = sorted(range(len(places)), key=lambda index: (-places[index][3], places[index][2]))
    texts = [_label_text(*places[index][2:]) for index in order]
    boxes, ends = placer.spots_clear_of_points([points[index] for index in order], texts)
    starts = [0, *ends]
    # Labels only ever add up, so a spot that overlaps one stays blocked. Rather than ask,
    # place by place, whether each spot clear of points is clear of labels too, ask it of a
    # batch of places at once, against the labels placed before it.
    for first in range(0, len(order), _BATCH):
        last = min(first + _BATCH, len(order))
        low = starts[first]
        blocked = occupied.surely_hold_labels(boxes[low : ends[last - 1]]).tolist()
        clear = [tuple(box) for box in boxes[low : ends[last - 1]].tolist()]
        for rank in range(first, last):
            spots = range(starts[rank] - low, ends[rank] - low)
            hopeful = [clear[spot] for spot in spots if not blocked[spot]]
            if hopeful:
                index = order[rank]
                lon, lat, _, _ = places[index]
                placer.place(lon, lat, points[index], texts[rank], hopeful)
    placer.done()


def _label_text(place: str, count: int) -> str:
    return place if count == 1 else f"{place} ({count})"


def _name_countries(
    ax: Axes, countries: Sequence[str], fontsize: float, occupied: _Occupancy, frame: Bbox
) -> None:
    import numpy as np

    world = _world()
    for code in countries:
        rings = world.get(code)
        if not rings:
            continue
        lon, lat, _ = _ring_centre(max(rings, key=lambda ring: _ring_centre(ring)[2]))
        name = ax.text(
            lon, lat, country_name(code), fontsize=fontsize - 0.5, color="#7a6a58",
            style="italic", ha="center", va="center", zorder=3, parse_math=False,
        )  # fmt: skip
        box = name.get_window_extent().expanded(1.05, 1.1)
        edges = (box.x0, box.y0, box.x1, box.y1)
        if (
            not _inside(edges, frame)
            or occupied.hold_points(np.array([edges]))[0]
            or _any_overlap(edges, occupied.labels_near(edges))
        ):
            name.remove()
            continue
        occupied.add(edges)


def _inside(box: _Box, frame: Bbox) -> bool:
    return bool(
        frame.x0 <= box[0] and box[2] <= frame.x1 and frame.y0 <= box[1] and box[3] <= frame.y1
    )


def _any_overlap(box: _Box, others: Iterable[_Box]) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < ox1 and ox0 < x1 and y0 < oy1 and oy0 < y1 for ox0, oy0, ox1, oy1 in others)


def _align(label: Text, dx: float, dy: float) -> None:
    label.set_horizontalalignment("left" if dx > 0.5 else "right" if dx < -0.5 else "center")
    label.set_verticalalignment("bottom" if dy > 0.5 else "top" if dy < -0.5 else "center")


class _LabelPlacer:
    """Labels places greedily: each label takes the first free spot, or is left out."""

    def __init__(self, ax: Axes, fontsize: float, occupied: _Occupancy, frame: Bbox) -> None:
        import numpy as np

        self._ax, self._occupied, self._frame = ax, occupied, frame
        self._style: dict[str, Any] = {
            "fontsize": fontsize,
            "zorder": 5,
            "annotation_clip": False,
            "parse_math": False,
            "bbox": {"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.75, "lw": 0},
        }
        # Laying out text is the slow part: a label's size is first guessed from the widths of
        # its letters, measured once each, and measured exactly only once it has found a spot.
        self._probe = ax.text(0, 0, "", fontsize=fontsize, parse_math=False)
        self._letters: dict[str, float] = {}
        self._height = self._measure("lp")[1]
        scale = ax.figure.dpi / 72
        self._offsets = np.array(_SPOTS) * scale
        self._shifts = np.array(_ALIGN_SHIFT) * np.array(_MARGIN)
        self._reach = float(np.abs(self._offsets).max())
        self._leaders: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self._anchors: list[tuple[float, float]] = []

    def _measure(self, text: str) -> tuple[float, float]:
        self._probe.set_text(text)
        box = self._probe.get_window_extent()
        return box.width, box.height

    def _guess_width(self, text: str) -> float:
        for letter in set(text) - self._letters.keys():
            self._letters[letter] = self._measure(letter)[0]
        return sum(self._letters[letter] for letter in text)

    def _spot_boxes(self, x: float, y: float, width: float, height: float) -> Any:
        """The box (x0, y0, x1, y1) of the label at each spot, margin included."""
        import numpy as np

        size = np.array([width * _MARGIN[0], height * _MARGIN[1]])
        lower = np.array([x, y]) + self._offsets + self._shifts * np.array([width, height])
        return np.hstack([lower, lower + size])

    def _first_free(self, x: float, y: float, width: float, height: float) -> int | None:
        import numpy as np

        boxes = self._spot_boxes(x, y, width, height)
        frame = self._frame
        free = (
            (boxes[:, 0] >= frame.x0) & (boxes[:, 2] <= frame.x1)
            & (boxes[:, 1] >= frame.y0) & (boxes[:, 3] <= frame.y1)
        )  # fmt: skip
        free &= ~self._occupied.hold_points(boxes)
        if not free.any():
            return None
        region = (*boxes[:, :2].min(axis=0), *boxes[:, 2:].max(axis=0))
        near = self._occupied.labels_near(region)
        if near:
            spots, others = boxes[:, None, :], np.array(near)[None, :, :]
            blocked = (
                (spots[..., 0] < others[..., 2]) & (others[..., 0] < spots[..., 2])
                & (spots[..., 1] < others[..., 3]) & (others[..., 1] < spots[..., 3])
            ).any(axis=1)  # fmt: skip
            free &= ~blocked
        return int(free.argmax()) if free.any() else None

    def spots_clear_of_points(
        self, points: Sequence[tuple[float, float]], texts: Sequence[str]
    ) -> tuple[Any, list[int]]:
        """The boxes of each place's label, at its guessed size, at the spots inside the map
        and clear of every point, as one array, and where each place's boxes end in it:
        worked out for all places at once, as most places of a crowded map have none, and
        only the others are tried one by one.
        """
        import numpy as np

        if not points:
            return np.zeros((0, 4)), []
        widths = np.array([self._guess_width(text) for text in texts])
        sizes = np.stack([widths, np.full_like(widths, self._height)], axis=1)[:, None, :]
        lower = np.asarray(points, dtype=float)[:, None, :] + self._offsets + self._shifts * sizes
        boxes = np.concatenate([lower, lower + sizes * np.array(_MARGIN)], axis=2)
        frame = self._frame
        free = (
            (boxes[..., 0] >= frame.x0) & (boxes[..., 2] <= frame.x1)
            & (boxes[..., 1] >= frame.y0) & (boxes[..., 3] <= frame.y1)
        )  # fmt: skip
        free &= ~self._occupied.hold_points(boxes.reshape(-1, 4)).reshape(free.shape)
        return boxes[free], np.cumsum(free.sum(axis=1)).tolist()

    def place(
        self, lon: float, lat: float, point: tuple[float, float], text: str, hopeful: list[_Box]
    ) -> None:
        """Label the place at the first free spot, if there is one. ``hopeful`` holds the
        boxes of the guessed label at the spots clear of points: when every one of them
        overlaps a label, the place is not measured.
        """
        occupied = self._occupied
        if all(
            occupied.surely_hold_label(box) or _any_overlap(box, occupied.labels_near(box))
            for box in hopeful
        ):
            return
        x, y = point
        width, height = self._measure(text)
        index = self._first_free(x, y, width, height)
        if index is None:
            return
        dx, dy = _SPOTS[index]
        label = self._ax.annotate(
            text, (lon, lat), xytext=(dx, dy), textcoords="offset points", **self._style
        )
        _align(label, dx, dy)
        label.set_gid(text)
        self._occupied.add(tuple(self._spot_boxes(x, y, width, height)[index]))
        if math.hypot(dx, dy) > 10:
            # A label moved away from its point gets a thin line back to it, from 3 points
            # off the point to the label's anchor, in inches from the point.
            start = 3 / math.hypot(dx, dy)
            self._leaders.append(((dx * start / 72, dy * start / 72), (dx / 72, dy / 72)))
            self._anchors.append((lon, lat))

    def done(self) -> None:
        """Drop the probe, and draw every leader line as one collection."""
        from matplotlib.collections import LineCollection

        self._probe.remove()
        if not self._leaders:
            return
        lines = LineCollection(
            self._leaders, colors="0.45", linewidths=0.6, zorder=4.5,
            offsets=self._anchors, offset_transform=self._ax.transData,
            transform=self._ax.figure.dpi_scale_trans,
        )  # fmt: skip
        lines.set_gid("leaders")
        self._ax.add_collection(lines, autolim=False)
