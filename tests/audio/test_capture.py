"""Capture with fake input streams: every sample kept and placed by the sample count,
per-player blocks, offsets, the song clock's pauses, lost and returning mics."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from alienstage_game.audio import capture as capture_mod
from alienstage_game.audio.capture import Capture
from alienstage_game.audio.clock import MonotonicClock
from alienstage_game.audio.devices import AudioUnavailable, PlayerInput
from alienstage_game.audio.stamps import SampleTimeline

SR = 1000
TRACES = json.loads((Path(__file__).parent / "fixtures" / "pulse_capture_blocks.json").read_text())


class Host:
    """A controllable host clock (stands in for time.monotonic)."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


class SongFromHost:
    """A clock whose song time 0 is at host time 100; it stands still over ``pauses``
    ((from, to) host times), as a song clock remembers its past."""

    def __init__(self) -> None:
        self.pauses: list[tuple[float, float]] = []

    def song_time_at(self, host_time: float) -> float:
        stood = sum(max(0.0, min(host_time, b) - a) for a, b in self.pauses)
        return host_time - 100.0 - stood


class FakeInput:
    def __init__(self, host: Host, *, device, channels, samplerate, latency, callback, finished_callback) -> None:
        self.host, self.device, self.channels = host, device, channels
        self.callback, self.finished_callback = callback, finished_callback
        self.active = False

    def start(self) -> None:
        self.active = True

    def stop(self) -> None:
        self.active = False

    def close(self) -> None:
        self.active = False

    def push(self, data: np.ndarray, overflow: bool = False, advance: bool = True) -> None:
        """One callback, arriving when its last sample was heard (the host clock moves on)."""
        if advance:
            self.host.t += data.shape[0] / SR
        self.callback(data.astype(np.float32), data.shape[0], SimpleNamespace(), SimpleNamespace(input_overflow=overflow))


def _wait(rig, seconds: float, step: float = 0.02) -> None:
    """Time passes for the game loop, which asks the capture every frame."""
    for _ in range(int(round(seconds / step))):
        rig.host.t += step
        rig.capture.blocks()


class Rig:
    """Capture wired to fake streams (opened inline); ``fail`` names devices that refuse."""

    def __init__(self, inputs, offsets=0.0, clock=None) -> None:
        self.host = Host()
        self.streams: list[FakeInput] = []
        self.fail: set[str | None] = set()
        self.clock = clock or SongFromHost()
        self.capture = Capture.open(inputs, self.clock, sr=SR, offsets=offsets, stream_factory=self.factory,
                                    now=self.host, spawn=lambda work: work())

    def factory(self, **kw) -> FakeInput:
        if kw["device"] in self.fail:
            raise AudioUnavailable(f"no input device {kw['device']}")
        self.streams.append(FakeInput(self.host, **kw))
        return self.streams[-1]


def _stereo(left: float, right: float, n: int = 10) -> np.ndarray:
    return np.stack([np.full(n, left), np.full(n, right)], axis=1)


def test_two_players_on_two_channels_of_one_device_get_their_own_channel() -> None:
    rig = Rig([PlayerInput("dongle", 0), PlayerInput("dongle", 1)])
    assert len(rig.streams) == 1 and rig.streams[0].channels == 2
    rig.host.t = 100.49
    rig.streams[0].push(_stereo(0.1, -0.2))
    blocks = rig.capture.blocks()
    assert [(b.player, b.song_time) for b in blocks] == [(0, pytest.approx(0.49)), (1, pytest.approx(0.49))]
    assert np.allclose(blocks[0].samples, 0.1) and np.allclose(blocks[1].samples, -0.2)
    assert blocks[0].samples.ndim == 1 and blocks[0].samples.dtype == np.float32
    assert rig.capture.level_db(0) == pytest.approx(-20.0, abs=0.01)
    assert rig.capture.blocks() == []  # drained


def test_two_players_on_two_devices_with_their_own_offsets() -> None:
    rig = Rig([PlayerInput("usb a", 0), PlayerInput("usb b", 0)], offsets={"usb a": 0.05, "usb b": 0.12})
    assert [s.device for s in rig.streams] == ["usb a", "usb b"]
    rig.host.t = 100.99
    rig.streams[0].push(_stereo(0.3, 0.0), advance=False)
    rig.streams[1].push(_stereo(0.4, 0.0), advance=False)
    times = {b.player: b.song_time for b in rig.capture.blocks()}
    assert times == {0: pytest.approx(0.93), 1: pytest.approx(0.86)}  # heard from 100.98 s on


