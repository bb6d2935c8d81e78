"""The demo duel varies its song and its two rivals with the seed (issue 15); seed 0 is
the classic blue-and-pink pair on the default level."""

from __future__ import annotations

from alienstage_game.show.demo_pick import CLASSIC_PAIR, demo_levels, demo_pick, fresh_seed


def test_seeds_vary_the_song_and_the_pair():
    assert demo_pick(0) == (None, CLASSIC_PAIR)
    picks = [demo_pick(seed) for seed in range(1, 41)]
    assert all(a != b for _, (a, b) in picks)  # never a rival against themselves
    assert len({level for level, _ in picks}) >= 3 and len({pair for _, pair in picks}) >= 20
    assert {level for level, _ in picks} <= set(demo_levels())
    assert demo_pick(7) == demo_pick(7)  # a seed is a repeatable demo
    assert fresh_seed() != 0
