"""The song library's memory: what each chart file held when it was last read.

One SQLite table keyed by the file's path, with its size and mtime_ns: when both still
match, the library trusts the row and does not open the file. The cache can always be
rebuilt, so any trouble with it (corrupt file, old schema, locked, unwritable folder)
degrades to a slower scan and a log message, never to an error the player sees.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Iterable, NamedTuple

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5  # bump when the columns change: older caches are then rebuilt

_COLUMNS = (
    "path", "size", "mtime_ns", "kind", "title", "artist", "language", "year", "duration_ms",
    "is_duet", "voices", "audio", "cover", "bpm", "error_line", "error_reason",
    "vocals", "instrumental", "background", "video", "audio_reason",
    "start_ms", "preview_ms", "medley_start_ms", "medley_end_ms", "video_gap_ms",
)
_CREATE = """
CREATE TABLE IF NOT EXISTS files (
    path BLOB PRIMARY KEY,       -- text, or os.fsencode bytes for names that are not UTF-8
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    kind TEXT NOT NULL,          -- song | broken | other (a .txt file that is not a chart)
    title TEXT, artist TEXT, language TEXT, year INTEGER, duration_ms REAL,
    is_duet INTEGER, voices INTEGER, audio BLOB, cover BLOB, bpm REAL,
    error_line INTEGER, error_reason TEXT,
    vocals BLOB, instrumental BLOB, background BLOB, video BLOB,
    audio_reason TEXT,           -- why the named audio can never play (outside, not a file)
    start_ms REAL, preview_ms REAL, medley_start_ms REAL, medley_end_ms REAL, video_gap_ms REAL
)"""
# What each folder held when it was listed: a folder whose mtime has not moved since
# holds the same names (adding, removing or renaming an entry moves it), so a warm scan
# stats it instead of listing it again. Its charts are still stat'ed for edits.
_CREATE_FOLDERS = """
CREATE TABLE IF NOT EXISTS folders (
    path BLOB PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    listed_ns INTEGER NOT NULL,  -- wall clock when listed: a listing made within the
                                 -- mtime's own tick may miss a change in that tick
    names BLOB NOT NULL          -- NUL-separated, each prefixed d (folder), c (chart),
                                 -- l (level.toml) or o (another regular file)
)"""


# The last scan's answer in one piece (``library_snapshot``): one row, JSON.
_CREATE_SNAPSHOT = "CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY CHECK (id = 0), data BLOB NOT NULL)"


class FolderListing(NamedTuple):
    mtime_ns: int
    listed_ns: int
    folders: tuple[str, ...]
    charts: tuple[str, ...]
    level: bool
    others: frozenset[str]

    def trusted(self, mtime_ns: int) -> bool:
        """Whether a folder now at ``mtime_ns`` still holds this listing; coarse clocks
        (FAT's 2 s) could give a change right after the listing the same mtime."""
        return mtime_ns == self.mtime_ns and self.listed_ns - self.mtime_ns > 2_000_000_000


class FileRecord(NamedTuple):
    """One row: a plain tuple so it crosses process boundaries and SQLite cheaply."""

    path: str
    size: int
    mtime_ns: int
    kind: str  # "song", "broken" or "other"
    title: str | None = None
    artist: str | None = None
    language: str | None = None
    year: int | None = None
    duration_ms: float | None = None
    is_duet: bool | None = None
    voices: int | None = None
    audio: str | None = None
    cover: str | None = None
    bpm: float | None = None
    error_line: int | None = None
    error_reason: str | None = None
    vocals: str | None = None
    instrumental: str | None = None
    background: str | None = None
    video: str | None = None
    audio_reason: str | None = None
    start_ms: float | None = None
    preview_ms: float | None = None
    medley_start_ms: float | None = None
    medley_end_ms: float | None = None
    video_gap_ms: float | None = None


class SongCache:
    """Open with ``SongCache(path)``; ``None`` as path keeps the cache in memory only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._db = self._open()

    # -- opening -----------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._connect(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = self._connect(str(self.path))
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                self._reset(db)
            db.execute("SELECT count(*) FROM files").fetchone()  # touches the table pages
            return db
        except sqlite3.DatabaseError as exc:
            if _is_busy(exc):
                log.warning("%s: song library cache busy (%s); scanning without it", self.path, exc)
                return self._connect(":memory:")
            log.warning("%s: song library cache unreadable (%s); rebuilding it", self.path, exc)
            self._delete_files()
        except OSError as exc:
            log.warning("%s: cannot use the song library cache (%s); scanning without it", self.path, exc)
            return self._connect(":memory:")
        try:
            return self._connect(str(self.path), reset=True)
        except (sqlite3.DatabaseError, OSError) as exc:
            log.warning("%s: cannot rebuild the song library cache (%s); scanning without it", self.path, exc)
            return self._connect(":memory:")

    def _connect(self, name: str, reset: bool = False) -> sqlite3.Connection:
        db = sqlite3.connect(name, timeout=5.0, isolation_level=None)  # transactions are explicit
        if name == ":memory:" or reset:
            self._reset(db)
        return db

    @staticmethod
    def _reset(db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        db.execute("DROP TABLE IF EXISTS files")
        db.execute("DROP TABLE IF EXISTS folders")
        db.execute("DROP TABLE IF EXISTS snapshot")
        db.execute(_CREATE)
        db.execute(_CREATE_FOLDERS)
        db.execute(_CREATE_SNAPSHOT)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")

    def _delete_files(self) -> None:
        assert self.path is not None
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass

    # -- reading and writing -----------------------------------------------------------
    def load(self) -> dict[str, FileRecord]:
        """Every remembered file by path (an empty dict when the cache fails mid-read)."""
        try:
            rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM files").fetchall()
        except sqlite3.DatabaseError as exc:
            log.warning("%s: song library cache unreadable (%s); rebuilding it", self.path, exc)
            if not _is_busy(exc):
                self._recover()
            return {}
        records = (_from_row(row) for row in rows)
        return {record.path: record for record in records}

    def load_folders(self) -> dict[str, FolderListing]:
        """Every remembered folder listing by path (empty when the cache fails)."""
        try:
            rows = self._db.execute("SELECT path, mtime_ns, listed_ns, names FROM folders").fetchall()
        except sqlite3.DatabaseError as exc:
            log.warning("%s: song library cache unreadable (%s); listing every folder", self.path, exc)
            return {}
        return {_path(path): _listing(mtime, listed, names) for path, mtime, listed, names in rows}

    def update(self, records: Iterable[FileRecord], removed: Iterable[str],
               listings: dict[str, FolderListing] | None = None, gone_folders: Iterable[str] = ()) -> bool:
        """Store new rows and forget removed paths (and folder listings) in one
        transaction; False on failure."""
        placeholders = ", ".join("?" for _ in _COLUMNS)
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("DELETE FROM files WHERE path = ?", ((_stored_path(p),) for p in removed))
                self._db.executemany(f"INSERT OR REPLACE INTO files VALUES ({placeholders})", map(_to_row, records))
                self._db.executemany("DELETE FROM folders WHERE path = ?", ((_stored_path(p),) for p in gone_folders))
                self._db.executemany("INSERT OR REPLACE INTO folders VALUES (?, ?, ?, ?)",
                                     ((_stored_path(p), f.mtime_ns, f.listed_ns, _names(f))
                                      for p, f in (listings or {}).items()))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return True
        except sqlite3.DatabaseError as exc:
            # Locked by another scan, disk full, corrupted underneath us: the scan result is
            # still right, only the next scan will be slower.
            log.warning("%s: could not update the song library cache (%s)", self.path, exc)
            if not _is_busy(exc):
                self._recover()
            return False

    def read_snapshot(self) -> bytes | None:
        try:
            row = self._db.execute("SELECT data FROM snapshot WHERE id = 0").fetchone()
        except sqlite3.DatabaseError as exc:
            log.warning("%s: song library snapshot unreadable (%s)", self.path, exc)
            return None
        return row[0] if row else None

    def write_snapshot(self, data: bytes | None) -> None:
        """Keep ``data`` as the snapshot (None forgets it); a failure only costs speed."""
        try:
            if data is None:
                self._db.execute("DELETE FROM snapshot")
            else:
                self._db.execute("INSERT OR REPLACE INTO snapshot VALUES (0, ?)", (data,))
        except sqlite3.DatabaseError as exc:
            log.warning("%s: could not keep the song library snapshot (%s)", self.path, exc)

    def _recover(self) -> None:
        self.close()
        if self.path is not None:
            self._delete_files()
        self._db = self._open()

    def close(self) -> None:
        try:
            self._db.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> "SongCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# File names may hold bytes that are not UTF-8 (os.fsdecode turns them into lone
# surrogates, which SQLite's TEXT refuses): such paths go in as their bytes, every other
# path as text (SQLite then decodes it in C, far faster than os.fsdecode per row); other
# text with such characters has them replaced.
_PATH_COLUMNS = frozenset(("path", "audio", "cover", "vocals", "instrumental", "background", "video"))
_PATH_INDICES = tuple(i for i, name in enumerate(_COLUMNS) if name in _PATH_COLUMNS)


def _stored_path(path: str) -> str | bytes:
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path)


def _path(value: str | bytes) -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else value


def _to_row(record: FileRecord) -> tuple:
    return tuple(_store(name, value) for name, value in zip(_COLUMNS, record))


def _store(name: str, value: object) -> object:
    if name in _PATH_COLUMNS and isinstance(value, str):
        return _stored_path(value)
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _from_row(row: tuple) -> FileRecord:
    values = list(row)
    for i in _PATH_INDICES:  # a path that is not UTF-8 comes back as its bytes
        if isinstance(values[i], bytes):
            values[i] = os.fsdecode(values[i])
    return FileRecord._make(values)


def _names(listing: FolderListing) -> bytes:
    parts = [b"d" + os.fsencode(n) for n in listing.folders]
    parts += [b"c" + os.fsencode(n) for n in listing.charts]
    parts += [b"o" + os.fsencode(n) for n in listing.others]
    if listing.level:
        parts.append(b"l")
    return b"\0".join(parts)


def _listing(mtime_ns: int, listed_ns: int, names: bytes) -> FolderListing:
    kinds: dict[str, list[str]] = {"d": [], "c": [], "o": [], "l": []}
    for part in os.fsdecode(names).split("\0") if names else ():  # one decode per folder
        kinds.get(part[:1], []).append(part[1:])  # an unknown kind is dropped
    return FolderListing(mtime_ns, listed_ns, tuple(kinds["d"]), tuple(kinds["c"]),
                         bool(kinds["l"]), frozenset(kinds["o"]))


def _is_busy(exc: sqlite3.DatabaseError) -> bool:
    """Locked by another process or not openable: leave the file alone, it is not corrupt."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "unable to open" in text or "readonly" in text or "disk i/o" in text or "full" in text)
