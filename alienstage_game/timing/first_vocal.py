"""Where a voice sings: vocal activity and pitch salience, and the first vocal of a song.

Not the first onset (a full mix's first onset is its intro). For a full mix:

1. The centre channel: a stereo mix's mid, each time-frequency bin weighted by how much
   of it is centred (``1 - |side| / |mid|``, and its pan between the sides): the lead
   vocal is panned centre; pads, keys, guitars and reverbs are wide or to a side. A mono
   file is its own centre.
2. Peaks only: the square-root magnitude (loud partials count more than faint ones)
   minus its local average across frequency (drums and noise are broad, partials are
   narrow), then minus its morphological opening along time over ``SUSTAIN_S`` (pads and
   chords held longer than a sung note).
3. Harmonic salience for singing fundamentals MIDI 45-84 (110-1050 Hz): the weighted sum
   of each candidate's first eight partials above ``MIN_PARTIAL_HZ``, less half of what a
   fundamental 2-6x below (a bass note, MIDI 24 up, all its partials) explains; a frame's
   vocal activity is its best candidate above the candidates' mean (one voice stands out,
   a chord or noise does not), scaled between the song's quiet and loud levels.
4. The first vocal: the first large step up of the smoothed activity (its mean over the
   next ``AHEAD_S`` against the previous ``STEP_S``), then the first run of ``RUN_S``
   above ``HALFWAY`` from the level before to the level after, extended back over short
   notes sung just before it (a first syllable of 0.1 s), backed up to where it rose.

With a vocal stem the same steps run on the stem (no centre to take).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .signal import HOP, is_silent

N_FFT = 2048
PAN_WIDTH = 0.12  # a bin panned this far off centre keeps 60% of itself
MIDI_LOW, MIDI_HIGH = 45, 84
PARTIALS = 8
PARTIAL_DECAY = 0.8
MAX_PARTIAL_HZ = 5000.0
MIN_PARTIAL_HZ = 250.0
SUB_WEIGHT = 0.5  # the share of a lower fundamental's salience taken off
SUB_LOW = 24
SUB_STEPS = (12, 19, 24, 28, 31, 36)  # semitones down to a fundamental 2, 3, 4, 5, 6 and 8 times lower
SUSTAIN_S = 1.2
SMOOTH_S = 0.06
RUN_S = 0.3
THRESHOLD = 0.35  # a frame's pitch is reported above this activity
RISE = 0.2  # the onset: where the activity last stood this low (from the level before to after)
STEP_S = 5.0
AHEAD_S = 2.5  # shorter after than before: a step is where the voice is, not seconds early
SEARCH_S = 1.5  # the run is looked for from twice this before the step to this after it
HALFWAY = 0.35
BLIP_S = 0.1
BLIP_GAP_S = 0.3
MIN_STEP = 0.1
EARLIEST = 0.6  # the first step this close to the largest is the entrance (a verse, not a chorus)
MAX_BACKTRACK_S = 0.3


@dataclass(frozen=True)
class VocalActivity:
    """Frame-wise evidence of a singing voice (frames of ``HOP`` samples)."""

    times: np.ndarray  # seconds of each frame
    activity: np.ndarray  # 0..1, smoothed: how clearly one voice stands out
    chroma: np.ndarray  # (12, frames): the salience of each pitch class, per frame, >= 0
    midi: np.ndarray  # the most salient singing pitch per frame (NaN where the activity is low)
    level_low: float  # the activity's quiet level (10th percentile), before scaling to 0..1
    level_high: float  # its loud level (95th percentile)

    @property
    def fps(self) -> float:
        return 1.0 / (self.times[1] - self.times[0]) if self.times.size > 1 else 1.0


def centre_magnitude(data: np.ndarray, sr: int) -> np.ndarray:
    """|STFT| of the centre channel of a (channels x samples) signal."""
    import librosa

    stfts = [librosa.stft(np.ascontiguousarray(ch), n_fft=N_FFT, hop_length=HOP) for ch in np.atleast_2d(data)]
    if len(stfts) == 1:
        return np.abs(stfts[0])
    left, right = np.abs(stfts[0]), np.abs(stfts[1])
    mid, side = (stfts[0] + stfts[1]) * 0.5, (stfts[0] - stfts[1]) * 0.5
    mid_mag = np.abs(mid)
    share = np.clip(1.0 - np.abs(side) / np.maximum(mid_mag, 1e-9), 0.0, 1.0)
    pan = (left - right) / np.maximum(left + right, 1e-9)  # -1 left .. +1 right
    centred = np.exp(-0.5 * (pan / PAN_WIDTH) ** 2)
    return mid_mag * share**2 * centred


def _salience_matrix(sr: int, low: int = MIDI_LOW, high: int = MIDI_HIGH,
                     min_partial_hz: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(candidates x bins) weights summing each candidate's partials, and the candidates' MIDI."""
    freqs = np.fft.rfftfreq(N_FFT, 1.0 / sr)
    bin_hz = freqs[1]
    floor_hz = MIN_PARTIAL_HZ if min_partial_hz is None else min_partial_hz
    midis = np.arange(low, high + 1, dtype=float)
    weights = np.zeros((midis.size, freqs.size))
    for row, midi in enumerate(midis):
        f0 = 440.0 * 2.0 ** ((midi - 69.0) / 12.0)
        for h in range(1, PARTIALS + 1):
            centre = h * f0
            if centre > MAX_PARTIAL_HZ:
                break
            if centre < floor_hz:  # the bass's ground: a voice is heard by its upper partials
                continue
            width = max(bin_hz, centre * (2 ** (0.5 / 12) - 1))
            tri = np.clip(1.0 - np.abs(freqs - centre) / width, 0.0, None)
            if tri.sum() > 0:
                weights[row] += PARTIAL_DECAY ** (h - 1) * tri / tri.sum()
    return weights, midis


