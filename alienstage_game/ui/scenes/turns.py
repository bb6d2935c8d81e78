"""Pass the mic: how the singers take turns on the one microphone, chosen before the stage
(as the title's caption promises: by line or by verse; a duet may also go by voice)."""

from __future__ import annotations

from typing import Callable

import pygame

from ...match.passmic import TurnUnit
from .. import theme, widgets
from ..app import MenuScene
from ..sky import AlienSky

# (label, unit, what it means)
CHOICES: tuple[tuple[str, TurnUnit, str], ...] = (
    ("By verse", TurnUnit.VERSE, "The mic changes hands between verses: a longer turn each."),
    ("By line", TurnUnit.LINE, "The mic changes hands after every line: quick hand-overs."),
    ("By voice", TurnUnit.VOICE, "A duet: each singer takes their own part of the chart."),
)


class TurnsScene(MenuScene):
    def __init__(self, on_done: Callable[[TurnUnit], None], duet: bool = False, subtitle: str = "",
                 current: TurnUnit | None = None) -> None:
        self.on_done = on_done
        self.subtitle = subtitle
        self.choices = [c for c in CHOICES if duet or c[1] is not TurnUnit.VOICE]
        units = [unit for _, unit, _ in self.choices]
        self.menu = widgets.MenuList([label for label, _, _ in self.choices],
                                     units.index(current) if current in units else 0)
        self.sky = AlienSky(seed=29)
        self.seconds = 0.0

    @property
    def unit(self) -> TurnUnit:
        return self.choices[self.menu.selected][1]

    def choose(self, index: int) -> None:  # the unit under the pointer is the selected one
        unit = self.unit
        self.app.pop()
        self.on_done(unit)

    def update(self, seconds: float) -> None:
        self.seconds += seconds

    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        widgets.heading(canvas, "Pass the mic: turns", self.subtitle or "How the microphone changes hands")
        area = pygame.Rect(240, 170, 800, 58 + 64 * len(self.choices))
        widgets.panel(canvas, area)
        self.menu.draw(canvas, (640, 230), spacing=64, size=40)
        description = self.choices[self.menu.selected][2]
        theme.draw_text(canvas, description, (640, area.bottom + 40), size=28, colour=theme.ACCENT, anchor="center")
        widgets.footer(canvas, "Up/Down choose   Enter / A confirm   Esc / B back")
