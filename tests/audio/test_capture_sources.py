"""Stand-in microphones: a file and the chart's singer, through the capture block path."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from alienstage_game.audio.clock import MonotonicClock
from alienstage_game.audio.sources import ArraySource, FileSource, SingerSource
from alienstage_game.audio.synth.voice import SingerStyle, sung_notes
from alienstage_game.charts import parse_song
from alienstage_game.pitch import StreamingPitchTracker
from alienstage_game.pitch.synthetic import tone

SR = 22050
CHART = b"""#TITLE:Stand In
#ARTIST:alienstage studio
#BPM:120
#GAP:200
P1
: 0 4 0 la
: 6 4 7  lo
P2
: 0 4 12 ee
: 6 4 5  oo
"""


def _track(blocks, players: int, sr: int) -> list[list]:
    trackers = [StreamingPitchTracker(sr) for _ in range(players)]
    frames: list[list] = [[] for _ in range(players)]
    for b in blocks:
        frames[b.player] += trackers[b.player].feed(b.samples, b.song_time)
    return frames


def _median(frames, start: float, end: float) -> float:
    return float(np.median([f.midi for f in frames if f.voiced and start + 0.07 <= f.time <= end - 0.05]))


def test_the_singer_source_feeds_each_player_its_own_voice() -> None:
    song = parse_song(CHART)
    source = SingerSource(song, [("P1", SingerStyle()), ("P2", SingerStyle(pitch_bias_cents=-50))], sr=SR)
    frames = _track(source.all_blocks(), 2, SR)
    for player, (voice, bias) in enumerate((("P1", 0.0), ("P2", -0.5))):
        for note in sung_notes(song, voice):
            assert _median(frames[player], note.start, note.start + note.duration) == pytest.approx(
                note.midi + bias if voice == "P2" else note.midi, abs=0.2)
    assert source.takes[0].f0.max() > 0 and not source.lost(0) and source.settled


def test_blocks_are_paced_by_the_clock_and_stamped_in_song_time() -> None:
    t = [0.0]
    clock = MonotonicClock(now=lambda: t[0])
    source = ArraySource([np.ones(100, np.float32), -np.ones(100, np.float32)], 1000, clock, start_s=0.02)
    assert source.blocks() == []
    t[0] = 0.055
    blocks = source.blocks()
    assert [(b.player, round(b.song_time, 3)) for b in blocks] == [(0, 0.02), (1, 0.02), (0, 0.03), (1, 0.03),
                                                                    (0, 0.04), (1, 0.04)]
    assert source.level_db(1) == pytest.approx(0.0)
    t[0] = 0.2  # past the end: silence, like a microphone nobody sings into
    late = source.blocks()
    assert late[-1].song_time == pytest.approx(0.19) and not late[-1].samples.any()
    assert source.level_db(0) < -100


def test_a_file_source_reads_channels_as_players(tmp_path) -> None:
    stereo = np.stack([tone(220.0, 0.8, SR).signal, tone(330.0, 0.8, SR, vowel="o").signal], axis=1)
    path = tmp_path / "duet.flac"
    soundfile.write(path, stereo, SR)
    source = FileSource(path, channels=[1, 0])
    assert source.players == 2 and source.sr == SR and "duet.flac ch 2" in source.status(0)
    frames = _track(source.all_blocks(), 2, SR)
    assert _median(frames[0], 0.2, 1.0) == pytest.approx(69 + 12 * np.log2(330 / 440), abs=0.1)
    assert _median(frames[1], 0.2, 1.0) == pytest.approx(57.0, abs=0.1)
    assert FileSource(path, sr=11025).sr == 11025
