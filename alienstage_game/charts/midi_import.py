"""MIDI to an UltraStar chart: a melody track to notes, lyric events to syllables.

UltraStar charts have one tempo. v1 BPM counts four grid beats per written beat (one
beat = 15000/BPM ms), so #BPM = the quarter-note tempo in force at the first note makes a
chart beat a sixteenth; it is doubled (32nds) or quadrupled when the melody needs a finer
grid (triplets, grace notes). GAP is the first note's time. Every
note is placed by its real time through the whole tempo map, then rounded to that
grid, so a song with tempo changes keeps its timing to within half a beat -- and each
change is reported as a warning saying where it is.

Lyrics come from ``lyrics`` meta events (or ``text`` events, as in .kar files) at a
note's start tick. Karaoke marks are understood: "/" or "\\" (or a newline) starts a
new line, a trailing "-" joins the next syllable to the word, a leading space starts
a word. Chords keep their highest note (the melody, by convention).
"""

from __future__ import annotations

import bisect
import io
import struct
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..intake import IntakeError, read_regular
from .limits import MAX_BPM, MAX_SONG_S, MIN_BPM
from .model import MIDI_C4, Line, Note, NoteKind, Song, Voice
from .ultrastar_write import format_number

DEFAULT_TEMPO = 500_000  # microseconds per quarter note: 120 BPM, MIDI's default
PLACEHOLDER = "la"
MELISMA = "~"
LINE_REST_S = 1.0  # without line marks, a rest this long ends a line
# A stranger's MIDI file: songs are a few hundred KB; a chart of more notes than this would
# be past what the chart reader takes back.
MAX_MIDI_BYTES = 8 * 1024 * 1024
MAX_NOTES = 50_000


