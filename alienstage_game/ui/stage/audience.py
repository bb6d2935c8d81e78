"""The alien audience: rows of glowing silhouettes that take sides with the vote, bounce
on the beat and cheer at great lines; and the stage's spotlights."""

from __future__ import annotations

import math
import random
from functools import lru_cache

import pygame

from .. import theme
from .aliens import alien
from .glow import cone, tint


class Audience:
    ROWS = ((0, 40, 30), (26, 46, 26), (52, 54, 22))  # (y offset, sprite width, count), back first

    def __init__(self, width: int, top: int, colours: tuple[tuple[int, int, int], tuple[int, int, int]],
                 seed: int = 11) -> None:
        rng = random.Random(seed)
        self.colours = colours
        self.members = []  # (x, y, width, loyalty (+ seat 0 / - seat 1), phase)
        for y_off, sprite_w, count in self.ROWS:
            step = width / count
            for k in range(count):
                x = int(step * (k + 0.5) + rng.uniform(-step * 0.3, step * 0.3))
                # Left of the hall leans to the left contestant, right to the right one.
                lean = (0.5 - x / width) * 0.9 + rng.uniform(-0.35, 0.35)
                self.members.append((x, top + y_off + rng.randint(-3, 3), sprite_w, lean, rng.uniform(0, 0.25)))
        self.sprites = {}
        for _, sprite_w, _ in self.ROWS:
            for key, colour in (("n", theme.MUTED), ("a", colours[0]), ("b", colours[1])):
                self.sprites[(key, sprite_w)] = alien(colour, sprite_w)
                self.sprites[(key + "-dark", sprite_w)] = alien(tint(colour, 0.3), sprite_w)
        self.cheer_until = -1.0
        self.cheer_side = -1

    def cheer(self, now: float, side: int, seconds: float = 1.2) -> None:
        self.cheer_until, self.cheer_side = now + seconds, side

    def draw(self, canvas: pygame.Surface, now: float, beat_s: float, vote: float, *, flicker: float = 0.0,
             roar_side: int = -1, roar: float = 0.0) -> None:
        """``flicker`` 0..1: the hall holding its breath, lights going dark here and there;
        ``roar`` 0..1: the whole hall turning to ``roar_side``'s colour and jumping."""
        beat = (now / beat_s) % 1.0 if beat_s > 0 else 0.0
        cheering = now < self.cheer_until
        tick = int(now * 14)
        for index, (x, y, sprite_w, lean, phase) in enumerate(self.members):
            # Sides: a member joins a contestant once the vote passes their own lean.
            mood = vote + lean * 0.6
            side = "a" if mood > 0.25 else "b" if mood < -0.25 else "n"
            pulse = max(0.0, math.cos(2 * math.pi * (beat - phase))) ** 6
            jump = 4 * pulse
            if cheering and (self.cheer_side < 0 or side == "ab"[self.cheer_side]):
                jump += 10 * abs(math.sin(math.pi * 2.5 * (self.cheer_until - now)))
            if roar > 0 and roar_side >= 0 and (index * 0.618) % 1.0 < roar * 1.4:
                side = "ab"[roar_side]  # the hall turns, from a few to everyone
                jump = 14 * abs(math.sin(math.pi * 3.0 * now + index * 1.3)) * min(1.0, roar * 2)
            elif flicker > 0:
                jump = 0.0
                if ((index * 7919 + tick * 104729) % 97) / 97 < 0.55 * flicker:
                    side += "-dark"
            sprite = self.sprites[(side, sprite_w)]
            canvas.blit(sprite, (x - sprite_w // 2, y - int(jump)))


@lru_cache(maxsize=4)
def _beams(angles: tuple[int, ...], colour: tuple[int, int, int]) -> dict[int, pygame.Surface]:
    """The sweeping beam at each angle in one colour: made once per theme and process."""
    beam = cone(620, 30, 230, colour, 0.33)
    return {a: pygame.transform.rotate(beam, a) for a in angles}


@lru_cache(maxsize=16)
def _seat_cone(height: int, colour: tuple[int, int, int]) -> pygame.Surface:
    return cone(height, 26, 150, tint(colour, 1.2), 0.42)


class Spotlights:
    """Two beams sweeping over the stage with the music, and one light on each contestant
    (the loser's goes out at the verdict)."""

    ANGLES = tuple(range(-24, 25, 4))

    def __init__(self, size: tuple[int, int], figures, colours, beam: tuple[int, int, int] = (150, 120, 255)) -> None:
        width, height = size
        self.beams = _beams(self.ANGLES, tuple(beam))
        self.lamps = (int(width * 0.32), int(width * 0.68))
        self.seat_cones = tuple(_seat_cone(figures[i][1] + 20, tuple(colours[i])) for i in (0, 1))
        self.figures = figures

    def draw(self, canvas: pygame.Surface, now: float, beat_s: float, lit: tuple[bool, bool] = (True, True),
             levels: tuple[float, float] | None = None) -> None:
        """``levels`` (the verdict): each contestant's light 0 (out) .. 1 .. 1.6 (a flare)."""
        period = 16 * beat_s if beat_s > 0 else 8.0
        for k, lamp_x in enumerate(self.lamps):
            swing = math.sin(2 * math.pi * now / period + k * math.pi)
            angle = min(self.ANGLES, key=lambda a: abs(a - swing * 24 * (1 if k else -1)))
            image = self.beams[angle]
            rect = image.get_rect(midtop=(lamp_x, -10))
            # Rotation moves the lamp end; keep it pinned at the top edge.
            rect.centerx = lamp_x - int(math.sin(math.radians(angle)) * 310)
            canvas.blit(image, rect, special_flags=pygame.BLEND_RGB_ADD)
        for i, (x, _) in enumerate(self.figures):
            level = (1.0 if lit[i] else 0.0) if levels is None else levels[i]
            if level >= 0.999:
                image = self.seat_cones[i]
                canvas.blit(image, image.get_rect(midtop=(x, 0)), special_flags=pygame.BLEND_RGB_ADD)
            elif level > 0.02:
                image = _dimmed_cone(self.seat_cones[i], round(level * 10))
                canvas.blit(image, image.get_rect(midtop=(x, 0)), special_flags=pygame.BLEND_RGB_ADD)
            if level > 1.0:  # the winner's flare: a wider white beam over the colour
                image = _flare_cone(self.figures[i][1] + 40, round(min(1.0, level - 1.0) * 10))
                canvas.blit(image, image.get_rect(midtop=(x, 0)), special_flags=pygame.BLEND_RGB_ADD)


@lru_cache(maxsize=32)
def _dimmed_cone(cone_image: pygame.Surface, tenths: int) -> pygame.Surface:
    image = cone_image.copy()
    shade = int(255 * tenths / 10)
    image.fill((shade, shade, shade), special_flags=pygame.BLEND_RGB_MULT)
    return image


@lru_cache(maxsize=16)
def _flare_cone(height: int, tenths: int) -> pygame.Surface:
    """A wide white beam that dies out toward the floor (no hard edge at its foot)."""
    import numpy as np

    image = cone(height, 30, 150, (255, 246, 220), 0.6 * tenths / 10)  # inside the side strip
    rows = np.clip((height - np.arange(height)) / (0.35 * height), 0.0, 1.0) ** 1.5
    pixels = pygame.surfarray.pixels3d(image)
    pixels[:] = (pixels * rows[None, :, None]).astype(np.uint8)
    del pixels
    return image
