"""The quarter-note tempo of a song, to a small fraction of a percent.

1. The onset envelope (librosa's spectral flux, 11.6 ms frames).
2. Coarse: a comb over its autocorrelation (a period P is strong where the envelope
   repeats at P, 2P, 3P and 4P), on a 0.5% tempo grid from 40 to 320 BPM.
3. The metrical level: every candidate a power of two (or 3/2, 2/3) from the best peak,
   scored by its comb and a log-normal prior around 115 BPM; the quarter is taken in
   70-180 BPM (a level outside that is doubled or halved into it). Where two levels fit
   in that range (80 and 160), the faster is taken when the slower grid's midpoints are
   struck nearly as hard as its beats (``settle_level``): the evidence is in the music.
4. Fine: the beat grid fitted to the envelope by its Fourier sum at the beat frequency and
   three harmonics (a pulse train at that period adds up in phase), searched over +-1.5%
   in 0.02% steps with a parabola through the peak; the grid's phase gives the beats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .signal import HOP, is_silent, mono, parabolic_peak

QUARTER_RANGE = (70.0, 180.0)
LEVEL_RATIO = 0.3  # hats between the beats: ~0.1; a snare between the kicks: 0.35-0.9
PRIOR_CENTRE_BPM = 115.0
PRIOR_OCTAVES = 0.9  # the prior's width (one standard deviation, in octaves)
_COMB = (1.0, 0.8, 0.6, 0.45)
_HARMONICS = (1.0, 0.7, 0.5, 0.35)


@dataclass(frozen=True)
class TempoEstimate:
    quarter_bpm: float
    beat_times: np.ndarray  # seconds of the fitted quarter beats
    confidence: float = 0.0  # 0..1: how clearly the envelope repeats at this period
    candidates: tuple[tuple[float, float], ...] = field(default=())  # (quarter BPM, score), best first

    def chart_bpm(self, grid: int = 1) -> float:
        """v1 #BPM whose beat is a sixteenth note divided by ``grid`` (1: sixteenths, 2: 32nds)."""
        return self.quarter_bpm * grid


def onset_envelope(y: np.ndarray, sr: int, hop: int = HOP) -> np.ndarray:
    import librosa

    env = librosa.onset.onset_strength(y=np.ascontiguousarray(y, dtype=np.float32), sr=sr, hop_length=hop)
    return np.asarray(env, dtype=np.float64)


