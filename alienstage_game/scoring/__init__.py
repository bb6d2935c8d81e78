"""The judge: PitchFrames in song time against a chart voice -> notes, lines, score."""

from .difficulty import Difficulty

__all__ = ["Difficulty"]
