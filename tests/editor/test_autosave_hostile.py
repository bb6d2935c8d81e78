"""Autosaves under stress: ids that lead out, hostile files, a full disk, a read-only song
folder. Nothing escapes the editor, the edit is never lost without a word."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from alienstage_game.charts import load_song
from alienstage_game.editor import Autosaver, ChartDocument, DocumentError, restore
from alienstage_game.editor.autosave import (AutosaveError, SET_ASIDE_SUFFIX, read_recovery, safe_id,
                                             scan_autosaves, song_to_json)
from alienstage_game.editor.document import rescue_targets
from storage_mounts import full_disk, read_only


def _autosave(song_json: object, **fields) -> bytes:
    payload = {"format": 1, "id": "abc", "original_path": None, "saved_at": 1.0, "title": "t", "artist": "a",
               "song": song_json, **fields}
    return json.dumps(payload).encode()


def test_an_id_holding_dot_dot_never_leads_out_of_the_folder(tmp_path: Path, solo_chart: Path) -> None:
    folder = tmp_path / "autosave"
    doc = ChartDocument(load_song(solo_chart), solo_chart)
    doc.id = "../../escaped"
    saver = Autosaver(doc, directory=folder)
    assert saver.file.parent == folder and ".." not in saver.file.name
    assert safe_id("plain-id_1") == "plain-id_1"
    assert safe_id("../x") != "../x" and "/" not in safe_id("../x")


def test_a_listed_autosave_takes_its_id_from_its_own_file_name(tmp_path: Path, solo_chart: Path) -> None:
    song = load_song(solo_chart)
    data = _autosave(song_to_json(song), id="../../../etc/cron.d/x")
    recovery, _ = read_recovery(data, tmp_path / "k3y.json")
    assert recovery.id == "k3y"


@pytest.mark.parametrize("body", [
    b"[" * 100_000,
    b'{"saved_at": 1e999}',
    b'{"saved_at": ' + b"9" * 5000 + b"}",
    b'{"saved_at": NaN, "song": {}}',
    b"\xff\xfe not json",
    b'"just a string"',
])
def test_hostile_bytes_are_an_autosave_error(tmp_path: Path, body: bytes) -> None:
    with pytest.raises(AutosaveError):
        read_recovery(body, tmp_path / "x.json")


@pytest.mark.parametrize("song_json", [
    {"headers": [["BPM", "300"]], "voices": [{"id": "P1", "lines": [{"break": None, "notes": [[":", 10**300, 1, 0, "a"]]}]}]},
    {"headers": [["BPM", "300"]], "voices": [{"id": "P1", "lines": [{"break": None, "notes": [[":", 0, 1, 1e308, "a"]]}]}]},
    # found by the fuzz campaign: an integer past float's range, a chart without a tempo
    {"headers": [["BPM", "300"]], "voices": [{"id": "P1", "lines": [{"break": None, "notes": [[":", 10**400, 1, 0, "a"]]}]}]},
    {"headers": [["TITLE", "x"]], "voices": [{"id": "P1", "lines": [{"break": None, "notes": [[":", 0, 1, 0, "a"]]}]}]},
    {"headers": [["BPM", "300"]], "voices": [{"id": "P1", "lines": [{"break": None, "notes": [["?", 0, 1, 0, "a"]]}]}]},
    {"headers": [["BPM", 300]], "voices": []},
    {"headers": "BPM", "voices": []},
    {"headers": [], "voices": [{"id": "P1", "lines": [{"break": "x", "notes": []}]}]},
    {"headers": [], "voices": [{"id": "P1", "lines": [{"break": None, "notes": [[":", True, 1, 0, "a"]]}]}]},
])
def test_wrong_types_and_impossible_numbers_are_an_autosave_error(tmp_path: Path, song_json) -> None:
    with pytest.raises(AutosaveError, match="not a readable autosave"):
        read_recovery(_autosave(song_json), tmp_path / "x.json")


def test_unreadable_autosaves_are_set_aside_and_the_good_one_offered(tmp_path: Path, solo_chart: Path) -> None:
    folder = tmp_path / "autosave"
    folder.mkdir()
    good = ChartDocument(load_song(solo_chart), solo_chart)
    Autosaver(good, directory=folder).flush()
    (folder / "deep.json").write_bytes(b"[" * 50_000)
    (folder / "types.json").write_bytes(_autosave({"headers": 5}))
    os.mkfifo(folder / "pipe.json")
    started = time.monotonic()
    found, aside = scan_autosaves(folder)
    assert time.monotonic() - started < 2.0
    assert [r.id for r in found] == [good.id]
    # The FIFO is passed over (never opened); the broken files are moved aside, kept.
    assert sorted(p.name for p in aside) == [f"deep.json{SET_ASIDE_SUFFIX}", f"types.json{SET_ASIDE_SUFFIX}"]
    assert scan_autosaves(folder)[1] == []  # set aside once, never offered again
    restored = restore(found[0])
    assert restored.text() == good.text()


def test_a_lone_surrogate_in_a_lyric_is_autosaved_and_restored(tmp_path: Path, solo_chart: Path) -> None:
    doc = ChartDocument(load_song(solo_chart), solo_chart)
    doc.song.voices[0].lines[0].notes[0].text = "bad\ud800"
    doc.stack.mark_unsaved()
    saver = Autosaver(doc, directory=tmp_path)
    written = saver.flush()
    found, aside = scan_autosaves(tmp_path)
    assert aside == [] and found[0].file == written
    assert restore(found[0]).song.voices[0].lines[0].notes[0].text == "bad\ufffd"


def test_a_full_disk_never_escapes_the_autosave_and_the_next_tick_retries(tmp_path: Path, solo_chart: Path) -> None:
    doc = ChartDocument(load_song(solo_chart), solo_chart)
    with full_disk(tmp_path / "autosave", "64k") as disk:
        saver = Autosaver(doc, interval_s=1.0, directory=disk.path)
        doc.stack.mark_unsaved()
        doc.revision += 1
        disk.fill()
        assert saver.tick(100.0) is None
        assert saver.problem == "the disk is full"
        assert saver.tick(100.5) is None  # not due yet: no hammering
        disk.free()
        written = saver.tick(101.5)
        assert written is not None and written.is_file() and saver.problem is None


def test_saving_into_a_read_only_folder_says_so_and_offers_elsewhere(tmp_path: Path, solo_chart: Path,
                                                                      alienstage_home: Path) -> None:
    with read_only(tmp_path / "songs") as mount:
        mount.set_read_only(False)
        target = mount.path / "song.txt"
        target.write_bytes(solo_chart.read_bytes())
        mount.set_read_only(True)
        doc = ChartDocument(load_song(target), target)
        doc.song.voices[0].lines[0].notes[0].pitch += 1
        doc.stack.mark_unsaved()
        with pytest.raises(DocumentError, match="not saved: the folder is read-only") as caught:
            doc.save()
        assert caught.value.unwritable == target and doc.dirty
        places = rescue_targets(target, doc.song.title)
        assert places and all(p.parent != target.parent for p in places)
        doc.save(places[0])
        assert load_song(places[0]).voices[0].lines[0].notes[0].pitch == doc.song.voices[0].lines[0].notes[0].pitch
        assert not doc.dirty and doc.path == places[0]
