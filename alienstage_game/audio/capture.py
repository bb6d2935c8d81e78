"""Capture: the players' microphones, as per-player blocks stamped in song time.

One InputStream per device (two players on the left and right of one stereo dongle
share a stream). The callback only copies the block and the host time it arrived into a
queue; ``blocks()``, called from the game loop, places each block on the host clock by
the running sample count (``stamps.SampleTimeline``: every sample kept, real gaps
counted), splits channels per player and stamps each block: song time of its first
sample = the clock's song time then, minus the device's input offset (calibration +
manual offset). Blocks heard while the song clock stood still (paused, or not started)
are not handed on: nothing sung into a paused song is judged.

No call here waits for a device: streams open, stop and close on helper threads, so a
suspended or vanished mic never freezes the game. A device that stops delivering is
marked lost within ``LOST_AFTER_S``; the song goes on, and the stream is given a moment
to resume, then reopened by name now and then.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from .blocking import close_stream, in_background
from .clock import SongClock
from .devices import AudioUnavailable, PlayerInput, find_device, open_stream
from .stamps import SampleTimeline

log = logging.getLogger(__name__)

SAMPLE_RATE = 48_000
LATENCY_S = 0.02
LOST_AFTER_S = 0.5  # no block for this long (once blocks flowed): the mic is lost
STALE_AFTER_S = 2.0  # a lost stream may resume (a suspended source does); after this it is reopened
FIRST_BLOCK_WITHIN_S = 4.0  # a fresh stream on an idle PulseAudio null sink may take ~2.4 s
REOPEN_EVERY_S = 1.5
WATCH_EVERY_S = 0.4  # how often the sound server is asked whether each mic is still plugged in
SETTLED_AFTER_S = 0.2  # a stream that delivered this much audio is flowing
SILENT_DB = -120.0

StreamFactory = Callable[..., Any]
Spawn = Callable[[Callable[[], None]], None]


@dataclass(frozen=True, slots=True)
class CaptureBlock:
    player: int
    song_time: float  # song seconds of samples[0]
    samples: np.ndarray  # mono float32
    host: float | None = None  # time.monotonic() when samples[0] was heard (a live mic only)


@dataclass(frozen=True)
class MicHealth:
    """What a mic delivered, for the mic setup and the live command's report."""

    lost: str | None  # why it is lost, None while it works
    kept_s: float  # audio handed on while the song ran
    paused_s: float  # audio heard while the song stood still (never judged)
    overflows: int  # callbacks the driver flagged as overflowed
    gaps: int  # times samples never arrived
    gap_s: float
    first_block_s: float | None  # open -> first block


@dataclass
class _Device:
    """One input device and the players singing into it."""

    name: str | None
    players: list[tuple[int, int]]  # (player, channel)
    offset_s: float
    queue: "queue.SimpleQueue[tuple[np.ndarray, float, bool]]" = field(default_factory=queue.SimpleQueue)
    stream: Any = None
    server_id: str | None = None  # the sound server's name of the device the stream is on
    present: bool = True  # the server still has that device (the watcher says)
    generation: int = 0  # bumped by every (re)open: a late open of an old generation is closed
    opening: bool = False
    timeline: SampleTimeline = field(default_factory=lambda: SampleTimeline(SAMPLE_RATE))
    waiting: deque = field(default_factory=deque)  # blocks the timeline has not placed yet
    lost_reason: str | None = None
    opened_at: float = 0.0
    first_block_s: float | None = None
    last_block_at: float | None = None
    lost_at: float | None = None
    finished: bool = False
    next_reopen: float = 0.0
    delivered: int = 0  # samples since this stream opened
    kept: int = 0  # samples handed on (all streams of this device)
    paused: int = 0
    overflows: int = 0
    gaps: int = 0
    gap_s: float = 0.0


def _spawn_thread(work: Callable[[], None]) -> None:
    in_background(work, "opening a microphone")


