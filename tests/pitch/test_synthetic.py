"""The synthetic singer: exact truth, seeded, and the rooms it is put in."""

from __future__ import annotations

import numpy as np

from alienstage_game.pitch.synthetic import (
    SungNote, add_backing, add_noise, add_reverb, octave_leaps, sing, tone,
)

SR = 22050


def _fundamental(signal: np.ndarray, sr: int) -> float:
    """Strongest low peak of the spectrum with a harmonic-sum (fine for steady tones)."""
    spectrum = np.abs(np.fft.rfft(signal * np.hanning(signal.size)))
    freqs = np.fft.rfftfreq(signal.size, 1 / sr)
    candidates = np.arange(60.0, 1100.0, 0.25)
    score = sum(np.interp(candidates * h, freqs, spectrum) for h in range(1, 6))
    return float(candidates[np.argmax(score)])


def test_take_unpacks_as_signal_times_f0_on_a_10ms_grid() -> None:
    signal, times, f0 = tone(220.0, 0.5, SR)
    assert signal.dtype == np.float32 and signal.ndim == 1
    assert times.shape == f0.shape
    assert np.allclose(np.diff(times), 0.01)
    assert abs(signal.size / SR - (0.2 + 0.5 + 0.3)) < 0.01


def test_truth_is_silent_in_rests_and_exact_while_singing() -> None:
    take = tone(220.0, 0.5, SR)
    before = take.times < 0.19
    during = (take.times > 0.25) & (take.times < 0.65)
    after = take.times > 0.72
    assert np.all(take.f0[before] == 0) and np.all(take.f0[after] == 0)
    assert np.allclose(take.f0[during], 220.0, rtol=1e-6)
    assert np.max(np.abs(take.signal[: int(0.19 * SR)])) == 0.0


def test_rendered_pitch_is_the_truth() -> None:
    take = tone(147.0, 0.6, SR, vowel="i")
    steady = take.signal[int(0.3 * SR) : int(0.7 * SR)]
    assert abs(_fundamental(steady, SR) - 147.0) < 1.0


def test_same_seed_same_take_other_seed_other_take() -> None:
    notes = [SungNote(0.1, 0.4, 60.0), SungNote(0.5, 0.4, 64.0, "o")]
    a = sing(notes, SR, seed=3, vibrato_cents=50)
    b = sing(notes, SR, seed=3, vibrato_cents=50)
    c = sing(notes, SR, seed=4, vibrato_cents=50)
    assert np.array_equal(a.signal, b.signal) and np.array_equal(a.f0, b.f0)
    assert not np.array_equal(a.signal, c.signal)


def test_vibrato_and_glides_move_the_truth() -> None:
    held = sing([SungNote(0.1, 1.0, 57.0)], SR, vibrato_cents=60.0, jitter_cents=0.0)
    cents = 1200 * np.log2(held.f0[(held.times > 0.6) & (held.times < 1.0)] / 220.0)
    assert 40 < cents.max() <= 61 and -61 <= cents.min() < -40
    slide = sing([SungNote(0.1, 0.4, 57.0), SungNote(0.5, 0.4, 64.0)], SR, glide_s=0.1, jitter_cents=0.0)
    mid = slide.f0[(slide.times > 0.52) & (slide.times < 0.58)]
    assert np.all((mid > 221.0) & (mid < 329.0))  # between the two notes, on the way up


def test_octave_leaps_leap_by_an_octave() -> None:
    notes = octave_leaps()
    steps = {abs(b.midi - a.midi) for a, b in zip(notes, notes[1:])}
    assert 12.0 in steps
    assert all(abs(a.start + a.duration - b.start) < 1e-9 for a, b in zip(notes, notes[1:]))


def test_noise_is_added_at_the_requested_snr() -> None:
    clean = tone(220.0, 1.0, SR)
    noisy = add_noise(clean, 10.0, SR, seed=1)
    noise = noisy.signal.astype(np.float64) - clean.signal
    voiced = slice(int(0.3 * SR), int(1.1 * SR))
    snr = 10 * np.log10(np.mean(clean.signal[voiced].astype(np.float64) ** 2) / np.mean(noise**2))
    assert abs(snr - 10.0) < 1.0
    assert np.array_equal(noisy.f0, clean.f0)


def test_reverb_leaves_a_tail_and_backing_fills_the_rests() -> None:
    clean = tone(220.0, 0.4, SR)
    tail = slice(int(0.62 * SR), int(0.7 * SR))
    wet = add_reverb(clean, SR)
    assert np.sqrt(np.mean(wet.signal[tail] ** 2)) > 10 * np.sqrt(np.mean(clean.signal[tail] ** 2)) + 1e-4
    leaky = add_backing(clean, SR, level_db=-20.0)
    rest = leaky.signal[: int(0.15 * SR)]
    level = 20 * np.log10(np.sqrt(np.mean(rest.astype(np.float64) ** 2)))
    assert -45.0 < level < -35.0  # the voice sings at about -20 dBFS
