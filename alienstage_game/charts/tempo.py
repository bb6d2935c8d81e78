"""Legacy tempo changes (``B beat bpm`` lines) folded into one tempo.

Old charts (UltraStar before 1.0) could change the BPM mid-song; the 1.x spec dropped
those lines and our clock has one tempo. Rather than ignore them (every note after the
change would drift), the reader re-times the notes: each beat's real time under the
tempo map is put back on a grid of the first tempo, made finer (x2, x4) when the
changed tempo does not fall on it, so no note moves by more than a few milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .model import Song
from .timing import parse_number

GRIDS = (1, 2, 4, 8)  # finer grids of the first tempo, tried in order
GOOD_ENOUGH_BEATS = 0.1  # a note may move this share of a grid beat (~6 ms at BPM 400)
MEDLEY_BEAT_HEADERS = ("MEDLEYSTARTBEAT", "MEDLEYENDBEAT")


@dataclass(frozen=True, slots=True)
class TempoChange:
    beat: float  # where the new tempo starts, in the chart's beats
    bpm: float  # same units as #BPM
    line: int  # where it was written, for messages


@dataclass(frozen=True)
class Flattened:
    bpm: float  # the new #BPM
    grid: int  # how much finer than the first tempo's grid
    worst_ms: float  # the largest move of any note edge


class TempoMap:
    """Beat -> time in beats of the first tempo, through every change."""

    def __init__(self, bpm: float, changes: Iterable[TempoChange]) -> None:
        self.segments: list[tuple[float, float, float]] = [(0.0, 0.0, 1.0)]  # (beat, time, speed)
        for change in sorted(changes, key=lambda c: c.beat):
            beat0, time0, speed0 = self.segments[-1]
            at = max(change.beat, beat0)
            self.segments.append((at, time0 + (at - beat0) * speed0, bpm / change.bpm))

    def time(self, beat: float) -> float:
        for beat0, time0, speed in reversed(self.segments):
            if beat >= beat0:
                return time0 + (beat - beat0) * speed
        return beat  # before the first change the tempo is the header's


def flatten_tempo(song: Song, changes: list[TempoChange], ms_per_first_beat: float) -> Flattened:
    """Re-time ``song`` (in place) to one tempo; the new #BPM is written to its headers."""
    bpm = song.bpm or 0.0
    tempo = TempoMap(bpm, changes)
    edges = [tempo.time(b) for v in song.voices for line in v.lines for n in line.notes
             for b in (n.beat, n.end_beat)]

    def misfit(k: int) -> float:  # the largest move, in beats of the grid k times finer
        return max((abs(t * k - round(t * k)) for t in edges), default=0.0)

    grid = next((k for k in GRIDS if misfit(k) <= GOOD_ENOUGH_BEATS), GRIDS[-1])
    worst = misfit(grid) * ms_per_first_beat / grid

    def moved(beat: float) -> int:
        return int(round(tempo.time(beat) * grid))

    for voice in song.voices:
        for line in voice.lines:
            for note in line.notes:
                start, end = moved(note.beat), moved(note.end_beat)
                note.beat, note.length = start, max(1, end - start) if note.length > 0 else note.length
            if line.break_beat is not None:
                line.break_beat = moved(line.break_beat)
    for key in MEDLEY_BEAT_HEADERS:
        if key in song.headers:
            try:
                song.headers[key] = str(moved(parse_number(song.headers[key])))
            except ValueError:
                pass  # an unreadable medley bound is reported where medleys are read
    new_bpm = bpm * grid
    song.headers["BPM"] = f"{new_bpm:g}"
    return Flattened(new_bpm, grid, worst)
