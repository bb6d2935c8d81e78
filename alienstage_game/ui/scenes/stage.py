"""The duel stage: the show session drawn as a live show.

Other scenes start a duel with ``StageScene(DuelSetup(...))``; the title's attract mode
pushes ``attract_scene()``. At the song's end the verdict plays on the stage itself
(show/verdict_show.py, drawn by ui/stage/verdict.py; any key or button skips it after its
first second); then the stage hands the DuelOutcome over in one call (``on_finish``, or
else the results scene).
"""

from __future__ import annotations

from typing import Callable

import pygame

from ...show import (DuelOutcome, DuelSetup, LineRated, MicPassed, SeatSource, SeatSpec,
                     ShowPhase, ShowSession, SongOver, VoteSwing, bundled_level)
from .. import theme
from ..app import App, Scene
from ..input import Action
from ..stage.audience import Audience, Spotlights
from ..stage.backdrop import Contestants
from ..stage.hud import CountIn, MicLostBanner, RatingPops, Scoreboard, VoteBarView
from ..stage.lane import NoteLane
from ..stage.layout import StageLayout
from ..stage.lyrics import LyricsPanel
from ..stage.overlays import PAUSE_ITEMS, Dimmer, draw_loading, draw_pause
from ..stage.scenery import StageScenery
from ..stage.sound import RATING_STINGS, MixerBacking, StageSounds
from ..stage.turns import HandOverWarning, TurnBanner
from ..stage.verdict import VerdictView

FinishHandler = Callable[[App, DuelOutcome], None]
NEUTRAL_LANE = (170, 150, 235)


