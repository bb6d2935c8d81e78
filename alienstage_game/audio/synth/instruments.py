"""The band: drums, bass, pads and the lead hint, each a function that returns samples.

Everything is computed from time arrays and a seeded noise generator, so a render is the
same on every run. Oscillators that carry harmonics high up (saws, squares) are
band-limited with PolyBLEP corrections at their jumps, which removes the aliasing hiss a
plain saw has, at the cost of a few array operations.
"""

from __future__ import annotations

import numpy as np

from .dsp import bandpass, highpass
from .theory import midi_to_hz


def _time(seconds: float, rate: int) -> np.ndarray:
    return np.arange(int(round(seconds * rate))) / rate


def _phase(freq_hz: np.ndarray | float, n: int, rate: int, start: float = 0.0) -> np.ndarray:
    """Phase in cycles (not wrapped) of an oscillator whose frequency may vary per sample."""
    step = np.broadcast_to(np.asarray(freq_hz, dtype=np.float64) / rate, (n,))
    return start + np.concatenate(([0.0], np.cumsum(step[:-1])))


def _polyblep(t: np.ndarray, dt: np.ndarray) -> np.ndarray:
    """Correction that rounds off a unit jump at phase 0 over one sample either side."""
    out = np.zeros_like(t)
    rising = t < dt
    x = t[rising] / dt[rising]
    out[rising] = x + x - x * x - 1.0
    falling = t > 1.0 - dt
    x = (t[falling] - 1.0) / dt[falling]
    out[falling] = x * x + x + x + 1.0
    return out


def saw(phase: np.ndarray, dt: np.ndarray) -> np.ndarray:
    t = phase % 1.0
    return 2.0 * t - 1.0 - _polyblep(t, dt)


def square(phase: np.ndarray, dt: np.ndarray) -> np.ndarray:
    t = phase % 1.0
    return np.where(t < 0.5, 1.0, -1.0) + _polyblep(t, dt) - _polyblep((t + 0.5) % 1.0, dt)


def triangle(phase: np.ndarray) -> np.ndarray:
    return 1.0 - 4.0 * np.abs((phase + 0.25) % 1.0 - 0.5)


def envelope(n: int, rate: int, attack: float, release: float, hold_samples: int,
             sustain: float = 1.0, decay: float = 0.0) -> np.ndarray:
    """Attack-decay-sustain for ``hold_samples``, then an exponential-looking release.

    ``n`` may be longer than ``hold_samples``: the rest is the release tail.
    """
    t = np.arange(n) / rate
    env = np.minimum(t / max(attack, 1e-4), 1.0)
    if decay > 0:
        env = np.where(t < attack, env, sustain + (1.0 - sustain) * np.exp(-(t - attack) / decay))
    elif sustain != 1.0:
        env = env * sustain
    if n > hold_samples:
        level = env[hold_samples - 1] if hold_samples > 0 else 0.0
        fall = (np.arange(n - hold_samples) / rate) / max(release, 1e-4)
        env[hold_samples:] = level * np.clip(1.0 - fall, 0.0, 1.0) ** 2
    return env


# -- drums -----------------------------------------------------------------------------------
def kick(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A sine that falls from ~160 Hz to 48 Hz, with a tiny noise click for the attack."""
    t = _time(0.42, rate)
    freq = 48.0 + 115.0 * np.exp(-t / 0.035)
    body = np.sin(2.0 * np.pi * _phase(freq, t.size, rate)) * np.exp(-t / 0.16)
    click = rng.standard_normal(t.size) * np.exp(-t / 0.003) * 0.25
    out = body + highpass(click, 1500.0, rate)
    out[: int(0.002 * rate)] *= np.linspace(0.0, 1.0, int(0.002 * rate))  # no step at onset
    return out


def snare(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A short 190 Hz tone (the drum shell) under band-passed noise (the wires)."""
    t = _time(0.3, rate)
    tone = np.sin(2.0 * np.pi * 190.0 * t) * np.exp(-t / 0.045) * 0.55
    wires = bandpass(rng.standard_normal(t.size), 1200.0, 7000.0, rate) * np.exp(-t / 0.075) * 1.6
    return tone + wires


def hat(rate: int, rng: np.random.Generator) -> np.ndarray:
    t = _time(0.09, rate)
    return highpass(highpass(rng.standard_normal(t.size), 7000.0, rate), 7000.0, rate) * np.exp(-t / 0.018) * 1.4


# -- pitched ---------------------------------------------------------------------------------
def bass_note(midi: float, seconds: float, rate: int) -> np.ndarray:
    """Saw with a little square for body; the mixer sends the stem through a low-pass."""
    release = 0.04
    hold = int(round(seconds * rate))
    n = hold + int(release * rate)
    freq = midi_to_hz(midi)
    phase = _phase(freq, n, rate)
    dt = np.full(n, freq / rate)
    tone = 0.7 * saw(phase, dt) + 0.3 * square(phase, dt)
    return tone * envelope(n, rate, attack=0.006, release=release, hold_samples=hold, sustain=0.75, decay=0.25)


def pad_chord(midis: list[int], seconds: float, rate: int, release: float = 0.9) -> np.ndarray:
    """Stereo (n, 2): two saws per tone, detuned a few cents apart and differently per
    side, so the chord is wide and slowly beating; slow attack and release."""
    hold = int(round(seconds * rate))
    n = hold + int(release * rate)
    out = np.zeros((n, 2))
    for index, midi in enumerate(midis):
        for side, cents in enumerate(((-7.0, 5.0), (6.0, -4.0))):
            for voice, cent in enumerate(cents):
                freq = midi_to_hz(midi + cent / 100.0)
                # a different start phase per tone avoids a click of aligned saw edges
                phase = _phase(freq, n, rate, start=0.137 * (index * 4 + side * 2 + voice))
                out[:, side] += saw(phase, np.full(n, freq / rate))
    env = envelope(n, rate, attack=0.7, release=release, hold_samples=hold)
    return out * env[:, None] / max(len(midis), 1)


def lead_note(midi: float, seconds: float, rate: int) -> np.ndarray:
    """A soft triangle-and-sine whistle with a gentle, late vibrato: a hint, not a singer."""
    release = 0.09
    hold = int(round(seconds * rate))
    n = hold + int(release * rate)
    t = np.arange(n) / rate
    depth = np.clip((t - 0.25) / 0.3, 0.0, 1.0) * 0.12  # semitones, grows on long notes
    freq = midi_to_hz(midi) * 2.0 ** (depth * np.sin(2.0 * np.pi * 5.2 * t) / 12.0)
    phase = _phase(freq, n, rate)
    tone = 0.6 * triangle(phase) + 0.4 * np.sin(2.0 * np.pi * phase)
    return tone * envelope(n, rate, attack=0.025, release=release, hold_samples=hold)
