"""The song library: finding charts, listing broken ones, the SQLite cache, search and sort."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

import alienstage_game.charts as charts
from alienstage_game.bench.scan import generate_library
from alienstage_game.charts.library import (BrokenChart, SortKey, default_cache_path,
                                            scan_library, search_entries, sort_entries)
from alienstage_game.charts.library_files import looks_like_chart
from alienstage_game.cli import main as cli_main
from alienstage_game import settings as settings_module


def chart_text(title: str, artist: str, *, language: str | None = "English", year: int | None = 2031,
               notes: int = 4, duet: bool = False, bpm: str | None = "120") -> str:
    lines = ["#VERSION:1.1.0", f"#TITLE:{title}", f"#ARTIST:{artist}", "#AUDIO:track.ogg", "#COVER:cover.png"]
    if language:
        lines.append(f"#LANGUAGE:{language}")
    if year:
        lines.append(f"#YEAR:{year}")
    if bpm is not None:
        lines.append(f"#BPM:{bpm}")
    lines.append("#GAP:0")
    voices = ("P1", "P2") if duet else (None,)
    for voice in voices:
        if voice:
            lines.append(voice)
        lines += [f": {i * 4} 4 {i % 5} la" for i in range(notes)]
    lines.append("E")
    return "\n".join(lines) + "\n"


def put(root: Path, relative: str, text: str, encoding: str = "utf-8") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A small collection: nested folders, a duet, a readme, a hidden folder, broken charts."""
    root = tmp_path / "songs"
    put(root, "Nova Choir/Nova Choir - Ember Tide/Ember Tide.txt", chart_text("Ember Tide", "Nova Choir", year=2040))
    put(root, "Nova Choir/Nova Choir - Glass Harbor/song.txt", chart_text("Glass Harbor", "Nova Choir", language="German", year=2035))
    put(root, "deep/a/b/c/Velvet Comet.txt", chart_text("Velvet Comet", "The Lanterns", language=None, year=None, notes=12))
    put(root, "Duets/Two Moons.txt", chart_text("Two Moons", "Ana & Bo", duet=True, notes=6, language="French", year=2029))
    put(root, "Duets/readme.txt", "These duets were charted by hand. Enjoy!\n")
    put(root, "Duets/track.ogg", "not really audio")
    put(root, ".hidden/Secret.txt", chart_text("Secret", "Nobody"))
    put(root, "Broken/No Tempo.txt", chart_text("No Tempo", "Lost Band", bpm=None))
    put(root, "Broken/Silent.txt", chart_text("Silent", "Lost Band", notes=0))
    return root


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "library.sqlite3"


def titles(scan) -> list[str]:
    return sorted(entry.title for entry in scan.entries)


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Wrap the chart reader so a test can see which files were parsed."""
    from alienstage_game.charts import glance

    calls: list[Path] = []
    real = glance.glance_song

    def counting(data: bytes, path=None):
        calls.append(Path(path))
        return real(data, path)

    monkeypatch.setattr(glance, "glance_song", counting)
    return calls


def touch_later(path: Path, text: str) -> None:
    """Rewrite ``path`` and move its mtime on, so even a same-size edit is noticed."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


# -- finding and reading -------------------------------------------------------------------
def test_finds_charts_in_nested_folders(library: Path, cache: Path) -> None:
    scan = scan_library([library], cache)
    assert titles(scan) == ["Ember Tide", "Glass Harbor", "Two Moons", "Velvet Comet"]
    velvet = next(e for e in scan.entries if e.title == "Velvet Comet")
    assert velvet.path == library / "deep/a/b/c/Velvet Comet.txt"
    assert velvet.artist == "The Lanterns"
    assert velvet.language is None and velvet.year is None
    assert velvet.audio_path == velvet.path.parent / "track.ogg"
    assert velvet.cover_path is None  # named but not there: the browser draws its placeholder
    assert velvet.audio_problem == "the audio file 'track.ogg' is missing" and not velvet.playable
    assert velvet.bpm == 120.0
    # 12 notes of 4 beats at 120 BPM (125 ms per beat): the last ends at beat 48 = 6 s.
    assert velvet.duration_ms == pytest.approx(6000.0)
    duet = next(e for e in scan.entries if e.title == "Two Moons")
    assert duet.is_duet and duet.voices == 2
    assert not any(e.is_duet for e in scan.entries if e is not duet)
    assert scan.counts["songs"] == 4 and scan.counts["duets"] == 1


