"""A season: 2-8 contestants, a seeded knockout bracket, one champion.

The season is plain data plus the rules that change it. Whoever keeps it (``Records``)
is its ``store`` and is told after every change, so a season survives a restart after
any match. ``to_dict``/``from_dict`` round-trip through JSON exactly.
"""

from __future__ import annotations

import random
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Protocol

from ..scoring.difficulty import Difficulty
from .bracket import Bracket, BracketMatch
from .contestants import Contestant

TITLE_DUEL = "TITLE"  # the match id of the title duel (the defender against the season's winner)
MIN_CONTESTANTS = 2
MAX_CONTESTANTS = 8
FORMAT = 1  # version of the saved dict


def numbered_name(earlier: list[str]) -> str:
    """The next season's name, "Season N": one past the highest number among the earlier
    seasons' names, and never below their count (older seasons were named by date)."""
    import re

    numbers = [int(m.group(1)) for name in earlier if (m := re.fullmatch(r"Season (\d{1,6})", name.strip()))]
    return f"Season {max([len(earlier), *numbers]) + 1}"


class SeasonStatus(str, Enum):
    ACTIVE = "active"
    FINISHED = "finished"
    ABANDONED = "abandoned"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class MatchResult:
    """How one match ended. ``reason`` names the rule that decided it ("score", a
    tie-break such as "golden", "forfeit"...); ``details`` holds the verdict's numbers."""

    match_id: str
    winner: str
    loser: str
    scores: dict[str, float]
    reason: str = "score"
    chart: str | None = None
    difficulty: str = Difficulty.MEDIUM.value
    played_at: str = field(default_factory=now_iso)
    details: dict = field(default_factory=dict)

    @property
    def winner_score(self) -> float | None:
        return self.scores.get(self.winner)

    @property
    def loser_score(self) -> float | None:
        return self.scores.get(self.loser)

    def to_dict(self) -> dict:
        return {"match_id": self.match_id, "winner": self.winner, "loser": self.loser,
                "scores": dict(self.scores), "reason": self.reason, "chart": self.chart,
                "difficulty": self.difficulty, "played_at": self.played_at, "details": self.details}

    @classmethod
    def from_dict(cls, data: dict) -> "MatchResult":
        return cls(str(data["match_id"]), str(data["winner"]), str(data["loser"]),
                   {str(k): float(v) for k, v in data["scores"].items()}, str(data.get("reason", "score")),
                   data.get("chart"), str(data.get("difficulty", Difficulty.MEDIUM.value)),
                   str(data.get("played_at", "")), dict(data.get("details") or {}))


class SeasonStore(Protocol):
    def save_season(self, season: "Season", result: MatchResult | None = None) -> None: ...


