"""From a duel to a season result: a verdict decides a bracket match.

``outcome_from_verdict`` turns the duel's Verdict (seats 0 and 1) into the winner, the
scores and the reason a Season records; ``cpu_duel`` sings a whole match between two CPU
contestants (demo mode, simulated seasons) through the real duel and judge.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from ..charts.model import Song
from ..scoring.difficulty import Difficulty
from .contestants import Contestant
from .duel import default_voices, duel_frames
from .rivals import perform
from .season import MatchResult, Season
from .verdict import Verdict

CPU_TRIES = 5  # re-sings of a dead-level CPU duel before the first seat goes through


@dataclass(frozen=True)
class Outcome:
    winner: str
    loser: str
    scores: dict[str, float]
    reason: str
    details: dict = field(default_factory=dict)

    def record(self, season: Season, match_id: str) -> MatchResult:
        from .season import TITLE_DUEL

        if match_id == TITLE_DUEL:  # the reigning champion against the season's winner
            return season.record_title_duel(self.winner, self.scores, self.reason, self.details)
        return season.record_result(match_id, self.winner, self.scores, self.reason, self.details)


def outcome_from_verdict(verdict: Verdict, seats: tuple[str, str]) -> Outcome | None:
    """The season result of a duel; ``None`` when the verdict has no winner (sudden death
    or neither sang): the match must be sung again (or its sudden-death line)."""
    if verdict.winner is None or verdict.loser is None:
        return None
    scores = {seats[0]: float(verdict.totals[0]), seats[1]: float(verdict.totals[1])}
    return Outcome(seats[verdict.winner], seats[verdict.loser], scores, verdict.reason.value,
                   {"verdict": verdict.to_json()})


def cpu_duel(song: Song, a: Contestant, b: Contestant, difficulty: Difficulty | str = Difficulty.MEDIUM,
             seed: int = 0) -> Outcome:
    """Two CPU contestants sing ``song`` (duet: ``a`` takes P1, ``b`` P2); deterministic."""
    if a.skill is None or b.skill is None:
        raise ValueError("cpu_duel needs two CPU contestants")
    voices = default_voices(song)
    for attempt in range(CPU_TRIES):
        takes = [perform(song, who.skill, voices[seat],  # type: ignore[arg-type]
                         seed=zlib.crc32(f"{seed}:{attempt}:{seat}:{who.id}".encode()))
                 for seat, who in enumerate((a, b))]
        verdict = duel_frames(song, takes[0], takes[1], difficulty, crosstalk=False, voices=voices)
        outcome = outcome_from_verdict(verdict, (a.id, b.id))
        if outcome is not None:
            return outcome
    scores = {a.id: float(verdict.totals[0]), b.id: float(verdict.totals[1])}
    return Outcome(a.id, b.id, scores, "first-seat", {"verdict": verdict.to_json()})
