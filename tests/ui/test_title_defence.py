"""The last champion reigns (issue 15): on the title, raised on a throne; a new season may
hold a title duel in which they defend the title against the season's winner."""

from __future__ import annotations

import pygame

from alienstage_game.match.contestants import contestant
from alienstage_game.match.season import TITLE_DUEL, Season, SeasonStatus
from alienstage_game.ui.scenes import records_link
from alienstage_game.ui.scenes.champion import ChampionScene
from alienstage_game.ui.scenes.confirm import ConfirmScene
from alienstage_game.ui.scenes.season_board import SeasonBoardScene
from alienstage_game.ui.scenes.season_start import SeasonStartScene
from alienstage_game.ui.scenes.title import TitleScene
from ui_driver import press, shot


def finished_season(ids: tuple[str, ...], seed: int) -> Season:
    season = Season.new([contestant(i) for i in ids], seed=seed, store=records_link.SeasonKeeper())
    while (match := season.next_match()) is not None:
        season.record_result(match.id, match.a, {match.a: 6000.0, match.b: 5000.0})  # the top seed goes on
    assert season.finished
    return season


def test_the_champion_reigns_on_the_title_and_defends_the_title(app):
    first = finished_season(("vela-nox", "pip-orrel"), seed=1)
    reigning = first.champion
    assert reigning.id == "vela-nox" and records_link.reigning_champion().id == "vela-nox"
    app.push(TitleScene())
    title = app.scene
    assert title.reigning is not None and title.reigning.name == reigning.name
    shot(app, "title-reigning-champion")

    # A new season: the reigning champion is not in it, so the season may end in a title duel.
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)  # Season
    assert isinstance(app.scene, SeasonStartScene)
    press(app, pygame.K_RETURN)  # New season
    seats = app.scene
    press(app, pygame.K_LEFT)  # 4 -> 3 seats
    press(app, pygame.K_LEFT)  # 3 -> 2 seats
    press(app, pygame.K_p)  # two CPU rivals
    ask = app.scene
    assert isinstance(ask, ConfirmScene) and ask.menu.items == ["Without", "With a title duel"]
    shot(app, "season-title-duel-option")
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)  # with a title duel
    board = app.scene
    assert isinstance(board, SeasonBoardScene) and board.season.defender.id == "vela-nox"
    assert seats not in app.scenes
    season = board.season
    press(app, pygame.K_RETURN)  # the final, decided at once
    press(app, pygame.K_RETURN)  # close the card: no ceremony yet, the title duel waits
    assert not season.finished and season.title_duel_pending and app.scene is board
    assert board.next_match.id == TITLE_DUEL and board.menu.current == "Decide the title duel"
    for _ in range(80):
        app.step(1 / 60)
    shot(app, "season-board-title-duel")
    press(app, pygame.K_RETURN)  # the title duel, decided by the judge
    assert board.card is not None and board.card.match_id == TITLE_DUEL
    press(app, pygame.K_RETURN)
    assert season.finished and season.status is SeasonStatus.FINISHED
    assert isinstance(app.scene, ChampionScene)
    duel = season.result_of(TITLE_DUEL)
    assert season.champion.id == duel.winner
    places = app.scene.ranking()
    assert places[0] == (1, season.champion.name) and places[1][0] == 2 and len(places) == 3
    assert records_link.reigning_champion().id == duel.winner  # the new (or old) reign, on the next title
