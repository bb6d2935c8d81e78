"""The scan's fast paths: a glance at each chart instead of a full parse, remembered
folder listings, media found by the packs' naming conventions, songs without audio."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from alienstage_game.bench.scan import generate_library
from alienstage_game.charts import library_files, parse_song
from alienstage_game.charts.errors import ChartError
from alienstage_game.charts.glance import glance_song
from alienstage_game.charts.library import scan_library
from alienstage_game.charts.media import conventional

SOLO = """#TITLE:Glance
#ARTIST:Test
#BPM:240
#GAP:1500
#AUDIO:song.ogg
: 0 4 60 la
: 4 4 62 la
- 10
: 12 2 64 lo
E
: 9000 4 60 after the end
"""

VARIANTS = {
    "solo": SOLO,
    "crlf": SOLO.replace("\n", "\r\n"),
    "cr only": SOLO.replace("\n", "\r"),
    "end header": SOLO.replace("#GAP:1500", "#GAP:1500\n#END:60000"),
    "duet": "#TITLE:D\n#ARTIST:A\n#BPM:300\n#AUDIO:a.ogg\nP1\n: 0 4 60 a\n: 8 4 60 b\nP2\n: 2 30 55 c\nP 1\n: 40 4 60 d\nE\n",
    "spaced markers": "#TITLE:D\n#BPM:300\n  P1  \n: 0 4 60 a\n\tP2\n: 2 5 55 c\n",
    "unreadable last note": "#TITLE:U\n#BPM:200\n: 0 4 60 a\n: 10 4 60 b\n: 99999999999 4 60 huge\n: x y z\n",
    "relative": "#TITLE:R\n#BPM:200\n#RELATIVE:yes\n: 0 4 60 a\n- 6 8\n: 0 4 62 b\n- 6\n: 0 2 64 c\n",
    "tempo change": "#TITLE:B\n#BPM:200\n: 0 4 60 a\nB 8 400\n: 8 4 62 b\n: 40 4 62 c\n",
    "v2": "#VERSION:2.0.0\n#TITLE:V\n#BPM:120\n#GAP:250\n#MEDLEYSTART:1000\n#MEDLEYEND:5000\n: 0 4 60 a\n: 16 8 60 b\n",
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_a_glance_agrees_with_the_full_reader(name: str, tmp_path: Path) -> None:
    data = VARIANTS[name].encode("utf-8")
    song = parse_song(data, tmp_path / "song.txt")
    glance = glance_song(data, tmp_path / "song.txt")
    assert glance.duration_ms == pytest.approx(song.duration_ms)
    assert (glance.voices, glance.is_duet) == (len(song.voices), song.is_duet)
    assert glance.song.headers == song.headers
    assert glance.song.medley_start_ms == song.medley_start_ms


@pytest.mark.parametrize("text, reason", [
    ("#TITLE:x\n: 0 4 60 a\n", "no #BPM"),
    ("#TITLE:x\n#BPM:200\n", "no notes"),
    ("#TITLE:x\n#BPM:200\nE\n: 0 4 60 a\n", "no notes"),
    ("#TITLE:x\n#BPM:0.001\n: 9000000 4 60 a\n", "hours"),
])
def test_a_glance_refuses_what_the_reader_refuses(text: str, reason: str) -> None:
    with pytest.raises(ChartError, match=reason):
        glance_song(text.encode(), "x.txt")
    with pytest.raises(ChartError, match=reason):
        parse_song(text.encode(), "x.txt")


def test_conventional_media_names() -> None:
    assert conventional("COVER", ["A - B [CO].jpg", "A - B [BG].jpg", "A - B.mp3"]) == "A - B [CO].jpg"
    assert conventional("BACKGROUND", ["A - B [CO].jpg", "A - B [BG].jpg"]) == "A - B [BG].jpg"
    assert conventional("COVER", ["A - B.jpg", "A - B [BG].jpg"]) == "A - B.jpg"  # the only other picture
    assert conventional("COVER", ["one.jpg", "two.png"]) is None  # no way to tell
    assert conventional("VIDEO", ["A - B.mp4", "A - B.mp3"]) == "A - B.mp4"
    assert conventional("VIDEO", ["x.avi", "A - B [VD].mp4"]) == "A - B [VD].mp4"
    assert conventional("BACKGROUND", ["cover.jpg"]) is None


def _song(folder: Path, title: str, audio: str = "song.ogg", files: tuple[str, ...] = ("song.ogg",)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    chart = folder / f"{title}.txt"
    chart.write_text(f"#TITLE:{title}\n#ARTIST:A\n#BPM:200\n#AUDIO:{audio}\n: 0 4 60 la\n: 8 4 60 la\nE\n")
    for name in files:
        (folder / name).write_bytes(b"x")
    return chart


def _age(root: Path, seconds: float = 60.0) -> None:
    """Move every folder's and file's mtime into the past, as a library's would be."""
    past = time.time() - seconds
    for folder, _, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(folder, name), (past, past))
        os.utime(folder, (past, past))


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the scan lists with scandir (a remembered folder is only stat'ed)."""
    calls: list[str] = []
    real = os.scandir

    def counting(path="."):
        if "songs" in Path(path).parts:  # the library's folders, not the cache's
            calls.append(str(path))
        return real(path)

    monkeypatch.setattr(library_files.os, "scandir", counting)
    return calls


def test_a_warm_scan_lists_no_folder_and_still_sees_every_change(tmp_path: Path, listed: list[str]) -> None:
    root, cache = tmp_path / "songs", tmp_path / "cache.sqlite3"
    _song(root / "one", "One", files=("song.ogg", "cover.jpg"))
    _song(root / "two", "Two", audio="gone.ogg", files=())
    _song(root / "three", "Three")
    _age(root)
    listed.clear()  # os.walk lists folders too
    first = scan_library([root], cache)
    assert len(listed) == 4 and {e.title for e in first.entries} == {"One", "Two", "Three"}
    assert [e.title for e in first.entries if not e.playable] == ["Two"]
    listed.clear()
    assert {e.title for e in scan_library([root], cache).entries} == {"One", "Two", "Three"}
    assert listed == []  # nothing changed: every folder was only stat'ed

    (root / "two" / "gone.ogg").write_bytes(b"x")  # the audio arrives: the folder moved on
    (root / "three" / "Three [CO].jpg").write_bytes(b"x")
    _song(root / "four", "Four")
    (root / "one" / "One.txt").write_text("#TITLE:One Edited\n#ARTIST:A\n#BPM:200\n#AUDIO:song.ogg\n: 0 4 60 la\n")
    os.utime(root / "one" / "One.txt", ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    scan = scan_library([root], cache)
    by_title = {e.title: e for e in scan.entries}
    assert set(by_title) == {"One Edited", "Two", "Three", "Four"}  # a chart edit is seen too
    assert by_title["Two"].playable
    assert by_title["Three"].cover_path == root / "three" / "Three [CO].jpg"
    assert str(root / "one") not in listed  # only the folders that changed were listed


def test_a_folder_listed_within_its_clock_tick_is_listed_again(tmp_path: Path, listed: list[str]) -> None:
    root, cache = tmp_path / "songs", tmp_path / "cache.sqlite3"
    _song(root / "fresh", "Fresh")  # mtime: now
    scan_library([root], cache)
    listed.clear()
    scan_library([root], cache)
    assert str(root / "fresh") in listed  # a change in the same tick could have been missed


def test_a_removed_song_folder_leaves_the_library(tmp_path: Path) -> None:
    root, cache = tmp_path / "songs", tmp_path / "cache.sqlite3"
    _song(root / "a", "Stay")
    _song(root / "b", "Leave")
    _age(root)
    assert len(scan_library([root], cache).entries) == 2
    for name in os.listdir(root / "b"):
        os.unlink(root / "b" / name)
    os.rmdir(root / "b")
    assert [e.title for e in scan_library([root], cache).entries] == ["Stay"]


def test_a_linked_cover_is_used_only_from_inside_the_song_folder(tmp_path: Path) -> None:
    root = tmp_path / "songs"
    _song(root / "in", "In", files=("song.ogg", "real.jpg"))
    (root / "in" / "cover.jpg").symlink_to(root / "in" / "real.jpg")
    _song(root / "out", "Out")
    (tmp_path / "secret.jpg").write_bytes(b"x")
    (root / "out" / "cover.jpg").symlink_to(tmp_path / "secret.jpg")
    by_title = {e.title: e for e in scan_library([root], use_cache=False).entries}
    assert by_title["In"].cover_path == root / "in" / "cover.jpg"
    assert by_title["Out"].cover_path is None


def test_the_generated_benchmark_library_has_covers_backgrounds_and_silent_songs(tmp_path: Path) -> None:
    made = generate_library(tmp_path / "gen", 60)
    scan = scan_library([tmp_path / "gen"], use_cache=False)
    assert sum(not e.playable for e in scan.entries) == made["no_audio"] >= 1
    assert all(e.cover for e in scan.entries)  # by #COVER or by [CO]
    assert sum(1 for e in scan.entries if e.background) == sum(1 for e in scan.entries if "[CO]" in (e.cover or ""))


def test_a_chart_whose_notes_fail_is_listed_by_the_scan_and_caught_by_check(tmp_path: Path, capsys) -> None:
    from alienstage_game.charts.library import check_songs
    from alienstage_game.cli import main as cli_main

    root = tmp_path / "songs"
    _song(root / "good", "Good")
    bad = root / "bad" / "Bad.txt"
    bad.parent.mkdir(parents=True)
    bad.write_text("#TITLE:Bad\n#BPM:200\n#AUDIO:song.ogg\n: 0 4 60 la\n: 9 9 60 la\n")
    (root / "bad" / "song.ogg").write_bytes(b"x")
    scan = scan_library([root], use_cache=False)
    assert {e.title for e in scan.entries} == {"Good", "Bad"}
    bad.write_text("#TITLE:Bad\n#BPM:200\n#AUDIO:song.ogg\n")  # the notes gone since the scan
    checked = check_songs(scan)
    assert [e.title for e in checked.entries] == ["Good"]
    assert [(b.path, b.reason) for b in checked.broken] == [(bad, "no notes: the chart has nothing to sing")]
    assert cli_main(["library", "scan", str(root), "--no-bundled", "--no-settings", "--check", "--json"]) == 0
    out = __import__("json").loads(capsys.readouterr().out)
    assert [s["title"] for s in out["songs"]] == ["Good"] and len(out["broken"]) == 1


def test_an_unchanged_library_is_read_back_whole_and_equal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alienstage_game.charts import library
    from alienstage_game.paths import bundled_levels_dir

    root, cache, away = tmp_path / "songs", tmp_path / "cache.sqlite3", tmp_path / "usb"
    generate_library(root, 30)
    _age(root)
    roots = [bundled_levels_dir(), root, away]  # the levels, a library and an unplugged drive
    full = scan_library(roots, cache)
    walks: list[int] = []
    real = library.find_files
    monkeypatch.setattr(library, "find_files", lambda *a, **k: walks.append(1) or real(*a, **k))
    again = scan_library(roots, cache)
    assert walks == []  # read back whole: nothing was walked
    assert again.entries == full.entries and again.broken == full.broken
    assert any(e.level is not None for e in again.entries) and again.missing_folders == [away]
    away.mkdir()  # the drive is back: its songs must be looked for
    scan_library(roots, cache)
    assert walks == [1]
