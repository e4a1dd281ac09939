"""Another revision of geotimeline, imported beside the working one, in the same process.

A change's cost is best measured against the code before it on the same machine in the same
run: ``package_at("v0.9.0")`` unpacks ``src/geotimeline`` as that revision has it (``git
archive``) and imports it, then puts the working package back, so that both can be timed
side by side. Their classes are distinct: give each package events made by its own ``Event``.
"""

from __future__ import annotations

import importlib
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
# The rooms a benchmark may read from the old package; imported now, while it is on the path.
_MODULES = ("geotimeline", "geotimeline.timeline", "geotimeline.events", "geotimeline.query")


def _ours() -> dict[str, ModuleType]:
    return {
        name: module
        for name, module in sys.modules.items()
        if name == "geotimeline" or name.startswith("geotimeline.")
    }


def package_at(revision: str, modules: tuple[str, ...] = ()) -> ModuleType:
    """The ``geotimeline`` package of ``revision`` (any name git knows), imported, with the
    rooms ``modules`` names beside the usual ones (as attributes of their packages)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "src/geotimeline"],
        check=True,
        capture_output=True,
    ).stdout
    # Kept for the life of the process: the old package reads its data files lazily.
    target = Path(tempfile.mkdtemp(prefix="geotimeline-baseline-"))
    with tarfile.open(fileobj=io.BytesIO(archive)) as files:
        files.extractall(target, filter="data")
    working = _ours()
    for name in working:
        del sys.modules[name]
    sys.path.insert(0, str(target / "src"))
    try:
        for name in (*_MODULES, *modules):
            importlib.import_module(name)
        return sys.modules["geotimeline"]
    finally:
        sys.path.remove(str(target / "src"))
        for name in _ours():
            del sys.modules[name]
        sys.modules.update(working)
