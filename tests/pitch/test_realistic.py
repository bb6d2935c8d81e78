"""The real-like singer and room: each feature is really in the signal, and seeded."""

from __future__ import annotations

import numpy as np
import pytest

from alienstage_game.pitch.realistic import in_room, mic, real_like, real_like_set, reverberate, room_noise
from alienstage_game.pitch.synthetic import SungNote, sing

SR = 22050


def _spectrum(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=np.float64)
    return np.fft.rfftfreq(x.size, 1 / SR), np.abs(np.fft.rfft(x * np.hanning(x.size))) ** 2


def _db(x: np.ndarray) -> float:
    return 10 * np.log10(np.mean(np.asarray(x, dtype=np.float64) ** 2) + 1e-30)


@pytest.mark.parametrize("seed", range(6))
def test_a_consonant_is_broadband_noise_before_the_voice_and_the_truth_is_0_there(seed: int) -> None:
    note = SungNote(0.2, 0.5, 57.0, "a")
    take = sing([note], SR, seed=seed, consonant_rate=1.0, jitter_cents=0.0)
    voiced = take.times[take.f0 > 0]
    onset = float(voiced[0])
    assert 0.2 + 0.02 <= onset <= 0.2 + 0.075  # the vowel waits for the 20-60 ms consonant
    assert np.all(take.f0[(take.times >= 0.2) & (take.times < onset - 0.011)] == 0)
    burst = take.signal[int(0.2 * SR) : int((onset - 0.01) * SR)]
    assert _db(burst) > -50.0  # something is heard there...
    freqs, power = _spectrum(burst)
    cum = np.cumsum(power) / power.sum()
    span = freqs[np.searchsorted(cum, 0.9)] - freqs[np.searchsorted(cum, 0.1)]
    assert span > 1000.0, span  # ...and it is noise over a wide band, not a pitch
    plain = sing([note], SR, seed=seed, jitter_cents=0.0)
    assert plain.times[plain.f0 > 0][0] <= 0.21  # without one, the vowel starts on the note


def _hnr_db(signal: np.ndarray, f0: float) -> float:
    freqs, power = _spectrum(signal)
    near = np.abs(freqs / f0 - np.round(freqs / f0)) * f0 < 15.0
    band = (freqs > 80.0) & (freqs < 5000.0)
    return 10 * np.log10(power[band & near].sum() / power[band & ~near].sum())


def test_a_breathy_note_has_a_lower_harmonic_to_noise_ratio_and_a_soft_attack() -> None:
    note = [SungNote(0.1, 1.0, 57.0, "a")]
    clean = sing(note, SR, seed=2, jitter_cents=0.0)
    breathy = sing(note, SR, seed=2, jitter_cents=0.0, breathiness=0.8)
    steady = slice(int(0.5 * SR), int(1.0 * SR))
    assert _hnr_db(breathy.signal[steady], 220.0) < _hnr_db(clean.signal[steady], 220.0) - 6.0
    # The attack: the clean voice is full after 25 ms, the breathy one only after 50+ ms.
    rise = lambda s: float(np.argmax(np.abs(s[int(0.1 * SR):]) > 0.8 * np.abs(s[steady]).max())) / SR  # noqa: E731
    assert rise(breathy.signal) > 0.05 > rise(clean.signal)


def _harmonic(signal: np.ndarray, hz: float) -> float:
    freqs, power = _spectrum(signal)
    return float(power[np.abs(freqs - hz) < 8.0].sum())


def test_a_low_male_voice_can_have_a_fundamental_weaker_than_its_second_harmonic() -> None:
    note = [SungNote(0.1, 0.8, 45.0, "a")]  # A2, 110 Hz
    steady = slice(int(0.3 * SR), int(0.8 * SR))
    plain = sing(note, SR, seed=1, jitter_cents=0.0).signal[steady]
    weak = sing(note, SR, seed=1, jitter_cents=0.0, **real_like(natural_vibrato=False, consonant_rate=0.0,
                                                                 breathiness=0.0, dynamics_db=0.0,
                                                                 scoop_rate=0.0)).signal[steady]
    assert _harmonic(plain, 110.0) > _harmonic(plain, 220.0)
    assert _harmonic(weak, 110.0) < _harmonic(weak, 220.0)
    assert _harmonic(weak, 165.0) > 30 * _harmonic(plain, 165.0)  # subharmonics between them


def test_levels_change_within_a_phrase_and_its_end_dies_away() -> None:
    notes = [SungNote(0.1 + 0.4 * i, 0.4, 57.0 + (i % 3), "a") for i in range(6)]
    flat = sing(notes, SR, seed=4, jitter_cents=0.0)
    shaped = sing(notes, SR, seed=4, jitter_cents=0.0, dynamics_db=10.0)
    mids = lambda s: [_db(s[int((n.start + 0.15) * SR): int((n.start + 0.3) * SR)]) for n in notes]  # noqa: E731
    assert np.ptp(mids(flat.signal)) < 2.0
    assert np.ptp(mids(shaped.signal)) > 5.0
    end = notes[-1].start + notes[-1].duration
    tail = _db(shaped.signal[int((end - 0.1) * SR): int((end - 0.05) * SR)])
    assert tail < mids(shaped.signal)[-1] - 4.0
    assert np.array_equal(flat.f0, shaped.f0)  # loudness is not pitch


