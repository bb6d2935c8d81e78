"""Crash-safe file writes: a reader sees the old file or the new one, never half of one.

A write that cannot happen (a full disk, a read-only folder) raises ``StorageError``, whose
``reason`` says why in plain words for a notice; it is an ``OSError``, so callers that
already catch ``OSError`` keep working.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

# Every temp file atomic_write_bytes makes: ".<target name>.<random>.tmp".
TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")
# A temp file younger than this may belong to a write in progress in another instance.
STALE_AFTER_S = 10.0
SWEEP_DEPTH = 3  # the user folders' own subfolders (autosaves, caches), not a deep walk

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is read-only",
    errno.EACCES: "the folder is read-only (no permission to write)",
    errno.EPERM: "the folder is read-only (no permission to write)",
    errno.ENOTDIR: "a file is in the way of the folder",
    errno.EEXIST: "a file is in the way of the folder",
    errno.EIO: "the disk reported an error",
}


class StorageError(OSError):
    """A save that did not happen; ``reason`` is plain words ("the disk is full")."""

    def __init__(self, reason: str, path: Path | str | None = None, code: int | None = None) -> None:
        super().__init__(code, reason, None if path is None else str(path))
        self.reason = reason
        self.path = None if path is None else Path(path)

    def __str__(self) -> str:
        return f"{self.reason} ({self.path})" if self.path is not None else self.reason


def reason_for(exc: OSError) -> str:
    """Plain words for why a write failed."""
    if isinstance(exc, StorageError):
        return exc.reason
    return _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def disk_trouble(folder: Path | str) -> str | None:
    """Why ``folder``'s disk cannot take a write, when the disk itself says so: for errors
    that name no cause (SQLite's "disk I/O error" when its shared memory cannot grow)."""
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    if info.f_flag & getattr(os, "ST_RDONLY", 1):
        return "the folder is read-only"
    if info.f_bavail * info.f_frsize < 64 * 1024:
        return "the disk is full"
    return None


def _read_umask() -> int:
    mask = os.umask(0)  # the only way to read it; done once, at import, before any threads
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename.

    A crash or a full disk at any instant leaves the previous file intact; the temporary
    file is removed when the write fails (and by ``sweep_temp_files`` after a kill).
    """
    with atomic_output(path) as fd:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]


@contextmanager
def atomic_output(path: Path | str) -> Iterator[int]:
    """A file descriptor for ``path``'s new contents, written as a whole or not at all:
    a temporary file beside it, flushed to disk and renamed over it when the block ends;
    removed when the block fails. Disk failures come out as ``StorageError``."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise StorageError(reason_for(exc), target, exc.errno) from exc
    try:
        try:
            # mkstemp makes owner-only files; give the new file the mode a plain open() would.
            os.chmod(tmp_name, _existing_mode(target) if target.exists() else 0o666 & ~_UMASK)
            yield fd
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, target)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, StorageError):
            raise StorageError(reason_for(exc), target, exc.errno) from exc
        raise
    fsync_folder(target.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (the new name lives in the folder's
    own blocks). Best effort: some systems cannot open a folder for fsync."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _existing_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def atomic_write_text(path: Path | str, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


def sweep_temp_files(folders: list[Path], older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove the temp files that killed writes left in ``folders`` (and their subfolders,
    ``SWEEP_DEPTH`` deep, links not followed); returns what was removed. Only our own
    ``.NAME.*.tmp`` regular files older than ``older_than_s`` go: never anything else."""
    removed: list[Path] = []
    cutoff = time.time() - older_than_s
    for root in folders:
        removed += _sweep(Path(root), cutoff, SWEEP_DEPTH)
    return removed


def _sweep(folder: Path, cutoff: float, depth: int) -> list[Path]:
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if depth > 0:
                    removed += _sweep(Path(entry.path), cutoff, depth - 1)
            elif (entry.is_file(follow_symlinks=False) and TEMP_NAME.match(entry.name)
                  and entry.stat(follow_symlinks=False).st_mtime < cutoff):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:  # gone meanwhile, or a read-only folder: leave it
            continue
    return removed
