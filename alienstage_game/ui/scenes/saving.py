"""Saves the disk refused, kept until they go through: a scene shows why and offers a
retry key, and nothing claims to be saved while it is not. A full disk, a read-only folder
or a locked records file is a notice on screen, never a crash and never a silent loss."""

from __future__ import annotations

from typing import Callable

import pygame

from ...storage import StorageError
from .. import theme

RETRY_KEYS = "Tab / Y"  # Action.NEXT_SORT: free on every screen that saves


class PendingSaves:
    """Writes in the order they were asked for; the first that fails and all after it
    wait for ``retry``. Each write must be safe to run again (an upsert, one transaction)."""

    def __init__(self) -> None:
        self._writes: list[Callable[[], None]] = []
        self.reason: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self._writes)

    def attempt(self, write: Callable[[], None]) -> bool:
        self._writes.append(write)
        return self.retry()

    def retry(self) -> bool:
        """Try every waiting write again; True when nothing is left unsaved."""
        while self._writes:
            try:
                self._writes[0]()
            except StorageError as err:
                self.reason = err.reason
                return False
            self._writes.pop(0)
        self.reason = None
        return True

    def notice(self, what: str = "Not saved") -> str:
        return f"{what}: {self.reason}. {RETRY_KEYS}: try again."


def draw_notice(canvas: pygame.Surface, text: str, y: int, width: int = 1240) -> pygame.Rect:
    """One warning line across the screen, on a dark band so it reads over any scene."""
    band = pygame.Rect(0, 0, width, 36)
    band.center = (canvas.get_width() // 2, y)
    shade = pygame.Surface(band.size, pygame.SRCALPHA)
    shade.fill((10, 4, 20, 220))
    canvas.blit(shade, band)
    pygame.draw.rect(canvas, theme.WARNING, band, 2, border_radius=6)
    theme.draw_text(canvas, theme.fit_text(text, 24, width - 24), band.center, size=24, colour=theme.WARNING,
                    anchor="center")
    return band