def _peaks_only(mag: np.ndarray, fps: float) -> np.ndarray:
    from scipy.ndimage import maximum_filter1d, minimum_filter1d, uniform_filter1d

    top = float(mag.max()) if mag.size else 0.0
    level = np.sqrt(mag / max(top, 1e-12))  # loudness matters: a faint partial is not a voice
    peaks = np.clip(level - uniform_filter1d(level, size=9, axis=0, mode="nearest"), 0.0, None)
    width = max(3, int(SUSTAIN_S * fps))
    held = maximum_filter1d(minimum_filter1d(peaks, width, axis=1, mode="nearest"), width, axis=1, mode="nearest")
    return np.clip(peaks - held, 0.0, None)


def vocal_activity(data: np.ndarray, sr: int) -> VocalActivity:
    """The voice's evidence in a (channels x samples) mix or stem at ``sr``."""
    from scipy.ndimage import uniform_filter1d

    data = np.atleast_2d(np.asarray(data, dtype=np.float32))
    fps = sr / HOP
    mag = centre_magnitude(data, sr)
    frames = mag.shape[1]
    times = np.arange(frames) / fps
    if is_silent(data):
        zeros = np.zeros(frames)
        return VocalActivity(times, zeros, np.zeros((12, frames)), np.full(frames, np.nan), 0.0, 0.0)
    peaks = _peaks_only(mag, fps)
    weights, midis = _salience_matrix(sr)
    salience = weights @ peaks  # (candidates x frames)
    if SUB_WEIGHT > 0:  # partials a bass note below explains are not a voice's
        sub_weights, sub_midis = _salience_matrix(sr, SUB_LOW, MIDI_HIGH - 12, min_partial_hz=0.0)
        below = sub_weights @ peaks
        explained = np.zeros_like(salience)
        for row, midi in enumerate(midis):
            for step in SUB_STEPS:
                k = int(midi - step - SUB_LOW)
                if 0 <= k < below.shape[0]:
                    explained[row] = np.maximum(explained[row], below[k])
        salience = np.clip(salience - SUB_WEIGHT * explained, 0.0, None)
    best = salience.argmax(axis=0)
    contrast = salience.max(axis=0) - salience.mean(axis=0)
    smooth = uniform_filter1d(contrast, size=max(1, int(SMOOTH_S * fps)), mode="nearest")
    low, high = float(np.percentile(smooth, 10)), float(np.percentile(smooth, 95))
    activity = np.clip((smooth - low) / max(high - low, 1e-12), 0.0, 1.0)
    above = np.clip(salience - salience.mean(axis=0, keepdims=True), 0.0, None)
    chroma = np.zeros((12, frames))
    for row, midi in enumerate(midis):
        chroma[int(midi) % 12] += above[row]
    chroma = uniform_filter1d(chroma, size=max(1, int(0.05 * fps)), axis=1, mode="nearest")
    pitch = np.where(activity > THRESHOLD, midis[best], np.nan)
    return VocalActivity(times, activity, chroma, pitch, low, high)


