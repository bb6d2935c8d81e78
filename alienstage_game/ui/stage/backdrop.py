"""The stage's still parts, painted once: the alien sky, the floor, the lane panels with
their pitch rows, the podiums. And the two contestants standing on them."""

from __future__ import annotations

import math
import random
from functools import lru_cache

import pygame

from .. import theme
from ..sky import AlienSky
from .aliens import alien
from .glow import glow_dot, halo, tint
from .lane import NoteLane
from .layout import StageLayout


@lru_cache(maxsize=4)
def _sky(size: tuple[int, int], look: theme.StageTheme) -> pygame.Surface:
    """The alien sky (planet and all) under the theme's own gradient."""
    sky = AlienSky(size).base.copy()
    width, height = size
    wash = pygame.Surface(size, pygame.SRCALPHA)
    for y in range(height):
        t = y / height
        colour = [int(a + (b - a) * t * t) for a, b in zip(look.sky_top, look.sky_horizon)]
        pygame.draw.line(wash, (*colour, 170), (0, y), (width, y))
    sky.blit(wash, (0, 0))
    return sky


def paint_backdrop(layout: StageLayout, lanes: list[NoteLane], size=theme.LOGICAL_SIZE,
                   look: theme.StageTheme | None = None, behind: pygame.Surface | None = None) -> pygame.Surface:
    """The sky with the stage's furniture on it; ``behind`` (the song's background
    picture, or a plain colour the video scenery measures the furniture over) instead
    of the starry sky."""
    width, height = size
    if behind is not None:
        base = behind.copy()
    else:
        base = _sky(tuple(size), look or theme.stage_theme(None)).copy()
        rng = random.Random(5)
        for _ in range(90):  # still stars; the lights above do the moving
            x, y = rng.randrange(width), rng.randrange(int(height * 0.6))
            shade = rng.randint(120, 230)
            pygame.draw.circle(base, (shade, shade, min(255, shade + 25)), (x, y), rng.choice((1, 1, 1, 2)))
    # The stage floor: a wide glowing ellipse under the audience.
    floor = pygame.Surface((width, 260), pygame.SRCALPHA)
    pygame.draw.ellipse(floor, (*theme.PANEL_EDGE, 90), pygame.Rect(-120, 40, width + 240, 300))
    pygame.draw.ellipse(floor, (*theme.NIGHT, 235), pygame.Rect(-100, 52, width + 200, 300))
    base.blit(floor, (0, layout.audience_top - 70))
    # Lane panels with one faint row per semitone, brighter on each C.
    for lane in lanes:
        rect = lane.rect
        panel = pygame.Surface(rect.size, pygame.SRCALPHA)
        panel.fill((8, 5, 22, 170))
        for midi in range(60 + lane.lo, 60 + lane.hi + 1):
            y = int(lane.y_of(midi)) - rect.y
            colour = (*theme.PANEL_EDGE, 110) if midi % 12 == 0 else (60, 44, 110, 50)
            pygame.draw.line(panel, colour, (0, y), (rect.w, y))
        base.blit(panel, rect.topleft)
        pygame.draw.rect(base, tint(lane.colour, 0.55), rect, width=2, border_radius=6)
    for x, y in layout.figures:  # podiums
        pod = halo((150, 40), theme.ACCENT, 0.5)
        base.blit(pod, pod.get_rect(center=(x, y)))
        pygame.draw.ellipse(base, tint(theme.PANEL_EDGE, 1.2), pygame.Rect(x - 60, y - 10, 120, 20), width=2)
    return base.convert() if pygame.display.get_surface() else base


class Contestants:
    """The two singers on their podiums: they sway to the beat, glow while they sing and
    dim when voted off."""

    WIDTH = 120

    def __init__(self, layout: StageLayout, colours) -> None:
        self.layout = layout
        self.figures = tuple(alien(c, self.WIDTH, singer=True) for c in colours)
        self.dim = tuple(alien(tint(c, 0.35), self.WIDTH, singer=True) for c in colours)
        self.singing_glow = tuple(halo((190, 240), tint(c, 1.1), 0.55) for c in colours)
        self.sparks = tuple(glow_dot(tint(c, 1.4), 10) for c in colours)

    def draw(self, canvas: pygame.Surface, now: float, beat_s: float, singing: tuple[bool, bool],
             out: int = -1) -> None:
        beat = now / beat_s if beat_s > 0 else 0.0
        for i, (x, feet) in enumerate(self.layout.figures):
            if i == out:
                image = self.dim[i]
                canvas.blit(image, image.get_rect(midbottom=(x, feet)))
                continue
            sway = int(3 * math.sin(math.pi * beat + i * math.pi))
            if singing[i]:
                glow = self.singing_glow[i]
                canvas.blit(glow, glow.get_rect(center=(x, feet - 80)))
                for k in range(3):  # notes of light rising from the singer
                    phase = (now * 0.9 + k / 3) % 1.0
                    spark = self.sparks[i]
                    sx = x + int(28 * math.sin(phase * 6 + k)) + (18 if i == 0 else -18)
                    canvas.blit(spark, spark.get_rect(center=(sx, int(feet - 150 - phase * 90))))
            image = self.figures[i]
            canvas.blit(image, image.get_rect(midbottom=(x + sway, feet)))
