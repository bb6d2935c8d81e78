"""Colours and type of the stage: one place, so every scene looks like the same show."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from . import fonts

LOGICAL_SIZE = (1280, 720)

NIGHT = (9, 6, 24)
DUSK = (40, 14, 66)
NEBULA = (92, 34, 120)
STARLIGHT = (236, 232, 255)
MUTED = (150, 140, 190)
ACCENT = (96, 255, 196)  # the audience's glow
GOLD = (255, 208, 84)
WARNING = (255, 112, 112)
PANEL = (20, 14, 44)
PANEL_EDGE = (86, 60, 150)


FONT_DIR = fonts.FONT_DIR

# font(size, bold) -> a Font-like face that draws every script: DejaVu Sans from assets/,
# then the bundled Noto Sans CJK subset, then the system's fonts, one glyph run each, in
# reading order (right-to-left runs too); see ui/fonts.py. ``font.cache_clear()`` as before.
font = fonts.face


def draw_text(surface: pygame.Surface, text: str, pos: tuple[int, int], size: int = 28,
              colour: tuple[int, int, int] = STARLIGHT, bold: bool = False,
              anchor: str = "topleft") -> pygame.Rect:
    image = font(size, bold).render(text, True, colour)
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    return rect


def fit_text(text: str, size: int, width: int) -> str:
    """Cut ``text`` with an ellipsis so that it fits in ``width`` pixels."""
    face = font(size)
    if face.size(text)[0] <= width:
        return text
    while text and face.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…"


# -- the duel stage (stage helper) ------------------------------------------------------------
SEAT_COLOURS = ((96, 200, 255), (255, 120, 200))  # default contestant colours, left and right
RAP_COLOUR = (255, 150, 70)  # rap notes: spoken, any pitch
FREESTYLE_COLOUR = (170, 160, 210)  # freestyle notes: never scored
RATING_COLOURS = {
    "perfect": GOLD, "great": ACCENT, "good": (140, 205, 255), "ok": (200, 190, 255),
    "fair": (200, 190, 255), "poor": (255, 165, 120), "awful": WARNING,
}


# -- stage themes (level.toml ``stage_theme``) ------------------------------------------------
@dataclass(frozen=True)
class StageTheme:
    """How a level's hall looks: the sky's gradient (top to horizon) laid over the alien
    sky, and the colour of the sweeping spotlight beams."""

    name: str
    sky_top: tuple[int, int, int]
    sky_horizon: tuple[int, int, int]
    beam: tuple[int, int, int]


STAGE_THEMES: dict[str, StageTheme] = {t.name: t for t in (
    StageTheme("nebula", NIGHT, NEBULA, (150, 120, 255)),
    StageTheme("twin-moons", (6, 12, 34), (46, 84, 132), (150, 200, 255)),
    StageTheme("deep-hold", (2, 8, 14), (12, 64, 70), (80, 230, 200)),
    StageTheme("red-giant", (24, 4, 10), (150, 50, 30), (255, 140, 90)),
    StageTheme("tribunal", (14, 10, 6), (96, 72, 30), (255, 214, 120)),
    StageTheme("comet-tail", (4, 10, 30), (30, 110, 150), (190, 245, 255)),
    StageTheme("signal-tower", (6, 14, 8), (40, 110, 44), (150, 255, 120)),
)}


def stage_theme(name: str | None) -> StageTheme:
    """The named theme; an unknown name (a level from a newer game) falls back to nebula."""
    return STAGE_THEMES.get(name or "", STAGE_THEMES["nebula"])
