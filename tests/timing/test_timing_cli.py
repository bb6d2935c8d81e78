"""``alienstage chart timing`` and ``chart sync``: JSON, --write with a .bak, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alienstage_game.charts import load_song
from alienstage_game.cli import main

from .songs import song, song_folder

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return song_folder(tmp_path_factory.mktemp("song"), song(), gap_offset_ms=300.0).parent


def test_chart_timing_json(folder: Path, capsys) -> None:
    assert main(["chart", "timing", str(folder / "song.wav"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    known = song()
    assert {"bpm", "quarter_bpm", "gap_ms", "first_vocal_ms", "confidence"} <= set(out)
    assert out["quarter_bpm"] == pytest.approx(known.quarter_bpm, rel=0.01)
    assert out["bpm"] == pytest.approx(out["quarter_bpm"], abs=0.01)  # v1: a beat is a sixteenth
    assert abs(out["first_vocal_ms"] - known.first_vocal_s * 1000.0) <= 250.0


def test_chart_timing_listens_to_a_vocal_stem(tmp_path: Path, folder: Path, capsys) -> None:
    import soundfile

    known = song()
    soundfile.write(tmp_path / "vocals.wav", known.vocal, 22050, subtype="PCM_16")
    assert main(["chart", "timing", str(folder / "song.wav"), "--vocals", str(tmp_path / "vocals.wav"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["vocals_from"] == "stem" and abs(out["first_vocal_ms"] - known.first_vocal_s * 1000.0) <= 250.0


def test_chart_sync_writes_the_fit_and_keeps_a_backup(tmp_path: Path, folder: Path, capsys) -> None:
    chart = tmp_path / "song.txt"
    chart.write_bytes((folder / "song.txt").read_bytes().replace(b"#AUDIO:song.wav",
                                                                 b"#AUDIO:song.wav\n#COMMENT:kept as written"))
    (tmp_path / "song.wav").write_bytes((folder / "song.wav").read_bytes())
    original = chart.read_bytes()
    assert main(["chart", "sync", str(chart), "--audio", str(folder / "song.wav"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"gap_ms", "shift_ms", "bpm", "confidence"} <= set(out)
    true_gap = song().first_vocal_s * 1000.0
    assert abs(out["gap_ms"] - true_gap) <= 50.0 and out["shift_ms"] == pytest.approx(-300.0, abs=50.0)
    assert chart.read_bytes() == original  # without --write nothing changes

    assert main(["chart", "sync", str(chart), "--write", "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert Path(written["backup"]).read_bytes() == original
    fitted = load_song(chart)
    assert fitted.gap_ms == pytest.approx(written["gap_ms"])
    text = chart.read_text(encoding="utf-8")
    assert "#COMMENT:kept as written" in text  # only #GAP changed
    assert text.replace(f"#GAP:{fitted.header('GAP')}", "") == \
        original.decode().replace(f"#GAP:{load_song(Path(written['backup'])).header('GAP')}", "")


def test_hostile_audio_and_charts_say_why_and_exit_1(tmp_path: Path, capsys) -> None:
    fake = tmp_path / "song.mp3"
    fake.write_text("this is not audio\x00" * 50)
    assert main(["chart", "timing", str(fake)]) == 1
    assert "song.mp3: not audio the game can decode" in capsys.readouterr().err
    assert main(["chart", "timing", str(tmp_path / "missing.wav"), "--json"]) == 1
    assert "missing.wav: cannot read file" in capsys.readouterr().err
    assert main(["chart", "timing", str(tmp_path)]) == 1  # a folder
    assert "not a regular file" in capsys.readouterr().err

    import numpy as np
    import soundfile

    soundfile.write(tmp_path / "huge.wav", np.random.default_rng(1).standard_normal(22050).astype(np.float32) * 1e30,
                    22050, subtype="FLOAT")
    soundfile.write(tmp_path / "tiny.wav", np.full(10, 0.1, dtype=np.float32), 22050, subtype="FLOAT")
    for name in ("huge.wav", "tiny.wav"):  # analysed, not a traceback
        assert main(["chart", "timing", str(tmp_path / name), "--json"]) == 0
        assert 0.0 <= json.loads(capsys.readouterr().out)["confidence"] <= 1.0

    chart = tmp_path / "song.txt"
    chart.write_text("#TITLE:x\n#ARTIST:y\n#BPM:300\n#GAP:0\n#AUDIO:song.mp3\n: 0 4 0 la\nE\n", encoding="utf-8")
    assert main(["chart", "sync", str(chart)]) == 1
    assert "not audio the game can decode" in capsys.readouterr().err
    chart.write_text("#TITLE:x\n#ARTIST:y\n#BPM:300\n#GAP:0\n: 0 4 0 la\nE\n", encoding="utf-8")
    assert main(["chart", "sync", str(chart)]) == 1
    assert "names no audio file" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.bak"))