class Capture:
    """The players' microphones. Use ``Capture.open(inputs, clock)``; ``clock`` may be
    None (or set later as ``capture.clock``): until then nothing heard is handed on."""

    def __init__(self, inputs: list[PlayerInput], clock: SongClock | None, *, sr: int = SAMPLE_RATE,
                 latency_s: float = LATENCY_S, offsets: Mapping[str, float] | float = 0.0,
                 stream_factory: StreamFactory | None = None, now: Callable[[], float] = time.monotonic,
                 spawn: Spawn = _spawn_thread) -> None:
        self.inputs = list(inputs)
        self.clock = clock
        self.sr = int(sr)
        self.latency_s = latency_s
        self._factory = stream_factory or _sounddevice_stream
        self._now = now
        self._spawn = spawn
        self._lock = threading.Lock()
        self._levels = [SILENT_DB] * len(self.inputs)
        self._closed = threading.Event()
        self._watching = False
        self._last_pump: float | None = None
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
    def open(cls, inputs: list[PlayerInput], clock: SongClock | None, **kwargs: Any) -> "Capture":
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

    def health(self, player: int) -> MicHealth:
        dev = self._device_of(player)
        return MicHealth(dev.lost_reason, dev.kept / self.sr, dev.paused / self.sr, dev.overflows,
                         dev.gaps + dev.timeline.gaps, dev.gap_s + dev.timeline.gap_s, dev.first_block_s)

    @property
    def overflows(self) -> int:
        return sum(d.overflows for d in self._devices)

    @property
    def settled(self) -> bool:
        """Every working device delivers: blocks from now on come at the pace of real time."""
        self._pump()
        return all(d.lost_reason is not None or d.delivered >= SETTLED_AFTER_S * self.sr for d in self._devices)

    def wait_settled(self, timeout_s: float = 5.0) -> bool:
        """Wait (up to ``timeout_s``) until ``settled``; the blocks heard meanwhile are
        dropped. Never on the game loop: for calibration and the command line."""
        deadline = time.monotonic() + timeout_s
        while not self.settled and time.monotonic() < deadline:
            time.sleep(0.01)
        self._pending.clear()
        return self.settled

    def close(self) -> None:
        self._closed.set()
        for dev in self._devices:
            self._stop(dev)

    def __enter__(self) -> "Capture":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- opening and closing (never waits) ----------------------------------------------------
    def _device_of(self, player: int) -> _Device:
        return next(d for d in self._devices if any(p == player for p, _ in d.players))

    def _start(self, dev: _Device) -> None:
        channels = max(ch for _, ch in dev.players) + 1
        with self._lock:
            dev.generation += 1
            generation = dev.generation
            dev.opening, dev.finished = True, False
            dev.opened_at, dev.last_block_at, dev.first_block_s, dev.delivered = self._now(), None, None, 0
            if dev.lost_reason is not None:  # a reopen: this stream gets its own grace period
                dev.lost_at, dev.next_reopen = dev.opened_at, dev.opened_at + REOPEN_EVERY_S
            dev.gaps, dev.gap_s = dev.gaps + dev.timeline.gaps, dev.gap_s + dev.timeline.gap_s
            dev.timeline, dev.waiting = SampleTimeline(self.sr), deque()
            dev.queue = q = queue.SimpleQueue()  # a reopened stream starts with an empty queue
        now = self._now

        def callback(indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
            q.put((indata.copy(), now(), bool(getattr(status, "input_overflow", False))))

        def finished() -> None:
            if dev.generation == generation:
                dev.finished = True

        def work() -> None:
            stream, reason = None, None
            try:
                stream = self._factory(device=dev.name, channels=channels, samplerate=self.sr,
                                       latency=self.latency_s, callback=callback, finished_callback=finished)
                stream.start()
            except Exception as exc:  # noqa: BLE001 -- PortAudioError, AudioUnavailable, a driver's OSError
                reason = str(exc) or type(exc).__name__
                if stream is not None:
                    close_stream(stream, f"microphone {dev.name}")
                    stream = None
            with self._lock:
                current = dev.generation == generation
                if current:
                    dev.opening = False
                    dev.stream = stream
                    dev.server_id = getattr(stream, "server_id", None)
                    if dev.server_id is not None:
                        dev.present = True
                        self._watch()
                    if reason is not None:
                        self._mark_lost(dev, reason)
                    else:
                        log.info("capture: %s open (%d channel(s))", dev.name or "default input", channels)
            if stream is not None and not current:  # given up on meanwhile (closed or reopened)
                close_stream(stream, f"microphone {dev.name}")

        self._spawn(work)

    def _stop(self, dev: _Device) -> None:
        with self._lock:
            dev.generation += 1
            dev.opening = False
            stream, dev.stream = dev.stream, None
        if stream is not None:
            close_stream(stream, f"microphone {dev.name or 'default input'}")

    def _watch(self) -> None:
        """Ask the sound server now and then whether each mic is still there. Unplug a
        USB mic and PulseAudio moves its streams to the default source: the player would
        go on singing into someone else's mic. (Called with the lock held.)"""
        if self._watching:
            return
        self._watching = True
        from . import pulse

        def watch() -> None:
            while not self._closed.wait(WATCH_EVERY_S):
                listed = pulse.server_devices(refresh=True)
                if listed is None:
                    continue
                ids = {d.id for d in listed if d.kind == "input"}
                for dev in self._devices:
                    if dev.server_id is not None:
                        dev.present = dev.server_id in ids

        threading.Thread(target=watch, name="audio: watching the microphones", daemon=True).start()

    def _mark_lost(self, dev: _Device, reason: str) -> None:
        if dev.lost_reason is None:
            log.warning("capture: %s lost: %s", dev.name or "default input", reason)
            dev.lost_at = self._now()
        dev.lost_reason = reason
        dev.next_reopen = self._now() + REOPEN_EVERY_S

    # -- the game loop: drain, place, stamp -------------------------------------------------
    def _pump(self) -> None:
        now = self._now()
        # After our own process stood still (a hitch, a debugger) the callbacks' backlog
        # may not be queued yet: that is no reason to call a mic lost.
        stalled = self._last_pump is not None and now - self._last_pump > LOST_AFTER_S / 2
        self._last_pump = now
        for dev in self._devices:
            self._drain(dev, now)
            if stalled and dev.last_block_at is not None:
                dev.last_block_at = max(dev.last_block_at, now - LOST_AFTER_S / 2)
            self._check_health(dev, now)

    def _drain(self, dev: _Device, now: float) -> None:
        while True:
            try:
                data, arrival, overflow = dev.queue.get_nowait()
            except queue.Empty:
                return
            if not dev.present:
                continue  # the server moved this stream to another mic: not this player's voice
            if dev.first_block_s is None:
                dev.first_block_s = arrival - dev.opened_at
            dev.last_block_at = arrival
            dev.overflows += overflow
            dev.delivered += data.shape[0]
            if dev.lost_reason is not None and not dev.opening:
                log.info("capture: %s is back", dev.name or "default input")
                dev.lost_reason = None
            dev.waiting.append(data)
            for placed in dev.timeline.arrive(data.shape[0], arrival):
                self._emit(dev, dev.waiting.popleft(), placed.host)

    def _emit(self, dev: _Device, data: np.ndarray, host: float) -> None:
        frames = data.shape[0]
        seconds = frames / self.sr
        clock = self.clock
        start = clock.song_time_at(host) if clock is not None else None
        if start is None or clock.song_time_at(host + seconds) - start < 0.5 * seconds:  # type: ignore[union-attr]
            dev.paused += frames  # the song stood still (or had not begun): never judged
            self._meter(dev, data)
            return
        dev.kept += frames
        song_time = start - dev.offset_s
        for player, channel in dev.players:
            if channel >= data.shape[1]:
                continue
            samples = np.ascontiguousarray(data[:, channel], dtype=np.float32)
            self._pending.append(CaptureBlock(player, song_time, samples, host))
        self._meter(dev, data)

    def _meter(self, dev: _Device, data: np.ndarray) -> None:
        for player, channel in dev.players:
            if channel < data.shape[1] and data.shape[0]:
                rms = float(np.sqrt(np.mean(np.square(data[:, channel], dtype=np.float64))))
                self._levels[player] = 20.0 * np.log10(rms) if rms > 1e-6 else SILENT_DB

    def _check_health(self, dev: _Device, now: float) -> None:
        if dev.opening:
            return
        stream = dev.stream
        if dev.lost_reason is not None:
            # A suspended source resumes into the same stream; a vanished one never does,
            # and a stream the server moved elsewhere is reopened once the mic is back.
            stale = dev.lost_at is not None and now - dev.lost_at >= STALE_AFTER_S
            moved = dev.server_id is not None and not dev.present
            if moved:
                if stream is not None:
                    self._stop(dev)
            elif (stream is None or dev.finished or stale) and now >= dev.next_reopen:
                self._stop(dev)
                self._start(dev)
            return
        if not dev.present:
            self._mark_lost(dev, "the microphone was unplugged")
            self._stop(dev)
            return
        if stream is None or dev.finished or not getattr(stream, "active", True):
            self._mark_lost(dev, "the device stopped")
        elif dev.last_block_at is None and now - dev.opened_at > FIRST_BLOCK_WITHIN_S:
            self._mark_lost(dev, f"no sound arrived within {FIRST_BLOCK_WITHIN_S:.0f} s")
        elif dev.last_block_at is not None and now - dev.last_block_at > LOST_AFTER_S:
            self._mark_lost(dev, "no sound from the device")


def _sounddevice_stream(*, device: str | None, channels: int, samplerate: int, latency: float,
                        callback: Callable[..., None], finished_callback: Callable[[], None]) -> Any:
    dev = find_device(device, "input")  # AudioUnavailable: not there, or ambiguous
    if channels > dev.max_input_channels:
        raise AudioUnavailable(f"{dev.name} has {dev.max_input_channels} input channel(s), not {channels}")
    # Never open a stereo device as mono: PulseAudio (and some drivers) would mix left and
    # right into it, and a player on the left would hear the player on the right.
    channels = max(channels, min(2, dev.max_input_channels))
    stream = open_stream(dev, "input", channels=channels, samplerate=samplerate, dtype="float32",
                         latency=latency, callback=callback, finished_callback=finished_callback)
    stream.server_id = dev.server_id  # the capture watches that the server keeps this device
    return stream
