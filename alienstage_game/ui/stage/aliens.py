"""Alien silhouettes (the audience and the two contestants), drawn once per colour."""

from __future__ import annotations

from functools import lru_cache

import pygame

from .. import theme
from .glow import cone, glow_dot, halo, tint

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


@lru_cache(maxsize=8)
def silhouette(width: int, rim: tuple[int, int, int] = (70, 64, 96), *, singer: bool = False) -> pygame.Surface:
    """An alien whose light has gone out: a dark shape with a faint grey outline, no glow."""
    scale = 2
    w, h = width * scale, int(width * 1.25) * scale
    big = pygame.Surface((w, h), pygame.SRCALPHA)
    _shape(big, (*rim, 200), 2 * scale, w, h, True)
    _shape(big, (5, 4, 12, 255), 0, w, h, True)
    if singer:
        pygame.draw.line(big, (*rim, 200), (w * 0.62, h * 0.75), (w * 0.56, h * 0.5), 3 * scale)
    return pygame.transform.smoothscale(big, (width, int(width * 1.25)))


@lru_cache(maxsize=16)
def _figure_light(width: int, colour: tuple[int, int, int], height: int) -> tuple[pygame.Surface, pygame.Surface]:
    beam = cone(height, max(16, width // 5), int(width * 1.5), tint(colour, 1.2), 0.45)
    return beam, halo((int(width * 1.6), int(width * 2.0)), tint(colour, 1.1), 0.55)


def stage_figure(canvas: pygame.Surface, feet: tuple[int, int], colour, *, lit: bool = True, width: int = 120,
                 beam_top: int | None = None) -> pygame.Rect:
    """A contestant as the stage draws them, for screens off the stage (results, champion):
    under their own spotlight (from ``beam_top``) with a halo, or, when their light is out,
    a silhouette in the dark. Returns the figure's rect."""
    x, y = feet
    colour = tuple(colour)
    if lit:
        if beam_top is not None and y - beam_top > 20:
            beam, _ = _figure_light(width, colour, y - beam_top + 10)
            canvas.blit(beam, beam.get_rect(midtop=(x, beam_top)), special_flags=pygame.BLEND_RGB_ADD)
        _, glow = _figure_light(width, colour, 40)
        canvas.blit(glow, glow.get_rect(center=(x, y - int(width * 0.65))))
        image = alien(colour, width, singer=True)
    else:
        image = silhouette(width, singer=True)
    rect = image.get_rect(midbottom=(x, y))
    canvas.blit(image, rect)
    return rect


def neutral() -> tuple[int, int, int]:
    return theme.ACCENT
