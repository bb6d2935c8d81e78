"""Finding and reading chart files for the song library (see ``library``).

Finding is one ``scandir`` walk with a ``stat`` per ``*.txt`` file; reading sniffs the
first bytes (a readme is not a chart), parses real charts and turns each into a cache row.
Many new files are read in a process pool: parsing is CPU-bound and the GIL would
serialise threads.
"""

from __future__ import annotations

import logging
import math
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from ..intake import IntakeError, file_kind, read_head, read_regular, too_large
from .errors import ChartError
from .level import LEVEL_FILE
from .library_cache import FileRecord, FolderListing
from .limits import MAX_CHART_BYTES
from .media import MediaFile, MediaStatus, inside, media_file, media_path

log = logging.getLogger(__name__)

SNIFF_BYTES = 4096
# A chart announces itself within its first lines with one of these headers.
# (CR-only newlines count too: some old charts use them.)
_HEADER = re.compile(rb"(?:\A|[\r\n])[ \t]*#[ \t]*(?:TITLE|ARTIST|BPM|MP3|AUDIO|GAP|VERSION)[ \t]*:", re.I)
SONG, BROKEN, OTHER = "song", "broken", "other"
POOL_THRESHOLD = 200  # measured: below this, starting workers costs more than it saves
# Charts larger than this are read in a watched process with a time budget; real charts
# are 10-100 KB and the reader is linear, so a legitimate one never comes near the budget.
UNWATCHED_BYTES = 512 * 1024
FILE_BUDGET_S = 10.0


@dataclass(frozen=True)
class ScanProgress:
    """Reported while scanning: ``stage`` is "finding" (total unknown), "reading" or
    "checking" (``check_songs``)."""

    stage: str
    done: int
    total: int | None


# -- finding files ------------------------------------------------------------------------
@dataclass
class FoundFiles:
    charts: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns)
    levels: list[str] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): never opened
    # folder -> the other files in it, for each folder that holds a chart: the media named
    # by a chart are looked up here, and covers found by their names, without a stat.
    beside: dict[str, frozenset[str]] = field(default_factory=dict)
    listed: dict[str, FolderListing] = field(default_factory=dict)  # new listings to remember
    walked: set[str] = field(default_factory=set)  # every folder seen, listed or remembered
    linked: set[str] = field(default_factory=set)  # folders holding links (never remembered)
    unreadable: set[str] = field(default_factory=set)  # folders that could not be listed


def find_files(folders: Sequence[Path], progress: Callable[[ScanProgress], None] | None,
               known: dict[str, FolderListing] | None = None) -> FoundFiles:
    """Every ``*.txt`` (with size and mtime) and ``level.toml`` below ``folders``.

    Hidden folders are skipped; a folder given twice or nested in another one is walked
    once. Symbolic links are followed only to files inside their root's own tree (a link to
    ``/`` or a loop is never walked); a ``*.txt`` that is a FIFO or a device is listed as
    refused, never opened. Nothing here opens a file: ``scandir`` and ``stat`` only. A
    folder in ``known`` whose mtime has not moved is not listed again.
    """
    found = FoundFiles()
    known = known or {}
    reals: list[tuple[Path, str]] = []
    for root in folders:
        if not os.path.isdir(root):
            found.missing.append(root)
        else:
            reals.append((root, os.path.realpath(root)))
    walked = [real for _, real in reals]
    for index, (root, real) in enumerate(reals):
        if inside(real, walked[:index]) or inside(real, [r for r in walked[index + 1:] if r != real]):
            continue  # another root covers it
        stack = [str(root)]
        listed = 0
        while stack:
            folder = stack.pop()
            listing = known.get(folder)
            if listing is None or not _replay(folder, listing, found, stack):
                _walk_folder(folder, real, found, stack)
            listed += 1
            if progress is not None and listed % 64 == 0:
                progress(ScanProgress("finding", len(found.charts), None))
    if progress is not None:
        progress(ScanProgress("finding", len(found.charts), None))
    return found


def _walk_folder(folder: str, root: str, found: FoundFiles, stack: list[str]) -> None:
    try:
        mtime_ns = os.stat(folder).st_mtime_ns  # before listing: a change during it moves it on
        listed_ns = time.time_ns()
        with os.scandir(folder) as it:
            items = list(it)
    except OSError as exc:
        log.warning("%s: cannot list folder (%s)", folder, exc.strerror or exc)
        found.unreadable.add(folder)
        return
    found.walked.add(folder)
    charts = len(found.charts)
    folders: list[str] = []
    chart_names: list[str] = []
    others: list[str] = []
    level = linked = False
    for item in items:
        name = item.name
        if name.startswith("."):
            continue  # .git, .Trash, editor temp files
        try:
            if item.is_symlink():
                linked = True  # a link's target may change unseen: never remembered
                if _take_link(item, root, found, stack):
                    others.append(name)
            elif item.is_dir():
                stack.append(item.path)
                folders.append(name)
            elif name[-4:].lower() == ".txt":
                chart_names.append(name)
                _take_chart(item.path, item.stat(), found)
            elif name == LEVEL_FILE:
                found.levels.append(item.path)
                level = True
            elif item.is_file():  # media: a FIFO or a device is never offered
                others.append(name)
        except OSError:
            continue  # vanished or unreadable while we looked
    beside = frozenset(others)
    if len(found.charts) > charts:
        found.beside[folder] = beside
    if linked:
        found.linked.add(folder)
    else:
        found.listed[folder] = FolderListing(mtime_ns, listed_ns, tuple(folders), tuple(chart_names), level, beside)


