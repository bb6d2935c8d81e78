"""The verdict's timeline on stage (show/verdict_show.py): pure, no pygame."""

from __future__ import annotations

import math

import pytest

from alienstage_game.match.verdict import VerdictReason, decide
from alienstage_game.scoring import Difficulty, LineRating, LineResult, ScoreCard
from alienstage_game.show.verdict_show import HALL_VOTES, SKIP_AFTER_S, VOTE_LEAN, Beat, VerdictShow, final_votes


def card(notes=5000.0, golden=1000.0, bonus=500.0, perfect=2, lines=5, sung=30.0) -> ScoreCard:
    results = tuple(LineResult(i, LineRating.PERFECT if i < perfect else LineRating.GOOD, 0.7, 1.0, 1.0)
                    for i in range(lines))
    return ScoreCard("P1", Difficulty.MEDIUM, notes, golden, bonus, results, sung, 0.0)


def score_win():
    return decide((card(notes=5000), card(notes=5300)), sudden_death_line=4)  # seat 1 wins 6,800 to 6,500


def frames(show: VerdictShow, step: float = 1 / 60):
    t = 0.0
    while t <= show.length_s + step:
        yield t
        t += step


def test_the_beats_come_in_the_order_of_the_show():
    show = VerdictShow(score_win(), start_vote=0.3)
    assert show.beats == (Beat.FADE, Beat.BREATH, Beat.SWEEP, Beat.COUNT, Beat.SILENCE, Beat.LIGHTS_OUT, Beat.ROAR)
    for a, b in zip(show.spans, show.spans[1:]):
        assert a.end_s == pytest.approx(b.start_s) and a.end_s > a.start_s
    seen = []
    for t in frames(show):
        beat = show.beat_at(t)
        if beat is not None and (not seen or seen[-1] is not beat):
            seen.append(beat)
    assert tuple(seen) == show.beats
    assert show.beat_at(show.length_s + 0.01) is None and show.done(show.length_s)
    assert 8.0 < show.length_s < 13.0  # a climax, not a wait


def test_progress_runs_from_0_to_1_inside_each_beat():
    show = VerdictShow(score_win())
    sweep = show.span(Beat.SWEEP)
    assert show.progress(Beat.SWEEP, sweep.start_s - 0.1) == 0.0
    assert show.progress(Beat.SWEEP, (sweep.start_s + sweep.end_s) / 2) == pytest.approx(0.5)
    assert show.progress(Beat.SWEEP, sweep.end_s + 0.1) == 1.0
    assert show.progress(Beat.TIE_BREAK, 5.0) == 0.0  # a beat this show has not


def test_skipping_is_allowed_only_after_the_first_second():
    show = VerdictShow(score_win())
    assert not show.can_skip(0.0) and not show.can_skip(SKIP_AFTER_S - 0.01)
    assert show.can_skip(SKIP_AFTER_S) and show.can_skip(5.0)
    assert SKIP_AFTER_S == 1.0


def test_the_final_count_is_the_duels_result():
    verdict = score_win()
    show = VerdictShow(verdict, start_vote=0.6)  # the bar leaned to the loser at the song's end
    assert show.scores(0.0) == (0, 0)
    end = show.length_s
    assert show.scores(end) == verdict.totals == (6500, 6800)
    assert show.scores(show.span(Beat.COUNT).end_s) == verdict.totals
    mid = show.scores(show.span(Beat.COUNT).start_s + 0.5)
    assert 0 < mid[0] < 6500 and 0 < mid[1] < 6800
    votes = show.votes
    assert sum(votes) == HALL_VOTES and votes[1] > votes[0]  # the winner has the majority
    share = 0.5 + 0.5 * math.tanh(VOTE_LEAN * (6500 - 6800) / 13300)
    assert votes == (round(HALL_VOTES * share), HALL_VOTES - round(HALL_VOTES * share))
    assert show.vote(0.0) == 0.6  # the live bar until the sweep...
    assert show.vote(end) == pytest.approx((votes[0] - votes[1]) / HALL_VOTES)  # ...settled on the count
    assert show.vote(end) < 0
    assert show.vote_settled(show.span(Beat.COUNT).start_s)
    # It sweeps: both sides of its end point during the sweep, never off the bar.
    sweep = [show.vote(t) for t in frames(show) if show.beat_at(t) is Beat.SWEEP]
    assert min(sweep) < show.final_vote < max(sweep) and all(-1 <= v <= 1 for v in sweep)


