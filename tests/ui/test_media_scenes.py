"""Songs as their authors meant, on the real scenes: the instrumental plays, #START..#END
is what is sung, a three-song medley runs to one verdict, and a song whose audio is
missing is listed with its reason and refused as a duel."""

from __future__ import annotations

import sys
from pathlib import Path

import pygame
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alienstage_game.match.contestants import contestant  # noqa: E402
from alienstage_game.ui.scenes.contestants import ContestantsScene  # noqa: E402
from alienstage_game.ui.scenes.library import LibraryScene  # noqa: E402
from alienstage_game.ui.scenes.notice import NoticeScene  # noqa: E402
from alienstage_game.ui.scenes.title import TitleScene  # noqa: E402
from show.media_library import write_media_library  # noqa: E402
from ui_driver import FRAME, pad_hat, press, shot, wait_for  # noqa: E402


@pytest.fixture
def library(tmp_path):
    return write_media_library(tmp_path / "songs")


def go_to(app, scene, title: str) -> None:
    index = next(i for i, row in enumerate(scene.rows) if getattr(row, "title", None) == title)
    while scene.selected != index:
        press(app, pygame.K_DOWN if scene.selected < index else pygame.K_UP, frames=1)


def test_a_song_without_audio_is_listed_with_its_reason_and_refused_as_a_duel(app, library):
    app.push(TitleScene())
    app.push(LibraryScene(folders=[library["silent"].parent.parent]))
    browser = app.scene
    wait_for(app, lambda: browser.scan is not None)
    silent = next(row for row in browser.rows if getattr(row, "title", None) == "silent")
    assert silent.audio_problem == "the audio file 'silent.wav' is missing"
    go_to(app, browser, "silent")
    for _ in range(45):  # the selection rests: no preview for a song with no audio
        app.step(FRAME)
    assert browser.preview.playback is None and browser.preview.note == "No audio to preview"
    shot(app, "library-missing-audio")
    press(app, pygame.K_RETURN)  # opened from the title: Enter would start a duet battle
    notice = app.scene
    assert isinstance(notice, NoticeScene)
    assert notice.body.startswith("No audio: the audio file 'silent.wav' is missing. Add the file or fix #AUDIO.")
    shot(app, "duel-refused-no-audio")
    press(app, pygame.K_RETURN)
    assert app.scene is browser
    go_to(app, browser, "karaoke")  # a song that plays goes on to the contestants
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, ContestantsScene)


def cpu_pair():
    return [contestant("juno-vask"), contestant("siv-maro")]


def test_the_stage_plays_the_instrumental_or_with_the_setting_the_original(app, library, monkeypatch):
    from alienstage_game import settings as settings_io
    from alienstage_game.audio import playback as playback_mod
    from alienstage_game.charts.library import SongLibrary
    from alienstage_game.scoring import Difficulty
    from alienstage_game.show.backing import sped_up_clock
    from alienstage_game.ui.scenes import prefs, stage_link
    from alienstage_game.ui.scenes.stage import StageScene

    opened = []

    def fake_output(track, sr=None, **kwargs):  # stands in for the sound card: records what it was given
        opened.append((Path(track).name, kwargs.get("start_s")))
        return None, sped_up_clock(40.0)

    monkeypatch.setattr(playback_mod, "open_playback_or_clock", fake_output)
    entry = next(e for e in SongLibrary([library["karaoke"].parent]).refresh().entries if e.title == "karaoke")
    assert entry.instrumental_path.name == "karaoke [instr].wav"
    for choice, expected in ((None, "karaoke [instr].wav"), ("original", "karaoke.wav")):
        if choice:
            saved = settings_io.load()
            prefs.put(saved, "duel_backing", choice)
            settings_io.save(saved)
        setup = stage_link.duel_setup(entry, cpu_pair(), Difficulty.MEDIUM)
        assert setup.hear_original is (choice == "original")
        app.push(StageScene(setup, sounds=False))
        stage = app.scene
        wait_for(app, lambda: stage.session is not None and stage.session.backing.opened)
        assert opened[-1] == (expected, 0.0)
        assert stage.session.backing.audio_path.name == expected
        app.pop()


def test_the_stage_sings_from_start_to_end(app, library):
    from alienstage_game.scoring import Difficulty
    from alienstage_game.show import LineRated
    from alienstage_game.ui.scenes import stage_link
    from alienstage_game.ui.scenes.stage import StageScene

    setup = stage_link.duel_setup(library["startend"], cpu_pair(), Difficulty.MEDIUM)
    outcomes = []
    app.push(TitleScene())
    app.push(StageScene(setup, on_finish=lambda a, o: outcomes.append(o), speed=40.0, play_audio=False,
                        sounds=False))
    stage = app.scene
    app.step(FRAME)
    assert stage.session.time >= 4.5 - 1e-6  # the song starts at #START
    seen = []
    wait_for(app, lambda: (seen.append(stage.session.time), bool(outcomes))[1], frames=3000)
    assert min(seen) >= 4.5 - 1e-6 and stage.session.end_s == pytest.approx(11.0)
    rated = {e.line_index for e in stage.events if isinstance(e, LineRated)}
    assert rated == {0, 1, 2}
    assert [line.lyrics for line in outcomes[0].song.voices[0].lines] == ["five six", "seven eight", "nine ten"]


