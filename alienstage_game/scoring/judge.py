"""The judge: one singer's PitchFrames against one chart voice, frame by frame.

Live play feeds frames as the tracker makes them and reads events, the running score
and the best score still reachable; the command line feeds a whole recording and asks
for the card. Both go through ``Judge.feed_frame`` (``judge_frames`` is a loop over it).

Credit is judged over each note's whole length: every frame inside a note's window
(its span widened by GRACE_S each side) adds its duration times its credit (the
tolerance ramp of its octave-folded pitch error; any voiced sound on a rap note), and a
note earns credit_seconds / needed_seconds of its points, at most all of them
(``ScoredNote.needed_s``: its length less 50 ms). In the grace zone a frame that
falls inside another note's span counts only if it fits this note better than that
one, so a neighbour's sound never pays twice. A frame's duration is the time since the previous frame (at most 50 ms; 10 ms for the first).
"""

from __future__ import annotations

from typing import Iterable

from ..charts import Song
from ..pitch.frame import PitchFrame
from .card import LineResult, ScoreCard
from .difficulty import Difficulty
from .events import LineEnded, NoteJudged, ScoreEvent
from .plan import MAX_SCORE, ScoringPlan
from .ratings import bonus_factor, rating_for
from .tolerance import fold_cents, tolerance_for

FIRST_FRAME_S = 0.01  # the tracker's hop
MAX_FRAME_S = 0.05  # a gap in the stream (a dropped block) is not sung time
RAP_FIT = 0.5


