"""Mic setup on a machine without input devices (a clear 'no microphone found', and the
show can go on), and with devices: the mapping is saved and two players on one channel warn."""

from __future__ import annotations

import json

import pygame

from alienstage_game import settings as settings_io
from alienstage_game.ui.scenes import audio_link
from alienstage_game.ui.scenes.mic_setup import MicSetupScene, note_name
from alienstage_game.ui.scenes.title import TitleScene
from ui_driver import press, shot


class FakeCheck:
    """Stands in for the live capture so these tests never open a real device."""

    def __init__(self, inputs):
        self.readings = [audio_link.MicReading(level_db=-30.0, midi=57.02) for _ in inputs]
        self.error = None

    def poll(self):
        return self.readings

    def close(self):
        pass


def test_no_microphone_found(app, no_microphones):
    app.push(TitleScene())
    done = []
    app.push(MicSetupScene(on_done=lambda: done.append(True), reason="Ana needs a microphone"))
    scene = app.scene
    app.step(1 / 60)
    assert scene.devices == []
    assert all(not row.enabled for row in scene.form.rows[:-1])
    assert scene.done_row.label == "Continue without a microphone"
    assert scene.check is None  # nothing to open
    shot(app, "mic-setup-no-devices")
    # The focus waits on the one row that works; a disabled row cannot be changed.
    assert scene.form.current is scene.done_row
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT)
    assert scene.device_rows[0].index == 0
    press(app, pygame.K_UP)
    press(app, pygame.K_RETURN)
    assert done == [True] and isinstance(app.scene, TitleScene)
    assert not settings_io.settings_path().exists()  # nothing chosen, nothing written


def test_mapping_saved_and_shared_channel_warned(app, monkeypatch, device_table):
    device_table(("Stage USB mic", 2), ("Headset", 1))
    monkeypatch.setattr(audio_link, "MicCheck", FakeCheck)
    app.push(TitleScene())
    app.push(MicSetupScene())
    scene = app.scene
    press(app, pygame.K_RIGHT)  # player 1: system default -> Stage USB mic
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT)  # channel 1 -> 2
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT)  # player 2: Stage USB mic too
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT)  # channel 1 -> 2: the same channel as player 1
    assert scene.inputs() == [audio_link.PlayerInput("Stage USB mic", 1), audio_link.PlayerInput("Stage USB mic", 1)]
    assert scene.warnings and "Players 1 and 2 both sing into 'Stage USB mic' channel 2" in scene.warnings[0]
    for _ in range(30):
        app.step(1 / 60)  # the live check reopens on the new mapping
    assert scene.check is not None and scene.check.readings[0].level_db == -30.0
    shot(app, "mic-setup-shared-channel")
    press(app, pygame.K_LEFT)  # player 2 back to channel 1: no warning
    assert scene.warnings == []
    data = json.loads(settings_io.settings_path().read_text())
    assert data["audio"]["players"] == [{"device": "Stage USB mic", "channel": 1},
                                        {"device": "Stage USB mic", "channel": 0}]
    # A mapping that cannot be played is never saved: the last playable one stays.
    press(app, pygame.K_UP)
    press(app, pygame.K_RIGHT)  # player 2: the mono Headset, channel 1 -> fine
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT)  # (a mono device offers channel 1 only)
    assert scene.inputs()[1] == audio_link.PlayerInput("Headset", 0) and scene.warnings == []
    press(app, pygame.K_UP)
    press(app, pygame.K_RIGHT)  # back round to the system default (Stage USB mic): channel 1 free? player 1 has 2
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_LEFT)
    press(app, pygame.K_LEFT)
    press(app, pygame.K_LEFT)  # Stage USB mic, channel 1
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT)  # channel 2: player 1's
    assert scene.warnings
    data = json.loads(settings_io.settings_path().read_text())
    assert data["audio"]["players"][1] != {"device": "Stage USB mic", "channel": 1}
    press(app, pygame.K_LEFT)  # channel 1 again: playable and saved
    assert scene.warnings == []
    # A fresh scene (after a restart) starts from the saved mapping.
    press(app, pygame.K_ESCAPE)
    app.push(MicSetupScene())
    assert app.scene.inputs() == [audio_link.PlayerInput("Stage USB mic", 1), audio_link.PlayerInput("Stage USB mic", 0)]


def test_one_player_keeps_the_sing_check(app, monkeypatch, device_table):
    device_table(("Stage USB mic", 2))
    monkeypatch.setattr(audio_link, "MicCheck", FakeCheck)
    app.push(MicSetupScene(players=1))
    scene = app.scene
    for _ in range(2):
        press(app, pygame.K_DOWN)
    assert scene.form.current is scene.check_row and scene.check_row.label == "Sing check"
    press(app, pygame.K_RETURN)
    assert scene.room_run is None
    scene.check_left = 1.5  # the fake mic hears a steady A3 the whole time
    for _ in range(100):
        app.step(1 / 60)
    assert scene.check_result.startswith("Player 1: heard you")
    assert note_name(57.02) == "A3 (+2 cents)"
    shot(app, "mic-setup-sing-check")
