"""Performers: whatever fills a seat with PitchFrames, released as song time passes.

A CPU rival's frames are known ahead (deterministic for a seed) and released by time. A
microphone, a file or the guide voice are blocks of samples that go through the one
capture -> StreamingPitchTracker path, exactly as live play does.
"""

from __future__ import annotations

import bisect
from typing import Protocol, Sequence

import numpy as np

from ..pitch.frame import PitchFrame


class Performer(Protocol):
    @property
    def lost(self) -> bool: ...  # the input is gone (a mic unplugged); the song goes on
    def poll(self, until: float) -> list[PitchFrame]: ...  # new frames with time <= until
    def restart(self) -> None: ...  # back to song second 0
    def close(self) -> None: ...


class FramesPerformer:
    """Frames known in advance (a CPU rival), handed out in song-time order."""

    lost = False

    def __init__(self, frames: Sequence[PitchFrame]) -> None:
        self.frames = sorted(frames, key=lambda f: f.time)
        self._times = [f.time for f in self.frames]
        self._next = 0

    def poll(self, until: float) -> list[PitchFrame]:
        end = bisect.bisect_right(self._times, until, lo=self._next)
        out = self.frames[self._next:end]
        self._next = end
        return out

    def restart(self) -> None:
        self._next = 0

    def close(self) -> None:
        pass


class BlockSource(Protocol):
    """Captured audio: blocks of mono samples, each with the song time of its first sample
    (capture time minus input latency). ``lost`` when the device has gone."""

    sr: int

    @property
    def lost(self) -> bool: ...
    def read(self, until: float) -> list[tuple[np.ndarray, float]]: ...
    def restart(self) -> None: ...
    def close(self) -> None: ...


class ArraySource:
    """A mono signal that stands in for a microphone: blocks are released as song time
    reaches them, like a capture callback would deliver them. ``drop_after`` makes the
    "device" vanish at that song time (for mic-lost tests and demos)."""

    def __init__(self, samples: np.ndarray, sr: int, *, block: int = 512, offset: float = 0.0,
                 drop_after: float | None = None) -> None:
        self.samples = np.asarray(samples, dtype=np.float32)
        self.sr = int(sr)
        self.block = block
        self.offset = offset  # song time of sample 0
        self.drop_after = drop_after
        self._pos = 0
        self._lost = False

    @property
    def lost(self) -> bool:
        return self._lost

    def read(self, until: float) -> list[tuple[np.ndarray, float]]:
        if self.drop_after is not None and until >= self.drop_after:
            self._lost = True
        if self._lost:
            return []
        blocks = []
        while self._pos < self.samples.size:
            start_t = self.offset + self._pos / self.sr
            if start_t + self.block / self.sr > until:
                break
            blocks.append((self.samples[self._pos:self._pos + self.block], start_t))
            self._pos += self.block
        return blocks

    def restart(self) -> None:
        self._pos = 0

    def close(self) -> None:
        pass


class TrackedPerformer:
    """Captured blocks through the player's own StreamingPitchTracker."""

    def __init__(self, source: BlockSource) -> None:
        from ..pitch.tracker import StreamingPitchTracker  # librosa: imported when a seat needs it

        self.source = source
        self.tracker = StreamingPitchTracker(source.sr)
        self._was_lost = False

    @property
    def lost(self) -> bool:
        return self.source.lost

    def poll(self, until: float) -> list[PitchFrame]:
        frames: list[PitchFrame] = []
        lost = self.source.lost
        for block, start in self.source.read(until):
            if self._was_lost:  # a reopened device: the old ring buffer is stale
                self.tracker.reset(start)
                self._was_lost = False
            frames.extend(self.tracker.feed(block, start))
        self._was_lost = self._was_lost or lost
        return frames

    def restart(self) -> None:
        self.source.restart()
        self.tracker.reset(0.0)

    def close(self) -> None:
        self.source.close()