class StageScene(Scene):
    """One duel on stage. ``speed`` runs the silent clock faster (tests, quick demos);
    ``exit_after_verdict`` leaves the results that many seconds after they show
    (the demo); ``attract`` makes any key leave at once (the title's attract mode)."""

    def __init__(self, setup: DuelSetup, on_finish: FinishHandler | None = None, *, speed: float = 1.0,
                 play_audio: bool = True, clock=None, performers=None, attract: bool = False,
                 exit_after_verdict: float | None = None, sounds: bool = True) -> None:
        self.setup = setup
        self.on_finish = on_finish
        self.attract = attract
        self.exit_after_verdict = exit_after_verdict
        self._session_args = dict(speed=speed, play_audio=play_audio and speed == 1.0, clock=clock,
                                  performers=performers)
        self.needs_tracker = performers is None and any(s.source.tracked for s in setup.seats)
        self.session: ShowSession | None = None
        self.paused_choice = 0
        self.outcome: DuelOutcome | None = None
        self.events: list = []  # every event of the show, for tests and the demo's report
        self.scene_s = 0.0
        self.after_s = 0.0  # seconds since the song ended (the hall keeps breathing)
        self.verdict = None  # the VerdictShow playing between the song's end and the hand-over
        self.verdict_s = 0.0  # its time (sped up with the stage)
        self.verdict_view: VerdictView | None = None
        self.handed_over = False
        self._built = False
        self._sounds_wanted = sounds
        self.music = MixerBacking(None)
        if not self.needs_tracker:
            self._build_session()

    # -- building ---------------------------------------------------------------------------
    def _build_session(self) -> None:
        self.session = ShowSession(self.setup, **self._session_args)

    def _build_view(self) -> None:
        session = self.session
        size = theme.LOGICAL_SIZE
        colours = tuple(s.spec.colour for s in session.seats)
        self.layout = layout = StageLayout.for_stage(session.shared_lane, size)
        if session.shared_lane:
            self.lanes = [NoteLane(session.song, session.seats[0].voice, layout.lanes[0], NEUTRAL_LANE)]
            self.lane_of = (0, 0)
            self.lyrics = [LyricsPanel(session.song, session.seats[0].voice, theme.ACCENT, size=44, next_size=30)]
        else:
            self.lanes = [NoteLane(session.song, s.voice, r, s.spec.colour) for s, r in zip(session.seats, layout.lanes)]
            self.lane_of = (0, 1)
            self.lyrics = [LyricsPanel(session.song, s.voice, s.spec.colour, size=34, next_size=24)
                           for s in session.seats]
        self.look = theme.stage_theme(self.setup.theme_name())
        # The song's video, else its background picture, else the sky; the furniture in front.
        self.scenery = StageScenery(session.song, layout, self.lanes, size, self.look)
        self.backdrop = self.scenery.backdrop
        self.audience = Audience(size[0], layout.audience_top, colours)
        self.lights = Spotlights(size, layout.figures, colours, self.look.beam)
        self.contestants = Contestants(layout, colours)
        self.scoreboard = Scoreboard(tuple(s.spec.name for s in session.seats), colours)
        self.vote_view = VoteBarView(layout.vote_bar, colours)
        anchors = []
        for i in (0, 1):
            lane = layout.lanes[self.lane_of[i]]
            anchors.append((lane.x + lane.w // 4 if i == 0 else lane.right - lane.w // 4, lane.y + 40))
        self.pops = RatingPops(tuple(anchors))
        self.count_in = CountIn()
        self.mic_banner = MicLostBanner()
        names = tuple(s.spec.name for s in session.seats)
        self.turn_banner = TurnBanner(names, colours) if session.schedule is not None else None
        self.handover_warning = HandOverWarning(names, colours)
        self.dimmer = Dimmer(size)
        self.title_image = theme.font(22).render(
            theme.fit_text(f"{session.title}  ·  {self.setup.difficulty.label}", 22, 420), True, theme.MUTED)
        self.sounds = StageSounds(self._sounds_wanted, output=session.backing)
        self._last_count: int | None = None
        self._fallback_checked = True
        self._built = True

    def on_enter(self) -> None:
        if self.session is not None and self.session.phase is ShowPhase.READY:
            self._start()

    def _start(self) -> None:
        if not self._built:
            self._build_view()
        self.session.start()
        self._fallback_checked = False

    def _check_fallback(self) -> None:
        """Once the output has opened (off the loop): the audio package plays the backing
        when it can; when it cannot, the mixer plays it along the silent clock (tests run a
        sped-up or hand-moved clock: no music)."""
        backing = self.session.backing
        if self._fallback_checked or not backing.opened:
            return
        self._fallback_checked = True
        args = self._session_args
        if args["play_audio"] and args["clock"] is None and not backing.played:
            self.music = MixerBacking(backing.audio_path)  # the instrumental, when the duel plays it
            self.music.play(self.session.time)
            if self.session.phase is ShowPhase.PAUSED:
                self.music.pause()

    def on_leave(self) -> None:
        # Popped, replaced or the game closing: the clock and any audio stop with the stage.
        # (Nothing is ever pushed over a running stage; that would end its song too.)
        if self.session is not None:  # after the song's end too: its fade under the verdict
            self.session.close()
        self.music.stop()
        if self._built:
            self.scenery.close()  # the video's decoder thread ends with the stage

    # -- input ------------------------------------------------------------------------------
    def _leave_attract(self) -> None:
        if self.app.scene is not self:
            return
        if self.session is not None and self.session.phase is not ShowPhase.OVER:
            self.session.abort()
        self.music.stop()
        self.app.pop()

    def on_event(self, event: pygame.event.Event) -> None:
        # Attract mode ends on any key or button, not only the ones the menus map.
        if self.attract and event.type in (pygame.KEYDOWN, pygame.JOYBUTTONDOWN, pygame.MOUSEBUTTONDOWN):
            self._leave_attract()
        elif (self.verdict is not None and not self.handed_over and self.verdict.can_skip(self.verdict_s)
              and event.type in (pygame.KEYDOWN, pygame.JOYBUTTONDOWN, pygame.MOUSEBUTTONDOWN)
              and getattr(event, "key", None) != pygame.K_F11):
            self._hand_over()  # any key or button: straight to the results

    def handle(self, action: Action) -> None:
        session = self.session
        if self.attract:
            self._leave_attract()
            return
        if session is None:
            if action is Action.BACK:
                self.app.pop()
            return
        if self.verdict is not None:
            return  # the verdict plays; on_event skips it
        if session.phase is ShowPhase.PAUSED:
            if action is Action.UP:
                self.paused_choice = (self.paused_choice - 1) % len(PAUSE_ITEMS)
            elif action is Action.DOWN:
                self.paused_choice = (self.paused_choice + 1) % len(PAUSE_ITEMS)
            elif action in (Action.BACK, Action.PAUSE):
                self.resume()
            elif action is Action.CONFIRM:
                choice = PAUSE_ITEMS[self.paused_choice]
                if choice == "Resume":
                    self.resume()
                elif choice == "Restart":
                    self.restart()
                else:
                    self.quit_show()
        elif action in (Action.BACK, Action.PAUSE) and session.phase in (ShowPhase.COUNT_IN, ShowPhase.SINGING):
            self.pause()

    def pause(self) -> None:
        self.session.pause()
        self.music.pause()
        self.paused_choice = 0

    def resume(self) -> None:
        self.session.resume()
        self.music.resume()

    def restart(self) -> None:
        self.session.restart()
        self.pops.reset()
        self.music.play(self.session.start_s)

    def quit_show(self) -> None:
        outcome = self.session.abort()
        self.music.stop()
        self.outcome = outcome
        self.app.pop()

    # -- the frame --------------------------------------------------------------------------
    def update(self, seconds: float) -> None:
        self.scene_s += seconds
        if self.session is None:
            from ...pitch import is_warm, warm_up_in_background

            warm_up_in_background()
            if is_warm():
                self._build_session()
                self._start()
            return
        if self.session.phase is ShowPhase.OVER:
            self.after_s += seconds
            if self.verdict is not None and not self.handed_over:
                before = self.verdict_s
                self.verdict_s += seconds * self._session_args["speed"]
                for sound in self.verdict.cues_between(before, self.verdict_s):
                    self.sounds.play(sound, 0.8)
                if self.verdict.done(self.verdict_s):
                    self._hand_over()
            return
        self._check_fallback()
        for event in self.session.tick():
            self.events.append(event)
            self._react(event)
        count = self.session.count_in()
        if count != self._last_count and count is not None:
            self.sounds.play("count-go" if count == 0 else "count-tick", 0.6)
        self._last_count = count

    def _react(self, event) -> None:
        now = self.session.time
        if isinstance(event, LineRated):
            self.pops.add(event.seat, event.rating, now)
            self.sounds.play(RATING_STINGS.get(event.rating, "rating-good"), 0.5)
            if event.rating in ("perfect", "great"):
                self.audience.cheer(now, event.seat)
        elif isinstance(event, VoteSwing):
            self.sounds.play("vote-swing", 0.4)
            if event.leader >= 0:
                self.audience.cheer(now, event.leader, 0.8)
        elif isinstance(event, MicPassed):
            self.sounds.play("vote-swing", 0.5)
        elif isinstance(event, SongOver):
            self.music.stop()
            self.outcome = event.outcome
            verdict = event.outcome.verdict
            if verdict is None or event.outcome.aborted:
                self.finish(event.outcome)
                return
            from ...show.verdict_show import VerdictShow

            self.verdict = VerdictShow(verdict, start_vote=self.session.vote, speed=self._session_args["speed"])
            self.verdict_s = -1e-9
            names = tuple(s.spec.name for s in self.session.seats)
            colours = tuple(s.spec.colour for s in self.session.seats)
            self.verdict_view = VerdictView(self.verdict, self.layout, names, colours)

    def _hand_over(self) -> None:
        self.handed_over = True
        self.session.close()  # the faded song and the verdict's cues end with it
        self.sounds.stop()
        self.finish(self.outcome)

    def finish(self, outcome: DuelOutcome) -> None:
        """The one hand-over at the song's end (after the verdict on stage)."""
        self.outcome = outcome
        self.handed_over = True
        if self.attract:
            self.app.pop()
        elif self.on_finish is not None:
            self.on_finish(self.app, outcome)
        else:
            from .results import ResultsScene

            results: Scene = ResultsScene(outcome)
            if self.exit_after_verdict is not None:  # the demo: show the results a while, then leave
                results = Timed(results, self.exit_after_verdict)
            self.app.replace(results)

    # -- drawing ----------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        if self.session is None or not self._built:
            if not hasattr(self, "_sky"):
                from ..sky import AlienSky

                self._sky = AlienSky()
            self._sky.draw(canvas, self.scene_s)
            draw_loading(canvas, self.scene_s, self.setup.title or "Tonight's duel")
            return
        session = self.session
        # After the song the clock stops; the hall keeps breathing on scene time.
        now = session.time if session.phase is not ShowPhase.OVER else session.end_s + self.after_s
        beat_s = session.beat_s
        beat_phase = (now / beat_s) % 1.0 if beat_s > 0 else 0.0
        self.scenery.draw(canvas, now, self.scene_s)  # the video frame due now, or the still backdrop
        verdict, view, vt = self.verdict, self.verdict_view, self.verdict_s
        if view is not None:  # the contestants stand beside the lanes: drawn over the veil below
            self.lights.draw(canvas, now, beat_s, levels=view.levels(vt))
        else:
            loser = self.outcome.loser if self.outcome is not None and not self.outcome.aborted else -1
            self.lights.draw(canvas, now, beat_s, (loser != 0, loser != 1))
            singing = tuple(s.pitch is not None for s in session.seats)
            self.contestants.draw(canvas, now, beat_s, singing, out=loser)
        for lane in self.lanes:
            lane.draw(canvas, now, beat_phase)
        for seat in session.seats:
            self.lanes[self.lane_of[session.seats.index(seat)]].draw_trail(canvas, seat.trail, now, seat.spec.colour)
        self._draw_lyrics(canvas, now)
        if view is not None:
            view.draw_veil(canvas, vt)
            view.draw_contestants(canvas, vt, now, beat_s)
            vote = verdict.vote(vt)
            self.audience.draw(canvas, now, beat_s, vote, flicker=verdict.crowd_flicker(vt),
                               roar_side=verdict.winner, roar=verdict.roar(vt))
            self.scoreboard.draw(canvas, None, -1)
            self.vote_view.draw(canvas, vote, now, beat_s, verdict.votes if verdict.vote_settled(vt) else None)
            view.draw_over(canvas, vt, now)
        else:
            self.audience.draw(canvas, now, beat_s, session.vote)
            self.scoreboard.draw(canvas, (session.seats[0].score, session.seats[1].score), session.leader)
            self.vote_view.draw(canvas, session.vote, now, beat_s)
        canvas.blit(self.title_image, self.title_image.get_rect(midtop=(canvas.get_width() // 2, 8)))
        self.pops.draw(canvas, now)
        lane0 = self.layout.lanes[0]
        centre = (lane0.centerx, (lane0.top + self.layout.lanes[-1].bottom) // 2)
        self.count_in.draw(canvas, session.count_in(), beat_phase, centre)
        if session.waiting and self.scene_s > 0.3:  # a fresh mic or output may take a second to flow
            theme.draw_text(canvas, "Tuning in the microphones…", centre, size=34, colour=theme.STARLIGHT,
                            anchor="center")
        self._draw_turns(canvas, now)
        for i, seat in enumerate(session.seats):
            if seat.mic_lost:
                self.mic_banner.draw(canvas, i, now, self.layout.lanes[self.lane_of[i]])
        if self.attract:
            theme.draw_text(canvas, "DEMO  ·  press any key", (canvas.get_width() // 2, 700), size=26,
                            colour=theme.ACCENT, anchor="center")
        self.scenery.draw_notice(canvas, self.scene_s)  # e.g. a video that could not be played
        if session.phase is ShowPhase.PAUSED:
            draw_pause(canvas, self.dimmer, self.paused_choice, session.title)

    def _draw_turns(self, canvas: pygame.Surface, now: float) -> None:
        """Pass the mic: whose turn it is, and the warning before each hand-over."""
        session = self.session
        if self.turn_banner is None or session.phase is ShowPhase.OVER:
            return
        lane = self.layout.lanes[0]
        coming, turn = session.handover, session.turn
        if coming is not None:  # the warning says who is next; the banner waits for their turn
            area = lane.union(self.layout.lanes[-1])
            self.handover_warning.draw(canvas, coming.players, coming.start_s - now, now, area)
        elif turn is not None:
            self.turn_banner.draw(canvas, turn.players, lane)

    def _draw_lyrics(self, canvas: pygame.Surface, now: float) -> None:
        x = canvas.get_width() // 2
        top = self.layout.lyrics_top
        if len(self.lyrics) == 1:
            self.lyrics[0].draw(canvas, now, x, top + 4)
        else:
            # A duet: each voice's line in its singer's colour; both next lines below, side by side.
            self.lyrics[0].draw(canvas, now, x, top - 2, show_next=False)
            self.lyrics[1].draw(canvas, now, x, top + 36, show_next=False)
            for panel, centre in zip(self.lyrics, (x - 260, x + 260)):
                panel.draw_next(canvas, now, centre, top + 80)


class Timed(Scene):
    """Shows another scene for ``seconds``, then leaves it (the demo's results screen)."""

    def __init__(self, inner: Scene, seconds: float) -> None:
        self.inner, self.seconds, self.t = inner, seconds, 0.0

    def on_enter(self) -> None:
        self.inner.app = self.app
        self.inner.on_enter()

    def on_leave(self) -> None:
        getattr(self.inner, "on_leave", lambda: None)()

    def handle(self, action: Action) -> None:
        self.inner.handle(action)

    def on_event(self, event: pygame.event.Event) -> None:
        self.inner.on_event(event)

    def update(self, seconds: float) -> None:
        self.t += seconds
        self.inner.update(seconds)
        if self.t >= self.seconds and self.app.scene is self:
            self.app.pop()

    def draw(self, canvas: pygame.Surface) -> None:
        self.inner.draw(canvas)


# -- ready-made duels ---------------------------------------------------------------------------
def demo_setup(level_id: str | None = None, seed: int = 0, *, sung_by_guide: bool = False) -> DuelSetup:
    """Two CPU contestants from the roster on a bundled level; with ``sung_by_guide`` the
    first is the synthetic singer, heard through the live tracker as a mic would be."""
    from ...match.contestants import contestant

    from ...show.demo_pick import demo_pick

    # The song and the pair vary with the seed (seed 0: a blue and a pink contestant on the
    # first battle level, the classic demo); an asked-for level is kept.
    picked_level, pair = demo_pick(seed)
    level_id = level_id if level_id is not None else picked_level
    seats = []
    for i, rival_id in enumerate(pair):
        who = contestant(rival_id)
        source = SeatSource.guide(seed=seed) if sung_by_guide and i == 0 else SeatSource.cpu(rival_id, seed=seed * 2 + i)
        seats.append(SeatSpec(who.name, tuple(who.colour), source))
    return DuelSetup(seats=tuple(seats), level_dir=bundled_level(level_id))


def demo_scene(level_id: str | None = None, *, speed: float = 1.0, seed: int = 0,
               exit_after_verdict: float | None = 5.0, play_audio: bool = True,
               sounds: bool = True) -> StageScene:
    """A CPU-against-CPU duel that leaves the stage a few seconds after its verdict."""
    return StageScene(demo_setup(level_id, seed), speed=speed, play_audio=play_audio,
                      exit_after_verdict=exit_after_verdict, sounds=sounds)


def attract_scene(level_id: str | None = None, seed: int = 0, **options) -> StageScene:
    """The title's attract mode: a demo duel that any key or button ends."""
    return StageScene(demo_setup(level_id, seed), attract=True, **{"play_audio": True, **options})