class Judge:
    """Scores one voice of a song for one singer at one difficulty."""

    def __init__(self, song: Song, voice_id: str = "P1",
                 difficulty: Difficulty | str = Difficulty.MEDIUM) -> None:
        self.song = song
        self.difficulty = Difficulty(difficulty)
        self.plan = ScoringPlan.for_voice(song, voice_id)
        self.voice_id = self.plan.voice_id
        self.tolerance = tolerance_for(self.difficulty)
        n = len(self.plan.notes)
        self._credit_s = [0.0] * n  # credited seconds, capped at each note's length
        self._closed = [False] * n
        self._first_open = 0  # notes before this index are all closed
        self._line_of = {p: li for li, line in enumerate(self.plan.lines) for p in line.notes}
        self._open_left = [len(line.notes) for line in self.plan.lines]
        self._line_results: list[LineResult | None] = [None] * len(self.plan.lines)
        self._started_lines: set[int] = set()  # some notes judged, others still to come
        self._note_score = 0.0  # points from note credit so far (partial notes included)
        self._bonus_score = 0.0
        self._lost_closed = 0.0  # points out of reach for good: closed notes and lines
        self._last_frame_time: float | None = None
        self._voiced_s = 0.0
        self.time = float("-inf")
        self._card: ScoreCard | None = None

    # -- feeding -----------------------------------------------------------------------
    def feed(self, frames: Iterable[PitchFrame]) -> list[ScoreEvent]:
        events: list[ScoreEvent] = []
        for frame in frames:
            events.extend(self.feed_frame(frame))
        return events

    def feed_frame(self, frame: PitchFrame) -> list[ScoreEvent]:
        t = frame.time
        if self._last_frame_time is None:
            dt = FIRST_FRAME_S
        else:
            dt = min(MAX_FRAME_S, max(0.0, t - self._last_frame_time))
        self._last_frame_time = t
        notes = self.plan.notes
        hearing: list[int] = []  # open notes whose window holds t
        for pos in range(self._first_open, len(notes)):
            note = notes[pos]
            if note.window_start > t:
                break
            if not self._closed[pos] and t <= note.window_end:
                hearing.append(pos)
        if frame.voiced and dt > 0.0:
            credits = [self._frame_credit(notes[pos], frame) for pos in hearing]
            # How well the frame fits each note, to settle the grace zones: any voice fits
            # a rap note, but only loosely, so a sung pitch that fits its note well wins.
            fits = [RAP_FIT if notes[pos].kind.is_rap else c for pos, c in zip(hearing, credits)]
            for k, pos in enumerate(hearing):
                note, credit = notes[pos], credits[k]
                if credit <= 0.0:
                    continue
                if not note.start_s <= t < note.end_s and any(
                    fits[o] >= fits[k] and notes[q].start_s <= t < notes[q].end_s
                    for o, q in enumerate(hearing) if q != pos
                ):
                    continue  # in the grace zone, a sound that fits the note being sung there is its
                before = self._credit_s[pos]
                after = min(note.needed_s, before + credit * dt)
                self._credit_s[pos] = after
                self._note_score += note.points * (after - before) / note.needed_s
        in_window = bool(hearing)
        if in_window and frame.voiced:
            self._voiced_s += dt
        return self.advance(t)

    def _frame_credit(self, note, frame: PitchFrame) -> float:
        if note.kind.is_rap:
            return 1.0  # any voiced sound
        return self.tolerance.credit(fold_cents(frame.midi, note.midi))

    def advance(self, t: float) -> list[ScoreEvent]:
        """The song has reached ``t`` and no frame before it is still to come: every
        note whose window ended before ``t`` is judged, every finished line rated."""
        if t > self.time:
            self.time = t
        events: list[ScoreEvent] = []
        notes = self.plan.notes
        for pos in range(self._first_open, len(notes)):
            note = notes[pos]
            if note.window_start > self.time:
                break
            if not self._closed[pos] and note.window_end < self.time:
                events.extend(self._close(pos))
        self._skip_closed()
        return events

    def finish(self) -> ScoreCard:
        """The song is over: judge everything still open and return the card."""
        if self._card is None:
            for pos in range(len(self.plan.notes)):
                if not self._closed[pos]:
                    self._close(pos)
            self._skip_closed()
            self._card = self._make_card()
        return self._card

    # -- reading -----------------------------------------------------------------------
    @property
    def score(self) -> float:
        """Points so far, counting the credit already earned on notes still being sung."""
        return self._note_score + self._bonus_score

    @property
    def max_reachable(self) -> float:
        """The best total still possible from here; it never goes up."""
        if not self.plan.notes:
            return 0.0
        lost = self._lost_closed
        open_possible: dict[int, float] = {}  # line -> points still possible on its open notes
        for pos in range(self._first_open, len(self.plan.notes)):
            note = self.plan.notes[pos]
            if note.window_start > self.time:
                break
            if self._closed[pos]:
                continue
            remaining = max(0.0, note.window_end - max(self.time, note.window_start))
            possible_s = min(note.needed_s, self._credit_s[pos] + remaining)
            lost += note.points * (1.0 - possible_s / note.needed_s)
            line = self._line_of[pos]
            open_possible[line] = open_possible.get(line, 0.0) + note.points * possible_s / note.needed_s
        for li in set(open_possible) | self._started_lines:
            line = self.plan.lines[li]
            possible_open = open_possible.get(li, 0.0)
            if line.points <= 0:
                continue
            possible = self._line_possible(li, possible_open)
            lost += line.bonus * (1.0 - bonus_factor(possible / line.points))
        return max(0.0, MAX_SCORE - lost)

    def _line_possible(self, li: int, possible_open: float) -> float:
        """Note points a line can still reach: earned on its closed notes, all of its
        notes not yet begun, and ``possible_open`` from those being sung."""
        total = possible_open
        for p in self.plan.lines[li].notes:
            note = self.plan.notes[p]
            if self._closed[p]:
                total += note.points * self._credit_s[p] / note.needed_s
            elif note.window_start > self.time:
                total += note.points
        return total

    @property
    def lines_done(self) -> list[LineResult]:
        return [r for r in self._line_results if r is not None]

    @property
    def voiced_s(self) -> float:
        return self._voiced_s

    # -- internals ---------------------------------------------------------------------
    def _close(self, pos: int) -> list[ScoreEvent]:
        note = self.plan.notes[pos]
        self._closed[pos] = True
        credit = self._credit_s[pos] / note.needed_s
        earned = note.points * credit
        self._lost_closed += note.points - earned
        events: list[ScoreEvent] = [
            NoteJudged(note.index, note.line, note.kind, credit, earned, self.time)
        ]
        li = self._line_of[pos]
        self._open_left[li] -= 1
        if self._open_left[li] == 0:
            self._started_lines.discard(li)
            events.append(self._end_line(li))
        else:
            self._started_lines.add(li)
        return events

    def _end_line(self, li: int) -> LineEnded:
        line = self.plan.lines[li]
        earned = sum(
            self.plan.notes[p].points * self._credit_s[p] / self.plan.notes[p].needed_s
            for p in line.notes
        )
        ratio = earned / line.points if line.points > 0 else 0.0
        bonus = line.bonus * bonus_factor(ratio)
        self._bonus_score += bonus
        self._lost_closed += line.bonus - bonus
        rating = rating_for(ratio)
        self._line_results[li] = LineResult(line.index, rating, ratio, earned, bonus)
        return LineEnded(line.index, rating, ratio, earned, bonus, self.time)

    def _skip_closed(self) -> None:
        while self._first_open < len(self._closed) and self._closed[self._first_open]:
            self._first_open += 1

    def _make_card(self) -> ScoreCard:
        notes = golden = 0.0
        for pos, note in enumerate(self.plan.notes):
            earned = note.points * self._credit_s[pos] / note.needed_s
            if note.kind.is_golden:
                golden += earned
            else:
                notes += earned
        return ScoreCard(self.voice_id, self.difficulty, notes, golden, self._bonus_score,
                         tuple(r for r in self._line_results if r is not None), self._voiced_s,
                         self.plan.sung_seconds)


def judge_frames(song: Song, frames: Iterable[PitchFrame], voice_id: str = "P1",
                 difficulty: Difficulty | str = Difficulty.MEDIUM) -> ScoreCard:
    """A whole performance at once: the same judge, fed every frame, then finished."""
    judge = Judge(song, voice_id, difficulty)
    judge.feed(frames)
    return judge.finish()
