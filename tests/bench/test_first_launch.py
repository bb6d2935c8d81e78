"""A first launch with every cache empty reaches a song heard through the live tracker.

``bench startup`` times this; here the same probe checks what it reports: the title,
the tracker ready, the song starting and a pitched frame from the tracked contestant,
in that order, with numba never needed on the way (an empty numba cache would cost a
fresh install 20 s and more of compiling)."""

from __future__ import annotations

import sys
from pathlib import Path

from alienstage_game.bench.startup import Launch, cold_env, launch


def test_a_cold_first_launch_sings_with_pitch_heard(tmp_path: Path) -> None:
    env = cold_env(tmp_path)
    seen = launch(sys.executable, "guide", env, "pitched", timeout_s=90.0, cwd=tmp_path)
    assert None not in (seen.ready, seen.warm, seen.song, seen.pitched), seen
    assert seen.ready <= seen.song < seen.pitched
    assert seen.first_note > 0.0
    # The first pitch comes with the first note, not before it (the count-in is silent).
    assert seen.pitched >= seen.song + seen.first_note - 0.1
    assert not any((tmp_path / "numba").rglob("*.nbi")), "the live path compiled numba kernels"


def test_the_wait_counts_the_game_and_a_late_first_pitch_only() -> None:
    on_time = Launch(ready=1.0, warm=1.0, song=2.5, first_note=4.0, pitched=6.52)
    assert abs(on_time.wait_s - 1.52) < 1e-9  # 1.5 s to the song, 20 ms late
    assert Launch(ready=1.0, song=2.0, first_note=1.0, pitched=None).wait_s is None
