"""Reading audio files for playback and for file sources: WAV, OGG, FLAC, MP3."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def read_audio(path: str | Path, *, mono: bool = False) -> tuple[np.ndarray, int]:
    """Float32 samples (frames x channels, or 1-D when ``mono``) and the file's rate.

    libsndfile (soundfile) reads WAV, OGG, FLAC and, from 1.1, MP3; librosa's audioread
    fallback covers the rest.
    """
    try:
        import soundfile

        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except Exception:  # noqa: BLE001 -- libsndfile's errors are not one class; try librosa
        import warnings

        import librosa

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y, rate = librosa.load(str(path), sr=None, mono=False)
        data = np.atleast_2d(y).T.astype(np.float32)
    if mono:
        return np.ascontiguousarray(data.mean(axis=1), dtype=np.float32), int(rate)
    return np.ascontiguousarray(data), int(rate)


def read_audio_at(path: str | Path, rate: int | None) -> tuple[np.ndarray, int]:
    """``read_audio`` (frames x channels) resampled to ``rate`` (None: the file's own)."""
    data, own = read_audio(path)
    if rate is None or rate == own:
        return data, own
    import librosa

    return librosa.resample(data.T, orig_sr=own, target_sr=rate).T.astype(np.float32), int(rate)
