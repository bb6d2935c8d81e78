"""A season's CPU matches (issue 15): decided at once on a card with the scores, or watched
on the real stage (4x; Enter skips to the decision); the board then shows who went through
(the winner's light runs to the next box). Real key events; PNGs of the board."""

from __future__ import annotations

import pygame

from alienstage_game.match.contestants import contestant
from alienstage_game.match.season import Season
from alienstage_game.ui.scenes import records_link
from alienstage_game.ui.scenes.results import ResultsScene
from alienstage_game.ui.scenes.season_board import ADVANCE_S, SeasonBoardScene
from alienstage_game.ui.scenes.season_watch import WatchedMatch
from alienstage_game.ui.scenes.title import TitleScene
from test_evening_flow import to_results, write_battle
from ui_driver import FRAME, SHOTS, press, wait_for

RIVALS = ("juno-vask", "siv-maro", "orla-quenn", "pip-orrel")


def cpu_season(tmp_path) -> Season:
    level = write_battle(tmp_path / "songs", "tiny-comet", "Tiny Comet")
    return Season.new([contestant(i) for i in RIVALS], seed=4, charts=[str(level)], store=records_link.SeasonKeeper())


def test_watch_a_cpu_match_or_skip_it_then_see_who_went_through(app, fast_stage, tmp_path):
    season = cpu_season(tmp_path)
    app.push(TitleScene())
    board = SeasonBoardScene(season)
    app.push(board)
    app.step(FRAME)
    assert board.menu.items == ["Decide the match", "Watch the match", "Back to the title"]

    first = board.next_match
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)  # Watch: the real stage, sped up
    stage = app.scene
    assert isinstance(stage, WatchedMatch) and stage._session_args["speed"] > 1.0
    assert {s.name for s in stage.setup.seats} == {season.contestant(first.a).name, season.contestant(first.b).name}
    for _ in range(3):
        app.step(FRAME)
    press(app, pygame.K_RETURN)  # skip: the judge decides at once, on the card
    assert app.scene is board and board.card is not None and board.card.match_id == first.id
    assert season.result_of(first.id) is not None
    press(app, pygame.K_RETURN)  # close the card: the winner's light runs to the final
    assert board.advancing == [(first.id, season.result_of(first.id).winner)] and board.advance_t < ADVANCE_S
    for _ in range(int(0.5 * ADVANCE_S / FRAME)):
        app.step(FRAME)
    app.screenshot(SHOTS / "season-board-went-through.png")

    second = board.next_match  # watched to its end this time: the results, then the board
    while board.menu.current != "Watch the match":
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    results = to_results(app)
    assert isinstance(results, ResultsScene) and results.menu.items[0] == "Continue"
    press(app, pygame.K_RETURN)
    assert app.scene is board and season.result_of(second.id) is not None
    assert board.advancing == [(second.id, season.result_of(second.id).winner)]
    wait_for(app, lambda: board.advance_t >= ADVANCE_S, frames=200)
    app.screenshot(SHOTS / "season-board-final-next.png")
