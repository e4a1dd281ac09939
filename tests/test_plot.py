"""Pictures of timelines, checked by what the figures hold: artists, limits, labels, boxes."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geotimeline import Event, InvalidFieldError, OutOfRangeError, Place, Timeline, examples
from geotimeline.display import map as map_module
from geotimeline.display import plot_map, plot_timeline
from geotimeline.display.density import density, period_for, period_starts
from geotimeline.display.lettering import PlaceLabels
from geotimeline.time import calendar
from geotimeline.time.when import Moment, Unbounded
from tests.strategies import events

matplotlib.use("Agg")  # before pyplot is imported, here or by the module under test

import matplotlib.pyplot as plt
from matplotlib import dates
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle, StepPatch
from matplotlib.transforms import Bbox

SEED_LANES = [
    "Ukraine",
    "Russia",
    "United States",
    "Syria",
    "North Korea",
    "UN Security Council",
    "China",
    "Syrian Democratic Forces",
    "Donald Trump",
]
# Text drawn by hypothesis may hold characters that no installed font has; matplotlib says so.
MISSING_GLYPHS = "ignore:Glyph .* missing from:UserWarning"


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def seed() -> Timeline:
    return examples.load("seed")


def _day(year: int, month: int, day: int) -> float:
    return float(dates.date2num(dt.datetime(year, month, day, tzinfo=dt.UTC)))


def _artists(ax: Axes, gid: str) -> list[object]:
    children = [*ax.lines, *ax.patches, *ax.collections]
    return [artist for artist in children if artist.get_gid() == gid]


def _label_boxes(ax: Axes) -> list[Bbox]:
    """The boxes of every text on the axes, in pixels: Text artists and a map's place labels."""
    renderer = ax.figure.canvas.get_renderer()
    texts = [text.get_window_extent(renderer) for text in ax.texts]
    return texts + [box for _, box in _place_labels(ax)]


def _drawn_boxes(ax: Axes, gid: str) -> list[Bbox]:
    """The extent in pixels of each path of the collection ``gid``, offsets included."""
    (collection,) = [c for c in ax.collections if c.get_gid() == gid]
    assert isinstance(collection, PathCollection)
    where = collection.get_offset_transform().transform(collection.get_offsets())
    transform = collection.get_transform()
    return [
        path.get_extents(transform).translated(*offset)
        for path, offset in zip(collection.get_paths(), where, strict=True)
    ]


def _place_labels(ax: Axes) -> list[tuple[str, Bbox]]:
    """A map's place labels: each one's text and the extent of its letters, in pixels."""
    found = [c for c in ax.collections if c.get_gid() == "labels"]
    if not found:
        return []
    assert isinstance(found[0], PlaceLabels)
    return list(zip(found[0].texts, _drawn_boxes(ax, "labels"), strict=True))


def _map_texts(ax: Axes) -> list[str]:
    """What a map names: its countries (Text artists) and its places (one collection)."""
    return [text.get_text() for text in ax.texts] + [text for text, _ in _place_labels(ax)]


def _overlapping(boxes: Sequence[Bbox]) -> list[tuple[int, int]]:
    # Boxes that only touch at an edge do not overlap; shrink by a hair to say so.
    shrunk = [box.expanded(0.999, 0.98) for box in boxes]
    return [
        (i, j) for (i, a), (j, b) in itertools.combinations(enumerate(shrunk), 2) if a.overlaps(b)
    ]


def _y(artist: object) -> float:
    if isinstance(artist, Line2D):
        return float(artist.get_ydata()[0])
    if isinstance(artist, Rectangle):
        return artist.get_y() + artist.get_height() / 2
    assert isinstance(artist, PolyCollection)
    vertices = artist.get_paths()[0].vertices
    return float(vertices[:, 1].mean())


# -- the import ------------------------------------------------------------------------------


