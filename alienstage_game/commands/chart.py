"""``alienstage chart info|validate|convert``: look at, check and normalise charts (timing and
sync: ``commands.timing``; drafts: ``commands.authoring``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..charts import ChartError, Song, load_song, song_summary, write_song
from ..intake import dumps


def register(subparsers: argparse._SubParsersAction) -> None:
    chart = subparsers.add_parser("chart", help="inspect, validate and convert UltraStar charts")
    actions = chart.add_subparsers(dest="chart_command", metavar="ACTION", required=True)

    info = actions.add_parser("info", help="show what a chart holds")
    info.add_argument("path", type=Path)
    info.add_argument("--json", action="store_true", help="print the chart as JSON")
    info.set_defaults(handler=run_info)

    validate = actions.add_parser("validate", help="list every problem of one or more charts")
    validate.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    validate.set_defaults(handler=run_validate)

    convert = actions.add_parser("convert", help="rewrite a chart as UltraStar v1.1.0 UTF-8")
    convert.add_argument("source", type=Path, metavar="IN")
    convert.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    convert.set_defaults(handler=run_convert)

    from . import authoring  # chart transcribe / from-midi (issue 8)

    authoring.register_actions(actions)

    from . import timing  # chart timing / sync (issue 18)

    timing.register_actions(actions)


def _load_or_report(path: Path) -> Song | None:
    """The chart, or ``None`` after printing ``PATH:LINE: reason`` on stderr."""
    try:
        return load_song(path)
    except ChartError as err:
        print(err, file=sys.stderr)
        return None


def run_info(args: argparse.Namespace) -> int:
    song = _load_or_report(args.path)
    if song is None:
        return 1
    summary = song_summary(song)
    if args.json:
        sys.stdout.write(dumps(summary, ensure_ascii=False, indent=2) + "\n")
        return 0
    minutes, seconds = divmod(summary["duration_ms"] / 1000.0, 60)
    print(f"{summary['artist']} - {summary['title']}")
    print(f"  file      {summary['path']} ({summary['encoding']}, version {summary['version'] or 'none'})")
    print(f"  tempo     BPM {summary['bpm']}, gap {summary['gap_ms']:.0f} ms, length {int(minutes)}:{seconds:04.1f}")
    print(f"  audio     {summary['audio'] or '(none)'}")
    for voice in summary["voices"]:
        name = f" ({voice['name']})" if voice["name"] else ""
        print(f"  voice {voice['id']}{name}: {voice['lines']} lines, {len(voice['notes'])} notes")
    for warning in summary["warnings"]:
        print(f"  warning   line {warning}")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from ..charts.media import MediaStatus, media_problems

    failed = False
    for path in args.paths:
        try:
            song = load_song(path)
        except ChartError as err:
            print(f"{err} (error)")
            failed = True
            continue
        for warning in song.warnings:
            print(f"{path}:{warning.line}: {warning.message} (warning)")
        for media in media_problems(song):  # outside the song's folder, not a file, missing audio
            if media.status is not MediaStatus.MISSING or media.key in ("AUDIO", "MP3"):
                print(f"{path}:{song.header_line(media.key)}: #{media.key} {media.reason} (warning)")
    if not failed:
        print(f"{len(args.paths)} chart(s) checked: no errors", file=sys.stderr)
    return 1 if failed else 0


def run_convert(args: argparse.Namespace) -> int:
    song = _load_or_report(args.source)
    if song is None:
        return 1
    try:
        write_song(song, args.output)
    except OSError as err:
        print(f"{args.output}: cannot write: {err.strerror or err}", file=sys.stderr)
        return 1
    for warning in song.warnings:
        print(f"{args.source}:{warning.line}: {warning.message} (warning)", file=sys.stderr)
    print(f"wrote {args.output} (UltraStar v1.1.0, UTF-8)", file=sys.stderr)
    return 0
