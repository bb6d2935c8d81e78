"""``alienstage practice CHART``: the practice room, or a take judged as a practice pass.

Without ``--audio`` the game opens on the practice screen for the chart. With ``--audio``
a recording sung over the practice backing (its time 0 is the backing's start, at the
chosen tempo and key) is judged on the looped lines, with note-by-note feedback, and
kept in the practice history like a pass sung in the game.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..charts import ChartError, Song
from ..intake import dump


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "practice", help="practise a chart alone: slower, looped, in your key",
        description="Practise one voice of a chart. CHART is a chart file, a level folder or a "
                    "bundled level id (e.g. first-light).")
    parser.add_argument("chart", metavar="CHART")
    parser.add_argument("--voice", default=None, metavar="P1", help="the voice to practise (default: the first)")
    parser.add_argument("--tempo", type=float, default=1.0, help="speed, 0.5 to 1.0 (pitch stays)")
    parser.add_argument("--transpose", type=int, default=0, help="semitones, -6 to +6")
    parser.add_argument("--loop", default=None, metavar="FIRST-LAST", help="loop these lines (from 1)")
    parser.add_argument("--difficulty", choices=("easy", "medium", "hard"), default="medium")
    parser.add_argument("--audio", type=Path, default=None, metavar="TAKE",
                        help="judge this recording as one pass instead of opening the game")
    parser.add_argument("--no-record", action="store_true", help="do not keep the pass in the history")
    parser.add_argument("--json", action="store_true", help="with --audio: print the pass as JSON")
    parser.add_argument("--headless", action="store_true", help="render without a window (tests)")
    parser.add_argument("--seconds", type=float, default=None, help="stop after this many seconds")
    parser.add_argument("--screenshots", type=Path, default=None, metavar="DIR",
                        help="save a PNG of the screen every 2 seconds into DIR")
    parser.set_defaults(handler=run_practice)


def resolve_chart(text: str) -> Path:
    """A chart file, a level folder, or the id of a bundled level."""
    from ..paths import bundled_levels_dir

    path = Path(text)
    if path.is_dir():
        from ..charts.level import load_level

        return load_level(path, load_chart=False).chart_path
    if path.exists() or path.suffix or "/" in text:
        return path
    level = bundled_levels_dir() / text
    if (level / "level.toml").is_file():
        from ..charts.level import load_level

        return load_level(level, load_chart=False).chart_path
    return path  # reported as missing by the chart loader, with its name


def setup_from(args: argparse.Namespace, song: Song):
    from ..practice.chart import LoopRange
    from ..practice.session import PracticeSetup
    from ..scoring import Difficulty
    from .score import check_voice

    return PracticeSetup(
        voice_id=check_voice(song, args.voice or song.voices[0].id),
        difficulty=Difficulty(args.difficulty), tempo=args.tempo, transpose=args.transpose,
        loop=LoopRange.parse(args.loop) if args.loop else None)


def run_practice(args: argparse.Namespace) -> int:
    from ..charts.level import LevelError
    from ..practice.chart import PracticeError
    from ..practice.session import PracticeSession
    from .score import UsageProblem, load_chart

    try:
        song = load_chart(resolve_chart(args.chart))
        setup = setup_from(args, song)
        session = PracticeSession(song, setup)
    except (ChartError, LevelError, UsageProblem, PracticeError) as err:
        print(err, file=sys.stderr)
        return 1
    if args.audio is None:
        return _open_room(song, setup, args)
    return _judge_take(session, args)


def _open_room(song: Song, setup, args: argparse.Namespace) -> int:
    """The game window on the practice door, the choices from the command line filled in."""
    import os

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from ..ui.app import App, display_available

    if not display_available():
        print("No display found (no X11 or Wayland session): the practice room needs a window.\n"
              "Judge a recording instead: alienstage practice CHART --audio TAKE.wav", file=sys.stderr)
        return 1
    from ..pitch.warmup import warm_up_in_background
    from ..ui.scenes.practice_setup import PracticeSetupScene

    warm_up_in_background()
    app = App()
    try:
        app.push(PracticeSetupScene(song, setup))
        app.run(max_seconds=args.seconds, screenshot_dir=args.screenshots)
    finally:
        app.close()
    return 0


def _judge_take(session, args: argparse.Namespace) -> int:
    from .score import UsageProblem, track

    try:
        frames = track(args.audio)
    except UsageProblem as err:
        print(err, file=sys.stderr)
        return 1
    report = session.finish_pass(frames)
    recorded = None if args.no_record else _record(session, report)
    if args.json:
        dump({
            "total": report.total,
            "lines": [{"line": s.line + 1, "ratio": round(s.ratio, 4), "rating": s.rating} for s in report.lines],
            "notes": [{"line": n.line + 1, "text": n.note.text.strip(), "cents": n.cents, "onset_ms": n.onset_ms,
                       "feedback": n.words} for n in report.notes],
            "weakest_line": report.weakest.line + 1 if report.weakest else None,
            "recorded": recorded,
        }, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    setup = session.setup
    print(f"{session.original.title}: voice {setup.voice_id}, tempo {setup.tempo:g}, "
          f"transpose {setup.transpose:+d}, {setup.difficulty.value}: {report.total} points")
    lines = session.song.voice(setup.voice_id).lines
    for score in report.lines:
        print(f"  line {score.line + 1:>3}  {score.rating:<8} {score.ratio:6.1%}  {lines[score.line].lyrics.strip()}")
        for note in (n for n in report.notes if n.line == score.line and n.words not in ("", "on pitch, on time")):
            print(f"             {note.note.text.strip():<12} {note.words}")
    if report.weakest is not None:
        print(f"Practise line {report.weakest.line + 1} next: --loop {report.weakest.line + 1}")
    if recorded:
        print(f"Kept in your practice history ({recorded}).")
    return 0


def _record(session, report) -> str | None:
    from ..match.records import Records, chart_key_for
    from ..practice.history import PracticeHistory

    key, digest = chart_key_for(session.original)
    with Records.open() as records:
        if records.notice:
            print(records.notice, file=sys.stderr)
        PracticeHistory(records).record_pass(key, session.setup, report, chart_hash=digest)
        return str(records.path) if records.path else None