@dataclass
class Season:
    id: str
    name: str
    contestants: list[Contestant]  # seed order
    bracket: Bracket
    charts: list[str] = field(default_factory=list)  # the pool of level ids / chart keys
    match_charts: dict[str, str] = field(default_factory=dict)  # match id -> chart
    seed: int = 0
    difficulty: Difficulty = Difficulty.MEDIUM
    status: SeasonStatus = SeasonStatus.ACTIVE
    results: list[MatchResult] = field(default_factory=list)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    store: SeasonStore | None = field(default=None, repr=False, compare=False)
    # The reigning champion, when they defend the title: after the bracket's final, a title
    # duel against the season's winner decides who reigns (None: no title duel).
    defender: Contestant | None = None

    @classmethod
    def new(cls, contestants: list[Contestant], *, charts: list[str] | None = None,
            seed: int | None = None, name: str | None = None,
            difficulty: Difficulty | str = Difficulty.MEDIUM,
            store: SeasonStore | None = None, defender: Contestant | None = None) -> "Season":
        """A fresh season; ``contestants`` in seed order (top seed first). ``defender``, the
        reigning champion, meets the season's winner in a final title duel (not when they
        take part in the season themselves: then they defend it in the bracket)."""
        if not MIN_CONTESTANTS <= len(contestants) <= MAX_CONTESTANTS:
            raise ValueError(f"a season has {MIN_CONTESTANTS} to {MAX_CONTESTANTS} contestants, not {len(contestants)}")
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        bracket = Bracket.build([c.id for c in contestants])
        season = cls(
            id=uuid.uuid4().hex[:12], name=name or f"Season {datetime.now().strftime('%Y-%m-%d %H:%M')}",
            contestants=list(contestants), bracket=bracket, charts=list(charts or []), seed=seed,
            difficulty=Difficulty(difficulty), store=store,
            defender=defender if defender is not None and defender.id not in {c.id for c in contestants} else None,
        )
        season.match_charts = season._draw_charts()
        if season.defender is not None and season.charts:
            season.match_charts[TITLE_DUEL] = random.Random(f"title:{seed}").choice(season.charts)
        season._changed()
        return season

    def _draw_charts(self) -> dict[str, str]:
        """A chart for every match to be sung: the pool shuffled by the seed, dealt in play
        order, reshuffled when used up (no repeat before every chart had a turn)."""
        if not self.charts:
            return {}
        rng = random.Random(f"charts:{self.seed}")
        deck: list[str] = []
        out: dict[str, str] = {}
        for match in self.bracket.playable():
            if not deck:
                deck = list(self.charts)
                rng.shuffle(deck)
            out[match.id] = deck.pop()
        return out

    # -- queries -----------------------------------------------------------------------------
    def contestant(self, ident: str) -> Contestant:
        for c in self.contestants:
            if c.id == ident:
                return c
        if self.defender is not None and self.defender.id == ident:
            return self.defender
        raise KeyError(ident)

    def seed_of(self, ident: str) -> int:
        """1 for the top seed; 0 for the defending champion (above every seed)."""
        ids = [c.id for c in self.contestants]
        if ident not in ids and self.defender is not None and ident == self.defender.id:
            return 0
        return 1 + ids.index(ident)

    def next_match(self) -> BracketMatch | None:
        return None if self.status is not SeasonStatus.ACTIVE else self.bracket.next_match()

    def chart_for(self, match_id: str) -> str | None:
        return self.match_charts.get(match_id)

    def match_seed(self, match_id: str) -> int:
        """A seed for whatever is random in one match (CPU rivals' takes), stable per season."""
        return zlib.crc32(f"{self.seed}:{match_id}".encode())

    def result_of(self, match_id: str) -> MatchResult | None:
        return next((r for r in self.results if r.match_id == match_id), None)

    @property
    def finished(self) -> bool:
        return self.status is SeasonStatus.FINISHED

    @property
    def champion(self) -> Contestant | None:
        """Who reigns after this season: the title duel's winner when there was one, else
        the bracket's (None until decided)."""
        duel = self.result_of(TITLE_DUEL)
        if duel is not None:
            return self.contestant(duel.winner)
        if self.title_duel_pending:
            return None
        winner = self.bracket.champion
        return None if winner is None else self.contestant(winner)

    @property
    def bracket_winner(self) -> Contestant | None:
        winner = self.bracket.champion
        return None if winner is None else self.contestant(winner)

    @property
    def title_duel_pending(self) -> bool:
        """The bracket is over and the reigning champion still has to defend the title."""
        return (self.defender is not None and self.bracket.finished and self.result_of(TITLE_DUEL) is None
                and self.status is SeasonStatus.ACTIVE)

    def title_duel_pair(self) -> tuple[Contestant, Contestant] | None:
        """(the defender, the season's winner) while the title duel waits."""
        if not self.title_duel_pending:
            return None
        assert self.defender is not None
        winner = self.bracket_winner
        assert winner is not None
        return (self.defender, winner)

    def round_label(self, match_id: str) -> str:
        """'Semi-final', 'Final', 'Title duel' for a match id of this season."""
        if match_id == TITLE_DUEL:
            return "Title duel"
        return self.bracket.round_name(self.bracket.match(match_id).round)

    def placings(self) -> list[tuple[int, Contestant]]:
        """(place, contestant), the champion first, then by the round each left in (who left
        in the same round share a place); a title duel's loser is second."""
        rounds = len(self.bracket.rounds)
        field = list(self.contestants)
        depth = {c.id: self.bracket.eliminated_in(c.id) or 0 for c in field}
        winner = self.bracket.champion
        if winner is not None:
            depth[winner] = rounds + 1
        duel = self.result_of(TITLE_DUEL)
        if duel is not None and self.defender is not None:
            field.append(self.defender)
            depth[duel.loser] = rounds + 1
            depth[duel.winner] = rounds + 2
        order = sorted(field, key=lambda c: -depth[c.id])
        return [(1 + sum(1 for d in depth.values() if d > depth[c.id]), c) for c in order]

    def record_title_duel(self, winner: str, scores: dict[str, float], reason: str = "score",
                          details: dict | None = None, chart: str | None = None) -> MatchResult:
        """Decide the title duel: its winner reigns, and the season is over."""
        pair = self.title_duel_pair()
        if pair is None:
            raise ValueError(f"season {self.id} has no title duel waiting")
        ids = [c.id for c in pair]
        if winner not in ids:
            raise ValueError(f"{winner} is not in the title duel")
        loser = ids[1 - ids.index(winner)]
        result = MatchResult(TITLE_DUEL, winner, loser, {k: float(v) for k, v in scores.items()}, reason,
                             chart or self.chart_for(TITLE_DUEL), self.difficulty.value, details=dict(details or {}))
        self.results.append(result)
        self.status = SeasonStatus.FINISHED
        self._changed(result)
        return result

    # -- changes -----------------------------------------------------------------------------
    def set_chart(self, match_id: str, chart: str) -> None:
        match = self.bracket.match(match_id)
        if match.decided:
            raise ValueError(f"match {match_id} is already decided")
        self.match_charts[match_id] = chart
        self._changed()

    def record_result(self, match_id: str, winner: str, scores: dict[str, float],
                      reason: str = "score", details: dict | None = None, chart: str | None = None) -> MatchResult:
        """Decide a match: the winner goes on, the season is saved with the result. ``chart``
        is the key the records know the song by (a level id), when not the dealt chart itself."""
        if self.status is not SeasonStatus.ACTIVE:
            raise ValueError(f"season {self.id} is {self.status.value}")
        match = self.bracket.decide(match_id, winner)
        result = MatchResult(match_id, winner, match.loser or "", {k: float(v) for k, v in scores.items()},
                             reason, chart or self.chart_for(match_id), self.difficulty.value,
                             details=dict(details or {}))
        self.results.append(result)
        if self.bracket.finished and self.defender is None:  # else the title duel comes first
            self.status = SeasonStatus.FINISHED
        self._changed(result)
        return result

    def abandon(self) -> None:
        if self.status is SeasonStatus.ACTIVE:
            self.status = SeasonStatus.ABANDONED
            self._changed()

    def _changed(self, result: MatchResult | None = None) -> None:
        self.updated_at = now_iso()
        if self.store is not None:
            self.store.save_season(self, result)

    # -- saving ------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "format": FORMAT, "id": self.id, "name": self.name,
            "contestants": [c.to_dict() for c in self.contestants],
            "bracket": self.bracket.to_dict(), "charts": list(self.charts),
            "match_charts": dict(self.match_charts), "seed": self.seed,
            "difficulty": self.difficulty.value, "status": self.status.value,
            "results": [r.to_dict() for r in self.results],
            "created_at": self.created_at, "updated_at": self.updated_at,
            **({"defender": self.defender.to_dict()} if self.defender is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: dict, store: SeasonStore | None = None) -> "Season":
        if int(data.get("format", 1)) > FORMAT:
            raise ValueError("this season was saved by a newer alienstage")
        return cls(
            id=str(data["id"]), name=str(data["name"]),
            contestants=[Contestant.from_dict(c) for c in data["contestants"]],
            bracket=Bracket.from_dict(data["bracket"]), charts=[str(c) for c in data.get("charts", [])],
            match_charts={str(k): str(v) for k, v in data.get("match_charts", {}).items()},
            seed=int(data.get("seed", 0)), difficulty=Difficulty(data.get("difficulty", "medium")),
            status=SeasonStatus(data.get("status", "active")),
            results=[MatchResult.from_dict(r) for r in data.get("results", [])],
            created_at=str(data.get("created_at", "")), updated_at=str(data.get("updated_at", "")),
            store=store, defender=Contestant.from_dict(data["defender"]) if data.get("defender") else None,
        )
