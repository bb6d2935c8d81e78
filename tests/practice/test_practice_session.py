"""Practice passes judged by the real tracker and judge; history kept across restarts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from alienstage_game.audio.synth.voice import render_voice
from alienstage_game.charts import load_song
from alienstage_game.match.records import Records
from alienstage_game.paths import bundled_levels_dir
from alienstage_game.pitch.offline import track_file
from alienstage_game.practice.chart import LoopRange
from alienstage_game.practice.history import PracticeHistory
from alienstage_game.practice.session import PracticeSession, PracticeSetup
from alienstage_game.scoring import Difficulty

SR = 22050


@pytest.fixture(scope="module")
def first_light():
    return load_song(bundled_levels_dir() / "first-light" / "song.txt")


def guide_frames(session: PracticeSession, start: float, end: float):
    """The guide voice of the practice chart (its tempo and key) through the live tracker."""
    take = render_voice(session.song, session.setup.voice_id, sr=SR, start_s=start, end_s=end)
    frames = track_file(take.signal, SR)
    return [type(f)(f.time + start, f.f0_hz, f.midi, f.voiced, f.confidence, f.level_db) for f in frames]


@pytest.mark.parametrize("tempo, transpose", [(0.8, 0), (1.0, 3)])
def test_guide_scores_high_at_a_practice_tempo_and_key(first_light, tempo, transpose):
    session = PracticeSession(first_light, PracticeSetup(difficulty=Difficulty.HARD, tempo=tempo,
                                                         transpose=transpose, loop=LoopRange(2, 4)))
    start, end = session.window()
    report = session.finish_pass(guide_frames(session, start, end))
    assert report.total >= 9500
    assert [s.line for s in report.lines] == [1, 2, 3]  # exactly the looped lines, chart numbering
    assert {n.line for n in report.notes} == {1, 2, 3}
    assert all(n.pitch_words == "on pitch" for n in report.notes if n.cents is not None)


def test_each_pass_repeats_the_same_window_with_a_count_in(first_light):
    session = PracticeSession(first_light, PracticeSetup(loop=LoopRange(3, 3)))
    start, end = session.window()
    clicks = session.count_in()
    assert len(clicks) == 4 and clicks[-1] + session.click_s == pytest.approx(session.first_note_s())
    assert start == pytest.approx(clicks[0])
    silence = session.finish_pass([])
    again = session.finish_pass([])
    assert (silence.number, again.number) == (1, 2)
    assert silence.total == 0 and [s.line for s in again.lines] == [2]
    ticks = session.metronome()
    assert ticks[0] >= start and ticks[-1] < end
    assert all(b - a == pytest.approx(session.click_s) for a, b in zip(ticks, ticks[1:]))


def test_history_survives_a_restart_and_suggests_the_weakest_line(first_light):
    setup = PracticeSetup(loop=LoopRange(1, 3))
    session = PracticeSession(first_light, setup)
    start, end = session.window()
    good = session.finish_pass(guide_frames(session, start, end))
    # A second pass where line 2 (index 1) was not sung at all.
    line2 = first_light.voice("P1").lines[1]
    cut_from = session.song.clock.beat_to_seconds(line2.start_beat) - 0.2
    cut_to = session.song.clock.beat_to_seconds(line2.end_beat) + 0.2
    weak = session.finish_pass([f for f in guide_frames(session, start, end) if not cut_from <= f.time <= cut_to])
    day = datetime(2026, 11, 1, tzinfo=timezone.utc)
    with Records.open() as records:
        history = PracticeHistory(records)
        history.record_pass("first-light", setup, good, when=day)
        history.record_pass("first-light", setup, weak, when=day + timedelta(days=1))
    with Records.open() as records:  # a new start of the game
        history = PracticeHistory(records)
        lines = history.lines("first-light", "P1")
        assert sorted(lines) == [0, 1, 2]
        assert lines[1].attempts == 2 and lines[1].latest == 0.0 and lines[1].best > 0.9
        assert history.weakest_line("first-light", "P1").line == 1
        passes = history.passes("first-light", "P1")
        assert [p.total for p in passes] == [good.total, weak.total] and passes[0].loop == (0, 2)
        assert passes[0].mean_ratio > passes[1].mean_ratio
        assert history.weakest_line("another-chart", "P1") is None
