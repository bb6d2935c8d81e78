"""The first note transcription (``transcribe.Method.LEGACY``), kept for comparison.

pyin over the whole take; voiced runs cut where the pitch settles on a new value (the
cut goes back to where the glide towards it began) and at every energy/spectral onset
far enough from another cut; pieces shorter than ``min_note_s`` join their neighbour.
On real amateur takes it splits notes too often (``bench transcribe`` shows it beside
``pitch.segment``); ``pitch_track`` (pyin) is also the editor's pitch curve.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .segment import SungSegment, absorb_short

ANALYSIS_SR = 16000  # the rate every offline analysis of a take runs at (transcribe, the editor)
HOP_S = 0.01
MIN_NOTE_S = 0.08
VOICING_LEAD_S = 0.02  # pyin's centred window hears a voice ~20 ms before it starts


def pitch_track(y: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(times, f0 Hz with 0 = unvoiced, level dB) at 10 ms, pyin at the analysis rate."""
    import librosa

    if sr != ANALYSIS_SR:
        y = librosa.resample(y.astype(np.float32), orig_sr=sr, target_sr=ANALYSIS_SR, res_type="soxr_hq")
    hop = int(ANALYSIS_SR * HOP_S)
    f0, voiced, _ = librosa.pyin(y, fmin=65.0, fmax=1050.0, sr=ANALYSIS_SR, frame_length=1024,
                                 hop_length=hop, resolution=0.2, center=True)
    times = librosa.times_like(f0, sr=ANALYSIS_SR, hop_length=hop)
    rms = librosa.feature.rms(y=y, frame_length=512, hop_length=hop, center=True)[0][: f0.size]
    level = 20.0 * np.log10(np.maximum(rms, 1e-6))
    if level.size < f0.size:
        level = np.pad(level, (0, f0.size - level.size), constant_values=-120.0)
    return times, np.where(voiced & np.isfinite(f0), f0, 0.0), level


def onset_times(y: np.ndarray, sr: int) -> np.ndarray:
    """Re-attacks: spectral-flux onsets (they catch a new syllable on the same pitch)."""
    import librosa

    return librosa.onset.onset_detect(y=y, sr=sr, hop_length=256, backtrack=False, units="time",
                                      delta=0.2)


def _runs(voiced: np.ndarray, level_db: np.ndarray | None = None, *, bridge: int = 3,
          leap_bridge: int = 10, leap_drop_db: float = 12.0) -> list[tuple[int, int]]:
    """Voiced runs as [a, b) frame spans. Dropouts of up to ``bridge`` frames are
    bridged; longer ones (up to ``leap_bridge``) only while the voice stays loud --
    pyin loses voicing in a fast leap, a singer's real rest is quiet."""
    idx = np.flatnonzero(voiced)
    if idx.size == 0:
        return []
    runs, a, last = [], int(idx[0]), int(idx[0])
    for i in idx[1:]:
        gap = int(i) - last - 1
        loud = (level_db is not None and 0 < gap <= leap_bridge
                and level_db[last + 1 : i].min() > min(level_db[last], level_db[i]) - leap_drop_db)
        if gap > bridge and not loud:
            runs.append((a, last + 1))
            a = int(i)
        last = int(i)
    runs.append((a, last + 1))
    return runs


def _glide_start(midi: np.ndarray, lo: int, hi: int, old: float, new: float) -> float | None:
    """Fractional frame where a glide from ``old`` to ``new`` began, from its 25 % and
    75 % crossings (an S-shaped glide spends a third of its time between them)."""
    span = new - old
    progress = (midi[lo:hi] - old) / span
    marks = []
    for level in (0.25, 0.75):
        above = np.flatnonzero(progress >= level)
        if above.size == 0 or above[0] == 0:
            return None
        k = int(above[0])
        p0, p1 = progress[k - 1], progress[k]
        marks.append(lo + k - 1 + (level - p0) / (p1 - p0 if p1 != p0 else 1.0))
    t25, t75 = marks
    return max(float(lo), 2.0 * t25 - t75)


def _split_by_pitch(midi: np.ndarray, a: int, b: int, *, jump: float = 0.7, hold: int = 4,
                    steady: float = 0.3) -> list[float]:
    """Fractional frames where a new pitch begins inside the run [a, b).

    A change is a ``hold``-frame stretch more than ``jump`` semitones from the current
    note; the cut goes back to where the glide towards the new pitch began (the glide
    belongs to the note it leads to), and the new note's reference starts once the
    contour is steady again.
    """
    cuts: list[float] = []
    ref_start, floor = a, a
    i = a + hold
    while i < b:
        ref = float(np.nanmedian(midi[ref_start:i]))
        window = midi[i : i + hold]
        off = window - ref
        if window.size == hold and np.all(np.abs(off) > jump) and np.all(np.sign(off) == np.sign(off[0])):
            k = i
            while k + 3 <= b and np.ptp(midi[k : k + 3]) > steady:
                k += 1
            k = min(k, b - 1)
            target = float(np.nanmedian(midi[k : min(b, k + hold)]))
            lo = max(floor, ref_start + 1, i - 20)
            cut = _glide_start(midi, lo, min(b, k + 1), ref, target)
            if cut is None:
                cut = float(i)
            cuts.append(cut)
            floor = int(np.ceil(cut))
            ref_start = k
            i = ref_start + hold
        else:
            i += 1
    return cuts


def segment_notes(times: np.ndarray, f0: np.ndarray, onsets: Sequence[float] = (), *,
                  level_db: np.ndarray | None = None, min_note_s: float = MIN_NOTE_S) -> list[SungSegment]:
    """The legacy segmentation: notes from an f0 contour (0 = unvoiced), optional onset
    times (seconds) and the signal level per frame (dB, same frames as ``times``)."""
    voiced = f0 > 0
    midi = np.full(f0.shape, np.nan)
    midi[voiced] = 69.0 + 12.0 * np.log2(f0[voiced] / 440.0)
    t0 = float(times[0]) if times.size else 0.0
    hop = float(times[1] - times[0]) if times.size > 1 else HOP_S
    min_frames = max(1, int(round(min_note_s / hop)))
    onset_frames = (np.asarray(onsets, dtype=float) - t0) / hop
    segments: list[tuple[float, float]] = []
    for a, b in _runs(voiced, level_db):
        run = midi[a:b]  # a view: dropouts (fast leaps lose voicing) bridged in place
        gaps = np.isnan(run)
        if gaps.any():
            known = np.flatnonzero(~gaps)
            run[gaps] = np.interp(np.flatnonzero(gaps), known, run[known])
        cuts = _split_by_pitch(midi, a, b)
        for f in onset_frames:  # a re-attack far enough from every other cut
            if a + min_frames <= f <= b - min_frames and all(abs(f - c) >= min_frames for c in cuts):
                cuts.append(float(f))
        bounds = [a + VOICING_LEAD_S / hop, *sorted(cuts), float(b)]
        segments.extend((s, e) for s, e in zip(bounds, bounds[1:]) if e > s)
    out = []
    for s, e in absorb_short(segments, midi, min_frames):
        lo, hi = int(np.floor(s)), int(np.ceil(e))
        core = midi[lo + (hi - lo) // 4 : hi - (hi - lo) // 8]  # skip the glide in
        pitch = float(np.nanmedian(core if core.size and not np.isnan(core).all() else midi[lo:hi]))
        out.append(SungSegment(t0 + s * hop, t0 + e * hop, pitch))
    return out
