"""The song library: every playable chart (bundled levels and the player's folders), search
as you type, sort, details of the chosen song, and broken charts listed with their reasons."""

from __future__ import annotations

import threading
from pathlib import Path

import pygame

from ...charts.library import (BrokenChart, LibraryScan, ScanProgress, SongEntry, SongLibrary,
                               SortKey, sort_entries)
from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky

VISIBLE_ROWS = 11
ROW_HEIGHT = 44


def _minutes(ms: float) -> str:
    seconds = int(round(ms / 1000.0))
    return f"{seconds // 60}:{seconds % 60:02d}"


class LibraryScene(Scene):
    def __init__(self, folders: list[Path] | None = None) -> None:
        self.library = SongLibrary(folders) if folders is not None else SongLibrary.from_settings()
        self.sky = AlienSky(seed=11)
        self.seconds = 0.0
        self.scan: LibraryScan | None = None
        self.scan_error: str | None = None
        self.progress: ScanProgress | None = None
        self.query = ""
        self.sort_keys = list(SortKey)
        self.sort_index = 0
        self.selected = 0
        self.rows: list[SongEntry | BrokenChart] = []
        self._listed: LibraryScan | None = None  # the scan the rows were made from
        self._thread = threading.Thread(target=self._scan, name="library-scan", daemon=True)
        self._thread.start()

    # -- scanning off the render thread -------------------------------------------------------
    def _scan(self) -> None:
        try:
            self.scan = self.library.refresh(progress=self._on_progress)
        except Exception as err:  # a broken library must not take the menu down
            self.scan_error = f"could not scan the library: {err}"

    def _on_progress(self, progress: ScanProgress) -> None:
        self.progress = progress

    def _refresh(self) -> None:
        if self.scan is None:
            return
        self._listed = self.scan
        sort_key = self.sort_keys[self.sort_index]
        entries = sort_entries(self.scan.search(self.query), sort_key)
        broken: list[SongEntry | BrokenChart] = [] if self.query else list(self.scan.broken)
        self.rows = [*entries, *broken]
        self.selected = min(self.selected, max(len(self.rows) - 1, 0))

    # -- input ----------------------------------------------------------------------------------
    def handle(self, action: Action) -> None:
        steps = {Action.UP: -1, Action.DOWN: 1, Action.PAGE_UP: -VISIBLE_ROWS, Action.PAGE_DOWN: VISIBLE_ROWS}
        if action in steps and self.rows:
            self.selected = max(0, min(len(self.rows) - 1, self.selected + steps[action]))
        elif action is Action.NEXT_SORT:
            self.sort_index = (self.sort_index + 1) % len(self.sort_keys)
            self._refresh()
        elif action is Action.BACK:
            if self.query:
                self.query = ""
                self._refresh()
            else:
                self.app.pop()

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.TEXTINPUT and event.text.isprintable():
            self.query += event.text
            self.selected = 0
            self._refresh()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE and self.query:
            self.query = self.query[:-1]
            self._refresh()

    def update(self, seconds: float) -> None:
        self.seconds += seconds
        if self.scan is not self._listed:  # the scan thread finished: list it here, on our thread
            self._refresh()

    # -- drawing ----------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        theme.draw_text(canvas, "Song library", (48, 30), size=56, bold=True)
        sort_name = self.sort_keys[self.sort_index].value
        search = f"Search: {self.query}_" if self.query else "Type to search"
        theme.draw_text(canvas, f"{search}     sorted by {sort_name} (Tab / Y)", (52, 84), size=26,
                        colour=theme.MUTED)
        list_rect = pygame.Rect(40, 120, 720, VISIBLE_ROWS * ROW_HEIGHT + 16)
        detail_rect = pygame.Rect(780, 120, 460, list_rect.height)
        widgets.panel(canvas, list_rect)
        widgets.panel(canvas, detail_rect)
        if self.scan is None:
            self._draw_waiting(canvas, list_rect)
        else:
            self._draw_rows(canvas, list_rect)
            self._draw_details(canvas, detail_rect)
        widgets.footer(canvas, "Up/Down choose   PgUp/PgDn page   Tab sort   Esc back")

    def _draw_waiting(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        if self.scan_error:
            theme.draw_text(canvas, self.scan_error, (rect.x + 20, rect.y + 20), colour=theme.WARNING)
            return
        progress = self.progress
        label = "Looking for songs…"
        if progress is not None and progress.total:
            label = f"Reading charts… {progress.done} / {progress.total}"
            bar = pygame.Rect(rect.x + 20, rect.y + 70, rect.width - 40, 14)
            pygame.draw.rect(canvas, theme.PANEL_EDGE, bar, width=1, border_radius=7)
            filled = bar.copy()
            filled.width = int(bar.width * progress.done / progress.total)
            pygame.draw.rect(canvas, theme.ACCENT, filled, border_radius=7)
        elif progress is not None:
            label = f"Looking for songs… {progress.done} files seen"
        theme.draw_text(canvas, label, (rect.x + 20, rect.y + 24), colour=theme.STARLIGHT)

    def _draw_rows(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        if not self.rows:
            message = "No song matches the search." if self.query else "No songs found."
            theme.draw_text(canvas, message, (rect.x + 20, rect.y + 20), colour=theme.MUTED)
            return
        first = max(0, min(self.selected - VISIBLE_ROWS // 2, len(self.rows) - VISIBLE_ROWS))
        for offset, row in enumerate(self.rows[first:first + VISIBLE_ROWS]):
            index = first + offset
            y = rect.y + 8 + offset * ROW_HEIGHT
            if index == self.selected:
                pygame.draw.rect(canvas, theme.DUSK, (rect.x + 6, y, rect.width - 12, ROW_HEIGHT - 4),
                                 border_radius=6)
            if isinstance(row, BrokenChart):
                text = theme.fit_text(f"broken: {row.path.parent.name}/{row.path.name}", 30, rect.width - 40)
                theme.draw_text(canvas, text, (rect.x + 16, y + 8), size=30, colour=theme.WARNING)
                continue
            mark = "duet" if row.is_duet else (row.level.mode.value if row.level else "solo")
            title = theme.fit_text(f"{row.artist} – {row.display_title}", 30, rect.width - 190)
            theme.draw_text(canvas, title, (rect.x + 16, y + 8), size=30)
            theme.draw_text(canvas, f"{mark}  {_minutes(row.duration_ms)}", (rect.right - 16, y + 10),
                            size=26, colour=theme.MUTED, anchor="topright")
        count = len(self.rows)
        theme.draw_text(canvas, f"{count} {'entry' if count == 1 else 'entries'}", (rect.right - 12, rect.bottom + 6), size=22,
                        colour=theme.MUTED, anchor="topright")

    def _draw_details(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        if not self.rows:
            return
        row = self.rows[self.selected]
        x, y = rect.x + 20, rect.y + 18
        width = rect.width - 40
        if isinstance(row, BrokenChart):
            theme.draw_text(canvas, "This chart cannot be played", (x, y), size=32, colour=theme.WARNING, bold=True)
            for number, chunk in enumerate(_wrap(str(row), 26, width)[:12]):
                theme.draw_text(canvas, chunk, (x, y + 48 + number * 28), size=26)
            return
        lines = [
            (row.display_title, 40, theme.STARLIGHT),
            (row.artist, 30, theme.ACCENT),
            (f"Length {_minutes(row.duration_ms)}   BPM {row.bpm:g}" if row.bpm else f"Length {_minutes(row.duration_ms)}",
             26, theme.MUTED),
            (("Duet: " + str(row.voices) + " voices") if row.is_duet else "One voice", 26, theme.MUTED),
        ]
        if row.language or row.year:
            lines.append((" ".join(str(v) for v in (row.language, row.year) if v), 26, theme.MUTED))
        if row.level is not None:
            lines.append((f"Difficulty {row.level.difficulty} of 5", 28, theme.GOLD))
            lines.extend((chunk, 26, theme.STARLIGHT) for chunk in _wrap(row.level.description, 26, width))
        for text, size, colour in lines:
            theme.draw_text(canvas, theme.fit_text(text, size, width), (x, y), size=size, colour=colour)
            y += size + 10


def _wrap(text: str, size: int, width: int) -> list[str]:
    words, out, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if theme.font(size).size(trial)[0] > width and current:
            out.append(current)
            current = word
        else:
            current = trial
    if current:
        out.append(current)
    return out