def test_broken_charts_are_listed_with_reasons(library: Path, cache: Path) -> None:
    scan = scan_library([library], cache)
    assert [b.path.name for b in scan.broken] == ["No Tempo.txt", "Silent.txt"]
    for broken in scan.broken:
        assert broken.reason
        assert str(broken) == f"{broken.path}:{broken.line}: {broken.reason}"
    # The reasons are the chart reader's own.
    for broken in scan.broken:
        with pytest.raises(charts.ChartError) as caught:
            charts.load_song(broken.path)
        assert (broken.line, broken.reason) == (caught.value.line, caught.value.message)


def test_readmes_and_hidden_folders_are_not_songs(library: Path, cache: Path) -> None:
    scan = scan_library([library], cache)
    paths = {e.path for e in scan.entries} | {b.path for b in scan.broken}
    assert library / "Duets/readme.txt" not in paths
    assert not any(".hidden" in str(p) for p in paths)


def test_utf16_chart_is_recognised(tmp_path: Path, cache: Path) -> None:
    root = tmp_path / "songs"
    put(root, "wide.txt", "\ufeff" + chart_text("Wide Sky", "Sixteen"), encoding="utf-16-le")
    assert looks_like_chart((root / "wide.txt").read_bytes()[:64])
    assert titles(scan_library([root], cache)) == ["Wide Sky"]


@pytest.mark.parametrize("head, is_chart", [
    (b"#TITLE:x\n#BPM:1", True),
    (b"\xef\xbb\xbf#TITLE:x", True),  # UTF-8 BOM
    (b"#title : lower case\r#bpm:300\r", True),  # CR newlines, any case
    (b"\n\n  # ARTIST:spaced\n", True),
    ("\ufeff#TITLE:wide".encode("utf-16-be"), True),
    (b"Lyrics of my favourite song\nla la la #TITLE: not at a line start", False),
    (b"#COMMENT: a hash line is not enough", False),
    (b"\x00\x01\x02binary", False),
    (b"", False),
])
def test_chart_sniffing(head: bytes, is_chart: bool) -> None:
    assert looks_like_chart(head) is is_chart


def test_missing_folder_is_reported_not_fatal(tmp_path: Path, library: Path, cache: Path) -> None:
    scan = scan_library([tmp_path / "nowhere", library], cache)
    assert scan.missing_folders == [tmp_path / "nowhere"]
    assert len(scan.entries) == 4


def test_links_inside_are_walked_once_and_links_out_not_at_all(tmp_path: Path, library: Path, cache: Path) -> None:
    os.symlink(library / "Nova Choir", library / "deep/a/loop-to-sibling")
    os.symlink(library / "deep", library / "deep/a/b/loop-to-ancestor")
    outside = tmp_path / "outside"
    put(outside, "Far.txt", chart_text("Far", "Linked"))
    os.symlink(outside, library / "linked-out")
    os.symlink(outside, outside / "self-loop")
    scan = scan_library([library, library / "Duets", library], cache)  # nested and repeated
    # A link out of the library's tree is never followed, but it is named.
    assert titles(scan) == ["Ember Tide", "Glass Harbor", "Two Moons", "Velvet Comet"]
    assert len(scan.broken) == 3
    linked = next(b for b in scan.broken if b.path == library / "linked-out")
    assert "outside the song folder" in linked.reason and "not followed" in linked.reason


