"""Editor flows through real events: tap mode on a fake song clock, autosave and recovery
after a crash, duet editing, playback, a playtest on the stage, the waveform and pitch
curve, and the `alienstage edit` command."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pygame
import pytest
from test_editor import FRAME, chart_copy, click, ctrl, key, note_centre, open_editor, shot, tab_to, type_text

from alienstage_game.charts import load_song
from alienstage_game.editor import NoteRef, list_recoverable
from alienstage_game.ui.editor import player as player_mod
from alienstage_game.ui.scenes.editor import EditorScene


class FakeClock:
    """The song clock a test sets by hand (seconds into the track slice being played)."""

    source = "test clock"

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t


@pytest.fixture
def fake_audio(monkeypatch) -> FakeClock:
    clock = FakeClock()
    monkeypatch.setattr(player_mod, "OPENER", lambda track, sr: (None, clock))
    return clock


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    return chart_copy(tmp_path)


def tap_lyrics(app, scene, fake_audio, beats, shots: bool = False) -> None:
    """Type two lyric lines, split them, tap one (start, end) beat pair per syllable."""
    key(app, pygame.K_F5)
    assert scene.page == "Tap" and scene.field is scene.tap.field
    type_text(app, "hello bright")
    key(app, pygame.K_RETURN)  # a new lyric line
    type_text(app, "world")
    ctrl(app, pygame.K_RETURN)  # split into syllables
    assert scene.tap.syllables == [["hel", "lo", " bright"], ["world"]]
    assert scene.field.text == "hel+lo bright\nworld"
    if shots:
        shot(app, "tap-syllables")

    key(app, pygame.K_ESCAPE)  # leave the text, back to the roll
    key(app, pygame.K_F7)  # tap from the cursor (beat 0 = 0 s)
    scene.player.wait_ready()
    assert scene.player.playing
    clock = scene.clock
    for start, end in beats:
        fake_audio.t = clock.beat_to_seconds(start) + 0.01  # a hair late: quantised back
        key(app, pygame.K_SPACE)
        if start == 32 and shots:
            shot(app, "tap-mode")
        fake_audio.t = clock.beat_to_seconds(end)
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_SPACE, mod=0, unicode="", scancode=0))
        app.step(FRAME)
    key(app, pygame.K_RETURN)  # stop and keep


def test_tap_mode_times_syllables_as_one_edit(app, fake_audio):
    scene = open_editor(app, None)  # a new, empty chart (BPM 240: a beat is 62.5 ms)
    tap_lyrics(app, scene, fake_audio, [(16, 20), (24, 28), (32, 44), (56, 64)], shots=True)
    voice = scene.doc.song.voice("P1")
    assert [[(n.beat, n.length, n.text) for n in line.notes] for line in voice.lines] == [
        [(16, 4, "hel"), (24, 4, "lo"), (32, 12, " bright")], [(56, 8, "world")]]
    assert scene.doc.undo_label == "tap lyrics"
    ctrl(app, pygame.K_z)  # one undo takes the whole tapping back
    assert scene.doc.song.voice("P1").lines == []


def test_tapped_syllables_land_on_the_sung_pitch_curve(app, fake_audio):
    import numpy as np

    from alienstage_game.ui.editor.analysis import AudioPicture

    scene = open_editor(app, None)
    scene.analysis = None  # no background analysis: the test hands the scene its curve
    times = np.arange(0, 6, 0.01)
    midi = np.where(times < 3.2, 64.2, 71.0)  # E4 under the first line, B4 under "world"
    midi[(times > 1.52) & (times < 1.8)] = np.nan  # "lo" is breathed: it keeps E4
    scene.picture = AudioPicture(np.zeros(600, np.float32), 6.0, times, midi, "vocals.ogg")
    tap_lyrics(app, scene, fake_audio, [(16, 20), (24, 28), (32, 44), (56, 64)])
    pitches = [[n.pitch for n in line.notes] for line in scene.doc.song.voice("P1").lines]
    assert pitches == [[4, 4, 4], [11]]  # chart pitch 0 is C4
    assert "on the sung pitches" in scene.message[0]


def test_autosave_then_recovery_after_a_crash(app, chart):
    scene = open_editor(app, chart, autosave_s=0.0)
    click(app, note_centre(scene, NoteRef("P1", 0, 2)))
    key(app, pygame.K_UP)
    edited = scene.doc.text()
    app.step(FRAME)
    found = list_recoverable()
    assert [r.original_path for r in found] == [chart]
    assert json.loads(found[0].file.read_text(encoding="utf-8"))["id"] == scene.doc.id

    app.scenes.clear()  # the crash: no on_leave, no clean exit, the autosave stays
    again = open_editor(app, None)
    assert again.overlay is not None
    shot(app, "recovery")
    key(app, pygame.K_RETURN)  # restore the first (only) autosave
    assert again.overlay is None
    assert again.doc.text() == edited and again.doc.path == chart and again.doc.dirty
    ctrl(app, pygame.K_s)
    assert load_song(chart).voice("P1").lines[0].notes[2].pitch == 5
    assert list_recoverable() == []  # saved: nothing left to recover


def test_recovery_can_be_discarded(app, chart):
    scene = open_editor(app, chart, autosave_s=0.0)
    click(app, note_centre(scene, NoteRef("P1", 0, 2)))
    key(app, pygame.K_DELETE)
    app.step(FRAME)
    app.scenes.clear()
    again = open_editor(app, None)
    key(app, pygame.K_DELETE)  # discard the highlighted autosave
    assert again.overlay is None and list_recoverable() == []
    assert again.doc.song.voices[0].lines == []  # still the empty chart


def test_duet_copy_line_to_p2_switch_and_sing_together(app, chart):
    scene = open_editor(app, chart)
    click(app, note_centre(scene, NoteRef("P1", 1, 0)))
    key(app, pygame.K_c)  # one voice: P2 is added, then the line copied into it
    song = scene.doc.song
    assert [v.id for v in song.voices] == ["P1", "P2"]
    p1_line = song.voice("P1").lines[1]
    p2 = song.voice("P2")
    assert [(n.beat, n.pitch, n.text) for n in p2.lines[0].notes] == [(n.beat, n.pitch, n.text) for n in p1_line.notes]
    key(app, pygame.K_v)
    assert scene.voice == "P2"
    click(app, note_centre(scene, NoteRef("P2", 0, 0)))
    key(app, pygame.K_UP)  # edit P2's copy only
    assert scene.doc.song.voice("P2").lines[0].notes[0].pitch == p1_line.notes[0].pitch + 1
    assert scene.doc.song.voice("P1").lines[1].notes[0].pitch == p1_line.notes[0].pitch
    shot(app, "duet-p2")
    key(app, pygame.K_v)
    tab_to(app, scene, NoteRef("P1", 3, 0))
    assert scene.view.rect.collidepoint(note_centre(scene, NoteRef("P1", 3, 0)))
    key(app, pygame.K_c, pygame.KMOD_SHIFT)  # sing together: P2 sings line 4 as well
    beats = [n.beat for n in scene.doc.song.voice("P2").notes]
    assert scene.doc.song.voice("P1").lines[3].notes[0].beat in beats
    ctrl(app, pygame.K_s)
    saved = load_song(chart)
    assert saved.is_duet and len(saved.voice("P2").lines) == 2


def test_play_from_cursor_follows_the_clock_and_stops(app, chart, fake_audio):
    scene = open_editor(app, chart)
    key(app, pygame.K_g)  # guide melody on
    key(app, pygame.K_b)  # metronome on
    click(app, note_centre(scene, NoteRef("P1", 0, 0)))
    key(app, pygame.K_SPACE)
    scene.player.wait_ready(30.0)
    assert scene.player.playing and scene.player.offset_s == pytest.approx(scene.clock.beat_to_seconds(0))
    fake_audio.t = scene.clock.beat_to_seconds(40) - scene.player.offset_s
    app.step(FRAME)
    assert scene.play_beat() == pytest.approx(40, abs=0.01)
    key(app, pygame.K_SPACE)
    assert not scene.player.playing


def test_click_track_ticks_on_quarters_with_bars_brighter():
    from alienstage_game.editor import ChartDocument

    song = ChartDocument.new(bpm=120.0).song  # a beat = 125 ms, a quarter = 0.5 s
    clicks = player_mod.click_track(song, 0.0, 2.0, 8000)
    onsets = [i for i in range(1, clicks.size) if clicks[i] != 0 and clicks[i - 1] == 0]
    assert [round(i / 8000, 2) for i in onsets] == [0.0, 0.5, 1.0, 1.5]


def test_playtest_on_the_stage_and_back(app, chart, monkeypatch):
    from alienstage_game.ui.scenes import editor_ops
    from alienstage_game.ui.scenes.stage import StageScene

    monkeypatch.setattr(editor_ops, "PLAYTEST_OPTIONS", {"speed": 40.0, "play_audio": False, "sounds": False})
    scene = open_editor(app, chart)
    tab_to(app, scene, NoteRef("P1", 2, 0))
    key(app, pygame.K_F6)
    assert scene.overlay is not None
    key(app, pygame.K_RETURN)  # "Guide sings"
    stage = app.scene
    assert isinstance(stage, StageScene)
    test_chart = load_song(stage.setup.chart)
    line = scene.doc.song.voice("P1").lines[2]
    assert [n.text for n in test_chart.voice("P1").notes] == [n.text for n in line.notes]
    # The cut audio starts 2 s before the line: the line sounds at the same moment of the music.
    first = test_chart.clock.beat_to_seconds(line.notes[0].beat)
    assert first == pytest.approx(2.0, abs=0.01)
    assert (stage.setup.chart.parent / "playtest.wav").is_file()
    stage.on_finish(app, type("Outcome", (), {"seats": ()})())
    assert app.scene is scene


def test_new_chart_from_audio_waveform_and_pitch_curve(app, tmp_path):
    chart = chart_copy(tmp_path)
    audio = chart.parent / "backing.ogg"
    scene = EditorScene(audio=audio)
    app.push(scene)
    assert scene.doc.path == audio.with_suffix(".txt") and scene.doc.song.audio_path == audio
    assert scene.doc.song.title == "Backing"
    deadline = time.monotonic() + 120
    while scene.analysis is not None and time.monotonic() < deadline:
        app.step(FRAME)
        if scene.analysis is not None and scene.analysis.progress > 0.3 and not (
                Path("/tmp/alienstage-shots/editor/analysis-progress.png").exists()):
            shot(app, "analysis-progress")
        time.sleep(0.02)
    assert scene.picture is not None and scene.picture.duration_s > 30
    assert (scene.picture.midi > 0).sum() > 100  # the melody is heard
    # the real chart on the same audio, with the curve now cached for it
    full = EditorScene(path=chart)
    app.push(full)
    full.analysis.wait(30)
    app.step(FRAME)
    assert full.picture is not None
    click(app, note_centre(full, NoteRef("P1", 0, 2)))
    click(app, note_centre(full, NoteRef("P1", 0, 4)), mod=pygame.KMOD_SHIFT)
    shot(app, "piano-roll")


def test_edit_command_headless_screenshots(tmp_path):
    from alienstage_game.cli import main

    chart = chart_copy(tmp_path)
    out = tmp_path / "shots"
    assert main(["edit", str(chart), "--headless", "--seconds", "0.5", "--screenshots", str(out)]) == 0
    assert list(out.glob("*.png"))
    assert main(["edit", str(tmp_path / "missing.txt"), "--headless"]) == 2
