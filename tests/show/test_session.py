"""The show session driven by a hand-moved clock: no window, no audio device."""

from __future__ import annotations

import numpy as np
import pytest

from alienstage_game.show import (ArraySource, FramesPerformer, LineRated, ManualClock, MicBack, MicLost,
                                  MonotonicClock, ShowPhase, ShowSession, SongOver, TrackedPerformer,
                                  VoteSwing)
from alienstage_game.show.autoplay import autoplay_frames
from show.short_show import cpu_setup, write_level

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


class VanishingCapture(ArraySource):
    """A microphone that disappears at a song time and comes back later."""

    def __init__(self, samples, sr, gone_at: float, back_at: float) -> None:
        super().__init__(samples, sr, drop_after=None)
        self.gone_at, self.back_at = gone_at, back_at
        self.now = 0.0

    @property
    def lost(self) -> bool:
        return self.gone_at <= self.now < self.back_at

    def read(self, until: float):
        self.now = until
        blocks = super().read(until)
        return [] if self.lost else blocks


def test_a_microphone_lost_mid_song_warns_and_the_song_goes_on(level):
    from alienstage_game.pitch.synthetic import SungNote, sing

    clock = ManualClock()
    setup = cpu_setup(level)
    session_song = setup.load()
    sr = 16000
    # A real sung signal through the real tracker; the device vanishes from 3.0 s to 5.0 s.
    notes = [SungNote(session_song.clock.beat_to_seconds(n.beat), 0.3, 60.0 + n.pitch)
             for n in session_song.voices[0].notes]
    take = sing(notes, sr, seed=3, duration=9.5)
    capture = VanishingCapture(take.signal, sr, gone_at=3.0, back_at=5.0)
    cpu = FramesPerformer(autoplay_frames(session_song, session_song.voices[0], skill_cents=10, seed=1))
    session = ShowSession(setup, clock=clock, song=session_song, performers=(cpu, TrackedPerformer(capture)))
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


def test_the_monotonic_stand_in_pauses_seeks_and_runs_faster():
    now = [100.0]
    clock = MonotonicClock(speed=2.0, now=lambda: now[0])
    assert clock.time() == 0.0 and clock.paused
    clock.start()
    now[0] += 1.0
    assert clock.time() == pytest.approx(2.0)
    clock.pause()
    now[0] += 5.0
    assert clock.time() == pytest.approx(2.0)
    clock.resume()
    now[0] += 0.5
    assert clock.time() == pytest.approx(3.0)
    clock.seek(10.0)
    now[0] += 1.0
    assert clock.time() == pytest.approx(12.0)


def test_a_duet_gives_each_seat_its_own_voice(tmp_path):
    folder = write_level(tmp_path, duet=True)
    clock = ManualClock()
    session = ShowSession(cpu_setup(folder), clock=clock)
    assert not session.shared_lane
    assert [s.voice.id for s in session.seats] == ["P1", "P2"]
    session.start()
    run_to_end(session, clock)
    assert session.outcome.winner == 0 and all(len(s.line_ratings) == 2 for s in session.outcome.seats)


def test_the_stand_in_duel_scores_silence_zero_and_a_perfect_singer_near_full(level):
    from alienstage_game.pitch.frame import PitchFrame
    from alienstage_game.scoring import Difficulty
    from alienstage_game.show.scoring_seam import StandInDuel

    setup = cpu_setup(level)
    song = setup.load()
    voice = song.voices[0]
    duel = StandInDuel(song, (voice, voice), Difficulty.MEDIUM)
    perfect = autoplay_frames(song, voice, skill_cents=0.0, seed=0, dropout=0.0)
    silence = [PitchFrame.unvoiced(f.time, 0.1, -70.0) for f in perfect]
    duel.feed(0, perfect)
    duel.feed(1, silence)
    winner, loser, reason, verdict = duel.finish(("Ada", "Bex"))
    assert (winner, loser) == (0, 1) and "Bex" in reason and verdict is None
    assert duel.score(1) == 0.0
    assert duel.score(0) > 8500  # late onsets and note tails cost a little
    assert duel.line_ratings(0)[0] in ("great", "perfect")


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


def test_a_backing_track_that_cannot_play_falls_back_to_the_stand_in(tmp_path, monkeypatch):
    from alienstage_game.audio import playback
    from alienstage_game.show.audio_seam import BackingClock

    def broken(*args, **kwargs):
        raise RuntimeError("device vanished while opening")

    monkeypatch.setattr(playback, "open_playback_or_clock", broken)
    clock = BackingClock(tmp_path / "backing.ogg")
    clock.start()
    assert clock.stand_in and "device vanished" in clock.reason
    assert clock.time() >= 0.0 and not clock.paused
    clock.pause()
    assert clock.paused
    clock.close()
