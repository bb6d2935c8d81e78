"""The last scan's answer, kept whole: a warm scan of an unchanged library costs one stat
per folder and per chart, then reads back the list of songs in one piece.

Rebuilding 10,000 song entries from their cache rows, folder listings and media names
costs far more than checking that nothing moved. The snapshot remembers every folder's
mtime and every chart's size and mtime; when all of them still hold (and no root came
back or went missing) the scan's songs and broken charts are exactly what they were.
Anything else -- one edited chart, one new cover -- falls back to the ordinary scan, which
writes a new snapshot. A snapshot is written only when every folder's listing can be
trusted (listed well after its last change, no symbolic links inside): otherwise a
change the mtimes cannot show would be missed.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .library_cache import FolderListing, SongCache
from .library_entry import BrokenChart, SongEntry

if TYPE_CHECKING:
    from .library_files import FoundFiles

log = logging.getLogger(__name__)

VERSION = 1


def _entry_fields() -> list[str]:
    """Every field in order (the rows are read back positionally); ``level`` is stored as
    None and attached again by the scan."""
    return [f.name for f in dataclasses.fields(SongEntry)]


def snapshot(roots: list[Path], found: "FoundFiles", known: dict[str, FolderListing],
             songs: list[SongEntry], broken: list[BrokenChart]) -> bytes | None:
    """The snapshot of a finished scan (songs before levels are attached: level.toml
    files are read at every scan), or None when some folder cannot be vouched for."""
    if found.linked or found.unreadable:
        return None
    folders = []
    for folder in found.walked:
        listing = found.listed.get(folder) or known.get(folder)
        if listing is None or not listing.trusted(listing.mtime_ns):
            return None
        folders.append((folder, listing.mtime_ns))
    fields = _entry_fields()
    data = {
        "version": VERSION,
        "fields": fields,
        "roots": [str(r) for r in roots],
        "missing": [str(m) for m in found.missing],
        "folders": folders,
        "charts": [(path, size, mtime) for path, (size, mtime) in found.charts.items()],
        "levels": found.levels,
        "songs": [[None if f == "level" else getattr(e, f) for f in fields] for e in songs],
        "broken": [(str(b.path), b.line, b.reason) for b in broken],
    }
    return json.dumps(data, separators=(",", ":")).encode("ascii")  # lone surrogates escaped


def still_true(cache: SongCache, roots: list[Path]) -> tuple[list[SongEntry], list[BrokenChart], list[str], list[Path]] | None:
    """(songs, broken, level files, missing roots) of the last scan when nothing it saw
    has moved since, else None."""
    data = cache.read_snapshot()
    if not data:
        return None
    try:
        snap = json.loads(data)
        if snap.get("version") != VERSION or snap["roots"] != [str(r) for r in roots] \
                or snap["fields"] != _entry_fields():
            return None
        if any(os.path.isdir(m) for m in snap["missing"]):
            return None  # a drive came back
        for folder, mtime_ns in snap["folders"]:
            if os.stat(folder).st_mtime_ns != mtime_ns:
                return None
        for path, size, mtime_ns in snap["charts"]:
            st = os.stat(path)
            if st.st_size != size or st.st_mtime_ns != mtime_ns:
                return None
        songs = [SongEntry(*row) for row in snap["songs"]]
        broken = [BrokenChart(Path(p), line, reason) for p, line, reason in snap["broken"]]
        return songs, broken, list(snap["levels"]), [Path(m) for m in snap["missing"]]
    except OSError:
        return None  # a folder or chart is gone
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("song library snapshot unreadable (%s); scanning", exc)
        return None
