"""A reader that fails in every way a fuzz campaign must catch (used by test_readers_fuzz)."""

import os
import time

from alienstage_game.bench.fuzz_targets import Target
from alienstage_game.bench.mutate import Operator


def _read(data: bytes) -> None:
    if data == b"raise":
        raise KeyError("escaped")
    if data == b"refuse":
        raise ValueError("refused the proper way")
    if data == b"hang":
        time.sleep(3600)
    if data == b"crash":
        os._exit(3)


TARGET = Target("bad", lambda: [b"ok", b"refuse", b"raise", b"hang", b"crash"], _read, (ValueError,),
                operators=(Operator("same", lambda data, rng, seeds: data),))
