"""Seasons are numbered (issue 15): "Season 1", "Season 2", ... from the command line and
the game alike, past seasons named by date counted too."""

from __future__ import annotations

from alienstage_game.cli import main
from alienstage_game.match.records import Records
from alienstage_game.match.season import numbered_name


def test_the_next_number():
    assert numbered_name([]) == "Season 1"
    assert numbered_name(["Season 1", "Season 2"]) == "Season 3"
    assert numbered_name(["Season 2026-12-02 17:00"]) == "Season 2"  # an older, dated one counts
    assert numbered_name(["Season 7", "Dust Cup"]) == "Season 8"


def test_new_seasons_from_the_command_line_are_numbered(capsys):
    for _ in range(2):
        assert main(["season", "new", "--cpus", "4", "--seed", "1", "--charts", "first-light"]) == 0
    capsys.readouterr()
    with Records.open() as records:
        assert sorted(row.name for row in records.seasons()) == ["Season 1", "Season 2"]


def test_older_season_matches_kept_by_path_are_migrated_to_the_level_id(alienstage_home):
    import sqlite3

    from alienstage_game.match.migrations import migrate
    from alienstage_game.match.records import records_path

    path = records_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    assert migrate(db, target=3) == [1, 2, 3]
    db.execute("INSERT INTO seasons (id, name, status, state, created_at, updated_at)"
               " VALUES ('s1', 'Season 1', 'active', '{}', 'then', 'then')")
    rows = [("s1", "R1-M1", "/home/ana/alienstage/levels/first-light"),  # a dealt bundled level folder
            ("s1", "R1-M2", "/home/ana/songs/mine/song.txt"),            # a chart file: its path is its key
            (None, None, "/opt/x/levels/glass-comet")]                     # a duel's key: left as it was
    for season_id, match_id, key in rows:
        db.execute("INSERT INTO matches (season_id, match_id, chart_key, difficulty, winner, loser, winner_name,"
                   " loser_name, reason, played_at) VALUES (?, ?, ?, 'medium', 'a', 'b', 'A', 'B', 'score', 'then')",
                   (season_id, match_id, key))
    db.close()
    with Records.open() as records:
        keys = {m.chart_key for m in records.matches(limit=10)}
    assert keys == {"first-light", "/home/ana/songs/mine/song.txt", "/opt/x/levels/glass-comet"}
