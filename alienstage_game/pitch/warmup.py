"""Warm librosa up in the background at start-up, so the first song never stalls.

librosa loads lazily and compiles its numba kernels on first use: the first frame of
a cold tracker costs ~1.5 s and the first ``librosa.yin``/``pyin`` call ~3 s on this
machine. Numba caches compiled kernels on disk (``cache=True`` in librosa); we point
that cache at the game's cache directory when numba has not been imported yet, so a
second start is quick even where the librosa install is read-only.
"""

from __future__ import annotations

import os
import sys
import threading

import numpy as np

_warm = threading.Event()
_lock = threading.Lock()
_thread: threading.Thread | None = None


def _use_game_cache() -> None:
    if "numba" in sys.modules or "NUMBA_CACHE_DIR" in os.environ:
        return  # too late (numba reads it at import) or the user chose already
    try:
        from ..paths import cache_dir

        folder = cache_dir() / "numba"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["NUMBA_CACHE_DIR"] = str(folder)
    except (ImportError, OSError):
        pass  # numba's own default location still works


def warm_tracker(sr: int = 48000) -> None:
    """Only what a live mic needs: the streaming tracker's first frames."""
    _use_game_cache()
    from .tracker import StreamingPitchTracker

    y = (0.1 * np.sin(2 * np.pi * 220.0 * np.arange(sr // 10) / sr)).astype(np.float32)
    StreamingPitchTracker(sr).feed(y)


def warm_up(sr: int = 44100) -> None:
    """Run every librosa path the game uses once, on a tenth of a second of tone."""
    import librosa

    warm_tracker(sr)
    y = (0.1 * np.sin(2 * np.pi * 220.0 * np.arange(sr // 10) / sr)).astype(np.float32)
    librosa.yin(y, fmin=65.0, fmax=1050.0, sr=sr, frame_length=2048)
    librosa.pyin(y, fmin=65.0, fmax=1050.0, sr=sr, frame_length=2048)
    _warm.set()


def warm_up_in_background(sr: int = 44100) -> threading.Thread:
    """Start warming up on a daemon thread (once per process); returns that thread."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=warm_up, args=(sr,), name="pitch-warm-up", daemon=True)
            _thread.start()
        return _thread


def is_warm() -> bool:
    """True once every kernel has been compiled (or loaded from the cache)."""
    return _warm.is_set()
