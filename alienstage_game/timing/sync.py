"""Fit a chart to its audio: the GAP (and a tempo drift) where its melody meets the voice.

The chart becomes two frame-wise pictures at the analysis rate: where notes are sung
(``on``) and which pitch class each sings (``chroma``, so a chart an octave from the
singer still fits). The audio gives the voice's activity and pitch-class salience
(``first_vocal.vocal_activity``, the centre channel of a mix or a stem). For each tempo
scale in +-``MAX_DRIFT`` (1.0 first), the cross-correlation of the two over every shift
in +-``max_shift_s`` (by FFT, frame resolution) is taken; the best peak is refined by a
parabola to a fraction of a frame. A drift is kept only where it fits clearly better
than the chart's own tempo. The confidence is how far the peak stands over the next best
shift (more than a quarter second away), relative to the typical shift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..charts import Song
from .first_vocal import VocalActivity
from .signal import TimingError, parabolic_peak

MAX_SHIFT_S = 10.0
MAX_DRIFT = 0.01  # 1%: a copy played a little fast or slow
DRIFT_STEP = 0.0005
DRIFT_GAIN = 1.005  # a drift must fit this much better than the chart's own tempo
ACTIVITY_WEIGHT = 0.5
ONSET_WEIGHT = 0.0  # note starts against the voice's rises: reverb tails do not pull the fit late
ONSET_WIDTH_S = 0.03
APART_S = 0.25


@dataclass(frozen=True)
class SyncResult:
    gap_ms: float  # the fitted #GAP
    shift_ms: float  # fitted GAP minus the chart's GAP
    bpm: float  # the fitted #BPM (the chart's own unless it drifts)
    scale: float  # the note times' stretch about the GAP (1.0: no drift)
    confidence: float  # 0..1
    score: float


def _chart_notes(song: Song) -> list[tuple[float, float, int]]:
    clock = song.clock
    notes = []
    for voice in song.voices:
        for note in voice.notes:
            if note.length <= 0:
                continue
            notes.append((clock.beat_to_seconds(note.beat), clock.beat_to_seconds(note.end_beat), note.midi % 12))
    return notes


def _chart_pictures(notes, gap_s: float, scale: float, fps: float,
                    frames: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    on = np.zeros(frames)
    starts = np.zeros(frames)
    chroma = np.zeros((12, frames))
    for start, end, pc in notes:
        a = int(round((gap_s + (start - gap_s) * scale) * fps))
        b = int(round((gap_s + (end - gap_s) * scale) * fps))
        a, b = max(0, a), min(frames, max(b, a + 1))
        if a < frames:
            on[a:b] = 1.0
            chroma[pc, a:b] = 1.0
            starts[a] = 1.0
    return on, chroma, starts


def _correlate(chart: np.ndarray, audio: np.ndarray) -> np.ndarray:
    """corr[s] = sum_t chart[t] * audio[t + s] for s in -(n-1)..(n-1) (same lengths n)."""
    from scipy.signal import fftconvolve

    return fftconvolve(audio, chart[::-1], mode="full")


def _audio_features(found: VocalActivity, frames: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from scipy.ndimage import uniform_filter1d

    act = np.zeros(frames)
    act[: min(frames, found.activity.size)] = found.activity[:frames]
    rise = np.clip(np.diff(act, prepend=0.0), 0.0, None)
    rise = uniform_filter1d(rise, size=max(1, int(ONSET_WIDTH_S * found.fps)), mode="nearest")
    chroma = np.zeros((12, frames))
    raw = found.chroma[:, :frames]
    total = raw.sum(axis=0, keepdims=True)
    chroma[:, : raw.shape[1]] = raw / np.maximum(total, 1e-9) * act[: raw.shape[1]]
    return act - act.mean(), chroma, rise / max(float(rise.mean()), 1e-12) * float(act.clip(0).mean() + 1e-12)


def _scores(notes, gap_s: float, scale: float, fps: float, frames: int, act: np.ndarray,
            chroma: np.ndarray, rise: np.ndarray) -> np.ndarray:
    on, chart_chroma, starts = _chart_pictures(notes, gap_s, scale, fps, frames)
    total = ACTIVITY_WEIGHT * _correlate(on - on.mean(), act)
    if ONSET_WEIGHT > 0:
        total += ONSET_WEIGHT * _correlate(starts, rise) * (on.sum() / max(1.0, starts.sum()))
    for pc in range(12):
        if chart_chroma[pc].any():
            total += _correlate(chart_chroma[pc], chroma[pc])
    return total / max(1.0, on.sum())


def sync_chart(song: Song, found: VocalActivity, *, max_shift_s: float = MAX_SHIFT_S,
               max_drift: float = MAX_DRIFT) -> SyncResult:
    """The GAP (and tempo) at which ``song``'s notes best fit the voice in ``found``."""
    bpm = song.bpm
    if bpm is None or bpm <= 0:
        raise TimingError(song.path, "the chart has no positive #BPM to fit")
    notes = _chart_notes(song)
    if not notes:
        raise TimingError(song.path, "the chart has no notes to fit to the audio")
    fps = found.fps
    gap_s = song.gap_ms / 1000.0
    duration_s = found.times.size / fps
    if min(start for start, _, _ in notes) > duration_s + max_shift_s or max(end for _, end, _ in notes) < -max_shift_s:
        raise TimingError(song.path, f"the chart's notes lie outside the audio ({duration_s:.0f} s) by more than "
                                     f"{max_shift_s:g} s: nothing to fit")
    # The audio's length and the search's reach bound the work, whatever a chart claims.
    frames = found.times.size + int(max_shift_s * fps) + 2
    act, chroma, rise = _audio_features(found, frames)
    centre = frames - 1  # index of shift 0 in a full correlation
    reach = int(max_shift_s * fps)
    window = slice(centre - reach, centre + reach + 1)
    scales = [1.0] + [1.0 + d for d in np.arange(-max_drift, max_drift + DRIFT_STEP / 2, DRIFT_STEP)
                      if abs(d) > 1e-9] if max_drift > 0 else [1.0]
    best: tuple[float, float, np.ndarray] | None = None
    own_peak = -np.inf
    for scale in scales:
        corr = _scores(notes, gap_s, scale, fps, frames, act, chroma, rise)[window]
        peak = float(corr.max())
        if scale == 1.0:
            own_peak = peak
        elif peak < own_peak * DRIFT_GAIN:
            continue
        if best is None or peak > best[0]:
            best = (peak, scale, corr)
    assert best is not None
    peak, scale, corr = best
    index = int(np.argmax(corr))
    shift_s = (parabolic_peak(corr, index) - reach) / fps
    apart = int(APART_S * fps)
    others = np.concatenate([corr[: max(0, index - apart)], corr[index + apart + 1:]])
    if others.size and peak > 0:
        second, typical = float(others.max()), float(np.median(others))
        confidence = float(np.clip(2.0 * (peak - second) / max(peak - typical, 1e-12), 0.0, 1.0))
    else:
        confidence = 0.0
    gap_ms = round((gap_s + shift_s) * 1000.0, 1)
    return SyncResult(gap_ms=gap_ms, shift_ms=round(gap_ms - song.gap_ms, 1), bpm=round(bpm / scale, 3),
                      scale=scale, confidence=round(confidence, 3), score=peak)
