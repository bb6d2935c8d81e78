"""MIDI or .kar to an UltraStar chart: the melody's notes, the lyrics' syllables.

UltraStar charts have one tempo. v1 BPM counts four grid beats per written beat (one
beat = 15000/BPM ms), so #BPM = the quarter-note tempo in force at the first note makes a
chart beat a sixteenth; it is doubled (32nds) or quadrupled when the melody needs a finer
grid (triplets, grace notes). GAP is the first note's time. Every
note is placed by its real time through the whole tempo map, then rounded to that
grid, so a song with tempo changes keeps its timing to within half a beat -- and each
change is reported as a warning saying where it is.

The parts of the work live beside this module: ``midi_melody`` picks the melody (the
most singable channel of a track, never the drums), ``midi_text`` decodes the file's
text (declared, UTF-8, Shift-JIS or CP1252), ``midi_lyrics`` matches lyric events of any
track to the melody's notes by time, ``midi_lines`` breaks the lines and writes the
note texts. Only MidiImportError comes out of a stranger's file.
"""

from __future__ import annotations

import bisect
import io
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

from ..intake import IntakeError, read_regular
from .limits import MAX_BPM, MAX_SONG_S, MIN_BPM
from .midi_lines import MAX_LINE_NOTES, PLACEHOLDER, line_marks, line_starts, note_texts
from .midi_lyrics import (MAX_EVENT_BYTES, choose_source, default_tolerance, match_syllables, parse_syllables, place,
                          track_lyrics)
from .midi_melody import Heard, Part, choose_melody, track_parts
from .midi_text import TextCodec, decode, detect_codec, raw_bytes
from .model import MIDI_C4, Line, Note, NoteKind, Song, Voice
from .ultrastar_write import format_number

DEFAULT_TEMPO = 500_000  # microseconds per quarter note: 120 BPM, MIDI's default
# The first track's name is the song's (the SMF "sequence name") unless it is one of these.
_PLACEHOLDER_NAME = re.compile(r"^(tempo( track)?|conductor|untitled|track ?\d*|sequence ?\d*|setup|global|"
                               r"system|control|master|words|lyrics?|soft karaoke)?$", re.IGNORECASE)
LOW_LYRIC_FIT = 0.5  # below this share of syllables near a melody note, the author is told
# A stranger's MIDI file: songs are a few hundred KB; a chart of more notes than this would
# be past what the chart reader takes back.
MAX_MIDI_BYTES = 8 * 1024 * 1024
MAX_NOTES = 50_000
MAX_SYLLABLES = 2 * MAX_NOTES


class MidiImportError(Exception):
    """A MIDI file that cannot become a chart: ``PATH: reason``."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path, self.message = Path(path), message
        super().__init__(f"{path}: {message}")


@dataclass
class MidiImport:
    song: Song
    track: int  # the melody's track
    warnings: list[str] = field(default_factory=list)
    channel: int | None = None  # the melody's channel (0-based)
    lyrics_track: int | None = None  # where the syllables came from (None: no lyrics)
    text_encoding: str = "ascii"  # how the text was read: "detected Shift-JIS", "declared {@LATIN}"...


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


def _grid_factor(notes: list[Heard], ticks_per_beat: int) -> int:
    """1 when every note starts on a sixteenth from the first note, 2 on a 32nd, else 4
    (a 64th grid is within 8 ms of any triplet at usual tempos). Only starts choose: most
    files end notes off the grid (played detached, or humanized), and a 4x finer grid
    for that alone quadrupled every chart's #BPM; an end rounds to the nearest beat."""
    origin = notes[0].tick
    for factor in (1, 2):
        step = ticks_per_beat / (4 * factor)
        if all(((n.tick - origin) / step).is_integer() for n in notes):
            return factor
    return 4


def import_midi(path: Path | str, track: int | None = None) -> MidiImport:
    """The chart of one track (``None``: the most singable part of the file, never the drums)."""
    source = Path(path)
    if not source.exists() and not source.is_symlink():
        raise MidiImportError(source, "no such file")
    try:
        data = read_regular(source, MAX_MIDI_BYTES)
    except IntakeError as err:
        raise MidiImportError(source, err.reason) from None
    return import_midi_bytes(data, source, track)


def _tempo_map(midi) -> tuple[_TempoMap, int]:
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
    return _TempoMap(tempos, midi.ticks_per_beat), zero_tempos


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _kar_info(headers: list[bytes], codec: TextCodec) -> tuple[str, str]:
    """Title and author from a .kar file's ``@T`` texts (the first two of them)."""
    titles = [_one_line(decode(raw[2:], codec)) for raw in headers if raw[:2] in (b"@T", b"@t")]
    titles = [t for t in titles if t]
    return (titles[0] if titles else ""), (titles[1] if len(titles) > 1 else "")


