"""Tap mode: lyrics -> syllables (editable) -> one key press per syllable while the song
plays -> ``TimeSyllables`` as one undoable edit.

Stages: LYRICS (type or paste the words), SYLLABLES (the split, editable: ``beau+ti+ful``),
TAPPING (the song plays from the cursor; hold the tap key for each syllable).
"""

from __future__ import annotations

from enum import Enum

import pygame

from ...charts import BeatClock
from ...editor import TapSession, format_syllables, split_lyrics
from .. import theme
from .textfield import TextField


class TapStage(Enum):
    LYRICS = "lyrics"
    SYLLABLES = "syllables"
    TAPPING = "tapping"


TAP_KEYS = (pygame.K_SPACE, pygame.K_j, pygame.K_f)


class TapPanel:
    """The lyrics text, its syllables and the taps collected so far."""

    def __init__(self) -> None:
        self.stage = TapStage.LYRICS
        self.field = TextField("", on_commit=self._commit, multiline=True)
        self.syllables: list[list[str]] = []
        self.session: TapSession | None = None
        self.tapping_from_s = 0.0

    def _commit(self, text: str) -> None:
        """Ctrl+Enter: split the lyrics (again, after edits) into syllables."""
        self.syllables = [line for line in split_lyrics(text) if line]
        if self.syllables:
            self.field.text = format_syllables(self.syllables)
            self.field.caret = len(self.field.text)
            self.stage = TapStage.SYLLABLES

    @property
    def flat(self) -> list[str]:
        return [s for line in self.syllables for s in line]

    def begin(self, clock: BeatClock, from_s: float) -> None:
        self._commit(self.field.text)
        self.session = TapSession(clock)
        self.tapping_from_s = from_s
        self.stage = TapStage.TAPPING

    def finish(self) -> TapSession | None:
        """Stop tapping; the session (with its taps) for the scene to apply."""
        session, self.session = self.session, None
        self.stage = TapStage.SYLLABLES
        return session

    @property
    def tapped(self) -> int:
        return len(self.session.taps) if self.session is not None else 0

    def draw(self, canvas: pygame.Surface, rect: pygame.Rect, seconds: float, focused: bool) -> None:
        x, y = rect.x + 4, rect.y
        if self.stage is TapStage.TAPPING:
            self._draw_tapping(canvas, rect, seconds)
            return
        title = "1 · Lyrics" if self.stage is TapStage.LYRICS else "2 · Syllables"
        theme.draw_text(canvas, title, (x, y), size=24, bold=True, colour=theme.GOLD)
        hint = ("Type or paste (Ctrl+V) the words, one line per lyric line."
                if self.stage is TapStage.LYRICS else "Fix the splits: + joins parts of a word, ~ holds a vowel.")
        from ..widgets import paragraph

        y = paragraph(canvas, hint, (x, y + 30), rect.w - 8, size=18, colour=theme.MUTED, spacing=2)
        box = pygame.Rect(rect.x, y + 4, rect.w, 250)
        if focused:
            self.field.draw(canvas, box, size=20, seconds=seconds)
        else:
            pygame.draw.rect(canvas, (8, 6, 22), box, border_radius=6)
            pygame.draw.rect(canvas, theme.PANEL_EDGE, box, width=1, border_radius=6)
            for k, line in enumerate(self.field.text.split("\n")[:10]):
                theme.draw_text(canvas, theme.fit_text(line, 20, box.w - 16), (box.x + 8, box.y + 6 + 22 * k), size=20)
            if not self.field.text:
                theme.draw_text(canvas, "click here to type", (box.x + 8, box.y + 8), size=20, colour=theme.PANEL_EDGE)
        y = box.bottom + 10
        if self.syllables:
            theme.draw_text(canvas, f"{len(self.flat)} syllables in {len(self.syllables)} lines", (x, y), size=19,
                            colour=theme.ACCENT)
            y += 26
        steps = (("Ctrl+Enter", "split into syllables"), ("F7", "tap from the cursor"),
                 ("Space / J", "hold per syllable"), ("Backspace", "take a tap back"), ("Enter", "stop and keep"))
        for keys, what in steps:
            theme.draw_text(canvas, keys, (x, y), size=18, bold=True)
            theme.draw_text(canvas, what, (x + 104, y), size=18, colour=theme.MUTED)
            y += 22

    def _draw_tapping(self, canvas: pygame.Surface, rect: pygame.Rect, seconds: float) -> None:
        x, y = rect.x + 4, rect.y
        theme.draw_text(canvas, "3 · Tap!", (x, y), size=24, bold=True, colour=theme.ACCENT)
        flat = self.flat
        done = self.tapped
        theme.draw_text(canvas, f"{done} / {len(flat)} syllables", (rect.right - 4, y + 4), size=20,
                        colour=theme.MUTED, anchor="topright")
        y += 40
        held = self.session is not None and self.session._down is not None  # noqa: SLF001 -- display only
        for offset in range(-2, 9):
            index = done + offset - (1 if held else 0)
            if not 0 <= index < len(flat):
                continue
            text = flat[index].strip() or "~"
            current = index == done - (1 if held else 0) and offset >= 0
            colour = theme.GOLD if current else (theme.MUTED if index < done else theme.STARLIGHT)
            size = 34 if current else 24
            row = theme.draw_text(canvas, text, (rect.centerx, y), size=size, bold=current, colour=colour, anchor="midtop")
            if current and held:
                pygame.draw.rect(canvas, theme.GOLD, row.inflate(20, 8), width=2, border_radius=8)
            y += 44 if current else 32
        for k, hint in enumerate(("hold Space for each syllable", "Backspace undoes a tap · Enter keeps")):
            theme.draw_text(canvas, hint, (rect.centerx, rect.bottom - 44 + 22 * k), size=18, colour=theme.MUTED,
                            anchor="center")
