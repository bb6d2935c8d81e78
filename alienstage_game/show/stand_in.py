"""Stand-in judge, vote bar and verdict, used only until the scoring package lands
(contract-scoring.md); ``scoring_seam`` picks the real ones when they exist.

Kept deliberately simple but fair: UltraStar's 9,000 + 1,000 split, golden notes double,
freestyle never scored, rap credited for any voiced sound, pitch folded to the nearest
octave, credit integrated over each note's whole duration with a tolerance ramp.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..charts import NoteKind, Song, Voice
from ..pitch.frame import PitchFrame
from ..scoring import Difficulty

# Full credit within the first error (semitones), none beyond the second, linear between.
RAMPS = {Difficulty.EASY: (1.0, 2.5), Difficulty.MEDIUM: (0.5, 1.5), Difficulty.HARD: (0.25, 1.0)}
RATINGS = ((0.95, "perfect"), (0.8, "great"), (0.6, "good"), (0.4, "fair"), (0.2, "poor"), (0.0, "awful"))
MAX_FRAME_S = 0.05  # one frame never covers more than this (a gap in the input earns nothing)


def rating_for(fraction: float) -> str:
    for floor, name in RATINGS:
        if fraction >= floor:
            return name
    return "awful"


@dataclass
class _NoteSpan:
    start: float
    end: float
    midi: float
    kind: NoteKind
    points: float
    line: int
    credit_s: float = 0.0


@dataclass
class StandInJudge:
    song: Song
    voice: Voice
    difficulty: Difficulty = Difficulty.MEDIUM
    notes: list[_NoteSpan] = field(init=False)
    line_ends: list[float] = field(init=False)
    line_max: list[float] = field(init=False)
    line_ratings: list[str] = field(init=False, default_factory=list)
    note_points: float = field(init=False, default=0.0)
    line_bonus: float = field(init=False, default=0.0)
    golden_points: float = field(init=False, default=0.0)
    perfect_lines: int = field(init=False, default=0)
    voiced_s: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        clock = self.song.clock
        scored = [n for line in self.voice.lines for n in line.notes if n.kind.is_scored]
        weight = sum(n.length * (2 if n.kind.is_golden else 1) for n in scored) or 1
        self.notes, self.line_ends, self.line_max = [], [], []
        for index, line in enumerate(self.voice.lines):
            total = 0.0
            for n in line.notes:
                points = 9000.0 * n.length * (2 if n.kind.is_golden else 1) / weight if n.kind.is_scored else 0.0
                total += points
                self.notes.append(_NoteSpan(clock.beat_to_seconds(n.beat), clock.beat_to_seconds(n.end_beat),
                                            60.0 + n.pitch, n.kind, points, index))
            self.line_ends.append(clock.beat_to_seconds(line.end_beat))
            self.line_max.append(total)
        self._scored_lines = sum(1 for m in self.line_max if m > 0) or 1
        self._cursor = 0
        self._last_time: float | None = None
        self._line_got = [0.0] * len(self.line_max)
        self._next_line = 0

    # -- frames in --------------------------------------------------------------------
    def feed(self, frames: list[PitchFrame]) -> None:
        full, zero = RAMPS[self.difficulty]
        for frame in frames:
            dt = MAX_FRAME_S if self._last_time is None else min(MAX_FRAME_S, max(0.0, frame.time - self._last_time))
            self._last_time = frame.time
            if not frame.voiced:
                continue
            self.voiced_s += dt
            while self._cursor < len(self.notes) and self.notes[self._cursor].end <= frame.time:
                self._cursor += 1
            note = self._note_at(frame.time)
            if note is None or note.points == 0.0:
                continue
            if note.kind.is_rap:
                credit = 1.0
            else:
                error = abs((frame.midi - note.midi + 6.0) % 12.0 - 6.0)  # folded to the nearest octave
                credit = 1.0 if error <= full else max(0.0, (zero - error) / (zero - full))
            before = min(1.0, note.credit_s / (note.end - note.start))
            note.credit_s += credit * dt
            after = min(1.0, note.credit_s / (note.end - note.start))
            gained = (after - before) * note.points
            self.note_points += gained
            self._line_got[note.line] += gained
            if note.kind.is_golden:
                self.golden_points += gained

    def _note_at(self, t: float) -> _NoteSpan | None:
        for note in self.notes[self._cursor:self._cursor + 4]:
            if note.start <= t < note.end:
                return note
        return None

    # -- lines out ----------------------------------------------------------------------
    def advance(self, t: float) -> list[tuple[int, str]]:
        """Rate every line that ended before song time ``t``: [(line index, rating)]."""
        t = float(t)
        rated = []
        while self._next_line < len(self.line_ends) and self.line_ends[self._next_line] + 0.1 <= t:
            index = self._next_line
            self._next_line += 1
            if self.line_max[index] <= 0:
                continue
            fraction = self._line_got[index] / self.line_max[index]
            rating = rating_for(fraction)
            self.line_bonus += 1000.0 / self._scored_lines * fraction
            self.perfect_lines += rating == "perfect"
            self.line_ratings.append(rating)
            rated.append((index, rating))
        return rated

    @property
    def score(self) -> float:
        return min(10000.0, self.note_points + self.line_bonus)


class StandInVoteBar:
    """One number in [-1, 1], + = seat 0 ahead: the tanh of the recent score difference
    (points over the last few seconds, exponentially forgotten), followed with inertia."""

    MEMORY_S = 6.0
    INERTIA_S = 0.8
    SCALE = 250.0  # a 250-point recent lead moves the target ~0.76

    def __init__(self) -> None:
        self.value = 0.0
        self._recent = [0.0, 0.0]
        self._last = (0.0, 0.0)

    def update(self, dt: float, scores: tuple[float, float]) -> float:
        if dt <= 0:
            return self.value
        keep = math.exp(-dt / self.MEMORY_S)
        for i in (0, 1):
            self._recent[i] = self._recent[i] * keep + (scores[i] - self._last[i])
        self._last = scores
        target = math.tanh((self._recent[0] - self._recent[1]) / self.SCALE)
        self.value += (target - self.value) * (1.0 - math.exp(-dt / self.INERTIA_S))
        return self.value


def stand_in_verdict(judges: tuple[StandInJudge, StandInJudge]) -> tuple[int, str]:
    """(loser seat, reason): no voice forfeits; the lower score loses; ties go to golden
    points, then perfect lines, then seat 1 loses (a sudden-death line is the real judge's)."""
    a, b = judges
    sang = [j.voiced_s > 1.0 for j in judges]
    if sang[0] != sang[1]:
        loser = 0 if not sang[0] else 1
        return loser, "never sang a note: forfeit"
    sa, sb = round(a.score), round(b.score)
    if sa != sb:
        loser = 0 if sa < sb else 1
        return loser, f"lower score: {min(sa, sb):,} against {max(sa, sb):,}"
    if round(a.golden_points) != round(b.golden_points):
        loser = 0 if a.golden_points < b.golden_points else 1
        return loser, "equal scores; fewer golden-note points"
    if a.perfect_lines != b.perfect_lines:
        loser = 0 if a.perfect_lines < b.perfect_lines else 1
        return loser, "equal scores; fewer perfect lines"
    return 1, "a dead heat: the second seat yields"
