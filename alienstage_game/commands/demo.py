"""``alienstage demo``: a full duel between two CPU contestants, no microphone needed.

With ``--headless`` it renders through SDL's dummy video driver, saves a PNG every
``--every`` seconds and writes frame statistics as JSON (``--stats``). The backing track
plays through the audio package when an output device answers (PulseAudio here);
otherwise a monotonic clock keeps the song's time, and the demo says so.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ..intake import dumps


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="watch a duel between two CPU contestants (no microphone)")
    add_demo_arguments(demo)
    demo.set_defaults(handler=run_demo)


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--level", default=None, metavar="ID", help="a bundled level id (default: the first duet/battle)")
    parser.add_argument("--headless", action="store_true", help="render without a window (SDL dummy driver)")
    parser.add_argument("--seconds", type=float, default=None, help="stop after this many seconds")
    parser.add_argument("--screenshots", type=Path, default=None, metavar="DIR", help="save a PNG every --every seconds")
    parser.add_argument("--every", type=float, default=3.0, help="seconds between screenshots (default 3)")
    parser.add_argument("--stats", type=Path, default=None, metavar="FILE", help="write frame statistics as JSON")
    parser.add_argument("--speed", type=float, default=1.0,
                        help="run the song clock faster (no sound then); 1 = real time")
    parser.add_argument("--seed", type=int, default=None,
                        help="which song, pair and performance (default: a new one each run; 0: the classic pair)")
    parser.add_argument("--fullscreen", action="store_true")
    parser.add_argument("--silent", action="store_true", help="no backing track (monotonic clock)")


def run_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from ..bench.frames import frame_summary, headless, rss_mb

    if args.headless:
        headless()
    from ..ui.app import App, display_available

    if not display_available():
        print("No display found: running the demo headless.", file=sys.stderr)
        headless()
        args.headless = True
    from ..ui.scenes.stage import demo_scene

    try:
        from ..show.demo_pick import fresh_seed

        seed = fresh_seed() if args.seed is None else args.seed
        scene = demo_scene(args.level, speed=args.speed, seed=seed, play_audio=not args.silent,
                           exit_after_verdict=6.0 if args.headless else None)
    except LookupError as exc:
        print(f"alienstage demo: {exc}", file=sys.stderr)
        return 2
    app = App(fullscreen=args.fullscreen)
    try:
        app.push(scene)
        rss_start = rss_mb()
        started, cpu_started = time.perf_counter(), time.process_time()
        stats = app.run(max_seconds=args.seconds, screenshot_dir=args.screenshots, screenshot_every=args.every)
        wall = max(1e-6, time.perf_counter() - started)
        cpu = 100.0 * (time.process_time() - cpu_started) / wall
        if scene.session is not None and scene.session.phase.value != "over":
            scene.session.close()
            scene.music.stop()
    finally:
        for open_scene in reversed(app.scenes):  # a clean quit stops the song's audio streams
            open_scene.on_leave()
        app.close()
    figures = frame_summary(stats.frame_ms)
    figures.update(cpu_percent=round(cpu, 1), rss_mb_start=round(rss_start, 1), rss_mb_end=round(rss_mb(), 1))
    if args.stats is not None:
        from ..storage import atomic_write_text

        args.stats.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(args.stats, dumps(figures, indent=2) + "\n")
    report(scene, figures, args.screenshots)
    return 0


def report(scene, figures: dict, screenshots: Path | None) -> None:
    """What happened on stage, in a few lines."""
    session = scene.session
    if session is not None:
        backing = session.backing
        print("song clock: backing track (DAC clock)" if backing.played
              else f"song clock: silent monotonic clock ({backing.reason})")
    outcome = scene.outcome
    if outcome is not None:
        for seat in outcome.seats:
            print(f"  {seat.name:<14} {seat.score:>6,}   lines: {' '.join(seat.line_ratings)}")
        print(outcome.summary())
    elif session is not None:
        a, b = session.seats
        print(f"stopped at {session.time:.1f} s of {session.end_s:.1f} s: "
              f"{a.spec.name} {a.score:,} - {b.spec.name} {b.score:,}")
    print(f"{figures['frames']} frames, median {figures['frame_ms_median']:.2f} ms, p99 {figures['frame_ms_p99']:.2f} ms")
    if screenshots is not None:
        count = len(list(screenshots.glob("*.png"))) if screenshots.is_dir() else 0
        print(f"{count} screenshots in {screenshots}")
