"""`alienstage pitch AUDIO [--csv]`: a file through the live tracker, one line a frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from alienstage_game.cli import main
from alienstage_game.pitch.synthetic import tone

SR = 22050


@pytest.fixture
def sung_wav(tmp_path: Path) -> Path:
    path = tmp_path / "la.wav"
    soundfile.write(path, tone(220.0, 0.5, SR).signal, SR)  # 0.2 s rest, 0.5 s note, 0.3 s rest
    return path


def test_csv_has_a_row_per_frame_with_zero_f0_when_unvoiced(sung_wav: Path, capsys) -> None:
    assert main(["pitch", str(sung_wav), "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "time,f0_hz,voiced"
    rows = [line.split(",") for line in lines[1:]]
    times = np.array([float(r[0]) for r in rows])
    f0 = np.array([float(r[1]) for r in rows])
    voiced = np.array([int(r[2]) for r in rows])
    assert len(rows) == pytest.approx(100, abs=2)  # one second at 100 frames a second
    assert np.allclose(np.diff(times), 0.01, atol=1e-3)
    assert np.all(f0[voiced == 0] == 0.0)
    note = (times > 0.25) & (times < 0.65)
    assert np.all(voiced[note] == 1)
    assert np.all(np.abs(f0[note] - 220.0) < 2.0)
    assert not voiced[times < 0.15].any() and not voiced[times > 0.8].any()


def test_plain_output_names_the_notes(sung_wav: Path, capsys) -> None:
    assert main(["pitch", str(sung_wav)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["time", "f0_hz", "voiced"]
    assert any(line.split()[3] == "A3" for line in out[1:] if line.split()[2] == "1")


def test_a_missing_or_unreadable_file_is_reported_not_raised(tmp_path: Path, capsys) -> None:
    assert main(["pitch", str(tmp_path / "nothing.wav")]) == 1
    assert "nothing.wav: no such audio file" in capsys.readouterr().err
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"this is not audio")
    assert main(["pitch", str(junk), "--csv"]) == 1
    assert "junk.wav: cannot read audio" in capsys.readouterr().err
