"""What covers the stage: the pause menu and the loading note."""

from __future__ import annotations

import pygame

from .. import theme, widgets
from .glow import tint

PAUSE_ITEMS = ("Resume", "Restart", "Quit")


class Dimmer:
    def __init__(self, size, alpha: int = 160) -> None:
        self.layer = pygame.Surface(size, pygame.SRCALPHA)
        self.layer.fill((4, 2, 12, alpha))

    def draw(self, canvas: pygame.Surface) -> None:
        canvas.blit(self.layer, (0, 0))


def draw_pause(canvas: pygame.Surface, dimmer: Dimmer, selected: int, title: str) -> None:
    dimmer.draw(canvas)
    width, height = canvas.get_size()
    box = pygame.Rect(0, 0, 460, 360)
    box.center = (width // 2, height // 2)
    widgets.panel(canvas, box, alpha=235)
    theme.draw_text(canvas, "PAUSED", (box.centerx, box.top + 50), size=56, bold=True, anchor="center")
    theme.draw_text(canvas, theme.fit_text(title, 26, 400), (box.centerx, box.top + 96), size=26,
                    colour=theme.MUTED, anchor="center")
    widgets.menu(canvas, list(PAUSE_ITEMS), selected, (box.centerx, box.top + 170), spacing=58)
    widgets.footer(canvas, "Up/Down choose   Enter select   Esc / Start resume")


def draw_loading(canvas: pygame.Surface, now: float, title: str) -> None:
    """While the pitch tracker warms up: the song's name and a ring of pulsing lights."""
    import math

    from .glow import glow_dot

    width, height = canvas.get_size()
    theme.draw_text(canvas, theme.fit_text(title, 56, 1000), (width // 2, height // 2 - 110), size=56,
                    bold=True, anchor="center")
    theme.draw_text(canvas, "Tuning the microphones...", (width // 2, height // 2 + 110), size=34,
                    colour=theme.ACCENT, anchor="center")
    for k in range(8):
        angle = 2 * math.pi * k / 8
        glow = 0.5 + 0.5 * math.cos(2 * math.pi * (now * 1.2 - k / 8))
        dot = glow_dot(tint(theme.ACCENT, 0.5 + glow), 12)
        centre = (width // 2 + int(46 * math.cos(angle)), height // 2 + int(46 * math.sin(angle)))
        canvas.blit(dot, dot.get_rect(center=centre))
