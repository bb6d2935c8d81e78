"""Every shipped level in ``levels/``: chart, level file, backing track and arrangement
agree, and the song is one an ordinary person can sing.

The checks run on every level folder found, so a new level is covered the moment it
lands. Rendering is the slow part (the synthesizer's time is ~0.1 s per second of
music): the suite re-renders the tutorial and one full song to prove the committed
files are what their sources make; ``make assets`` / ``alienstage assets --check``
re-render all of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile

from alienstage_game.audio.synth import decode_ogg, integrated_loudness, load_arrangement, peak_dbfs
from alienstage_game.charts import NoteKind, Song, load_song
from alienstage_game.charts.level import LevelMode, load_level
from alienstage_game.cli import main
from alienstage_game.paths import bundled_levels_dir

LEVELS_DIR = bundled_levels_dir()
FOLDERS = sorted(p.parent for p in LEVELS_DIR.glob("*/level.toml"))
IDS = [f.name for f in FOLDERS]
DUETS = [f for f in FOLDERS if load_level(f, load_chart=False).mode is LevelMode.DUET]
HEADERS = ("TITLE", "ARTIST", "AUDIO", "BPM", "GAP", "LANGUAGE", "GENRE", "YEAR", "CREATOR", "PREVIEWSTART")
A2, G5 = 45, 79  # MIDI: the lowest and highest note any level asks for
MAX_RANGE = 18  # semitones per voice: an octave and a half
MIN_BREATH_MS = 300  # rest between two lines of one voice
MAX_LINE_S = 10.0  # a line is sung in one breath
MIN_NOTE_MS = 90  # shorter notes are neither singable nor trackable


@pytest.fixture(scope="module", params=FOLDERS, ids=IDS)
def folder(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def song(folder: Path) -> Song:
    return load_song(folder / "song.txt")


def scored_midis(song: Song, voice_id: str) -> list[int]:
    return [n.midi for n in song.voice(voice_id).notes if n.kind.is_scored and not n.kind.is_rap]


# -- the set as a whole ---------------------------------------------------------------------
def test_the_game_ships_a_tutorial_four_battles_and_two_duets():
    levels = [load_level(f, load_chart=False) for f in FOLDERS]
    modes = [level.mode for level in levels]
    assert modes.count(LevelMode.BATTLE) >= 4 and modes.count(LevelMode.DUET) >= 2
    assert any(level.tutorial for level in levels)
    assert {level.difficulty for level in levels} == {1, 2, 3, 4, 5}
    assert len({level.id for level in levels}) == len(levels)


def test_the_songs_differ_in_tempo_range_and_length():
    songs = {f.name: load_song(f / "song.txt") for f in FOLDERS}
    tempos = sorted(s.bpm for s in songs.values())
    assert tempos[0] <= 80 and tempos[-1] >= 150  # slow to fast
    songs_tempos = [s.bpm for name, s in songs.items() if not load_level(LEVELS_DIR / name, load_chart=False).tutorial]
    assert len(set(songs_tempos)) == len(songs_tempos)  # no two songs at one tempo
    # one song for low voices (down to A2/Bb2, nothing above E4), one for high (up to F5+)
    assert any(min(scored_midis(s, "P1")) <= 46 and max(scored_midis(s, "P1")) <= 64 for s in songs.values())
    assert any(max(scored_midis(s, "P1")) >= 77 and min(scored_midis(s, "P1")) >= 60 for s in songs.values())
    lengths = [s.duration_ms / 1000 for s in songs.values()]
    assert all(30 <= seconds <= 180 for seconds in lengths), lengths  # the tutorial: ~40 s
    assert any(seconds >= 140 for seconds in lengths)  # one long song
    kinds = {n.kind for s in songs.values() for v in s.voices for n in v.notes}
    assert {NoteKind.GOLDEN, NoteKind.FREESTYLE, NoteKind.RAP} <= kinds


# -- each level -----------------------------------------------------------------------------
def test_chart_validates(folder: Path, capsys):
    assert main(["chart", "validate", str(folder / "song.txt")]) == 0, capsys.readouterr().out
    assert "warning" not in capsys.readouterr().out


def test_chart_is_a_clean_v110_chart(song: Song, folder: Path):
    assert song.warnings == []
    assert song.version == "1.1.0"
    for key in HEADERS:
        assert song.header(key), key
    assert song.audio_path == folder / "backing.ogg"
    assert 30_000 <= song.duration_ms <= 180_000


def test_level_file_is_complete_and_agrees_with_the_chart(folder: Path, song: Song):
    level = load_level(folder)
    assert level.warnings == []
    assert level.id == folder.name and level.title == song.title
    assert level.stage_theme and level.description
    assert all([level.credits.music, level.credits.lyrics, level.credits.chart, level.credits.licence])
    assert (folder / "CREDITS.md").is_file() and (folder / "arrangement.toml").is_file()
    if level.mode is LevelMode.DUET:
        assert [v.id for v in song.voices] == ["P1", "P2"]
        assert all(v.name for v in song.voices)  # #P1/#P2 name the parts
    else:  # battle and solo: one voice that every contestant sings
        assert [v.id for v in song.voices] == ["P1"] and not song.is_duet


@pytest.mark.parametrize("duet", DUETS, ids=[f.name for f in DUETS])
def test_duets_have_solo_lines_and_lines_sung_together(duet: Path):
    song = load_song(duet / "song.txt")

    def shape(line):
        return tuple((n.kind, n.beat, n.length, n.pitch, n.text) for n in line.notes)

    p1 = {shape(line) for line in song.voice("P1").lines}
    p2 = {shape(line) for line in song.voice("P2").lines}
    together = p1 & p2
    assert len(together) >= 4  # the choruses appear in both voices, note for note
    assert p1 - together and p2 - together  # and each part has lines of its own


def test_backing_track_covers_the_chart(folder: Path, song: Song):
    info = soundfile.info(str(folder / "backing.ogg"))
    assert info.samplerate == 44100 and info.channels == 2
    last_note_s = song.clock.beat_to_ms(song.last_beat) / 1000
    assert last_note_s + 1.0 <= info.duration <= last_note_s + 8.0
    assert (folder / "backing.ogg").stat().st_size < 2_500_000


def test_backing_track_is_mastered(folder: Path):
    samples, rate = decode_ogg(folder / "backing.ogg")
    assert integrated_loudness(samples, rate) == pytest.approx(-14.0, abs=1.0)
    assert peak_dbfs(samples) <= -1.0


def test_arrangement_matches_the_chart(folder: Path, song: Song):
    arrangement = load_arrangement(folder / "arrangement.toml")  # raises on tempo/gap/length mismatch
    assert arrangement.output_path == song.audio_path
    assert arrangement.melody_clashes() == []  # the melody follows the key and the chords


def test_chart_is_singable(song: Song):
    clock = song.clock
    for voice in song.voices:
        midis = scored_midis(song, voice.id)
        assert A2 <= min(midis) and max(midis) <= G5, voice.id
        assert max(midis) - min(midis) <= MAX_RANGE, voice.id
        assert any(n.kind.is_golden for n in voice.notes), f"{voice.id} has no golden notes"
        for line, following in zip(voice.lines, voice.lines[1:]):
            breath = clock.beat_to_ms(following.start_beat) - clock.beat_to_ms(line.end_beat)
            assert breath >= MIN_BREATH_MS, f"{voice.id}: no breath after {line.lyrics!r}"
        for line in voice.lines:
            seconds = (clock.beat_to_ms(line.end_beat) - clock.beat_to_ms(line.start_beat)) / 1000
            assert seconds <= MAX_LINE_S, line.lyrics
            for note, nxt in zip(line.notes, line.notes[1:]):
                assert nxt.beat >= note.end_beat, f"overlapping notes in {line.lyrics!r}"
            for note in line.notes:
                assert note.length >= 1 and note.text.strip(), line.lyrics
                assert clock.beat_to_ms(note.end_beat) - clock.beat_to_ms(note.beat) >= MIN_NOTE_MS, line.lyrics


def test_the_tutorial_is_short_and_gentle():
    song = load_song(LEVELS_DIR / "first-light" / "song.txt")
    level = load_level(LEVELS_DIR / "first-light")
    assert level.tutorial and level.mode is LevelMode.SOLO and level.difficulty == 1
    assert 30_000 <= song.duration_ms <= 50_000
    midis = scored_midis(song, "P1")
    assert min(midis) >= 57 and max(midis) <= 69  # A3..A4
    assert max(midis) - min(midis) <= 12


# -- the committed audio is what the sources render ------------------------------------------
def test_committed_backings_are_what_their_arrangements_render(capsys):
    # Two renders (~10 s): the tutorial and the shortest full song. `make assets` (or
    # `alienstage assets --check`) re-renders every level.
    status = main(["assets", "--check", "--levels", str(LEVELS_DIR), "first-light", "slow-orbit"])
    assert status == 0, capsys.readouterr().err
    assert capsys.readouterr().out.count("ok ") == 2
