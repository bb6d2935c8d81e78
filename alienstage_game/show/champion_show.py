"""The champion's ceremony as a timeline (no pygame; ui/scenes/champion.py draws it):
the hall dark under one light, the champion's road through the bracket replayed match by
match (each beaten rival's light going out), the crown, then the whole hall turning to
the champion's colour. Skippable to its end after ``SKIP_AFTER_S``."""

from __future__ import annotations

from .timeline import Window

SKIP_AFTER_S = 1.0
DARK_S = 0.9
STEP_S = 1.2
CROWN_S = 1.6
HALL_S = 1.8


class ChampionShow:
    def __init__(self, matches: int) -> None:
        self.matches = max(0, matches)
        self.steps = tuple(Window(DARK_S + k * STEP_S, DARK_S + (k + 1) * STEP_S) for k in range(self.matches))
        crown_at = DARK_S + self.matches * STEP_S
        self.crown_window = Window(crown_at, crown_at + CROWN_S)
        self.hall_window = Window(crown_at + CROWN_S * 0.6, crown_at + CROWN_S * 0.6 + HALL_S)
        self.length_s = self.hall_window.end_s
        # (seconds, effect): a hit as each match is replayed, the fanfare with the crown, the roar.
        self.cues = tuple(sorted([(w.start_s, "verdict-hit") for w in self.steps]
                                 + [(w.start_s + STEP_S * 0.55, "light-flicker") for w in self.steps]
                                 + [(self.crown_window.start_s, "champion-fanfare"),
                                    (self.hall_window.start_s, "crowd-roar")]))

    def step(self, k: int, t: float) -> float:
        """How far the replay of the champion's k-th match is (0 not yet, 1 done)."""
        return self.steps[k].progress(t) if 0 <= k < self.matches else 0.0

    def shown_steps(self, t: float) -> int:
        return sum(1 for w in self.steps if t > w.start_s)

    def crown(self, t: float) -> float:
        return self.crown_window.progress(t)

    def hall(self, t: float) -> float:
        return self.hall_window.progress(t)

    def can_skip(self, t: float) -> bool:
        return t >= SKIP_AFTER_S

    def done(self, t: float) -> bool:
        return t >= self.length_s

    def cues_between(self, t0: float, t1: float) -> list[str]:
        return [name for at, name in self.cues if t0 < at <= t1]
