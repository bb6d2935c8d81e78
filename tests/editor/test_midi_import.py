"""MIDI import on files the tests write with mido: notes, lyrics, tempo map, errors."""

from __future__ import annotations

from pathlib import Path

import mido
import pytest

from alienstage_game.charts import load_song
from alienstage_game.charts.midi_import import MidiImportError, import_midi
from alienstage_game.cli import main

TPB = 480  # ticks per quarter note


def _write_midi(path: Path, melody: list[tuple[int, int, int, str | None]], *, tempos=((0, 120.0),),
                chord_at: int | None = None) -> Path:
    """melody: (start tick, length ticks, midi note, lyric or None) on track 1; tempos on track 0."""
    mid = mido.MidiFile(type=1, ticks_per_beat=TPB)
    conductor = mido.MidiTrack()
    now = 0
    for tick, bpm in tempos:
        conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm), time=tick - now))
        now = tick
    mid.tracks.append(conductor)
    drums = mido.MidiTrack([mido.Message("note_on", channel=9, note=36, velocity=90, time=0),
                            mido.Message("note_off", channel=9, note=36, time=100)])
    events: list[tuple[int, int, mido.Message | mido.MetaMessage]] = []
    for start, length, note, lyric in melody:
        if lyric is not None:
            events.append((start, 0, mido.MetaMessage("lyrics", text=lyric)))
        events.append((start, 1, mido.Message("note_on", note=note, velocity=80)))
        if chord_at == start:
            events.append((start, 1, mido.Message("note_on", note=note - 5, velocity=80)))
            events.append((start + length, 0, mido.Message("note_off", note=note - 5)))
        events.append((start + length, 0, mido.Message("note_off", note=note)))
    track = mido.MidiTrack([mido.MetaMessage("track_name", name="Lead", time=0)])
    now = 0
    for tick, _, msg in sorted(events, key=lambda e: (e[0], e[1])):
        track.append(msg.copy(time=tick - now))
        now = tick
    mid.tracks.append(drums)
    mid.tracks.append(track)
    mid.save(str(path))
    return path


MELODY = [(960, 480, 60, "Hel-"), (1440, 480, 62, "lo "), (1920, 960, 64, "moon\r"),
          (3840, 240, 67, "/Shine "), (4080, 240, 65, "on"), (4320, 480, 64, None)]


def test_notes_lyrics_and_timing_from_a_constant_tempo(tmp_path: Path) -> None:
    result = import_midi(_write_midi(tmp_path / "a.mid", MELODY))
    song = result.song
    assert result.track == 2  # the track with lyrics, not the drums
    assert song.bpm == 120.0  # the quarter tempo: a chart beat is a sixteenth
    assert song.gap_ms == 1000.0  # first note at two quarters of 500 ms
    voice = song.voices[0]
    assert [[(n.beat, n.length, n.pitch) for n in line.notes] for line in voice.lines] == [
        [(0, 4, 0), (4, 4, 2), (8, 8, 4)], [(24, 2, 7), (26, 2, 5), (28, 4, 4)]]
    assert [[n.text for n in line.notes] for line in voice.lines] == [
        ["Hel", "lo", " moon"], ["Shine", " on", "~"]]
    assert voice.lines[0].break_beat == 16


def test_tempo_change_is_warned_and_notes_keep_their_times(tmp_path: Path) -> None:
    # 120 BPM, then 60 BPM from tick 2880: a quarter after it lasts a full second.
    path = _write_midi(tmp_path / "b.mid", MELODY, tempos=((0, 120.0), (2880, 60.0)))
    result = import_midi(path)
    assert any("tempo changes at tick 2880" in w and "60.00" in w for w in result.warnings)
    clock = result.song.clock
    shine = result.song.voices[0].lines[1].notes[0]
    # tick 3840 = 3.0 s (6 quarters at 120) + 2.0 s (2 quarters at 60); 240 ticks more = 0.5 s
    assert abs(clock.beat_to_ms(shine.beat) - 5000.0) <= clock.ms_per_beat / 2
    assert abs(clock.beat_to_ms(shine.end_beat) - 5500.0) <= clock.ms_per_beat


def test_chord_keeps_the_top_note_and_says_so(tmp_path: Path) -> None:
    result = import_midi(_write_midi(tmp_path / "c.mid", MELODY, chord_at=1440))
    assert result.song.voices[0].lines[0].notes[1].pitch == 2
    assert any("chord" in w for w in result.warnings)


def test_no_lyrics_gives_placeholders_and_a_warning(tmp_path: Path) -> None:
    plain = [(s, n, p, None) for s, n, p, _ in MELODY]
    result = import_midi(_write_midi(tmp_path / "d.mid", plain))
    assert any("no lyric events" in w for w in result.warnings)
    texts = [n.text for n in result.song.voices[0].notes]
    assert texts[0] == "la" and set(t.strip() for t in texts) == {"la"}


def test_errors_name_the_file_and_reason(tmp_path: Path) -> None:
    not_midi = tmp_path / "song.mid"
    not_midi.write_text("this is not a MIDI file\n")
    with pytest.raises(MidiImportError) as err:
        import_midi(not_midi)
    assert str(err.value).startswith(f"{not_midi}: not a")
    path = _write_midi(tmp_path / "e.mid", MELODY)
    with pytest.raises(MidiImportError, match=r"track 0 has no notes"):
        import_midi(path, track=0)
    with pytest.raises(MidiImportError, match=r"there is no track 7"):
        import_midi(path, track=7)


def test_from_midi_command_writes_a_loadable_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_midi(tmp_path / "f.mid", MELODY, tempos=((0, 120.0), (2880, 90.0)))
    out = tmp_path / "song.txt"
    assert main(["chart", "from-midi", str(path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "tempo changes" in err and "wrote" in err
    song = load_song(out)
    assert song.voices[0].lyrics == "Hello moon\nShine on~"
    assert main(["chart", "from-midi", str(tmp_path / "missing.mid"), "-o", str(out)]) == 1
    assert "missing.mid: no such file" in capsys.readouterr().err