class MidiImportError(Exception):
    """A MIDI file that cannot become a chart: ``PATH: reason``."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path, self.message = Path(path), message
        super().__init__(f"{path}: {message}")


@dataclass
class _Heard:
    tick: int
    end_tick: int
    midi: int
    text: str | None = None
    new_line: bool = False


@dataclass
class MidiImport:
    song: Song
    track: int
    warnings: list[str] = field(default_factory=list)


class _TempoMap:
    def __init__(self, changes: list[tuple[int, int]], ticks_per_beat: int) -> None:
        self.ticks_per_beat = ticks_per_beat
        self.changes = sorted(changes) or [(0, DEFAULT_TEMPO)]
        if self.changes[0][0] != 0:
            self.changes.insert(0, (0, DEFAULT_TEMPO))
        self._ticks = [tick for tick, _ in self.changes]  # for bisect: files may hold 100,000 changes
        self._starts: list[float] = []  # seconds at each change
        seconds = 0.0
        for k, (tick, tempo) in enumerate(self.changes):
            if k:
                prev_tick, prev_tempo = self.changes[k - 1]
                seconds += (tick - prev_tick) * prev_tempo / 1e6 / ticks_per_beat
            self._starts.append(seconds)

    def _index(self, tick: int) -> int:
        return max(0, bisect.bisect_right(self._ticks, tick) - 1)

    def tempo_at(self, tick: int) -> int:
        return self.changes[self._index(tick)][1]

    def seconds(self, tick: int) -> float:
        k = self._index(tick)
        start_tick, tempo = self.changes[k]
        return self._starts[k] + (tick - start_tick) * tempo / 1e6 / self.ticks_per_beat


def _check_chunks(path: Path, data: bytes) -> None:
    """Walk the chunk headers before mido does: a chunk that claims more bytes than the
    file holds made mido ask for gigabytes (an 8-byte header claimed 3.6 GB)."""
    if not data.startswith(b"MThd") or len(data) < 14:
        raise MidiImportError(path, "not a MIDI file (no MThd header)")
    at = 0
    count = 0
    while at + 8 <= len(data):
        kind, length = data[at:at + 4], struct.unpack(">I", data[at + 4:at + 8])[0]
        if length > len(data) - at - 8:
            raise MidiImportError(path, f"chunk {count} ({kind!r}) claims {length:,} bytes but the file has "
                                        f"{len(data) - at - 8:,} left: the file is cut short or damaged")
        if count == 0:
            if length < 6:
                raise MidiImportError(path, "the MIDI header is too short")
            division = struct.unpack(">H", data[at + 12:at + 14])[0]
            if division == 0:
                raise MidiImportError(path, "the file has 0 ticks per beat: it has no timing")
            if division & 0x8000:
                raise MidiImportError(path, "SMPTE time division is not supported (only ticks per beat)")
        at += 8 + length
        count += 1


def _open_bytes(path: Path, data: bytes):
    import mido

    _check_chunks(path, data)
    try:
        return mido.MidiFile(file=io.BytesIO(data))
    except Exception as err:  # noqa: BLE001 -- mido raises what its parser meets (EOFError, KeyError...)
        reason = str(err).strip() or type(err).__name__
        raise MidiImportError(path, f"not a readable MIDI file ({reason[:120]})") from None


def _printable(text: str) -> str:
    """A lyric or name without NULs and control characters, which no chart can hold."""
    return "".join(ch for ch in text if ch in "\r\n" or unicodedata.category(ch)[0] != "C")


def _track_notes(track) -> tuple[list[_Heard], int]:
    """Notes of one track with absolute ticks (highest of a chord) and how many chord
    notes were dropped."""
    tick, sounding, notes, lyrics = 0, {}, [], []
    for msg in track:
        tick += msg.time
        if msg.type == "note_on" and msg.velocity > 0:
            sounding[(msg.channel, msg.note)] = tick
        elif msg.type in ("note_off", "note_on") and (msg.channel, msg.note) in sounding:
            start = sounding.pop((msg.channel, msg.note))
            if tick > start:
                notes.append(_Heard(start, tick, msg.note))
        elif msg.type in ("lyrics", "text") and not msg.text.startswith("@"):  # "@" = .kar info
            lyrics.append((tick, msg.type, _printable(msg.text)))
    notes.sort(key=lambda n: (n.tick, -n.midi))
    melody: list[_Heard] = []
    dropped = 0
    for note in notes:
        if melody and note.tick < melody[-1].end_tick:
            if note.tick == melody[-1].tick:
                dropped += 1
                continue  # a chord: the highest note came first
            melody[-1].end_tick = note.tick  # overlapping melody notes: cut the earlier one
        melody.append(note)
    # Prefer "lyrics" events; fall back to "text" ones (karaoke files use those).
    kinds = {kind for _, kind, _ in lyrics}
    chosen = [(t, text) for t, kind, text in lyrics if kind == ("lyrics" if "lyrics" in kinds else "text")]
    _attach(melody, chosen)
    return melody, dropped


def _attach(notes: list[_Heard], lyrics: list[tuple[int, str]]) -> None:
    """Each lyric event goes to the first note starting at or after its tick."""
    k = 0
    for tick, text in sorted(lyrics, key=lambda x: x[0]):
        while k < len(notes) and notes[k].tick < tick:
            k += 1
        if k == len(notes):
            break
        note = notes[k]
        if note.text is None:
            note.text = text
        else:
            note.text += text


def _syllables(notes: list[_Heard]) -> list[tuple[str, bool]]:
    """UltraStar texts and 'starts a line' flags from karaoke lyric marks."""
    texts = [n.text for n in notes if n.text]
    uses_spaces = any(" " in t for t in texts)  # else every syllable is its own word unless "-"
    out: list[tuple[str, bool]] = []
    pending_line = hyphen = end_space = False
    for note in notes:
        raw = note.text or ""
        body = raw.strip("\r\n").replace("/", "").replace("\\", "")
        new_line = pending_line or raw.lstrip(" ").startswith(("/", "\\"))
        pending_line = raw.endswith(("\r", "\n"))
        if not body.strip():
            if texts:
                out.append((MELISMA, new_line))
            else:
                out.append((("" if not out or new_line else " ") + PLACEHOLDER, new_line))
            continue
        starts_word = body.startswith(" ") or end_space or (not hyphen and not uses_spaces)
        word = body.strip()
        hyphen = len(word) > 1 and word.endswith("-")
        end_space = body.endswith(" ")
        word = word[:-1] if hyphen else word
        out.append(((" " if starts_word and out and not new_line else "") + word, new_line))
    return out


def _grid_factor(notes: list[_Heard], ticks_per_beat: int) -> int:
    """1 when every note starts and ends on a sixteenth from the first note, 2 on a 32nd,
    else 4 (a 64th grid is within 8 ms of any triplet at usual tempos)."""
    origin = notes[0].tick
    for factor in (1, 2):
        step = ticks_per_beat / (4 * factor)
        if all(((n.tick - origin) / step).is_integer() and ((n.end_tick - origin) / step).is_integer()
               for n in notes):
            return factor
    return 4


def import_midi(path: Path | str, track: int | None = None) -> MidiImport:
    """The chart of one track (``None``: the first track with notes, preferring one with lyrics)."""
    source = Path(path)
    if not source.exists() and not source.is_symlink():
        raise MidiImportError(source, "no such file")
    try:
        data = read_regular(source, MAX_MIDI_BYTES)
    except IntakeError as err:
        raise MidiImportError(source, err.reason) from None
    return import_midi_bytes(data, source, track)


def import_midi_bytes(data: bytes, path: Path | str, track: int | None = None) -> MidiImport:
    """``import_midi`` of a file's bytes (``path`` names it): only MidiImportError escapes."""
    source = Path(path)
    midi = _open_bytes(source, data)
    if midi.type == 2:
        raise MidiImportError(source, "MIDI type 2 (independent patterns) is not supported")
    tempos: list[tuple[int, int]] = []
    zero_tempos = 0
    for t in midi.tracks:
        tick = 0
        for msg in t:
            tick += msg.time
            if msg.type == "set_tempo":
                if msg.tempo > 0:
                    tempos.append((tick, msg.tempo))
                else:
                    zero_tempos += 1  # a tempo of 0 us per beat would make every note instant
    tempo_map = _TempoMap(tempos, midi.ticks_per_beat)
    parsed = [_track_notes(t) for t in midi.tracks]
    if track is None:
        with_notes = [k for k, (notes, _) in enumerate(parsed) if notes]
        if not with_notes:
            raise MidiImportError(source, "no track has notes")
        with_lyrics = [k for k in with_notes if any(n.text for n in parsed[k][0])]
        track = (with_lyrics or with_notes)[0]
    if not 0 <= track < len(midi.tracks):
        raise MidiImportError(source, f"there is no track {track} (the file has {len(midi.tracks)}: 0..{len(midi.tracks) - 1})")
    notes, dropped = parsed[track]
    name = _printable(next((m.name for m in midi.tracks[track] if m.type == "track_name"), "")).strip()
    if not notes:
        raise MidiImportError(source, f"track {track}{f' ({name})' if name else ''} has no notes")
    if len(notes) > MAX_NOTES:
        raise MidiImportError(source, f"track {track} has {len(notes):,} notes, more than a chart can hold "
                                      f"({MAX_NOTES:,})")
    last_s = tempo_map.seconds(notes[-1].end_tick)
    if last_s > MAX_SONG_S:
        raise MidiImportError(source, f"the notes run for {last_s / 3600:,.0f} hours: the timing cannot be right")
    warnings: list[str] = []
    if zero_tempos:
        warnings.append(f"{zero_tempos} tempo event(s) of 0 ignored")
    if dropped:
        warnings.append(f"track {track}: {dropped} chord note(s) dropped, the highest note of each chord kept")
    first_tick = notes[0].tick
    quarter_tempo = tempo_map.tempo_at(first_tick)
    bpm = 60e6 / quarter_tempo * _grid_factor(notes, midi.ticks_per_beat)
    if not MIN_BPM <= bpm <= MAX_BPM:
        raise MidiImportError(source, f"the tempo at the first note is {60e6 / quarter_tempo:,.0f} beats per "
                                      f"minute: no song is that fast")
    gap_ms = tempo_map.seconds(first_tick) * 1000.0
    beat_ms = 15000.0 / bpm
    for (_, before), (tick, tempo) in zip(tempo_map.changes, tempo_map.changes[1:]):
        if tempo != before:
            warnings.append(
                f"tempo changes at tick {tick} ({tempo_map.seconds(tick):.2f} s) to {60e6 / tempo:.2f} "
                f"quarter-BPM; the chart keeps one BPM ({60e6 / quarter_tempo:.2f}), notes after it are placed "
                f"by time, within half a beat")
    syllables = _syllables(notes)
    if not any(n.text for n in notes):
        warnings.append(f"track {track} has no lyric events: every note sings '{PLACEHOLDER}'")
    has_line_marks = any(flag for _, flag in syllables)
    lines: list[Line] = []
    last_beat_end = None
    for k, (note, (text, line_mark)) in enumerate(zip(notes, syllables)):
        start_ms = tempo_map.seconds(note.tick) * 1000.0
        end_ms = tempo_map.seconds(note.end_tick) * 1000.0
        beat = round((start_ms - gap_ms) / beat_ms)
        if last_beat_end is not None and beat < last_beat_end:
            beat = last_beat_end
        length = max(1, round((end_ms - gap_ms) / beat_ms) - beat)
        rest_s = tempo_map.seconds(note.tick) - tempo_map.seconds(notes[k - 1].end_tick) if k else 0.0
        new_line = k == 0 or (line_mark if has_line_marks else rest_s >= LINE_REST_S)
        if new_line:
            if lines:
                lines[-1].break_beat = lines[-1].end_beat
            lines.append(Line())
            text = text.lstrip()
        lines[-1].notes.append(Note(NoteKind.NORMAL, beat, length, note.midi - MIDI_C4, text))
        last_beat_end = beat + length
    title = Path(source).stem.replace("_", " ")
    headers = {"TITLE": name or title, "ARTIST": "Unknown", "BPM": format_number(round(bpm, 3)),
               "GAP": format_number(round(gap_ms, 3)), "CREATOR": "alienstage chart from-midi"}
    return MidiImport(Song(path=None, headers=headers, voices=[Voice("P1", lines=lines)]), track, warnings)
