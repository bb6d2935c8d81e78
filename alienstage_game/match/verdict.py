"""The verdict: who goes home, and every number that decided it.

Rules, in order (the results screen shows the one that decided):
1. A seat that never sang (under FORFEIT_S seconds of voiced frames inside its note
   windows, or under FORFEIT_SHARE of its part when the part is short, as a pass-the-mic
   singer's few turns can be) forfeits; if both did, nobody wins (DOUBLE_FORFEIT).
2. The higher total, rounded to whole points as shown, wins (SCORE).
3. Equal totals: more golden points (rounded) wins (GOLDEN), then more perfect lines
   (PERFECT_LINES), then the larger line bonus (rounded, LINE_BONUS).
4. Still equal: SUDDEN_DEATH, no winner yet; ``sudden_death_line`` is the line both sing
   again (the last scored line of seat 0's voice, the song's finale).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..scoring.card import ScoreCard

FORFEIT_S = 1.0
FORFEIT_SHARE = 0.25
SEAT_KEYS = ("p1", "p2")


class VerdictReason(str, Enum):
    SCORE = "score"
    GOLDEN = "golden"
    PERFECT_LINES = "perfect_lines"
    LINE_BONUS = "line_bonus"
    FORFEIT = "forfeit"
    DOUBLE_FORFEIT = "double_forfeit"
    SUDDEN_DEATH = "sudden_death"


_TIE_RULES = (
    (VerdictReason.GOLDEN, "golden points", lambda c: c.golden_points),
    (VerdictReason.PERFECT_LINES, "perfect lines", lambda c: c.perfect_lines),
    (VerdictReason.LINE_BONUS, "line bonus", lambda c: int(round(c.line_bonus))),
)


@dataclass(frozen=True, slots=True)
class TieBreak:
    name: str  # "golden points", "perfect lines", "line bonus"
    p1: int
    p2: int


@dataclass(frozen=True)
class Verdict:
    winner: int | None  # seat index, None for sudden death or a double forfeit
    loser: int | None
    reason: VerdictReason
    cards: tuple[ScoreCard, ScoreCard]
    totals: tuple[int, int]  # rounded, as shown
    tiebreaks: tuple[TieBreak, ...]  # the tie rules tried, in order (empty unless tied)
    forfeited: tuple[bool, bool]
    sung_s: tuple[float, float]  # voiced seconds inside note windows
    sudden_death_line: int | None = None
    rejected_frames: tuple[int, int] = (0, 0)  # frames dropped as the other's mic bleed
    unpulled_s: float = 0.0  # seconds both pitches were corrected for each other's bleed

    def explain(self, names: tuple[str, str] = ("P1", "P2")) -> str:
        """One sentence for the results screen: why the loser lost."""
        a, b = self.totals
        if self.reason is VerdictReason.DOUBLE_FORFEIT:
            return "Neither contestant sang: no winner."
        if self.reason is VerdictReason.SUDDEN_DEATH:
            return (f"Dead level on every count ({a:,} points each): sudden death on "
                    f"line {(self.sudden_death_line or 0) + 1}.")
        assert self.winner is not None and self.loser is not None
        win, lose = names[self.winner], names[self.loser]
        if self.reason is VerdictReason.FORFEIT:
            return f"{lose} never sang and forfeits; {win} wins."
        if self.reason is VerdictReason.SCORE:
            return f"{win} wins {self.totals[self.winner]:,} to {self.totals[self.loser]:,}."
        rule = self.tiebreaks[-1]
        values = (rule.p1, rule.p2)
        return (f"Tied at {a:,} points; {win} wins on {rule.name}, "
                f"{values[self.winner]:,} to {values[self.loser]:,}.")

    def to_json(self) -> dict:
        """The ``alienstage duel --json`` object."""
        seat_key = lambda seat: None if seat is None else SEAT_KEYS[seat]  # noqa: E731
        return {
            "p1": self.cards[0].to_json(),
            "p2": self.cards[1].to_json(),
            "winner": seat_key(self.winner),
            "loser": seat_key(self.loser),
            "reason": self.reason.value,
            "explanation": self.explain(),
            "tiebreaks": [{"name": t.name, "p1": t.p1, "p2": t.p2} for t in self.tiebreaks],
            "forfeited": {"p1": self.forfeited[0], "p2": self.forfeited[1]},
            "sung_s": {"p1": round(self.sung_s[0], 2), "p2": round(self.sung_s[1], 2)},
            "sudden_death_line": self.sudden_death_line,
            "rejected_frames": {"p1": self.rejected_frames[0], "p2": self.rejected_frames[1]},
            "unpulled_s": round(self.unpulled_s, 2),
        }


def forfeit_below_s(card: ScoreCard) -> float:
    """Seconds of singing under which a seat is taken never to have sung."""
    if card.singable_s <= 0:
        return FORFEIT_S
    return min(FORFEIT_S, FORFEIT_SHARE * card.singable_s)


def decide(cards: tuple[ScoreCard, ScoreCard], *, sudden_death_line: int | None,
           rejected_frames: tuple[int, int] = (0, 0), unpulled_s: float = 0.0) -> Verdict:
    """Apply the rules above to two finished cards."""
    totals = (cards[0].points, cards[1].points)
    sung = (cards[0].voiced_s, cards[1].voiced_s)
    forfeited = (sung[0] < forfeit_below_s(cards[0]), sung[1] < forfeit_below_s(cards[1]))
    common = dict(cards=cards, totals=totals, forfeited=forfeited, sung_s=sung,
                  rejected_frames=rejected_frames, unpulled_s=unpulled_s)
    if all(forfeited):
        return Verdict(None, None, VerdictReason.DOUBLE_FORFEIT, tiebreaks=(), **common)
    if any(forfeited):
        loser = 0 if forfeited[0] else 1
        return Verdict(1 - loser, loser, VerdictReason.FORFEIT, tiebreaks=(), **common)
    if totals[0] != totals[1]:
        winner = 0 if totals[0] > totals[1] else 1
        return Verdict(winner, 1 - winner, VerdictReason.SCORE, tiebreaks=(), **common)
    tried: list[TieBreak] = []
    for reason, name, value in _TIE_RULES:
        v0, v1 = value(cards[0]), value(cards[1])
        tried.append(TieBreak(name, v0, v1))
        if v0 != v1:
            winner = 0 if v0 > v1 else 1
            return Verdict(winner, 1 - winner, reason, tiebreaks=tuple(tried), **common)
    return Verdict(None, None, VerdictReason.SUDDEN_DEATH, tiebreaks=tuple(tried),
                   sudden_death_line=sudden_death_line, **common)
