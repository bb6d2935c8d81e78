"""The UltraStar writer: v1.1.0, UTF-8 without BOM, and read -> write -> read is the
same song for every fixture (legacy, relative, v2, duets, every encoding)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alienstage_game.charts import dump_song, load_song, parse_song, write_song

from .make_fixtures import (COMMITTED, CP1250_TEXT, assert_same_song,
                            committed_path, loadable_fixtures, materialise,
                            unknown_headers)

GENERATED = sorted(loadable_fixtures())


@pytest.fixture
def generated(tmp_path: Path) -> dict[str, Path]:
    return materialise(tmp_path / "generated")


def fixture_path(name: str, generated: dict[str, Path]) -> Path:
    return generated[name] if name in generated else committed_path(name)


def text_lines(text: str) -> list[str]:
    return text.split("\n")


def header_lines(text: str) -> list[str]:
    return [line for line in text_lines(text) if line.startswith("#")]


@pytest.mark.parametrize("name", [*COMMITTED, *GENERATED])
def test_read_write_read_is_the_same_song(generated, name: str) -> None:
    original = load_song(fixture_path(name, generated))
    text = dump_song(original)
    again = parse_song(text.encode("utf-8"), path=original.path)
    assert_same_song(original, again)
    assert again.version == "1.1.0"
    # writing what was re-read changes nothing more: the output is a fixed point
    assert dump_song(again) == text


@pytest.mark.parametrize("name", [*COMMITTED, *GENERATED])
def test_write_song_file_is_utf8_without_bom_and_v110(generated, tmp_path, name) -> None:
    original = load_song(fixture_path(name, generated))
    out = tmp_path / "out" / "song.txt"
    out.parent.mkdir()
    write_song(original, out)
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")  # strict: raises if not UTF-8
    assert "#VERSION:1.1.0" in header_lines(text)
    encodings = [line for line in header_lines(text) if line.upper().startswith("#ENCODING")]
    assert all(line.split(":", 1)[1].strip().upper().replace("-", "") == "UTF8"
               for line in encodings)
    assert not any(line.upper().startswith("#RELATIVE") for line in header_lines(text))
    again = load_song(out)
    assert again.encoding == "utf-8"
    assert again.warnings == [] or original.warnings, "clean input must write clean output"
    # media paths are relative to the chart, so compare names rather than folders
    assert again.audio_path.name == original.audio_path.name
    assert [(v.id, v.name) for v in again.voices] == [(v.id, v.name) for v in original.voices]
    assert unknown_headers(again) == unknown_headers(original)


def test_version_line_and_end_marker() -> None:
    text = dump_song(load_song(committed_path("legacy_solo")))
    lines = [line for line in text_lines(text) if line.strip()]
    assert "#VERSION:1.1.0" in lines
    assert lines[-1] == "E"
    assert text.endswith("\n")


def test_unknown_headers_written_in_order_with_their_values() -> None:
    text = dump_song(load_song(committed_path("legacy_solo")))
    headers = header_lines(text)
    assert "#XMOOD:hopeful" in headers
    assert "#XCOMMENT:charted under two moons" in headers
    assert headers.index("#XMOOD:hopeful") < headers.index("#XCOMMENT:charted under two moons")


def test_solo_has_no_voice_markers() -> None:
    text = dump_song(load_song(committed_path("legacy_solo")))
    markers = [line for line in text_lines(text) if line.strip() in ("P1", "P2", "P3")]
    assert markers == []


@pytest.mark.parametrize("name", ["duet", "duet_singer_aliases", "relative_duet"])
def test_duet_has_p1_and_p2_markers_in_order(name: str) -> None:
    text = dump_song(load_song(committed_path(name)))
    markers = [line.strip() for line in text_lines(text) if line.strip() in ("P1", "P2")]
    assert markers == ["P1", "P2"]


def test_relative_chart_is_written_with_absolute_beats() -> None:
    song = load_song(committed_path("relative"))
    again = parse_song(dump_song(song).encode("utf-8"))
    assert [n.beat for n in again.voice("P1").notes] == [0, 4, 10, 16, 24]
    assert [line.break_beat for line in again.voice("P1").lines] == [8, 18, None]


def test_v2_chart_written_as_v110_keeps_every_time() -> None:
    song = load_song(committed_path("v2"))
    again = parse_song(dump_song(song).encode("utf-8"), path=song.path)
    assert again.version == "1.1.0"
    assert not again.v2_units
    notes = again.voice("P1").notes
    assert again.note_start_ms(notes[2]) == pytest.approx(5000.0, abs=1e-6)
    assert again.note_end_ms(notes[2]) == pytest.approx(7000.0, abs=1e-6)
    assert again.start_ms == pytest.approx(2500.0, abs=1e-6)
    assert again.end_ms == pytest.approx(60000.0, abs=1e-6)
    assert again.video_gap_ms == pytest.approx(300.0, abs=1e-6)
    assert again.preview_start_ms == pytest.approx(15000.0, abs=1e-6)
    assert again.medley_start_ms == pytest.approx(3000.0, abs=1e-6)
    assert again.medley_end_ms == pytest.approx(9000.0, abs=1e-6)


def test_legacy_encoding_is_written_as_utf8(generated, tmp_path) -> None:
    song = load_song(generated["cp1250"])
    out = tmp_path / "cp1250-as-utf8.txt"
    write_song(song, out)
    text = out.read_bytes().decode("utf-8")
    assert CP1250_TEXT.title in text
    for word in CP1250_TEXT.words:
        assert word.strip() in text


def test_word_boundary_spaces_survive_writing(generated) -> None:
    song = load_song(generated["messy"])
    again = parse_song(dump_song(song).encode("utf-8"))
    texts = [n.text for n in again.voice("P1").notes]
    assert texts == ["la", "lo", "", "", " word", "word ", "free", "end"]


def test_write_song_replaces_an_existing_file(tmp_path) -> None:
    folder = tmp_path / "level"
    folder.mkdir()
    out = folder / "song.txt"
    out.write_text("old contents that are not a chart\n", "utf-8")
    song = load_song(committed_path("duet"))
    write_song(song, out)
    assert_same_song(song, parse_song(out.read_bytes(), path=song.path))
    assert [p.name for p in folder.iterdir()] == ["song.txt"]  # no temp file left


def test_a_lone_p2_voice_survives_writing() -> None:
    # A duet whose P1 part has no notes left: one voice, P2, sung by Orrin.
    lines = committed_path("duet").read_text("utf-8").splitlines()
    p1, p2 = lines.index("P1"), lines.index("P2")
    text = "\n".join(lines[:p1 + 1] + lines[p2:]) + "\n"
    song = parse_song(text.encode("utf-8"))
    again = parse_song(dump_song(song).encode("utf-8"))
    assert [(v.id, v.name) for v in again.voices] == [(v.id, v.name) for v in song.voices]
    assert again.voices == song.voices
