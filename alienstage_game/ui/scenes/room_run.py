"""The mic setup's room check as a timeline: player 1 gets ready, sings alone, player 2
gets ready, sings alone; both mics' tracker frames go to ``match.roomcheck.RoomCheck``
throughout, and only the frames heard while one singer is on are measured. No pygame:
the scene draws ``prompt`` and the meters, tests drive it with frames."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ...match.roomcheck import NEEDS_S, RoomCheck, RoomLevels
from ...pitch.frame import PitchFrame

READY_S = 1.5  # "get ready" before each singer: the last singer's tail is not measured
SING_S = 4.0  # each singer sings alone this long


@dataclass(frozen=True)
class Step:
    singer: int
    singing: bool  # False: getting ready (nobody measured)
    seconds: float


STEPS = (Step(0, False, READY_S), Step(0, True, SING_S), Step(1, False, READY_S), Step(1, True, SING_S))


class RoomRun:
    def __init__(self) -> None:
        self.check = RoomCheck()
        self.step_index = 0
        self.left = STEPS[0].seconds
        self.finished = False
        self.levels: RoomLevels | None = None

    @property
    def step(self) -> Step:
        return STEPS[min(self.step_index, len(STEPS) - 1)]

    def hear(self, mic: int, frames: Iterable[PitchFrame]) -> None:
        if not self.finished and mic in (0, 1):
            self.check.hear(mic, frames)

    def advance(self, seconds: float) -> bool:
        """Time passes; True once, when the last singer's time is up."""
        if self.finished:
            return False
        self.left -= seconds
        while self.left <= 0 and not self.finished:
            self.step_index += 1
            if self.step_index >= len(STEPS):
                self.check.listen(None)
                self.finished = True
                self.levels = self.check.result()
                return True
            self.left += self.step.seconds
            self.check.listen(self.step.singer if self.step.singing else None)
        return False

    def heard_s(self, singer: int) -> float:
        return self.check.heard_s(singer)

    def failure(self) -> str:
        """Why a finished run gave no reading: who was not heard alone long enough."""
        short = [s for s in (0, 1) if self.heard_s(s) < NEEDS_S]
        if short:
            who = "; ".join(f"player {s + 1} was heard alone for only {self.heard_s(s):.1f} s" for s in short)
            return (f"Room check failed: {who} (each needs {NEEDS_S:.0f} s). "
                    "Nothing was saved; sing closer to your mic and try again.")
        return ("Room check failed: the other mic sent nothing while each player sang. "
                "Nothing was saved; check both microphones and try again.")
