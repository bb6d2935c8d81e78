"""Alien silhouettes (the audience and the two contestants), drawn once per colour."""

from __future__ import annotations

from functools import lru_cache

import pygame

from .. import theme
from .glow import glow_dot, tint

BODY = (14, 10, 30)


def _shape(surface: pygame.Surface, colour, grow: int, w: int, h: int, antenna_tips: bool) -> None:
    """Shoulders, neck, a tall oval head and two antennae, grown by ``grow`` pixels."""
    cx = w // 2
    g = grow
    pygame.draw.ellipse(surface, colour, pygame.Rect(cx - w * 0.45 - g, h * 0.62 - g, w * 0.9 + 2 * g, h * 0.6 + 2 * g))
    pygame.draw.rect(surface, colour, pygame.Rect(cx - w * 0.09 - g, h * 0.45, w * 0.18 + 2 * g, h * 0.25))
    pygame.draw.ellipse(surface, colour, pygame.Rect(cx - w * 0.24 - g, h * 0.16 - g, w * 0.48 + 2 * g, h * 0.38 + 2 * g))
    for side in (-1, 1):
        base = (cx + side * w * 0.1, h * 0.2)
        tip = (cx + side * w * 0.3, h * 0.04)
        pygame.draw.line(surface, colour, base, tip, max(2, int(w * 0.025)) + 2 * g)


@lru_cache(maxsize=32)
def alien(colour: tuple[int, int, int], width: int, *, singer: bool = False) -> pygame.Surface:
    """A dark alien with a rim of ``colour`` light, glowing eyes and antenna tips."""
    scale = 2
    w, h = width * scale, int(width * 1.25) * scale
    big = pygame.Surface((w, h), pygame.SRCALPHA)
    _shape(big, (*tint(colour, 0.9), 255), 3 * scale, w, h, True)
    _shape(big, (*BODY, 255), 0, w, h, True)
    eye_w, eye_h = w * 0.11, h * 0.07
    for side in (-1, 1):
        eye = pygame.Rect(0, 0, eye_w, eye_h)
        eye.center = (int(w / 2 + side * w * 0.1), int(h * 0.36))
        pygame.draw.ellipse(big, (*tint(colour, 1.4), 255), eye)
    if singer:  # a microphone held up to the mouth
        pygame.draw.line(big, (*tint(colour, 0.8), 255), (w * 0.62, h * 0.75), (w * 0.56, h * 0.5), 3 * scale)
        pygame.draw.circle(big, (*tint(colour, 1.2), 255), (int(w * 0.55), int(h * 0.48)), int(w * 0.05))
    image = pygame.transform.smoothscale(big, (width, int(width * 1.25)))
    tip = glow_dot(tint(colour, 1.3), max(3, width // 9))
    for side in (-1, 1):
        x, y = width / 2 + side * width * 0.3, width * 1.25 * 0.04
        image.blit(tip, tip.get_rect(center=(int(x), int(y))))
    return image


def neutral() -> tuple[int, int, int]:
    return theme.ACCENT
