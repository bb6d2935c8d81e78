"""Chart pitches from a sung pitch curve (the editor's analysis of the vocal).

The curve is frame times and fractional MIDI (NaN where unvoiced). A note's pitch is the
median of the curve under it, as a chart pitch (0 = C4), moved to the octave nearest a
reference when there is one: a singer's octave is a choice, the chart keeps its own.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..charts import BeatClock
from .tap import Tap, quantise_taps

MIDI_C4 = 60
MIN_FRAMES = 3  # fewer voiced frames than this under a note say nothing
MAX_LEAP = 9  # semitones: melodies leap a sixth, hardly ever a seventh; trackers slip octaves


def sung_pitch(times: np.ndarray, midi: np.ndarray, start_s: float, end_s: float,
               near: int | None = None, leap: int = 6) -> int | None:
    """The chart pitch sung from ``start_s`` to ``end_s``, or None if too little is voiced;
    moved by octaves when it is more than ``leap`` semitones from ``near``."""
    lo, hi = np.searchsorted(times, [start_s, end_s])
    heard = midi[lo:hi]
    heard = heard[np.isfinite(heard)]
    if heard.size < MIN_FRAMES:
        return None
    pitch = int(round(float(np.median(heard)))) - MIDI_C4
    while near is not None and abs(pitch - near) > leap:
        pitch -= 12 if pitch > near else -12
    return pitch


def sung_pitches(times: np.ndarray, midi: np.ndarray, spans: Sequence[tuple[float, float]],
                 default: int = 0) -> list[int]:
    """One pitch per span; a span with nothing sung under it keeps the previous pitch (a
    held or whispered syllable), the first ones ``default``. A leap of more than
    MAX_LEAP from the previous note is taken for the curve slipping an octave."""
    out: list[int] = []
    last: int | None = None
    for start_s, end_s in spans:
        pitch = sung_pitch(times, midi, start_s, end_s, near=last, leap=MAX_LEAP)
        last = pitch if pitch is not None else last
        out.append(last if last is not None else default)
    return out


def tapped_pitches(clock: BeatClock, taps: Sequence[Tap], times: np.ndarray, midi: np.ndarray,
                   default: int = 0) -> list[int]:
    """Tap mode: each tapped syllable on the pitch sung under it, once on the chart grid."""
    spans = [(clock.beat_to_seconds(b), clock.beat_to_seconds(b + n)) for b, n in quantise_taps(clock, taps)]
    return sung_pitches(times, midi, spans, default=default)
