"""Pre-rendered light: glowing dots, spotlight cones, soft halos (numpy, made once)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pygame

Colour = tuple[int, int, int]


def _alpha_surface(rgb: Colour, alpha: np.ndarray) -> pygame.Surface:
    h, w = alpha.shape
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    surface.fill((*rgb, 0))
    pixels = pygame.surfarray.pixels_alpha(surface)
    pixels[:, :] = np.clip(alpha.T * 255.0, 0, 255).astype(np.uint8)
    del pixels
    return surface


@lru_cache(maxsize=64)
def glow_dot(colour: Colour, radius: int, core: float = 0.35) -> pygame.Surface:
    """A soft round glow: opaque core fading out to ``radius``."""
    size = radius * 2 + 1
    y, x = np.mgrid[0:size, 0:size] - radius
    d = np.sqrt(x * x + y * y) / radius
    alpha = np.where(d <= core, 1.0, np.clip(1.0 - (d - core) / (1.0 - core), 0.0, 1.0) ** 2)
    return _alpha_surface(colour, alpha)


def halo(size: tuple[int, int], colour: Colour, strength: float = 0.6) -> pygame.Surface:
    """An elliptical soft halo filling ``size`` (behind golden notes, under a singer)."""
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    dx = (x - (w - 1) / 2) / (w / 2)
    dy = (y - (h - 1) / 2) / (h / 2)
    d = np.sqrt(dx * dx + dy * dy)
    return _alpha_surface(colour, np.clip(1.0 - d, 0.0, 1.0) ** 1.6 * strength)


def cone(height: int, top: int, bottom: int, colour: Colour, strength: float = 0.5) -> pygame.Surface:
    """A spotlight beam, drawn on black for additive blending (BLEND_RGB_ADD): bright at the
    lamp, fading downward, soft at its edges."""
    w = max(top, bottom) + 8
    y, x = np.mgrid[0:height, 0:w]
    half = (top + (bottom - top) * y / max(1, height - 1)) / 2.0
    edge = np.clip(1.0 - np.abs(x - (w - 1) / 2) / half, 0.0, 1.0) ** 0.8
    fall = 0.35 + 0.65 * (1.0 - y / height)
    light = edge * fall * strength
    rgb = np.stack([light * c for c in colour], axis=-1)
    surface = pygame.Surface((w, height))
    pygame.surfarray.blit_array(surface, np.clip(rgb, 0, 255).astype(np.uint8).transpose(1, 0, 2))
    return surface


def tint(colour: Colour, factor: float) -> Colour:
    """Lighter (factor > 1, toward white) or darker (< 1) shade of a colour."""
    if factor >= 1.0:
        f = min(1.0, factor - 1.0)
        return tuple(int(c + (255 - c) * f) for c in colour)  # type: ignore[return-value]
    return tuple(int(c * factor) for c in colour)  # type: ignore[return-value]
