"""A form of labelled rows (choices, sliders, toggles, buttons) driven by keyboard, gamepad
and mouse alike: Up/Down pick a row, Left/Right change it, Confirm presses it, the mouse
clicks a row or drags a slider. Settings and mic setup are built from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pygame

from . import theme
from .input import Action

ROW_HEIGHT = 58


@dataclass
class Row:
    label: str
    hint: str = ""
    enabled: bool = True

    def value_text(self) -> str:
        return ""

    def step(self, direction: int) -> bool:
        """Left/Right; returns whether the value changed."""
        return False

    def press(self) -> bool:
        return self.step(1)


@dataclass
class Choice(Row):
    options: list[str] = field(default_factory=list)
    index: int = 0

    @property
    def value(self) -> str:
        return self.options[self.index] if self.options else ""

    def value_text(self) -> str:
        return self.value

    def step(self, direction: int) -> bool:
        if len(self.options) < 2:
            return False
        self.index = (self.index + direction) % len(self.options)
        return True


@dataclass
class Toggle(Row):
    on: bool = False

    def value_text(self) -> str:
        return "On" if self.on else "Off"

    def step(self, direction: int) -> bool:
        self.on = not self.on
        return True


@dataclass
class Slider(Row):
    low: float = 0.0
    high: float = 1.0
    value: float = 0.0
    increment: float = 0.05
    unit: Callable[[float], str] = lambda v: f"{round(v * 100)} %"

    def value_text(self) -> str:
        return self.unit(self.value)

    def set(self, value: float) -> bool:
        clamped = min(self.high, max(self.low, round(value / self.increment) * self.increment))
        changed = abs(clamped - self.value) > 1e-9
        self.value = clamped
        return changed

    def step(self, direction: int) -> bool:
        return self.set(self.value + direction * self.increment)

    def press(self) -> bool:
        return False

    @property
    def fraction(self) -> float:
        return (self.value - self.low) / (self.high - self.low) if self.high > self.low else 0.0


@dataclass
class Button(Row):
    action: Callable[[], None] | None = None
    text: str = ""  # shown where other rows show their value

    def value_text(self) -> str:
        return self.text

    def step(self, direction: int) -> bool:
        return False

    def press(self) -> bool:
        if self.action is not None and self.enabled:
            self.action()
        return False


class Form:
    """Rows with a focus. ``on_change(row)`` runs whenever a row's value changes."""

    def __init__(self, rows: list[Row], on_change: Callable[[Row], None] | None = None,
                 row_height: int = ROW_HEIGHT) -> None:
        self.rows = rows
        self.row_height = row_height
        self.focus = 0
        self.on_change = on_change
        self._row_rects: list[pygame.Rect] = []
        self._track_rects: dict[int, pygame.Rect] = {}
        self._dragging: int | None = None

    @property
    def current(self) -> Row:
        return self.rows[self.focus]

    def _changed(self, row: Row) -> None:
        if self.on_change is not None:
            self.on_change(row)

    def handle(self, action: Action) -> bool:
        """Returns True when the form used the action."""
        if action in (Action.UP, Action.DOWN):
            self.focus = (self.focus + (1 if action is Action.DOWN else -1)) % len(self.rows)
            return True
        row = self.current
        if not row.enabled:
            return action in (Action.LEFT, Action.RIGHT, Action.CONFIRM)
        if action in (Action.LEFT, Action.RIGHT):
            if row.step(1 if action is Action.RIGHT else -1):
                self._changed(row)
            return True
        if action is Action.CONFIRM:
            if row.press():
                self._changed(row)
            return True
        return False

    def on_event(self, event: pygame.event.Event, to_canvas: Callable[[tuple[int, int]], tuple[int, int]]) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            pos = to_canvas(event.pos)
            for index, rect in enumerate(self._row_rects):
                if rect.collidepoint(pos):
                    self.focus = index
                    row = self.rows[index]
                    if not row.enabled:
                        return
                    if isinstance(row, Slider) and index in self._track_rects:
                        self._dragging = index
                        self._drag_to(pos[0])
                    elif isinstance(row, Choice) and index in self._track_rects:
                        # Click left of the value's centre steps back, right steps on.
                        direction = -1 if pos[0] < self._track_rects[index].centerx else 1
                        if row.step(direction):
                            self._changed(row)
                    elif row.press():
                        self._changed(row)
                    return
        elif event.type == pygame.MOUSEMOTION:
            pos = to_canvas(event.pos)
            if self._dragging is not None:
                self._drag_to(pos[0])
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self._dragging = None

    def _drag_to(self, x: int) -> None:
        index = self._dragging
        if index is None:
            return
        row = self.rows[index]
        track = self._track_rects[index]
        if isinstance(row, Slider):
            fraction = min(1.0, max(0.0, (x - track.x) / track.width))
            if row.set(row.low + fraction * (row.high - row.low)):
                self._changed(row)

    def draw(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        self._row_rects = []
        self._track_rects = {}
        label_width = int(rect.width * 0.42)
        for index, row in enumerate(self.rows):
            y = rect.y + index * self.row_height
            row_rect = pygame.Rect(rect.x, y, rect.width, self.row_height - 6)
            self._row_rects.append(row_rect)
            focused = index == self.focus
            if focused:
                pygame.draw.rect(canvas, theme.DUSK, row_rect, border_radius=8)
                pygame.draw.rect(canvas, theme.ACCENT, row_rect, width=2, border_radius=8)
            colour = theme.STARLIGHT if row.enabled else theme.MUTED
            room = rect.width - 36 if isinstance(row, Button) and not row.value_text() else label_width - 24
            theme.draw_text(canvas, theme.fit_text(row.label, 30, room), (rect.x + 18, row_rect.centery),
                            size=30, colour=colour, bold=focused, anchor="midleft")
            value_rect = pygame.Rect(rect.x + label_width, y + 5, rect.width - label_width - 18, self.row_height - 16)
            self._draw_value(canvas, index, row, value_rect, focused)

    def _draw_value(self, canvas: pygame.Surface, index: int, row: Row, area: pygame.Rect, focused: bool) -> None:
        colour = theme.ACCENT if focused and row.enabled else (theme.STARLIGHT if row.enabled else theme.MUTED)
        if isinstance(row, Slider):
            track = pygame.Rect(area.x, area.centery - 5, area.width - 130, 10)
            self._track_rects[index] = track
            pygame.draw.rect(canvas, (12, 8, 30), track, border_radius=5)
            filled = track.copy()
            filled.width = int(track.width * row.fraction)
            pygame.draw.rect(canvas, colour, filled, border_radius=5)
            pygame.draw.circle(canvas, theme.STARLIGHT, (track.x + filled.width, track.centery), 11 if focused else 9)
            theme.draw_text(canvas, row.value_text(), (area.right, area.centery), size=28, colour=colour,
                            anchor="midright")
        elif isinstance(row, Choice):
            self._track_rects[index] = area
            text = theme.fit_text(row.value_text(), 28, area.width - 70)
            theme.draw_text(canvas, text, area.center, size=28, colour=colour, anchor="center")
            if len(row.options) > 1 and row.enabled:
                theme.draw_text(canvas, "◀", (area.x + 6, area.centery), size=26, colour=theme.MUTED, anchor="midleft")
                theme.draw_text(canvas, "▶", (area.right - 6, area.centery), size=26, colour=theme.MUTED,
                                anchor="midright")
        elif isinstance(row, Toggle):
            knob = pygame.Rect(0, 0, 70, 32)
            knob.midleft = (area.x + 6, area.centery)
            pygame.draw.rect(canvas, theme.ACCENT if row.on else (40, 30, 70), knob, border_radius=16)
            pygame.draw.circle(canvas, theme.STARLIGHT, (knob.right - 16 if row.on else knob.x + 16, knob.centery), 12)
            theme.draw_text(canvas, row.value_text(), (knob.right + 16, area.centery), size=28, colour=colour,
                            anchor="midleft")
        else:
            text = row.value_text() or ("Press Enter / A" if focused and row.enabled else "")
            theme.draw_text(canvas, text, (area.x + 6, area.centery), size=26,
                            colour=theme.ACCENT if focused and row.enabled else theme.MUTED, anchor="midleft")
