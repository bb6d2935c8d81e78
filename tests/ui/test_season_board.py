"""A 4-contestant all-CPU season from the title to its champion, through the board, with
real key events; then the season is found again by the season menu (saved after each match)."""

from __future__ import annotations

import pygame

from alienstage_game.match.season import SeasonStatus
from alienstage_game.ui.scenes import records_link
from alienstage_game.ui.scenes.champion import ChampionScene
from alienstage_game.ui.scenes.contestants import ContestantsScene
from alienstage_game.ui.scenes.season_board import SeasonBoardScene
from alienstage_game.ui.scenes.season_start import SeasonStartScene
from alienstage_game.ui.scenes.title import TitleScene
from ui_driver import press, shot


def open_season(app) -> None:
    app.push(TitleScene())
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, SeasonStartScene)


def test_four_cpu_season_to_champion(app):
    open_season(app)
    shot(app, "season-start-empty")
    press(app, pygame.K_RETURN)  # New season
    seats = app.scene
    assert isinstance(seats, ContestantsScene) and len(seats.seats) == 4
    assert seats.min_seats == 2 and seats.max_seats == 8
    press(app, pygame.K_p)  # Start: the four empty seats get four different CPU rivals
    board = app.scene
    assert isinstance(board, SeasonBoardScene)
    season = board.season
    assert len({c.id for c in season.contestants}) == 4 and all(c.is_cpu for c in season.contestants)
    shot(app, "season-board-start")

    decided = 0
    while not season.finished:
        assert board.menu.current.startswith("Decide")
        press(app, pygame.K_RETURN)  # simulated at once through the judge
        assert board.card is not None and board.card.verdict.winner is not None
        decided += 1
        if decided == 1:
            shot(app, "season-cpu-result-card")
            loser = board.card.loser
            assert season.bracket.eliminated_in(loser.id) == 1
        press(app, pygame.K_RETURN)  # dismiss the card
    assert decided == 3  # two semi-finals and the final
    assert isinstance(app.scene, ChampionScene)  # the ceremony starts by itself
    champion = season.champion
    assert champion is not None and champion.id == season.results[-1].winner
    assert len(app.scene.road()) == 2
    ceremony = app.scene
    while not ceremony.show.can_skip(ceremony.t):  # the ceremony is skippable after its first second
        app.step(1 / 30)
    press(app, pygame.K_RETURN)  # to the crowned champion
    assert ceremony.show.done(ceremony.t)
    shot(app, "season-champion")
    press(app, pygame.K_RETURN)
    assert app.scene is board and board.menu.current == "Champion ceremony"
    shot(app, "season-board-finished")

    # Saved after every match: the records know the finished season and its champion.
    rows = records_link.seasons(SeasonStatus.FINISHED)
    assert [r.id for r in rows] == [season.id] and rows[0].champion == champion.name
    press(app, pygame.K_ESCAPE)  # one screen back: the season menu, then the title
    assert isinstance(app.scene, SeasonStartScene)
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, TitleScene)


def test_a_season_resumes_after_a_restart(app):
    open_season(app)
    press(app, pygame.K_RETURN)
    seats = app.scene
    press(app, pygame.K_RIGHT)  # seats: 4 -> 5, an odd field: the top seeds get byes
    assert len(seats.seats) == 5
    press(app, pygame.K_p)
    board = app.scene
    season = board.season
    byes = [m for m in season.bracket.rounds[0] if m.bye]
    assert len(byes) == 3
    shot(app, "season-board-byes")
    press(app, pygame.K_RETURN)  # one match decided...
    press(app, pygame.K_RETURN)
    played = len(season.results)
    assert played == 1
    press(app, pygame.K_ESCAPE)  # ...and back to the season menu: the season is saved, Resume is chosen
    assert isinstance(app.scene, SeasonStartScene) and app.scene.menu.current.startswith("Resume:")

    # A restart: a fresh season menu lists the running season, Resume by default; it resumes it.
    app.push(SeasonStartScene())
    menu = app.scene
    assert menu.menu.items[1].startswith("Resume:") and menu.menu.current == menu.menu.items[1]
    shot(app, "season-start-resume")
    press(app, pygame.K_RETURN)
    resumed = app.scene
    assert isinstance(resumed, SeasonBoardScene) and resumed.season is not season
    assert resumed.season.id == season.id and len(resumed.season.results) == played
    assert resumed.next_match.id == season.next_match().id


def test_board_mouse_click_decides_the_next_match(app):
    from alienstage_game.match.contestants import roster
    from alienstage_game.match.season import Season

    season = Season.new(roster()[:2], seed=5, store=records_link.SeasonKeeper())
    app.push(TitleScene())
    app.push(SeasonBoardScene(season))
    app.step(1 / 60)
    rect = app.scene.menu.rects[0]
    from ui_driver import click

    click(app, rect.center)
    assert app.scene.card is not None
    click(app, (640, 360))  # any click closes the card; the final was the only match
    assert season.finished and isinstance(app.scene, ChampionScene)
