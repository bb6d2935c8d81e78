"""Pass the mic on stage: whose turn it is (a banner over the lane, in the singer's colour)
and, before each hand-over, "pass the mic to NAME" with the seconds left."""

from __future__ import annotations

import math

import pygame

from .. import theme
from .glow import tint
from .hud import TextCache, outlined


def turn_words(names: tuple[str, ...], seats: tuple[int, ...]) -> str:
    who = [names[s] for s in seats]
    if len(who) > 1:
        return f"{' & '.join(who)} sing together"
    return f"{who[0]}'s turn" if who else ""


class TurnBanner:
    """A pill at the top of the lane naming who holds the mic now."""

    def __init__(self, names: tuple[str, str], colours) -> None:
        self.names = names
        self.colours = colours
        self.text = TextCache(8)

    def draw(self, canvas: pygame.Surface, seats: tuple[int, ...], lane: pygame.Rect) -> None:
        if not seats:
            return
        colour = tint(self.colours[seats[0]], 1.2) if len(seats) == 1 else theme.STARLIGHT
        image = self.text.get(turn_words(self.names, seats), 28, colour, True)
        pill = image.get_rect(midtop=(lane.centerx, lane.top + 8)).inflate(36, 12)
        layer = pygame.Surface(pill.size, pygame.SRCALPHA)
        pygame.draw.rect(layer, (*theme.PANEL, 215), layer.get_rect(), border_radius=pill.height // 2)
        canvas.blit(layer, pill.topleft)
        pygame.draw.rect(canvas, colour, pill, width=2, border_radius=pill.height // 2)
        canvas.blit(image, image.get_rect(center=pill.center))


class HandOverWarning:
    """"Pass the mic to NAME" across the lane, pulsing, with a countdown to their first note."""

    def __init__(self, names: tuple[str, str], colours) -> None:
        self.names = names
        self.colours = colours
        self._cache: dict[tuple, pygame.Surface] = {}

    def _image(self, text: str, size: int, colour) -> pygame.Surface:
        key = (text, size, colour)
        if key not in self._cache:
            if len(self._cache) > 16:
                self._cache.clear()
            self._cache[key] = outlined(text, size, colour)
        return self._cache[key]

    def draw(self, canvas: pygame.Surface, seats: tuple[int, ...], seconds_left: float, now: float,
             lane: pygame.Rect) -> None:
        if not seats:
            return
        who = " & ".join(self.names[s] for s in seats)
        colour = tint(self.colours[seats[0]], 1.25)
        glow = 0.5 + 0.5 * math.sin(now * 2 * math.pi * 2.0)
        band = pygame.Rect(lane.x, 0, lane.w, 120)
        band.center = lane.center
        layer = pygame.Surface(band.size, pygame.SRCALPHA)
        layer.fill((*theme.NIGHT, int(150 + 60 * glow)))
        canvas.blit(layer, band.topleft)
        pygame.draw.line(canvas, colour, band.topleft, band.topright, 3)
        pygame.draw.line(canvas, colour, band.bottomleft, band.bottomright, 3)
        title = self._image(theme.fit_text(f"Pass the mic to {who}", 50, lane.w - 80), 50, colour)
        canvas.blit(title, title.get_rect(center=(band.centerx, band.centery - 16)))
        count = self._image(f"in {max(0, math.ceil(seconds_left))}", 30, theme.STARLIGHT)
        canvas.blit(count, count.get_rect(center=(band.centerx, band.centery + 32)))
