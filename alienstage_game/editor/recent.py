"""The charts the editor opened or saved lately, newest first, kept in the data folder
(written whole, temp-then-replace: a crash loses nothing); and the audio files in the
player's songs folder that have no chart yet (to chart them where the library finds them)."""

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


AUDIO_SUFFIXES = (".mp3", ".ogg", ".opus", ".wav", ".flac", ".m4a")


def uncharted_audio(folder: Path, limit: int = 5) -> list[Path]:
    """Audio files in ``folder`` (or one level down) beside which no chart (.txt) lies yet."""
    found: list[Path] = []
    try:
        places = [folder, *sorted(p for p in folder.iterdir() if p.is_dir())]
    except OSError:
        return []
    for place in places:
        try:
            names = sorted(place.iterdir())
        except OSError:
            continue
        if any(p.suffix.lower() == ".txt" for p in names):
            continue
        found.extend(p for p in names if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
        if len(found) >= limit:
            break
    return found[:limit]
