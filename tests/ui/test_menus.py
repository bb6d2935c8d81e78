"""The title and mode select, driven by real key events, a gamepad and the mouse: every
scene is reachable from the title; idle time starts the
attract-mode demo; a duet battle goes song -> contestants -> stage -> results -> title."""

from __future__ import annotations

import pygame
import pytest

from alienstage_game.ui.scenes.contestants import ContestantsScene
from alienstage_game.ui.scenes.library import LibraryScene
from alienstage_game.ui.scenes.editor_door import EditorDoorScene
from alienstage_game.ui.scenes.results import ResultsScene
from alienstage_game.ui.scenes.season_start import SeasonStartScene
from alienstage_game.ui.scenes.settings import SettingsScene
from alienstage_game.ui.scenes.title import ATTRACT_AFTER_S, TitleScene
from ui_driver import FRAME, click, pad_button, pad_hat, press, shot, wait_for

EXPECTED = {
    "Duet battle": LibraryScene,
    "Season": SeasonStartScene,
    "Pass the mic": LibraryScene,
    "Medley": LibraryScene,
    "Practice": LibraryScene,
    "Editor": EditorDoorScene,
    "Song library": LibraryScene,
    "Settings": SettingsScene,
}


def test_title_reaches_every_mode(app):
    app.push(TitleScene())
    title = app.scene
    assert title.ITEMS == ("Duet battle", "Season", "Pass the mic", "Medley", "Practice", "Editor",
                           "Song library", "Settings", "Quit")
    shot(app, "title")
    for index, label in enumerate(title.ITEMS[:-1]):
        while title.selected != index:
            press(app, pygame.K_DOWN)
        press(app, pygame.K_RETURN)
        assert isinstance(app.scene, EXPECTED[label]), label
        shot(app, f"mode-{label.lower().replace(' ', '-')}")
        press(app, pygame.K_ESCAPE)
        if isinstance(app.scene, LibraryScene):  # Esc with no search typed leaves the library
            press(app, pygame.K_ESCAPE)
        assert app.scene is title, label
    press(app, pygame.K_DOWN)  # Quit
    press(app, pygame.K_RETURN)
    assert app.running is False


def test_practice_goes_from_the_song_browser_to_the_practice_door(app):
    from alienstage_game.ui.scenes.practice_setup import PracticeSetupScene

    app.push(TitleScene())
    title = app.scene
    while title.ITEMS[title.selected] != "Practice":
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    library = app.scene
    assert isinstance(library, LibraryScene)
    wait_for(app, lambda: library.scan is not None)
    press(app, pygame.K_RETURN)  # the first song in the list
    door = app.scene
    assert isinstance(door, PracticeSetupScene) and door.song.title
    press(app, pygame.K_ESCAPE)
    assert app.scene is library  # one screen back: the song list, then the title
    press(app, pygame.K_ESCAPE)
    assert app.scene is title


def test_gamepad_and_mouse_work_the_title(app):
    app.push(TitleScene())
    title = app.scene
    pad_hat(app, (0, -1))  # d-pad down
    pad_hat(app, (0, -1))
    assert title.selected == 2
    pygame.event.post(pygame.event.Event(pygame.JOYAXISMOTION, axis=1, value=-0.9, joy=0, instance_id=0))
    app.step(FRAME)  # the stick up: one step, not one per frame
    app.step(FRAME)
    assert title.selected == 1
    pad_button(app, 0)  # A: Season
    assert isinstance(app.scene, SeasonStartScene)
    pad_button(app, 1)  # B: back
    assert app.scene is title
    settings_rect = title.menu.rects[title.ITEMS.index("Settings")]
    click(app, settings_rect.center)
    assert isinstance(app.scene, SettingsScene)


def test_attract_mode_after_idle_and_any_key_returns(app):
    pytest.importorskip("alienstage_game.ui.scenes.stage")
    app.push(TitleScene())
    title = app.scene
    app.step(ATTRACT_AFTER_S - 1.0)
    assert app.scene is title  # not yet
    press(app, pygame.K_DOWN)  # any input restarts the idle count
    app.step(ATTRACT_AFTER_S - 1.0)
    assert app.scene is title
    app.step(1.5)
    demo = app.scene
    assert type(demo).__name__ == "StageScene" and demo.attract
    assert all(seat.source.kind.value == "cpu" for seat in demo.setup.seats)
    pad_button(app, 0)  # any button ends the demo
    assert app.scene is title


def test_duet_battle_from_song_to_results(app, tmp_path, fast_stage):
    pytest.importorskip("alienstage_game.ui.scenes.stage")
    app.push(TitleScene())
    press(app, pygame.K_RETURN)  # Duet battle: the song browser, choosing for the duel
    library = app.scene
    assert isinstance(library, LibraryScene) and library.on_choose is not None
    wait_for(app, lambda: library.scan is not None)
    entry = library.current
    assert entry.level is not None and entry.level.id == "first-light"
    press(app, pygame.K_RETURN)  # this song
    seats = app.scene
    assert isinstance(seats, ContestantsScene) and len(seats.seats) == 2
    press(app, pygame.K_RIGHT)  # seat 1: the first rival in the list
    assert seats.seats[0].who.id == "pip-orrel"
    press(app, pygame.K_p)  # Start: seat 2 is empty, a CPU rival takes it; no human, no mic setup
    stage = app.scene
    assert type(stage).__name__ == "StageScene"
    assert [s.name for s in stage.setup.seats][0] == "Pip Orrel"
    assert stage.setup.level_dir == entry.level.folder
    wait_for(app, lambda: isinstance(app.scene, ResultsScene), frames=3000)
    results = app.scene
    outcome = results.outcome
    assert not outcome.aborted and outcome.winner in (0, 1)
    assert results.headline.startswith(outcome.winner_name)
    shot(app, "duel-results")
    # Never straight back to the title: the results offer the evening's next steps.
    assert results.menu.items[:4] == ["Rematch", "Next song", "New contestants", "Title"]
    while results.menu.current != "Title":
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, TitleScene) and len(app.scenes) == 1
