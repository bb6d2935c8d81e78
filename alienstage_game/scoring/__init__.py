"""The judge: PitchFrames in song time against a chart voice -> notes, lines, score.

See ``judge`` (credit over each note's length), ``tolerance`` (the pitch ramp per
difficulty and the timing grace) and ``ratings`` (line ratings and the line bonus).
"""

from .card import LineResult, ScoreCard
from .difficulty import Difficulty
from .events import LineEnded, NoteJudged, ScoreEvent
from .judge import Judge, judge_frames
from .plan import LINE_BONUS_POINTS, MAX_SCORE, NOTE_POINTS, ScoredLine, ScoredNote, ScoringPlan
from .ratings import LineRating, bonus_factor, rating_for
from .tolerance import GRACE_S, TOLERANCES, Tolerance, fold_cents, tolerance_for

__all__ = [
    "Difficulty", "GRACE_S", "Judge", "LINE_BONUS_POINTS", "LineEnded", "LineRating",
    "LineResult", "MAX_SCORE", "NOTE_POINTS", "NoteJudged", "ScoreCard", "ScoreEvent",
    "ScoredLine", "ScoredNote", "ScoringPlan", "TOLERANCES", "Tolerance", "bonus_factor",
    "fold_cents", "judge_frames", "rating_for", "tolerance_for",
]
