"""Saves the disk refuses, on screen: the highscore after a duel, a season's match, the
settings scene's autosave, and a bad settings file at the title. Each says why with a retry
key (or the next change), keeps what was committed before, and saves once the disk has room.
Real tmpfs mounts; the notices are saved as PNGs under /tmp to look at."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from alienstage_game import settings as settings_io
from alienstage_game.match.contestants import ROSTER, Contestant, contestant
from alienstage_game.match.records import Records
from alienstage_game.match.season import Season
from alienstage_game.paths import bundled_levels_dir
from alienstage_game.ui.scenes import records_link
from alienstage_game.ui.scenes.flow import DuelFlow
from alienstage_game.ui.scenes.results import LIGHTS_OUT_S, ResultsScene
from alienstage_game.ui.scenes.season_board import SeasonBoardScene
from alienstage_game.ui.scenes.settings import SAVE_AFTER_S, SettingsScene
from alienstage_game.ui.scenes.title import TitleScene
from storage_mounts import full_disk, read_only
from test_results import duel  # noqa: F401 -- a real judged duel, shared with the results tests
from ui_driver import SHOTS, press, settle, shot

LEVEL = bundled_levels_dir() / "first-light"


def scores(key: str) -> list[tuple[str, float]]:
    with Records.open() as records:
        return [(h.player, round(h.score)) for h in records.top_scores(key, "medium", limit=50)]


def test_highscore_on_a_full_disk_says_not_saved_and_retries(app, duel, alienstage_home: Path) -> None:
    outcome, _ = duel
    pair = [Contestant.human("Kaida Lume", (255, 120, 200)), contestant("pip-orrel")]
    key, _ = records_link.chart_key(outcome.song)
    with full_disk(alienstage_home / "data", "1m") as disk:
        records_link.add_highscore(key, "medium", "Earlier", 1000.0)
        disk.fill()
        app.push(TitleScene())
        flow = DuelFlow(app)
        flow.pair = pair
        flow.finished(app, outcome)  # the duel's records are asked for here, as after a real duel
        scene = app.scene
        assert isinstance(scene, ResultsScene) and scene.saves.failed
        assert scene.saves.reason == "the disk is full"
        scene.t = LIGHTS_OUT_S
        settle(app)
        app.screenshot(SHOTS / "results-not-saved.png")
        assert scores(key) == [("Earlier", 1000)]  # kept; nothing half-written
        press(app, pygame.K_TAB)  # retry, still full: still says so
        assert scene.saves.failed and scores(key) == [("Earlier", 1000)]
        disk.free()
        press(app, pygame.K_TAB)
        assert not scene.saves.failed
        assert scores(key) == [("Kaida Lume", round(outcome.seats[0].score)), ("Earlier", 1000)]
        assert [h.player for h in scene.highscores] == ["Kaida Lume", "Earlier"]  # the board is read again
        with Records.open() as records:
            assert len(records.matches()) == 1  # the duel too, once
        shot(app, "results-saved-after-retry")


def test_season_match_on_a_full_disk_waits_for_a_retry(app, alienstage_home: Path) -> None:
    with full_disk(alienstage_home / "data", "1m") as disk:
        season = Season.new(list(ROSTER)[:4], seed=3, charts=[str(LEVEL)], store=records_link.SeasonKeeper())
        app.push(TitleScene())
        app.push(SeasonBoardScene(season))
        board = app.scene
        disk.fill()
        board.play_next()  # two CPU rivals: decided at once, saved at once (refused)
        assert board.unsaved.failed and board.unsaved.reason == "the disk is full"
        press(app, pygame.K_RETURN)  # back from the result card to the board
        shot(app, "season-board-not-saved")
        with Records.open() as records:
            assert records.load_season(season.id).results == []  # as committed before
        disk.free()
        press(app, pygame.K_TAB)
        assert not board.unsaved.failed
        with Records.open() as records:
            kept = records.load_season(season.id)
            assert [r.match_id for r in kept.results] == [r.match_id for r in season.results] and kept.results
            assert len(records.matches(season_id=season.id)) == 1


def open_settings(app) -> SettingsScene:
    app.push(TitleScene())
    app.push(SettingsScene())
    settle(app)
    return app.scene


def change_music_volume(app) -> None:
    scene = app.scene
    for _ in range(len(scene.form.rows)):
        if scene.form.current is scene.music_row:
            break
        press(app, pygame.K_DOWN)
    press(app, pygame.K_LEFT)  # -5 %
    for _ in range(int(SAVE_AFTER_S * 60) + 5):  # the autosave's moment
        app.step(1 / 60)


def test_settings_autosave_on_a_read_only_folder_keeps_the_game_running(app, alienstage_home: Path) -> None:
    with read_only(alienstage_home / "config") as folder:
        folder.set_read_only(False)
        settings_io.save(settings_io.Settings(extra={"volume_music": 0.8, "keep": "me"}))
        before = settings_io.settings_path().read_bytes()
        folder.set_read_only(True)
        scene = open_settings(app)
        change_music_volume(app)
        assert app.scene is scene and scene.save_problem == "the folder is read-only"
        shot(app, "settings-not-saved")
        assert settings_io.settings_path().read_bytes() == before
        folder.set_read_only(False)
        change_music_volume(app)  # the next change saves, both changes at once
        assert scene.save_problem is None
        saved = settings_io.load()
        assert saved.extra["volume_music"] == 0.7 and saved.extra["keep"] == "me"


def test_settings_left_unsaved_is_told_on_the_title(app, alienstage_home: Path) -> None:
    with full_disk(alienstage_home / "config", "64k") as disk:
        settings_io.save(settings_io.Settings(extra={"volume_music": 0.8}))
        disk.fill()
        scene = open_settings(app)
        change_music_volume(app)
        assert scene.save_problem == "the disk is full"
        press(app, pygame.K_ESCAPE)  # leaving tries once more, then the title says so
        title = app.scene
        assert isinstance(title, TitleScene) and "not saved: the disk is full" in title.notice
        shot(app, "title-settings-not-saved")
        assert settings_io.load().extra["volume_music"] == 0.8


def test_a_broken_settings_file_is_a_notice_on_the_title(app) -> None:
    path = settings_io.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"volume_music": ' + "[" * 100_000 + "]" * 100_000 + "}")
    app.push(TitleScene())
    title = app.scene
    assert "nested too deeply" in title.notice and "using default settings" in title.notice
    assert not path.exists() and list(path.parent.glob("settings.json.corrupt-*"))
    shot(app, "title-settings-broken")
    press(app, pygame.K_DOWN)  # read: the player moves on and the notice goes
    assert title.notice is None


def test_a_new_singer_the_records_refuse_is_told_and_may_sing_unsaved(app, alienstage_home: Path) -> None:
    from alienstage_game.ui.scenes.singers import NewSingerScene

    made: list[records_link.ProfileChoice] = []
    with full_disk(alienstage_home / "data", "1m") as disk:
        with Records.open() as records:
            records.add_profile("Earlier", colour=(255, 255, 255))
        disk.fill()
        app.push(TitleScene())
        app.push(NewSingerScene(made.append))
        scene = app.scene
        scene.name = "Vela Nox"
        scene.create()
        assert made == [] and "Vela Nox not saved: the disk is full" in scene.error
        shot(app, "new-singer-not-saved")
        scene.create()  # confirming again: she sings tonight, unsaved
        assert made == [records_link.ProfileChoice(None, "Vela Nox", scene.colour)]
        disk.free()
        with Records.open() as records:
            assert [p.name for p in records.profiles()] == ["Earlier"]
