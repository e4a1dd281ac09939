"""The ``geotimeline`` command line.

``geotimeline`` alone (or ``python -m geotimeline``) prints the bundled example timeline. The
commands: ``show``, ``query``, ``diff``, ``merge``, ``validate``, ``convert`` and ``demo``; each
has ``--help``. Exit status: 0 success, 1 bad input (or differences, for ``diff``; conflicts, for
``merge``), 2 bad usage (and, for ``diff`` and ``merge``, bad input, as ``diff(1)`` does).

Long loads and saves show a progress bar on standard error when it is a terminal, unless
``--quiet`` or ``--no-progress`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO, TypeVar

from geotimeline import diffing, examples, io
from geotimeline.display.text import format_groups, format_timeline, printable
from geotimeline.engines.joins import DEFAULT_DIFF_LIMIT
from geotimeline.engines.view import DEFAULT_LIMIT as DEFAULT_VIEW_LIMIT
from geotimeline.errors import (
    FormatError,
    GeotimelineError,
    InvalidFieldError,
    MissingDependencyError,
    naming_missing_extras,
    shown,
)
from geotimeline.events.event import Event
from geotimeline.io import native, rejections
from geotimeline.places.outlines import doubtful
from geotimeline.query.builder import Query
from geotimeline.query.chaining import Filtering
from geotimeline.timeline.timeline import Timeline

if TYPE_CHECKING:
    from geotimeline.engines.joins import SnapshotDiff
    from geotimeline.engines.view import TimelineView

__all__ = ["main"]

_Command = Callable[[argparse.Namespace], int]
# A timeline's query or a Parquet view: both take the filters of the options.
_Filtered = TypeVar("_Filtered", bound=Filtering)

# Seconds a load or save runs before its progress bar appears: a quick one shows none.
_PROGRESS_DELAY: Final = 0.5
_GROUP_KEYS: Final = ("year", "month", "actor", "country", "tag")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    >>> main(["validate", "no-such-file.json"])
    1
    """
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
        _check_usage(parser, arguments)
    except SystemExit as stop:
        # argparse exits after --help (0) and after a usage error (2, message printed):
        # return the status instead, so that callers of main() keep control.
        return stop.code if isinstance(stop.code, int) else 2
    command: _Command = getattr(arguments, "run", _demo)
    try:
        # A command that needs an optional dependency not installed names the extra to install.
        return naming_missing_extras(command)(arguments)
    except (GeotimelineError, OSError) as error:
        _write(f"geotimeline: {error}", sys.stderr)
        return int(getattr(arguments, "trouble", 1))


