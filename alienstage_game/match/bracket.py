"""A seeded single-elimination bracket with byes.

Entrants are given in seed order (seed 1 first). The bracket has as many slots as the
next power of two; seeds are placed in the standard order (1 v 8, 4 v 5, 2 v 7, 3 v 6 for
eight), so seeds 1 and 2 can only meet in the final, and the missing seeds become byes:
the top seeds get them. A bye is a first-round match decided at once, never played.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def bracket_size(entrants: int) -> int:
    size = 1
    while size < entrants:
        size *= 2
    return max(size, 2)


def seed_positions(size: int) -> list[int]:
    """Seeds (1-based) in bracket order: pairs (0,1), (2,3)... are first-round matches.

    Built by doubling: each seed s in a bracket of n faces n*2+1-s in the next size up.
    """
    if size < 1 or size & (size - 1):
        raise ValueError("a bracket size is a power of two")
    order = [1]
    while len(order) < size:
        n = len(order) * 2
        order = [s for seed in order for s in (seed, n + 1 - seed)]
    return order


@dataclass
class BracketMatch:
    id: str  # "R<round>-M<slot>", both 1-based
    round: int
    slot: int
    a: str | None = None  # entrant ids; None = not known yet (or no one, for a bye)
    b: str | None = None
    winner: str | None = None
    bye: bool = False

    @property
    def decided(self) -> bool:
        return self.winner is not None

    @property
    def ready(self) -> bool:
        """Both singers known and the match not yet sung."""
        return self.a is not None and self.b is not None and not self.decided

    @property
    def loser(self) -> str | None:
        if self.winner is None or self.bye:
            return None
        return self.b if self.winner == self.a else self.a

    def to_dict(self) -> dict:
        return {"id": self.id, "round": self.round, "slot": self.slot, "a": self.a, "b": self.b,
                "winner": self.winner, "bye": self.bye}

    @classmethod
    def from_dict(cls, data: dict) -> "BracketMatch":
        return cls(str(data["id"]), int(data["round"]), int(data["slot"]), data.get("a"),
                   data.get("b"), data.get("winner"), bool(data.get("bye", False)))


@dataclass
class Bracket:
    entrants: list[str]  # seed order
    rounds: list[list[BracketMatch]] = field(default_factory=list)

    @classmethod
    def build(cls, entrants: list[str]) -> "Bracket":
        if len(entrants) < 2:
            raise ValueError("a bracket needs at least two entrants")
        if len(set(entrants)) != len(entrants):
            raise ValueError("bracket entrants must be unique")
        size = bracket_size(len(entrants))
        order = seed_positions(size)
        seeded = [entrants[s - 1] if s <= len(entrants) else None for s in order]
        bracket = cls(list(entrants))
        n_matches, r = size // 2, 1
        while n_matches >= 1:
            bracket.rounds.append([BracketMatch(f"R{r}-M{m + 1}", r, m + 1) for m in range(n_matches)])
            n_matches //= 2
            r += 1
        for m, match in enumerate(bracket.rounds[0]):
            match.a, match.b = seeded[2 * m], seeded[2 * m + 1]
            if match.a is None or match.b is None:  # a bye: the seed present goes through
                match.bye = True
                bracket._advance(match, match.a if match.a is not None else match.b)
        return bracket

    # -- queries ---------------------------------------------------------------------------
    def matches(self) -> list[BracketMatch]:
        return [m for rnd in self.rounds for m in rnd]

    def match(self, match_id: str) -> BracketMatch:
        for m in self.matches():
            if m.id == match_id:
                return m
        raise KeyError(match_id)

    def next_match(self) -> BracketMatch | None:
        """The first match ready to sing, round by round."""
        return next((m for m in self.matches() if m.ready), None)

    def playable(self) -> list[BracketMatch]:
        """Every match that will be sung (not a bye), in play order."""
        return [m for m in self.matches() if not m.bye]

    @property
    def final(self) -> BracketMatch:
        return self.rounds[-1][0]

    @property
    def champion(self) -> str | None:
        return self.final.winner

    @property
    def finished(self) -> bool:
        return self.champion is not None

    def round_name(self, round_number: int) -> str:
        from_end = len(self.rounds) - round_number
        return {0: "Final", 1: "Semi-final", 2: "Quarter-final"}.get(from_end, f"Round {round_number}")

    def eliminated_in(self, entrant: str) -> int | None:
        """The round an entrant lost in (None while still in, or for the champion)."""
        for m in self.matches():
            if m.loser == entrant:
                return m.round
        return None

    # -- changes ---------------------------------------------------------------------------
    def decide(self, match_id: str, winner: str) -> BracketMatch:
        match = self.match(match_id)
        if not match.ready:
            raise ValueError(f"match {match_id} is not ready to be decided")
        if winner not in (match.a, match.b):
            raise ValueError(f"{winner!r} does not sing in match {match_id}")
        self._advance(match, winner)
        return match

    def _advance(self, match: BracketMatch, winner: str | None) -> None:
        match.winner = winner
        if match.round == len(self.rounds) or winner is None:
            return
        nxt = self.rounds[match.round][(match.slot - 1) // 2]
        if (match.slot - 1) % 2 == 0:
            nxt.a = winner
        else:
            nxt.b = winner

    # -- saving ------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {"entrants": list(self.entrants), "rounds": [[m.to_dict() for m in rnd] for rnd in self.rounds]}

    @classmethod
    def from_dict(cls, data: dict) -> "Bracket":
        return cls([str(e) for e in data["entrants"]],
                   [[BracketMatch.from_dict(m) for m in rnd] for rnd in data["rounds"]])
