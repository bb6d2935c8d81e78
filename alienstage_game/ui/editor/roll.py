"""The piano roll: notes of every voice on a beat grid, one row per semitone.

``RollView`` is the geometry (beat <-> x, pitch <-> y, zoom and scroll) and the hit test
the scene's mouse handling asks; ``draw_roll`` paints it. The voice being edited is drawn
bright with its syllables, the other voices as ghosts behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ...charts import Song
from ...editor import NoteRef
from .. import theme
from . import style

EDGE_PX = 6  # a press this close to a note's end grabs the edge (resize), not the body


@dataclass
class Hit:
    ref: NoteRef
    part: str  # "body" | "end" | "start"


class RollView:
    """Which part of the chart the roll shows; every mapping the drawing and mouse use."""

    LABELS_W = 46

    def __init__(self, rect: pygame.Rect, px_per_beat: float = 13.0, row_h: int = 14) -> None:
        self.frame = rect
        self.rect = pygame.Rect(rect.x + self.LABELS_W, rect.y + 18, rect.w - self.LABELS_W, rect.h - 18)
        self.px_per_beat = px_per_beat
        self.row_h = row_h
        self.left_beat = -8.0
        self.top_pitch = 14  # the pitch of the highest visible row

    # -- mapping ---------------------------------------------------------------------------
    @property
    def rows(self) -> int:
        return self.rect.h // self.row_h

    @property
    def beats_visible(self) -> float:
        return self.rect.w / self.px_per_beat

    def x_of(self, beat: float) -> int:
        return round(self.rect.x + (beat - self.left_beat) * self.px_per_beat)

    def beat_at(self, x: float) -> float:
        return self.left_beat + (x - self.rect.x) / self.px_per_beat

    def y_of(self, pitch: int) -> int:
        """Top of the row of ``pitch``."""
        return self.rect.y + (self.top_pitch - pitch) * self.row_h

    def pitch_at(self, y: float) -> int:
        return self.top_pitch - int((y - self.rect.y) // self.row_h)

    def pitch_y(self, pitch: float) -> float:
        """Centre of a (fractional) pitch, for the sung curve."""
        return self.rect.y + (self.top_pitch - pitch + 0.5) * self.row_h

    def note_rect(self, beat: int, length: int, pitch: int) -> pygame.Rect:
        x0, x1 = self.x_of(beat), self.x_of(beat + length)
        return pygame.Rect(x0, self.y_of(pitch) + 1, max(3, x1 - x0 - 1), self.row_h - 2)

    # -- moving the view -------------------------------------------------------------------
    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        anchor = self.beat_at(self.rect.centerx if anchor_x is None else anchor_x)
        self.px_per_beat = max(2.0, min(60.0, self.px_per_beat * factor))
        self.left_beat = anchor - ((self.rect.centerx if anchor_x is None else anchor_x) - self.rect.x) / self.px_per_beat

    def scroll_beats(self, beats: float) -> None:
        self.left_beat += beats

    def scroll_pitch(self, rows: int) -> None:
        self.top_pitch = max(-30 + self.rows, min(40, self.top_pitch + rows))

    def show_beat(self, beat: float, margin: float = 0.12) -> None:
        """Scroll just enough that ``beat`` is on screen with a margin."""
        span = self.beats_visible
        if beat < self.left_beat + span * margin:
            self.left_beat = beat - span * margin
        elif beat > self.left_beat + span * (1 - margin):
            self.left_beat = beat - span * (1 - margin)

    def show_pitches(self, low: int, high: int) -> None:
        """Centre the rows on ``low..high`` when they are not all visible."""
        if self.top_pitch - self.rows + 2 <= low and high <= self.top_pitch - 1:
            return
        self.top_pitch = (low + high) // 2 + self.rows // 2

    # -- hit test --------------------------------------------------------------------------
    def hit(self, song: Song, voice_id: str, pos: tuple[int, int]) -> Hit | None:
        voice = next((v for v in song.voices if v.id == voice_id), None)
        if voice is None or not self.rect.collidepoint(pos):
            return None
        for k, line in enumerate(voice.lines):
            for i, note in enumerate(line.notes):
                rect = self.note_rect(note.beat, note.length, note.pitch)
                if rect.inflate(0, 4).collidepoint(pos):
                    part = "body"
                    if rect.w >= 3 * EDGE_PX and pos[0] >= rect.right - EDGE_PX:
                        part = "end"
                    elif rect.w >= 3 * EDGE_PX and pos[0] <= rect.x + EDGE_PX:
                        part = "start"
                    return Hit(NoteRef(voice_id, k, i), part)
        return None

    def refs_in(self, song: Song, voice_id: str, box: pygame.Rect) -> list[NoteRef]:
        voice = next((v for v in song.voices if v.id == voice_id), None)
        if voice is None:
            return []
        return [NoteRef(voice_id, k, i) for k, line in enumerate(voice.lines)
                for i, n in enumerate(line.notes) if box.colliderect(self.note_rect(n.beat, n.length, n.pitch))]


def draw_grid(canvas: pygame.Surface, view: RollView, ms_per_beat: float | None) -> None:
    """Rows, beat lines, quarter lines, bar lines with bar numbers, pitch labels."""
    r = view.rect
    pygame.draw.rect(canvas, style.ROLL_BG, view.frame)
    for row in range(view.rows + 1):
        pitch = view.top_pitch - row
        y = view.y_of(pitch)
        height = min(view.row_h, r.bottom - y)
        if height <= 0:
            break
        band = pygame.Rect(r.x, y, r.w, height)
        if style.is_black(pitch):
            pygame.draw.rect(canvas, style.ROW_BLACK, band)
        elif (pitch + 60) % 12 == 0:
            pygame.draw.rect(canvas, style.ROW_C, band)
        key = pygame.Rect(view.frame.x, y, view.LABELS_W - 4, height)
        pygame.draw.rect(canvas, (30, 24, 60) if style.is_black(pitch) else (58, 50, 100), key)
        if height >= view.row_h - 2 and (not style.is_black(pitch) or view.row_h >= 16):
            colour = theme.STARLIGHT if (pitch + 60) % 12 == 0 else theme.MUTED
            image = style.text_image(style.note_name(pitch), 15, colour)
            canvas.blit(image, image.get_rect(midright=(key.right - 4, y + view.row_h // 2)))
    first = int(view.left_beat) - 1
    last = int(view.beat_at(r.right)) + 1
    for beat in range(first, last + 1):
        x = view.x_of(beat)
        if not r.x <= x < r.right:
            continue
        if beat % 16 == 0:
            pygame.draw.line(canvas, style.GRID_BAR, (x, r.y), (x, r.bottom))
            pygame.draw.line(canvas, style.GRID_BAR, (x, view.frame.y + 2), (x, r.y))
            label = style.text_image(str(beat // 16 + 1), 15, theme.MUTED, True)
            canvas.blit(label, (x + 3, view.frame.y + 2))
        elif beat % 4 == 0:
            pygame.draw.line(canvas, style.GRID_QUARTER, (x, r.y), (x, r.bottom))
            pygame.draw.line(canvas, style.GRID_QUARTER, (x, r.y - 5), (x, r.y))
        elif view.px_per_beat >= 6:
            pygame.draw.line(canvas, style.GRID_BEAT, (x, r.y), (x, r.bottom))
    pygame.draw.line(canvas, theme.PANEL_EDGE, (r.x, r.y), (r.right, r.y))


def _dashed(canvas: pygame.Surface, colour: style.Colour, x: int, top: int, bottom: int) -> None:
    for y in range(top, bottom, 8):
        pygame.draw.line(canvas, colour, (x, y), (x, min(bottom, y + 4)), 2)


def draw_notes(canvas: pygame.Surface, view: RollView, song: Song, voice_id: str,
               selection: set[NoteRef], hidden_voices: bool = False) -> None:
    """Ghost voices first, then the edited voice with line breaks and syllables."""
    clip = canvas.get_clip()
    canvas.set_clip(view.rect)
    if not hidden_voices:
        for voice in song.voices:
            if voice.id == voice_id:
                continue
            ghost = style.dim(style.voice_colour(voice.id), 0.45)
            for line in voice.lines:
                for note in line.notes:
                    rect = view.note_rect(note.beat, note.length, note.pitch)
                    if rect.right >= view.rect.x and rect.x <= view.rect.right:
                        pygame.draw.rect(canvas, ghost, rect, width=1, border_radius=4)
    voice = next((v for v in song.voices if v.id == voice_id), None)
    if voice is not None:
        edge = style.voice_colour(voice_id)
        for k, line in enumerate(voice.lines):
            if line.break_beat is not None:
                _dashed(canvas, style.dim(edge, 0.7), view.x_of(line.break_beat), view.rect.y, view.rect.bottom)
            for i, note in enumerate(line.notes):
                rect = view.note_rect(note.beat, note.length, note.pitch)
                if rect.right < view.rect.x or rect.x > view.rect.right:
                    continue
                _draw_note(canvas, rect, note, voice_id, NoteRef(voice_id, k, i) in selection)
    canvas.set_clip(clip)


def _draw_note(canvas: pygame.Surface, rect: pygame.Rect, note, voice_id: str, selected: bool) -> None:
    from ...charts import NoteKind

    fill = style.kind_fill(note.kind, voice_id)
    if selected:
        pygame.draw.rect(canvas, style.mix(fill, theme.STARLIGHT, 0.35), rect.inflate(4, 4), border_radius=6)
    if note.kind is NoteKind.FREESTYLE:
        pygame.draw.rect(canvas, style.dim(fill, 0.35), rect, border_radius=4)
        pygame.draw.rect(canvas, fill, rect, width=2, border_radius=4)
    else:
        pygame.draw.rect(canvas, style.dim(fill, 0.55), rect, border_radius=4)
        inner = rect.inflate(-2, -2)
        inner.h = max(1, inner.h // 2)
        pygame.draw.rect(canvas, fill, rect.inflate(-2, -2), border_radius=4)
        pygame.draw.rect(canvas, style.mix(fill, theme.STARLIGHT, 0.45), inner, border_radius=4)
        if note.kind.is_rap:  # spoken: diagonal hatching
            for x in range(rect.x - rect.h, rect.right, 6):
                pygame.draw.line(canvas, style.dim(fill, 0.6), (max(rect.x, x), rect.bottom - 1 - max(0, rect.x - x)),
                                 (min(rect.right - 1, x + rect.h), rect.y + max(0, x + rect.h - rect.right + 1)))
    if selected:
        pygame.draw.rect(canvas, style.SELECTED_EDGE, rect.inflate(2, 2), width=2, border_radius=5)
    text = note.text.strip() or ("·" if not note.text else "␣")
    image = style.text_image(text, 16, theme.STARLIGHT if selected else style.mix(fill, theme.STARLIGHT, 0.6))
    # Syllables sit under their note: readable at any zoom, never clipped by a short note.
    canvas.blit(image, (rect.x + 1, rect.bottom + 1))


def draw_markers(canvas: pygame.Surface, view: RollView, cursor_beat: float | None,
                 play_beat: float | None) -> None:
    r = view.rect
    if cursor_beat is not None:
        x = view.x_of(cursor_beat)
        if r.x <= x <= r.right:
            pygame.draw.line(canvas, style.CURSOR, (x, view.frame.y), (x, r.bottom), 2)
            pygame.draw.polygon(canvas, style.CURSOR, [(x - 6, view.frame.y), (x + 6, view.frame.y), (x, view.frame.y + 8)])
    if play_beat is not None:
        x = view.x_of(play_beat)
        if r.x <= x <= r.right:
            pygame.draw.line(canvas, style.PLAYHEAD, (x, view.frame.y), (x, r.bottom), 2)


def draw_box(canvas: pygame.Surface, box: pygame.Rect) -> None:
    style.translucent_rect(canvas, box, theme.ACCENT, 40)
    pygame.draw.rect(canvas, theme.ACCENT, box, width=1)
