"""Fuzzing every parser and loader: any input gives a value or a geotimeline error, nothing else.

Each test feeds one reader arbitrary input and near-valid input (valid documents with fields
dropped, repeated, retyped or garbled, and files cut short) and allows only the documented
errors: :class:`ParseError` from :meth:`When.parse`, :class:`FormatError` naming the input from
the loaders, an exit status from the command line. Whatever loads must be a consistent timeline.

The normal run tries a modest number of inputs per test. The campaign, ``python fuzz/campaign.py``,
runs the same tests with ``GEOTIMELINE_FUZZ_EXAMPLES`` (100,000 by default) inputs each. Every
failure it finds is kept below as an ``@example`` or a named regression test.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import geotimeline.io
from geotimeline import (
    Event,
    FormatError,
    GeotimelineError,
    ParseError,
    Timeline,
    TimelineDiff,
    When,
    diff,
    examples,
)
from geotimeline.cli import main
from geotimeline.io import acled, csvfile, gdelt, native, wikidata
from tests.strategies import (
    date_texts,
    full_range_whens,
    garbled,
    json_values,
    mutated,
    timelines,
)

yaml = pytest.importorskip("yaml", reason="PyYAML is an optional dependency")
from geotimeline.io import yamlfile  # noqa: E402 (needs PyYAML)

EXAMPLES = int(os.environ.get("GEOTIMELINE_FUZZ_EXAMPLES", "50"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
DATA = Path(__file__).parent / "data"
SOURCE = "<fuzz>"


EDGES = Timeline(
    [
        Event(title="Année 1 — 始まり", when="0001-01-01", actors=["Ἀθῆναι"], tags=["😀"]),
        Event(title="The last instant", when="9999-12-31T23:59:59.999999Z"),
        Event(title="Early offset", when="0001-01-01T23:59-14:00"),
        Event(title="Open since year 1", when="0001/.."),
        Event(title="Unknown start", when="/9999-12"),
        Event(title="Open start", when="../0001-03"),
        Event(title="Every qualifier", when="0001-21?/9998-24%"),
        Event(title="A century", when="99XX~"),
        Event(title="A decade", when="999X"),
        Event(title="Seconds", when="2017-11-11T09:30:15.5+07:00"),
    ],
    title="Edges ☃",
    description="Years 1 and 9999, every precision, open and unknown ends",
)


# Small valid timelines to mutate: taking one costs nothing, where drawing a timeline costs tens
# of milliseconds, so the campaign tries many more inputs an hour.
SEEDS = [Timeline([event]) for event in EDGES] + [
    Timeline(list(examples.load("seed"))[:2], title="Two events of the seed timeline"),
    Timeline(),
]
valid_timelines = st.sampled_from(SEEDS) | timelines()


def folder_for(factory: pytest.TempPathFactory, name: str) -> Path:
    """One folder per test for all its inputs: a new one per input would make 100,000."""
    folder = factory.getbasetemp() / f"fuzz-{name}"
    folder.mkdir(exist_ok=True)
    return folder


def loads_or_fails(read: Callable[[str, str], Timeline], text: str) -> Timeline | None:
    """Read ``text``; a failure must be a FormatError that names the input."""
    failure: FormatError | None = None
    try:
        timeline = read(text, SOURCE)
    except FormatError as error:
        failure = error
    if failure is not None:
        assert failure.source == SOURCE
        assert str(failure).startswith(SOURCE)
        return None
    timeline._check()
    return timeline


# -- dates --------------------------------------------------------------------------------------


@fuzz
@given(date_texts(), st.none() | st.dates() | date_texts())
@example("9" * 10_000, None)  # a year of ten thousand digits
@example("Saturday", "9999-12-31")
@example("next winter", "9999-01-01")
@example("999999 weeks ago", "2017-11-13")
@example("from 2014 to from 2015 to from 2016 to 2017", None)
def test_when_parse_gives_a_when_or_a_parse_error(text: str, reference: Any) -> None:
    try:
        when = When.parse(text, reference)
    except ParseError:
        return
    # What is read is a valid date that reads back as itself.
    assert When.parse(str(when)) == when


@fuzz
@given(json_values | st.binary() | st.dates() | st.builds(object))
@example(10**5000)  # its repr is refused by Python
def test_when_parse_refuses_what_is_not_text(value: Any) -> None:
    with pytest.raises(ParseError):
        When.parse(value)


_FIELDS = ("id", "title", "when", "summary", "actors", "place", "tags", "sources", "links")


@fuzz
@given(st.dictionaries(st.sampled_from(_FIELDS), json_values | date_texts(), max_size=6))
@example({"title": "x", "when": "2014", "metadata": {"a": 10**5000}})
def test_event_is_valid_or_raises_a_geotimeline_error(fields: dict[str, Any]) -> None:
    fields.setdefault("title", "Talks")
    fields.setdefault("when", "2014")
    with contextlib.suppress(GeotimelineError):
        Event(**fields)


# -- native JSON ----------------------------------------------------------------------------


def _native_document(timeline: Timeline) -> Any:
    return json.loads(native.dumps(timeline))


@fuzz
@given(st.text())
@example("[" * 100_000)
@example('{"format": "geotimeline", "version": ' + "1" * 5000 + ', "events": [\n]}')
def test_native_any_text(text: str) -> None:
    loads_or_fails(native.loads, text)


@fuzz
@given(valid_timelines.map(native.dumps).flatmap(mutated))
@example(  # a list left open takes the next line in; the decoder meets its repeated key first
    '{"format": "geotimeline", "version": 1, "events": [\n'
    '{"id": "a", "title": "A", "when": "2017", "sources": [{"outlet": "x"},\n'
    '{"id": "b", "title": "B", "when": "2017", "when": "2018"}\n]}'
)
def test_native_mutated_documents(text: str) -> None:
    loads_or_fails(native.loads, text)


@fuzz
@given(valid_timelines.map(_native_document).flatmap(garbled), st.booleans())
def test_native_garbled_fields(document: Any, one_line: bool) -> None:
    text = json.dumps(document, indent=None if one_line else 2)
    loads_or_fails(native.loads, text)


def test_native_a_number_too_long_for_python_is_a_format_error() -> None:
    header = '{"format": "geotimeline", "version": 1, "events": [\n'
    line = '{"id": "a", "title": "t", "when": "2014", "metadata": {"n": ' + "1" * 5000 + "}}"
    with pytest.raises(FormatError, match="number too long"):
        native.loads(header + line + "\n]}")


# -- YAML ---------------------------------------------------------------------------------------


def _yaml_document(timeline: Timeline) -> Any:
    return yaml.safe_load(yamlfile.dumps(timeline))


@fuzz
@given(st.text())
@example("[" * 100_000)
@example("events: [{title: x, when: " + "1" * 5000 + "}]")
def test_yaml_any_text(text: str) -> None:
    loads_or_fails(yamlfile.loads, text)


@fuzz
@given(valid_timelines.map(yamlfile.dumps).flatmap(mutated))
@example('title: "\\U11111111"\n')  # PyYAML's scanner raised ValueError from chr()
@example("events: [{title: x, when: 2014, metadata: {n: 0x_}}]")  # and int("", 16) too
def test_yaml_mutated_documents(text: str) -> None:
    loads_or_fails(yamlfile.loads, text)


@fuzz
@given(valid_timelines.map(_yaml_document).flatmap(garbled), st.booleans())
def test_yaml_garbled_fields(document: Any, flow: bool) -> None:
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True)
    loads_or_fails(yamlfile.loads, text)


# -- CSV ----------------------------------------------------------------------------------------


def _with_cells_garbled(text: str, cells: list[tuple[int, int, str]]) -> str:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row_number, column, value in cells:
        row = rows[row_number % len(rows)]
        if row:
            row[column % len(row)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


_CELL_VALUES = (
    json_values.map(json.dumps) | date_texts() | st.text(max_size=10)
    | st.sampled_from(["", " ", "=cmd|' /C calc'!A0", "[" * 3000, "1" * 5000, "nan", "-inf"])
)  # fmt: skip
_GARBLED_CELLS = st.lists(
    st.tuples(st.integers(0, 10), st.integers(0, 70), _CELL_VALUES), min_size=1, max_size=4
)


@fuzz
@given(st.text())
@example('title,when,sources\nx,2014,"' + "[" * 5000 + '"\n')  # RecursionError escaped
def test_csv_any_text(text: str) -> None:
    loads_or_fails(csvfile.loads, text)


@fuzz
@given(valid_timelines.map(csvfile.dumps).flatmap(mutated))
def test_csv_mutated_documents(text: str) -> None:
    loads_or_fails(csvfile.loads, text)


@fuzz
@given(valid_timelines.map(csvfile.dumps), _GARBLED_CELLS)
def test_csv_garbled_cells(text: str, cells: list[tuple[int, int, str]]) -> None:
    loads_or_fails(csvfile.loads, _with_cells_garbled(text, cells))


# -- ACLED and GDELT ----------------------------------------------------------------------------

ACLED_SAMPLE = (DATA / "acled_sample.csv").read_text(encoding="utf-8-sig")
GDELT_SAMPLE = (DATA / "gdelt_sample.export.CSV").read_text(encoding="utf-8")


@fuzz
@given(st.text() | mutated(ACLED_SAMPLE))
@example(ACLED_SAMPLE.replace("2017-04-04", "0001-01-01").replace(",1,", ",2,"))  # OverflowError
@example(ACLED_SAMPLE.replace(",760,", ",²,"))
def test_acled_any_and_mutated_text(text: str) -> None:
    loads_or_fails(acled.loads, text)


@fuzz
@given(_GARBLED_CELLS)
def test_acled_garbled_cells(cells: list[tuple[int, int, str]]) -> None:
    loads_or_fails(acled.loads, _with_cells_garbled(ACLED_SAMPLE, cells))


def _with_fields_garbled(text: str, fields: list[tuple[int, int, str]]) -> str:
    records = [line.split("\t") for line in text.split("\n")]
    for record_number, column, value in fields:
        record = records[record_number % len(records)]
        record[column % len(record)] = value
    return "\n".join("\t".join(record) for record in records)


@fuzz
@given(st.text() | mutated(GDELT_SAMPLE))
@example("GLOBALEVENTID\r0")  # the csv module refused the header line it was given
def test_gdelt_any_and_mutated_text(text: str) -> None:
    loads_or_fails(gdelt.loads, text)


@fuzz
@given(_GARBLED_CELLS)
@example([(0, 0, "²")])  # isdigit() then int() failed
@example([(0, 51, "1" * 5000)])
def test_gdelt_garbled_fields(fields: list[tuple[int, int, str]]) -> None:
    loads_or_fails(gdelt.loads, _with_fields_garbled(GDELT_SAMPLE, fields))


GDELT_EXPORT = (DATA / "gdelt_bigquery.csv").read_text(encoding="utf-8")


@fuzz
@given(st.text() | mutated(GDELT_SAMPLE) | mutated(GDELT_EXPORT), st.sampled_from([0, 3, 7]))
@example(GDELT_EXPORT.replace(",040,", ',"040\n,', 1), 0)  # a quote left open in a row
def test_gdelt_collect_loses_no_row_and_agrees_with_raise(text: str, garbled: int) -> None:
    text = _with_fields_garbled(text, [(garbled, 1, "x")]) if garbled else text
    failure: FormatError | None = None
    try:
        timeline, rejected = gdelt.loads(text, SOURCE, errors="collect")
    except FormatError as error:  # what concerns the whole file raises in collect mode too
        failure = error
    if failure is not None:
        assert failure.source == SOURCE
        with pytest.raises(FormatError):
            gdelt.loads(text, SOURCE)
        return
    timeline._check()
    lines = text.count("\n") + 1
    assert all(row.source == SOURCE and 1 <= row.line <= lines for row in rejected)
    assert [row.line for row in rejected] == sorted(row.line for row in rejected)
    if rejected:
        with pytest.raises(FormatError) as caught:
            gdelt.loads(text, SOURCE)
        assert str(caught.value) == str(rejected[0].error)
    else:
        assert gdelt.loads(text, SOURCE) == timeline


# -- Wikidata -----------------------------------------------------------------------------------

WIKIDATA_DUMP = (DATA / "wikidata" / "dump.json").read_text(encoding="utf-8")
# The dump's entities as one API answer, whose fields the garbling reaches at any depth.
WIKIDATA_ANSWER = {
    "entities": {
        entity["id"]: entity
        for entity in (
            json.loads(line.removesuffix(",")) for line in WIKIDATA_DUMP.split("\n")[1:-2]
        )
    }
}


@fuzz
@given(st.text() | mutated(WIKIDATA_DUMP))
def test_wikidata_any_and_mutated_text(text: str) -> None:
    loads_or_fails(wikidata.loads, text)


@fuzz
@given(garbled(WIKIDATA_ANSWER), st.booleans())
def test_wikidata_garbled_fields(document: Any, one_line: bool) -> None:
    loads_or_fails(wikidata.loads, json.dumps(document, indent=None if one_line else 2))


# -- diffs ---------------------------------------------------------------------------------------


def _diff_of(pair: tuple[Timeline, Timeline]) -> str:
    return diff(*pair).to_json()


_diff_texts = st.tuples(valid_timelines, valid_timelines).map(_diff_of)
_DEEP_FIELDS = '{"format": "geotimeline-diff", "version": 1, "match": "id", "timeline": [], ' + (
    '"added": [], "removed": [], "changed": [{"id": "a", "fields": ' + "[" * 991 + "]" * 991 + "}]}"
)


def diff_or_fails(text: str) -> TimelineDiff | None:
    """Read a diff from ``text``; a failure must be a FormatError that names the input."""
    failure: FormatError | None = None
    try:
        return TimelineDiff.from_json(text, SOURCE)
    except FormatError as error:
        failure = error
    assert failure.source == SOURCE
    assert str(failure).startswith(SOURCE)
    return None


@fuzz
@given(st.text())
@example(_DEEP_FIELDS)
@example('{"format": "geotimeline-diff", "version": ' + "1" * 5000 + "}")
def test_diff_any_text(text: str) -> None:
    diff_or_fails(text)


@fuzz
@given(_diff_texts.flatmap(mutated))
def test_diff_mutated_documents(text: str) -> None:
    read = diff_or_fails(text)
    if read is not None:
        assert TimelineDiff.from_json(read.to_json()) == read


@fuzz
@given(_diff_texts.map(json.loads).flatmap(garbled), st.booleans())
def test_diff_garbled_fields(document: Any, one_line: bool) -> None:
    read = diff_or_fails(json.dumps(document, indent=None if one_line else 2))
    if read is not None:
        str(read), read._repr_html_()  # showing a diff that was read never fails


_READERS = [
    native.loads,
    csvfile.loads,
    acled.loads,
    gdelt.loads,
    wikidata.loads,
    TimelineDiff.from_json,
]


@fuzz
@given(st.sampled_from(_READERS), json_values | st.binary() | st.dates() | st.builds(object))
def test_readers_refuse_what_is_not_text_with_a_format_error(
    read: Callable[[Any, str], object], value: Any
) -> None:
    if isinstance(value, str):
        return  # text is what the other tests give
    with contextlib.suppress(FormatError):
        read(value, SOURCE)


# -- files of every format ----------------------------------------------------------------------


@fuzz
@given(
    st.sampled_from([spec.name for spec in geotimeline.io.FORMATS.values() if spec.can_read]),
    st.binary(max_size=200) | st.text().map(str.encode),
)
def test_io_load_reads_any_bytes_or_raises_a_format_error(
    tmp_path_factory: pytest.TempPathFactory, name: str, content: bytes
) -> None:
    path = folder_for(tmp_path_factory, "load") / "timeline.data"
    path.write_bytes(content)
    with contextlib.suppress(FormatError):
        geotimeline.io.load(path, name)._check()


# -- pandas -------------------------------------------------------------------------------------

_PANDAS_VALUES = (
    json_values | st.just(math.nan) | st.dates() | st.binary(max_size=5)
    | st.lists(json_values, max_size=2) | date_texts()
)  # fmt: skip


@fuzz
@given(
    valid_timelines,
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 20), _PANDAS_VALUES), min_size=1, max_size=4
    ),
)
def test_from_pandas_garbled_cells(timeline: Timeline, cells: list[tuple[int, int, Any]]) -> None:
    pytest.importorskip("pandas", reason="pandas is an optional dependency")
    frame = timeline.to_pandas().astype(object)
    if frame.empty:
        return
    for row, column, value in cells:
        frame.iat[row % len(frame), column % len(frame.columns)] = value
    try:
        Timeline.from_pandas(frame)._check()
    except FormatError as error:
        failure = error
    else:
        return
    assert failure.source == "<DataFrame>"


# -- the command line ---------------------------------------------------------------------------

_ARGUMENTS = st.sampled_from([
    "demo", "show", "validate", "convert", "query", "diff", "merge", "seed", "nope", "--color",
    "always", "never", "--format", "--from", "--to", "native", "csv", "yaml", "acled", "x",
    "--help", "-h", "--", "-", "", "\x00", "{good}", "{bad}", "{missing}", "{out}",
])  # fmt: skip


# No path separators: an argument must not name a file outside the test's folder.
_WORDS = st.text(max_size=5).filter(lambda text: "/" not in text and "\\" not in text)


@fuzz
@given(st.lists(_ARGUMENTS | _WORDS, max_size=6))
def test_the_command_line_returns_a_status_for_any_arguments(
    tmp_path_factory: pytest.TempPathFactory, argv: list[str]
) -> None:
    folder = folder_for(tmp_path_factory, "cli")
    good = folder / "good.json"
    native.save(Timeline([Event(title="Russia annexes Crimea", when="2014-03-18")]), good)
    bad = folder / "bad.json"
    bad.write_text('{"format": "geotimeline", "events": [}')
    missing, out = folder / "missing.json", folder / "out.csv"
    files = {"{good}": good, "{bad}": bad, "{missing}": missing, "{out}": out}
    # In the folder: "convert {good} x --to csv" must not write x into the working copy.
    with contextlib.chdir(folder):
        assert main([str(files.get(argument, argument)) for argument in argv]) in (0, 1, 2)


def test_the_command_line_returns_2_for_bad_usage_rather_than_exiting() -> None:
    # Found by the campaign: argparse's SystemExit escaped main().
    assert main(["no-such-command"]) == 2


def test_the_command_line_returns_1_when_the_output_cannot_be_written(tmp_path: Path) -> None:
    # Found by the campaign: an OSError escaped main() from convert.
    source = tmp_path / "timeline.json"
    native.save(Timeline([Event(title="Russia annexes Crimea", when="2014-03-18")]), source)
    assert main(["convert", str(source), str(tmp_path / "no-such-folder" / "out.csv")]) == 1


# -- round trips that claim to be lossless ------------------------------------------------------


def _round_trip(name: str, timeline: Timeline, folder: Path) -> Timeline:
    if name == "pandas":
        pytest.importorskip("pandas", reason="pandas is an optional dependency")
        return Timeline.from_pandas(timeline.to_pandas())
    suffixes = {"native": "json", "yaml": "yaml", "csv": "csv", "parquet": "parquet"}
    path = folder / f"timeline.{suffixes[name]}"
    geotimeline.io.save(timeline, path)
    return geotimeline.io.load(path)


_LOSSLESS = ["native", "yaml", "csv", "parquet", "pandas"]


@fuzz
@given(st.sampled_from(_LOSSLESS), timelines(full_range_whens()))
@example("native", EDGES)
@example("yaml", EDGES)
@example("csv", EDGES)
@example("parquet", EDGES)
@example("pandas", EDGES)
def test_lossless_formats_keep_the_full_range(
    tmp_path_factory: pytest.TempPathFactory, name: str, timeline: Timeline
) -> None:
    if name == "csv":  # CSV holds events only: no title or description
        timeline = Timeline(timeline)
    folder = folder_for(tmp_path_factory, name)
    assert _round_trip(name, timeline, folder) == timeline


def test_lossless_formats_are_the_ones_the_registry_says() -> None:
    lossless = [spec.name for spec in geotimeline.io.FORMATS.values() if spec.lossless]
    assert [*lossless, "pandas"] == _LOSSLESS


# -- regressions found by the campaign ---------------------------------------------------------


def test_an_acled_week_around_year_1_is_a_format_error() -> None:
    header = "event_id_cnty,event_date,time_precision,event_type,location,iso"
    with pytest.raises(FormatError, match="leaves years 1-9999"):
        acled.loads(f"{header}\nSYR1,0001-01-02,2,Battles,Saraqib,760\n")


def test_a_reference_date_that_is_no_date_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="reference"):
        When.parse("Saturday", reference=dt.time(12))  # type: ignore[arg-type]
