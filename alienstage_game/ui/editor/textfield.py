"""A one-field text editor fed by the scene's raw events (TEXTINPUT for characters, so
accents and every keyboard layout work; KEYDOWN for editing keys)."""

from __future__ import annotations

from typing import Callable

import pygame

from .. import theme


def clipboard_text() -> str:
    """The system clipboard as text ('' when there is none, e.g. the dummy video driver)."""
    try:
        return pygame.scrap.get_text() or ""
    except (pygame.error, AttributeError, NotImplementedError):
        return ""


class TextField:
    """``on_commit(text)`` on Enter (Ctrl+Enter when multiline), ``on_cancel()`` on Esc.
    ``on_tab(text, backwards)`` when set makes Tab commit and move on (lyrics entry)."""

    def __init__(self, text: str = "", *, on_commit: Callable[[str], None],
                 on_cancel: Callable[[], None] | None = None, multiline: bool = False,
                 on_tab: Callable[[str, bool], None] | None = None, label: str = "") -> None:
        self.text = text
        self.caret = len(text)
        self.on_commit = on_commit
        self.on_cancel = on_cancel
        self.multiline = multiline
        self.on_tab = on_tab
        self.label = label
        self.blink = 0.0

    def event(self, event: pygame.event.Event) -> bool:
        """Handle one raw event; True when it was for the field."""
        if event.type == pygame.TEXTINPUT:
            self.insert(event.text)
            return True
        if event.type != pygame.KEYDOWN:
            return False
        ctrl = bool(getattr(event, "mod", 0) & pygame.KMOD_CTRL)
        key = event.key
        self.blink = 0.0
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.multiline and not ctrl:
                self.insert("\n")
            else:
                self.on_commit(self.text)
        elif key == pygame.K_ESCAPE:
            if self.on_cancel is not None:
                self.on_cancel()
        elif key == pygame.K_TAB and self.on_tab is not None:
            self.on_tab(self.text, bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT))
        elif key == pygame.K_BACKSPACE:
            if self.caret > 0:
                cut = self._word_start() if ctrl else self.caret - 1
                self.text = self.text[:cut] + self.text[self.caret:]
                self.caret = cut
        elif key == pygame.K_DELETE:
            self.text = self.text[:self.caret] + self.text[self.caret + 1:]
        elif key == pygame.K_LEFT:
            self.caret = max(0, self.caret - 1)
        elif key == pygame.K_RIGHT:
            self.caret = min(len(self.text), self.caret + 1)
        elif key == pygame.K_HOME:
            self.caret = 0
        elif key == pygame.K_END:
            self.caret = len(self.text)
        elif key == pygame.K_v and ctrl:
            self.insert(clipboard_text() if self.multiline else clipboard_text().replace("\n", " "))
        return True  # every other key is swallowed while typing (no editor shortcuts fire)

    def _word_start(self) -> int:
        i = self.caret
        while i > 0 and self.text[i - 1] == " ":
            i -= 1
        while i > 0 and self.text[i - 1] != " ":
            i -= 1
        return i

    def insert(self, chars: str) -> None:
        if not self.multiline:
            chars = chars.replace("\n", " ")
        self.text = self.text[:self.caret] + chars + self.text[self.caret:]
        self.caret += len(chars)

    def draw(self, canvas: pygame.Surface, rect: pygame.Rect, size: int = 22, seconds: float = 0.0) -> None:
        """A boxed field; multiline text wraps at the newlines only and scrolls to the caret."""
        pygame.draw.rect(canvas, (8, 6, 22), rect, border_radius=6)
        pygame.draw.rect(canvas, theme.ACCENT, rect, width=2, border_radius=6)
        face = theme.font(size)
        line_h = face.get_linesize()
        lines = self.text.split("\n") if self.multiline else [self.text]
        before = self.text[:self.caret]
        caret_line = before.count("\n")
        caret_col = len(before.split("\n")[-1])
        visible = max(1, (rect.h - 8) // line_h)
        first = max(0, caret_line - visible + 1)
        clip = canvas.get_clip()
        canvas.set_clip(rect.inflate(-6, -4))
        for row, line in enumerate(lines[first:first + visible]):
            y = rect.y + 5 + row * line_h
            shift = 0
            if row + first == caret_line:
                caret_x = face.caret_x(line, caret_col)  # a Hebrew line's caret moves leftwards
                shift = max(0, caret_x - (rect.w - 20))
                if int(seconds * 2) % 2 == 0:
                    x = rect.x + 8 + caret_x - shift
                    pygame.draw.line(canvas, theme.ACCENT, (x, y), (x, y + line_h - 2), 2)
            canvas.blit(face.render(line, True, theme.STARLIGHT), (rect.x + 8 - shift, y))
        canvas.set_clip(clip)
