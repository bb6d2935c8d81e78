"""Tap mode: a key press per syllable while the song plays, turned into beats.

Presses and releases are song seconds (the backing track's clock). Each tap becomes a
start beat and a length on the chart's grid: the release gives the end; a tap without
one lasts until the next tap, at most ``DEFAULT_HOLD`` beats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..charts import BeatClock, Line, Note, NoteKind, Song
from .changes import Change
from .edits_base import Edit, LineRewrite, Plan, by_voice, check_refs, voice_of
from .edits_song import place_lines
from .refs import EditError, NoteRef

if TYPE_CHECKING:
    from .document import ChartDocument

DEFAULT_HOLD = 4  # beats a bare tap lasts (a quarter note at the usual BPM x4 grid)


@dataclass(frozen=True, slots=True)
class Tap:
    start_s: float
    end_s: float | None = None


def quantise_taps(clock: BeatClock, taps: Sequence[Tap]) -> list[tuple[int, int]]:
    """(beat, length) per tap on the chart grid, in time order, never overlapping."""
    starts: list[int] = []
    for tap in taps:
        beat = round(clock.seconds_to_beat(tap.start_s))
        if starts and beat <= starts[-1]:
            beat = starts[-1] + 1  # two taps in one beat still make two notes
        starts.append(beat)
    out: list[tuple[int, int]] = []
    for k, (tap, beat) in enumerate(zip(taps, starts)):
        room = starts[k + 1] - beat if k + 1 < len(starts) else None
        if tap.end_s is not None:
            length = max(1, round(clock.seconds_to_beat(tap.end_s)) - beat)
        else:
            length = DEFAULT_HOLD if room is None else min(room, DEFAULT_HOLD)
        if room is not None:
            length = min(length, room)
        out.append((beat, max(1, length)))
    return out


def continuing_pitch(song: Song, voice_id: str, beat: int) -> int:
    """Where new notes go when nothing says better: the voice's last note at or before
    ``beat`` (else its first), so a new line continues the melody's register, not C4."""
    notes = [n for v in song.voices if v.id == voice_id for line in v.lines for n in line.notes]
    before = [n for n in notes if n.beat <= beat]
    if before:
        return before[-1].pitch
    return notes[0].pitch if notes else 0


class TapSession:
    """Collects presses and releases from the scene; not an edit until applied."""

    def __init__(self, clock: BeatClock) -> None:
        self.clock = clock
        self._taps: list[Tap] = []
        self._down: float | None = None

    def press(self, t_s: float) -> None:
        if self._down is not None:
            self._taps.append(Tap(self._down))
        self._down = t_s

    def release(self, t_s: float) -> None:
        if self._down is not None:
            self._taps.append(Tap(self._down, max(t_s, self._down)))
            self._down = None

    def undo_last(self) -> None:
        """Forget the last tap (a mistimed key)."""
        if self._down is not None:
            self._down = None
        elif self._taps:
            self._taps.pop()

    @property
    def taps(self) -> list[Tap]:
        return self._taps + ([Tap(self._down)] if self._down is not None else [])

    def beats(self) -> list[tuple[int, int]]:
        return quantise_taps(self.clock, self.taps)


class RetimeNotes(Edit):
    """Tap mode over existing notes: the n-th note (in time order) gets the n-th tap;
    a tap with a release sets the length, a bare tap keeps it (up to the next tap)."""

    label = "tap timing"

    def __init__(self, refs: Sequence[NoteRef], taps: Sequence[Tap]) -> None:
        super().__init__()
        self.refs, self.taps = tuple(refs), tuple(taps)

    def plan(self, doc: ChartDocument) -> Plan:
        refs = check_refs(doc.song, self.refs)
        if not self.taps:
            raise EditError("no taps to time the notes with")
        if len({r.voice for r in refs}) > 1:
            raise EditError("tap mode times one voice at a time")
        timing = quantise_taps(doc.song.clock, self.taps)
        changes: list[Change] = []
        selection: list[NoteRef] = []
        for voice_id, group in by_voice(refs).items():
            rewrite = LineRewrite(doc.song, voice_id, {r.line for r in group})
            notes = [rewrite.note(r) for r in group][: len(timing)]
            for k, (note, tap, (beat, length)) in enumerate(zip(notes, self.taps, timing)):
                if tap.end_s is None:  # a bare tap moves the note and keeps its length
                    room = timing[k + 1][0] - beat if k + 1 < len(timing) else note.length
                    length = max(1, min(note.length, room))
                note.beat, note.length = beat, length
            splice, kept = rewrite.finish(notes)
            changes.append(splice)
            selection.extend(kept)
        return changes, tuple(sorted(selection))


class TimeSyllables(Edit):
    """Tap mode from lyrics: one new note per tapped syllable, lines as in the lyrics,
    replacing whatever the voice sang in the tapped span."""

    label = "tap lyrics"

    def __init__(self, voice: str, lines: Sequence[Sequence[str]], taps: Sequence[Tap],
                 pitch: int = 0, pitches: Sequence[int] | None = None) -> None:
        """``pitches``: one per tap (e.g. from the sung curve, ``editor.sung``); without
        them every note is on ``pitch``."""
        super().__init__()
        self.voice = voice
        self.lines = tuple(tuple(line) for line in lines)
        self.taps, self.pitch = tuple(taps), int(pitch)
        self.pitches = tuple(int(p) for p in pitches) if pitches is not None else None

    def plan(self, doc: ChartDocument) -> Plan:
        voice_of(doc.song, self.voice)
        syllables = [(k, text) for k, line in enumerate(self.lines) for text in line]
        if not self.taps or not syllables:
            raise EditError("tap mode needs syllables and taps")
        timing = quantise_taps(doc.song.clock, self.taps)
        new: dict[int, Line] = {}
        pitches = self.pitches or (self.pitch,) * len(timing)
        for (line_no, text), (beat, length), pitch in zip(syllables, timing, pitches):
            new.setdefault(line_no, Line()).notes.append(Note(NoteKind.NORMAL, beat, length, pitch, text))
        rewrite = LineRewrite(doc.song, self.voice)
        rewrite.lines, placed = place_lines(rewrite.lines, list(new.values()))
        keep = [n for line in placed for n in line.notes]
        splice, kept = rewrite.finish(keep)
        return [splice], tuple(kept)
