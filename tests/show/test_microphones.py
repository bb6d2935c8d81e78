"""The show's microphones: opened before the song, fed the song clock, blocks routed per seat."""

from __future__ import annotations

import numpy as np

from alienstage_game.audio.capture import CaptureBlock
from alienstage_game.show.microphones import Microphones

SR = 48_000
BLOCK = 480  # 10 ms


class ScriptedCapture:
    """A capture whose blocks are given by the test; it remembers the clock it was given."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self.pending: list[CaptureBlock] = []
        self.settled = False

    def blocks(self) -> list[CaptureBlock]:
        out, self.pending = self.pending, []
        return out

    def lost(self, player: int) -> bool:
        return False

    def close(self) -> None:
        pass


def test_live_mics_open_before_the_clock_exists_and_get_it_when_it_does():
    opened = []
    clock_box = {"clock": None}

    def opener(clock):
        opened.append(ScriptedCapture(clock))
        return opened[-1]

    mics = Microphones(opener, lambda: clock_box["clock"], sr=SR, rewind=False)
    mics.players = [0, 1]
    mics._open(early=True)  # what Microphones.live does: before the count-in
    assert len(opened) == 1 and opened[0].clock is None
    assert not mics.ready  # the device has not delivered yet: the song waits
    opened[0].settled = True
    assert mics.ready
    clock_box["clock"] = song_clock = object()
    silence = np.zeros(BLOCK, np.float32)
    opened[0].pending = [CaptureBlock(0, 0.0, silence), CaptureBlock(1, 0.0, silence), CaptureBlock(0, 0.01, silence)]
    first = mics.seat(0).read()
    assert opened[0].clock is song_clock
    assert [b.song_time for b in first] == [0.0, 0.01]
    assert [b.player for b in mics.player(1).read()] == [1]  # slot 1 kept its block for its own seat
