"""The pitch benchmark's trackers: ours and the peers it is measured against.

Each adapter takes a mono float array and its sample rate and returns ``(times, f0)``:
frame centres in seconds and f0 in Hz, 0 where the tracker says unvoiced, as
mir_eval.melody wants. All run with the same band (65-1050 Hz) and a 10 ms hop where
the tracker lets one choose it; each keeps its own voicing rule at its default:

- ``ours``: the live StreamingPitchTracker, fed in audio-callback blocks (``track_file``).
- ``pyin``: librosa.pyin, centred 2048-sample frames, its HMM's voicing (offline).
- ``praat``: Praat's autocorrelation pitch (``Sound.to_pitch_ac``) through
  praat-parselmouth, its default voicing threshold 0.45 and path finder (offline).
- ``swift-f0``: a small CNN (ONNX weights in its wheel) at 16 kHz with a 16 ms hop (its
  own, not settable), voiced where its confidence is >= 0.5 (its default). The audio is
  resampled to 16 kHz inside the call (soxr), so the resampling is in its CPU time.
  At fmin 65 Hz it leaves the lowest synthetic notes (C2, 65.4 Hz) unvoiced, a band-edge
  effect of its pitch bins (with its own 46.9 Hz floor it hears them); kept at 65 Hz so
  that every tracker gets the same band.

praat-parselmouth and swift-f0 are bench-only (the ``peers`` extra): they are what the
game's tracker is compared with, not something the game runs.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

import numpy as np

FMIN_HZ, FMAX_HZ, HOP_S = 65.0, 1050.0, 0.01
EXTRA_HINT = "pip install 'alienstage-game[peers]'"

Track = Callable[[np.ndarray, int], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True, slots=True)
class Tracker:
    """One column of the benchmark: how to run it and what its latency is."""

    name: str
    track: Track
    latency: str  # "27.5 ms", "offline (whole take)", or a receptive field
    module: str  # what must import for it to run
    package: str  # the pip name that brings ``module``


def track_ours(y: np.ndarray, sr: int, *, block: int = 512) -> tuple[np.ndarray, np.ndarray]:
    from ..pitch.offline import frames_to_arrays, track_file

    return frames_to_arrays(track_file(y, sr, block=block))


def track_pyin(y: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray]:
    from ..pitch.offline import pyin_reference

    return pyin_reference(y, sr, hop_s=HOP_S, fmin=FMIN_HZ, fmax=FMAX_HZ)


def track_praat(y: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray]:
    import parselmouth

    sound = parselmouth.Sound(np.asarray(y, dtype=np.float64), sampling_frequency=float(sr))
    pitch = sound.to_pitch_ac(time_step=HOP_S, pitch_floor=FMIN_HZ, pitch_ceiling=FMAX_HZ)
    f0 = np.nan_to_num(np.asarray(pitch.selected_array["frequency"], dtype=np.float64))
    return np.asarray(pitch.xs(), dtype=np.float64), f0


_swift_detector = None


def _swift():
    """One detector per process: building it sets up onnxruntime's thread pool (~20 ms)."""
    global _swift_detector
    if _swift_detector is None:
        from swift_f0 import SwiftF0

        _swift_detector = SwiftF0()  # its defaults: a pool of the physical cores
    return _swift_detector


def track_swift_f0(y: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray]:
    result = _swift().detect(np.asarray(y, dtype=np.float32), int(sr), fmin=FMIN_HZ, fmax=FMAX_HZ)
    f0 = np.where(result.confidence >= 0.5, result.pitch_hz, 0.0)
    return np.asarray(result.timestamps, dtype=np.float64), f0


def _ours_latency() -> str:
    from ..pitch.tracker import StreamingPitchTracker

    return f"{StreamingPitchTracker(44100).latency_s * 1e3:.1f} ms"


# swift-f0's receptive field reaches 2815 samples at 16 kHz each way of a frame (its
# core.py), and its stream mode holds a frame until 10 later 16 ms frames exist.
SWIFT_LATENCY = "176 ms (receptive field)"
OFFLINE = "offline (whole take)"

PEERS: dict[str, tuple[Track, str, str, str]] = {
    # name: (adapter, latency, module to import, pip package)
    "pyin": (track_pyin, OFFLINE, "librosa", "librosa"),
    "praat": (track_praat, OFFLINE, "parselmouth", "praat-parselmouth"),
    "swift-f0": (track_swift_f0, SWIFT_LATENCY, "swift_f0", "swift-f0"),
}


def ours(block: int = 512) -> Tracker:
    return Tracker("ours", lambda y, sr: track_ours(y, sr, block=block), _ours_latency(),
                   "alienstage_game", "alienstage-game")


def choose(names: list[str] | None = None) -> tuple[list[Tracker], list[str]]:
    """The peers asked for (all of them by default) that import here, and one line for
    each that does not, saying why and how to get it."""
    chosen, skipped = [], []
    for name in PEERS if names is None else names:
        track, latency, module, package = PEERS[name]
        try:
            importlib.import_module(module)
        except ImportError as exc:
            missing = getattr(exc, "name", None)
            why = "not installed" if missing in (None, module) else f"cannot import {missing}"
            skipped.append(f"{package} {why}: {EXTRA_HINT}")
            continue
        chosen.append(Tracker(name, track, latency, module, package))
    return chosen, skipped