def _autocorrelation(env: np.ndarray) -> np.ndarray:
    e = env - env.mean()
    n = e.size
    spectrum = np.fft.rfft(e, 2 * n)
    ac = np.fft.irfft(spectrum * np.conj(spectrum))[:n]
    ac /= np.maximum(n - np.arange(n), n // 4)  # unbiased, but no wild tail
    return ac / ac[0] if ac[0] > 0 else ac


def _comb(ac: np.ndarray, fps: float, bpm: np.ndarray) -> np.ndarray:
    lags = np.arange(ac.size)
    score = np.zeros_like(bpm)
    for k, weight in enumerate(_COMB, start=1):
        lag = k * 60.0 * fps / bpm
        score += weight * np.interp(lag, lags, ac, right=0.0)
    return score


def _prior(bpm: np.ndarray | float) -> np.ndarray:
    return np.exp(-0.5 * (np.log2(np.asarray(bpm) / PRIOR_CENTRE_BPM) / PRIOR_OCTAVES) ** 2)


def _fourier(env: np.ndarray, fps: float, freqs: np.ndarray) -> np.ndarray:
    """Complex Fourier sums of the envelope at ``freqs`` (Hz), in chunks."""
    e = env - np.convolve(env, np.ones(int(fps)) / int(fps), mode="same")  # no slow swell
    t = np.arange(e.size) / fps
    out = np.empty(freqs.size, dtype=np.complex128)
    step = max(1, 2_000_000 // max(1, e.size))
    for start in range(0, freqs.size, step):
        f = freqs[start:start + step, None]
        out[start:start + step] = np.exp(-2j * np.pi * f * t[None, :]) @ e
    return out


def _grid_salience(env: np.ndarray, fps: float, bpm: np.ndarray) -> np.ndarray:
    base = bpm / 60.0
    total = np.zeros(bpm.size)
    for h, weight in enumerate(_HARMONICS, start=1):
        total += weight * np.abs(_fourier(env, fps, base * h))
    return total


def refine(env: np.ndarray, fps: float, bpm: float, span: float = 0.015, step: float = 0.0002) -> tuple[float, float]:
    """(refined BPM, grid salience) near ``bpm``: the grid that best fits the envelope."""
    grid = bpm * np.exp(np.arange(-span, span + step / 2, step))
    salience = _grid_salience(env, fps, grid)
    best = int(np.argmax(salience))
    where = parabolic_peak(salience, best)
    refined = float(bpm * np.exp(-span + where * step))
    return refined, float(salience[best])


def _into_range(bpm: float) -> float:
    low, high = QUARTER_RANGE
    while bpm < low:
        bpm *= 2.0
    while bpm >= high:
        bpm /= 2.0
    return bpm


def choose_level(ac: np.ndarray, fps: float, peak_bpm: float) -> list[tuple[float, float]]:
    """Metrical levels related to the comb's best peak, each scored (comb x prior), best first."""
    ratios = (0.25, 1 / 3, 0.5, 2 / 3, 1.0, 1.5, 2.0, 3.0, 4.0)
    scored = []
    for ratio in ratios:
        bpm = peak_bpm * ratio
        if not 30.0 <= bpm <= 400.0:
            continue
        local = bpm * np.exp(np.linspace(-0.01, 0.01, 11))
        comb = _comb(ac, fps, local)
        k = int(np.argmax(comb))
        score = float(comb[k] * _prior(local[k]))
        if QUARTER_RANGE[0] <= local[k] < QUARTER_RANGE[1]:
            score *= 1.25  # a quarter the charts' authors would count
        scored.append((float(local[k]), score))
    scored.sort(key=lambda item: -item[1])
    return scored


def offbeat_ratio(env: np.ndarray, fps: float, slow_bpm: float) -> float:
    """How strong the envelope is half-way between the beats of a grid at ``slow_bpm``
    (the other beats of the level twice as fast) against on them: near 1 when the faster
    level's every beat is struck (kick and snare taking turns), low when the midpoints
    carry only hats or nothing."""
    period = 60.0 / slow_bpm
    first = beat_phase(env, fps, slow_bpm)
    duration = env.size / fps

    def strength(times: np.ndarray) -> float:
        index = np.round(times * fps).astype(int)
        index = index[(index >= 2) & (index < env.size - 2)]
        if index.size == 0:
            return 0.0
        window = np.stack([env[index + k] for k in range(-2, 3)])
        return float(np.mean(window.max(axis=0)))

    on = strength(np.arange(first, duration, period))
    mid = strength(np.arange(first + period / 2, duration, period))
    return min(on, mid) / max(on, mid) if max(on, mid) > 0 else 0.0  # whichever the grid's phase caught


def settle_level(env: np.ndarray, fps: float, quarter: float) -> float:
    """Of two levels both in ``QUARTER_RANGE`` (80 and 160, say), the faster when its
    every beat is struck (``offbeat_ratio`` of the slower >= ``LEVEL_RATIO``), else the slower."""
    low, high = QUARTER_RANGE
    if quarter * 2.0 < high:
        slow, fast = quarter, quarter * 2.0
    elif quarter / 2.0 >= low:
        slow, fast = quarter / 2.0, quarter
    else:
        return quarter
    return fast if offbeat_ratio(env, fps, slow) >= LEVEL_RATIO else slow


def beat_phase(env: np.ndarray, fps: float, bpm: float) -> float:
    """Seconds of the first beat of the grid at ``bpm`` that fits the envelope best."""
    f = bpm / 60.0
    value = _fourier(env, fps, np.array([f]))[0]
    period = 1.0 / f
    return float((-np.angle(value) / (2 * np.pi * f)) % period)


def detect_tempo(y: np.ndarray, sr: int) -> TempoEstimate:
    """The quarter-note tempo and beat times of a mono or stereo signal (a silent one gives
    120 and no beats)."""
    y = mono(np.asarray(y, dtype=np.float32))
    if is_silent(y) or y.size < sr:
        return TempoEstimate(120.0, np.zeros(0))
    env = onset_envelope(y, sr)
    return tempo_from_envelope(env, sr / HOP, y.size / sr)


def tempo_from_envelope(env: np.ndarray, fps: float, duration_s: float) -> TempoEstimate:
    if env.size < 8 or float(np.max(env)) <= 0:
        return TempoEstimate(120.0, np.zeros(0))
    ac = _autocorrelation(env)
    grid = 40.0 * np.exp(np.arange(0.0, np.log(320.0 / 40.0), 0.005))
    comb = _comb(ac, fps, grid)
    peak = float(grid[int(np.argmax(comb * _prior(grid) ** 0.25))])
    levels = choose_level(ac, fps, peak)
    coarse = settle_level(env, fps, _into_range(levels[0][0]) if levels else _into_range(peak))
    quarter, salience = refine(env, fps, coarse)
    quarter, salience = refine(env, fps, quarter, span=0.002, step=0.00005)
    off_peak = float(np.median(_grid_salience(env, fps, quarter * np.exp(np.linspace(-0.2, 0.2, 41)))))
    confidence = float(np.clip((salience / max(off_peak, 1e-12) - 1.0) / 3.0, 0.0, 1.0))
    period = 60.0 / quarter
    first = beat_phase(env, fps, quarter)
    beats = np.arange(first, duration_s, period)
    return TempoEstimate(quarter, beats, confidence, tuple(levels[:5]))
