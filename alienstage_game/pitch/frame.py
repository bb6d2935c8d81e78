"""PitchFrame: what the tracker hears at one instant of song time."""

from __future__ import annotations

import math
from dataclasses import dataclass

# MIDI 69 is A4 = 440 Hz; the chart's pitch 0 (C4) is MIDI 60.
A4_HZ = 440.0
A4_MIDI = 69.0


def hz_to_midi(f0_hz: float) -> float:
    """Fractional MIDI number of a frequency (must be > 0)."""
    return A4_MIDI + 12.0 * math.log2(f0_hz / A4_HZ)


def midi_to_hz(midi: float) -> float:
    return A4_HZ * 2.0 ** ((midi - A4_MIDI) / 12.0)


@dataclass(frozen=True, slots=True)
class PitchFrame:
    """One tracker decision, stamped in song seconds.

    ``f0_hz`` and ``midi`` are meaningful only when ``voiced``; unvoiced frames carry
    0.0 in both so that a judge that forgets to check ``voiced`` scores nothing rather
    than a stale pitch. ``confidence`` (0..1) is the periodicity of the window
    (1 - YIN aperiodicity) and is kept for unvoiced frames too, as is ``level_db``
    (RMS in dB full scale), which drives the level meters.
    """

    time: float
    f0_hz: float
    midi: float
    voiced: bool
    confidence: float
    level_db: float

    @classmethod
    def sung(cls, time: float, f0_hz: float, confidence: float, level_db: float) -> "PitchFrame":
        return cls(time, f0_hz, hz_to_midi(f0_hz), True, confidence, level_db)

    @classmethod
    def unvoiced(cls, time: float, confidence: float, level_db: float) -> "PitchFrame":
        return cls(time, 0.0, 0.0, False, confidence, level_db)
