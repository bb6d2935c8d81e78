import math

import pytest

from alienstage_game.match.vote import VoteBar


def run(bar: VoteBar, seconds: float, step: float, rate0: float, rate1: float, t0: float = 0.0,
        s0: float = 0.0, s1: float = 0.0) -> tuple[float, float, float]:
    t = t0
    bar.advance(t, s0, s1)
    for _ in range(int(round(seconds / step))):
        t += step
        s0 += rate0 * step
        s1 += rate1 * step
        bar.advance(t, s0, s1)
    return t, s0, s1


def test_starts_level_and_leans_to_the_better_seat():
    bar = VoteBar(250.0)
    assert bar.value == 0.0 and bar.leader is None
    run(bar, 5.0, 0.01, 250.0, 50.0)
    assert bar.value > 0.5 and bar.leader == 0
    other = VoteBar(250.0)
    run(other, 5.0, 0.01, 50.0, 250.0)
    assert other.value == pytest.approx(-bar.value)


def test_always_within_bounds_whatever_the_scores():
    bar = VoteBar(1.0)
    run(bar, 30.0, 0.01, 1e9, 0.0)
    assert 0.99 < bar.value <= 1.0
    run(bar, 30.0, 0.5, 0.0, 1e12, t0=bar.time, s0=1e10, s1=0.0)
    assert -1.0 <= bar.value < -0.99
    bar.advance(bar.time + 1000.0, -1e15, 1e15)  # a long pause, absurd input
    assert -1.0 <= bar.value <= 1.0


def test_inertia_the_bar_moves_gradually():
    bar = VoteBar(250.0)
    run(bar, 0.1, 0.01, 250.0, 0.0)
    early = bar.value
    run(bar, 0.9, 0.01, 250.0, 0.0, t0=bar.time, s0=25.0)
    later = bar.value
    assert 0 < early < 0.05 < later < bar.target
    # when the lead stops the bar does not jump back; it drifts home over seconds
    t = bar.time
    bar.advance(t + 0.05, 250.0, 0.0)
    assert abs(bar.value - later) < 0.05
    run(bar, 10.0, 0.02, 0.0, 0.0, t0=bar.time, s0=250.0)
    assert 0 < bar.value < 0.1


def test_advanced_by_song_time_not_by_update_count():
    slow, fast = VoteBar(250.0), VoteBar(250.0)
    run(slow, 6.0, 1 / 30, 200.0, 80.0)
    run(fast, 6.0, 1 / 240, 200.0, 80.0)
    assert slow.value == pytest.approx(fast.value, abs=0.02)
    same_time = VoteBar(250.0)
    same_time.advance(1.0, 0, 0)
    assert same_time.advance(1.0, 500, 0) == 0.0  # no time passed: nothing moves


def test_documented_target():
    bar = VoteBar(200.0)
    bar.rates = [150.0, 50.0]
    assert bar.target == pytest.approx(math.tanh(2.0 * 100.0 / 200.0))
    with pytest.raises(ValueError):
        VoteBar(0.0)
