"""``alienstage score`` and ``alienstage duel`` on real rendered recordings (a short chart)."""

import json
import re

import numpy as np
import pytest
import soundfile

from alienstage_game.audio.synth.voice import SingerStyle, render_voice
from alienstage_game.charts import parse_song
from alienstage_game.cli import main

SR = 22050
CHART = """#TITLE:Little Moon
#ARTIST:alienstage tests
#BPM:150
#GAP:500
: 0 4 0 Lit
: 4 4 2 tle
* 8 8 4  moon
- 18
: 20 4 7 shine
: 24 4 5  on
: 28 8 4  me
E
"""


@pytest.fixture(scope="module")
def recordings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("takes")
    chart = folder / "song.txt"
    chart.write_text(CHART, encoding="utf-8")
    song = parse_song(CHART.encode(), chart)
    takes = {}
    for name, style in {"good": SingerStyle(seed=1), "sour": SingerStyle(pitch_error_cents=60, seed=2)}.items():
        take = render_voice(song, "P1", style, sr=SR, end_s=4.5)
        takes[name] = folder / f"{name}.wav"
        soundfile.write(takes[name], take.signal, SR)
    takes["silence"] = folder / "silence.wav"
    soundfile.write(takes["silence"], np.zeros(SR * 4, dtype=np.float32), SR)
    return chart, takes


def run_json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_score_json_shape(recordings, capsys):
    chart, takes = recordings
    data = run_json(capsys, "score", "--chart", str(chart), "--audio", str(takes["good"]), "--json")
    assert set(data) == {"total", "notes", "golden", "line_bonus", "lines", "difficulty", "voice"}
    assert isinstance(data["total"], int) and data["total"] >= 9_000
    assert data["voice"] == "P1" and data["difficulty"] == "medium"
    assert [line["index"] for line in data["lines"]] == [0, 1]
    assert all(set(line) == {"index", "rating", "score"} for line in data["lines"])
    assert data["golden"] > 0
    sour = run_json(capsys, "score", "--chart", str(chart), "--audio", str(takes["sour"]),
                    "--difficulty", "hard", "--json")
    assert sour["difficulty"] == "hard" and sour["total"] < data["total"] - 3_000
    silent = run_json(capsys, "score", "--chart", str(chart), "--audio", str(takes["silence"]), "--json")
    assert silent["total"] == 0 and {line["rating"] for line in silent["lines"]} == {"awful"}


def test_score_human_table(recordings, capsys):
    chart, takes = recordings
    assert main(["score", "--chart", str(chart), "--audio", str(takes["good"])]) == 0
    out = capsys.readouterr().out
    assert "Lit tle moon" in out or "Little moon" in out
    assert "total" in out and "Perfect" in out


def test_duel_json_shape(recordings, capsys):
    chart, takes = recordings
    data = run_json(capsys, "duel", "--chart", str(chart), "--p1", str(takes["sour"]),
                    "--p2", str(takes["good"]), "--json")
    assert {"p1", "p2", "winner", "loser", "reason"} <= set(data)
    assert (data["winner"], data["loser"], data["reason"]) == ("p2", "p1", "score")
    assert data["p2"]["total"] > data["p1"]["total"]
    assert set(data["p1"]) == {"total", "notes", "golden", "line_bonus", "lines", "difficulty", "voice"}
    forfeit = run_json(capsys, "duel", "--chart", str(chart), "--p1", str(takes["good"]),
                       "--p2", str(takes["silence"]), "--json")
    assert (forfeit["winner"], forfeit["reason"]) == ("p1", "forfeit")


def test_clear_errors(recordings, capsys, tmp_path):
    chart, takes = recordings
    assert main(["score", "--chart", str(chart), "--audio", str(tmp_path / "none.wav")]) == 1
    assert f"{tmp_path / 'none.wav'}: no such audio file" in capsys.readouterr().err
    assert main(["score", "--chart", str(chart), "--audio", str(takes["good"]), "--voice", "P3"]) == 1
    err = capsys.readouterr().err
    assert str(chart) in err and "no voice P3" in err and "P1" in err
    broken = tmp_path / "broken.txt"
    broken.write_text("#TITLE:x\n#ARTIST:y\n#BPM:120\n: 0 4 zero la\nE\n", encoding="utf-8")
    assert main(["duel", "--chart", str(broken), "--p1", str(takes["good"]), "--p2", str(takes["good"])]) == 1
    assert re.match(rf"{re.escape(str(broken))}:\d+: \S", capsys.readouterr().err)
    not_audio = tmp_path / "notes.wav"
    not_audio.write_text("not audio")
    assert main(["score", "--chart", str(chart), "--audio", str(not_audio)]) == 1
    assert "cannot read audio" in capsys.readouterr().err
