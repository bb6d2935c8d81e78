"""The side panel's pages: the chart's headers and the validation problems.

Each page draws itself into the side panel and answers clicks with what was hit; the
scene turns that into edits (``SetHeader``) or a jump to a problem's note.
"""

from __future__ import annotations

import pygame

from ...charts import Song
from ...editor import Problem
from .. import theme
from ..widgets import wrap
from . import style
from .textfield import TextField

PAGES = ("Headers", "Problems", "Tap")
HEADER_FIELDS = (("TITLE", "Title"), ("ARTIST", "Artist"), ("BPM", "BPM"), ("GAP", "GAP ms"),
                 ("AUDIO", "Audio"), ("VOCALS", "Vocals"), ("LANGUAGE", "Language"),
                 ("GENRE", "Genre"), ("YEAR", "Year"), ("CREATOR", "Creator"),
                 ("PREVIEWSTART", "Preview s"))
ROW_H = 34


class Layout:
    """Where everything sits on the 1280x720 canvas."""

    def __init__(self) -> None:
        self.top = pygame.Rect(0, 0, 1280, 46)
        self.roll = pygame.Rect(8, 52, 972, 468)
        self.wave = pygame.Rect(54, 524, 926, 78)
        self.lyric = pygame.Rect(8, 608, 972, 48)
        self.side = pygame.Rect(988, 52, 284, 604)
        self.status = pygame.Rect(0, 662, 1280, 58)

    def tab_rects(self) -> list[pygame.Rect]:
        w = (self.side.w - 16) // len(PAGES)
        return [pygame.Rect(self.side.x + 8 + i * w, self.side.y + 8, w - 4, 30) for i in range(len(PAGES))]

    @property
    def page(self) -> pygame.Rect:
        return pygame.Rect(self.side.x + 10, self.side.y + 46, self.side.w - 20, self.side.h - 54)


def draw_tabs(canvas: pygame.Surface, layout: Layout, page: str, problems: list[Problem]) -> None:
    errors = sum(p.severity == "error" for p in problems)
    for name, rect in zip(PAGES, layout.tab_rects()):
        chosen = name == page
        label = f"{name} {len(problems)}" if name == "Problems" and problems else name
        pygame.draw.rect(canvas, theme.DUSK if chosen else theme.PANEL, rect, border_radius=8)
        edge = theme.WARNING if name == "Problems" and errors else (theme.ACCENT if chosen else theme.PANEL_EDGE)
        pygame.draw.rect(canvas, edge, rect, width=2 if chosen else 1, border_radius=8)
        theme.draw_text(canvas, label, rect.center, size=20, bold=chosen,
                        colour=theme.STARLIGHT if chosen else theme.MUTED, anchor="center")


