"""The show session driven by a hand-moved clock: no window, no audio device."""

from __future__ import annotations

import pytest

from alienstage_game.scoring.autoplay import silent_frames, sung_frames
from alienstage_game.show import (FramesPerformer, LineRated, ManualClock, MicBack, MicLost, ShowPhase,
                                  ShowSession, SongOver, TrackedPerformer, VoteSwing)
from show.short_show import cpu_setup, sung_take, vanishing_mic, write_level

STEP = 1 / 30


def run_to_end(session: ShowSession, clock: ManualClock, limit_s: float = 60.0) -> list:
    events = []
    while session.phase is not ShowPhase.OVER and clock.time() < limit_s:
        clock.advance(STEP)
        events += session.tick()
    return events


@pytest.fixture
def level(tmp_path):
    return write_level(tmp_path)


def test_a_whole_duel_rates_every_line_and_the_better_singer_wins(level):
    clock = ManualClock()
    session = ShowSession(cpu_setup(level), clock=clock)
    assert session.shared_lane and session.phase is ShowPhase.READY
    session.start()
    events = run_to_end(session, clock)
    rated = [e for e in events if isinstance(e, LineRated)]
    assert sorted((e.seat, e.line_index) for e in rated) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
    over = [e for e in events if isinstance(e, SongOver)]
    assert len(over) == 1 and events[-1] is over[0]
    outcome = over[0].outcome
    assert session.phase is ShowPhase.OVER and session.outcome is outcome
    assert (outcome.winner, outcome.loser) == (0, 1)
    assert outcome.seats[0].score > outcome.seats[1].score > 0
    assert outcome.seats[0].name in outcome.reason or outcome.seats[1].name in outcome.reason
    assert len(outcome.seats[0].line_ratings) == 3
    assert outcome.seats[0].trail and not outcome.aborted
    # The song ended on the song clock: 2 s after the last note (7.0 s).
    assert clock.time() == pytest.approx(9.0, abs=STEP * 1.5)
    # The vote followed the better singer.
    assert session.vote > 0 and session.leader == 0
    assert any(isinstance(e, VoteSwing) and e.leader == 0 for e in events)


def test_count_in_counts_down_the_last_beats_before_the_first_note(level):
    clock = ManualClock()
    session = ShowSession(cpu_setup(level), clock=clock)
    session.start()
    seen = []
    while clock.time() < 2.2:
        clock.advance(0.05)
        session.tick()
        if session.count_in() is not None and (not seen or seen[-1] != session.count_in()):
            seen.append(session.count_in())
    assert seen == [3, 2, 1, 0]  # one musical beat = 0.4 s at 150 BPM; the first note is at 2.0 s
    assert session.phase is ShowPhase.SINGING


def test_pause_freezes_the_song_and_resume_goes_on(level):
    clock = ManualClock()
    session = ShowSession(cpu_setup(level), clock=clock)
    session.start()
    while clock.time() < 4.0:
        clock.advance(STEP)
        session.tick()
    score = session.seats[0].score
    session.pause()
    assert session.phase is ShowPhase.PAUSED and clock.paused
    for _ in range(100):
        clock.advance(STEP)
        assert session.tick() == []
    assert clock.time() == pytest.approx(4.0, abs=STEP) and session.seats[0].score == score
    session.resume()
    assert session.phase is ShowPhase.SINGING
    run_to_end(session, clock)
    assert session.outcome is not None and session.outcome.winner == 0


def test_restart_rewinds_the_clock_the_scores_and_the_singers(level):
    clock = ManualClock()
    session = ShowSession(cpu_setup(level), clock=clock)
    session.start()
    first = run_to_end(session, clock)
    scores = [s.score for s in session.outcome.seats]
    session.restart()
    assert clock.time() == 0.0 and session.phase is ShowPhase.COUNT_IN
    assert [s.score for s in session.seats] == [0, 0] and session.outcome is None and session.vote == 0.0
    again = run_to_end(session, clock)
    assert [s.score for s in session.outcome.seats] == scores  # the same performance, the same verdict
    assert len([e for e in again if isinstance(e, LineRated)]) == len([e for e in first if isinstance(e, LineRated)])


def test_abort_ends_without_a_verdict(level):
    clock = ManualClock()
    session = ShowSession(cpu_setup(level), clock=clock)
    session.start()
    clock.advance(3.0)
    session.tick()
    outcome = session.abort()
    assert outcome.aborted and outcome.winner == -1 and session.phase is ShowPhase.OVER
    assert session.tick() == []


