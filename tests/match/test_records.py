"""Records: schema and migrations, highscores, history, seasons, crash safety, corrupt files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from alienstage_game.match.contestants import ROSTER, Contestant
from alienstage_game.match.migrations import LATEST_VERSION, MIGRATIONS, Migration, migrate, schema_version
from alienstage_game.match.records import Records, RecordsError, chart_key_for, records_path
from alienstage_game.match.season import MatchResult, Season, SeasonStatus
from alienstage_game.scoring import Difficulty

LEVELS = Path(__file__).resolve().parents[2] / "levels"


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_opens_in_the_data_dir_with_the_latest_schema(alienstage_home: Path) -> None:
    with Records.open() as records:
        assert records.path == alienstage_home / "data" / "records.sqlite3" == records_path()
        assert records.notice is None
        assert records.schema_version == LATEST_VERSION
        mode = records._conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
    assert {"profiles", "highscores", "matches", "seasons"} <= tables(records_path())
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))


def test_profiles() -> None:
    with Records.open() as records:
        ana = records.add_profile("Ana", (10, 20, 30))
        assert records.add_profile("ANA", (1, 1, 1)) == ana  # names are unique, any case
        records.add_profile("Bo")
        assert [p.name for p in records.profiles()] == ["Ana", "Bo"]
        assert records.profile("ana").colour == (10, 20, 30)
        assert records.profile("nobody") is None
        assert ana.contestant() == Contestant.human("Ana", (10, 20, 30), profile_id=ana.id)
        with pytest.raises(ValueError):
            records.add_profile("  ")


def test_highscores_rank_and_top_ten() -> None:
    with Records.open() as records:
        ranks = [records.add_highscore("first-light", Difficulty.MEDIUM, f"p{i}", s)
                 for i, s in enumerate([5000, 7000, 6000, 7000, 100, 9000])]
        assert ranks == [1, 1, 2, 2, 5, 1]  # a tie ranks below the earlier equal score
        for i in range(10):
            records.add_highscore("first-light", "medium", "filler", 50 + i)
        records.add_highscore("first-light", Difficulty.HARD, "hard-one", 9999)
        records.add_highscore("slow-orbit", Difficulty.MEDIUM, "other", 9999)
        top = records.top_scores("first-light", Difficulty.MEDIUM)
        assert len(top) == 10
        assert [(h.rank, h.player, h.score) for h in top[:5]] == [
            (1, "p5", 9000), (2, "p1", 7000), (3, "p3", 7000), (4, "p2", 6000), (5, "p0", 5000)]
        assert [h.score for h in top] == sorted((h.score for h in top), reverse=True)
        assert all(h.difficulty is Difficulty.MEDIUM for h in top)
        assert [h.player for h in records.top_scores("first-light", "hard")] == ["hard-one"]
        assert records.personal_best("first-light", "medium", "p1") == 7000
        assert records.charts_with_scores() == ["first-light", "slow-orbit"]
        with pytest.raises(ValueError):
            records.add_highscore("x", "impossible", "p", 1)


def test_chart_key_is_the_level_id_for_levels(tmp_path: Path) -> None:
    key, digest = chart_key_for(LEVELS / "first-light" / "song.txt")
    assert key == "first-light" and len(digest) == 16
    loose = tmp_path / "song.txt"
    loose.write_text("#TITLE:x\n")
    assert chart_key_for(loose) == (loose.resolve().as_posix(), chart_key_for(loose)[1])
    loose.write_text("#TITLE:y\n")
    assert chart_key_for(loose)[1] != digest


def test_match_history() -> None:
    with Records.open() as records:
        result = MatchResult("duel", "human:ana", "vela-nox", {"human:ana": 8000, "vela-nox": 7000},
                             reason="score", chart="first-light", details={"vote": 0.4})
        records.record_match(result, names={"human:ana": "Ana", "vela-nox": "Vela Nox"})
        (row,) = records.matches()
        assert (row.winner_name, row.loser_name, row.winner_score, row.loser_score) == ("Ana", "Vela Nox", 8000, 7000)
        assert row.details == {"vote": 0.4} and row.season_id is None


def play_some(season: Season, n: int | None = None) -> None:
    played = 0
    while (m := season.next_match()) is not None and (n is None or played < n):
        winner = min(m.a, m.b)  # a fixed rule: the same on every run
        season.record_result(m.id, winner, {m.a: 6000.0 + len(m.a), m.b: 5000.0 + len(m.b)})
        played += 1


def test_season_survives_a_restart_and_past_seasons_are_kept() -> None:
    field = [Contestant.human("Ana"), *ROSTER[:4]]
    records = Records.open()
    season = Season.new(field, charts=["first-light"], seed=3, store=records)
    play_some(season, 2)
    records.close()  # the game quits

    records = Records.open()
    resumed = records.active_season()
    assert resumed is not None and resumed.id == season.id
    assert resumed.to_dict() == season.to_dict()
    play_some(resumed)  # keeps saving into the reopened records
    season.store = None  # its records were closed: continue it in memory, for comparison
    play_some(season)
    assert resumed.bracket == season.bracket and resumed.champion == season.champion
    records.close()

    records = Records.open()
    assert records.active_season() is None
    (row,) = records.seasons()
    assert row.status is SeasonStatus.FINISHED and row.champion == season.champion.name
    assert records.load_season(season.id).finished
    history = records.matches(season_id=season.id)
    assert sorted(r.match_id for r in history) == sorted(r.match_id for r in season.results)
    assert all(r.winner_name in {c.name for c in field} for r in history)
    second = Season.new(list(ROSTER[:3]), seed=1, store=records)
    assert [r.id for r in records.seasons()] == [second.id, season.id]
    assert [r.id for r in records.seasons(SeasonStatus.FINISHED)] == [season.id]
    records.save_season(resumed, resumed.results[-1])  # saving twice never duplicates history
    assert len(records.matches(season_id=season.id)) == len(season.results)
    with pytest.raises(KeyError):
        records.load_season("missing")
    records.close()


def test_migrates_an_older_file_keeping_its_rows(alienstage_home: Path) -> None:
    path = records_path()
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path, isolation_level=None)
    assert migrate(db, target=1) == [1]
    db.execute("INSERT INTO profiles (name, colour, created_at) VALUES ('Ana', '1,2,3', 'then')")
    db.execute("INSERT INTO highscores (chart_key, difficulty, player, score, played_at)"
               " VALUES ('first-light', 'easy', 'Ana', 4321, 'then')")
    db.close()
    assert "seasons" not in tables(path)
    with Records.open() as records:
        assert records.schema_version == LATEST_VERSION and records.notice is None
        assert records.profile("Ana").colour == (1, 2, 3)
        assert records.top_scores("first-light", "easy")[0].score == 4321
        Season.new(list(ROSTER[:2]), store=records)
        assert len(records.seasons()) == 1


def test_a_failed_migration_changes_nothing(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "r.sqlite3", isolation_level=None)
    broken = MIGRATIONS + (Migration(LATEST_VERSION + 1, "broken", ("CREATE TABLE practice (x)", "NOT SQL")),)
    with pytest.raises(sqlite3.OperationalError):
        migrate(db, target=LATEST_VERSION + 1, migrations=broken)
    assert schema_version(db) == LATEST_VERSION
    assert "practice" not in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}


def test_a_newer_file_is_used_as_it_is(alienstage_home: Path) -> None:
    with Records.open() as records:
        records.add_highscore("c", "easy", "p", 1)
        records._conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    with Records.open() as records:
        assert records.notice and "newer" in records.notice
        assert records.top_scores("c", "easy")[0].player == "p"
    assert not list(records_path().parent.glob("*.corrupt-*"))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "scrambled-pages"])
def test_a_corrupt_file_is_moved_aside_and_a_new_one_started(alienstage_home: Path, damage: str) -> None:
    with Records.open() as records:
        for i in range(500):
            records.add_highscore("first-light", "easy", f"p{i}", i)
    path = records_path()
    good = path.read_bytes()
    bad = {"garbage": os.urandom(20000), "truncated": good[: len(good) // 3],
           "scrambled-pages": good[:4096] + os.urandom(len(good) - 4096)}[damage]
    path.write_bytes(bad)

    with Records.open() as records:
        (aside,) = path.parent.glob("records.sqlite3.corrupt-*")
        assert records.notice and str(path) in records.notice and str(aside) in records.notice
        assert aside.read_bytes() == bad  # kept for the curious, untouched
        assert records.top_scores("first-light", "easy") == []
        assert records.add_highscore("first-light", "easy", "fresh", 1) == 1
    with Records.open() as records:
        assert records.notice is None and records.top_scores("first-light", "easy")[0].player == "fresh"


def test_an_unusable_folder_says_why_and_keeps_nothing_in_memory(alienstage_home: Path) -> None:
    (alienstage_home / "data").write_text("a file where the folder should be")
    with pytest.raises(RecordsError) as err:
        Records.open()
    assert err.value.reason == "a file is in the way of the folder"
    assert (alienstage_home / "data").read_text() == "a file where the folder should be"


CHILD = textwrap.dedent("""
    import sys
    from alienstage_game.match.contestants import ROSTER
    from alienstage_game.match.records import Records
    from alienstage_game.match.season import Season
    records = Records.open()
    season = Season.new(list(ROSTER), seed=1, store=records)
    print("season", season.id, flush=True)
    i = 0
    while True:
        i += 1
        records.add_highscore("crash-song", "hard", f"p{i}", float(i))
        print("score", i, flush=True)  # printed only after the commit returned
        m = season.next_match()
        if m is not None:
            season.record_result(m.id, m.a, {m.a: 1.0, m.b: 0.0})
            print("match", m.id, flush=True)
""")


def test_a_crash_mid_writes_loses_no_committed_result(alienstage_home: Path) -> None:
    env = dict(os.environ, ALIENSTAGE_HOME=str(alienstage_home))
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, env=env)
    lines = []
    try:
        while len(lines) < 300:
            line = child.stdout.readline()
            assert line, "the writer died on its own"
            lines.append(line.split())
        child.send_signal(signal.SIGKILL)  # no cleanup, no checkpoint: mid-transaction
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    committed = [int(v) for kind, v in lines if kind == "score"]
    matches = [v for kind, v in lines if kind == "match"]
    season_id = lines[0][1]
    assert (records_path().parent / "records.sqlite3-wal").exists()  # it died before checkpointing

    with sqlite3.connect(records_path()) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Records.open() as records:
        assert records.notice is None
        kept = {int(h.player[1:]) for h in records.top_scores("crash-song", "hard", limit=100000)}
        assert set(committed) <= kept and len(kept) - len(committed) <= 1  # at most the one in flight
        season = records.load_season(season_id)
        assert [r.match_id for r in season.results][: len(matches)] == matches
        assert season.finished and season.champion is not None  # seven matches, all committed
