"""The map: events with coordinates over a world outline that ships with the package.

:func:`plot_map` is documented and imported as :func:`geotimeline.display.plot_map`. The outline
is Natural Earth's public-domain 1:110m countries, kept in ``places/world_110m.json`` as rings of
(lon, lat) in tenths of a degree and read once, so drawing a map needs no network access.
"""

from __future__ import annotations

import collections
import itertools
import math
import operator
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

from geotimeline.display import figures
from geotimeline.errors import naming_missing_extras
from geotimeline.places.outlines import outlines
from geotimeline.places.place import country_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes
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
    ['Vietnam']
    >>> [c.texts for c in ax.collections if c.get_gid() == "labels"]
    [('Da Nang',)]

    Country names are Text artists; the places' labels are one collection of their letters'
    outlines, :class:`~geotimeline.display.lettering.PlaceLabels` (gid ``"labels"``), whose
    ``texts`` are the labels in the order of its paths and offsets, as hundreds of Text
    artists would take seconds to draw. Their white boxes are the collection of gid
    ``"label-boxes"``, and the lines back to labels set further out ``"leaders"``.

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
        import numpy as np

        # Arrays, not lists: matplotlib looks at each item of a list to mask it.
        where = np.array([place[:2] for place in places], dtype=float).reshape(-1, 2)
        counts = np.array([count for _, _, _, count in places])
        sizes = 16 + 14 * np.minimum(counts - 1, 6)
        dots = ax.scatter(
            where[:, 0], where[:, 1], s=sizes, color="tab:red", edgecolor="white", zorder=4
        )
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
# raster is worked out once a batch. The first batches are small, as the first places find
# room and each is tried one by one; later ones, of places that mostly find none, larger.
_FIRST_BATCH: Final = 64
_LAST_BATCH: Final = 4096


