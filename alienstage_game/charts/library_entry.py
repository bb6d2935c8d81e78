"""What the song library lists: a playable song (``SongEntry``) and a chart that cannot
be played (``BrokenChart``), as the scan builds them from its cache rows."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from .level import Level
from .library_cache import FileRecord
from .media import conventional


@dataclass(frozen=True)
class SongEntry:
    """What the song browser shows for one playable chart.

    Paths are kept as text and become ``Path`` objects when asked for: a library of
    10,000 songs would otherwise spend most of a warm scan building them."""

    chart: str
    title: str
    artist: str
    language: str | None
    year: int | None
    duration_ms: float
    is_duet: bool
    voices: int
    audio: str | None
    cover: str | None
    bpm: float | None
    level: Level | None = None  # set when the chart belongs to a level pack
    # Why a duel cannot start with this song's audio (None: it plays).
    audio_problem: str | None = None
    vocals: str | None = None
    instrumental: str | None = None
    background: str | None = None
    video: str | None = None
    start_ms: float | None = None
    preview_ms: float | None = None
    medley_start_ms: float | None = None
    medley_end_ms: float | None = None
    video_gap_ms: float | None = None

    @classmethod
    def from_record(cls, record: FileRecord, level: Level | None = None,
                    beside: frozenset[str] | None = None) -> "SongEntry":
        """``beside``: the other files in the chart's folder, when the scan listed it
        (media are then checked against it without a stat each)."""
        folder = os.path.dirname(record.path)

        def present(path: str | None) -> str | None:
            if path is None:
                return None
            where, _, name = path.rpartition(os.sep)
            there = name in beside if beside is not None and where == folder else os.path.isfile(path)
            return path if there else None

        def found(path: str | None, key: str) -> str | None:
            named = present(path)
            if named is not None or beside is None:
                return named
            name = conventional(key, beside)
            return os.path.join(folder, name) if name is not None else None

        audio = record.audio
        problem = record.audio_reason
        if problem is None and present(audio) is None:
            problem = f"the audio file {os.path.basename(audio or '')!r} is missing"
        return cls(
            chart=record.path,
            title=record.title or "",
            artist=record.artist or "",
            language=record.language,
            year=record.year,
            duration_ms=finite(record.duration_ms) or 0.0,
            is_duet=bool(record.is_duet),
            voices=record.voices or 0,
            audio=audio,
            cover=found(record.cover, "COVER"),
            bpm=finite(record.bpm),
            level=level,
            audio_problem=problem,
            vocals=present(record.vocals),
            instrumental=present(record.instrumental),
            background=found(record.background, "BACKGROUND"),
            video=found(record.video, "VIDEO"),
            start_ms=record.start_ms,
            preview_ms=record.preview_ms,
            medley_start_ms=record.medley_start_ms,
            medley_end_ms=record.medley_end_ms,
            video_gap_ms=record.video_gap_ms,
        )

    @property
    def path(self) -> Path:
        return Path(self.chart)

    @property
    def audio_path(self) -> Path | None:
        return _as_path(self.audio)

    @property
    def cover_path(self) -> Path | None:
        return _as_path(self.cover)

    @property
    def vocals_path(self) -> Path | None:
        return _as_path(self.vocals)

    @property
    def instrumental_path(self) -> Path | None:
        return _as_path(self.instrumental)

    @property
    def background_path(self) -> Path | None:
        return _as_path(self.background)

    @property
    def video_path(self) -> Path | None:
        return _as_path(self.video)

    @property
    def playable(self) -> bool:
        """Whether a duel can start: its audio is there and may be opened."""
        return self.audio_problem is None

    @property
    def display_title(self) -> str:
        return self.level.title if self.level is not None else self.title

    def to_json(self) -> dict:
        return {
            "path": printable(self.chart),
            "title": self.title,
            "artist": self.artist,
            "language": self.language,
            "year": self.year,
            "duration_ms": self.duration_ms,
            "is_duet": self.is_duet,
            "voices": self.voices,
            "audio": printable(self.audio) if self.audio else None,
            "playable": self.playable,
            "audio_problem": self.audio_problem,
            "cover": printable(self.cover) if self.cover else None,
            "background": printable(self.background) if self.background else None,
            "video": printable(self.video) if self.video else None,
            "vocals": printable(self.vocals) if self.vocals else None,
            "instrumental": printable(self.instrumental) if self.instrumental else None,
            "start_ms": self.start_ms,
            "preview_ms": self.preview_ms,
            "medley_start_ms": self.medley_start_ms,
            "medley_end_ms": self.medley_end_ms,
            "bpm": self.bpm,
            "level": self.level.to_json() if self.level is not None else None,
        }


def _as_path(text: str | None) -> Path | None:
    return Path(text) if text else None


@dataclass(frozen=True)
class BrokenChart:
    """A chart (or level.toml) that cannot be played, and why."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}: {self.reason}"

    def to_json(self) -> dict:
        return {"path": printable(self.path), "line": self.line, "reason": self.reason}


def printable(path: Path | str) -> str:
    """A path as a person reads it: bytes that are not UTF-8 become \ufffd (the path itself
    keeps them, so the song still opens)."""
    return os.fsencode(path).decode("utf-8", "replace")


def finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None
