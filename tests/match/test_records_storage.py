"""Records on a full disk, a read-only folder and behind another program's lock: every save
path says why (non-zero exit, the reason in plain words, "run it again"), keeps what was
committed before, and saves once the trouble is gone. Real tmpfs mounts, a real lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from alienstage_game.cli import main
from alienstage_game.match import records_file
from alienstage_game.match.contestants import ROSTER
from alienstage_game.match.records import Records, RecordsError, records_path
from alienstage_game.match.season import Season
from storage_mounts import full_disk, read_only

FOUR_CPUS = ["season", "new", "--cpus", "4", "--seed", "7", "--charts", "first-light"]


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def kept() -> tuple[list[str], list[float], list[int]]:
    """Season ids, the highscores and each season's number of results, as the file holds them."""
    with Records.open() as records:
        rows = records.seasons()
        return ([r.id for r in rows], [h.score for h in records.top_scores("song", "easy")],
                [len(records.load_season(r.id).results) for r in rows])


def committed_before() -> None:
    with Records.open() as records:
        Season.new(list(ROSTER)[:4], seed=1, charts=["first-light"], store=records)
        records.add_highscore("song", "easy", "Ana", 1234.0)


def assert_refused(code: int, err: str, reason: str) -> None:
    assert code == 1
    assert reason in err and "run it again" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1  # one line, not a wall of text


@pytest.fixture
def data(alienstage_home: Path) -> Path:
    return alienstage_home / "data"


def test_full_disk_season_new_and_play(data: Path, capsys: pytest.CaptureFixture) -> None:
    with full_disk(data, "1m") as disk:
        committed_before()
        before = kept()
        disk.fill()
        assert_refused(*run(capsys, *FOUR_CPUS), "the disk is full")
        assert_refused(*run(capsys, "season", "play"), "the disk is full")
        with Records.open() as records, pytest.raises(RecordsError, match="the disk is full"):
            records.add_highscore("song", "easy", "Bo", 99.0)
        assert kept() == before
        disk.free()
        assert run(capsys, *FOUR_CPUS)[0] == 0  # the retry the message asked for
        assert run(capsys, "season", "play")[0] == 0
        seasons, scores, results = kept()
        assert len(seasons) == 2 and before[0][0] in seasons and scores == [1234.0]
        assert 3 in results  # the played season: three matches, all kept


def test_read_only_folder_season_new_and_play(data: Path, capsys: pytest.CaptureFixture) -> None:
    with read_only(data) as folder:
        folder.set_read_only(False)
        committed_before()
        before = kept()
        folder.set_read_only(True)
        assert_refused(*run(capsys, *FOUR_CPUS), "read-only")
        assert_refused(*run(capsys, "season", "play"), "read-only")
        folder.set_read_only(False)
        assert kept() == before
        assert run(capsys, *FOUR_CPUS)[0] == 0
        assert len(kept()[0]) == 2


LOCKER = textwrap.dedent("""
    import sqlite3, sys
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    sys.stdin.read()  # hold the lock until the test closes our stdin
""")


def test_locked_records_season_new_and_play(data: Path, capsys: pytest.CaptureFixture,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records_file, "LOCK_WAIT_S", 0.3)
    committed_before()
    before = kept()
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(records_path())], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout.readline().strip() == "locked"
        assert_refused(*run(capsys, *FOUR_CPUS), "locked by another program")
        assert_refused(*run(capsys, "season", "play"), "locked by another program")
    finally:
        locker.stdin.close()
        locker.wait(timeout=10)
    assert kept() == before
    assert run(capsys, "season", "play")[0] == 0
    assert kept()[2] == [3]
