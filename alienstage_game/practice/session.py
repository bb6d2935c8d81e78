"""One practice sitting: the chosen chart at the chosen tempo and key, pass after pass.

A pass plays a window of the song (the whole voice, or the looped lines) with a
count-in before it; the singer's frames come back, and the pass is judged by the same
judge as a duel, on those lines only, plus note-by-note feedback. Line numbers in
reports are the chart's own (from 0 in code, from 1 on screen), whatever the loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..charts.model import Song
from ..pitch.frame import PitchFrame
from ..scoring import Difficulty
from .chart import LoopRange, loop_song, practice_song, quarter_seconds
from .feedback import LineFeedback, NoteFeedback, line_feedback, note_feedback

COUNT_IN_CLICKS = 4
TAIL_S = 0.6  # the pass ends a little after the last note, so a held note rings out


@dataclass(frozen=True)
class PracticeSetup:
    voice_id: str = "P1"
    difficulty: Difficulty = Difficulty.MEDIUM
    tempo: float = 1.0
    transpose: int = 0
    loop: LoopRange | None = None
    guide: bool = False
    metronome: bool = False


@dataclass(frozen=True)
class LineScore:
    line: int  # the chart's line index (from 0)
    ratio: float  # share of the line's note points earned, 0..1
    rating: str  # the judge's rating label


@dataclass(frozen=True)
class PassReport:
    number: int  # 1 for the first pass
    total: int  # the judge's points for the pass's lines
    lines: tuple[LineScore, ...]
    notes: tuple[NoteFeedback, ...]
    line_feedback: tuple[LineFeedback, ...]

    @property
    def weakest(self) -> LineScore | None:
        return min(self.lines, key=lambda s: (s.ratio, s.line), default=None)


@dataclass
class PracticeSession:
    original: Song
    setup: PracticeSetup = field(default_factory=PracticeSetup)
    passes: list[PassReport] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.song = practice_song(self.original, self.setup.tempo, self.setup.transpose)
        self.song.voice(self.setup.voice_id)  # fail now, with KeyError, for an unknown voice
        if self.setup.loop is not None:
            self.pass_song = loop_song(self.song, self.setup.voice_id, self.setup.loop)
            self.first_line = self.setup.loop.first - 1
        else:
            self.pass_song = self.song
            self.first_line = 0

    # -- the window a pass plays -------------------------------------------------------------
    @property
    def click_s(self) -> float:
        return quarter_seconds(self.song)

    def first_note_s(self) -> float:
        notes = self.pass_song.voice(self.setup.voice_id).notes
        return self.pass_song.clock.beat_to_seconds(notes[0].beat) if notes else 0.0

    def last_note_end_s(self) -> float:
        voice = self.pass_song.voice(self.setup.voice_id)
        return self.pass_song.clock.beat_to_seconds(voice.end_beat)

    def count_in(self) -> list[float]:
        """Song times of the count-in clicks: four quarter notes ending at the first note.
        Clicks that would fall before the song starts are dropped (no negative time)."""
        first = self.first_note_s()
        return [t for t in (first - (COUNT_IN_CLICKS - i) * self.click_s for i in range(COUNT_IN_CLICKS)) if t >= 0]

    def window(self) -> tuple[float, float]:
        """(start, end) of a pass in song seconds: the count-in, the lines, a short tail."""
        start = max(0.0, self.first_note_s() - COUNT_IN_CLICKS * self.click_s)
        return start, self.last_note_end_s() + TAIL_S

    def metronome(self) -> list[float]:
        """Quarter-note clicks through the pass, on the chart's grid."""
        clock = self.song.clock
        start, end = self.window()
        step = self.click_s
        first_beat_s = clock.beat_to_seconds(0)
        k = -int((first_beat_s - start) // step)
        ticks = []
        while (t := first_beat_s + k * step) < end:
            if t >= start:
                ticks.append(t)
            k += 1
        return ticks

    # -- judging a pass ------------------------------------------------------------------------
    def finish_pass(self, frames: Sequence[PitchFrame]) -> PassReport:
        """Judge one pass's frames (song time of the practice chart) on the pass's lines."""
        from ..scoring import judge_frames

        start, end = self.window()
        heard = [f for f in frames if start <= f.time <= end]
        card = judge_frames(self.pass_song, heard, voice_id=self.setup.voice_id,
                            difficulty=self.setup.difficulty)
        lines = tuple(LineScore(self.first_line + r.index, r.ratio, r.rating.label) for r in card.lines)
        notes = note_feedback(self.pass_song, self.setup.voice_id, heard)
        notes = [NoteFeedback(n.line + self.first_line, n.note, n.start_s, n.end_s, n.sung_fraction,
                              n.cents, n.onset_ms) for n in notes]
        report = PassReport(len(self.passes) + 1, card.points, lines, tuple(notes),
                            tuple(line_feedback(notes)))
        self.passes.append(report)
        return report
