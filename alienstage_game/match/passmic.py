"""Pass the mic: one microphone, players take turns, each judged on their own lines.

The turn rules (players are 0-based indices):

- Duet charts (more than one voice): voice i belongs to player i. Lines of different
  voices that overlap in time form one turn sung by both; the single mic feeds both.
- Solo and battle charts (one voice): turns rotate among the players every LINE, or
  every VERSE. A verse is a run of lines with no rest of ``verse_rest_s`` or more between
  one line's last note and the next line's first note. When the chart has fewer verses
  than players (no long rests), VERSE falls back to turns of two lines.
- AUTO picks VOICE for duets and VERSE otherwise.

Frames are routed by windows: the boundary between two turns is the middle of the rest
between them, the first window opens at time 0 and the last never closes, so every
instant belongs to exactly one turn. A hand-over warning shows from
``max(previous turn end, next turn start - warning_s)`` whenever the singer changes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from typing import Iterable

from ..charts.model import Line, Song, Voice
from ..pitch.frame import PitchFrame

SILENT_DB = -120.0  # level of a frame a player did not sing (the mic was elsewhere)
FALLBACK_LINES_PER_TURN = 2


class TurnUnit(str, Enum):
    AUTO = "auto"
    LINE = "line"
    VERSE = "verse"
    VOICE = "voice"


@dataclass(frozen=True, slots=True)
class TurnPart:
    player: int
    voice_id: str
    line_index: int


@dataclass(frozen=True)
class Turn:
    index: int
    players: tuple[int, ...]
    parts: tuple[TurnPart, ...]
    start_s: float  # first note of the turn
    end_s: float  # end of its last note
    window_start_s: float  # frames in [window_start_s, window_end_s) belong to ``players``
    window_end_s: float
    warn_s: float | None  # when to show "pass the mic"; None when the same players go on

    def holds(self, t: float) -> bool:
        return self.window_start_s <= t < self.window_end_s


@dataclass(frozen=True, slots=True)
class _Span:
    start_s: float
    end_s: float
    voice_id: str
    line_index: int


@dataclass
class MicSchedule:
    turns: list[Turn]
    players: int
    unit: TurnUnit
    voices: dict[int, str]  # the voice each player is judged on

    def turn_at(self, t: float) -> Turn | None:
        lo, hi = 0, len(self.turns)
        while lo < hi:  # turns are sorted and their windows tile the timeline
            mid = (lo + hi) // 2
            if self.turns[mid].window_end_s <= t:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.turns) and self.turns[lo].holds(t):
            return self.turns[lo]
        return None

    def players_at(self, t: float) -> tuple[int, ...]:
        turn = self.turn_at(t)
        return turn.players if turn is not None else ()

    def handover_at(self, t: float) -> Turn | None:
        """The coming turn whose hand-over warning is showing at song time ``t``."""
        for turn in self.turns:
            if turn.warn_s is not None and turn.warn_s <= t < turn.start_s:
                return turn
            if turn.start_s > t:
                break
        return None

    def lines_of(self, player: int) -> list[tuple[str, int]]:
        return [(p.voice_id, p.line_index) for turn in self.turns for p in turn.parts if p.player == player]

    def voice_of(self, player: int) -> str:
        return self.voices[player]

    def player_song(self, song: Song, player: int) -> Song:
        """The chart with only ``player``'s lines in their voice: what their judge scores."""
        voice_id = self.voice_of(player)
        keep = {i for v, i in self.lines_of(player) if v == voice_id}
        voice = song.voice(voice_id)
        lines: list[Line] = [line for i, line in enumerate(voice.lines) if i in keep]
        mine = Voice(id=voice.id, name=voice.name, lines=lines)
        return dataclasses.replace(song, voices=[mine], warnings=list(song.warnings))


def _spans(song: Song) -> list[_Span]:
    clock = song.clock
    spans = []
    for voice in song.voices:
        for i, line in enumerate(voice.lines):
            if line.notes:
                spans.append(_Span(clock.beat_to_ms(line.start_beat) / 1000.0,
                                   clock.beat_to_ms(line.end_beat) / 1000.0, voice.id, i))
    spans.sort(key=lambda s: (s.start_s, s.voice_id))
    return spans


def _groups_by_overlap(spans: list[_Span]) -> list[list[_Span]]:
    groups: list[list[_Span]] = []
    group_end = float("-inf")
    for span in spans:
        if groups and span.start_s < group_end:
            groups[-1].append(span)
            group_end = max(group_end, span.end_s)
        else:
            groups.append([span])
            group_end = span.end_s
    return groups


