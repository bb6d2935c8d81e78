"""CPU rivals: tracker-like frames, deterministic for a seed, better skill scores higher."""

from __future__ import annotations

import dataclasses
import statistics
from pathlib import Path

import pytest

from alienstage_game.charts import load_song
from alienstage_game.match.contestants import ROSTER, contestant
from alienstage_game.match.rivals import FRAME_RATE, RivalPerformance, SkillProfile, perform
from alienstage_game.scoring import Difficulty, judge_frames

CHART = Path(__file__).resolve().parents[2] / "levels" / "first-light" / "song.txt"


@pytest.fixture(scope="module")
def song():
    return load_song(CHART)


def note_spans(song, voice="P1"):
    clock = song.clock
    return [(clock.beat_to_ms(n.beat) / 1000, clock.beat_to_ms(n.end_beat) / 1000, n.midi)
            for n in song.voice(voice).notes]


def cents_off(midi: float, target: float) -> float:
    """Distance in cents after folding to the nearest octave."""
    d = (midi - target) % 12.0
    return 100.0 * min(d, 12.0 - d)


def test_same_seed_same_frames_other_seed_other_frames(song) -> None:
    skill = contestant("orla-quenn").skill
    a = perform(song, skill, seed=11)
    assert a == perform(song, skill, seed=11)
    assert a != perform(song, skill, seed=12)


def test_streaming_by_song_time_equals_the_whole_take(song) -> None:
    rival = RivalPerformance(song, contestant("siv-maro").skill, seed=5)
    streamed = []
    t = -0.5
    step = 0.0
    while not rival.done:
        step = 0.013 + (step * 7.3) % 0.05  # uneven video-frame steps
        t += step
        streamed.extend(rival.frames_until(t))
        assert all(f.time <= t + 1e-9 for f in streamed)
    assert streamed == rival.frames
    assert rival.frames_until(t + 10.0) == []
    rival.reset()
    assert rival.frames_until(0.0) == rival.frames[:1]


def test_frames_sit_on_the_tracker_grid(song) -> None:
    rival = RivalPerformance(song, contestant("kaida-lume").skill, seed=1)
    frames = rival.frames
    assert [round(f.time * FRAME_RATE) for f in frames] == list(range(len(frames)))
    assert all(abs(f.time - k / FRAME_RATE) < 1e-12 for k, f in enumerate(frames))
    last_note_end = max(end for _, end, _ in note_spans(song))
    assert frames[-1].time == pytest.approx(last_note_end + 1.0, abs=0.011)


def test_frames_look_like_the_tracker(song) -> None:
    rival = RivalPerformance(song, contestant("tamsin-oru").skill, seed=3)
    planned = [(p.start_s, p.end_s) for p in rival.planned]
    voiced = [f for f in rival.frames if f.voiced]
    silent = [f for f in rival.frames if not f.voiced]
    assert voiced and silent
    for f in voiced:  # voiced only while a planned note is sung
        assert any(s - 1e-9 <= f.time < e + 1e-9 for s, e in planned)
        assert f.f0_hz > 0 and 0.6 <= f.confidence <= 1.0 and -40 < f.level_db < 0
    for f in silent:
        assert f.f0_hz == 0.0 and f.midi == 0.0 and f.level_db < -50 and f.confidence < 0.5
    # voiced frames come in runs (notes), not scattered single frames
    runs = sum(1 for a, b in zip(rival.frames, rival.frames[1:]) if b.voiced and not a.voiced)
    assert runs <= len(rival.planned)


def test_a_diva_sings_the_chart(song) -> None:
    frames = perform(song, contestant("vela-nox").skill, seed=2)
    inside, covered, errors = 0, 0, []
    for start, end, midi in note_spans(song):
        for f in frames:
            if start <= f.time < end:
                inside += 1
                if f.voiced:
                    covered += 1
                    errors.append(cents_off(f.midi, midi))
    assert covered / inside > 0.9
    assert statistics.median(errors) < 15


def test_wobble_and_vibrato_show_in_held_notes(song) -> None:
    plain = SkillProfile(pitch_error_cents=0, wobble_cents=0, timing_jitter_ms=0, vibrato_cents=0)
    vib = dataclasses.replace(plain, vibrato_cents=40)

    def held_spread(profile: SkillProfile) -> float:
        rival = RivalPerformance(song, profile, seed=4)
        spreads = []
        for note in rival.planned:
            if note.end_s - note.start_s >= 0.6:
                cents = [100 * f.midi for f in rival.frames if note.start_s + 0.4 <= f.time < note.end_s - 0.05]
                spreads.append(statistics.pstdev(cents))
        return statistics.mean(spreads)

    assert held_spread(plain) < 1.0  # a machine: dead straight
    assert 20 < held_spread(vib) < 35  # a 40-cent sine has a 28-cent spread


def test_octave_habit_and_dropouts(song) -> None:
    low = contestant("bex-calder")
    assert low.skill.octave_shift == -1
    rival = RivalPerformance(song, low.skill, seed=8)
    shifts = [p.midi - song.voice("P1").lines[p.line_index].notes[p.note_index].midi for p in rival.planned]
    assert statistics.median(shifts) == pytest.approx(-12, abs=0.5)
    rookie = sum(f.voiced for f in perform(song, contestant("pip-orrel").skill, seed=8))
    diva = sum(f.voiced for f in perform(song, contestant("vela-nox").skill, seed=8))
    assert rookie < 0.9 * diva


def test_restricted_lines_are_sung_exactly_as_in_the_full_take(song) -> None:
    skill = contestant("juno-vask").skill
    full = RivalPerformance(song, skill, seed=9)
    some = RivalPerformance(song, skill, seed=9, lines=[1, 3])
    assert {p.line_index for p in some.planned} <= {1, 3}
    assert some.planned == [p for p in full.planned if p.line_index in (1, 3)]


def test_better_skill_scores_higher_with_the_judge(song) -> None:
    """The roster is ordered weakest first: the judge agrees, on average over seeds."""
    means = []
    for who in ROSTER:
        points = [judge_frames(song, perform(song, who.skill, seed=s), difficulty=Difficulty.MEDIUM).points
                  for s in range(3)]
        means.append(statistics.mean(points))
    assert means == sorted(means) and len(set(means)) == len(means), means
    assert means[0] < 5000 and means[-1] > 9500


def test_a_silent_profile_scores_nothing(song) -> None:
    mute = SkillProfile(pitch_error_cents=0, dropout_rate=1.0)
    frames = perform(song, mute, seed=1)
    assert not any(f.voiced for f in frames)
    assert judge_frames(song, frames, difficulty=Difficulty.EASY).points == 0
