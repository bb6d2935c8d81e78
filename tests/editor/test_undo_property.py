"""Random edit sequences: undoing them all restores the chart exactly; redo replays them."""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alienstage_game.charts import NoteKind, dump_song
from alienstage_game.editor import ChartDocument, EditError, NoteRef, edits
from alienstage_game.editor.tap import Tap

KINDS = list(NoteKind)


def _build(doc: ChartDocument, op: int, a: int, b: int, c: int) -> edits.Edit:
    """An edit chosen by ``op`` with arguments picked from the document as it is now."""
    refs = doc.refs()
    voices = [v.id for v in doc.song.voices]
    voice = voices[a % len(voices)]
    other = voices[(a + 1) % len(voices)]
    pick = [refs[(a + k * b) % len(refs)] for k in range(1 + c % 3)] if refs else [NoteRef(voice, 0, 0)]
    one = pick[0]
    lines = len(doc.song.voices[a % len(voices)].lines)
    line = b % lines if lines else 0
    choices = [
        lambda: edits.MoveNotes(pick, beats=b % 7 - 3, pitch=c % 5 - 2),
        lambda: edits.ResizeNotes(pick, b % 5 - 2, start=bool(c % 2)),
        lambda: edits.SplitNote(one, at_beat=None if c % 2 else doc.note(one).beat + 1 + b % 3),
        lambda: edits.MergeNotes([one, NoteRef(one.voice, one.line, one.index + 1)]),
        lambda: edits.DeleteNotes(pick),
        lambda: edits.InsertNote(voice, b % 60 - 5, 1 + c % 6, c % 13 - 6, text=" new"),
        lambda: edits.SetKind(pick, KINDS[b % len(KINDS)]),
        lambda: edits.SetPitch(pick, b % 30 - 15),
        lambda: edits.SetText(one, ["", "~", " moon", "ä"][b % 4]),
        lambda: edits.SetLineBreak(one),
        lambda: edits.RemoveLineBreak(voice, line),
        lambda: edits.CopyLineToVoice(voice, line, other),
        lambda: edits.SingTogether(voice, line),
        lambda: edits.AddVoice(name=["Nova", None][b % 2], copy_from=voice if c % 2 else None),
        lambda: edits.RemoveVoice(voice),
        lambda: edits.SetVoiceName(voice, ["Iri", None][b % 2]),
        lambda: edits.SetHeader(["TITLE", "ARTIST", "BPM", "GAP", "GENRE", "YEAR"][b % 6],
                                [None, "x", "250", "0,5", "Space Pop"][c % 5]),
        lambda: edits.ShiftGap(b % 41 - 20),
        lambda: edits.ShiftBeats(b % 9 - 4, voices=None if c % 2 else [voice]),
        lambda: edits.RetimeNotes(pick, [Tap(1.0 + 0.3 * k, None if c % 2 else 1.2 + 0.3 * k) for k in range(len(pick))]),
        lambda: edits.TimeSyllables(voice, [["Hey", " you"], ["~"]], [Tap(2.0), Tap(2.4, 2.6), Tap(3.5)], pitch=b % 5),
    ]
    return choices[op % len(choices)]()


def _state(doc: ChartDocument) -> tuple:
    return list(doc.song.headers.items()), copy.deepcopy(doc.song.voices), dump_song(doc.song)


steps = st.lists(st.tuples(st.integers(0, 20), st.integers(0, 50), st.integers(0, 50), st.integers(0, 50)),
                 min_size=1, max_size=14)


def _run(path: Path, ops: list[tuple[int, int, int, int]]) -> None:
    doc = ChartDocument.open(path)
    original = _state(doc)
    history = [original]
    for k, (op, a, b, c) in enumerate(ops):
        before = _state(doc)
        try:
            doc.apply(_build(doc, op, a, b, c), now=10.0 * k)  # far apart: no merging here
        except EditError:
            assert _state(doc) == before, "a refused edit changed the document"
            continue
        history.append(_state(doc))
    assert doc.dirty == (len(history) > 1)
    final = history[-1]
    for expected in reversed(history[:-1]):
        assert doc.undo()
        assert _state(doc) == expected
    assert not doc.undo()
    assert _state(doc) == original
    assert not doc.dirty
    for expected in history[1:]:
        assert doc.redo()
        assert _state(doc) == expected
    assert _state(doc) == final


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=steps)
def test_random_edits_undo_and_redo_on_a_duet(duet_chart: Path, ops) -> None:
    _run(duet_chart, ops)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=steps)
def test_random_edits_undo_and_redo_on_a_solo(solo_chart: Path, ops) -> None:
    _run(solo_chart, ops)


merging_steps = st.lists(st.tuples(st.integers(0, 20), st.integers(0, 50), st.integers(0, 50), st.integers(0, 50),
                                   st.booleans()), min_size=1, max_size=14)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=merging_steps)
def test_merged_nudges_still_undo_to_the_original(duet_chart: Path, ops) -> None:
    doc = ChartDocument.open(duet_chart)
    original = _state(doc)
    now = 0.0
    for op, a, b, c, quick in ops:
        now += 0.1 if quick else 10.0  # quick repeats of a nudge merge into one step
        try:
            doc.apply(_build(doc, op, a, b, c), now=now)
        except EditError:
            pass
        doc.select(doc.selection)  # the selection an edit leaves is always valid
    final = _state(doc)
    while doc.undo():
        pass
    assert _state(doc) == original
    while doc.redo():
        pass
    assert _state(doc) == final


def test_the_editor_core_never_loads_pygame_or_sounddevice() -> None:
    import subprocess
    import sys

    code = ("import sys, alienstage_game.editor, alienstage_game.timing, "
            "alienstage_game.pitch.transcribe, alienstage_game.charts.midi_import; "
            "print(sorted(m for m in ('pygame', 'sounddevice') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
