"""Verdicts into season results; CPU duels sung through the real duel and judge."""

from __future__ import annotations

from pathlib import Path

import pytest

from alienstage_game.charts import load_song
from alienstage_game.match.contestants import ROSTER, Contestant, contestant
from alienstage_game.match.records import Records
from alienstage_game.match.season import Season
from alienstage_game.match.showdown import cpu_duel, outcome_from_verdict
from alienstage_game.match.verdict import decide
from alienstage_game.scoring import Difficulty, judge_frames

SONG = Path(__file__).resolve().parents[2] / "levels" / "first-light" / "song.txt"


@pytest.fixture(scope="module")
def song():
    return load_song(SONG)


def test_cpu_duel_is_deterministic_and_fair(song) -> None:
    diva, rookie = contestant("vela-nox"), contestant("pip-orrel")
    first = cpu_duel(song, rookie, diva, Difficulty.MEDIUM, seed=4)
    assert first == cpu_duel(song, rookie, diva, Difficulty.MEDIUM, seed=4)
    assert first.winner == diva.id and first.loser == rookie.id and first.reason == "score"
    assert first.scores[diva.id] > first.scores[rookie.id]
    assert first.details["verdict"]["winner"] == "p2"
    with pytest.raises(ValueError):
        cpu_duel(song, Contestant.human("Ana"), diva)


def test_a_verdict_without_winner_decides_nothing(song) -> None:
    silent = judge_frames(song, [], difficulty=Difficulty.EASY)
    verdict = decide((silent, silent), sudden_death_line=0)
    assert verdict.winner is None
    assert outcome_from_verdict(verdict, ("a", "b")) is None


def test_a_cpu_season_sung_to_a_champion_and_kept(song) -> None:
    with Records.open() as records:
        season = Season.new([ROSTER[7], ROSTER[0], ROSTER[3], ROSTER[5]], charts=["first-light"],
                            seed=2, store=records)
        while (m := season.next_match()) is not None:
            cpu_duel(song, season.contestant(m.a), season.contestant(m.b), season.difficulty,
                     seed=season.match_seed(m.id)).record(season, m.id)
        assert season.champion is ROSTER[7]
        kept = records.load_season(season.id)
        assert kept.finished and kept.champion == season.champion
        assert [r.reason for r in kept.results] == ["score"] * 3
        assert len(records.matches(season_id=season.id)) == 3
