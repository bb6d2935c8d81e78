"""The editor from the title (issue 15): a new chart is saved into the user songs folder,
which the library lists at once; any chart of the library opens in the editor; the charts
edited lately are offered under Recent. Real key events."""

from __future__ import annotations

import pygame

from alienstage_game.charts.library import SongLibrary
from alienstage_game.editor.edits_notes import InsertNote
from alienstage_game.editor.edits_song import SetHeader
from alienstage_game.paths import bundled_levels_dir, user_songs_dir
from alienstage_game.ui.scenes.editor import EditorScene
from alienstage_game.ui.scenes.editor_door import EditorDoorScene
from alienstage_game.ui.scenes.library import LibraryScene
from alienstage_game.ui.scenes.title import TitleScene
from test_editor import ctrl
from ui_driver import press, shot, wait_for


def open_door(app) -> EditorDoorScene:
    app.push(TitleScene())
    title = app.scene
    while title.menu.current != "Editor":
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    door = app.scene
    assert isinstance(door, EditorDoorScene)
    return door


def leave_editor(app) -> None:
    """Esc clears the editor's selection first, then (nothing unsaved) leaves it."""
    editor = app.scene
    for _ in range(3):
        if app.scene is not editor:
            return
        press(app, pygame.K_ESCAPE)
    assert app.scene is not editor


def test_a_new_chart_lands_in_the_library_and_under_recent(app):
    door = open_door(app)
    assert door.menu.items == ["New chart", "Open a chart from the library"]  # nothing edited yet
    press(app, pygame.K_RETURN)  # New chart
    editor = app.scene
    assert isinstance(editor, EditorScene) and editor.doc.path is None
    editor.doc.apply(SetHeader("TITLE", "Moon Garden"))
    editor.doc.apply(InsertNote("P1", 0, 4, 5, "Moon"))
    ctrl(app, pygame.K_s)
    saved = user_songs_dir() / "moon-garden" / "song.txt"
    assert saved.is_file() and editor.doc.path == saved and not editor.doc.dirty
    leave_editor(app)  # nothing unsaved: one screen back, the door
    assert app.scene is door
    assert door.menu.items[2] == "Recent: moon-garden/song.txt"
    shot(app, "editor-door-recent")

    scan = SongLibrary.from_settings().refresh()  # the library lists the user songs folder by default
    assert user_songs_dir() in SongLibrary.from_settings().folders
    assert "Moon Garden" in {e.title for e in scan.entries}

    press(app, pygame.K_DOWN)
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)  # Recent: the chart again
    assert isinstance(app.scene, EditorScene) and app.scene.doc.path == saved


def test_any_library_chart_opens_in_the_editor(app):
    door = open_door(app)
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)  # Open a chart from the library
    library = app.scene
    assert isinstance(library, LibraryScene)
    wait_for(app, lambda: library.scan is not None)
    entry = library.current
    press(app, pygame.K_RETURN)
    editor = app.scene
    assert isinstance(editor, EditorScene) and editor.doc.path == entry.path
    assert bundled_levels_dir() in entry.path.parents
    leave_editor(app)  # back at the door, where the chart is now recent
    assert app.scene is door and door.menu.items[2].startswith("Recent: ")


def test_audio_put_in_the_songs_folder_is_charted_there_and_can_be_sung(app):
    import wave

    from alienstage_game.ui.scenes.flow import DuelFlow

    folder = user_songs_dir() / "my-tune"
    folder.mkdir(parents=True)
    with wave.open(str(folder / "my-tune.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 8000 * 4)
    door = open_door(app)
    assert door.menu.items[:3] == ["New chart", "Chart the audio: my-tune.wav", "Open a chart from the library"]
    shot(app, "editor-door-audio")
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    editor = app.scene
    assert isinstance(editor, EditorScene) and editor.doc.path == folder / "my-tune.txt"
    editor.doc.apply(InsertNote("P1", 0, 4, 5, "Hum"))
    ctrl(app, pygame.K_s)
    assert (folder / "my-tune.txt").is_file()
    leave_editor(app)
    assert "Chart the audio: my-tune.wav" not in door.menu.items  # charted now
    entry = next(e for e in SongLibrary.from_settings().refresh().entries if e.path == folder / "my-tune.txt")
    assert entry.audio_problem is None  # playable at once: a duel takes it
    duel = DuelFlow(app)
    duel.song_chosen(entry)
    assert type(app.scene).__name__ == "ContestantsScene"
