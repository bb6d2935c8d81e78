import random

import pytest

from alienstage_game.charts import load_song
from alienstage_game.pitch.frame import PitchFrame
from alienstage_game.scoring import (
    Difficulty, Judge, LineEnded, LineRating, NoteJudged, fold_cents, judge_frames,
    rating_for, tolerance_for,
)
from alienstage_game.scoring.autoplay import silent_frames, sung_frames

from .charts import MIXED, song

FIRST_LIGHT = "levels/first-light/song.txt"


@pytest.fixture(scope="module")
def mixed():
    return song(MIXED)


def test_perfect_frames_score_ten_thousand(mixed):
    card = judge_frames(mixed, sung_frames(mixed))
    assert card.points == 10_000
    assert card.notes == pytest.approx(5400)  # two normal notes and the rap, 1,800 each
    assert card.golden == pytest.approx(3600)
    assert card.line_bonus == pytest.approx(1000)
    assert [line.rating for line in card.lines] == [LineRating.PERFECT, LineRating.PERFECT]


def test_perfect_frames_on_the_bundled_level():
    first_light = load_song(FIRST_LIGHT)
    assert judge_frames(first_light, sung_frames(first_light)).points == 10_000


def test_silence_scores_zero(mixed):
    card = judge_frames(mixed, silent_frames(7.0))
    assert card.total == 0
    assert card.voiced_s == 0
    assert [line.rating for line in card.lines] == [LineRating.AWFUL, LineRating.AWFUL]
    assert judge_frames(mixed, []).total == 0


def test_golden_notes_count_double(mixed):
    only_golden = judge_frames(mixed, sung_frames(mixed, sing=lambda n: n.kind.is_golden))
    only_first = judge_frames(mixed, sung_frames(mixed, sing=lambda n: n.pitch == 0 and n.beat == 0))
    assert only_golden.golden == pytest.approx(2 * only_first.notes)
    assert only_golden.notes == 0 and only_first.golden == 0


def test_freestyle_is_never_scored(mixed):
    shouted = sung_frames(mixed, sing=lambda n: n.kind.label != "freestyle")
    wild = [PitchFrame.sung(f.time, 987.0, 0.9, -20) if 3.0 <= f.time < 4.0 else f for f in shouted]
    assert judge_frames(mixed, wild).total == judge_frames(mixed, shouted).total == 10_000
    free_only = song("#TITLE:F\n#ARTIST:a\n#BPM:150\n#GAP:0\nF 0 10 0 oh\nE\n")
    judge = Judge(free_only)
    assert judge.max_reachable == 0
    assert judge_frames(free_only, sung_frames(free_only)).total == 0


def test_rap_is_credited_for_any_voiced_sound(mixed):
    frames = sung_frames(mixed)
    off = [PitchFrame.sung(f.time, 150.0, 0.9, -20) if 4.4 <= f.time < 5.4 else f for f in frames]
    assert judge_frames(mixed, off).total == 10_000
    mute = [PitchFrame.unvoiced(f.time, 0.1, -70) if 4.4 <= f.time < 5.4 else f for f in frames]
    assert judge_frames(mixed, mute).notes == pytest.approx(3600)  # the rap's 1,800 lost


@pytest.mark.parametrize("octave", [-2, -1, 1, 2])
def test_pitch_is_folded_to_the_nearest_octave(mixed, octave):
    assert judge_frames(mixed, sung_frames(mixed, octave=octave)).points == 10_000


def test_fold_cents():
    assert fold_cents(72.1, 60) == pytest.approx(10.0)
    assert fold_cents(47.8, 60) == pytest.approx(-20.0)
    assert fold_cents(66, 60) == pytest.approx(-600.0)  # a tritone is as far as it gets
    assert fold_cents(65.5, 60) == pytest.approx(550.0)


@pytest.mark.parametrize("difficulty,full,zero", [("easy", 25, 150), ("medium", 10, 100), ("hard", 5, 60)])
def test_tolerance_ramp_per_difficulty(difficulty, full, zero):
    ramp = tolerance_for(difficulty)
    assert ramp.credit(0) == ramp.credit(full) == ramp.credit(-full) == 1.0
    assert ramp.credit((full + zero) / 2) == pytest.approx(0.5)
    assert ramp.credit(zero) == ramp.credit(-zero - 1) == 0.0
    # and through the judge: a note sung halfway along the ramp earns half its points
    # (of the 0.95 s that earn a 1 s note: 50 ms of slack for the onset)
    mixed = song(MIXED)
    card = judge_frames(mixed, sung_frames(mixed, cents=(full + zero) / 2, sing=lambda n: n.beat == 0),
                        difficulty=difficulty)
    assert card.notes == pytest.approx(1800 * 0.5 / 0.95)
    assert card.golden == 0


def test_stricter_difficulty_never_scores_more(mixed):
    for cents in (0, 8, 20, 40, 80, 120, 200):
        frames = sung_frames(mixed, cents=cents)
        scores = [judge_frames(mixed, frames, difficulty=d).total for d in Difficulty]
        assert scores[0] >= scores[1] >= scores[2]


def test_timing_grace_forgives_a_little_early_or_late(mixed):
    for offset in (-0.08, 0.08):
        assert judge_frames(mixed, sung_frames(mixed, offset_s=offset)).points == 10_000
    late = judge_frames(mixed, sung_frames(mixed, offset_s=0.4)).total
    assert late < 9_000


