"""The champion ceremony (timeline: show/champion_show.py): the hall dark under one light,
the champion's road through the bracket replayed match by match (each beaten rival stands
on the path and their light goes out), the crown comes down, and the whole hall turns to
the champion's colour. Any key skips to the end after the first second; then it leaves.
Everyone else is listed in the order they left the stage."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pygame

from ...match.season import Season
from ...show.champion_show import ChampionShow
from .. import theme, widgets
from ..input import Action
from ..stage.aliens import alien, silhouette, stage_figure
from ..stage.audience import Audience
from ..stage.glow import glow_dot, halo, tint
from ..stage.hud import outlined
from .notice import Dismissible

CHAMPION_FEET = (640, 420)
CHAMPION_W = 150
PATH_Y = 548  # the feet of the rivals on the road


@dataclass(frozen=True)
class RoadStep:
    round_name: str
    rival: str
    colour: tuple[int, int, int]
    score: int
    rival_score: int

    @property
    def line(self) -> str:
        return f"{self.round_name}: beat {self.rival} {self.score:,} – {self.rival_score:,}"


class ChampionScene(Dismissible):
    def __init__(self, season: Season, sounds: bool = True) -> None:
        super().__init__(sky_seed=47)
        self.season = season
        self.steps = self._road()
        self.show = ChampionShow(len(self.steps))
        self.t = 0.0
        champion = season.champion
        colour = tuple(champion.colour) if champion is not None else theme.GOLD
        self.colour = colour
        self.crowd = Audience(1280, 622, (colour, colour), seed=29)
        rng = random.Random(str(season.seed))
        self.sparks = [(rng.uniform(0, 1280), rng.uniform(0, 720), rng.uniform(30, 90),
                        rng.choice([theme.GOLD, theme.STARLIGHT, tint(colour, 1.3)])) for _ in range(70)]
        self.crown_glow = halo((200, 130), theme.GOLD, 0.7)
        self.flare = halo((520, 520), tint(colour, 1.2), 0.5)
        self.spark = glow_dot(tint(colour, 1.5), 10)
        self._sounds_wanted = sounds
        self.sounds = None

    def on_enter(self) -> None:
        if self.sounds is None:
            from ..stage.sound import StageSounds

            self.sounds = StageSounds(self._sounds_wanted)

    # -- the road ----------------------------------------------------------------------------------
    def _road(self) -> list[RoadStep]:
        champion = self.season.champion
        steps = []
        for result in self.season.results:
            if champion is not None and result.winner == champion.id:
                loser = self.season.contestant(result.loser)
                steps.append(RoadStep(self.season.round_label(result.match_id), loser.name, tuple(loser.colour),
                                      round(result.winner_score or 0), round(result.loser_score or 0)))
        return steps

    def road(self) -> list[str]:
        """The champion's matches, in order: 'Final: beat X 7,120 – 6,410'."""
        return [step.line for step in self.steps]

    def ranking(self) -> list[tuple[int, str]]:
        """(place, name), the champion first; who left in the same round shares a place."""
        return [(place, who.name) for place, who in self.season.placings()]  # a title duel's too

    # -- input and time ----------------------------------------------------------------------------
    def handle(self, action: Action) -> None:
        if action not in (Action.BACK, Action.CONFIRM, Action.PAUSE):
            return
        self._press()

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN:
            self._press()

    def _press(self) -> None:
        if self.show.done(self.t):
            self.app.pop()
        elif self.show.can_skip(self.t):
            self.t = self.show.length_s  # to the crowned champion in the roaring hall

    def update(self, seconds: float) -> None:
        super().update(seconds)
        before, self.t = self.t, self.t + seconds
        if self.sounds is not None:
            for name in self.show.cues_between(before, self.t):
                self.sounds.play(name, 0.8)

    # -- drawing -----------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        champion = self.season.champion
        if champion is None:
            theme.draw_text(canvas, "No champion yet", (640, 300), size=60, bold=True, anchor="center")
            widgets.footer(canvas, "Enter / A: back to the board")
            return
        show, t = self.show, self.t
        crown, hall = show.crown(t), show.hall(t)
        dark = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
        dark.fill((0, 0, 0, int(150 * (1.0 - hall))))
        canvas.blit(dark, (0, 0))
        if hall > 0:  # the hall's lights come up in the champion's colour
            for x, y, speed, colour in self.sparks:
                yy = (y - self.seconds * speed) % 720
                pygame.draw.circle(canvas, colour, (int(x + 8 * math.sin(self.seconds + x)), int(yy)), 2)
            self.flare.set_alpha(int(255 * hall))
            canvas.blit(self.flare, self.flare.get_rect(center=(CHAMPION_FEET[0], CHAMPION_FEET[1] - 110)))
        self._draw_road(canvas, t)
        hop = int(8 * abs(math.sin(math.pi * 2 * self.seconds)) * hall)
        figure = stage_figure(canvas, (CHAMPION_FEET[0], CHAMPION_FEET[1] - hop), champion.colour,
                              width=CHAMPION_W, beam_top=0)
        self._draw_crown(canvas, figure, crown)
        self.crowd.draw(canvas, self.seconds, 0.5, 0.0, flicker=0.0 if hall else 0.4, roar_side=0, roar=hall)
        self._draw_words(canvas, champion, crown, hall)

    def _draw_road(self, canvas: pygame.Surface, t: float) -> None:
        """The bracket's path: one node per match the champion won, lit as it is replayed."""
        count = len(self.steps)
        if not count:
            return
        xs = [int(640 + (k - (count - 1) / 2) * min(300, 1000 / max(1, count))) for k in range(count)]
        shown = self.show.shown_steps(t)
        for k in range(count - 1):
            lit = self.show.step(k + 1, t) > 0
            colour = tint(self.colour, 1.1) if lit else (60, 50, 96)
            pygame.draw.line(canvas, colour, (xs[k] + 40, PATH_Y - 30), (xs[k + 1] - 40, PATH_Y - 30), 4 if lit else 2)
        for k, step in enumerate(self.steps[:shown]):
            x, p = xs[k], self.show.step(k, t)
            out = p >= 0.55
            if not out:
                light = glow_dot(tint(step.colour, 1.2), 34)
                canvas.blit(light, light.get_rect(center=(x, PATH_Y - 34)))
            image = silhouette(56) if out else alien(step.colour, 56)
            canvas.blit(image, image.get_rect(midbottom=(x, PATH_Y)))
            theme.draw_text(canvas, step.round_name, (x, PATH_Y + 4), size=20, colour=theme.GOLD, anchor="midtop")
            theme.draw_text(canvas, theme.fit_text(f"beat {step.rival}", 20, 280), (x, PATH_Y + 26), size=20,
                            colour=theme.STARLIGHT if out else tint(step.colour, 1.2), anchor="midtop")
            theme.draw_text(canvas, f"{step.score:,} – {step.rival_score:,}", (x, PATH_Y + 48), size=20,
                            colour=theme.MUTED, anchor="midtop")

    def _draw_crown(self, canvas: pygame.Surface, figure: pygame.Rect, crown: float) -> None:
        if crown <= 0:
            return
        eased = 1.0 - (1.0 - min(1.0, crown / 0.7)) ** 3
        cx = figure.centerx
        top = figure.top + int(figure.height * 0.16)  # the top of the head
        y = int(-60 + (top - 4 + 60) * eased)  # comes down to rest on the head
        if crown >= 0.7:
            glow = self.crown_glow
            glow.set_alpha(int(255 * min(1.0, (crown - 0.7) / 0.2)))
            canvas.blit(glow, glow.get_rect(center=(cx, y - 6)))
        w = 30
        points = [(cx - w, y + 14), (cx - w - 4, y - 14), (cx - w // 2, y + 2), (cx, y - 22), (cx + w // 2, y + 2),
                  (cx + w + 4, y - 14), (cx + w, y + 14)]
        pygame.draw.polygon(canvas, theme.GOLD, points)
        pygame.draw.polygon(canvas, tint(theme.GOLD, 1.4), points, width=2)
        for px, py in (points[1], points[3], points[5]):
            dot = glow_dot((255, 250, 220), 6)
            canvas.blit(dot, dot.get_rect(center=(px, py)))

    def _draw_words(self, canvas: pygame.Surface, champion, crown: float, hall: float) -> None:
        if crown > 0.5:
            if not hasattr(self, "_titles"):  # outlined text is rendered once
                self._titles = (outlined("CHAMPION", 84, theme.GOLD, width=4),
                                outlined(theme.fit_text(champion.name, 56, 1000), 56, tint(tuple(champion.colour), 1.3),
                                         width=3))
            head, name = self._titles
            head.set_alpha(int(255 * min(1.0, (crown - 0.5) / 0.3)))
            canvas.blit(head, head.get_rect(center=(640, 70)))
            canvas.blit(name, name.get_rect(center=(640, 142)))
        else:
            theme.draw_text(canvas, self.season.name, (640, 70), size=40, bold=True, colour=theme.STARLIGHT,
                            anchor="center")
            theme.draw_text(canvas, "the road to the title", (640, 118), size=28, colour=theme.MUTED, anchor="center")
        if hall >= 1.0:
            theme.draw_text(canvas, self.season.name, (640, 188), size=26, colour=theme.STARLIGHT, anchor="center")
            theme.draw_text(canvas, "Final ranking", (70, 250), size=26, bold=True, colour=theme.GOLD)
            for k, (rank, name) in enumerate(self.ranking()):
                colour = theme.STARLIGHT if k == 0 else theme.MUTED
                theme.draw_text(canvas, f"{rank}.", (96, 288 + k * 30), size=24, colour=colour, anchor="topright")
                theme.draw_text(canvas, theme.fit_text(name, 24, 300), (106, 288 + k * 30), size=24, colour=colour)
        if self.show.done(self.t):
            hint = "Enter / A: back to the board"
        elif self.show.can_skip(self.t):
            hint = "any key: skip the ceremony"
        else:
            return
        theme.draw_text(canvas, hint, (1260, 14), size=20, colour=theme.MUTED, anchor="topright")
