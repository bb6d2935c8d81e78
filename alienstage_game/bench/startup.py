"""Start-up benchmark: process start to an interactive title screen, in a subprocess.

Runs ``python -m alienstage_game.cli play --headless`` with ``ALIENSTAGE_STARTUP_PROBE=1``:
the game prints ``ready`` once the title's first frame is on screen (input is handled
from the next frame) and ``warm`` when the background librosa/numba warm-up has finished.
The parent times both from just before it spawns the process. Target (issue 6): <= 2 s
to the title; the warm-up runs in the background and never holds the title back.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

DESCRIPTION = "process start to an interactive title screen (and background warm-up)"
TARGET_S = 2.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=3, help="start-ups to time (default 3)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def time_one(timeout_s: float = 60.0) -> tuple[float, float | None]:
    """(seconds to the title, seconds to a warm pitch tracker or None)."""
    env = dict(os.environ, ALIENSTAGE_STARTUP_PROBE="1", SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "alienstage_game.cli", "play", "--headless", "--seconds", "60"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    ready = warm = None
    try:
        for line in child.stdout:  # type: ignore[union-attr]
            word = line.strip()
            if word == "ready" and ready is None:
                ready = time.perf_counter() - started
            elif word == "warm":
                warm = time.perf_counter() - started
                break
            if time.perf_counter() - started > timeout_s:
                break
    finally:
        child.terminate()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
    if ready is None:
        raise RuntimeError("the game never reported its title screen")
    return ready, warm


def run(args: argparse.Namespace) -> int:
    results = [time_one() for _ in range(max(1, args.runs))]
    title = [r for r, _ in results]
    warm = [w for _, w in results if w is not None]
    figures = {"runs": len(results), "title_s_median": round(statistics.median(title), 3),
               "title_s_max": round(max(title), 3),
               "warm_s_median": round(statistics.median(warm), 3) if warm else None}
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"start-up to an interactive title: median {figures['title_s_median']:.2f} s, "
          f"worst {figures['title_s_max']:.2f} s over {len(results)} runs (target <= {TARGET_S:.0f} s)")
    if warm:
        print(f"pitch tracker warm (librosa/numba, in the background): median {figures['warm_s_median']:.2f} s "
              f"after start; a song asked for earlier shows a loading note until then")
    return 0
