import pytest

from alienstage_game.match.verdict import FORFEIT_S, VerdictReason, decide
from alienstage_game.scoring import Difficulty, LineRating, LineResult, ScoreCard


def card(notes=5000.0, golden=1000.0, bonus=500.0, perfect=2, lines=5, sung=30.0, part=0.0) -> ScoreCard:
    results = tuple(LineResult(i, LineRating.PERFECT if i < perfect else LineRating.GOOD, 0.7, 1.0, 1.0)
                    for i in range(lines))
    return ScoreCard("P1", Difficulty.MEDIUM, notes, golden, bonus, results, sung, part)


def test_higher_total_wins():
    v = decide((card(notes=5000), card(notes=5300)), sudden_death_line=4)
    assert (v.winner, v.loser, v.reason) == (1, 0, VerdictReason.SCORE)
    assert v.totals == (6500, 6800) and v.tiebreaks == ()
    assert v.explain(("Ana", "Vel")) == "Vel wins 6,800 to 6,500."


def test_totals_compare_as_shown_rounded():
    v = decide((card(notes=5000.2, golden=1000.1), card(notes=5000.0, golden=1000.4)), sudden_death_line=4)
    assert v.totals[0] == v.totals[1]
    assert v.reason is not VerdictReason.SCORE


def test_tie_broken_by_golden_points_then_perfect_lines_then_bonus():
    golden = decide((card(notes=5100, golden=900), card()), sudden_death_line=4)
    assert (golden.winner, golden.reason) == (1, VerdictReason.GOLDEN)
    assert [(t.name, t.p1, t.p2) for t in golden.tiebreaks] == [("golden points", 900, 1000)]
    assert golden.explain() == "Tied at 6,500 points; P2 wins on golden points, 1,000 to 900."
    perfect = decide((card(perfect=3), card(perfect=2)), sudden_death_line=4)
    assert (perfect.winner, perfect.reason) == (0, VerdictReason.PERFECT_LINES)
    assert [t.name for t in perfect.tiebreaks] == ["golden points", "perfect lines"]
    bonus = decide((card(notes=5010, bonus=490), card()), sudden_death_line=4)
    assert (bonus.winner, bonus.reason) == (1, VerdictReason.LINE_BONUS)


def test_dead_level_goes_to_sudden_death():
    v = decide((card(), card()), sudden_death_line=4)
    assert v.winner is None and v.loser is None
    assert v.reason is VerdictReason.SUDDEN_DEATH and v.sudden_death_line == 4
    assert len(v.tiebreaks) == 3
    assert "sudden death on line 5" in v.explain()
    assert v.to_json()["winner"] is None and v.to_json()["sudden_death_line"] == 4


def test_a_contestant_who_never_sang_forfeits():
    v = decide((card(sung=0.0, notes=0, golden=0, bonus=0), card(notes=100, golden=0, bonus=0)),
               sudden_death_line=4)
    assert (v.winner, v.loser, v.reason) == (1, 0, VerdictReason.FORFEIT)
    assert v.forfeited == (True, False)
    assert v.explain() == "P1 never sang and forfeits; P2 wins."
    # even a high score from a frame or two does not count as singing
    v = decide((card(), card(sung=FORFEIT_S / 2)), sudden_death_line=4)
    assert (v.winner, v.reason) == (0, VerdictReason.FORFEIT)
    both = decide((card(sung=0.0), card(sung=0.2)), sudden_death_line=4)
    assert both.winner is None and both.reason is VerdictReason.DOUBLE_FORFEIT


def test_a_short_part_needs_only_a_share_of_it_sung():
    """Pass the mic can give a singer two seconds of notes in all: singing most of them
    is not 'never sang'; a whole part of long notes still needs FORFEIT_S."""
    short = decide((card(sung=0.7, part=2.0), card(notes=100, golden=0, bonus=0)), sudden_death_line=4)
    assert short.forfeited == (False, False) and short.winner == 0
    silent = decide((card(sung=0.4, part=2.0), card(notes=100, golden=0, bonus=0)), sudden_death_line=4)
    assert silent.forfeited == (True, False)
    long = decide((card(sung=0.9, part=60.0), card(notes=100, golden=0, bonus=0)), sudden_death_line=4)
    assert long.forfeited == (True, False)


def test_json_carries_every_number():
    v = decide((card(notes=5000), card(notes=5300)), sudden_death_line=4, rejected_frames=(3, 40))
    data = v.to_json()
    assert {"p1", "p2", "winner", "loser", "reason"} <= set(data)
    assert data["winner"] == "p2" and data["loser"] == "p1" and data["reason"] == "score"
    assert data["p1"]["total"] == 6500 and data["p2"]["total"] == 6800
    assert data["rejected_frames"] == {"p1": 3, "p2": 40}
    assert data["sung_s"] == {"p1": 30.0, "p2": 30.0}
