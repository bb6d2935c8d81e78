"""What the judge announces as the song goes: a note judged, a line ended."""

from __future__ import annotations

from dataclasses import dataclass

from ..charts import NoteKind
from .ratings import LineRating


@dataclass(frozen=True, slots=True)
class NoteJudged:
    """A scored note is over (song time passed its end plus the grace)."""

    note_index: int  # position in voice.notes
    line_index: int
    kind: NoteKind
    credit: float  # 0..1 of the note sung well enough
    points: float  # points earned by it
    time: float  # song time of the decision


@dataclass(frozen=True, slots=True)
class LineEnded:
    """Every scored note of a line is over: its rating and its bonus."""

    line_index: int
    rating: LineRating
    ratio: float  # share of the line's note points earned
    note_points: float
    bonus: float
    time: float

    @property
    def points(self) -> float:
        return self.note_points + self.bonus


ScoreEvent = NoteJudged | LineEnded
