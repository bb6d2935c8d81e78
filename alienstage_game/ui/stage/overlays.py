"""What covers the stage: the pause menu, the loading note and the verdict card."""

from __future__ import annotations

import pygame

from ...show import DuelOutcome
from .. import theme, widgets
from .glow import tint
from .hud import outlined

PAUSE_ITEMS = ("Resume", "Restart", "Quit")


class Dimmer:
    def __init__(self, size, alpha: int = 160) -> None:
        self.layer = pygame.Surface(size, pygame.SRCALPHA)
        self.layer.fill((4, 2, 12, alpha))

    def draw(self, canvas: pygame.Surface) -> None:
        canvas.blit(self.layer, (0, 0))


def draw_pause(canvas: pygame.Surface, dimmer: Dimmer, selected: int, title: str) -> None:
    dimmer.draw(canvas)
    width, height = canvas.get_size()
    box = pygame.Rect(0, 0, 460, 360)
    box.center = (width // 2, height // 2)
    widgets.panel(canvas, box, alpha=235)
    theme.draw_text(canvas, "PAUSED", (box.centerx, box.top + 50), size=56, bold=True, anchor="center")
    theme.draw_text(canvas, theme.fit_text(title, 26, 400), (box.centerx, box.top + 96), size=26,
                    colour=theme.MUTED, anchor="center")
    widgets.menu(canvas, list(PAUSE_ITEMS), selected, (box.centerx, box.top + 170), spacing=58)
    widgets.footer(canvas, "Up/Down choose   Enter select   Esc / Start resume")


def draw_loading(canvas: pygame.Surface, now: float, title: str) -> None:
    """While the pitch tracker warms up: the song's name and a ring of pulsing lights."""
    import math

    from .glow import glow_dot

    width, height = canvas.get_size()
    theme.draw_text(canvas, theme.fit_text(title, 56, 1000), (width // 2, height // 2 - 110), size=56,
                    bold=True, anchor="center")
    theme.draw_text(canvas, "Tuning the microphones...", (width // 2, height // 2 + 110), size=34,
                    colour=theme.ACCENT, anchor="center")
    for k in range(8):
        angle = 2 * math.pi * k / 8
        glow = 0.5 + 0.5 * math.cos(2 * math.pi * (now * 1.2 - k / 8))
        dot = glow_dot(tint(theme.ACCENT, 0.5 + glow), 12)
        centre = (width // 2 + int(46 * math.cos(angle)), height // 2 + int(46 * math.sin(angle)))
        canvas.blit(dot, dot.get_rect(center=centre))


class VerdictCard:
    """The stage's own verdict, shown when no results scene is there to take over."""

    def __init__(self, outcome: DuelOutcome, size) -> None:
        self.outcome = outcome
        width, height = size
        self.image = pygame.Surface((760, 380), pygame.SRCALPHA)
        card = self.image
        rect = card.get_rect()
        card.fill((*theme.PANEL, 238))
        edge = outcome.seats[outcome.winner].colour if outcome.winner >= 0 else theme.PANEL_EDGE
        pygame.draw.rect(card, edge, rect, width=3, border_radius=12)
        if outcome.aborted:
            headline = "THE SHOW WAS STOPPED"
        elif outcome.winner < 0:
            headline = "NO WINNER TONIGHT"
        else:
            headline = f"{outcome.winner_name.upper()} WINS"
        title = outlined(theme.fit_text(headline, 60, 700), 60, theme.GOLD if outcome.winner >= 0 else theme.STARLIGHT)
        card.blit(title, title.get_rect(midtop=(rect.centerx, 24)))
        for i, seat in enumerate(outcome.seats):
            x = rect.w // 4 if i == 0 else rect.w * 3 // 4
            colour = tint(seat.colour, 1.25) if i != outcome.loser else tint(seat.colour, 0.6)
            theme.draw_text(card, theme.fit_text(seat.name, 34, 320), (x, 130), size=34, colour=colour,
                            bold=True, anchor="center")
            theme.draw_text(card, f"{seat.score:,}", (x, 185), size=64, bold=True, anchor="center",
                            colour=theme.STARLIGHT if i != outcome.loser else theme.MUTED)
            perfect = sum(1 for r in seat.line_ratings if r == "perfect")
            great = sum(1 for r in seat.line_ratings if r == "great")
            theme.draw_text(card, f"{perfect} perfect · {great} great lines", (x, 232), size=24,
                            colour=theme.MUTED, anchor="center")
        theme.draw_text(card, theme.fit_text(outcome.reason, 26, 700), (rect.centerx, 290), size=26,
                        colour=theme.STARLIGHT, anchor="center")
        if outcome.loser >= 0:
            theme.draw_text(card, f"{outcome.loser_name} leaves the stage.", (rect.centerx, 326), size=26,
                            colour=theme.WARNING, anchor="center")
        self.rect = card.get_rect(center=(width // 2, height // 2 - 20))

        self.hint = outlined("Enter / A  continue", 26, theme.STARLIGHT)

    def draw(self, canvas: pygame.Surface) -> None:
        canvas.blit(self.image, self.rect)
        canvas.blit(self.hint, self.hint.get_rect(midtop=(self.rect.centerx, self.rect.bottom + 14)))
