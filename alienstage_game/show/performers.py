"""Performers: whatever fills a seat with PitchFrames, released as song time passes.

A CPU rival's frames are known ahead (deterministic for a seed) and released by time. A
microphone, a file or the guide voice are blocks of samples (``microphones``) that go
through the one capture -> StreamingPitchTracker path, exactly as live play does.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from ..audio.capture import CaptureBlock
from ..pitch.frame import PitchFrame


class Performer(Protocol):
    @property
    def lost(self) -> bool: ...  # the input is gone (a mic unplugged); the song goes on
    @property
    def ready(self) -> bool: ...  # nothing to wait for before the song starts (a mic flows)
    def poll(self, until: float) -> list[PitchFrame]: ...  # new frames with time <= until
    def restart(self) -> None: ...  # back to song second 0
    def close(self) -> None: ...


class FramesPerformer:
    """Frames known in advance (a CPU rival), handed out in song-time order."""

    lost = False
    ready = True

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
    """Captured audio for one seat (``microphones.Mic``): CaptureBlocks stamped in song
    time, paced by the song clock. ``lost`` when the device has gone."""

    sr: int

    @property
    def lost(self) -> bool: ...
    @property
    def ready(self) -> bool: ...
    def read(self) -> list[CaptureBlock]: ...
    def restart(self) -> None: ...
    def close(self) -> None: ...


@dataclass
class Heard:
    """What a tracked seat's input delivered to its tracker, for the live report."""

    first_s: float | None = None  # song time of the first sample heard
    first_at: float | None = None  # time.monotonic() when it reached the tracker
    last_s: float | None = None  # ...and of the end of the last block
    kept_s: float = 0.0  # audio handed to the tracker
    latency_s: list[float] = field(default_factory=list)  # a live mic's frames: heard -> judged
    path_s: list[float] = field(default_factory=list)  # a live mic's blocks: last sample heard -> tracker

    def note(self, block: CaptureBlock, frames: Sequence[PitchFrame], sr: int) -> None:
        seconds = block.samples.size / sr
        if self.first_s is None:
            self.first_s, self.first_at = block.song_time, time.monotonic()
        self.last_s = block.song_time + seconds
        self.kept_s += seconds
        if block.host is None or len(self.path_s) >= 200_000:
            return
        now = time.monotonic()
        self.path_s.append(now - (block.host + seconds))
        if frames:
            # Song time runs with host time within a block: a frame's sound was heard at
            # the block's host time plus its distance from the block's first sample.
            self.latency_s.extend(now - (block.host + f.time - block.song_time) for f in frames)


class TrackedPerformer:
    """Captured blocks through the player's own StreamingPitchTracker."""

    def __init__(self, source: BlockSource) -> None:
        from ..pitch.tracker import StreamingPitchTracker  # librosa: imported when a seat needs it

        self.source = source
        self.tracker = StreamingPitchTracker(source.sr)
        self.heard = Heard()
        self._was_lost = False

    @property
    def lost(self) -> bool:
        return self.source.lost

    @property
    def ready(self) -> bool:
        return getattr(self.source, "ready", True)

    def poll(self, until: float) -> list[PitchFrame]:
        frames: list[PitchFrame] = []
        lost = self.source.lost
        for block in self.source.read():
            if self._was_lost:  # a reopened device: the old ring buffer is stale
                self.tracker.reset(block.song_time)
                self._was_lost = False
            made = self.tracker.feed(block.samples, block.song_time)
            self.heard.note(block, made, self.source.sr)
            frames.extend(made)
        self._was_lost = self._was_lost or lost
        return frames

    def restart(self) -> None:
        self.source.restart()
        self.tracker.reset(0.0)
        self.heard = Heard()

    def close(self) -> None:
        self.source.close()
