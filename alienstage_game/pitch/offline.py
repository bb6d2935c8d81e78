"""Offline analysis: a file or an array through the live tracker, and pyin as a peer.

"One path, live or offline": ``track_file`` feeds audio to the same
StreamingPitchTracker a microphone feeds, in blocks the size of an audio callback, so
what the CLI and the benchmark measure is what a player gets.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .frame import PitchFrame
from .tracker import StreamingPitchTracker, TrackerConfig

DEFAULT_BLOCK = 512  # a typical audio callback; deliberately not a multiple of the hop


def load_audio(path: str | Path, sr: int | None = None) -> tuple[np.ndarray, int]:
    """Mono float32 samples of any file librosa reads (WAV, OGG, FLAC, MP3)."""
    import warnings

    import librosa

    with warnings.catch_warnings():  # librosa's fallback chatter; real failures still raise
        warnings.simplefilter("ignore")
        y, rate = librosa.load(str(path), sr=sr, mono=True)
    return y.astype(np.float32, copy=False), int(rate)


def track_file(
    source: str | Path | np.ndarray,
    sr: int | None = None,
    *,
    block: int = DEFAULT_BLOCK,
    config: TrackerConfig | None = None,
) -> list[PitchFrame]:
    """Every frame of a file (or of a mono array at ``sr``), fed in ``block``-sample
    blocks through a fresh live tracker; the last held-back frame is flushed."""
    if isinstance(source, np.ndarray):
        if sr is None:
            raise ValueError("an array needs its sample rate")
        y = source
    else:
        y, sr = load_audio(source, sr)
    tracker = StreamingPitchTracker(int(sr), config)
    frames: list[PitchFrame] = []
    for start in range(0, len(y), block):
        frames.extend(tracker.feed(y[start : start + block]))
    frames.extend(tracker.flush())
    return frames


def frames_to_arrays(frames: list[PitchFrame]) -> tuple[np.ndarray, np.ndarray]:
    """(times, f0) with f0 = 0 on unvoiced frames, as mir_eval and the CSV want."""
    times = np.array([f.time for f in frames], dtype=np.float64)
    f0 = np.array([f.f0_hz if f.voiced else 0.0 for f in frames], dtype=np.float64)
    return times, f0


def pyin_reference(
    y: np.ndarray, sr: int, *, hop_s: float = 0.01, fmin: float = 65.0, fmax: float = 1050.0
) -> tuple[np.ndarray, np.ndarray]:
    """librosa.pyin over a whole signal (centred frames): (times, f0), 0 = unvoiced.
    Offline only: it needs the whole take for its Viterbi pass and costs far more."""
    import librosa

    hop = int(round(hop_s * sr))
    f0, voiced, _ = librosa.pyin(y, fmin=fmin, fmax=fmax, sr=sr, frame_length=2048,
                                 hop_length=hop, center=True)
    times = librosa.times_like(f0, sr=sr, hop_length=hop)
    return times, np.where(voiced & np.isfinite(f0), f0, 0.0)
