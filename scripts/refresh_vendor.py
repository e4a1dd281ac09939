"""Refresh the viewers vendored in ``src/geotimeline/publish/vendor/`` from the npm registry.

The one-file pages of :mod:`geotimeline.publish` carry their viewer inside them, so the files
are kept in the package rather than fetched when a page is written. This script fetches each
viewer with ``npm pack`` (the registry's own tarball), copies the built files the pages need,
makes them fit inside one page, and rewrites ``NOTICE``::

    python scripts/refresh_vendor.py                       # the versions pinned below
    python scripts/refresh_vendor.py --timelinejs 3.9.11 --vis-timeline 8.5.4

What is done to the files, and why:

- TimelineJS's stylesheet names its icon font by a path relative to the script
  (``../css/icons/tl-icons.woff2``), which a page written to anywhere cannot resolve: the
  font is put inside the stylesheet as a ``data:`` URL (WOFF2 alone, which every browser
  that runs TimelineJS 3.9 reads). Comments (but its licence notice) and indentation
  are dropped from it.
- Only the English locale is kept: it is built into ``timeline.js``, and the page asks for
  no other (TimelineJS would fetch it from the network).
- The ``sourceMappingURL`` comments are dropped: the maps are not vendored.
- Each file is checked to hold nothing that would end the ``<script>`` or ``<style>``
  element it is put in (``</script``, ``</style``, ``<!--``), and every ``url(...)`` left in
  a stylesheet to be a ``data:`` URL.

Needs ``npm`` on the PATH and the registry reachable.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "src" / "geotimeline" / "publish" / "vendor"
TIMELINEJS = "@knight-lab/timelinejs"
VIS_TIMELINE = "vis-timeline"
DEFAULT_VERSIONS = {TIMELINEJS: "3.9.11", VIS_TIMELINE: "8.5.4"}
SOURCES = {
    TIMELINEJS: "https://github.com/NUKnightLab/TimelineJS3",
    VIS_TIMELINE: "https://github.com/visjs/vis-timeline",
}
# What would end the element a file is inlined in, or change how the parser reads it.
_BREAKOUTS = re.compile(r"</script|</style|<!--", re.IGNORECASE)
_SOURCE_MAP = re.compile(r"\n?(//# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$")
# Comments but licence notices (/*! ... */), which stay with the code they cover.
_COMMENT = re.compile(r"/\*(?!!).*?\*/", re.DOTALL)
_FONT_FACE_SRC = re.compile(r"(@font-face\s*\{[^}]*?font-family:\s*'tl-icons';)([^}]*)\}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timelinejs", default=DEFAULT_VERSIONS[TIMELINEJS])
    parser.add_argument("--vis-timeline", default=DEFAULT_VERSIONS[VIS_TIMELINE])
    arguments = parser.parse_args()
    versions = {TIMELINEJS: arguments.timelinejs, VIS_TIMELINE: arguments.vis_timeline}
    with tempfile.TemporaryDirectory() as folder:
        unpacked = {name: unpack(name, version, Path(folder)) for name, version in versions.items()}
        licences = {name: package_licence(path) for name, path in unpacked.items()}
        shutil.rmtree(VENDOR / "timelinejs", ignore_errors=True)
        shutil.rmtree(VENDOR / "vis-timeline", ignore_errors=True)
        vendor_timelinejs(unpacked[TIMELINEJS], VENDOR / "timelinejs")
        vendor_vis_timeline(unpacked[VIS_TIMELINE], VENDOR / "vis-timeline")
    write_notice(versions, licences)
    for path in sorted(VENDOR.rglob("*")):
        if path.is_file():
            print(f"{path.relative_to(VENDOR)}: {path.stat().st_size:,} bytes")
    return 0


def unpack(name: str, version: str, folder: Path) -> Path:
    """The package ``name@version`` from the npm registry, unpacked; its folder."""
    result = subprocess.run(
        ["npm", "pack", "--json", "--silent", f"{name}@{version}"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    tarball = folder / json.loads(result.stdout)[0]["filename"]
    target = folder / tarball.stem
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    package = target / "package"
    found = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    if found != version:
        sys.exit(f"{name}: asked for {version}, npm gave {found}")
    return package


def package_licence(package: Path) -> str:
    return str(json.loads((package / "package.json").read_text(encoding="utf-8"))["license"])


def vendor_timelinejs(package: Path, target: Path) -> None:
    target.mkdir(parents=True)
    dist = package / "dist"
    script = _SOURCE_MAP.sub("", (dist / "js" / "timeline.js").read_text(encoding="utf-8"))
    write_checked(target / "timeline.js", script.rstrip() + "\n")
    font = base64.b64encode((dist / "css" / "icons" / "tl-icons.woff2").read_bytes()).decode()
    style = (dist / "css" / "timeline.css").read_text(encoding="utf-8")
    style, count = _FONT_FACE_SRC.subn(
        lambda match: (
            f"{match[1]}\n  src: url(data:font/woff2;base64,{font}) format('woff2');\n"
            "  font-weight: normal;\n  font-style: normal;\n}"
        ),
        style,
    )
    if count != 1:
        sys.exit(f"timeline.css: expected one @font-face for tl-icons, found {count}")
    write_checked(target / "timeline.css", compact_css(style))
    shutil.copy(package / "LICENSE", target / "LICENSE")
    # The notice of DOMPurify, which timeline.js bundles.
    shutil.copy(dist / "js" / "timeline.js.LICENSE.txt", target / "timeline.js.LICENSE.txt")


def vendor_vis_timeline(package: Path, target: Path) -> None:
    target.mkdir(parents=True)
    # The standalone build bundles vis-data (and moment); the peer build expects them loaded.
    umd = package / "standalone" / "umd" / "vis-timeline-graph2d.min.js"
    script = _SOURCE_MAP.sub("", umd.read_text(encoding="utf-8"))
    write_checked(target / "vis-timeline-graph2d.min.js", script.rstrip() + "\n")
    style = (package / "styles" / "vis-timeline-graph2d.min.css").read_text(encoding="utf-8")
    write_checked(target / "vis-timeline-graph2d.min.css", _SOURCE_MAP.sub("", style) + "\n")
    for name in ("LICENSE.md", "LICENSE.Apache-2.0.txt", "LICENSE.MIT.txt"):
        shutil.copy(package / name, target / name)


def compact_css(style: str) -> str:
    """The stylesheet without comments, indentation or empty lines (its rules unchanged)."""
    lines = (line.strip() for line in _COMMENT.sub("", style).splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def write_checked(path: Path, text: str) -> None:
    breakout = _BREAKOUTS.search(text)
    if breakout:
        sys.exit(f"{path.name}: holds {breakout[0]!r}, which would end its element in a page")
    if path.suffix == ".css":
        for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", text):
            if not url.startswith("data:"):
                sys.exit(f"{path.name}: refers to {url!r}, which a page offline cannot load")
    path.write_text(text, encoding="utf-8")


def write_notice(versions: dict[str, str], licences: dict[str, str]) -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    sections = [
        "Third-party software in this folder",
        "===================================",
        "",
        "The one-file pages of geotimeline.publish carry these viewers inside them. The files",
        f"were taken from the npm registry on {today} by scripts/refresh_vendor.py, which",
        "says what it changed (the icon font inlined, comments and source map links dropped).",
        "",
    ]
    folders = {TIMELINEJS: "timelinejs", VIS_TIMELINE: "vis-timeline"}
    files = {
        TIMELINEJS: "timeline.js, timeline.css (LICENSE; timeline.js.LICENSE.txt for DOMPurify)",
        VIS_TIMELINE: "vis-timeline-graph2d.min.js (the standalone UMD build, with vis-data "
        "and moment), vis-timeline-graph2d.min.css (LICENSE.md, LICENSE.Apache-2.0.txt, "
        "LICENSE.MIT.txt)",
    }
    for name, version in versions.items():
        sections += [
            f"{name} {version}",
            f"  source:  {SOURCES[name]}",
            f"  package: https://www.npmjs.com/package/{name}/v/{version}",
            f"  licence: {licences[name]}",
            f"  files:   {folders[name]}/: {files[name]}",
            "",
        ]
    (VENDOR / "NOTICE").write_text("\n".join(sections), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
