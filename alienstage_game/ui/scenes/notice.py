"""A card over the sky that says something plainly and goes back on any key: a flow that
cannot go on, and why."""

from __future__ import annotations

import pygame

from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky

class Dismissible(Scene):
    """A scene under the alien sky that any confirm, back or click leaves."""

    def __init__(self, sky_seed: int) -> None:
        self.sky = AlienSky(seed=sky_seed)
        self.seconds = 0.0

    def handle(self, action: Action) -> None:
        if action in (Action.BACK, Action.CONFIRM, Action.PAUSE):
            self.app.pop()

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN:
            self.app.pop()

    def update(self, seconds: float) -> None:
        self.seconds += seconds


class NoticeScene(Dismissible):
    def __init__(self, title: str, body: str, footer: str = "Enter / A / Esc / B: back",
                 colour: tuple[int, int, int] = theme.GOLD) -> None:
        super().__init__(sky_seed=5)
        self.title = title
        self.body = body
        self.footer = footer
        self.colour = colour

    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        rect = pygame.Rect(0, 0, 760, 330)
        rect.center = (canvas.get_width() // 2, canvas.get_height() // 2 - 10)
        widgets.card(canvas, rect, self.title, self.body, title_colour=self.colour)
        widgets.footer(canvas, self.footer)