def test_unplugged_folder_keeps_its_cache(tmp_path: Path, library: Path, cache: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    scan_library([library], cache)
    library.rename(tmp_path / "unplugged")
    assert scan_library([library], cache).missing_folders == [library]
    (tmp_path / "unplugged").rename(library)
    calls = count_parses(monkeypatch)
    assert len(scan_library([library], cache).entries) == 4
    assert calls == []


def test_progress_reports_reading(library: Path, cache: Path) -> None:
    seen = []
    scan_library([library], cache, progress=seen.append)
    reading = [p for p in seen if p.stage == "reading"]
    assert reading and reading[-1].done == reading[-1].total == 7  # 6 charts + the readme


def test_process_pool_reads_the_same(library: Path, tmp_path: Path) -> None:
    serial = scan_library([library], tmp_path / "a.sqlite3", workers=1)
    pooled = scan_library([library], tmp_path / "b.sqlite3", workers=2)
    assert pooled.entries == serial.entries
    assert pooled.broken == serial.broken


# -- the cache -----------------------------------------------------------------------------
def test_warm_scan_parses_nothing(library: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_parses(monkeypatch)
    cold = scan_library([library], cache)
    assert len(calls) == 6  # every chart, broken ones included; the readme is only sniffed
    calls.clear()
    warm = scan_library([library], cache)
    assert calls == []
    assert (warm.parsed, warm.cached) == (0, 6)
    assert warm.entries == cold.entries
    assert warm.broken == cold.broken


def test_edited_chart_is_read_again(library: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scan_library([library], cache)
    chart = library / "Nova Choir/Nova Choir - Ember Tide/Ember Tide.txt"
    touch_later(chart, chart_text("Ember Tide (Live)", "Nova Choir", notes=8))
    calls = count_parses(monkeypatch)
    scan = scan_library([library], cache)
    assert calls == [chart]
    assert "Ember Tide (Live)" in titles(scan) and "Ember Tide" not in titles(scan)
    assert next(e for e in scan.entries if e.path == chart).duration_ms == pytest.approx(4000.0)


def test_same_size_edit_is_noticed_by_mtime(library: Path, cache: Path) -> None:
    scan_library([library], cache)
    chart = library / "Duets/Two Moons.txt"
    text = chart.read_text()
    touch_later(chart, text.replace("Two Moons", "Two Mooms"))
    assert "Two Mooms" in titles(scan_library([library], cache))


def test_chart_that_breaks_moves_to_broken_and_back(library: Path, cache: Path) -> None:
    scan_library([library], cache)
    chart = library / "Nova Choir/Nova Choir - Glass Harbor/song.txt"
    good = chart.read_text()
    touch_later(chart, good.replace("#BPM:120\n", ""))
    scan = scan_library([library], cache)
    assert "Glass Harbor" not in titles(scan)
    assert chart in [b.path for b in scan.broken]
    touch_later(chart, good)
    scan = scan_library([library], cache)
    assert "Glass Harbor" in titles(scan)
    assert chart not in [b.path for b in scan.broken]


def test_deleted_chart_disappears(library: Path, cache: Path) -> None:
    scan_library([library], cache)
    chart = library / "deep/a/b/c/Velvet Comet.txt"
    chart.unlink()
    scan = scan_library([library], cache)
    assert "Velvet Comet" not in titles(scan)
    assert scan.removed == 1
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT count(*) FROM files WHERE path = ?", (str(chart),)).fetchone() == (0,)


def test_new_chart_appears(library: Path, cache: Path) -> None:
    scan_library([library], cache)
    put(library, "Late/Arrival.txt", chart_text("Arrival", "Latecomers"))
    scan = scan_library([library], cache)
    assert "Arrival" in titles(scan)
    assert (scan.parsed, scan.cached) == (1, 6)


def test_other_folders_keep_their_cache(tmp_path: Path, library: Path, cache: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "more"
    put(other, "x/Far Away.txt", chart_text("Far Away", "Elsewhere"))
    scan_library([library, other], cache)
    scan_library([other], cache)  # scanning one folder must not forget the other
    calls = count_parses(monkeypatch)
    scan = scan_library([library, other], cache)
    assert calls == [] and len(scan.entries) == 5


@pytest.mark.parametrize("garbage", [b"this is not a database at all" * 100, b"", b"SQLite format 3\x00" + b"\x07" * 3000])
def test_corrupt_cache_is_rebuilt(library: Path, cache: Path, garbage: bytes,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_bytes(garbage)
    scan = scan_library([library], cache)
    assert len(scan.entries) == 4 and len(scan.broken) == 2
    calls = count_parses(monkeypatch)
    warm = scan_library([library], cache)  # the rebuilt cache works
    assert calls == [] and warm.entries == scan.entries


def test_cache_from_another_schema_is_rebuilt(library: Path, cache: Path) -> None:
    cache.parent.mkdir(parents=True)
    with sqlite3.connect(cache) as db:
        db.execute("CREATE TABLE files (path TEXT, stuff BLOB)")
        db.execute("PRAGMA user_version = 99")
    assert len(scan_library([library], cache).entries) == 4
    assert len(scan_library([library], cache).entries) == 4


def test_default_cache_lives_in_the_user_cache_folder(library: Path, alienstage_home: Path) -> None:
    scan_library([library])
    assert default_cache_path().is_file()
    assert alienstage_home in default_cache_path().parents


def test_song_library_uses_bundled_levels_and_settings(library: Path) -> None:
    from alienstage_game.charts.library import SongLibrary
    from alienstage_game.paths import bundled_levels_dir

    settings_module.save(settings_module.Settings(song_folders=[library]))
    song_library = SongLibrary.from_settings()
    assert song_library.folders == [bundled_levels_dir(), library]
    assert song_library.entries == []
    scan = song_library.refresh()
    assert song_library.entries == scan.entries
    assert {"Ember Tide", "Velvet Comet"} <= set(titles(scan))
    assert any(e.level is not None for e in scan.entries)  # the bundled levels


# -- level packs ---------------------------------------------------------------------------
LEVEL_TOML = """[level]
id = "{id}"
title = "{title}"
mode = "{mode}"
difficulty = 3
stage_theme = "nebula"

[credits]
music = "alienstage studio"
lyrics = "alienstage studio"
chart = "alienstage studio"
licence = "CC-BY-4.0"
"""


def test_level_metadata_is_attached(tmp_path: Path, cache: Path) -> None:
    root = tmp_path / "levels"
    put(root, "ember/song.txt", chart_text("Ember", "alienstage studio"))
    put(root, "ember/level.toml", LEVEL_TOML.format(id="ember", title="Ember Night", mode="battle"))
    put(root, "plain/Plain.txt", chart_text("Plain", "Someone"))
    scan = scan_library([root], cache)
    ember = next(e for e in scan.entries if e.title == "Ember")
    assert ember.level is not None and ember.level.id == "ember"
    assert ember.display_title == "Ember Night"
    assert ember.to_json()["level"]["mode"] == "battle"
    assert next(e for e in scan.entries if e.title == "Plain").level is None
    assert scan.counts["levels"] == 1


def test_level_problems_are_listed_as_broken(tmp_path: Path, cache: Path) -> None:
    root = tmp_path / "levels"
    put(root, "a/song.txt", chart_text("A", "Studio"))
    put(root, "a/level.toml", LEVEL_TOML.format(id="same", title="A", mode="solo"))
    put(root, "b/song.txt", chart_text("B", "Studio"))
    put(root, "b/level.toml", LEVEL_TOML.format(id="same", title="B", mode="solo"))
    put(root, "c/song.txt", chart_text("C", "Studio"))
    put(root, "c/level.toml", LEVEL_TOML.format(id="c", title="C", mode="duet"))
    put(root, "d/song.txt", chart_text("D", "Studio"))
    put(root, "d/level.toml", LEVEL_TOML.format(id="d", title="D", mode="solo").replace("difficulty = 3", "difficulty = 9"))
    scan = scan_library([root], cache)
    assert scan.broken == [
        BrokenChart(root / "b/level.toml", 2, f"level id 'same' is already used by {root / 'a/level.toml'}"),
        BrokenChart(root / "c/level.toml", 4, "mode is 'duet' but song.txt has only one voice"),
        BrokenChart(root / "d/level.toml", 5, "difficulty 9 is outside 1..5"),
    ]
    # The charts themselves still play, just without level metadata.
    assert [(e.title, e.level is not None) for e in sort_entries(scan.entries, SortKey.TITLE)] == [
        ("A", True), ("B", False), ("C", False), ("D", False)]


def test_bundled_levels_scan_cleanly(cache: Path) -> None:
    from alienstage_game.paths import bundled_levels_dir

    scan = scan_library([bundled_levels_dir()], cache)
    assert scan.broken == []
    assert scan.entries and all(e.level is not None for e in scan.entries)


# -- search and sort -----------------------------------------------------------------------
def test_search_matches_every_word_in_title_or_artist(library: Path, cache: Path) -> None:
    entries = scan_library([library], cache).entries
    found = lambda q: sorted(e.title for e in search_entries(entries, q))  # noqa: E731
    assert found("nova") == ["Ember Tide", "Glass Harbor"]
    assert found("NOVA harb") == ["Glass Harbor"]  # words may match title and artist
    assert found("harbor ember") == []  # every word must match
    assert found("  ") == found("") == sorted(e.title for e in entries)
    assert found("ana & bo") == ["Two Moons"]
    assert found("omet") == ["Velvet Comet"]  # substrings count


def test_sort_orders(library: Path, cache: Path) -> None:
    scan = scan_library([library], cache)
    by = lambda key, descending=False: [e.title for e in scan.sorted(key, descending)]  # noqa: E731
    assert by(SortKey.ARTIST) == ["Two Moons", "Ember Tide", "Glass Harbor", "Velvet Comet"]
    assert by("title") == ["Ember Tide", "Glass Harbor", "Two Moons", "Velvet Comet"]
    assert by("title", descending=True) == ["Velvet Comet", "Two Moons", "Glass Harbor", "Ember Tide"]
    # Songs without a language or year go last, whichever the direction.
    assert by(SortKey.LANGUAGE) == ["Ember Tide", "Two Moons", "Glass Harbor", "Velvet Comet"]
    assert by(SortKey.YEAR) == ["Two Moons", "Glass Harbor", "Ember Tide", "Velvet Comet"]
    assert by(SortKey.YEAR, True) == ["Ember Tide", "Glass Harbor", "Two Moons", "Velvet Comet"]
    assert by(SortKey.DURATION) == ["Ember Tide", "Glass Harbor", "Two Moons", "Velvet Comet"]
    assert scan.entries == scan.sorted(SortKey.ARTIST)  # a scan lists songs by artist


# -- the generated benchmark library and the command line ----------------------------------
def test_generated_benchmark_library_scans_as_generated(tmp_path: Path, cache: Path) -> None:
    made = generate_library(tmp_path / "gen", 40)
    scan = scan_library([tmp_path / "gen"], cache)
    assert len(scan.entries) == made["songs"] - made["broken"]
    assert len(scan.broken) == made["broken"] >= 1
    assert any(e.is_duet for e in scan.entries) and any(not e.is_duet for e in scan.entries)


def test_cli_scan_json(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["library", "scan", str(library), "--json", "--no-bundled"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert sorted(s["title"] for s in out["songs"]) == ["Ember Tide", "Glass Harbor", "Two Moons", "Velvet Comet"]
    assert {"path", "title", "artist", "language", "year", "duration_ms", "is_duet", "voices",
            "audio", "cover", "bpm", "level"} <= set(out["songs"][0])
    assert [Path(b["path"]).name for b in out["broken"]] == ["No Tempo.txt", "Silent.txt"]
    assert all(set(b) == {"path", "line", "reason"} for b in out["broken"])
    assert out["cached"] == 0 and out["seconds"] >= 0
    assert cli_main(["library", "scan", str(library), "--json", "--no-bundled"]) == 0
    assert json.loads(capsys.readouterr().out)["cached"] == 6


def test_cli_scan_text_uses_settings_folders(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings_module.save(settings_module.Settings(song_folders=[library]))
    assert cli_main(["library", "scan", "--no-bundled"]) == 0
    out = capsys.readouterr().out
    assert "Nova Choir - Glass Harbor" in out
    assert f"{library / 'Broken/No Tempo.txt'}:" in out
    assert "4 songs, 2 broken" in out


def test_cli_scan_rejects_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["library", "scan", str(tmp_path / "nope"), "--no-bundled"]) == 1
    assert "not a folder" in capsys.readouterr().err
