"""``alienstage play``: open the game window (what ``make run`` starts).

Where no window can open (a server, an SSH session), say so plainly and still show
something useful: the song library, listed in the terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
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
    play.add_argument("--scene", choices=("title", "library"), default="title",
                      help="the first screen to show")
    play.set_defaults(handler=run_play)


def run_play(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from ..ui.app import display_available

    if not display_available():
        print("No display found (no X11 or Wayland session): the game window cannot open here.")
        print("Showing the song library in the terminal instead; run `alienstage play` on a desktop to play.\n")
        from ..charts.library import SongLibrary, sort_entries
        from .library import print_scan

        scan = SongLibrary.from_settings().refresh()
        print_scan(scan, sort_entries(scan.entries, "artist"))
        return 0

    from ..ui.app import App
    from ..ui.scenes.library import LibraryScene
    from ..ui.scenes.title import TitleScene

    app = App(fullscreen=args.fullscreen)
    try:
        app.push(TitleScene())
        if args.scene == "library":
            app.push(LibraryScene())
        stats = app.run(max_seconds=args.seconds, screenshot_dir=args.screenshots, screenshot_every=args.every)
    finally:
        app.close()
    if args.headless:
        print(f"{stats.frames} frames rendered", file=sys.stderr)
    return 0
