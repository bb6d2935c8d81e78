"""Lyrics to syllables, tap-mode timing, the validation panel."""

from __future__ import annotations

from pathlib import Path

import pytest

from alienstage_game.charts import BeatClock
from alienstage_game.editor import (ChartDocument, NoteRef, Tap, TapSession, edits, format_syllables,
                                    quantise_taps, split_lyrics, syllabify, validate)


@pytest.mark.parametrize("word, parts", [
    ("beautiful", ["beau", "ti", "ful"]), ("winter", ["win", "ter"]), ("baby", ["ba", "by"]),
    ("father", ["fa", "ther"]), ("table", ["ta", "ble"]), ("stone", ["stone"]),
    ("singing", ["sing", "ing"]), ("monster", ["mon", "ster"]), ("moonlight", ["moon", "light"]),
    ("Under,", ["Un", "der,"]),
])
def test_syllabify(word: str, parts: list[str]) -> None:
    assert syllabify(word) == parts


def test_split_lyrics_marks_words_melismas_and_user_splits() -> None:
    lines = split_lyrics("Under the silver moons\n\n  beau-ti-ful every+ night~~\nfire+fly ~\n")
    assert lines == [["Un", "der", " the", " sil", "ver", " moons"],
                     ["beau", "ti", "ful", " every", " night", "~", "~"],
                     ["fire", "fly", "~"]]
    assert split_lyrics(format_syllables(lines)) == lines
    assert split_lyrics("silver", auto=False) == [["silver"]]


def test_tap_quantisation_and_session() -> None:
    clock = BeatClock(gap_ms=1000.0, ms_per_beat=100.0)
    taps = [Tap(1.0, 1.33), Tap(1.52), Tap(1.54), Tap(3.0)]
    assert quantise_taps(clock, taps) == [(0, 3), (5, 1), (6, 4), (20, 4)]
    session = TapSession(clock)
    session.press(1.0)
    session.release(1.33)
    session.press(2.0)
    session.press(2.2)  # a mistimed extra press...
    session.undo_last()  # ...taken back
    session.press(2.5)
    session.release(2.9)
    assert session.beats() == [(0, 3), (10, 4), (15, 4)]  # a bare tap holds at most 4 beats


def test_tap_mode_from_lyrics_then_retime(solo_chart: Path) -> None:
    doc = ChartDocument.new("a.ogg", bpm=150, gap_ms=500)  # a beat is 100 ms
    lines = split_lyrics("Hello there\nfriend")
    taps = [Tap(0.5, 0.7), Tap(0.8, 1.0), Tap(1.05, 1.3), Tap(2.0, 2.6)]
    doc.apply(edits.TimeSyllables("P1", lines, taps, pitch=2))
    voice = doc.song.voices[0]
    assert [[(n.beat, n.length, n.text) for n in l.notes] for l in voice.lines] == [
        [(0, 2, "Hel"), (3, 2, "lo"), (6, 2, " there")], [(15, 6, "friend")]]
    assert voice.lines[0].break_beat == 8 and voice.lines[1].break_beat is None
    doc.apply(edits.RetimeNotes([NoteRef("P1", 0, 0), NoteRef("P1", 0, 1)], [Tap(0.4, 0.6), Tap(0.6)]))
    assert [(n.beat, n.length) for n in voice.lines[0].notes[:2]] == [(-1, 2), (1, 2)]


def test_validation_reports_voice_line_note_and_reason(solo_chart: Path) -> None:
    doc = ChartDocument.open(solo_chart)
    assert [p.code for p in validate(doc.song)] == []
    doc.apply(edits.MoveNotes([NoteRef("P1", 0, 1)], beats=-2, pitch=30))
    doc.apply(edits.SetText(NoteRef("P1", 1, 0), "~"))
    doc.apply(edits.SetText(NoteRef("P1", 1, 1), " "))
    doc.apply(edits.SetText(NoteRef("P1", 1, 2), "~"))
    doc.apply(edits.SetText(NoteRef("P1", 2, 0), "x" * 70))
    doc.apply(edits.ResizeNotes([NoteRef("P1", 2, 2)], 400))
    doc.apply(edits.ShiftBeats(-1, voices=["P1"]))
    found = {(p.code, p.line, p.note) for p in validate(doc.song)}
    assert ("overlap", 0, 1) in found and ("out_of_range", 0, 1) in found
    assert ("before_gap", 0, 0) in found
    assert ("empty_line", 1, None) in found and ("empty_text", 1, 1) in found
    assert ("long_line_chars", 2, None) in found and ("long_line_time", 2, None) in found
    problem = next(p for p in validate(doc.song) if p.code == "out_of_range")
    assert str(problem).startswith("P1 line 1 note 2: pitch 32")
