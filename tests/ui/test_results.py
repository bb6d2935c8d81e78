"""The results screen from a real Verdict (two CPU performances through the real judge and
the verdict rules): the loser is explained from the numbers, the loser stands in the dark,
the pitch-trail pictures are saved as PNG in the user data folder."""

from __future__ import annotations

import dataclasses

import pygame
import pytest

from alienstage_game.charts import load_song
from alienstage_game.match.contestants import contestant
from alienstage_game.match.rivals import perform
from alienstage_game.match.verdict import Verdict, VerdictReason, TieBreak, decide
from alienstage_game.paths import bundled_levels_dir, data_dir
from alienstage_game.scoring import Difficulty, judge_frames
from alienstage_game.show.outcome import DuelOutcome, SeatResult
from alienstage_game.show.setup import DuelSetup, SeatSource, SeatSpec
from alienstage_game.ui.scenes import verdict_words
from alienstage_game.ui.scenes.results import ResultsScene
from alienstage_game.ui.scenes.title import TitleScene
from ui_driver import click, press, settle, shot

LEVEL = bundled_levels_dir() / "first-light"


@pytest.fixture(scope="module")
def duel():
    """Kaida Lume (strong) against Pip Orrel (rookie), judged for real."""
    song = load_song(LEVEL / "song.txt")
    names = ("Kaida Lume", "Pip Orrel")
    frames = [perform(song, contestant(i).skill, voice_id="P1", seed=3) for i in ("kaida-lume", "pip-orrel")]
    cards = tuple(judge_frames(song, f, voice_id="P1", difficulty=Difficulty.MEDIUM) for f in frames)
    verdict = decide(cards, sudden_death_line=len(song.voices[0].lines) - 1)
    seats = tuple(SeatSpec(n, contestant(i).colour, SeatSource.cpu(i)) for n, i in zip(names, ("kaida-lume", "pip-orrel")))
    setup = DuelSetup(seats=seats, level_dir=LEVEL, difficulty=Difficulty.MEDIUM)
    results = tuple(SeatResult(name=n, colour=spec.colour, voice_id="P1", score=card.points,
                               line_ratings=tuple(line.rating.value for line in card.lines), trail=tuple(f),
                               mic_lost_s=0.0)
                    for n, spec, card, f in zip(names, seats, cards, frames))
    outcome = DuelOutcome(setup=setup, song=song, title="First Light", seats=results, winner=verdict.winner,
                          loser=verdict.loser, reason=verdict.explain(names), verdict=verdict)
    return outcome, verdict


def test_the_loser_is_explained_from_the_verdict(app, duel):
    outcome, verdict = duel
    assert verdict.reason is VerdictReason.SCORE and verdict.winner == 0  # the strong singer wins
    app.push(TitleScene())
    app.push(ResultsScene(outcome, on_continue=lambda: app.pop()))
    scene = app.scene
    # The verdict played on the stage: the results open with the loser's light already out.
    assert scene.revealed and scene._light(1) == 0.0 and scene._light(0) == 1.0
    shot(app, "results")

    gap = verdict.totals[0] - verdict.totals[1]
    assert scene.headline == f"Kaida Lume wins {verdict.totals[0]:,} to {verdict.totals[1]:,}. Pip Orrel is voted off."
    assert scene.reasons[0] == f"Pip Orrel finished {gap:,} points behind."
    # Where the points went, in the card's own numbers.
    card_w, card_l = verdict.cards
    biggest = max(("notes", "golden", "line_bonus"), key=lambda a: getattr(card_w, a) - getattr(card_l, a))
    label = dict(verdict_words.PARTS)[biggest]
    assert scene.reasons[1].startswith(f"Most of it was lost on {label}: Pip Orrel {round(getattr(card_l, biggest)):,}")
    assert any("lines good or better" in r for r in scene.reasons)


