"""Lyrics: the line being sung with a syllable wipe in the singer's colour, and the next
line under it. Each line is rendered once (base and lit copies, where each syllable
stands); a frame blits the base and the parts of the lit copy sung so far. Any script:
the line is cut into runs by font and direction (``ui.fonts``), and a right-to-left
line's wipe runs from the right."""

from __future__ import annotations

import bisect
import unicodedata

import pygame

from ...charts import Line, NoteKind, Song, Voice
from .. import bidi, fonts, theme
from .glow import tint

MAX_WIDTH = 900


def shown(text: str) -> str:
    """A syllable as the lyrics show it: the chart's ``~`` (a held vowel) is not a word."""
    return text.replace("~", "")


def syllable_label(text: str) -> str:
    """A syllable named in feedback ("vote: not sung"): no held-vowel ``~``, no spaces or
    punctuation around it (the chart's "vote," is the word "vote"); a held note is "(held)"."""
    word = shown(text).strip()
    while word and unicodedata.category(word[0])[0] == "P":
        word = word[1:]
    while word and unicodedata.category(word[-1])[0] == "P":
        word = word[:-1]
    return word.strip() or "(held)"


class _RenderedLine:
    """A line's base and lit images and, per note, where it stands: ``spans[k]`` is the
    note's pieces left to right on screen as (x, width, rtl), in reading order. A line
    mixes fonts (a Hangul run, a Latin run) and directions (a Hebrew line is laid out
    right to left, its wipe runs from the right)."""

    def __init__(self, line: Line, size: int, colour, lit_colour) -> None:
        face = theme.font(size, bold=True)
        texts, colours = [], []
        for note in line.notes:
            golden = note.kind.is_golden
            free = note.kind is NoteKind.FREESTYLE
            base = tint(theme.GOLD, 0.85) if golden else (theme.FREESTYLE_COLOUR if free else colour)
            lit = theme.GOLD if golden else lit_colour
            texts.append(shown(note.text))
            colours.append((base, lit))
        text = "".join(texts)
        cuts, at = [], 0
        for piece_text in texts:
            at += len(piece_text)
            cuts.append(at)
        owner = [k for k, t in enumerate(texts) for _ in t]  # the note of each character
        # a line is a paragraph of its own: its first letter sets its direction
        pieces = fonts.cut_pieces(text, fonts.layout_runs(text, True, bidi.base_level(text)), cuts)
        widths = [face.piece_width(p) for p in pieces]
        width = max(1, sum(widths))
        height = face.get_linesize()
        self.base = pygame.Surface((width, height), pygame.SRCALPHA)
        self.lit = pygame.Surface((width, height), pygame.SRCALPHA)
        placed: list[list[tuple[int, int, int, bool]]] = [[] for _ in texts]  # (start, x, width, rtl)
        x = 0
        for piece, w in zip(pieces, widths):
            k = owner[piece.start]
            y = face.piece_offset(piece)
            self.base.blit(face.render_piece(piece, colours[k][0]), (x, y))
            self.lit.blit(face.render_piece(piece, colours[k][1]), (x, y))
            placed[k].append((piece.start, x, w, piece.rtl))
            x += w
        # each note's pieces in reading order (a note split by a change of font or direction)
        self.spans: list[list[tuple[int, int, bool]]] = [[(px, pw, rtl) for _, px, pw, rtl in sorted(p)]
                                                         for p in placed]
        if width > MAX_WIDTH:  # a very long line: shrink it to fit
            scale = MAX_WIDTH / width
            new = (MAX_WIDTH, max(1, int(height * scale)))
            self.base = pygame.transform.smoothscale(self.base, new)
            self.lit = pygame.transform.smoothscale(self.lit, new)
            self.spans = [[(int(px * scale), max(0, int((px + pw) * scale) - int(px * scale)), rtl)
                           for px, pw, rtl in spans] for spans in self.spans]
        self.size = self.base.get_size()

    def lit_rects(self, note: int, fraction: float) -> list[pygame.Rect]:
        """The part of note ``note`` sung when ``fraction`` of it is: from its reading start
        (the left of a left-to-right piece, the right of a right-to-left one)."""
        spans = self.spans[note]
        left = fraction * sum(w for _, w, _ in spans)
        rects = []
        for x, w, rtl in spans:
            take = int(round(min(w, left)))
            if take <= 0:
                break
            rects.append(pygame.Rect(x + w - take if rtl else x, 0, take, self.size[1]))
            left -= w
        return rects


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

    def lit_rects(self, index: int, rendered: _RenderedLine, now: float) -> list[pygame.Rect]:
        """The wipe: the parts of line ``index`` sung by ``now`` (whole notes, then the
        sung share of the note being sung)."""
        rects = []
        for k, (start, end) in enumerate(self.note_times[index]):
            if now < start:
                break
            fraction = 1.0 if now >= end else (now - start) / max(1e-6, end - start)
            rects.extend(rendered.lit_rects(k, fraction))
        return rects

    def draw(self, canvas: pygame.Surface, now: float, centre_x: int, y: int, *, show_next: bool = True,
             next_gap: int = 8) -> None:
        index = self.current(now)
        if index is None:
            return
        line = self._rendered(index, self.size)
        x = centre_x - line.size[0] // 2
        canvas.blit(line.base, (x, y))
        for area in self.lit_rects(index, line, now):
            canvas.blit(line.lit, (x + area.x, y), area)
        if show_next and index + 1 < len(self.lines):
            upcoming = self._rendered(index + 1, self.next_size)
            canvas.blit(upcoming.base, (centre_x - upcoming.size[0] // 2, y + line.size[1] + next_gap))

    def draw_next(self, canvas: pygame.Surface, now: float, centre_x: int, y: int) -> None:
        """Only the line after the current one (a duet's second row)."""
        index = self.current(now)
        if index is not None and index + 1 < len(self.lines):
            upcoming = self._rendered(index + 1, self.next_size)
            canvas.blit(upcoming.base, (centre_x - upcoming.size[0] // 2, y))
