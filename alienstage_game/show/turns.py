"""Pass the mic on stage: one microphone, one tracker, and the schedule's turns.

The shared mic's frames go through the match package's MicSplitter: the seat whose turn
it is gets them, the other seat gets silence for the same instants. Each seat is judged
on its own lines only (``MicSchedule.player_song``), so a score is out of 10,000 for the
lines that seat sang, and nobody earns from the other's turns.
"""

from __future__ import annotations

import dataclasses

from ..match.duel import DuelRound, SeatEvent
from ..match.passmic import MicSchedule, MicSplitter
from ..match.verdict import Verdict
from ..pitch.frame import PitchFrame
from ..scoring import Difficulty
from .performers import Performer


class SharedMic:
    """The one microphone's performer, heard once per frame and split between the turns."""

    def __init__(self, performer: Performer, schedule: MicSchedule) -> None:
        self.performer = performer
        self.splitter = MicSplitter(schedule)
        self._queues: dict[int, list[PitchFrame]] = {p: [] for p in range(schedule.players)}

    def turns_of(self, player: int) -> "TurnTaker":
        return TurnTaker(self, player)

    def take(self, player: int, until: float) -> list[PitchFrame]:
        # Whoever asks first pulls the mic's new frames for every player.
        for player_id, frames in self.splitter.route(self.performer.poll(until)).items():
            self._queues[player_id].extend(frames)
        out, self._queues[player] = self._queues[player], []
        return out

    @property
    def lost(self) -> bool:
        return self.performer.lost

    @property
    def ready(self) -> bool:
        return self.performer.ready

    def restart(self) -> None:
        for queue in self._queues.values():
            queue.clear()
        self.performer.restart()

    def close(self) -> None:
        self.performer.close()


class TurnTaker:
    """One seat's share of the shared mic (a Performer)."""

    def __init__(self, mic: SharedMic, player: int) -> None:
        self.mic, self.player = mic, player

    @property
    def lost(self) -> bool:
        return self.mic.lost

    @property
    def ready(self) -> bool:
        return self.mic.ready

    def poll(self, until: float) -> list[PitchFrame]:
        return self.mic.take(self.player, until)

    def restart(self) -> None:
        if self.player == 0:  # one rewind for the one mic
            self.mic.restart()

    def close(self) -> None:
        self.mic.close()


class TurnRound(DuelRound):
    """A duel round whose seats are judged on their own turns' lines: each judge scores
    ``schedule.player_song(song, seat)``. Line indices in its events and cards are the
    chart's (not the player chart's), so ratings and "line N" mean the same everywhere."""

    def __init__(self, song, schedule: MicSchedule, difficulty: Difficulty = Difficulty.MEDIUM) -> None:
        voices = (schedule.voice_of(0), schedule.voice_of(1))
        songs = (schedule.player_song(song, 0), schedule.player_song(song, 1))
        super().__init__(song, difficulty, voices, crosstalk=False, songs=songs)  # one mic: nothing to leak
        self.schedule = schedule
        self.chart_lines = tuple(sorted(i for v, i in schedule.lines_of(seat) if v == voices[seat])
                                 for seat in (0, 1))

    def _chart_line(self, seat: int, index: int) -> int:
        return self.chart_lines[seat][index]

    def _in_chart_lines(self, events: list[SeatEvent]) -> list[SeatEvent]:
        return [SeatEvent(e.seat, dataclasses.replace(e.event, line_index=self._chart_line(e.seat, e.event.line_index)))
                for e in events]

    def feed(self, seat, frames) -> list[SeatEvent]:
        return self._in_chart_lines(super().feed(seat, frames))

    def advance(self, t: float) -> list[SeatEvent]:
        return self._in_chart_lines(super().advance(t))

    def finish(self) -> Verdict:
        if self._verdict is None:
            verdict = super().finish()
            cards = tuple(dataclasses.replace(card, lines=tuple(
                dataclasses.replace(line, index=self._chart_line(seat, line.index)) for line in card.lines))
                for seat, card in enumerate(verdict.cards))
            line = verdict.sudden_death_line
            self._verdict = dataclasses.replace(
                verdict, cards=cards, sudden_death_line=None if line is None else self._chart_line(0, line))
        return self._verdict
