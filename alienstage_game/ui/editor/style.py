"""The editor's colours and small drawing helpers, taken from the game's palette."""

from __future__ import annotations

from functools import lru_cache

import pygame

from ...charts import NoteKind
from .. import theme

Colour = tuple[int, int, int]

VOICE_COLOURS: dict[str, Colour] = {"P1": theme.SEAT_COLOURS[0], "P2": theme.SEAT_COLOURS[1],
                                    "P3": (150, 235, 120), "P4": (255, 190, 90)}
ROLL_BG = (14, 10, 34)
ROW_BLACK = (11, 8, 27)  # rows of the black keys, a shade darker
ROW_C = (26, 18, 56)  # the C rows, a shade lighter: the octaves read at a glance
GRID_BEAT = (30, 24, 62)
GRID_QUARTER = (44, 34, 86)
GRID_BAR = (80, 62, 140)
CURSOR = theme.ACCENT
PLAYHEAD = theme.GOLD
PITCH_CURVE = (120, 255, 210)
WAVE = (90, 70, 160)
WAVE_EDGE = (140, 110, 220)
SELECTED_EDGE = theme.STARLIGHT

NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


@lru_cache(maxsize=4096)
def text_image(text: str, size: int, colour: Colour, bold: bool = False) -> pygame.Surface:
    """A rendered label, kept: the roll redraws hundreds of the same syllables every frame."""
    return theme.font(size, bold).render(text, True, colour)


def voice_colour(voice_id: str) -> Colour:
    return VOICE_COLOURS.get(voice_id, theme.MUTED)


def note_name(pitch: int) -> str:
    """Chart pitch (0 = C4) as a note name with its octave: ``-3`` -> ``A3``."""
    midi = pitch + 60
    return f"{NOTE_NAMES[midi % 12]}{midi // 12 - 1}"


def is_black(pitch: int) -> bool:
    return NOTE_NAMES[(pitch + 60) % 12].endswith("#")


def kind_fill(kind: NoteKind, voice_id: str) -> Colour:
    if kind.is_golden:
        return theme.GOLD
    if kind is NoteKind.FREESTYLE:
        return theme.FREESTYLE_COLOUR
    if kind is NoteKind.RAP:
        return theme.RAP_COLOUR
    return voice_colour(voice_id)


def dim(colour: Colour, factor: float) -> Colour:
    return tuple(int(c * factor) for c in colour)  # type: ignore[return-value]


def mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b))  # type: ignore[return-value]


def translucent_rect(canvas: pygame.Surface, rect: pygame.Rect, colour: Colour, alpha: int,
                     radius: int = 0) -> None:
    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    pygame.draw.rect(layer, (*colour, alpha), layer.get_rect(), border_radius=radius)
    canvas.blit(layer, rect.topleft)


def chip(canvas: pygame.Surface, pos: tuple[int, int], label: str, colour: Colour, on: bool = True,
         size: int = 18) -> pygame.Rect:
    """A small rounded label (voice tabs, toggles): filled when on, outlined when off."""
    image = theme.font(size, True).render(label, True, theme.NIGHT if on else colour)
    rect = image.get_rect(topleft=(pos[0] + 8, pos[1] + 3)).inflate(16, 6)
    rect.topleft = pos
    if on:
        pygame.draw.rect(canvas, colour, rect, border_radius=9)
    else:
        pygame.draw.rect(canvas, colour, rect, width=1, border_radius=9)
    canvas.blit(image, image.get_rect(center=rect.center))
    return rect
