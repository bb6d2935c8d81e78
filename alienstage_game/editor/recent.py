"""The charts the editor opened or saved lately, newest first, kept in the data folder
(written whole, temp-then-replace: a crash loses nothing)."""

from __future__ import annotations

import json
from pathlib import Path

from ..paths import data_dir
from ..storage import atomic_write_text

KEEP = 8


def recent_file() -> Path:
    return data_dir() / "editor-recent.json"


def recent(limit: int = KEEP) -> list[Path]:
    """The recent charts that are still there, newest first."""
    try:
        raw = json.loads(recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return []
    if not isinstance(raw, list):
        return []
    out: list[Path] = []
    for item in raw:
        if isinstance(item, str) and item and "\0" not in item:
            path = Path(item)
            if path.is_file() and path not in out:
                out.append(path)
    return out[:limit]


def remember(path: Path | str) -> None:
    """Put ``path`` first; a disk that refuses the list only loses the list, never the chart."""
    path = Path(path).absolute()
    paths = [path, *(p for p in recent(KEEP) if p != path)][:KEEP]
    try:
        atomic_write_text(recent_file(), json.dumps([str(p) for p in paths], ensure_ascii=False, indent=1))
    except OSError:
        pass
