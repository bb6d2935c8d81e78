"""What a finished duel hands to the results scene (and to a season)."""

from __future__ import annotations

from dataclasses import dataclass

from ..charts import Song
from ..match.verdict import Verdict
from ..pitch.frame import PitchFrame
from .setup import Colour, DuelSetup


@dataclass(frozen=True)
class SeatResult:
    name: str
    colour: Colour
    voice_id: str
    score: int  # 0..10,000, rounded
    line_ratings: tuple[str, ...]  # one rating per scored line, in order
    trail: tuple[PitchFrame, ...]  # everything the judge heard (the pitch-trail picture)
    mic_lost_s: float  # seconds this seat's input was lost
    golden_points: int = 0
    perfect_lines: int = 0


@dataclass(frozen=True)
class DuelOutcome:
    setup: DuelSetup
    song: Song
    title: str
    seats: tuple[SeatResult, SeatResult]
    winner: int  # seat index; -1 when aborted, and for a dead level (sudden death, double forfeit)
    loser: int
    reason: str  # one sentence: why the loser lost (Verdict.explain)
    verdict: Verdict | None = None  # every number of the decision; None only when aborted
    aborted: bool = False

    @property
    def winner_name(self) -> str:
        return self.seats[self.winner].name if self.winner >= 0 else ""

    @property
    def loser_name(self) -> str:
        return self.seats[self.loser].name if self.loser >= 0 else ""

    def summary(self) -> str:
        a, b = self.seats
        if self.aborted:
            return f"{self.title}: abandoned ({a.name} {a.score:,}, {b.name} {b.score:,})"
        if self.winner < 0:
            return f"{self.title}: no winner ({a.name} {a.score:,} - {b.name} {b.score:,}; {self.reason})"
        # The verdict's sentence gives the scores and why; the summary adds who goes home.
        return f"{self.title}: {self.reason.rstrip('.')}. {self.loser_name} is voted off."
