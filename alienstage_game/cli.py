"""The ``alienstage`` command: one entry point, subcommands registered per area.

Each module in ``COMMAND_MODULES`` exposes ``register(subparsers)`` and sets a
``handler(args) -> int`` default. Handlers import heavy libraries (librosa, pygame)
lazily so that ``alienstage chart info`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

COMMAND_MODULES = (
    "alienstage_game.commands.chart",
    "alienstage_game.commands.library",
    "alienstage_game.commands.bench",
    "alienstage_game.commands.play",
    "alienstage_game.commands.assets",
    "alienstage_game.commands.pitch",
    "alienstage_game.commands.audio",
    "alienstage_game.commands.score",
    "alienstage_game.commands.season",
    "alienstage_game.commands.demo",
    "alienstage_game.commands.practice",
    "alienstage_game.commands.edit",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alienstage",
        description="alienstage: a singing-duel arcade game under an alien sky.",
    )
    parser.add_argument("--version", action="version", version=f"alienstage {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        # No subcommand: start the game, as a player who typed `alienstage` expects.
        args = parser.parse_args(["play"])
        handler = args.handler
    try:
        code = int(handler(args) or 0)
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:  # `alienstage ... | head` closed early: not an error
        code = 0
    if "alienstage_game.audio.blocking" in sys.modules:  # a mic may be stuck in a vanished device
        from .audio.blocking import exit_when_settled

        return exit_when_settled(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
