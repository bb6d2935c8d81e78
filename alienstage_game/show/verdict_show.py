"""The verdict as a show on the stage: a timeline of beats, no pygame (ui/stage/verdict.py
draws it, the stage scene runs it between the song's end and the results).

    show = VerdictShow.for_verdict(verdict, start_vote=session.vote)
    every frame: t += seconds; show.beat_at(t), show.progress(Beat.SWEEP, t), show.cues_between(t0, t)

The beats, in order: the last note FADEs; the hall holds its BREATH (drum roll, the
crowd's lights flicker); the vote bar SWEEPs and settles on the final count; the scores
COUNT up side by side; a TIE_BREAK card when equal totals were decided by a tie rule;
a beat of SILENCE; then the loser's LIGHTS_OUT (flicker, out, a silhouette) and the
winner's ROAR. A dead level (sudden death) or a double forfeit has no light to put out:
its last beat is NO_LOSER. Skippable once ``SKIP_AFTER_S`` has passed.

The final count: the hall's ``HALL_VOTES`` votes split by the rounded totals (share
0.5 + 0.5 tanh(VOTE_LEAN * gap / sum): the hall leans harder than the points), the
winner always holding a majority (a forfeit: all of them); equal totals
split evenly, whichever tie rule decided (the card says which). Nobody's count is ever
invented: the count-up ends on ``Verdict.totals``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from ..match.verdict import Verdict, VerdictReason
from .timeline import Window

SKIP_AFTER_S = 1.0
HALL_VOTES = 1000
VOTE_LEAN = 4.0


class Beat(str, Enum):
    FADE = "fade"
    BREATH = "breath"
    SWEEP = "sweep"
    COUNT = "count"
    TIE_BREAK = "tie_break"
    SILENCE = "silence"
    LIGHTS_OUT = "lights_out"
    ROAR = "roar"
    NO_LOSER = "no_loser"


# Seconds per beat at speed 1.
LENGTHS = {Beat.FADE: 0.8, Beat.BREATH: 2.0, Beat.SWEEP: 1.8, Beat.COUNT: 1.8, Beat.TIE_BREAK: 1.8,
           Beat.SILENCE: 0.7, Beat.LIGHTS_OUT: 1.6, Beat.ROAR: 2.2, Beat.NO_LOSER: 2.4}
LIGHT_OUT_AT = 0.62  # within LIGHTS_OUT: the flicker ends and the light dies here

# Sound cues: (beat, fraction of the beat, effect name), see audio/sfx.py.
_CUES = ((Beat.BREATH, 0.0, "drum-roll"), (Beat.BREATH, 0.0, "crowd-murmur"),
         (Beat.SWEEP, 0.0, "vote-swing"), (Beat.SWEEP, 0.8, "verdict-hit"),
         (Beat.COUNT, 0.0, "score-count"), (Beat.TIE_BREAK, 0.0, "verdict-hit"),
         (Beat.LIGHTS_OUT, 0.0, "light-flicker"), (Beat.LIGHTS_OUT, LIGHT_OUT_AT, "elimination"),
         (Beat.ROAR, 0.0, "crowd-roar"), (Beat.ROAR, 0.0, "winner-flare"),
         (Beat.NO_LOSER, 0.0, "verdict-hit"))


@dataclass(frozen=True, slots=True)
class BeatSpan(Window):
    beat: Beat = Beat.FADE


@dataclass(frozen=True, slots=True)
class Cue:
    at_s: float
    sound: str


def final_votes(verdict: Verdict) -> tuple[int, int]:
    """The hall's count for each seat, decided by the verdict (see the module's notes)."""
    totals = verdict.totals
    if verdict.reason is VerdictReason.DOUBLE_FORFEIT:
        return (0, 0)
    if verdict.reason is VerdictReason.FORFEIT:
        return (HALL_VOTES, 0) if verdict.winner == 0 else (0, HALL_VOTES)
    if totals[0] == totals[1] or verdict.winner is None:
        return (HALL_VOTES // 2, HALL_VOTES - HALL_VOTES // 2)
    # The hall leans harder than the points do: a 6% lead in points is a 62-38 vote.
    share = 0.5 + 0.5 * math.tanh(VOTE_LEAN * (totals[0] - totals[1]) / (totals[0] + totals[1]))
    first = int(round(HALL_VOTES * share))
    majority = HALL_VOTES // 2 + 1
    first = max(first, majority) if verdict.winner == 0 else min(first, HALL_VOTES - majority)
    return (first, HALL_VOTES - first)


def _ease_out(x: float) -> float:
    return 1.0 - (1.0 - x) ** 3


class VerdictShow:
    """One verdict's timeline. ``speed`` shortens every beat (a sped-up stage in tests)."""

    def __init__(self, verdict: Verdict, start_vote: float = 0.0, speed: float = 1.0) -> None:
        self.verdict = verdict
        self.start_vote = max(-1.0, min(1.0, start_vote))
        self.speed = max(1e-6, speed)
        self.votes = final_votes(verdict)
        counted = sum(self.votes)
        self.final_vote = 0.0 if counted == 0 else (self.votes[0] - self.votes[1]) / counted
        self.winner = -1 if verdict.winner is None else verdict.winner
        self.loser = -1 if verdict.loser is None else verdict.loser
        self.tie_break = verdict.reason in (VerdictReason.GOLDEN, VerdictReason.PERFECT_LINES,
                                            VerdictReason.LINE_BONUS)
        order = [Beat.FADE, Beat.BREATH, Beat.SWEEP, Beat.COUNT]
        if self.tie_break:
            order.append(Beat.TIE_BREAK)
        order.append(Beat.SILENCE)
        order += [Beat.LIGHTS_OUT, Beat.ROAR] if self.loser >= 0 else [Beat.NO_LOSER]
        spans, t = [], 0.0
        for beat in order:
            length = LENGTHS[beat] / self.speed
            spans.append(BeatSpan(t, t + length, beat))
            t += length
        self.spans: tuple[BeatSpan, ...] = tuple(spans)
        self.length_s = t
        self.skip_after_s = min(SKIP_AFTER_S, SKIP_AFTER_S / self.speed)
        self.cues: tuple[Cue, ...] = tuple(sorted(
            (Cue(span.start_s + frac * (span.end_s - span.start_s), sound)
             for beat, frac, sound in _CUES for span in spans if span.beat is beat),
            key=lambda c: c.at_s))

    @classmethod
    def for_verdict(cls, verdict: Verdict, start_vote: float = 0.0, speed: float = 1.0) -> "VerdictShow":
        return cls(verdict, start_vote, speed)

    # -- where the show is ----------------------------------------------------------------------
    @property
    def beats(self) -> tuple[Beat, ...]:
        return tuple(s.beat for s in self.spans)

    def span(self, beat: Beat) -> BeatSpan | None:
        return next((s for s in self.spans if s.beat is beat), None)

    def beat_at(self, t: float) -> Beat | None:
        """The beat playing at ``t``; None once the show is over."""
        for span in self.spans:
            if t < span.end_s:
                return span.beat
        return None

    def progress(self, beat: Beat, t: float) -> float:
        """How far ``beat`` is at ``t`` (0 before, 1 after; 0 for a beat this show lacks)."""
        span = self.span(beat)
        return 0.0 if span is None else span.progress(t)

    def done(self, t: float) -> bool:
        return t >= self.length_s

    def can_skip(self, t: float) -> bool:
        return t >= self.skip_after_s

    def cues_between(self, t0: float, t1: float) -> list[str]:
        """The sounds that start in (t0, t1] (begin with t0 < 0 to include t = 0)."""
        return [c.sound for c in self.cues if t0 < c.at_s <= t1]

    # -- what the stage shows ---------------------------------------------------------------------
    def vote(self, t: float) -> float:
        """The vote bar: the live value until the sweep, then a swing to each side that
        narrows and settles on the final count."""
        p = self.progress(Beat.SWEEP, t)
        if p <= 0.0:
            return self.start_vote
        if p >= 0.8:
            return self.final_vote
        x = p / 0.8
        base = self.start_vote + (self.final_vote - self.start_vote) * _ease_out(x)
        swing = 0.55 * (1.0 - x) ** 1.5 * math.sin(x * math.pi * 3.0)
        return max(-1.0, min(1.0, base + swing))

    def vote_settled(self, t: float) -> bool:
        return self.progress(Beat.SWEEP, t) >= 0.8

    def scores(self, t: float) -> tuple[int, int]:
        """The numbers counting up side by side: 0 until the count, the totals after."""
        p = self.progress(Beat.COUNT, t)
        eased = _ease_out(p)
        totals = self.verdict.totals
        if p >= 1.0:
            return (int(totals[0]), int(totals[1]))
        return (int(totals[0] * eased), int(totals[1] * eased))

    def light(self, seat: int, t: float) -> float:
        """A seat's spotlight: 1 is its stage light; the loser's flickers and dies, the
        winner's flares (up to 1.6) as it does. Both dim in a double forfeit."""
        if seat == self.loser:
            p = self.progress(Beat.LIGHTS_OUT, t)
            if p <= 0.0:
                return 1.0
            if p >= LIGHT_OUT_AT:
                return 0.0
            x = p / LIGHT_OUT_AT
            # A failing lamp: off-on stutters that come closer together, each dimmer.
            stutter = math.sin(x * x * 38.0) > 0.15 - 0.9 * (1.0 - x)
            return (1.0 - 0.7 * x) if stutter else 0.12 * (1.0 - x)
        if seat == self.winner:
            flare = self.progress(Beat.LIGHTS_OUT, t)
            if flare <= LIGHT_OUT_AT:
                return 1.0
            rise = (flare - LIGHT_OUT_AT) / (1.0 - LIGHT_OUT_AT)
            roar = self.progress(Beat.ROAR, t)
            return 1.0 + 0.6 * rise - 0.25 * roar
        if self.verdict.reason is VerdictReason.DOUBLE_FORFEIT:
            return 1.0 - 0.6 * self.progress(Beat.NO_LOSER, t)
        return 1.0

    def silhouette(self, seat: int, t: float) -> float:
        """How far the loser has faded to a silhouette (0 lit, 1 a dark outline)."""
        if seat != self.loser:
            return 0.0
        p = self.progress(Beat.LIGHTS_OUT, t)
        if p <= LIGHT_OUT_AT * 0.5:
            return 0.0
        return min(1.0, (p - LIGHT_OUT_AT * 0.5) / (1.0 - LIGHT_OUT_AT * 0.5))

    def crowd_flicker(self, t: float) -> float:
        """0..1: how much the crowd's lights flicker (the breath, easing off in the sweep)."""
        breath = self.progress(Beat.BREATH, t)
        if 0.0 < breath < 1.0:
            return min(1.0, breath * 3.0)
        sweep = self.progress(Beat.SWEEP, t)
        if breath >= 1.0 and sweep < 0.8:
            return 1.0 - sweep / 0.8
        return 0.0

    def roar(self, t: float) -> float:
        """0..1: the crowd roaring in the winner's colour (and staying that colour)."""
        if self.winner < 0:
            return 0.0
        out = self.progress(Beat.LIGHTS_OUT, t)
        if out < LIGHT_OUT_AT:
            return 0.0
        return min(1.0, (out - LIGHT_OUT_AT) / (1.0 - LIGHT_OUT_AT) + self.progress(Beat.ROAR, t))

    def music_level(self, t: float) -> float:
        """The last note's fade: 1 to 0 over FADE (the stage fades the backing with it)."""
        return 1.0 - self.progress(Beat.FADE, t)
