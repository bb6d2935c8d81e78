"""What the show hears while a song is paused is never judged."""

from __future__ import annotations

import numpy as np

from alienstage_game.audio.capture import CaptureBlock
from alienstage_game.show.microphones import Microphones

SR = 48_000
BLOCK = 480  # 10 ms


class ScriptedCapture:
    """A capture whose blocks are given by the test, as (player, song time) pairs."""

    def __init__(self) -> None:
        self.pending: list[CaptureBlock] = []

    def blocks(self) -> list[CaptureBlock]:
        out, self.pending = self.pending, []
        return out

    def lost(self, player: int) -> bool:
        return False

    def close(self) -> None:
        pass


def test_blocks_heard_while_the_clock_stood_still_are_dropped():
    capture = ScriptedCapture()
    mics = Microphones(lambda clock: capture, lambda: object(), sr=SR, rewind=False)
    silence = np.zeros(BLOCK, np.float32)
    # Singing until 1.00 s, then paused at 1.01 s for three blocks, then on again.
    times = [0.98, 0.99, 1.00, 1.01, 1.01, 1.01, 1.01, 1.02, 1.03]
    capture.pending = [CaptureBlock(0, t, silence) for t in times]
    kept = [b.song_time for b in mics.read(0)]
    assert kept == [0.98, 0.99, 1.00, 1.01, 1.02, 1.03]
    mics.restart()  # from the top: time 0 is welcome again
    capture.pending = [CaptureBlock(0, 0.0, silence)]
    assert [b.song_time for b in mics.read(0)] == [0.0]
