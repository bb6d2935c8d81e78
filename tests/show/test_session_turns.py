"""Pass the mic in the show session: one shared microphone (a recording or the guide voice
standing in for it, through the real tracker), turns from the match package's schedule,
each seat judged on its own lines only."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from alienstage_game.audio.synth.voice import render_voice
from alienstage_game.match.passmic import TurnUnit, schedule_turns
from alienstage_game.show import DuelSetup, ManualClock, MicPassed, SeatSource, SeatSpec, ShowPhase, ShowSession
from show.short_show import write_level

STEP = 1 / 30


def run(session: ShowSession, clock: ManualClock, limit_s: float = 30.0) -> list:
    events = []
    session.start()
    while session.phase is not ShowPhase.OVER and clock.time() < limit_s:
        clock.advance(STEP)
        events += session.tick()
    return events


def pass_setup(folder, mic: SeatSource, seat0: SeatSource | None = None) -> DuelSetup:
    return DuelSetup(seats=(SeatSpec("Ada", (90, 170, 255), seat0 or SeatSource.shared_mic()),
                            SeatSpec("Bex", (235, 70, 140), SeatSource.shared_mic())),
                     level_dir=folder, turns=TurnUnit.LINE, shared_mic=mic)


@pytest.fixture
def level(tmp_path):
    return write_level(tmp_path)


def test_the_turns_of_a_short_battle_go_line_by_line(level):
    setup = pass_setup(level, SeatSource.guide(seed=1, skill_cents=0.0))
    session = ShowSession(setup, clock=ManualClock())
    assert session.schedule.lines_of(0) == [("P1", 0), ("P1", 2)] and session.schedule.lines_of(1) == [("P1", 1)]


def test_the_guide_passing_the_mic_perfectly_scores_each_seat_on_its_own_lines(level):
    clock = ManualClock()
    session = ShowSession(pass_setup(level, SeatSource.guide(seed=1, skill_cents=0.0)), clock=clock)
    events = run(session, clock)
    outcome = session.outcome
    # Ada sang lines 1 and 3, Bex line 2: one rating per own line, each out of 10,000.
    assert len(outcome.seats[0].line_ratings) == 2 and len(outcome.seats[1].line_ratings) == 1
    assert all(r in ("great", "perfect") for s in outcome.seats for r in s.line_ratings)
    assert outcome.seats[0].score > 8500 and outcome.seats[1].score > 8500
    rated = sorted((e.seat, e.line_index) for e in events if type(e).__name__ == "LineRated")
    assert rated == [(0, 0), (0, 2), (1, 1)]  # the chart's line numbers
    # The mic changed hands twice: a warning before each hand-over.
    assert [e.seats for e in events if isinstance(e, MicPassed)] == [(1,), (0,)]


def test_singing_only_in_one_seats_turns_scores_nothing_for_the_other(level, tmp_path):
    song = DuelSetup(seats=pass_setup(level, SeatSource.mic(0)).seats, level_dir=level,
                     turns=TurnUnit.LINE).load()
    schedule = schedule_turns(song, 2, TurnUnit.LINE)
    # The one mic hears someone sing Ada's lines only (1 and 3) -- and silence in Bex's turn.
    take = render_voice(schedule.player_song(song, 0), "P1", sr=22050, end_s=9.5)
    path = tmp_path / "only-ada.wav"
    soundfile.write(str(path), take.signal.astype(np.float32), 22050)
    clock = ManualClock()
    session = ShowSession(pass_setup(level, SeatSource.file(path)), clock=clock)
    run(session, clock)
    outcome = session.outcome
    assert outcome.seats[0].score > 8500 and all(r in ("great", "perfect") for r in outcome.seats[0].line_ratings)
    assert outcome.seats[1].score == 0 and outcome.seats[1].line_ratings == ("awful",)
    assert (outcome.winner, outcome.loser) == (0, 1) and outcome.verdict.reason.value == "forfeit"
    # Bex's judge heard nothing voiced: outside her turn the mic's frames were silence to her.
    assert not any(f.voiced for f in outcome.seats[1].trail)
    assert any(f.voiced for f in outcome.seats[0].trail)


def test_a_cpu_seat_sings_only_its_own_turns(level):
    clock = ManualClock()
    setup = pass_setup(level, SeatSource.guide(seed=1, skill_cents=0.0),
                       seat0=SeatSource.cpu("vela-nox", seed=3))
    session = ShowSession(setup, clock=clock)
    run(session, clock)
    song = session.song
    line = song.voices[0].lines[1]  # Bex's line: the CPU stays quiet through it
    start, end = (song.clock.beat_to_seconds(b) for b in (line.start_beat, line.end_beat))
    cpu = session.outcome.seats[0]
    assert any(f.voiced for f in cpu.trail)
    assert not any(f.voiced and start <= f.time < end for f in cpu.trail)
    assert len(cpu.line_ratings) == 2 and cpu.score > 7000


def test_a_shared_mic_seat_needs_turns():
    with pytest.raises(ValueError, match="pass-the-mic"):
        DuelSetup(seats=(SeatSpec("A", (1, 2, 3), SeatSource.shared_mic()), SeatSpec("B", (1, 2, 3), SeatSource.cpu())),
                  chart=__file__)
