"""Seeded single elimination: standard order, byes for the top seeds, one champion."""

from __future__ import annotations

import json
import random

import pytest

from alienstage_game.match.bracket import Bracket, bracket_size, seed_positions


def names(n: int) -> list[str]:
    return [f"s{i}" for i in range(1, n + 1)]  # s1 is the top seed


def test_standard_seed_order() -> None:
    assert seed_positions(2) == [1, 2]
    assert seed_positions(4) == [1, 4, 2, 3]
    assert seed_positions(8) == [1, 8, 4, 5, 2, 7, 3, 6]
    for size in (2, 4, 8, 16):
        order = seed_positions(size)
        assert sorted(order) == list(range(1, size + 1))
        assert all(a + b == size + 1 for a, b in zip(order[::2], order[1::2]))  # 1 v n, 2 v n-1
    with pytest.raises(ValueError):
        seed_positions(6)


@pytest.mark.parametrize("n, byes", [(2, []), (3, ["s1"]), (4, []), (5, ["s1", "s2", "s3"]),
                                     (6, ["s1", "s2"]), (7, ["s1"]), (8, [])])
def test_top_seeds_get_the_byes(n: int, byes: list[str]) -> None:
    bracket = Bracket.build(names(n))
    assert len(bracket.rounds[0]) == bracket_size(n) // 2
    got = [m.winner for m in bracket.rounds[0] if m.bye]
    assert sorted(got) == byes
    for m in bracket.rounds[0]:
        assert (m.a is None) + (m.b is None) == (1 if m.bye else 0)  # never an empty match
        if m.bye:
            assert m.decided and m.loser is None and not m.ready
    # every entrant appears exactly once in round one
    first = [x for m in bracket.rounds[0] for x in (m.a, m.b) if x is not None]
    assert sorted(first) == sorted(names(n))


def test_bye_winners_wait_in_round_two() -> None:
    bracket = Bracket.build(names(6))  # s1 and s2 skip round one
    r2 = bracket.rounds[1]
    assert r2[0].a == "s1" and r2[0].b is None
    assert r2[1].a == "s2" and r2[1].b is None
    assert [m.id for m in bracket.playable()][:2] == ["R1-M2", "R1-M4"]  # 4v5, 3v6
    assert bracket.next_match().id == "R1-M2"


def play_out(bracket: Bracket, rng: random.Random) -> list[str]:
    order = []
    while (m := bracket.next_match()) is not None:
        bracket.decide(m.id, rng.choice([m.a, m.b]))
        order.append(m.id)
    return order


@pytest.mark.parametrize("n", range(2, 9))
def test_every_bracket_ends_with_exactly_one_champion(n: int) -> None:
    for trial in range(20):
        bracket = Bracket.build(names(n))
        played = play_out(bracket, random.Random(trial))
        assert len(played) == n - 1  # one loser per match
        assert bracket.finished and bracket.champion in names(n)
        losers = [m.loser for m in bracket.matches() if m.loser]
        assert sorted(losers + [bracket.champion]) == sorted(names(n))
        assert bracket.eliminated_in(bracket.champion) is None


def test_favourites_meet_in_the_final() -> None:
    bracket = Bracket.build(names(8))
    while (m := bracket.next_match()) is not None:
        bracket.decide(m.id, min(m.a, m.b, key=lambda s: int(s[1:])))  # better seed always wins
    assert (bracket.final.a, bracket.final.b) == ("s1", "s2")
    assert bracket.round_name(1) == "Quarter-final" and bracket.round_name(3) == "Final"
    assert Bracket.build(names(2)).round_name(1) == "Final"


def test_decide_rejects_strangers_and_unready_matches() -> None:
    bracket = Bracket.build(names(4))
    with pytest.raises(ValueError):
        bracket.decide("R1-M1", "s2")  # s2 is in the other match
    with pytest.raises(ValueError):
        bracket.decide("R2-M1", "s1")  # the final has no singers yet
    bracket.decide("R1-M1", "s4")
    with pytest.raises(ValueError):
        bracket.decide("R1-M1", "s1")  # already decided
    with pytest.raises(KeyError):
        bracket.match("R9-M9")
    with pytest.raises(ValueError):
        Bracket.build(["solo"])
    with pytest.raises(ValueError):
        Bracket.build(["a", "a"])


def test_round_trips_through_json_mid_play() -> None:
    bracket = Bracket.build(names(7))
    rng = random.Random(3)
    for _ in range(3):
        m = bracket.next_match()
        bracket.decide(m.id, rng.choice([m.a, m.b]))
    again = Bracket.from_dict(json.loads(json.dumps(bracket.to_dict())))
    assert again == bracket
    assert play_out(again, random.Random(9)) == play_out(bracket, random.Random(9))
    assert again.champion == bracket.champion
