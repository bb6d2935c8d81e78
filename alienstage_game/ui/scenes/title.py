"""The title screen: the show's name under the alien sky, and the way in."""

from __future__ import annotations

from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky


class TitleScene(Scene):
    # Only what a player can use today; modes join the menu as they land.
    ITEMS = ("Song library", "Quit")

    def __init__(self) -> None:
        self.sky = AlienSky()
        self.selected = 0
        self.seconds = 0.0

    def handle(self, action: Action) -> None:
        if action is Action.UP:
            self.selected = (self.selected - 1) % len(self.ITEMS)
        elif action is Action.DOWN:
            self.selected = (self.selected + 1) % len(self.ITEMS)
        elif action is Action.BACK:
            self.app.quit()
        elif action is Action.CONFIRM:
            if self.ITEMS[self.selected] == "Song library":
                from .library import LibraryScene

                self.app.push(LibraryScene())
            else:
                self.app.quit()

    def update(self, seconds: float) -> None:
        self.seconds += seconds

    def draw(self, canvas) -> None:
        self.sky.draw(canvas, self.seconds)
        width, _ = canvas.get_size()
        theme.draw_text(canvas, "ALIENSTAGE", (width // 2, 190), size=120, colour=theme.STARLIGHT,
                        bold=True, anchor="center")
        theme.draw_text(canvas, "a singing duel under strange stars", (width // 2, 262), size=36,
                        colour=theme.ACCENT, anchor="center")
        widgets.menu(canvas, list(self.ITEMS), self.selected, (width // 2, 400))
        widgets.footer(canvas, "Arrows / D-pad move   Enter / A choose   Esc / B back   F11 fullscreen")
