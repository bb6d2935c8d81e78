"""An evening that flows (issue 15), driven by real key events: after a duel the results
offer Rematch, Next song, New contestants and Title (never straight back to the title);
each starts the right duel; Esc / B is one screen back. Two short levels with CPU rivals."""

from __future__ import annotations

import wave
from pathlib import Path

import pygame
import pytest

from alienstage_game.ui.scenes import flow
from alienstage_game.ui.scenes import results as results_scene
from alienstage_game.ui.scenes.contestants import ContestantsScene
from alienstage_game.ui.scenes.library import LibraryScene
from alienstage_game.ui.scenes.results import ResultsScene
from alienstage_game.ui.scenes.title import TitleScene
from show.short_show import BATTLE, LEVEL
from ui_driver import FRAME, pad_button, pad_hat, press, shot, wait_for

AFTER_DUEL = ["Rematch", "Next song", "New contestants", "Title", "Save pitch pictures"]


def write_battle(root: Path, level_id: str, title: str) -> Path:
    folder = root / level_id
    folder.mkdir(parents=True)
    (folder / "song.txt").write_text(BATTLE.replace("Tiny Comet", title).replace("#BPM", "#MP3:song.wav\n#BPM"),
                                     encoding="utf-8")
    (folder / "level.toml").write_text(LEVEL.format(id=level_id, title=title, mode="battle"), encoding="utf-8")
    with wave.open(str(folder / "song.wav"), "wb") as out:  # 12 s of silence: the song has audio
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 8000 * 12)
    return folder


@pytest.fixture
def levels(tmp_path):
    root = tmp_path / "songs"
    return root, write_battle(root, "tiny-comet", "Tiny Comet"), write_battle(root, "tiny-moon", "Tiny Moon")


def cpu_pair(app) -> None:
    """On the contestants screen: seat 1 the first rival, seat 2 a CPU rival; start."""
    seats = app.scene
    assert isinstance(seats, ContestantsScene)
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_p)


def to_results(app) -> ResultsScene:
    wait_for(app, lambda: isinstance(app.scene, ResultsScene), frames=3000, sleep_ms=1)
    results = app.scene
    settle = getattr(results_scene, "SETTLE_S", 0.0)  # Enter is not taken in the results' first instant
    while not results.revealed or results.t < settle:
        app.step(FRAME)
    return results


def choose(app, label: str) -> None:
    results = app.scene
    assert isinstance(results, ResultsScene)
    while results.menu.current != label:
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)


def test_rematch_next_song_new_contestants_then_title(app, fast_stage, levels):
    root, comet, moon = levels
    app.push(TitleScene())
    title = app.scene
    duel = flow.DuelFlow(app, folders=[root])
    duel.begin()
    library = app.scene
    wait_for(app, lambda: library.scan is not None)
    while library.current.level.id != "tiny-comet":
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    cpu_pair(app)
    stage = app.scene
    pair = [s.name for s in stage.setup.seats]
    results = to_results(app)
    assert results.menu.items == AFTER_DUEL and results.menu.current == "Rematch"
    shot(app, "results-after-duel-menu")

    press(app, pygame.K_RETURN)  # Rematch: the stage again, the same pair and song
    stage = app.scene
    assert type(stage).__name__ == "StageScene"
    assert [s.name for s in stage.setup.seats] == pair and stage.setup.level_dir == comet
    results = to_results(app)
    depth = len(app.scenes)

    choose(app, "Next song")  # the song browser over the results; Esc comes back
    assert isinstance(app.scene, LibraryScene) and "next song" in app.scene.heading
    shot(app, "results-next-song-browser")
    press(app, pygame.K_ESCAPE)
    assert app.scene is results
    press(app, pygame.K_RETURN)  # Next song again (the cursor stayed on it)
    library = app.scene
    wait_for(app, lambda: library.scan is not None)
    while library.current.level.id != "tiny-moon":
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)  # straight on stage: the same pair, the new song
    stage = app.scene
    assert type(stage).__name__ == "StageScene"
    assert [s.name for s in stage.setup.seats] == pair and stage.setup.level_dir == moon
    results = to_results(app)
    assert len(app.scenes) == depth  # the evening does not pile scenes up

    choose(app, "New contestants")  # the same song, seated as before; Esc comes back
    seats = app.scene
    assert isinstance(seats, ContestantsScene) and [s.who.name for s in seats.seats] == pair
    press(app, pygame.K_ESCAPE)
    assert app.scene is results
    pad_button(app, 0)  # A: New contestants again, from the pad
    seats = app.scene
    assert isinstance(seats, ContestantsScene)
    press(app, pygame.K_RIGHT)  # seat 1 (focused): the next rival
    new_first = seats.seats[0].who.name
    assert new_first != pair[0]
    press(app, pygame.K_p)
    stage = app.scene
    assert type(stage).__name__ == "StageScene"
    assert stage.setup.seats[0].name == new_first and stage.setup.level_dir == moon
    results = to_results(app)

    pad_hat(app, (0, -1))  # D-pad down to Title, A
    pad_hat(app, (0, -1))
    pad_hat(app, (0, -1))
    assert results.menu.current == "Title"
    pad_button(app, 0)
    assert app.scene is title and len(app.scenes) == 1


def test_esc_on_the_results_goes_back_to_the_contestants(app, fast_stage, levels):
    root, comet, _ = levels
    app.push(TitleScene())
    flow.DuelFlow(app, folders=[root]).begin()
    library = app.scene
    wait_for(app, lambda: library.scan is not None)
    press(app, pygame.K_RETURN)
    seats = app.scene
    cpu_pair(app)
    to_results(app)
    press(app, pygame.K_ESCAPE)
    assert app.scene is seats  # one screen back: who sings; Start puts them on stage again
    press(app, pygame.K_p)
    assert type(app.scene).__name__ == "StageScene"


