"""`alienstage chart info|validate|convert`: the stable command-line interface."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from alienstage_game.charts import load_song
from alienstage_game.cli import main

from .make_fixtures import (CP1250_TEXT, WARNINGS_EXPECTED_LINES, assert_same_song,
                            committed_path, materialise)
from .test_ultrastar_read import LEGACY_HEADERS

DOCUMENTED_KEYS = {
    "path", "title", "artist", "version", "encoding", "bpm", "gap_ms", "start_ms", "end_ms",
    "video_gap_ms", "preview_start_ms", "medley_start_ms", "medley_end_ms", "language",
    "year", "audio", "headers", "voices", "duration_ms", "warnings",
}
VOICE_KEYS = {"id", "name", "lines", "lyrics", "notes"}
NOTE_KEYS = {"kind", "beat", "length", "pitch", "text", "start_ms", "end_ms"}


@pytest.fixture
def generated(tmp_path: Path) -> dict[str, Path]:
    return materialise(tmp_path / "generated")


@pytest.fixture
def charts(tmp_path: Path) -> Path:
    """The committed fixtures copied into a private folder."""
    folder = tmp_path / "charts"
    folder.mkdir()
    for name in ("legacy_solo", "relative_duet", "v2", "decimal_comma", "duet"):
        shutil.copy(committed_path(name), folder / f"{name}.txt")
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def info_json(capsys, path: Path) -> dict:
    code, out, err = run(capsys, "chart", "info", str(path), "--json")
    assert code == 0, err
    return json.loads(out)


# -- chart info --json ------------------------------------------------------------------
def test_info_json_legacy_solo(capsys, charts: Path) -> None:
    path = charts / "legacy_solo.txt"
    info = info_json(capsys, path)
    assert DOCUMENTED_KEYS <= set(info)
    assert info["path"] == str(path)
    assert info["title"] == "Signal From Kepler"
    assert info["artist"] == "The Drift Choir"
    assert info["version"] is None
    assert info["encoding"] == "utf-8"
    assert info["bpm"] == 300
    assert info["gap_ms"] == pytest.approx(1200)
    assert info["start_ms"] == pytest.approx(12500)
    assert info["end_ms"] == pytest.approx(180000)
    assert info["video_gap_ms"] == pytest.approx(250)
    assert info["preview_start_ms"] == pytest.approx(30500)
    assert info["medley_start_ms"] == pytest.approx(1200 + 16 * 50)
    assert info["medley_end_ms"] == pytest.approx(1200 + 48 * 50)
    assert info["language"] == "English"
    assert info["year"] == 2087
    assert info["audio"] == str(charts / "signal.ogg")
    assert info["headers"] == LEGACY_HEADERS
    assert list(info["headers"]) == list(LEGACY_HEADERS)
    assert info["duration_ms"] == pytest.approx(180000)
    assert info["warnings"] == []
    [voice] = info["voices"]
    assert VOICE_KEYS <= set(voice)
    assert voice["id"] == "P1"
    assert voice["lines"] == 3
    assert voice["lyrics"] == "Hello stars\nahhey you there\nFar away"
    assert all(NOTE_KEYS <= set(note) for note in voice["notes"])
    kinds = [note["kind"] for note in voice["notes"]]
    assert kinds == ["normal", "normal", "golden", "freestyle", "rap", "golden_rap",
                     "normal", "normal", "normal", "normal"]
    assert voice["notes"][2] == {"kind": "golden", "beat": 8, "length": 4, "pitch": 4,
                                 "text": " stars", "start_ms": pytest.approx(1600),
                                 "end_ms": pytest.approx(1800)}
    assert voice["notes"][8] == {"kind": "normal", "beat": 38, "length": 2, "pitch": -12,
                                 "text": " a", "start_ms": pytest.approx(3100),
                                 "end_ms": pytest.approx(3200)}


def test_info_json_relative_duet_has_absolute_beats_and_names(capsys, charts: Path) -> None:
    info = info_json(capsys, charts / "relative_duet.txt")
    assert [(v["id"], v["name"]) for v in info["voices"]] == [("P1", "Lumen"), ("P2", "Sol")]
    p1, p2 = info["voices"]
    assert [n["beat"] for n in p1["notes"]] == [0, 2, 8, 12]
    assert [n["beat"] for n in p2["notes"]] == [4, 17]
    assert p1["lines"] == 2 and p2["lines"] == 2
    assert p1["lyrics"] == "Tidal\nrelay"
    assert p2["lyrics"] == "Wave\nback"
    # BPM 200 -> 75 ms per beat, GAP 100
    assert p2["notes"][1]["start_ms"] == pytest.approx(100 + 17 * 75)
    assert p2["notes"][1]["end_ms"] == pytest.approx(100 + 20 * 75)
    assert info["headers"]["RELATIVE"] == "yes"
    assert info["duration_ms"] == pytest.approx(100 + 20 * 75)


def test_info_json_v2_units(capsys, charts: Path) -> None:
    info = info_json(capsys, charts / "v2.txt")
    assert info["version"] == "2.0.0"
    assert info["bpm"] == 120
    assert info["gap_ms"] == pytest.approx(1000)
    assert info["start_ms"] == pytest.approx(2500)
    assert info["end_ms"] == pytest.approx(60000)
    assert info["video_gap_ms"] == pytest.approx(300)
    assert info["preview_start_ms"] == pytest.approx(15000)
    assert info["medley_start_ms"] == pytest.approx(3000)
    assert info["medley_end_ms"] == pytest.approx(9000)
    assert info["audio"] == str(charts / "neon.ogg")
    notes = info["voices"][0]["notes"]
    assert (notes[2]["start_ms"], notes[2]["end_ms"]) == (pytest.approx(5000),
                                                          pytest.approx(7000))
    assert info["headers"]["XMOOD"] == "electric"


def test_info_json_bpm_as_written_with_decimal_comma(capsys, charts: Path) -> None:
    info = info_json(capsys, charts / "decimal_comma.txt")
    assert info["bpm"] == pytest.approx(300.5)
    assert info["gap_ms"] == pytest.approx(1200.5)
    assert info["headers"]["BPM"] == "300,5"


def test_info_json_absent_headers_are_null_and_gap_zero(capsys, tmp_path: Path) -> None:
    path = tmp_path / "bare.txt"
    path.write_text("#TITLE:Bare Orbit\n#ARTIST:Static Bloom\n#BPM:300\n: 0 4 0 a\n"
                    ": 4 4 0 b\nE\n", "utf-8")
    info = info_json(capsys, path)
    assert info["gap_ms"] == 0
    for key in ("version", "start_ms", "end_ms", "video_gap_ms", "preview_start_ms",
                "medley_start_ms", "medley_end_ms", "language", "year", "audio"):
        assert info[key] is None, key
    assert info["duration_ms"] == pytest.approx(8 * 50)
    assert info["headers"] == {"TITLE": "Bare Orbit", "ARTIST": "Static Bloom", "BPM": "300"}
    assert [v["id"] for v in info["voices"]] == ["P1"]


def test_info_json_encoding_names(capsys, generated) -> None:
    assert info_json(capsys, generated["cp1250"])["encoding"] == "cp1250"
    assert info_json(capsys, generated["utf8_bom"])["encoding"] == "utf-8-sig"
    assert info_json(capsys, generated["utf16le_bom"])["encoding"] == "utf-16"
    info = info_json(capsys, generated["cp1250"])
    assert info["title"] == CP1250_TEXT.title
    assert info["voices"][0]["lyrics"] == CP1250_TEXT.lyrics


def test_info_json_warnings_exit_zero(capsys, generated) -> None:
    info = info_json(capsys, generated["warnings_crlf"])
    assert all(re.match(r"^\d+: \S", w) for w in info["warnings"]), info["warnings"]
    assert {int(w.split(":", 1)[0]) for w in info["warnings"]} == WARNINGS_EXPECTED_LINES


@pytest.mark.parametrize("name,line", [("bpm_zero", 3), ("bpm_negative", 3), ("no_bpm", None),
                                       ("no_notes", None), ("binary_png", None)])
def test_info_unplayable_exit_one_with_path_line_reason(capsys, generated, name, line) -> None:
    path = generated[name]
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, "chart", "info", str(path), *extra)
        assert code == 1
        line_pattern = str(line) if line is not None else r"\d+"
        where = rf"{re.escape(str(path))}:{line_pattern}: \S"
        assert re.search(where, err, re.MULTILINE), err


def test_info_text_mentions_title_and_artist(capsys, charts: Path) -> None:
    code, out, _err = run(capsys, "chart", "info", str(charts / "duet.txt"))
    assert code == 0
    assert "Two Moons Apart" in out
    assert "Vexa and Orrin" in out


# -- chart validate ---------------------------------------------------------------------
def problem_lines(text: str, path: Path) -> list[int]:
    pattern = re.compile(rf"^{re.escape(str(path))}:(\d+): \S")
    return [int(m.group(1)) for line in text.splitlines() if (m := pattern.match(line))]


def with_audio(*paths: Path) -> None:
    """Put the backing track beside each chart, so the only problems left are the
    chart's own (validate may also report a missing audio file)."""
    for path in paths:
        audio = load_song(path).audio_path
        if audio is not None:
            audio.write_bytes(b"")


