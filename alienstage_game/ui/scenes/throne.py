"""The reigning champion on the title screen: raised on a throne (a stepped dais under a
golden light), crowned, named, "reigning champion" under them."""

from __future__ import annotations

import math

import pygame

from .. import theme
from ..stage.aliens import stage_figure


def draw_throne(canvas: pygame.Surface, champion, seconds: float, centre_x: int = 1100, seat_y: int = 470) -> None:
    colour = tuple(champion.colour)
    # The dais: three steps, lit at their edges in gold.
    for step, (width, height) in enumerate(((250, 26), (200, 26), (150, 30))):
        top = seat_y + 30 + 82 - sum(h for _, h in ((250, 26), (200, 26), (150, 30))[: step + 1])
        rect = pygame.Rect(0, 0, width, height)
        rect.midtop = (centre_x, top)
        pygame.draw.rect(canvas, (34, 22, 58), rect, border_radius=4)
        pygame.draw.line(canvas, theme.GOLD, rect.topleft, rect.topright, 2)
    # The throne's back: a tall arch behind the champion, in their colour.
    back = pygame.Rect(0, 0, 150, 190)
    back.midbottom = (centre_x, seat_y + 32)
    pygame.draw.rect(canvas, tuple(int(c * 0.28) for c in colour), back, border_top_left_radius=70,
                     border_top_right_radius=70)
    pygame.draw.rect(canvas, theme.GOLD, back, 3, border_top_left_radius=70, border_top_right_radius=70)
    figure = stage_figure(canvas, (centre_x, seat_y + 30), colour, lit=True, width=110, beam_top=seat_y - 260)
    bob = int(3 * math.sin(seconds * 2.0))
    theme.draw_text(canvas, "♛", (centre_x, figure.top - 18 + bob), size=44, colour=theme.GOLD, anchor="center")
    name = theme.fit_text(champion.name, 30, 300)
    theme.draw_text(canvas, name, (centre_x, seat_y + 136), size=30, bold=True, colour=colour, anchor="center")
    theme.draw_text(canvas, "reigning champion", (centre_x, seat_y + 166), size=22, colour=theme.GOLD,
                    anchor="center")
