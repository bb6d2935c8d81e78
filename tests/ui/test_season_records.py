"""A human's season match counts (issue 15): after the stage, the score is on the song's
highscore board and the match in the history, both under the level's id (never a path),
and `alienstage records` lists them."""

from __future__ import annotations

import dataclasses

import pygame

from alienstage_game.cli import main
from alienstage_game.match.contestants import Contestant, contestant
from alienstage_game.match.records import Records
from alienstage_game.match.season import Season
from alienstage_game.ui.scenes import records_link
from alienstage_game.ui.scenes.results import ResultsScene
from alienstage_game.ui.scenes.season_board import SeasonBoardScene
from alienstage_game.ui.scenes.title import TitleScene
from test_results import LEVEL, duel  # noqa: F401 -- a real judged duel on first-light
from ui_driver import press, settle


def test_a_human_season_match_is_a_highscore_and_in_the_records(app, duel, capsys):
    outcome, _ = duel
    human = Contestant.human("Kaida Lume", (255, 120, 200))
    rivals = [contestant(i) for i in ("pip-orrel", "juno-vask", "orla-quenn")]
    season = Season.new([human, *rivals], seed=3, charts=[str(LEVEL)], store=records_link.SeasonKeeper())
    match = next(m for m in season.bracket.rounds[0] if human.id in (m.a, m.b))
    assert season.chart_for(match.id) == str(LEVEL)  # dealt as a folder...
    pair = [season.contestant(match.a), season.contestant(match.b)]
    seats = outcome.seats if pair[0].id == human.id else outcome.seats[::-1]
    sung = dataclasses.replace(outcome, seats=seats, winner=0 if pair[0].id == human.id else 1,
                               loser=1 if pair[0].id == human.id else 0)
    app.push(TitleScene())
    board = SeasonBoardScene(season)
    app.push(board)
    app.step(1 / 60)
    board._sung(app, match, sung)  # what the stage calls when the match has been sung
    assert isinstance(app.scene, ResultsScene)
    settle(app, 0.6)
    press(app, pygame.K_RETURN)  # Continue: back to the board
    assert app.scene is board and season.result_of(match.id) is not None

    with Records.open() as records:
        history = records.matches(season_id=season.id)
        assert [m.chart_key for m in history] == ["first-light"]  # ...recorded by the level id
        top = records.top_scores("first-light", season.difficulty, limit=5)
        assert [(h.player, round(h.score)) for h in top] == [("Kaida Lume", round(outcome.seats[0].score))]
    assert main(["records"]) == 0
    out = capsys.readouterr().out
    assert "first-light (medium)" in out and "Kaida Lume" in out
    assert f"Kaida Lume beat {pair[1].name if pair[0].id == human.id else pair[0].name}" in out
    assert "on first-light" in out
    assert str(LEVEL) not in out
