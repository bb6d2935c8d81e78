"""The seam to the judge and the duel (contract-scoring.md): ``make_duel`` returns the
scoring package's DuelRound behind a small adapter when it is there, else the stand-ins
from ``stand_in``. The session only uses this interface:

    duel.feed(seat, frames) -> [(seat, line index, rating label)]
    duel.advance(t)         -> [(seat, line index, rating label)]   lines closed by song time t
    duel.vote               float in [-1, 1], + = seat 0 ahead
    duel.score(seat)        running points 0..10,000
    duel.line_ratings(seat) rating labels so far; duel.golden_points(seat); duel.perfect_lines(seat)
    duel.finish(names)      -> (winner seat or -1, loser seat or -1, reason sentence, verdict or None)
                               (after it, line_ratings/golden_points/perfect_lines are final)
"""

from __future__ import annotations

from ..charts import Song, Voice
from ..scoring import Difficulty
from .stand_in import StandInJudge, StandInVoteBar, stand_in_verdict

Rated = list[tuple[int, int, str]]


class StandInDuel:
    def __init__(self, song: Song, voices: tuple[Voice, Voice], difficulty: Difficulty) -> None:
        self.judges = tuple(StandInJudge(song, v, difficulty) for v in voices)
        self.vote_bar = StandInVoteBar()
        self._t = 0.0

    def feed(self, seat: int, frames) -> Rated:
        self.judges[seat].feed(list(frames))
        return []

    def advance(self, t: float) -> Rated:
        rated = [(seat, i, r) for seat, j in enumerate(self.judges) for i, r in j.advance(t)]
        if t != float("inf"):
            self.vote_bar.update(max(0.0, t - self._t), (self.judges[0].score, self.judges[1].score))
            self._t = t
        return rated

    @property
    def vote(self) -> float:
        return self.vote_bar.value

    def score(self, seat: int) -> float:
        return self.judges[seat].score

    def line_ratings(self, seat: int) -> list[str]:
        return self.judges[seat].line_ratings

    def golden_points(self, seat: int) -> float:
        return self.judges[seat].golden_points

    def perfect_lines(self, seat: int) -> int:
        return self.judges[seat].perfect_lines

    def finish(self, names: tuple[str, str] = ("P1", "P2")) -> tuple[int, int, str, object | None]:
        self.advance(float("inf"))
        loser, reason = stand_in_verdict(self.judges)
        return 1 - loser, loser, f"{names[loser]}: {reason}", None


class RoundAdapter:
    """The scoring helper's DuelRound behind the session's interface."""

    def __init__(self, duel_round) -> None:
        from ..scoring import LineEnded

        self.round = duel_round
        self._line_ended = LineEnded
        self._ratings: tuple[list[str], list[str]] = ([], [])
        self._verdict = None

    def _rated(self, seat_events) -> Rated:
        out = []
        for seat_event in seat_events:
            event = seat_event.event
            if isinstance(event, self._line_ended):
                label = str(getattr(event.rating, "value", event.rating))
                self._ratings[seat_event.seat].append(label)
                out.append((seat_event.seat, event.line_index, label))
        return out

    def feed(self, seat: int, frames) -> Rated:
        return self._rated(self.round.feed(seat, frames))

    def advance(self, t: float) -> Rated:
        return self._rated(self.round.advance(t))

    @property
    def vote(self) -> float:
        return float(self.round.vote)

    def score(self, seat: int) -> float:
        return float(self.round.score(seat))

    def line_ratings(self, seat: int) -> list[str]:
        return self._ratings[seat]

    def golden_points(self, seat: int) -> float:
        return float(self._verdict.cards[seat].golden_points) if self._verdict is not None else 0.0

    def perfect_lines(self, seat: int) -> int:
        if self._verdict is not None:
            return int(self._verdict.cards[seat].perfect_lines)
        return sum(1 for r in self._ratings[seat] if r == "perfect")

    def finish(self, names: tuple[str, str] = ("P1", "P2")) -> tuple[int, int, str, object | None]:
        verdict = self._verdict = self.round.finish()
        for seat, card in enumerate(verdict.cards):  # the card has every line, closed or not
            self._ratings[seat][:] = [str(getattr(line.rating, "value", line.rating)) for line in card.lines]
        winner = -1 if verdict.winner is None else int(verdict.winner)
        loser = -1 if verdict.loser is None else int(verdict.loser)
        return winner, loser, verdict.explain(names), verdict


def make_duel(song: Song, voices: tuple[Voice, Voice], difficulty: Difficulty, *, crosstalk: bool = False):
    try:
        from ..match.duel import DuelRound
    except ImportError:
        return StandInDuel(song, voices, difficulty)
    return RoundAdapter(DuelRound(song, difficulty=difficulty, voices=(voices[0].id, voices[1].id),
                                  crosstalk=crosstalk))
