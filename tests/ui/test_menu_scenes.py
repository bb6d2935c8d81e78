"""The real app, headless, driven by real key events: title -> library -> search -> back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pygame = pytest.importorskip("pygame")

from alienstage_game.cli import main
from alienstage_game.ui.app import App
from alienstage_game.ui.scenes.library import LibraryScene
from alienstage_game.ui.scenes.title import TitleScene
from ui_driver import press, type_text

REPO = Path(__file__).resolve().parents[2]


def wait_for_scan(app: App, scene: LibraryScene) -> None:
    for _ in range(600):
        if scene.scan is not None or scene.scan_error:
            app.step(1 / 60)  # the scene lists a finished scan on its next frame
            return
        app.step(1 / 60)
        pygame.time.wait(5)
    raise AssertionError("library scan did not finish")


def write_chart(folder: Path, title: str, artist: str, body: str = ": 0 4 0 la\n") -> None:
    folder.mkdir(parents=True)
    (folder / "song.txt").write_text(f"#TITLE:{title}\n#ARTIST:{artist}\n#BPM:200\n#GAP:0\n{body}E\n")


def test_title_to_library_search_and_back(app, tmp_path):
    write_chart(tmp_path / "a", "Comet Lullaby", "Orrin Vale")
    write_chart(tmp_path / "b", "Signal Fire", "Vexa Moon")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "song.txt").write_text("#TITLE:No Tempo\n#ARTIST:Nobody\n: 0 4 0 la\nE\n")

    app.push(TitleScene())
    app.step(1 / 60)
    assert isinstance(app.scene, TitleScene)
    # The title menu opens the library; we point it at our folder instead of the defaults.
    app.push(LibraryScene(folders=[tmp_path]))
    scene = app.scene
    wait_for_scan(app, scene)
    titles = [getattr(row, "title", None) for row in scene.rows]
    assert titles[:2] == ["Comet Lullaby", "Signal Fire"]  # sorted by artist
    broken = [row for row in scene.rows if not hasattr(row, "title")]
    assert len(broken) == 1 and "BPM" in broken[0].reason
    app.screenshot(tmp_path / "library.png")

    type_text(app, "vexa")
    assert [row.title for row in scene.rows] == ["Signal Fire"]
    press(app, pygame.K_BACKSPACE)
    assert scene.query == "vex"
    press(app, pygame.K_ESCAPE)  # first Esc clears the search
    assert scene.query == "" and len(scene.rows) == 3
    press(app, pygame.K_ESCAPE)  # second Esc goes back to the title
    assert isinstance(app.scene, TitleScene)
    assert (tmp_path / "library.png").stat().st_size > 10_000


def test_title_menu_keys(app):
    app.push(TitleScene())
    press(app, pygame.K_DOWN)
    assert app.scene.selected == 1
    press(app, pygame.K_UP)
    press(app, pygame.K_RETURN)  # Duet battle opens the library to pick its song
    assert isinstance(app.scene, LibraryScene)
    wait_for_scan(app, app.scene)
    # The bundled tutorial level is in the library with its level data.
    levels = [row for row in app.scene.rows if getattr(row, "level", None) is not None]
    assert any(row.level.id == "first-light" for row in levels)
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_UP)  # from the first item up wraps to the last: Quit
    assert app.scene.menu.current == "Quit"
    press(app, pygame.K_RETURN)
    assert app.running is False


def test_play_command_headless_writes_screenshots(tmp_path):
    shots = tmp_path / "shots"
    code = main(["play", "--headless", "--seconds", "1.5", "--every", "0.5", "--screenshots", str(shots),
                 "--scene", "library"])
    assert code == 0
    pictures = sorted(shots.glob("*.png"))
    assert len(pictures) >= 2
    surface = pygame.image.load(str(pictures[-1]))
    assert surface.get_size() == (1280, 720)


def test_no_display_lists_library_in_terminal(monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    if os.uname().sysname == "Darwin":
        pytest.skip("macOS always has a display")
    assert main(["play", "--seconds", "5"]) == 0  # the demo duel's first seconds are enough here
    out = capsys.readouterr().out
    assert "No display found" in out
    assert "First Light" in out
    assert "Demo duel" in out
