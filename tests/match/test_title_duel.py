"""The title duel (issue 15): the reigning champion defends the title against the season's
winner after the final; its winner reigns; the season round-trips with its defender."""

from __future__ import annotations

import pytest

from alienstage_game.match.contestants import contestant
from alienstage_game.match.season import TITLE_DUEL, Season, SeasonStatus


def test_the_defender_meets_the_winner_after_the_final():
    defender = contestant("vela-nox")
    season = Season.new([contestant(i) for i in ("juno-vask", "siv-maro", "pip-orrel")], seed=2,
                        charts=["first-light", "glass-comet"], defender=defender)
    assert season.chart_for(TITLE_DUEL) in ("first-light", "glass-comet")
    while (match := season.next_match()) is not None:
        season.record_result(match.id, match.a, {match.a: 6000.0, match.b: 5000.0})
    assert season.status is SeasonStatus.ACTIVE and season.title_duel_pending and season.champion is None
    a, b = season.title_duel_pair()
    assert a.id == "vela-nox" and b.id == season.bracket.champion
    with pytest.raises(ValueError):
        season.record_title_duel("pip-orrel", {})
    back = Season.from_dict(season.to_dict())
    assert back.defender == defender and back.title_duel_pending
    season.record_title_duel(b.id, {a.id: 5500.0, b.id: 6100.0})
    assert season.finished and season.champion.id == b.id and season.round_label(TITLE_DUEL) == "Title duel"
    places = season.placings()
    assert places[0] == (1, b) and places[1] == (2, defender) and [p for p, _ in places] == [1, 2, 3, 4]


def test_a_defender_in_the_field_defends_in_the_bracket():
    reigning = contestant("juno-vask")
    season = Season.new([reigning, contestant("siv-maro")], seed=1, defender=reigning)
    assert season.defender is None
    match = season.next_match()
    season.record_result(match.id, match.a, {match.a: 1.0, match.b: 0.0})
    assert season.finished and not season.title_duel_pending


def test_season_play_from_the_command_line_sings_the_title_duel_too(capsys):
    from alienstage_game.cli import main
    from alienstage_game.match.records import Records

    with Records.open() as records:
        season = Season.new([contestant("juno-vask"), contestant("siv-maro")], seed=3, charts=["first-light"],
                            defender=contestant("vela-nox"), store=records)
    assert main(["season", "play", season.id]) == 0
    out = capsys.readouterr().out
    assert "TITLE" in out and "Title duel: Vela Nox (reigning)" in out and "Champion: " in out
    with Records.open() as records:
        kept = records.load_season(season.id)
    assert kept.finished and kept.result_of(TITLE_DUEL) is not None


def test_season_new_title_duel_takes_the_reigning_champion(capsys):
    from alienstage_game.cli import main
    from alienstage_game.match.records import Records

    assert main(["season", "new", "--cpu", "vela-nox", "--cpu", "pip-orrel", "--seed", "1",
                 "--charts", "first-light"]) == 0
    assert main(["season", "play"]) == 0
    assert main(["season", "new", "--cpu", "juno-vask", "--cpu", "siv-maro", "--seed", "2",
                 "--charts", "first-light", "--title-duel"]) == 0
    capsys.readouterr()
    with Records.open() as records:
        first = records.load_season(records.seasons("finished")[0].id)
        second = records.active_season()
    assert second.defender is not None and second.defender.id == first.champion.id
    assert second.name == "Season 2"