def test_a_microphone_lost_mid_song_warns_and_the_song_goes_on(level):
    clock = ManualClock()
    setup = cpu_setup(level)
    session_song = setup.load()
    # A real sung signal through the real tracker; the device vanishes from 3.0 s to 5.0 s.
    mic = vanishing_mic(sung_take(session_song), 16000, clock, gone_at=3.0, back_at=5.0)
    cpu = FramesPerformer(sung_frames(session_song, "P1", cents=10))
    session = ShowSession(setup, clock=clock, song=session_song, performers=(cpu, mic))
    session.start()
    events = run_to_end(session, clock)
    lost = [(i, e) for i, e in enumerate(events) if isinstance(e, MicLost)]
    back = [(i, e) for i, e in enumerate(events) if isinstance(e, MicBack)]
    assert [e.seat for _, e in lost] == [1] and [e.seat for _, e in back] == [1] and lost[0][0] < back[0][0]
    assert session.outcome is not None and not session.outcome.aborted
    assert session.outcome.seats[1].mic_lost_s == pytest.approx(2.0, abs=0.1)
    voiced = [f.time for f in session.outcome.seats[1].trail if f.voiced]
    assert voiced and not any(3.05 < t < 4.95 for t in voiced)  # nothing heard while it was gone
    assert any(t > 5.0 for t in voiced)  # heard again once it came back


def test_the_hand_moved_clock_stands_still_until_the_show_starts_and_while_paused(level):
    clock = ManualClock()
    session = ShowSession(cpu_setup(level), clock=clock)
    clock.advance(1.0)
    assert session.time == 0.0 and session.clock is clock
    session.start()
    clock.advance(1.5)
    assert session.time == pytest.approx(1.5)
    session.pause()
    clock.advance(5.0)
    assert session.time == pytest.approx(1.5)
    session.resume()
    clock.advance(0.5)
    assert session.time == pytest.approx(2.0)


def test_without_sound_the_song_keeps_time_on_a_monotonic_clock_that_says_why(level):
    from alienstage_game.audio.clock import MonotonicClock

    session = ShowSession(cpu_setup(level), play_audio=False)
    assert isinstance(session.clock, MonotonicClock) and session.clock.paused  # ready, standing still
    session.start()
    assert not session.clock.paused and "sound off" in session.clock.source
    assert not session.backing.played
    session.close()
    assert session.clock.paused


def test_a_duet_gives_each_seat_its_own_voice(tmp_path):
    folder = write_level(tmp_path, duet=True)
    clock = ManualClock()
    session = ShowSession(cpu_setup(folder), clock=clock)
    assert not session.shared_lane
    assert [s.voice.id for s in session.seats] == ["P1", "P2"]
    session.start()
    run_to_end(session, clock)
    assert session.outcome.winner == 0 and all(len(s.line_ratings) == 2 for s in session.outcome.seats)


def test_a_perfect_singer_scores_near_full_and_a_silent_seat_forfeits(level):
    setup = cpu_setup(level)
    song = setup.load()
    clock = ManualClock()
    perfect = FramesPerformer(sung_frames(song, "P1"))
    silence = FramesPerformer(silent_frames(9.5))
    session = ShowSession(setup, clock=clock, song=song, performers=(perfect, silence))
    session.start()
    run_to_end(session, clock)
    outcome = session.outcome
    assert (outcome.winner, outcome.loser) == (0, 1)
    assert outcome.verdict.reason.value == "forfeit" and "Bex" in outcome.reason
    assert outcome.seats[1].score == 0 and outcome.seats[0].score > 9500
    assert outcome.seats[0].line_ratings == ("perfect",) * 3


def test_a_dead_level_duel_has_no_winner(level):
    setup = cpu_setup(level)
    song = setup.load()
    clock = ManualClock()
    same = sung_frames(song, "P1", cents=20)
    session = ShowSession(setup, clock=clock, song=song, performers=(FramesPerformer(same), FramesPerformer(same)))
    session.start()
    run_to_end(session, clock)
    outcome = session.outcome
    assert (outcome.winner, outcome.loser) == (-1, -1) and not outcome.aborted
    assert outcome.verdict.reason.value == "sudden_death" and outcome.verdict.sudden_death_line == 2
    assert "no winner" in outcome.summary()


def test_the_guide_voice_sings_through_the_tracker_and_scores(level):
    from alienstage_game.show import DuelSetup, SeatSource, SeatSpec

    setup = DuelSetup(seats=(SeatSpec("Guide", (200, 200, 255), SeatSource.guide(seed=2, skill_cents=5.0)),
                             SeatSpec("Bex", (235, 70, 140), SeatSource.cpu(None, seed=2, skill_cents=90.0))),
                      level_dir=level)
    clock = ManualClock()
    session = ShowSession(setup, clock=clock)
    assert isinstance(session.seats[0].performer, TrackedPerformer)
    session.start()
    run_to_end(session, clock)
    guide = session.outcome.seats[0]
    assert any(f.voiced for f in guide.trail) and guide.score > session.outcome.seats[1].score
    assert session.outcome.winner == 0


