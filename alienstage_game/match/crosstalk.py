"""Mic bleed: in one room each microphone also hears the other singer.

Player B must not earn points from player A's voice. We only have the two players'
PitchFrames (same song clock, 10 ms grid), and a leak has a signature there: at the same
instant the other mic hears the same pitch (the leak *is* that voice, so the two trackers
agree to within the leak's tracking error; we fold octaves, since a faint leak is
easily tracked an octave off), and clearly louder, because each singer is far closer to
their own mic. So for each pair of frames at one instant, both voiced with folded pitches
within ``agree_cents``, the quieter frame is a leak when its normalised level is at least
``margin_db`` below the other's: it is turned unvoiced (its level is kept for the meters).

Normalised level = level_db minus that mic's own singing level, learned from frames where
only that seat is voiced, or where both are voiced on clearly different pitches (a duet's
harmony): then neither frame can be the other's leak. Until each mic has ``learn_s`` of
such evidence the raw levels are compared (equal gains assumed), unless a mic check
measured each mic's singing level beforehand (``mic_levels_db``). This is what makes a
quiet singer on a low-gain mic keep their frames when the other mic is loud: level alone
cannot tell a soft voice from a leak, the mic's own level can.

Two singers on the same melody at similar loudness (a battle) differ by far less than
``margin_db``: both keep their frames. But each tracked pitch is pulled a little toward
the other voice (``match.pull``), so the gate also learns each voice's bleed into the other
mic, from the leaks it rejects (or from a room check beforehand, ``bleed_db``), and takes
the pull back out of every pair of frames on nearby pitches.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Iterable

from ..pitch.frame import PitchFrame
from ..scoring.tolerance import fold_cents
from .pull import unpull


@dataclass(frozen=True, slots=True)
class CrosstalkConfig:
    agree_cents: float = 50.0  # folded pitch distance under which two frames may be one voice
    margin_db: float = 6.0  # a leak is at least this much quieter (normalised)
    distinct_cents: float = 150.0  # folded distance above which both voices are real
    hop_s: float = 0.01  # the trackers' grid, for pairing frames by time
    max_wait_s: float = 0.15  # a frame waits this long (song time) for its partner
    learn_s: float = 1.0  # evidence a mic needs before its own level is trusted
    learn_tau_s: float = 5.0  # time constant of the own-level average
    bleed_learn_s: float = 0.3  # seconds of leaked frames a bleed estimate needs before use


class _Level:
    """A level in dB learned from samples: a plain mean until trusted, then a slow
    exponential average, so it follows a singer who moves but not one loud note."""

    def __init__(self, needed: int, alpha: float) -> None:
        self.needed, self.alpha = needed, alpha
        self.value: float | None = None
        self.evidence = 0

    def trust(self, value: float) -> None:
        self.value, self.evidence = float(value), max(self.evidence, self.needed)

    def add(self, sample: float) -> None:
        alpha = self.alpha if self.evidence >= self.needed else 1.0 / (self.evidence + 1)
        self.value = sample if self.value is None else self.value + alpha * (sample - self.value)
        self.evidence += 1

    @property
    def trusted(self) -> float | None:
        return self.value if self.evidence >= self.needed else None


class CrosstalkGate:
    """Pairs the two seats' frames by time and turns leaked frames unvoiced."""

    def __init__(self, config: CrosstalkConfig | None = None,
                 mic_levels_db: tuple[float, float] | None = None,
                 bleed_db: tuple[float, float] | None = None) -> None:
        """Measured beforehand (a room check), trusted from the first frame and refined
        as the gate hears more: ``mic_levels_db``, each mic's singing level;
        ``bleed_db``, how much quieter each seat's voice reaches the *other* mic than its
        own (e.g. -12.0)."""
        cfg = self.config = config or CrosstalkConfig()
        self._pending: tuple[deque[PitchFrame], deque[PitchFrame]] = (deque(), deque())
        alpha = min(1.0, cfg.hop_s / cfg.learn_tau_s)
        self._own = (_Level(int(cfg.learn_s / cfg.hop_s), alpha), _Level(int(cfg.learn_s / cfg.hop_s), alpha))
        self._bleed = (_Level(int(cfg.bleed_learn_s / cfg.hop_s), alpha),
                       _Level(int(cfg.bleed_learn_s / cfg.hop_s), alpha))
        for levels, measured in ((self._own, mic_levels_db), (self._bleed, bleed_db)):
            if measured is not None:
                levels[0].trust(measured[0])
                levels[1].trust(measured[1])
        self.rejected = [0, 0]  # frames turned unvoiced per seat
        self.unpulled = 0  # pairs of frames whose pitches were corrected for bleed
        self.paired = 0

    # -- streaming ---------------------------------------------------------------------
    def push(self, seat: int, frames: Iterable[PitchFrame]) -> list[tuple[int, PitchFrame]]:
        """Frames of one seat in; frames of either seat out, each seat in time order."""
        self._pending[seat].extend(frames)
        return self._pair()

    def release_until(self, t: float) -> list[tuple[int, PitchFrame]]:
        """Song time is ``t``: frames older than ``t - max_wait_s`` stop waiting for a
        partner and pass unchanged (a seat without input must not hold the other up)."""
        out = self._pair()
        limit = t - self.config.max_wait_s
        for seat, queue in enumerate(self._pending):
            while queue and queue[0].time < limit:
                out.append((seat, queue.popleft()))
        return out

    def flush(self) -> list[tuple[int, PitchFrame]]:
        return self.release_until(float("inf"))

    def own_level_db(self, seat: int) -> float | None:
        """The learned singing level of a seat's mic (None until it has enough evidence)."""
        return self._own[seat].trusted

    def bleed_db(self, seat: int) -> float | None:
        """How much quieter this seat's voice reaches the other mic (None until known)."""
        return self._bleed[seat].trusted

    # -- one instant -------------------------------------------------------------------
    def judge_pair(self, a: PitchFrame, b: PitchFrame) -> tuple[bool, bool]:
        """(a is a leak, b is a leak) for two frames of the same instant; learns too."""
        cfg = self.config
        if not (a.voiced and b.voiced):
            if a.voiced:
                self._learn(0, a.level_db)
            elif b.voiced:
                self._learn(1, b.level_db)
            return False, False
        distance = abs(fold_cents(b.midi, a.midi))
        if distance >= cfg.distinct_cents:
            self._learn(0, a.level_db)
            self._learn(1, b.level_db)
            return False, False
        if distance > cfg.agree_cents:
            return False, False
        own_a, own_b = self.own_level_db(0), self.own_level_db(1)
        offset = own_a - own_b if own_a is not None and own_b is not None else 0.0
        louder_a = (a.level_db - b.level_db) - offset  # normalised: a above b
        if louder_a >= cfg.margin_db:
            self._bleed[0].add(b.level_db - a.level_db)  # b is a's voice on b's mic
            return False, True
        if louder_a <= -cfg.margin_db:
            self._bleed[1].add(a.level_db - b.level_db)
            return True, False
        return False, False

    def _learn(self, seat: int, level_db: float) -> None:
        self._own[seat].add(level_db)

    def _unpulled(self, a: PitchFrame, b: PitchFrame) -> tuple[PitchFrame, PitchFrame]:
        """Two kept frames of one instant with each voice's pull on the other taken out."""
        if not (a.voiced and b.voiced) or abs(b.midi - a.midi) * 100 >= self.config.distinct_cents:
            return a, b
        into_a, into_b = self._bleed[1].trusted, self._bleed[0].trusted
        if into_a is None and into_b is None:
            return a, b
        # The other voice's power on this mic relative to this mic's own voice, in dB. A
        # voice within margin_db of the singer would have made one frame a leak, so such a
        # figure means the bleed estimate is wrong (learnt from a misjudged leak): no fix.
        rel = [None if into is None else other.level_db + into - own.level_db
               for into, own, other in ((into_a, a, b), (into_b, b, a))]
        rel = [None if r is None or r > -self.config.margin_db else r for r in rel]
        if rel == [None, None]:
            return a, b
        self.unpulled += 1
        return unpull(a, b, rel[0], rel[1])

    def _pair(self) -> list[tuple[int, PitchFrame]]:
        out: list[tuple[int, PitchFrame]] = []
        q0, q1 = self._pending
        hop = self.config.hop_s
        while q0 and q1:
            k0, k1 = round(q0[0].time / hop), round(q1[0].time / hop)
            if k0 < k1:
                out.append((0, q0.popleft()))  # the other seat has moved past it
            elif k1 < k0:
                out.append((1, q1.popleft()))
            else:
                a, b = q0.popleft(), q1.popleft()
                self.paired += 1
                leak_a, leak_b = self.judge_pair(a, b)
                if leak_a or leak_b:
                    a, b = (self._silenced(0, a) if leak_a else a), (self._silenced(1, b) if leak_b else b)
                else:
                    a, b = self._unpulled(a, b)
                out.append((0, a))
                out.append((1, b))
        return out

    def _silenced(self, seat: int, frame: PitchFrame) -> PitchFrame:
        self.rejected[seat] += 1
        return PitchFrame.unvoiced(frame.time, frame.confidence, frame.level_db)


def reject_crosstalk(
    frames_p1: Iterable[PitchFrame], frames_p2: Iterable[PitchFrame],
    config: CrosstalkConfig | None = None, mic_levels_db: tuple[float, float] | None = None,
    bleed_db: tuple[float, float] | None = None,
) -> tuple[list[PitchFrame], list[PitchFrame], tuple[int, int]]:
    """Both seats' whole takes at once: (p1 frames, p2 frames, frames rejected per seat).
    The same gate as live play, fed in time order so it learns as it would live."""
    gate = CrosstalkGate(config, mic_levels_db, bleed_db)
    merged = sorted([(f.time, 0, f) for f in frames_p1] + [(f.time, 1, f) for f in frames_p2],
                    key=lambda item: (item[0], item[1]))
    out: tuple[list[PitchFrame], list[PitchFrame]] = ([], [])
    for _, seat, frame in merged:
        for s, released in gate.push(seat, (frame,)):
            out[s].append(released)
    for s, released in gate.flush():
        out[s].append(released)
    return out[0], out[1], (gate.rejected[0], gate.rejected[1])
