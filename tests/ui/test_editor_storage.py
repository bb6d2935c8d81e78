"""The editor when the disk says no: autosave on a full disk, Ctrl+S into a read-only song
folder. The author is told on screen, the edits stay, and another folder takes them.
Real tmpfs mounts; screenshots under /tmp/alienstage-shots/editor/."""

from __future__ import annotations

from pathlib import Path

import pygame

from alienstage_game.charts import load_song
from alienstage_game.editor import NoteRef
from storage_mounts import full_disk, read_only
from test_editor import FRAME, chart_copy, ctrl, key, open_editor, shot, tab_to


def test_autosave_on_a_full_disk_is_said_and_the_editor_goes_on(app, tmp_path: Path, alienstage_home: Path) -> None:
    chart = chart_copy(tmp_path)
    with full_disk(alienstage_home / "data" / "autosave", "64k") as disk:
        disk.fill()
        scene = open_editor(app, chart, autosave_s=0.0)
        tab_to(app, scene, NoteRef("P1", 0, 0))
        key(app, pygame.K_UP)  # an edit: the autosave is due at once, and refused
        for _ in range(30):
            app.step(FRAME)
        assert scene.autosaver.problem == "the disk is full"
        assert scene.doc.dirty
        path = shot(app, "autosave-disk-full")
        assert path.is_file()
        disk.free()
        key(app, pygame.K_UP)  # the next edit autosaves again
        for _ in range(5):
            app.step(FRAME)
        assert scene.autosaver.problem is None and scene.autosaver.file.is_file()


def test_ctrl_s_into_a_read_only_folder_offers_another_and_saves_there(app, tmp_path: Path,
                                                                      alienstage_home: Path) -> None:
    with read_only(tmp_path / "songs") as mount:
        mount.set_read_only(False)
        chart = mount.path / "song.txt"
        chart.write_bytes(chart_copy(tmp_path).read_bytes())
        before = chart.read_bytes()
        mount.set_read_only(True)
        scene = open_editor(app, chart)
        ref = NoteRef("P1", 0, 0)
        tab_to(app, scene, ref)
        key(app, pygame.K_UP)
        pitch = scene.doc.note(ref).pitch
        ctrl(app, pygame.K_s)
        assert scene.overlay is not None and scene.overlay.title == "Not saved"
        assert "the folder is read-only" in scene.overlay.body
        shot(app, "save-read-only-dialog")
        key(app, pygame.K_RETURN)  # "Save in the data folder"
        rescued = scene.doc.path
        assert rescued is not None and (alienstage_home / "data" / "rescued") in rescued.parents
        assert load_song(rescued).voices[0].lines[0].notes[0].pitch == pitch
        assert not scene.doc.dirty
        assert chart.read_bytes() == before  # the read-only original is untouched
        shot(app, "saved-elsewhere")
