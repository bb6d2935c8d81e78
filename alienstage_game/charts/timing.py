"""Beats and milliseconds: the two clocks of an UltraStar chart.

Versions before 2.0.0 count BPM four times faster than the beat grid, so one beat lasts
``15000 / BPM`` ms; the 2.0.0 draft drops that factor (``60000 / BPM``). Times in the
headers also changed units: START, VIDEOGAP and PREVIEWSTART are seconds before 2.0.0 and
integer milliseconds after; medley bounds moved from beats to milliseconds.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .limits import MAX_NUMBER_CHARS

V2 = (2, 0, 0)
MAX_NUMBER = 1e15  # far past any tempo, gap or beat, short of float's loss of whole numbers
# ASCII digits only: float() also takes "1_000", "٣" and " nan ", which no chart means.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
_WHOLE = re.compile(r"[+-]?[0-9]+")


def parse_version(text: str | None) -> tuple[int, int, int] | None:
    """``"1.1.0"`` -> ``(1, 1, 0)``; ``None`` or nonsense -> ``None``."""
    if not text:
        return None
    parts = text.strip().split(".")
    if len(parts) > 3 or not all(p.isascii() and p.isdigit() and len(p) <= 6 for p in parts):
        return None
    numbers = [int(p) for p in parts]
    while len(numbers) < 3:
        numbers.append(0)
    return numbers[0], numbers[1], numbers[2]


def parse_number(text: str) -> float:
    """A header number, accepting the decimal comma many charts use (``"300,5"``).

    Only plain, finite decimals a song could hold: no NaN, no infinity, nothing past
    ``MAX_NUMBER`` in size or ``MAX_NUMBER_CHARS`` in length (so no 5,000-digit runs)."""
    cleaned = text.strip().replace(",", ".")
    if len(cleaned) > MAX_NUMBER_CHARS:
        raise ValueError(f"number too long ({len(cleaned)} characters)")
    if not _DECIMAL.fullmatch(cleaned):
        raise ValueError(f"not a number: {text!r}")
    value = float(cleaned)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise ValueError(f"not a number a song could hold: {text!r}")
    return value


def parse_whole(text: str) -> int:
    """A beat, length or pitch: a plain integer of at most ``MAX_NUMBER_CHARS`` digits."""
    cleaned = text.strip()
    if len(cleaned) > MAX_NUMBER_CHARS or not _WHOLE.fullmatch(cleaned):
        raise ValueError(f"not a whole number: {text[:40]!r}")
    return int(cleaned)


def uses_v2_units(version: tuple[int, int, int] | None) -> bool:
    return version is not None and version >= V2


@dataclass(frozen=True)
class BeatClock:
    """Converts chart beats to song milliseconds and back."""

    gap_ms: float
    ms_per_beat: float

    @classmethod
    def for_chart(cls, bpm: float, gap_ms: float, v2_units: bool) -> "BeatClock":
        if bpm <= 0:
            raise ValueError("BPM must be positive")
        return cls(gap_ms=gap_ms, ms_per_beat=(60000.0 if v2_units else 15000.0) / bpm)

    def beat_to_ms(self, beat: float) -> float:
        return self.gap_ms + beat * self.ms_per_beat

    def ms_to_beat(self, ms: float) -> float:
        return (ms - self.gap_ms) / self.ms_per_beat

    def beat_to_seconds(self, beat: float) -> float:
        return self.beat_to_ms(beat) / 1000.0

    def seconds_to_beat(self, seconds: float) -> float:
        return self.ms_to_beat(seconds * 1000.0)
