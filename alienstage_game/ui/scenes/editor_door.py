"""The editor's door from the title: a new chart (saved into the user songs folder, which
the library lists), a chart for an audio file put in that folder, any chart of the library,
or one of the charts edited lately."""

from __future__ import annotations

from pathlib import Path

import pygame

from ...charts.library import SongEntry
from .. import theme, widgets
from ..app import MenuScene
from ..sky import AlienSky

NEW = "New chart"
LIBRARY = "Open a chart from the library"
MAX_RECENT = 5


def recent_label(path: Path) -> str:
    return f"Recent: {path.parent.name}/{path.name}"


class EditorDoorScene(MenuScene):
    def __init__(self) -> None:
        self.sky = AlienSky(seed=53)
        self.seconds = 0.0
        self.recent: list[Path] = []
        self.audio: list[Path] = []  # audio in the songs folder with no chart yet
        self.menu = widgets.MenuList([NEW, LIBRARY])

    def on_enter(self) -> None:
        from ...editor.recent import recent, uncharted_audio
        from ...paths import user_songs_dir

        self.recent = recent(MAX_RECENT)
        self.audio = uncharted_audio(user_songs_dir(), limit=3)
        items = [NEW, *(f"Chart the audio: {p.name}" for p in self.audio), LIBRARY,
                 *(recent_label(p) for p in self.recent)]
        self.menu = widgets.MenuList(items, min(self.menu.selected, len(items) - 1))

    def choose(self, index: int) -> None:
        from .editor import EditorScene

        label = self.menu.items[index]
        if index == 0:
            self.app.push(EditorScene(path=None, audio=None))
        elif label.startswith("Chart the audio: "):  # saved beside its audio, in the songs folder
            self.app.push(EditorScene(path=None, audio=self.audio[index - 1]))
        elif label == LIBRARY:
            from .library import LibraryScene

            def chosen(entry: SongEntry) -> None:  # the browser gives way to the editor; Esc comes back here
                self.app.replace(EditorScene(path=entry.path))

            self.app.push(LibraryScene(on_choose=chosen, heading="Editor: open a chart"))
        else:
            self.app.push(EditorScene(path=self.recent[index - 2 - len(self.audio)]))

    def update(self, seconds: float) -> None:
        self.seconds += seconds

    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        widgets.heading(canvas, "Editor", "Write and time your own charts")
        rows = len(self.menu.items)
        area = pygame.Rect(160, 140, 960, 40 + 52 * rows)
        widgets.panel(canvas, area)
        self.menu.draw(canvas, (640, 185), spacing=52, size=32)
        from ...paths import user_songs_dir

        home = str(Path.home())
        where = str(user_songs_dir()).replace(home, "~", 1)
        theme.draw_text(canvas, "New charts go in your songs folder, which the song library lists:",
                        (640, area.bottom + 34), size=24, colour=theme.MUTED, anchor="center")
        theme.draw_text(canvas, "(put an audio file there to chart it here, and sing it at once)",
                        (640, area.bottom + 96), size=22, colour=theme.MUTED, anchor="center")
        theme.draw_text(canvas, theme.fit_text(where, 22, 1180), (640, area.bottom + 66), size=22,
                        colour=theme.ACCENT, anchor="center")
        widgets.footer(canvas, "Up/Down choose   Enter / A open   Esc / B back")