class _Occupancy:
    """What is already drawn on the map: the points, as a pixel raster summed once (so that
    whether a box holds a point costs four look-ups), and the labels, filed by the grid cells
    they cover (so that the labels near a box are found in a few cells).
    """

    def __init__(self, frame: Bbox, points: Sequence[tuple[float, float]], cell: float) -> None:
        import numpy as np

        self._origin = (math.floor(frame.x0), math.floor(frame.y0))
        columns, rows = math.ceil(frame.x1) - self._origin[0], math.ceil(frame.y1) - self._origin[1]
        # Every pixel a marker's box touches: a box that overlaps it touches one of them.
        # Each box is marked by its four corners, which summed give the boxes themselves.
        half = _MARKER_PX / 2
        where = np.asarray(points, dtype=float).reshape(-1, 2) - self._origin
        lower = np.floor(where - half).astype(np.intp)
        upper = np.ceil(where + half).astype(np.intp)
        left, right = (np.clip(edge, 0, columns + 1) for edge in (lower[:, 0], upper[:, 0]))
        bottom, top = (np.clip(edge, 0, rows + 1) for edge in (lower[:, 1], upper[:, 1]))
        corners = np.zeros((rows + 2, columns + 2), dtype=np.int32)
        for row, column, sign in (
            (bottom, left, 1),
            (bottom, right, -1),
            (top, left, -1),
            (top, right, 1),
        ):
            np.add.at(corners, (row, column), sign)
        raster = corners.cumsum(axis=0).cumsum(axis=1)[: rows + 1, : columns + 1] > 0
        self._summed = np.zeros((rows + 2, columns + 2), dtype=np.int32)
        self._summed[1:, 1:] = raster.cumsum(axis=0, dtype=np.int32).cumsum(axis=1)
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

        rows, columns = self._summed.shape
        corner = np.asarray(self._origin, dtype=np.intp)
        lower = np.clip(np.floor(boxes[:, :2]).astype(np.intp) - corner, 0, (columns - 1, rows - 1))
        upper = np.clip(np.ceil(boxes[:, 2:]).astype(np.intp) - corner, 0, (columns - 1, rows - 1))
        # Look-ups in the flat table, rather than by pairs of indices: a crowded map asks
        # about hundreds of thousands of boxes.
        flat = self._summed.ravel()
        low_rows, high_rows = lower[:, 1] * columns, upper[:, 1] * columns
        inside = (
            flat[high_rows + upper[:, 0]] - flat[low_rows + upper[:, 0]]
            - flat[high_rows + lower[:, 0]] + flat[low_rows + lower[:, 0]]
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
    import numpy as np

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
    boxes, spots, owners = placer.spots_clear_of_points([points[index] for index in order], texts)
    # Labels only ever add up, so a spot that overlaps one stays blocked. Rather than ask,
    # place by place, whether each spot clear of points is clear of labels too, ask it of a
    # batch of places at once, against the labels placed before it, and try one by one only
    # the places left a spot.
    bounds = np.searchsorted(owners, _batches(len(order))).tolist()
    for low, high in itertools.pairwise(bounds):
        if low == high:
            continue
        hopeful = np.flatnonzero(~occupied.surely_hold_labels(boxes[low:high])) + low
        chances = zip(
            owners[hopeful].tolist(), boxes[hopeful].tolist(), spots[hopeful].tolist(), strict=True
        )
        for rank, tries in itertools.groupby(chances, key=operator.itemgetter(0)):
            index = order[rank]
            placer.place(
                places[index][:2],
                points[index],
                texts[rank],
                [(box, spot) for _, box, spot in tries],
            )
    placer.done()


def _batches(places: int) -> list[int]:
    """Where each batch of places starts, and the end of the last one."""
    starts, size = [0], _FIRST_BATCH
    while starts[-1] < places:
        starts.append(min(starts[-1] + size, places))
        size = min(size * 2, _LAST_BATCH)
    return starts


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


class _LabelPlacer:
    """Labels places greedily: each label takes the first free spot, or is left out.

    The labels are drawn at the end, as few artists as can be: their letters as one
    collection (:class:`PlaceLabels`), their white boxes as another, their leader lines as a
    third.
    """

    def __init__(self, ax: Axes, fontsize: float, occupied: _Occupancy, frame: Bbox) -> None:
        import numpy as np

        self._ax, self._occupied, self._frame = ax, occupied, frame
        from geotimeline.display.lettering import Lettering

        self._lettering = Lettering(fontsize)
        self._scale = ax.figure.dpi / 72  # pixels per point
        self._height = self._lettering.height * self._scale
        self._offsets = np.array(_SPOTS) * self._scale
        self._shifts = np.array(_ALIGN_SHIFT) * np.array(_MARGIN)
        self._texts: list[str] = []
        self._boxes: list[_Box] = []  # in points from the place's point
        self._places: list[tuple[float, float]] = []
        self._leaders: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self._anchors: list[tuple[float, float]] = []

    def spots_clear_of_points(
        self, points: Sequence[tuple[float, float]], texts: Sequence[str]
    ) -> tuple[Any, Any, Any]:
        """The boxes (x0, y0, x1, y1) of the places' labels at the spots inside the map and
        clear of every point, as one array; the spot (an index of ``_SPOTS``) and the place
        (an index of ``points``) of each, as two more, in order of place and spot. Worked out
        for all places at once, as most places of a crowded map have no such spot, and only
        the others are tried one by one.
        """
        import numpy as np

        if not points:
            return np.zeros((0, 4)), np.zeros(0, int), np.zeros(0, int)
        widths = np.array([self._lettering.width(text) for text in texts]) * self._scale
        sizes = np.stack([widths, np.full_like(widths, self._height)], axis=1)[:, None, :]
        lower = np.asarray(points, dtype=float)[:, None, :] + self._offsets + self._shifts * sizes
        boxes = np.concatenate([lower, lower + sizes * np.array(_MARGIN)], axis=2)
        frame = self._frame
        free = (
            (boxes[..., 0] >= frame.x0) & (boxes[..., 2] <= frame.x1)
            & (boxes[..., 1] >= frame.y0) & (boxes[..., 3] <= frame.y1)
        )  # fmt: skip
        inside = np.nonzero(free)
        free[inside] = ~self._occupied.hold_points(boxes[inside])
        owners, spots = np.nonzero(free)
        return boxes[owners, spots], spots, owners

    def place(
        self,
        place: tuple[float, float],
        point: tuple[float, float],
        text: str,
        hopeful: Sequence[tuple[Sequence[float], int]],
    ) -> None:
        """Label the place at the first of the ``hopeful`` spots (its label's box there,
        clear of points, and the spot) that overlaps no label, if there is one."""
        occupied = self._occupied
        for edges, spot in hopeful:
            box = (edges[0], edges[1], edges[2], edges[3])
            if occupied.surely_hold_label(box) or _any_overlap(box, occupied.labels_near(box)):
                continue
            x0, y0, x1, y1 = box
            occupied.add(box)
            (x, y), scale = point, self._scale
            self._texts.append(text)
            self._boxes.append(
                ((x0 - x) / scale, (y0 - y) / scale, (x1 - x) / scale, (y1 - y) / scale)
            )
            self._places.append(place)
            dx, dy = _SPOTS[spot]
            if math.hypot(dx, dy) > 10:
                # A label moved away from its point gets a thin line back to it, from 3
                # points off the point to the label's anchor, in inches from the point.
                start = 3 / math.hypot(dx, dy)
                self._leaders.append(((dx * start / 72, dy * start / 72), (dx / 72, dy / 72)))
                self._anchors.append(place)
            return

    def done(self) -> None:
        """Draw the labels placed, their boxes and their leader lines, a collection each."""
        from matplotlib.collections import LineCollection, PathCollection
        from matplotlib.patches import BoxStyle
        from matplotlib.transforms import Affine2D

        from geotimeline.display.lettering import PlaceLabels

        ax = self._ax
        if not self._texts:
            return
        # Paths in points from their place's point, scaled to pixels when drawn (so that a
        # figure saved at another dpi keeps them in place, as it would Text).
        in_points = Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans
        lettering = self._lettering
        rounded = BoxStyle.Round(pad=0.0, rounding_size=lettering.height * 0.25)
        outlines, frames = [], []
        for text, (x0, y0, x1, y1) in zip(self._texts, self._boxes, strict=True):
            width = lettering.width(text)
            left = (x0 + x1 - width) / 2
            baseline = (y0 + y1 - lettering.height) / 2 + lettering.descent
            outlines.append(lettering.outline(text, left, baseline))
            frames.append(rounded(x0, y0, x1 - x0, y1 - y0, 1.0))
        where: dict[str, Any] = {
            "offsets": self._places,
            "offset_transform": ax.transData,
            "transform": in_points,
        }
        backs = PathCollection(
            frames, facecolors="white", alpha=0.75, linewidths=0, zorder=5, **where
        )
        backs.set_gid("label-boxes")
        ax.add_collection(backs, autolim=False)
        ax.add_collection(PlaceLabels(self._texts, outlines, **where), autolim=False)
        if not self._leaders:
            return
        lines = LineCollection(
            self._leaders, colors="0.45", linewidths=0.6, zorder=4.5,
            offsets=self._anchors, offset_transform=ax.transData,
            transform=ax.figure.dpi_scale_trans,
        )  # fmt: skip
        lines.set_gid("leaders")
        ax.add_collection(lines, autolim=False)
