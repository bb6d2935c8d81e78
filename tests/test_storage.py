"""Crash-safe writes: the rename is made durable, a refused write says why in plain words
and leaves the old file, and temp files of killed writes are swept on the next start."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from alienstage_game import paths, storage
from alienstage_game.cli import main
from alienstage_game.storage import StorageError, atomic_write_bytes, sweep_temp_files
from storage_mounts import full_disk, read_only


def test_the_folder_is_fsynced_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst) -> None:
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write_bytes(tmp_path / "scores.json", b"{}")
    assert events == ["fsync file", "rename", "fsync folder"]


def test_a_full_disk_keeps_the_old_file_and_says_so(tmp_path: Path) -> None:
    with full_disk(tmp_path / "disk", "64k") as disk:
        target = disk.path / "settings.json"
        atomic_write_bytes(target, b"old")
        disk.fill()
        with pytest.raises(StorageError) as err:
            atomic_write_bytes(target, b"new" * 40_000)
        assert err.value.reason == "the disk is full" and err.value.path == target
        assert isinstance(err.value, OSError)  # callers that catch OSError still do
        assert target.read_bytes() == b"old"
        assert sorted(p.name for p in disk.path.iterdir()) == [".ballast", "settings.json"]  # no temp left
        disk.free()
        atomic_write_bytes(target, b"new")
        assert target.read_bytes() == b"new"


def test_a_read_only_folder_says_so(tmp_path: Path) -> None:
    with read_only(tmp_path / "ro") as folder:
        with pytest.raises(StorageError) as err:
            atomic_write_bytes(folder.path / "sub" / "file.bin", b"x")
        assert err.value.reason == "the folder is read-only"


def age(path: Path, seconds: float = 60.0) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def made(path: Path, old: bool = True) -> Path:
    path.write_bytes(b"x")
    return age(path) if old else path


def test_the_sweep_removes_only_stale_temp_files_of_our_writes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "autosave" / "a" / "b" / "c").mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    stale = [made(root / ".records.json.k2j_x9a1.tmp"), made(root / "autosave" / ".doc.json.abcd1234.tmp")]
    kept = [made(root / ".settings.json.young123.tmp", old=False),  # a write in progress elsewhere
            made(root / "notes.tmp"), made(root / ".hidden"),       # not our pattern
            made(root / "records.sqlite3"),
            made(root / "autosave" / "a" / "b" / "c" / ".deep.json.abcd1234.tmp"),  # deeper than we look
            made(outside / ".x.json.abcd1234.tmp")]                 # behind a link: not followed
    (root / "link").symlink_to(outside)
    (root / ".dir.json.abcd1234.tmp").mkdir()  # a folder with our name pattern: left alone
    assert sorted(sweep_temp_files([root, tmp_path / "missing"])) == sorted(stale)
    assert not any(p.exists() for p in stale) and all(p.exists() for p in kept)


WRITER = textwrap.dedent("""
    import sys
    from alienstage_game import paths
    from alienstage_game.storage import atomic_write_bytes
    i = 0
    while True:
        i += 1
        folder = (paths.data_dir(), paths.config_dir(), paths.cache_dir() / "library")[i % 3]
        atomic_write_bytes(folder / f"file{i % 5}.bin", b"x" * 300_000)
        if i == 30:
            print("writing", flush=True)
""")


def test_temp_files_of_killed_writes_are_swept_at_the_next_start(alienstage_home: Path) -> None:
    leftovers: set[Path] = set()
    for _ in range(6):  # kill -9 at random instants until some writes were caught mid-way
        child = subprocess.Popen([sys.executable, "-c", WRITER], stdout=subprocess.PIPE, text=True,
                                 env=dict(os.environ, ALIENSTAGE_HOME=str(alienstage_home)))
        assert child.stdout.readline().strip() == "writing"
        time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        leftovers |= {p for p in alienstage_home.rglob("*.tmp")}
    if not leftovers:  # every kill fell between two writes: make the mid-write instant by hand
        leftovers = {paths.cache_dir() / "library" / ".file1.bin.abcdefgh.tmp"}
        next(iter(leftovers)).write_bytes(b"x" * 300_000)
    for path in leftovers:
        age(path)
    keep = sorted(p for p in alienstage_home.rglob("file*.bin"))
    assert main(["season", "contestants"]) == 0  # any start of the game sweeps
    assert list(alienstage_home.rglob("*.tmp")) == []
    assert sorted(p for p in alienstage_home.rglob("file*.bin")) == keep  # the finished files stay
