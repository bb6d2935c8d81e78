"""Playback and the song clocks, with a fake output stream (no audio device needed)."""

from __future__ import annotations

import time
from types import SimpleNamespace

import numpy as np
import pytest

from alienstage_game.audio.clock import DacClock, DacMark, MonotonicClock, SongClock, StampFilter
from alienstage_game.audio.playback import Playback, open_playback_or_clock

SR = 1000  # a tiny rate keeps the arithmetic readable
BASE = 5000.0  # the fake stream's clock runs this far ahead of time.monotonic()


class FakeOutput:
    """Stands in for sounddevice.OutputStream: the test drives the callback."""

    def __init__(self, *, device, samplerate, channels, latency, callback) -> None:
        self.callback, self.channels, self.latency = callback, channels, latency
        self.device_name = "fake out"
        self.started = self.closed = False

    @property
    def time(self) -> float:
        return time.monotonic() + BASE

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.started = False

    def close(self) -> None:
        self.closed = True

    def pull(self, frames: int, dac_host: float, underflow: bool = False) -> np.ndarray:
        out = np.full((frames, self.channels), 9.0, dtype=np.float32)  # garbage the callback must clear
        info = SimpleNamespace(outputBufferDacTime=dac_host + BASE, currentTime=0.0)
        self.callback(out, frames, info, SimpleNamespace(output_underflow=underflow))
        return out


def _open(track, **kwargs) -> tuple[Playback, FakeOutput]:
    streams: list[FakeOutput] = []

    def factory(**kw):
        streams.append(FakeOutput(**kw))
        return streams[-1]

    playback = Playback.open(track, SR, stream_factory=factory, **kwargs)
    return playback, streams[0]


def test_the_track_follows_a_lead_in_of_silence_in_every_channel() -> None:
    track = np.arange(1, 301, dtype=np.float32) / 1000
    playback, stream = _open(track, lead_in_s=0.1)
    assert stream.started and stream.channels == 2
    first = stream.pull(150, dac_host=100.0)
    assert np.all(first[:100] == 0.0)
    assert np.allclose(first[100:, 0], track[:50]) and np.allclose(first[100:, 1], track[:50])
    rest = stream.pull(300, dac_host=100.15)
    assert np.allclose(rest[:250, 0], track[50:]) and np.all(rest[250:] == 0.0)
    assert playback.finished
    playback.close()
    assert stream.closed


def test_the_clock_reads_the_dac_position_and_pauses_seeks_and_resumes() -> None:
    playback, stream = _open(np.zeros(10_000, np.float32), lead_in_s=0.5)
    clock: SongClock = playback.clock
    assert isinstance(clock, SongClock) and "DAC" in clock.source
    now = time.monotonic()
    for k in range(8):  # buffers of 0.1 s reaching the DAC from now on
        stream.pull(100, dac_host=now + 0.1 * k)
    assert clock.song_time_at(now) == pytest.approx(-0.5, abs=1e-3)
    assert clock.song_time_at(now + 0.55) == pytest.approx(0.05, abs=1e-3)
    assert clock.now() == pytest.approx(-0.5 + (time.monotonic() - now), abs=0.01)

    clock.pause()
    paused = stream.pull(100, dac_host=now + 0.8)
    assert clock.paused and np.all(paused == 0.0)
    assert clock.song_time_at(now + 0.85) == pytest.approx(0.3, abs=1e-3)  # held at the pause
    clock.seek(4.0)
    assert clock.now() == pytest.approx(4.0)
    clock.resume()
    stream.pull(100, dac_host=now + 1.0)
    assert clock.song_time_at(now + 1.05) == pytest.approx(4.05, abs=1e-3)


def test_a_stalled_stream_holds_the_clock_still() -> None:
    playback, stream = _open(np.zeros(10_000, np.float32), lead_in_s=0.0)
    now = time.monotonic()
    stream.pull(100, dac_host=now)
    # Nothing more was written: a second later the song is where the last buffer ended.
    assert playback.clock.song_time_at(now + 1.0) == pytest.approx(0.1, abs=1e-3)


def test_one_bogus_dac_stamp_is_ignored_a_lasting_shift_is_believed() -> None:
    clock = DacClock("test", control=SimpleNamespace(position_s=lambda: 0.0, paused=False))
    for k in range(5):
        clock.mark(DacMark(10.0 + 0.1 * k, 0.1 * k, 1.0, 0.1))
    clock.mark(DacMark(12.0, 0.5, 1.0, 0.1))  # a wild stamp
    assert clock.song_time_at(10.55) == pytest.approx(0.55, abs=1e-3)
    for k in range(6, 12):  # the stream really stalled 0.3 s: every stamp says so
        clock.mark(DacMark(10.3 + 0.1 * k, 0.1 * k, 1.0, 0.1))
    assert clock.song_time_at(10.3 + 1.05) == pytest.approx(1.05, abs=1e-3)


def test_stamp_filter_smooths_jitter() -> None:
    f = StampFilter(tolerance_s=0.003, agree=3)
    assert f.update(1.0, continuous=False) == 1.0
    assert f.update(1.002) == pytest.approx(1.0001)
    assert f.update(5.0) == pytest.approx(1.0001)  # one outlier: not believed
    assert f.update(1.0) == pytest.approx(1.0001, abs=1e-4)


def test_effects_are_mixed_in_and_counted_underflows() -> None:
    playback, stream = _open(np.full(1000, 0.25, np.float32), lead_in_s=0.0)
    playback.play(np.full(30, 0.5, np.float32))
    out = stream.pull(50, dac_host=1.0, underflow=True)
    assert np.allclose(out[:30], 0.75) and np.allclose(out[30:], 0.25)
    assert playback.underflows == 1
    playback.play(np.full(10, 0.5, np.float32))
    playback.clock.pause()
    out = stream.pull(20, dac_host=1.05)  # effects sound while the song is paused
    assert np.allclose(out[:10], 0.5) and np.allclose(out[10:], 0.0)


def test_no_output_device_gives_a_monotonic_clock_that_says_why() -> None:
    def broken(**kw):
        from alienstage_game.audio.devices import AudioUnavailable

        raise AudioUnavailable("no output device 'ghost'")

    playback, clock = open_playback_or_clock(np.zeros(10, np.float32), SR, stream_factory=broken, lead_in_s=0.5)
    assert playback is None and isinstance(clock, MonotonicClock)
    assert "ghost" in clock.reason and "monotonic" in clock.source
    assert -0.5 <= clock.now() < 0.0


def test_monotonic_clock_pauses_seeks_and_resumes() -> None:
    t = [100.0]
    clock = MonotonicClock(start_s=-1.0, now=lambda: t[0])
    t[0] = 101.5
    assert clock.now() == pytest.approx(0.5)
    clock.pause()
    t[0] = 103.0
    assert clock.paused and clock.now() == pytest.approx(0.5)
    clock.seek(10.0)
    clock.resume()
    t[0] = 104.0
    assert clock.now() == pytest.approx(11.0)
    assert clock.song_time_at(101.0) == pytest.approx(0.0)  # the past is remembered


def test_a_song_without_a_readable_backing_track_still_has_a_clock(tmp_path) -> None:
    playback, clock = open_playback_or_clock(None)
    assert playback is None and "no backing track" in clock.reason
    bad = tmp_path / "backing.ogg"
    bad.write_bytes(b"not audio")
    playback, clock = open_playback_or_clock(bad)
    assert playback is None and "backing.ogg" in clock.reason
