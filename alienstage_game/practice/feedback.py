"""What a practising singer hears about each note: how sharp or flat, how early or late.

The judge says how much a note earned; feedback says why. Pitch is the median signed
error over the note's voiced frames, folded to the nearest octave as the judge folds it
(a bass singing a soprano line an octave down is on pitch). Timing is the first frame
that comes near the note's pitch, searched from a little before the note starts.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Sequence

from ..charts.model import Note, Song
from ..pitch.frame import PitchFrame

ON_PITCH_CENTS = 25.0  # within a quarter tone either way: "on pitch"
ON_TIME_MS = 60.0  # within this of the note's start: "on time"
NEAR_CENTS = 100.0  # a frame this close to the target counts as having found the note
EARLY_SEARCH_S = 0.15  # how early a start is still this note's (and not the previous one's)
LATE_SEARCH_S = 0.35


def folded_cents(sung_midi: float, target_midi: float) -> float:
    """Signed error in cents after moving the sung pitch to the target's nearest octave."""
    diff = (sung_midi - target_midi) % 12.0
    if diff > 6.0:
        diff -= 12.0
    return diff * 100.0


@dataclass(frozen=True)
class NoteFeedback:
    line: int  # line index within the voice, from 0
    note: Note
    start_s: float
    end_s: float
    sung_fraction: float  # share of the note's frames that were voiced
    cents: float | None  # median signed error; None when not sung or not a pitched note
    onset_ms: float | None  # < 0 early, > 0 late; None when not found or tied to the last note

    @property
    def pitch_words(self) -> str:
        if self.cents is None:
            return "not sung" if self.sung_fraction == 0 and self.note.kind.is_scored else ""
        if abs(self.cents) <= ON_PITCH_CENTS:
            return "on pitch"
        return f"{abs(self.cents):.0f} cents {'sharp' if self.cents > 0 else 'flat'}"

    @property
    def timing_words(self) -> str:
        if self.onset_ms is None:
            return ""
        if abs(self.onset_ms) <= ON_TIME_MS:
            return "on time"
        return f"{abs(self.onset_ms):.0f} ms {'late' if self.onset_ms > 0 else 'early'}"

    @property
    def words(self) -> str:
        return ", ".join(w for w in (self.pitch_words, self.timing_words) if w)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else 0.5 * (ordered[mid - 1] + ordered[mid])


def note_feedback(song: Song, voice_id: str, frames: Sequence[PitchFrame]) -> list[NoteFeedback]:
    """Feedback for every note of a voice; ``frames`` in song time, in time order.
    Freestyle notes are skipped (nothing to get wrong); rap notes get timing only."""
    times = [f.time for f in frames]
    return [feedback_for_note(song, line_index, note, frames, times)
            for line_index, line in enumerate(song.voice(voice_id).lines)
            for note in line.notes if note.kind.is_scored]


def feedback_for_note(song: Song, line_index: int, note: Note, frames: Sequence[PitchFrame],
                      times: Sequence[float] | None = None) -> NoteFeedback:
    """Feedback for one note (the practice room asks as each note ends); ``times`` are
    the frames' times when the caller already has them."""
    times = [f.time for f in frames] if times is None else times
    clock = song.clock
    start, end = clock.beat_to_seconds(note.beat), clock.beat_to_seconds(note.end_beat)
    inside = frames[bisect.bisect_left(times, start) : bisect.bisect_left(times, end)]
    voiced = [f for f in inside if f.voiced]
    fraction = len(voiced) / len(inside) if inside else 0.0
    cents = None
    if voiced and not note.kind.is_rap:
        cents = _median([folded_cents(f.midi, note.midi) for f in voiced])
    return NoteFeedback(line_index, note, start, end, fraction, cents, _onset_ms(note, start, end, frames, times))


def _onset_ms(note: Note, start: float, end: float, frames: Sequence[PitchFrame],
              times: Sequence[float]) -> float | None:
    lo = bisect.bisect_left(times, start - EARLY_SEARCH_S)
    hi = bisect.bisect_left(times, min(end, start + LATE_SEARCH_S))
    for i in range(lo, hi):
        frame = frames[i]
        if not frame.voiced:
            continue
        if not note.kind.is_rap and abs(folded_cents(frame.midi, note.midi)) > NEAR_CENTS:
            continue
        if i == lo and i > 0 and frames[i - 1].voiced:
            return None  # already sounding before the search began: a legato tie, no onset
        return (frame.time - start) * 1000.0
    return None


@dataclass(frozen=True)
class LineFeedback:
    line: int
    notes: int
    mean_abs_cents: float | None
    mean_onset_ms: float | None
    sung_fraction: float


def line_feedback(notes: Sequence[NoteFeedback]) -> list[LineFeedback]:
    """Per-line summary of note feedback, in line order (for the pass picture)."""
    by_line: dict[int, list[NoteFeedback]] = {}
    for item in notes:
        by_line.setdefault(item.line, []).append(item)
    out = []
    for line, items in sorted(by_line.items()):
        cents = [abs(i.cents) for i in items if i.cents is not None]
        onsets = [i.onset_ms for i in items if i.onset_ms is not None]
        out.append(LineFeedback(
            line, len(items),
            sum(cents) / len(cents) if cents else None,
            sum(onsets) / len(onsets) if onsets else None,
            sum(i.sung_fraction for i in items) / len(items),
        ))
    return out
