"""Small drawing pieces shared by scenes: panels, menus, footers."""

from __future__ import annotations

import pygame

from . import theme


def panel(canvas: pygame.Surface, rect: pygame.Rect, alpha: int = 215) -> None:
    """A translucent dark panel with a glowing edge."""
    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    layer.fill((*theme.PANEL, alpha))
    canvas.blit(layer, rect.topleft)
    pygame.draw.rect(canvas, theme.PANEL_EDGE, rect, width=2, border_radius=8)


def footer(canvas: pygame.Surface, hint: str) -> None:
    width, height = canvas.get_size()
    theme.draw_text(canvas, hint, (width // 2, height - 22), size=24, colour=theme.MUTED, anchor="center")


def menu(canvas: pygame.Surface, items: list[str], selected: int, centre: tuple[int, int],
         spacing: int = 56) -> None:
    """A vertical menu; the chosen item glows in the audience's colour."""
    x, y = centre
    for index, label in enumerate(items):
        chosen = index == selected
        colour = theme.ACCENT if chosen else theme.STARLIGHT
        rect = theme.draw_text(canvas, label, (x, y + index * spacing), size=44 if chosen else 38,
                               colour=colour, bold=chosen, anchor="center")
        if chosen:
            pygame.draw.circle(canvas, theme.ACCENT, (rect.left - 22, rect.centery), 7)
