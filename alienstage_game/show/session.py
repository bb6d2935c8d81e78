"""A live show: one song, two seats, one clock. The stage draws it; tests drive it.

``tick()`` once per video frame: it reads the song clock, pulls each seat's new
PitchFrames, feeds the judges, moves the vote bar and returns what happened as events.
Nothing here counts frames: every decision follows the song clock.
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path
from dataclasses import dataclass, field
from enum import Enum

from ..audio.clock import SongClock
from ..charts import Song, Voice
from ..charts.media import audio_file, media_path
from ..charts.section import play_span, sung_part
from ..match.duel import DuelRound
from ..match.passmic import MicSchedule, Turn, schedule_turns
from ..match.verdict import Verdict
from ..pitch.frame import PitchFrame
from ..scoring import LineEnded
from .backing import Backing
from .events import LineRated, MicBack, MicLost, MicPassed, ShowEvent, SongOver, VoteSwing
from .outcome import DuelOutcome, SeatResult
from .performers import Performer
from .seats import build_performers
from .setup import DuelSetup, SeatSpec, SourceKind, seat_voices

TRAIL_S = 12.0  # how much recent singing a seat keeps for drawing
SONG_FADE_S = 1.2  # the song fades out this long after its end (the verdict's first beat)
COUNT_BEATS = 3  # "3, 2, 1" before the first line
END_TAIL_S = 2.0  # the song ends this long after the last note
LEAD_HYSTERESIS = 0.15  # the vote must pass this to change who leads
MICS_WAIT_S = 3.0  # the song starts without a mic that has not begun to deliver by then


class ShowPhase(Enum):
    READY = "ready"  # built, clock not started
    COUNT_IN = "count-in"  # before the first note
    SINGING = "singing"
    PAUSED = "paused"
    OVER = "over"


@dataclass
class SeatState:
    spec: SeatSpec
    voice: Voice
    performer: Performer
    index: int
    duel: DuelRound  # the session's duel: the running score of each seat
    trail: deque[PitchFrame] = field(default_factory=deque)
    heard: list[PitchFrame] = field(default_factory=list)
    mic_lost: bool = False
    lost_s: float = 0.0
    last_rating: tuple[int, str, float] | None = None  # (line index, rating, song time)
    line_ratings: list[str] = field(default_factory=list)  # rating labels so far, in order

    @property
    def score(self) -> int:
        return int(round(self.duel.score(self.index)))

    @property
    def pitch(self) -> float | None:
        """The latest voiced MIDI pitch (within the last 0.1 s), for the live marker."""
        if self.trail and self.trail[-1].voiced:
            return self.trail[-1].midi
        return None


class ShowSession:
    def __init__(self, setup: DuelSetup, *, clock: SongClock | None = None, speed: float = 1.0,
                 play_audio: bool = True, song: Song | None = None,
                 performers: tuple[Performer, Performer] | None = None) -> None:
        self.setup = setup
        chart = song if song is not None else setup.load()
        self.title = setup.display_title(chart)
        # #START/#END: the audio and the judging start at the one and end at the other;
        # the judge, the lanes and the verdict see only the notes in between.
        self.start_s, self.stop_s = self._span(chart)
        self.song = self._sung(chart)
        self.backing = self._make_backing(chart, speed=speed, play_audio=play_audio, clock=clock)
        voices = seat_voices(self.song)
        self.shared_lane = voices[0] is voices[1]
        # Pass the mic: who sings which lines, and when the mic changes hands.
        self.schedule: MicSchedule | None = (schedule_turns(self.song, 2, setup.turns)
                                             if setup.pass_the_mic else None)
        if performers is None:
            performers = build_performers(self.song, voices, setup.seats, lambda: self.backing.clock,
                                          schedule=self.schedule, shared_mic=setup.shared_mic, mics=setup.mics)
        self.voices = voices
        self.duel = self._make_duel()
        self.seats = [SeatState(spec, voice, perf, index, self.duel)
                      for index, (spec, voice, perf) in enumerate(zip(setup.seats, voices, performers))]
        clock_b = self.song.clock
        notes = [n for v in {id(v): v for v in voices}.values() for n in v.notes]
        self.first_note_s = min(clock_b.beat_to_seconds(n.beat) for n in notes) if notes else 0.0
        self.last_note_s = max(clock_b.beat_to_seconds(n.end_beat) for n in notes) if notes else 0.0
        self.end_s = self.stop_s if self.stop_s is not None else self.last_note_s + END_TAIL_S
        self.beat_s = clock_b.ms_per_beat / 1000.0 * (4 if not self.song.v2_units else 1)  # one musical beat
        self.phase = ShowPhase.READY
        self.vote = 0.0
        self.leader = -1
        self.outcome: DuelOutcome | None = None
        self._last_t = self.start_s
        self._paused_from: ShowPhase | None = None
        self._warned: Turn | None = None
        self._asked_at: float | None = None  # when start() was called (wall time)
        self._song_started = False
        self.backing.prepare()  # the output opens now, before the count-in; the song waits for start()

    def _span(self, chart: Song) -> tuple[float, float | None]:
        if sung_part(chart) is chart:  # no marks, or marks that miss every note: the whole song
            return 0.0, None
        start_s, stop_s = play_span(chart)
        return start_s or 0.0, stop_s

    def _sung(self, chart: Song) -> Song:
        return sung_part(chart)

    def _make_backing(self, chart: Song, **options) -> Backing:
        return Backing(backing_track(chart, original=self.setup.hear_original), start_s=self.start_s, **options)

    def _make_duel(self) -> DuelRound:
        if self.schedule is not None:
            from .turns import TurnRound

            return TurnRound(self.song, self.schedule, self.setup.difficulty)
        # Crosstalk rejection only when both seats are microphones in one room.
        both_mics = all(s.source.kind is SourceKind.MIC for s in self.setup.seats)
        levels, bleed = self._room_reading() if both_mics else (None, None)
        return DuelRound(self.song, self.setup.difficulty, (self.voices[0].id, self.voices[1].id),
                         crosstalk=both_mics, mic_levels_db=levels, bleed_db=bleed)

    def _room_reading(self) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
        """The room check's levels and bleed in seat order (the reading is by settings
        player); nothing when there is none or the seats are not players 1 and 2."""
        room = self.setup.room
        players = tuple(s.source.player for s in self.setup.seats)
        if room is None or sorted(players) != [0, 1]:
            return None, None
        a, b = players
        return (room.levels_db[a], room.levels_db[b]), (room.bleed_db[a], room.bleed_db[b])

    # -- control -----------------------------------------------------------------------
    @property
    def clock(self) -> SongClock | None:
        """The audio package's song clock (None until the show starts)."""
        return self.backing.clock

    @property
    def time(self) -> float:
        return self.backing.time()

    @property
    def turn(self) -> Turn | None:
        """Pass the mic: the turn whose window holds the song time now."""
        return self.schedule.turn_at(self.time) if self.schedule is not None else None

    @property
    def handover(self) -> Turn | None:
        """Pass the mic: the coming turn while its "pass the mic" warning shows."""
        if self.schedule is None or self.phase is ShowPhase.OVER:
            return None
        return self.schedule.handover_at(self.time)

    def start(self) -> None:
        """The show begins: the song starts as soon as every seat's input delivers (a
        fresh mic stream may take a second or two to flow), or after ``MICS_WAIT_S``."""
        if self.phase is ShowPhase.READY:
            self.phase = ShowPhase.COUNT_IN
            self._asked_at = time.monotonic()
            self._start_when_ready()

    @property
    def waiting(self) -> bool:
        """Started, but the song waits for the mics (or the output) to flow."""
        if self.phase is ShowPhase.OVER or self._asked_at is None:
            return False
        return not self._song_started or not self.backing.flowing

    def _start_when_ready(self) -> None:
        if self._song_started or self._asked_at is None:
            return
        ready = all(getattr(s.performer, "ready", True) for s in self.seats)
        if ready or time.monotonic() - self._asked_at > MICS_WAIT_S:
            self._song_started = True
            self.backing.start()

    def pause(self) -> None:
        if self.phase in (ShowPhase.COUNT_IN, ShowPhase.SINGING):
            self.backing.pause()
            self._paused_from, self.phase = self.phase, ShowPhase.PAUSED

    def resume(self) -> None:
        if self.phase is ShowPhase.PAUSED:
            if self._song_started:
                self.backing.resume()
            self.phase = self._paused_from or ShowPhase.SINGING

    def restart(self) -> None:
        """From the top: the clock back to 0, fresh judges, fresh vote, every seat rewound."""
        self.backing.pause()
        self.backing.seek(self.start_s)
        self.duel = self._make_duel()
        for seat in self.seats:
            seat.performer.restart()
            seat.duel = self.duel
            seat.trail.clear()
            seat.heard.clear()
            seat.line_ratings.clear()
            seat.mic_lost, seat.lost_s, seat.last_rating = False, 0.0, None
        self.vote, self.leader, self.outcome, self._last_t, self._warned = 0.0, -1, None, self.start_s, None
        self.backing.resume()
        self.phase = ShowPhase.COUNT_IN

    def abort(self) -> DuelOutcome:
        """Quit mid-song: no verdict, the scores so far."""
        self.close()
        self.outcome = self._outcome(None, aborted=True)
        self.phase = ShowPhase.OVER
        return self.outcome

    def close(self) -> None:
        """Stop the song's output and the mics (again after the song's end: its fade)."""
        self.backing.close()
        for seat in self.seats:
            seat.performer.close()

    # -- the frame ---------------------------------------------------------------------
    def count_in(self) -> int | None:
        """3, 2, 1 on the last musical beats before the first note; 0 is "sing!"; None
        outside the count-in."""
        t = self.time
        if self.phase not in (ShowPhase.COUNT_IN, ShowPhase.SINGING, ShowPhase.PAUSED):
            return None
        beats_left = (self.first_note_s - t) / self.beat_s
        if -0.75 < beats_left <= COUNT_BEATS:
            return max(0, int(beats_left + 0.999))
        return None

    def tick(self) -> list[ShowEvent]:
        if self.phase in (ShowPhase.READY, ShowPhase.PAUSED, ShowPhase.OVER):
            return []
        self._start_when_ready()
        self.backing.check()
        t = self.time
        dt = max(0.0, t - self._last_t)
        self._last_t = t
        events: list[ShowEvent] = []
        if self.phase is ShowPhase.COUNT_IN and t >= self.first_note_s:
            self.phase = ShowPhase.SINGING
        handover = self.handover
        if handover is not None and handover is not self._warned:
            self._warned = handover
            events.append(MicPassed(handover.players))
        judged = []
        for index, seat in enumerate(self.seats):
            frames = seat.performer.poll(t)
            if frames:
                judged += self.duel.feed(index, frames)
                seat.heard.extend(frames)
                seat.trail.extend(frames)
                while seat.trail and seat.trail[0].time < t - TRAIL_S:
                    seat.trail.popleft()
            lost = seat.performer.lost
            if lost != seat.mic_lost:
                seat.mic_lost = lost
                events.append(MicLost(index) if lost else MicBack(index))
            if lost:
                seat.lost_s += dt
        over = t >= self.end_s
        judged += self.duel.advance(t)  # lines close shortly after their end: all closed by end_s
        for seat_event in judged:
            if isinstance(seat_event.event, LineEnded):
                seat, line_index = self.seats[seat_event.seat], seat_event.event.line_index
                rating = seat_event.event.rating.value
                seat.line_ratings.append(rating)
                seat.last_rating = (line_index, rating, t)
                events.append(LineRated(seat_event.seat, line_index, rating, seat.score))
        self.vote = self.duel.vote
        leader = 0 if self.vote > LEAD_HYSTERESIS else 1 if self.vote < -LEAD_HYSTERESIS else self.leader
        if leader != self.leader:
            self.leader = leader
            events.append(VoteSwing(self.vote, leader))
        if over:
            self.outcome = self._outcome(self.duel.finish())
            self.phase = ShowPhase.OVER
            for seat in self.seats:  # the mics are done; the song fades under the verdict
                seat.performer.close()
            self.backing.fade_out(SONG_FADE_S)  # whoever runs the show closes it (``close``)
            events.append(SongOver(self.outcome))
        return events

    def _outcome(self, verdict: Verdict | None, aborted: bool = False) -> DuelOutcome:
        names = tuple(s.spec.name for s in self.seats)
        results = []
        for i, s in enumerate(self.seats):
            card = verdict.cards[i] if verdict is not None else None
            ratings = [line.rating.value for line in card.lines] if card is not None else s.line_ratings
            results.append(SeatResult(
                name=s.spec.name, colour=s.spec.colour, voice_id=s.voice.id,
                score=card.points if card is not None else s.score, line_ratings=tuple(ratings),
                trail=tuple(s.heard), mic_lost_s=s.lost_s,
                golden_points=int(round(card.golden_points)) if card is not None else 0,
                perfect_lines=card.perfect_lines if card is not None else 0))
        if verdict is None:
            winner = loser = -1
            reason = "abandoned"
        else:
            winner = -1 if verdict.winner is None else verdict.winner
            loser = -1 if verdict.loser is None else verdict.loser
            reason = verdict.explain(names)
        return DuelOutcome(self.setup, self.song, self.title, tuple(results), winner, loser, reason, verdict, aborted)


def backing_track(song: Song, *, original: bool = False) -> Path | None:
    """What a duel plays: the chart's #INSTRUMENTAL when it has one (karaoke: the
    contestants are the singers), unless ``original`` asks for the song as recorded;
    else its #AUDIO. Only files inside the song's folder."""
    if not original:
        instrumental = media_path(song, "INSTRUMENTAL")
        if instrumental is not None:
            return instrumental
    return audio_file(song)
