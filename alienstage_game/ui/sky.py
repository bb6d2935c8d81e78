"""The alien sky behind every menu: a gradient night, a ringed planet and twinkling stars."""

from __future__ import annotations

import math
import random

import pygame

from . import theme


class AlienSky:
    """Drawn once into a surface; only the stars' twinkle is redrawn each frame."""

    def __init__(self, size: tuple[int, int] = theme.LOGICAL_SIZE, seed: int = 7) -> None:
        self.size = size
        rng = random.Random(seed)
        self.base = pygame.Surface(size)
        self._paint_gradient()
        self._paint_planet()
        width, height = size
        self.stars = [(rng.uniform(0, width), rng.uniform(0, height * 0.8),
                       rng.uniform(0.6, 2.2), rng.uniform(0, math.tau)) for _ in range(140)]

    def _paint_gradient(self) -> None:
        width, height = self.size
        for y in range(height):
            t = y / height
            # Night at the top, a violet haze toward the horizon.
            colour = [int(a + (b - a) * t * t) for a, b in zip(theme.NIGHT, theme.NEBULA)]
            pygame.draw.line(self.base, colour, (0, y), (width, y))

    def _paint_planet(self) -> None:
        width, height = self.size
        centre = (int(width * 0.82), int(height * 0.22))
        for radius, colour in ((70, (58, 30, 96)), (62, (84, 44, 128)), (50, (110, 62, 150))):
            pygame.draw.circle(self.base, colour, centre, radius)
        ring = pygame.Rect(0, 0, 220, 40)
        ring.center = centre
        pygame.draw.ellipse(self.base, theme.PANEL_EDGE, ring, width=3)

    def draw(self, surface: pygame.Surface, seconds: float) -> None:
        surface.blit(self.base, (0, 0))
        for x, y, radius, phase in self.stars:
            glow = 0.55 + 0.45 * math.sin(seconds * 1.7 + phase)
            shade = int(140 + 115 * glow)
            pygame.draw.circle(surface, (shade, shade, min(255, shade + 20)), (int(x), int(y)), radius * glow)