@pytest.mark.parametrize("trace", ["paplay_feeder", "pacat_feeder", "process_stall"])
def test_every_sample_of_real_pulseaudio_block_patterns_is_kept_end_to_end(trace) -> None:
    """The block sizes and arrival times PortAudio really delivered (1-13 frame blocks
    between full ones; a burst after the process stalled): nothing dropped, each block
    placed right after the one before it."""
    calls = TRACES[trace]
    clock = MonotonicClock(start_s=0.0, now=lambda: 0.0)
    host = Host()
    streams: list = []

    def factory(**kw):
        streams.append(kw)
        return SimpleNamespace(start=lambda: None, stop=lambda: None, close=lambda: None, active=True)

    capture = Capture.open([PlayerInput("mic", 0)], clock, sr=48_000, stream_factory=factory, now=host,
                           spawn=lambda work: work())
    callback = streams[0]["callback"]
    kept, times = 0, []
    for frames, arrival in calls:
        host.t = arrival
        callback(np.full((frames, 2), 0.1, np.float32), frames, None, None)
        for block in capture.blocks():
            kept += block.samples.size
            times.append((block.song_time, block.samples.size))
    delivered = sum(f for f, _ in calls)
    assert kept == delivered
    assert capture.health(0).gaps == 0 and capture.health(0).kept_s == pytest.approx(delivered / 48_000)
    steps = np.array([b[0] - a[0] - a[1] / 48_000 for a, b in zip(times, times[1:])])
    assert np.abs(steps).max() < 0.005  # continuous, up to the anchor settling in its first 0.3 s
    # ...then it only ever slews, a few ms a second at most (0.125 ms over a 25 ms block).
    assert np.abs(steps[len(steps) // 2:]).max() <= 0.005 * 0.025 + 1e-9


def test_full_blocks_after_short_ones_are_all_kept_in_order() -> None:
    """The block pattern that lost 70 % of a real mic: 1200, 6, 1200 frames."""
    tl = SampleTimeline(48_000)
    placed = []
    t = 0.0
    for frames in [1200, 1200, 6, 1200, 1200, 3, 1200] * 20:
        t += frames / 48_000
        placed += tl.arrive(frames, t + 0.03)
    assert sum(p.frames for p in placed) == 20 * (5 * 1200 + 9)
    hosts = [p.host for p in placed]
    assert all(b > a for a, b in zip(hosts, hosts[1:]))


def test_samples_that_never_arrived_are_a_gap_counted_and_skipped() -> None:
    tl = SampleTimeline(1000)
    t = 0.0
    placed = []
    for k in range(100):
        t += 0.01
        if 50 <= k < 70:
            continue  # 200 ms the device never delivered
        placed += tl.arrive(10, t)
    assert tl.gaps == 1 and tl.gap_s == pytest.approx(0.2, abs=0.002)
    after = [p for p in placed if p.host > 0.6]
    assert after[0].host == pytest.approx(0.7, abs=0.002)  # the block after the gap, where it belongs


def test_blocks_heard_while_the_song_stood_still_are_not_handed_on() -> None:
    clock = SongFromHost()
    rig = Rig([PlayerInput("mic", 0)], clock=clock)
    s = rig.streams[0]
    rig.host.t = 100.0
    for _ in range(40):  # 0.4 s singing
        s.push(_stereo(0.1, 0.0))
    clock.pauses.append((rig.host.t, rig.host.t + 0.3))
    for _ in range(50):  # 0.3 s into a paused song, then 0.2 s more of singing
        s.push(_stereo(0.1, 0.0))
    blocks = rig.capture.blocks()
    health = rig.capture.health(0)
    assert len(blocks) == 60 and health.kept_s == pytest.approx(0.6) and health.paused_s == pytest.approx(0.3)
    times = [b.song_time for b in blocks]
    assert times[39:42] == pytest.approx([0.39, 0.40, 0.41])  # the song goes on where it stood


def test_without_a_clock_nothing_is_handed_on_and_the_meters_still_move() -> None:
    rig = Rig([PlayerInput("mic", 0)])
    rig.capture.clock = None
    rig.streams[0].push(_stereo(0.1, 0.0))
    assert rig.capture.blocks() == [] and rig.capture.level_db(0) == pytest.approx(-20.0, abs=0.01)
    rig.capture.clock = SongFromHost()
    rig.streams[0].push(_stereo(0.1, 0.0))
    assert len(rig.capture.blocks()) == 1


def test_overflows_are_counted() -> None:
    rig = Rig([PlayerInput("mic", 0)])
    rig.streams[0].push(_stereo(0.1, 0.0), overflow=True)
    rig.streams[0].push(_stereo(0.1, 0.0), overflow=True)
    rig.capture.blocks()
    assert rig.capture.overflows == 2 and rig.capture.health(0).overflows == 2


def test_a_device_that_stops_is_lost_the_other_goes_on_and_it_is_reopened() -> None:
    rig = Rig([PlayerInput("usb a", 0), PlayerInput("usb b", 0)])
    a, b = rig.streams
    a.push(_stereo(0.1, 0.0), advance=False)
    b.push(_stereo(0.1, 0.0))
    rig.capture.blocks()
    a.finished_callback()  # PortAudio: the device went away
    rig.fail.add("usb a")
    b.push(_stereo(0.1, 0.0))
    blocks = rig.capture.blocks()
    assert rig.capture.lost(0) and not rig.capture.lost(1)
    assert "lost" in rig.capture.status(0) and rig.capture.level_db(0) == capture_mod.SILENT_DB
    assert [blk.player for blk in blocks] == [1]
    rig.host.t += capture_mod.REOPEN_EVERY_S + 0.1
    b.push(_stereo(0.1, 0.0))
    rig.capture.blocks()
    assert rig.capture.lost(0)  # still unplugged: the attempt failed, the song goes on
    rig.fail.clear()
    rig.host.t += capture_mod.REOPEN_EVERY_S + 0.1
    b.push(_stereo(0.1, 0.0))
    rig.capture.blocks()
    assert len(rig.streams) == 3 and rig.streams[2].device == "usb a"
    rig.streams[2].push(_stereo(0.1, 0.0))
    rig.capture.blocks()
    assert not rig.capture.lost(0) and not rig.capture.lost(1)


def test_a_device_that_goes_quiet_is_lost_within_a_second_and_back_when_it_delivers() -> None:
    rig = Rig([PlayerInput("mic", 0)])
    stream = rig.streams[0]
    stream.push(_stereo(0.1, 0.0))
    rig.capture.blocks()
    _wait(rig, capture_mod.LOST_AFTER_S + 0.05)
    assert rig.capture.lost(0) and "no sound" in rig.capture.status(0)
    assert capture_mod.LOST_AFTER_S < 1.0
    stream.push(_stereo(0.1, 0.0))  # a suspended source resumes into the same stream
    rig.capture.blocks()
    assert not rig.capture.lost(0) and len(rig.streams) == 1


def test_a_stream_that_never_resumes_is_reopened() -> None:
    rig = Rig([PlayerInput("mic", 0)])
    rig.streams[0].push(_stereo(0.1, 0.0))
    rig.capture.blocks()
    _wait(rig, capture_mod.LOST_AFTER_S + 0.05)
    _wait(rig, capture_mod.STALE_AFTER_S)
    assert len(rig.streams) == 2 and not rig.streams[0].active


def test_our_own_process_standing_still_is_no_lost_mic() -> None:
    rig = Rig([PlayerInput("mic", 0)])
    rig.streams[0].push(_stereo(0.1, 0.0))
    rig.capture.blocks()
    rig.host.t += 0.8  # the whole game stopped (SIGSTOP, a swap storm): the next pump is late
    rig.capture.blocks()
    assert not rig.capture.lost(0)
    rig.streams[0].push(_stereo(0.1, 0.0))  # ...and the backlog arrives just after
    rig.capture.blocks()
    assert not rig.capture.lost(0)


def test_a_device_that_cannot_open_leaves_its_player_lost_without_raising() -> None:
    host = Host()

    def refuse(**kw):
        raise AudioUnavailable("no microphone called 'ghost'")

    capture = Capture.open([PlayerInput("ghost", 0)], SongFromHost(), sr=SR, stream_factory=refuse, now=host,
                           spawn=lambda work: work())
    assert capture.lost(0) and "ghost" in capture.status(0)
    assert capture.blocks() == []


def test_opening_never_waits_on_the_callers_thread() -> None:
    import threading

    release = threading.Event()

    def slow(**kw):
        release.wait(5)
        raise AudioUnavailable("gone")

    capture = Capture.open([PlayerInput("stuck", 0)], SongFromHost(), sr=SR, stream_factory=slow)
    assert capture.blocks() == [] and not capture.lost(0)  # still opening: not lost yet, not waited for
    release.set()


def test_settled_once_the_device_delivers() -> None:
    rig = Rig([PlayerInput("mic", 0)])
    s = rig.streams[0]
    s.push(_stereo(0.1, 0.0, n=100))
    assert not rig.capture.settled
    s.push(_stereo(0.1, 0.0, n=100))
    assert rig.capture.settled
