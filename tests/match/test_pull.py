"""The other voice's pull on a tracked pitch, and the gate taking it back out."""

import numpy as np
import pytest

from alienstage_game.match.crosstalk import CrosstalkGate
from alienstage_game.match.pull import MAX_SHARE, PULL, pull_share, unpull
from alienstage_game.pitch import StreamingPitchTracker
from alienstage_game.pitch.frame import PitchFrame, midi_to_hz
from alienstage_game.pitch.synthetic import SungNote, sing

SR = 22050


def frame(midi, level_db=-20.0, t=1.0):
    return PitchFrame(t, midi_to_hz(midi), midi, True, 0.9, level_db)


def test_pull_share_follows_the_power_ratio_and_is_capped():
    assert pull_share(None) == 0.0
    assert pull_share(-12.0) == pytest.approx(PULL * 0.0631 / 1.0631, rel=1e-3)
    assert pull_share(-24.0) < pull_share(-12.0) < pull_share(-6.0)
    assert pull_share(+10.0) == pull_share(0.0) <= MAX_SHARE


def test_unpull_inverts_the_mutual_pull_exactly():
    sung_a, sung_b = 64.20, 63.55
    ka, kb = pull_share(-12.0), pull_share(-15.0)
    heard_a = frame(sung_a + ka * (sung_b - sung_a))
    heard_b = frame(sung_b + kb * (sung_a - sung_b))
    a, b = unpull(heard_a, heard_b, -12.0, -15.0)
    assert a.midi == pytest.approx(sung_a, abs=1e-9) and b.midi == pytest.approx(sung_b, abs=1e-9)
    assert a.f0_hz == pytest.approx(midi_to_hz(sung_a)) and a.level_db == heard_a.level_db
    # an unknown bleed on one side leaves that side's pull in, and still fixes the other
    a, b = unpull(heard_a, heard_b, None, -15.0)
    assert b.midi != heard_b.midi and abs(b.midi - sung_b) < abs(heard_b.midi - sung_b)
    assert unpull(heard_a, heard_b, None, None) == (heard_a, heard_b)


def _tracked(signal):
    tracker = StreamingPitchTracker(SR)
    frames = []
    for start in range(0, len(signal), 512):
        frames.extend(tracker.feed(signal[start:start + 512]))
    return frames + tracker.flush()


def test_the_gate_learns_the_bleed_from_a_solo_and_takes_the_pull_out():
    """B then A sing alone (each mic hears the other 12 dB down), then both hold nearby
    notes: the learned bleed brings each tracked pitch back toward what that singer sang
    alone."""
    a = sing([SungNote(2.3, 2.0, 62.0), SungNote(4.6, 2.5, 64.0)], SR, seed=1, duration=7.4).signal
    b = sing([SungNote(0.2, 1.8, 60.0), SungNote(4.6, 2.5, 64.45)], SR, seed=2, duration=7.4,
             female=True).signal
    bleed = 10 ** (-12 / 20)
    alone_a, alone_b = _tracked(a), _tracked(b)
    heard_a, heard_b = _tracked(a + bleed * b), _tracked(b + bleed * a)
    gate = CrosstalkGate()
    out = ([], [])
    for seat, f in gate.push(0, heard_a) + gate.push(1, heard_b) + gate.flush():
        out[seat].append(f)
    assert gate.bleed_db(0) == pytest.approx(-12.0, abs=1.5)
    assert gate.bleed_db(1) == pytest.approx(-12.0, abs=1.5)
    assert gate.unpulled > 100

    def error(frames, alone):
        both = [(f.midi, g.midi) for f, g in zip(frames, alone) if 5.0 < f.time < 6.9 and f.voiced and g.voiced]
        return abs(np.mean([f - g for f, g in both])) * 100

    pulled = error(heard_a, alone_a) + error(heard_b, alone_b)
    assert pulled > 1.0  # cents: the pull this test is about is really there
    assert error(out[0], alone_a) + error(out[1], alone_b) < pulled / 2
