"""The map: events with coordinates over a world outline that ships with the package.

:func:`plot_map` is documented and imported as :func:`geotimeline.display.plot_map`. The outline
is Natural Earth's public-domain 1:110m countries, kept in ``world_110m.json`` as rings of
(lon, lat) in tenths of a degree and read once, so drawing a map needs no network access.
"""

from __future__ import annotations

import collections
import functools
import json
import math
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from geotimeline.display import figures
from geotimeline.errors import naming_missing_extras
from geotimeline.places.place import country_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    from geotimeline.events.event import Event
    from geotimeline.timeline.timeline import Timeline

__all__ = ["plot_map"]


@functools.cache
def _world() -> dict[str, tuple[tuple[tuple[float, float], ...], ...]]:
    """The bundled country outlines: for each ISO alpha-2 code, its rings of (lon, lat)."""
    text = resources.files("geotimeline.display").joinpath("world_110m.json").read_text("utf-8")
    countries: dict[str, list[list[int]]] = json.loads(text)["countries"]
    return {
        code: tuple(
            tuple((ring[i] / 10, ring[i + 1] / 10) for i in range(0, len(ring), 2))
            for ring in rings
        )
        for code, rings in countries.items()
    }


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
    point, sized by its number of events and labelled with its name. ``extent`` is
    ``(west, east, south, north)`` in degrees; by default the map fits the points and the
    shaded countries. Nothing is downloaded: the outline ships with geotimeline.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from geotimeline import Event, Place
    >>> da_nang = Place("Da Nang", country="VN", latitude=16.05, longitude=108.2)
    >>> ax = plot_map([Event(title="Talks", when="2017-11-11", place=da_nang)])
    >>> [text.get_text() for text in ax.texts]
    ['Vietnam', 'Da Nang']

    Runtime complexity: O(n + p·c) for n events on p places with c candidate label spots.
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


def _label_map(
    ax: Axes,
    countries: Sequence[str],
    places: Sequence[tuple[float, float, str, int]],
    fontsize: float,
) -> None:
    """Name the shaded countries, then label each place at the first spot where its label
    overlaps no other label and no point (or, when none is free, at the least crowded one).
    """
    from matplotlib.transforms import Bbox

    ax.apply_aspect()  # moves the axes to their final box, so that pixel positions hold
    frame = ax.get_window_extent()
    taken: list[Bbox] = []
    to_px = ax.transData.transform
    for lon, lat, _, _ in places:
        x, y = to_px((lon, lat))
        taken.append(Bbox.from_bounds(x - 4, y - 4, 8, 8))
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
        box = name.get_window_extent()
        if not frame.contains(*box.p0) or not frame.contains(*box.p1) or _overlaps(box, taken):
            name.remove()
            continue
        taken.append(box.expanded(1.05, 1.1))
    for lon, lat, place, count in sorted(places, key=lambda place: (-place[3], place[2])):
        text = place if count == 1 else f"{place} ({count})"
        _place_map_label(ax, lon, lat, text, fontsize, taken, frame)


def _overlaps(box: Bbox, taken: Sequence[Bbox]) -> int:
    return sum(1 for other in taken if box.overlaps(other))


def _align(label: Text, dx: float, dy: float) -> None:
    label.set_horizontalalignment("left" if dx > 0.5 else "right" if dx < -0.5 else "center")
    label.set_verticalalignment("bottom" if dy > 0.5 else "top" if dy < -0.5 else "center")


def _place_map_label(
    ax: Axes, lon: float, lat: float, text: str, fontsize: float, taken: list[Bbox], frame: Bbox
) -> None:
    style: dict[str, Any] = {
        "fontsize": fontsize,
        "zorder": 5,
        "annotation_clip": False,
        "parse_math": False,
        "bbox": {"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.75, "lw": 0},
    }
    probe = ax.annotate(text, (lon, lat), xytext=(0, 0), textcoords="offset points", **style)
    best: tuple[int, int, Bbox] | None = None
    for index, (dx, dy) in enumerate(_SPOTS):
        probe.xyann = (dx, dy)
        _align(probe, dx, dy)
        box = probe.get_window_extent().expanded(1.04, 1.1)
        inside = frame.contains(*box.p0) and frame.contains(*box.p1)
        crowd = _overlaps(box, taken) + (0 if inside else 100)
        if best is None or crowd < best[0]:
            best = (crowd, index, box)
        if crowd == 0:
            break
    probe.remove()
    assert best is not None
    _, index, box = best
    dx, dy = _SPOTS[index]
    # A label moved away from its point gets a thin line back to it.
    leader = {"arrowstyle": "-", "color": "0.45", "linewidth": 0.6, "shrinkA": 0, "shrinkB": 3}
    label = ax.annotate(
        text, (lon, lat), xytext=(dx, dy), textcoords="offset points",
        arrowprops=leader if math.hypot(dx, dy) > 10 else None, **style,
    )  # fmt: skip
    _align(label, dx, dy)
    label.set_gid(text)
    taken.append(box)
