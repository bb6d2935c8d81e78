"""The chart as plain data: what ``alienstage chart info --json`` prints."""

from __future__ import annotations

from typing import Any

from .model import Song


def _bpm_as_written(song: Song) -> float | int | None:
    bpm = song.bpm
    if bpm is None:
        return None
    return int(bpm) if bpm.is_integer() else bpm


def song_summary(song: Song) -> dict[str, Any]:
    clock = song.clock
    audio = song.audio_path
    return {
        "path": str(song.path) if song.path is not None else None,
        "title": song.title,
        "artist": song.artist,
        "version": song.version,
        "encoding": song.encoding,
        "bpm": _bpm_as_written(song),
        "gap_ms": song.gap_ms,
        "start_ms": song.start_ms,
        "end_ms": song.end_ms,
        "video_gap_ms": song.video_gap_ms,
        "preview_start_ms": song.preview_start_ms,
        "medley_start_ms": song.medley_start_ms,
        "medley_end_ms": song.medley_end_ms,
        "language": song.language,
        "year": song.year,
        "audio": str(audio) if audio is not None else None,
        "headers": dict(song.headers),
        "voices": [
            {
                "id": voice.id,
                "name": voice.name,
                "lines": len(voice.lines),
                "lyrics": voice.lyrics,
                "notes": [
                    {
                        "kind": note.kind.label,
                        "beat": note.beat,
                        "length": note.length,
                        "pitch": note.pitch,
                        "text": note.text,
                        "start_ms": clock.beat_to_ms(note.beat),
                        "end_ms": clock.beat_to_ms(note.end_beat),
                    }
                    for note in voice.notes
                ],
            }
            for voice in song.voices
        ],
        "duration_ms": song.duration_ms,
        "warnings": [str(w) for w in song.warnings],
    }
