"""The one song clock: where in the backing track we are, in song seconds.

Every timestamp in the game is converted to HOST time (``time.monotonic()``) first, then
to song time by the clock. With an output device the clock is the playback position at
the DAC (``DacClock``, fed by the output callback); without one a ``MonotonicClock``
stands in and says why. Both share the ``SongClock`` interface.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Protocol, runtime_checkable


@runtime_checkable
class SongClock(Protocol):
    def now(self) -> float:
        """Song seconds now (negative during a lead-in)."""

    def song_time_at(self, host_time: float) -> float:
        """Song seconds at a ``time.monotonic()`` instant (past or now)."""

    @property
    def paused(self) -> bool: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def seek(self, seconds: float) -> None: ...

    @property
    def source(self) -> str:
        """What drives the clock, for the player and the logs."""


class MonotonicClock:
    """Song time from the machine's monotonic clock: the stand-in with no output device."""

    def __init__(self, start_s: float = 0.0, reason: str = "no output device",
                 now: Callable[[], float] = time.monotonic) -> None:
        self.reason = reason
        self._host_now = now
        self._lock = threading.Lock()
        self._segments: list[tuple[float, float, float]] = []  # (host, song, rate) from then on
        self._set(start_s, 1.0)

    def _set(self, song: float, rate: float) -> None:
        with self._lock:
            self._segments.append((self._host_now(), song, rate))
            del self._segments[:-64]

    def song_time_at(self, host_time: float) -> float:
        with self._lock:
            hosts = [s[0] for s in self._segments]
            i = max(0, bisect.bisect_right(hosts, host_time) - 1)
            host, song, rate = self._segments[i]
        return song + rate * (host_time - host)

    def now(self) -> float:
        return self.song_time_at(self._host_now())

    @property
    def paused(self) -> bool:
        return self._segments[-1][2] == 0.0

    def pause(self) -> None:
        if not self.paused:
            self._set(self.now(), 0.0)

    def resume(self) -> None:
        if self.paused:
            self._set(self.now(), 1.0)

    def seek(self, seconds: float) -> None:
        self._set(float(seconds), 0.0 if self.paused else 1.0)

    @property
    def source(self) -> str:
        return f"monotonic clock ({self.reason})"


@dataclass(frozen=True, slots=True)
class DacMark:
    """One output buffer: its first frame reaches the DAC at ``host`` and is ``song``
    seconds into the track; ``rate`` is 1 while playing and 0 while paused."""

    host: float
    song: float
    rate: float
    seconds: float  # how long the buffer lasts


MAX_HOLD_S = 0.05  # now() holds still over smaller backward steps; larger ones are corrections


class DacClock:
    """Song time from the playback position at the DAC.

    The output callback calls ``mark`` once per buffer (placed by ``stamps.PlayTimeline``:
    sample-counted, steered gently toward the DAC stamps); song time at any host instant
    is read off the last buffer that started before it. ``now()`` never runs backwards
    over DAC-stamp jitter (a stalled stream holds it still; it does not run ahead); ``song_time_at``
    gives the plain mapping, which capture uses for instants already past.
    """

    def __init__(self, description: str, control: "ClockControl", now: Callable[[], float] = time.monotonic) -> None:
        self._description = description
        self._control = control
        self._host_now = now
        self._marks: deque[DacMark] = deque(maxlen=256)
        self._lock = threading.Lock()
        self._last_now = float("-inf")
        self._seeked = False

    def mark(self, m: DacMark) -> None:
        """One output buffer (from the audio callback), already placed on the host clock
        by the playback's ``PlayTimeline``."""
        with self._lock:
            if self._marks and m.host < self._marks[-1].host:
                self._marks.clear()  # the stream started over (a seek placed it earlier)
            self._marks.append(m)

    def song_time_at(self, host_time: float) -> float:
        with self._lock:
            if not self._marks:
                return self._control.position_s()  # nothing played yet: where we will start
            hosts = [m.host for m in self._marks]
            i = max(0, bisect.bisect_right(hosts, host_time) - 1)
            m = self._marks[i]
        dt = host_time - m.host
        if dt > 0.0:
            # Past this buffer's end and before the next one's start the stream stalled
            # (or nothing is written yet): the song holds still, it does not run ahead.
            dt = min(dt, m.seconds)
        return m.song + m.rate * dt

    def now(self) -> float:
        t = self.song_time_at(self._host_now())
        with self._lock:
            if self._seeked:
                self._seeked = False
            elif self._last_now - MAX_HOLD_S < t < self._last_now:
                t = self._last_now  # jitter of the DAC stamps: hold rather than step back
            self._last_now = t
        return t

    @property
    def paused(self) -> bool:
        return self._control.paused

    def pause(self) -> None:
        self._control.set_paused(True)

    def resume(self) -> None:
        self._control.set_paused(False)

    def seek(self, seconds: float) -> None:
        self._control.seek(float(seconds))
        with self._lock:
            # Until the new position reaches the DAC, answer with it (not the old one).
            now = self._host_now()
            self._marks.clear()
            self._marks.append(DacMark(now, float(seconds), 0.0, 0.0))
            self._seeked = True

    @property
    def source(self) -> str:
        return self._description


class ClockControl(Protocol):
    """What a DacClock asks of the player that owns the stream."""

    @property
    def paused(self) -> bool: ...

    def set_paused(self, paused: bool) -> None: ...

    def seek(self, seconds: float) -> None: ...

    def position_s(self) -> float: ...


class LateClock:
    """A song clock whose source comes later (an output still opening off the game
    loop): until it does, the song stands still at ``start_s``, and what it is asked to
    do (resume, pause, seek) is done to the source when it arrives."""

    def __init__(self, start_s: float = 0.0, why: str = "the output is opening") -> None:
        self.start_s = float(start_s)
        self.why = why
        self.target: SongClock | None = None
        self._lock = threading.Lock()
        self._paused = True
        self._seek: float | None = None

    def attach(self, clock: SongClock) -> None:
        with self._lock:
            if self._seek is not None:
                clock.seek(self._seek)
            (clock.pause if self._paused else clock.resume)()
            self.target = clock

    def hand_over(self, clock: SongClock) -> None:
        """A new source from where the song stands now (an output that never began to
        play gives way to a stand-in clock): the song neither jumps nor stops."""
        with self._lock:
            now = self.now()
            clock.seek(now)
            (clock.pause if self._paused else clock.resume)()
            self.target = clock

    def now(self) -> float:
        target = self.target
        return target.now() if target is not None else (self._seek if self._seek is not None else self.start_s)

    def song_time_at(self, host_time: float) -> float:
        target = self.target
        return target.song_time_at(host_time) if target is not None else self.now()

    @property
    def paused(self) -> bool:
        target = self.target
        return target.paused if target is not None else self._paused

    def pause(self) -> None:
        self._do("pause", paused=True)

    def resume(self) -> None:
        self._do("resume", paused=False)

    def seek(self, seconds: float) -> None:
        with self._lock:
            if self.target is None:
                self._seek = float(seconds)
                return
        self.target.seek(seconds)

    def _do(self, action: str, paused: bool) -> None:
        with self._lock:
            self._paused = paused
            if self.target is None:
                return
        getattr(self.target, action)()

    @property
    def reason(self) -> str:
        return getattr(self.target, "reason", "") if self.target is not None else self.why

    @property
    def source(self) -> str:
        return self.target.source if self.target is not None else f"waiting ({self.why})"