def _verses(spans: list[_Span], rest_s: float) -> list[list[_Span]]:
    verses: list[list[_Span]] = []
    for span in spans:
        if verses and span.start_s - verses[-1][-1].end_s < rest_s:
            verses[-1].append(span)
        else:
            verses.append([span])
    return verses


def schedule_turns(song: Song, players: int = 2, unit: TurnUnit = TurnUnit.AUTO, *,
                   verse_rest_s: float = 2.5, warning_s: float = 2.0) -> MicSchedule:
    """Who sings when (see the module docstring for the rules)."""
    if players < 1:
        raise ValueError("pass the mic needs at least one player")
    unit = TurnUnit(unit)
    duet = song.is_duet
    if unit is TurnUnit.AUTO:
        unit = TurnUnit.VOICE if duet else TurnUnit.VERSE
    if duet and unit in (TurnUnit.LINE, TurnUnit.VERSE):
        unit = TurnUnit.VOICE  # a duet's turns are written in the chart
    spans = _spans(song)

    chunks: list[tuple[tuple[int, ...], list[tuple[int, _Span]]]] = []
    if unit is TurnUnit.VOICE:
        if duet and players != len(song.voices):
            raise ValueError(f"this duet has {len(song.voices)} voices: it needs {len(song.voices)} players")
        owner = {v.id: i for i, v in enumerate(song.voices)}
        for group in _groups_by_overlap(spans):
            sung = [(owner[s.voice_id] if duet else 0, s) for s in group]
            chunks.append((tuple(sorted({p for p, _ in sung})), sung))
    else:
        groups = [[s] for s in spans]
        if unit is TurnUnit.VERSE:
            groups = _verses(spans, verse_rest_s)
            if len(groups) < players:
                groups = [spans[i:i + FALLBACK_LINES_PER_TURN] for i in range(0, len(spans), FALLBACK_LINES_PER_TURN)]
        for n, group in enumerate(groups):
            chunks.append(((n % players,), [(n % players, s) for s in group]))

    # Consecutive chunks sung by the same players are one turn: no hand-over between them.
    merged: list[tuple[tuple[int, ...], list[tuple[int, _Span]]]] = []
    for who, sung in chunks:
        if merged and merged[-1][0] == who:
            merged[-1][1].extend(sung)
        else:
            merged.append((who, list(sung)))

    turns: list[Turn] = []
    for i, (who, sung) in enumerate(merged):
        start = min(s.start_s for _, s in sung)
        end = max(s.end_s for _, s in sung)
        prev_end = turns[-1].end_s if turns else None
        window_start = 0.0 if prev_end is None else (prev_end + start) / 2.0
        if turns:
            turns[-1] = dataclasses.replace(turns[-1], window_end_s=window_start)
        warn = None
        if turns and turns[-1].players != who:
            warn = max(prev_end, start - warning_s)
        parts = tuple(TurnPart(p, s.voice_id, s.line_index) for p, s in sung)
        turns.append(Turn(i, who, parts, start, end, min(window_start, start), float("inf"), warn))
    if turns and turns[0].window_start_s > 0.0:
        turns[0] = dataclasses.replace(turns[0], window_start_s=0.0)

    voices = {p: (song.voices[p].id if duet else song.voices[0].id) for p in range(players)} if song.voices else {}
    return MicSchedule(turns, players, unit, voices)


class MicSplitter:
    """Routes the one microphone's frames to the player(s) whose turn it is.

    Every player receives a frame for every timestamp, so each judge sees an unbroken
    stream; outside a player's turns the frame is silence.
    """

    def __init__(self, schedule: MicSchedule) -> None:
        self.schedule = schedule

    def feed(self, frame: PitchFrame) -> dict[int, PitchFrame]:
        singing = self.schedule.players_at(frame.time)
        silent = PitchFrame.unvoiced(frame.time, 0.0, SILENT_DB)
        return {p: (frame if p in singing else silent) for p in range(self.schedule.players)}

    def route(self, frames: Iterable[PitchFrame]) -> dict[int, list[PitchFrame]]:
        out: dict[int, list[PitchFrame]] = {p: [] for p in range(self.schedule.players)}
        for frame in frames:
            for p, routed in self.feed(frame).items():
                out[p].append(routed)
        return out
