"""Filters and dynamics in plain numpy.

Recursive filters are applied in the frequency domain: the signal is zero-padded so the
filter's decaying tail fits, transformed once, multiplied by the filter's exact frequency
response and transformed back. That is the same linear filter as a sample loop, without
a Python loop per sample, and it is deterministic for a given numpy build.
"""

from __future__ import annotations

import numpy as np

_FAST_FACTORS = (2, 3, 5)


def fast_length(n: int) -> int:
    """The smallest 2^a 3^b 5^c >= n, a length numpy's FFT handles quickly."""
    best = 1 << max(n - 1, 0).bit_length()
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            m = p35
            while m < n:
                m *= 2
            best = min(best, m)
            p35 *= 3
        p5 *= 5
    return best


def filter_response(b: tuple[float, ...], a: tuple[float, ...], freqs_hz: np.ndarray,
                    rate: float) -> np.ndarray:
    """Complex response of the digital filter b/a (designed at ``rate``) at ``freqs_hz``."""
    z = np.exp(-2j * np.pi * np.asarray(freqs_hz, dtype=np.float64) / rate)  # z^-1
    num = sum(coef * z**k for k, coef in enumerate(b))
    den = sum(coef * z**k for k, coef in enumerate(a))
    return num / den


def one_pole_lowpass(cutoff_hz: float, rate: float) -> tuple[tuple[float], tuple[float, float]]:
    """y[n] = (1-p) x[n] + p y[n-1]: the gentlest low-pass, 6 dB per octave."""
    p = float(np.exp(-2.0 * np.pi * cutoff_hz / rate))
    return (1.0 - p,), (1.0, -p)


def apply_response(signal: np.ndarray, response_fn, rate: float, tail_seconds: float = 0.25) -> np.ndarray:
    """Filter ``signal`` (samples on axis 0) by a response ``response_fn(freqs_hz)``.

    The result has the input's length; ``tail_seconds`` of zero padding keeps the filter's
    ringing from wrapping around to the start.
    """
    n = signal.shape[0]
    size = fast_length(n + int(tail_seconds * rate))
    spectrum = np.fft.rfft(signal, n=size, axis=0)
    freqs = np.fft.rfftfreq(size, 1.0 / rate)
    gain = response_fn(freqs)
    if spectrum.ndim > 1:
        gain = gain[:, None]
    return np.fft.irfft(spectrum * gain, n=size, axis=0)[:n]


def lowpass(signal: np.ndarray, cutoff_hz: float, rate: float, poles: int = 1) -> np.ndarray:
    b, a = one_pole_lowpass(cutoff_hz, rate)
    return apply_response(signal, lambda f: filter_response(b, a, f, rate) ** poles, rate)


def highpass(signal: np.ndarray, cutoff_hz: float, rate: float) -> np.ndarray:
    """One-pole high-pass: the signal minus its one-pole low-pass."""
    b, a = one_pole_lowpass(cutoff_hz, rate)
    return apply_response(signal, lambda f: 1.0 - filter_response(b, a, f, rate), rate)


def bandpass(signal: np.ndarray, low_hz: float, high_hz: float, rate: float) -> np.ndarray:
    return lowpass(highpass(signal, low_hz, rate), high_hz, rate)


def peak_limit(signal: np.ndarray, ceiling: float, rate: float, release_seconds: float = 0.04) -> np.ndarray:
    """Turn down only the moments that would pass ``ceiling`` (linear amplitude).

    The gain each sample needs is spread to the neighbouring blocks (so it is already down
    when a drum hit arrives and recovers after it) and smoothed by two moving averages,
    which keeps the limiter from distorting what it touches. The gain never exceeds what
    a sample needs, so no peak passes.
    """
    level = np.max(np.abs(signal), axis=1) if signal.ndim > 1 else np.abs(signal)
    need = np.minimum(1.0, ceiling / np.maximum(level, 1e-12))
    if need.min() >= 1.0:
        return signal
    n = need.shape[0]
    block = max(int(release_seconds * rate) // 2, 1)
    blocks = -(-n // block)
    per_block = np.pad(need, (0, blocks * block - n), constant_values=1.0).reshape(blocks, block).min(axis=1)
    spread = np.pad(per_block, 2, constant_values=1.0)
    spread = np.min(np.stack([spread[k:k + blocks] for k in range(5)]), axis=0)
    held = np.repeat(spread, block)[:n]
    smooth = _moving_average(_moving_average(held, block), block)
    gain = np.minimum(smooth, held)
    return signal * (gain[:, None] if signal.ndim > 1 else gain)


def _moving_average(x: np.ndarray, width: int) -> np.ndarray:
    """Centred boxcar average with edges held, via a running sum (O(n) for any width)."""
    half = width // 2
    padded = np.pad(x, (half + 1, width - half), mode="edge")
    sums = np.cumsum(padded)
    return (sums[width:width + x.shape[0]] - sums[:x.shape[0]]) / width