class FlakyStream:
    """An output stream that refuses to start the first ``fail_times`` times (a device
    that is busy for a moment)."""

    failures_left = 0

    def __init__(self, **kwargs) -> None:
        self.started = self.closed = False
        self.latency = 0.1
        self.device_name = "flaky"

    def start(self) -> None:
        if FlakyStream.failures_left > 0:
            FlakyStream.failures_left -= 1
            raise RuntimeError("Device unavailable")  # PortAudioError is not an OSError
        self.started = True

    def stop(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize("failures, plays", [(0, True), (1, True), (50, False)])
def test_an_output_that_fails_at_start_is_retried_then_the_song_goes_on_without_sound(failures, plays):
    import numpy as np

    from alienstage_game.audio.clock import MonotonicClock
    from alienstage_game.audio.playback import open_playback_or_clock

    streams = []
    FlakyStream.failures_left = failures

    def factory(**kwargs):
        streams.append(FlakyStream(**kwargs))
        return streams[-1]

    playback, clock = open_playback_or_clock(np.zeros(4410, np.float32), 44100, stream_factory=factory)
    if plays:
        assert playback is not None and clock is playback.clock
        playback.close()
    else:
        assert playback is None and isinstance(clock, MonotonicClock)
        assert "Device unavailable" in clock.reason and len(streams) == 2  # one retry, then the silent clock
        assert all(s.closed for s in streams)


class SlowMic(FramesPerformer):
    """A mic whose stream has not begun to deliver yet (a fresh PulseAudio stream takes a
    second or two on an idle device)."""

    def __init__(self) -> None:
        super().__init__([])
        self.ready = False


def test_the_song_waits_for_the_mics_to_flow_then_starts_from_its_top(level):
    clock = ManualClock()
    mic = SlowMic()
    session = ShowSession(cpu_setup(level), clock=clock, performers=(mic, FramesPerformer([])))
    session.start()
    assert session.waiting and session.phase is ShowPhase.COUNT_IN
    clock.advance(1.0)
    session.tick()
    assert clock.paused and session.time == pytest.approx(0.0)  # nothing sung into a song that has not begun
    mic.ready = True
    session.tick()
    assert not session.waiting
    clock.advance(0.5)
    assert session.time == pytest.approx(0.5)


def test_a_mic_that_never_flows_holds_the_song_only_a_few_seconds(level, monkeypatch):
    from alienstage_game.show import session as session_mod

    clock = ManualClock()
    session = ShowSession(cpu_setup(level), clock=clock, performers=(SlowMic(), FramesPerformer([])))
    session.start()
    monkeypatch.setattr(session_mod.time, "monotonic", lambda: session._asked_at + session_mod.MICS_WAIT_S + 0.1)
    session.tick()
    assert not clock.paused  # the song goes on; the seat shows its mic's trouble


def test_an_output_that_never_begins_to_play_gives_way_to_a_stand_in_clock(tmp_path, monkeypatch):
    """A hung sound server takes the stream and never asks for a buffer: the song must
    not wait at its lead-in for ever."""
    import time as time_mod

    import numpy as np
    import soundfile

    from alienstage_game.audio import playback as playback_mod
    from alienstage_game.show import backing as backing_mod

    class DeadOutput:
        latency = 0.1

        def __init__(self, **kwargs) -> None:
            self.closed = False

        def start(self) -> None:
            pass

        def stop(self) -> None:
            pass

        def close(self) -> None:
            self.closed = True

    opened = []

    def dead_playback(track, sr=None, *, device=None, paused=False, **kw):
        data, rate = playback_mod.read_audio(track)
        opened.append(playback_mod.Playback.open(data, rate, stream_factory=DeadOutput, paused=paused))
        return opened[-1], opened[-1].clock

    monkeypatch.setattr(playback_mod, "open_playback_or_clock", dead_playback)
    song = tmp_path / "backing.wav"
    soundfile.write(song, np.zeros(44100, np.float32), 44100)
    backing = backing_mod.Backing(song)
    backing.prepare()
    deadline = time_mod.monotonic() + 5
    while not backing.opened and time_mod.monotonic() < deadline:
        time_mod.sleep(0.01)
    backing.start()
    assert not backing.flowing and backing.time() == pytest.approx(-0.5)  # the lead-in stands
    backing.check()
    assert backing.playback is opened[0]  # not yet: a fresh output may take a second or two
    later = time_mod.monotonic() + backing_mod.OUTPUT_WAIT_S + 0.1
    monkeypatch.setattr(backing_mod.time, "monotonic", lambda: later)
    backing.check()
    assert backing.playback is None and not backing.played
    assert "did not begin to play" in backing.clock.source and not backing.clock.paused
    assert backing.time() == pytest.approx(-0.5, abs=0.05)  # on from where it stood, no jump
    backing.close()


def test_the_song_fades_under_the_verdict_and_stops_when_the_show_closes(level, monkeypatch):
    from alienstage_game.show import backing as backing_module
    from alienstage_game.show.session import SONG_FADE_S

    calls: list[str] = []
    monkeypatch.setattr(backing_module.Backing, "fade_out", lambda self, s: calls.append(f"fade {s}"))
    real_close = backing_module.Backing.close
    monkeypatch.setattr(backing_module.Backing, "close", lambda self: (calls.append("close"), real_close(self)))
    clock = ManualClock()
    session = ShowSession(cpu_setup(level), clock=clock)
    session.start()
    run_to_end(session, clock)
    assert calls == [f"fade {SONG_FADE_S}"]  # not cut: the song fades while the hall votes
    session.close()
    assert calls[-1] == "close"
