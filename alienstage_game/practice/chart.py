"""A chart moved to the practice room: slower or faster, higher or lower, cut to a loop.

Tempo scales every time in the chart (BPM up or down, GAP and the other millisecond or
second headers by the inverse), so the beat grid lands where the stretched backing puts
it. Transposing shifts every note; the backing is shifted by the same interval elsewhere.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from ..charts.model import Line, Song
from ..charts.timing import parse_number

MIN_TEMPO, MAX_TEMPO = 0.5, 1.0
MAX_TRANSPOSE = 6

# Headers that hold a time (ms, or seconds before v2.0.0): they scale with 1 / tempo.
# Beat-valued headers (MEDLEYSTARTBEAT...) sit on the grid and need no change.
TIME_HEADERS = ("GAP", "START", "END", "VIDEOGAP", "PREVIEWSTART", "PREVIEWEND", "MEDLEYSTART", "MEDLEYEND")


class PracticeError(ValueError):
    """A practice setting out of range, with the range in its message."""


def check_tempo(tempo: float) -> float:
    if not MIN_TEMPO <= tempo <= MAX_TEMPO:
        raise PracticeError(f"tempo {tempo:g} is out of range: choose {MIN_TEMPO:g} to {MAX_TEMPO:g} (e.g. 0.8)")
    return float(tempo)


def check_transpose(semitones: int) -> int:
    if not -MAX_TRANSPOSE <= semitones <= MAX_TRANSPOSE:
        raise PracticeError(f"transpose {semitones:+d} is out of range: choose -{MAX_TRANSPOSE} to +{MAX_TRANSPOSE} semitones")
    return int(semitones)


def _format(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def practice_song(song: Song, tempo: float = 1.0, transpose: int = 0) -> Song:
    """A copy of ``song`` at ``tempo`` (0.5-1.0 of the original speed), shifted by
    ``transpose`` semitones. The original is left untouched."""
    check_tempo(tempo)
    check_transpose(transpose)
    moved = copy.deepcopy(song)
    if tempo != 1.0:
        bpm = song.bpm
        if bpm is None or bpm <= 0:
            raise PracticeError(f"{song.path}: the chart has no positive #BPM, so its tempo cannot change")
        moved.headers["BPM"] = _format(bpm * tempo)
        for key in TIME_HEADERS:
            text = song.header(key)
            if text:
                try:
                    moved.headers[key] = _format(parse_number(text) / tempo)
                except ValueError:
                    pass  # unreadable as a time: the chart reader already warned about it
    if transpose:
        for voice in moved.voices:
            for note in voice.notes:
                note.pitch += transpose
    return moved


@dataclass(frozen=True)
class LoopRange:
    """Lines ``first``..``last`` of a voice, counted from 1 as the practice screen shows them."""

    first: int
    last: int

    @classmethod
    def parse(cls, text: str) -> "LoopRange":
        """``"3-5"`` or ``"4"``."""
        parts = text.replace(" ", "").split("-")
        try:
            numbers = [int(p) for p in parts]
        except ValueError:
            raise PracticeError(f"loop {text!r}: write FIRST-LAST line numbers, e.g. 3-5") from None
        if len(numbers) == 1:
            numbers.append(numbers[0])
        if len(numbers) != 2 or numbers[0] < 1 or numbers[1] < numbers[0]:
            raise PracticeError(f"loop {text!r}: write FIRST-LAST line numbers from 1, FIRST <= LAST, e.g. 3-5")
        return cls(numbers[0], numbers[1])

    def lines(self, song: Song, voice_id: str) -> list[Line]:
        lines = song.voice(voice_id).lines
        if self.last > len(lines):
            raise PracticeError(f"loop {self.first}-{self.last}: voice {voice_id} has only {len(lines)} lines")
        return lines[self.first - 1 : self.last]


def loop_song(song: Song, voice_id: str, loop: LoopRange) -> Song:
    """The chart cut to the looped lines of one voice: the judge of a pass scores these only."""
    kept = copy.deepcopy(loop.lines(song, voice_id))
    cut = copy.copy(song)
    voice = copy.deepcopy(song.voice(voice_id))
    voice.lines = kept
    cut.voices = [voice]
    cut.headers = {k: v for k, v in song.headers.items() if k != "END"}
    return cut


def quarter_seconds(song: Song) -> float:
    """One count-in click: a quarter note (four chart beats before v2.0.0, one from it)."""
    clock = song.clock
    return clock.ms_per_beat * (1 if song.v2_units else 4) / 1000.0
