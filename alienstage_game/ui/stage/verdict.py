"""The verdict drawn on the stage (the timeline is show/verdict_show.py): the lanes fade,
the crowd's lights flicker, the vote bar sweeps to the hall's count, the scores count up
side by side, a tie-break card, then the loser's spotlight fails and they fade to a
silhouette while the winner's light flares. Text is rendered once per change."""

from __future__ import annotations

import math

import pygame

from ...show.verdict_show import LIGHT_OUT_AT, Beat, VerdictShow
from .. import theme
from .aliens import alien, silhouette
from .glow import glow_dot, halo, tint
from .hud import Digits, TextCache, outlined
from .layout import StageLayout

FIGURE_W = 120  # as the stage's contestants


class VerdictView:
    def __init__(self, show: VerdictShow, layout: StageLayout, names: tuple[str, str], colours,
                 size: tuple[int, int] = theme.LOGICAL_SIZE) -> None:
        self.show, self.layout, self.names, self.colours = show, layout, names, tuple(colours)
        self.size = size
        self.figures = tuple(alien(tuple(c), FIGURE_W, singer=True) for c in colours)
        self.dark = tuple(alien(tint(c, 0.3), FIGURE_W, singer=True) for c in colours)
        self.shadow = silhouette(FIGURE_W, singer=True)
        self.flare_glow = tuple(halo((300, 380), tint(c, 1.3), 0.75) for c in colours)
        self.sparks = tuple(glow_dot(tint(c, 1.5), 12) for c in colours)
        self.digits = tuple(Digits(84, tint(c, 1.35)) for c in colours)
        self.text = TextCache(48)
        self.veil = pygame.Surface(size, pygame.SRCALPHA)
        self.names_big = tuple(outlined(theme.fit_text(n, 40, 400), 40, tint(c, 1.25)) for n, c in zip(names, colours))
        self._cards: dict[str, pygame.Surface] = {}

    # -- helpers ---------------------------------------------------------------------------------
    def _card(self, key: str, text: str, size: int, colour) -> pygame.Surface:
        image = self._cards.get(key)
        if image is None:
            image = self._cards[key] = outlined(theme.fit_text(text, size, 1100), size, colour, width=4)
        return image

    def _stage_rect(self) -> pygame.Rect:
        lanes = self.layout.lanes
        return lanes[0].union(lanes[-1]).union(pygame.Rect(lanes[0].x, self.layout.lyrics_top, lanes[0].w, 110))

    # -- under the lanes: the spotlights' levels and the contestants ------------------------------
    def levels(self, t: float) -> tuple[float, float]:
        return (self.show.light(0, t), self.show.light(1, t))

    def draw_contestants(self, canvas: pygame.Surface, t: float, now: float, beat_s: float) -> None:
        show = self.show
        beat = now / beat_s if beat_s > 0 else 0.0
        roar = show.roar(t)
        for i, (x, feet) in enumerate(self.layout.figures):
            light, fade = show.light(i, t), show.silhouette(i, t)
            if i == show.winner and light > 1.0:  # the flare: a big halo and rising sparks
                glow = self.flare_glow[i]
                glow.set_alpha(int(255 * min(1.0, (light - 1.0) / 0.6 + roar * 0.5)))
                canvas.blit(glow, glow.get_rect(center=(x, feet - 90)))
                for k in range(6):
                    phase = (now * 0.8 + k / 6) % 1.0
                    spark = self.sparks[i]
                    sx = x + int(44 * math.sin(phase * 7 + k * 1.7))
                    canvas.blit(spark, spark.get_rect(center=(sx, int(feet - 120 - phase * 200))))
            if fade >= 1.0:
                canvas.blit(self.shadow, self.shadow.get_rect(midbottom=(x, feet)))
                continue
            hop = 0
            if i == show.winner and roar > 0:
                hop = int(10 * abs(math.sin(math.pi * 2.0 * now)) * roar)
            sway = 0 if show.beat_at(t) in (Beat.SILENCE, Beat.LIGHTS_OUT) else int(2 * math.sin(math.pi * beat + i * math.pi))
            rect = self.figures[i].get_rect(midbottom=(x + sway, feet - hop))
            image = self.figures[i] if light > 0.35 else self.dark[i]
            if fade > 0:
                canvas.blit(self.shadow, rect)
                image.set_alpha(int(255 * (1.0 - fade)))
                canvas.blit(image, rect)
                image.set_alpha(255)
            else:
                canvas.blit(image, rect)

    # -- over the lanes: the veil, the counts, the cards ------------------------------------------
    def draw_veil(self, canvas: pygame.Surface, t: float) -> None:
        """The lanes and lyrics fade into the dark as the last note does."""
        shade = int(200 * (1.0 - self.show.music_level(t)))
        if shade <= 0:
            return
        self.veil.fill((0, 0, 0, 0))
        pygame.draw.rect(self.veil, (4, 2, 12, shade), self._stage_rect().inflate(12, 12), border_radius=10)
        canvas.blit(self.veil, (0, 0))

    def draw_over(self, canvas: pygame.Surface, t: float, now: float) -> None:
        show = self.show
        area = self._stage_rect()
        beat = show.beat_at(t)
        mid_y = self.layout.lanes[0].top + 60
        if beat is Beat.BREATH or (beat is Beat.SWEEP and not show.vote_settled(t)):
            pulse = 0.55 + 0.45 * math.sin(now * math.tau * 2.2)
            card = self._card("voting", "THE AUDIENCE IS VOTING", 52, theme.STARLIGHT)
            card.set_alpha(int(255 * (0.45 + 0.55 * pulse)))
            canvas.blit(card, card.get_rect(center=(area.centerx, mid_y)))
            card.set_alpha(255)
        elif show.vote_settled(t) and beat is not None:
            label = self._card("count", "THE HALL HAS VOTED", 40, theme.GOLD)
            canvas.blit(label, label.get_rect(center=(area.centerx, mid_y - 16)))
            self._draw_votes(canvas, area.centerx, mid_y + 34)
        if show.progress(Beat.COUNT, t) > 0:
            self._draw_scores(canvas, t, area)
        if beat is Beat.TIE_BREAK or (show.tie_break and show.progress(Beat.TIE_BREAK, t) >= 1.0):
            self._draw_tie_break(canvas, t, area)
        if show.loser >= 0 and show.progress(Beat.LIGHTS_OUT, t) >= LIGHT_OUT_AT:
            self._draw_fate(canvas, t, area)
        if beat is Beat.NO_LOSER or (show.loser < 0 and show.done(t)):
            self._draw_no_loser(canvas, t, area)
        if show.can_skip(t) and not show.done(t):
            hint = self.text.get("any key: skip to the results", 20, theme.MUTED)
            canvas.blit(hint, hint.get_rect(midbottom=(area.centerx, self.layout.audience_top - 6)))

    def _draw_votes(self, canvas: pygame.Surface, x: int, y: int) -> None:
        a, b = self.show.votes
        left = self.text.get(f"{a:,} votes", 30, tint(self.colours[0], 1.3), True)
        right = self.text.get(f"{b:,} votes", 30, tint(self.colours[1], 1.3), True)
        canvas.blit(left, left.get_rect(midright=(x - 24, y)))
        canvas.blit(right, right.get_rect(midleft=(x + 24, y)))
        dot = self.text.get("·", 30, theme.MUTED, True)
        canvas.blit(dot, dot.get_rect(center=(x, y)))

    def _draw_scores(self, canvas: pygame.Surface, t: float, area: pygame.Rect) -> None:
        scores = self.show.scores(t)
        y = area.top + 140
        for i in (0, 1):
            x = area.x + area.w // 4 if i == 0 else area.right - area.w // 4
            text = f"{scores[i]:,}"
            digits = self.digits[i]
            dimmed = i == self.show.loser and self.show.silhouette(i, t) > 0.5
            if dimmed:
                text_img = self.text.get(text, 64, theme.MUTED, True)
                canvas.blit(text_img, text_img.get_rect(midtop=(x, y + 10)))
            else:
                digits.draw(canvas, text, (x - digits.width(text) // 2, y))
            name = self.names_big[i]
            canvas.blit(name, name.get_rect(midbottom=(x, y - 2)))

    def _draw_tie_break(self, canvas: pygame.Surface, t: float, area: pygame.Rect) -> None:
        verdict = self.show.verdict
        rule = verdict.tiebreaks[-1]
        winner = self.names[self.show.winner]
        values = (rule.p1, rule.p2)
        head = self._card("tie", f"DEAD HEAT AT {verdict.totals[0]:,}", 46, theme.GOLD)
        sub = self._card("tie-rule", f"decided on {rule.name}: {winner} {values[self.show.winner]:,} "
                                     f"to {values[self.show.loser]:,}", 30, theme.STARLIGHT)
        y = area.top + 250
        canvas.blit(head, head.get_rect(center=(area.centerx, y)))
        canvas.blit(sub, sub.get_rect(center=(area.centerx, y + 44)))

    def _draw_fate(self, canvas: pygame.Surface, t: float, area: pygame.Rect) -> None:
        show = self.show
        win, lose = show.winner, show.loser
        stays = self._card("stays", f"{self.names[win]} STAYS ON STAGE", 54, tint(self.colours[win], 1.4))
        off = self._card("off", f"{self.names[lose]} is voted off", 30, theme.MUTED)
        rise = min(1.0, (show.progress(Beat.LIGHTS_OUT, t) - LIGHT_OUT_AT) / (1.0 - LIGHT_OUT_AT) * 2 + show.progress(Beat.ROAR, t))
        y = area.top + 262 if not show.tie_break else area.bottom - 100
        stays.set_alpha(int(255 * min(1.0, rise)))
        canvas.blit(stays, stays.get_rect(center=(area.centerx, y)))
        stays.set_alpha(255)
        canvas.blit(off, off.get_rect(center=(area.centerx, y + 46)))

    def _draw_no_loser(self, canvas: pygame.Surface, t: float, area: pygame.Rect) -> None:
        verdict = self.show.verdict
        if verdict.reason.value == "sudden_death":
            head = self._card("sd", "SUDDEN DEATH", 64, theme.GOLD)
            line = verdict.sudden_death_line
            words = f"dead level at {verdict.totals[0]:,}: " + (
                f"line {line + 1} is sung again" if line is not None else "they sing again")
        else:
            head = self._card("sd", "NO VERDICT", 64, theme.WARNING)
            words = "neither contestant sang: nobody is voted off"
        sub = self._card("sd-sub", words, 30, theme.STARLIGHT)
        y = area.top + 280
        canvas.blit(head, head.get_rect(center=(area.centerx, y)))
        canvas.blit(sub, sub.get_rect(center=(area.centerx, y + 50)))
