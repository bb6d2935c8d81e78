"""What the show tells the stage, as it happens (the stage turns them into pops and cheers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from .outcome import DuelOutcome


@dataclass(frozen=True)
class LineRated:
    seat: int
    line_index: int
    rating: str  # "awful" .. "perfect"
    score: int  # the seat's running score after the line


@dataclass(frozen=True)
class VoteSwing:
    """The lead changed hands (or a big swing): the audience reacts."""

    vote: float
    leader: int  # seat index, -1 when level


@dataclass(frozen=True)
class MicLost:
    seat: int


@dataclass(frozen=True)
class MicBack:
    seat: int


@dataclass(frozen=True)
class MicPassed:
    """Pass the mic: the hand-over warning for the coming turn begins."""

    seats: tuple[int, ...]  # who sings next


@dataclass(frozen=True)
class SongOver:
    outcome: "DuelOutcome"


ShowEvent = Union[LineRated, VoteSwing, MicLost, MicBack, MicPassed, SongOver]
