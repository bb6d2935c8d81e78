"""The champion ceremony: one golden spotlight, the crowd of stars rising, the road to the
title match by match, and everyone else in the order they left the stage."""

from __future__ import annotations

import math
import random

import pygame

from ...match.season import Season
from .. import theme, widgets
from .notice import Dismissible
from .results import ResultsScene


class ChampionScene(Dismissible):
    def __init__(self, season: Season) -> None:
        super().__init__(sky_seed=47)
        self.season = season
        rng = random.Random(season.seed)
        self.sparks = [(rng.uniform(0, 1280), rng.uniform(0, 720), rng.uniform(30, 90), rng.choice(
            [theme.GOLD, theme.ACCENT, theme.STARLIGHT, (255, 140, 200)])) for _ in range(90)]

    def road(self) -> list[str]:
        """The champion's matches, in order: 'beat X 7,120 – 6,410'."""
        champion = self.season.champion
        lines = []
        for result in self.season.results:
            if champion is not None and result.winner == champion.id:
                loser = self.season.contestant(result.loser)
                ws, ls = result.winner_score or 0, result.loser_score or 0
                round_no = int(result.match_id.split("-")[0][1:])
                lines.append(f"{self.season.bracket.round_name(round_no)}: beat {loser.name} {round(ws):,} – {round(ls):,}")
        return lines

    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        for x, y, speed, colour in self.sparks:  # sparks rise like a cheering crowd's lights
            yy = (y - self.seconds * speed) % 720
            pygame.draw.circle(canvas, colour, (int(x + 8 * math.sin(self.seconds + x)), int(yy)), 2)
        champion = self.season.champion
        widgets.spotlight(canvas, 640, 430, 1.0, colour=(255, 226, 140), top_y=0, spread=200)
        if champion is None:
            theme.draw_text(canvas, "No champion yet", (640, 300), size=60, bold=True, anchor="center")
            return
        ResultsScene._draw_singer(canvas, (640, 430), champion.colour, 1.0)
        pygame.draw.polygon(canvas, theme.GOLD, [(612, 262), (620, 238), (630, 254), (640, 230), (650, 254),
                                                  (660, 238), (668, 262)])  # the crown
        theme.draw_text(canvas, "CHAMPION", (640, 90), size=84, bold=True, colour=theme.GOLD, anchor="center")
        theme.draw_text(canvas, champion.name, (640, 168), size=60, bold=True, colour=champion.colour, anchor="center")
        theme.draw_text(canvas, self.season.name, (640, 470), size=28, colour=theme.STARLIGHT, anchor="center")
        y = 510
        for line in self.road():
            theme.draw_text(canvas, line, (640, y), size=26, colour=theme.ACCENT, anchor="center")
            y += 30
        order = sorted((c for c in self.season.contestants if c.id != champion.id),
                       key=lambda c: -(self.season.bracket.eliminated_in(c.id) or 0))
        if order:
            names = ", ".join(c.name for c in order)
            theme.draw_text(canvas, theme.fit_text(f"Then: {names}", 22, 1160), (640, y + 10), size=22,
                            colour=theme.MUTED, anchor="center")
        widgets.footer(canvas, "Enter / A: back to the board")
