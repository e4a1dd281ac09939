"""Diffs of timelines: what they find, how they apply, invert, serialise and read."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import random
from pathlib import Path

import attrs
import jsonpatch
import jsonschema
import pytest
import referencing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import (
    Event,
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    Timeline,
    When,
    examples,
)
from geotimeline.diffing import (
    DiffMismatchError,
    EventChange,
    FieldChange,
    TimelineDiff,
    diff,
    pairing,
    when_direction,
)
from geotimeline.io import native
from tests.strategies import (
    HugeValueEdit,
    edited,
    events,
    huge_value_edits,
    look_alike_accounts,
    wide_whens,
    with_a_huge_value,
)

SCHEMAS = Path(__file__).parent.parent / "docs" / "schema"
DIFF_SCHEMA = json.loads((SCHEMAS / "diff.schema.json").read_text())
NATIVE_SCHEMA = json.loads((SCHEMAS / "geotimeline-1.schema.json").read_text())
REGISTRY = referencing.Registry().with_resources(
    (schema["$id"], referencing.Resource.from_contents(schema))
    for schema in (DIFF_SCHEMA, NATIVE_SCHEMA)
)
VALIDATOR = jsonschema.Draft202012Validator(DIFF_SCHEMA, registry=REGISTRY)

#: Every field an edit may change; a new id is a removal and an addition, not a change.
SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# Made once: a strategy made inside a composite is validated again at every draw.
EVENTS = events()


# -- strategies ---------------------------------------------------------------------------------


def timelines(max_size: int = 4) -> st.SearchStrategy[Timeline]:
    """Small timelines with or without a title and description."""
    return st.builds(
        Timeline,
        st.lists(EVENTS, unique_by=lambda event: event.id, max_size=max_size),
        title=st.none() | st.sampled_from(["Syria", "Ukraine"]),
        description=st.none() | st.text(max_size=5),
    )


TIMELINES = timelines()


def edits(timeline: Timeline) -> st.SearchStrategy[Timeline]:
    """``timeline`` with some events removed, some changed in a few fields, some added."""
    return edited(timeline, EVENTS)


@st.composite
def timeline_pairs(draw: st.DrawFn) -> tuple[Timeline, Timeline]:
    """Two timelines: mostly an edit of the first, sometimes two unrelated ones."""
    old = draw(TIMELINES)
    new = draw(edits(old) if draw(st.integers(0, 3)) else TIMELINES)
    return old, new


# -- the seed example ---------------------------------------------------------------------------

CEASEFIRE = "2017-22-ceasefire-in-south-western-syria"
ASSAD = "2017-11-11-us-official-on-testing-russia-over-assad"


@pytest.fixture
def accounts() -> tuple[Timeline, Timeline]:
    """The seed, and a later account: a corrected date, one event more, one fewer."""
    seed = examples.load("seed")
    later = seed.copy()
    later.replace(attrs.evolve(seed[CEASEFIRE], when="2017-07-09"))
    later.remove(ASSAD)
    later.add(Event(title="Sochi congress on Syria", when="2018-01-30", actors=["Russia"]))
    return seed, later


def test_the_seed_accounts_differ_by_a_date_an_addition_and_a_removal(
    accounts: tuple[Timeline, Timeline],
) -> None:
    seed, later = accounts
    change = diff(seed, later)
    assert (change.summary.added, change.summary.removed, change.summary.changed) == (1, 1, 1)
    assert [event.id for event in change.removed] == [ASSAD]
    assert [event.title for event in change.added] == ["Sochi congress on Syria"]
    [ceasefire] = change.changed
    assert [(f.field, str(f.old), str(f.new), f.direction) for f in ceasefire.fields] == [
        ("when", "2017-22", "2017-07-09", "more precise")
    ]
    assert str(change).splitlines() == [
        "1 added, 1 removed, 1 changed",
        "~ 2017-07-09   Ceasefire in south-western Syria",
        "    when: 2017-22 → 2017-07-09 (more precise)",
        "- 2017-11-11?  US official on testing Russia over Assad",
        "+ 2018-01-30   Sochi congress on Syria",
    ]
    assert change.apply(seed) == later


def test_apply_leaves_its_input_alone(accounts: tuple[Timeline, Timeline]) -> None:
    seed, later = accounts
    before = seed.copy()
    result = diff(seed, later).apply(seed)
    assert seed == before
    assert result is not seed
    result._check()


# -- when a date changes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "direction"),
    [
        ("2017-22", "2017-07-09", "more precise"),
        ("2017-07-09", "2017-22", "less precise"),
        ("2017-11-11", "2017-11-12", "later"),
        ("2017-11-12", "2017-11-11", "earlier"),
        ("2017-06", "2018", "later, less precise"),
        ("2018", "2017-06", "earlier, more precise"),
        ("2016", "2017-06", "later, more precise"),
        ("2017-06", "2016", "earlier, less precise"),
        ("2014-04/..", "2014-04/2015-02", "more precise"),
        ("2017", "2017-01/2017-12", "more precise"),
        ("2017-11-11", "2017-11-11?", "less certain"),
        ("2017-11-11%", "2017-11-11~", "more certain"),
        ("2017-11-11T10:00Z", "2017-11-11T12:00+02:00", "changed"),
    ],
)
def test_a_changed_date_says_which_way_it_moved(old: str, new: str, direction: str) -> None:
    assert when_direction(When.parse(old), When.parse(new)) == direction


def test_a_date_that_becomes_a_guess_is_a_change() -> None:
    # The bounds as written stay, but what the date possibly means widens: a change to report.
    old = Timeline([Event(id="founding", title="Founding", when="2010")])
    new = Timeline([Event(id="founding", title="Founding", when="2010~")])
    (change,) = diff(old, new).changed
    (field,) = change.fields
    assert (field.field, str(field.old), str(field.new)) == ("when", "2010", "2010~")
    assert field.direction == "less certain"
    assert diff(old, new).apply(old) == new


# -- properties ---------------------------------------------------------------------------------


@SLOW
@given(timeline_pairs())
def test_applying_the_diff_of_two_timelines_turns_one_into_the_other(
    pair: tuple[Timeline, Timeline],
) -> None:
    old, new = pair
    result = diff(old, new).apply(old)
    assert result == new
    result._check()


@SLOW
@given(timeline_pairs())
def test_a_content_diff_applies_too(pair: tuple[Timeline, Timeline]) -> None:
    old, new = pair
    assert diff(old, new, match="content").apply(old) == new


@SLOW
@given(timelines())
def test_a_timeline_does_not_differ_from_itself(timeline: Timeline) -> None:
    change = diff(timeline, timeline.copy())
    assert not change
    assert change == TimelineDiff()
    assert change.apply(timeline) == timeline


@SLOW
@given(timeline_pairs())
def test_the_inverse_of_a_diff_is_the_diff_the_other_way(pair: tuple[Timeline, Timeline]) -> None:
    old, new = pair
    assert diff(old, new).invert() == diff(new, old)
    assert diff(old, new).invert().apply(new) == old


@SLOW
@given(timeline_pairs())
def test_a_diff_survives_json(pair: tuple[Timeline, Timeline]) -> None:
    change = diff(*pair)
    assert TimelineDiff.from_json(change.to_json()) == change


@settings(SLOW, max_examples=50)
@given(timeline_pairs())
def test_every_diff_written_follows_the_schema(pair: tuple[Timeline, Timeline]) -> None:
    VALIDATOR.validate(json.loads(diff(*pair).to_json()))


@settings(SLOW, max_examples=50)
@given(timeline_pairs())
def test_the_json_patch_turns_one_native_document_into_the_other(
    pair: tuple[Timeline, Timeline],
) -> None:
    old, new = pair
    patch = diff(old, new).to_json_patch(old)
    document = json.loads(native.dumps(old))
    assert jsonpatch.apply_patch(document, patch) == json.loads(native.dumps(new))


# -- applying a diff that does not fit ----------------------------------------------------------


def test_a_diff_does_not_apply_where_its_removed_event_is_missing(
    accounts: tuple[Timeline, Timeline],
) -> None:
    seed, later = accounts
    elsewhere = seed.copy()
    elsewhere.remove(ASSAD)
    with pytest.raises(DiffMismatchError, match=f"event '{ASSAD}' is not in it"):
        diff(seed, later).apply(elsewhere)


def test_a_diff_does_not_apply_where_its_old_version_was_edited(
    accounts: tuple[Timeline, Timeline],
) -> None:
    seed, later = accounts
    edited = seed.copy()
    edited.replace(attrs.evolve(seed[CEASEFIRE], summary="Edited."))
    before = edited.copy()
    with pytest.raises(DiffMismatchError, match="differs from the diff's old version in summary"):
        diff(seed, later).apply(edited)
    assert edited == before


def test_a_diff_does_not_add_an_event_that_is_there(accounts: tuple[Timeline, Timeline]) -> None:
    seed, later = accounts
    change = diff(seed, later)
    seed.add(change.added[0])
    with pytest.raises(DiffMismatchError, match=r"event '2018-01-30-sochi-.*' is already in it"):
        change.apply(seed)


def test_a_diff_does_not_apply_to_another_title() -> None:
    change = diff(Timeline(title="Syria"), Timeline(title="Syria, 2017"))
    with pytest.raises(DiffMismatchError, match="has title 'Ukraine', not 'Syria'"):
        change.apply(Timeline(title="Ukraine"))


def test_a_diff_mismatch_is_a_value_error() -> None:
    assert issubclass(DiffMismatchError, ValueError)


# -- matching by content ------------------------------------------------------------------------


def _two_accounts() -> tuple[Timeline, Timeline]:
    ours = Timeline(
        [
            Event(title="Russia annexes Crimea", when="2014-03-18", actors=["Russia"]),
            Event(title="Fall of Raqqa", when="2017-10-17", actors=["SDF", "United States"]),
            Event(title="Sarin attack on Khan Shaykhun", when="2017-04-04", actors=["Syria"]),
        ]
    )
    theirs = Timeline(
        [
            Event(title="Crimea annexed by Russia", when="2014-03", actors=["Russia"]),
            Event(title="Raqqa falls", when="2017-10-20", actors=["united states", "SDF"]),
            Event(title="Trump meets Putin in Da Nang", when="2017-11-11", actors=["Russia"]),
        ]
    )
    return ours, theirs


def test_content_matching_pairs_the_same_events_told_differently() -> None:
    ours, theirs = _two_accounts()
    change = diff(ours, theirs, match="content")
    pairs = sorted((c.old.title, c.new.title) for c in change.changed)
    assert pairs == [
        ("Fall of Raqqa", "Raqqa falls"),
        ("Russia annexes Crimea", "Crimea annexed by Russia"),
    ]
    assert [event.title for event in change.removed] == ["Sarin attack on Khan Shaykhun"]
    assert [event.title for event in change.added] == ["Trump meets Putin in Da Nang"]
    assert change.match == "content"
    assert change.apply(ours) == theirs


def test_matching_by_id_does_not_pair_events_with_new_ids() -> None:
    ours, theirs = _two_accounts()
    change = diff(ours, theirs)
    assert (len(change.added), len(change.removed), len(change.changed)) == (3, 3, 0)


def test_content_matching_needs_more_than_a_shared_word() -> None:
    ours = Timeline([Event(title="Talks in Astana", when="2017-01-23", actors=["Russia"])])
    theirs = Timeline([Event(title="Strike near Astana", when="2019-05", actors=["Turkey"])])
    assert not diff(ours, theirs, match="content").changed


def test_content_matching_takes_the_best_pair_first() -> None:
    ours = Timeline([Event(title="North Korea tests an ICBM", when="2017-07-04")])
    theirs = Timeline(
        [
            Event(title="North Korea tests a second ICBM", when="2017-07-28"),
            Event(title="North Korea tests an ICBM", when="2017-07-03/2017-07-04"),
        ]
    )
    [change] = diff(ours, theirs, match="content").changed
    assert str(change.new.when) == "2017-07-03/2017-07-04"


def test_an_unknown_match_is_refused() -> None:
    with pytest.raises(InvalidFieldError, match="match: 'title' must be 'id' or 'content'"):
        diff(Timeline(), Timeline(), match="title")  # type: ignore[arg-type]


def test_only_timelines_are_diffed() -> None:
    with pytest.raises(InvalidFieldError, match=r"new: .* is not a Timeline"):
        diff(Timeline(), [])  # type: ignore[arg-type]


# -- the diff as a value ------------------------------------------------------------------------


def test_a_change_must_change_something() -> None:
    event = Event(title="Talks", when="2017")
    with pytest.raises(InvalidFieldError, match="equal old and new"):
        EventChange(event, event)


def test_a_diff_touches_each_event_once_per_side() -> None:
    event = Event(title="Talks", when="2017")
    with pytest.raises(InvalidFieldError, match="appears twice on the old side"):
        TimelineDiff(
            removed=[event], changed=[EventChange(event, attrs.evolve(event, when="2018"))]
        )


def test_a_diff_is_only_of_timeline_fields() -> None:
    with pytest.raises(InvalidFieldError, match="is not a timeline change"):
        TimelineDiff(timeline_fields=[FieldChange("colour", "red", "blue")])


def test_a_diff_changes_a_timeline_field_once() -> None:
    twice = [FieldChange("title", "A", "B"), FieldChange("title", "A", "C")]
    with pytest.raises(InvalidFieldError, match="'title' is changed twice"):
        TimelineDiff(timeline_fields=twice)


def test_a_diff_counts_its_changes(accounts: tuple[Timeline, Timeline]) -> None:
    seed, later = accounts
    later.title = "Russia and the world, 2014-2018"
    change = diff(seed, later)
    assert len(change) == change.summary.total == 4
    assert change.summary.events == 3  # the timeline's own field is not an event
    assert str(change.summary) == "1 added, 1 removed, 1 changed, 1 timeline field changed"


# -- reading a diff's JSON ----------------------------------------------------------------------


def _document(accounts: tuple[Timeline, Timeline]) -> dict[str, object]:
    return diff(*accounts).to_document()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda doc: doc.update(format="geotimeline"), "format: is not a geotimeline-diff"),
        (lambda doc: doc.update(version=2), "version: 2 is not supported"),
        (lambda doc: doc.update(extra=1), "has unknown fields: extra"),
        (lambda doc: doc.pop("timeline"), "lacks required fields: timeline"),
        (lambda doc: doc.update(match="fuzzy"), "match: 'fuzzy' is not 'id' or 'content'"),
        (lambda doc: doc.update(added={}), "added: must be a list"),
        (lambda doc: doc["added"][0].pop("when"), r"added\[0\]: .*when"),
        (lambda doc: doc["added"][0].update(when="2014-13"), r"added\[0\]: .*month 13"),
        (lambda doc: doc["changed"][0].update(id="other"), r"changed\[0\].id: 'other' is not"),
        (
            lambda doc: doc["changed"][0]["fields"][0].update(direction="later"),
            r"changed\[0\].fields: do not match",
        ),
        (lambda doc: doc["changed"][0].pop("fields"), r"changed\[0\]: must be an object"),
        (lambda doc: doc.update(added=doc["removed"]), "both taken out and put in"),
        (
            lambda doc: doc.update(timeline=[{"field": "colour", "old": "a", "new": "b"}]),
            r"timeline\[0\]: 'colour' is not title or description",
        ),
        (
            lambda doc: doc.update(timeline=[{"field": "title", "old": 1, "new": "b"}]),
            r"timeline\[0\].old: must be text or null",
        ),
    ],
)
def test_a_spoilt_document_is_refused_naming_the_place(
    accounts: tuple[Timeline, Timeline], spoil: object, message: str
) -> None:
    document = _document(accounts)
    spoil(document)  # type: ignore[operator]
    with pytest.raises(FormatError, match=message):
        TimelineDiff.from_json(json.dumps(document), source="fix.json")


def test_text_that_is_not_json_is_refused() -> None:
    with pytest.raises(FormatError, match=r"fix\.json, line 1, column 2: is not valid JSON"):
        TimelineDiff.from_json("{nope", source="fix.json")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"n": ' + "9" * 5000 + "}", "holds a number too long to read"),
        ("[" * 100_000 + "]" * 100_000, "is nested too deeply to be a diff"),
        ('{"added": [], "added": []}', "gives the key 'added' twice in one object"),
    ],
)
def test_json_no_reader_could_hold_is_refused(text: str, reason: str) -> None:
    with pytest.raises(FormatError, match=reason):
        TimelineDiff.from_json(text, source="hostile.json")


def test_a_document_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(FormatError, match="is not a JSON object"):
        TimelineDiff.from_document([])


def test_the_seed_diff_follows_the_schema(accounts: tuple[Timeline, Timeline]) -> None:
    VALIDATOR.validate(_document(accounts))


def test_a_json_patch_does_not_apply_to_a_document_it_does_not_fit(
    accounts: tuple[Timeline, Timeline],
) -> None:
    seed, later = accounts
    patch = diff(seed, later).to_json_patch(seed)
    edited = seed.copy()
    edited.replace(attrs.evolve(seed[ASSAD], summary="Edited."))
    with pytest.raises(jsonpatch.JsonPatchTestFailed):
        jsonpatch.apply_patch(json.loads(native.dumps(edited)), patch)


# -- showing ------------------------------------------------------------------------------------


def test_colour_only_when_asked(accounts: tuple[Timeline, Timeline]) -> None:
    change = diff(*accounts)
    assert "\x1b[" not in str(change)
    coloured = change.format(color=True)
    assert "\x1b[32m+ 2018-01-30   Sochi congress on Syria\x1b[0m" in coloured
    assert "\x1b[31m2017-22\x1b[0m → \x1b[32m2017-07-09\x1b[0m" in coloured


def test_an_empty_diff_reads_as_such() -> None:
    assert str(diff(Timeline(), Timeline())) == "0 added, 0 removed, 0 changed"


def test_field_values_are_shown_in_a_few_words() -> None:
    old = Event(id="a", title="Talks", when="2017", actors=["Russia"], metadata={"n": 1})
    new = attrs.evolve(old, actors=["Russia", "Turkey"], summary="x" * 100, metadata={})
    lines = str(diff(Timeline([old]), Timeline([new]))).splitlines()[2:]
    assert lines == [
        "    summary: '' → '" + "x" * 57 + "…'",
        "    actors: Russia → Russia, Turkey",
        '    metadata: {"n": 1} → none',
    ]


def test_the_html_table_has_a_row_per_event_and_escapes_text(
    accounts: tuple[Timeline, Timeline],
) -> None:
    seed, later = accounts
    later.add(Event(title="<script>", when="2018"))
    table = diff(seed, later)._repr_html_()
    assert table.startswith('<table class="geotimeline-diff">')
    assert table.count("<tr style=") == 4
    assert "&lt;script&gt;" in table
    assert "<script>" not in table
    assert "<del>2017-22</del> → <ins>2017-07-09</ins> (more precise)" in table


@settings(SLOW, max_examples=50)
@given(
    st.lists(events(wide_whens()), unique_by=lambda event: event.id, max_size=4),
    st.lists(events(wide_whens()), unique_by=lambda event: event.id, max_size=4),
)
def test_diffs_of_years_outside_1_to_9999_apply_and_survive_json(
    old_events: list[Event], new_events: list[Event]
) -> None:
    old, new = Timeline(old_events), Timeline(new_events)
    change = diff(old, new)
    assert change.apply(old) == new
    assert TimelineDiff.from_json(change.to_json()) == change
    VALIDATOR.validate(json.loads(change.to_json()))


@pytest.mark.parametrize("version", [True, False, 1.0, "1", None])
def test_a_diff_version_that_is_not_the_integer_1_is_refused(
    accounts: tuple[Timeline, Timeline], version: object
) -> None:
    # true == 1 and 1.0 == 1 to Python; a version is the integer 1 only.
    document = _document(accounts) | {"version": version}
    with pytest.raises(FormatError, match=r"version: .* is not supported \(only 1\)"):
        TimelineDiff.from_json(json.dumps(document), source="fix.json")


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(pair=timeline_pairs(), edit=huge_value_edits)
def test_a_megabyte_anywhere_in_a_diff_gives_a_short_message(
    pair: tuple[Timeline, Timeline], edit: HugeValueEdit
) -> None:
    document = with_a_huge_value(diff(*pair).to_document(), edit)
    message = ""
    try:
        TimelineDiff.from_json(json.dumps(document))
    except GeotimelineError as error:
        message = str(error)
    assert len(message) < 1000, message[:1000]


def test_a_timeline_field_that_does_not_fit_is_named_briefly() -> None:
    change = diff(Timeline([], title="a" * 1_000_000), Timeline([], title="b"))
    with pytest.raises(DiffMismatchError, match="the timeline has title 'ccc") as raised:
        change.apply(Timeline([], title="c" * 1_000_000))
    assert len(str(raised.value)) < 1000


# -- pairing by content: the blocks miss nothing the rule compares ------------------------------


def _rule_score(old: Event, new: Event) -> float | None:
    """The documented rule for one pair, written out plainly: None when it does not compare
    them, else their score."""
    mine = pairing._key_words(pairing._title_words(old))
    theirs = pairing._key_words(pairing._title_words(new))
    gap = max(old.when.earliest_us - new.when.latest_us, new.when.earliest_us - old.when.latest_us)
    if not mine & theirs or gap >= 31 * 24 * 3600 * 10**6:
        return None
    overlap = len(mine & theirs) / len(mine | theirs)
    my_actors = {actor.casefold() for actor in old.actors}
    their_actors = {actor.casefold() for actor in new.actors}
    actors = (
        len(my_actors & their_actors) / len(my_actors | their_actors)
        if my_actors | their_actors
        else 0.5
    )
    closeness = 1.0 if gap <= 0 else max(0.0, 1.0 - gap / (366 * 24 * 3600 * 10**6))
    if 0.6 * overlap + 0.2 * actors + 0.2 * closeness < 0.4:
        return None
    texts = [" ".join(pairing._title_words(event)) for event in (old, new)]
    ratio = difflib.SequenceMatcher(None, *texts).ratio()
    return 0.6 * max(overlap, ratio) + 0.2 * actors + 0.2 * closeness


def _every_pair_scored(removed: list[Event], added: list[Event]) -> list[tuple[Event, Event]]:
    """The reference: every pair scored, then taken best first."""
    scored = []
    for i, old in enumerate(removed):
        for j, new in enumerate(added):
            score = _rule_score(old, new)
            if score is not None and score >= 0.6:
                scored.append((-score, old.sort_key, new.sort_key, i, j))
    pairs, taken_old, taken_new = [], set(), set()
    for *_, i, j in sorted(scored):
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            pairs.append((removed[i], added[j]))
    return pairs


@settings(max_examples=300)
@given(look_alike_accounts())
def test_the_blocks_hold_every_pair_the_rule_compares(
    accounts: tuple[list[Event], list[Event]],
) -> None:
    removed, added = accounts
    compared = {
        (i, j)
        for i, old in enumerate(removed)
        for j, new in enumerate(added)
        if _rule_score(old, new) is not None
    }
    olds = [pairing._Account.of(event) for event in removed]
    news = [pairing._Account.of(event) for event in added]
    assert compared <= pairing._candidates(olds, news)


@settings(max_examples=300)
@given(look_alike_accounts())
def test_pairs_whose_actors_agree_share_a_block_of_their_own(
    accounts: tuple[list[Event], list[Event]],
) -> None:
    # They are scored first, and left out when the other blocks are looked up later.
    removed, added = accounts
    olds = list(enumerate(pairing._Account.of(event) for event in removed))
    news = list(enumerate(pairing._Account.of(event) for event in added))
    agreeing = {
        (i, j)
        for i, old in olds
        for j, new in news
        if old.actors == new.actors and _rule_score(removed[i], added[j]) is not None
    }
    blocked = {
        (i, j) for i, found in pairing._neighbours(olds, news, pairing._same_actors) for j in found
    }
    assert agreeing <= blocked


@settings(max_examples=300)
@given(look_alike_accounts())
def test_pairing_by_content_is_scoring_every_pair(
    accounts: tuple[list[Event], list[Event]],
) -> None:
    removed, added = accounts
    assert pairing.pair_by_content(removed, added) == _every_pair_scored(removed, added)


def _acled_style_accounts(count: int, seed: int) -> tuple[list[Event], list[Event]]:
    """ACLED-style events (few event types, actors and regions, so titles share most words)
    and a second account of them: a word added to each title, dates a few days later."""
    rng = random.Random(seed)
    kinds = ["Battles", "Protests", "Riots", "Violence against civilians"]
    actors = ["Military Forces of Sudan", "Rapid Support Forces", "SPLM-N", "Protesters", "JEM"]
    regions = ["South Kordofan", "North Darfur", "West Darfur", "Khartoum", "Blue Nile"]
    ours, theirs = [], []
    for _ in range(count):
        kind, pair, region = rng.choice(kinds), rng.sample(actors, 2), rng.choice(regions)
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(700))
        title = f"{kind}: {pair[0]} vs. {pair[1]} in {region}"
        ours.append(Event(title=title, when=day.isoformat(), actors=pair))
        later = day + dt.timedelta(days=rng.randrange(4))
        theirs.append(Event(title=f"{title} state", when=later.isoformat(), actors=pair))
    return ours, theirs


def test_acled_style_accounts_pair_as_scoring_every_pair_does() -> None:
    ours, theirs = _acled_style_accounts(150, seed=16)
    pairs = pairing.pair_by_content(ours, theirs)
    assert pairs == _every_pair_scored(ours, theirs)
    assert len(pairs) == len(ours)


def test_content_matching_does_not_compare_dates_a_month_apart() -> None:
    ours = Timeline([Event(title="Fall of Raqqa", when="2017-10-17", actors=["SDF"])])
    theirs = Timeline([Event(title="Fall of Raqqa", when="2017-11-20", actors=["SDF"])])
    assert not diff(ours, theirs, match="content").changed
    nearer = Timeline([Event(title="Fall of Raqqa", when="2017-11-10", actors=["SDF"])])
    assert diff(ours, nearer, match="content").changed


def test_close_spelling_does_not_pair_titles_that_share_too_few_words() -> None:
    # difflib's ratio is high, but only one word of five is shared, and no actor.
    title, told = "Shelling of Mariupol theatre", "Shellings on Mariupol theater"
    ours = Timeline([Event(title=title, when="2022-03-16", actors=["Russia"])])
    theirs = Timeline([Event(title=told, when="2022-03-16", actors=["DPR"])])
    assert not diff(ours, theirs, match="content").changed
    shared = Timeline([Event(title=told, when="2022-03-16", actors=["Russia"])])
    assert diff(ours, shared, match="content").changed


def test_a_change_of_nested_metadata_is_shown_as_json() -> None:
    # Metadata is frozen all the way down (read-only mappings in tuples); the listing is JSON.
    before = Timeline([Event(title="Strike", when="2017-04-07", metadata={"n": [{"dead": 1}]})])
    after = Timeline([Event(title="Strike", when="2017-04-07", metadata={"n": [{"dead": 2}]})])
    listing = str(diff(before, after))
    assert 'metadata: {"n": [{"dead": 1}]} → {"n": [{"dead": 2}]}' in listing


@given(timeline_pairs())
def test_a_diff_finds_what_comparing_every_event_finds(pair: tuple[Timeline, Timeline]) -> None:
    # The new timeline made again of equal but distinct events, as two files read give them.
    old, new = pair
    new = Timeline([native.structure_event(native.unstructure_event(e), "x", "e") for e in new])
    change = diff(old, new)
    assert {event.id for event in change.removed} == set(old.ids()) - set(new.ids())
    assert {event.id for event in change.added} == set(new.ids()) - set(old.ids())
    differing = {eid for eid in set(old.ids()) & set(new.ids()) if old[eid] != new[eid]}
    assert {change.old.id for change in change.changed} == differing
