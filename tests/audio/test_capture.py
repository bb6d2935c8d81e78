"""Capture with fake input streams: per-player blocks, stamps, offsets, lost mics."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from alienstage_game.audio import capture as capture_mod
from alienstage_game.audio.capture import Capture
from alienstage_game.audio.devices import AudioUnavailable, PlayerInput

SR = 1000
STREAM_AHEAD = 7.0  # the fake streams' clock runs this far ahead of host time


class Host:
    """A controllable host clock (stands in for time.monotonic)."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


class SongFromHost:
    """A clock whose song time 0 is at host time 100."""

    def song_time_at(self, host_time: float) -> float:
        return host_time - 100.0

    def now(self) -> float:  # pragma: no cover - not used by capture
        return 0.0


class FakeInput:
    def __init__(self, host: Host, *, device, channels, samplerate, latency, callback, finished_callback) -> None:
        self.host, self.device, self.channels = host, device, channels
        self.callback, self.finished_callback = callback, finished_callback
        self.active = False
        self.adc = None

    @property
    def time(self) -> float:
        return self.host() + STREAM_AHEAD

    def start(self) -> None:
        self.active = True

    def stop(self) -> None:
        self.active = False

    def close(self) -> None:
        self.active = False

    def push(self, data: np.ndarray, adc_host: float | None = None, overflow: bool = False) -> None:
        """One callback; the ADC stamp follows the samples unless given."""
        if adc_host is not None:
            self.adc = adc_host + STREAM_AHEAD
        elif self.adc is None:
            self.adc = self.host() + STREAM_AHEAD
        info = SimpleNamespace(inputBufferAdcTime=self.adc)
        self.callback(data.astype(np.float32), data.shape[0], info, SimpleNamespace(input_overflow=overflow))
        self.adc += data.shape[0] / SR


class Rig:
    """Capture wired to fake streams; ``fail`` names devices that refuse to open."""

    def __init__(self, inputs, offsets=0.0) -> None:
        self.host = Host()
        self.streams: list[FakeInput] = []
        self.fail: set[str | None] = set()
        self.capture = Capture.open(inputs, SongFromHost(), sr=SR, offsets=offsets,
                                    stream_factory=self.factory, now=self.host)

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
    rig.streams[0].push(_stereo(0.1, -0.2), adc_host=100.5)
    blocks = rig.capture.blocks()
    assert [(b.player, b.song_time) for b in blocks] == [(0, pytest.approx(0.5)), (1, pytest.approx(0.5))]
    assert np.allclose(blocks[0].samples, 0.1) and np.allclose(blocks[1].samples, -0.2)
    assert blocks[0].samples.ndim == 1 and blocks[0].samples.dtype == np.float32
    assert rig.capture.level_db(0) == pytest.approx(-20.0, abs=0.01)
    assert rig.capture.blocks() == []  # drained


def test_two_players_on_two_devices_with_their_own_offsets() -> None:
    rig = Rig([PlayerInput("usb a", 0), PlayerInput("usb b", 0)], offsets={"usb a": 0.05, "usb b": 0.12})
    assert [s.device for s in rig.streams] == ["usb a", "usb b"]
    rig.streams[0].push(_stereo(0.3, 0.0), adc_host=101.0)
    rig.streams[1].push(_stereo(0.4, 0.0), adc_host=101.0)
    times = {b.player: b.song_time for b in rig.capture.blocks()}
    assert times == {0: pytest.approx(0.95), 1: pytest.approx(0.88)}


def test_blocks_are_stamped_by_sample_count_and_one_bogus_stamp_is_ignored() -> None:
    rig = Rig([PlayerInput("mic", 0)])
    s = rig.streams[0]
    for _ in range(3):
        s.push(_stereo(0.1, 0.0), adc_host=None if s.adc else 100.0)
    s.push(_stereo(0.1, 0.0), adc_host=100.5)  # a wild stamp, once
    s.adc = 100.04 + STREAM_AHEAD  # back on track
    s.push(_stereo(0.1, 0.0))
    times = [b.song_time for b in rig.capture.blocks()]
    assert times == pytest.approx([0.0, 0.01, 0.02, 0.03, 0.04])


def test_overflows_are_counted() -> None:
    rig = Rig([PlayerInput("mic", 0)])
    rig.streams[0].push(_stereo(0.1, 0.0), adc_host=100.0, overflow=True)
    rig.streams[0].push(_stereo(0.1, 0.0), overflow=True)
    rig.capture.blocks()
    assert rig.capture.overflows == 2


def test_a_device_that_stops_is_lost_the_other_goes_on_and_it_is_reopened() -> None:
    rig = Rig([PlayerInput("usb a", 0), PlayerInput("usb b", 0)])
    a, b = rig.streams
    a.push(_stereo(0.1, 0.0), adc_host=100.0)
    b.push(_stereo(0.1, 0.0), adc_host=100.0)
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
    assert not rig.capture.lost(0) and not rig.capture.lost(1)
    assert len(rig.streams) == 3 and rig.streams[2].device == "usb a"


def test_a_device_that_goes_quiet_is_lost() -> None:
    rig = Rig([PlayerInput("mic", 0)])
    rig.streams[0].push(_stereo(0.1, 0.0), adc_host=100.0)
    rig.capture.blocks()
    rig.host.t += capture_mod.LOST_AFTER_S + 0.1
    rig.capture.blocks()
    assert rig.capture.lost(0) and "no sound" in rig.capture.status(0)


def test_a_device_that_cannot_open_leaves_its_player_lost_without_raising() -> None:
    host_fail = Rig.__new__(Rig)
    host_fail.host, host_fail.streams, host_fail.fail = Host(), [], {"ghost"}
    capture = Capture.open([PlayerInput("ghost", 0)], SongFromHost(), sr=SR,
                           stream_factory=host_fail.factory, now=host_fail.host)
    assert capture.lost(0) and "ghost" in capture.status(0)
    assert capture.blocks() == []


def test_settled_once_stamps_agree_with_the_sample_count() -> None:
    rig = Rig([PlayerInput("mic", 0)])
    s = rig.streams[0]
    s.push(_stereo(0.1, 0.0, n=100), adc_host=100.0)
    s.push(_stereo(0.1, 0.0, n=100), adc_host=100.3)  # a fresh stream's jump
    assert not rig.capture.settled
    for _ in range(6):
        s.push(_stereo(0.1, 0.0, n=100))
    assert rig.capture.settled
