"""``alienstage edit [CHART | --new AUDIO]``: the chart editor in its own window.

With ``--headless`` it renders through SDL's dummy driver for ``--seconds`` and can save
PNGs of what it drew (``--screenshots DIR``), so the editor can be checked on a machine
with no display.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    edit = subparsers.add_parser("edit", help="edit an UltraStar chart (or start one for an audio file)")
    edit.add_argument("chart", nargs="?", type=Path, default=None, help="the chart to open (song.txt)")
    edit.add_argument("--new", type=Path, default=None, metavar="AUDIO",
                      help="start a new chart for this audio file (saved beside it as NAME.txt)")
    edit.add_argument("--headless", action="store_true", help="render without a window (SDL dummy driver)")
    edit.add_argument("--seconds", type=float, default=None, help="close after this many seconds")
    edit.add_argument("--screenshots", type=Path, default=None, metavar="DIR",
                      help="save a PNG of the editor every --every seconds")
    edit.add_argument("--every", type=float, default=2.0, help="seconds between screenshots (default 2)")
    edit.add_argument("--fullscreen", action="store_true")
    edit.set_defaults(handler=run_edit)


def run_edit(args: argparse.Namespace) -> int:
    if args.chart is not None and args.new is not None:
        print("alienstage edit: give a chart or --new AUDIO, not both", file=sys.stderr)
        return 2
    for path in (args.chart, args.new):
        if path is not None and not path.is_file():
            print(f"alienstage edit: {path}: no such file", file=sys.stderr)
            return 2
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from ..ui.app import App, display_available

    if not display_available():
        print("No display found: running the editor headless.", file=sys.stderr)
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        args.headless = True
    from ..ui.scenes.editor import EditorScene

    app = App(fullscreen=args.fullscreen)
    try:
        scene = EditorScene(path=args.chart, audio=args.new)
        app.push(scene)
        app.run(max_seconds=args.seconds, screenshot_dir=args.screenshots, screenshot_every=args.every)
        message = scene.message[0]
        if scene in app.scenes and scene.doc.dirty:  # closed with unsaved edits: keep them all
            kept = scene.autosaver.flush()
            message = f"unsaved edits kept for recovery in {kept}"
        for open_scene in reversed(app.scenes):  # stop playback; an unsaved chart keeps its autosave
            open_scene.on_leave()
    finally:
        app.close()
    if args.screenshots is not None:
        print(f"screenshots in {args.screenshots}")
    if message:
        print(message)
    return 0
