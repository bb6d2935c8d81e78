"""The song library: every chart in the bundled levels and the player's song folders.

A scan walks the folders, and for each ``*.txt`` file compares its size and mtime_ns with
the SQLite cache (``library_cache``): unchanged files are taken from the cache without
being opened, so rescanning thousands of songs costs one ``stat`` each; a folder whose
mtime has not moved is not even listed again, and when nothing moved at all the last
answer is read back whole (``library_snapshot``). New or edited files are glanced at
(``glance``: headers and note bounds; the notes are read when a song is chosen); a file
whose first bytes carry no UltraStar header (a readme, lyrics) is remembered as "not a
chart". Charts that cannot be played are listed with ``PATH:LINE: reason`` and never stop
the scan; so are files it refuses to open (FIFOs, devices, links out of the library's
tree, charts over the size limit). Finding and reading live in ``library_files``, the
SQLite cache in ``library_cache``, the entries in ``library_entry``.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..intake import IntakeError, read_regular
from .level import MAX_LEVEL_BYTES, LevelError, check_voices, key_line, parse_level_bytes
from .library_cache import FileRecord, SongCache
from . import library_snapshot
from .library_entry import BrokenChart, SongEntry, finite, printable
from .library_files import BROKEN, OTHER, SONG, ScanProgress, Todo, find_files, read_files

log = logging.getLogger(__name__)

__all__ = ["BrokenChart", "LibraryScan", "SongEntry", "SongLibrary", "SortKey", "check_songs", "library_folders",
           "printable", "scan_library", "search_entries", "sort_entries"]

CACHE_FILE = "library.sqlite3"


class SortKey(Enum):
    ARTIST = "artist"
    TITLE = "title"
    LANGUAGE = "language"
    YEAR = "year"
    DURATION = "duration"


@dataclass
class LibraryScan:
    entries: list[SongEntry]
    broken: list[BrokenChart]
    seconds: float
    parsed: int = 0  # files read this time
    cached: int = 0  # charts taken from the cache unopened
    removed: int = 0  # cached files that no longer exist
    missing_folders: list[Path] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "songs": len(self.entries),
            "duets": sum(1 for e in self.entries if e.is_duet),
            "levels": sum(1 for e in self.entries if e.level is not None),
            "broken": len(self.broken),
            "parsed": self.parsed,
            "cached": self.cached,
            "removed": self.removed,
        }

    def search(self, query: str) -> list[SongEntry]:
        return search_entries(self.entries, query)

    def sorted(self, key: SortKey | str = SortKey.ARTIST, descending: bool = False) -> list[SongEntry]:
        return sort_entries(self.entries, key, descending)


# -- search and sort ---------------------------------------------------------------------
def search_entries(entries: Iterable[SongEntry], query: str) -> list[SongEntry]:
    """Entries whose title or artist (or level title) contains every word of ``query``."""
    words = query.casefold().split()
    if not words:
        return list(entries)
    found = []
    for entry in entries:
        haystack = f"{entry.title}\n{entry.artist}".casefold()
        if entry.level is not None:
            haystack += "\n" + entry.level.title.casefold()
        if all(word in haystack for word in words):
            found.append(entry)
    return found


def _text(value: str | None) -> str:
    return (value or "").casefold()


def sort_entries(entries: Iterable[SongEntry], key: SortKey | str = SortKey.ARTIST,
                 descending: bool = False) -> list[SongEntry]:
    """Sorted by ``key`` with artist/title breaking ties; songs without the value go last."""
    key = SortKey(key)

    def value(e: SongEntry):
        if key is SortKey.ARTIST:
            return _text(e.artist) or None
        if key is SortKey.TITLE:
            return _text(e.title) or None
        if key is SortKey.LANGUAGE:
            return _text(e.language) or None
        if key is SortKey.YEAR:
            return e.year
        return finite(e.duration_ms)

    def tie(e: SongEntry):
        return (_text(e.artist), _text(e.title), e.chart)

    entries = list(entries)
    present = [e for e in entries if value(e) is not None]
    missing = [e for e in entries if value(e) is None]
    present.sort(key=tie)
    present.sort(key=value, reverse=descending)  # stable: ties keep artist/title order
    missing.sort(key=tie)
    return present + missing


# -- the scan -----------------------------------------------------------------------------
def default_cache_path() -> Path:
    from ..paths import cache_dir

    return cache_dir() / CACHE_FILE


def scan_library(folders: Iterable[Path | str], cache_path: Path | None = None,
                 progress: Callable[[ScanProgress], None] | None = None, *,
                 workers: int | None = None, use_cache: bool = True) -> LibraryScan:
    """Find and read every chart under ``folders`` (recursively), using the cache.

    ``cache_path`` defaults to ``library.sqlite3`` in the user cache folder; ``workers``
    forces the number of reading processes (default: a pool only for many new files).
    """
    started = time.perf_counter()
    roots = _unique_roots(folders)
    cache = SongCache((cache_path or default_cache_path()) if use_cache else None)
    try:
        unchanged = library_snapshot.still_true(cache, roots)
        if unchanged is not None:
            songs, broken, levels, missing = unchanged
            return _finish(songs, broken, levels, started, missing=missing, cached=len(songs) + len(broken))
        known_folders = cache.load_folders()
        found = find_files(roots, progress, known_folders)
        known = cache.load()
        records: dict[str, FileRecord] = {}
        todo: list[Todo] = []
        for path, (size, mtime_ns) in found.charts.items():
            record = known.get(path)
            if record is not None and record.size == size and record.mtime_ns == mtime_ns:
                records[path] = record
            else:
                todo.append((path, size, mtime_ns))
        fresh = read_files(todo, workers, progress) if todo else []
        for record in fresh:
            records[record.path] = record
        songs: list[SongEntry] = []
        broken: list[BrokenChart] = []
        for path, record in records.items():
            if record.kind == SONG:
                songs.append(SongEntry.from_record(record, beside=found.beside.get(os.path.dirname(path))))
            elif record.kind == BROKEN:
                broken.append(BrokenChart(Path(path), record.error_line or 0, record.error_reason or "unreadable"))
        broken.extend(BrokenChart(Path(path), 0, reason) for path, reason in found.refused)
        songs, broken = sort_entries(songs), sorted(broken, key=lambda b: str(b.path))
        # A folder that is missing now (an unplugged drive) keeps its rows for its return.
        present = [r for r in roots if r not in found.missing]
        removed = [p for p in known if p not in found.charts and _under_any(p, present)]
        gone = [f for f in known_folders if f not in found.walked and _under_any(f + os.sep, present)]
        stored = cache.update(fresh, removed, found.listed, gone) if fresh or removed or found.listed or gone else True
        cache.write_snapshot(library_snapshot.snapshot(roots, found, known_folders, songs, broken) if stored else None)
    finally:
        cache.close()
    cached = sum(1 for r in records.values() if r.kind != OTHER) - sum(1 for r in fresh if r.kind != OTHER)
    return _finish(songs, broken, found.levels, started, missing=found.missing, parsed=len(fresh),
                   cached=cached, removed=len(removed))


def _finish(songs: list[SongEntry], broken: list[BrokenChart], levels: list[str], started: float, *,
            missing: list[Path], parsed: int = 0, cached: int = 0, removed: int = 0) -> LibraryScan:
    """The scan with the level packs attached (their level.toml files are read every time:
    a handful of tiny files whose meaning depends on their charts)."""
    by_path = {entry.chart: entry for entry in songs}
    level_problems = _attach_levels(levels, by_path)
    if level_problems:
        broken = sorted([*broken, *level_problems], key=lambda b: str(b.path))
    return LibraryScan(
        entries=list(by_path.values()),  # still sorted: levels replace entries in place
        broken=broken,
        seconds=time.perf_counter() - started,
        parsed=parsed,
        cached=cached,
        removed=removed,
        missing_folders=missing,
    )


def check_songs(scan: LibraryScan, progress: Callable[[ScanProgress], None] | None = None) -> LibraryScan:
    """The scan with every song's notes read too: a chart whose notes cannot be played
    moves to the broken list (the scan itself reads only headers and note bounds)."""
    from . import ChartError, load_song

    entries: list[SongEntry] = []
    broken = list(scan.broken)
    for done, entry in enumerate(scan.entries, start=1):
        try:
            load_song(entry.path)
            entries.append(entry)
        except ChartError as err:
            broken.append(BrokenChart(entry.path, err.line, err.message))
        if progress is not None and (done % 50 == 0 or done == len(scan.entries)):
            progress(ScanProgress("checking", done, len(scan.entries)))
    broken.sort(key=lambda b: str(b.path))
    return replace(scan, entries=entries, broken=broken)


def library_folders(song_folders: Iterable[Path | str] = (), *, bundled: bool = True) -> list[Path]:
    """The folders a library scans: the bundled levels first, then the player's folders,
    and with them the user songs folder (where the editor saves new charts) once it exists."""
    from ..paths import bundled_levels_dir, user_songs_dir

    own = user_songs_dir()
    return _unique_roots(([bundled_levels_dir()] if bundled else []) + list(song_folders)
                         + ([own] if bundled and own.is_dir() else []))


@dataclass
class SongLibrary:
    """The library as the song browser holds it: its folders and the latest scan."""

    folders: list[Path]
    cache_path: Path | None = None
    last_scan: LibraryScan | None = None

    @classmethod
    def from_settings(cls, extra_folders: Iterable[Path | str] = (), *, bundled: bool = True) -> "SongLibrary":
        from .. import settings

        return cls(library_folders([*settings.load().song_folders, *extra_folders], bundled=bundled))

    def refresh(self, progress: Callable[[ScanProgress], None] | None = None) -> LibraryScan:
        self.last_scan = scan_library(self.folders, self.cache_path, progress)
        return self.last_scan

    @property
    def entries(self) -> list[SongEntry]:
        return self.last_scan.entries if self.last_scan is not None else []


def _unique_roots(folders: Iterable[Path | str]) -> list[Path]:
    roots: list[Path] = []
    for folder in folders:
        root = Path(folder).expanduser().absolute()
        if root not in roots:
            roots.append(root)
    return roots


def _under_any(path: str, roots: Sequence[Path]) -> bool:
    return any(path.startswith(str(root).rstrip(os.sep) + os.sep) for root in roots)


def _attach_levels(level_files: list[str], by_path: dict[str, SongEntry]) -> list[BrokenChart]:
    """Read each level.toml (tiny, never cached: it depends on its chart) and attach it."""
    broken: list[BrokenChart] = []
    seen_ids: dict[str, Path] = {}
    for level_file in sorted(level_files):
        path = Path(level_file)
        try:
            raw = read_regular(path, MAX_LEVEL_BYTES)
            level = parse_level_bytes(raw, path)
            text = raw.decode("utf-8")
            entry = by_path.get(str(level.chart_path))
            if entry is None:
                continue  # the chart itself is listed as broken (or is not a chart)
            check_voices(level, entry.is_duet, text)
            if level.id in seen_ids:
                raise LevelError(path, key_line(text, "level", "id"), f"level id {level.id!r} is already used by {seen_ids[level.id]}")
        except LevelError as exc:
            broken.append(BrokenChart(path, exc.line, exc.message))
            continue
        except IntakeError as exc:
            broken.append(BrokenChart(path, 0, f"cannot read level.toml: {exc.reason}"))
            continue
        except Exception as exc:  # one bad level never stops a scan
            log.exception("%s: unexpected error while reading the level", path)
            broken.append(BrokenChart(path, 0, f"internal error reading this level: {type(exc).__name__}"))
            continue
        seen_ids[level.id] = path
        by_path[str(level.chart_path)] = replace(entry, level=level)
    return broken


