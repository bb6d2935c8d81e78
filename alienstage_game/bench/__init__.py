"""Benchmark suites: ``alienstage bench [SUITE]`` and ``make bench``.

Benchmarks print figures next to their targets; they are not tests and do not fail a
build. A suite is a module with ``DESCRIPTION``, ``add_arguments(parser)`` and
``run(args) -> int``; add one by listing it in ``SUITES`` (imported only when run or when
the command line is built, so keep the module's top-level imports light).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

# Third-party recordings with ground truth, beside the repository (``../shared/data``):
# read in place for measuring, never copied into the project.
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"

# name -> module; order is the order `alienstage bench` runs them in.
SUITES: dict[str, str] = {
    "scan": "alienstage_game.bench.scan",
    "pitch": "alienstage_game.bench.pitch",
    "fairness": "alienstage_game.bench.fairness",
    "invariance": "alienstage_game.bench.invariance",
    "frames": "alienstage_game.bench.frames",
    "startup": "alienstage_game.bench.startup",
    "transcribe": "alienstage_game.bench.transcribe",
    "timing": "alienstage_game.bench.timing",
    "practice": "alienstage_game.bench.practice",
    "live": "alienstage_game.bench.live",
    "fuzz": "alienstage_game.bench.fuzz",
}


def suite(name: str) -> ModuleType:
    return importlib.import_module(SUITES[name])
