"""The vote bar: one number in [-1, 1] that both contestants pull; + means seat 0 leads.

Each seat's recent performance is its point rate, an exponential average of
d(score)/dt with time constant ``rate_tau_s`` (2 s): what it earned lately, not in total.
The bar's target is

    target = tanh(gain * (rate_0 - rate_1) / reference_rate)

where ``reference_rate`` is what a perfect singer earns per second of the chart
(10,000 / seconds of scored notes), so the bar means the same on a slow ballad and a
fast rap; ``gain`` (2) makes a lead of half the reference rate pull to +-0.76. The bar
follows its target with inertia (time constant ``inertia_s``, 1 s):

    bar += (target - bar) * (1 - exp(-dt / inertia_s))

Everything is advanced by song time (dt), never by frames: 60 or 100 updates a second
give the same bar. |target| < 1 and the step is a convex mix, so the bar stays in [-1, 1].
"""

from __future__ import annotations

import math


class VoteBar:
    def __init__(self, reference_rate: float, *, gain: float = 2.0, rate_tau_s: float = 2.0,
                 inertia_s: float = 1.0) -> None:
        if reference_rate <= 0:
            raise ValueError("the reference rate must be positive")
        self.reference_rate = reference_rate
        self.gain = gain
        self.rate_tau_s = rate_tau_s
        self.inertia_s = inertia_s
        self.value = 0.0
        self.rates = [0.0, 0.0]  # recent points per second of each seat
        self.time: float | None = None
        self._scores = [0.0, 0.0]

    @property
    def target(self) -> float:
        return math.tanh(self.gain * (self.rates[0] - self.rates[1]) / self.reference_rate)

    @property
    def leader(self) -> int | None:
        """The seat the bar leans to (None when level within 0.05)."""
        if abs(self.value) < 0.05:
            return None
        return 0 if self.value > 0 else 1

    def advance(self, t: float, score_0: float, score_1: float) -> float:
        """Song time is ``t`` and the seats' running scores are these: move the bar."""
        if self.time is None:
            self.time, self._scores = t, [score_0, score_1]
            return self.value
        dt = t - self.time
        if dt <= 0:
            return self.value
        decay = math.exp(-dt / self.rate_tau_s)
        for seat, score in enumerate((score_0, score_1)):
            earned_rate = (score - self._scores[seat]) / dt
            self.rates[seat] = earned_rate + (self.rates[seat] - earned_rate) * decay
            self._scores[seat] = score
        pull = 1.0 - math.exp(-dt / self.inertia_s)
        self.value += (self.target - self.value) * pull
        self.value = max(-1.0, min(1.0, self.value))
        self.time = t
        return self.value