def test_skip_then_save_pitch_pictures(app, duel):
    outcome, _ = duel
    app.push(TitleScene())
    app.push(ResultsScene(outcome))
    scene = app.scene
    assert scene.revealed  # no ceremony to skip: it played on the stage
    press(app, pygame.K_RETURN)  # a key mashed to skip the verdict does not leave the results at once
    assert app.scene is scene
    settle(app, 0.4)
    press(app, pygame.K_DOWN)  # "Save pitch pictures"
    press(app, pygame.K_RETURN)
    assert len(scene.saved_to) == 2
    for path in scene.saved_to:
        assert path.parent == data_dir() / "pictures" and path.suffix == ".png"
        picture = pygame.image.load(str(path))
        assert picture.get_size() == (1600, 600)
    # The winner's trail is drawn in the winner's colour over the chart.
    picture = pygame.image.load(str(scene.saved_to[0]))
    colour = tuple(outcome.seats[0].colour)
    assert any(tuple(picture.get_at((x, y)))[:3] == colour for x in range(100, 1500, 3) for y in range(100, 540, 3))
    shot(app, "results-saved")
    # The mouse works too: clicking Continue leaves the results.
    app.step(1 / 60)
    click(app, scene.menu.rects[0].center)
    assert isinstance(app.scene, TitleScene)


def _card(total: float, golden: float = 0.0, lines=()):
    from alienstage_game.scoring import ScoreCard

    return ScoreCard(voice="P1", difficulty=Difficulty.MEDIUM, notes=total - golden, golden=golden, line_bonus=0.0,
                     lines=tuple(lines), voiced_s=10.0)


def test_words_for_tie_breaks_and_forfeits():
    names = ("Ana", "Bo")
    tie = Verdict(1, 0, VerdictReason.GOLDEN, (_card(5000, 300), _card(5000, 500)), (5000, 5000),
                  (TieBreak("golden points", 300, 500),), (False, False), (10.0, 10.0))
    assert verdict_words.headline(tie, names) == "Bo wins 5,000 to 5,000. Ana is voted off."
    words = verdict_words.reasons(tie, names)
    assert words[0] == "Both scored 5,000 points, so the tie-breaks decided:"
    assert words[1] == "  golden points: Ana 300, Bo 500 (Bo ahead)."
    forfeit = Verdict(0, 1, VerdictReason.FORFEIT, (_card(4000), _card(0)), (4000, 0), (), (False, True), (12.0, 0.4))
    assert verdict_words.headline(forfeit, names) == "Bo forfeits; Ana wins."
    assert verdict_words.reasons(forfeit, names, mic_lost_s=(0.0, 30.0)) == [
        "Bo sang only 0.4 s inside the notes; at least 1 s is needed to be judged, so the seat forfeits.",
        "Bo's microphone was lost for 30 s; those notes scored nothing.",
    ]
    together = Verdict(0, 1, VerdictReason.SCORE, (_card(6000), _card(5000)), (6000, 5000), (), (False, False),
                       (30.0, 30.0), unpulled_s=24.3)
    assert ("Each mic also heard the other singer: for 24 s of singing together both pitches were corrected "
            "for that bleed.") in verdict_words.reasons(together, names)


@pytest.mark.parametrize("kind", ["sudden-death", "nobody-sang"])
def test_a_dead_level_duel_is_shown_without_a_loser(app, duel, kind):
    outcome, verdict = duel
    card = verdict.cards[0] if kind == "sudden-death" else judge_frames(outcome.song, [], voice_id="P1")
    level = decide((card, card), sudden_death_line=len(outcome.song.voices[0].lines) - 1)
    assert level.winner is None and level.reason.value == ("sudden_death" if kind == "sudden-death" else "double_forfeit")
    names = tuple(s.name for s in outcome.seats)
    ratings = tuple(line.rating.value for line in card.lines)
    seats = tuple(dataclasses.replace(s, score=card.points, line_ratings=ratings) for s in outcome.seats)
    dead = dataclasses.replace(outcome, seats=seats, winner=-1, loser=-1, verdict=level, reason=level.explain(names))
    app.push(TitleScene())
    app.push(ResultsScene(dead, on_continue=lambda: app.pop()))
    scene = app.scene
    while not scene.revealed:
        app.step(1 / 60)
    for _ in range(30):
        app.step(1 / 60)
    if kind == "sudden-death":
        last = len(outcome.song.voices[0].lines)
        assert scene.headline.startswith("Sudden death") and f"Sing line {last} again" in scene.headline
        assert any(f"sing line {last} again" in r for r in scene.reasons)
    else:
        assert scene.headline.startswith("Nobody sang")
        assert sum("forfeits" in r for r in scene.reasons) == 2
    assert scene._light(0) == scene._light(1) == 1.0  # nobody's light goes out
    shot(app, f"results-{kind}")
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, TitleScene)
