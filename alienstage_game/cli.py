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


def _sweep_interrupted_writes() -> None:
    """A write killed mid-way leaves its temp file; the next start removes it."""
    from .paths import cache_dir, config_dir, data_dir
    from .storage import sweep_temp_files

    sweep_temp_files([data_dir(), config_dir(), cache_dir()])


_REMEDIES = (("full", "free some space"), ("quota", "free some space"), ("read-only", "make the folder writable"),
             ("locked", "close the other program"))


def _storage_failed(err: OSError) -> int:
    """A save the disk refused: say why and what to do, never a traceback."""
    reason = getattr(err, "reason", "") or str(err)
    remedy = next((fix for mark, fix in _REMEDIES if mark in reason), "fix that")
    print(f"alienstage: not saved: {err}. Everything saved before is kept; {remedy}, then run it again.",
          file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    from .settings import take_notice
    from .storage import StorageError

    parser = build_parser()
    args = parser.parse_args(argv)
    _sweep_interrupted_writes()
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
    except StorageError as err:
        code = _storage_failed(err)
    notice = take_notice()  # a bad settings file the game did not show already
    if notice:
        print(f"alienstage: {notice}", file=sys.stderr)
    if "alienstage_game.audio.blocking" in sys.modules:  # a mic may be stuck in a vanished device
        from .audio.blocking import exit_when_settled

        return exit_when_settled(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
