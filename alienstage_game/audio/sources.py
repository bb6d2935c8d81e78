"""Stand-ins for microphones: an audio file, or the synthetic singer of a chart.

They hand out the same ``CaptureBlock``s as ``Capture`` (``blocks()``, ``level_db``,
``lost``, ``status``, ``settled``), paced by a song clock, so bots, tests, benchmarks
and the demo feed the real tracker through the code path a microphone takes. With no
clock at all, ``all_blocks()`` gives the whole take at once (offline benchmarks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from ..charts import Song
from .audiofile import read_audio_at
from .capture import SILENT_DB, CaptureBlock
from .clock import SongClock
from .synth.voice import GUIDE, SingerStyle, render_voice

BLOCK_S = 0.01


class ArraySource:
    """Players' signals (mono float arrays at ``sr``), the first sample at song time
    ``start_s``; after their end the "microphones" deliver silence, as real ones would."""

    def __init__(self, signals: Sequence[np.ndarray], sr: int, clock: SongClock | None = None, *,
                 start_s: float = 0.0, block_s: float = BLOCK_S, names: Sequence[str] | None = None) -> None:
        self.sr = int(sr)
        self.clock = clock
        self.start_s = float(start_s)
        self.block = max(1, int(round(block_s * self.sr)))
        self._signals = [np.asarray(s, dtype=np.float32) for s in signals]
        self._names = list(names or [f"source {i + 1}" for i in range(len(self._signals))])
        self._next = 0  # index of the next block to hand out (same for every player)
        self._levels = [SILENT_DB] * len(self._signals)
        self.overflows = 0

    @property
    def players(self) -> int:
        return len(self._signals)

    @property
    def duration_s(self) -> float:
        return max((s.size for s in self._signals), default=0) / self.sr

    def _block(self, player: int, k: int) -> CaptureBlock:
        a = k * self.block
        samples = self._signals[player][a : a + self.block]
        if samples.size < self.block:
            samples = np.concatenate([samples, np.zeros(self.block - samples.size, np.float32)])
        return CaptureBlock(player, self.start_s + a / self.sr, samples)

    def blocks(self) -> list[CaptureBlock]:
        """The blocks whose end the clock has passed since the last call."""
        if self.clock is None:
            raise RuntimeError("a source without a clock only gives all_blocks()")
        due = int(np.floor((self.clock.now() - self.start_s) * self.sr / self.block))
        out = []
        for k in range(self._next, max(self._next, due)):
            for player in range(self.players):
                block = self._block(player, k)
                out.append(block)
                rms = float(np.sqrt(np.mean(np.square(block.samples, dtype=np.float64))))
                self._levels[player] = 20 * np.log10(rms) if rms > 1e-6 else SILENT_DB
        self._next = max(self._next, due)
        return out

    def all_blocks(self) -> list[CaptureBlock]:
        """Every block of the take, clock or not (player blocks interleaved in time)."""
        count = int(np.ceil(self.duration_s * self.sr / self.block))
        return [self._block(p, k) for k in range(count) for p in range(self.players)]

    def level_db(self, player: int) -> float:
        return self._levels[player]

    def lost(self, player: int) -> bool:
        return False

    def status(self, player: int) -> str:
        return f"{self._names[player]}: ok"

    @property
    def settled(self) -> bool:
        return True

    def wait_settled(self, timeout_s: float = 0.0) -> bool:
        return True

    def close(self) -> None:
        pass


class FileSource(ArraySource):
    """An audio file (WAV, OGG, FLAC, MP3) sung into the game: file channel ``channels[i]``
    is player i (a mono file: one player)."""

    def __init__(self, path: str | Path, clock: SongClock | None = None, *, sr: int | None = None,
                 channels: Sequence[int] | None = None, start_s: float = 0.0, block_s: float = BLOCK_S) -> None:
        data, rate = read_audio_at(path, sr)
        channels = list(channels) if channels is not None else list(range(data.shape[1]))
        super().__init__([data[:, c] for c in channels], rate, clock, start_s=start_s, block_s=block_s,
                         names=[f"{Path(path).name} ch {c + 1}" for c in channels])


class SingerSource(ArraySource):
    """The chart's synthetic singer(s): one (voice id, style) per player."""

    def __init__(self, song: Song, voices: Sequence[tuple[str, SingerStyle]] = (("P1", GUIDE),),
                 clock: SongClock | None = None, *, sr: int = 48_000, end_s: float | None = None,
                 block_s: float = BLOCK_S) -> None:
        takes = [render_voice(song, voice_id, style, sr=sr, end_s=end_s) for voice_id, style in voices]
        self.takes = takes  # with their truth, for tests and benchmarks
        super().__init__([t.signal for t in takes], sr, clock, start_s=0.0, block_s=block_s,
                         names=[f"singer {voice_id}" for voice_id, _ in voices])