def _quoted(texts: list[str], most: int = 5) -> str:
    shown = ", ".join(repr(t if len(t) <= 24 else t[:23] + "…") for t in texts[:most])
    return shown + (f" and {len(texts) - most} more" if len(texts) > most else "")


def _melody(source: Path, parts: list[Part], n_tracks: int, track: int | None, names: list[str],
            lyric_s: list[float], seconds) -> tuple[Part, float, list[str]]:
    """The melody part (by singability, or within ``track``), its lyric fit and notes on it."""
    notes_of = [p for p in parts if p.notes]
    if track is None:
        if not notes_of:
            raise MidiImportError(source, "no track has notes")
        chosen = choose_melody(parts, lyric_s, seconds)
        if chosen is None:
            raise MidiImportError(source, "the only notes are drums (channel 10): there is no melody to sing")
        return chosen[0], chosen[1].lyric_fit, []
    if not 0 <= track < n_tracks:
        raise MidiImportError(source, f"there is no track {track} (the file has {n_tracks}: 0..{n_tracks - 1})")
    name = names[track]
    mine = [p for p in notes_of if p.track == track]
    if not mine:
        raise MidiImportError(source, f"track {track}{f' ({name})' if name else ''} has no notes")
    chosen = choose_melody(mine, lyric_s, seconds)
    if chosen is None:
        raise MidiImportError(source, f"track {track}{f' ({name})' if name else ''} holds only drums "
                                      f"(channel 10): not a melody")
    notes: list[str] = []
    if len(mine) > 1:
        notes.append(f"track {track} has notes on channels {', '.join(str(p.channel + 1) for p in mine)}: "
                     f"channel {chosen[0].channel + 1} used")
    return chosen[0], chosen[1].lyric_fit, notes


