"""Lyrics: the line being sung with a syllable wipe in the singer's colour, and the next
line under it. Each line is rendered once (base and lit copies, syllable edges); a frame
blits the base and the lit copy clipped at the wipe."""

from __future__ import annotations

import bisect

import pygame

from ...charts import Line, NoteKind, Song, Voice
from .. import theme
from .glow import tint

MAX_WIDTH = 900


class _RenderedLine:
    def __init__(self, line: Line, size: int, colour, lit_colour) -> None:
        face = theme.font(size, bold=True)
        parts = []
        for note in line.notes:
            golden = note.kind.is_golden
            free = note.kind is NoteKind.FREESTYLE
            base = tint(theme.GOLD, 0.85) if golden else (theme.FREESTYLE_COLOUR if free else colour)
            lit = theme.GOLD if golden else lit_colour
            parts.append((note.text, base, lit))
        width = max(1, sum(face.size(text)[0] for text, _, _ in parts))
        height = face.get_linesize()
        self.base = pygame.Surface((width, height), pygame.SRCALPHA)
        self.lit = pygame.Surface((width, height), pygame.SRCALPHA)
        self.edges = [0]
        x = 0
        for text, base, lit in parts:
            if text:
                self.base.blit(face.render(text, True, base), (x, 0))
                self.lit.blit(face.render(text, True, lit), (x, 0))
            x += face.size(text)[0]
            self.edges.append(x)
        if width > MAX_WIDTH:  # a very long line: shrink it to fit
            scale = MAX_WIDTH / width
            new = (MAX_WIDTH, max(1, int(height * scale)))
            self.base = pygame.transform.smoothscale(self.base, new)
            self.lit = pygame.transform.smoothscale(self.lit, new)
            self.edges = [int(e * scale) for e in self.edges]
        self.size = self.base.get_size()


class LyricsPanel:
    def __init__(self, song: Song, voice: Voice, lit_colour, *, size: int = 44, next_size: int = 30) -> None:
        clock = song.clock
        self.lines = [l for l in voice.lines if l.notes]
        self.starts = [clock.beat_to_seconds(l.start_beat) for l in self.lines]
        self.ends = [clock.beat_to_seconds(l.end_beat) for l in self.lines]
        self.note_times = [[(clock.beat_to_seconds(n.beat), clock.beat_to_seconds(n.end_beat)) for n in l.notes]
                           for l in self.lines]
        self.lit_colour, self.size, self.next_size = lit_colour, size, next_size
        self._cache: dict[tuple[int, int], _RenderedLine] = {}

    def _rendered(self, index: int, size: int) -> _RenderedLine:
        key = (index, size)
        if key not in self._cache:
            if len(self._cache) > 8:  # only the lines around now are ever needed
                self._cache.pop(next(iter(self._cache)))
            colour = theme.STARLIGHT if size == self.size else theme.MUTED
            self._cache[key] = _RenderedLine(self.lines[index], size, colour, self.lit_colour)
        return self._cache[key]

    def current(self, now: float) -> int | None:
        """The line on show: from the end of the one before it to its own end."""
        if not self.lines:
            return None
        index = bisect.bisect_right(self.ends, now - 0.25)  # linger a moment on a finished line
        return index if index < len(self.lines) else None

    def wipe_x(self, index: int, rendered: _RenderedLine, now: float) -> int:
        times = self.note_times[index]
        for k, (start, end) in enumerate(times):
            if now < start:
                return rendered.edges[k]
            if now < end:
                frac = (now - start) / max(1e-6, end - start)
                return int(rendered.edges[k] + (rendered.edges[k + 1] - rendered.edges[k]) * frac)
        return rendered.edges[-1]

    def draw(self, canvas: pygame.Surface, now: float, centre_x: int, y: int, *, show_next: bool = True,
             next_gap: int = 8) -> None:
        index = self.current(now)
        if index is None:
            return
        line = self._rendered(index, self.size)
        x = centre_x - line.size[0] // 2
        canvas.blit(line.base, (x, y))
        wipe = self.wipe_x(index, line, now)
        if wipe > 0:
            canvas.blit(line.lit, (x, y), pygame.Rect(0, 0, wipe, line.size[1]))
        if show_next and index + 1 < len(self.lines):
            upcoming = self._rendered(index + 1, self.next_size)
            canvas.blit(upcoming.base, (centre_x - upcoming.size[0] // 2, y + line.size[1] + next_gap))

    def draw_next(self, canvas: pygame.Surface, now: float, centre_x: int, y: int) -> None:
        """Only the line after the current one (a duet's second row)."""
        index = self.current(now)
        if index is not None and index + 1 < len(self.lines):
            upcoming = self._rendered(index + 1, self.next_size)
            canvas.blit(upcoming.base, (centre_x - upcoming.size[0] // 2, y))
