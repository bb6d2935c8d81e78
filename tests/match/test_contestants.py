"""The roster: eight original CPU contestants, and humans as contestants without skill."""

from __future__ import annotations

import json

import pytest

from alienstage_game.match.contestants import ROSTER, Contestant, contestant, roster, slug
from alienstage_game.match.rivals import SkillProfile


def test_roster_has_eight_distinct_cpu_contestants() -> None:
    assert len(ROSTER) == 8
    assert len({c.id for c in ROSTER}) == 8
    assert len({c.name for c in ROSTER}) == 8
    assert len({c.colour for c in ROSTER}) == 8
    for c in ROSTER:
        assert c.is_cpu and isinstance(c.skill, SkillProfile)
        assert all(isinstance(v, int) and 0 <= v <= 255 for v in c.colour) and len(c.colour) == 3
        assert c.bio and "\n" not in c.bio and len(c.bio) < 120
        assert c.id == slug(c.name)


def test_roster_runs_from_rookie_to_diva() -> None:
    errors = [c.skill.pitch_error_cents for c in ROSTER]
    jitters = [c.skill.timing_jitter_ms for c in ROSTER]
    dropouts = [c.skill.dropout_rate for c in ROSTER]
    assert errors == sorted(errors, reverse=True) and len(set(errors)) == 8
    assert jitters == sorted(jitters, reverse=True)
    assert dropouts == sorted(dropouts, reverse=True)
    rookie, diva = ROSTER[0].skill, ROSTER[-1].skill
    assert rookie.pitch_error_cents >= 60 and rookie.dropout_rate >= 0.1
    assert diva.pitch_error_cents <= 6 and diva.dropout_rate == 0 and diva.sour_note_rate == 0


def test_lookup_by_id() -> None:
    assert contestant("vela-nox") is ROSTER[-1]
    assert roster() == list(ROSTER)
    with pytest.raises(KeyError):
        contestant("nobody")


def test_human_has_no_skill_and_a_stable_id() -> None:
    ana = Contestant.human("Ana María")
    assert not ana.is_cpu and ana.skill is None
    assert ana.id == "human:ana-mar-a"
    assert Contestant.human("Ana María").colour == ana.colour  # same default colour every time
    assert Contestant.human("Ana", profile_id=7).id == "human:7"
    assert Contestant.human("  ", colour=(1, 2, 3)).name == "Singer"


@pytest.mark.parametrize("who", [*ROSTER, Contestant.human("Ana", (10, 20, 30), profile_id=3)])
def test_round_trips_through_json(who: Contestant) -> None:
    assert Contestant.from_dict(json.loads(json.dumps(who.to_dict()))) == who
