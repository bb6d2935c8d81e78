"""The editor's timing tools headless: F8 fits a chart 300 ms off back onto its audio
(shown first, applied as one undoable edit), and a typed #BPM asks whether the notes keep
their times or their beats."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import pytest

from alienstage_game.bench import timing_mixes as tm
from alienstage_game.charts import write_song
from alienstage_game.ui.editor.overlays import ChoiceDialog

from test_editor import FRAME, ctrl, key, open_editor, shot  # noqa: E402 -- the editor tests' drivers

pytestmark = pytest.mark.filterwarnings("ignore")
OFFSET_MS = 300.0


@pytest.fixture(scope="module")
def known() -> tm.KnownSong:
    vocal, notes = tm.synthetic_vocal(7, 8.0)
    return tm.mix_song("editor-fit", vocal, notes, quarter_bpm=117.3, intro_s=10.0, seed=7)


@pytest.fixture
def chart(tmp_path: Path, known: tm.KnownSong) -> Path:
    import soundfile

    soundfile.write(tmp_path / "song.wav", np.asarray(known.mix.T), tm.SR, subtype="PCM_16")
    song = tm.chart_of(known.notes, quarter_bpm=known.quarter_bpm)
    song.headers.update(GAP=f"{known.first_vocal_s * 1000.0 + OFFSET_MS:.1f}", AUDIO="song.wav")
    write_song(song, tmp_path / "song.txt")
    return tmp_path / "song.txt"


def test_fit_to_audio_shows_the_shift_then_applies_it_undoably(app, chart, known) -> None:
    scene = open_editor(app, chart)
    gap_before = scene.doc.song.gap_ms
    key(app, pygame.K_F8)
    assert scene.timing is not None and scene.timing.label == "fit"
    assert scene.timing.wait(60)
    app.step(FRAME)
    dialog = scene.overlay
    assert isinstance(dialog, ChoiceDialog) and dialog.title == "Fit to audio"
    assert "ms earlier" in dialog.body and "Confidence" in dialog.body
    assert scene.doc.song.gap_ms == gap_before  # nothing changes before the author says so
    shot(app, "fit-to-audio")
    key(app, pygame.K_RETURN)  # Apply
    assert abs(scene.doc.song.gap_ms - known.first_vocal_s * 1000.0) <= 50.0
    assert "keep beats" in scene.doc.undo_label
    ctrl(app, pygame.K_z)
    assert scene.doc.song.gap_ms == pytest.approx(gap_before)


def test_a_typed_bpm_asks_keep_note_times_or_keep_beats(app, chart) -> None:
    scene = open_editor(app, chart)
    clock = scene.doc.song.clock
    times = [clock.beat_to_ms(n.beat) for n in scene.doc.song.voices[0].notes]
    bpm = float(scene.doc.song.headers["BPM"])
    row = [k for k, _, _ in scene.headers.fields(scene.doc.song)].index("BPM")
    scene.edit_header(row)
    scene.field.text = f"{bpm / 2:g}"
    key(app, pygame.K_RETURN)
    dialog = scene.overlay
    assert isinstance(dialog, ChoiceDialog) and dialog.options[:2] == ["Keep note times", "Keep beats"]
    shot(app, "bpm-keep-note-times")
    key(app, pygame.K_RETURN)  # Keep note times
    clock = scene.doc.song.clock
    assert scene.doc.song.bpm == pytest.approx(bpm / 2)
    after = [clock.beat_to_ms(n.beat) for n in scene.doc.song.voices[0].notes]
    assert max(abs(a - b) for a, b in zip(times, after)) <= 15000.0 / (bpm / 2) / 2 + 1e-6
