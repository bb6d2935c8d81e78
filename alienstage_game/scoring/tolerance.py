"""How close is close enough: the pitch tolerance ramp and the timing grace.

Pitch is compared after folding the sung pitch to the octave nearest the note, so a
bass may sing a soprano's line an octave (or two) down. The error is then in cents,
between 0 and 600. Credit per frame follows a ramp (Performous's idea, fairer than
UltraStar's hit-or-miss semitone window):

    credit(e) = 1                                  e <= full
              = (zero - e) / (zero - full)         full < e < zero
              = 0                                  e >= zero

    difficulty   full (cents)   zero (cents)
    easy              25            150
    medium            10            100
    hard               5             60

``full`` is small on purpose: it only absorbs what a perfect singer still shows (the
tracker's noise and natural pitch drift, a few cents), so every extra cent of error
costs points and the better singer wins. ``zero`` is where a note is simply wrong: at
medium a whole semitone off earns nothing, so humming one off-key tone does not score.

Timing: a note hears the frames from GRACE_S before its start to GRACE_S after its end,
and its credit is capped at its own length. A singer up to 0.1 s early or late on a note
loses nothing for it; the cap keeps the wider window from paying more than the note.
A note is fully earned by ONSET_SLACK_S (50 ms) less than its length of good singing
(half its length for notes under 0.1 s): a voice needs a moment to speak and the
tracker a few frames to hear it, and frames on a 10 ms grid never tile a note exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from .difficulty import Difficulty

GRACE_S = 0.10
ONSET_SLACK_S = 0.05


@dataclass(frozen=True, slots=True)
class Tolerance:
    full_cents: float  # full credit up to this error
    zero_cents: float  # no credit from this error on

    def credit(self, cents: float) -> float:
        """Credit (0..1) of a frame sung ``cents`` away from the note (sign ignored)."""
        error = abs(cents)
        if error <= self.full_cents:
            return 1.0
        if error >= self.zero_cents:
            return 0.0
        return (self.zero_cents - error) / (self.zero_cents - self.full_cents)


TOLERANCES: dict[Difficulty, Tolerance] = {
    Difficulty.EASY: Tolerance(25.0, 150.0),
    Difficulty.MEDIUM: Tolerance(10.0, 100.0),
    Difficulty.HARD: Tolerance(5.0, 60.0),
}


def tolerance_for(difficulty: Difficulty | str) -> Tolerance:
    return TOLERANCES[Difficulty(difficulty)]


def fold_cents(sung_midi: float, note_midi: float) -> float:
    """Signed error in cents after moving the sung pitch to the octave nearest the note:
    always within [-600, 600)."""
    return ((sung_midi - note_midi) * 100.0 + 600.0) % 1200.0 - 600.0
