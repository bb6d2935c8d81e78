"""The live show: one song between two seats, on one clock (no pygame; the stage draws it).

    session = ShowSession(DuelSetup(seats=(...), level_dir=...))
    session.start()
    every frame: events = session.tick()
"""

from .clock import ManualClock, MonotonicClock, SongClock, open_song_clock
from .events import LineRated, MicBack, MicLost, ShowEvent, SongOver, VoteSwing
from .outcome import DuelOutcome, SeatResult
from .performers import ArraySource, FramesPerformer, Performer, TrackedPerformer
from .session import SeatState, ShowPhase, ShowSession
from .setup import DuelSetup, SeatSource, SeatSpec, SourceKind, bundled_level, seat_voices

__all__ = [
    "ArraySource", "DuelOutcome", "DuelSetup", "FramesPerformer", "LineRated", "ManualClock",
    "MicBack", "MicLost", "MonotonicClock", "Performer", "SeatResult", "SeatSource", "SeatSpec",
    "SeatState", "ShowEvent", "ShowPhase", "ShowSession", "SongClock", "SongOver", "SourceKind",
    "TrackedPerformer", "VoteSwing", "bundled_level", "open_song_clock", "seat_voices",
]
