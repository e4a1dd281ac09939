"""Resource limits: hostile sizes and depths fail fast, with a clear error, before the work.

Each test shows that the input is refused by a documented limit and that the refusal comes
early, by counting the work done (characters read, the column the scanner stopped at) rather
than by timing it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings

from geotimeline import Event, FormatError, InvalidFieldError, ParseError, Timeline, When
from geotimeline.io import acled, csvfile, gdelt, native
from geotimeline.io.csvfile import MAX_LINE_LENGTH, bounded_lines
from geotimeline.time.parsing.edtf import MAX_TEXT_LENGTH
from tests.strategies import aliased_yaml

yaml = pytest.importorskip("yaml", reason="PyYAML is an optional dependency")
from geotimeline.io import yamlfile  # noqa: E402 (needs PyYAML)

TEN_THOUSAND_DIGITS = "9" * 10_000
NATIVE_HEADER = '{"format": "geotimeline", "version": 1, "events": [\n'


# -- a year of ten thousand digits ---------------------------------------------------------


@pytest.mark.parametrize(
    "text", [TEN_THOUSAND_DIGITS, f"{TEN_THOUSAND_DIGITS}-03-18", f"18 March {TEN_THOUSAND_DIGITS}"]
)
def test_a_ten_thousand_digit_year_is_refused_before_it_is_read(text: str) -> None:
    # The length check comes before any pattern or int(): the message says it was the length.
    with pytest.raises(ParseError, match=f"longer than {MAX_TEXT_LENGTH} characters"):
        When.parse(text)


def test_the_longest_year_the_parser_reads_is_explained() -> None:
    with pytest.raises(ParseError, match=r"more than four digits is written with a Y .*-99999"):
        When.parse("9" * MAX_TEXT_LENGTH)


def test_a_ten_thousand_digit_year_in_an_event_or_a_file_is_a_clear_error() -> None:
    with pytest.raises(InvalidFieldError, match=r"when: .* is not a date"):
        Event(title="Talks", when=TEN_THOUSAND_DIGITS)
    with pytest.raises(FormatError, match=r"line 2, column when: .* longer than 200"):
        csvfile.loads(f"title,when\nTalks,{TEN_THOUSAND_DIGITS}\n")
    with pytest.raises(FormatError, match=r"line 1, event 1, when: .* longer than 200"):
        yamlfile.loads(f"events: [{{title: Talks, when: '{TEN_THOUSAND_DIGITS}'}}]")


def test_a_ten_thousand_digit_integer_is_refused_by_every_json_and_yaml_reader() -> None:
    # Python itself refuses to convert integers of more than 4300 digits; the readers say so.
    line = '{"id": "a", "title": "t", "when": "2014", "metadata": {"n": ' + TEN_THOUSAND_DIGITS
    with pytest.raises(FormatError, match="number too long"):
        native.loads(NATIVE_HEADER + line + "}}\n]}")
    with pytest.raises(FormatError, match=r"line 1, column 35: .* number longer than 4,300"):
        yamlfile.loads(f"events: [{{title: x, metadata: {{n: {TEN_THOUSAND_DIGITS}}}}}]")
    with pytest.raises(FormatError, match="line 2, column metadata"):
        csvfile.loads(f'title,when,metadata\nx,2014,"{{""n"": {TEN_THOUSAND_DIGITS}}}"\n')


def test_an_event_refuses_metadata_that_could_not_be_saved() -> None:
    with pytest.raises(InvalidFieldError, match="metadata"):
        Event(title="x", when="2014", metadata={"n": 10**5000})
    # The largest integer accepted is still written and read back.
    big = 2**13_000 - 1
    timeline = Timeline([Event(title="x", when="2014", metadata={"n": big})])
    assert native.loads(native.dumps(timeline)).first.metadata["n"] == big


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "\ud800"}, "title"),
        ({"title": "x", "actors": ["Rus\udc00sia"]}, "actors"),
        ({"title": "x", "metadata": {"note": "\ud800"}}, "metadata"),
        ({"title": "x", "metadata": {"\ud800": 1}}, "metadata"),
    ],
)
def test_an_event_refuses_text_that_could_not_be_saved(
    fields: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidFieldError, match=field):
        Event(when="2014", **fields)  # type: ignore[arg-type]


def test_a_native_file_with_an_escaped_lone_surrogate_is_refused() -> None:
    text = native.dumps(Timeline([Event(title="x", when="2014")])).replace('"x"', '"\\ud800"')
    with pytest.raises(FormatError, match="title"):
        native.loads(text)


# -- a gigabyte line -------------------------------------------------------------------------


class EndlessLine(io.TextIOBase):
    """A text file of one endless line, which counts the characters handed out."""

    def __init__(self) -> None:
        self.given = 0

    def readline(self, size: int | None = -1) -> str:
        assert size is not None, "an unbounded readline would never return"
        assert size > 0
        self.given += size
        return "x," * (size // 2) + "x" * (size % 2)


def test_an_endless_line_is_refused_after_reading_just_past_the_limit() -> None:
    endless = EndlessLine()
    with pytest.raises(FormatError, match=f"line 1: is longer than {MAX_LINE_LENGTH:,}"):
        list(bounded_lines(endless, "huge.csv"))
    assert endless.given <= MAX_LINE_LENGTH + 2


def test_lines_up_to_the_limit_are_read_whole() -> None:
    text = "a" * 10 + "\r\n" + "b" * 10 + "\n" + "c" * 3
    assert list(bounded_lines(io.StringIO(text, newline=""), "<s>", limit=10)) == [
        "a" * 10 + "\r\n",
        "b" * 10 + "\n",
        "c" * 3,
    ]


@pytest.mark.parametrize(
    ("module", "name", "text"),
    [
        (csvfile, "events.csv", "title,when\n"),
        (acled, "export.csv", "event_id_cnty,event_date,time_precision,event_type,location,iso\n"),
        (gdelt, "20171111.export.CSV", ""),
    ],
)
def test_every_line_based_reader_refuses_a_line_past_the_limit(
    tmp_path: Path, module: object, name: str, text: str
) -> None:
    path = tmp_path / name
    line_number = text.count("\n") + 1
    path.write_text(text + "x" * (MAX_LINE_LENGTH + 1) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match=f"line {line_number}: is longer than"):
        module.load(path)  # type: ignore[attr-defined]
    with pytest.raises(FormatError, match=f"line {line_number}: is longer than"):
        module.loads(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero, an endless file")
@pytest.mark.parametrize("module", [csvfile, acled, gdelt, yamlfile])
def test_an_endless_file_is_refused_after_reading_just_past_the_limit(module: object) -> None:
    with pytest.raises(FormatError, match="is longer than"):
        module.load("/dev/zero")  # type: ignore[attr-defined]


# -- wide headers ---------------------------------------------------------------------------


# 100,000 cells of 6 characters, within the line limit: checking each cell against every other
# (as list.count for each name did) would take about a minute; one pass is instant.
WIDE = 100_000


def test_a_header_of_a_hundred_thousand_repeated_columns_is_refused_at_once() -> None:
    header = ",".join(["title"] * WIDE)
    with pytest.raises(FormatError, match=r"line 1: repeats columns \['title'\]$"):
        csvfile.loads(header + "\n")


def test_an_acled_header_of_a_hundred_thousand_columns_is_checked_at_once() -> None:
    distinct = ",".join(f"c{number:05}" for number in range(WIDE))
    with pytest.raises(FormatError, match="line 1: is not an ACLED header: it lacks event_id"):
        acled.loads(distinct + "\n")
    with pytest.raises(
        FormatError, match=r"line 1: repeats columns: c00000, c00001, .* and 49995 more"
    ):
        acled.loads(",".join(f"c{number % (WIDE // 2):05}" for number in range(WIDE)) + "\n")


def test_a_header_error_names_the_columns_in_a_message_of_bounded_length() -> None:
    with pytest.raises(FormatError) as caught:
        csvfile.loads(",".join(f"c{number}" for number in range(WIDE)) + "\n", extra="refuse")
    assert "unknown columns ['c0', 'c1'," in str(caught.value)
    assert len(str(caught.value)) < 1000


def test_a_cell_past_the_csv_field_limit_is_refused() -> None:
    # A quoted cell may span lines, each short; the csv module's field limit still applies.
    cell = "\n".join(["y" * 1000] * 140)
    with pytest.raises(FormatError, match="field larger than field limit"):
        csvfile.loads(f'title,when\n"{cell}",2014\n')


def test_a_yaml_file_past_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlfile, "MAX_SIZE", 100)
    path = tmp_path / "big.yaml"
    path.write_text("title: " + "x" * 200)
    with pytest.raises(FormatError, match="longer than 100 characters"):
        yamlfile.load(path)
    path.write_text("title: " + "x" * 93)  # exactly 100 characters
    assert yamlfile.load(path).title == "x" * 93


# -- deep nesting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 1_000_000,
        "[" * 100_000 + "]" * 100_000,
        NATIVE_HEADER
        + '{"id": "a", "title": "t", "when": "2014", "metadata": '
        + '{"a": ' * 100_000
        + "1"
        + "}" * 100_000
        + "}\n]}",
    ],
)
def test_deeply_nested_json_is_a_format_error_not_a_recursion_error(text: str) -> None:
    with pytest.raises(FormatError, match="nested too deeply"):
        native.loads(text)


def test_json_nested_within_pythons_limit_is_refused_by_the_metadata_depth() -> None:
    line = '{"id": "a", "title": "t", "when": "2014", "metadata": {"a": ' + "[" * 500 + "]" * 500
    with pytest.raises(FormatError, match="nests deeper than 32 levels"):
        native.loads(NATIVE_HEADER + line + "}}\n]}")


@pytest.mark.parametrize(
    "text",
    [
        "[" * 1_000_000,
        "{a: " * 250_000,
        "".join("  " * depth + "- \n" for depth in range(2_000)),
        "".join("  " * depth + "a:\n" for depth in range(2_000)),
    ],
)
def test_deeply_nested_yaml_is_refused_at_the_depth_limit(text: str) -> None:
    # libyaml's scanner looks up to 1024 characters ahead on a line, and refuses 1000 levels
    # on its own; the reader refuses the 65th level at the event that opens it.
    refused = f"deeper than {yamlfile.MAX_DEPTH} levels|exceeded maximum nesting depth"
    with pytest.raises(FormatError, match=refused) as caught:
        yamlfile.loads(text)
    # The scanner stopped near the limit, not at the end of the text: it did no more work.
    assert caught.value.location is not None
    line, column = (int(part.split()[1]) for part in caught.value.location.split(", "))
    assert line <= yamlfile.MAX_DEPTH + 1
    assert column <= 1024 + 1


def test_yaml_nested_to_the_limit_is_read() -> None:
    metadata = "{a: " * 30 + "1" + "}" * 30
    timeline = yamlfile.loads(f"events: [{{title: x, when: 2014, metadata: {metadata}}}]")
    assert len(timeline) == 1


@pytest.mark.parametrize("column", ["metadata", "sources"])
def test_deeply_nested_json_in_a_csv_cell_is_a_format_error(column: str) -> None:
    cell = "[" * 10_000 + "]" * 10_000 if column == "sources" else '{""a"": ' * 10_000
    with pytest.raises(FormatError, match=f"line 2, column {column}"):
        csvfile.loads(f'title,when,{column}\nx,2014,"{cell}"\n')


# -- billion laughs ------------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines)


def test_a_billion_laughs_file_is_refused_at_the_line_that_crosses_the_limit() -> None:
    # Line 6 holds 9**6 lists of nine "lol" (one and three for each), 19 million values and
    # characters: that is where the limit of ten million is passed.
    with pytest.raises(FormatError, match="line 7: expands to more than 10,000,000 values"):
        yamlfile.loads(billion_laughs())


def test_a_quadratic_blowup_is_refused_too() -> None:
    # One long list aliased many times: small to write, large to walk.
    long_list = "[" + ", ".join(["lol"] * 5000) + "]"
    aliases = ", ".join(["*a"] * 1000)
    with pytest.raises(FormatError, match="expands to more than"):
        yamlfile.loads(f"a: &a {long_list}\nb: [{aliases}]")


def test_an_alias_that_contains_itself_is_refused() -> None:
    with pytest.raises(FormatError, match="contains itself"):
        yamlfile.loads("events: &a [*a]")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero, an endless file")
def test_an_endless_native_file_is_refused_at_its_first_character() -> None:
    with pytest.raises(FormatError, match=r"a JSON object begins with '\{', not '\\x00'"):
        native.load("/dev/zero")


def test_a_native_document_on_one_line_past_the_streaming_limit_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Other tools write the whole document on one line; a line too long to stream sends the
    # file to the whole-document reader rather than refusing it.
    monkeypatch.setattr(native, "_MAX_STREAMED_LINE", 100)
    timeline = Timeline([Event(title=f"Event {number}", when="2014") for number in range(20)])
    path = tmp_path / "one-line.json"
    path.write_text(native.dumps(timeline).replace("\n", ""), encoding="utf-8")
    assert len(path.read_text(encoding="utf-8")) > 100
    assert list(native.load(path)) == list(timeline)


def test_a_native_document_past_the_document_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(native, "_MAX_STREAMED_LINE", 100)
    monkeypatch.setattr(native, "_MAX_DOCUMENT", 1000)
    timeline = Timeline([Event(title=f"Event {number}", when="2014") for number in range(20)])
    path = tmp_path / "one-line.json"
    path.write_text(native.dumps(timeline).replace("\n", ""), encoding="utf-8")
    with pytest.raises(FormatError, match="is longer than 1,000 characters"):
        native.load(path)


def test_aliases_of_a_long_text_are_refused_by_the_characters_they_repeat() -> None:
    # Half a megabyte written once, then named 20,000 times: ten gigabytes to walk or write.
    text = 'a: &a "' + "x" * 500_000 + '"\nb: [' + ", ".join(["*a"] * 20_000) + "]\n"
    with pytest.raises(FormatError, match="line 2: expands to more than 10,000,000 values and"):
        yamlfile.loads(text)


def test_a_large_file_may_alias_up_to_ten_times_its_length(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlfile, "MAX_EXPANDED_SIZE", 0)
    events = [f"  - {{title: event {n}, when: '2014', tags: &t{n} [a, b]}}" for n in range(50)]
    aliases = [f"  - {{title: other {n}, when: '2014', tags: *t{n}}}" for n in range(50)]
    text = "\n".join(["events:", *events, *aliases])
    assert len(yamlfile.loads(text)) == 100
    with pytest.raises(FormatError, match="expands to more than"):
        yamlfile.loads(f"a: &a [{'x' * len(text)}]\nb: [{', '.join(['*a'] * 10)}]")


@settings(max_examples=200)
@given(aliased_yaml())
def test_the_expanded_size_is_counted_exactly(text: str) -> None:
    # The size, one for each value and each character, of the document PyYAML expands.
    def size(value: object) -> int:
        if isinstance(value, dict):
            return 1 + sum(size(key) + size(item) for key, item in value.items())
        if isinstance(value, list):
            return 1 + sum(size(item) for item in value)
        return 1 + len(str(value))

    expanded = size(yaml.safe_load(text))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlfile, "MAX_EXPANSION", 0)
        patch.setattr(yamlfile, "MAX_EXPANDED_SIZE", expanded - 1)
        with pytest.raises(FormatError, match="expands to more than"):
            yamlfile.loads(text)
        patch.setattr(yamlfile, "MAX_EXPANDED_SIZE", expanded)
        # Within the limit, the reader goes on to the fields, none of which it knows.
        with pytest.raises(FormatError, match="unknown field 'd0'"):
            yamlfile.loads(text)
