"""A duel round: two seats sing one chart, a judge each, a vote bar, a verdict.

Battle charts (one voice) give both seats that voice; duet charts give seat 0 voice P1
and seat 1 voice P2. With ``crosstalk=True`` (two microphones in one room) every frame
passes the CrosstalkGate before its judge, so neither seat earns points from the other's
voice leaking into its mic; leave it off when a seat is a CPU rival or a file sung apart.

Live: ``feed(seat, frames)`` as each tracker produces frames, ``advance(t)`` once per
video frame with the song time. The command line feeds two whole takes and calls
``finish()``; it is the same path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..charts import Song
from ..pitch.frame import PitchFrame
from ..scoring import Difficulty, Judge, ScoreEvent
from .crosstalk import CrosstalkConfig, CrosstalkGate
from .verdict import Verdict, decide
from .vote import VoteBar

# Frames reach the judges up to this late (tracker latency, the gate's wait), so a
# note is judged only once song time is this far past its window.
SETTLE_S = 0.2


@dataclass(frozen=True, slots=True)
class SeatEvent:
    seat: int
    event: ScoreEvent


def default_voices(song: Song) -> tuple[str, str]:
    """Duet: P1 and P2 (the first two voices); battle: both sing the first voice."""
    if not song.voices:
        raise ValueError("the chart has no notes to sing")
    if song.is_duet:
        return song.voices[0].id, song.voices[1].id
    return song.voices[0].id, song.voices[0].id


class DuelRound:
    def __init__(self, song: Song, difficulty: Difficulty | str = Difficulty.MEDIUM,
                 voices: tuple[str, str] | None = None, *, crosstalk: bool = True,
                 crosstalk_config: CrosstalkConfig | None = None,
                 mic_levels_db: tuple[float, float] | None = None,
                 bleed_db: tuple[float, float] | None = None,
                 songs: tuple[Song, Song] | None = None) -> None:
        """``mic_levels_db`` and ``bleed_db`` come from a room check (see CrosstalkGate).
        ``songs``: the chart each seat is judged on, when it is not the whole ``song``
        (pass the mic judges each singer on a chart of their own turns)."""
        self.song = song
        self.difficulty = Difficulty(difficulty)
        self.voices = voices or default_voices(song)
        judged = songs or (song, song)
        self.judges = (Judge(judged[0], self.voices[0], self.difficulty),
                       Judge(judged[1], self.voices[1], self.difficulty))
        self.gate = CrosstalkGate(crosstalk_config, mic_levels_db, bleed_db) if crosstalk else None
        sung = [j.plan.sung_seconds for j in self.judges if j.plan.sung_seconds > 0]
        reference = 10_000.0 / (sum(sung) / len(sung)) if sung else 1.0
        self.vote_bar = VoteBar(reference)
        self.time = float("-inf")
        self._verdict: Verdict | None = None

    # -- live ------------------------------------------------------------------------
    def feed(self, seat: int, frames: Iterable[PitchFrame]) -> list[SeatEvent]:
        if seat not in (0, 1):
            raise ValueError(f"a duel has seats 0 and 1, not {seat}")
        if self.gate is None:
            return [SeatEvent(seat, e) for e in self.judges[seat].feed(frames)]
        return self._judge(self.gate.push(seat, frames))

    def advance(self, t: float) -> list[SeatEvent]:
        """Song time is ``t``: release frames that waited long enough, judge notes that
        are over, move the vote bar."""
        self.time = max(self.time, t)
        events = self._judge(self.gate.release_until(t)) if self.gate is not None else []
        for seat, judge in enumerate(self.judges):
            events.extend(SeatEvent(seat, e) for e in judge.advance(t - SETTLE_S))
        self.vote_bar.advance(t, self.judges[0].score, self.judges[1].score)
        return events

    @property
    def vote(self) -> float:
        return self.vote_bar.value

    def score(self, seat: int) -> float:
        return self.judges[seat].score

    def max_reachable(self, seat: int) -> float:
        return self.judges[seat].max_reachable

    @property
    def rejected_frames(self) -> tuple[int, int]:
        if self.gate is None:
            return (0, 0)
        return (self.gate.rejected[0], self.gate.rejected[1])

    # -- the end ---------------------------------------------------------------------
    def finish(self) -> Verdict:
        """The song is over: judge what is left and decide."""
        if self._verdict is None:
            if self.gate is not None:
                self._judge(self.gate.flush())
            cards = (self.judges[0].finish(), self.judges[1].finish())
            lines = self.judges[0].plan.lines
            self._verdict = decide(cards, sudden_death_line=lines[-1].index if lines else None,
                                   rejected_frames=self.rejected_frames,
                                   unpulled_s=0.0 if self.gate is None else self.gate.unpulled * self.gate.config.hop_s)
        return self._verdict

    def _judge(self, released: list[tuple[int, PitchFrame]]) -> list[SeatEvent]:
        events: list[SeatEvent] = []
        for seat, frame in released:
            events.extend(SeatEvent(seat, e) for e in self.judges[seat].feed_frame(frame))
        return events


def duel_frames(song: Song, frames_p1: Iterable[PitchFrame], frames_p2: Iterable[PitchFrame],
                difficulty: Difficulty | str = Difficulty.MEDIUM, *, crosstalk: bool = True,
                voices: tuple[str, str] | None = None,
                mic_levels_db: tuple[float, float] | None = None,
                bleed_db: tuple[float, float] | None = None) -> Verdict:
    """Two whole takes at once, through the same round as live play (frames merged in
    time order, as two trackers would deliver them)."""
    duel = DuelRound(song, difficulty, voices, crosstalk=crosstalk, mic_levels_db=mic_levels_db,
                     bleed_db=bleed_db)
    merged = sorted([(f.time, 0, f) for f in frames_p1] + [(f.time, 1, f) for f in frames_p2],
                    key=lambda item: (item[0], item[1]))
    for _, seat, frame in merged:
        duel.feed(seat, (frame,))
    return duel.finish()
