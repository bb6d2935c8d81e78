"""Reading UltraStar TXT charts: spec v1.1.0/1.0.0, unversioned legacy files, v2.0.0 draft.

Lenient where singers' files are odd (those become warnings with a line number) and strict
only where a chart could not be played: no tempo, no notes, not text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..intake import IntakeError, read_regular, too_large
from .encoding import decode_chart
from .errors import ChartError, ChartWarning
from .limits import MAX_BEAT, MAX_BPM, MAX_CHART_BYTES, MAX_PITCH, MAX_SONG_S, MIN_BPM
from .model import NOTE_MARKERS, Line, Note, NoteKind, Song, Voice
from .tempo import TempoChange, flatten_tempo
from .timing import V2, parse_number, parse_version, parse_whole

_NEWLINE = re.compile(r"\r\n|\r|\n")
# Fields may be separated by several spaces (or none after the type); exactly one separator
# follows the pitch and everything after it, spaces included, is the syllable.
_NOTE = re.compile(r"([:*FRG])[ \t]*([+-]?[0-9]+)[ \t]+([+-]?[0-9]+)[ \t]+([+-]?[0-9]+)(?:[ \t](.*))?")
_VOICE = re.compile(r"[Pp][ \t]*([1-9])[ \t]*")
_TRUE = {"yes", "true", "1", "on"}


def load_song(path: Path | str) -> Song:
    """Read a chart file; raises ChartError(path, line, reason) when it cannot be played."""
    chart_path = Path(path)
    try:
        data = read_regular(chart_path, MAX_CHART_BYTES)
    except IntakeError as err:
        raise ChartError(chart_path, 1, err.reason) from None
    return parse_song(data, chart_path)


def parse_song(data: bytes, path: Path | str | None = None) -> Song:
    """Decode and parse chart bytes; ``path`` is used for messages and media paths."""
    reader, text = open_reader(data, path)
    return reader.read(_NEWLINE.split(text))


def open_reader(data: bytes, path: Path | str | None) -> tuple["_ChartReader", str]:
    """The checks every read starts with (size, emptiness, text), and the decoded text."""
    chart_path = Path(path) if path is not None else None
    if len(data) > MAX_CHART_BYTES:
        raise ChartError(chart_path, 1, too_large(len(data), MAX_CHART_BYTES))
    if not data.strip():
        raise ChartError(chart_path, 1, "the file is empty")
    decoded = decode_chart(data)
    if "\x00" in decoded.text:
        raise ChartError(chart_path, 1, "not a text file (it contains binary data)")
    return _ChartReader(chart_path, decoded.encoding, decoded.warnings), decoded.text


@dataclass
class _VoiceBuilder:
    voice: Voice
    offset: int = 0  # #RELATIVE:yes -- beats are counted from the last break's offset
    current: list[Note] = field(default_factory=list)
    last: Note | None = None

    def close_line(self, break_beat: int | None) -> bool:
        """Finish the line being built; False when it had no notes."""
        if not self.current:
            return False
        self.voice.lines.append(Line(notes=self.current, break_beat=break_beat))
        self.current = []
        return True


class _ChartReader:
    def __init__(self, path: Path | None, encoding: str, warnings: list[ChartWarning]) -> None:
        self.path = path
        self.song = Song(path=path, encoding=encoding, warnings=list(warnings))
        self.voices: dict[str, _VoiceBuilder] = {}
        self.active: _VoiceBuilder | None = None
        self.relative = False
        self.seen_notes = False
        self.tempo_changes: list[TempoChange] = []

    # -- helpers ------------------------------------------------------------------------
    def warn(self, line: int, message: str) -> None:
        self.song.warnings.append(ChartWarning(line, message))

    def fail(self, line: int, message: str) -> ChartError:
        return ChartError(self.path, line, message)

    def builder(self, voice_id: str) -> _VoiceBuilder:
        if voice_id not in self.voices:
            self.voices[voice_id] = _VoiceBuilder(Voice(id=voice_id))
        return self.voices[voice_id]

    # -- the pass ---------------------------------------------------------------------------
    def read(self, lines: list[str]) -> Song:
        last_line = 0
        for number, raw in enumerate(lines, start=1):
            last_line = number
            text = raw.lstrip(" \t\ufeff")
            if not text.strip():
                continue
            first = text[0]
            if first == "#":
                self.read_header(number, text)
            elif first in NOTE_MARKERS:
                self.read_note(number, text)
            elif first == "-":
                self.read_break(number, text.rstrip())
            elif first in "Pp" and _VOICE.fullmatch(text.rstrip()):
                self.read_voice_marker(number, text.rstrip())
            elif first == "E" and (len(text.rstrip()) == 1 or text[1] in " \t"):
                break  # the end: anything after it is not part of the chart
            elif first == "B" and (len(text.rstrip()) == 1 or text[1] in " \t"):
                self.read_tempo_change(number, text.rstrip())
            else:
                self.warn(number, f"unknown line type {first!r}; line ignored")
        return self.finish(last_line)

    def read_header(self, number: int, text: str) -> None:
        key, colon, value = text[1:].partition(":")
        key = key.strip().upper()
        if not colon:
            self.warn(number, f"header {text.strip()!r} has no value; ignored")
            return
        if not key:
            self.warn(number, "header without a key; ignored")
            return
        if self.seen_notes:
            self.warn(number, f"header #{key} after the notes")
        if key in self.song.headers:
            self.warn(number, f"#{key} given twice; the last value is used")
        self.song.headers[key] = value.strip()
        self.song.header_lines[key] = number
        if key == "RELATIVE":
            self.relative = value.strip().lower() in _TRUE

    def read_voice_marker(self, number: int, text: str) -> None:
        match = _VOICE.fullmatch(text)
        assert match is not None
        if self.active is not None:
            self.active.close_line(None)
        self.active = self.builder(f"P{match.group(1)}")

    def read_note(self, number: int, text: str) -> None:
        match = _NOTE.fullmatch(text)
        if match is None:
            self.warn(number, f"cannot read note {text.strip()!r}: expected TYPE BEAT LENGTH PITCH TEXT")
            return
        marker, beat, length, pitch, syllable = match.groups()
        try:
            numbers = parse_whole(beat), parse_whole(length), parse_whole(pitch)
        except ValueError:
            numbers = None
        if numbers is None or abs(numbers[0]) > MAX_BEAT or abs(numbers[1]) > MAX_BEAT or abs(numbers[2]) > MAX_PITCH:
            self.warn(number, f"note {text.strip()[:60]!r} has a beat, length or pitch no song could have; ignored")
            return
        if self.active is None:
            self.active = self.builder("P1")
        voice = self.active
        start = numbers[0] + (voice.offset if self.relative else 0)
        note_length = numbers[1]
        if note_length <= 0:
            self.warn(number, f"note at beat {start} has length {note_length}")
        note = Note(NoteKind.from_marker(marker), start, note_length, numbers[2], syllable or "")
        previous = voice.last
        if previous is not None and note.beat < previous.beat:
            self.warn(number, f"note at beat {note.beat} comes after beat {previous.beat} (unsorted)")
        elif previous is not None and note.beat < previous.end_beat:
            self.warn(number, f"note at beat {note.beat} overlaps the note at beat {previous.beat}")
        voice.current.append(note)
        voice.last = note
        self.seen_notes = True

    def read_tempo_change(self, number: int, text: str) -> None:
        """``B beat bpm``, a legacy mid-song tempo change (folded into one tempo at the end)."""
        parts = text.split()
        try:
            beat, bpm = float(parse_whole(parts[1])), parse_number(parts[2])
        except (IndexError, ValueError):
            self.warn(number, f"cannot read tempo change {text[:60]!r}: expected B BEAT BPM; ignored")
            return
        if bpm <= 0:
            self.warn(number, f"tempo change to BPM {parts[2]} is not positive; ignored")
            return
        if not MIN_BPM <= bpm <= MAX_BPM or abs(beat) > MAX_BEAT:
            self.warn(number, f"tempo change to BPM {parts[2][:20]} at beat {parts[1][:20]} is not a tempo a song "
                              f"could have; ignored")
            return
        offset = self.active.offset if self.relative and self.active is not None else 0
        self.tempo_changes.append(TempoChange(beat + offset, bpm, number))

    def read_break(self, number: int, text: str) -> None:
        # Split, not a regex: "-", thousands of blanks and a word made the old pattern
        # backtrack quadratically (a 48 KB line took 8 s).
        fields = text[1:].split()
        try:
            if len(fields) > 2:
                raise ValueError("too many fields")
            first = parse_whole(fields[0]) if fields else None
            second = parse_whole(fields[1]) if len(fields) > 1 else None
        except ValueError:
            self.warn(number, f"cannot read line break {text[:60]!r}; ignored")
            return
        if any(v is not None and abs(v) > MAX_BEAT for v in (first, second)):
            self.warn(number, f"line break {text[:60]!r} is at a beat no song could have; ignored")
            return
        if self.active is None:
            self.active = self.builder("P1")
        voice = self.active
        if first is None:  # a bare "-": the break sits where the last note ends
            beat = voice.current[-1].end_beat if voice.current else voice.offset
        else:
            beat = first + (voice.offset if self.relative else 0)
        if not voice.close_line(beat):
            self.warn(number, "line break with no notes before it")
        if self.relative and first is not None:
            # `- a b`: b (or a when b is missing) moves the origin for the next line.
            voice.offset += second if second is not None else first

    # -- checks after the pass ----------------------------------------------------------------
    def finish(self, last_line: int) -> Song:
        song = self.song
        self.check_version()
        self.check_tempo()
        for builder in self.voices.values():
            builder.close_line(None)
            if builder.voice.lines:
                builder.voice.lines[-1].break_beat = None
        song.voices = [b.voice for _, b in sorted(self.voices.items()) if b.voice.lines]
        if not song.voices:
            raise self.fail(max(last_line, 1), "no notes: the chart has nothing to sing")
        for voice in song.voices:
            voice.name = song.header(voice.id) or song.header(f"DUETSINGER{voice.id}")
        if self.tempo_changes:
            self.fold_tempo_changes()
        self.check_length()
        return song

    def fold_tempo_changes(self) -> None:
        changes = self.tempo_changes
        done = flatten_tempo(self.song, changes, self.song.clock.ms_per_beat)
        lines = ", ".join(str(c.line) for c in changes[:5]) + (", ..." if len(changes) > 5 else "")
        self.warn(changes[0].line, f"tempo changes (lines {lines}) folded into one tempo: #BPM {done.bpm:g}, "
                                   f"{done.grid}x the first grid; notes moved at most {done.worst_ms:.1f} ms")

    def check_version(self) -> None:
        text = self.song.version
        if text is None:
            return
        version = parse_version(text)
        line = self.song.header_lines.get("VERSION", 1)
        if version is None:
            self.warn(line, f"cannot read #VERSION {text!r}; reading as an unversioned chart")
            del self.song.headers["VERSION"]
        elif version > (V2[0], 9, 9):
            self.warn(line, f"#VERSION {text} is newer than this game knows; reading as 2.0.0")

    def check_tempo(self) -> None:
        bpm_text = self.song.header("BPM")
        if bpm_text is None:
            raise self.fail(1, "no #BPM header: the chart has no tempo")
        line = self.song.header_lines["BPM"]
        try:
            bpm = parse_number(bpm_text)
        except ValueError:
            raise self.fail(line, f"#BPM {bpm_text[:40]!r} is not a number") from None
        if bpm <= 0:
            raise self.fail(line, f"#BPM must be positive, not {bpm_text}")
        if not MIN_BPM <= bpm <= MAX_BPM:
            raise self.fail(line, f"#BPM {bpm_text} is not a tempo a song could have "
                                  f"(between {MIN_BPM:g} and {MAX_BPM:g})")
        for key in _TIME_HEADERS:
            value = self.song.header(key)
            if not value:
                continue
            try:
                number = parse_number(value)
            except ValueError:
                self.warn(self.song.header_lines[key], f"#{key} {value[:40]!r} is not a number; ignored")
                continue
            if abs(number) > _TIME_HEADER_BOUND:
                # Dropped rather than kept: the model would otherwise time the song by it.
                self.warn(self.song.header_lines[key], f"#{key} {value} is further than a song could reach; ignored")
                del self.song.headers[key]

    def check_length(self) -> None:
        song = self.song
        first = min((line.start_beat for voice in song.voices for line in voice.lines), default=0)
        check_reach(song, first, song.last_beat)


def check_reach(song: Song, first_beat: int, last_beat: int) -> None:
    """A song longer than a day is a broken tempo or beat, and would make every screen
    that draws or sizes by duration do unbounded work."""
    clock = song.clock
    reach = max(abs(clock.beat_to_ms(last_beat)), abs(clock.beat_to_ms(first_beat)))
    if reach > MAX_SONG_S * 1000.0:
        hours = reach / 3_600_000.0
        raise ChartError(song.path, song.header_lines.get("BPM", 1),
                         f"the notes would run for {hours:,.0f} hours at #BPM {song.header('BPM')}: "
                         f"the tempo or the beats cannot be right")


# Timing headers, checked to be numbers a song could hold; values are seconds, ms or
# beats depending on the key and version, so one generous bound covers them all.
_TIME_HEADERS = ("GAP", "START", "END", "VIDEOGAP", "PREVIEWSTART", "PREVIEWEND",
                 "MEDLEYSTARTBEAT", "MEDLEYENDBEAT", "MEDLEYSTART", "MEDLEYEND")
_TIME_HEADER_BOUND = max(MAX_SONG_S * 1000.0, float(MAX_BEAT))