def test_importing_geotimeline_does_not_import_matplotlib() -> None:
    code = (
        "import sys, geotimeline, geotimeline.display.chart, geotimeline.display.html\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the timeline chart ----------------------------------------------------------------------


def test_seed_lanes_are_the_first_actors_in_order_of_their_first_event(seed: Timeline) -> None:
    ax = plot_timeline(seed)
    assert [label.get_text() for label in ax.get_yticklabels()] == SEED_LANES
    assert ax.get_title(loc="left") == seed.title


def test_every_seed_event_is_drawn_in_its_lane(seed: Timeline) -> None:
    ax = plot_timeline(seed)
    ticks = list(ax.get_yticks())
    heights: dict[str, list[float]] = {lane: [] for lane in SEED_LANES}
    for event in seed:
        drawn = _artists(ax, event.id)
        assert drawn, f"nothing drawn for {event.id}"
        heights[event.actors[0]] += [_y(artist) for artist in drawn]
    for lane, next_lane in itertools.pairwise(SEED_LANES):
        assert max(heights[lane]) < min(heights[next_lane])  # lanes run top to bottom
    for lane, tick in zip(SEED_LANES, ticks, strict=True):
        assert min(heights[lane]) - 1 <= tick <= max(heights[lane]) + 1


def test_days_are_points_and_fuzzier_dates_are_spans(seed: Timeline) -> None:
    ax = plot_timeline(seed)
    points = dict.fromkeys(SEED_LANES, 0)
    for event in seed:
        drawn = _artists(ax, event.id)
        lines = [artist for artist in drawn if isinstance(artist, Line2D)]
        is_day = not event.when.is_interval and event.when.precision.name == "DAY"
        assert len(lines) == (1 if is_day else 0), event.id
        assert len(drawn) == 1 if is_day else all(not isinstance(a, Line2D) for a in drawn)
        points[event.actors[0]] += len(lines)
    assert points == {
        "Ukraine": 0, "Russia": 3, "United States": 3, "Syria": 1, "North Korea": 3,
        "UN Security Council": 2, "China": 1, "Syrian Democratic Forces": 1, "Donald Trump": 2,
    }  # fmt: skip


def test_a_season_spans_its_three_months(seed: Timeline) -> None:
    ax = plot_timeline(seed)
    (span,) = _artists(ax, "2017-22-ceasefire-in-south-western-syria")
    assert isinstance(span, Rectangle)
    assert span.get_x() == pytest.approx(_day(2017, 6, 1))
    assert span.get_x() + span.get_width() == pytest.approx(_day(2017, 9, 1), abs=1e-6)


def test_an_uncertain_day_is_a_hollow_point(seed: Timeline) -> None:
    ax = plot_timeline(seed)
    (sure,) = _artists(ax, "2017-11-11-trump-and-putin-joint-statement-on-syria")
    (unsure,) = _artists(ax, "2017-11-11-us-official-on-testing-russia-over-assad")
    assert isinstance(sure, Line2D)
    assert isinstance(unsure, Line2D)
    assert unsure.get_markerfacecolor() == "white"
    assert sure.get_markerfacecolor() != "white"


def test_an_open_interval_fades_out_to_the_edge(seed: Timeline) -> None:
    ax = plot_timeline(seed)
    drawn = _artists(ax, "2014-04-war-in-donbas")
    fades = [artist for artist in drawn if isinstance(artist, PolyCollection)]
    solids = [artist for artist in drawn if isinstance(artist, Rectangle)]
    assert len(fades) == 1
    alphas = [color[3] for color in fades[0].get_facecolors()]
    assert alphas == sorted(alphas, reverse=True)
    assert alphas[-1] < 0.05 < alphas[0]
    right_edge = max(path.vertices[:, 0].max() for path in fades[0].get_paths())
    assert right_edge == pytest.approx(ax.get_xlim()[1])
    # The uncertain month it started in is lighter than the war that surely followed.
    april, war = sorted(solids, key=Rectangle.get_x)
    assert april.get_x() == pytest.approx(_day(2014, 4, 1))
    assert april.get_alpha() < war.get_alpha()


def test_an_unknown_start_fades_in_from_the_edge() -> None:
    ax = plot_timeline([Event(title="Talks", when="/2017-05"), Event(title="Deal", when="2017")])
    (fade,) = [a for a in _artists(ax, "undated-talks") if isinstance(a, PolyCollection)]
    alphas = [color[3] for color in fade.get_facecolors()]
    assert alphas == sorted(alphas)
    left_edge = min(path.vertices[:, 0].min() for path in fade.get_paths())
    assert left_edge == pytest.approx(ax.get_xlim()[0])


def test_the_axis_covers_every_known_date_and_its_ticks_are_dates(seed: Timeline) -> None:
    ax = plot_timeline(seed)
    low, high = ax.get_xlim()
    assert low < _day(2013, 11, 21)  # Euromaidan
    assert high > _day(2018, 1, 1)  # the end of 2017, the shipments' year
    assert high - low < 5.5 * 365
    ax.figure.canvas.draw()
    ticks = [label.get_text() for label in ax.get_xticklabels() if label.get_text()]
    assert len(ticks) >= 4
    assert all(re.fullmatch(r"\d{4}|[A-Z][a-z]{2}", tick) for tick in ticks), ticks


@pytest.mark.parametrize("lanes", ["actor", "country", "tag", None])
def test_seed_labels_are_the_titles_and_do_not_overlap(seed: Timeline, lanes: str | None) -> None:
    ax = plot_timeline(seed, lanes=lanes)
    assert sorted(text.get_gid() for text in ax.texts) == sorted(seed.ids())
    for text in ax.texts:
        title = seed[text.get_gid()].title
        assert text.get_text() == title or title.startswith(text.get_text()[:-1])
    boxes = _label_boxes(ax)
    assert _overlapping(boxes) == []
    frame = ax.get_window_extent()
    assert all(frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1 for box in boxes)


def test_labels_cover_no_other_event_s_point(seed: Timeline) -> None:
    ax = plot_timeline(seed)
    renderer = ax.figure.canvas.get_renderer()
    for line in ax.lines:
        x, y = ax.transData.transform((line.get_xdata()[0], line.get_ydata()[0]))
        for text in ax.texts:
            if text.get_gid() != line.get_gid():
                assert not text.get_window_extent(renderer).contains(x, y), text.get_text()


def test_the_legend_names_the_marks_in_use(seed: Timeline) -> None:
    legend = plot_timeline(seed).get_legend()
    assert legend is not None
    assert [text.get_text() for text in legend.get_texts()] == [
        "a day", "a day, uncertain", "a period", "some time within", "ongoing, or end unknown",
    ]  # fmt: skip
    legend = plot_timeline([Event(title="Strike", when="2017-04-07")]).get_legend()
    assert legend is not None
    assert [text.get_text() for text in legend.get_texts()] == ["a day"]
    assert plot_timeline(seed, legend=False).get_legend() is None


def test_labels_can_be_left_out_and_are_by_default_for_many_events(seed: Timeline) -> None:
    ax = plot_timeline(seed, labels=False)
    assert len(ax.texts) == 0
    assert len(ax.lines) == 16
    many = Timeline(Event(title=f"Day {day}", when=f"2017-03-{day:02d}") for day in range(1, 32))
    many.update(Event(title=f"Day {day}", when=f"2017-05-{day:02d}") for day in range(1, 32))
    many.update(Event(title=f"Day {day}", when=f"2017-07-{day:02d}") for day in range(1, 31))
    assert len(plot_timeline(many).texts) == 0
    assert len(plot_timeline(many, labels=True).texts) == len(many)


def test_labels_on_a_small_axes_shrink_to_fit_their_rows(seed: Timeline) -> None:
    _figure, ax = plt.subplots(figsize=(7, 2.5))
    assert plot_timeline(seed, ax=ax) is ax
    sizes = {text.get_fontsize() for text in ax.texts}
    assert len(sizes) == 1
    assert sizes.pop() < 8
    assert _overlapping(_label_boxes(ax)) == []


def test_country_and_tag_lanes(seed: Timeline) -> None:
    ax = plot_timeline(seed, lanes="country")
    lanes = [label.get_text() for label in ax.get_yticklabels()]
    assert lanes[:3] == ["Ukraine", "Russia", "Syria"]
    assert "(no country)" in lanes
    ax = plot_timeline(seed, lanes="tag")
    lanes = [label.get_text() for label in ax.get_yticklabels()]
    assert set(lanes) >= {"ukraine", "syria", "north-korea"}


def test_a_function_sets_the_lanes_and_small_lanes_merge_into_other(seed: Timeline) -> None:
    ax = plot_timeline(seed, lanes=lambda event: str(event.when.earliest.year), max_lanes=3)
    assert [label.get_text() for label in ax.get_yticklabels()] == ["other", "2014", "2017"]
    ax = plot_timeline(seed, lanes=None)
    assert [label.get_text() for label in ax.get_yticklabels()] == [""]


def test_bad_lanes_are_refused(seed: Timeline) -> None:
    with pytest.raises(InvalidFieldError, match="lanes: 'people'"):
        plot_timeline(seed, lanes="people")  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError, match="max_lanes"):
        plot_timeline(seed, max_lanes=0)


