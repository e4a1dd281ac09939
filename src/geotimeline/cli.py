"""The ``geotimeline`` command line.

``geotimeline`` alone (or ``python -m geotimeline``) prints the bundled example timeline. The
commands: ``show``, ``query``, ``diff``, ``merge``, ``validate``, ``convert`` and ``demo``; each
has ``--help``. Exit status: 0 success, 1 bad input (or differences, for ``diff``; conflicts, for
``merge``), 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from geotimeline import examples, io
from geotimeline.display import format_timeline
from geotimeline.errors import GeotimelineError
from geotimeline.timeline import Timeline

__all__ = ["main"]

_Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    >>> main(["validate", "no-such-file.json"])
    1
    """
    parser = _parser()
    arguments = parser.parse_args(argv)
    command: _Command = getattr(arguments, "run", _demo)
    try:
        return command(arguments)
    except GeotimelineError as error:
        print(f"geotimeline: {error}", file=sys.stderr)
        return 1


# -- the parser ----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geotimeline",
        description="Timelines of world events with fuzzy dates and places.",
        epilog="Without a command, prints the bundled example timeline.",
    )
    commands = parser.add_subparsers(metavar="COMMAND")

    demo = _add(commands, "demo", _demo, "print a bundled example timeline")
    demo.add_argument("name", nargs="?", default="seed", help="example name (default: seed)")
    _add_color(demo)

    show = _add(commands, "show", _show, "print a timeline file readably")
    _add_input(show)
    _add_color(show)

    validate = _add(commands, "validate", _validate, "check timeline files; exit 1 if any is bad")
    validate.add_argument("files", nargs="+", metavar="FILE", help="timeline files to check")
    validate.add_argument("--format", help="the files' format (default: from each name)")

    convert = _add(commands, "convert", _convert, "convert a timeline from one format to another")
    convert.add_argument("source", metavar="IN", help="the file to read")
    convert.add_argument("target", metavar="OUT", help="the file to write")
    convert.add_argument("--from", dest="source_format", metavar="FORMAT", help=_FORMAT_HELP)
    convert.add_argument("--to", dest="target_format", metavar="FORMAT", help=_FORMAT_HELP)
    return parser


_FORMAT_HELP = f"one of {', '.join(io.FORMATS)} (default: from the file name)"


def _add(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    run: _Command,
    summary: str,
) -> argparse.ArgumentParser:
    command = commands.add_parser(name, help=summary, description=summary[0].upper() + summary[1:])
    command.set_defaults(run=run)
    return command


def _add_input(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", metavar="FILE", help="a timeline file")
    command.add_argument("--format", help=_FORMAT_HELP)


def _add_color(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the output (default: auto, when writing to a terminal and NO_COLOR is unset)",
    )


# -- the commands ----------------------------------------------------------------------------


def _demo(arguments: argparse.Namespace) -> int:
    timeline = examples.load(getattr(arguments, "name", "seed"))
    return _print_timeline(timeline, getattr(arguments, "color", "auto"))


def _show(arguments: argparse.Namespace) -> int:
    timeline = io.load(arguments.file, arguments.format)
    return _print_timeline(timeline, arguments.color)


def _validate(arguments: argparse.Namespace) -> int:
    status = 0
    for file in arguments.files:
        try:
            timeline = io.load(file, arguments.format)
        except GeotimelineError as error:
            _write(f"{file}: error: {error}", sys.stderr)
            status = 1
            continue
        problems = _dangling_links(timeline)
        for problem in problems:
            _write(f"{file}: error: {problem}", sys.stderr)
        status = max(status, 1 if problems else 0)
        if not problems:
            _write(f"{file}: ok, {len(timeline)} events")
    return status


def _dangling_links(timeline: Timeline) -> list[str]:
    return [
        f"event {event.id!r}: links to unknown event {link.target!r}"
        for event in timeline
        for link in event.links
        if link.target not in timeline
    ]


def _convert(arguments: argparse.Namespace) -> int:
    timeline = io.load(arguments.source, arguments.source_format)
    io.save(timeline, arguments.target, arguments.target_format)
    target = io.format_for(arguments.target, arguments.target_format)
    _write(f"wrote {len(timeline)} events to {arguments.target} ({target.name})", sys.stderr)
    return 0


# -- output ----------------------------------------------------------------------------------


def _print_timeline(timeline: Timeline, color: str) -> int:
    return _write(format_timeline(timeline, color=_use_color(color, sys.stdout)))


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    return not os.environ.get("NO_COLOR") and stream.isatty()


def _write(text: str, stream: TextIO | None = None) -> int:
    stream = stream or sys.stdout
    try:
        print(text, file=stream, flush=True)
    except BrokenPipeError:
        # The reader went away (``| head``): not an error. Point the stream at devnull so that
        # Python's flush at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    return 0
