"""Small drawing pieces shared by scenes: panels, menus, footers, cards, meters, spotlights."""

from __future__ import annotations

import math
from typing import Callable

import pygame

from . import theme
from .input import Action


def panel(canvas: pygame.Surface, rect: pygame.Rect, alpha: int = 215,
          edge: tuple[int, int, int] = theme.PANEL_EDGE) -> None:
    """A translucent dark panel with a glowing edge."""
    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    layer.fill((*theme.PANEL, alpha))
    canvas.blit(layer, rect.topleft)
    pygame.draw.rect(canvas, edge, rect, width=2, border_radius=8)


def footer(canvas: pygame.Surface, hint: str) -> None:
    width, height = canvas.get_size()
    theme.draw_text(canvas, hint, (width // 2, height - 22), size=24, colour=theme.MUTED, anchor="center")


def heading(canvas: pygame.Surface, title: str, subtitle: str | None = None) -> None:
    """A scene's name at the top left, with an optional muted line under it."""
    theme.draw_text(canvas, title, (48, 30), size=56, bold=True)
    if subtitle:
        theme.draw_text(canvas, subtitle, (52, 84), size=26, colour=theme.MUTED)


def menu(canvas: pygame.Surface, items: list[str], selected: int, centre: tuple[int, int],
         spacing: int = 56, size: int = 38) -> list[pygame.Rect]:
    """A vertical menu; the chosen item glows in the audience's colour. Returns each item's
    rectangle (for mouse hovering and clicking)."""
    x, y = centre
    rects = []
    for index, label in enumerate(items):
        chosen = index == selected
        colour = theme.ACCENT if chosen else theme.STARLIGHT
        rect = theme.draw_text(canvas, label, (x, y + index * spacing), size=size + 6 if chosen else size,
                               colour=colour, bold=chosen, anchor="center")
        if chosen:
            pygame.draw.circle(canvas, theme.ACCENT, (rect.left - 22, rect.centery), 7)
        rects.append(rect.inflate(60, spacing - rect.height))
    return rects


class MenuList:
    """A vertical menu that remembers where it drew, so the mouse can hover and click."""

    def __init__(self, items: list[str], selected: int = 0) -> None:
        self.items = list(items)
        self.selected = selected
        self.rects: list[pygame.Rect] = []

    @property
    def current(self) -> str:
        return self.items[self.selected]

    def move(self, step: int) -> None:
        self.selected = (self.selected + step) % len(self.items)

    def hit(self, pos: tuple[int, int]) -> int | None:
        for index, rect in enumerate(self.rects):
            if rect.collidepoint(pos):
                return index
        return None

    def steer(self, action: Action) -> bool:
        """Up/Down move the choice; True when ``action`` was one of them."""
        step = {Action.UP: -1, Action.DOWN: 1}.get(action)
        if step is not None:
            self.move(step)
        return step is not None

    def pointer(self, event: pygame.event.Event, to_canvas: Callable[[tuple[int, int]], tuple[int, int]]) -> int | None:
        """The mouse over an item chooses it; returns the item's index on a left click."""
        if event.type not in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            return None
        index = self.hit(to_canvas(event.pos))
        if index is None:
            return None
        self.selected = index
        return index if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 else None

    def draw(self, canvas: pygame.Surface, centre: tuple[int, int], spacing: int = 56, size: int = 38) -> None:
        self.rects = menu(canvas, self.items, self.selected, centre, spacing, size)


def wrap(text: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Break ``text`` into lines that fit ``width`` pixels at ``size``."""
    face = theme.font(size, bold)
    out: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if face.size(trial)[0] > width and current:
                out.append(current)
                current = word
            else:
                current = trial
        out.append(current)
    return out


def paragraph(canvas: pygame.Surface, text: str, pos: tuple[int, int], width: int, size: int = 26,
              colour: tuple[int, int, int] = theme.STARLIGHT, spacing: int = 8, max_lines: int = 99) -> int:
    """Wrapped text from ``pos``; returns the y just below the last line."""
    x, y = pos
    for line in wrap(text, size, width)[:max_lines]:
        if line:
            theme.draw_text(canvas, line, (x, y), size=size, colour=colour)
        y += int(size * 0.72) + spacing + 4
    return y


def card(canvas: pygame.Surface, rect: pygame.Rect, title: str, body: str,
         title_colour: tuple[int, int, int] = theme.GOLD) -> None:
    """A centred panel with a bold title and a wrapped message (notes, honest 'not yet')."""
    panel(canvas, rect, alpha=235)
    theme.draw_text(canvas, title, (rect.centerx, rect.y + 40), size=44, bold=True, colour=title_colour,
                    anchor="center")
    pygame.draw.line(canvas, theme.PANEL_EDGE, (rect.x + 40, rect.y + 74), (rect.right - 40, rect.y + 74), 2)
    paragraph(canvas, body, (rect.x + 40, rect.y + 96), rect.width - 80, size=28)


def button(canvas: pygame.Surface, rect: pygame.Rect, label: str, focused: bool,
           colour: tuple[int, int, int] = theme.ACCENT) -> None:
    fill = theme.DUSK if focused else theme.PANEL
    pygame.draw.rect(canvas, fill, rect, border_radius=10)
    pygame.draw.rect(canvas, colour if focused else theme.PANEL_EDGE, rect, width=2, border_radius=10)
    theme.draw_text(canvas, label, rect.center, size=28, bold=focused,
                    colour=colour if focused else theme.STARLIGHT, anchor="center")


def level_meter(canvas: pygame.Surface, rect: pygame.Rect, level_db: float | None,
                floor_db: float = -60.0) -> None:
    """A horizontal input-level bar from ``floor_db`` to 0 dBFS: green, gold near the top,
    red when clipping; ``None`` draws an empty, dimmed meter (no input)."""
    pygame.draw.rect(canvas, (12, 8, 30), rect, border_radius=6)
    if level_db is not None:
        fill = max(0.0, min(1.0, (level_db - floor_db) / -floor_db))
        colour = theme.ACCENT if level_db < -12 else (theme.GOLD if level_db < -3 else theme.WARNING)
        bar = rect.copy()
        bar.width = int(rect.width * fill)
        if bar.width > 0:
            pygame.draw.rect(canvas, colour, bar, border_radius=6)
    for mark_db in (-48, -36, -24, -12, -6):
        x = rect.x + int(rect.width * (mark_db - floor_db) / -floor_db)
        pygame.draw.line(canvas, theme.PANEL_EDGE, (x, rect.bottom - 5), (x, rect.bottom), 1)
    pygame.draw.rect(canvas, theme.PANEL_EDGE, rect, width=1, border_radius=6)


def swatch(canvas: pygame.Surface, centre: tuple[int, int], colour: tuple[int, int, int], radius: int = 14,
           ring: bool = False) -> None:
    """A contestant's colour as a glowing disc; ``ring`` marks the chosen one."""
    pygame.draw.circle(canvas, colour, centre, radius)
    if ring:
        pygame.draw.circle(canvas, theme.STARLIGHT, centre, radius + 5, width=2)


def spotlight(canvas: pygame.Surface, centre_x: int, floor_y: int, strength: float,
              colour: tuple[int, int, int] = (255, 244, 210), top_y: int = 0, spread: int = 150) -> None:
    """A cone of light from above onto the stage floor; ``strength`` 0..1 (0 = dark).

    The elimination sequence dims this to nothing: the loser's light goes out.
    """
    strength = max(0.0, min(1.0, strength))
    if strength <= 0.01:
        return
    height = floor_y - top_y
    layer = pygame.Surface((spread * 2 + 40, height + 40), pygame.SRCALPHA)
    alpha = int(70 * strength)
    apex = (layer.get_width() // 2, 0)
    for step in range(6):  # nested cones fake a soft edge
        half = spread * (1.0 - step * 0.12)
        pygame.draw.polygon(layer, (*colour, alpha // 3), [(apex[0] - 10, 0), (apex[0] + 10, 0),
                                                           (apex[0] + half, height), (apex[0] - half, height)])
    pool = pygame.Rect(0, 0, int(spread * 2.1), 46)
    pool.center = (layer.get_width() // 2, height)
    pygame.draw.ellipse(layer, (*colour, int(110 * strength)), pool)
    canvas.blit(layer, (centre_x - layer.get_width() // 2, top_y))


def pulse(seconds: float, rate: float = 2.0) -> float:
    """0..1 breathing value for glows and blinking hints."""
    return 0.5 + 0.5 * math.sin(seconds * rate * math.tau / 2)


def audience(canvas: pygame.Surface, seconds: float, xs: list[int] | range, base_y: int,
             excitement: float = 0.3, dimmed: bool = False) -> None:
    """A row of alien heads bobbing; ``excitement`` 0..1 makes them bounce higher."""
    for index, x in enumerate(xs):
        bob = math.sin(seconds * (2.2 + 3 * excitement) + index * 0.9) * (3 + 10 * excitement)
        y = base_y + bob + (index % 3) * 6
        pygame.draw.ellipse(canvas, (26, 16, 50), (x - 26, y - 30, 52, 60))
        eye = (60, 200, 160) if index % 4 else theme.GOLD
        if dimmed:
            eye = tuple(c // 3 for c in eye)
        pygame.draw.circle(canvas, eye, (x - 9, int(y - 10)), 4)
        pygame.draw.circle(canvas, eye, (x + 9, int(y - 10)), 4)
