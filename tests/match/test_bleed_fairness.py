"""Issue 4's mutual-bleed criterion end to end: synthetic singers, real mics mixed in
numpy, the live tracker, the room check and the duel (the fairness bench's own parts)."""

import pytest

from alienstage_game.bench.fairness import DEFAULT_CHART, Bench
from alienstage_game.charts import load_song


@pytest.fixture(scope="module")
def room():
    song = load_song(DEFAULT_CHART)
    bench = Bench(song, song.voices[0].id, "medium")
    a = bench.sing(pitch_error_cents=20.0, seed=171)
    b = bench.sing(pitch_error_cents=40.0, seed=172)
    solo = (bench.score(bench.mic(a, seed=1)), bench.score(bench.mic(b, seed=2)))
    frames = (bench.frames(bench.mic(a, other=b, seed=1)), bench.frames(bench.mic(b, other=a, seed=2)))
    return bench, a, b, solo, frames


def test_mutual_bleed_moves_no_score_more_than_two_percent_after_a_room_check(room):
    bench, a, b, solo, frames = room
    levels = bench.room_check(a, b)
    assert levels.bleed_db == pytest.approx((-12.0, -12.0), abs=1.0)
    verdict = bench.duel(*frames, room=levels)
    assert verdict.unpulled_s > 10  # seconds of singing together, corrected
    for seat in (0, 1):
        assert abs(verdict.cards[seat].total - solo[seat]) <= 0.02 * solo[seat]
    # what the correction is for: unmeasured and in perfect sync, the worse singer gains
    unmeasured = bench.duel(*frames)
    assert unmeasured.cards[1].total - solo[1] > abs(verdict.cards[1].total - solo[1])
