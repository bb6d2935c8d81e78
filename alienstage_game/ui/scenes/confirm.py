"""A question over the screen that asked it: "Leave the stage?" with two answers. Esc / B
is the safe answer (one screen back, nothing done); Enter / A takes the chosen one."""

from __future__ import annotations

from typing import Callable

import pygame

from .. import theme, widgets
from ..app import Scene
from ..input import Action


class ConfirmScene(Scene):
    def __init__(self, question: str, detail: str, yes: str, no: str, on_yes: Callable[[], None],
                 under: Scene | None = None, on_no: Callable[[], None] | None = None) -> None:
        self.question = question
        self.detail = detail
        self.on_yes = on_yes
        self.on_no = on_no  # None: "no" only goes back, as Esc does
        self.under = under  # drawn dimmed behind the question
        self.menu = widgets.MenuList([no, yes])  # the safe answer first, and chosen
        self.seconds = 0.0

    @property
    def answer_is_yes(self) -> bool:
        return self.menu.selected == 1

    def handle(self, action: Action) -> None:
        if action in (Action.LEFT, Action.RIGHT):
            self.menu.move(1)
        elif self.menu.steer(action):
            pass
        elif action is Action.BACK:
            self.app.pop()
        elif action in (Action.CONFIRM, Action.PAUSE):
            self._answer()

    def on_event(self, event: pygame.event.Event) -> None:
        if self.menu.pointer(event, self.app.to_canvas) is not None:
            self._answer()

    def _answer(self) -> None:
        yes = self.answer_is_yes
        self.app.pop()
        if yes:
            self.on_yes()
        elif self.on_no is not None:
            self.on_no()

    def update(self, seconds: float) -> None:
        self.seconds += seconds  # the screen below stays still (its idle timer must not start a demo)

    def draw(self, canvas: pygame.Surface) -> None:
        if self.under is not None:
            self.under.draw(canvas)
        shade = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 170))
        pygame.draw.rect(shade, (0, 0, 0, 250), (0, canvas.get_height() - 48, canvas.get_width(), 48))  # its hints
        canvas.blit(shade, (0, 0))
        rect = pygame.Rect(0, 0, 640, 300)
        rect.center = (canvas.get_width() // 2, canvas.get_height() // 2)
        pygame.draw.rect(canvas, theme.PANEL, rect, border_radius=8)  # opaque: nothing reads through
        widgets.panel(canvas, rect, alpha=255, edge=theme.GOLD)
        theme.draw_text(canvas, self.question, (rect.centerx, rect.y + 46), size=44, bold=True, colour=theme.GOLD,
                        anchor="center")
        lines = widgets.wrap(self.detail, 24, rect.width - 60)[:2]  # up to two lines, centred
        for row, line in enumerate(lines):
            theme.draw_text(canvas, theme.fit_text(line, 24, rect.width - 60),
                            (rect.centerx, rect.y + (100 if len(lines) == 1 else 88) + row * 30), size=24,
                            colour=theme.MUTED, anchor="center")
        self.menu.draw(canvas, (rect.centerx, rect.y + 176), spacing=54, size=34)
        widgets.footer(canvas, "Up/Down choose   Enter / A confirm   Esc / B back")
