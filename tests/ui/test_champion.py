"""The champion ceremony, driven headless: the road through the bracket replayed, the
crown, the whole hall in the champion's colour; skipped after its first second, then left.
PNGs in /tmp/alienstage-shots/verdict/."""

from __future__ import annotations

from pathlib import Path

import pygame

from alienstage_game.match.contestants import roster
from alienstage_game.match.season import Season
from alienstage_game.show.champion_show import SKIP_AFTER_S, ChampionShow
from alienstage_game.ui.scenes.champion import ChampionScene
from alienstage_game.ui.scenes.title import TitleScene
from ui_driver import press

SHOTS = Path("/tmp/alienstage-shots/verdict")
FRAME = 1 / 30


def finished_season() -> Season:
    season = Season.new(roster()[:4], seed=5, name="Season 3")
    scores = iter([(8120, 6410), (7702, 7010), (8833, 8051)])
    while (match := season.next_match()) is not None:
        a, b = next(scores)
        season.record_result(match.id, match.a, {match.a: a, match.b: b})
    assert season.finished
    return season


def test_the_ceremony_timeline():
    show = ChampionShow(2)
    assert show.step(0, show.steps[0].start_s) == 0 and show.step(1, show.steps[1].end_s) == 1
    assert show.steps[1].start_s >= show.steps[0].end_s and show.crown_window.start_s >= show.steps[1].end_s
    assert show.hall(show.length_s) == 1 and show.done(show.length_s)
    assert not show.can_skip(SKIP_AFTER_S - 0.01) and show.can_skip(SKIP_AFTER_S)
    heard = show.cues_between(-1, show.length_s)
    assert heard.count("verdict-hit") == 2 and heard[-2:] == ["champion-fanfare", "crowd-roar"]


def test_the_champions_road_crown_and_hall(app):
    season = finished_season()
    app.push(TitleScene())
    scene = ChampionScene(season, sounds=False)
    app.push(scene)
    champion = season.champion
    assert [rank for rank, _ in scene.ranking()] == [1, 2, 3, 3] and scene.ranking()[0][1] == champion.name
    assert len(scene.road()) == 2 and scene.road()[-1].startswith("Final: beat")
    press(app, pygame.K_RETURN)  # too early: the ceremony goes on
    assert app.scene is scene and scene.t < SKIP_AFTER_S
    show = scene.show
    while show.step(1, scene.t) < 0.3:
        app.step(FRAME)
    app.screenshot(SHOTS / "champion-1-road.png")
    while show.crown(scene.t) < 0.45:
        app.step(FRAME)
    app.screenshot(SHOTS / "champion-2-crown.png")
    press(app, pygame.K_RETURN)  # skip to the end
    assert show.done(scene.t) and app.scene is scene
    for _ in range(10):
        app.step(FRAME)
    app.screenshot(SHOTS / "champion-3-hall.png")
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, TitleScene)
