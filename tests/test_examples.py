"""The bundled example timelines: what ships, how it loads, and that its dates stay researched."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from geotimeline import GeotimelineError, Precision, Timeline, Unbounded, examples

SEED_TITLE = "Russia and the world, 2014-2017"
ARTICLE_URL = (
    "https://www.theatlantic.com/international/archive/2017/11/trump-russia-korea-ukraine-syria/"
    "545663/"
)
SCHEMA = json.loads(
    (Path(__file__).parent.parent / "docs" / "schema" / "geotimeline-1.schema.json").read_text()
)


@pytest.fixture(scope="module")
def seed() -> Timeline:
    return examples.load("seed")


def test_names_lists_the_seed_timeline() -> None:
    assert "seed" in examples.names()


def test_seed_has_its_title_a_description_and_enough_events(seed: Timeline) -> None:
    assert seed.title == SEED_TITLE
    assert seed.description
    assert 18 <= len(seed) <= 24


def test_seed_file_matches_the_schema() -> None:
    text = resources.files("geotimeline.data").joinpath("seed.json").read_text(encoding="utf-8")
    jsonschema.validate(json.loads(text), SCHEMA)


def test_every_event_cites_the_article_with_a_quote(seed: Timeline) -> None:
    for event in seed:
        atlantic = [source for source in event.sources if source.outlet == "The Atlantic"]
        assert atlantic, f"{event.id} does not cite The Atlantic"
        for source in atlantic:
            assert source.url == ARTICLE_URL, event.id
            assert source.quote, event.id
            assert source.published is not None, event.id
            assert str(source.published).startswith("2017-11"), event.id


def test_every_event_has_a_summary_actors_and_tags(seed: Timeline) -> None:
    for event in seed:
        assert event.summary, event.id
        assert event.actors, event.id
        assert event.tags, event.id
        assert all(tag == tag.lower() for tag in event.tags), event.id


def test_every_id_starts_with_the_date_the_event_starts(seed: Timeline) -> None:
    for event in seed:
        start = str(event.when).split("/")[0].rstrip("?~%")
        assert event.id.startswith(f"{start}-"), event.id


def test_every_link_target_is_in_the_timeline(seed: Timeline) -> None:
    ids = set(seed.ids())
    targets = [(event.id, link.target) for event in seed for link in event.links]
    assert targets, "the seed timeline should show typed links"
    for source_id, target in targets:
        assert target in ids, f"{source_id} links to missing {target}"
        assert target != source_id


@pytest.mark.parametrize(
    ("event_id", "when"),
    [
        ("2014-02-20-russia-takes-over-crimea", "2014-02-20/2014-03-18"),
        ("2014-03-18-russia-annexes-crimea", "2014-03-18"),
        ("2014-04-war-in-donbas", "2014-04/.."),
        ("2015-09-30-russian-military-intervention-in-syria", "2015-09-30/.."),
        ("2017-04-07-us-missile-strike-on-shayrat-air-base", "2017-04-07"),
        ("2017-06-18-us-shoots-down-a-syrian-su-22", "2017-06-18"),
        ("2017-07-04-russia-and-china-propose-a-double-freeze", "2017-07-04"),
        ("2017-08-05-un-security-council-resolution-2371", "2017-08-05"),
        ("2017-09-03-north-koreas-sixth-nuclear-test", "2017-09-03"),
        ("2017-09-11-un-security-council-resolution-2375", "2017-09-11"),
        ("2017-10-01-russias-transtelecom-connects-north-korea-to-the-internet", "2017-10-01"),
        ("2017-10-17-fall-of-raqqa", "2017-10-17"),
        ("2017-11-11-trump-and-putin-joint-statement-on-syria", "2017-11-11"),
        ("2017-11-11-trumps-remarks-aboard-air-force-one", "2017-11-11"),
    ],
)
def test_researched_dates(seed: Timeline, event_id: str, when: str) -> None:
    assert str(seed[event_id].when) == when


def test_the_ceasefire_stays_the_season_the_article_gives(seed: Timeline) -> None:
    ceasefire = seed["2017-22-ceasefire-in-south-western-syria"]
    assert str(ceasefire.when) == "2017-22"
    assert ceasefire.when.precision is Precision.SEASON
    # The exact dates are known and told, but in the summary rather than the date.
    assert "9 July" in ceasefire.summary


def test_ongoing_conflicts_are_open_ended(seed: Timeline) -> None:
    for event_id in ("2014-04-war-in-donbas", "2015-09-30-russian-military-intervention-in-syria"):
        assert seed[event_id].when.end is Unbounded.OPEN


def test_the_annexation_is_part_of_the_takeover(seed: Timeline) -> None:
    annexation = seed["2014-03-18-russia-annexes-crimea"]
    assert [(link.relation.value, link.target) for link in annexation.links] == [
        ("part-of", "2014-02-20-russia-takes-over-crimea")
    ]


def test_load_gives_an_equal_but_independent_copy_each_time() -> None:
    first, second = examples.load("seed"), examples.load("seed")
    assert first == second
    assert first is not second
    removed = first.remove(first[0])
    assert removed.id in second.ids()
    assert first != second


def test_load_defaults_to_the_seed_timeline() -> None:
    assert examples.load() == examples.load("seed")


def test_unknown_name_raises_a_key_error_listing_the_names() -> None:
    with pytest.raises(examples.UnknownExampleError, match=r"'nope'.*seed") as raised:
        examples.load("nope")
    assert isinstance(raised.value, KeyError)
    assert isinstance(raised.value, GeotimelineError)
    assert raised.value.name == "nope"


def test_running_the_package_prints_the_seed_timeline() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "geotimeline"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert SEED_TITLE in result.stdout
    assert "Crimea" in result.stdout
    assert "summer 2017" in result.stdout