def _replay(folder: str, listing: FolderListing, found: FoundFiles, stack: list[str]) -> bool:
    """Take a remembered folder's entries when its mtime says they are the same; its
    charts are still stat'ed (an edit moves the file's mtime, not the folder's)."""
    try:
        if not listing.trusted(os.stat(folder).st_mtime_ns):
            return False
    except OSError:
        return False  # gone or unreadable: listing it says why
    found.walked.add(folder)
    prefix = folder + os.sep
    stack.extend(prefix + name for name in listing.folders)
    charts = len(found.charts)
    for name in listing.charts:
        path = prefix + name
        try:
            _take_chart(path, os.stat(path), found)
        except OSError:
            continue
    if listing.level:
        found.levels.append(os.path.join(folder, LEVEL_FILE))
    if len(found.charts) > charts:
        found.beside[folder] = listing.others
    return True


def _take_chart(path: str, st: os.stat_result, found: FoundFiles) -> None:
    if not stat.S_ISREG(st.st_mode):
        found.refused.append((path, f"not a regular file ({file_kind(st.st_mode)}), not read"))
        return
    found.charts[path] = (st.st_size, st.st_mtime_ns)


def _take_link(item: os.DirEntry, root: str, found: FoundFiles, stack: list[str]) -> bool:
    """A symbolic link: a chart or level.toml inside the root's tree is taken; a folder
    inside is walked anyway through its real path (or is a loop); anything outside is
    listed as refused. True for a media file the song's folder may use (the rule of
    ``media.locate``: a regular file inside the folder)."""
    name = item.name
    is_chart = name[-4:].lower() == ".txt"
    if not (is_chart or name == LEVEL_FILE or item.is_dir()):
        folder = os.path.dirname(item.path)
        return item.is_file() and inside(os.path.realpath(item.path), [os.path.realpath(folder)])
    target_inside = inside(os.path.realpath(item.path), [root])
    if item.is_dir() or not target_inside:
        if not target_inside:
            kind = "folder" if item.is_dir() else "file"
            found.refused.append((item.path, f"a link to a {kind} outside the song folder (not followed)"))
        return False
    if is_chart:
        _take_chart(item.path, item.stat(), found)  # follows the link (known to stay inside)
    else:
        found.levels.append(item.path)
    return False


# -- reading files ------------------------------------------------------------------------
def looks_like_chart(head: bytes) -> bool:
    """Decide from a file's first bytes whether it is an UltraStar chart."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    head = head.removeprefix(b"\xef\xbb\xbf")
    return _HEADER.search(head) is not None


def read_chart_file(path: str, size: int, mtime_ns: int) -> FileRecord:
    """Read one file into a cache row; never raises (a bug in the reader becomes a row)."""
    def broken(line: int, reason: str) -> FileRecord:
        return FileRecord(path, size, mtime_ns, BROKEN, error_line=line, error_reason=reason)

    try:
        if size > MAX_CHART_BYTES:  # sniff only: a huge lyrics file is not a broken chart
            head = read_head(path, SNIFF_BYTES)
            return broken(0, too_large(size, MAX_CHART_BYTES)) if looks_like_chart(head) else \
                FileRecord(path, size, mtime_ns, OTHER)
        data = read_regular(path, MAX_CHART_BYTES)
    except IntakeError as exc:
        return broken(0, exc.reason)
    if not looks_like_chart(data[:SNIFF_BYTES]):
        return FileRecord(path, size, mtime_ns, OTHER)
    try:
        return _song_record(data, path, size, mtime_ns)
    except ChartError as exc:
        return broken(exc.line, exc.message)
    except Exception as exc:  # one bad file never stops a scan, whatever the reader does
        log.exception("%s: unexpected error while reading the chart", path)
        return broken(0, f"internal error reading this chart: {type(exc).__name__}")


def _song_record(data: bytes, path: str, size: int, mtime_ns: int) -> FileRecord:
    from .glance import glance_song  # late: the chart reader is imported only when needed

    glance = glance_song(data, path)
    song = glance.song
    duration = float(glance.duration_ms)
    if not math.isfinite(duration) or duration < 0:
        raise ChartError(path, song.header_line("BPM"), f"the song would last {duration} ms: its tempo cannot be right")
    # Remembered even while missing (the cache keeps it; whether it is there is asked at
    # each scan); never when outside the song's folder or not a file -- the same rule the
    # stage, practice and the editor apply.
    media = {key: media_path(song, key, missing=True) for key in _SCANNED_MEDIA}
    audio = media_file(song, "AUDIO")
    bpm = song.bpm
    return FileRecord(
        path, size, mtime_ns, SONG,
        title=song.title, artist=song.artist, language=song.language, year=song.year,
        duration_ms=duration, is_duet=glance.is_duet, voices=glance.voices,
        audio=_text(media["AUDIO"]), cover=_text(media["COVER"]),
        bpm=bpm if bpm is not None and math.isfinite(bpm) else None,
        vocals=_text(media["VOCALS"]), instrumental=_text(media["INSTRUMENTAL"]),
        background=_text(media["BACKGROUND"]), video=_text(media["VIDEO"]),
        audio_reason=_audio_reason(audio),
        start_ms=_finite(song.start_ms), preview_ms=_finite(song.preview_start_ms),
        medley_start_ms=_finite(song.medley_start_ms), medley_end_ms=_finite(song.medley_end_ms),
        video_gap_ms=_finite(song.video_gap_ms),
    )


_SCANNED_MEDIA = ("AUDIO", "COVER", "VOCALS", "INSTRUMENTAL", "BACKGROUND", "VIDEO")


def _audio_reason(audio: MediaFile | None) -> str | None:
    """Why the chart's audio can never play (a missing one may still arrive: not here)."""
    if audio is None:
        return "the chart names no audio file (#AUDIO or #MP3)"
    if audio.status in (MediaStatus.OK, MediaStatus.MISSING):
        return None
    return audio.reason


