"""Playback: the backing track and the effects through one OutputStream, and the clock.

The callback copies the track at the current position (silence before 0: the lead-in,
and while paused), mixes the effects that are sounding, and tells the DacClock when
that buffer's first frame plays, as ``stamps.PlayTimeline`` places it from the samples
written (steered gently toward the DAC stamps; an underrun holds the song still).

A fresh stream through PulseAudio takes its first buffers and then stalls 0.8-1.9 s
before it really plays (measured on null sinks), so the track is held at its first
frame until the callbacks come at the pace of real time: the song starts when sound
really starts, after ``lead_in_s`` of silence (the clock reads negative until then).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .audiofile import read_audio
from .blocking import close_stream
from .clock import DacClock, DacMark, MonotonicClock, SongClock
from .devices import AudioUnavailable, find_device, open_stream, sounddevice_module
from .stamps import PlayTimeline

log = logging.getLogger(__name__)

LEAD_IN_S = 0.5
LATENCY_S = 0.1  # PortAudio's ALSA default (9-35 ms) underruns through 'pulse' on a busy machine
FLOW_BUFFERS = 6  # the stream flows once this many callbacks came at real-time pace...
FLOW_TIMEOUT_S = 3.0  # ...or, failing that, this long after it opened
CLOSE_WAIT_S = 1.0  # close() waits this long for a stuck device, then leaves it behind

StreamFactory = Callable[..., Any]


def _dac_host(time_info: Any, called: float) -> float | None:
    """The DAC stamp on the host clock: the callback's own pair of stream times (no
    second clock to keep in step), None when the host API gives no DAC time."""
    dac = float(getattr(time_info, "outputBufferDacTime", 0.0) or 0.0)
    current = float(getattr(time_info, "currentTime", 0.0) or 0.0)
    if dac <= 0.0 or current <= 0.0:
        return None
    return called + (dac - current)


class FlowCheck:
    """Whether an output really plays: the last callbacks came as fast as they drain
    (not the opening burst that fills the queue, not the stall after it)."""

    def __init__(self, sr: int) -> None:
        self.sr = sr
        self._calls: deque[tuple[float, int]] = deque(maxlen=FLOW_BUFFERS)

    def update(self, called: float, frames: int) -> bool:
        self._calls.append((called, frames))
        if len(self._calls) < FLOW_BUFFERS:
            return False
        span = self._calls[-1][0] - self._calls[0][0]
        audio = sum(f for _, f in list(self._calls)[1:]) / self.sr
        return span > 0.0 and 0.6 <= audio / span <= 1.6


class Playback:
    """A backing track (frames x channels float32, or mono) playing on an output device."""

    def __init__(self, track: np.ndarray | None, sr: int, *, device: str | None = None,
                 lead_in_s: float = LEAD_IN_S, latency_s: float = LATENCY_S, start_s: float = 0.0,
                 channels: int | None = None, stream_factory: StreamFactory | None = None,
                 wait_for_flow: bool = True, paused: bool = False,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.sr = int(sr)
        track = np.zeros((0, 1), np.float32) if track is None else np.asarray(track, dtype=np.float32)
        self._track = track[:, None] if track.ndim == 1 else track
        self.channels = channels or max(2, self._track.shape[1])
        self._lock = threading.Lock()
        self._pos = int(round((start_s - lead_in_s) * self.sr))  # frame of the track next written
        self._paused = paused
        self._effects: list[list[Any]] = []  # [samples frames x channels, next frame]
        self._fade: tuple[int, int] | None = None  # (first frame, frames): the track fades out there
        self.underflows = 0
        self.device_name = device
        self._now = now
        self._flow = FlowCheck(self.sr)
        self.flowing = not wait_for_flow
        self.flowed_after_s: float | None = 0.0 if self.flowing else None  # open -> really playing
        self._was_playing = False
        self._next_pos = self._pos
        self.trace: list[tuple[float, float, float | None, float]] | None = None  # bench: (called, song, dac, placed)
        factory = stream_factory or _sounddevice_stream
        self._opened = now()
        self._stream = factory(device=device, samplerate=self.sr, channels=self.channels,
                               latency=latency_s, callback=self._callback)
        name = getattr(self._stream, "device_name", device or "default output")
        self.device_name = name
        self.timeline = PlayTimeline(float(getattr(self._stream, "latency", latency_s) or latency_s))
        self.clock: SongClock = DacClock(f"output {name!r} (DAC position)", self, now=now)

    @classmethod
    def open(cls, track: np.ndarray | None, sr: int, **kwargs: Any) -> "Playback":
        """Open the output and start it (the track plays once the stream flows)."""
        playback = cls(track, sr, **kwargs)
        playback.start()
        return playback

    @classmethod
    def open_file(cls, path: str | Path, **kwargs: Any) -> "Playback":
        track, sr = read_audio(path)
        return cls.open(track, sr, **kwargs)

    def start(self) -> None:
        try:
            self._stream.start()
        except Exception as exc:  # sounddevice.PortAudioError: the device refused
            self._stream.close()
            raise AudioUnavailable(f"cannot start output {self.device_name or '(default)'}: {exc}") from exc

    def close(self, wait_s: float = CLOSE_WAIT_S) -> None:
        """Stop the output (waiting for a stuck device at most ``wait_s``; 0 on the game loop)."""
        stream, self._stream = self._stream, None
        if stream is not None:
            close_stream(stream, f"output {self.device_name}", wait_s)

    def __enter__(self) -> "Playback":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wait_flowing(self, timeout_s: float = FLOW_TIMEOUT_S + 0.5) -> bool:
        """Block until the track really plays (tests and the command line; never the loop)."""
        deadline = time.monotonic() + timeout_s
        while not self.flowing and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.flowing

    # -- what the clock and the stage ask -------------------------------------------------
    @property
    def paused(self) -> bool:
        return self._paused

    def set_paused(self, paused: bool) -> None:
        with self._lock:
            self._paused = paused

    def seek(self, seconds: float) -> None:
        with self._lock:
            self._pos = int(round(seconds * self.sr))

    def position_s(self) -> float:
        return self._pos / self.sr

    @property
    def duration_s(self) -> float:
        return self._track.shape[0] / self.sr

    @property
    def finished(self) -> bool:
        """The whole track has been handed to the device."""
        return self._pos >= self._track.shape[0]

    def fade_out(self, seconds: float) -> None:
        """Fade the track to silence over ``seconds`` from what plays next; effects go on."""
        with self._lock:
            if self._fade is None:
                self._fade = (self._pos, max(1, int(round(seconds * self.sr))))

    def play(self, sound: np.ndarray, gain: float = 1.0) -> None:
        """Mix a short effect (mono or frames x channels at this rate) in from now on."""
        s = np.asarray(sound, dtype=np.float32) * gain
        s = s[:, None] if s.ndim == 1 else s
        if s.shape[1] != self.channels:
            s = np.repeat(s[:, :1], self.channels, axis=1) if s.shape[1] == 1 else s[:, : self.channels]
        with self._lock:
            self._effects.append([s, 0])

    # -- the audio thread -------------------------------------------------------------------
    def _callback(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        called = self._now()
        if getattr(status, "output_underflow", False):
            self.underflows += 1
        if not self.flowing:
            self.flowing = self._flow.update(called, frames) or called - self._opened > FLOW_TIMEOUT_S
            if self.flowing:
                self.flowed_after_s = called - self._opened
                log.info("output %s plays %.2f s after opening", self.device_name, self.flowed_after_s)
        with self._lock:
            pos = self._pos
            playing = self.flowing and not self._paused
            if playing:
                self._pos += frames
            effects = list(self._effects)
            fade = self._fade
        outdata.fill(0.0)
        if playing:
            a, b = max(pos, 0), min(pos + frames, self._track.shape[0])
            if fade is not None:  # nothing of the track after the fade's end
                b = min(b, fade[0] + fade[1])
            if a < b:
                part = self._track[a:b]
                if fade is not None:
                    ramp = 1.0 - (np.arange(a, b) - fade[0]) / fade[1]
                    part = part * np.clip(ramp, 0.0, 1.0).astype(np.float32)[:, None]
                if part.shape[1] == 1:
                    outdata[a - pos : b - pos] = part  # mono: the same in every channel
                else:
                    outdata[a - pos : b - pos, : part.shape[1]] = part[:, : self.channels]
        done = []
        for effect in effects:
            samples, at = effect
            n = min(frames, samples.shape[0] - at)
            outdata[:n] += samples[at : at + n]
            effect[1] = at + n
            if effect[1] >= samples.shape[0]:
                done.append(effect)
        if done:
            with self._lock:
                finished = {id(e) for e in done}  # by identity: `in` would compare the arrays inside
                self._effects = [e for e in self._effects if id(e) not in finished]
        if playing:
            continuous = self._was_playing and pos == self._next_pos
            dac = _dac_host(time_info, called)
            host = self.timeline.place(pos / self.sr, frames / self.sr, called, dac, continuous)
            self._next_pos = pos + frames
            if self.trace is not None and len(self.trace) < 100_000:
                self.trace.append((called, pos / self.sr, dac, host))
        else:
            host = called + self.timeline.latency_s
        self._was_playing = playing
        self.clock.mark(DacMark(host, pos / self.sr, 1.0 if playing else 0.0, frames / self.sr))  # type: ignore[attr-defined]


def _sounddevice_stream(*, device: str | None, samplerate: int, channels: int, latency: float,
                        callback: Callable[..., None]) -> Any:
    sd = sounddevice_module()
    dev = find_device(device, "output")  # AudioUnavailable: not there, or ambiguous
    try:
        stream = open_stream(dev, "output", samplerate=samplerate, channels=min(channels, dev.max_output_channels),
                             dtype="float32", latency=latency, callback=callback)
    except sd.PortAudioError as exc:
        raise AudioUnavailable(f"cannot open output {dev.name}: {exc}") from exc
    stream.device_name = dev.name
    return stream


def chosen_output() -> str | None:
    """The output chosen in the settings (None: the system's default)."""
    try:
        from .. import settings as settings_mod
        from .mapping import output_device_name

        return output_device_name(settings_mod.load())
    except Exception:  # noqa: BLE001 -- unreadable settings: the default output still plays
        return None


def open_playback_or_clock(track: str | Path | np.ndarray | None, sr: int | None = None, *,
                           device: str | None = None, lead_in_s: float = LEAD_IN_S,
                           **kwargs: Any) -> tuple[Playback | None, SongClock]:
    """Start the backing track, or when no output works a MonotonicClock that says why.

    ``track`` is a file path, an array (then ``sr`` is needed) or None (silence, only the
    clock). ``device`` None is the output chosen in the settings; when that one is not
    there (unplugged), the system's default plays instead. Never raises for audio
    trouble: a device that fails to start is tried once more, then the song goes on
    without sound. It may wait for the device: never call it on the game loop
    (``show.backing`` opens it on a thread).
    """
    if track is None and sr is None:
        return None, MonotonicClock(start_s=-lead_in_s, reason="the song has no backing track")
    if isinstance(track, (str, Path)):
        try:
            samples, sr = read_audio(track)
        except Exception as exc:  # noqa: BLE001 -- libsndfile/audioread raise many kinds
            return None, MonotonicClock(start_s=-lead_in_s, reason=f"cannot read {track}: {exc}")
    else:
        samples = track
    if sr is None:
        raise ValueError("an array track needs its sample rate")
    wanted = device if device is not None else chosen_output()
    failure: Exception | None = None
    for attempt in range(2):
        try:
            playback = Playback.open(samples, sr, device=wanted, lead_in_s=lead_in_s, **kwargs)
            return playback, playback.clock
        except (AudioUnavailable, OSError) as exc:
            failure = exc
            if attempt == 0 and wanted is not None and "no output called" in str(exc):
                log.warning("%s; playing on the default output", exc)
                wanted = None
    reason = f"no sound output: {failure}"
    log.warning("%s; a monotonic clock keeps the song's time", reason)
    return None, MonotonicClock(start_s=-lead_in_s, reason=reason)
