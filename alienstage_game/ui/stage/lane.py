"""A note lane: the chart's notes scrolling right to left in song time, and each singer's
live pitch trail drawn over them.

Each line's notes are drawn once into their own surface; a frame blits the two or three
visible ones, the glow of golden notes, the "now" line and the trails.
"""

from __future__ import annotations

import bisect
import math

import pygame

from ...charts import Note, NoteKind, Song, Voice
from .. import theme
from .glow import glow_dot, halo, tint

PX_PER_S = 200.0
NOW_AT = 0.2  # the "now" line sits this far across the lane
ON_PITCH = 0.6  # semitones: the trail shines white this close to the note
GAP_S = 0.045  # a break in the frames longer than this breaks the trail


class NoteLane:
    def __init__(self, song: Song, voice: Voice, rect: pygame.Rect, colour: tuple[int, int, int]) -> None:
        self.song, self.voice, self.rect = song, voice, rect
        self.colour = colour
        self.now_x = rect.x + int(rect.w * NOW_AT)
        clock = song.clock
        pitches = [n.pitch for n in voice.notes] or [0]
        lo, hi = min(pitches) - 2, max(pitches) + 2
        if hi - lo < 12:  # at least an octave of room, centred on the song
            pad = (12 - (hi - lo)) / 2
            lo, hi = lo - math.floor(pad), hi + math.ceil(pad)
        self.lo, self.hi = lo, hi
        self.row_h = rect.h / (hi - lo + 1)
        self.pill_h = int(max(10, min(self.row_h * 0.9, 26)))
        # Notes as (start s, end s, midi) for folding trails and lighting the sung note.
        self.notes = [(clock.beat_to_seconds(n.beat), clock.beat_to_seconds(n.end_beat), n)
                      for n in voice.notes]
        self._starts = [s for s, _, _ in self.notes]
        self.lines = []  # (start s, end s, surface or None)
        for line in voice.lines:
            if line.notes:
                start = clock.beat_to_seconds(line.start_beat)
                end = clock.beat_to_seconds(line.end_beat)
                self.lines.append([start, end, line, None])
        self._line_starts = [l[0] for l in self.lines]
        self.golden = [(s, e, n) for s, e, n in self.notes if n.kind.is_golden]
        self._halos: dict[int, pygame.Surface] = {}

    # -- geometry ---------------------------------------------------------------------
    def y_of(self, midi: float) -> float:
        return self.rect.bottom - (midi - 60.0 - self.lo + 0.5) * self.row_h

    def x_of(self, seconds: float, now: float) -> float:
        return self.now_x + (seconds - now) * PX_PER_S

    # -- pre-rendering ----------------------------------------------------------------
    def _line_surface(self, entry) -> pygame.Surface:
        start, end, line, surface = entry
        if surface is None:
            pad = 12
            surface = pygame.Surface((int((end - start) * PX_PER_S) + 2 * pad, self.rect.h), pygame.SRCALPHA)
            clock = self.song.clock
            for note in line.notes:
                x0 = (clock.beat_to_seconds(note.beat) - start) * PX_PER_S + pad
                x1 = (clock.beat_to_seconds(note.end_beat) - start) * PX_PER_S + pad
                y = self.y_of(60 + note.pitch) - self.rect.y
                self._draw_note(surface, note, pygame.Rect(int(x0) + 1, int(y - self.pill_h / 2),
                                                            max(6, int(x1 - x0) - 2), self.pill_h))
            entry[3] = surface = surface.convert_alpha() if pygame.display.get_surface() else surface
        return surface

    def _draw_note(self, surface: pygame.Surface, note: Note, box: pygame.Rect) -> None:
        radius = box.h // 2
        kind = note.kind
        if kind is NoteKind.FREESTYLE:  # never scored: a faint body under a dashed outline
            pygame.draw.rect(surface, (*theme.FREESTYLE_COLOUR, 50), box, border_radius=radius)
            edge = (*theme.FREESTYLE_COLOUR, 220)
            for x in range(box.left + radius, box.right - radius, 12):
                end = min(x + 7, box.right - radius)
                pygame.draw.line(surface, edge, (x, box.top), (end, box.top), 2)
                pygame.draw.line(surface, edge, (x, box.bottom - 1), (end, box.bottom - 1), 2)
            for cx in (box.left + radius, box.right - radius):  # round caps at both ends
                cap = pygame.Rect(0, 0, 2 * radius, box.h)
                cap.center = (cx, box.centery)
                pygame.draw.arc(surface, edge, cap, 1.5708 if cx == box.left + radius else -1.5708,
                                4.7124 if cx == box.left + radius else 1.5708, 2)
            return
        if kind.is_golden:
            fill, edge = (*tint(theme.GOLD, 0.8), 235), tint(theme.GOLD, 1.5)
        elif kind.is_rap:
            fill, edge = (*tint(theme.RAP_COLOUR, 0.55), 230), theme.RAP_COLOUR
        else:
            fill, edge = (*tint(self.colour, 0.62), 235), tint(self.colour, 1.35)
        pygame.draw.rect(surface, fill, box, border_radius=radius)
        if kind.is_rap:  # rap: diagonal hatching, any voiced sound counts
            hatch = theme.GOLD if kind.is_golden else theme.RAP_COLOUR
            clip = surface.get_clip()
            surface.set_clip(box.inflate(-4, -4))
            for x in range(box.left - box.h, box.right, 9):
                pygame.draw.line(surface, (*hatch, 255), (x, box.bottom), (x + box.h, box.top), 2)
            surface.set_clip(clip)
        pygame.draw.rect(surface, edge, box, width=2, border_radius=radius)
        # A thin shine along the top edge makes the pill read as lit from above.
        if box.w > 2 * radius + 4:
            pygame.draw.line(surface, (255, 255, 255, 110), (box.left + radius, box.top + 3),
                             (box.right - radius, box.top + 3), 1)

    def _halo(self, width: int) -> pygame.Surface:
        key = max(16, width // 8 * 8)
        if key not in self._halos:
            self._halos[key] = halo((key + 40, self.pill_h + 30), theme.GOLD, 0.75)
        return self._halos[key]

    # -- per frame --------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface, now: float, beat_phase: float) -> None:
        rect = self.rect
        t_left = now - (self.now_x - rect.x) / PX_PER_S
        t_right = now + (rect.right - self.now_x) / PX_PER_S
        canvas.set_clip(rect)
        # Golden notes glow, breathing with the beat.
        glow = 0.55 + 0.45 * (0.5 + 0.5 * math.cos(2 * math.pi * beat_phase))
        for start, end, note in self.golden:
            if end >= t_left and start <= t_right:
                x0, x1 = self.x_of(start, now), self.x_of(end, now)
                image = self._halo(int(x1 - x0))
                image.set_alpha(int(255 * glow))
                centre = ((x0 + x1) / 2, self.y_of(60 + note.pitch))
                canvas.blit(image, image.get_rect(center=(int(centre[0]), int(centre[1]))))
        first = max(0, bisect.bisect_right(self._line_starts, t_left) - 1)
        for entry in self.lines[max(0, first - 2):first]:  # scrolled away: free its pixels
            if entry[1] < t_left - 0.5:
                entry[3] = None
        for entry in self.lines[first:]:
            if entry[0] > t_right:
                break
            if entry[1] < t_left - 0.2:
                continue
            canvas.blit(self._line_surface(entry), (int(self.x_of(entry[0], now)) - 12, rect.y))
        # The note under the "now" line lights up.
        index = bisect.bisect_right(self._starts, now) - 1
        if index >= 0:
            start, end, note = self.notes[index]
            if now < end and note.kind is not NoteKind.FREESTYLE:
                x0, x1 = self.x_of(start, now), self.x_of(end, now)
                y = self.y_of(60 + note.pitch)
                box = pygame.Rect(int(x0), int(y - self.pill_h / 2) - 2, int(x1 - x0), self.pill_h + 4)
                pygame.draw.rect(canvas, (255, 255, 255), box, width=2, border_radius=box.h // 2)
        pygame.draw.line(canvas, tint(theme.ACCENT, 0.7), (self.now_x, rect.top + 4), (self.now_x, rect.bottom - 4), 2)
        canvas.set_clip(None)

    def draw_trail(self, canvas: pygame.Surface, frames, now: float, colour: tuple[int, int, int]) -> None:
        """A singer's recent voiced frames: thick in the singer's colour, white where on
        pitch; a glowing marker at the "now" line while they sing."""
        rect = self.rect
        t_left = now - (self.now_x - rect.x) / PX_PER_S
        points: list[tuple[int, int]] = []
        hits: list[bool] = []
        last_t = -1.0
        runs: list[tuple[list[tuple[int, int]], list[bool]]] = []
        cursor = max(0, bisect.bisect_right(self._starts, t_left) - 1)
        target = None
        # Walk back from the newest frame until the lane's left edge.
        recent = []
        for frame in reversed(frames):
            if frame.time < t_left:
                break
            recent.append(frame)
        recent.reverse()
        for frame in recent:
            if not frame.voiced or (points and frame.time - last_t > GAP_S):
                if len(points) > 1:
                    runs.append((points, hits))
                points, hits = [], []
                if not frame.voiced:
                    continue
            last_t = frame.time
            while cursor + 1 < len(self.notes) and self.notes[cursor + 1][0] <= frame.time:
                cursor += 1
            start, end, note = self.notes[cursor] if self.notes else (0.0, 0.0, None)
            if note is not None and (start - 0.5 <= frame.time < end + 0.5 or target is None):
                target = 60.0 + note.pitch
            midi = frame.midi
            hit = False
            if target is not None:
                midi -= 12.0 * round((midi - target) / 12.0)  # the nearest octave to the note
                hit = abs(midi - target) <= ON_PITCH and start <= frame.time < end
            y = min(rect.bottom - 3, max(rect.top + 3, self.y_of(midi)))
            points.append((int(self.x_of(frame.time, now)), int(y)))
            hits.append(hit)
        if len(points) > 1:
            runs.append((points, hits))
        canvas.set_clip(rect)
        dark, light = tint(colour, 0.75), tint(colour, 1.45)
        for pts, hit_flags in runs:
            pygame.draw.lines(canvas, dark, False, pts, 9)
            pygame.draw.lines(canvas, light, False, pts, 5)
            # On-pitch stretches: a white core.
            i = 0
            while i < len(pts):
                if hit_flags[i]:
                    j = i
                    while j + 1 < len(pts) and hit_flags[j + 1]:
                        j += 1
                    if j > i:
                        pygame.draw.lines(canvas, (255, 255, 255), False, pts[i:j + 1], 3)
                    i = j + 1
                else:
                    i += 1
        canvas.set_clip(None)
        if frames and frames[-1].voiced and now - frames[-1].time < 0.12 and runs:
            x, y = runs[-1][0][-1]
            dot = glow_dot(light, 14)
            canvas.blit(dot, dot.get_rect(center=(x, y)))
