"""Autosave every few seconds while the chart has unsaved edits; recovery on next start.

One JSON file per open document in ``data_dir()/autosave/``: the original path, the
time, and the song itself (headers in order, voices, lines, notes -- exact, even for a
chart with no notes yet, which no TXT reader would take). A clean exit or a save
removes it, so any file left there is a session that crashed or was killed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..charts import Line, Note, NoteKind, Song, Voice
from ..charts.limits import MAX_BEAT, MAX_BPM, MAX_CHART_BYTES, MAX_PITCH, MIN_BPM
from ..intake import IntakeError, parse_json, read_regular
from ..paths import data_dir
from ..storage import atomic_write_text, reason_for
from .document import ChartDocument

log = logging.getLogger(__name__)

FORMAT = 1
DEFAULT_INTERVAL_S = 5.0
# An autosave holds one chart as JSON: a few times the chart's own size at most.
MAX_AUTOSAVE_BYTES = 4 * MAX_CHART_BYTES
SET_ASIDE_SUFFIX = ".unreadable"
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class AutosaveError(Exception):
    """An autosave file that cannot be restored: ``PATH: reason``."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


def safe_id(doc_id: str) -> str:
    """A file name for a document id: the id itself when it is plain letters and digits,
    else a digest of it, so an id holding ``../`` can never lead out of the folder."""
    if _SAFE_ID.fullmatch(doc_id):
        return doc_id
    return hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]


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


def _text(value: Any) -> str:
    """A string as a chart may hold it: no lone surrogates (they cannot be saved as UTF-8)."""
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {type(value).__name__}")
    return _SURROGATE.sub("\ufffd", value)


def _whole(value: Any, bound: int) -> int:
    # Compared before any conversion: JSON integers have no size limit, floats no finiteness.
    plain = isinstance(value, int) and not isinstance(value, bool)
    whole_float = isinstance(value, float) and math.isfinite(value) and value.is_integer()
    if not (plain or whole_float) or abs(value) > bound:
        raise ValueError(f"{str(value)[:40]} is not a beat or pitch a song could have")
    return int(value)


def song_from_json(data: dict[str, Any], path: Path | None) -> Song:
    """The song of an autosave; ValueError (or KeyError/TypeError) for anything that is not
    one: wrong types, numbers no song has, unknown note kinds."""
    voices = [Voice(id=_text(v["id"]), name=None if v.get("name") is None else _text(v["name"]),
                    lines=[Line(notes=[Note(NoteKind.from_marker(_text(m)), _whole(b, MAX_BEAT), _whole(n, MAX_BEAT),
                                            _whole(p, MAX_PITCH), _text(t))
                                       for m, b, n, p, t in l["notes"]],
                                break_beat=None if l["break"] is None else _whole(l["break"], MAX_BEAT))
                           for l in v["lines"]])
              for v in data["voices"]]
    return Song(path=path, headers={_text(k): _text(v) for k, v in data["headers"]}, voices=voices)


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
        self.problem: str | None = None  # why the last autosave failed; None once one works
        doc.autosaver = self

    @property
    def file(self) -> Path:
        return self.directory / f"{safe_id(self.doc.id)}.json"

    def tick(self, now: float) -> Path | None:
        """Autosave when due. A write the disk refuses never escapes: ``problem`` says why,
        the edits stay in memory, and the next tick after ``interval_s`` tries again."""
        if self.doc.revision == self._written_revision:
            return None
        if not self.doc.dirty:
            self.clear()  # undone back to the saved state: nothing to recover
            return None
        if self._last_write is not None and now - self._last_write < self.interval_s:
            return None
        self._last_write = now
        try:
            written = self.flush()
        except OSError as err:
            self.problem = reason_for(err)
            return None
        self.problem = None
        return written

    def flush(self) -> Path:
        """Write now, whatever the timer says."""
        doc = self.doc
        payload = {"format": FORMAT, "id": doc.id,
                   "original_path": str(doc.path) if doc.path is not None else None,
                   "saved_at": time.time(), "title": doc.song.title, "artist": doc.song.artist,
                   "song": song_to_json(doc.song)}
        # ASCII escapes: a lone surrogate typed into a lyric still makes a file that saves.
        atomic_write_text(self.file, json.dumps(payload, ensure_ascii=True, indent=1))
        self._written_revision = doc.revision
        return self.file

    def clear(self) -> None:
        """Forget this document's autosave (after a save or on a clean exit)."""
        try:
            self.file.unlink(missing_ok=True)
        except OSError as err:  # a read-only folder: the stale autosave is offered again, no harm
            log.warning("cannot remove the autosave %s: %s", self.file, err)
        self._written_revision = self.doc.revision

    def close(self) -> None:
        self.clear()
        self.doc.autosaver = None