class HeaderPanel:
    """Header rows (click or Enter to type a value), the voices, and the timing tools."""

    def __init__(self) -> None:
        self.row = 0
        self.rects: list[pygame.Rect] = []
        self.buttons: dict[str, pygame.Rect] = {}

    def fields(self, song: Song) -> list[tuple[str, str, str]]:
        rows = [(key, label, song.headers.get(key, "")) for key, label in HEADER_FIELDS]
        for voice in song.voices:
            if song.is_duet or len(song.voices) > 1:
                rows.append((f"VOICE:{voice.id}", f"{voice.id} singer", voice.name or ""))
        return rows

    def draw(self, canvas: pygame.Surface, rect: pygame.Rect, song: Song, field: TextField | None,
             editing_key: str | None, focused: bool, seconds: float) -> None:
        self.rects = []
        y = rect.y
        for index, (key, label, value) in enumerate(self.fields(song)):
            row = pygame.Rect(rect.x, y, rect.w, ROW_H - 4)
            self.rects.append(row)
            chosen = focused and index == self.row
            if chosen:
                pygame.draw.rect(canvas, theme.DUSK, row, border_radius=6)
            colour = style.voice_colour(key[6:]) if key.startswith("VOICE:") else theme.MUTED
            theme.draw_text(canvas, label, (row.x + 6, row.centery), size=19, colour=colour, anchor="midleft")
            value_rect = pygame.Rect(row.x + 96, row.y + 1, row.w - 98, row.h - 2)
            if editing_key == key and field is not None:
                field.draw(canvas, value_rect, size=20, seconds=seconds)
            else:
                shown = theme.fit_text(value or "—", 20, value_rect.w - 8)
                theme.draw_text(canvas, shown, (value_rect.x + 6, row.centery), size=20,
                                colour=theme.STARLIGHT if value else theme.PANEL_EDGE, anchor="midleft")
            y += ROW_H
        y += 6
        self.buttons = {}
        for name, label in (("detect", "Detect BPM + GAP  Ctrl+T"), ("fit", "Fit to audio  F8"),
                            ("gap-", "GAP −10 ms  ["),
                            ("gap+", "GAP +10 ms  ]"), ("voice", "Add a voice (duet)" if len(song.voices) < 2 else
                                                         "Switch voice  V")):
            button = pygame.Rect(rect.x, y, rect.w, 30)
            if name in ("gap-", "gap+"):
                button = pygame.Rect(rect.x + (0 if name == "gap-" else rect.w // 2 + 3), y, rect.w // 2 - 3, 30)
            self.buttons[name] = button
            pygame.draw.rect(canvas, theme.PANEL, button, border_radius=8)
            pygame.draw.rect(canvas, theme.PANEL_EDGE, button, width=1, border_radius=8)
            theme.draw_text(canvas, label, button.center, size=18, anchor="center")
            if name != "gap-":
                y += 36

    def hit(self, pos: tuple[int, int]) -> int | str | None:
        for index, rect in enumerate(self.rects):
            if rect.collidepoint(pos):
                return index
        for name, rect in self.buttons.items():
            if rect.collidepoint(pos):
                return name
        return None


class ProblemsPanel:
    """Validation problems, errors first; a click selects the note and scrolls to it."""

    def __init__(self) -> None:
        self.rects: list[tuple[pygame.Rect, Problem]] = []
        self.first = 0
        self.row = 0

    def draw(self, canvas: pygame.Surface, rect: pygame.Rect, problems: list[Problem], focused: bool) -> None:
        self.rects = []
        if not problems:
            theme.draw_text(canvas, "No problems found.", (rect.x + 6, rect.y + 8), size=22, colour=theme.ACCENT)
            theme.draw_text(canvas, "Overlaps, pitches out of range,", (rect.x + 6, rect.y + 40), size=18,
                            colour=theme.MUTED)
            theme.draw_text(canvas, "long lines… appear here.", (rect.x + 6, rect.y + 62), size=18, colour=theme.MUTED)
            return
        ordered = sorted(problems, key=lambda p: (p.severity != "error",))
        self.row = min(self.row, len(ordered) - 1)
        y = rect.y
        self.first = min(self.first, max(0, len(ordered) - 1))
        if self.row < self.first:
            self.first = self.row
        for index, problem in enumerate(ordered[self.first:], start=self.first):
            where = problem.voice + (f" · line {problem.line + 1}" if problem.line is not None else "") + (
                f" · note {problem.note + 1}" if problem.note is not None else "")
            lines = wrap(problem.reason, 17, rect.w - 26)[:3]
            height = 24 + 18 * len(lines) + 6
            if y + height > rect.bottom:
                if index <= self.row:  # keep the chosen problem on screen
                    self.first += 1
                break
            box = pygame.Rect(rect.x, y, rect.w, height - 4)
            if focused and index == self.row:
                pygame.draw.rect(canvas, theme.DUSK, box, border_radius=6)
            colour = theme.WARNING if problem.severity == "error" else theme.GOLD
            pygame.draw.circle(canvas, colour, (box.x + 9, box.y + 12), 5)
            theme.draw_text(canvas, where, (box.x + 20, box.y + 3), size=18, bold=True, colour=colour)
            for k, text in enumerate(lines):
                theme.draw_text(canvas, text, (box.x + 20, box.y + 23 + 18 * k), size=17, colour=theme.STARLIGHT)
            self.rects.append((box, problem))
            y += height
        self.ordered = ordered

    def hit(self, pos: tuple[int, int]) -> Problem | None:
        for rect, problem in self.rects:
            if rect.collidepoint(pos):
                return problem
        return None