def _printable(text: str, stream: TextIO) -> str:
    """``text`` as ``stream`` can encode it: what its encoding lacks (a dash on an ASCII
    terminal, ``PYTHONIOENCODING=ascii``) is written as a backslash escape, not a traceback.
    Text from files is made printable where it is laid out for people (see
    :func:`geotimeline.display.printable`), not here: data written to standard output
    (``-o -``) goes out as it is.
    """
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    return text


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
    _add_quiet(show)

    _add_query(commands)
    _add_diff(commands)
    _add_merge(commands)

    validate = _add(commands, "validate", _validate, "check timeline files; exit 1 if any is bad")
    validate.add_argument("files", nargs="+", metavar="FILE", help="timeline files to check")
    validate.add_argument("--format", help="the files' format (default: from each name)")
    _add_quiet(validate)
    validate.epilog = (
        "Files in a format that can collect bad rows (csv, gdelt, acled, timelinejs, "
        "timelinejs-sheet) have every bad row reported; others, their first error. Doubtful "
        "places (a point at (0, 0), or outside its country) are reported as warnings, which "
        "leave the exit status as it is."
    )

    convert = _add(commands, "convert", _convert, "convert a timeline from one format to another")
    convert.add_argument("source", metavar="IN", help="the file to read")
    convert.add_argument("target", metavar="OUT", help="the file to write")
    convert.add_argument("--from", dest="source_format", metavar="FORMAT", help=_FORMAT_HELP)
    convert.add_argument("--to", dest="target_format", metavar="FORMAT", help=_FORMAT_HELP)
    convert.add_argument(
        "--errors",
        choices=["raise", "collect"],
        default="raise",
        help="at a bad row, stop (raise, the default) or set it aside and convert the good rows "
        "(collect; formats that can: csv, gdelt, acled)",
    )
    convert.add_argument(
        "--rejected",
        metavar="FILE",
        help="write the rows set aside to FILE, as CSV (source, line, column, reason, text); "
        "implies --errors collect",
    )
    convert.add_argument(
        "--view",
        choices=["timelinejs", "vis"],
        help="for a page (.html): the viewer it shows the timeline in, TimelineJS's slides "
        "(the default) or vis-timeline's zoomable axis",
    )
    _add_quiet(convert)

    extract = _add(commands, "extract", _extract, "draft a timeline from the dates of an article")
    extract.add_argument("file", metavar="ARTICLE", help="a text file, or - for standard input")
    extract.add_argument(
        "--reference", metavar="DATE", help="the day the article was written (for 'Saturday')"
    )
    extract.add_argument("--outlet", help="who published the article, for the drafts' source")
    extract.add_argument("--source-url", metavar="URL", help="the article's address")
    extract.add_argument(
        "-o", "--output", metavar="OUT", default="-", help="write the drafts to OUT (default: -)"
    )
    extract.add_argument("--to", help=_FORMAT_HELP.replace("the file name", "yaml for -"))
    _add_quiet(extract)
    return parser


_FORMAT_HELP = f"one of {', '.join(io.FORMATS)} (default: from the file name)"


def _add_query(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    query = _add(commands, "query", _query, "print the events of a file that pass filters")
    _add_input(query)
    when = query.add_argument_group("time (dates as EDTF, ISO 8601 or English)")
    when.add_argument("--during", metavar="DATE", help="events within DATE")
    when.add_argument(
        "--between", nargs=2, metavar=("START", "END"), help="events sharing time with START..END"
    )
    when.add_argument("--at", metavar="DATE", help="events going on at DATE")
    when.add_argument("--before", metavar="DATE", help="events over by the time DATE starts")
    when.add_argument("--after", metavar="DATE", help="events that start once DATE is over")
    when.add_argument(
        "--mode",
        choices=["possible", "certain"],
        default="possible",
        help="keep events that possibly match (some reading of their fuzzy dates), or only "
        "those that certainly do (every reading); default: possible",
    )
    who = query.add_argument_group("who, where and what (repeat an option for any of several)")
    who.add_argument("--actor", action="append", default=[], help="events involving ACTOR")
    who.add_argument(
        "--all-actors", action="store_true", help="events involving every --actor, not any"
    )
    who.add_argument("--country", action="append", default=[], help="events in COUNTRY")
    who.add_argument("--region", action="append", default=[], help="events in REGION")
    who.add_argument("--tag", action="append", default=[], help="events tagged TAG")
    who.add_argument(
        "--source", action="append", default=[], metavar="OUTLET", help="events OUTLET reported"
    )
    who.add_argument(
        "--precision", help="events dated at least this precisely (year, month, day, ...)"
    )
    who.add_argument("--text", help="events whose title or summary contains TEXT")
    who.add_argument(
        "--near",
        metavar="PLACE_OR_LAT,LON",
        help="events within --km of a place name or a point (write --near=-33.9,18.4 for a "
        "negative latitude)",
    )
    who.add_argument("--km", type=float, help="the distance for --near, in kilometres")
    who.add_argument(
        "--box", nargs=4, type=float, metavar=("S", "W", "N", "E"), help="events inside a box"
    )
    result = query.add_argument_group("the result")
    result.add_argument("--count", action="store_true", help="print how many events match")
    output = result.add_mutually_exclusive_group()
    output.add_argument(
        "--group-by", choices=_GROUP_KEYS, help="print the events in groups (or count each group)"
    )
    output.add_argument("-o", "--output", metavar="FILE", help="write the events to FILE")
    result.add_argument("--to", metavar="FORMAT", help=f"the format of FILE: {_FORMAT_HELP}")
    result.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_VIEW_LIMIT,
        metavar="N",
        help="of a Parquet input, the most events read into memory to print or write (counts "
        f"read none); more is an error (default: {DEFAULT_VIEW_LIMIT:,})",
    )
    _add_color(query)
    _add_quiet(query)


