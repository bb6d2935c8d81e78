"""Writing charts as UltraStar TXT v1.1.0, UTF-8 without BOM.

Whatever the source format, the output uses v1.x units (BPM with the factor 4, START and
VIDEOGAP in seconds, medley in beats) and absolute beats, so every current game reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..storage import atomic_write_text
from .model import Song, Voice

WRITTEN_VERSION = "1.1.0"

# Headers the writer produces itself, from the model rather than from the raw text.
_DERIVED = {"VERSION", "ENCODING", "RELATIVE", "BPM", "GAP", "START", "END", "VIDEOGAP",
            "PREVIEWSTART", "PREVIEWEND", "MEDLEYSTART", "MEDLEYEND", "MEDLEYSTARTBEAT",
            "MEDLEYENDBEAT"}
_SINGER_KEY = re.compile(r"(?:DUETSINGER)?(P[1-9])")
_LINE_BREAKS = re.compile(r"[\r\n]+")


def format_number(value: float) -> str:
    """Shortest plain decimal that keeps the value to a nanosecond-scale precision."""
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.9f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):  # a tiny non-zero value must not be written as zero
        text = f"{value:.20f}".rstrip("0")
    return text


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def _timing_headers(song: Song) -> dict[str, str]:
    """Every timing header the song has, converted to v1.1.0 units."""
    clock = song.clock
    values: dict[str, str] = {"BPM": format_number(15000.0 / clock.ms_per_beat),
                              "GAP": format_number(clock.gap_ms)}
    seconds = {"START": song.start_ms, "VIDEOGAP": song.video_gap_ms,
               "PREVIEWSTART": song.preview_start_ms, "PREVIEWEND": song.preview_end_ms}
    for key, ms in seconds.items():
        if ms is not None:
            values[key] = format_number(ms / 1000.0)
    if song.end_ms is not None:
        values["END"] = format_number(song.end_ms)
    for key, ms in (("MEDLEYSTARTBEAT", song.medley_start_ms), ("MEDLEYENDBEAT", song.medley_end_ms)):
        if ms is not None:
            values[key] = str(round(clock.ms_to_beat(ms)))  # v1 medley bounds are whole beats
    return values


def _header_lines(song: Song) -> list[str]:
    timing = _timing_headers(song)
    names = {voice.id: voice.name for voice in song.voices if voice.name}
    out = [f"#VERSION:{WRITTEN_VERSION}"]
    written: set[str] = {"VERSION"}

    def emit(key: str, value: str) -> None:
        if key not in written:
            out.append(f"#{key}:{_one_line(value)}")
            written.add(key)

    for key, value in song.headers.items():
        singer = _SINGER_KEY.fullmatch(key)
        if singer:
            voice_id = singer.group(1)
            emit(voice_id, names.get(voice_id, value))
        elif key == "MP3":
            emit("AUDIO", song.headers.get("AUDIO", value))  # v1.1.0 name first
            emit("MP3", value)  # older games only know #MP3
        elif key in _DERIVED:
            # Timing keys keep their place in the file; v2 medley keys map to v1 ones.
            mapped = {"MEDLEYSTART": "MEDLEYSTARTBEAT", "MEDLEYEND": "MEDLEYENDBEAT"}.get(key, key)
            if mapped in timing:
                emit(mapped, timing[mapped])
        else:
            emit(key, value)
    for key, value in timing.items():
        emit(key, value)
    for voice_id, name in names.items():
        emit(voice_id, name)
    return out


def _voice_lines(voice: Voice) -> list[str]:
    out: list[str] = []
    for index, line in enumerate(voice.lines):
        for note in line.notes:
            out.append(f"{note.kind.value} {note.beat} {note.length} {note.pitch} {_one_line(note.text)}")
        if index + 1 < len(voice.lines):
            following = voice.lines[index + 1]
            beat = line.break_beat if line.break_beat is not None else following.start_beat
            out.append(f"- {beat}")
    return out


def dump_song(song: Song) -> str:
    """The song as UltraStar v1.1.0 text (``\\n`` newlines, ends with ``E``)."""
    lines = _header_lines(song)
    # Markers only for duets -- and for a lone voice that is not P1, so it keeps its id.
    marked = [voice.id for voice in song.voices] != ["P1"]
    for voice in song.voices:
        if marked:
            lines.append(voice.id)
        lines.extend(_voice_lines(voice))
    lines.append("E")
    return "\n".join(lines) + "\n"


def write_song(song: Song, path: Path | str) -> None:
    """Write the chart crash-safely (temp file, then rename)."""
    atomic_write_text(path, dump_song(song), encoding="utf-8")
