"""Settings: changed with keys, a gamepad and a mouse drag, saved to the settings file, and
read back by a fresh scene (a restart)."""

from __future__ import annotations

import json

import pygame

from alienstage_game import settings as settings_io
from alienstage_game.scoring import Difficulty
from alienstage_game.ui.scenes import prefs
from alienstage_game.ui.scenes.mic_setup import MicSetupScene
from alienstage_game.ui.scenes.settings import SettingsScene
from alienstage_game.ui.scenes.title import TitleScene
from ui_driver import drag, pad_button, pad_hat, press, settle, shot


def open_settings(app) -> SettingsScene:
    app.push(TitleScene())
    while app.scene.ITEMS[app.scene.selected] != "Settings":
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, SettingsScene)
    return app.scene


def test_settings_saved_and_reloaded(app):
    scene = open_settings(app)
    rows = scene.form.rows
    assert [r.label for r in rows][2:9] == ["Latency offset", "Difficulty", "Duel backing", "Fullscreen",
                                          "Music volume", "Effects volume", "Mic monitor"]
    press(app, pygame.K_DOWN)
    press(app, pygame.K_DOWN)  # latency offset: +5 ms a step
    for _ in range(4):
        press(app, pygame.K_RIGHT)
    press(app, pygame.K_DOWN)  # difficulty: medium -> hard
    press(app, pygame.K_RIGHT)
    assert scene.backing_row.value == "Instrumental (karaoke)"
    pad_hat(app, (0, -1))      # the gamepad's d-pad: down to the duel backing: the original song
    pad_hat(app, (1, 0))
    assert scene.backing_row.value == "Original song"
    pad_hat(app, (0, -1))      # down to fullscreen
    pad_hat(app, (0, -1))      # ... and to the music volume
    pad_hat(app, (-1, 0))      # 80 % -> 75 %
    assert scene.form.current is scene.music_row and scene.music_row.value == 0.75
    # The mouse: drag the effects slider's knob to the far left.
    app.step(1 / 60)
    track = scene.form._track_rects[rows.index(scene.effects_row)]
    drag(app, (track.x + int(track.width * scene.effects_row.fraction), track.centery), (track.x - 50, track.centery))
    assert scene.effects_row.value == 0.0
    shot(app, "settings-changed")
    assert not scene.fullscreen_row.on and app.fullscreen is False

    pad_button(app, 1)  # B: back to the title; the settings are written on the way out
    assert isinstance(app.scene, TitleScene)
    data = json.loads(settings_io.settings_path().read_text())
    assert data["audio"]["manual_offset_ms"] == 20.0
    assert data["difficulty"] == "hard"
    assert data["volume_music"] == 0.75 and data["volume_effects"] == 0.0
    assert data["fullscreen"] is False
    assert data["duel_backing"] == "original"

    # A restart: a fresh load sees the same choices, and so does a new settings scene.
    saved = prefs.Preferences.read(settings_io.load())
    assert (saved.latency_offset_ms, saved.difficulty, saved.volume_music) == (20.0, Difficulty.HARD, 0.75)
    assert saved.hear_original is True
    again = open_settings(app)
    assert again.offset_row.value == 20.0 and again.difficulty_row.value == "Hard"
    assert again.effects_row.value == 0.0


def test_settings_keep_keys_they_do_not_know(app):
    settings_io.save(settings_io.Settings(extra={"future_option": [1, 2], "audio": {"players": [
        {"device": "usb mic", "channel": 1}]}}))
    scene = open_settings(app)
    press(app, pygame.K_UP)  # wraps to Back
    assert scene.form.current is scene.back_row
    press(app, pygame.K_UP)
    press(app, pygame.K_RIGHT)  # mic monitor 0 -> 5 %
    press(app, pygame.K_ESCAPE)
    data = json.loads(settings_io.settings_path().read_text())
    assert data["future_option"] == [1, 2]
    assert data["audio"]["players"] == [{"device": "usb mic", "channel": 1}]
    assert data["volume_monitor"] == 0.05


def test_fullscreen_toggle_and_microphones_row(app, no_microphones):
    scene = open_settings(app)
    for _ in range(5):
        press(app, pygame.K_DOWN)
    assert scene.form.current is scene.fullscreen_row
    press(app, pygame.K_RETURN)
    assert app.fullscreen is True
    press(app, pygame.K_RETURN)
    assert app.fullscreen is False
    for _ in range(4):
        press(app, pygame.K_UP)
    assert scene.form.current is scene.mics_row
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, MicSetupScene)
    press(app, pygame.K_ESCAPE)
    assert app.scene is scene
    settle(app)
