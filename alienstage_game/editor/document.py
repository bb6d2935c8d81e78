"""The chart being edited: the song, a selection, a cursor, the undo stack, saving."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..charts import ChartWarning, Note, Song, Voice, dump_song, load_song, parse_song
from ..charts.ultrastar_write import format_number
from ..storage import atomic_write_bytes, atomic_write_text, reason_for
from .edits_base import Edit
from .refs import Cursor, EditError, NoteRef
from .undo import UndoStack

if TYPE_CHECKING:
    from .autosave import Autosaver

BACKUP_SUFFIX = ".bak"


class DocumentError(Exception):
    """The document cannot be saved or opened as asked (the reason is for the player).

    ``unwritable`` is the file the disk refused (full, read-only, locked): the edits are
    still in memory, and ``rescue_targets`` says where else they can go."""

    def __init__(self, message: str, unwritable: Path | None = None) -> None:
        super().__init__(message)
        self.unwritable = unwritable


def rescue_targets(refused: Path, title: str = "") -> list[Path]:
    """Other places to save a chart whose own file the disk refused, most likely to work
    first: the game's data folder, the home folder, the system's temp folder (each on a
    disk of its own, often) -- never the refused file's own folder."""
    import tempfile

    from ..paths import data_dir

    stem = "".join(c if c.isalnum() else "-" for c in (title or refused.parent.name or "chart").lower()).strip("-")
    name = f"{stem or 'chart'}-{time.strftime('%Y%m%d-%H%M%S')}"
    places = [data_dir() / "rescued" / name / "song.txt", Path.home() / f"alienstage-{name}.txt",
              Path(tempfile.gettempdir()) / f"alienstage-{name}.txt"]
    return [p for p in places if p.parent != refused.parent]


def normalised(song: Song) -> Song:
    """The song as the editor keeps it: v1.1.0 units (BPM x4, absolute beats), so a
    BPM typed in the header panel means the same whatever file it came from."""
    again = parse_song(dump_song(song).encode("utf-8"), song.path)
    again.warnings = list(song.warnings)
    return again


