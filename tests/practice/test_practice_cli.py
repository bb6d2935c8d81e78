"""`alienstage practice CHART --audio TAKE`: a recorded pass judged, explained and kept."""

from __future__ import annotations

import json

import soundfile

from alienstage_game.audio.synth.voice import SingerStyle, render_voice
from alienstage_game.charts import load_song
from alienstage_game.cli import main
from alienstage_game.match.records import Records
from alienstage_game.paths import bundled_levels_dir
from alienstage_game.practice.chart import practice_song
from alienstage_game.practice.history import PracticeHistory

SR = 22050


def test_a_flat_take_at_practice_tempo_is_explained_and_recorded(tmp_path, capsys):
    song = practice_song(load_song(bundled_levels_dir() / "first-light" / "song.txt"), tempo=0.8)
    take = render_voice(song, "P1", SingerStyle(pitch_bias_cents=-45, seed=2), sr=SR, start_s=0.0)
    path = tmp_path / "take.wav"
    soundfile.write(path, take.signal, SR)
    assert main(["practice", "first-light", "--tempo", "0.8", "--loop", "1-2",
                 "--audio", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [line["line"] for line in result["lines"]] == [1, 2]
    cents = [n["cents"] for n in result["notes"] if n["cents"] is not None]
    assert cents and all(-60 < c < -30 for c in cents)
    assert all("flat" in n["feedback"] for n in result["notes"] if n["cents"] is not None)
    with Records.open() as records:
        (row,) = PracticeHistory(records).passes("first-light", "P1")
        assert row.total == result["total"] and row.tempo == 0.8 and row.loop == (0, 1)


def test_bad_settings_are_refused_with_the_reason(tmp_path, capsys):
    assert main(["practice", "first-light", "--tempo", "1.5", "--audio", str(tmp_path / "x.wav")]) == 1
    assert "tempo 1.5 is out of range" in capsys.readouterr().err
    assert main(["practice", "first-light", "--loop", "40-41", "--audio", str(tmp_path / "x.wav")]) == 1
    assert "only" in capsys.readouterr().err
    assert main(["practice", "first-light", "--audio", str(tmp_path / "missing.wav")]) == 1
    assert "missing.wav: no such audio file" in capsys.readouterr().err
    assert main(["practice", str(tmp_path / "nope.txt"), "--audio", "x.wav"]) == 1
    assert "nope.txt" in capsys.readouterr().err
