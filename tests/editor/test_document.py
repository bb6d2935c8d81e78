"""The document: edits' meaning, selection, nudge merging, dirty flag, save with backup."""

from __future__ import annotations

from pathlib import Path

import pytest

from alienstage_game.charts import NoteKind, load_song
from alienstage_game.editor import ChartDocument, DocumentError, EditError, NoteRef, edits, validate


def test_open_normalises_to_v110_and_keeps_text_stable(duet_chart: Path) -> None:
    doc = ChartDocument.open(duet_chart)
    assert doc.text().startswith("#VERSION:1.1.0\n")
    assert not doc.dirty and not doc.can_undo
    assert doc.cursor.voice == "P1"


def test_nudges_merge_into_one_undo_step_and_keep_selection(solo_chart: Path) -> None:
    doc = ChartDocument.open(solo_chart)
    original = doc.text()
    doc.select_line("P1", 1)
    for k in range(5):
        doc.apply(edits.MoveNotes(doc.selection, beats=1), now=100.0 + 0.2 * k)
    assert len(doc.stack.done) == 1 and doc.undo_label == "move 3 notes"
    assert [doc.note(r).beat for r in doc.selection] == [23, 27, 31]
    doc.apply(edits.MoveNotes(doc.selection, pitch=1), now=200.0)  # long after: a new step
    assert len(doc.stack.done) == 2
    doc.apply(edits.MoveNotes([NoteRef("P1", 0, 0)], pitch=1), now=200.1)  # other notes: a new step
    assert len(doc.stack.done) == 3
    doc.undo()
    doc.undo()
    doc.undo()
    assert doc.text() == original and not doc.dirty
    assert doc.selection == (NoteRef("P1", 1, 0), NoteRef("P1", 1, 1), NoteRef("P1", 1, 2))


def test_dirty_follows_the_saved_state(solo_chart: Path) -> None:
    doc = ChartDocument.open(solo_chart)
    doc.apply(edits.SetPitch([NoteRef("P1", 0, 0)], 3), now=0)
    assert doc.dirty
    doc.save()
    assert not doc.dirty
    doc.apply(edits.SetPitch([NoteRef("P1", 0, 0)], 5), now=0.1)  # right after a save: never merged
    assert doc.dirty and len(doc.stack.done) == 2
    doc.undo()
    assert not doc.dirty
    doc.undo()
    assert doc.dirty
    doc.apply(edits.SetText(NoteRef("P1", 0, 0), "On"), now=50)  # the saved state is now unreachable
    doc.undo()
    assert doc.dirty


def test_split_merge_and_line_breaks(solo_chart: Path) -> None:
    doc = ChartDocument.open(solo_chart)
    doc.apply(edits.SplitNote(NoteRef("P1", 0, 2)))  # " the" 8..14 -> 8..11 + 11..14 "~"
    line = doc.song.voices[0].lines[0]
    assert [(n.beat, n.length, n.text) for n in line.notes[2:]] == [(8, 3, " the"), (11, 3, "~")]
    assert doc.selection == (NoteRef("P1", 0, 2), NoteRef("P1", 0, 3))
    doc.apply(edits.MergeNotes(doc.selection))
    assert [(n.beat, n.length, n.text) for n in line.notes] != []
    assert [(n.beat, n.length, n.text) for n in doc.song.voices[0].lines[0].notes][2] == (8, 6, " the")
    doc.apply(edits.SetLineBreak(NoteRef("P1", 0, 2)))
    lines = doc.song.voices[0].lines
    assert [len(l.notes) for l in lines] == [2, 1, 3, 3] and lines[0].break_beat == 8
    doc.apply(edits.RemoveLineBreak("P1", 0))
    assert [len(l.notes) for l in doc.song.voices[0].lines] == [3, 3, 3]
    assert doc.song.voices[0].lines[0].break_beat == 16
    with pytest.raises(EditError):
        doc.apply(edits.MergeNotes([NoteRef("P1", 0, 0), NoteRef("P1", 0, 2)]))
    with pytest.raises(EditError):
        doc.apply(edits.SplitNote(NoteRef("P1", 0, 0), at_beat=0))


