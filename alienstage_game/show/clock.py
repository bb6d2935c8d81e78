"""The song clock as the show sees it, and the stand-ins used without an audio device.

The real clock comes from the audio package (song time from the DAC position, see
/work/notes/contract-audio.md); ``open_song_clock`` is the one seam to it. Everything
timed in a show reads ``clock.time()``: never the frame count.
"""

from __future__ import annotations

import time as _time
from pathlib import Path
from typing import Protocol, runtime_checkable


@runtime_checkable
class SongClock(Protocol):
    def start(self) -> None: ...
    def time(self) -> float: ...  # song seconds
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def seek(self, seconds: float) -> None: ...
    def close(self) -> None: ...
    @property
    def paused(self) -> bool: ...


class ManualClock:
    """A clock a test moves by hand (``advance``); pause freezes it as a real one would."""

    stand_in = True

    def __init__(self, start: float = 0.0) -> None:
        self._t = start
        self._paused = True
        self.started = False

    def start(self) -> None:
        self.started, self._paused = True, False

    def time(self) -> float:
        return self._t

    def advance(self, seconds: float) -> None:
        if not self._paused:
            self._t += seconds

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        self._paused = False

    def seek(self, seconds: float) -> None:
        self._t = seconds

    def close(self) -> None:
        self._paused = True

    @property
    def paused(self) -> bool:
        return self._paused


class MonotonicClock:
    """Song time from ``time.monotonic`` (optionally sped up for quick tests and demos):
    the stand-in when no output device plays the backing. It says so: ``stand_in``."""

    stand_in = True

    def __init__(self, speed: float = 1.0, now=_time.monotonic) -> None:
        self.speed = float(speed)
        self._now = now
        self._origin: float | None = None  # monotonic time of song second 0
        self._frozen = 0.0  # song time while paused / before start
        self._paused = True

    def start(self) -> None:
        self._origin = self._now() - self._frozen / self.speed
        self._paused = False

    def time(self) -> float:
        if self._paused or self._origin is None:
            return self._frozen
        return (self._now() - self._origin) * self.speed

    def pause(self) -> None:
        if not self._paused:
            self._frozen = self.time()
            self._paused = True

    def resume(self) -> None:
        if self._paused:
            self.start()

    def seek(self, seconds: float) -> None:
        self._frozen = seconds
        if not self._paused:
            self.start()

    def close(self) -> None:
        self.pause()

    @property
    def paused(self) -> bool:
        return self._paused


def open_song_clock(audio_path: Path | None, *, speed: float = 1.0, play_audio: bool = True) -> SongClock:
    """The clock for one song: the audio package's playback clock for the backing track when
    it can play (seam), else the monotonic stand-in. A sped-up clock never plays audio."""
    if play_audio and speed == 1.0 and audio_path is not None and audio_path.is_file():
        from .audio_seam import backing_clock

        clock = backing_clock(audio_path)
        if clock is not None:
            return clock
    return MonotonicClock(speed)
