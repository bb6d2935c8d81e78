"""ScoreCard: one singer's final result on one voice, with everything that made it."""

from __future__ import annotations

from dataclasses import dataclass

from .difficulty import Difficulty
from .ratings import LineRating


@dataclass(frozen=True, slots=True)
class LineResult:
    index: int  # index of the line in the voice
    rating: LineRating
    ratio: float
    note_points: float
    bonus: float

    @property
    def score(self) -> float:
        return self.note_points + self.bonus


@dataclass(frozen=True)
class ScoreCard:
    voice: str
    difficulty: Difficulty
    notes: float  # points from normal and rap notes
    golden: float  # points from golden notes
    line_bonus: float
    lines: tuple[LineResult, ...]
    voiced_s: float  # seconds of voiced frames heard inside note windows
    singable_s: float = 0.0  # total length of the scored notes (0: unknown)

    @property
    def total(self) -> float:
        return self.notes + self.golden + self.line_bonus

    @property
    def points(self) -> int:
        """The total as shown to players: a whole number of points, 0..10,000."""
        return int(min(10_000, max(0, round(self.total))))

    @property
    def golden_points(self) -> int:
        return int(round(self.golden))

    @property
    def perfect_lines(self) -> int:
        return sum(line.rating is LineRating.PERFECT for line in self.lines)

    @property
    def rating_counts(self) -> dict[LineRating, int]:
        return {r: sum(line.rating is r for line in self.lines) for r in LineRating}

    def to_json(self) -> dict:
        """The ``alienstage score --json`` object."""
        return {
            "total": self.points,
            "notes": round(self.notes, 1),
            "golden": round(self.golden, 1),
            "line_bonus": round(self.line_bonus, 1),
            "lines": [
                {"index": line.index, "rating": line.rating.value, "score": round(line.score, 1)}
                for line in self.lines
            ],
            "difficulty": self.difficulty.value,
            "voice": self.voice,
        }
