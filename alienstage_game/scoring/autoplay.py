"""Autoplay for the judge: the PitchFrames a singer of known skill would produce.

Frames on the tracker's 10 ms grid, sung exactly as asked (a fixed pitch offset, an
octave, a timing offset), for tests, demos and calibrating expectations. No audio and
no tracker: for the real path, render ``audio.synth.voice`` and track it.
"""

from __future__ import annotations

from typing import Callable

from ..charts import Note, Song
from ..pitch.frame import PitchFrame, midi_to_hz

HOP_S = 0.01


def sung_frames(
    song: Song,
    voice_id: str = "P1",
    *,
    cents: float = 0.0,
    octave: int = 0,
    offset_s: float = 0.0,
    level_db: float = -20.0,
    hop_s: float = HOP_S,
    end_s: float | None = None,
    sing: Callable[[Note], bool] | None = None,
) -> list[PitchFrame]:
    """Frames from 0 to ``end_s`` (default 1 s after the voice's last note): voiced at the
    note's pitch + ``cents`` + ``octave`` octaves while a note sounds (shifted by
    ``offset_s``; only notes for which ``sing(note)`` is true), unvoiced elsewhere."""
    clock = song.clock
    spans = [
        (clock.beat_to_seconds(n.beat) + offset_s, clock.beat_to_seconds(n.end_beat) + offset_s, n.midi)
        for n in song.voice(voice_id).notes
        if sing is None or sing(n)
    ]
    spans.sort()
    if end_s is None:
        end_s = clock.beat_to_seconds(song.voice(voice_id).end_beat) + offset_s + 1.0
    frames: list[PitchFrame] = []
    k, i = 0, 0
    while (t := k * hop_s) <= end_s:
        while i < len(spans) and spans[i][1] <= t:
            i += 1
        midi = next((m for s, e, m in spans[i:i + 3] if s <= t < e), None)
        if midi is None:
            frames.append(PitchFrame.unvoiced(t, 0.1, -70.0))
        else:
            hz = midi_to_hz(midi + 12 * octave + cents / 100.0)
            frames.append(PitchFrame.sung(t, hz, 0.95, level_db))
        k += 1
    return frames


def silent_frames(end_s: float, hop_s: float = HOP_S, level_db: float = -70.0) -> list[PitchFrame]:
    return [PitchFrame.unvoiced(k * hop_s, 0.1, level_db) for k in range(int(end_s / hop_s) + 1)]
