"""Stand-in CPU singing: PitchFrames from a chart voice and a skill, deterministic per seed.

Used for a CPU seat until the match package's rivals land (contract-match.md), and by
``guide_signal`` to render the guide voice. A skill is a typical pitch error in cents;
the bot also starts notes a little late, drops out now and then and sings with vibrato.
"""

from __future__ import annotations

import math

import numpy as np

from ..charts import NoteKind, Song, Voice
from ..pitch.frame import PitchFrame, midi_to_hz

HOP_S = 0.01


def autoplay_frames(song: Song, voice: Voice, *, skill_cents: float = 25.0, seed: int = 0,
                    dropout: float = 0.04, octave: int = 0) -> list[PitchFrame]:
    """100 frames a second over the whole voice: voiced inside notes, unvoiced between."""
    rng = np.random.default_rng(seed)
    clock = song.clock
    notes = voice.notes
    if not notes:
        return []
    end = clock.beat_to_seconds(notes[-1].end_beat) + 0.5
    times = np.arange(0.0, end, HOP_S)
    midi = np.zeros(times.size)
    voiced = np.zeros(times.size, dtype=bool)
    for note in notes:
        start = clock.beat_to_seconds(note.beat) + abs(rng.normal(0.0, 0.02 + skill_cents / 2000.0))
        stop = clock.beat_to_seconds(note.end_beat) - 0.03
        if stop <= start or rng.random() < dropout:
            continue
        a, b = np.searchsorted(times, [start, stop])
        target = 60.0 + note.pitch + 12 * octave
        if note.kind is NoteKind.FREESTYLE:
            target += rng.normal(0.0, 2.0)  # anything goes; never scored
        error = rng.normal(0.0, skill_cents / 100.0)
        rel = times[a:b] - start
        vibrato = 0.25 * np.clip((rel - 0.2) / 0.2, 0.0, 1.0) * np.sin(2 * math.pi * 5.5 * rel)
        drift = np.cumsum(rng.normal(0.0, skill_cents / 1500.0, b - a))
        midi[a:b] = target + error + vibrato + drift
        voiced[a:b] = True
    level = np.where(voiced, -20.0, -65.0)
    return [PitchFrame(float(t), float(midi_to_hz(m)), float(m), True, 0.9, float(db)) if v
            else PitchFrame.unvoiced(float(t), 0.1, float(db))
            for t, m, v, db in zip(times, midi, voiced, level)]


def guide_signal(song: Song, voice: Voice, sr: int = 22050, *, seed: int = 0,
                 skill_cents: float = 10.0) -> np.ndarray:
    """The chart voice rendered by the synthetic singer (the guide voice stand-in)."""
    from ..pitch.synthetic import SungNote, sing

    rng = np.random.default_rng(seed)
    clock = song.clock
    sung = []
    for note in voice.notes:
        start = clock.beat_to_seconds(note.beat)
        length = clock.beat_to_seconds(note.end_beat) - start - 0.02
        if length > 0.03:
            midi = 60.0 + note.pitch + rng.normal(0.0, skill_cents / 100.0)
            sung.append(SungNote(start, length, float(midi), "aeiou"[rng.integers(5)]))
    return sing(sung, sr, seed=seed, vibrato_cents=20.0).signal