class ChartDocument:
    """One chart open in the editor. Read ``song``; change it only through ``apply``."""

    def __init__(self, song: Song, path: Path | None = None, *, doc_id: str | None = None) -> None:
        self.song = song
        self.path = Path(path) if path is not None else song.path
        self.id = doc_id or uuid.uuid4().hex[:12]
        self.load_warnings: list[ChartWarning] = list(song.warnings)
        self.stack = UndoStack()
        self.revision = 0
        self.autosaver: Autosaver | None = None
        self._selection: tuple[NoteRef, ...] = ()
        self.cursor = Cursor(song.voices[0].id if song.voices else "P1", 0)
        self._backed_up: set[Path] = set()

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str) -> ChartDocument:
        """Any UltraStar chart (raises ChartError with file, line and reason)."""
        return cls(normalised(load_song(path)), Path(path))

    @classmethod
    def new(cls, audio: str | None = None, *, bpm: float = 240.0, gap_ms: float = 0.0,
            title: str = "", artist: str = "", path: Path | str | None = None,
            duet: bool = False) -> ChartDocument:
        """An empty chart for an audio file; #BPM in v1 units (one beat = 15000/BPM ms:
        the quarter-note tempo gives sixteenth beats, twice it 32nds)."""
        if bpm <= 0:
            raise DocumentError("BPM must be above zero")
        headers = {"TITLE": title, "ARTIST": artist}
        if audio:
            headers["AUDIO"] = audio
        headers.update({"BPM": format_number(bpm), "GAP": format_number(gap_ms)})
        voices = [Voice("P1"), Voice("P2")] if duet else [Voice("P1")]
        target = Path(path) if path is not None else None
        return cls(Song(path=target, headers=headers, voices=voices), target)

    # -- selection and cursor (not edits) ------------------------------------------------
    @property
    def selection(self) -> tuple[NoteRef, ...]:
        return self._selection

    def select(self, refs: Iterable[NoteRef]) -> None:
        chosen = tuple(sorted(set(refs)))
        for ref in chosen:
            self.note(ref)  # raises EditError on a stale ref
        self._selection = chosen

    def select_line(self, voice: str, line: int) -> None:
        notes = self._voice(voice).lines[line].notes
        self._selection = tuple(NoteRef(voice, line, i) for i in range(len(notes)))

    def select_all(self, voice: str | None = None) -> None:
        self._selection = tuple(self.refs(voice))

    def clear_selection(self) -> None:
        self._selection = ()

    def move_cursor(self, voice: str | None = None, beat: int | None = None) -> None:
        self.cursor = Cursor(voice or self.cursor.voice, self.cursor.beat if beat is None else int(beat))

    def _voice(self, voice_id: str) -> Voice:
        for voice in self.song.voices:
            if voice.id == voice_id:
                return voice
        raise EditError(f"there is no voice {voice_id}")

    def note(self, ref: NoteRef) -> Note:
        try:
            return self._voice(ref.voice).lines[ref.line].notes[ref.index]
        except IndexError:
            raise EditError(f"no note at {ref.voice} line {ref.line + 1} note {ref.index + 1}") from None

    def refs(self, voice: str | None = None) -> list[NoteRef]:
        voices = [self._voice(voice)] if voice else self.song.voices
        return [NoteRef(v.id, k, i) for v in voices for k, line in enumerate(v.lines)
                for i in range(len(line.notes))]

    def note_at(self, voice: str, beat: float) -> NoteRef | None:
        """The note of ``voice`` sounding at ``beat`` (for clicks on the piano roll)."""
        for k, line in enumerate(self._voice(voice).lines):
            for i, note in enumerate(line.notes):
                if note.beat <= beat < note.end_beat:
                    return NoteRef(voice, k, i)
        return None

    # -- edits and history -----------------------------------------------------------------
    def apply(self, edit: Edit, now: float | None = None) -> None:
        """Do ``edit`` and record it; EditError leaves the document as it was."""
        edit.do(self)
        self.stack.push(edit, time.monotonic() if now is None else now)
        self.revision += 1

    def undo(self) -> bool:
        edit = self.stack.pop_undo()
        if edit is None:
            return False
        edit.undo(self)
        self.revision += 1
        return True

    def redo(self) -> bool:
        edit = self.stack.pop_redo()
        if edit is None:
            return False
        edit.do(self)
        self.revision += 1
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self.stack.done)

    @property
    def can_redo(self) -> bool:
        return bool(self.stack.undone)

    @property
    def undo_label(self) -> str | None:
        return self.stack.done[-1].label if self.stack.done else None

    @property
    def redo_label(self) -> str | None:
        return self.stack.undone[-1].label if self.stack.undone else None

    @property
    def dirty(self) -> bool:
        return not self.stack.clean

    # -- saving ----------------------------------------------------------------------------
    def text(self) -> str:
        return dump_song(self.song)

    @property
    def backup_path(self) -> Path | None:
        return None if self.path is None else self.path.with_name(self.path.name + BACKUP_SUFFIX)

    def save(self, path: Path | str | None = None) -> Path | None:
        """Write UltraStar v1.1.0; the first save over an existing file in this session
        copies it to ``NAME.bak`` first (returned), so the chart as it was before this
        session can always be had back. Clears dirty and the autosave."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise DocumentError("choose where to save the chart first")
        if not any(v.lines for v in self.song.voices):
            raise DocumentError("nothing to sing yet: add notes before saving")
        text = self.text()
        backup = None
        try:
            if target.exists() and target.resolve() not in self._backed_up:
                backup = target.with_name(target.name + BACKUP_SUFFIX)
                atomic_write_bytes(backup, target.read_bytes())
                self._backed_up.add(target.resolve())
            atomic_write_text(target, text, encoding="utf-8")
        except OSError as err:
            raise DocumentError(f"{target} not saved: {reason_for(err)}", unwritable=target) from None
        self._backed_up.add(target.resolve())
        self.path = target
        self.song.path = target
        self.stack.mark_clean()
        self.revision += 1
        if self.autosaver is not None:
            self.autosaver.clear()
        return backup
