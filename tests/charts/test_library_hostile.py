"""A song pack from a stranger: FIFOs, link loops, a link to /, names that are not UTF-8, a
50 MB chart, an endless tempo, hostile level.toml files and media outside the folder. The
scan lists the good songs, names every bad file with its reason and finishes in bounded
time; runs that could hang do so in a subprocess or a thread with a timeout, so a
regression fails instead of freezing the suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from alienstage_game.charts import glance, library_files, load_song
from alienstage_game.charts.library import scan_library
from alienstage_game.charts.media import MediaStatus, media_file, media_problems
from alienstage_game.cli import main as cli_main

GOOD = "#TITLE:{title}\n#ARTIST:Strangers\n#BPM:120\n#GAP:0\n{extra}: 0 4 0 la\n: 4 4 2 lo\nE\n"
LEVEL = """[level]
id = "{id}"
title = "A level"
mode = "solo"
difficulty = 2
stage_theme = "nebula"
[credits]
music = "x"
lyrics = "x"
chart = "x"
licence = "CC0"
"""
NON_UTF8 = b"caf\xe9 \xff"  # Latin-1 bytes in a folder name: not UTF-8


def chart(title: str, extra: str = "") -> str:
    return GOOD.format(title=title, extra=extra)


def put(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def build_hostile_library(tmp_path: Path) -> Path:
    root = tmp_path / "songs"
    outside = tmp_path / "outside"  # a FIFO here would block anyone who opened it
    outside.mkdir()
    os.mkfifo(outside / "trap.ogg")
    put(outside, "Elsewhere.txt", chart("Elsewhere"))

    put(root / "good", "song.txt", chart("Good One"))
    (root / "fifo-song").mkdir(parents=True)
    os.mkfifo(root / "fifo-song" / "song.txt")
    put(root / "fifo-cover", "song.txt", chart("Fifo Cover", "#COVER:cover.png\n"))
    os.mkfifo(root / "fifo-cover" / "cover.png")
    os.symlink(root, root / "good" / "loop")  # back to the root: a loop
    os.symlink("/", root / "everything")  # must never walk the filesystem
    os.symlink(outside, root / "linked-out")
    os.symlink(outside / "Elsewhere.txt", root / "good" / "elsewhere.txt")
    strange = os.path.join(os.fsencode(root), NON_UTF8)
    os.mkdir(strange)
    with open(os.path.join(strange, b"song.txt"), "w", encoding="utf-8") as handle:
        handle.write(chart("Strange Name"))
    big = root / "big" / "song.txt"
    big.parent.mkdir()
    with open(big, "w", encoding="utf-8") as handle:
        handle.write("#TITLE:Huge\n#ARTIST:x\n#BPM:120\n#GAP:0\n")
        line = ": 0 1 0 la\n" * 100_000
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(line)
    put(root / "endless", "song.txt", chart("Endless").replace("#BPM:120", "#BPM:1e-320"))
    put(root / "deep-level", "song.txt", chart("Deep Level"))
    put(root / "deep-level", "level.toml", LEVEL.format(id="deep") + "x = " + "[" * 5000 + "]" * 5000 + "\n")
    put(root / "huge-number", "song.txt", chart("Huge Number"))
    put(root / "huge-number", "level.toml", LEVEL.format(id="huge").replace("difficulty = 2", "difficulty = " + "9" * 5000))
    put(root / "escape", "song.txt", chart("Escape", "#AUDIO:../../../../etc/passwd\n#VIDEO:../../outside/trap.ogg\n"))
    put(root / "device", "song.txt", chart("Device", "#AUDIO:/dev/zero\n"))
    return root


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return build_hostile_library(tmp_path)


def scan_in_subprocess(root: Path, home: Path, timeout: float = 120.0) -> dict:
    code = ("import sys; from alienstage_game.cli import main; "
            "sys.exit(main(['library', 'scan', '--json', '--no-bundled', '--no-settings', sys.argv[1]]))")
    env = dict(os.environ, ALIENSTAGE_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, timeout=timeout, env=env,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return json.loads(done.stdout)


def reasons(scan: dict) -> dict[str, str]:
    return {b["path"]: b["reason"] for b in scan["broken"]}


def test_hostile_library_scan_finishes_and_names_every_bad_file(hostile: Path, alienstage_home: Path) -> None:
    started = time.monotonic()
    out = scan_in_subprocess(hostile, alienstage_home)
    assert time.monotonic() - started < 60  # a walk of / took 164 s; the FIFOs blocked forever
    titles = sorted(song["title"] for song in out["songs"])
    # A chart beside a broken level.toml is still a song; the level.toml is listed.
    assert titles == ["Deep Level", "Device", "Escape", "Fifo Cover", "Good One", "Huge Number", "Strange Name"]
    assert all(entry["path"].startswith(str(hostile)) for entry in out["songs"] + out["broken"])
    why = reasons(out)
    assert "named pipe" in why[str(hostile / "fifo-song" / "song.txt")]
    assert "too large" in why[str(hostile / "big" / "song.txt")]
    assert str(hostile / "endless" / "song.txt") in why
    assert "nested too deeply" in why[str(hostile / "deep-level" / "level.toml")]
    assert "TOML" in why[str(hostile / "huge-number" / "level.toml")]
    assert "outside the song folder" in why[str(hostile / "everything")]
    assert "outside the song folder" in why[str(hostile / "linked-out")]
    assert "outside the song folder" in why[str(hostile / "good" / "elsewhere.txt")]
    strange = next(song for song in out["songs"] if song["title"] == "Strange Name")
    assert "\ufffd" in strange["path"]  # shown with replacement characters
    # Media that are not regular files inside the folder are not offered to the player.
    by_title = {song["title"]: song for song in out["songs"]}
    assert by_title["Fifo Cover"]["cover"] is None
    assert by_title["Escape"]["audio"] is None and by_title["Device"]["audio"] is None


def run_with_timeout(work, seconds: float = 60.0):
    result: list = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the scan did not finish in time"
    return result[0]


def test_name_that_is_not_utf8_is_cached_and_playable(hostile: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite3"
    for attempt in ("cold", "warm"):  # the second scan reads the SQLite row back
        scan = run_with_timeout(lambda: scan_library([hostile], cache))
        entry = next(e for e in scan.entries if e.title == "Strange Name")
        assert os.fsencode(entry.path).endswith(NON_UTF8 + b"/song.txt"), attempt
        assert load_song(entry.path).title == "Strange Name"
    assert scan.cached >= 5 and scan.parsed == 0


def test_endless_tempo_is_listed_not_fatal(hostile: Path, tmp_path: Path) -> None:
    scan = run_with_timeout(lambda: scan_library([hostile], tmp_path / "cache.sqlite3"))
    endless = next(b for b in scan.broken if b.path == hostile / "endless" / "song.txt")
    assert "1e-320" in endless.reason


def test_a_song_of_infinite_length_is_listed_even_if_the_reader_lets_it_through(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(tmp_path / "songs" / "forever", "song.txt", chart("Forever"))
    monkeypatch.setattr(glance.ChartGlance, "duration_ms", property(lambda song: float("inf")))
    scan = scan_library([tmp_path / "songs"], use_cache=False)
    assert scan.entries == []
    assert ["would last inf ms" in b.reason for b in scan.broken] == [True]


def test_cached_rows_with_infinite_numbers_never_reach_the_browser(tmp_path: Path) -> None:
    from alienstage_game.charts.library_cache import FileRecord, SongCache
    from alienstage_game.charts.library_files import SONG

    cache = tmp_path / "cache.sqlite3"
    paths = [put(tmp_path / "songs" / name, "song.txt", chart(name)) for name in ("Endless", "Short")]
    rows = [FileRecord(str(p), p.stat().st_size, p.stat().st_mtime_ns, SONG, title=p.parent.name, artist="x",
                       duration_ms=float("inf") if p.parent.name == "Endless" else 1000.0, voices=1,
                       bpm=float("inf")) for p in paths]
    with SongCache(cache) as remembered:  # an older game wrote these rows
        assert remembered.update(rows, [])
    scan = scan_library([tmp_path / "songs"], cache)
    assert scan.cached == 2 and scan.parsed == 0
    assert {e.title: (e.duration_ms, e.bpm) for e in scan.entries} == {"Endless": (0.0, None), "Short": (1000.0, None)}
    assert [e.title for e in scan.sorted("duration", descending=True)] == ["Short", "Endless"]


def test_a_reader_that_fails_unexpectedly_costs_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(tmp_path / "songs" / "a", "song.txt", chart("Fine"))
    put(tmp_path / "songs" / "b", "song.txt", chart("Cursed"))
    real = glance.glance_song

    def cursed(data: bytes, path=None):
        if b"Cursed" in data:
            raise ZeroDivisionError("a bug in the reader")
        return real(data, path)

    monkeypatch.setattr(glance, "glance_song", cursed)
    scan = scan_library([tmp_path / "songs"], use_cache=False)
    assert [e.title for e in scan.entries] == ["Fine"]
    assert [b.reason for b in scan.broken] == ["internal error reading this chart: ZeroDivisionError"]


def test_a_slow_chart_costs_its_time_budget_not_the_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    slow = put(tmp_path / "songs" / "slow", "song.txt", chart("Slow") + "#" * (library_files.UNWATCHED_BYTES + 1))
    put(tmp_path / "songs" / "fast", "song.txt", chart("Fast"))
    real = glance.glance_song

    def sleepy(data: bytes, path=None):
        if b"Slow" in data:
            time.sleep(600)
        return real(data, path)

    monkeypatch.setattr(glance, "glance_song", sleepy)  # a forked worker inherits it
    monkeypatch.setattr(library_files, "_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(library_files, "FILE_BUDGET_S", 1.0)
    started = time.monotonic()
    scan = run_with_timeout(lambda: scan_library([tmp_path / "songs"], use_cache=False), 30)
    assert time.monotonic() - started < 10
    assert [e.title for e in scan.entries] == ["Fast"]
    assert [(b.path, "took over 1 s" in b.reason) for b in scan.broken] == [(slow, True)]


def test_media_outside_the_folder_are_never_opened(hostile: Path) -> None:
    escape = load_song(hostile / "escape" / "song.txt")
    assert media_file(escape, "AUDIO").status is MediaStatus.OUTSIDE
    assert media_file(escape, "VIDEO").status is MediaStatus.OUTSIDE  # a FIFO outside: not even stat'ed
    device = load_song(hostile / "device" / "song.txt")
    assert [p.key for p in media_problems(device)] == ["AUDIO"]
    cover = load_song(hostile / "fifo-cover" / "song.txt")
    found = media_file(cover, "COVER")
    assert found.status is MediaStatus.NOT_REGULAR and "named pipe" in found.reason
    good = put(hostile / "good", "song.txt", chart("Good One", "#AUDIO:track.ogg\n"))
    (good.parent / "track.ogg").write_bytes(b"OggS")
    assert media_file(load_song(good), "AUDIO").usable == good.parent / "track.ogg"


def test_validate_reports_escaping_media(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main(["chart", "validate", str(hostile / "escape" / "song.txt"), str(hostile / "device" / "song.txt")])
    out = capsys.readouterr().out
    assert code == 0  # warnings, not errors: the chart can still be sung without its audio
    assert f"{hostile / 'escape' / 'song.txt'}:5: #AUDIO '../../../../etc/passwd' is outside the song's folder" in out
    assert "#VIDEO '../../outside/trap.ogg' is outside" in out
    assert f"{hostile / 'device' / 'song.txt'}:5: #AUDIO '/dev/zero' is outside the song's folder" in out


def test_song_browser_renders_the_hostile_library(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row and its details drawn headless (the FIFO cover included) without a freeze."""
    pygame = pytest.importorskip("pygame")
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    from alienstage_game.ui.app import App
    from alienstage_game.ui.scenes.library import LibraryScene
    from alienstage_game.ui.input import Action

    app = App()
    try:
        scene = LibraryScene(folders=[hostile])
        app.push(scene)
        deadline = time.monotonic() + 60
        while scene.scan is None and time.monotonic() < deadline:
            app.step(1 / 60)
            time.sleep(0.005)
        assert scene.scan is not None and scene.scan_error is None
        app.step(1 / 60)
        assert len(scene.rows) == len(scene.scan.entries) + len(scene.scan.broken) >= 15
        started = time.monotonic()
        shown = []
        for _ in scene.rows:
            app.step(1 / 60)
            shown.append(scene.current)
            if scene.current.path == hostile / "fifo-cover" / "song.txt":
                for _ in range(45):  # rest on it: the preview and the cover are tried
                    app.step(1 / 60)
            scene.handle(Action.DOWN)
        assert time.monotonic() - started < 20
        assert len({str(row.path) for row in shown}) == len(scene.rows)
        strange = next(i for i, row in enumerate(scene.rows) if getattr(row, "title", "") == "Strange Name")
        scene.selected = strange
        for _ in range(30):
            app.step(1 / 60)
        shots = Path("/tmp/alienstage-shots/library")
        shots.mkdir(parents=True, exist_ok=True)
        app.screenshot(shots / "hostile-strange-name.png")
        scene.selected = next(i for i, row in enumerate(scene.rows) if row.path == hostile / "big" / "song.txt")
        for _ in range(30):
            app.step(1 / 60)
        app.screenshot(shots / "hostile-too-large.png")
        assert (shots / "hostile-too-large.png").stat().st_size > 0
    finally:
        app.close()
