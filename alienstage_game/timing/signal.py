"""Audio in for timing analysis: a file or an array, kept stereo where it is stereo."""

from __future__ import annotations

from pathlib import Path

import numpy as np

ANALYSIS_SR = 22050
HOP = 256  # analysis frames: 11.6 ms at 22,050 Hz
MAX_CHANNELS = 2


class TimingError(Exception):
    """Audio the timing tools cannot analyse, with where and why in plain words."""

    def __init__(self, path: str | Path | None, reason: str) -> None:
        super().__init__(reason)
        self.path = None if path is None else Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path is not None else self.reason


def load_mix(source: np.ndarray | str | Path, sr: int | None = None) -> tuple[np.ndarray, int]:
    """``(channels x samples)`` float32 at ``ANALYSIS_SR`` (one or two channels).

    An array is mono ``(n,)`` or ``(n, 2)`` / ``(2, n)`` at ``sr``. A file goes through the
    game's audio intake (regular files, size and length limits); any failure to read it is
    a ``TimingError``."""
    if isinstance(source, np.ndarray):
        if sr is None:
            raise TimingError(None, "an array needs its sample rate")
        data = np.asarray(source, dtype=np.float32)
        if data.ndim == 2 and data.shape[0] > data.shape[1]:
            data = data.T
        rate = int(sr)
    else:
        from ..audio.audiofile import AudioFileError, read_audio

        try:
            frames, rate = read_audio(source)
        except AudioFileError as err:
            raise TimingError(source, err.reason) from None
        data = frames.T
    data = np.atleast_2d(data)
    if data.ndim != 2 or data.shape[1] == 0:
        raise TimingError(None if isinstance(source, np.ndarray) else source, "no samples")
    if not np.isfinite(data).all():
        raise TimingError(None if isinstance(source, np.ndarray) else source, "samples that are not numbers")
    if data.shape[0] > MAX_CHANNELS:  # surround: front left and right carry the song
        data = data[:MAX_CHANNELS]
    peak = float(np.max(np.abs(data)))
    if peak > 0:  # the analysis is relative to the song's own level; 1e30 samples must not overflow it
        data = data * np.float32(0.9 / peak)
    if rate != ANALYSIS_SR:
        import soxr

        data = np.ascontiguousarray(soxr.resample(data.T, rate, ANALYSIS_SR, quality="HQ").T, dtype=np.float32)
    return np.ascontiguousarray(data, dtype=np.float32), ANALYSIS_SR


def mono(data: np.ndarray) -> np.ndarray:
    return data.mean(axis=0) if data.ndim == 2 else data


def frame_times(count: int, sr: int = ANALYSIS_SR, hop: int = HOP) -> np.ndarray:
    return np.arange(count) * (hop / sr)


def is_silent(y: np.ndarray) -> bool:
    return y.size == 0 or float(np.max(np.abs(y))) < 1e-5


def parabolic_peak(values: np.ndarray, index: int) -> float:
    """The peak at ``index`` placed between samples by the parabola through it and its
    neighbours (``index`` itself at an edge or where the three make no peak)."""
    if 0 < index < values.size - 1:
        a, b, c = values[index - 1], values[index], values[index + 1]
        denom = a - 2 * b + c
        if denom < 0:
            return float(index + 0.5 * (a - c) / denom)
    return float(index)
