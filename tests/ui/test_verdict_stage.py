"""The verdict on the stage, driven headless: a short CPU duel to its end, the verdict's
beats one by one (a PNG each, in /tmp/alienstage-shots/verdict/), skipped with a key or a
pad button after its first second, and landing on the results."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from alienstage_game.show import ManualClock, ShowPhase
from alienstage_game.show.verdict_show import SKIP_AFTER_S, Beat
from alienstage_game.ui.scenes.results import ResultsScene
from alienstage_game.ui.scenes.stage import StageScene
from show.short_show import cpu_setup, write_level
from ui_driver import pad_button, press

SHOTS = Path("/tmp/alienstage-shots/verdict")
FRAME = 1 / 30


@pytest.fixture
def level(tmp_path):
    return write_level(tmp_path)


def sing_to_the_end(app, scene: StageScene, clock: ManualClock) -> None:
    for _ in range(600):
        if scene.session.phase is ShowPhase.OVER:
            return
        clock.advance(FRAME)
        app.step(FRAME)


def to_the_verdict(app, setup) -> StageScene:
    clock = ManualClock()
    scene = StageScene(setup, clock=clock, sounds=False)
    app.push(scene)
    app.step(FRAME)
    sing_to_the_end(app, scene, clock)
    assert scene.session.phase is ShowPhase.OVER and scene.verdict is not None
    assert app.scene is scene  # the stage stays up for the verdict
    return scene


def step_until(app, scene: StageScene, beat: Beat, progress: float) -> None:
    for _ in range(600):
        if scene.verdict.progress(beat, scene.verdict_s) >= progress or app.scene is not scene:
            return
        app.step(FRAME)
    raise AssertionError(f"{beat} never reached {progress}")


def test_the_verdict_plays_beat_by_beat_on_stage_and_ends_on_the_results(app, level):
    scene = to_the_verdict(app, cpu_setup(level))
    show = scene.verdict
    outcome = scene.outcome
    assert outcome.winner == 0 and show.winner == 0 and show.loser == 1
    assert show.scores(show.length_s) == outcome.verdict.totals
    seen = []
    for beat, at, name in ((Beat.FADE, 0.6, "1-fade"), (Beat.BREATH, 0.55, "2-breath"),
                           (Beat.SWEEP, 0.35, "3-sweep"), (Beat.COUNT, 0.5, "4-count-up"),
                           (Beat.SILENCE, 0.5, "5-silence"), (Beat.LIGHTS_OUT, 0.3, "6-spotlight-flicker"),
                           (Beat.LIGHTS_OUT, 0.95, "7-spotlight-out"), (Beat.ROAR, 0.5, "8-roar")):
        step_until(app, scene, beat, at)
        assert app.scene is scene and show.beat_at(scene.verdict_s) is beat
        seen.append(beat)
        app.screenshot(SHOTS / f"{name}.png")
    assert show.light(1, scene.verdict_s) == 0.0 and show.silhouette(1, scene.verdict_s) == 1.0
    assert show.light(0, scene.verdict_s) > 1.0
    step_until(app, scene, Beat.ROAR, 1.0)
    app.step(FRAME)
    assert isinstance(app.scene, ResultsScene) and scene not in app.scenes
    for _ in range(20):
        app.step(FRAME)
    app.screenshot(SHOTS / "9-results.png")


def test_a_key_skips_the_verdict_only_after_its_first_second(app, level):
    scene = to_the_verdict(app, cpu_setup(level))
    press(app, pygame.K_SPACE)  # too early: the verdict goes on
    assert app.scene is scene and scene.verdict_s < SKIP_AFTER_S
    while scene.verdict_s < SKIP_AFTER_S + 0.05:
        app.step(FRAME)
    app.screenshot(SHOTS / "skip-hint.png")
    assert not scene.session.backing._closed  # the song fades under the verdict, it is not cut
    press(app, pygame.K_SPACE)
    assert isinstance(app.scene, ResultsScene)
    assert app.scene.outcome is scene.outcome and not scene.verdict.done(scene.verdict_s)
    assert scene.session.backing._closed  # skipped: the faded song and the cues stop with the stage


def test_a_pad_button_skips_the_verdict_too(app, level):
    received = []
    clock = ManualClock()
    scene = StageScene(cpu_setup(level), clock=clock, sounds=False, on_finish=lambda a, o: received.append(o))
    app.push(scene)
    app.step(FRAME)
    sing_to_the_end(app, scene, clock)
    assert scene.verdict is not None and not received  # a season's hand-over waits for the verdict too
    while scene.verdict_s < SKIP_AFTER_S:
        app.step(FRAME)
    pad_button(app, 0)
    assert received == [scene.outcome]


def test_a_tie_break_is_shown_on_stage(app, level):
    from dataclasses import replace

    from alienstage_game.match.verdict import VerdictReason, decide
    from alienstage_game.show.verdict_show import VerdictShow
    from alienstage_game.ui.stage.verdict import VerdictView

    scene = to_the_verdict(app, cpu_setup(level))
    cards = scene.outcome.verdict.cards
    level_cards = (cards[0], replace(cards[1], notes=cards[0].notes, golden=cards[0].golden - 40,
                                     line_bonus=cards[0].line_bonus + 40))
    tied = decide(level_cards, sudden_death_line=0)
    assert tied.reason is VerdictReason.GOLDEN and tied.winner == 0
    scene.verdict = VerdictShow(tied, start_vote=-0.4)
    scene.verdict_view = VerdictView(scene.verdict, scene.layout, ("Ada", "Bex"),
                                     tuple(s.spec.colour for s in scene.session.seats))
    scene.verdict_s = 0.0
    step_until(app, scene, Beat.TIE_BREAK, 0.5)
    app.screenshot(SHOTS / "tie-break.png")
    dead = decide((cards[0], cards[0]), sudden_death_line=2)
    assert dead.reason is VerdictReason.SUDDEN_DEATH
    scene.verdict = VerdictShow(dead)
    scene.verdict_view = VerdictView(scene.verdict, scene.layout, ("Ada", "Bex"),
                                     tuple(s.spec.colour for s in scene.session.seats))
    scene.verdict_s = 0.0
    step_until(app, scene, Beat.NO_LOSER, 0.5)
    app.screenshot(SHOTS / "sudden-death.png")
