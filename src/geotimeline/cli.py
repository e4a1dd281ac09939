"""The ``geotimeline`` command line.

``geotimeline`` alone (or ``python -m geotimeline``) prints the bundled example timeline;
``geotimeline show FILE`` prints a timeline saved in the native format.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from geotimeline import examples
from geotimeline.display import format_timeline
from geotimeline.errors import GeotimelineError
from geotimeline.timeline import Timeline

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geotimeline", description="Timelines of world events with fuzzy dates and places."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="print the bundled example timeline (the default)")
    demo.add_argument("name", nargs="?", default="seed", help="example name (default: seed)")
    show = commands.add_parser("show", help="print a timeline file")
    show.add_argument("file", help="a timeline in the native JSON format")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 1 bad input, 2 bad usage)."""
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command == "show":
            timeline = Timeline.load(arguments.file)
        else:
            timeline = examples.load(getattr(arguments, "name", "seed"))
    except GeotimelineError as error:
        print(f"geotimeline: {error}", file=sys.stderr)
        return 1
    return _write(format_timeline(timeline))


def _write(text: str) -> int:
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # The reader went away (``| head``): not an error. Point stdout at devnull so that
        # Python's flush at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
