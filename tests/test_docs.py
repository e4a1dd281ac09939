"""The documentation site: it builds without a warning, and no page is left out of its nav.

The pages' examples run as doctests on their own (pytest collects ``docs/*.md``); these tests
check the site as a whole.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"
# What `mkdocs.yml` loads: MkDocs, its theme, and the plugins and extensions it names.
BUILD_MODULES = ("mkdocs", "material", "mkdocstrings_handlers.python", "griffe_fieldz", "pymdownx")


def nav_pages(config_text: str) -> list[str]:
    """The pages listed in the ``nav:`` section of an mkdocs.yml, as paths under docs/.

    Read with a regular expression, so that the check runs without a YAML parser.

    >>> nav_pages("nav:\\n  - Home: index.md\\n  - A:\\n      - a/b.md\\nplugins: []")
    ['index.md', 'a/b.md']
    """
    match = re.search(r"^nav:\n((?:[ \t]+.*\n?|\n)*)", config_text, flags=re.MULTILINE)
    if match is None:
        return []
    return re.findall(r"([\w./-]+\.md)\s*$", match.group(1), flags=re.MULTILINE)


def test_every_page_is_in_the_nav() -> None:
    pages = {path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md")}
    listed = nav_pages(CONFIG.read_text(encoding="utf-8"))
    assert len(listed) == len(set(listed)), "a page is listed twice in the nav"
    orphans = sorted(pages - set(listed))
    assert not orphans, f"pages missing from the nav in mkdocs.yml: {orphans}"


def test_nav_names_the_core_pages() -> None:
    listed = nav_pages(CONFIG.read_text(encoding="utf-8"))
    for page in ("index.md", "getting-started.md", "cli.md", "api.md", "dates.md"):
        assert page in listed


def _missing_build_modules() -> list[str]:
    return [name for name in BUILD_MODULES if importlib.util.find_spec(name.split(".")[0]) is None]


@pytest.mark.skipif(
    bool(_missing_build_modules()),
    reason="the site needs the docs extra (pip install -e '.[docs]'); "
    f"missing: {', '.join(_missing_build_modules())}",
)
def test_site_builds_in_strict_mode(tmp_path: Path) -> None:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # a notice the theme prints
    site = tmp_path / "site"
    # Not --quiet: it hides the warnings from the count that --strict fails on.
    command = ["build", "--strict", "--config-file", str(CONFIG), "--site-dir", str(site)]
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    # The reference is generated from the docstrings, with their examples as highlighted
    # Python sessions (a prompt is a token of its own) and their roles as links.
    assert 'id="geotimeline.When.parse"' in api
    assert '<span class="gp">&gt;&gt;&gt; </span>' in api
    assert 'href="#geotimeline.When.parse"' in api
    assert ":class:" not in api
