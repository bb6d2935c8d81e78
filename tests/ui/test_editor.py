"""The chart editor driven headless through real key and mouse events: select and move a
note with the mouse, pitch by keys, split/merge, typing a syllable, undo back to the
original text, save with a backup, leaving with unsaved changes, help and problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygame
import pytest

from alienstage_game.charts import NoteKind, load_song
from alienstage_game.editor import NoteRef
from alienstage_game.paths import bundled_levels_dir
from alienstage_game.ui.scenes.editor import EditorScene

SHOTS = Path("/tmp/alienstage-shots/editor")
FRAME = 1 / 60


# -- driving the app (also imported by the other editor tests) ------------------------------
def key(app, k: int, mod: int = 0, frames: int = 1, up: bool = False) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    if up:
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode="", scancode=0))
    for _ in range(frames):
        app.step(FRAME)


def ctrl(app, k: int, shift: bool = False) -> None:
    key(app, k, pygame.KMOD_CTRL | (pygame.KMOD_SHIFT if shift else 0))


def type_text(app, text: str) -> None:
    for char in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
    app.step(FRAME)


def mouse(app, kind: int, pos, mod: int = 0, button: int = 1) -> None:
    if kind == pygame.MOUSEMOTION:
        pygame.event.post(pygame.event.Event(kind, pos=pos, rel=(0, 0), buttons=(1, 0, 0)))
    else:
        pygame.event.post(pygame.event.Event(kind, pos=pos, button=button, mod=mod))
    app.step(FRAME)


def click(app, pos, mod: int = 0) -> None:
    mouse(app, pygame.MOUSEBUTTONDOWN, pos, mod)
    mouse(app, pygame.MOUSEBUTTONUP, pos, mod)
    for _ in range(30):  # let a double-click window pass between separate clicks
        app.step(FRAME)


def drag(app, start, end, steps: int = 4) -> None:
    mouse(app, pygame.MOUSEBUTTONDOWN, start)
    for k in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * k // steps
        y = start[1] + (end[1] - start[1]) * k // steps
        mouse(app, pygame.MOUSEMOTION, (x, y))
    mouse(app, pygame.MOUSEBUTTONUP, end)


def shot(app, name: str) -> Path:
    for _ in range(20):  # the crossfade from the previous scene ends
        app.step(FRAME)
    path = SHOTS / f"{name}.png"
    app.screenshot(path)
    return path


def note_centre(scene: EditorScene, ref: NoteRef) -> tuple[int, int]:
    note = scene.doc.note(ref)
    return scene.view.note_rect(note.beat, note.length, note.pitch).center


def chart_copy(tmp_path: Path, level: str = "first-light") -> Path:
    folder = tmp_path / level
    shutil.copytree(bundled_levels_dir() / level, folder)
    return folder / "song.txt"


def tab_to(app, scene: EditorScene, ref: NoteRef) -> None:
    """Select ``ref`` by walking with Tab (the roll scrolls to each note)."""
    for _ in range(80):
        if scene.doc.selection == (ref,):
            return
        key(app, pygame.K_TAB)
    raise AssertionError(f"Tab never reached {ref}")


def open_editor(app, path: Path | None = None, **options) -> EditorScene:
    options.setdefault("analyse", False)
    scene = EditorScene(path=path, **options)
    app.push(scene)
    app.step(FRAME)
    return scene


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    return chart_copy(tmp_path)


# -- tests ----------------------------------------------------------------------------------
def test_mouse_select_drag_and_pitch_keys_then_undo_all(app, chart):
    original = chart.read_text(encoding="utf-8")
    scene = open_editor(app, chart)
    text_before = scene.doc.text()
    ref = NoteRef("P1", 0, 2)  # " moons": beat 40, pitch 4
    click(app, note_centre(scene, ref))
    assert scene.doc.selection == (ref,)

    start = note_centre(scene, ref)
    px, row = scene.view.px_per_beat, scene.view.row_h
    drag(app, start, (start[0] + round(px * 1), start[1] - row))  # one beat later, a semitone up
    note = scene.doc.note(scene.doc.selection[0])
    assert (note.beat, note.pitch, note.text) == (41, 5, " moons")
    assert scene.doc.undo_label == "move 1 note"

    key(app, pygame.K_UP)
    key(app, pygame.K_UP)
    key(app, pygame.K_DOWN)
    assert scene.doc.note(scene.doc.selection[0]).pitch == 6
    key(app, pygame.K_PAGEDOWN)  # an octave down
    assert scene.doc.note(scene.doc.selection[0]).pitch == -6
    key(app, pygame.K_RIGHT, pygame.KMOD_SHIFT)  # one beat longer
    assert scene.doc.note(scene.doc.selection[0]).length == 5
    key(app, pygame.K_2)
    assert scene.doc.note(scene.doc.selection[0]).kind is NoteKind.GOLDEN
    shot(app, "selection-moved")

    while scene.doc.can_undo:
        ctrl(app, pygame.K_z)
    assert scene.doc.text() == text_before
    ctrl(app, pygame.K_y)
    assert scene.doc.text() != text_before
    ctrl(app, pygame.K_z)
    assert scene.doc.text() == text_before
    assert chart.read_text(encoding="utf-8") == original  # nothing saved by itself


def test_split_merge_type_syllable_and_undo_back_to_original(app, chart):
    scene = open_editor(app, chart)
    text_before = scene.doc.text()
    ref = NoteRef("P1", 0, 6)  # " stage": beat 56, length 6
    click(app, note_centre(scene, ref))
    key(app, pygame.K_s)
    line = scene.doc.song.voice("P1").lines[0]
    assert [(n.beat, n.length, n.text) for n in line.notes[6:8]] == [(56, 3, " stage"), (59, 3, "~")]
    assert len(scene.doc.selection) == 2
    key(app, pygame.K_m)
    line = scene.doc.song.voice("P1").lines[0]
    assert [(n.beat, n.length, n.text) for n in line.notes[6:]] == [(56, 6, " stage")]

    # shift-click a second note, then merge the two
    click(app, note_centre(scene, NoteRef("P1", 0, 5)))
    click(app, note_centre(scene, NoteRef("P1", 0, 6)), mod=pygame.KMOD_SHIFT)
    assert scene.doc.selection == (NoteRef("P1", 0, 5), NoteRef("P1", 0, 6))
    key(app, pygame.K_m)
    assert len(scene.doc.song.voice("P1").lines[0].notes) == 6

    # type a syllable: Enter opens the field, Backspace and typing edit, Enter commits
    click(app, note_centre(scene, NoteRef("P1", 0, 0)))
    key(app, pygame.K_RETURN)
    assert scene.field is not None
    for _ in range(2):
        key(app, pygame.K_BACKSPACE)
    type_text(app, "Sé")
    key(app, pygame.K_TAB)  # commits and moves on to the next syllable
    assert scene.doc.song.voice("P1").lines[0].notes[0].text == "Sé"
    assert scene.field is not None and scene.field_target == ("note", NoteRef("P1", 0, 1))
    type_text(app, "x")
    key(app, pygame.K_RETURN)
    assert scene.doc.song.voice("P1").lines[0].notes[1].text == "venx"
    assert scene.field is None

    # line break at a note, then undo everything
    click(app, note_centre(scene, NoteRef("P1", 0, 3)))
    key(app, pygame.K_l)
    assert len(scene.doc.song.voice("P1").lines) == 8
    while scene.doc.can_undo:
        ctrl(app, pygame.K_z)
    assert scene.doc.text() == text_before
    assert not scene.doc.dirty


def test_box_select_delete_insert_and_kinds(app, chart):
    scene = open_editor(app, chart)
    a = note_centre(scene, NoteRef("P1", 0, 0))
    b = note_centre(scene, NoteRef("P1", 0, 2))
    top = scene.view.y_of(10)
    drag(app, (a[0] - 8, top), (b[0] + 4, scene.view.y_of(-6)))
    assert scene.doc.selection == tuple(NoteRef("P1", 0, i) for i in range(3))
    key(app, pygame.K_4)
    assert {scene.doc.note(r).kind for r in scene.doc.selection} == {NoteKind.RAP}
    key(app, pygame.K_DELETE)
    assert [n.text for n in scene.doc.song.voice("P1").lines[0].notes][:2] == [" a", "bove"]
    # a click on empty space puts the cursor there; Insert adds a note at the cursor
    empty = (scene.view.x_of(33), scene.view.y_of(-12) + 5)
    click(app, empty)
    assert scene.doc.selection == () and scene.doc.cursor.beat == 33
    key(app, pygame.K_INSERT)
    assert scene.doc.note(scene.doc.selection[0]).beat == 33


def test_save_keeps_a_backup_and_leaving_asks_first(app, chart):
    original = chart.read_bytes()
    scene = open_editor(app, chart)
    click(app, note_centre(scene, NoteRef("P1", 0, 2)))
    key(app, pygame.K_UP)
    ctrl(app, pygame.K_s)
    assert chart.with_name("song.txt.bak").read_bytes() == original
    saved = load_song(chart)
    assert saved.voice("P1").lines[0].notes[2].pitch == 5
    assert saved.version == "1.1.0"
    assert not scene.doc.dirty and "saved" in scene.message[0]

    key(app, pygame.K_UP)  # unsaved again
    key(app, pygame.K_ESCAPE)  # clears the selection
    key(app, pygame.K_ESCAPE)  # asks about the unsaved edit
    assert scene.overlay is not None
    shot(app, "leave-prompt")
    key(app, pygame.K_RIGHT)  # "Leave without saving"
    key(app, pygame.K_RETURN)
    assert app.scene is not scene
    assert load_song(chart).voice("P1").lines[0].notes[2].pitch == 5  # the unsaved edit is gone
    assert not list((Path(scene.autosaver.directory)).glob("*.json"))


def test_problems_panel_lists_an_overlap_and_jumps_to_it(app, chart):
    scene = open_editor(app, chart)
    ref = NoteRef("P1", 0, 1)
    click(app, note_centre(scene, ref))
    for _ in range(3):
        key(app, pygame.K_RIGHT, pygame.KMOD_SHIFT)  # now runs into the next note
    key(app, pygame.K_F4)
    assert scene.page == "Problems"
    codes = {p.code for p in scene.problems}
    assert "overlap" in codes
    key(app, pygame.K_ESCAPE)  # focus back to the roll
    scene.doc.clear_selection()
    problem_rect, problem = next((r, p) for r, p in scene.problems_panel.rects if p.code == "overlap")
    click(app, problem_rect.center)
    assert scene.doc.selection == (NoteRef("P1", 0, problem.note),)
    shot(app, "problems-panel")


def test_help_overlay_opens_with_f1_and_question_mark(app, chart):
    scene = open_editor(app, chart)
    key(app, pygame.K_F1)
    assert scene.overlay is not None
    shot(app, "help")
    key(app, pygame.K_a)
    assert scene.overlay is None
    type_text(app, "?")
    assert scene.overlay is not None


def test_headers_panel_edits_bpm_and_title_by_typing(app, chart):
    scene = open_editor(app, chart)
    key(app, pygame.K_F3)
    key(app, pygame.K_RETURN)  # Title
    for _ in range(len("First Light")):
        key(app, pygame.K_BACKSPACE)
    type_text(app, "Last Light")
    key(app, pygame.K_RETURN)
    assert scene.doc.song.title == "Last Light"
    key(app, pygame.K_DOWN)
    key(app, pygame.K_DOWN)
    key(app, pygame.K_RETURN)  # BPM
    type_text(app, "x")
    key(app, pygame.K_RETURN)
    assert scene.doc.song.headers["BPM"] == "90"  # not a number: refused
    key(app, pygame.K_RETURN)
    key(app, pygame.K_BACKSPACE)
    key(app, pygame.K_BACKSPACE)
    type_text(app, "120")
    key(app, pygame.K_RETURN)
    assert scene.overlay.options[:2] == ["Keep note times", "Keep beats"]  # the chart has notes: asked
    key(app, pygame.K_RIGHT)
    key(app, pygame.K_RETURN)  # keep beats
    assert scene.doc.song.bpm == 120
    key(app, pygame.K_RIGHTBRACKET)  # GAP +10 ms (roll keys still work from the panel)
    assert scene.doc.song.gap_ms == 510
    ctrl(app, pygame.K_z)
    ctrl(app, pygame.K_z)
    ctrl(app, pygame.K_z)
    assert scene.doc.song.title == "First Light" and scene.doc.song.bpm == 90


def test_pad_moves_selects_and_cycles_kinds(app, chart):
    scene = open_editor(app, chart)
    for button in (5, 5):  # right shoulder: next note
        pygame.event.post(pygame.event.Event(pygame.JOYBUTTONDOWN, button=button, joy=0, instance_id=0))
        app.step(FRAME)
    assert scene.doc.selection == (NoteRef("P1", 0, 1),)
    pygame.event.post(pygame.event.Event(pygame.JOYHATMOTION, value=(0, 1), hat=0, joy=0, instance_id=0))
    app.step(FRAME)
    assert scene.doc.note(scene.doc.selection[0]).pitch == 1
    pygame.event.post(pygame.event.Event(pygame.JOYBUTTONDOWN, button=3, joy=0, instance_id=0))
    app.step(FRAME)
    assert scene.doc.note(scene.doc.selection[0]).kind is NoteKind.GOLDEN


def test_a_broken_chart_opens_empty_and_says_where(app, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text("#TITLE:Broken\n: 0 4 0 la\n", encoding="utf-8")
    scene = open_editor(app, broken)
    assert f"{broken}:1: no #BPM" in scene.message[0]
    assert scene.doc.song.voices[0].lines == []
    # a line the reader skips is named with its line number
    broken.write_text("#TITLE:Odd\n#BPM:200\n: 0 4 0 la\n: x 4 0 la\n", encoding="utf-8")
    scene = open_editor(app, broken)
    assert scene.message[0].startswith("broken.txt:4: cannot read note")
    assert len(scene.doc.song.voices[0].lines[0].notes) == 1


def test_detect_bpm_and_gap_offers_and_applies_as_undoable_edits(app, chart):
    from alienstage_game.timing import propose_timing

    scene = open_editor(app, chart)
    ctrl(app, pygame.K_t)
    assert scene.timing is not None
    scene.timing.wait(120)
    app.step(FRAME)
    assert scene.overlay is not None  # the offer
    shot(app, "timing-offer")
    key(app, pygame.K_RETURN)  # "Apply both"
    expected = propose_timing(chart.parent / "backing.ogg")
    assert scene.doc.song.bpm == pytest.approx(expected.bpm)
    assert scene.doc.song.gap_ms == pytest.approx(expected.gap_ms)
    ctrl(app, pygame.K_z)
    ctrl(app, pygame.K_z)
    assert scene.doc.song.headers["BPM"] == "90" and scene.doc.song.headers["GAP"] == "500"
