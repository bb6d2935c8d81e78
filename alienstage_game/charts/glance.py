"""A chart at a glance: what the song browser needs (headers, voices, length), read
without building its notes.

The scan of a big library reads thousands of charts only to list them; parsing every
note cost about ten times reading the file. A glance reads the headers with the chart
reader's own rules (encoding, versions, tempo checks), finds where each voice's notes
begin and end by their first character, and parses only those few note lines. The full
parse happens when a song is chosen. Charts whose length needs every note (relative
beats, mid-song tempo changes) are parsed in full: they are rare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ChartError
from .limits import MAX_BEAT
from .model import Song
from .timing import parse_whole
from .ultrastar_read import _NOTE, check_reach, open_reader, parse_song


@dataclass(frozen=True)
class ChartGlance:
    song: Song  # headers only: no voices
    voices: int  # voices with notes
    first_beat: int
    last_beat: int

    @property
    def is_duet(self) -> bool:
        return self.voices > 1

    @property
    def duration_ms(self) -> float:
        """#END when given, else the end of the last note (as ``Song.duration_ms``)."""
        end = self.song.end_ms
        return end if end is not None else self.song.clock.beat_to_ms(self.last_beat)


_BODY = re.compile(r"^[ \t\ufeff]*[^ \t\ufeff#\n]", re.M)  # the first line that is no header
# One pass over the body finds what shapes it: voice markers, a tempo change, the end.
_SHAPE = re.compile(r"^[ \t\ufeff]*(?:([EB])(?:[ \t][^\n]*)?|[Pp][ \t]*([1-9])[ \t]*)$", re.M)
_NOTE_LINE = re.compile(r"^[ \t\ufeff]*[:*FRG][^\n]*", re.M)


def glance_song(data: bytes, path: Path | str | None = None) -> ChartGlance:
    """Raises ``ChartError`` for what the full reader would refuse from headers alone
    (no tempo, no notes, not text, a length of days). Headers after the first note are
    not seen (the full reader warns about them)."""
    reader, text = open_reader(data, path)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = _BODY.search(text)
    body_start = found.start() if found else len(text)
    for number, line in enumerate(text[:body_start].split("\n"), start=1):
        line = line.lstrip(" \t\ufeff")
        if line.startswith("#"):
            reader.read_header(number, line)
    reader.check_version()
    reader.check_tempo()
    spans, voice, at, body_end = [], "P1", body_start, len(text)
    every_note = reader.relative  # relative beats or tempo changes: time needs every note
    for shape in _SHAPE.finditer(text, body_start):
        if shape.group(1) == "E":
            body_end = shape.start()
            break
        if shape.group(1) == "B":
            every_note = True
            break
        spans.append((voice, at, shape.start()))
        voice, at = f"P{shape.group(2)}", shape.end()
    if every_note:
        return _from_song(parse_song(data, path))
    spans.append((voice, at, body_end))
    bounds: dict[str, tuple[int, int]] = {}
    for voice, start, stop in spans:
        section = _bounds(text, start, stop)
        if section is not None:
            old = bounds.get(voice, section)
            bounds[voice] = (min(old[0], section[0]), max(old[1], section[1]))
    if not bounds:
        raise ChartError(reader.path, text.count("\n", 0, body_end) + 1, "no notes: the chart has nothing to sing")
    song = reader.song
    first_beat = min(b[0] for b in bounds.values())
    last_beat = max(b[1] for b in bounds.values())
    check_reach(song, first_beat, last_beat)
    return ChartGlance(song, len(bounds), first_beat, last_beat)


def _bounds(text: str, start: int, stop: int) -> tuple[int, int] | None:
    """The first note's beat and the last note's end beat in ``text[start:stop]`` (its
    first and last readable note lines: charts keep notes in order, the reader warns
    otherwise)."""
    first = None
    for line in _NOTE_LINE.finditer(text, start, stop):
        first = _note(line.group())
        if first is not None:
            break
    if first is None:
        return None
    end = stop
    while end > start:
        cut = text.rfind("\n", start, end)
        note = _note(text[max(cut + 1, start):end])
        if note is not None:
            return first[0], note[0] + max(note[1], 0)
        end = cut if cut >= 0 else start
    return first[0], first[0] + max(first[1], 0)


def _note(raw: str) -> tuple[int, int] | None:
    match = _NOTE.fullmatch(raw.lstrip(" \t\ufeff"))
    if match is None:
        return None
    try:
        beat, length = parse_whole(match.group(2)), parse_whole(match.group(3))
    except ValueError:
        return None
    if abs(beat) > MAX_BEAT or abs(length) > MAX_BEAT:  # the reader ignores such notes too
        return None
    return beat, length


def _from_song(song: Song) -> ChartGlance:
    first = min((line.start_beat for voice in song.voices for line in voice.lines), default=0)
    return ChartGlance(Song(path=song.path, headers=song.headers, encoding=song.encoding,
                            warnings=song.warnings, header_lines=song.header_lines),
                       len(song.voices), first, song.last_beat)
