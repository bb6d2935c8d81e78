"""A stretch of a show's timeline (the verdict's beats, the champion's ceremony)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Window:
    start_s: float
    end_s: float

    def progress(self, t: float) -> float:
        """0 before the window, 1 after it, linear inside."""
        if t <= self.start_s:
            return 0.0
        if t >= self.end_s:
            return 1.0
        return (t - self.start_s) / (self.end_s - self.start_s)
