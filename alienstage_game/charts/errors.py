"""Problems a chart can have: errors stop it from being played, warnings do not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ChartWarning:
    """An oddity the reader worked around; the chart still loads."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"


class ChartError(Exception):
    """A chart that cannot be played, with where and why: ``PATH:LINE: message``."""

    def __init__(self, path: Path | str | None, line: int, message: str) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "<chart>"
        return f"{where}:{self.line}: {self.message}"

    def __reduce__(self):  # keep the three fields when pickled (process pools)
        return (type(self), (self.path, self.line, self.message))
