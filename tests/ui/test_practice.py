"""The practice room driven headless: the door's choices, passes sung by the guide voice
through the real tracker, loops that repeat the chosen lines, the review and history."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from ui_driver import FRAME, press

from alienstage_game.charts import load_song
from alienstage_game.match.records import Records
from alienstage_game.paths import bundled_levels_dir
from alienstage_game.practice.chart import LoopRange
from alienstage_game.practice.history import PracticeHistory
from alienstage_game.show.rehearsal import RehearsalPhase
from alienstage_game.ui.scenes.practice import PracticeScene
from alienstage_game.ui.scenes.practice_setup import PracticeSetupScene

SHOTS = Path("/tmp/alienstage-shots/practice")


class FakeHost:
    """Host time for a silent rehearsal: moves only when the test steps a frame."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def run_until(app, host: FakeHost, done, limit_s: float, step_s: float = 0.05, shots: dict | None = None):
    """Step the app, song time advancing ``step_s`` per frame, until ``done()``."""
    elapsed = 0.0
    while not done():
        assert elapsed < limit_s, "the rehearsal did not get there in time"
        host.t += step_s
        elapsed += step_s
        app.step(FRAME)
        for name, when in list((shots or {}).items()):
            if when(app.scene):
                app.screenshot(SHOTS / f"{name}.png")
                del shots[name]


@pytest.fixture
def first_light():
    return load_song(bundled_levels_dir() / "first-light" / "song.txt")


def open_room(app, song, keys, host) -> PracticeScene:
    door = PracticeSetupScene(song)
    app.push(door)
    for key in keys:
        press(app, key)
    app.screenshot(SHOTS / "door.png")
    door.start(play_audio=False, host_now=host)
    app.step(FRAME)
    room = app.scene
    assert isinstance(room, PracticeScene)
    return room


def test_a_loop_repeats_the_chosen_line_and_the_guide_scores_high(app, first_light):
    host = FakeHost()
    # Loop from line 2 (Right twice on "Loop from"), tempo 80 % (Left x4 on "Tempo"), the guide sings.
    keys = [pygame.K_DOWN, pygame.K_DOWN, *[pygame.K_LEFT] * 4, pygame.K_DOWN, pygame.K_DOWN,
            pygame.K_RIGHT, pygame.K_RIGHT, *[pygame.K_DOWN] * 4, pygame.K_RIGHT]
    room = open_room(app, first_light, keys, host)
    setup = room.session.setup
    assert setup.tempo == 0.8 and setup.loop == LoopRange(2, 2)
    assert room.rehearsal.singer.value == "guide"
    app.screenshot(SHOTS / "preparing.png")
    assert room.rehearsal.wait_ready(60)
    press(app, pygame.K_RETURN)
    assert room.rehearsal.phase is RehearsalPhase.SINGING
    run_until(app, host, lambda: len(room.rehearsal.reports) >= 2, limit_s=60,
              shots={"count-in": lambda s: s.rehearsal.time > s.session.count_in()[1],
                     "singing": lambda s: s.rehearsal.time > s.session.first_note_s() + 1.5})
    first, second = room.rehearsal.reports[:2]
    assert [s.line for s in first.lines] == [1] and [s.line for s in second.lines] == [1]
    assert first.total >= 9000 and second.total >= 9000
    assert room.rehearsal.phase is RehearsalPhase.SINGING  # the loop goes on by itself
    with Records.open() as records:
        passes = PracticeHistory(records).passes("first-light", "P1")
    assert len(passes) == 2 and passes[0].loop == (1, 1) and passes[0].tempo == 0.8


def test_a_whole_pass_ends_in_the_review_and_the_door_suggests_the_weakest_line(app, first_light):
    host = FakeHost()
    keys = [*[pygame.K_DOWN] * 8, pygame.K_RIGHT]  # Singer: the guide voice
    room = open_room(app, first_light, keys, host)
    assert room.rehearsal.wait_ready(60)
    press(app, pygame.K_RETURN)
    run_until(app, host, lambda: room.rehearsal.phase is RehearsalPhase.REVIEW, limit_s=80, step_s=0.1)
    app.step(FRAME)
    app.screenshot(SHOTS / "review.png")
    report = room.review
    scored = [i for i, line in enumerate(first_light.voice("P1").lines) if any(n.kind.is_scored for n in line.notes)]
    assert report is not None and [s.line for s in report.lines] == scored
    assert report.total >= 9000
    press(app, pygame.K_ESCAPE)  # back to the door: the history and the suggestion show
    door = app.scene
    assert isinstance(door, PracticeSetupScene)
    assert len(door.history) == 1 and door.weakest is not None
    press(app, pygame.K_TAB)  # loop the weakest line
    assert door.setup.loop == LoopRange(door.weakest.line + 1, door.weakest.line + 1)
    app.screenshot(SHOTS / "door-with-history.png")


def test_the_room_says_clearly_when_the_backing_cannot_be_played_and_goes_on_a_cappella(app, first_light, tmp_path):
    broken = tmp_path / "song"
    broken.mkdir()
    text = (bundled_levels_dir() / "first-light" / "song.txt").read_text()
    (broken / "song.txt").write_text(text)
    (broken / "backing.ogg").write_bytes(b"not audio at all")
    song = load_song(broken / "song.txt")
    host = FakeHost()
    room = open_room(app, song, [], host)
    room.rehearsal.wait_ready(30)
    app.step(FRAME)
    # A backing that will not decode: the room says so and the song is practised a cappella.
    assert room.rehearsal.phase is RehearsalPhase.READY
    assert room.rehearsal.notice.startswith("the backing track will not play")
    assert "clicks alone" in room.rehearsal.notice
    app.screenshot(SHOTS / "failed.png")
