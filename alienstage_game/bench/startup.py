"""Start-up benchmark: process start to the title, and a first launch to a first song heard.

Each run spawns ``python -m alienstage_game.cli play --headless`` with
``ALIENSTAGE_STARTUP_PROBE=1``; the game prints ``ready`` once the title's first frame is
on screen, ``warm`` when the live tracker is ready, ``song T`` when a song starts (its
first note at T s of song time) and ``pitched`` at the first frame a tracker heard as
pitched. The parent times each line from just before it spawns the process.

- **Title** (issue 6): the title scene, warm caches. Target <= 2 s.
- **First launch** (issue 17): ``--scene guide``, a duel whose first contestant is the
  synthetic singer heard through the live tracker, as a mic would be, started with
  every cache empty: a new game home (no settings, no library cache), an empty numba
  cache and an empty bytecode cache (``PYTHONPYCACHEPREFIX``), so Python compiles every
  module again as on a fresh install. The wait is the time from the title to the song
  starting plus any delay of the first pitched frame past the first note. Target <= 5 s.
- ``--fresh-venv`` does the first launch from a new virtualenv with the game installed
  into it by pip (the install itself is timed apart and not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DESCRIPTION = "process start to the title; a cold first launch to a first song heard"
TARGET_S = 2.0
TARGET_FIRST_SONG_WAIT_S = 5.0
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Launch:
    ready: float | None = None  # seconds from spawn to each probe line
    warm: float | None = None
    song: float | None = None
    first_note: float | None = None  # song time of the first note
    pitched: float | None = None

    @property
    def wait_s(self) -> float | None:
        """What the singer waits after the title shows: the game's own wait before
        the song, plus how late the first pitch comes after the first note."""
        if None in (self.ready, self.song, self.first_note, self.pitched):
            return None
        late = max(0.0, self.pitched - (self.song + self.first_note))
        return (self.song - self.ready) + late


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=3, help="warm start-ups to the title (default 3)")
    parser.add_argument("--cold-runs", type=int, default=1, help="cold first launches to a song (default 1)")
    parser.add_argument("--fresh-venv", action="store_true",
                        help="first launch from a new virtualenv with the game pip-installed (slow)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def launch(python: str, scene: str, env: dict[str, str], until: str, timeout_s: float = 120.0,
           cwd: Path | None = None) -> Launch:
    env = dict(env, ALIENSTAGE_STARTUP_PROBE="1", SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    started = time.perf_counter()
    child = subprocess.Popen([python, "-m", "alienstage_game.cli", "play", "--headless", "--scene", scene,
                              "--seconds", str(timeout_s)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, env=env, cwd=cwd)
    result = Launch()
    try:
        for line in child.stdout:  # type: ignore[union-attr]
            now = time.perf_counter() - started
            word, _, rest = line.strip().partition(" ")
            if word in ("ready", "warm", "pitched") and getattr(result, word) is None:
                setattr(result, word, now)
            elif word == "song" and result.song is None:
                result.song, result.first_note = now, float(rest)
            if word == until or now > timeout_s:
                break
    finally:
        child.terminate()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
    return result


def cold_env(folder: Path) -> dict[str, str]:
    """Every cache empty: game home, numba's kernels, Python's bytecode."""
    return dict(os.environ, ALIENSTAGE_HOME=str(folder / "home"), NUMBA_CACHE_DIR=str(folder / "numba"),
                PYTHONPYCACHEPREFIX=str(folder / "pycache"))


def fresh_venv(folder: Path) -> tuple[str, float]:
    """A new virtualenv with the game installed from this checkout; (python, install s)."""
    started = time.perf_counter()
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    done = subprocess.run([python, "-m", "pip", "install", "-q", str(REPO)], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"pip install into a fresh virtualenv failed:\n{done.stderr[-2000:]}")
    return python, time.perf_counter() - started


def run(args: argparse.Namespace) -> int:
    titles = [launch(sys.executable, "title", dict(os.environ), "warm") for _ in range(max(1, args.runs))]
    firsts: list[Launch] = []
    install_s = None
    with tempfile.TemporaryDirectory(prefix="alienstage-cold-") as tmp:
        python = sys.executable
        if args.fresh_venv:
            python, install_s = fresh_venv(Path(tmp))
        for index in range(max(1, args.cold_runs)):
            folder = Path(tmp) / f"run{index}"
            # From another folder, so the installed game is what runs, not this checkout.
            firsts.append(launch(python, "guide", cold_env(folder), "pitched", cwd=Path(tmp)))
    title_s = [t.ready for t in titles if t.ready is not None]
    warm_s = [t.warm for t in titles if t.warm is not None]
    waits = [f.wait_s for f in firsts if f.wait_s is not None]
    figures = {"runs": len(titles), "title_s_median": _r(statistics.median(title_s)) if title_s else None,
               "title_s_max": _r(max(title_s)) if title_s else None,
               "warm_s_median": _r(statistics.median(warm_s)) if warm_s else None,
               "first_launch": [{k: _r(getattr(f, k)) for k in ("ready", "warm", "song", "first_note", "pitched")}
                                | {"wait_s": _r(f.wait_s)} for f in firsts],
               "fresh_venv_install_s": _r(install_s)}
    if args.json:
        print(json.dumps(figures))
        return 0 if title_s and len(waits) == len(firsts) else 1
    if not title_s:
        print("the game never reported its title screen")
        return 1
    print(f"start-up to an interactive title (warm caches): median {figures['title_s_median']:.2f} s, "
          f"worst {figures['title_s_max']:.2f} s over {len(titles)} runs  [target <= {TARGET_S:.0f} s: "
          f"{'ok' if figures['title_s_max'] <= TARGET_S else 'MISSED'}]")
    if warm_s:
        print(f"live tracker ready (in the background): median {figures['warm_s_median']:.2f} s after start")
    where = "a fresh virtualenv" if args.fresh_venv else "this venv"
    if install_s is not None:
        print(f"fresh virtualenv: pip install of the game took {install_s:.0f} s (not counted)")
    for f in firsts:
        if f.wait_s is None:
            print(f"first launch ({where}, empty caches): no pitched frame reported "
                  f"(ready {f.ready}, song {f.song}, pitched {f.pitched})  [target: MISSED]")
            continue
        print(f"first launch ({where}, every cache empty): title {f.ready:.2f} s, tracker ready {f.warm:.2f} s, "
              f"song starts {f.song:.2f} s (first note {f.first_note:.2f} s in), first pitched frame "
              f"{f.pitched:.2f} s: waited {f.wait_s:.2f} s after the title  "
              f"[target <= {TARGET_FIRST_SONG_WAIT_S:.0f} s: {'ok' if f.wait_s <= TARGET_FIRST_SONG_WAIT_S else 'MISSED'}]")
    return 0


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
