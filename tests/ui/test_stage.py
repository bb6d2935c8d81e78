"""The duel stage, driven headless with real key events and a hand-moved song clock.

Screenshots go to /tmp/alienstage-shots/stage/ (count-in, mid-song, paused, mic lost,
results, duet, one per stage theme) to be looked at. The verdict on stage has its own
tests (test_verdict_stage.py); here it is skipped with a key.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from alienstage_game.scoring.autoplay import sung_frames
from alienstage_game.show import DuelOutcome, FramesPerformer, LineRated, ManualClock, ShowPhase
from alienstage_game.ui.scenes.stage import StageScene, Timed, attract_scene
from show.short_show import cpu_setup, sung_take, vanishing_mic, write_level
from ui_driver import play_song, press

SHOTS = Path("/tmp/alienstage-shots/stage")
FRAME = 1 / 30


def play(app, clock: ManualClock, until: float, limit_frames: int = 2000) -> None:
    play_song(app, clock, until, FRAME, limit_frames)


@pytest.fixture
def level(tmp_path):
    return write_level(tmp_path)


def open_stage(app, setup, clock: ManualClock | None = None, **kwargs) -> tuple[StageScene, ManualClock]:
    clock = clock or ManualClock()
    scene = StageScene(setup, clock=clock, sounds=False, **kwargs)
    app.push(scene)
    app.step(FRAME)
    return scene, clock


def sing_to_the_end(app, scene: StageScene, clock: ManualClock) -> None:
    """Move the clock until the song is over (it stops there; the verdict then plays)."""
    for _ in range(2000):
        if scene.session.phase is ShowPhase.OVER or app.scene is not scene:
            return
        clock.advance(FRAME)
        app.step(FRAME)


def skip_verdict(app, scene: StageScene) -> None:
    """The verdict plays on the stage after the song; any key skips it after its first second."""
    assert scene.verdict is not None and app.scene is scene
    while not scene.verdict.can_skip(scene.verdict_s):
        app.step(FRAME)
    press(app, pygame.K_SPACE)


def test_a_whole_duel_plays_to_the_verdict_and_the_results(app, level):
    scene, clock = open_stage(app, cpu_setup(level))
    assert scene.session.phase is ShowPhase.COUNT_IN
    play(app, clock, 1.3)
    assert scene.session.count_in() in (1, 2)
    app.screenshot(SHOTS / "count-in.png")
    play(app, clock, 5.75)  # line 0 rated at ~3.5 s, line 1 at ~5.5 s: ratings on screen
    assert any(isinstance(e, LineRated) for e in scene.events)
    assert scene.session.seats[0].trail and scene.pops.active
    app.screenshot(SHOTS / "mid-song.png")
    sing_to_the_end(app, scene, clock)
    outcome = scene.outcome
    assert isinstance(outcome, DuelOutcome) and not outcome.aborted
    assert outcome.winner == 0 and outcome.seats[0].score > outcome.seats[1].score
    skip_verdict(app, scene)
    # The results scene (menus helper) took over the stage in one call.
    from alienstage_game.ui.scenes.results import ResultsScene

    assert isinstance(app.scene, ResultsScene) and scene not in app.scenes
    for _ in range(90):
        app.step(FRAME)
    app.screenshot(SHOTS / "results.png")


def test_a_season_gets_the_outcome_through_its_own_callback(app, level):
    received = []
    scene, clock = open_stage(app, cpu_setup(level), on_finish=lambda a, o: received.append((a, o)))
    sing_to_the_end(app, scene, clock)
    assert not received  # the verdict plays first
    skip_verdict(app, scene)
    assert len(received) == 1 and received[0][0] is app and received[0][1] is scene.outcome


def test_escape_pauses_and_resumes_the_song(app, level):
    scene, clock = open_stage(app, cpu_setup(level))
    play(app, clock, 4.2)
    press(app, pygame.K_ESCAPE)
    assert scene.session.phase is ShowPhase.PAUSED
    frozen = clock.time()
    play(app, clock, frozen + 2.0, limit_frames=30)  # the clock does not move while paused
    assert clock.time() == frozen
    app.screenshot(SHOTS / "paused.png")
    press(app, pygame.K_ESCAPE)
    assert scene.session.phase is ShowPhase.SINGING
    sing_to_the_end(app, scene, clock)
    assert scene.outcome is not None and not scene.outcome.aborted


def test_the_pause_menu_restarts_the_song(app, level):
    scene, clock = open_stage(app, cpu_setup(level))
    play(app, clock, 6.0)
    assert scene.session.seats[0].score > 0
    press(app, pygame.K_p)  # P pauses too
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    assert scene.session.phase is ShowPhase.COUNT_IN and clock.time() < 0.2
    assert [s.score for s in scene.session.seats] == [0, 0]
    sing_to_the_end(app, scene, clock)
    assert scene.outcome is not None and scene.outcome.winner == 0


def test_the_pause_menu_quits_the_show(app, level):
    from alienstage_game.ui.scenes.title import TitleScene

    app.push(TitleScene())
    scene, clock = open_stage(app, cpu_setup(level))
    play(app, clock, 3.0)
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_UP)  # the menu wraps: Up from Resume is Quit
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, TitleScene)
    assert scene.outcome is not None and scene.outcome.aborted


def test_a_microphone_lost_mid_song_shows_a_warning_and_the_song_goes_on(app, level):
    setup = cpu_setup(level)
    song = setup.load()
    clock = ManualClock()
    mic = vanishing_mic(sung_take(song, seed=4), 16000, clock, gone_at=4.0)
    cpu = FramesPerformer(sung_frames(song, "P1", cents=10))
    scene, clock = open_stage(app, setup, performers=(cpu, mic), clock=clock)
    play(app, clock, 3.9)
    assert not scene.session.seats[1].mic_lost
    play(app, clock, 4.6)
    assert scene.session.seats[1].mic_lost
    app.screenshot(SHOTS / "mic-lost.png")
    sing_to_the_end(app, scene, clock)
    assert scene.outcome is not None and not scene.outcome.aborted
    assert scene.outcome.seats[1].mic_lost_s > 4.0


def test_a_duet_draws_two_lanes(app, tmp_path):
    folder = write_level(tmp_path, duet=True)
    scene, clock = open_stage(app, cpu_setup(folder))
    assert len(scene.lanes) == 2 and len(scene.lyrics) == 2
    play(app, clock, 3.0)
    app.screenshot(SHOTS / "duet.png")
    assert scene.lanes[0].rect.bottom <= scene.lanes[1].rect.top


def test_attract_mode_leaves_on_any_key(app):
    from alienstage_game.ui.scenes.title import TitleScene

    app.push(TitleScene())
    scene = attract_scene(clock=ManualClock())  # no audio in tests
    app.push(scene)
    for _ in range(5):
        app.step(FRAME)
    assert app.scene is scene and scene.session.phase is ShowPhase.COUNT_IN
    press(app, pygame.K_SPACE)  # a key no menu uses
    assert isinstance(app.scene, TitleScene)
    assert scene.session.phase is ShowPhase.OVER


def test_timed_leaves_the_scene_it_shows(app, level):
    from alienstage_game.ui.scenes.title import TitleScene

    app.push(TitleScene())
    inner = TitleScene()
    app.push(Timed(inner, 0.5))
    for _ in range(20):
        app.step(FRAME)
    assert len(app.scenes) == 1


def test_a_song_asked_for_before_the_warm_up_shows_a_loading_note(app, level, monkeypatch):
    import alienstage_game.pitch as pitch
    from alienstage_game.show import DuelSetup, SeatSource, SeatSpec

    warm = [False]
    monkeypatch.setattr(pitch, "is_warm", lambda: warm[0])
    monkeypatch.setattr(pitch, "warm_up_in_background", lambda *a, **k: None)
    setup = DuelSetup(seats=(SeatSpec("Ada", (90, 170, 255), SeatSource.guide(seed=1)),
                             SeatSpec("Bex", (235, 70, 140), SeatSource.cpu(None, seed=2))), level_dir=level)
    scene = StageScene(setup, speed=4.0, sounds=False)
    app.push(scene)
    for _ in range(5):
        app.step(FRAME)
    assert scene.session is None
    app.screenshot(SHOTS / "loading.png")
    warm[0] = True
    app.step(FRAME)
    assert scene.session is not None and scene.session.phase is ShowPhase.COUNT_IN


THEMES = ["nebula", "twin-moons", "deep-hold", "red-giant", "tribunal", "comet-tail", "signal-tower"]


@pytest.mark.parametrize("name", [*THEMES, "no-such-theme"])
def test_the_level_theme_sets_the_stage(app, tmp_path, name):
    from alienstage_game.ui import theme

    folder = write_level(tmp_path)
    toml = folder / "level.toml"
    toml.write_text(toml.read_text().replace('stage_theme = "nebula"', f'stage_theme = "{name}"'))
    scene, clock = open_stage(app, cpu_setup(folder))
    play(app, clock, 2.5)
    assert scene.look is theme.stage_theme(name)
    assert scene.look.name == (name if name in THEMES else "nebula")
    app.screenshot(SHOTS / f"theme-{name}.png")


def test_every_theme_has_its_own_sky_and_beams(app):
    from alienstage_game.ui import theme
    from alienstage_game.ui.stage.backdrop import paint_backdrop
    from alienstage_game.ui.stage.layout import StageLayout

    layout = StageLayout.for_stage(True)
    skies = {name: tuple(paint_backdrop(layout, [], look=theme.stage_theme(name)).get_at((40, 20))[:3])
             for name in [*THEMES, "no-such-theme"]}
    assert len({skies[n] for n in THEMES}) == len(THEMES)
    assert skies["no-such-theme"] == skies["nebula"]
    assert len({theme.stage_theme(n).beam for n in THEMES}) == len(THEMES)