def test_esc_after_a_next_song_shows_the_song_and_pair_that_sang(app, fast_stage, levels):
    root, comet, moon = levels
    app.push(TitleScene())
    flow.DuelFlow(app, folders=[root]).begin()
    library = app.scene
    wait_for(app, lambda: library.scan is not None)
    while library.current.level.id != "tiny-comet":
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    seats = app.scene
    cpu_pair(app)
    pair = [s.who.name for s in seats.seats]
    to_results(app)
    choose(app, "Next song")
    browser = app.scene
    wait_for(app, lambda: browser.scan is not None)
    while browser.current.level.id != "tiny-moon":
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    to_results(app)
    press(app, pygame.K_ESCAPE)
    assert app.scene is seats and seats.subtitle.startswith("Tiny Moon") and [s.who.name for s in seats.seats] == pair


def test_esc_on_the_title_asks_before_quitting(app):
    from alienstage_game.ui.scenes.confirm import ConfirmScene

    app.push(TitleScene())
    title = app.scene
    press(app, pygame.K_ESCAPE)
    ask = app.scene
    assert isinstance(ask, ConfirmScene) and app.running
    assert ask.menu.items == ["Stay", "Quit"] and ask.menu.current == "Stay"  # the safe answer first
    shot(app, "title-quit-confirm")
    press(app, pygame.K_ESCAPE)  # Esc again: one screen back, the title
    assert app.scene is title and app.running
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_RETURN)  # Enter on Stay
    assert app.scene is title and app.running
    pad_button(app, 1)  # B on a pad asks too
    assert isinstance(app.scene, ConfirmScene)
    pad_hat(app, (0, -1))  # down to Quit, A
    pad_button(app, 0)
    assert app.running is False


def test_attract_mode_varies_its_song_and_contestants(app, monkeypatch):
    from alienstage_game.show import demo_pick
    from alienstage_game.ui.scenes.title import start_attract

    seeds = iter([11, 12])
    monkeypatch.setattr(demo_pick, "fresh_seed", lambda: next(seeds))
    app.push(TitleScene())
    shown = []
    for _ in range(2):
        assert start_attract(app)
        demo = app.scene
        assert demo.attract and all(seat.source.kind.value == "cpu" for seat in demo.setup.seats)
        shown.append((demo.setup.level_dir, tuple(seat.name for seat in demo.setup.seats)))
        press(app, pygame.K_SPACE)  # any key ends the demo
        assert isinstance(app.scene, TitleScene)
    assert shown[0] != shown[1]


def test_the_settings_difficulty_is_practice_and_playtest_default(app):
    import dataclasses

    from alienstage_game.charts import load_song
    from alienstage_game.editor import ChartDocument
    from alienstage_game.paths import bundled_levels_dir
    from alienstage_game.scoring import Difficulty
    from alienstage_game.ui.editor.playtest import playtest_scene
    from alienstage_game.ui.scenes import prefs
    from alienstage_game.ui.scenes.practice_setup import PracticeSetupScene

    saved, chosen = prefs.load()
    prefs.save(saved, dataclasses.replace(chosen, difficulty=Difficulty.HARD))
    chart = bundled_levels_dir() / "first-light" / "song.txt"
    assert PracticeSetupScene(load_song(chart)).setup.difficulty is Difficulty.HARD
    doc = ChartDocument.open(chart)
    stage = playtest_scene(doc, "P1", "guide", lambda app, outcome: None, sounds=False, play_audio=False)
    assert stage.setup.difficulty is Difficulty.HARD


def test_a_new_singers_first_colour_is_not_gold_and_seats_never_share_one(app):
    from alienstage_game.match.contestants import HUMAN_COLOURS, Contestant
    from alienstage_game.ui import theme
    from alienstage_game.ui.scenes import records_link
    from alienstage_game.ui.scenes.singers import NewSingerScene

    def near_gold(colour) -> bool:
        return sum(abs(a - b) for a, b in zip(colour, theme.GOLD)) < 50

    assert not any(near_gold(c) for c in HUMAN_COLOURS)
    first = NewSingerScene(lambda choice: None)
    assert first.colour == HUMAN_COLOURS[0]
    records_link.add_profile("Ana", HUMAN_COLOURS[0])
    assert NewSingerScene(lambda choice: None).colour == HUMAN_COLOURS[1]  # the next singer another colour

    seats = ContestantsScene(2)
    app.push(seats)
    seats.seats[0].who = Contestant.human("Ana", HUMAN_COLOURS[1])
    seats.seats[1].who = Contestant.human("Bo", HUMAN_COLOURS[2])
    press(app, pygame.K_F2)  # recolour seat 1: the next colour is seat 2's, so it is skipped
    assert seats.seats[0].who.colour == HUMAN_COLOURS[3]
    seats.seats[1].who = Contestant.human("Bo", HUMAN_COLOURS[3])  # the same colour twice...
    field = []
    seats.on_done = field.extend
    press(app, pygame.K_p)
    assert len({tuple(c.colour) for c in field}) == 2  # ...is never sung in the same colour


def test_mic_setup_words_silent_means_no_sound_and_loud_without_pitch_says_no_pitch():
    from alienstage_game.ui.scenes.mic_setup import level_status

    assert level_status(-90.0, None).startswith("Silent")
    assert level_status(-30.0, None).startswith("Loud, no pitch")
    assert "no pitch" in level_status(-55.0, None) and "Silent" not in level_status(-55.0, None)
    assert level_status(-20.0, 60.0).startswith("Hearing C4")
    assert level_status(None, None) == "No signal"