def test_scoops_and_a_late_natural_vibrato_are_in_the_truth() -> None:
    note = [SungNote(0.1, 1.2, 57.0, "a")]
    take = sing(note, SR, seed=3, jitter_cents=0.0, scoop_cents=150.0, scoop_rate=1.0, natural_vibrato=True)
    cents = np.where(take.f0 > 0, 1200 * np.log2(np.maximum(take.f0, 1.0) / 220.0), np.nan)
    start = take.times[take.f0 > 0][0]
    assert cents[take.times == start][0] < -50.0  # scooped from below
    early = cents[(take.times > start + 0.13) & (take.times < 0.3)]
    assert np.nanmax(np.abs(early)) < 5.0  # on pitch, no vibrato yet
    late = cents[(take.times > 0.8) & (take.times < 1.2)]
    assert 30.0 <= np.nanmax(late) <= 81.0 and -81.0 <= np.nanmin(late) <= -30.0
    crossings = np.sum(np.diff(np.sign(late)) != 0)
    assert 3 <= crossings <= 5  # 5-6 Hz over 0.4 s


@pytest.mark.parametrize("rt60", [0.3, 0.6])
def test_the_reverb_tail_decays_at_its_rt60(rt60: float) -> None:
    dry = sing([SungNote(0.1, 0.4, 57.0, "a")], SR, seed=1, duration=2.0, jitter_cents=0.0, breath_db=-90.0)
    wet = reverberate(dry.signal.astype(np.float64), SR, rt60, seed=2)
    tail = wet[int(0.56 * SR):] ** 2  # after the dry release
    edc = 10 * np.log10(np.cumsum(tail[::-1])[::-1] / tail.sum() + 1e-30)  # Schroeder's backward integral
    t = np.arange(edc.size) / SR
    fit = (edc < -5.0) & (edc > -30.0)
    slope = np.polyfit(t[fit], edc[fit], 1)[0]  # dB per second
    assert -60.0 / slope == pytest.approx(rt60, rel=0.3)


def test_room_noise_falls_with_frequency_and_hums_at_50_hz() -> None:
    noise = room_noise(4 * SR, SR, hum_dbfs=None, seed=1)
    freqs, power = _spectrum(noise)
    bands = [power[(freqs >= lo) & (freqs < 2 * lo)].mean() for lo in (100, 400, 1600, 5000)]
    assert all(a > 2 * b for a, b in zip(bands, bands[1:])), bands
    assert _db(noise) == pytest.approx(-55.0, abs=1.0)
    hum = room_noise(4 * SR, SR, seed=1)
    _, with_hum = _spectrum(hum)
    at = lambda hz: with_hum[np.abs(freqs - hz) < 1.0].max()  # noqa: E731
    assert at(50.0) > 5 * at(75.0) and at(150.0) > 5 * at(125.0)


def test_room_noise_of_a_region_is_the_slice_of_the_whole_and_the_mic_noise_is_after_the_gain() -> None:
    whole = room_noise(3 * SR, SR, seed=5)
    part = room_noise(SR // 2, SR, seed=5, offset=SR + 1234)
    assert np.allclose(part, whole[SR + 1234 : SR + 1234 + SR // 2], atol=1e-9)
    room = in_room(np.zeros(SR), SR, seed=1)
    assert _db(mic(room, 0.0)) == pytest.approx(_db(room), abs=0.5)  # the room, over the mic's hiss
    assert _db(mic(room, -30.0)) == pytest.approx(-80.0, abs=1.5)  # turned down: the hiss is what is left


def test_real_like_takes_are_seeded() -> None:
    notes = [SungNote(0.1, 0.4, 50.0, "a"), SungNote(0.5, 0.4, 53.0, "o"), SungNote(1.1, 0.5, 48.0, "e")]
    a = sing(notes, SR, seed=7, **real_like())
    b = sing(notes, SR, seed=7, **real_like())
    c = sing(notes, SR, seed=8, **real_like())
    assert np.array_equal(a.signal, b.signal) and np.array_equal(a.f0, b.f0)
    assert not np.array_equal(a.signal, c.signal)
    one, two = real_like_set(SR, seed=0), real_like_set(SR, seed=0)
    assert set(one) >= {"real-like-male-low", "real-like-female", "real-like-quiet-30db", "consonants",
                        "breathy-soft"}
    for name in one:
        assert np.array_equal(one[name].signal, two[name].signal), name
        assert one[name].f0.size == one[name].times.size and np.all(np.isfinite(one[name].signal))
