"""Work the editor does off the render thread: audio analysis, tempo detection, mixing
the playback track. One ``Task`` per job; the scene polls it every frame."""

from __future__ import annotations

import threading
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")
Progress = Callable[[float], None]


class Task(Generic[T]):
    """Runs ``work(progress)`` in a daemon thread; ``progress`` (0..1), ``done``,
    ``result`` and ``error`` are read from the render thread."""

    def __init__(self, label: str, work: Callable[[Progress], T], *, start: bool = True) -> None:
        self.label = label
        self._work = work
        self.progress = 0.0
        self.result: T | None = None
        self.error: str | None = None
        self.partial: Any = None  # an early look at the result (the waveform before the pitch curve)
        self._done = threading.Event()
        self.cancelled = False
        self._thread = threading.Thread(target=self._run, name=f"editor-{label}", daemon=True)
        if start:
            self._thread.start()

    def begin(self) -> None:
        """Start a task made with ``start=False``."""
        self._thread.start()

    def _run(self) -> None:
        try:
            self.result = self._work(self._report)
        except Exception as exc:  # noqa: BLE001 -- shown to the author, never a crash of the editor
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.progress = 1.0
            self._done.set()

    def _report(self, fraction: float) -> None:
        self.progress = max(self.progress, min(1.0, float(fraction)))

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def cancel(self) -> None:
        """The result will be ignored (the thread cannot be stopped, it just ends unheard)."""
        self.cancelled = True


def finished(task: "Task[Any] | None") -> bool:
    return task is not None and task.done and not task.cancelled