def _bytes(file: Path) -> bytes:
    try:
        return read_regular(file, MAX_AUTOSAVE_BYTES)
    except IntakeError as err:
        raise AutosaveError(file, err.reason) from None


def _parse(data: bytes, file: Path) -> dict[str, Any]:
    try:
        parsed = parse_json(data.decode("utf-8", errors="replace"))
    except IntakeError as err:
        raise AutosaveError(file, err.reason) from None
    if not isinstance(parsed, dict):
        raise AutosaveError(file, "not an autosave (no JSON object)")
    return parsed


def read_recovery(data: bytes, file: Path) -> tuple[Recovery, Song]:
    """The recovery an autosave's bytes describe, and its song: ``AutosaveError`` and
    nothing else for a file that is not one (wrong types, numbers no song has...)."""
    parsed = _parse(data, file)
    try:
        original = parsed.get("original_path")
        saved_at = float(parsed["saved_at"])
        if not math.isfinite(saved_at):
            raise ValueError("a time that is not a number")
        original_path = Path(_text(original)) if original else None
        song = song_from_json(parsed["song"], original_path)
        bpm = song.bpm
        if bpm is None or not MIN_BPM <= bpm <= MAX_BPM:  # the editor keeps a tempo from the start
            raise ValueError(f"#BPM {song.header('BPM')!r} is not a tempo")
        # The id is the file's own name: what the file says could lead out of the folder.
        return Recovery(file.stem, file, original_path, saved_at, _text(parsed.get("title") or ""),
                        _text(parsed.get("artist") or "")), song
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError) as err:
        raise AutosaveError(file, f"not a readable autosave ({type(err).__name__}: {str(err)[:80]})") from None


def _recovery(file: Path) -> Recovery:
    return read_recovery(_bytes(file), file)[0]


def scan_autosaves(directory: Path | None = None) -> tuple[list[Recovery], list[Path]]:
    """Autosaves found at start, newest first, and the unreadable ones, set aside as
    ``NAME.json.unreadable`` (kept for the author, never offered again)."""
    folder = Path(directory) if directory is not None else autosave_dir()
    found: list[Recovery] = []
    set_aside: list[Path] = []
    try:
        files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    except OSError:
        files = []
    for file in files:
        if not file.is_file() or file.is_symlink():
            continue
        try:
            found.append(_recovery(file))
        except AutosaveError as err:
            log.warning("%s", err)
            aside = file.with_name(file.name + SET_ASIDE_SUFFIX)
            try:
                os.replace(file, aside)
                set_aside.append(aside)
            except OSError:
                set_aside.append(file)  # cannot move it: still skipped, still named
    return sorted(found, key=lambda r: r.saved_at, reverse=True), set_aside


def list_recoverable(directory: Path | None = None) -> list[Recovery]:
    """The autosaves a crashed session left, newest first (unreadable ones set aside)."""
    return scan_autosaves(directory)[0]


def restore(recovery: Recovery, interval_s: float = DEFAULT_INTERVAL_S) -> ChartDocument:
    """The autosaved document, dirty (it differs from its file), with its autosaver
    attached so the recovery file lives on until the player saves or quits cleanly.
    ``AutosaveError`` when the file changed or broke since it was listed."""
    _, song = read_recovery(_bytes(recovery.file), recovery.file)
    doc = ChartDocument(song, recovery.original_path, doc_id=recovery.id)
    doc.stack.mark_unsaved()  # it differs from its file until saved
    Autosaver(doc, interval_s, recovery.file.parent)
    return doc


def discard(recovery: Recovery) -> None:
    recovery.file.unlink(missing_ok=True)
