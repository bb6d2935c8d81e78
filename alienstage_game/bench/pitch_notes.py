"""Scoring a tracker on real takes that have human note annotations but no frame f0.

A take's notes are ``onset_s offset_s midi`` rows (tab-separated; the midi number is
the note's sung centre, fractional). From a tracker's ``(times, f0)`` (0 = unvoiced):

- voicing recall: the share of frames inside notes that are voiced, leaving out the
  first and last ``trim_s`` of each note, where annotators and trackers rightly differ;
- voicing false alarm: the share of frames outside every note that are voiced, leaving
  out ``guard_s`` on either side of each note boundary (consonants, breaths, decays);
- note pitch accuracy (an approximation): the share of the voiced frames inside notes
  within ``cents`` of the note's annotated midi. The annotation is the note's centre,
  so vibrato and scoops move a correct tracker off it; compare trackers by it, do not
  read it as raw pitch accuracy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TRIM_S, GUARD_S, CENTS = 0.03, 0.06, 50.0


@dataclass(frozen=True, slots=True)
class NoteScores:
    voicing_recall: float  # NaN when no frame lies inside a note
    false_alarm: float  # NaN when no frame lies outside the notes
    note_pitch_accuracy: float  # NaN when no frame inside a note is voiced
    inside: int  # frames counted inside notes
    outside: int  # frames counted outside notes


def read_notes(path: str | Path) -> np.ndarray:
    """``(n, 3)`` float array of onset, offset, midi; blank or malformed lines skipped."""
    rows = []
    for line in Path(path).read_text().splitlines():
        parts = line.split()
        try:
            onset, offset, midi = float(parts[0]), float(parts[1]), float(parts[2])
        except (ValueError, IndexError):
            continue
        if offset > onset:
            rows.append((onset, offset, midi))
    return np.array(rows, dtype=np.float64).reshape(-1, 3)


def score_notes(times: np.ndarray, f0: np.ndarray, notes: np.ndarray, *, trim_s: float = TRIM_S,
                guard_s: float = GUARD_S, cents: float = CENTS) -> NoteScores:
    times = np.asarray(times, dtype=np.float64)
    f0 = np.asarray(f0, dtype=np.float64)
    voiced = np.isfinite(f0) & (f0 > 0)
    note_of = np.full(times.size, -1)  # index of the note a frame is counted inside
    near = np.zeros(times.size, dtype=bool)  # inside a note or within guard of one
    for i, (onset, offset, _) in enumerate(notes):
        note_of[(times >= onset + trim_s) & (times <= offset - trim_s)] = i
        near |= (times >= onset - guard_s) & (times <= offset + guard_s)
    inside, outside = note_of >= 0, ~near
    sung = inside & voiced
    target_hz = 440.0 * 2.0 ** ((notes[note_of[sung], 2] - 69.0) / 12.0) if sung.any() else np.zeros(0)
    off_cents = np.abs(1200.0 * np.log2(f0[sung] / target_hz)) if sung.any() else np.zeros(0)
    share = lambda hits, total: float(hits) / total if total else math.nan  # noqa: E731
    return NoteScores(
        voicing_recall=share(sung.sum(), inside.sum()),
        false_alarm=share((outside & voiced).sum(), outside.sum()),
        note_pitch_accuracy=share((off_cents <= cents).sum(), sung.sum()),
        inside=int(inside.sum()),
        outside=int(outside.sum()),
    )


def annotated_takes(folder: Path) -> list[tuple[Path, Path]]:
    """``(audio, notes)`` pairs of a folder of ``NAME.flac`` (or .wav) + ``NAME.txt``."""
    audio = sorted([*folder.glob("*.flac"), *folder.glob("*.wav")], key=lambda p: p.stem)
    return [(a, a.with_suffix(".txt")) for a in audio if a.with_suffix(".txt").is_file()]
