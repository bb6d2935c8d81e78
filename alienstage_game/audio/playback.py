"""Playback: the backing track and the effects through one OutputStream, and the clock.

The callback copies the track at the current position (silence before 0: the lead-in,
and while paused), mixes the effects that are sounding, and tells the DacClock when
that buffer's first frame reaches the DAC. Through ALSA's 'pulse' device the first
100-400 ms of a fresh stream can be lost, so a song starts after ``lead_in_s`` of
silence (the clock reads negative until then).
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .audiofile import read_audio
from .clock import DacClock, DacMark, MonotonicClock, SongClock, StreamTimeBase
from .devices import AudioUnavailable, resolve, sounddevice_module

log = logging.getLogger(__name__)

LEAD_IN_S = 0.5
LATENCY_S = 0.1  # PortAudio's ALSA default (9-35 ms) underruns through 'pulse' on a busy machine

StreamFactory = Callable[..., Any]


class Playback:
    """A backing track (frames x channels float32, or mono) playing on an output device."""

    def __init__(self, track: np.ndarray | None, sr: int, *, device: str | None = None,
                 lead_in_s: float = LEAD_IN_S, latency_s: float = LATENCY_S, start_s: float = 0.0,
                 channels: int | None = None, stream_factory: StreamFactory | None = None) -> None:
        self.sr = int(sr)
        track = np.zeros((0, 1), np.float32) if track is None else np.asarray(track, dtype=np.float32)
        self._track = track[:, None] if track.ndim == 1 else track
        self.channels = channels or max(2, self._track.shape[1])
        self._lock = threading.Lock()
        self._pos = int(round((start_s - lead_in_s) * self.sr))  # frame of the track next written
        self._paused = False
        self._effects: list[list[Any]] = []  # [samples frames x channels, next frame]
        self.underflows = 0
        self.device_name = device
        factory = stream_factory or _sounddevice_stream
        self._stream = factory(device=device, samplerate=self.sr, channels=self.channels,
                               latency=latency_s, callback=self._callback)
        try:
            self._base = StreamTimeBase(lambda: float(self._stream.time))
        except Exception as exc:  # sounddevice.PortAudioError 'Error getting stream time' (PulseAudio start-up)
            self._stream.close()
            raise AudioUnavailable(f"output {device or '(default)'} has no stream time: {exc}") from exc
        name = getattr(self._stream, "device_name", device or "default output")
        self.clock: SongClock = DacClock(f"output {name!r} (DAC position)", self, now=self._host_now)
        self._latency = float(getattr(self._stream, "latency", latency_s) or latency_s)

    @classmethod
    def open(cls, track: np.ndarray | None, sr: int, **kwargs: Any) -> "Playback":
        """Open the output and start playing (after the lead-in)."""
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

    def close(self) -> None:
        try:
            self._stream.stop()
        finally:
            self._stream.close()

    def __enter__(self) -> "Playback":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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

    def play(self, sound: np.ndarray, gain: float = 1.0) -> None:
        """Mix a short effect (mono or frames x channels at this rate) in from now on."""
        s = np.asarray(sound, dtype=np.float32) * gain
        s = s[:, None] if s.ndim == 1 else s
        if s.shape[1] != self.channels:
            s = np.repeat(s[:, :1], self.channels, axis=1) if s.shape[1] == 1 else s[:, : self.channels]
        with self._lock:
            self._effects.append([s, 0])

    def _host_now(self) -> float:
        try:
            self._base.refresh()
        except Exception:  # noqa: BLE001 -- a stream-time hiccup (PortAudioError): keep the last offset
            log.debug("stream time unavailable; keeping the last offset")
        return time.monotonic()

    # -- the audio thread -------------------------------------------------------------------
    def _callback(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if getattr(status, "output_underflow", False):
            self.underflows += 1
        with self._lock:
            pos, paused = self._pos, self._paused
            if not paused:
                self._pos += frames
            effects = list(self._effects)
        outdata.fill(0.0)
        if not paused:
            a, b = max(pos, 0), min(pos + frames, self._track.shape[0])
            if a < b:
                part = self._track[a:b]
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
                self._effects = [e for e in self._effects if e not in done]
        self.clock.mark(DacMark(self._dac_host(time_info), pos / self.sr, 0.0 if paused else 1.0, frames / self.sr))  # type: ignore[attr-defined]

    def _dac_host(self, time_info: Any) -> float:
        dac = float(getattr(time_info, "outputBufferDacTime", 0.0) or 0.0)
        if dac > 0.0:
            return self._base.to_host(dac)
        current = float(getattr(time_info, "currentTime", 0.0) or 0.0)  # host API without DAC times
        if current > 0.0:
            return self._base.to_host(current) + self._latency
        return time.monotonic() + self._latency


def _sounddevice_stream(*, device: str | None, samplerate: int, channels: int, latency: float,
                        callback: Callable[..., None]) -> Any:
    sd = sounddevice_module()
    dev = resolve(device, "output")
    if dev is None:
        raise AudioUnavailable(f"no output device {device or '(default)'}")
    try:
        stream = sd.OutputStream(device=dev.index, samplerate=samplerate, channels=min(channels, dev.max_output_channels),
                                 dtype="float32", latency=latency, callback=callback)
    except sd.PortAudioError as exc:
        raise AudioUnavailable(f"cannot open output {dev.name}: {exc}") from exc
    stream.device_name = dev.name
    return stream


def open_playback_or_clock(track: str | Path | np.ndarray | None, sr: int | None = None, *,
                           device: str | None = None, lead_in_s: float = LEAD_IN_S,
                           **kwargs: Any) -> tuple[Playback | None, SongClock]:
    """Start the backing track, or when no output works a MonotonicClock that says why.

    ``track`` is a file path, an array (then ``sr`` is needed) or None (silence, only the
    clock). Never raises for audio trouble: a device that fails to start (even with a
    bare PortAudioError) is tried once more, then the song goes on without sound.
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
    failure: Exception | None = None
    for _attempt in range(2):  # a fresh PulseAudio stream sometimes has no clock yet: once more
        try:
            playback = Playback.open(samples, sr, device=device, lead_in_s=lead_in_s, **kwargs)
            return playback, playback.clock
        except (AudioUnavailable, OSError) as exc:
            failure = exc
    reason = f"no sound output: {failure}"
    log.warning("%s; a monotonic clock keeps the song's time", reason)
    return None, MonotonicClock(start_s=-lead_in_s, reason=reason)