def import_midi_bytes(data: bytes, path: Path | str, track: int | None = None) -> MidiImport:
    """``import_midi`` of a file's bytes (``path`` names it): only MidiImportError escapes."""
    source = Path(path)
    midi = _open_bytes(source, data)
    if midi.type == 2:
        raise MidiImportError(source, "MIDI type 2 (independent patterns) is not supported")
    tempo_map, zero_tempos = _tempo_map(midi)
    seconds = tempo_map.seconds
    parts: list[Part] = []
    events, headers, raw_names = [], [], []
    for k, t in enumerate(midi.tracks):
        raw_names.append(next((raw_bytes(m.name) for m in t if m.type == "track_name"), b""))
        found, kar = track_lyrics(k, t)
        events += found
        headers += kar
        parts += track_parts(k, t, "")
    lyric_events, other_lyrics = choose_source(events)
    if len(lyric_events) > MAX_SYLLABLES:
        raise MidiImportError(source, f"track {lyric_events[0].track} has {len(lyric_events):,} lyric events, more "
                                      f"than a chart can hold ({MAX_SYLLABLES:,})")
    codec = detect_codec([e.raw for e in lyric_events] + headers + raw_names)
    names = [_one_line(decode(raw, codec)) for raw in raw_names]
    for part in parts:
        part.name = names[part.track]
    lyric_s = [seconds(e.tick) for e in lyric_events]
    part, lyric_fit, warnings = _melody(source, parts, len(midi.tracks), track, names, lyric_s, seconds)
    for other, kind, count in other_lyrics:
        warnings.append(f"track {other} also holds {count} '{kind}' event(s), not used: the lyrics are read from "
                        f"track {lyric_events[0].track}, which has the most syllables")
    notes, track = part.notes, part.track
    if len(notes) > MAX_NOTES:
        raise MidiImportError(source, f"track {track} has {len(notes):,} notes, more than a chart can hold "
                                      f"({MAX_NOTES:,})")
    last_s = seconds(notes[-1].end_tick)
    if last_s > MAX_SONG_S:
        raise MidiImportError(source, f"the notes run for {last_s / 3600:,.0f} hours: the timing cannot be right")
    if zero_tempos:
        warnings.append(f"{zero_tempos} tempo event(s) of 0 ignored")
    if part.dropped:
        warnings.append(f"track {track}: {part.dropped} chord note(s) dropped, the highest note of each chord kept")
    first_tick = notes[0].tick
    quarter_tempo = tempo_map.tempo_at(first_tick)
    bpm = 60e6 / quarter_tempo * _grid_factor(notes, midi.ticks_per_beat)
    if not MIN_BPM <= bpm <= MAX_BPM:
        raise MidiImportError(source, f"the tempo at the first note is {60e6 / quarter_tempo:,.0f} beats per "
                                      f"minute: no song is that fast")
    gap_ms = seconds(first_tick) * 1000.0
    beat_ms = 15000.0 / bpm
    for (_, before), (tick, tempo) in zip(tempo_map.changes, tempo_map.changes[1:]):
        if tempo != before:
            warnings.append(
                f"tempo changes at tick {tick} ({seconds(tick):.2f} s) to {60e6 / tempo:.2f} "
                f"quarter-BPM; the chart keeps one BPM ({60e6 / quarter_tempo:.2f}), notes after it are placed "
                f"by time, within half a beat")

    onsets = [seconds(n.tick) for n in notes]
    offsets = [seconds(n.end_tick) for n in notes]
    syllables = parse_syllables(lyric_events, codec, seconds)
    spaced = any(b" " in e.raw for e in lyric_events)
    chosen = match_syllables(syllables, onsets, offsets, default_tolerance(onsets))
    placed = place(syllables, chosen, len(notes), spaced)
    starts, split = line_starts(onsets, offsets, line_marks(placed.per_note))
    texts = note_texts(placed.per_note, starts, spaced)
    warnings += _lyric_warnings(placed, syllables, lyric_fit, split, codec)

    lines: list[Line] = []
    last_beat_end = None
    for note, text, new_line, start_s, end_s in zip(notes, texts, starts, onsets, offsets):
        beat = round((start_s * 1000.0 - gap_ms) / beat_ms)
        if last_beat_end is not None and beat < last_beat_end:
            beat = last_beat_end
        length = max(1, round((end_s * 1000.0 - gap_ms) / beat_ms) - beat)
        if new_line or not lines:
            if lines:
                lines[-1].break_beat = lines[-1].end_beat
            lines.append(Line())
            text = text.lstrip() or PLACEHOLDER
        lines[-1].notes.append(Note(NoteKind.NORMAL, beat, length, note.midi - MIDI_C4, text))
        last_beat_end = beat + length
    kar_title, kar_author = _kar_info(headers, codec)
    sequence_name = "" if _PLACEHOLDER_NAME.match(names[0]) else names[0]
    title = kar_title or sequence_name or source.stem.replace("_", " ")
    headers_out = {"TITLE": title, "ARTIST": kar_author or "Unknown", "BPM": format_number(round(bpm, 3)),
                   "GAP": format_number(round(gap_ms, 3)), "CREATOR": "alienstage chart from-midi"}
    song = Song(path=None, headers=headers_out, voices=[Voice("P1", lines=lines)])
    return MidiImport(song, track, warnings, channel=part.channel,
                      lyrics_track=lyric_events[0].track if lyric_events else None, text_encoding=codec.how)


def _lyric_warnings(placed, syllables, lyric_fit: float, split: int, codec: TextCodec) -> list[str]:
    warnings = []
    if not syllables:
        warnings.append(f"no lyric events in the file: every note sings '{PLACEHOLDER}'")
    else:
        bare = sum(s is None for s in placed.per_note)
        if bare:
            warnings.append(f"{bare} note(s) have no syllable: each holds the one before ('~'), or sings "
                            f"'{PLACEHOLDER}' at a line start")
        if placed.joined:
            warnings.append(f"{len(placed.joined)} syllable(s) had no melody note of their own and were joined "
                            f"to the note before: {_quoted(placed.joined)}"
                            + (f"; {placed.dropped:,} more left out, that note's text being full" if placed.dropped
                               else ""))
        if placed.unplaced:
            warnings.append(f"{len(placed.unplaced)} syllable(s) come before any melody note and are not in the "
                            f"chart: {_quoted(placed.unplaced)}")
        if lyric_fit < LOW_LYRIC_FIT:
            warnings.append(f"the lyrics fit the melody poorly ({lyric_fit:.0%} of syllables and notes meet): "
                            f"is it the right track? (--track N)")
    if split:
        warnings.append(f"{split} line(s) of more than {MAX_LINE_NOTES} notes split at their longest rest")
    cut = sum(s.cut for s in syllables)
    if cut:
        warnings.append(f"{cut} lyric event(s) longer than {MAX_EVENT_BYTES} bytes were cut there")
    if codec.how.startswith("not valid"):
        warnings.append(f"lyrics {codec.how}")
    return warnings
