"""The mic setup's room check with two players: each sings alone while both mics listen;
the levels and bleed measured are saved with the mapping (or the failure says who was not
heard), and changing a microphone drops the reading."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from alienstage_game import settings as settings_io
from alienstage_game.pitch.frame import PitchFrame
from alienstage_game.show import room
from alienstage_game.ui.scenes import audio_link
from alienstage_game.ui.scenes.mic_setup import MicSetupScene
from alienstage_game.ui.scenes.room_run import READY_S, SING_S
from ui_driver import FRAME, pad_button, pad_hat, press, settle

SHOTS = Path("/tmp/alienstage-shots")
OWN_DB = (-20.0, -27.0)  # each singer on their own mic
BLEED_DB = -12.0  # each voice on the other mic, relative to its own
MIDI = (57.0, 52.0)  # what each singer sings


class Room:
    """Two singers and two mics in one room: the singers do what the screen asks, unless
    one of them is told to stay silent."""

    def __init__(self, scene_of, silent: frozenset[int] = frozenset()) -> None:
        self.scene_of = scene_of
        self.silent = silent

    def singer(self) -> int | None:
        run = self.scene_of().room_run
        if run is None or not run.step.singing or run.step.singer in self.silent:
            return None
        return run.step.singer


class RoomMics:
    """Stands in for the live capture: tracker frames on a 10 ms grid, the singer's voice
    loud on their own mic and BLEED_DB quieter on the other, handed to the listener."""

    room: Room

    def __init__(self, inputs) -> None:
        self.readings = [audio_link.MicReading(level_db=-60.0) for _ in inputs]
        self.error = None
        self.listener = None
        self.slot = 0
        self.time = 0.0

    def poll(self):
        self.time += FRAME
        singer = self.room.singer()
        slots = range(self.slot, int(self.time / 0.01))
        self.slot = slots.stop
        for mic in (0, 1):
            frames = []
            for slot in slots:
                if singer is None:
                    frames.append(PitchFrame.unvoiced(slot * 0.01, 0.1, -62.0))
                else:
                    level = OWN_DB[singer] + (0.0 if mic == singer else BLEED_DB)
                    frames.append(PitchFrame(slot * 0.01, 0.0, MIDI[singer], True, 0.9, level))
            if frames:
                self.readings[mic].level_db = frames[-1].level_db
                self.readings[mic].midi = frames[-1].midi if frames[-1].voiced else None
                if self.listener is not None:
                    self.listener(mic, frames)
        return self.readings

    def close(self):
        pass


@pytest.fixture
def two_mics(monkeypatch, device_table):
    device_table(("Stage USB mic", 2), ("Headset", 1))
    monkeypatch.setattr(audio_link, "MicCheck", RoomMics)

    def open_scene(app, silent=frozenset()) -> MicSetupScene:
        scene = MicSetupScene(players=2)
        RoomMics.room = Room(lambda: scene, silent)
        app.push(scene)
        settle(app)
        return scene
    return open_scene


def run_for(app, seconds: float) -> None:
    for _ in range(round(seconds / FRAME)):
        app.step(FRAME)


def snap(app, name: str) -> None:
    app.screenshot(SHOTS / f"room-check-{name}.png")


def to_room_check(app, scene) -> None:
    for _ in range(4):
        press(app, pygame.K_DOWN)
    assert scene.form.current is scene.check_row and scene.check_row.label == "Room check"


def test_each_player_sings_alone_and_the_reading_is_saved(app, two_mics):
    scene = two_mics(app)
    to_room_check(app, scene)
    press(app, pygame.K_RETURN)
    assert scene.room_run is not None and not scene.room_run.step.singing  # player 1 gets ready
    snap(app, "1-get-ready")
    run_for(app, READY_S + SING_S / 2)
    assert scene.room_run.step.singer == 0 and scene.room_run.step.singing
    snap(app, "2-player1-sings")
    run_for(app, SING_S / 2 + READY_S + SING_S / 2)
    assert scene.room_run.step.singer == 1 and scene.room_run.step.singing
    snap(app, "3-player2-sings")
    run_for(app, SING_S / 2 + 0.2)
    assert scene.room_run is None and scene.room_ok
    snap(app, "4-saved")
    assert scene.check_result.startswith("Saved. Player 1 sings at -20 dBFS and reaches player 2's mic at -12 dB")
    assert scene.check_row.text == "Reading saved"
    # The reading and the mapping it belongs to, on disk.
    data = json.loads(settings_io.settings_path().read_text())
    assert data["room_check"]["mapping"] == [{"device": None, "channel": 0}, {"device": None, "channel": 1}]
    reading = room.stage_reading(settings_io.load())
    assert reading is not None
    assert reading.levels_db == pytest.approx(OWN_DB) and reading.bleed_db == pytest.approx((BLEED_DB, BLEED_DB))
    # A fresh mic setup shows that a reading is stored.
    press(app, pygame.K_ESCAPE)
    fresh = two_mics(app)
    assert fresh.check_row.text == "Reading saved"
    # Another microphone for player 2: the reading no longer matches and is dropped.
    press(app, pygame.K_DOWN, 2)
    press(app, pygame.K_DOWN, 2)
    press(app, pygame.K_LEFT)  # system default -> (round to) the Headset
    assert fresh.inputs()[1] == audio_link.PlayerInput("Headset", 0)
    assert "room_check" not in json.loads(settings_io.settings_path().read_text())
    assert fresh.check_row.text == "" and "run the room check again" in fresh.check_result


def test_a_singer_not_heard_alone_is_named_and_nothing_is_saved(app, two_mics):
    scene = two_mics(app, silent=frozenset({1}))
    to_room_check(app, scene)
    press(app, pygame.K_RETURN)
    run_for(app, 2 * (READY_S + SING_S) + 0.2)
    assert scene.room_run is None and not scene.room_ok
    snap(app, "5-failed")
    assert "player 2 was heard alone for only 0.0 s" in scene.check_result and "player 1" not in scene.check_result
    assert "Nothing was saved" in scene.check_result
    assert scene.check_row.text == ""
    assert room.stage_reading(settings_io.load()) is None


def test_the_gamepad_runs_and_stops_the_room_check(app, two_mics):
    scene = two_mics(app)
    for _ in range(4):
        pad_hat(app, (0, -1))
    assert scene.form.current is scene.check_row
    pad_button(app, 0)  # A: start
    run_for(app, READY_S + 1.0)
    assert scene.room_run is not None and scene.room_run.heard_s(0) > 0.5
    pad_button(app, 1)  # B: stops the check, stays on the screen
    assert scene.room_run is None and app.scene is scene
    assert scene.check_result == "Room check cancelled. Nothing was saved."
    run_for(app, 2 * (READY_S + SING_S))
    assert room.stage_reading(settings_io.load()) is None
    pad_button(app, 1)  # B again: back out of the screen
    assert app.scene is not scene



def test_a_mic_that_sends_nothing_fails_the_room_check():
    from alienstage_game.ui.scenes.room_run import RoomRun

    run = RoomRun()
    t = 0
    while not run.finished:
        step = run.step
        if step.singing:  # each singer heard on their own mic only: the other mic is dead
            run.hear(step.singer, [PitchFrame(t * 0.01, 0.0, 57.0, True, 0.9, -20.0)])
        run.advance(0.01)
        t += 1
    assert run.levels is None and run.heard_s(0) >= 1.0 and run.heard_s(1) >= 1.0
    assert run.failure().startswith("Room check failed: the other mic sent nothing")
