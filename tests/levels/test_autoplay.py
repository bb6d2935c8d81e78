"""Autoplay: every voice of every level, sung by the guide voice and heard through the
real streaming pitch tracker, scores at least 9,500 on hard; silence scores nothing.

This is the proof that a chart is singable *as charted*: notes long enough to be heard,
on pitches a voice can hold, with rests the tracker can see between them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from alienstage_game.audio.synth.voice import render_voice
from alienstage_game.charts import Song, load_song
from alienstage_game.paths import bundled_levels_dir
from alienstage_game.pitch import PitchFrame, StreamingPitchTracker
from alienstage_game.scoring import Difficulty, judge_frames

SR = 22050
BLOCK = 1024  # ~46 ms, a typical capture block
FOLDERS = sorted(p.parent for p in bundled_levels_dir().glob("*/level.toml"))
VOICES = [(folder, voice.id) for folder in FOLDERS for voice in load_song(folder / "song.txt").voices]


def track(signal: np.ndarray) -> list[PitchFrame]:
    """Stream ``signal`` (song time 0 at its first sample) through a live tracker."""
    tracker = StreamingPitchTracker(SR)
    frames: list[PitchFrame] = []
    for start in range(0, signal.size, BLOCK):
        frames += tracker.feed(signal[start:start + BLOCK], start / SR)
    return frames + tracker.flush()


@pytest.mark.parametrize(("folder", "voice_id"), VOICES, ids=[f"{f.name}-{v}" for f, v in VOICES])
def test_the_guide_voice_scores_at_least_9500_on_hard(folder: Path, voice_id: str):
    song = load_song(folder / "song.txt")
    take = render_voice(song, voice_id, sr=SR)
    card = judge_frames(song, track(take.signal), voice_id=voice_id, difficulty=Difficulty.HARD)
    worst = min(card.lines, key=lambda line: line.ratio)
    assert card.points >= 9_500, f"{card.points}; weakest line {worst.index} ({worst.rating.value}, {worst.ratio:.2f})"


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_silence_scores_nothing(folder: Path):
    song: Song = load_song(folder / "song.txt")
    seconds = song.clock.beat_to_ms(song.last_beat) / 1000 + 1.0
    for voice in song.voices:
        card = judge_frames(song, track(np.zeros(int(seconds * SR), dtype=np.float32)), voice_id=voice.id,
                            difficulty=Difficulty.HARD)
        assert card.points == 0
