"""Changing #BPM or #GAP in the editor: keep note times (beats re-counted) or keep beats."""

from __future__ import annotations

import pytest

from alienstage_game.charts import parse_song
from alienstage_game.editor import ChartDocument, EditError, edits

CHART = ("#TITLE:t\n#ARTIST:a\n#BPM:246.8\n#GAP:1234.5\n#MEDLEYSTARTBEAT:8\n#MEDLEYENDBEAT:40\n"
         ": 0 4 0 la\n: 4 2 2 la\n* 8 6 4 la\n- 16\n: 18 4 5 la\n: 24 8 3 la\n- 34\n: 36 6 0 la\nE\n")


def note_times(doc: ChartDocument) -> list[tuple[float, float]]:
    clock = doc.song.clock
    return [(clock.beat_to_ms(n.beat), clock.beat_to_ms(n.end_beat)) for v in doc.song.voices for n in v.notes]


def test_a_tempo_change_keeping_note_times_moves_no_note_more_than_1_ms() -> None:
    doc = ChartDocument(parse_song(CHART.encode()))
    before = note_times(doc)
    edit = edits.SetTiming(bpm=123.4, keep=edits.Keep.NOTE_TIMES)  # the detected quarter tempo
    doc.apply(edit)
    assert doc.song.bpm == pytest.approx(123.4)
    for (a0, a1), (b0, b1) in zip(before, note_times(doc)):
        assert abs(a0 - b0) <= 1.0 and abs(a1 - b1) <= 1.0
    assert edit.worst_ms <= 1.0
    assert [n.beat for n in doc.song.voices[0].notes] == [0, 2, 4, 9, 12, 18]
    assert doc.song.headers["MEDLEYSTARTBEAT"] == "4" and doc.song.headers["MEDLEYENDBEAT"] == "20"
    assert doc.song.voices[0].lines[0].break_beat == 8
    doc.undo()
    assert note_times(doc) == before and doc.song.headers["BPM"] == "246.8"


def test_a_gap_change_keeping_note_times_and_one_keeping_beats() -> None:
    doc = ChartDocument(parse_song(CHART.encode()))
    before = note_times(doc)
    beat_ms = 15000.0 / 246.8
    doc.apply(edits.SetTiming(gap_ms=1234.5 + 3 * beat_ms, keep=edits.Keep.NOTE_TIMES))
    assert max(abs(a[0] - b[0]) for a, b in zip(before, note_times(doc))) <= 1.0
    assert doc.song.voices[0].notes[1].beat == 1  # beat 4 is now beat 1
    doc.undo()
    doc.apply(edits.SetTiming(gap_ms=1534.5, keep=edits.Keep.BEATS))  # a re-sync: everything 300 ms later
    assert all(b[0] - a[0] == pytest.approx(300.0) for a, b in zip(before, note_times(doc)))
    assert [n.beat for n in doc.song.voices[0].notes][:2] == [0, 4]


def test_an_arbitrary_tempo_rounds_to_the_nearest_new_beat_and_says_how_far() -> None:
    doc = ChartDocument(parse_song(CHART.encode()))
    before = note_times(doc)
    edit = edits.SetTiming(bpm=301.7, gap_ms=1200.0)
    doc.apply(edit)
    half_beat = 15000.0 / 301.7 / 2
    moved = [abs(a[0] - b[0]) for a, b in zip(before, note_times(doc))]
    assert max(moved) <= half_beat + 1e-6 and edit.worst_ms >= max(moved)
    notes = doc.song.voices[0].notes
    assert all(a.end_beat <= b.beat for a, b in zip(notes, notes[1:])) and all(n.length >= 1 for n in notes)


def test_a_bad_tempo_is_refused() -> None:
    doc = ChartDocument(parse_song(CHART.encode()))
    with pytest.raises(EditError):
        doc.apply(edits.SetTiming(bpm=0.0))
    with pytest.raises(EditError):
        edits.SetTiming()


def test_a_detected_tempo_takes_the_grid_the_notes_need() -> None:
    from alienstage_game.editor.edits_timing import finest_needed

    doc = ChartDocument(parse_song(CHART.encode()))  # beats of 60.8 ms, all even: sixteenths at 123.4
    assert finest_needed(doc, 123.4) == (pytest.approx(123.4), 0.0)
    odd = ChartDocument(parse_song(CHART.replace(": 4 2 2 la", ": 5 2 2 la").encode()))  # one 32nd off
    bpm, worst = finest_needed(odd, 123.4)
    assert bpm == pytest.approx(123.4 * 2) and worst <= 1.0  # on 32nds every note keeps its time
    assert odd.song.headers["BPM"] == "246.8"  # probing changed nothing
    empty = ChartDocument.new(bpm=300.0)  # a new chart: sixteenths
    assert finest_needed(empty, 123.4) == (pytest.approx(123.4), 0.0)
