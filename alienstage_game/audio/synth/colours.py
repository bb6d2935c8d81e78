"""More instrument colours for the band: drum kits, bass, pad, keys and lead voices.

``instruments.py`` holds the first band (the "classic" kit, the saw bass and pad, the
whistle lead); an arrangement picks other colours in its ``[voices]`` table. Every
sound here is a pure function of its arguments and a seeded generator, so renders stay
reproducible. Pitched notes repeat a lot in a song (arpeggios, bass lines), so the
note makers are cached by (pitch, length): a cached note is the very same array, never
modified in place by the mixer.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .dsp import bandpass, highpass, lowpass
from .instruments import _phase, _time, envelope, saw, square, triangle
from .theory import midi_to_hz

KITS = ("classic", "soft", "electro", "heavy")
BASSES = ("saw", "sub", "pluck", "acid")
PADS = ("saw", "glass", "organ", "warm")
KEYS = ("epiano", "bell", "pluck", "stab")
LEADS = ("whistle", "square", "bell")


def _onset(out: np.ndarray, rate: int, seconds: float = 0.002) -> np.ndarray:
    """Fade the first samples in, so no hit starts with a step."""
    n = min(int(seconds * rate), out.shape[0])
    out[:n] *= np.linspace(0.0, 1.0, n)
    return out


# -- drum kits (the classic kit is instruments.kick/snare/hat) -------------------------------
def kit_kick(kit: str, rate: int, rng: np.random.Generator) -> np.ndarray:
    shape = {"soft": (0.36, 52.0, 70.0, 0.045, 0.2, 0.0),
             "electro": (0.45, 45.0, 120.0, 0.03, 0.26, 0.2),
             "heavy": (0.6, 40.0, 110.0, 0.05, 0.38, 0.3)}[kit]
    seconds, low, sweep, fall, decay, click = shape
    t = _time(seconds, rate)
    freq = low + sweep * np.exp(-t / fall)
    body = np.sin(2.0 * np.pi * _phase(freq, t.size, rate)) * np.exp(-t / decay)
    if kit == "electro":
        body = np.tanh(1.8 * body) / np.tanh(1.8)  # a little drive: punch, not boom
    noise = rng.standard_normal(t.size) * np.exp(-t / 0.004) * click
    level = {"soft": 0.93, "electro": 0.64, "heavy": 0.8}[kit]  # near the classic kick
    return _onset(body + highpass(noise, 1200.0, rate), rate) * level


def kit_snare(kit: str, rate: int, rng: np.random.Generator) -> np.ndarray:
    if kit == "soft":  # a brush: a slow swish of band-passed noise, hardly any shell
        t = _time(0.32, rate)
        swish = bandpass(rng.standard_normal(t.size), 900.0, 5000.0, rate)
        env = np.minimum(t / 0.012, 1.0) * np.exp(-t / 0.09)
        return swish * env * 2.1 + np.sin(2.0 * np.pi * 180.0 * t) * np.exp(-t / 0.03) * 0.15
    seconds, tone_hz, tone_decay, wire_decay, room = {
        "electro": (0.3, 230.0, 0.04, 0.06, 0.0), "heavy": (0.6, 170.0, 0.07, 0.11, 0.35)}[kit]
    t = _time(seconds, rate)
    tone = np.sin(2.0 * np.pi * tone_hz * t) * np.exp(-t / tone_decay) * 0.6
    noise = rng.standard_normal(t.size)
    wires = bandpass(noise, 1500.0, 8000.0, rate) * np.exp(-t / wire_decay) * 1.6
    tail = lowpass(noise, 3000.0, rate) * np.exp(-t / 0.25) * room  # the room it is played in
    out = tone + wires + tail
    return np.tanh(1.3 * out) if kit == "electro" else out * 0.77


def kit_hat(kit: str, rate: int, rng: np.random.Generator) -> np.ndarray:
    cutoff, decay, gain, attack = {"soft": (5000.0, 0.03, 1.0, 0.006), "electro": (8500.0, 0.012, 2.4, 0.0),
                                   "heavy": (6000.0, 0.022, 1.3, 0.0)}[kit]
    t = _time(0.1, rate)
    env = np.exp(-t / decay) * (np.minimum(t / attack, 1.0) if attack else 1.0)
    return highpass(highpass(rng.standard_normal(t.size), cutoff, rate), cutoff, rate) * env * gain


def clap(rate: int, rng: np.random.Generator) -> np.ndarray:
    """Three quick bursts and a tail: many hands, not quite together."""
    t = _time(0.35, rate)
    env = np.exp(-t / 0.09)
    for delay in (0.0, 0.011, 0.023):
        late = np.clip(t - delay, 0.0, None)
        env = env + np.where(t >= delay, np.exp(-late / 0.006), 0.0)
    return _onset(bandpass(rng.standard_normal(t.size), 900.0, 3200.0, rate) * env * 1.4, rate)


def tom(rate: int, rng: np.random.Generator) -> np.ndarray:
    t = _time(0.45, rate)
    freq = 92.0 + 40.0 * np.exp(-t / 0.06)
    body = np.sin(2.0 * np.pi * _phase(freq, t.size, rate)) * np.exp(-t / 0.2)
    skin = bandpass(rng.standard_normal(t.size), 300.0, 2000.0, rate) * np.exp(-t / 0.02) * 0.3
    return _onset(body + skin, rate)


def open_hat(rate: int, rng: np.random.Generator) -> np.ndarray:
    t = _time(0.45, rate)
    return highpass(highpass(rng.standard_normal(t.size), 6500.0, rate), 6500.0, rate) * np.exp(-t / 0.14) * 1.1


def crash(rate: int, rng: np.random.Generator) -> np.ndarray:
    t = _time(1.8, rate)
    wash = highpass(rng.standard_normal(t.size), 3500.0, rate) * np.exp(-t / 0.55)
    shimmer = sum(np.sin(2.0 * np.pi * f * t) for f in (3210.0, 4470.0, 5930.0)) * np.exp(-t / 0.3) * 0.05
    return _onset(wash + shimmer, rate, 0.001) * 0.3


EXTRA_DRUMS = {"clap": clap, "tom": tom, "ohat": open_hat, "crash": crash}


# -- bass ------------------------------------------------------------------------------------
BASS_CUTOFF = {"saw": 420.0, "sub": 320.0, "pluck": 1100.0, "acid": 3000.0}


@lru_cache(maxsize=512)
def bass_voice(colour: str, midi: float, seconds: float, rate: int) -> np.ndarray:
    release = 0.04
    hold = int(round(seconds * rate))
    n = hold + int(release * rate)
    freq = midi_to_hz(midi)
    phase = _phase(freq, n, rate)
    t = np.arange(n) / rate
    if colour == "sub":  # round and deep: a sine with a touch of its octave
        tone = np.sin(2.0 * np.pi * phase) + 0.22 * np.sin(4.0 * np.pi * phase)
        env = envelope(n, rate, attack=0.008, release=0.06, hold_samples=hold, sustain=0.9, decay=0.4)
        return np.tanh(1.4 * tone * env) / np.tanh(1.4) * 0.216
    if colour == "pluck":
        tone = saw(phase, np.full(n, freq / rate))
        return 0.45 * tone * envelope(n, rate, attack=0.003, release=release, hold_samples=hold, sustain=0.25,
                                      decay=0.12)
    # acid: a saw built from harmonics whose cut-off falls fast after each attack,
    # with a resonant bump just under the cut-off
    cutoff = 350.0 + 2600.0 * np.exp(-t / 0.09)
    tone = np.zeros(n)
    for k in range(1, int(min(6000.0, rate / 2) / freq) + 1):
        ratio = k * freq / cutoff
        gain = 1.0 / np.sqrt(1.0 + ratio**6) + 0.9 * np.exp(-((ratio - 0.9) / 0.18) ** 2)
        tone += gain * np.sin(2.0 * np.pi * k * phase) / k
    return 0.19 * tone * envelope(n, rate, attack=0.004, release=release, hold_samples=hold, sustain=0.7, decay=0.2)


# -- pads ------------------------------------------------------------------------------------
PAD_CUTOFF = {"saw": 1600.0, "glass": 5000.0, "organ": 3000.0, "warm": 2200.0}


def pad_voice(colour: str, midis: list[int], seconds: float, rate: int, release: float) -> np.ndarray:
    """Stereo (n, 2) chord in a colour other than the saw pad (instruments.pad_chord)."""
    hold = int(round(seconds * rate))
    n = hold + int(release * rate)
    t = np.arange(n) / rate
    out = np.zeros((n, 2))
    for index, midi in enumerate(midis):
        for side, cents in enumerate((-4.0, 4.0)):
            freq = midi_to_hz(midi + cents / 100.0)
            phase = _phase(freq, n, rate, start=0.21 * (index * 2 + side))
            if colour == "glass":  # sines with a bright octave that shimmers slowly
                shimmer = 0.5 + 0.5 * np.sin(2.0 * np.pi * (0.23 + 0.07 * index) * t + side)
                tone = np.sin(2 * np.pi * phase) + (0.3 + 0.15 * shimmer) * np.sin(4 * np.pi * phase)
                tone += 0.08 * np.sin(6 * np.pi * phase)
            elif colour == "organ":  # drawbars 16', 8', 4', 2 2/3' with a gentle tremolo
                tone = (np.sin(2 * np.pi * phase) + 0.55 * np.sin(4 * np.pi * phase)
                        + 0.3 * np.sin(6 * np.pi * phase) + 0.35 * np.sin(np.pi * phase))
                tone *= 1.0 + 0.12 * np.sin(2.0 * np.pi * 5.6 * t)
            else:  # warm: detuned triangles
                tone = triangle(phase) * 1.3
            out[:, side] += tone
    attack = {"glass": 0.35, "organ": 0.04, "warm": 0.6}[colour]
    env = envelope(n, rate, attack=attack, release=release, hold_samples=hold)
    level = {"glass": 1.45, "organ": 1.23, "warm": 1.55}[colour]  # as loud as the saw pad
    return out * env[:, None] * level / (1.6 * max(len(midis), 1))


# -- keys (arpeggios and chord stabs) --------------------------------------------------------
@lru_cache(maxsize=1024)
def keys_note(colour: str, midi: float, seconds: float, rate: int) -> np.ndarray:
    release = {"epiano": 0.35, "bell": 0.6, "pluck": 0.2, "stab": 0.08}[colour]
    hold = int(round(seconds * rate))
    n = hold + int(release * rate)
    t = np.arange(n) / rate
    freq = midi_to_hz(midi)
    phase = _phase(freq, n, rate)
    if colour == "epiano":  # two-operator FM: a soft tine that mellows as it rings
        index = 1.6 * np.exp(-t / 0.35) + 0.3
        tone = np.sin(2 * np.pi * phase + index * np.sin(2 * np.pi * phase))
        tone += 0.15 * np.sin(2 * np.pi * 14.0 * phase) * np.exp(-t / 0.03)
        amp = np.exp(-t / 1.4)
    elif colour == "bell":  # inharmonic FM ratio: glassy, ringing
        index = 2.2 * np.exp(-t / 0.5)
        tone = np.sin(2 * np.pi * phase + index * np.sin(2 * np.pi * 3.5 * phase))
        amp = np.exp(-t / 0.9)
    elif colour == "pluck":
        # a saw's fundamental is a negative sine: subtract, to reinforce it
        tone = 0.7 * saw(phase, np.full(n, freq / rate)) - 0.5 * np.sin(2 * np.pi * phase)
        amp = np.exp(-t / 0.16)
    else:  # stab: a short brassy saw pair
        dt = np.full(n, freq * 1.004 / rate)
        tone = 0.5 * (saw(phase, np.full(n, freq / rate)) + saw(_phase(freq * 1.004, n, rate, 0.3), dt))
        amp = 0.35 + 0.65 * np.exp(-t / 0.09)
    env = envelope(n, rate, attack=0.003, release=release, hold_samples=hold)
    level = {"epiano": 1.0, "bell": 0.65, "pluck": 1.29, "stab": 2.9}[colour]  # equally loud colours
    return tone * amp * env * level


KEYS_CUTOFF = {"epiano": 4000.0, "bell": 7000.0, "pluck": 2600.0, "stab": 2400.0}


# -- lead hint -------------------------------------------------------------------------------
@lru_cache(maxsize=512)
def lead_voice(colour: str, midi: float, seconds: float, rate: int) -> np.ndarray:
    release = 0.09 if colour == "square" else 0.4
    hold = int(round(seconds * rate))
    n = hold + int(release * rate)
    t = np.arange(n) / rate
    if colour == "square":  # a soft chip-tune square with the same late vibrato as the whistle
        depth = np.clip((t - 0.25) / 0.3, 0.0, 1.0) * 0.12
        freq = midi_to_hz(midi) * 2.0 ** (depth * np.sin(2.0 * np.pi * 5.2 * t) / 12.0)
        phase = _phase(freq, n, rate)
        tone = 0.32 * square(phase, freq / rate * np.ones(n)) + 0.45 * np.sin(2 * np.pi * phase)
        return tone * envelope(n, rate, attack=0.02, release=release, hold_samples=hold)
    phase = _phase(midi_to_hz(midi), n, rate)
    tone = np.sin(2 * np.pi * phase + 1.2 * np.exp(-t / 0.4) * np.sin(2 * np.pi * 2.0 * phase))
    env = envelope(n, rate, attack=0.01, release=release, hold_samples=hold)
    return 0.67 * tone * (0.4 + 0.6 * np.exp(-t / 0.5)) * env
