"""Note names, chord symbols and pitches: the little music theory the arranger needs."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PITCH_CLASS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}

# Chord quality -> intervals above the root in semitones.
QUALITIES: dict[str, tuple[int, ...]] = {
    "": (0, 4, 7),
    "m": (0, 3, 7),
    "7": (0, 4, 7, 10),
    "m7": (0, 3, 7, 10),
    "maj7": (0, 4, 7, 11),
    "sus2": (0, 2, 7),
    "sus4": (0, 5, 7),
    "add9": (0, 4, 7, 14),
    "madd9": (0, 3, 7, 14),
}

_CHORD = re.compile(r"([A-G])([#b]?)(.*)")
_KEY = re.compile(r"([A-G])([#b]?)\s+(major|minor)")


def midi_to_hz(midi: float) -> float:
    return 440.0 * 2.0 ** ((midi - 69.0) / 12.0)


def _pitch_class(letter: str, accidental: str) -> int:
    return (_PITCH_CLASS[letter] + {"": 0, "#": 1, "b": -1}[accidental]) % 12


@dataclass(frozen=True)
class Chord:
    """A chord symbol such as ``Am``, ``F``, ``Gsus4``: root pitch class plus intervals."""

    symbol: str
    root: int  # pitch class 0..11, C = 0
    intervals: tuple[int, ...]

    @property
    def pitch_classes(self) -> frozenset[int]:
        return frozenset((self.root + i) % 12 for i in self.intervals)

    def tone(self, degree: str) -> int:
        """Semitones above the root for a bass-line degree: R, 3, 5, 7 or 8 (octave)."""
        if degree == "R":
            return 0
        if degree == "8":
            return 12
        wanted = {"3": (3, 4, 2, 5), "5": (7, 6, 8), "7": (10, 11, 9)}[degree]
        for interval in wanted:
            if interval in self.intervals:
                return interval
        return {"3": 4, "5": 7, "7": 10}[degree]

    def voicing(self, low: int, high: int) -> list[int]:
        """MIDI notes of the chord, each tone placed once inside [low, high)."""
        notes = []
        for interval in self.intervals:
            pc = (self.root + interval) % 12
            midi = low + (pc - low) % 12
            if midi >= high:
                midi -= 12
            notes.append(midi)
        return sorted(set(notes))


def parse_chord(symbol: str) -> Chord:
    """``"Am"`` -> Chord; raises ValueError naming the symbol when it is not understood."""
    match = _CHORD.fullmatch(symbol.strip())
    if not match or match.group(3) not in QUALITIES:
        known = ", ".join(q or "(major)" for q in QUALITIES)
        raise ValueError(f"unknown chord {symbol!r} (a root A-G, optional # or b, then one of: {known})")
    letter, accidental, quality = match.groups()
    return Chord(symbol.strip(), _pitch_class(letter, accidental), QUALITIES[quality])


def parse_key(text: str) -> tuple[int, str]:
    """``"A minor"`` -> (9, "minor")."""
    match = _KEY.fullmatch(text.strip())
    if not match:
        raise ValueError(f"key {text!r} must look like 'A minor' or 'C# major'")
    return _pitch_class(match.group(1), match.group(2)), match.group(3)


def scale_pitch_classes(tonic: int, mode: str) -> frozenset[int]:
    steps = (0, 2, 4, 5, 7, 9, 11) if mode == "major" else (0, 2, 3, 5, 7, 8, 10)
    return frozenset((tonic + s) % 12 for s in steps)
