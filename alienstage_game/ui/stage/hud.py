"""Scores, names, the vote bar, line-rating pops, the count-in and the mic-lost warning.
Text is rendered when it changes, never every frame."""

from __future__ import annotations

import math

import pygame

from .. import theme
from .glow import glow_dot, tint

RATING_WORDS = {"perfect": "PERFECT!", "great": "GREAT!", "good": "GOOD", "ok": "OK", "fair": "FAIR",
                "poor": "POOR", "awful": "AWFUL"}
POP_S = 1.3


class TextCache:
    """Rendered text by (text, size, colour, bold); small and bounded."""

    def __init__(self, limit: int = 64) -> None:
        self._images: dict[tuple, pygame.Surface] = {}
        self.limit = limit

    def get(self, text: str, size: int, colour, bold: bool = False) -> pygame.Surface:
        key = (text, size, colour, bold)
        image = self._images.get(key)
        if image is None:
            if len(self._images) >= self.limit:
                self._images.pop(next(iter(self._images)))
            image = self._images[key] = theme.font(size, bold).render(text, True, colour)
        return image


def outlined(text: str, size: int, colour, outline=(10, 6, 26), width: int = 3) -> pygame.Surface:
    """Big bold text with a dark outline, readable over lights and notes."""
    face = theme.font(size, bold=True)
    inner = face.render(text, True, colour)
    edge = face.render(text, True, outline)
    out = pygame.Surface((inner.get_width() + 2 * width, inner.get_height() + 2 * width), pygame.SRCALPHA)
    for dx in range(-width, width + 1, width):
        for dy in range(-width, width + 1, width):
            out.blit(edge, (width + dx, width + dy))
    out.blit(inner, (width, width))
    return out


class Digits:
    """Outlined digits rendered once; a number is a row of blits (scores change every frame)."""

    def __init__(self, size: int, colour) -> None:
        self.glyphs = {ch: outlined(ch, size, colour) for ch in "0123456789,"}
        self.overlap = 6  # the outlines of neighbours overlap, as in one rendered string

    def width(self, text: str) -> int:
        return sum(self.glyphs[ch].get_width() - self.overlap for ch in text) + self.overlap

    def draw(self, canvas: pygame.Surface, text: str, pos: tuple[int, int], right: bool = False) -> None:
        x, y = pos
        if right:
            x -= self.width(text)
        for ch in text:
            glyph = self.glyphs[ch]
            canvas.blit(glyph, (x, y))
            x += glyph.get_width() - self.overlap


class Scoreboard:
    """Each contestant's name, colour and running score in the top corners."""

    def __init__(self, names: tuple[str, str], colours) -> None:
        self.names = tuple(outlined(theme.fit_text(n, 30, 330), 30, tint(c, 1.25)) for n, c in zip(names, colours))
        self.colours = colours
        self.digits = Digits(44, theme.STARLIGHT)

    def draw(self, canvas: pygame.Surface, scores: tuple[int, int] | None, leader: int) -> None:
        """``scores`` None: the names only (the verdict counts the scores up itself)."""
        width = canvas.get_width()
        for i in (0, 1):
            name = self.names[i]
            score = None if scores is None else f"{scores[i]:,}"
            if i == 0:
                canvas.blit(name, (26, 10))
                if score is not None:
                    self.digits.draw(canvas, score, (26, 44))
            else:
                canvas.blit(name, name.get_rect(topright=(width - 26, 10)))
                if score is not None:
                    self.digits.draw(canvas, score, (width - 26, 44), right=True)
            if leader == i:  # a small crown of light on the leader
                x = 26 + name.get_width() + 18 if i == 0 else width - 26 - name.get_width() - 18
                dot = glow_dot(theme.GOLD, 9)
                canvas.blit(dot, dot.get_rect(center=(x, 28)))


