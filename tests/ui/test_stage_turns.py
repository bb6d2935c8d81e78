"""Pass the mic on stage and from the title: the turn banner, the hand-over warning, and
the mode's flow song -> contestants -> stage -> results.

Screenshots go to /tmp/alienstage-shots/passmic/ to be looked at.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from alienstage_game.match.passmic import TurnUnit
from alienstage_game.show import DuelSetup, ManualClock, MicPassed, SeatSource, SeatSpec, ShowPhase
from alienstage_game.ui.scenes.contestants import ContestantsScene
from alienstage_game.ui.scenes.library import LibraryScene
from alienstage_game.ui.scenes.results import ResultsScene
from alienstage_game.ui.scenes.turns import TurnsScene
from alienstage_game.ui.scenes.stage import StageScene
from alienstage_game.ui.scenes.title import TitleScene
from show.short_show import write_level
from ui_driver import play_song, press, settle, shot, wait_for

SHOTS = Path("/tmp/alienstage-shots/passmic")
FRAME = 1 / 30


def play(app, clock: ManualClock, until: float, limit_frames: int = 2000) -> None:
    play_song(app, clock, until, FRAME, limit_frames)


def test_the_stage_names_whose_turn_it_is_and_warns_before_each_hand_over(app, tmp_path):
    folder = write_level(tmp_path)
    setup = DuelSetup(seats=(SeatSpec("Ada", (90, 170, 255), SeatSource.shared_mic()),
                             SeatSpec("Bex", (235, 70, 140), SeatSource.shared_mic())),
                      level_dir=folder, turns=TurnUnit.LINE, shared_mic=SeatSource.guide(seed=1, skill_cents=0.0))
    clock = ManualClock()
    scene = StageScene(setup, clock=clock, sounds=False)
    from alienstage_game.pitch import warm_up_in_background

    warm_up_in_background().join()  # the stage waits for the tracker's warm-up before the song
    app.push(scene)
    app.step(FRAME)
    session = scene.session
    play(app, clock, 2.6)  # Ada's first line
    assert session.turn.players == (0,) and session.handover is None
    app.screenshot(SHOTS / "turn-ada.png")
    play(app, clock, 3.7)  # between her line (ends 3.4 s) and Bex's (starts 4.0 s)
    assert session.handover is not None and session.handover.players == (1,)
    assert any(isinstance(e, MicPassed) and e.seats == (1,) for e in scene.events)
    app.screenshot(SHOTS / "pass-to-bex.png")
    play(app, clock, 4.6)
    assert session.turn.players == (1,) and session.handover is None
    app.screenshot(SHOTS / "turn-bex.png")
    for _ in range(600):  # to the song's end (the clock stops there)
        if scene.session.phase is ShowPhase.OVER:
            break
        clock.advance(FRAME)
        app.step(FRAME)
    while not scene.verdict.can_skip(scene.verdict_s):  # the verdict on stage, skipped with a key
        app.step(FRAME)
    press(app, pygame.K_SPACE)
    assert isinstance(app.scene, ResultsScene)
    outcome = scene.outcome
    assert len(outcome.seats[0].line_ratings) == 2 and len(outcome.seats[1].line_ratings) == 1
    for _ in range(150):
        app.step(FRAME)
    app.screenshot(SHOTS / "results.png")


def test_pass_the_mic_from_the_title_to_the_results(app, fast_stage):
    app.push(TitleScene())
    title = app.scene
    while title.menu.current != "Pass the mic":
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    library = app.scene
    assert isinstance(library, LibraryScene) and library.on_choose is not None
    wait_for(app, lambda: library.scan is not None)
    press(app, pygame.K_RETURN)  # the first song
    seats = app.scene
    assert isinstance(seats, ContestantsScene) and seats.title == "Pass the mic"
    press(app, pygame.K_RIGHT)  # seat 1: a CPU rival (demo); seat 2 is filled by one at Start
    press(app, pygame.K_p)
    turns = app.scene  # the players choose how the mic changes hands, as the title's caption promises
    assert isinstance(turns, TurnsScene) and turns.menu.items[:2] == ["By verse", "By line"]
    shot(app, "pass-the-mic-turns")
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)  # by line
    stage = app.scene
    assert isinstance(stage, StageScene) and stage.setup.pass_the_mic and stage.setup.turns is TurnUnit.LINE
    assert stage.session.schedule is not None and stage.session.phase is not ShowPhase.READY
    assert stage.session.schedule.unit is TurnUnit.LINE
    wait_for(app, lambda: isinstance(app.scene, ResultsScene), frames=3000)
    outcome = app.scene.outcome
    assert not outcome.aborted and outcome.setup.pass_the_mic
    # Each seat was judged on its own turns only: one rating per own line with scored notes.
    schedule, song = stage.session.schedule, outcome.song

    def scored(voice_id: str, index: int) -> bool:
        return any(n.kind.is_scored for n in song.voice(voice_id).lines[index].notes)

    own = [sum(scored(v, i) for v, i in schedule.lines_of(p)) for p in (0, 1)]
    assert [len(s.line_ratings) for s in outcome.seats] == own and all(own)
    settle(app, 0.45)  # the results take no key in their first moment (a mashed skip key)
    menu = app.scene.menu
    while menu.current not in ("Title", "Continue"):  # the after-duel menu: back to the title
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, TitleScene)


def test_a_human_in_pass_the_mic_sings_into_the_shared_microphone(tmp_path):
    from alienstage_game.match.contestants import Contestant, contestant
    from alienstage_game.scoring import Difficulty
    from alienstage_game.show import SourceKind
    from alienstage_game.ui.scenes.stage_link import duel_setup

    folder = write_level(tmp_path)
    setup = duel_setup(folder, [Contestant.human("Ana"), contestant("pip-orrel")], Difficulty.EASY, pass_the_mic=True)
    assert setup.pass_the_mic and setup.turns is TurnUnit.AUTO
    assert [s.source.kind for s in setup.seats] == [SourceKind.SHARED, SourceKind.CPU]
    assert setup.shared_mic == SeatSource.mic(0)


@pytest.fixture(autouse=True)
def _shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
