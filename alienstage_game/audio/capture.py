"""Capture: the players' microphones, as per-player blocks stamped in song time.

One InputStream per device (two players on the left and right of one stereo dongle
share a stream). The callback only copies the block and its ADC timestamp into a
queue; ``blocks()``, called from the game loop, splits channels per player and stamps
each block: song time of its first sample = clock's song time at the ADC instant minus
the device's input offset (calibration + manual offset). A device that errors, finishes
or goes quiet is marked lost; the song goes on and the device is reopened by name now
and then.
"""

from __future__ import annotations

import logging
import queue
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from .clock import SongClock, StampFilter, StreamTimeBase
from .devices import AudioUnavailable, PlayerInput, resolve, sounddevice_module

log = logging.getLogger(__name__)

SAMPLE_RATE = 48_000
LATENCY_S = 0.1
LOST_AFTER_S = 1.0  # no block for this long (once blocks flowed): the device is gone
FIRST_BLOCK_WITHIN_S = 4.0  # a fresh stream through 'pulse' may take ~2 s to deliver
REOPEN_EVERY_S = 2.0
STAMP_TOLERANCE_S = 0.002  # consecutive ADC stamps agree with the sample count this well...
SETTLED_AFTER_S = 0.5  # ...for this long: the stream's timestamps can be trusted
SILENT_DB = -120.0

StreamFactory = Callable[..., Any]


@dataclass(frozen=True, slots=True)
class CaptureBlock:
    player: int
    song_time: float  # song seconds of samples[0]
    samples: np.ndarray  # mono float32


@dataclass
class _Device:
    """One open input device and the players singing into it."""

    name: str | None
    players: list[tuple[int, int]]  # (player, channel)
    offset_s: float
    queue: "queue.SimpleQueue[tuple[np.ndarray, float, bool]]" = field(default_factory=queue.SimpleQueue)
    stream: Any = None
    base: StreamTimeBase | None = None
    lost_reason: str | None = None
    opened_at: float = 0.0
    last_block_at: float | None = None  # host time of the last callback
    finished: bool = False
    next_reopen: float = 0.0
    expected_adc: float | None = None  # where the next block's ADC stamp should be
    consistent_s: float = 0.0
    frames: int = 0  # samples delivered since the stream opened
    stamps: StampFilter = field(default_factory=StampFilter)