class VoteBarView:
    def __init__(self, rect: pygame.Rect, colours) -> None:
        self.rect, self.colours = rect, colours
        self.label = theme.font(20, bold=True).render("AUDIENCE VOTE", True, theme.MUTED)
        self.text = TextCache(64)
        self.knob = glow_dot((255, 255, 255), 16)

    def draw(self, canvas: pygame.Surface, vote: float, now: float, beat_s: float,
             counts: tuple[int, int] | None = None) -> None:
        """``counts``: the hall's final count (the verdict), shown instead of the shares."""
        rect = self.rect
        canvas.blit(self.label, self.label.get_rect(midbottom=(rect.centerx, rect.top - 4)))
        split = rect.centerx + int(vote * rect.w / 2)
        pygame.draw.rect(canvas, (8, 5, 20), rect.inflate(6, 6), border_radius=12)
        left = pygame.Rect(rect.left, rect.top, split - rect.left, rect.h)
        right = pygame.Rect(split, rect.top, rect.right - split, rect.h)
        pygame.draw.rect(canvas, self.colours[0], left, border_top_left_radius=9, border_bottom_left_radius=9)
        pygame.draw.rect(canvas, self.colours[1], right, border_top_right_radius=9, border_bottom_right_radius=9)
        # Brighter stripe on the upper half: the bar looks lit.
        for part, colour in ((left, self.colours[0]), (right, self.colours[1])):
            if part.w > 0:
                pygame.draw.rect(canvas, tint(colour, 1.35), pygame.Rect(part.x, part.y + 3, part.w, 4))
        pygame.draw.line(canvas, theme.STARLIGHT, (rect.centerx, rect.top - 4), (rect.centerx, rect.bottom + 4), 1)
        canvas.blit(self.knob, self.knob.get_rect(center=(split, rect.centery)))
        share = int(round((vote + 1) * 50))
        words = (f"{share}%", f"{100 - share}%") if counts is None else (f"{counts[0]:,}", f"{counts[1]:,}")
        a = self.text.get(words[0], 24, tint(self.colours[0], 1.3), True)
        b = self.text.get(words[1], 24, tint(self.colours[1], 1.3), True)
        canvas.blit(a, a.get_rect(midright=(rect.left - 14, rect.centery)))
        canvas.blit(b, b.get_rect(midleft=(rect.right + 14, rect.centery)))


class RatingPops:
    """A rating word pops up on the singer's side at each line end, floats and fades."""

    def __init__(self, anchors: tuple[tuple[int, int], tuple[int, int]]) -> None:
        self.anchors = anchors
        self.images = {}
        for rating, word in RATING_WORDS.items():
            colour = theme.RATING_COLOURS.get(rating, theme.STARLIGHT)
            image = outlined(word, 50, colour)
            self.images[rating] = (image, pygame.transform.smoothscale_by(image, 1.3))
        self.active: list[tuple[int, str, float]] = []

    def add(self, seat: int, rating: str, now: float) -> None:
        self.active = [p for p in self.active if p[0] != seat] + [(seat, rating, now)]

    def reset(self) -> None:
        self.active.clear()

    def draw(self, canvas: pygame.Surface, now: float) -> None:
        keep = []
        for seat, rating, born in self.active:
            age = now - born
            if age < 0 or age > POP_S:
                continue
            keep.append((seat, rating, born))
            small, big = self.images.get(rating, self.images["good"])
            image = big if age < 0.12 else small
            x, y = self.anchors[seat]
            alpha = 255 if age < POP_S - 0.4 else int(255 * (POP_S - age) / 0.4)
            image.set_alpha(alpha)
            canvas.blit(image, image.get_rect(center=(x, int(y - 28 * min(1.0, age / POP_S)))))
        self.active = keep


class CountIn:
    def __init__(self) -> None:
        self.images = {n: outlined(str(n), 150, theme.STARLIGHT, width=5) for n in (1, 2, 3)}
        self.images[0] = outlined("SING!", 130, theme.ACCENT, width=5)
        self.big = {n: pygame.transform.smoothscale_by(image, 1.2) for n, image in self.images.items()}

    def draw(self, canvas: pygame.Surface, count: int | None, beat_fraction: float, centre: tuple[int, int]) -> None:
        if count is None or count not in self.images:
            return
        image = self.images[count]
        if beat_fraction < 0.15:  # each beat lands big, then settles
            image = self.big[count]
        image.set_alpha(int(255 * max(0.55, 1.0 - beat_fraction * 0.5)))
        canvas.blit(image, image.get_rect(center=centre))


class MicLostBanner:
    def __init__(self) -> None:
        self.image = outlined("MIC LOST", 34, theme.WARNING)
        self.sub = theme.font(22).render("check the cable - the song goes on", True, theme.STARLIGHT)

    def draw(self, canvas: pygame.Surface, seat: int, now: float, lane: pygame.Rect) -> None:
        """Over the lost singer's half of their lane, near its foot: seen, never in the way."""
        box = pygame.Rect(0, 0, 330, 74)
        box.midbottom = (lane.x + lane.w // 4 if seat == 0 else lane.right - lane.w // 4, lane.bottom - 12)
        blink = 0.5 + 0.5 * math.sin(now * 2 * math.pi * 1.5)
        layer = pygame.Surface(box.size, pygame.SRCALPHA)
        layer.fill((60, 8, 16, 225))
        canvas.blit(layer, box)
        pygame.draw.rect(canvas, tint(theme.WARNING, 0.6 + 0.4 * blink), box, width=3, border_radius=8)
        canvas.blit(self.image, self.image.get_rect(midtop=(box.centerx, box.top + 4)))
        canvas.blit(self.sub, self.sub.get_rect(midbottom=(box.centerx, box.bottom - 8)))
