"""Make the live tracker ready before the first song, on a background thread.

The live path (tracker, capture, the stage's sounds) is numpy and soxr only, so the
tracker is ready in a fraction of a second even on a fresh install. librosa is for
offline work (pyin in transcription, tempo detection, the editor's analysis): its numba
kernels compile on first use, for 20 s and more with an empty cache, and that cost
falls on the offline screens, behind their progress bars, never on a song. Numba caches
what it compiles on disk; we point that cache at the game's cache directory when numba
has not been imported yet, so a second start is quick even where librosa is read-only.
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


def warm_up(sr: int = 48000) -> None:
    """Everything a song needs before it starts: the tracker."""
    warm_tracker(sr)
    _warm.set()


def warm_up_in_background(sr: int = 48000) -> threading.Thread:
    """Start warming up on a daemon thread (once per process); returns that thread."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=warm_up, args=(sr,), name="pitch-warm-up", daemon=True)
            _thread.start()
        return _thread


def is_warm() -> bool:
    """True once the live tracker is ready."""
    return _warm.is_set()
