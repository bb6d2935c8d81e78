"""Autosave while dirty, recovery after a crash (a killed editor process), discard."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from alienstage_game.charts import load_song
from alienstage_game.editor import (Autosaver, ChartDocument, NoteRef, discard, edits,
                                    list_recoverable, restore)
from alienstage_game.paths import data_dir

CRASHING_EDITOR = textwrap.dedent("""
    import sys, time
    from alienstage_game.editor import Autosaver, ChartDocument, NoteRef, edits
    doc = ChartDocument.open(sys.argv[1])
    saver = Autosaver(doc, interval_s=2.0)
    doc.apply(edits.SetText(NoteRef("P1", 0, 0), "Over"), now=0.0)
    saver.tick(10.0)
    doc.apply(edits.MoveNotes([NoteRef("P1", 1, 0)], beats=1, pitch=2), now=10.5)
    doc.apply(edits.AddVoice(name="Echo"), now=11.0)
    saver.tick(11.0)   # too soon after the last write: nothing
    saver.tick(12.5)   # written
    doc.apply(edits.SetHeader("TITLE", "Never autosaved"), now=12.6)
    print(doc.text(), end="")
    print("\\x00READY", flush=True)
    time.sleep(60)
""")


def test_recovery_after_the_editor_is_killed(solo_chart: Path, alienstage_home: Path) -> None:
    original = solo_chart.read_text()
    env = dict(os.environ, ALIENSTAGE_HOME=str(alienstage_home))
    proc = subprocess.Popen([sys.executable, "-c", CRASHING_EDITOR, str(solo_chart)], env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        out = ""
        while "\x00READY" not in out:
            chunk = proc.stdout.readline()
            assert chunk, "the editor process died before it was ready"
            out += chunk
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    live_text = out.split("\x00READY")[0]

    found = list_recoverable()
    assert len(found) == 1
    recovery = found[0]
    assert recovery.original_path == solo_chart and recovery.title == "Quiet Orbit"
    assert recovery.file.parent == data_dir() / "autosave"
    doc = restore(recovery)
    assert doc.dirty and doc.path == solo_chart
    # Everything up to the last autosave is back; the title edit after it is not.
    assert doc.text() == live_text.replace("#TITLE:Never autosaved", "#TITLE:Quiet Orbit")
    assert [v.name for v in doc.song.voices] == [None, "Echo"]
    assert doc.song.voices[0].notes[0].text == "Over"

    backup = doc.save()
    assert backup == solo_chart.with_name("song.txt.bak") and backup.read_text() == original
    assert load_song(solo_chart).voices[0].notes[0].text == "Over"
    assert list_recoverable() == []  # saving clears the autosave


def test_autosave_only_when_dirty_and_clean_exit_leaves_nothing(solo_chart: Path) -> None:
    doc = ChartDocument.open(solo_chart)
    saver = Autosaver(doc, interval_s=5.0)
    assert saver.tick(0.0) is None and not saver.file.exists()
    doc.apply(edits.SetPitch([NoteRef("P1", 0, 0)], 9), now=0.0)
    assert saver.tick(1.0) == saver.file and saver.file.exists()
    doc.apply(edits.SetPitch([NoteRef("P1", 0, 0)], 10), now=10.0)
    assert saver.tick(2.0) is None  # within the interval
    assert saver.tick(6.5) == saver.file
    while doc.undo():
        pass
    saver.tick(20.0)  # back to the file's state: nothing to recover
    assert not saver.file.exists()
    doc.apply(edits.SetPitch([NoteRef("P1", 0, 0)], 4), now=30.0)
    saver.tick(30.0)
    saver.close()
    assert list_recoverable() == []


def test_an_empty_new_chart_is_recoverable_and_discardable(tmp_path: Path) -> None:
    doc = ChartDocument.new("tune.ogg", bpm=200, title="Sketch", duet=True)
    saver = Autosaver(doc, interval_s=1.0)
    doc.apply(edits.SetHeader("ARTIST", "Nobody yet"))
    saver.flush()
    (tmp_path / "junk.json").write_text("{not json")
    [recovery] = list_recoverable()
    assert recovery.original_path is None and recovery.name == "Sketch"
    again = restore(recovery)
    assert [v.id for v in again.song.voices] == ["P1", "P2"] and again.song.artist == "Nobody yet"
    discard(recovery)
    assert list_recoverable() == []
