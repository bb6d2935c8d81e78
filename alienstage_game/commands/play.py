"""``alienstage play``: open the game window (what ``make run`` starts).

Where no window can open (a server, an SSH session), say so plainly and still show what
the game does: the song library in the terminal, then a demo duel between two CPU
contestants played headlessly, with its verdict, scores and screenshots.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    play = subparsers.add_parser("play", help="start the game (the default with no command)")
    play.add_argument("--fullscreen", action="store_true", help="start in fullscreen")
    play.add_argument("--headless", action="store_true",
                      help="render without a window (SDL dummy driver), for tests and screenshots")
    play.add_argument("--seconds", type=float, default=None, help="stop after this many seconds")
    play.add_argument("--screenshots", type=Path, default=None, metavar="DIR",
                      help="save a PNG of the screen every --every seconds into DIR")
    play.add_argument("--every", type=float, default=2.0, help="seconds between screenshots")
    play.add_argument("--scene", choices=("title", "library", "medley", "demo", "guide"), default="title",
                      help="the first screen to show (medley: the song browser picking a medley; guide: a "
                           "duel whose first contestant is the synthetic singer heard through the live "
                           "tracker, as a mic would be)")
    play.add_argument("--medley", nargs="+", type=Path, default=None, metavar="CHART",
                      help="sing a medley of these charts (2 to 5 UltraStar .txt files; each song's marked "
                           "medley section, else its chorus): the game opens on choosing two contestants")
    play.set_defaults(handler=run_play)


def _probe_startup() -> bool:
    """``bench startup`` asks the game to say when its title is up and when it is warm."""
    return os.environ.get("ALIENSTAGE_STARTUP_PROBE") == "1"


def _report_warm(thread: threading.Thread) -> None:
    def wait() -> None:
        thread.join()
        print("warm", flush=True)

    threading.Thread(target=wait, name="warm-probe", daemon=True).start()


def _report_song(app) -> None:
    """Say when a song starts (``song`` and the time of its first note) and when the
    first frame a tracker heard as pitched arrives (``pitched``): the wait a singer
    feels on a first launch. Reads the scenes from a watcher thread, never writes."""
    import time

    def watch() -> None:
        started = False
        while True:
            scene = app.scenes[-1] if app.scenes else None
            session = getattr(scene, "session", None)
            if session is not None:
                if not started and session.time > 0.0:
                    started = True
                    print(f"song {session.first_note_s:.3f}", flush=True)
                if started and any(seat.pitch is not None and seat.spec.source.tracked for seat in session.seats):
                    print("pitched", flush=True)
                    return
            time.sleep(0.005)

    threading.Thread(target=watch, name="song-probe", daemon=True).start()


def run_play(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from ..ui.app import display_available

    if not display_available():
        return _no_display(args)

    # librosa/numba compile on first use: warm them now, in the background, so the first
    # song never stalls (the stage shows a loading note if it is asked for sooner).
    from ..pitch.warmup import warm_up_in_background

    warm_thread = warm_up_in_background()
    from ..ui.app import App
    from ..ui.scenes.library import LibraryScene
    from ..ui.scenes.title import TitleScene

    app = App(fullscreen=args.fullscreen)
    try:
        app.push(TitleScene())
        if args.medley:
            from ..ui.scenes.medley import MedleyFlow

            MedleyFlow(app).songs_chosen(list(args.medley))
        elif args.scene == "medley":
            from ..ui.scenes.medley import MedleyFlow

            MedleyFlow(app).begin()
        elif args.scene == "library":
            app.push(LibraryScene())
        elif args.scene == "demo":
            from ..ui.scenes.stage import demo_scene

            app.push(demo_scene())
        elif args.scene == "guide":
            from ..ui.scenes.stage import StageScene, demo_setup

            app.push(StageScene(demo_setup(sung_by_guide=True)))
        app.step(0.0)  # the first frame: from here on the title answers input
        if _probe_startup():
            print("ready", flush=True)
            _report_warm(warm_thread)
            _report_song(app)
        stats = app.run(max_seconds=args.seconds, screenshot_dir=args.screenshots, screenshot_every=args.every)
    finally:
        for open_scene in reversed(app.scenes):  # a clean quit stops the song's audio streams
            open_scene.on_leave()
        app.close()
    if args.headless:
        print(f"{stats.frames} frames rendered", file=sys.stderr)
    return 0


def _no_display(args: argparse.Namespace) -> int:
    print("No display found (no X11 or Wayland session): the game window cannot open here.")
    print("Showing the song library in the terminal, then a demo duel played headlessly;")
    print("run `alienstage play` on a desktop to sing.\n")
    from ..charts.library import SongLibrary, sort_entries
    from .library import print_scan

    scan = SongLibrary.from_settings().refresh()
    print_scan(scan, sort_entries(scan.entries, "artist"))
    print("\n== Demo duel (two CPU contestants, no microphone)")
    from .demo import add_demo_arguments, run_demo

    demo_parser = argparse.ArgumentParser(add_help=False)
    add_demo_arguments(demo_parser)
    shots = args.screenshots or Path(tempfile.gettempdir()) / "alienstage-demo"
    if shots.is_dir():
        for old in shots.glob("frame-*.png"):
            old.unlink()
    # Three times real speed: the whole duel in about 15 s (no sound at that speed).
    demo_args = demo_parser.parse_args(["--headless", "--speed", "3", "--screenshots", str(shots), "--every", "2"])
    demo_args.seconds = args.seconds
    return run_demo(demo_args)