def test_kinds_and_delete_removes_empty_lines(solo_chart: Path) -> None:
    doc = ChartDocument.open(solo_chart)
    refs = [NoteRef("P1", 2, i) for i in range(3)]
    for kind in NoteKind:
        doc.apply(edits.SetKind(refs, kind))
        assert {doc.note(r).kind for r in refs} == {kind}
    doc.apply(edits.DeleteNotes(refs))
    lines = doc.song.voices[0].lines
    assert len(lines) == 2 and lines[-1].break_beat is None
    assert doc.selection == ()
    assert load_song(_saved(doc, solo_chart)).voices[0].lines[-1].notes[-1].text == " sing"


def _saved(doc: ChartDocument, path: Path) -> Path:
    doc.save()
    return path


def test_duet_editing_copy_sing_together_add_remove_voice(solo_chart: Path) -> None:
    doc = ChartDocument.open(solo_chart)
    with pytest.raises(EditError, match="second voice"):
        doc.apply(edits.SingTogether("P1", 0))
    doc.apply(edits.AddVoice(name="Orrin"))
    assert [v.id for v in doc.song.voices] == ["P1", "P2"]
    doc.apply(edits.CopyLineToVoice("P1", 1, "P2"))
    doc.apply(edits.SingTogether("P1", 2))
    p2 = doc.song.voice("P2")
    assert [n.text for n in p2.notes] == ["moons", " we", " sing", "Far", " a", "way"]
    doc.apply(edits.InsertNote("P2", 2, 4, -5, text="Hum"))
    doc.apply(edits.SetVoiceName("P1", "Vexa"))
    doc.save()
    again = load_song(solo_chart)
    assert again.is_duet and [v.name for v in again.voices] == ["Vexa", "Orrin"]
    assert again.voice("P2").lines[0].notes[0].text == "Hum"
    doc.apply(edits.RemoveVoice("P2"))
    with pytest.raises(EditError, match="at least one voice"):
        doc.apply(edits.RemoveVoice("P1"))
    doc.save()
    assert not load_song(solo_chart).is_duet and "#P2" not in solo_chart.read_text()


def test_headers_and_whole_chart_nudges(solo_chart: Path) -> None:
    doc = ChartDocument.open(solo_chart)
    doc.apply(edits.SetHeader("title", "Far Orbit"))
    doc.apply(edits.SetHeader("BPM", "320,5"))
    assert doc.song.title == "Far Orbit" and doc.song.bpm == 320.5
    with pytest.raises(EditError):
        doc.apply(edits.SetHeader("BPM", "-3"))
    with pytest.raises(EditError):
        doc.apply(edits.SetHeader("VERSION", "2.0.0"))
    doc.apply(edits.ShiftGap(15), now=1.0)
    doc.apply(edits.ShiftGap(15), now=1.1)
    assert doc.song.gap_ms == 1230 and doc.undo_label == "shift GAP +30 ms"
    doc.apply(edits.ShiftBeats(-2), now=5.0)
    assert doc.song.voices[0].lines[0].notes[0].beat == -2 and doc.song.voices[0].lines[0].break_beat == 14
    assert any(p.code == "before_gap" for p in validate(doc.song))


def test_save_keeps_a_backup_of_the_file_it_replaces(solo_chart: Path) -> None:
    before = solo_chart.read_bytes()
    doc = ChartDocument.open(solo_chart)
    doc.apply(edits.SetText(NoteRef("P1", 0, 0), "In"))
    backup = doc.save()
    assert backup == solo_chart.with_name("song.txt.bak") and backup.read_bytes() == before
    assert load_song(solo_chart).voices[0].notes[0].text == "In"
    doc.apply(edits.SetText(NoteRef("P1", 0, 0), "On"))
    assert doc.save() is None  # the backup is the chart as it was before this session
    assert backup.read_bytes() == before
    other = solo_chart.with_name("copy.txt")
    doc.save(other)
    assert doc.path == other and not other.with_name("copy.txt.bak").exists()


def test_new_chart_cannot_be_saved_empty(tmp_path: Path) -> None:
    doc = ChartDocument.new("track.ogg", bpm=250, gap_ms=800, title="Fresh", path=tmp_path / "new.txt", duet=True)
    with pytest.raises(DocumentError, match="nothing to sing"):
        doc.save()
    doc.apply(edits.InsertNote("P2", 0, 4, 0, text="Hi"))
    doc.save()
    song = load_song(tmp_path / "new.txt")
    assert song.title == "Fresh" and song.gap_ms == 800 and song.voices[0].id == "P2"
