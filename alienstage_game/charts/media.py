"""Files a chart names beside itself (#AUDIO, #COVER, ...), found only inside its folder.

A chart from a stranger may name ``../../../../etc/passwd``, ``/dev/zero`` or a FIFO. The
game opens none of them: a name is resolved against the chart's folder (symbolic links
too) and used only when it is a regular file inside the song's folder. Paths outside
are never even stat'ed. The scan and every screen apply the same rule, so a song that
previews in the browser also plays on stage.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..intake import file_kind

if TYPE_CHECKING:
    from .model import Song

# The media headers, #AUDIO first: it wins over the legacy #MP3.
MEDIA_KEYS = ("AUDIO", "MP3", "VOCALS", "INSTRUMENTAL", "COVER", "BACKGROUND", "VIDEO")


class MediaStatus(Enum):
    OK = "ok"
    MISSING = "missing"
    OUTSIDE = "outside"  # resolves outside the song's folder: never opened
    NOT_REGULAR = "not_regular"  # a FIFO, a device, a folder
    UNUSABLE = "unusable"  # a name the system refuses (NUL, too long, no permission)


@dataclass(frozen=True)
class MediaFile:
    key: str
    name: str  # as written in the chart
    path: Path  # the chart's folder joined with the name (not resolved)
    status: MediaStatus
    reason: str = ""

    @property
    def usable(self) -> Path | None:
        return self.path if self.status is MediaStatus.OK else None

    @property
    def allowed(self) -> Path | None:
        """The path when it may be opened once it exists (a cache remembers it)."""
        return self.path if self.status in (MediaStatus.OK, MediaStatus.MISSING) else None


def inside(real: str, folders: Sequence[str]) -> bool:
    """Whether the resolved path ``real`` is one of ``folders`` or below one of them."""
    return any(real == f or real.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def locate(folder: Path, name: str) -> tuple[Path, MediaStatus, str]:
    """Where ``name`` (relative to ``folder``) leads, and whether it may be opened."""
    if "\0" in name:  # the system refuses such names; say so instead of raising
        return folder, MediaStatus.UNUSABLE, f"{name!r} holds a NUL character"
    path = folder / name
    if os.sep not in name and name not in (".", ".."):  # the usual case, without realpath
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return path, MediaStatus.MISSING, f"{name!r} is missing"
        except (OSError, ValueError):
            info = None  # said below, by the general path
        if info is not None and not stat.S_ISLNK(info.st_mode):
            if not stat.S_ISREG(info.st_mode):
                return path, MediaStatus.NOT_REGULAR, f"{name!r} is not a regular file ({file_kind(info.st_mode)})"
            return path, MediaStatus.OK, ""
    try:
        real = os.path.realpath(path)  # non-strict: loops and missing parts do not raise
        allowed = [os.path.realpath(folder)]
    except (OSError, ValueError) as err:
        return path, MediaStatus.UNUSABLE, f"{name!r} cannot be used: {err}"
    if not inside(real, allowed):
        return path, MediaStatus.OUTSIDE, f"{name!r} is outside the song's folder (not opened)"
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return path, MediaStatus.MISSING, f"{name!r} is missing"
    except (OSError, ValueError) as err:
        return path, MediaStatus.UNUSABLE, f"{name!r} cannot be read: {getattr(err, 'strerror', None) or err}"
    if not stat.S_ISREG(info.st_mode):
        return path, MediaStatus.NOT_REGULAR, f"{name!r} is not a regular file ({file_kind(info.st_mode)})"
    return path, MediaStatus.OK, ""


def _folder(song: "Song") -> Path:
    return song.path.parent if song.path is not None else Path(".")


def media_file(song: "Song", key: str) -> MediaFile | None:
    """The header ``key`` checked (``None`` when the chart does not name one).

    ``AUDIO`` falls back to the legacy ``MP3`` as the chart model does."""
    key = key.upper()
    name = song.header(key)
    if not name and key == "AUDIO":
        key, name = "MP3", song.header("MP3")
    if not name:
        return None
    path, status, reason = locate(_folder(song), name)
    return MediaFile(key, name, path, status, reason)


def media_path(song: "Song", key: str, *, missing: bool = False) -> Path | None:
    """The file behind header ``key`` when it may be opened, else ``None`` (with
    ``missing``, also a path inside the folder that does not exist yet)."""
    found = media_file(song, key)
    if found is None:
        return None
    return found.allowed if missing else found.usable


def audio_file(song: "Song") -> Path | None:
    return media_path(song, "AUDIO")


def media_problems(song: "Song") -> list[MediaFile]:
    """Every media header that names a file the game will not open, in header order."""
    problems = []
    for key in MEDIA_KEYS:
        if key == "MP3" and song.header("AUDIO"):
            continue  # #AUDIO wins; an old #MP3 beside it is never used
        found = media_file(song, key) if song.header(key) else None
        if found is not None and found.status is not MediaStatus.OK:
            problems.append(found)
    return problems


# -- media found by their names --------------------------------------------------------
# Song packs name their pictures and videos by convention rather than by header: a
# "[CO]" or "cover" picture, a "[BG]" or "background" one, "[VD]" or the folder's only
# video. Both the scan (from its folder listing) and a chart opened on its own use these.
PICTURE_EXTENSIONS = frozenset((".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"))
VIDEO_EXTENSIONS = frozenset((".mp4", ".m4v", ".avi", ".mkv", ".webm", ".mov", ".mpg", ".mpeg",
                              ".divx", ".flv", ".wmv", ".ogv"))
_CONVENTIONS = {
    # kind -> (extensions, (tag, stems, word)) tried in that order
    "COVER": (PICTURE_EXTENSIONS, ("[co]", ("cover", "folder", "front", "album"), "cover")),
    "BACKGROUND": (PICTURE_EXTENSIONS, ("[bg]", ("background", "bg", "backdrop"), "background")),
    "VIDEO": (VIDEO_EXTENSIONS, ("[vd]", ("video",), "video")),
}


def conventional(key: str, names: Sequence[str] | frozenset[str]) -> str | None:
    """The file among ``names`` (one folder's) that packs use for ``key`` (COVER,
    BACKGROUND or VIDEO) when the chart names none; the folder's only video, or only
    picture that is not a background, counts."""
    key = key.upper()
    extensions, (tag, stems, word) = _CONVENTIONS[key]
    fitting = [n for n in names if "." + n.rpartition(".")[2].lower() in extensions]
    if not fitting:
        return None
    fitting.sort()
    best: tuple[int, str] | None = None  # (rank: tag 0, stem 1, word 2, name)
    for name in fitting:
        low = name.lower()
        stem = os.path.splitext(low)[0]
        if key == "COVER" and "[bg]" in low:
            continue
        rank = 0 if tag in low or (key == "VIDEO" and "[video]" in low) else \
            1 if stem in stems else 2 if word in stem else None
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, name)
    if best is not None:
        return best[1]
    if key == "COVER":  # "Artist - Title.jpg" beside a background
        fitting = [n for n in fitting if conventional("BACKGROUND", (n,)) is None]
    if key in ("COVER", "VIDEO") and len(fitting) == 1:
        return fitting[0]
    return None


def song_media(song: "Song", key: str) -> Path | None:
    """The file a chart opened on its own uses for ``key``: its header when that file is
    there, else the folder's conventional one (COVER, BACKGROUND, VIDEO)."""
    named = media_path(song, key)
    if named is not None or key.upper() not in _CONVENTIONS:
        return named
    folder = _folder(song)
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file() and not entry.name.startswith(".")]
    except OSError:
        return None
    found = conventional(key, names)
    return folder / found if found is not None else None
