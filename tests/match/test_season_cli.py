"""`alienstage season ...` and `alienstage records` from the command line."""

from __future__ import annotations

import json

from alienstage_game.cli import main
from alienstage_game.match.records import Records


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_cpu_season_from_new_to_champion(capsys) -> None:
    code, out, _ = run(capsys, "season", "new", "--cpus", "5", "--seed", "4", "--charts", "first-light",
                       "--name", "Dust Cup")
    assert code == 0 and "Dust Cup" in out and "bye" in out and "Quarter-final" in out
    code, out, _ = run(capsys, "season", "play")
    assert code == 0 and "Champion: " in out
    code, out, _ = run(capsys, "season", "status", "--json")
    assert code == 1  # nothing in progress any more
    code, out, _ = run(capsys, "season", "list", "--json")
    (row,) = json.loads(out)
    assert row["status"] == "finished" and row["champion"]
    code, out, _ = run(capsys, "season", "status", row["id"][:6], "--json")
    season = json.loads(out)
    assert code == 0 and len(season["results"]) == 4
    code, out, _ = run(capsys, "records", "--json")
    assert len(json.loads(out)["matches"]) == 4


def test_a_human_match_waits_for_the_game(capsys) -> None:
    code, out, _ = run(capsys, "season", "new", "--player", "Ana", "--cpu", "vela-nox", "--seed", "1",
                       "--charts", "first-light")
    assert code == 0
    code, out, _ = run(capsys, "season", "play")
    assert code == 0 and "next: Ana v Vela Nox on first-light" in out
    with Records.open() as records:
        assert records.profile("Ana") is not None
        assert records.active_season().results == []


def test_records_prints_the_boards(capsys) -> None:
    with Records.open() as records:
        records.add_highscore("first-light", "hard", "Ana", 8123.4)
    code, out, _ = run(capsys, "records", "--chart", "first-light")
    assert code == 0 and "first-light (hard)" in out and "Ana" in out and "8,123" in out


def test_bad_input_is_reported(capsys) -> None:
    code, _, err = run(capsys, "season", "new", "--cpu", "nobody")
    assert code == 2 and "nobody" in err
    code, _, err = run(capsys, "season", "new", "--cpus", "1")
    assert code == 2 and "2 to 8" in err
