"""``alienstage library scan [DIR...] [--json]``: list the song library and its broken charts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("library", help="the song library (bundled levels and your song folders)")
    parser.set_defaults(handler=lambda args: (parser.print_help(), 2)[1])
    actions = parser.add_subparsers(dest="library_command", metavar="ACTION")
    scan = actions.add_parser(
        "scan", help="find every chart and list songs and broken charts",
        description="Scan the bundled levels, the song folders in your settings and DIRs "
                    "(recursively) for UltraStar charts. Unchanged files come from the cache.")
    scan.add_argument("dirs", nargs="*", type=Path, metavar="DIR", help="more folders to scan")
    scan.add_argument("--json", action="store_true", help="print one JSON object")
    scan.add_argument("--no-bundled", action="store_true", help="leave out the bundled levels")
    scan.add_argument("--no-settings", action="store_true", help="leave out the song folders from settings")
    scan.add_argument("--search", metavar="WORDS", help="only songs whose title/artist contain all WORDS")
    scan.add_argument("--check", action="store_true",
                      help="also read every song's notes (the scan reads headers only) and list those that fail")
    scan.add_argument("--sort", default="artist",
                      choices=("artist", "title", "language", "year", "duration"), help="order of the songs")
    scan.set_defaults(handler=_scan)


def _scan(args: argparse.Namespace) -> int:
    from ..charts.library import (ScanProgress, check_songs, library_folders, printable, scan_library,
                                  search_entries, sort_entries)
    from ..intake import dumps

    song_folders: list[Path] = []
    if not args.no_settings:
        from .. import settings

        song_folders.extend(settings.load().song_folders)
    folders = library_folders([*song_folders, *args.dirs], bundled=not args.no_bundled)
    bad = [d for d in args.dirs if not d.is_dir()]
    for folder in bad:
        print(f"alienstage: {printable(folder)}: not a folder", file=sys.stderr)
    if bad:
        return 1

    def show_progress(p: ScanProgress) -> None:
        if p.stage in ("reading", "checking") and p.total and p.total >= 200:
            print(f"\r{p.stage} charts: {p.done}/{p.total}", end="", file=sys.stderr, flush=True)
            if p.done == p.total:
                print(file=sys.stderr)

    interactive = sys.stderr.isatty() and not args.json
    scan = scan_library(folders, progress=show_progress if interactive else None)
    if args.check:
        scan = check_songs(scan, progress=show_progress if interactive else None)
    songs = sort_entries(search_entries(scan.entries, args.search or ""), args.sort)

    if args.json:
        print(dumps({
            "songs": [entry.to_json() for entry in songs],
            "broken": [broken.to_json() for broken in scan.broken],
            "seconds": round(scan.seconds, 4),
            "cached": scan.cached,
            "parsed": scan.parsed,
            "folders": [printable(f) for f in folders],
            "missing_folders": [printable(f) for f in scan.missing_folders],
        }, indent=2, ensure_ascii=False))
        return 0

    print_scan(scan, songs, searched=bool(args.search))
    return 0


def print_scan(scan, songs, searched: bool = False) -> None:
    from ..charts.library import printable

    """The library as terminal lines: songs, broken charts with reasons, a summary."""
    for entry in songs:
        print(_song_line(entry))
    if scan.broken:
        print(f"\nbroken charts ({len(scan.broken)}):")
        for broken in scan.broken:
            print(f"  {broken}")
    for folder in scan.missing_folders:
        print(f"note: song folder {printable(folder)} does not exist", file=sys.stderr)
    shown = f"{len(songs)} of {len(scan.entries)}" if searched else f"{len(scan.entries)}"
    noun = "song" if shown == "1" else "songs"
    print(f"\n{shown} {noun}, {len(scan.broken)} broken, {scan.seconds:.3f} s "
          f"({scan.cached} from cache, {scan.parsed} files read)")


def _song_line(entry) -> str:
    from ..charts.library import printable

    seconds = int(round(entry.duration_ms / 1000))  # finite: the library keeps no other
    details = [f"{seconds // 60}:{seconds % 60:02d}"]
    if entry.is_duet:
        details.append("duet")
    if entry.language:
        details.append(entry.language)
    if entry.year:
        details.append(str(entry.year))
    if entry.level is not None:
        details.append(f"level {entry.level.id}, {entry.level.mode.value}, difficulty {entry.level.difficulty}")
    artist = entry.artist or "?"
    return f"{artist} - {entry.display_title}  [{', '.join(details)}]  {printable(entry.path)}"
