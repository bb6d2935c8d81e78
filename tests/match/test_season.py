"""Seasons: 2-8 contestants, a chart per match, results, a champion, saved and resumed."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from alienstage_game.charts import load_song
from alienstage_game.match.contestants import ROSTER, Contestant
from alienstage_game.match.rivals import perform
from alienstage_game.match.season import MatchResult, Season, SeasonStatus
from alienstage_game.scoring import Difficulty, judge_frames

LEVELS = Path(__file__).resolve().parents[2] / "levels"


class MemoryStore:
    """Keeps what Season hands its store, as JSON, like Records would."""

    def __init__(self) -> None:
        self.saved: list[str] = []
        self.results: list[MatchResult] = []

    def save_season(self, season: Season, result: MatchResult | None = None) -> None:
        self.saved.append(json.dumps(season.to_dict()))
        if result is not None:
            self.results.append(result)


def coin_decider(seed: int):
    rng = random.Random(seed)

    def decide(season: Season, match) -> tuple[str, dict[str, float]]:
        winner = rng.choice([match.a, match.b])
        loser = match.b if winner == match.a else match.a
        return winner, {winner: float(rng.randint(5000, 9000)), loser: float(rng.randint(1000, 4999))}

    return decide


def play(season: Season, decide, limit: int | None = None) -> None:
    played = 0
    while (match := season.next_match()) is not None and (limit is None or played < limit):
        winner, scores = decide(season, match)
        season.record_result(match.id, winner, scores)
        played += 1


def outcome(season: Season) -> list[tuple]:
    return [(r.match_id, r.winner, r.loser, r.scores, r.reason, r.chart, r.difficulty) for r in season.results]


def test_size_limits() -> None:
    with pytest.raises(ValueError):
        Season.new(list(ROSTER[:1]))
    with pytest.raises(ValueError):
        Season.new([*ROSTER, Contestant.human("Ana")])
    assert len(Season.new(list(ROSTER[:2])).contestants) == 2


@pytest.mark.parametrize("n", range(2, 9))
def test_every_season_ends_with_exactly_one_champion(n: int) -> None:
    field = [Contestant.human("Ana"), *ROSTER[: n - 1]]
    season = Season.new(field, charts=["a", "b"], seed=n)
    play(season, coin_decider(n))
    assert season.finished and season.status is SeasonStatus.FINISHED
    assert season.next_match() is None
    assert season.champion in field
    assert len(season.results) == n - 1
    assert sorted(r.loser for r in season.results) == sorted(c.id for c in field if c != season.champion)
    with pytest.raises(ValueError):
        season.record_result("R1-M1", field[0].id, {})


def test_charts_are_dealt_by_the_seed_without_repeats() -> None:
    pool = ["first-light", "slow-orbit", "red-dust"]
    season = Season.new(list(ROSTER), charts=pool, seed=42)
    dealt = [season.chart_for(m.id) for m in season.bracket.playable()]
    assert len(dealt) == 7 and set(dealt) <= set(pool)
    assert sorted(dealt[:3]) == sorted(pool) and sorted(dealt[3:6]) == sorted(pool)
    again = Season.new(list(ROSTER), charts=pool, seed=42)
    assert [again.chart_for(m.id) for m in again.bracket.playable()] == dealt
    others = {tuple(Season.new(list(ROSTER), charts=pool, seed=s).match_charts.values()) for s in range(10)}
    assert len(others) > 1
    assert Season.new(list(ROSTER[:2]), seed=1).chart_for("R1-M1") is None  # no pool: the UI asks


def test_a_chosen_chart_replaces_the_dealt_one() -> None:
    store = MemoryStore()
    season = Season.new(list(ROSTER[:4]), charts=["a"], seed=1, store=store)
    season.set_chart("R1-M2", "my-song")
    assert season.chart_for("R1-M2") == "my-song"
    assert json.loads(store.saved[-1])["match_charts"]["R1-M2"] == "my-song"
    m = season.next_match()
    season.record_result(m.id, m.a, {m.a: 1.0, m.b: 0.0})
    assert season.results[0].chart == "a"
    with pytest.raises(ValueError):
        season.set_chart(m.id, "too-late")


def test_every_change_reaches_the_store() -> None:
    store = MemoryStore()
    season = Season.new(list(ROSTER[:5]), charts=["a"], seed=3, store=store)
    assert len(store.saved) == 1  # created
    play(season, coin_decider(1))
    assert len(store.saved) == 1 + 4 and [r.match_id for r in store.results] == [r.match_id for r in season.results]
    final = Season.from_dict(json.loads(store.saved[-1]))
    assert final.finished and final.champion == season.champion


def test_resume_after_reload_equals_continuing() -> None:
    for n in (3, 5, 8):
        for stop_after in range(n):
            field = list(ROSTER[:n])
            straight = Season.new(field, charts=["a", "b", "c"], seed=7)
            straight.id = "fixed"
            resumed = Season.from_dict(json.loads(json.dumps(straight.to_dict())))
            play(straight, coin_decider(stop_after))
            decide = coin_decider(stop_after)
            play(resumed, decide, limit=stop_after)
            resumed = Season.from_dict(json.loads(json.dumps(resumed.to_dict())))  # the restart
            play(resumed, decide)
            assert outcome(resumed) == outcome(straight)
            assert resumed.bracket == straight.bracket and resumed.champion == straight.champion


def test_round_trip_keeps_everything() -> None:
    season = Season.new([Contestant.human("Ana", (1, 2, 3), profile_id=4), *ROSTER[:3]],
                        charts=["x"], seed=5, name="Winter Cup", difficulty="hard")
    play(season, coin_decider(2), limit=2)
    data = json.loads(json.dumps(season.to_dict()))
    again = Season.from_dict(data)
    assert again == season
    assert again.difficulty is Difficulty.HARD and again.name == "Winter Cup"
    assert again.to_dict() == season.to_dict()


def test_abandon_stops_the_season() -> None:
    store = MemoryStore()
    season = Season.new(list(ROSTER[:4]), seed=1, store=store)
    season.abandon()
    assert season.status is SeasonStatus.ABANDONED and season.next_match() is None
    assert json.loads(store.saved[-1])["status"] == "abandoned"


def test_a_season_of_cpu_rivals_sung_and_judged() -> None:
    """Three rivals sing first-light through the judge; the seeded bracket gives the
    diva a bye and she wins the final."""
    song = load_song(LEVELS / "first-light" / "song.txt")
    field = [ROSTER[7], ROSTER[0], ROSTER[4]]  # seeds: diva, rookie, mid
    season = Season.new(field, charts=["first-light"], seed=1)

    def judged(season: Season, match) -> tuple[str, dict[str, float]]:
        scores = {}
        for i, who in enumerate((match.a, match.b)):
            frames = perform(song, season.contestant(who).skill, seed=i + 10)
            scores[who] = judge_frames(song, frames, difficulty=season.difficulty).total
        return max(scores, key=lambda c: (scores[c], c)), scores

    play(season, judged)
    assert season.champion is ROSTER[7]
    assert [r.match_id for r in season.results] == ["R1-M2", "R2-M1"]
    assert season.results[0].winner == ROSTER[4].id  # mid beats rookie
    assert all(r.winner_score > r.loser_score for r in season.results)