class Capture:
    """The players' microphones. Use ``Capture.open(inputs, clock)``."""

    def __init__(self, inputs: list[PlayerInput], clock: SongClock, *, sr: int = SAMPLE_RATE,
                 latency_s: float = LATENCY_S, offsets: Mapping[str, float] | float = 0.0,
                 stream_factory: StreamFactory | None = None,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.inputs = list(inputs)
        self.clock = clock
        self.sr = int(sr)
        self.latency_s = latency_s
        self.overflows = 0
        self._factory = stream_factory or _sounddevice_stream
        self._now = now
        self._levels = [SILENT_DB] * len(self.inputs)
        self._pending: list[CaptureBlock] = []
        self._devices: list[_Device] = []
        by_name: dict[str | None, _Device] = {}
        for player, p in enumerate(self.inputs):
            dev = by_name.get(p.device)
            if dev is None:
                offset = offsets if isinstance(offsets, (int, float)) else float(offsets.get(p.device or "", 0.0))
                dev = by_name[p.device] = _Device(p.device, [], float(offset))
                self._devices.append(dev)
            dev.players.append((player, p.channel))

    @classmethod
    def open(cls, inputs: list[PlayerInput], clock: SongClock, **kwargs: Any) -> "Capture":
        """Open every player's device and start capturing; a device that cannot be
        opened leaves its players lost (see ``lost``/``status``), never raises."""
        capture = cls(inputs, clock, **kwargs)
        for dev in capture._devices:
            capture._start(dev)
        return capture

    # -- the game loop's side ----------------------------------------------------------------
    def blocks(self) -> list[CaptureBlock]:
        """Everything captured since the last call, in order per player (non-blocking)."""
        self._pump()
        out, self._pending = self._pending, []
        return out

    def level_db(self, player: int) -> float:
        """RMS level of the player's last block, dBFS (for the meters)."""
        return SILENT_DB if self.lost(player) else self._levels[player]

    def lost(self, player: int) -> bool:
        return self._device_of(player).lost_reason is not None

    def status(self, player: int) -> str:
        dev = self._device_of(player)
        return f"{self.inputs[player].describe()}: " + (f"lost ({dev.lost_reason})" if dev.lost_reason else "ok")

    @property
    def settled(self) -> bool:
        """Every working device's timestamps have agreed with its sample count for a
        while: blocks from now on are stamped right (fresh 'pulse' streams jump at first)."""
        self._pump()
        return all(d.lost_reason is not None or d.consistent_s >= SETTLED_AFTER_S for d in self._devices)

    def wait_settled(self, timeout_s: float = 5.0) -> bool:
        """Wait (up to ``timeout_s``) until ``settled``; the blocks heard meanwhile are
        dropped. Call before starting the song's playback."""
        deadline = self._now() + timeout_s
        while not self.settled and self._now() < deadline:
            time.sleep(0.02)
        self._pending.clear()
        return self.settled

    def close(self) -> None:
        for dev in self._devices:
            self._stop(dev)

    def __enter__(self) -> "Capture":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals --------------------------------------------------------------------------
    def _device_of(self, player: int) -> _Device:
        return next(d for d in self._devices if any(p == player for p, _ in d.players))

    def _start(self, dev: _Device) -> None:
        channels = max(ch for _, ch in dev.players) + 1
        dev.finished, dev.last_block_at, dev.expected_adc, dev.consistent_s = False, None, None, 0.0
        dev.frames, dev.stamps = 0, StampFilter()
        dev.opened_at = self._now()
        dev.queue = queue.SimpleQueue()  # a reopened stream starts with an empty queue
        q = dev.queue

        def callback(indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
            q.put((indata.copy(), float(getattr(time_info, "inputBufferAdcTime", 0.0) or 0.0),
                   bool(getattr(status, "input_overflow", False))))

        def finished() -> None:
            dev.finished = True

        try:
            dev.stream = self._factory(device=dev.name, channels=channels, samplerate=self.sr,
                                       latency=self.latency_s, callback=callback, finished_callback=finished)
            dev.base = StreamTimeBase(lambda: float(dev.stream.time), now=self._now)
            dev.stream.start()
        except Exception as exc:  # noqa: BLE001 -- PortAudioError, AudioUnavailable, a driver's OSError
            self._mark_lost(dev, str(exc))
            return
        dev.lost_reason = None
        log.info("capture: %s open (%d channel(s))", dev.name or "default input", channels)

    def _stop(self, dev: _Device) -> None:
        stream, dev.stream = dev.stream, None
        if stream is None:
            return
        for action in (stream.stop, stream.close):
            try:
                action()
            except Exception:  # noqa: BLE001 -- a vanished device fails to stop; it is closed anyway
                pass

    def _mark_lost(self, dev: _Device, reason: str) -> None:
        if dev.lost_reason is None:
            log.warning("capture: %s lost: %s", dev.name or "default input", reason)
        dev.lost_reason = reason
        dev.next_reopen = self._now() + REOPEN_EVERY_S
        self._stop(dev)

    def _pump(self) -> None:
        now = self._now()
        for dev in self._devices:
            if dev.lost_reason is not None:
                if now >= dev.next_reopen:
                    self._start(dev)
                continue
            assert dev.base is not None
            dev.base.refresh()
            while True:
                try:
                    data, adc, overflow = dev.queue.get_nowait()
                except queue.Empty:
                    break
                dev.last_block_at = now
                self.overflows += overflow
                self._emit(dev, data, adc, now)
            self._check_health(dev, now)

    def _emit(self, dev: _Device, data: np.ndarray, adc: float, now: float) -> None:
        seconds = data.shape[0] / self.sr
        if adc > 0.0:
            position = dev.frames / self.sr
            adc_filtered = dev.stamps.update(adc - position, continuous=dev.frames > 0) + position
            host = dev.base.to_host(adc_filtered)  # type: ignore[union-attr]
            if dev.expected_adc is not None and abs(adc - dev.expected_adc) <= STAMP_TOLERANCE_S:
                dev.consistent_s += seconds
            else:
                dev.consistent_s = 0.0
            dev.expected_adc = adc + seconds
        else:  # a host API without ADC stamps: the block ended about a latency ago
            host = now - self.latency_s - seconds
            dev.consistent_s += seconds
        dev.frames += data.shape[0]
        song_time = self.clock.song_time_at(host) - dev.offset_s
        for player, channel in dev.players:
            if channel >= data.shape[1]:
                continue
            samples = np.ascontiguousarray(data[:, channel], dtype=np.float32)
            rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0
            self._levels[player] = 20.0 * np.log10(rms) if rms > 1e-6 else SILENT_DB
            self._pending.append(CaptureBlock(player, song_time, samples))

    def _check_health(self, dev: _Device, now: float) -> None:
        stream = dev.stream
        if dev.finished or (stream is not None and not getattr(stream, "active", True)):
            self._mark_lost(dev, "the device stopped")
        elif dev.last_block_at is None and now - dev.opened_at > FIRST_BLOCK_WITHIN_S:
            self._mark_lost(dev, f"no sound arrived within {FIRST_BLOCK_WITHIN_S:.0f} s")
        elif dev.last_block_at is not None and now - dev.last_block_at > LOST_AFTER_S:
            self._mark_lost(dev, f"no sound for {LOST_AFTER_S:.0f} s")


def _sounddevice_stream(*, device: str | None, channels: int, samplerate: int, latency: float,
                        callback: Callable[..., None], finished_callback: Callable[[], None]) -> Any:
    sd = sounddevice_module()
    dev = resolve(device, "input")
    if dev is None:
        raise AudioUnavailable(f"no input device {device or '(default)'}")
    if channels > dev.max_input_channels:
        raise AudioUnavailable(f"{dev.name} has {dev.max_input_channels} input channel(s), not {channels}")
    # Never open a stereo device as mono: PulseAudio (and some drivers) would mix left and
    # right into it, and a player on the left would hear the player on the right.
    channels = max(channels, min(2, dev.max_input_channels))
    return sd.InputStream(device=dev.index, channels=channels, samplerate=samplerate, dtype="float32",
                          latency=latency, callback=callback, finished_callback=finished_callback)
