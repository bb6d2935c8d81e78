"""Opening the records file: sound, damaged, or unusable just now.

A damaged file (not a database, failing SQLite's integrity check) is moved aside
(``records.sqlite3.corrupt-<time>``) and a new one started, with a notice. A sound file that
cannot be written just now (a full disk, a read-only folder, another program's lock) is
opened for reading with every save refused, or, when it cannot even be read, raises
``RecordsError``: the reason in plain words, the file left as it is.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..storage import StorageError, disk_trouble, reason_for
from .migrations import LATEST_VERSION, migrate, schema_version

log = logging.getLogger(__name__)

SIDE_FILES = ("-wal", "-shm", "-journal")


class RecordsError(StorageError):
    """The records could not be read or saved; ``reason`` in plain words."""


# SQLite's words for circumstance, as a player would say them (checked in order).
_SQLITE_REASONS = (
    (("SQLITE_FULL", "disk is full"), "the disk is full"),
    (("SQLITE_READONLY", "readonly", "read-only"), "the folder is read-only"),
    (("SQLITE_BUSY", "SQLITE_LOCKED", "locked"), "the records are locked by another program"),
    (("SQLITE_CANTOPEN", "unable to open"), "the records file cannot be opened (a read-only folder?)"),
    (("SQLITE_IOERR", "disk i/o"), "the disk reported an error"),
)


def sqlite_reason(exc: sqlite3.Error, path: Path | None) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    vague = any(m in name for m in ("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "i/o" in text
    if vague and path is not None and (trouble := disk_trouble(path.parent)):
        return trouble
    for marks, reason in _SQLITE_REASONS:
        if any(m in name or m.lower() in text for m in marks):
            return reason
    return text


LOCK_WAIT_S = 5.0  # how long a save waits for another program's lock before saying so


def connect(path: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=LOCK_WAIT_S)
    conn.row_factory = sqlite3.Row
    return conn


class CorruptRecords(sqlite3.DatabaseError):
    """The file opened but failed SQLite's integrity check."""


def is_corrupt(exc: sqlite3.Error) -> bool:
    """Damage, not circumstance: a locked or unreachable file is left alone."""
    if isinstance(exc, CorruptRecords):
        return True
    return getattr(exc, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or (
        "malformed" in str(exc) or "not a database" in str(exc))


def prepare(conn: sqlite3.Connection) -> None:
    """Check the file is a sound database and bring its schema up to date (raises
    sqlite3.DatabaseError when it is not)."""
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise CorruptRecords(f"integrity check failed: {check}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        log.warning("records: journal mode is %s, not WAL", mode)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    if schema_version(conn) < LATEST_VERSION:  # an up-to-date file is only read: no write lock
        migrate(conn)


def move_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    path.replace(aside)
    for suffix in SIDE_FILES:  # a WAL of the broken file must not meet the new one
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(aside.with_name(aside.name + suffix))
    return aside


@dataclass(frozen=True)
class OpenedFile:
    conn: sqlite3.Connection
    notice: str | None = None
    refusal: RecordsError | None = None  # set when only reading works: every save raises it


def open_records_file(target: Path) -> OpenedFile:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(target)
    except OSError as exc:
        raise RecordsError(reason_for(exc), target, exc.errno) from exc
    except sqlite3.Error as exc:
        raise RecordsError(sqlite_reason(exc, target), target) from exc
    try:
        prepare(conn)
    except sqlite3.Error as exc:
        conn.close()
        if not is_corrupt(exc) or not target.is_file():
            # locked by another program, a full disk...: the file may be fine, keep it
            return _for_reading(target, RecordsError(sqlite_reason(exc, target), target), exc)
        return _replace_corrupt(target, exc)
    version = schema_version(conn)
    notice = None
    if version > LATEST_VERSION:
        notice = (f"records database {target} comes from a newer alienstage (schema {version}, "
                  f"this one knows {LATEST_VERSION}); it is used as it is")
        log.warning(notice)
    return OpenedFile(conn, notice)


def _for_reading(target: Path, refusal: RecordsError, cause: sqlite3.Error) -> OpenedFile:
    """The records readable, every save refused with the reason (a full disk or a
    read-only folder cannot hold SQLite's shared-memory file, yet the scores are there)."""
    wal = target.with_name(target.name + "-wal")
    uri = target.resolve().as_uri()
    # immutable reads the main file only: right unless a WAL holds commits not yet in it
    pending = wal.exists() and wal.stat().st_size > 0
    for mode in ("mode=ro",) if pending else ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None, timeout=LOCK_WAIT_S)
        except sqlite3.Error:
            continue
        conn.row_factory = sqlite3.Row
        try:
            schema_version(conn)
            conn.execute("SELECT COUNT(*) FROM seasons").fetchone()
        except sqlite3.Error:
            conn.close()
            continue
        log.warning("records %s opened for reading only: %s", target, refusal.reason)
        return OpenedFile(conn, refusal=refusal)
    raise refusal from cause


def _replace_corrupt(target: Path, exc: sqlite3.Error) -> OpenedFile:
    try:
        aside = move_aside(target)
        conn = connect(target)
        prepare(conn)
    except OSError as again:
        raise RecordsError(f"the records file is damaged and {reason_for(again)}", target) from again
    except sqlite3.Error as again:
        raise RecordsError(f"the records file is damaged and {sqlite_reason(again, target)}", target) from again
    notice = f"records database {target} was unreadable ({exc}); moved it to {aside} and started a new one"
    log.warning(notice)
    return OpenedFile(conn, notice)
