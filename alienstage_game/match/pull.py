"""The pull of a second voice on a tracked pitch, and how to take it back out.

When a mic hears its singer plus the other singer's bleed on a nearby pitch, the
tracker's period estimate (the dip of YIN's difference function) lands between the two
voices' periods, weighted by their powers: the tracked pitch moves a share ``k`` of the
way toward the other voice. For two uncorrelated voices of power ratio ``w`` (other/own)
the dips add as ``d_own + w * d_other``, so ``k`` is about ``w / (1 + w)``; measured on
the real tracker it is a steady ``PULL`` of that (0.53-0.73 over the synthetic singer's
registers and bleeds of -24..-6 dB; ``alienstage bench fairness`` prints the figure it
sees), smaller because the other voice's upper harmonics are too far off to pull.

Both mics are pulled, each toward the other, so with ``A'``/``B'`` the tracked pitches
and ``A``/``B`` the sung ones::

    A' = A + ka (B - A)        B' = B + kb (A - B)
    A - B = (A' - B') / (1 - ka - kb)
    A = A' + ka (A - B)        B = B' - kb (A - B)

At -12 dB of mutual bleed ``k`` is ~0.04: 2 cents when the singers are 50 cents apart,
which on the medium tolerance ramp is ~2 % of a note's credit, and it always helps the
worse singer (toward the better one's pitch is toward the note, more often than not).
"""

from __future__ import annotations

from ..pitch.frame import PitchFrame, midi_to_hz

PULL = 0.6  # measured share of the power-weighted pull (see above)
MAX_SHARE = 0.25  # past this the other voice is as loud as the singer: no model holds


def pull_share(other_db: float | None) -> float:
    """How far (0..MAX_SHARE) a tracked pitch moves toward another voice that is
    ``other_db`` louder (negative: quieter) than the singer on the same mic."""
    if other_db is None:
        return 0.0
    w = 10.0 ** (min(other_db, 0.0) / 10.0)
    return min(MAX_SHARE, PULL * w / (1.0 + w))


def unpull(a: PitchFrame, b: PitchFrame, other_on_a_db: float | None,
           other_on_b_db: float | None) -> tuple[PitchFrame, PitchFrame]:
    """Two voiced frames of one instant, one per mic, with each voice's pull taken out.
    ``other_on_a_db``: the b voice's power on a's mic relative to a's own voice (None:
    unknown, no correction on that side)."""
    ka, kb = pull_share(other_on_a_db), pull_share(other_on_b_db)
    if ka == 0.0 and kb == 0.0:
        return a, b
    gap = (a.midi - b.midi) / (1.0 - ka - kb)
    return _retuned(a, a.midi + ka * gap), _retuned(b, b.midi - kb * gap)


def _retuned(frame: PitchFrame, midi: float) -> PitchFrame:
    return PitchFrame(frame.time, midi_to_hz(midi), midi, True, frame.confidence, frame.level_db)
