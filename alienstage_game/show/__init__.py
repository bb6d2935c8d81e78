"""The live show: one song between two seats, on one clock (no pygame; the stage draws it).

    session = ShowSession(DuelSetup(seats=(...), level_dir=...))
    session.start()
    every frame: events = session.tick()
"""

from .backing import Backing, ManualClock, sped_up_clock
from .events import LineRated, MicBack, MicLost, MicPassed, ShowEvent, SongOver, VoteSwing
from .microphones import Mic, Microphones
from .outcome import DuelOutcome, SeatResult
from .performers import FramesPerformer, Performer, TrackedPerformer
from .session import SeatState, ShowPhase, ShowSession
from .setup import DuelSetup, SeatSource, SeatSpec, SourceKind, bundled_level, seat_voices

__all__ = [
    "Backing", "DuelOutcome", "DuelSetup", "FramesPerformer", "LineRated", "ManualClock", "Mic",
    "MicBack", "MicLost", "MicPassed", "Microphones", "Performer", "SeatResult", "SeatSource", "SeatSpec",
    "SeatState", "ShowEvent", "ShowPhase", "ShowSession", "SongOver", "SourceKind", "TrackedPerformer",
    "VoteSwing", "bundled_level", "seat_voices", "sped_up_clock",
]