def test_an_empty_timeline_draws_empty_axes() -> None:
    ax = plot_timeline(Timeline(title="Nothing yet"))
    assert len(ax.texts) == 0
    assert ax.get_title(loc="left") == "Nothing yet"


def test_dollar_signs_are_text_not_tex() -> None:
    ax = plot_timeline([Event(title="A $5bn deal, $2bn paid_{now}", when="2017-05-02")])
    ax.figure.canvas.draw()
    assert ax.texts[0].get_text() == "A $5bn deal, $2bn paid_{now}"


def _unique(batch: list[Event]) -> list[Event]:
    return list({event.id: event for event in batch}.values())


@pytest.mark.filterwarnings(MISSING_GLYPHS)
@settings(max_examples=25)  # each example draws a figure: about 0.1 s, more under load
@given(
    st.lists(events(), min_size=1, max_size=5).map(_unique),
    st.sampled_from(["actor", "country", "tag", None]),
)
def test_any_timeline_plots_with_a_label_per_event(batch: list[Event], lanes: str | None) -> None:
    try:
        ax = plot_timeline(Timeline(batch), lanes=lanes)
        ax.figure.canvas.draw()
        assert sorted(text.get_gid() for text in ax.texts) == sorted(e.id for e in batch)
        low, high = ax.get_xlim()
        assert low < high
        for event in batch:
            assert _artists(ax, event.id)
        assert _overlapping(_label_boxes(ax)) == []
    finally:
        plt.close("all")


