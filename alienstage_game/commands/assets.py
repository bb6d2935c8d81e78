"""``alienstage assets [--check]``: re-render every level's backing track from its source.

Each ``levels/*/arrangement.toml`` is rendered by the project's synthesizer and written
beside it (its ``output``, normally ``backing.ogg``). ``--check`` renders to memory only
and fails when a committed file differs, so CI notices an arrangement edited without
re-rendering, or a track edited by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assets",
        help="re-render the levels' backing tracks from their arrangements",
        description="Render every levels/*/arrangement.toml to its backing track (deterministic: "
        "the same source gives the same bytes).",
    )
    parser.add_argument("--check", action="store_true",
                        help="render to memory and report whether the committed files are identical")
    parser.add_argument("--levels", type=Path, default=None, metavar="DIR",
                        help="folder of level packs (default: the game's levels/)")
    parser.add_argument("only", nargs="*", metavar="LEVEL", help="render only these level folders (by name)")
    parser.set_defaults(handler=run)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run(args: argparse.Namespace) -> int:
    from ..audio.synth import find_arrangements, load_arrangement, render_track
    from ..charts import ChartError
    from ..paths import bundled_levels_dir
    from ..storage import atomic_write_bytes

    levels_dir = args.levels or bundled_levels_dir()
    sources = find_arrangements(levels_dir)
    if args.only:
        wanted = set(args.only)
        sources = [p for p in sources if p.parent.name in wanted]
        missing = wanted - {p.parent.name for p in sources}
        if missing:
            print(f"alienstage assets: no arrangement.toml for: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
    if not sources:
        print(f"alienstage assets: no */arrangement.toml under {_shown(levels_dir)}", file=sys.stderr)
        return 2

    status = 0
    for source in sources:
        try:
            arrangement = load_arrangement(source)
        except ChartError as exc:  # ArrangementError is one; the chart's own errors too
            print(exc, file=sys.stderr)
            status = 1
            continue
        track = render_track(arrangement)
        target = arrangement.output_path
        facts = (f"{track.seconds:.1f} s, {track.loudness_lufs:.1f} LUFS, "
                 f"peak {track.peak_dbfs:.1f} dBFS, {len(track.data) / 1024:.0f} KiB")
        current = target.read_bytes() if target.is_file() else None
        if args.check:
            if current == track.data:
                print(f"ok       {_shown(target)} ({facts})")
            else:
                reason = "missing" if current is None else "differs from its arrangement"
                print(f"STALE    {_shown(target)}: {reason}; run `alienstage assets`", file=sys.stderr)
                status = 1
        elif current == track.data:
            print(f"same     {_shown(target)} ({facts})")
        else:
            atomic_write_bytes(target, track.data)
            print(f"wrote    {_shown(target)} ({facts})")
    return status
