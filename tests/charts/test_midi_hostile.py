"""MIDI files from strangers: only MidiImportError comes out, fast, and whatever imports
becomes a chart the reader takes back."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import mido
import pytest

from alienstage_game.bench.fuzz_targets import midi_seeds, read_midi
from alienstage_game.charts.midi_import import MidiImportError, import_midi, import_midi_bytes
from alienstage_game.charts.ultrastar_read import parse_song
from alienstage_game.charts.ultrastar_write import dump_song


def _song(*events: mido.Message | mido.MetaMessage, ticks_per_beat: int = 480) -> bytes:
    midi = mido.MidiFile(ticks_per_beat=ticks_per_beat)
    midi.tracks.append(mido.MidiTrack(events))
    out = io.BytesIO()
    midi.save(file=out)
    return out.getvalue()


def _notes(*pitches: int, lyric: str | None = None) -> list:
    events: list = []
    for pitch in pitches:
        if lyric is not None:
            events.append(mido.MetaMessage("lyrics", text=lyric, time=0))
        events += [mido.Message("note_on", note=pitch, velocity=90, time=0),
                   mido.Message("note_off", note=pitch, velocity=0, time=480)]
    return events


def _refused(data: bytes, words: str) -> MidiImportError:
    started = time.perf_counter()
    with pytest.raises(MidiImportError, match=words) as caught:
        import_midi_bytes(data, "hostile.mid")
    assert time.perf_counter() - started < 1.0
    assert str(caught.value).startswith("hostile.mid: ")
    return caught.value


def test_a_header_claiming_gigabytes_is_refused_before_mido_reads_it() -> None:
    _refused(b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\x01\xe0MTrk\xd6\xd6\xd6\xd6", "claims 3,604,403,926 bytes")
    _refused(b"MThd\xd6\xd6\xd6\xd6", "not a MIDI file")
    _refused(b"RIFF....", "no MThd header")


def test_zero_ticks_per_beat_and_smpte_time_are_refused() -> None:
    data = bytearray(_song(*_notes(60, 62)))
    data[12:14] = b"\x00\x00"
    _refused(bytes(data), "0 ticks per beat")
    data[12:14] = b"\xe7\x28"
    _refused(bytes(data), "SMPTE")


def test_a_tempo_of_zero_is_ignored_with_a_warning() -> None:
    data = _song(mido.MetaMessage("set_tempo", tempo=500_000), *_notes(60, 62, 64), )
    raw = data.replace(b"\xff\x51\x03\x07\xa1\x20", b"\xff\x51\x03\x00\x00\x00")
    assert raw != data
    imported = import_midi_bytes(raw, "zero.mid")
    assert any("tempo event(s) of 0 ignored" in w for w in imported.warnings)
    assert len(imported.song.voices[0].notes) == 3


def test_an_impossible_key_signature_is_a_midi_error() -> None:
    data = _song(mido.MetaMessage("key_signature", key="C"), *_notes(60))
    broken = data.replace(b"\xff\x59\x02\x00\x00", b"\xff\x59\x02\x7f\x05")
    assert broken != data
    _refused(broken, "not a readable MIDI file")


def test_nul_and_control_characters_in_lyrics_never_reach_the_chart() -> None:
    data = _song(mido.MetaMessage("track_name", name="Vo\x00ice\x07"), *_notes(60, 62, lyric="la\x00\x1b[2J"))
    imported = import_midi_bytes(data, "nul.mid")
    texts = [n.text for n in imported.song.voices[0].notes]
    assert all("\x00" not in t and "\x1b" not in t for t in texts)
    assert imported.song.headers["TITLE"] == "Voice"
    parse_song(dump_song(imported.song).encode())  # what it writes, the reader takes


def test_notes_hours_apart_are_refused_not_turned_into_a_chart() -> None:
    events = _notes(60) + [mido.Message("note_on", note=62, velocity=90, time=0x0FFFFFFF),
                           mido.Message("note_off", note=62, velocity=0, time=480)] * 40
    _refused(_song(*events, ticks_per_beat=1), "hours")


def test_a_tempo_no_song_has_is_refused() -> None:
    _refused(_song(mido.MetaMessage("set_tempo", tempo=1), *_notes(60, 62)), "no song is that fast")


def test_a_fifo_and_a_huge_file_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "song.mid"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(MidiImportError, match="named pipe"):
        import_midi(fifo)
    big = tmp_path / "big.mid"
    with big.open("wb") as handle:
        handle.write(b"MThd")
        handle.truncate(64 * 1024 * 1024)
    with pytest.raises(MidiImportError, match="too large"):
        import_midi(big)
    assert time.monotonic() - started < 1.0


def test_thousands_of_tempo_changes_import_in_linear_time() -> None:
    """Four times the tempo changes cost about four times as long, not sixteen (a
    quadratic tempo lookup once took minutes); a ratio, so a busy machine does not fail it."""
    def import_seconds(count: int) -> float:
        events = []
        for k in range(count):
            events.append(mido.MetaMessage("set_tempo", tempo=400_000 + (k % 7) * 1000, time=0))
            events += _notes(60 + k % 12)
        data = _song(*events)
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            imported = import_midi_bytes(data, "many.mid")
            best = min(best, time.perf_counter() - started)
        assert len(imported.song.voices[0].notes) == count
        return best

    small, large = import_seconds(4_000), import_seconds(16_000)
    assert large / small < 9.0, f"4x the tempo changes took {large / small:.1f}x as long"


def test_seeds_import_and_round_trip() -> None:
    for seed in midi_seeds():
        read_midi(seed)