def test_validate_reports_one_line_per_problem_and_fails_on_errors(capsys, generated,
                                                                   charts) -> None:
    clean = charts / "legacy_solo.txt"
    odd = generated["warnings_lf"]
    broken = generated["bpm_zero"]
    with_audio(clean, odd)
    code, out, err = run(capsys, "chart", "validate", str(clean), str(odd), str(broken))
    both = out + err
    assert code == 1
    assert sorted(problem_lines(both, odd)) == sorted(WARNINGS_EXPECTED_LINES)
    assert problem_lines(both, broken) == [3]
    assert problem_lines(both, clean) == []


def test_validate_warnings_only_exit_zero(capsys, generated, charts) -> None:
    with_audio(charts / "duet.txt", generated["overlapping_notes"])
    code, out, err = run(capsys, "chart", "validate", str(charts / "duet.txt"),
                         str(generated["overlapping_notes"]))
    assert code == 0
    assert problem_lines(out + err, generated["overlapping_notes"]) == [8]


# -- chart convert ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["cp1250", "utf16be_bom", "messy", "cp865"])
def test_convert_writes_utf8_v110_that_reads_back_equal(capsys, generated, name) -> None:
    source = generated[name]
    target = source.parent / f"{name}-converted.txt"  # same folder: same media paths
    code, _out, err = run(capsys, "chart", "convert", str(source), "-o", str(target))
    assert code == 0, err
    data = target.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "#VERSION:1.1.0" in data.decode("utf-8").split("\n")
    converted = load_song(target)
    assert converted.encoding == "utf-8"
    assert_same_song(load_song(source), converted)


@pytest.mark.parametrize("name", ["relative_duet", "v2", "legacy_solo"])
def test_convert_committed_fixtures(capsys, charts, name) -> None:
    source = charts / f"{name}.txt"
    target = charts / f"{name}-converted.txt"
    code, _out, err = run(capsys, "chart", "convert", str(source), "-o", str(target))
    assert code == 0, err
    assert_same_song(load_song(source), load_song(target))


def test_convert_unplayable_fails_and_writes_nothing(capsys, generated) -> None:
    source = generated["bpm_negative"]
    target = source.parent / "never.txt"
    code, _out, err = run(capsys, "chart", "convert", str(source), "-o", str(target))
    assert code == 1
    assert f"{source}:3: " in err
    assert not target.exists()


# -- the real entry point ---------------------------------------------------------------
def test_module_entry_point_runs_chart_info(charts: Path) -> None:
    path = charts / "duet.txt"
    done = subprocess.run([sys.executable, "-m", "alienstage_game.cli", "chart", "info",
                           str(path), "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["title"] == "Two Moons Apart"
    assert [(v["id"], v["name"]) for v in info["voices"]] == [("P1", "Vexa"), ("P2", "Orrin")]
