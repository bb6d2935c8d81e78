"""Deciding season matches: a match between two CPU rivals is simulated at once through
the real judge (the rivals' PitchFrames, judge_frames, the verdict rules); a match with a
human goes to the stage and its DuelOutcome is recorded here. No pygame in this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ...charts import Song, load_song
from ...match.bracket import BracketMatch
from ...match.contestants import Contestant
from ...match.season import TITLE_DUEL, MatchResult, Season
from ...match.verdict import Verdict, VerdictReason, decide


def song_path(chart: str | None, fallback: Path) -> Path:
    """A season's chart entry is a level folder or a chart file path."""
    return Path(chart) if chart else fallback


def load_chart(path: Path) -> Song:
    if path.is_dir():
        from ...charts.level import load_level

        return load_level(path).song
    return load_song(path)


def chart_key(chart: str | None) -> str | None:
    """The key the records know a season's chart by: a level folder's (or its chart's) level
    id, else the chart's path, as a duel's highscores and matches are kept."""
    if not chart:
        return chart
    from ...match.records import chart_key_for

    path = Path(chart)
    if path.is_dir():
        from ...charts.level import load_level

        try:
            return load_level(path, load_chart=False).id
        except Exception:  # a broken level.toml: its folder's path, as chart_key_for would
            return path.as_posix()
    return chart_key_for(path)[0]


def voices_for(song: Song) -> tuple[str, str]:
    if song.is_duet and len(song.voices) >= 2:
        return song.voices[0].id, song.voices[1].id
    return song.voices[0].id, song.voices[0].id


@dataclass(frozen=True)
class SimulatedMatch:
    match_id: str
    pair: tuple[Contestant, Contestant]
    verdict: Verdict
    winner: Contestant
    loser: Contestant
    result: MatchResult

    def headline(self) -> str:
        totals = self.verdict.totals
        return (f"{self.pair[0].name} {totals[0]:,} – {totals[1]:,} {self.pair[1].name}: "
                f"{self.winner.name} goes on, {self.loser.name} is out.")


def simulate_cpu_match(season: Season, match: BracketMatch, song: Song, seed: int = 0) -> SimulatedMatch:
    """Both rivals sing through their skill profiles; the judge and the verdict decide.

    An exact tie (sudden death) is sung again with the next seed, as a sudden-death line
    would be on stage, until someone wins.
    """
    from ...match.rivals import perform
    from ...scoring import judge_frames

    pair = (season.contestant(match.a), season.contestant(match.b))
    voices = voices_for(song)
    base = season.seed * 1000 + match.round * 100 + match.slot * 10 + seed
    for attempt in range(8):
        cards = tuple(judge_frames(song, perform(song, who.skill, voice_id=voice, seed=base + attempt * 7 + i),
                                   voice_id=voice, difficulty=season.difficulty)
                      for i, (who, voice) in enumerate(zip(pair, voices)))
        verdict = decide(cards, sudden_death_line=len(song.voices[0].lines) - 1)
        if verdict.winner is not None:
            break
    if verdict.winner is None:  # eight dead heats in a row: the higher seed goes on
        winner_seat = 0 if season.seed_of(pair[0].id) < season.seed_of(pair[1].id) else 1
        verdict = Verdict(winner_seat, 1 - winner_seat, VerdictReason.SUDDEN_DEATH, verdict.cards, verdict.totals,
                          verdict.tiebreaks, verdict.forfeited, verdict.sung_s, verdict.sudden_death_line)
    result = record(season, match, pair, verdict)
    return SimulatedMatch(match.id, pair, verdict, pair[verdict.winner], pair[verdict.loser], result)


def record(season: Season, match: BracketMatch, pair: tuple[Contestant, Contestant], verdict: Any,
           totals: tuple[int, int] | None = None, winner_seat: int | None = None) -> MatchResult:
    """Write a decided match into the season (which saves itself through its store)."""
    seat = verdict.winner if winner_seat is None else winner_seat
    totals = tuple(verdict.totals) if totals is None else totals
    reason = getattr(getattr(verdict, "reason", None), "value", "score")
    details: dict[str, Any] = {"totals": list(totals)}
    if hasattr(verdict, "to_json"):
        details["verdict"] = verdict.to_json()
    decide = season.record_title_duel if match.id == TITLE_DUEL else partial(season.record_result, match.id)
    return decide(pair[seat].id, {pair[0].id: totals[0], pair[1].id: totals[1]},
                  reason=reason, details=details, chart=chart_key(season.chart_for(match.id)))


def record_outcome(season: Season, match: BracketMatch, outcome: Any) -> MatchResult | None:
    """A stage DuelOutcome into the season; None when the duel was abandoned (sung again later)."""
    if getattr(outcome, "aborted", False) or outcome.winner < 0:
        return None
    pair = (season.contestant(match.a), season.contestant(match.b))
    totals = (outcome.seats[0].score, outcome.seats[1].score)
    verdict = outcome.verdict if outcome.verdict is not None else _ScoreOnly(outcome.reason)
    return record(season, match, pair, verdict, totals=totals, winner_seat=outcome.winner)


@dataclass(frozen=True)
class _ScoreOnly:
    """A stage outcome without a Verdict object: only its sentence is kept."""

    explanation: str
    reason: VerdictReason = VerdictReason.SCORE

    def to_json(self) -> dict:
        return {"explanation": self.explanation}
