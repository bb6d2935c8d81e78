"""Beats and milliseconds: the two clocks of an UltraStar chart.

Versions before 2.0.0 count BPM four times faster than the beat grid, so one beat lasts
``15000 / BPM`` ms; the 2.0.0 draft drops that factor (``60000 / BPM``). Times in the
headers also changed units: START, VIDEOGAP and PREVIEWSTART are seconds before 2.0.0 and
integer milliseconds after; medley bounds moved from beats to milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

V2 = (2, 0, 0)


def parse_version(text: str | None) -> tuple[int, int, int] | None:
    """``"1.1.0"`` -> ``(1, 1, 0)``; ``None`` or nonsense -> ``None``."""
    if not text:
        return None
    parts = text.strip().split(".")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return None
    while len(numbers) < 3:
        numbers.append(0)
    return numbers[0], numbers[1], numbers[2]


def parse_number(text: str) -> float:
    """A header number, accepting the decimal comma many charts use (``"300,5"``)."""
    cleaned = text.strip().replace(",", ".")
    value = float(cleaned)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {text!r}")
    return value


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
