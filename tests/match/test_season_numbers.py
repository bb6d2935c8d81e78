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