# -- the map ---------------------------------------------------------------------------------


def test_the_seed_map_has_a_point_per_place_and_shades_the_countries(seed: Timeline) -> None:
    ax = plot_map(seed)
    located = {
        (event.place.longitude, event.place.latitude)
        for event in seed
        if event.place is not None and event.place.coordinates
    }
    (dots,) = [c for c in ax.collections if c.get_gid() == "places"]
    assert {tuple(point) for point in dots.get_offsets()} == located
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    assert all(west < lon < east and south < lat < north for lon, lat in located)
    shaded = [c for c in ax.collections if c.get_gid() == "countries"]
    assert len(shaded[0].get_paths()) >= 7  # Ukraine, Russia, Syria, US, North Korea, China, ...
    assert {"Russia", "Moscow (2)", "Da Nang", "Raqqa"} <= set(_map_texts(ax))


def test_seed_map_labels_do_not_overlap_and_stay_inside(seed: Timeline) -> None:
    ax = plot_map(seed)
    boxes = _label_boxes(ax)
    assert _overlapping(boxes) == []
    frame = ax.get_window_extent()
    assert all(frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1) for box in boxes)


def test_a_map_without_coordinates_shows_the_world_and_its_countries() -> None:
    ax = plot_map([Event(title="Talks", when="2017", place=Place("Somewhere", country="FR"))])
    assert [c.get_gid() for c in ax.collections] == ["land", "countries"]
    assert _map_texts(ax) == ["France"]
    ax = plot_map(Timeline())
    assert [c.get_gid() for c in ax.collections] == ["land"]
    assert ax.get_xlim() == (-180, 180)


def test_a_map_extent_and_axes_can_be_given() -> None:
    _figure, ax = plt.subplots()
    aleppo = Event(
        title="Battle", when="2016", place=Place("Aleppo", latitude=36.2, longitude=37.16)
    )
    assert plot_map([aleppo], ax=ax, extent=(30, 45, 30, 40), labels=False) is ax
    assert ax.get_xlim() == (30, 45)
    assert len(ax.texts) == 0


@pytest.mark.filterwarnings(MISSING_GLYPHS)
@settings(max_examples=15)  # each example draws a map: about 0.1 s, more under load
@given(st.lists(events(), max_size=5).map(_unique))
def test_any_events_make_a_map(batch: list[Event]) -> None:
    try:
        ax = plot_map(batch)
        located = {event.place.coordinates for event in batch if event.place}
        located.discard(None)
        dots = [c for c in ax.collections if c.get_gid() == "places"]
        if located:
            assert len(dots[0].get_offsets()) == len(located)
        else:
            assert dots == []
    finally:
        plt.close("all")


