"""The backing track and the song clock: the band plays, and where it is in the track is
song time. With sound the audio package's playback keeps that time (the DAC position);
without it (no device, sound off, a sped-up test) one of its monotonic clocks does.
Everything timed in a show reads this clock, never the frame count.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..audio.clock import MonotonicClock, SongClock


class ManualClock(MonotonicClock):
    """A song clock moved by hand (tests): ``advance`` moves its host time. It is made
    paused, so song time stands still until the show starts it, as a fresh backing would."""

    def __init__(self, start_s: float = 0.0) -> None:
        self.host = 0.0
        super().__init__(start_s, reason="moved by hand", now=lambda: self.host)
        self.pause()

    def advance(self, seconds: float) -> None:
        self.host += seconds

    def time(self) -> float:
        return self.now()


def sped_up_clock(speed: float, start_s: float = 0.0) -> MonotonicClock:
    """Song time running ``speed`` times faster than the wall (quick tests and demos; no
    sound, and no microphones: their stamps are real host times)."""
    origin = time.monotonic()
    return MonotonicClock(start_s, reason=f"{speed:g}x speed, no sound",
                          now=lambda: origin + (time.monotonic() - origin) * speed)


class Backing:
    """The song's backing track, played from ``start`` (or a given clock, e.g. a test's).

    ``clock`` is None until the show starts; afterwards it is the audio package's
    SongClock. ``played`` says whether the track really plays (False: a silent clock,
    whose ``reason`` says why)."""

    def __init__(self, audio_path: Path | None, *, speed: float = 1.0, play_audio: bool = True,
                 clock: SongClock | None = None) -> None:
        self.audio_path = audio_path
        self.speed = float(speed)
        self.play_audio = play_audio
        self.clock: SongClock | None = clock
        self.playback = None
        self.played = False  # kept after close, for reports

    @property
    def reason(self) -> str:
        return getattr(self.clock, "reason", "")

    def start(self) -> None:
        if self.clock is not None:
            self.clock.resume()
            return
        if self.speed != 1.0:
            self.clock = sped_up_clock(self.speed)
        elif not self.play_audio:
            self.clock = MonotonicClock(reason="sound off")
        elif self.audio_path is None or not self.audio_path.is_file():
            self.clock = MonotonicClock(reason="the song has no backing track")
        else:
            from ..audio.playback import open_playback_or_clock  # never raises for audio trouble

            self.playback, self.clock = open_playback_or_clock(self.audio_path)
            self.played = self.playback is not None

    def time(self) -> float:
        return self.clock.now() if self.clock is not None else 0.0

    @property
    def paused(self) -> bool:
        return self.clock is None or self.clock.paused

    def pause(self) -> None:
        if self.clock is not None:
            self.clock.pause()

    def resume(self) -> None:
        if self.clock is not None:
            self.clock.resume()

    def seek(self, seconds: float) -> None:
        if self.clock is not None:
            self.clock.seek(seconds)

    def close(self) -> None:
        if self.playback is not None:
            self.playback.close()
            self.playback = None
        if self.clock is not None:
            self.clock.pause()
