"""Whether two microphones hear the very same signal: two names for one source, or one
mono mic copied to two channels. Then both players would score one voice, and a duel
between them is a dead level. Singers in one room never correlate near 1 (each mic hears
its own singer loudest), so a peak normalised cross-correlation above ``SAME`` says the
signals are one."""

from __future__ import annotations

import numpy as np

SAME = 0.98
MAX_LAG_S = 0.02  # two devices' streams of one source may be a block apart


def likeness(a: np.ndarray, b: np.ndarray, sr: int, max_lag_s: float = MAX_LAG_S) -> float:
    """Peak normalised cross-correlation of two equally long mono signals within
    ``max_lag_s`` (0 when either is silent)."""
    n = min(a.size, b.size)
    if n == 0:
        return 0.0
    x = np.asarray(a[:n], np.float64) - np.mean(a[:n])
    y = np.asarray(b[:n], np.float64) - np.mean(b[:n])
    energy = float(np.sqrt(np.dot(x, x) * np.dot(y, y)))
    if energy < 1e-9:
        return 0.0
    size = 1 << (2 * n - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(x, size) * np.conj(np.fft.rfft(y, size)), size)
    lag = min(n - 1, int(max_lag_s * sr))
    window = np.concatenate([corr[: lag + 1], corr[size - lag:]]) if lag else corr[:1]
    return float(np.max(np.abs(window)) / energy)