def _add_diff(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    compare = _add(
        commands, "diff", _diff, "show how two timelines differ; exit 1 if they do, 2 on trouble"
    )
    compare.set_defaults(trouble=2)
    compare.add_argument("old", metavar="OLD", help="the earlier timeline file")
    compare.add_argument("new", metavar="NEW", help="the later timeline file")
    compare.add_argument("--format", help=f"the files' format: {_FORMAT_HELP}")
    compare.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_DIFF_LIMIT,
        metavar="N",
        help="of two Parquet inputs, the most differing events read; above it, their ids "
        f"alone are listed (default: {DEFAULT_DIFF_LIMIT:,})",
    )
    compare.add_argument(
        "--match",
        choices=["id", "content"],
        default="id",
        help="pair events by id, or by title, date and actors when ids changed (default: id)",
    )
    shape = compare.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print the diff as a JSON document")
    shape.add_argument(
        "--patch", action="store_true", help="print an RFC 6902 JSON Patch from OLD to NEW"
    )
    _add_color(compare)
    _add_quiet(compare)


def _add_merge(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    merge = _add(
        commands,
        "merge",
        _merge,
        "merge two edits of a timeline; exit 1, writing nothing, on unresolved conflicts",
    )
    merge.set_defaults(trouble=2)
    merge.add_argument("base", metavar="BASE", help="the timeline both edits started from")
    merge.add_argument("ours", metavar="OURS", help="one edit")
    merge.add_argument("theirs", metavar="THEIRS", help="the other edit")
    merge.add_argument("--format", help=f"the input files' format: {_FORMAT_HELP}")
    merge.add_argument(
        "-o", "--output", metavar="OUT", help="write the merge to OUT (default: print its JSON)"
    )
    merge.add_argument("--to", metavar="FORMAT", help=f"the format of OUT: {_FORMAT_HELP}")
    merge.add_argument(
        "--prefer", choices=["ours", "theirs"], help="settle every conflict with this side"
    )
    _add_quiet(merge)


def _add(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    run: _Command,
    summary: str,
) -> argparse.ArgumentParser:
    command = commands.add_parser(name, help=summary, description=summary[0].upper() + summary[1:])
    # The command's own parser, so that usage errors found later show the command's usage.
    command.set_defaults(run=run, command_parser=command)
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


def _add_quiet(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bars, no notes on standard error"
    )
    command.add_argument(
        "--no-progress", action="store_true", help="no progress bars (shown on a terminal)"
    )


def _check_usage(parser: argparse.ArgumentParser, arguments: argparse.Namespace) -> None:
    """Rules argparse cannot say; a breach exits with status 2, as other usage errors do."""
    parser = getattr(arguments, "command_parser", parser)
    if getattr(arguments, "near", None) is not None and arguments.km is None:
        parser.error("--near needs --km")
    if getattr(arguments, "km", None) is not None and arguments.near is None:
        parser.error("--km is for --near")
    if getattr(arguments, "to", None) is not None and arguments.output is None:
        parser.error("--to is for --output")


# -- the commands ----------------------------------------------------------------------------


def _demo(arguments: argparse.Namespace) -> int:
    timeline = examples.load(getattr(arguments, "name", "seed"))
    return _print_timeline(timeline, getattr(arguments, "color", "auto"))


def _show(arguments: argparse.Namespace) -> int:
    timeline = _load(arguments, arguments.file, arguments.format)
    return _print_timeline(timeline, arguments.color)


def _query(arguments: argparse.Namespace) -> int:
    view = _view_of(arguments.file, arguments.format)
    if view is not None:
        return _query_view(view, arguments)
    timeline = _load(arguments, arguments.file, arguments.format)
    return _answer(_filtered(timeline.query(mode=arguments.mode), arguments), arguments)


def _query_view(view: TimelineView, arguments: argparse.Namespace) -> int:
    """``query`` of a Parquet input: counts are the engine's, and only the events a listing
    or ``-o`` needs are read (at most a view's limit: see ``TimelineView.to_timeline``)."""
    query = _filtered(view.query(mode=arguments.mode), arguments)
    if arguments.count and arguments.output is None:
        if arguments.group_by is None:
            return _write(str(query.count()))
        return _write_counts(query.group_by(arguments.group_by).count())
    return _answer(query.to_timeline(limit=arguments.limit).query(), arguments)


def _view_of(path: str, format: str | None, connection: object = None) -> TimelineView | None:
    """A lazy DuckDB view of a Parquet file or dataset, which reads only what a query needs;
    None for any other input, or without the ``duckdb`` extra (the input is then loaded)."""
    if path == STANDARD_STREAM:
        return None
    dataset = format is None and os.path.isdir(path)
    if not dataset and io.format_for(path, format).name != "parquet":
        return None
    from geotimeline.engines import view

    try:
        return view.open(path, connection=connection)
    except MissingDependencyError:
        return None


def _write_counts(counts: Mapping[str, int]) -> int:
    """``--group-by ... --count``: a line per group, its name and size; nothing for none."""
    if not counts:
        return 0  # nothing matched: no groups, not an empty line
    return _write("\n".join(f"{name}\t{size}" for name, size in counts.items()))


def _answer(query: Query, arguments: argparse.Namespace) -> int:
    """What ``query`` prints, writes or counts of the events that pass ``query``."""
    if arguments.group_by is not None:
        groups = query.group_by(arguments.group_by)
        if arguments.count:
            return _write_counts({name: len(group) for name, group in groups.items()})
        if not groups:
            return 0  # nothing matched: no groups, not an empty line
        return _write(format_groups(groups, color=_use_color(arguments.color, sys.stdout)))
    result = query.timeline()
    if arguments.output is not None:
        _save(arguments, result, arguments.output, arguments.to)
    if arguments.count:
        return _write(str(len(result)))
    if arguments.output is not None:
        return 0
    return _print_timeline(result, arguments.color)


def _filtered(query: _Filtered, arguments: argparse.Namespace) -> _Filtered:
    """``query`` with a filter for each filter option given."""
    if arguments.during is not None:
        query = query.during(arguments.during)
    if arguments.between is not None:
        query = query.between(*arguments.between)
    if arguments.at is not None:
        query = query.at(arguments.at)
    if arguments.before is not None:
        query = query.before(arguments.before)
    if arguments.after is not None:
        query = query.after(arguments.after)
    if arguments.actor:
        query = query.involving(*arguments.actor, every=arguments.all_actors)
    if arguments.country:
        query = query.in_country(*arguments.country)
    if arguments.region:
        query = query.in_region(*arguments.region)
    if arguments.tag:
        query = query.tagged(*arguments.tag)
    if arguments.source:
        query = query.reported_by(*arguments.source)
    if arguments.precision is not None:
        query = query.precise_to(arguments.precision)
    if arguments.text is not None:
        query = query.matching(arguments.text)
    if arguments.near is not None:
        query = _near(query, arguments.near, arguments.km)
    if arguments.box is not None:
        query = query.within_box(*arguments.box)
    return query


def _near(query: _Filtered, place: str, km: float) -> _Filtered:
    """``--near``: "LAT,LON" is a point; anything else is a place name for the gazetteer."""
    latitude, comma, longitude = place.partition(",")
    if not (comma and _is_number(latitude)):
        return query.near(place, km=km)
    if not _is_number(longitude):
        raise InvalidFieldError("--near", place, "is neither a place name nor LAT,LON")
    return query.near(float(latitude), float(longitude), km=km)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _diff(arguments: argparse.Namespace) -> int:
    # Two Parquet inputs are compared by the engine, hashes first, unless a patch is asked
    # for: its paths are positions in the old timeline, which only a loaded one has.
    old_view = None if arguments.patch else _view_of(arguments.old, arguments.format)
    new_view = None
    if old_view is not None:
        new_view = _view_of(arguments.new, arguments.format, old_view.connection)
    if old_view is not None and new_view is not None:
        return _diff_views(old_view, new_view, arguments)
    old = _load(arguments, arguments.old, arguments.format)
    new = _load(arguments, arguments.new, arguments.format)
    difference = diffing.diff(old, new, match=arguments.match)
    if arguments.patch:
        _write(json.dumps(difference.to_json_patch(old), indent=2, ensure_ascii=False))
        return 1 if difference else 0
    return _print_diff(difference, arguments)


def _print_diff(difference: diffing.TimelineDiff, arguments: argparse.Namespace) -> int:
    if arguments.json:
        _write(difference.to_json(indent=2))
    else:
        _write(difference.format(color=_use_color(arguments.color, sys.stdout)))
    return 1 if difference else 0


def _diff_views(old: TimelineView, new: TimelineView, arguments: argparse.Namespace) -> int:
    """``diff`` of two Parquet inputs: the events that differ are read, and only they; above
    ``--limit`` of them, only their counts and ids."""
    from geotimeline.engines import joins

    difference = joins.diff(old, new, match=arguments.match, limit=arguments.limit)
    if isinstance(difference, diffing.TimelineDiff):
        return _print_diff(difference, arguments)
    if arguments.json:
        raise InvalidFieldError(
            "--limit",
            arguments.limit,
            f"is below the {difference.summary.events} events that differ, and a JSON diff "
            "holds each of them: raise --limit, or drop --json for their ids",
        )
    _write(_listed_ids(difference))
    return 1 if difference else 0


def _listed_ids(difference: SnapshotDiff) -> str:
    """A diff too large to read its events: the summary, the timeline's changed fields,
    then the ids added (``+``), removed (``-``) and changed (``~``), each in timeline order.
    """
    lines = [str(difference.summary)]
    lines += [
        f"~ {change.field}: {diffing.show_value(change.old)} → {diffing.show_value(change.new)}"
        for change in difference.timeline_fields
    ]
    for mark, ids in (
        ("+", difference.added_ids()),
        ("-", difference.removed_ids()),
        ("~", difference.changed_ids()),
    ):
        lines += (f"{mark} {printable(event_id)}" for event_id in ids)
    return "\n".join(lines)


def _merge(arguments: argparse.Namespace) -> int:
    base, ours, theirs = (
        _load(arguments, path, arguments.format)
        for path in (arguments.base, arguments.ours, arguments.theirs)
    )
    result = diffing.merge(base, ours, theirs, prefer=arguments.prefer)
    if result.unresolved:
        for conflict in result.unresolved:
            _write(f"conflict: {conflict.describe()}", sys.stderr)
        count = len(result.unresolved)
        _write(
            f"geotimeline: {count} unresolved conflict{'s' * (count != 1)}; nothing written "
            "(settle them by hand, or give --prefer)",
            sys.stderr,
        )
        return 1
    if not arguments.quiet:
        for conflict in result.conflicts:
            _write(f"resolved: {conflict.describe()}", sys.stderr)
    if arguments.output is None:
        return _write(native.dumps(result.timeline))
    _save(arguments, result.timeline, arguments.output, arguments.to)
    return 0


def _validate(arguments: argparse.Namespace) -> int:
    status = 0
    for file in arguments.files:
        try:
            # Every bad row of a file, where its format can set them aside; else the first.
            timeline, rejected = _load_collecting(arguments, file, arguments.format, True)
        except GeotimelineError as error:
            _write(f"{file}: error: {error}", sys.stderr)
            status = 1
            continue
        problems = [str(row.error) for row in rejected] + _dangling_links(timeline)
        for problem in problems:
            _write(f"{file}: error: {problem}", sys.stderr)
        if rejected:
            _write(f"{file}: {_rows(len(rejected))} rejected, {len(timeline)} events read")
        warnings = _doubtful_places(timeline)
        for warning in warnings:
            _write(f"{file}: warning: {warning}", sys.stderr)
        status = max(status, 1 if problems else 0)
        if not problems:
            flagged = f" ({len(warnings)} doubtful place{'s' * (len(warnings) != 1)})"
            _write(f"{file}: ok, {len(timeline)} events{flagged if warnings else ''}")
    return status


def _doubtful_places(timeline: Timeline) -> list[str]:
    # Warnings, not errors: real data has such points, and reading keeps them.
    found = []
    for event in timeline:
        reason = None if event.place is None else doubtful(event.place)
        if reason is not None and event.place is not None:
            point = f"({event.place.latitude:g}, {event.place.longitude:g})"
            found.append(f"event {event.id!r}: place {shown(str(event.place))} {point} {reason}")
    return found


def _rows(count: int) -> str:
    return f"{count} row{'s' * (count != 1)}"


def _dangling_links(timeline: Timeline) -> list[str]:
    return [
        f"event {event.id!r}: links to unknown event {link.target!r}"
        for event in timeline
        for link in event.links
        if link.target not in timeline
    ]


def _convert(arguments: argparse.Namespace) -> int:
    collect = arguments.errors == "collect" or arguments.rejected is not None
    if collect and arguments.source == STANDARD_STREAM:
        raise FormatError("<stdin>", None, "bad rows are set aside from files only; name one")
    if collect and not _collects(arguments.source, arguments.source_format):
        spec = io.format_for(arguments.source, arguments.source_format)
        raise FormatError(
            arguments.source, None, f"the {spec.name} reader cannot set bad rows aside"
        )
    if _streams_to_parquet(arguments):
        return _convert_streaming(arguments, collect)
    timeline, rejected = _load_collecting(
        arguments, arguments.source, arguments.source_format, collect
    )
    _save(arguments, timeline, arguments.target, arguments.target_format, arguments.view)
    _report_rejected(arguments, rejected)
    return 0


def _streams_to_parquet(arguments: argparse.Namespace) -> bool:
    """Whether ``convert`` streams: GDELT files into Parquet, never all in memory."""
    if STANDARD_STREAM in (arguments.source, arguments.target):
        return False
    source = io.format_for(arguments.source, arguments.source_format)
    return source.name == "gdelt" and _output_format(arguments).name == "parquet"


def _output_format(arguments: argparse.Namespace) -> io.Format:
    return _format_of_output(arguments.target, arguments.target_format)


def _format_of_output(path: str, format: str | None) -> io.Format:
    # A directory (there already, or named with a trailing slash) is a Parquet dataset.
    if format is None and (os.path.isdir(path) or path.endswith("/")):
        return io.FORMATS["parquet"]
    return io.format_for(path, format)


def _convert_streaming(arguments: argparse.Namespace, collect: bool) -> int:
    """GDELT's 15-minute files into Parquet in bounded memory: events are read one file at a
    time and written in batches; the writer sorts them (they come in GDELT's order, not
    timeline order) bucket by bucket (see :func:`geotimeline.io.parquet.write`)."""
    from geotimeline.io import gdelt, parquet

    rejected: list[rejections.Rejected] = []
    items = gdelt.iter_events(arguments.source, errors="collect" if collect else "raise")
    target = arguments.target.rstrip("/") or arguments.target
    label = f"converting {Path(arguments.source).name}"
    written = [0]
    with _progress(arguments, label, "event", True, counting=True) as progress:
        write = naming_missing_extras(parquet.write)
        write(_events_setting_aside(items, rejected, written), target, sort=True, progress=progress)
    _report_rejected(arguments, tuple(rejected))
    if not arguments.quiet:
        _write(f"wrote {written[0]} events to {target} (parquet)", sys.stderr)
    return 0


def _events_setting_aside(
    items: Iterator[Event | rejections.Rejected],
    rejected: list[rejections.Rejected],
    written: list[int],
) -> Iterator[Event]:
    for item in items:
        if isinstance(item, rejections.Rejected):
            rejected.append(item)
            continue
        written[0] += 1
        yield item


def _report_rejected(
    arguments: argparse.Namespace, rejected: tuple[rejections.Rejected, ...]
) -> None:
    if arguments.rejected is not None:
        rejections.save(rejected, arguments.rejected)
    if rejected:
        # A warning, not a note: rows left out of the output are never left out silently.
        written = f", written to {arguments.rejected}" if arguments.rejected else ""
        _write(f"geotimeline: {_rows(len(rejected))} rejected{written}", sys.stderr)


def _extract(arguments: argparse.Namespace) -> int:
    # Imported here: the tagger's tables are built on first use, which only this command needs.
    from geotimeline.events import Source
    from geotimeline.extract import dates
    from geotimeline.extract.events import events

    if arguments.file == STANDARD_STREAM:
        text, name = sys.stdin.read(), "<stdin>"
    else:
        try:
            text, name = Path(arguments.file).read_text(encoding="utf-8"), arguments.file
        except (OSError, UnicodeDecodeError) as error:
            raise FormatError(arguments.file, None, f"cannot be read: {error}") from error
    outlet = arguments.outlet or (arguments.source_url and _host(arguments.source_url))
    source = (
        Source(outlet, url=arguments.source_url, published=arguments.reference) if outlet else None
    )
    title = None if arguments.file == STANDARD_STREAM else Path(name).stem
    mentions = dates(text, reference=arguments.reference)
    drafts = events(
        text, reference=arguments.reference, source=source, title=title, mentions=mentions
    )
    if not arguments.quiet:
        for mention in mentions:
            if mention.when is None and mention.reason is not None:
                line = text.count("\n", 0, mention.start) + 1
                _write(
                    f"{name}, line {line}: unresolved {mention.text!r}: {mention.reason}",
                    sys.stderr,
                )
    _save(
        arguments,
        drafts,
        arguments.output,
        arguments.to or ("yaml" if arguments.output == STANDARD_STREAM else None),
    )
    return 0


def _host(url: str) -> str:
    """The host of an address, as the name of an outlet when none is given."""
    return url.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.") or url


# -- files, with progress bars ---------------------------------------------------------------


#: The file name that means standard input (as an input) or standard output (after ``-o``).
STANDARD_STREAM = "-"


def _load(arguments: argparse.Namespace, path: str, format: str | None) -> Timeline:
    if path == STANDARD_STREAM:
        return _load_standard_input(arguments, format)
    if format is None and os.path.isdir(path):
        format = "parquet"  # the one format geotimeline keeps in a directory: a dataset
    spec = io.format_for(path, format)
    label = f"reading {Path(path).name}"
    with _progress(arguments, label, "B", spec.reports_progress) as progress:
        return spec.load(path, progress)


def _collects(path: str, format: str | None) -> bool:
    return path != STANDARD_STREAM and io.format_for(path, format).collects


def _load_collecting(
    arguments: argparse.Namespace, path: str, format: str | None, collect: bool
) -> tuple[Timeline, tuple[rejections.Rejected, ...]]:
    """The timeline of ``path`` and the rows set aside: with ``collect``, where the format can
    (see :attr:`geotimeline.io.Format.collects`); otherwise none, the first error raised."""
    if not (collect and _collects(path, format)):
        return _load(arguments, path, format), ()
    timeline, rejected = io.format_for(path, format).load_collecting(path)
    return timeline, rejected


def _load_standard_input(arguments: argparse.Namespace, format: str | None) -> Timeline:
    """The timeline on standard input, in ``format`` (native JSON unless named); once a run,
    as a pipe can be read only once.
    """
    if getattr(arguments, "read_standard_input", False):
        raise FormatError("<stdin>", None, "standard input can be read only once a run")
    arguments.read_standard_input = True
    spec = io.format_for(STANDARD_STREAM, format or "native")
    # The bytes, where there are any: read as UTF-8 with a byte order mark dropped, as a file
    # is, whatever the locale's encoding.
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    return spec.loads(stream.read(), "<stdin>")


def _save(
    arguments: argparse.Namespace,
    timeline: Timeline,
    path: str,
    format: str | None,
    view: str | None = None,
) -> None:
    if path == STANDARD_STREAM:
        spec = io.format_for(path, format or "native")
    else:
        spec = _format_of_output(path, format)
    if view is not None and spec.name != "html":
        raise FormatError(path, None, f"--view is for pages (html), not for {spec.name}")
    if path == STANDARD_STREAM:
        # Standard output holds the timeline alone; notes would end up in the file.
        text = _page(timeline, view) if view is not None else spec.dumps(timeline)
        _write(text.rstrip("\n"))
        return
    path = path.rstrip("/") or path
    label = f"writing {Path(path).name}"
    try:
        with _progress(arguments, label, "event", spec.reports_progress) as progress:
            if view is not None:
                _save_page(timeline, path, view)
            else:
                spec.save(timeline, path, progress)
    except OSError as error:
        # Named for the file asked for, not for the temporary file beside it that failed.
        raise FormatError(path, None, f"cannot be written: {error.strerror or error}") from error
    if not arguments.quiet:
        _write(f"wrote {len(timeline)} events to {path} ({spec.name})", sys.stderr)


def _page(timeline: Timeline, view: str) -> str:
    # Imported here: only a page needs the viewers.
    from geotimeline.publish import page

    return page.html_page(timeline, view="vis" if view == "vis" else "timelinejs")


def _save_page(timeline: Timeline, path: str, view: str) -> None:
    from geotimeline.publish import page

    page.save_html(timeline, path, view="vis" if view == "vis" else "timelinejs")


@contextlib.contextmanager
def _progress(
    arguments: argparse.Namespace, label: str, unit: str, reported: bool, counting: bool = False
) -> Iterator[io.Progress | None]:
    """A progress hook drawing a bar on standard error, or None where no bar belongs: when
    the format does not report, when standard error is not a terminal, or when asked. With
    ``counting``, the whole is not known: the bar counts, with no end."""
    wanted = not (getattr(arguments, "quiet", False) or getattr(arguments, "no_progress", False))
    if not (reported and wanted and sys.stderr.isatty()):
        yield None
        return
    # Imported here: most runs draw no bar, and tqdm takes a while to import.
    from tqdm import tqdm

    bar = tqdm(
        desc=label,
        unit=unit,
        unit_scale=True,
        unit_divisor=1024 if unit == "B" else 1000,
        file=sys.stderr,
        delay=_PROGRESS_DELAY,
        leave=False,
        dynamic_ncols=True,
    )

    def update(done: int, total: int) -> None:
        if not counting:
            bar.total = total
        bar.update(done - bar.n)

    with bar:
        yield update


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
        print(_printable(text, stream), file=stream, flush=True)
    except BrokenPipeError:
        # The reader went away (``| head``): not an error. Point the stream at devnull so that
        # Python's flush at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    return 0
