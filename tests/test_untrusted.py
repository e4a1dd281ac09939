"""Untrusted files never run code: safe YAML only, cells kept as text, no pickle, no eval.

A timeline file may come from anyone. Reading one must never import a module, call a function
or evaluate an expression named in it; the tests below try the usual ways in, and a scan of the
package's source makes sure no reader could have one.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from geotimeline import FormatError
from geotimeline.io import csvfile, native

yaml = pytest.importorskip("yaml", reason="PyYAML is an optional dependency")
from geotimeline.io import yamlfile  # noqa: E402 (needs PyYAML)

PACKAGE = Path(__file__).parent.parent / "src" / "geotimeline"


# -- YAML -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/object:os.PathLike",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/tuple",
        "!<tag:yaml.org,2002:python/object/apply:os.system>",
    ],
)
def test_every_python_tag_is_refused_and_nothing_runs(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "ran"
    text = f"title: {tag} ['touch {marker}']\nevents: []\n"
    with pytest.raises(FormatError, match=r"line 1, column 8: .*could not determine a constructor"):
        yamlfile.loads(text)
    assert not marker.exists()


def test_a_python_tag_deep_in_an_event_is_refused_with_its_line(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"""events:
  - title: Talks
    when: 2014
    metadata:
      note: !!python/object/apply:os.system ['touch {marker}']
"""
    path = tmp_path / "timeline.yaml"
    path.write_text(text)
    with pytest.raises(FormatError, match="line 5, column 13"):
        yamlfile.load(path)
    assert not marker.exists()


def test_yaml_tags_that_make_other_python_values_do_not_reach_an_event() -> None:
    # Safe tags that are not text (bytes, timestamps) are refused by the field checks; the
    # collections no timeline is made of (sets, ordered maps) are not even built.
    for value in ("!!binary aGVsbG8=", "!!timestamp 2014-03-18"):
        with pytest.raises(FormatError, match="title"):
            yamlfile.loads(f"events: [{{title: {value}, when: 2014}}]")
    for value in ("!!set {a, b}", "!!omap [a: 1]"):
        with pytest.raises(FormatError, match=r"line 1, column 18: .* constructor for the tag"):
            yamlfile.loads(f"events: [{{title: {value}, when: 2014}}]")


# -- CSV and JSON ---------------------------------------------------------------------------

FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://example.com","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "__import__('os').system('true')",
]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_csv_cell_that_looks_like_a_formula_or_code_stays_text(cell: str) -> None:
    text = io.StringIO()
    csv.writer(text).writerows([["title", "when", "summary"], [cell, "2014", cell]])
    timeline = csvfile.loads(text.getvalue())
    assert [(event.title, event.summary) for event in timeline] == [(cell, cell)]
    # Written back escaped for spreadsheets, and read back as it was.
    assert csvfile.loads(csvfile.dumps(timeline)) == timeline


@pytest.mark.parametrize("cell", FORMULAS)
def test_json_text_that_looks_like_code_stays_text(cell: str) -> None:
    document = (
        '{"format": "geotimeline", "version": 1, "events": [\n'
        f'{{"id": "a", "title": {_json(cell)}, "when": "2014", "metadata": {{"x": {_json(cell)}}}}}'
        "\n]}"
    )
    event = native.loads(document)["a"]
    assert event is not None
    assert (event.title, event.metadata["x"]) == (cell, cell)


def _json(text: str) -> str:
    return json.dumps(text)


def test_json_keys_that_name_python_classes_are_unknown_fields() -> None:
    document = (
        '{"format": "geotimeline", "version": 1, "events": [\n'
        '{"id": "a", "title": "t", "when": "2014", "py/object": "os.system"}\n]}'
    )
    with pytest.raises(FormatError, match="py/object"):
        native.loads(document)


# -- the package's source ---------------------------------------------------------------------

# What could run code named in a file, in the code of the package (comments and text aside).
UNSAFE = {
    "pickle": re.compile(r"\b(?:c?pickle|marshal|shelve|dill|jsonpickle)\b"),
    "eval or exec": re.compile(r"(?<!\. )\b(?:eval|exec|compile)\s*\("),
    "yaml.load without the safe loader": re.compile(
        r"\byaml\s*\.\s*(?:load|load_all|unsafe_load|full_load)\s*\("
        r"|\b(?:Unsafe|Full)Loader\b|\byaml\s*\.\s*Loader\b"
    ),
    "dynamic import": re.compile(r"\b__import__\s*\("),
}


def code_of(source: str) -> str:
    """The code of a module without its comments and string literals (docstrings included)."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    skipped = {tokenize.COMMENT, tokenize.STRING}
    if hasattr(tokenize, "FSTRING_MIDDLE"):  # Python 3.12: the text between an f-string's fields
        skipped.add(tokenize.FSTRING_MIDDLE)
    return " ".join(token.string for token in tokens if token.type not in skipped)


def unsafe_uses(source: str) -> list[str]:
    code = code_of(source)
    return [name for name, pattern in UNSAFE.items() if pattern.search(code)]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import pickle\n", ["pickle"]),
        ("value = eval(text)\n", ["eval or exec"]),
        ("exec (text)\n", ["eval or exec"]),
        ("pattern = re.compile(text)\n", []),
        ("data = yaml.load(text, Loader=yaml.Loader)\n", ["yaml.load without the safe loader"]),
        ("data = yaml.unsafe_load(text)\n", ["yaml.load without the safe loader"]),
        ("module = __import__(name)\n", ["dynamic import"]),
        ("# never eval( what a file says; never pickle\nx = 1\n", []),
        ('"""Not yaml.load(text) but safe loading."""\n', []),
        ("loader = yaml.SafeLoader(text)\nnode = loader.get_single_node()\n", []),
    ],
)
def test_the_scan_finds_unsafe_calls_in_code_and_only_there(source: str, found: list[str]) -> None:
    assert unsafe_uses(source) == found


def test_the_package_has_no_pickle_eval_exec_or_unsafe_yaml() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 20  # the scan does look at the package
    found = {
        str(module.relative_to(PACKAGE)): uses
        for module in modules
        if (uses := unsafe_uses(module.read_text(encoding="utf-8")))
    }
    assert found == {}


@pytest.mark.parametrize(
    ("module", "code", "extra"),
    [
        ("yaml", "geotimeline.io.save(seed, path)", "yaml"),
        ("matplotlib", "seed.plot()", "plot"),
        ("pandas", "seed.to_pandas()", "pandas"),
    ],
)
def test_a_missing_extra_is_named(module: str, code: str, extra: str, tmp_path: Path) -> None:
    # Without the optional dependency, our error names the extra to install, from Python and
    # from the command line, instead of a bare ModuleNotFoundError.
    script = (
        f"import sys; sys.modules[{module!r}] = None\n"
        "import geotimeline, geotimeline.io\n"
        "from geotimeline import examples\n"
        f"seed, path = examples.load('seed'), {str(tmp_path / 'seed.yaml')!r}\n"
        "try:\n"
        f"    {code}\n"
        "except geotimeline.MissingDependencyError as error:\n"
        "    print(isinstance(error, ModuleNotFoundError), error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == (
        f"True this needs {module}, which is not installed: pip install 'geotimeline[{extra}]'"
    )
