"""Vocal -> chart: note quality on synthetic sung melodies, the command, timing tools.

The full figures (more voices, level charts, a 3-minute take's speed) are printed by
``alienstage bench transcribe``; here a small set keeps the test quick.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
import soundfile

from alienstage_game.bench.transcribe import TARGET_NOTE_F, TARGET_ONSET_F, articulated, melody_cases
from alienstage_game.charts import load_song
from alienstage_game.cli import main
from alienstage_game.timing import propose_timing
from alienstage_game.pitch.synthetic import SungNote, melody, sing
from alienstage_game.pitch.transcribe import (build_song, chart_intervals, quantise, score_notes,
                                              segment_notes, transcribe, SungSegment)

pytestmark = pytest.mark.filterwarnings("ignore")
SR = 22050


def test_quality_on_a_small_synthetic_set() -> None:
    onset, note = [], []
    for case in melody_cases(seed=3, seconds=8.0, small=True):
        result = transcribe(case.signal, SR, bpm=400.0)
        scores = score_notes(case.intervals, case.midi, *chart_intervals(result.song))
        onset.append(scores["onset_f"])
        note.append(scores["note_f"])
    assert np.mean(onset) >= TARGET_ONSET_F and np.mean(note) >= TARGET_NOTE_F, (onset, note)


def test_segments_follow_a_legato_leap_and_a_rest() -> None:
    notes = [SungNote(0.3, 0.5, 57.0, "a"), SungNote(0.8, 0.5, 69.0, "o"), SungNote(1.6, 0.4, 64.0, "e")]
    take = sing(notes, SR, seed=1)
    from alienstage_game.pitch.transcribe import onset_times, pitch_track

    times, f0, level = pitch_track(take.signal, SR)
    segments = segment_notes(times, f0, onset_times(take.signal, SR), level_db=level)
    assert [round(s.midi) for s in segments] == [57, 69, 64]
    for seg, truth in zip(segments, notes):
        assert abs(seg.start_s - truth.start) < 0.04


def test_grid_lyrics_and_lines() -> None:
    segments = [SungSegment(1.0, 1.24, 60.2), SungSegment(1.24, 1.5, 62.0), SungSegment(2.5, 2.9, 64.9)]
    assert quantise(segments, 240.0, 1000.0) == [(0, 4, 0), (4, 4, 2), (24, 6, 5)]
    song, warns = build_song(segments, 240.0, 1000.0, [["Hel", "lo"], ["world", " two"]])
    assert [[n.text for n in l.notes] for l in song.voices[0].lines] == [["Hel", "lo"], ["world"]]
    assert warns == ["1 syllable(s) had no note and were left out"]
    song, _ = build_song(segments, 240.0, 1000.0)  # no lyrics: placeholders, a line per phrase
    assert [[n.text for n in l.notes] for l in song.voices[0].lines] == [["la", " la"], ["la"]]


def test_transcribe_command_writes_a_chart_with_the_lyrics(tmp_path: Path, capsys) -> None:
    notes = articulated(melody(11, 52, 67, 6.0))
    take = sing(notes, SR, seed=2)
    wav = tmp_path / "vocals.wav"
    soundfile.write(wav, take.signal, SR)
    lyrics = tmp_path / "words.txt"
    lyrics.write_text("Sil-ver moons a-bove the\nhar+bour sing to me a-gain and a-gain now\n")
    out = tmp_path / "song.txt"
    assert main(["chart", "transcribe", str(wav), "--lyrics", str(lyrics), "--bpm", "300",
                 "--gap", "150", "-o", str(out), "--title", "Harbour"]) == 0
    err = capsys.readouterr().err
    assert "100%" in err and "wrote" in err
    song = load_song(out)
    assert song.title == "Harbour" and song.bpm == 300 and song.gap_ms == 150
    assert song.audio_path == wav
    assert song.voices[0].lyrics.startswith("Silver moons above the\n")
    assert len(song.voices[0].notes) == pytest.approx(len(notes), abs=2)
    assert main(["chart", "transcribe", str(tmp_path / "none.wav"), "-o", str(out)]) == 1
    assert "none.wav: cannot read audio" in capsys.readouterr().err


def test_propose_timing_finds_tempo_and_first_vocal() -> None:
    sr, seconds, quarter = SR, 8.0, 100.0
    t = np.arange(int(seconds * sr)) / sr
    clicks = np.zeros_like(t)
    for beat in np.arange(0.0, seconds, 60.0 / quarter):  # a kick on every quarter
        n = int(beat * sr)
        clicks[n : n + 400] += np.sin(2 * np.pi * 80 * t[:400]) * np.exp(-t[:400] * 60)
    vocal = sing([SungNote(2.43, 0.6, 62.0), SungNote(3.2, 0.6, 64.0)], sr, seed=1, duration=seconds).signal
    proposal = propose_timing(clicks.astype(np.float32) * 0.5, vocal, sr=sr)
    assert proposal.quarter_bpm == pytest.approx(quarter, rel=0.04)
    assert proposal.bpm == pytest.approx(proposal.quarter_bpm, abs=0.01)
    assert proposal.first_onset_s == pytest.approx(2.43, abs=0.04)
    sixteenth_ms = 15000.0 / proposal.quarter_bpm
    assert 2430 - sixteenth_ms - 40 <= proposal.gap_ms <= 2430 + 40
