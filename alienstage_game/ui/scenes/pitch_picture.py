"""A picture of what a player sang: the chart's notes as bars (time across, pitch up) with
the player's pitch trail drawn over them, saved as PNG in the user data folder."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Iterable

import pygame

from ...charts import NoteKind, Song
from ...paths import data_dir
from ...storage import atomic_write_bytes
from .. import theme

SIZE = (1600, 600)
MARGIN = 60
NOTE_COLOURS = {NoteKind.GOLDEN: theme.GOLD, NoteKind.FREESTYLE: (110, 100, 150),
                NoteKind.RAP: (150, 200, 255), NoteKind.GOLDEN_RAP: (255, 230, 150)}


def pictures_dir() -> Path:
    return data_dir() / "pictures"


def render(song: Song, voice_id: str, frames: Iterable, colour: tuple[int, int, int], name: str,
           title: str) -> pygame.Surface:
    """The chart voice and the trail on one surface. A sung pitch is shown in the octave
    nearest the note it was judged against (the judge folds octaves too)."""
    voice = song.voice(voice_id) if hasattr(song, "voice") else song.voices[0]
    notes = [note for line in voice.lines for note in line.notes]
    surface = pygame.Surface(SIZE)
    surface.fill(theme.NIGHT)
    if not notes:
        return surface
    clock = song.clock
    starts = [clock.beat_to_seconds(n.beat) for n in notes]
    ends = [clock.beat_to_seconds(n.beat + n.length) for n in notes]
    t0, t1 = min(starts) - 1.0, max(ends) + 1.0
    low = min(n.pitch for n in notes) + 60 - 4
    high = max(n.pitch for n in notes) + 60 + 4
    width, height = SIZE[0] - 2 * MARGIN, SIZE[1] - 2 * MARGIN - 40

    def x_of(t: float) -> int:
        return MARGIN + int((t - t0) / (t1 - t0) * width)

    def y_of(midi: float) -> int:
        return MARGIN + 40 + int((high - midi) / (high - low) * height)

    for midi in range(int(low), int(high) + 1):  # a stave line per semitone, C brighter and named
        shade = (50, 36, 90) if midi % 12 == 0 else (24, 18, 50)
        pygame.draw.line(surface, shade, (MARGIN, y_of(midi)), (SIZE[0] - MARGIN, y_of(midi)))
        if midi % 12 == 0:
            theme.draw_text(surface, f"C{midi // 12 - 1}", (MARGIN - 8, y_of(midi)), size=20, colour=theme.MUTED,
                            anchor="midright")
    for second in range(int(t0) + 1, int(t1), 5):  # a tick every five seconds of song time
        x = x_of(second)
        pygame.draw.line(surface, (50, 36, 90), (x, SIZE[1] - MARGIN + 4), (x, SIZE[1] - MARGIN + 12))
        theme.draw_text(surface, f"{second // 60}:{second % 60:02d}", (x, SIZE[1] - MARGIN + 16), size=18,
                        colour=theme.MUTED, anchor="midtop")
    note_h = max(6, int(height / (high - low)) - 2)
    for note, start, end in zip(notes, starts, ends):
        rect = pygame.Rect(x_of(start), y_of(note.pitch + 60) - note_h // 2, max(3, x_of(end) - x_of(start)), note_h)
        pygame.draw.rect(surface, NOTE_COLOURS.get(note.kind, (90, 70, 150)), rect, border_radius=note_h // 2)
    trail = [f for f in frames if getattr(f, "voiced", False)]
    for frame in trail:
        target = _nearest_note(notes, starts, ends, frame.time)
        midi = frame.midi
        if target is not None:
            reference = target.pitch + 60
            midi -= 12 * round((midi - reference) / 12)
        if low - 2 <= midi <= high + 2:
            pygame.draw.circle(surface, colour, (x_of(frame.time), y_of(midi)), 3)
    theme.draw_text(surface, f"{name} — {title} ({voice_id})", (MARGIN, 18), size=40, bold=True, colour=colour)
    theme.draw_text(surface, "notes: bars (gold = golden)   dots: the pitch heard", (SIZE[0] - MARGIN, 26), size=26,
                    colour=theme.MUTED, anchor="topright")
    return surface


def _nearest_note(notes, starts, ends, t: float):
    best, best_d = None, 1.0
    for note, start, end in zip(notes, starts, ends):
        d = 0.0 if start <= t <= end else min(abs(t - start), abs(t - end))
        if d < best_d:
            best, best_d = note, d
    return best


def save(surface: pygame.Surface, name: str, title: str, folder: Path | None = None) -> Path:
    folder = folder or pictures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", f"{title}-{name}").strip("-").lower() or "pitch"
    path = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{stem}.png"
    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "png")
    atomic_write_bytes(path, buffer.getvalue())  # never a half-written picture
    return path
