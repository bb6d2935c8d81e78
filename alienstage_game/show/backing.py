"""The backing track and the song clock: the band plays, and where it is in the track is
song time. With sound the audio package's playback keeps that time (the DAC position);
without it (no device, sound off, a sped-up test) one of its monotonic clocks does.
Everything timed in a show reads this clock, never the frame count.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from ..audio.clock import LateClock, MonotonicClock, SongClock


OUTPUT_WAIT_S = 5.0  # an output that has not begun to play by then is given up on


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

    ``prepare()`` opens the output chosen in the settings on a thread, before the
    count-in, so that the song starts when its sound really starts (a fresh output may
    stall a second or two); until it is open the clock is a ``LateClock`` standing at
    the lead-in. ``played`` says whether the track really plays (False once ``opened``:
    a silent clock, whose ``reason`` says why)."""

    def __init__(self, audio_path: Path | None, *, speed: float = 1.0, play_audio: bool = True,
                 clock: SongClock | None = None, output: str | None = None, start_s: float = 0.0) -> None:
        self.audio_path = audio_path
        self.start_s = float(start_s)  # song time the track starts from (#START)
        self.speed = float(speed)
        self.play_audio = play_audio
        self.output = output  # None: the output chosen in the settings
        self.clock: SongClock | None = clock
        self.playback = None
        self.played = False  # kept after close, for reports
        self.opened = clock is not None  # the output is open (or there is none to open)
        if clock is not None and self.start_s:
            clock.seek(self.start_s)
        self._closed = False
        self._started_at: float | None = None
        self._gave_up = False
        self._lock = threading.Lock()

    @property
    def reason(self) -> str:
        return getattr(self.clock, "reason", "")

    def prepare(self) -> None:
        """Open the output now, off the game loop; the song waits for ``start``."""
        if self.clock is not None:
            return
        start = self.start_s
        if self.speed != 1.0:
            self.clock = _standing(sped_up_clock(self.speed, start))
        elif not self.play_audio:
            self.clock = _standing(MonotonicClock(start, reason="sound off"))
        elif not self._has_track():
            self.clock = _standing(MonotonicClock(start, reason="the song has no backing track"))
        else:
            from ..audio.playback import LEAD_IN_S

            late = LateClock(start - LEAD_IN_S)
            self.clock = late
            threading.Thread(target=self._open, args=(late,), name="backing: opening the output",
                             daemon=True).start()
            return
        self.opened = True

    def _has_track(self) -> bool:
        return self.audio_path is not None and self.audio_path.is_file()

    def _track(self):
        """What the output plays: the file (a medley renders its sections here instead)."""
        return self.audio_path, None

    def _open(self, late: LateClock) -> None:
        from ..audio.playback import open_playback_or_clock  # never raises for audio trouble

        try:
            track, rate = self._track()
        except Exception as exc:  # noqa: BLE001 -- a track that cannot be made: the song goes on silent
            track, rate, reason = None, None, f"cannot prepare the backing: {exc}"
        else:
            reason = None
        if reason is None:
            playback, clock = open_playback_or_clock(track, rate, device=self.output, paused=True,
                                                     start_s=self.start_s)
        else:
            playback, clock = None, MonotonicClock(start_s=late.now(), reason=reason)
        if playback is None:
            clock.seek(late.now())  # a stand-in clock starts where the song stands (#START)
        with self._lock:
            if self._closed:  # closed, or given up on, while it opened
                if playback is not None:
                    playback.close(wait_s=0.0)
                return
            self.playback, self.played = playback, playback is not None
            late.attach(clock)
            self.opened = True

    @property
    def flowing(self) -> bool:
        """The output is open and really plays (or there is no output to wait for)."""
        playback = self.playback
        return self.opened and (playback is None or playback.flowing)

    def start(self) -> None:
        self.prepare()
        self._started_at = time.monotonic()
        self.clock.resume()  # type: ignore[union-attr]

    def check(self) -> None:
        """Once per frame: an output that has not begun to play ``OUTPUT_WAIT_S`` after the
        start (a hung sound server, a device that takes buffers and never plays them)
        gives way to a monotonic clock, so the show goes on without its sound."""
        late = self.clock
        if (self._started_at is None or not isinstance(late, LateClock) or self._gave_up or self.flowing
                or time.monotonic() - self._started_at < OUTPUT_WAIT_S):
            return
        self._gave_up = True
        reason = f"the output did not begin to play within {OUTPUT_WAIT_S:.0f} s"
        late.hand_over(MonotonicClock(start_s=late.now(), reason=reason))
        with self._lock:
            self._closed = True  # an output that opens after all is closed at once
            playback, self.playback, self.played, self.opened = self.playback, None, False, True
        if playback is not None:
            playback.close(wait_s=0.0)

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

    @property
    def effect_rate(self) -> int | None:
        """The sample rate effects must come at to be mixed in (None: no output playing)."""
        playback = self.playback
        return playback.sr if playback is not None else None

    def fade_out(self, seconds: float) -> None:
        """The song fades to silence (the verdict's first beat); effects still play."""
        playback = self.playback
        if playback is not None:
            playback.fade_out(seconds)

    def play_effect(self, samples, sr: int, gain: float = 1.0) -> bool:
        """Mix an effect (at ``effect_rate``) into the backing's own output, the one
        chosen in the settings; False when none plays at that rate."""
        playback = self.playback
        if playback is None or sr != playback.sr:
            return False
        playback.play(samples, gain)
        return True

    def close(self) -> None:
        with self._lock:
            self._closed = True
            playback, self.playback = self.playback, None
        if playback is not None:
            playback.close(wait_s=0.0)  # the game loop never waits for a device
        if self.clock is not None:
            self.clock.pause()


def _standing(clock: SongClock) -> SongClock:
    clock.pause()
    return clock
