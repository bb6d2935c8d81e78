"""Integrated loudness (LUFS) after ITU-R BS.1770-4, "Algorithms to measure audio
programme loudness and true-peak audio level" (2015), section 2 and annex 1.

K-weighting is the standard's two filters -- a high shelf modelling the head (+4 dB
above ~1.5 kHz) and an RLB high-pass (~38 Hz). The standard gives their coefficients at
48 kHz; we apply that filter's response at each physical frequency in the FFT domain,
which keeps the weighting exact at 44.1 kHz without redesigning the filters. Gating per
the standard: 400 ms blocks overlapping by 75 %, an absolute gate at -70 LUFS, then a
relative gate 10 LU below the loudness of the blocks that passed it.
"""

from __future__ import annotations

import numpy as np

from .dsp import apply_response, filter_response

_K_RATE = 48000.0
# BS.1770-4 table 1 (pre-filter, the high shelf) and table 2 (RLB high-pass), 48 kHz.
_SHELF_B = (1.53512485958697, -2.69169618940638, 1.19839281085285)
_SHELF_A = (1.0, -1.69065929318241, 0.73248077421585)
_RLB_B = (1.0, -2.0, 1.0)
_RLB_A = (1.0, -1.99004745483398, 0.99007225036621)

BLOCK_SECONDS = 0.4
BLOCK_STEP = 0.25  # 75 % overlap
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0


def k_weighting(freqs_hz: np.ndarray) -> np.ndarray:
    freqs = np.minimum(freqs_hz, _K_RATE / 2)
    return (filter_response(_SHELF_B, _SHELF_A, freqs, _K_RATE)
            * filter_response(_RLB_B, _RLB_A, freqs, _K_RATE))


def _block_loudness(power: np.ndarray) -> np.ndarray:
    return -0.691 + 10.0 * np.log10(np.maximum(power, 1e-20))


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """LUFS of ``samples`` (frames x channels, or mono); -inf for silence or < 400 ms.

    Channel weights are 1.0: the game's tracks are mono or stereo (no surround channels).
    """
    audio = np.asarray(samples, dtype=np.float64)
    if audio.ndim == 1:
        audio = audio[:, None]
    weighted = apply_response(audio, k_weighting, rate, tail_seconds=0.0)
    block = int(round(BLOCK_SECONDS * rate))
    step = int(round(BLOCK_SECONDS * BLOCK_STEP * rate))
    if weighted.shape[0] < block:
        return float("-inf")
    # Mean square per block and channel from a running sum of squares.
    sums = np.concatenate([np.zeros((1, audio.shape[1])), np.cumsum(weighted**2, axis=0)])
    starts = np.arange(0, weighted.shape[0] - block + 1, step)
    power = ((sums[starts + block] - sums[starts]) / block).sum(axis=1)
    loud = _block_loudness(power)
    kept = power[loud > ABSOLUTE_GATE]
    if kept.size == 0:
        return float("-inf")
    relative = _block_loudness(kept.mean()) + RELATIVE_GATE
    kept = power[(loud > ABSOLUTE_GATE) & (loud > relative)]
    return float(_block_loudness(kept.mean()))


def peak_dbfs(samples: np.ndarray) -> float:
    peak = float(np.max(np.abs(samples))) if np.size(samples) else 0.0
    return 20.0 * np.log10(peak) if peak > 0 else float("-inf")