def _step_scores(act: np.ndarray, width: int, ahead: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each frame: the mean activity over ``width`` frames before it and ``ahead``
    frames from it, and the step between them (before a song's start counts as silence)."""
    total = np.concatenate([[0.0], np.cumsum(act)])
    index = np.arange(act.size)
    lo, hi = np.maximum(0, index - width), np.minimum(act.size, index + ahead)
    before = np.where(index > lo, (total[index] - total[lo]) / np.maximum(index - lo, 1), 0.0)
    after = (total[hi] - total[index]) / np.maximum(hi - index, 1)
    return before, after, after - before


def _earlier_notes(over: np.ndarray, start: int, fps: float) -> int:
    """Back from ``start`` over short notes sung before the first sustained run: each
    blip above the line of at least ``BLIP_S``, at most ``BLIP_GAP_S`` before the next."""
    blip, gap = max(1, int(BLIP_S * fps)), max(1, int(BLIP_GAP_S * fps))
    while True:
        window = over[max(0, start - gap): start]
        hits = np.flatnonzero(window)
        if hits.size == 0:
            return start
        end = max(0, start - gap) + int(hits[-1]) + 1  # one past the blip's last frame
        begin = end
        while begin > 0 and over[begin - 1]:
            begin -= 1
        if end - begin < blip:
            return start
        start = begin


def first_vocal_from_activity(found: VocalActivity) -> float | None:
    """Seconds where the voice first sings (None: no clear voice).

    The voice's entrance is the first large step up of the activity (the mean over
    ``AHEAD_S`` from a frame minus the mean over ``STEP_S`` before it, at least
    ``EARLIEST`` of the largest); near it, the first run of ``RUN_S`` above ``HALFWAY``
    from the level before to after, and the short notes just before that run, backed up
    to where the activity began to rise."""
    act = found.activity
    if act.size == 0 or found.level_high <= found.level_low * 1.05 or found.level_high <= 0:
        return None
    fps = found.fps
    before, after, step = _step_scores(act, max(1, int(STEP_S * fps)), max(1, int(AHEAD_S * fps)))
    strong = np.flatnonzero(step >= EARLIEST * float(step.max()))
    entrance = int(strong[0]) if strong.size else int(np.argmax(step))
    local = slice(entrance, min(act.size, entrance + int(STEP_S * fps)))
    entrance += int(np.argmax(step[local]))  # the top of that first strong step
    low, high = before[entrance], after[entrance]
    if high - low < MIN_STEP:
        return None
    threshold = low + HALFWAY * (high - low)
    run = max(1, int(RUN_S * fps))
    over = (act > threshold).astype(float)
    share = np.convolve(over, np.ones(run) / run, mode="full")[run - 1:]  # share over the next RUN_S
    reach = int(SEARCH_S * fps)
    lo, hi = max(0, entrance - 2 * reach), min(act.size, entrance + reach)
    starts = lo + np.flatnonzero((share[lo:hi] >= 0.7) & (over[lo:hi] > 0))
    if starts.size == 0:
        return float(found.times[entrance])
    start = _earlier_notes(act > threshold, int(starts[0]), fps)
    floor = max(0, start - int(MAX_BACKTRACK_S * fps))
    rise = low + RISE * (high - low)
    k = start
    while k > floor and act[k - 1] > rise:
        k -= 1
    return float(found.times[k])


def first_vocal_onset(y: np.ndarray, sr: int) -> float | None:
    """Seconds of the first sung phrase in a mono or (channels x samples) signal; None
    when no voice stands out anywhere."""
    return first_vocal_from_activity(vocal_activity(y, sr))
