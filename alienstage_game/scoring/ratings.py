"""Line ratings and the line bonus: how well a whole line was sung.

A line's ratio is the share of its note points the singer earned (golden notes count
double there too). Ratings, worst to best, by ratio:

    awful < 0.20 <= poor < 0.40 <= ok < 0.60 <= good < 0.80 <= great < 0.95 <= perfect

The line bonus (1,000 points shared equally by the lines that have scored notes) pays a
line nothing when awful and all of its share from perfect, linearly between:
factor = clamp((ratio - 0.20) / (0.95 - 0.20), 0, 1). Singing a line well pays twice.
"""

from __future__ import annotations

from enum import Enum

_THRESHOLDS = (0.20, 0.40, 0.60, 0.80, 0.95)  # poor, ok, good, great, perfect
BONUS_FROM = _THRESHOLDS[0]
BONUS_FULL = _THRESHOLDS[-1]


class LineRating(str, Enum):
    """Worst first; ratings compare by rank (``rating >= LineRating.GOOD``)."""

    AWFUL = "awful"
    POOR = "poor"
    OK = "ok"
    GOOD = "good"
    GREAT = "great"
    PERFECT = "perfect"

    @property
    def rank(self) -> int:
        return _ORDER.index(self)

    @property
    def label(self) -> str:
        return "OK" if self is LineRating.OK else self.value.capitalize()

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, LineRating):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, LineRating):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, LineRating):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, LineRating):
            return NotImplemented
        return self.rank >= other.rank


_ORDER = list(LineRating)


def rating_for(ratio: float) -> LineRating:
    rank = sum(ratio >= threshold - 1e-9 for threshold in _THRESHOLDS)
    return _ORDER[rank]


def bonus_factor(ratio: float) -> float:
    """Share (0..1) of a line's bonus earned at this ratio."""
    return min(1.0, max(0.0, (ratio - BONUS_FROM) / (BONUS_FULL - BONUS_FROM)))
