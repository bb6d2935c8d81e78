"""Modal cards over the editor: a choice dialog (leave, timing, playtest), the recovery
list and the help sheet. Each takes keys, pad actions and clicks alike."""

from __future__ import annotations

import time
from typing import Callable, Sequence

import pygame

from ...editor import Recovery
from .. import theme
from ..input import Action
from ..widgets import button, panel, wrap


class Overlay:
    """A modal card; ``closed`` tells the scene to drop it."""

    closed = False

    def action(self, action: Action) -> None: ...

    def key(self, event: pygame.event.Event) -> None: ...

    def click(self, pos: tuple[int, int]) -> None: ...

    def draw(self, canvas: pygame.Surface, seconds: float) -> None: ...


def _dim(canvas: pygame.Surface) -> None:
    shade = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
    shade.fill((4, 2, 14, 170))
    canvas.blit(shade, (0, 0))


class ChoiceDialog(Overlay):
    """A title, a few lines of text and a row of buttons; Left/Right + Enter, or a click."""

    def __init__(self, title: str, body: str, options: Sequence[str], on_choose: Callable[[str], None],
                 cancel: str | None = None, width: int = 720) -> None:
        self.title, self.body, self.options = title, body, list(options)
        self.on_choose = on_choose
        self.cancel = cancel if cancel is not None else self.options[-1]
        self.selected = 0
        self.width = width
        self.rects: list[pygame.Rect] = []

    def choose(self, option: str) -> None:
        self.closed = True
        self.on_choose(option)

    def action(self, action: Action) -> None:
        if action in (Action.LEFT, Action.UP):
            self.selected = (self.selected - 1) % len(self.options)
        elif action in (Action.RIGHT, Action.DOWN, Action.NEXT_SORT):
            self.selected = (self.selected + 1) % len(self.options)
        elif action is Action.CONFIRM:
            self.choose(self.options[self.selected])
        elif action is Action.BACK:
            self.choose(self.cancel)

    def click(self, pos: tuple[int, int]) -> None:
        for option, rect in zip(self.options, self.rects):
            if rect.collidepoint(pos):
                self.choose(option)

    def draw(self, canvas: pygame.Surface, seconds: float) -> None:
        _dim(canvas)
        widths = [max(150, theme.font(28, True).size(o)[0] + 40) for o in self.options]
        width = max(self.width, sum(widths) + 16 * (len(widths) - 1) + 80)
        lines = wrap(self.body, 26, width - 80)
        height = 150 + 28 * len(lines) + 70
        rect = pygame.Rect(0, 0, width, height)
        rect.center = (canvas.get_width() // 2, canvas.get_height() // 2)
        panel(canvas, rect, alpha=245, edge=theme.ACCENT)
        theme.draw_text(canvas, self.title, (rect.centerx, rect.y + 40), size=38, bold=True, colour=theme.GOLD,
                        anchor="center")
        y = rect.y + 84
        for line in lines:
            theme.draw_text(canvas, line, (rect.x + 40, y), size=26)
            y += 28
        x = rect.centerx - (sum(widths) + 16 * (len(widths) - 1)) // 2
        self.rects = []
        for index, (option, w) in enumerate(zip(self.options, widths)):
            r = pygame.Rect(x, rect.bottom - 74, w, 48)
            button(canvas, r, option, index == self.selected)
            self.rects.append(r)
            x += w + 16


class RecoveryDialog(Overlay):
    """Autosaves left by a session that did not end cleanly: restore one or discard it."""

    def __init__(self, found: list[Recovery], on_restore: Callable[[Recovery], None],
                 on_discard: Callable[[Recovery], None]) -> None:
        self.found = list(found)
        self.on_restore, self.on_discard = on_restore, on_discard
        self.selected = 0
        self.rows: list[tuple[pygame.Rect, pygame.Rect, pygame.Rect]] = []
        self.close_rect = pygame.Rect(0, 0, 0, 0)

    def _restore(self, index: int) -> None:
        self.closed = True
        self.on_restore(self.found[index])

    def _discard(self, index: int) -> None:
        self.on_discard(self.found.pop(index))
        self.selected = min(self.selected, len(self.found))
        if not self.found:
            self.closed = True

    def action(self, action: Action) -> None:
        count = len(self.found) + 1  # the last row: keep editing without restoring
        if action is Action.UP:
            self.selected = (self.selected - 1) % count
        elif action is Action.DOWN:
            self.selected = (self.selected + 1) % count
        elif action is Action.CONFIRM:
            if self.selected < len(self.found):
                self._restore(self.selected)
            else:
                self.closed = True
        elif action is Action.SECONDARY and self.selected < len(self.found):
            self._discard(self.selected)
        elif action is Action.BACK:
            self.closed = True

    def key(self, event: pygame.event.Event) -> None:
        if event.key in (pygame.K_DELETE, pygame.K_d, pygame.K_BACKSPACE) and self.selected < len(self.found):
            self._discard(self.selected)

    def click(self, pos: tuple[int, int]) -> None:
        for index, (_row, restore_rect, discard_rect) in enumerate(self.rows):
            if restore_rect.collidepoint(pos):
                self._restore(index)
                return
            if discard_rect.collidepoint(pos):
                self._discard(index)
                return
        if self.close_rect.collidepoint(pos):
            self.closed = True

    def draw(self, canvas: pygame.Surface, seconds: float) -> None:
        _dim(canvas)
        shown = self.found[:6]
        rect = pygame.Rect(0, 0, 900, 190 + 78 * len(shown) + 60)
        rect.center = (canvas.get_width() // 2, canvas.get_height() // 2)
        panel(canvas, rect, alpha=245, edge=theme.GOLD)
        theme.draw_text(canvas, "Recover unsaved work?", (rect.centerx, rect.y + 40), size=40, bold=True,
                        colour=theme.GOLD, anchor="center")
        theme.draw_text(canvas, "The editor closed without saving these charts last time.",
                        (rect.centerx, rect.y + 82), size=24, colour=theme.MUTED, anchor="center")
        self.rows = []
        y = rect.y + 112
        for index, found in enumerate(shown):
            row = pygame.Rect(rect.x + 30, y, rect.w - 60, 68)
            chosen = index == self.selected
            pygame.draw.rect(canvas, theme.DUSK if chosen else theme.PANEL, row, border_radius=10)
            pygame.draw.rect(canvas, theme.ACCENT if chosen else theme.PANEL_EDGE, row, width=2, border_radius=10)
            title = " — ".join(p for p in (found.title, found.artist) if p) or found.name
            theme.draw_text(canvas, theme.fit_text(title, 28, 480), (row.x + 16, row.y + 8), size=28, bold=True)
            where = str(found.original_path) if found.original_path else "never saved (new chart)"
            when = time.strftime("%d %b %H:%M", time.localtime(found.saved_at))
            theme.draw_text(canvas, theme.fit_text(f"{when}  ·  {where}", 20, 500), (row.x + 16, row.y + 42),
                            size=20, colour=theme.MUTED)
            restore_rect = pygame.Rect(row.right - 290, row.y + 14, 140, 40)
            discard_rect = pygame.Rect(row.right - 140, row.y + 14, 124, 40)
            button(canvas, restore_rect, "Restore", chosen)
            button(canvas, discard_rect, "Discard", False, colour=theme.WARNING)
            self.rows.append((row, restore_rect, discard_rect))
            y += 78
        self.close_rect = pygame.Rect(rect.centerx - 150, y + 8, 300, 44)
        button(canvas, self.close_rect, "Keep editing", self.selected >= len(self.found))
        theme.draw_text(canvas, "Enter restore  ·  Del discard  ·  Esc keep editing",
                        (rect.centerx, rect.bottom - 18), size=20, colour=theme.MUTED, anchor="center")


HELP = (
    ("Notes", (("Click / Shift+click", "select / add to selection"), ("Drag empty space", "box select"),
               ("Drag a note / its edge", "move / resize"), ("Tab / Shift+Tab", "next / previous note"),
               ("← →", "move 1 beat (Shift: resize end)"), ("Ctrl+Shift+← →", "move start edge"),
               ("↑ ↓", "pitch ±1 semitone"), ("PgUp / PgDn", "pitch ±1 octave"),
               ("Ins / double-click", "new note at the cursor"), ("S / M / Del", "split / merge / delete"),
               ("1 2 3 4 5", "normal golden freestyle rap golden-rap"), ("K", "pitch from the sung curve"),
               ("Enter", "type the syllable (Tab: next)"), ("L / Shift+L", "line break / join lines"))),
    ("Chart", (("V", "switch voice P1 / P2"), ("C / Shift+C", "copy line to other voice / sing together"),
               ("Alt+← →", "shift whole chart 1 beat"), ("[ ]", "GAP ∓10 ms (Shift: 100 ms)"),
               ("Ctrl+T", "detect BPM and GAP"), ("F8", "fit the chart to its audio (GAP, drift)"),
               ("F3 F4 F5", "headers / problems / tap"),
               ("Ctrl+E", "next problem"), ("Ctrl+A", "select the whole voice"))),
    ("Sound", (("Space", "play / stop from the cursor"), ("G / B", "guide melody / metronome"),
               ("Home / End", "cursor to start / end"), ("Wheel, Ctrl+wheel", "scroll, zoom"),
               ("+ / −", "zoom"), ("F6", "playtest on the stage"))),
    ("File", (("Ctrl+S", "save (keeps a .bak)"), ("Ctrl+Z / Ctrl+Y", "undo / redo"), ("F1 or ?", "this help"),
              ("Esc", "back (asks to save)"))),
)


class HelpOverlay(Overlay):
    def action(self, action: Action) -> None:
        self.closed = True

    def key(self, event: pygame.event.Event) -> None:
        self.closed = True

    def click(self, pos: tuple[int, int]) -> None:
        self.closed = True

    def draw(self, canvas: pygame.Surface, seconds: float) -> None:
        _dim(canvas)
        rect = pygame.Rect(40, 30, 1200, 660)
        panel(canvas, rect, alpha=248, edge=theme.ACCENT)
        theme.draw_text(canvas, "Chart editor keys", (rect.x + 36, rect.y + 20), size=40, bold=True, colour=theme.GOLD)
        theme.draw_text(canvas, "pad: d-pad moves · A plays · X splits · Y cycles kind · shoulders pick notes",
                        (rect.right - 36, rect.y + 34), size=20, colour=theme.MUTED, anchor="topright")
        columns = ((HELP[0], HELP[3]), (HELP[1], HELP[2]))
        for c, groups in enumerate(columns):
            x = rect.x + 36 + c * 590
            y = rect.y + 80
            for name, rows in groups:
                theme.draw_text(canvas, name, (x, y), size=26, bold=True, colour=theme.ACCENT)
                y += 30
                for keys, what in rows:
                    theme.draw_text(canvas, keys, (x, y), size=21, bold=True)
                    theme.draw_text(canvas, what, (x + 230, y), size=21, colour=theme.MUTED)
                    y += 25
                y += 14
        theme.draw_text(canvas, "any key closes this sheet", (rect.centerx, rect.bottom - 24), size=20,
                        colour=theme.MUTED, anchor="center")
