"""The room check: each singer sings alone for a moment while both mics listen.

It measures what the crosstalk gate would otherwise have to learn during the song: each
mic's singing level (so a quiet singer on a low-gain mic is not taken for a leak) and how
much quieter each voice reaches the other mic (so the gate can take the other voice's
pull out of the tracked pitch from the first note, ``match.pull``). The numbers belong to
one mapping of players to inputs and one room; the mic setup stores them with the mapping.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any, Iterable

from ..pitch.frame import PitchFrame

NEEDS_S = 1.0  # voiced seconds of each singer alone before a reading counts
HOP_S = 0.01  # the trackers' frame grid (pitch.tracker.TrackerConfig.hop_s)
FLOOR_DB = -60.0  # a bleed below this is "not heard"; the gate needs no finer figure


@dataclass(frozen=True)
class RoomLevels:
    levels_db: tuple[float, float]  # each mic's level while its own singer sings
    bleed_db: tuple[float, float]  # each singer's voice on the other mic, relative to their own

    def describe(self) -> str:
        parts = []
        for singer in (0, 1):
            other = 1 - singer
            bleed = self.bleed_db[singer]
            reach = f"does not reach player {other + 1}'s mic" if bleed <= FLOOR_DB else \
                f"reaches player {other + 1}'s mic at {bleed:.0f} dB"
            parts.append(f"Player {singer + 1} sings at {self.levels_db[singer]:.0f} dBFS and {reach}")
        return "; ".join(parts) + "."

    def swapped(self) -> "RoomLevels":
        """The same room with the players in each other's seats."""
        return RoomLevels(self.levels_db[::-1], self.bleed_db[::-1])  # type: ignore[arg-type]

    def to_json(self) -> dict[str, Any]:
        return {"levels_db": list(self.levels_db), "bleed_db": list(self.bleed_db)}

    @classmethod
    def from_json(cls, data: Any) -> "RoomLevels | None":
        """None for anything that is not a well-formed reading (an old or hand-edited file)."""
        try:
            levels = tuple(float(x) for x in data["levels_db"])
            bleed = tuple(float(x) for x in data["bleed_db"])
        except (KeyError, TypeError, ValueError):
            return None
        if len(levels) != 2 or len(bleed) != 2:
            return None
        return cls((levels[0], levels[1]), (bleed[0], bleed[1]))


class RoomCheck:
    """Frames of both mics in, while ``singer`` sings alone; RoomLevels out."""

    def __init__(self) -> None:
        self.singer: int | None = None
        # per singer alone: per mic, frame slot -> level_db (and the singer's voiced slots)
        self._levels: tuple[tuple[dict[int, float], dict[int, float]], ...] = (({}, {}), ({}, {}))
        self._voiced: tuple[set[int], set[int]] = (set(), set())

    def listen(self, singer: int | None) -> None:
        """``singer`` (0 or 1) sings alone from now; None: nobody is being measured."""
        if singer not in (None, 0, 1):
            raise ValueError(f"the room check has singers 0 and 1, not {singer}")
        self.singer = singer

    def hear(self, mic: int, frames: Iterable[PitchFrame]) -> None:
        if self.singer is None:
            return
        levels = self._levels[self.singer][mic]
        for frame in frames:
            slot = round(frame.time / HOP_S)
            levels[slot] = frame.level_db
            if mic == self.singer and frame.voiced:
                self._voiced[self.singer].add(slot)

    def heard_s(self, singer: int) -> float:
        """Seconds of the singer's voice heard on their own mic so far."""
        return len(self._voiced[singer]) * HOP_S

    def result(self) -> RoomLevels | None:
        """The reading, once each singer has been heard alone for NEEDS_S."""
        own, bleed = [], []
        for singer in (0, 1):
            mine, theirs = self._levels[singer][singer], self._levels[singer][1 - singer]
            slots = [s for s in self._voiced[singer] if s in theirs]
            if len(slots) * HOP_S < NEEDS_S:
                return None
            level = median(mine[s] for s in slots)
            own.append(level)
            bleed.append(max(FLOOR_DB, median(theirs[s] for s in slots) - level))
        return RoomLevels((own[0], own[1]), (bleed[0], bleed[1]))
