"""Two mics that carry one signal are told apart from two singers in one room."""

from __future__ import annotations

import numpy as np

from alienstage_game.audio.likeness import SAME, likeness

SR = 48_000


def _voice(f0: float, seconds: float = 0.5, seed: int = 0) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    rng = np.random.default_rng(seed)
    wave = sum(np.sin(2 * np.pi * f0 * k * t + rng.uniform(0, 6)) / k for k in range(1, 6))
    return (0.2 * wave + 0.002 * rng.standard_normal(t.size)).astype(np.float32)


def test_one_source_under_two_names_is_the_same_signal_even_a_block_apart() -> None:
    a = _voice(220.0)
    late = np.concatenate([np.zeros(480, np.float32), a[:-480]])  # a second stream, 10 ms behind
    assert likeness(a, a, SR) > 0.999
    assert likeness(a, 0.3 * late, SR) >= SAME  # quieter and late: still one signal


def test_two_singers_in_one_room_are_not() -> None:
    own, other = _voice(220.0, seed=1), _voice(277.0, seed=2)
    mic1 = own + 0.25 * other  # each mic hears its own singer loudest, the other at -12 dB
    mic2 = other + 0.25 * own
    assert likeness(mic1, mic2, SR) < 0.8
    assert likeness(np.zeros(1000), own[:1000], SR) == 0.0