def test_a_chart_of_years_outside_1_to_9999_is_a_documented_error() -> None:
    # matplotlib's dates are those of years 1-9999; the chart says so before drawing.
    timeline = Timeline([Event(title="Marathon", when="-0489"), Event(title="Now", when="2014")])
    with pytest.raises(OutOfRangeError, match="year -489"):
        plot_timeline(timeline)
    with pytest.raises(OutOfRangeError, match="year -489"):
        plot_timeline(timeline, density=True)
    plt.close("all")


def _crowded_places(count: int) -> list[Event]:
    """``count`` places scattered over Sudan, with one to three events each."""
    rng = random.Random(16)
    events = []
    for number in range(count):
        town = Place(
            f"Town {number}",
            country="SD",
            latitude=rng.uniform(9, 22),
            longitude=rng.uniform(22, 38),
        )
        for _ in range(1 + number % 3):
            events.append(Event(title=f"Clash {number}", when="2020-01-01", place=town))
    return events


def test_a_map_of_ten_thousand_places_labels_only_what_fits() -> None:
    events = _crowded_places(10_000)
    ax = plot_map(events)
    (dots,) = [c for c in ax.collections if c.get_gid() == "places"]
    located = {event.place.coordinates[::-1] for event in events if event.place}
    assert {tuple(point) for point in dots.get_offsets()} == located
    labels = [text for text in _map_texts(ax) if text.startswith("Town")]
    assert 0 < len(labels) < len(located)
    boxes = _label_boxes(ax)
    assert _overlapping(boxes) == []
    frame = ax.get_window_extent()
    assert all(frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1) for box in boxes)


_pixel_boxes = st.tuples(
    st.floats(0, 300), st.floats(0, 200), st.floats(0, 60), st.floats(0, 30)
).map(lambda box: (box[0], box[1], box[0] + box[2], box[1] + box[3]))


@settings(max_examples=200)
@given(st.lists(_pixel_boxes, max_size=8), st.lists(_pixel_boxes, min_size=1, max_size=8))
def test_the_label_raster_only_says_overlap_where_there_is_one(
    labels: list[tuple[float, float, float, float]], boxes: list[tuple[float, float, float, float]]
) -> None:
    # Placing trusts the raster's "overlaps" without looking at the labels themselves.
    import numpy as np

    occupied = map_module._Occupancy(Bbox([[0, 0], [320, 240]]), [], cell=16.0)
    for label in labels:
        occupied.add(label)
    together = occupied.surely_hold_labels(np.array(boxes)).tolist()
    for box, held in zip(boxes, together, strict=True):
        assert held == occupied.surely_hold_label(box)
        if held:
            assert map_module._any_overlap(box, labels)


def test_the_label_raster_sees_a_label_that_covers_whole_pixels() -> None:
    occupied = map_module._Occupancy(Bbox([[0, 0], [320, 240]]), [], cell=16.0)
    occupied.add((10.5, 10.5, 40.5, 20.5))
    assert occupied.surely_hold_label((30.2, 15.2, 60.0, 30.0))
    assert not occupied.surely_hold_label((40.0, 10.0, 60.0, 30.0))  # touches its edge only


def test_map_labels_keep_clear_of_every_point() -> None:
    events = _crowded_places(400)
    ax = plot_map(events)
    (dots,) = [c for c in ax.collections if c.get_gid() == "places"]
    points = ax.transData.transform(dots.get_offsets())
    for box in _label_boxes(ax):
        inside = [
            (x, y) for x, y in points if box.x0 + 1 < x < box.x1 - 1 and box.y0 + 1 < y < box.y1 - 1
        ]
        assert inside == []


def test_the_places_of_most_events_are_labelled_first() -> None:
    # Places have one, two or three events, as many of each; the labels that fit go to the
    # busiest first.
    events = _crowded_places(3_000)
    ax = plot_map(events)
    labelled = {text for text in _map_texts(ax) if text.startswith("Town")}
    counts = [int(label.rsplit("(", 1)[1].rstrip(")")) if "(" in label else 1 for label in labelled]
    assert sum(counts) / len(counts) > 2  # places with 1, 2 and 3 events in equal numbers