def _text(path: Path | None) -> str | None:
    return str(path) if path is not None else None


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


Todo = tuple[str, int, int]  # path, size, mtime_ns


def _read_batch(batch: list[Todo]) -> list[FileRecord]:
    return [read_chart_file(*item) for item in batch]


def read_files(todo: list[Todo], workers: int | None,
               progress: Callable[[ScanProgress], None] | None) -> list[FileRecord]:
    """Rows for ``todo``; large charts are read in a watched process (``read_watched``)."""
    watched = [item for item in todo if UNWATCHED_BYTES < item[1] <= MAX_CHART_BYTES]
    todo = [item for item in todo if not UNWATCHED_BYTES < item[1] <= MAX_CHART_BYTES]
    total = len(todo) + len(watched)
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if len(todo) >= POOL_THRESHOLD else 1
    records = (_read_pooled(todo, workers, progress) if workers > 1 else None) or []
    if not records:
        for item in todo:
            records.append(read_chart_file(*item))
            if progress is not None and (len(records) % 50 == 0 or len(records) == total):
                progress(ScanProgress("reading", len(records), total))
    records.extend(read_watched(watched))
    if progress is not None and watched:
        progress(ScanProgress("reading", total, total))
    return records


def read_watched(todo: list[Todo], budget_s: float | None = None) -> list[FileRecord]:
    """Read each file in a worker process that is ended when it takes over ``budget_s``.

    One slow file (a reader bug, a pathological line) then costs the budget, not the scan.
    Small charts skip this: starting a process costs more than reading them."""
    import multiprocessing

    budget_s = FILE_BUDGET_S if budget_s is None else budget_s
    records: list[FileRecord] = []
    pool = None
    try:
        for item in todo:
            if pool is None:
                pool = _context().Pool(1)
            try:
                records.append(pool.apply_async(read_chart_file, item).get(timeout=budget_s))
            except multiprocessing.TimeoutError:
                pool.terminate()
                pool = None
                records.append(FileRecord(item[0], item[1], item[2], BROKEN, error_line=0,
                                          error_reason=f"reading this chart took over {budget_s:g} s: skipped"))
    except (OSError, RuntimeError, ImportError) as exc:  # no processes here: read in this one
        log.warning("cannot watch chart reading in a process (%s); reading here", exc)
        done = {r.path for r in records}
        records.extend(read_chart_file(*item) for item in todo if item[0] not in done)
    finally:
        if pool is not None:
            pool.terminate()
    return records


def _context():
    """fork starts workers in milliseconds but is unsafe once other threads run (the UI
    scans from a background thread); forkserver then costs one interpreter start."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _read_pooled(todo: list[Todo], workers: int,
                 progress: Callable[[ScanProgress], None] | None) -> list[FileRecord] | None:
    """Read in worker processes; None when no pool can be started (then read here)."""
    from concurrent.futures import ProcessPoolExecutor

    size = max(16, min(200, len(todo) // (workers * 4) or 1))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    records: list[FileRecord] = []
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            for batch in pool.map(_read_batch, batches):
                records.extend(batch)
                if progress is not None:
                    progress(ScanProgress("reading", len(records), len(todo)))
    except (OSError, RuntimeError, ImportError) as exc:  # no semaphores, sandbox, ...
        log.warning("cannot read charts in parallel (%s); reading them one by one", exc)
        return None
    return records
