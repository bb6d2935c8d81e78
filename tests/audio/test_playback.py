"""Playback and the song clocks, with a fake output stream (no audio device needed)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from alienstage_game.audio.clock import DacClock, DacMark, LateClock, MonotonicClock, SongClock
from alienstage_game.audio.playback import FLOW_BUFFERS, Playback, open_playback_or_clock
from alienstage_game.audio.stamps import SLEW, PlayTimeline

SR = 1000  # a tiny rate keeps the arithmetic readable
BASE = 5000.0  # the fake stream's own clock runs this far ahead of the host clock
TRACE = json.loads((Path(__file__).parent / "fixtures" / "pulse_playback_callbacks.json").read_text())


class Host:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


class FakeOutput:
    """Stands in for sounddevice.OutputStream: the test drives the callback."""

    def __init__(self, host: Host, *, device, samplerate, channels, latency, callback) -> None:
        self.host, self.callback, self.channels, self.latency = host, callback, channels, latency
        self.device_name = "fake out"
        self.started = self.closed = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.started = False

    def close(self) -> None:
        self.closed = True

    def pull(self, frames: int, at: float, ahead: float | None = 0.1, underflow: bool = False) -> np.ndarray:
        """The device asks for ``frames`` at host time ``at``; they will play ``ahead`` later."""
        self.host.t = at
        out = np.full((frames, self.channels), 9.0, dtype=np.float32)  # garbage the callback must clear
        info = SimpleNamespace(currentTime=at + BASE, outputBufferDacTime=0.0 if ahead is None else at + ahead + BASE)
        self.callback(out, frames, info, SimpleNamespace(output_underflow=underflow))
        return out


def _open(track, wait_for_flow: bool = False, **kwargs) -> tuple[Playback, FakeOutput]:
    host = Host()
    streams: list[FakeOutput] = []

    def factory(**kw):
        streams.append(FakeOutput(host, **kw))
        return streams[-1]

    playback = Playback.open(track, SR, stream_factory=factory, now=host, wait_for_flow=wait_for_flow, **kwargs)
    return playback, streams[0]


def test_the_track_follows_a_lead_in_of_silence_in_every_channel() -> None:
    track = np.arange(1, 301, dtype=np.float32) / 1000
    playback, stream = _open(track, lead_in_s=0.1)
    assert stream.started and stream.channels == 2
    first = stream.pull(150, at=100.0)
    assert np.all(first[:100] == 0.0)
    assert np.allclose(first[100:, 0], track[:50]) and np.allclose(first[100:, 1], track[:50])
    rest = stream.pull(300, at=100.15)
    assert np.allclose(rest[:250, 0], track[50:]) and np.all(rest[250:] == 0.0)
    assert playback.finished
    playback.close()
    assert stream.closed


def test_the_track_waits_until_the_output_really_plays() -> None:
    """A fresh PulseAudio stream fills its queue at once, stalls, then flows."""
    playback, stream = _open(np.ones(5000, np.float32), wait_for_flow=True, lead_in_s=0.0)
    for _ in range(5):  # the opening burst: five buffers asked for at the same instant
        assert np.all(stream.pull(25, at=100.0, ahead=0.0) == 0.0)
    assert not playback.flowing and playback.clock.now() == pytest.approx(0.0)
    t = 100.9  # ...then nothing for 0.9 s, then a buffer every 25 ms
    heard = []
    for k in range(FLOW_BUFFERS + 4):
        heard.append(stream.pull(25, at=t + 0.025 * k).max())
    assert playback.flowing and playback.flowed_after_s == pytest.approx(0.9 + 0.025 * (FLOW_BUFFERS - 1))
    assert heard[: FLOW_BUFFERS - 1] == [0.0] * (FLOW_BUFFERS - 1) and heard[FLOW_BUFFERS - 1] == 1.0
    assert playback.timeline.underruns == 0  # the song had not started: no underrun to count


def test_the_clock_reads_the_play_position_and_pauses_seeks_and_resumes() -> None:
    playback, stream = _open(np.zeros(10_000, np.float32), lead_in_s=0.5)
    clock: SongClock = playback.clock
    assert isinstance(clock, SongClock) and "DAC" in clock.source
    for k in range(8):  # buffers of 0.1 s, asked for 0.1 s before they play
        stream.pull(100, at=100.0 + 0.1 * k)
    assert clock.song_time_at(100.1) == pytest.approx(-0.5, abs=1e-3)
    assert clock.song_time_at(100.65) == pytest.approx(0.05, abs=1e-3)
    clock.pause()
    paused = stream.pull(100, at=100.8)
    assert clock.paused and np.all(paused == 0.0)
    assert clock.song_time_at(100.95) == pytest.approx(0.3, abs=1e-3)  # held at the pause
    clock.seek(4.0)
    assert clock.now() == pytest.approx(4.0)
    clock.resume()
    stream.pull(100, at=101.0)
    assert clock.song_time_at(101.15) == pytest.approx(4.05, abs=1e-3)


def test_a_stalled_stream_holds_the_clock_still() -> None:
    playback, stream = _open(np.zeros(10_000, np.float32), lead_in_s=0.0)
    stream.pull(100, at=100.0)
    # Nothing more was written: a second later the song is where the last buffer ended.
    assert playback.clock.song_time_at(101.0) == pytest.approx(0.1, abs=1e-3)


def test_bogus_dac_stamps_are_steered_toward_slowly_never_jumped_to() -> None:
    playback, stream = _open(np.zeros(100_000, np.float32), lead_in_s=0.0)
    t = 100.0
    for k in range(40):  # 1 s of good stamps
        stream.pull(25, at=t + 0.025 * k)
    before = playback.timeline.anchor  # where song time 0 plays
    for k in range(40, 80):  # a second of stamps 200 ms off
        stream.pull(25, at=t + 0.025 * k, ahead=0.3)
    moved = playback.timeline.anchor - before
    assert 0.0 < moved <= SLEW * 1.0 + 1e-6  # believed at 5 ms a second, not at once


def test_an_underrun_holds_the_song_it_never_leaps_ahead() -> None:
    """A real stream through PulseAudio (the fixture): the process stopped for 0.5 s,
    the device ran dry, the refilled buffers said "now" and the server stalled again."""
    timeline = PlayTimeline(0.1)
    marks, pos = [], 0
    for k, (frames, dac, called, _underflow) in enumerate(TRACE["process_stall"]):
        host = timeline.place(pos / 48_000, frames / 48_000, called, dac, k > 0)
        marks.append((host, pos / 48_000, dac))
        pos += frames
    clock = DacClock("trace", control=SimpleNamespace(position_s=lambda: 0.0, paused=False))
    for host, song, _ in marks:
        clock.mark(DacMark(host, song, 1.0, 1200 / 48_000))
    hosts = np.arange(marks[10][0], marks[-1][0], 0.001)
    songs = np.array([clock.song_time_at(h) for h in hosts])
    steps = np.diff(songs)
    assert steps.min() >= -1e-9  # never backwards
    # Never faster than the wall, but for one slew step (0.125 ms) at a buffer's edge: no leap.
    assert steps.max() <= 0.001 + SLEW * 0.025 + 1e-6
    assert timeline.underruns >= 1 and timeline.held_s > 1.5
    # Once the device plays again the song is where the DAC says, within a millisecond.
    late = [abs(h - d) for h, _, d in marks[-20:]]
    assert max(late) < 0.002


def test_effects_are_mixed_in_and_counted_underflows() -> None:
    playback, stream = _open(np.full(1000, 0.25, np.float32), lead_in_s=0.0)
    playback.play(np.full(30, 0.5, np.float32))
    out = stream.pull(50, at=1.0, underflow=True)
    assert np.allclose(out[:30], 0.75) and np.allclose(out[30:], 0.25)
    assert playback.underflows == 1
    playback.play(np.full(10, 0.5, np.float32))
    playback.clock.pause()
    out = stream.pull(20, at=1.05)  # effects sound while the song is paused
    assert np.allclose(out[:10], 0.5) and np.allclose(out[10:], 0.0)


def test_no_output_device_gives_a_monotonic_clock_that_says_why() -> None:
    def broken(**kw):
        from alienstage_game.audio.devices import AudioUnavailable

        raise AudioUnavailable("no output called 'ghost'")

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


def test_a_late_clock_stands_still_then_hands_over_what_was_asked() -> None:
    late = LateClock(-0.5)
    assert late.now() == -0.5 and late.paused and late.song_time_at(123.0) == -0.5
    late.resume()
    t = [10.0]
    target = MonotonicClock(start_s=-0.5, now=lambda: t[0])
    target.pause()
    late.attach(target)
    t[0] = 11.0
    assert not late.paused and late.now() == pytest.approx(0.5)
    late.pause()
    assert target.paused


def test_a_song_without_a_readable_backing_track_still_has_a_clock(tmp_path) -> None:
    playback, clock = open_playback_or_clock(None)
    assert playback is None and "no backing track" in clock.reason
    bad = tmp_path / "backing.ogg"
    bad.write_bytes(b"not audio")
    playback, clock = open_playback_or_clock(bad)
    assert playback is None and "backing.ogg" in clock.reason


def test_effects_of_different_lengths_end_one_after_the_other() -> None:
    playback, stream = _open(np.zeros(1000, np.float32), lead_in_s=0.0)
    playback.play(np.full(10, 0.5, np.float32))
    playback.play(np.full(30, 0.25, np.float32))
    out = stream.pull(20, at=1.0)  # the short one ends inside this buffer, the long one goes on
    assert np.allclose(out[:10], 0.75) and np.allclose(out[10:], 0.25)
    out = stream.pull(20, at=1.02)
    assert np.allclose(out[:10], 0.25) and np.allclose(out[10:], 0.0)


def test_a_fade_out_ramps_the_track_to_silence_and_leaves_effects_playing() -> None:
    playback, stream = _open(np.ones(10_000, np.float32), lead_in_s=0.0)
    assert np.allclose(stream.pull(100, at=100.0), 1.0)
    playback.fade_out(0.2)  # 200 frames at the test's rate
    playback.play(np.full(600, 0.25, np.float32))
    out = stream.pull(400, at=100.1)[:, 0]
    ramp = out[:200] - 0.25
    assert ramp[0] == pytest.approx(1.0) and np.all(np.diff(ramp) < 0) and ramp[-1] < 0.01
    assert np.allclose(out[200:], 0.25)  # the track is silent, the effect goes on
    assert np.allclose(stream.pull(200, at=100.5)[:, 0], [0.25] * 200)
    playback.fade_out(5.0)  # asking again changes nothing
    assert np.all(stream.pull(100, at=100.7) == 0.0)
