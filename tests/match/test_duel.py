import random

import pytest

from alienstage_game.charts import load_song
from alienstage_game.match.duel import DuelRound, SeatEvent, default_voices, duel_frames
from alienstage_game.match.verdict import VerdictReason
from alienstage_game.scoring import LineEnded, judge_frames
from alienstage_game.scoring.autoplay import silent_frames, sung_frames
from scoring.charts import DUET, song

FIRST_LIGHT = "levels/first-light/song.txt"


@pytest.fixture(scope="module")
def first_light():
    return load_song(FIRST_LIGHT)


def test_battle_gives_both_seats_the_same_voice_and_duet_p1_p2(first_light):
    assert default_voices(first_light) == ("P1", "P1")
    duet = song(DUET)
    assert default_voices(duet) == ("P1", "P2")
    assert DuelRound(duet).voices == ("P1", "P2")


def test_the_better_singer_wins_a_battle(first_light):
    good, worse = sung_frames(first_light, cents=15), sung_frames(first_light, cents=45)
    verdict = duel_frames(first_light, good, worse)
    assert (verdict.winner, verdict.loser, verdict.reason) == (0, 1, VerdictReason.SCORE)
    swapped = duel_frames(first_light, worse, good)
    assert (swapped.winner, swapped.totals) == (1, verdict.totals[::-1])
    assert verdict.totals[0] == judge_frames(first_light, good).points  # nothing lost to the gate


def test_duet_each_seat_judged_on_its_own_voice():
    duet = song(DUET)
    p1, p2 = sung_frames(duet, "P1"), sung_frames(duet, "P2", cents=60)
    verdict = duel_frames(duet, p1, p2)
    assert verdict.cards[0].voice == "P1" and verdict.cards[1].voice == "P2"
    assert verdict.totals[0] == 10_000 and verdict.totals[1] < 7_000
    assert verdict.winner == 0
    # singing the other's part earns (almost) nothing
    wrong = duel_frames(duet, p2, p1)
    assert wrong.totals[0] < 3_000


def test_live_round_streams_events_and_moves_the_vote_bar(first_light):
    good, poor = sung_frames(first_light, cents=5), sung_frames(first_light, cents=70)
    duel = DuelRound(first_light)
    rng = random.Random(1)
    events: list[SeatEvent] = []
    i = j = 0
    votes = []
    t = 0.0
    while i < len(good) or j < len(poor):
        t += 1 / 60  # the stage's video frames; trackers deliver ragged blocks
        n0 = sum(1 for f in good[i:i + 20] if f.time <= t - rng.uniform(0, 0.03))
        n1 = sum(1 for f in poor[j:j + 20] if f.time <= t - rng.uniform(0, 0.03))
        events += duel.feed(0, good[i:i + n0])
        events += duel.feed(1, poor[j:j + n1])
        i, j = i + n0, j + n1
        events += duel.advance(t)
        votes.append(duel.vote)
        assert duel.score(0) <= duel.max_reachable(0) + 1e-6
    verdict = duel.finish()
    assert all(-1 <= v <= 1 for v in votes) and max(votes) > 0.3
    ends = [(e.seat, e.event.line_index) for e in events if isinstance(e.event, LineEnded)]
    lines = len(duel.judges[0].plan.lines)
    assert sorted(ends) == [(s, k) for s in (0, 1) for k in range(lines)]
    assert verdict == duel_frames(first_light, good, poor)
    assert verdict.winner == 0


def test_a_seat_without_input_does_not_hold_the_other_up(first_light):
    duel = DuelRound(first_light)
    frames = sung_frames(first_light)
    events = duel.feed(0, frames[:1300])  # seat 1 sends nothing at all
    assert events == [] and duel.score(0) == 0  # waiting for partners...
    events = duel.advance(13.0)
    assert duel.score(0) > 1_000 and any(e.seat == 0 for e in events)
    duel.feed(0, frames[1300:])
    verdict = duel.finish()
    assert (verdict.winner, verdict.reason) == (0, VerdictReason.FORFEIT)
    assert verdict.totals == (10_000, 0)


def test_nobody_sang(first_light):
    verdict = duel_frames(first_light, silent_frames(45), silent_frames(45))
    assert verdict.reason is VerdictReason.DOUBLE_FORFEIT and verdict.winner is None


def test_identical_performances_go_to_sudden_death(first_light):
    frames = sung_frames(first_light, cents=20)
    verdict = duel_frames(first_light, frames, frames, crosstalk=False)
    assert verdict.reason is VerdictReason.SUDDEN_DEATH
    assert verdict.sudden_death_line == len(first_light.voice("P1").lines) - 2  # last scored line
    assert verdict.totals[0] == verdict.totals[1]


def test_bad_seat():
    duel = DuelRound(song(DUET))
    with pytest.raises(ValueError):
        duel.feed(2, [])