def test_map_labels_sit_in_their_boxes_which_do_not_overlap() -> None:
    # The letters are laid out from the font's table of widths, the box from the same table:
    # a label drawn outside its box could overlap another.
    ax = plot_map(_crowded_places(2_000))
    ax.figure.canvas.draw()
    labels, boxes = _place_labels(ax), _drawn_boxes(ax, "label-boxes")
    assert len(labels) == len(boxes) > 50
    for (text, letters), box in zip(labels, boxes, strict=True):
        assert box.padded(1).contains(letters.x0, letters.y0), text
        assert box.padded(1).contains(letters.x1, letters.y1), text
    assert _overlapping(boxes) == []


def test_map_labels_stay_by_their_points_at_another_dpi() -> None:
    ax = plot_map(_crowded_places(200))
    before = [box.x0 / ax.figure.dpi for _, box in _place_labels(ax)]
    ax.figure.set_dpi(ax.figure.dpi * 2)
    after = [box.x0 / ax.figure.dpi for _, box in _place_labels(ax)]
    assert after == pytest.approx(before, abs=0.01)  # in inches


def test_a_map_label_is_as_wide_as_its_letters() -> None:
    from geotimeline.display.lettering import Lettering

    lettering = Lettering(8.0)
    ax = plot_map(
        [Event(title="Talks", when="2017", place=Place("Aleppo", latitude=36.2, longitude=37.16))]
    )
    ((text, letters),) = _place_labels(ax)
    assert text == "Aleppo"
    assert letters.width == pytest.approx(lettering.width("Aleppo") * ax.figure.dpi / 72, rel=0.1)


# -- the density view of big timelines -------------------------------------------------------


def _density_bars(ax: Axes) -> dict[str, StepPatch]:
    return {
        str(patch.get_gid()).removeprefix("density:"): patch
        for patch in ax.patches
        if isinstance(patch, StepPatch) and str(patch.get_gid()).startswith("density:")
    }


def _unbounded(event: Event) -> bool:
    return isinstance(event.when.start, Unbounded) or isinstance(event.when.end, Unbounded)


@settings(max_examples=100)  # a span of thousands of years is counted in thousands of years
@given(st.lists(events(), min_size=1, max_size=6))
def test_each_event_adds_one_spread_over_the_periods_it_may_lie_in(batch: list[Event]) -> None:
    counted = density(batch, lambda event: event.actors[0] if event.actors else "")
    assert float(counted.weights.sum()) == pytest.approx(len(batch))
    assert counted.clipped == sum(_unbounded(event) for event in batch)
    assert counted.lanes == tuple(dict.fromkeys(e.actors[0] if e.actors else "" for e in batch))
    span = (int(counted.starts[0]), int(counted.starts[-1]) - 1)
    for event in batch:
        alone = density([event], period=counted.period, span=span).weights[0]
        assert float(alone.sum()) == pytest.approx(1.0)
        shares = alone[alone > 0]
        assert shares == pytest.approx(shares[0])  # spread evenly


@settings(max_examples=100)
@given(events())
def test_an_event_is_spread_over_exactly_the_periods_its_extent_touches(event: Event) -> None:
    counted = density([event])
    starts = [int(start) for start in counted.starts]
    low, high = starts[0], starts[-1] - 1
    start, end = event.when.start, event.when.end
    if not event.when.is_interval and isinstance(start, Moment):
        low, high = start.earliest_us, start.latest_us
    else:
        low = start.earliest_us if isinstance(start, Moment) else low
        high = end.latest_us if isinstance(end, Moment) else high
    touched = [a <= high and low < b for a, b in itertools.pairwise(starts)]
    assert [weight > 0 for weight in counted.weights[0]] == touched


def test_a_year_adds_a_twelfth_to_each_month_and_a_day_one_to_its_month() -> None:
    counted = density([Event(title="Deal", when="2017"), Event(title="Talks", when="2017-05-07")])
    assert counted.period == "month"
    assert [calendar.to_datetime(int(edge)).month for edge in counted.starts[:-1]] == list(
        range(1, 13)
    )
    assert list(counted.weights[0]) == pytest.approx([1 / 12] * 4 + [1 + 1 / 12] + [1 / 12] * 7)


