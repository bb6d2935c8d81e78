"""A live show: one song, two seats, one clock. The stage draws it; tests drive it.

``tick()`` once per video frame: it reads the song clock, pulls each seat's new
PitchFrames, feeds the judges, moves the vote bar and returns what happened as events.
Nothing here counts frames: every decision follows the song clock.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum

from ..charts import Song, Voice
from ..pitch.frame import PitchFrame
from . import scoring_seam
from .clock import SongClock, open_song_clock
from .events import LineRated, MicBack, MicLost, ShowEvent, SongOver, VoteSwing
from .outcome import DuelOutcome, SeatResult
from .performers import Performer
from .seats import build_performers
from .setup import DuelSetup, SeatSpec, SourceKind, seat_voices

TRAIL_S = 12.0  # how much recent singing a seat keeps for drawing
COUNT_BEATS = 3  # "3, 2, 1" before the first line
END_TAIL_S = 2.0  # the song ends this long after the last note
LEAD_HYSTERESIS = 0.15  # the vote must pass this to change who leads


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
    duel: object  # the session's duel (scoring_seam): scores and ratings per seat
    trail: deque[PitchFrame] = field(default_factory=deque)
    heard: list[PitchFrame] = field(default_factory=list)
    mic_lost: bool = False
    lost_s: float = 0.0
    last_rating: tuple[int, str, float] | None = None  # (line index, rating, song time)

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
        self.song = song if song is not None else setup.load()
        self.title = setup.display_title(self.song)
        self.clock = clock if clock is not None else open_song_clock(
            self.song.audio_path, speed=speed, play_audio=play_audio)
        voices = seat_voices(self.song)
        self.shared_lane = voices[0] is voices[1]
        if performers is None:
            performers = build_performers(self.song, voices, setup.seats, self.clock)
        self.voices = voices
        self.duel = self._make_duel()
        self.seats = [SeatState(spec, voice, perf, index, self.duel)
                      for index, (spec, voice, perf) in enumerate(zip(setup.seats, voices, performers))]
        clock_b = self.song.clock
        notes = [n for v in {id(v): v for v in voices}.values() for n in v.notes]
        self.first_note_s = min(clock_b.beat_to_seconds(n.beat) for n in notes) if notes else 0.0
        self.last_note_s = max(clock_b.beat_to_seconds(n.end_beat) for n in notes) if notes else 0.0
        self.end_s = self.last_note_s + END_TAIL_S
        self.beat_s = clock_b.ms_per_beat / 1000.0 * (4 if not self.song.v2_units else 1)  # one musical beat
        self.phase = ShowPhase.READY
        self.vote = 0.0
        self.leader = -1
        self.outcome: DuelOutcome | None = None
        self._last_t = 0.0
        self._paused_from: ShowPhase | None = None

    def _make_duel(self):
        # Crosstalk rejection only when both seats are microphones in one room.
        both_mics = all(s.source.kind is SourceKind.MIC for s in self.setup.seats)
        return scoring_seam.make_duel(self.song, self.voices, self.setup.difficulty, crosstalk=both_mics)

    # -- control -----------------------------------------------------------------------
    @property
    def time(self) -> float:
        return self.clock.time()

    def start(self) -> None:
        if self.phase is ShowPhase.READY:
            self.clock.start()
            self.phase = ShowPhase.COUNT_IN

    def pause(self) -> None:
        if self.phase in (ShowPhase.COUNT_IN, ShowPhase.SINGING):
            self.clock.pause()
            self._paused_from, self.phase = self.phase, ShowPhase.PAUSED

    def resume(self) -> None:
        if self.phase is ShowPhase.PAUSED:
            self.clock.resume()
            self.phase = self._paused_from or ShowPhase.SINGING

    def restart(self) -> None:
        """From the top: the clock back to 0, fresh judges, fresh vote, every seat rewound."""
        self.clock.pause()
        self.clock.seek(0.0)
        self.duel = self._make_duel()
        for seat in self.seats:
            seat.performer.restart()
            seat.duel = self.duel
            seat.trail.clear()
            seat.heard.clear()
            seat.mic_lost, seat.lost_s, seat.last_rating = False, 0.0, None
        self.vote, self.leader, self.outcome, self._last_t = 0.0, -1, None, 0.0
        self.clock.resume()
        self.phase = ShowPhase.COUNT_IN

    def abort(self) -> DuelOutcome:
        """Quit mid-song: no verdict, the scores so far."""
        self.close()
        self.outcome = self._outcome(-1, -1, "abandoned", None, aborted=True)
        self.phase = ShowPhase.OVER
        return self.outcome

    def close(self) -> None:
        self.clock.close()
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
        t = self.time
        dt = max(0.0, t - self._last_t)
        self._last_t = t
        events: list[ShowEvent] = []
        if self.phase is ShowPhase.COUNT_IN and t >= self.first_note_s:
            self.phase = ShowPhase.SINGING
        rated = []
        for index, seat in enumerate(self.seats):
            frames = seat.performer.poll(t)
            if frames:
                rated += self.duel.feed(index, frames)
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
        rated += self.duel.advance(t)  # lines close 0.1 s after their end: all closed by end_s
        for index, line_index, rating in rated:
            seat = self.seats[index]
            seat.last_rating = (line_index, rating, t)
            events.append(LineRated(index, line_index, rating, seat.score))
        self.vote = self.duel.vote
        leader = 0 if self.vote > LEAD_HYSTERESIS else 1 if self.vote < -LEAD_HYSTERESIS else self.leader
        if leader != self.leader:
            self.leader = leader
            events.append(VoteSwing(self.vote, leader))
        if over:
            winner, loser, reason, verdict = self.duel.finish(tuple(s.spec.name for s in self.seats))
            self.outcome = self._outcome(winner, loser, reason, verdict)
            self.phase = ShowPhase.OVER
            self.close()
            events.append(SongOver(self.outcome))
        return events

    def _outcome(self, winner: int, loser: int, reason: str, verdict, aborted: bool = False) -> DuelOutcome:
        results = tuple(SeatResult(
            name=s.spec.name, colour=s.spec.colour, voice_id=s.voice.id, score=s.score,
            line_ratings=tuple(self.duel.line_ratings(i)), trail=tuple(s.heard), mic_lost_s=s.lost_s,
            golden_points=int(round(self.duel.golden_points(i))), perfect_lines=int(self.duel.perfect_lines(i)),
        ) for i, s in enumerate(self.seats))
        return DuelOutcome(self.setup, self.song, self.title, results, winner, loser, reason, verdict, aborted)
