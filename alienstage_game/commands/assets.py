"""``alienstage assets [--check] [NAME...]``: re-render the game's generated audio.

Each ``levels/*/arrangement.toml`` is rendered by the project's synthesizer and written
beside it (its ``output``, normally ``backing.ogg``), and every sound effect of
``audio/sfx.py`` to ``assets/sounds/<name>.ogg``. NAMEs pick level folders, or
``sounds`` for the effects; none means everything. ``--check`` renders to memory only
and fails when a committed file differs, so CI notices a source edited without
re-rendering, or a file edited by hand. Each line tells how long the render took: the
synthesizer's time is the budget ``make assets`` and the tests live with.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

SOUNDS = "sounds"  # the NAME that selects the sound effects


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assets",
        help="re-render the levels' backing tracks and the sound effects",
        description="Render every levels/*/arrangement.toml to its backing track and every sound "
        "effect to assets/sounds/ (deterministic: the same source gives the same bytes).",
    )
    parser.add_argument("--check", action="store_true",
                        help="render to memory and report whether the committed files are identical")
    parser.add_argument("--levels", type=Path, default=None, metavar="DIR",
                        help="folder of level packs (default: the game's levels/)")
    parser.add_argument("--sounds-dir", type=Path, default=None, metavar="DIR",
                        help="folder of the sound effects (default: the game's assets/sounds/)")
    parser.add_argument("only", nargs="*", metavar="NAME",
                        help=f"render only these level folders (by name), or '{SOUNDS}' for the effects")
    parser.set_defaults(handler=run)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run(args: argparse.Namespace) -> int:
    from ..audio.synth import find_arrangements
    from ..paths import bundled_levels_dir

    levels_dir = args.levels or bundled_levels_dir()
    sources = find_arrangements(levels_dir)
    wanted = set(args.only)
    with_sounds = not wanted or SOUNDS in wanted
    if wanted:
        sources = [p for p in sources if p.parent.name in wanted]
        missing = wanted - {p.parent.name for p in sources} - {SOUNDS}
        if missing:
            print(f"alienstage assets: no arrangement.toml for: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
    if not sources and not with_sounds:
        print(f"alienstage assets: no */arrangement.toml under {_shown(levels_dir)}", file=sys.stderr)
        return 2

    status = 0
    for source in sources:
        status |= _level(source, args.check)
    if with_sounds:
        status |= _sounds(args.sounds_dir, args.check)
    return status


def _level(source: Path, check: bool) -> int:
    from ..audio.synth import load_arrangement, render_track
    from ..charts import ChartError

    started = time.perf_counter()
    try:
        arrangement = load_arrangement(source)
    except ChartError as exc:  # ArrangementError is one; the chart's own errors too
        print(exc, file=sys.stderr)
        return 1
    track = render_track(arrangement)
    facts = (f"{track.seconds:.1f} s, {track.loudness_lufs:.1f} LUFS, peak {track.peak_dbfs:.1f} dBFS, "
             f"{len(track.data) / 1024:.0f} KiB, rendered in {time.perf_counter() - started:.1f} s")
    return _deliver(arrangement.output_path, track.data, facts, check)


def _sounds(folder: Path | None, check: bool) -> int:
    from ..audio.sfx import RATE, SOUND_NAMES, SOUNDS_DIR, render_sound
    from ..audio.synth import decode_ogg, encode_ogg, peak_dbfs

    status = 0
    for name in SOUND_NAMES:
        started = time.perf_counter()
        data = encode_ogg(render_sound(name), RATE)
        decoded, _rate = decode_ogg(data)
        peak = peak_dbfs(decoded)
        if peak > -1.0:  # the codec's overshoot: say so rather than ship a clipping effect
            print(f"alienstage assets: sound '{name}' peaks at {peak:.1f} dBFS after encoding", file=sys.stderr)
            status = 1
        facts = (f"{decoded.shape[0] / RATE:.2f} s, peak {peak:.1f} dBFS, {len(data) / 1024:.0f} KiB, "
                 f"rendered in {time.perf_counter() - started:.2f} s")
        status |= _deliver((folder or SOUNDS_DIR) / f"{name}.ogg", data, facts, check)
    return status


def _deliver(target: Path, data: bytes, facts: str, check: bool) -> int:
    """Write (or with ``check`` compare) one generated file; 1 when a check fails."""
    from ..storage import atomic_write_bytes

    current = target.read_bytes() if target.is_file() else None
    if check:
        if current == data:
            print(f"ok       {_shown(target)} ({facts})", flush=True)
            return 0
        reason = "missing" if current is None else "differs from its source"
        print(f"STALE    {_shown(target)}: {reason}; run `alienstage assets`", file=sys.stderr, flush=True)
        return 1
    if current == data:
        print(f"same     {_shown(target)} ({facts})", flush=True)
    else:
        atomic_write_bytes(target, data)
        print(f"wrote    {_shown(target)} ({facts})", flush=True)
    return 0