def test_an_open_end_is_spread_only_up_to_the_edge_and_counted_as_clipped() -> None:
    batch = [
        Event(title="War", when="2014-04/..", actors=["Russia"]),
        Event(title="Truce", when="2015-02-12", actors=["Ukraine"]),
        Event(title="Talks", when="2016-06", actors=["Ukraine"]),
    ]
    counted = density(batch, lambda event: event.actors[0])
    assert counted.lanes == ("Russia", "Ukraine")
    assert counted.clipped == 1
    war = counted.weights[0]
    assert float(war.sum()) == pytest.approx(1.0)
    months = [calendar.to_datetime(int(edge)).date() for edge in counted.starts]
    assert months[0] == dt.date(2014, 4, 1)
    assert months[-1] == dt.date(2016, 7, 1)  # the edge: the end of the last known month
    assert list(war) == pytest.approx([1 / len(war)] * len(war))
    ax = plot_timeline(batch, density=True)
    (key,) = [text for text in ax.texts if text.get_gid() == "density-key"]
    assert "1 event with an open or unknown end" in key.get_text()


@pytest.mark.parametrize(
    ("earliest", "latest", "period"),
    [("2017-01-01", "2017-03-31", "day"), ("2017-01-01", "2017-07-31", "week"),
     ("1990-01-01", "2025-12-31", "month"), ("1800-01-01", "2017-12-31", "year")],
)  # fmt: skip
def test_the_period_follows_the_span(earliest: str, latest: str, period: str) -> None:
    low, high = (
        calendar.from_datetime(dt.datetime.fromisoformat(f"{d}T00:00+00:00"))
        for d in (earliest, latest)
    )
    assert period_for(low, high) == period
    starts = period_starts(low, high, period_for(low, high))
    assert starts[0] <= low
    assert high < starts[-1]
    if period == "week":
        assert {calendar.to_datetime(start).weekday() for start in starts} == {0}


def test_the_density_view_draws_a_histogram_per_lane_on_one_scale() -> None:
    batch = [
        Event(title=f"Clash {number}", when=f"2017-{month:02d}", actors=[actor])
        for number, (month, actor) in enumerate(
            itertools.product(range(1, 13), ["Russia", "Syria", "Syria", "Turkey"])
        )
    ] + [Event(title="A year of talks", when="2016", actors=["Turkey"])]
    ax = plot_timeline(batch, density=True)
    lanes = [label.get_text() for label in ax.get_yticklabels()]
    assert lanes == ["Turkey", "Russia", "Syria"]
    bars = _density_bars(ax)
    assert list(bars) == lanes
    counted = density(sorted(batch, key=lambda e: e.sort_key), lambda event: event.actors[0])
    heights = {}
    for lane, patch in bars.items():
        values, edges, baseline = patch.get_data()
        heights[lane] = np.asarray(baseline) - np.asarray(values)
        assert len(edges) == len(counted.starts)
    scale = heights["Syria"].max() / 2  # two events a month, the tallest
    for row, lane in enumerate(counted.lanes):
        assert heights[lane] == pytest.approx(counted.weights[row] * scale)
    assert len(ax.texts) == 1  # the key, and no label per event
    assert ax.get_legend() is None


def test_the_chart_turns_to_a_density_view_past_the_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from geotimeline.display import chart

    monkeypatch.setattr(chart, "AUTO_DENSITY", 6)
    batch = [Event(title=f"Day {day}", when=f"2017-03-{day:02d}") for day in range(1, 8)]
    assert _density_bars(plot_timeline(batch[:6])) == {}
    assert list(_density_bars(plot_timeline(batch))) == ["(no actor)"]
    assert _density_bars(plot_timeline(batch, labels=True)) == {}  # labels asked for
    assert _density_bars(plot_timeline(batch, density=False)) == {}
    assert list(_density_bars(plot_timeline(batch[:2], lanes=None, density=True))) == [""]
    with pytest.raises(InvalidFieldError, match="labels"):
        plot_timeline(batch, density=True, labels=True)


@pytest.mark.filterwarnings(MISSING_GLYPHS)
@settings(max_examples=10)  # each example draws a figure
@given(st.lists(events(), min_size=1, max_size=6).map(_unique))
def test_any_timeline_draws_a_density_view(batch: list[Event]) -> None:
    try:
        ax = plot_timeline(Timeline(batch), density=True)
        ax.figure.canvas.draw()
        bars = _density_bars(ax)
        assert list(bars) == [label.get_text() for label in ax.get_yticklabels()]
        low, high = ax.get_xlim()
        assert low < high
    finally:
        plt.close("all")
