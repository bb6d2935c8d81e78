"""Drawing pieces for songs: cover art (the chart's image, or a generated sleeve), the
duet/battle/solo mark, difficulty stars."""

from __future__ import annotations

import colorsys
import io
import logging
import zlib
from functools import lru_cache
from pathlib import Path

import pygame

from ..intake import IntakeError
from ..picture import read_picture
from . import theme

log = logging.getLogger(__name__)

MARK_COLOURS = {"duet": (255, 140, 200), "battle": (255, 170, 90), "solo": (120, 200, 255)}


def song_mark(entry) -> str:
    """duet | battle | solo: a level says its mode; a plain chart is a duet when it has P2."""
    if entry.level is not None:
        return entry.level.mode.value
    return "duet" if entry.is_duet else "solo"


def mark(canvas: pygame.Surface, label: str, pos: tuple[int, int], anchor: str = "midright", size: int = 20) -> pygame.Rect:
    """A small rounded pill with the song's mode."""
    colour = MARK_COLOURS.get(label, theme.MUTED)
    image = theme.font(size, True).render(label.upper(), True, theme.NIGHT)
    rect = image.get_rect()
    rect.inflate_ip(16, 6)
    setattr(rect, anchor, pos)
    pygame.draw.rect(canvas, colour, rect, border_radius=rect.height // 2)
    canvas.blit(image, image.get_rect(center=rect.center))
    return rect


def stars(canvas: pygame.Surface, count: int, pos: tuple[int, int], size: int = 24, anchor: str = "midleft",
          out_of: int = 5) -> pygame.Rect:
    text = "★" * max(0, min(out_of, count)) + "☆" * max(0, out_of - count)
    return theme.draw_text(canvas, text, pos, size=size, colour=theme.GOLD, anchor=anchor)


@lru_cache(maxsize=64)
def _load_cover(path: str, mtime_ns: int, size: int) -> pygame.Surface | None:
    try:
        # Checked first: a FIFO blocks the decoder, a tiny file can claim gigapixels.
        data = read_picture(path)
        image = pygame.image.load(io.BytesIO(data), Path(path).name)
    except (IntakeError, pygame.error, OSError, ValueError) as exc:  # a broken image is shown as no image
        log.info("cover %s unreadable: %s", path, exc)
        return None
    return pygame.transform.smoothscale(image, (size, size))


def cover(path: Path | None, title: str, size: int) -> pygame.Surface:
    """The chart's cover scaled to a square, or a sleeve made from the title's colours."""
    if path is not None:
        try:
            loaded = _load_cover(str(path), path.stat().st_mtime_ns, size)
        except OSError:
            loaded = None
        if loaded is not None:
            return loaded
    return _sleeve(title, size)


@lru_cache(maxsize=64)
def _sleeve(title: str, size: int) -> pygame.Surface:
    hue = (zlib.crc32(title.encode()) % 360) / 360.0
    surface = pygame.Surface((size, size))
    for y in range(size):
        r, g, b = colorsys.hsv_to_rgb((hue + 0.15 * y / size) % 1.0, 0.65, 0.25 + 0.35 * y / size)
        pygame.draw.line(surface, (int(r * 255), int(g * 255), int(b * 255)), (0, y), (size, y))
    centre = (size // 2, size // 2)
    for radius, alpha in ((size * 0.42, 60), (size * 0.3, 90), (size * 0.18, 140)):
        ring = pygame.Surface((size, size), pygame.SRCALPHA)
        pygame.draw.circle(ring, (255, 255, 255, alpha), centre, int(radius), width=3)
        surface.blit(ring, (0, 0))
    initials = "".join(word[0] for word in title.split()[:2]).upper() or "♪"
    theme.draw_text(surface, initials, centre, size=int(size * 0.42), bold=True, colour=theme.STARLIGHT,
                    anchor="center")
    return surface
