"""Song browser additions: cover image, difficulty and mode marks, the preview (and its
honest note when no output device plays it), and choosing a song for a mode's flow."""

from __future__ import annotations

from pathlib import Path

import pygame

from alienstage_game.ui import widgets_song
from alienstage_game.ui.scenes.contestants import ContestantsScene
from alienstage_game.ui.scenes.library import LibraryScene
from alienstage_game.ui.scenes.title import TitleScene
from ui_driver import FRAME, press, settle, shot, wait_for

DUET = """#TITLE:Twin Moons
#ARTIST:Vexa Moon
#BPM:200
#GAP:0
#PREVIEWSTART:1.5
#AUDIO:twin.ogg
#COVER:cover.png
P1
: 0 4 0 la
- 8
P2
: 10 4 2 lo
E
"""


def write_duet(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "song.txt").write_text(DUET)
    (folder / "twin.ogg").write_bytes(b"OggS not really audio")
    cover = pygame.Surface((64, 64))
    cover.fill((250, 40, 40))
    pygame.image.save(cover, str(folder / "cover.png"))
    return folder


def test_cover_mark_and_choose_for_the_mode(app, tmp_path):
    write_duet(tmp_path / "twin")
    chosen = []
    app.push(TitleScene())
    app.push(LibraryScene(folders=[tmp_path], on_choose=chosen.append, heading="Pick a song"))
    scene = app.scene
    wait_for(app, lambda: scene.scan is not None)
    entry = scene.current
    assert entry.title == "Twin Moons" and entry.is_duet and entry.cover_path.name == "cover.png"
    assert widgets_song.song_mark(entry) == "duet"
    # The cover is drawn in the details panel: its red shows at the panel's top left.
    settle(app)
    assert tuple(app.canvas.get_at((800 + 75, 138 + 75)))[:3] == (250, 40, 40)
    shot(app, "library-cover-duet")
    press(app, pygame.K_RETURN)
    assert chosen == [entry]


def test_preview_without_an_output_device_says_so(app, tmp_path, monkeypatch):
    from alienstage_game.audio import playback
    from alienstage_game.audio.devices import AudioUnavailable

    def no_output(*args, **kwargs):
        raise AudioUnavailable("no output device")

    monkeypatch.setattr(playback.Playback, "open_file", classmethod(lambda cls, *a, **k: no_output()))
    write_duet(tmp_path / "twin")
    app.push(LibraryScene(folders=[tmp_path]))
    scene = app.scene
    wait_for(app, lambda: scene.scan is not None)
    for _ in range(45):  # the selection rests: the preview is asked for
        app.step(FRAME)
    wait_for(app, lambda: not scene.preview.loading)
    assert scene.preview.playback is None
    assert scene.preview.note.startswith("Preview silent: no audio output")
    shot(app, "library-preview-no-output")


def test_preview_starts_at_previewstart(app, tmp_path, monkeypatch):
    from alienstage_game.audio import playback

    opened = []

    class Quiet:
        def close(self, wait_s=1.0):
            opened.append("closed")

    def fake_open(cls, path, **kwargs):
        opened.append((Path(path).name, kwargs["start_s"]))
        return Quiet()

    monkeypatch.setattr(playback.Playback, "open_file", classmethod(fake_open))
    write_duet(tmp_path / "twin")
    app.push(TitleScene())
    app.push(LibraryScene(folders=[tmp_path]))
    scene = app.scene
    wait_for(app, lambda: scene.scan is not None)
    for _ in range(45):
        app.step(FRAME)
    wait_for(app, lambda: scene.preview.playback is not None)
    assert opened == [("twin.ogg", 1.5)]
    press(app, pygame.K_RETURN)  # from the plain library, Enter starts a duet battle with it
    assert isinstance(app.scene, ContestantsScene)
    assert opened[-1] == "closed"  # leaving the browser stops the preview
