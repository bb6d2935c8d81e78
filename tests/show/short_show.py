"""A short battle level (and a duet) written into a temp folder: a whole duel in ~9 s of
song time, with normal, golden, rap, golden-rap and freestyle notes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from alienstage_game.audio.sources import ArraySource
from alienstage_game.show import DuelSetup, Microphones, SeatSource, SeatSpec, TrackedPerformer

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
    """Seat 0 sings well, seat 1 badly (unnamed CPU rivals with those pitch errors)."""
    return DuelSetup(seats=(SeatSpec("Ada", (90, 170, 255), SeatSource.cpu(None, seed=1, skill_cents=good)),
                            SeatSpec("Bex", (235, 70, 140), SeatSource.cpu(None, seed=2, skill_cents=bad))),
                     level_dir=folder)


class VanishingSource(ArraySource):
    """A recording standing in for a microphone whose device disappears at song time
    ``gone_at`` and comes back at ``back_at``."""

    def __init__(self, signal: np.ndarray, sr: int, clock, gone_at: float, back_at: float = float("inf")) -> None:
        super().__init__([signal], sr, clock)
        self.gone_at, self.back_at = gone_at, back_at

    def lost(self, player: int) -> bool:
        return self.gone_at <= self.clock.now() < self.back_at

    def blocks(self):
        blocks = super().blocks()
        return [] if self.lost(0) else blocks


def vanishing_mic(signal: np.ndarray, sr: int, clock, gone_at: float, back_at: float = float("inf")) -> TrackedPerformer:
    """A seat heard through the real tracker from a mic that vanishes for a while."""
    mics = Microphones(lambda c: VanishingSource(signal, sr, c, gone_at, back_at), lambda: clock, sr=sr, rewind=True)
    return TrackedPerformer(mics.seat(0))


def sung_take(song, sr: int = 16000, seed: int = 3, duration: float = 9.5) -> np.ndarray:
    """The chart's first voice sung (0.3 s a note) by the synthetic voice."""
    from alienstage_game.pitch.synthetic import SungNote, sing

    notes = [SungNote(song.clock.beat_to_seconds(n.beat), 0.3, 60.0 + n.pitch) for n in song.voices[0].notes]
    return sing(notes, sr, seed=seed, duration=duration).signal
