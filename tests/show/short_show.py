"""A short battle level (and a duet) written into a temp folder: a whole duel in ~9 s of
song time, with normal, golden, rap, golden-rap and freestyle notes."""

from __future__ import annotations

from pathlib import Path

from alienstage_game.show import DuelSetup, SeatSource, SeatSpec

BATTLE = """#VERSION:1.1.0
#TITLE:Tiny Comet
#ARTIST:alienstage tests
#BPM:150
#GAP:2000
: 0 4 0 Hel
: 4 4 2 lo
* 8 6 4  stars
- 16
: 20 4 5 We
R 24 4 0  speak
F 28 4 0  free
- 34
: 36 4 7 Sing
: 40 6 4  on
G 46 4 0  now
E
"""

DUET = """#VERSION:1.1.0
#TITLE:Tiny Twins
#ARTIST:alienstage tests
#BPM:150
#GAP:2000
#P1:Left
#P2:Right
P1
: 0 4 0 Moon
: 4 6 4  rise
- 12
* 20 6 7 Glow
P2
: 0 4 -5 Sun
: 4 6 -1  set
- 12
: 20 6 2 Fade
E
"""

LEVEL = """[level]
id = "{id}"
title = "{title}"
mode = "{mode}"
difficulty = 1
stage_theme = "nebula"

[credits]
music = "tests"
lyrics = "tests"
chart = "tests"
licence = "CC0-1.0"
"""


def write_level(root: Path, *, duet: bool = False) -> Path:
    folder = root / ("tiny-twins" if duet else "tiny-comet")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "song.txt").write_text(DUET if duet else BATTLE, encoding="utf-8")
    (folder / "level.toml").write_text(LEVEL.format(
        id=folder.name, title="Tiny Twins" if duet else "Tiny Comet", mode="duet" if duet else "battle"),
        encoding="utf-8")
    return folder


def cpu_setup(folder: Path, good: float = 8.0, bad: float = 90.0) -> DuelSetup:
    """Seat 0 sings well, seat 1 badly (stand-in CPU singing with those pitch errors)."""
    return DuelSetup(seats=(SeatSpec("Ada", (90, 170, 255), SeatSource.cpu(None, seed=1, skill_cents=good)),
                            SeatSpec("Bex", (235, 70, 140), SeatSource.cpu(None, seed=2, skill_cents=bad))),
                     level_dir=folder)
