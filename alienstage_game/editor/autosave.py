"""Autosave every few seconds while the chart has unsaved edits; recovery on next start.

One JSON file per open document in ``data_dir()/autosave/``: the original path, the
time, and the song itself (headers in order, voices, lines, notes -- exact, even for a
chart with no notes yet, which no TXT reader would take). A clean exit or a save
removes it, so any file left there is a session that crashed or was killed.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..charts import Line, Note, NoteKind, Song, Voice
from ..paths import data_dir
from ..storage import atomic_write_text
from .document import ChartDocument

FORMAT = 1
DEFAULT_INTERVAL_S = 5.0


def autosave_dir() -> Path:
    return data_dir() / "autosave"


def song_to_json(song: Song) -> dict[str, Any]:
    return {
        "headers": [[k, v] for k, v in song.headers.items()],
        "voices": [{"id": v.id, "name": v.name,
                    "lines": [{"break": l.break_beat,
                               "notes": [[n.kind.value, n.beat, n.length, n.pitch, n.text] for n in l.notes]}
                              for l in v.lines]}
                   for v in song.voices],
    }


def song_from_json(data: dict[str, Any], path: Path | None) -> Song:
    voices = [Voice(id=v["id"], name=v.get("name"),
                    lines=[Line(notes=[Note(NoteKind.from_marker(m), int(b), int(n), int(p), str(t))
                                       for m, b, n, p, t in l["notes"]], break_beat=l["break"])
                           for l in v["lines"]])
              for v in data["voices"]]
    return Song(path=path, headers={str(k): str(v) for k, v in data["headers"]}, voices=voices)


@dataclass(frozen=True)
class Recovery:
    """An autosave left by a session that did not end cleanly."""

    id: str
    file: Path
    original_path: Path | None
    saved_at: float  # epoch seconds
    title: str
    artist: str

    @property
    def name(self) -> str:
        return self.original_path.name if self.original_path else (self.title or "untitled chart")


class Autosaver:
    """Call ``tick(now)`` every frame (monotonic seconds); writes when there are edits
    not yet autosaved and ``interval_s`` has passed since the last write."""

    def __init__(self, doc: ChartDocument, interval_s: float = DEFAULT_INTERVAL_S,
                 directory: Path | None = None) -> None:
        self.doc = doc
        self.interval_s = interval_s
        self.directory = Path(directory) if directory is not None else autosave_dir()
        self._written_revision: int | None = None
        self._last_write: float | None = None
        doc.autosaver = self

    @property
    def file(self) -> Path:
        return self.directory / f"{self.doc.id}.json"

    def tick(self, now: float) -> Path | None:
        if self.doc.revision == self._written_revision:
            return None
        if not self.doc.dirty:
            self.clear()  # undone back to the saved state: nothing to recover
            return None
        if self._last_write is not None and now - self._last_write < self.interval_s:
            return None
        self._last_write = now
        return self.flush()

    def flush(self) -> Path:
        """Write now, whatever the timer says."""
        doc = self.doc
        payload = {"format": FORMAT, "id": doc.id,
                   "original_path": str(doc.path) if doc.path is not None else None,
                   "saved_at": time.time(), "title": doc.song.title, "artist": doc.song.artist,
                   "song": song_to_json(doc.song)}
        atomic_write_text(self.file, json.dumps(payload, ensure_ascii=False, indent=1))
        self._written_revision = doc.revision
        return self.file

    def clear(self) -> None:
        """Forget this document's autosave (after a save or on a clean exit)."""
        self.file.unlink(missing_ok=True)
        self._written_revision = self.doc.revision

    def close(self) -> None:
        self.clear()
        self.doc.autosaver = None


def list_recoverable(directory: Path | None = None) -> list[Recovery]:
    """Autosaves found at start, newest first; unreadable files are skipped."""
    folder = Path(directory) if directory is not None else autosave_dir()
    found: list[Recovery] = []
    for file in folder.glob("*.json") if folder.is_dir() else ():
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            original = data.get("original_path")
            found.append(Recovery(str(data["id"]), file, Path(original) if original else None,
                                  float(data["saved_at"]), str(data.get("title") or ""),
                                  str(data.get("artist") or "")))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def restore(recovery: Recovery, interval_s: float = DEFAULT_INTERVAL_S) -> ChartDocument:
    """The autosaved document, dirty (it differs from its file), with its autosaver
    attached so the recovery file lives on until the player saves or quits cleanly."""
    data = json.loads(recovery.file.read_text(encoding="utf-8"))
    song = song_from_json(data["song"], recovery.original_path)
    doc = ChartDocument(song, recovery.original_path, doc_id=recovery.id)
    doc.stack.mark_unsaved()  # it differs from its file until saved
    Autosaver(doc, interval_s, recovery.file.parent)
    return doc


def discard(recovery: Recovery) -> None:
    recovery.file.unlink(missing_ok=True)
