"""The song library: every playable chart (bundled levels and the player's folders), search
as you type, sort, details of the chosen song (cover, difficulty, length, mode), an audio
preview from the chart's #PREVIEWSTART, and broken charts listed with their reasons.

Opened by a mode (``on_choose``), Enter hands the chosen song back to that mode's flow;
opened from the title, Enter starts a duet battle with it."""

from __future__ import annotations

import math
import threading
from pathlib import Path

import pygame

from typing import Callable

from ...charts.library import (BrokenChart, LibraryScan, ScanProgress, SongEntry, SongLibrary,
                               SortKey, printable, sort_entries)
from .. import theme, widgets, widgets_song
from ..app import Scene
from ..input import Action
from ..sky import AlienSky
from . import audio_link, prefs

VISIBLE_ROWS = 11
ROW_HEIGHT = 44
PREVIEW_AFTER_S = 0.6  # the selection must rest this long before a preview starts
COVER_SIZE = 150


def _minutes(ms: float) -> str:
    if not math.isfinite(ms):  # the library keeps none, but a length is never worth a crash
        return "?:??"
    seconds = int(round(ms / 1000.0))
    return f"{seconds // 60}:{seconds % 60:02d}"


class LibraryScene(Scene):
    def __init__(self, folders: list[Path] | None = None,
                 on_choose: Callable[[SongEntry], None] | None = None, heading: str = "Song library") -> None:
        self.library = SongLibrary(folders) if folders is not None else SongLibrary.from_settings()
        self.folders = folders
        self.on_choose = on_choose
        self.heading = heading
        self.preview = audio_link.Preview()
        self._resting = 0.0  # seconds the selection has rested on one row
        self._preview_for: Path | None = None
        self._row_rects: list[tuple[int, pygame.Rect]] = []
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

    @property
    def current(self) -> SongEntry | BrokenChart | None:
        return self.rows[self.selected] if self.rows else None

    def choose(self) -> None:
        """Enter on a song: give it to the mode that asked, or start a duet battle with it."""
        entry = self.current
        if not isinstance(entry, SongEntry):
            return
        self.preview.stop()
        if self.on_choose is not None:
            self.on_choose(entry)
        else:
            from .flow import DuelFlow

            DuelFlow(self.app, folders=self.folders).song_chosen(entry)

    def _select(self, index: int) -> None:
        if index != self.selected:
            self.selected = index
            self._resting = 0.0

    # -- input ----------------------------------------------------------------------------------
    def handle(self, action: Action) -> None:
        steps = {Action.UP: -1, Action.DOWN: 1, Action.PAGE_UP: -VISIBLE_ROWS, Action.PAGE_DOWN: VISIBLE_ROWS}
        if action in steps and self.rows:
            self._select(max(0, min(len(self.rows) - 1, self.selected + steps[action])))
        elif action is Action.CONFIRM:
            self.choose()
        elif action is Action.SECONDARY:
            self._toggle_preview()
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
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION):
            pos = self.app.to_canvas(event.pos)
            for index, rect in self._row_rects:
                if rect.collidepoint(pos):
                    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                        if index == self.selected:
                            self.choose()
                        self._select(index)
                    return
        elif event.type == pygame.MOUSEWHEEL and self.rows:
            self._select(max(0, min(len(self.rows) - 1, self.selected - event.y)))
        elif event.type == pygame.TEXTINPUT and event.text.isprintable():
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
        self._resting += seconds
        entry = self.current
        path = entry.path if isinstance(entry, SongEntry) else None
        if path != self._preview_for and self._resting >= PREVIEW_AFTER_S:
            self._preview_for = path
            self._start_preview(entry)

    # -- the audio preview ---------------------------------------------------------------------
    def _start_preview(self, entry: SongEntry | BrokenChart | None) -> None:
        if not isinstance(entry, SongEntry):
            self.preview.stop()
            self.preview.note = None
            return
        if entry.audio_problem is not None:
            self.preview.stop()
            self.preview.note = "No audio to preview"
            return
        self.preview.start(entry.audio_path, preview_start_s(entry),
                           device=prefs.Preferences.read(self._settings()).output_device)

    def _toggle_preview(self) -> None:
        if self.preview.playback is not None:
            self.preview.stop()
            self.preview.note = "Preview stopped (X / F2 plays it again)"
        else:
            self._start_preview(self.current)

    @staticmethod
    def _settings():
        from ... import settings as settings_io

        return settings_io.load()

    def on_leave(self) -> None:
        self.preview.stop()
        self._preview_for = None

    def on_enter(self) -> None:
        self._resting = 0.0

    # -- drawing ----------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        theme.draw_text(canvas, self.heading, (48, 30), size=56, bold=True)
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
        widgets.footer(canvas, self.footer_text())

    def footer_text(self) -> str:
        action = "choose" if self.on_choose else "duel with it"
        return f"Up/Down choose   Enter / A {action}   X / F2 preview   Tab / Y sort   Esc / B back"

    def _draw_row_extra(self, canvas: pygame.Surface, row: SongEntry, rect: pygame.Rect) -> None:
        """A scene built on this one marks rows here (the medley's picks)."""

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
        self._row_rects = []
        if not self.rows:
            message = "No song matches the search." if self.query else "No songs found."
            theme.draw_text(canvas, message, (rect.x + 20, rect.y + 20), colour=theme.MUTED)
            return
        first = max(0, min(self.selected - VISIBLE_ROWS // 2, len(self.rows) - VISIBLE_ROWS))
        for offset, row in enumerate(self.rows[first:first + VISIBLE_ROWS]):
            index = first + offset
            y = rect.y + 8 + offset * ROW_HEIGHT
            row_rect = pygame.Rect(rect.x + 6, y, rect.width - 12, ROW_HEIGHT - 4)
            self._row_rects.append((index, row_rect))
            if index == self.selected:
                pygame.draw.rect(canvas, theme.DUSK, row_rect, border_radius=6)
                pygame.draw.rect(canvas, theme.PANEL_EDGE, row_rect, width=1, border_radius=6)
            if isinstance(row, BrokenChart):
                text = theme.fit_text(f"broken: {printable(Path(row.path.parent.name, row.path.name))}", 30,
                                      rect.width - 40)
                theme.draw_text(canvas, text, (rect.x + 16, y + 8), size=30, colour=theme.WARNING)
                continue
            mute = row.audio_problem is not None  # listed, dimmed: it cannot be sung in a duel
            title = theme.fit_text(f"{row.artist} – {row.display_title}", 30, rect.width - 250)
            theme.draw_text(canvas, title, (rect.x + 16, y + 8), size=30,
                            colour=theme.MUTED if mute else theme.STARLIGHT)
            if mute:
                widgets_song.mark(canvas, "no audio", (rect.right - 16, row_rect.centery), size=18)
                self._draw_row_extra(canvas, row, row_rect)
                continue
            theme.draw_text(canvas, _minutes(row.duration_ms), (rect.right - 16, y + 10), size=26,
                            colour=theme.MUTED, anchor="topright")
            widgets_song.mark(canvas, widgets_song.song_mark(row), (rect.right - 90, row_rect.centery), size=18)
            if row.level is not None:
                widgets_song.stars(canvas, row.level.difficulty, (rect.right - 210, row_rect.centery), size=18,
                                   anchor="midright")
            self._draw_row_extra(canvas, row, row_rect)
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
        canvas.blit(widgets_song.cover(row.cover_path, row.display_title, COVER_SIZE), (x, y))
        pygame.draw.rect(canvas, theme.PANEL_EDGE, (x, y, COVER_SIZE, COVER_SIZE), width=2)
        side_x = x + COVER_SIZE + 18
        widgets_song.mark(canvas, widgets_song.song_mark(row), (side_x, y + 14), anchor="midleft")
        theme.draw_text(canvas, _minutes(row.duration_ms), (side_x, y + 38), size=34, bold=True)
        if row.bpm:
            theme.draw_text(canvas, f"{row.bpm:g} BPM", (side_x, y + 78), size=24, colour=theme.MUTED)
        if row.level is not None:
            widgets_song.stars(canvas, row.level.difficulty, (side_x, y + 122), size=28)
        else:
            theme.draw_text(canvas, "your song", (side_x, y + 112), size=24, colour=theme.MUTED)
        y += COVER_SIZE + 14
        lines = [
            (row.display_title, 40, theme.STARLIGHT),
            (row.artist, 30, theme.ACCENT),
            (("Duet: " + str(row.voices) + " voices") if row.is_duet else "One voice (both sing it in a battle)",
             24, theme.MUTED),
        ]
        if row.language or row.year:
            lines.append((" ".join(str(v) for v in (row.language, row.year) if v), 24, theme.MUTED))
        if row.audio_problem is not None:
            lines.extend((chunk, 24, theme.WARNING) for chunk in _wrap(no_audio_message(row), 24, width)[:3])
        elif row.level is not None:
            lines.extend((chunk, 24, theme.STARLIGHT) for chunk in _wrap(row.level.description, 24, width)[:3])
        for text, size, colour in lines:
            theme.draw_text(canvas, theme.fit_text(text, size, width), (x, y), size=size, colour=colour)
            y += int(size * 0.72) + 14
        self._draw_preview_state(canvas, rect)

    def _draw_preview_state(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        y = rect.bottom - 40
        if self.preview.playback is not None:
            bars = [abs(((self.seconds * 3 + i * 0.37) % 2) - 1) for i in range(5)]
            for i, level in enumerate(bars):
                height = 6 + int(18 * level)
                pygame.draw.rect(canvas, theme.ACCENT, (rect.x + 20 + i * 9, y + 24 - height, 6, height))
            theme.draw_text(canvas, "Preview playing", (rect.x + 72, y + 12), size=24, colour=theme.ACCENT,
                            anchor="midleft")
        elif self.preview.note:
            text = theme.fit_text("♪ " + self.preview.note, 22, rect.width - 40)
            theme.draw_text(canvas, text, (rect.x + 20, y + 12), size=22, colour=theme.GOLD, anchor="midleft")


def preview_start_s(entry: SongEntry) -> float:
    """Where the browser's preview starts: #PREVIEWSTART, else the medley section's start,
    else a third of the way into the song (past the intro, usually in a verse or chorus)."""
    for ms in (entry.preview_ms, entry.medley_start_ms):
        if ms is not None and math.isfinite(ms) and ms >= 0:
            return ms / 1000.0
    length = entry.duration_ms if math.isfinite(entry.duration_ms) else 0.0
    return max(0.0, length / 3000.0)


def no_audio_message(entry: SongEntry) -> str:
    """What the browser and the duel say about a song whose audio cannot play."""
    reason = (entry.audio_problem or "").rstrip(".")
    return f"No audio: {reason}. Add the file or fix #AUDIO."


def _wrap(text: str, size: int, width: int) -> list[str]:
    return [line for line in widgets.wrap(text, size, width) if line]
