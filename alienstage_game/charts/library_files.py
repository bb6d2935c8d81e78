"""Finding and reading chart files for the song library (see ``library``).

Finding is one ``scandir`` walk with a ``stat`` per ``*.txt`` file; reading sniffs the
first bytes (a readme is not a chart), parses real charts and turns each into a cache row.
Many new files are read in a process pool: parsing is CPU-bound and the GIL would
serialise threads.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from .errors import ChartError
from .level import LEVEL_FILE
from .library_cache import FileRecord

log = logging.getLogger(__name__)

SNIFF_BYTES = 4096
MAX_CHART_BYTES = 8 * 1024 * 1024  # a chart is text; anything larger is not one
# A chart announces itself within its first lines with one of these headers.
# (CR-only newlines count too: some old charts use them.)
_HEADER = re.compile(rb"(?:\A|[\r\n])[ \t]*#[ \t]*(?:TITLE|ARTIST|BPM|MP3|AUDIO|GAP|VERSION)[ \t]*:", re.I)
SONG, BROKEN, OTHER = "song", "broken", "other"
POOL_THRESHOLD = 200  # measured: below this, starting workers costs more than it saves


@dataclass(frozen=True)
class ScanProgress:
    """Reported while scanning: ``stage`` is "finding" (total unknown) or "reading"."""

    stage: str
    done: int
    total: int | None


# -- finding files ------------------------------------------------------------------------
@dataclass
class FoundFiles:
    charts: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns)
    levels: list[str] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def _inside(path: str, folders: Sequence[str]) -> bool:
    return any(path == f or path.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def find_files(folders: Sequence[Path], progress: Callable[[ScanProgress], None] | None) -> FoundFiles:
    """Every ``*.txt`` (with size and mtime) and ``level.toml`` below ``folders``.

    Hidden folders are skipped; a folder given twice, nested in another one or reached
    again through a symbolic link is walked once.
    """
    found = FoundFiles()
    reals: list[tuple[Path, str]] = []
    for root in folders:
        if not os.path.isdir(root):
            found.missing.append(root)
        else:
            reals.append((root, os.path.realpath(root)))
    walked = [real for _, real in reals]
    linked: set[tuple[int, int]] = set()  # link targets outside the roots, walked once
    for index, (root, real) in enumerate(reals):
        if _inside(real, walked[:index]) or _inside(real, [r for r in walked[index + 1:] if r != real]):
            continue  # another root covers it
        stack = [str(root)]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    items = list(it)
            except OSError as exc:
                log.warning("%s: cannot list folder (%s)", folder, exc.strerror or exc)
                continue
            for item in items:
                name = item.name
                if name.startswith("."):
                    continue  # .git, .Trash, editor temp files
                try:
                    if item.is_dir():
                        if item.is_symlink():
                            target = os.path.realpath(item.path)
                            st = item.stat()
                            if _inside(target, walked) or (st.st_dev, st.st_ino) in linked:
                                continue  # walked anyway, or a loop
                            linked.add((st.st_dev, st.st_ino))
                        stack.append(item.path)
                    elif name[-4:].lower() == ".txt":
                        st = item.stat()
                        found.charts[item.path] = (st.st_size, st.st_mtime_ns)
                    elif name == LEVEL_FILE:
                        found.levels.append(item.path)
                except OSError:
                    continue  # vanished or unreadable while we looked
            if progress is not None:
                progress(ScanProgress("finding", len(found.charts), None))
    return found


# -- reading files ------------------------------------------------------------------------
def looks_like_chart(head: bytes) -> bool:
    """Decide from a file's first bytes whether it is an UltraStar chart."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    head = head.removeprefix(b"\xef\xbb\xbf")
    return _HEADER.search(head) is not None


def read_chart_file(path: str, size: int, mtime_ns: int) -> FileRecord:
    """Read one file into a cache row; never raises (a bug in the reader becomes a row)."""
    from . import parse_song  # late: the chart reader is imported only when needed

    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
            if not looks_like_chart(head) or size > MAX_CHART_BYTES:
                return FileRecord(path, size, mtime_ns, OTHER)
            data = head + handle.read()
    except OSError as exc:
        return FileRecord(path, size, mtime_ns, BROKEN, error_line=0,
                          error_reason=f"cannot read file: {exc.strerror or exc}")
    try:
        song = parse_song(data, path)
        duration = song.duration_ms
        audio, cover = song.audio_path, song.cover_path
        return FileRecord(
            path, size, mtime_ns, SONG,
            title=song.title, artist=song.artist, language=song.language, year=song.year,
            duration_ms=float(duration), is_duet=song.is_duet, voices=len(song.voices),
            audio=str(audio) if audio else None, cover=str(cover) if cover else None,
            bpm=song.bpm,
        )
    except ChartError as exc:
        return FileRecord(path, size, mtime_ns, BROKEN, error_line=exc.line, error_reason=exc.message)
    except Exception as exc:  # a reader bug must not take the song browser down
        log.exception("%s: unexpected error while reading the chart", path)
        return FileRecord(path, size, mtime_ns, BROKEN, error_line=0,
                          error_reason=f"internal error while reading: {type(exc).__name__}: {exc}")


def _read_batch(batch: list[tuple[str, int, int]]) -> list[FileRecord]:
    return [read_chart_file(*item) for item in batch]


def read_files(todo: list[tuple[str, int, int]], workers: int | None,
              progress: Callable[[ScanProgress], None] | None) -> list[FileRecord]:
    total = len(todo)
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if total >= POOL_THRESHOLD else 1
    records: list[FileRecord] = []
    if workers > 1:
        pooled = _read_pooled(todo, workers, progress)
        if pooled is not None:
            return pooled
    for item in todo:
        records.append(read_chart_file(*item))
        if progress is not None and (len(records) % 50 == 0 or len(records) == total):
            progress(ScanProgress("reading", len(records), total))
    return records


def _read_pooled(todo, workers, progress) -> list[FileRecord] | None:
    """Read in worker processes; None when no pool can be started (then read here)."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # fork starts workers in milliseconds but is unsafe once other threads run (the UI
    # scans from a background thread); forkserver then costs one interpreter start.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    elif "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
    else:
        context = multiprocessing.get_context("spawn")
    size = max(16, min(200, len(todo) // (workers * 4) or 1))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    records: list[FileRecord] = []
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for batch in pool.map(_read_batch, batches):
                records.extend(batch)
                if progress is not None:
                    progress(ScanProgress("reading", len(records), len(todo)))
    except (OSError, RuntimeError, ImportError) as exc:  # no semaphores, sandbox, ...
        log.warning("cannot read charts in parallel (%s); reading them one by one", exc)
        return None
    return records