def test_a_three_song_medley_from_the_browser_to_one_verdict(app, library, monkeypatch):
    from alienstage_game.ui.scenes import stage_link
    from alienstage_game.ui.scenes.medley import MedleyFlow, MedleyResultsScene, MedleyStageScene

    # A sped-up clock, slow enough for a picture of the second song (the whole medley in ~3 s).
    monkeypatch.setattr(stage_link, "STAGE_OPTIONS", {"speed": 8.0, "play_audio": False, "sounds": False})

    app.push(TitleScene())
    MedleyFlow(app, folders=[library["karaoke"].parent.parent]).begin()
    browser = app.scene
    wait_for(app, lambda: browser.scan is not None)
    press(app, pygame.K_RIGHT)  # nothing picked yet: the show says what to do
    assert "Pick at least 2" in browser.note
    go_to(app, browser, "silent")
    press(app, pygame.K_RETURN)  # refused: no audio
    assert browser.picks == [] and browser.note.startswith("No audio:")
    for title in ("karaoke", "v2marked", "chorus"):
        go_to(app, browser, title)
        press(app, pygame.K_RETURN)
    assert [p.title for p in browser.picks] == ["karaoke", "v2marked", "chorus"]
    shot(app, "medley-picks")
    pad_hat(app, (1, 0))  # D-pad right: sing the medley
    seats = app.scene
    assert isinstance(seats, ContestantsScene)
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_p)  # Start: a CPU rival takes the empty seat
    stage = app.scene
    assert isinstance(stage, MedleyStageScene)
    plan = stage.plan
    assert [p.title for p in plan.parts] == ["karaoke", "v2marked", "chorus"]
    assert plan.parts[0].audio.name == "karaoke [instr].wav"  # the instrumental, here too
    wait_for(app, lambda: stage.session.time > plan.parts[1].offset_s + 2.6, frames=3000)
    app.screenshot(Path("/tmp/alienstage-shots/menus/medley-stage.png"))  # no settle: the song runs on
    assert stage._part_shown == 1
    wait_for(app, lambda: isinstance(app.scene, MedleyResultsScene), frames=3000)
    results = app.scene
    outcome = results.outcome
    assert not outcome.aborted and outcome.winner in (0, 1)
    assert outcome.title == "Medley: karaoke · v2marked · chorus"
    assert len(outcome.verdict.cards[0].lines) == 10  # every section's lines, one card
    assert [title for title, _ in results.parts] == ["karaoke", "v2marked", "chorus"]
    assert all(a + b > 0 for _, (a, b) in results.parts)
    assert sum(a for _, (a, _b) in results.parts) == pytest.approx(outcome.seats[0].score, abs=3)
    press(app, pygame.K_RETURN)  # skip the ceremony
    shot(app, "medley-results")


def test_the_command_line_medley_opens_on_the_contestants_and_refuses_a_song_with_no_audio(app, library):
    import subprocess

    from alienstage_game.ui.scenes.medley import MedleyFlow

    app.push(TitleScene())
    MedleyFlow(app).songs_chosen([library["karaoke"], library["chorus"]])
    assert isinstance(app.scene, ContestantsScene) and app.scene.title == "Medley"
    app.pop()
    MedleyFlow(app).songs_chosen([library["karaoke"], library["silent"]])
    assert isinstance(app.scene, NoticeScene)
    assert app.scene.body == "No audio for silent: 'silent.wav' is missing. Add the file or fix #AUDIO."
    out = subprocess.run([sys.executable, "-m", "alienstage_game.cli", "play", "--help"], capture_output=True,
                         text=True, timeout=60).stdout
    assert "--medley CHART [CHART ...]" in out and "medley" in out


def test_the_preview_starts_at_previewstart_else_the_medley_else_a_third_in(library):
    from alienstage_game.charts.library import SongLibrary
    from alienstage_game.ui.scenes.library import preview_start_s

    entries = {e.title: e for e in SongLibrary([library["karaoke"].parent.parent]).refresh().entries}
    assert preview_start_s(entries["marked"]) == pytest.approx(4.0)  # #PREVIEWSTART:4.0 (v1: seconds)
    assert preview_start_s(entries["karaoke"]) == pytest.approx(3.0)  # its medley start (beat 16)
    assert preview_start_s(entries["startend"]) == pytest.approx(entries["startend"].duration_ms / 3000.0)