def test_the_losers_light_flickers_and_goes_out_while_the_winners_flares():
    verdict = score_win()
    show = VerdictShow(verdict)
    out = show.span(Beat.LIGHTS_OUT)
    assert show.light(0, out.start_s - 0.01) == 1.0
    flicker = [show.light(0, t) for t in frames(show, 1 / 120) if out.start_s < t < out.start_s + 0.9]
    assert max(flicker) > 0.5 and min(flicker) < 0.2  # on and off, not a plain fade
    assert show.light(0, show.length_s) == 0.0 and show.silhouette(0, show.length_s) == 1.0
    assert max(show.light(1, t) for t in frames(show)) > 1.3  # the winner's flare
    assert show.silhouette(1, show.length_s) == 0.0
    assert show.roar(out.start_s) == 0.0 and show.roar(show.length_s) == 1.0
    assert max(show.crowd_flicker(t) for t in frames(show) if show.beat_at(t) is Beat.BREATH) == 1.0
    assert show.crowd_flicker(show.length_s) == 0.0
    assert show.music_level(0.0) == 1.0 and show.music_level(show.span(Beat.BREATH).start_s) == 0.0


def test_every_beat_has_its_sound_cue_in_order():
    show = VerdictShow(score_win())
    heard, last = [], -1.0
    for t in frames(show):
        heard += show.cues_between(last, t)
        last = t
    assert heard == ["drum-roll", "crowd-murmur", "vote-swing", "verdict-hit", "score-count",
                     "light-flicker", "elimination", "crowd-roar", "winner-flare"]
    from alienstage_game.audio.sfx import SOUND_NAMES

    assert set(heard) <= set(SOUND_NAMES)


def test_a_tie_break_is_shown_as_such_and_splits_the_hall_evenly():
    verdict = decide((card(notes=5100, golden=900), card()), sudden_death_line=4)
    assert verdict.reason is VerdictReason.GOLDEN and verdict.winner == 1
    show = VerdictShow(verdict)
    assert show.tie_break and Beat.TIE_BREAK in show.beats
    assert show.beats.index(Beat.TIE_BREAK) == show.beats.index(Beat.COUNT) + 1
    assert show.votes == (500, 500) and show.vote(show.length_s) == 0.0
    assert show.scores(show.length_s) == (6500, 6500)
    assert show.loser == 0 and show.light(0, show.length_s) == 0.0


def test_sudden_death_and_a_double_forfeit_put_no_light_out():
    dead = VerdictShow(decide((card(), card()), sudden_death_line=4))
    assert dead.beats[-1] is Beat.NO_LOSER and Beat.LIGHTS_OUT not in dead.beats
    assert dead.loser == dead.winner == -1
    assert dead.light(0, dead.length_s) == dead.light(1, dead.length_s) == 1.0 and dead.roar(dead.length_s) == 0
    nobody = decide((card(sung=0, notes=0, golden=0, bonus=0), card(sung=0, notes=0, golden=0, bonus=0)),
                    sudden_death_line=4)
    both = VerdictShow(nobody)
    assert final_votes(nobody) == (0, 0) and both.final_vote == 0.0
    assert both.light(0, both.length_s) < 0.5 and both.light(1, both.length_s) < 0.5


def test_a_forfeit_gives_the_singer_the_whole_hall():
    verdict = decide((card(sung=0.0, notes=0, golden=0, bonus=0), card(notes=100, golden=0, bonus=0)),
                     sudden_death_line=4)
    assert final_votes(verdict) == (0, HALL_VOTES)
    assert VerdictShow(verdict).vote(99.0) == -1.0


def test_a_near_tie_still_gives_the_winner_a_majority():
    verdict = decide((card(notes=5001), card(notes=5000)), sudden_death_line=4)
    votes = final_votes(verdict)
    assert votes[0] > votes[1] and sum(votes) == HALL_VOTES


def test_a_sped_up_stage_runs_the_show_faster():
    slow, fast = VerdictShow(score_win()), VerdictShow(score_win(), speed=40.0)
    assert fast.length_s == pytest.approx(slow.length_s / 40)
    assert fast.can_skip(SKIP_AFTER_S / 40) and fast.scores(fast.length_s) == slow.scores(slow.length_s)
