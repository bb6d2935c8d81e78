"""What a voice is worth: each scored note's window, weight and points, each line's bonus.

The 10,000-point scale is UltraStar's: 9,000 points shared by the notes in proportion to
their length in beats, golden notes weighing double, freestyle notes nothing; 1,000
points of line bonus shared equally by the lines that hold a scored note.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..charts import Note, NoteKind, Song
from .tolerance import GRACE_S, ONSET_SLACK_S

MAX_SCORE = 10_000.0
NOTE_POINTS = 9_000.0
LINE_BONUS_POINTS = 1_000.0
RAP_VOICED_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class ScoredNote:
    index: int  # position in voice.notes (freestyle notes included), for the stage
    line: int  # index of its line in voice.lines
    kind: NoteKind
    start_s: float
    end_s: float
    midi: int
    weight: float  # beats, doubled when golden
    points: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def needed_s(self) -> float:
        """Seconds of good singing that earn the whole note (its length less the slack
        for a sung onset, never less than half of it). A rap note is spoken: its
        consonants are unvoiced, so half its length of voiced sound earns it."""
        length = self.end_s - self.start_s
        if self.kind.is_rap:
            return RAP_VOICED_SHARE * length
        return max(0.5 * length, length - ONSET_SLACK_S)

    @property
    def window_start(self) -> float:
        return self.start_s - GRACE_S

    @property
    def window_end(self) -> float:
        return self.end_s + GRACE_S


@dataclass(frozen=True, slots=True)
class ScoredLine:
    index: int
    notes: tuple[int, ...]  # positions in ScoringPlan.notes
    points: float  # note points of the line
    bonus: float  # its share of the line bonus


@dataclass(frozen=True)
class ScoringPlan:
    voice_id: str
    notes: tuple[ScoredNote, ...]  # scored notes, ordered by window start
    lines: tuple[ScoredLine, ...]  # lines with at least one scored note, in order

    @property
    def sung_seconds(self) -> float:
        """Total length of the scored notes: how long the part is sung."""
        return sum(n.duration_s for n in self.notes)

    @classmethod
    def for_voice(cls, song: Song, voice_id: str = "P1") -> "ScoringPlan":
        try:
            voice = song.voice(voice_id)
        except KeyError:
            known = ", ".join(v.id for v in song.voices) or "none"
            raise ValueError(f"the chart has no voice {voice_id!r} (voices: {known})") from None
        clock = song.clock
        raw: list[tuple[int, int, Note, float, float, float]] = []
        flat = 0
        for line_no, line in enumerate(voice.lines):
            for note in line.notes:
                weight = float(note.length) * (2.0 if note.kind.is_golden else 1.0)
                if note.kind.is_scored and note.length > 0:
                    start = clock.beat_to_seconds(note.beat)
                    end = clock.beat_to_seconds(note.end_beat)
                    if end > start:
                        raw.append((flat, line_no, note, start, end, weight))
                flat += 1
        total = sum(r[5] for r in raw)
        notes = [
            ScoredNote(flat, line_no, note.kind, start, end, note.midi, weight, NOTE_POINTS * weight / total)
            for flat, line_no, note, start, end, weight in raw
        ]
        notes.sort(key=lambda n: (n.start_s, n.index))
        by_line: dict[int, list[int]] = {}
        for pos, note in enumerate(notes):
            by_line.setdefault(note.line, []).append(pos)
        share = LINE_BONUS_POINTS / len(by_line) if by_line else 0.0
        lines = tuple(
            ScoredLine(index, tuple(members), sum(notes[p].points for p in members), share)
            for index, members in sorted(by_line.items())
        )
        return cls(voice.id, tuple(notes), lines)
