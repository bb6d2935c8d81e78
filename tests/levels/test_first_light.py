"""The tutorial level "first-light": chart, level file, backing track and arrangement agree."""

from __future__ import annotations


import pytest

from alienstage_game.audio.synth import decode_ogg, integrated_loudness, load_arrangement, peak_dbfs
from alienstage_game.charts import NoteKind, load_song
from alienstage_game.charts.level import LevelMode, load_level
from alienstage_game.cli import main
from alienstage_game.paths import bundled_levels_dir

FOLDER = bundled_levels_dir() / "first-light"


@pytest.fixture(scope="module")
def song():
    return load_song(FOLDER / "song.txt")


@pytest.fixture(scope="module")
def backing():
    return decode_ogg(FOLDER / "backing.ogg")


def test_level_file_is_complete():
    level = load_level(FOLDER)
    assert level.warnings == []
    assert (level.id, level.title, level.mode, level.difficulty) == ("first-light", "First Light", LevelMode.SOLO, 1)
    assert level.tutorial and level.stage_theme and level.description
    assert all([level.credits.music, level.credits.lyrics, level.credits.chart, level.credits.licence])
    assert (FOLDER / "CREDITS.md").is_file()


def test_chart_loads_cleanly_as_a_v110_solo(song):
    assert song.warnings == []
    assert song.version == "1.1.0" and not song.is_duet
    for key in ("TITLE", "ARTIST", "AUDIO", "BPM", "GAP", "LANGUAGE", "GENRE", "YEAR", "CREATOR", "PREVIEWSTART"):
        assert song.header(key), key
    assert song.audio_path == FOLDER / "backing.ogg"
    assert 30_000 <= song.duration_ms <= 50_000  # a ~40 s tutorial


def test_chart_is_easy_to_sing(song):
    notes = song.voice("P1").notes
    scored = [n for n in notes if n.kind.is_scored]
    pitches = [n.pitch for n in scored]
    assert min(pitches) >= -3 and max(pitches) <= 9  # A3..A4
    assert max(pitches) - min(pitches) <= 12
    assert any(n.kind is NoteKind.GOLDEN for n in notes)
    lines = song.voice("P1").lines
    for line, following in zip(lines, lines[1:]):  # a breath before every line
        breath_ms = song.clock.beat_to_ms(following.start_beat) - song.clock.beat_to_ms(line.end_beat)
        assert breath_ms >= 300, line.lyrics


def test_backing_track_covers_the_chart(song, backing):
    samples, rate = backing
    assert rate == 44100 and samples.shape[1] == 2
    seconds = samples.shape[0] / rate
    last_note_s = song.clock.beat_to_ms(song.last_beat) / 1000
    assert last_note_s + 1.0 <= seconds <= last_note_s + 8.0
    assert (FOLDER / "backing.ogg").stat().st_size < 1_000_000


def test_backing_track_is_mastered(backing):
    samples, rate = backing
    assert integrated_loudness(samples, rate) == pytest.approx(-14.0, abs=1.0)
    assert peak_dbfs(samples) <= -1.0


def test_arrangement_matches_the_chart(song):
    arrangement = load_arrangement(FOLDER / "arrangement.toml")  # raises on tempo/gap mismatch
    assert arrangement.output_path == song.audio_path
    assert len(arrangement.melody) == sum(1 for n in song.voice("P1").notes if n.kind in (NoteKind.NORMAL, NoteKind.GOLDEN))
    assert arrangement.melody_clashes() == []


def test_committed_backing_is_what_the_arrangement_renders(capsys):
    # The one full render in the suite (a few seconds): `make assets` would change nothing.
    status = main(["assets", "--check", "--levels", str(bundled_levels_dir()), "first-light"])
    assert status == 0, capsys.readouterr().err
