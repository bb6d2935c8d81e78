"""The undo stack: done and undone edits, nudge merging, and where the file was saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .edits_base import Edit

MERGE_WINDOW_S = 1.5  # key repeats of one nudge closer than this undo as one step


class UndoStack:
    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self.done: list[Edit] = []
        self.undone: list[Edit] = []
        self._clean: int | None = 0  # len(done) when the document matched its file
        self._last_push: float | None = None

    @property
    def clean(self) -> bool:
        return self._clean == len(self.done)

    def mark_clean(self) -> None:
        self._clean = len(self.done)
        self._last_push = None  # an edit after a save never merges into one before it

    def mark_unsaved(self) -> None:
        """No state in the history matches the file (a recovered autosave)."""
        self._clean = None

    def push(self, edit: Edit, now: float) -> None:
        """Record an edit that has just been done, merging repeated nudges into one step."""
        self.undone.clear()
        if self._clean is not None and self._clean > len(self.done):
            self._clean = None  # the saved state was undone and is now unreachable
        top = self.done[-1] if self.done else None
        recent = self._last_push is not None and now - self._last_push <= MERGE_WINDOW_S
        self._last_push = now
        if top is not None and recent and not self.clean and top.absorb(edit):
            return
        self.done.append(edit)
        if len(self.done) > self.limit:
            self.done.pop(0)
            if self._clean is not None:
                self._clean = self._clean - 1 if self._clean > 0 else None

    def pop_undo(self) -> Edit | None:
        if not self.done:
            return None
        edit = self.done.pop()
        self.undone.append(edit)
        self._last_push = None
        return edit

    def pop_redo(self) -> Edit | None:
        if not self.undone:
            return None
        edit = self.undone.pop()
        self.done.append(edit)
        self._last_push = None
        return edit