def test_credit_is_judged_over_the_whole_note(mixed):
    # singing the first half of every note earns about half, not all or nothing
    clock = mixed.clock
    spans = [(clock.beat_to_seconds(n.beat), clock.beat_to_seconds(n.end_beat)) for n in mixed.voice("P1").notes]
    half = [f if any(s <= f.time < (s + e) / 2 for s, e in spans) else PitchFrame.unvoiced(f.time, 0.1, -70)
            for f in sung_frames(mixed)]
    card = judge_frames(mixed, half)
    # Sung notes earn about half. The rap note is spoken: half its length voiced earns it
    # all: 10 of the 50 weighted beats (la, lo doubled, rap, li), so 1800 of 9000 points.
    assert 0.45 * 7200 + 1800 < card.notes + card.golden < 0.6 * 7200 + 1800


def test_line_ratings_from_ratio():
    assert [rating_for(r) for r in (0.0, 0.19, 0.2, 0.45, 0.6, 0.85, 0.95, 1.0)] == [
        LineRating.AWFUL, LineRating.AWFUL, LineRating.POOR, LineRating.OK, LineRating.GOOD,
        LineRating.GREAT, LineRating.PERFECT, LineRating.PERFECT]
    assert LineRating.GREAT > LineRating.GOOD and LineRating.AWFUL < LineRating.POOR
    assert LineRating.OK.label == "OK" and LineRating.PERFECT.label == "Perfect"


def test_events_note_by_note_and_line_by_line(mixed):
    judge = Judge(mixed)
    events = judge.feed(sung_frames(mixed, sing=lambda n: n.beat < 30))  # line 0 only
    events += judge.finish() and []
    notes = [e for e in events if isinstance(e, NoteJudged)]
    lines = [e for e in events if isinstance(e, LineEnded)]
    assert [e.note_index for e in notes] == [0, 1, 3, 4]  # the freestyle (2) is not judged
    assert [e.credit for e in notes] == pytest.approx([1, 1, 0, 0])
    assert [(e.line_index, e.rating) for e in lines] == [(0, LineRating.PERFECT), (1, LineRating.AWFUL)]
    assert lines[0].points == pytest.approx(1800 + 3600 + 500)
    assert [line.rating for line in judge.finish().lines] == [LineRating.PERFECT, LineRating.AWFUL]
    # the line ends as soon as its last scored note is over, not at the end of the song
    assert lines[0].time < 4.0


def test_max_reachable_only_goes_down_and_lands_on_the_total():
    first_light = load_song(FIRST_LIGHT)
    rng = random.Random(3)
    frames = [f if rng.random() < 0.7 else PitchFrame.sung(f.time, 300.0, 0.9, -20)
              for f in sung_frames(first_light, cents=30)]
    judge = Judge(first_light)
    assert judge.max_reachable == 10_000
    seen = [judge.max_reachable]
    for frame in frames:
        judge.feed_frame(frame)
        seen.append(judge.max_reachable)
        assert judge.score <= judge.max_reachable + 1e-6
    card = judge.finish()
    assert all(b <= a + 1e-9 for a, b in zip(seen, seen[1:]))
    assert judge.max_reachable == pytest.approx(card.total)
    assert 1_000 < card.total < 9_000


def test_incremental_equals_one_shot():
    first_light = load_song(FIRST_LIGHT)
    rng = random.Random(7)
    frames = [PitchFrame.sung(f.time, f.f0_hz * 2 ** (rng.gauss(0, 40) / 1200), 0.9, -20) if f.voiced else f
              for f in sung_frames(first_light, offset_s=0.03)]
    whole = Judge(first_light, difficulty="hard")
    whole_events = whole.feed(frames)
    whole_card = whole.finish()
    live = Judge(first_light, difficulty="hard")
    live_events, i = [], 0
    while i < len(frames):
        n = rng.randint(1, 40)  # ragged blocks, as audio callbacks deliver them
        live_events += live.feed(frames[i:i + n])
        i += n
        live_events += live.advance(frames[min(i, len(frames)) - 1].time)
    assert live.finish() == whole_card == judge_frames(first_light, frames, difficulty="hard")
    assert live_events == whole_events


def test_advance_closes_notes_without_frames(mixed):
    judge = Judge(mixed)
    assert judge.advance(3.5) and judge.max_reachable < 10_000
    lines = [e for e in judge.advance(10.0) if isinstance(e, LineEnded)]
    assert [e.rating for e in lines] == [LineRating.AWFUL]  # line 1 (line 0 ended at 2.5)
    assert judge.finish().total == 0


def test_unknown_voice_is_a_clear_error(mixed):
    with pytest.raises(ValueError, match="no voice 'P3'"):
        Judge(mixed, "P3")


def test_card_json_shape(mixed):
    data = judge_frames(mixed, sung_frames(mixed, cents=40), difficulty="easy").to_json()
    assert set(data) == {"total", "notes", "golden", "line_bonus", "lines", "difficulty", "voice"}
    assert isinstance(data["total"], int) and 0 <= data["total"] <= 10_000
    assert data["difficulty"] == "easy" and data["voice"] == "P1"
    assert [set(line) for line in data["lines"]] == [{"index", "rating", "score"}] * 2
