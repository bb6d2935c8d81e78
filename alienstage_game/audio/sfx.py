"""The game's sound effects, synthesized: count-in, line ratings, vote swings, the
verdict on stage (drum roll, the count's hit, scores counting, a failing spotlight, the
elimination sting, the winner's flare, the roar, the champion's fanfare), the crowd and
the menus.

Each effect is a pure function of a seeded generator, rendered to stereo float samples
and committed as ``assets/sounds/<name>.ogg`` by ``alienstage assets`` (which also
checks them). Effects are levelled by their momentary K-weighted loudness (BS.1770
without gating, since most are shorter than its 400 ms blocks) to a target per kind --
the interface quieter than the music's -14 LUFS, the big moments closer to it -- and
never peak above -1 dBFS. Pure numpy: the game plays the files with pygame.mixer or
``audio.playback.Playback.play``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..paths import bundled_dir
from .synth.dsp import apply_response, bandpass, highpass, lowpass
from .synth.loudness import k_weighting
from .synth.theory import midi_to_hz

RATE = 44100
SOUNDS_DIR = bundled_dir("assets") / "sounds"
PEAK_DBFS = -1.5  # the codec may add a few tenths; the decoded file stays under -1 dBFS


def _t(seconds: float, rate: int) -> np.ndarray:
    return np.arange(int(round(seconds * rate))) / rate


def _decay(t: np.ndarray, seconds: float, attack: float = 0.002) -> np.ndarray:
    return np.minimum(t / attack, 1.0) * np.exp(-t / seconds)


def _fm_bell(midi: float, seconds: float, rate: int, ratio: float = 3.5, index: float = 2.0,
             ring: float = 0.35) -> np.ndarray:
    t = _t(seconds, rate)
    f = midi_to_hz(midi)
    mod = index * np.exp(-t / (ring * 0.6)) * np.sin(2 * np.pi * f * ratio * t)
    return np.sin(2 * np.pi * f * t + mod) * _decay(t, ring)


def _place(out: np.ndarray, start_s: float, sound: np.ndarray, rate: int) -> None:
    start = int(round(start_s * rate))
    end = min(out.shape[0], start + sound.shape[0])
    out[start:end] += sound[: end - start]


def _stereo(mono: np.ndarray, width: float = 0.0, rate: int = RATE) -> np.ndarray:
    """Centre plus a few milliseconds of delay on one side for width."""
    if width <= 0:
        return np.stack([mono, mono], axis=1)
    delay = int(width * 0.012 * rate)
    right = np.concatenate([np.zeros(delay), mono[: mono.shape[0] - delay]])
    return np.stack([mono, 0.8 * mono + 0.2 * right], axis=1)


# -- count-in --------------------------------------------------------------------------------
def count_tick(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A woodblock: a short high tone and a click."""
    t = _t(0.12, rate)
    tone = np.sin(2 * np.pi * 1250 * t) * _decay(t, 0.025, 0.001)
    click = highpass(rng.standard_normal(t.size), 2000, rate) * _decay(t, 0.003, 0.0005) * 0.4
    return _stereo(tone + click)


def count_go(rate: int, rng: np.random.Generator) -> np.ndarray:
    """The last count beat: higher and ringing, a fifth on top."""
    t = _t(0.3, rate)
    tone = (np.sin(2 * np.pi * 1760 * t) + 0.6 * np.sin(2 * np.pi * 2640 * t)) * _decay(t, 0.07, 0.001)
    click = highpass(rng.standard_normal(t.size), 2500, rate) * _decay(t, 0.003, 0.0005) * 0.4
    return _stereo(tone + click, 0.5, rate)


# -- line ratings ----------------------------------------------------------------------------
def rating_perfect(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A rising major arpeggio of bells with a sparkle of high partials."""
    out = np.zeros(int(0.9 * rate))
    for i, midi in enumerate((84, 88, 91, 96)):
        _place(out, 0.06 * i, _fm_bell(midi, 0.75 - 0.06 * i, rate, ring=0.3) * (0.8 + 0.1 * i), rate)
    t = _t(0.9, rate)
    sparkle = highpass(rng.standard_normal(t.size), 6000, rate) * np.exp(-t / 0.25) * 0.08
    return _stereo(out + sparkle, 1.0, rate)


def rating_great(rate: int, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros(int(0.6 * rate))
    _place(out, 0.0, _fm_bell(79, 0.55, rate, ring=0.25), rate)
    _place(out, 0.07, _fm_bell(86, 0.5, rate, ring=0.25), rate)
    return _stereo(out, 0.6, rate)


def rating_good(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A soft plucked chord: fine, nothing more."""
    t = _t(0.4, rate)
    out = np.zeros(t.size)
    for midi in (72, 76, 79):
        f = midi_to_hz(midi)
        out += (np.sin(2 * np.pi * f * t) + 0.3 * np.sin(4 * np.pi * f * t)) * _decay(t, 0.12)
    return _stereo(lowpass(out, 3000, rate), 0.3, rate)


def rating_poor(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A dull falling buzz: two detuned squares sliding down a minor third."""
    t = _t(0.45, rate)
    freq = midi_to_hz(55) * 2 ** (-3 * np.minimum(t / 0.3, 1.0) / 12)
    phase = np.cumsum(freq) / rate
    tone = np.sign(np.sin(2 * np.pi * phase)) + np.sign(np.sin(2 * np.pi * phase * 1.012))
    return _stereo(lowpass(tone, 700, rate, poles=2) * _decay(t, 0.18, 0.01))


# -- the duel --------------------------------------------------------------------------------
def _swept_noise(rng: np.random.Generator, n: int, cutoff_hz: np.ndarray, rate: int) -> np.ndarray:
    """White noise through a resonant two-pole band-pass whose centre follows
    ``cutoff_hz`` per sample (a plain loop: these effects are a fraction of a second)."""
    noise = rng.standard_normal(n)
    out = np.empty(n)
    low = band = 0.0
    damping = 0.5
    f = 2.0 * np.sin(np.pi * np.minimum(cutoff_hz, rate / 6) / rate)
    for i in range(n):  # Chamberlin state-variable filter
        low += f[i] * band
        high = noise[i] - low - damping * band
        band += f[i] * high
        out[i] = band
    return out


def vote_swing(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A whoosh rising and falling, panned from one side to the other."""
    t = _t(0.6, rate)
    centre = 500.0 * 2 ** (3.0 * np.sin(np.pi * t / 0.6))
    whoosh = _swept_noise(rng, t.size, centre, rate) * np.sin(np.pi * t / 0.6) ** 2
    pan = t / 0.6
    return np.stack([whoosh * np.cos(pan * np.pi / 2), whoosh * np.sin(pan * np.pi / 2)], axis=1) * np.sqrt(2)


def elimination(rate: int, rng: np.random.Generator) -> np.ndarray:
    """The spotlight goes out: a heavy thud, a power-down slide and a dark tail."""
    t = _t(2.0, rate)
    thud_freq = 45 + 80 * np.exp(-t / 0.05)
    thud = np.sin(2 * np.pi * np.cumsum(thud_freq) / rate) * np.exp(-t / 0.35)
    slide_freq = 330.0 * 2 ** (-30 * np.minimum(t / 1.4, 1.0) / 12)  # down two and a half octaves
    phase = np.cumsum(slide_freq) / rate
    saw = 2 * (phase % 1.0) - 1
    slide = lowpass(saw, 1500, rate, poles=2) * np.minimum(t / 0.01, 1.0) * np.exp(-t / 0.7) * 0.6
    hum = np.sin(2 * np.pi * 55 * t) * 0.25 * np.exp(-t / 0.8)
    tail = lowpass(rng.standard_normal(t.size), 400, rate) * np.exp(-t / 0.6) * 0.5
    click = highpass(rng.standard_normal(t.size), 3000, rate) * _decay(t, 0.004, 0.0005) * 0.5  # the switch
    return _stereo(thud + slide + hum + tail + click, 1.0, rate)


# -- the verdict on stage (show/verdict_show.py cues these) --------------------------------
def _snare_hit(rate: int, rng: np.random.Generator, seconds: float = 0.09) -> np.ndarray:
    t = _t(seconds, rate)
    body = np.sin(2 * np.pi * 190 * t) * _decay(t, 0.02, 0.0005) * 0.5
    rattle = bandpass(rng.standard_normal(t.size), 1500, 7000, rate) * _decay(t, 0.035, 0.0005)
    return body + rattle


def drum_roll(rate: int, rng: np.random.Generator) -> np.ndarray:
    """The hall holds its breath: a snare roll that speeds up and swells for two seconds,
    over a low timpani rumble."""
    seconds = 2.1
    out = np.zeros(int(seconds * rate))
    at = 0.0
    while at < seconds - 0.1:
        x = at / seconds
        _place(out, at, _snare_hit(rate, rng) * (0.25 + 0.75 * x * x) * rng.uniform(0.8, 1.0), rate)
        at += 0.075 - 0.035 * x  # 13 strokes a second, up to 25
    t = _t(seconds, rate)
    rumble = lowpass(rng.standard_normal(t.size), 120, rate) * 2.5 * (0.3 + 0.7 * t / seconds)
    timp = np.sin(2 * np.pi * 65 * t) * 0.2 * (t / seconds) ** 2
    return _stereo(out + rumble + timp, 0.6, rate)


def verdict_hit(rate: int, rng: np.random.Generator) -> np.ndarray:
    """The count is in: a deep drum and a cymbal crash, ringing off."""
    t = _t(1.6, rate)
    drum_freq = 55 + 110 * np.exp(-t / 0.04)
    drum = np.sin(2 * np.pi * np.cumsum(drum_freq) / rate) * np.exp(-t / 0.3)
    crash = highpass(rng.standard_normal(t.size), 4000, rate) * _decay(t, 0.5, 0.001) * 0.35
    return _stereo(drum + crash, 1.0, rate)


def score_count(rate: int, rng: np.random.Generator) -> np.ndarray:
    """Scores counting up: quick ticks that rise in pitch and slow down as they settle."""
    seconds = 1.8
    out = np.zeros(int(seconds * rate))
    at, k = 0.0, 0
    while at < 1.6:
        x = at / 1.6
        t = _t(0.05, rate)
        f = midi_to_hz(76 + 16 * x)
        _place(out, at, np.sin(2 * np.pi * f * t) * _decay(t, 0.012, 0.0005) * (0.6 + 0.4 * (k % 2)), rate)
        at += 0.03 + 0.09 * x ** 3
        k += 1
    _place(out, 1.6, _fm_bell(96, 0.2, rate, ring=0.08) * 0.8, rate)
    return _stereo(out, 0.4, rate)


def light_flicker(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A spotlight failing: mains buzz stuttering on and off, with the crackle of a bad
    contact, ending in silence."""
    seconds = 1.0
    t = _t(seconds, rate)
    buzz = np.sign(np.sin(2 * np.pi * 100 * t)) * 0.4 + np.sin(2 * np.pi * 300 * t) * 0.3
    buzz = lowpass(buzz, 2500, rate, poles=2)
    gate = np.zeros(t.size)
    at = 0.0
    while at < seconds * 0.95:
        length = rng.uniform(0.02, 0.09) * (1.0 - 0.6 * at / seconds)
        gate[int(at * rate): int((at + length) * rate)] = rng.uniform(0.5, 1.0) * (1.0 - 0.5 * at / seconds)
        at += length + rng.uniform(0.02, 0.12) * (1.0 + at / seconds)
    gate = lowpass(gate, 300, rate)
    crackle = highpass(rng.standard_normal(t.size), 3000, rate) * (rng.random(t.size) < 0.004) * 1.0
    return _stereo(buzz * gate + crackle * gate, 0.3, rate)


def winner_flare(rate: int, rng: np.random.Generator) -> np.ndarray:
    """The winner's light flares: a bright major chord swelling up, with a shimmer."""
    seconds = 1.6
    t = _t(seconds, rate)
    swell = np.minimum(t / 0.35, 1.0) * np.exp(-np.maximum(t - 0.5, 0.0) / 0.45)
    chord = np.zeros(t.size)
    for midi in (72, 76, 79, 84):
        f = midi_to_hz(midi)
        chord += np.sin(2 * np.pi * f * t) + 0.35 * np.sin(4 * np.pi * f * t * 1.001)
    shimmer = highpass(rng.standard_normal(t.size), 7000, rate) * 0.1
    return _stereo((chord / 4 + shimmer) * swell, 1.0, rate)


def champion_fanfare(rate: int, rng: np.random.Generator) -> np.ndarray:
    """The champion's fanfare: brass-like tones up a major arpeggio to a held chord."""
    seconds = 2.6
    out = np.zeros(int(seconds * rate))

    def brass(midi: float, length: float) -> np.ndarray:
        t = _t(length, rate)
        f = midi_to_hz(midi)
        saw = 2 * ((f * t) % 1.0) - 1 + 0.5 * (2 * ((f * 1.004 * t) % 1.0) - 1)
        env = np.minimum(t / 0.04, 1.0) * np.minimum((length - t) / 0.15, 1.0).clip(0, 1)
        return lowpass(saw, 2200, rate, poles=2) * env

    for at, midi, length in ((0.0, 67, 0.2), (0.22, 72, 0.2), (0.44, 76, 0.2), (0.66, 79, 0.5)):
        _place(out, at, brass(midi, length), rate)
    for midi in (72, 76, 79, 84):
        _place(out, 1.2, brass(midi, 1.35) * 0.55, rate)
    return _stereo(out, 1.0, rate)


# -- the crowd -------------------------------------------------------------------------------
def _voices(rng: np.random.Generator, seconds: float, count: int, rate: int, low: float, high: float,
            syllables: float) -> np.ndarray:
    """Many people talking: noise in a voice band, each voice with its own syllable
    rhythm and its own vowel (a band-pass), summed in stereo."""
    t = _t(seconds, rate)
    out = np.zeros((t.size, 2))
    for _ in range(count):
        centre = rng.uniform(low, high)
        voice = bandpass(rng.standard_normal(t.size), centre * 0.7, centre * 1.4, rate)
        rhythm = rng.uniform(0.6, 1.4) * syllables
        envelope = np.clip(np.sin(2 * np.pi * rhythm * t + rng.uniform(0, 2 * np.pi)), 0.0, None) ** 2
        pan = rng.uniform(0.2, 0.8)
        out[:, 0] += voice * envelope * np.cos(pan * np.pi / 2)
        out[:, 1] += voice * envelope * np.sin(pan * np.pi / 2)
    return out / np.sqrt(count)


def _claps(out: np.ndarray, rng: np.random.Generator, count: int, until_s: float, spread: float,
           gain: float, hold_s: float, release_s: float, rate: int) -> None:
    """Hand claps scattered over the first ``until_s`` across the stereo field, fading
    after ``hold_s``."""
    clap_t = _t(0.05, rate)
    for _ in range(count):
        start = rng.uniform(0.05, until_s)
        clap = bandpass(rng.standard_normal(clap_t.size), 900, 3500, rate) * np.exp(-clap_t / 0.012)
        side = rng.uniform(spread, 1.0 - spread)
        level = gain * np.exp(-max(start - hold_s, 0.0) / release_s)
        _place(out[:, 0], start, clap * level * np.cos(side * np.pi / 2), rate)
        _place(out[:, 1], start, clap * level * np.sin(side * np.pi / 2), rate)


def _whistles(out: np.ndarray, rng: np.random.Generator, count: int, starts: tuple[float, float],
              lengths: tuple[float, float], pitches: tuple[float, float], glide: float, rate: int) -> None:
    """Whistles that glide up by ``glide`` and fall again, each on one side."""
    for _ in range(count):
        start, length = rng.uniform(*starts), rng.uniform(*lengths)
        wt = _t(length, rate)
        freq = rng.uniform(*pitches) * (1 + glide * np.sin(np.pi * wt / length))
        whistle = np.sin(2 * np.pi * np.cumsum(freq) / rate) * np.sin(np.pi * wt / length) * 0.12
        _place(out[:, int(rng.integers(2))], start, whistle, rate)


def crowd_cheer(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A swell of voices, claps and a few whistles, then it dies down."""
    seconds = 2.6
    t = _t(seconds, rate)
    swell = np.minimum(t / 0.25, 1.0) * np.exp(-np.maximum(t - 0.9, 0.0) / 0.7)
    out = _voices(rng, seconds, 24, rate, 500, 2200, 4.0) * swell[:, None]
    _claps(out, rng, 70, 2.0, 0.2, 0.5, 0.9, 0.8, rate)
    _whistles(out, rng, 3, (0.2, 1.0), (0.4, 0.7), (1800, 2600), 0.25, rate)
    return out


def crowd_roar(rate: int, rng: np.random.Generator) -> np.ndarray:
    """The hall erupts for the winner: a bigger, longer cheer than a good line's, claps
    thickening, whistles, then it rolls on and settles."""
    seconds = 3.2
    t = _t(seconds, rate)
    swell = np.minimum(t / 0.15, 1.0) * np.exp(-np.maximum(t - 1.4, 0.0) / 0.9)
    out = _voices(rng, seconds, 28, rate, 400, 2600, 5.0) * swell[:, None]
    _claps(out, rng, 140, 2.8, 0.15, 0.45, 1.4, 0.9, rate)
    _whistles(out, rng, 5, (0.1, 1.6), (0.4, 0.8), (1800, 2800), 0.3, rate)
    return out


def crowd_murmur(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A low, restless audience between songs; fades in and out."""
    seconds = 3.0
    t = _t(seconds, rate)
    fade = np.minimum(t / 0.5, 1.0) * np.minimum((seconds - t) / 0.6, 1.0)
    return lowpass(_voices(rng, seconds, 30, rate, 180, 800, 2.5), 1500, rate) * fade[:, None]


# -- menus -----------------------------------------------------------------------------------
def _blip(midis: tuple[float, ...], step_s: float, rate: int, decay: float = 0.05) -> np.ndarray:
    out = np.zeros(int((step_s * len(midis) + 0.12) * rate))
    for i, midi in enumerate(midis):
        t = _t(0.12, rate)
        f = midi_to_hz(midi)
        tone = (np.sin(2 * np.pi * f * t) + 0.25 * np.sin(6 * np.pi * f * t)) * _decay(t, decay, 0.001)
        _place(out, i * step_s, tone, rate)
    return _stereo(out)


def menu_move(rate: int, rng: np.random.Generator) -> np.ndarray:
    return _blip((81,), 0.0, rate, 0.025)


def menu_select(rate: int, rng: np.random.Generator) -> np.ndarray:
    return _blip((81, 88), 0.06, rate)


def menu_back(rate: int, rng: np.random.Generator) -> np.ndarray:
    return _blip((88, 81), 0.06, rate)


# name -> (maker, target loudness in LUFS)
_EFFECTS: dict[str, tuple[Callable[[int, np.random.Generator], np.ndarray], float]] = {
    "count-tick": (count_tick, -20.0),
    "count-go": (count_go, -18.0),
    "rating-perfect": (rating_perfect, -17.0),
    "rating-great": (rating_great, -18.0),
    "rating-good": (rating_good, -20.0),
    "rating-poor": (rating_poor, -21.0),
    "vote-swing": (vote_swing, -21.0),
    "elimination": (elimination, -15.0),
    "crowd-cheer": (crowd_cheer, -17.0),
    "crowd-murmur": (crowd_murmur, -24.0),
    "drum-roll": (drum_roll, -19.0),
    "verdict-hit": (verdict_hit, -17.0),
    "score-count": (score_count, -21.0),
    "light-flicker": (light_flicker, -20.0),
    "crowd-roar": (crowd_roar, -16.0),
    "winner-flare": (winner_flare, -18.0),
    "champion-fanfare": (champion_fanfare, -16.0),
    "menu-move": (menu_move, -24.0),
    "menu-select": (menu_select, -21.0),
    "menu-back": (menu_back, -22.0),
}
SOUND_NAMES: tuple[str, ...] = tuple(_EFFECTS)


def sound_path(name: str) -> Path:
    """``assets/sounds/<name>.ogg``; KeyError for a name that is not an effect."""
    if name not in _EFFECTS:
        raise KeyError(f"no sound effect {name!r} (known: {', '.join(SOUND_NAMES)})")
    return SOUNDS_DIR / f"{name}.ogg"


def momentary_loudness(samples: np.ndarray, rate: int) -> float:
    """K-weighted mean-square loudness of the whole sound, ungated (LUFS)."""
    audio = samples if samples.ndim > 1 else samples[:, None]
    weighted = apply_response(audio.astype(np.float64), k_weighting, rate, tail_seconds=0.0)
    power = float(np.mean(weighted**2, axis=0).sum())
    return -0.691 + 10.0 * np.log10(max(power, 1e-20))


def render_sound(name: str, rate: int = RATE, peak_dbfs: float = PEAK_DBFS) -> np.ndarray:
    """The effect ``name`` as (frames, 2) float32 at its target loudness, peaks under
    ``peak_dbfs``, with a 5 ms fade at each end. Same samples on every call."""
    maker, target = _EFFECTS[name]
    seed = sum(ord(c) * (i + 1) for i, c in enumerate(name))  # fixed per name, no hash()
    sound = np.asarray(maker(rate, np.random.default_rng(seed)), dtype=np.float64)
    sound = sound * 10.0 ** ((target - momentary_loudness(sound, rate)) / 20.0)
    ceiling = 10.0 ** (peak_dbfs / 20.0)
    peak = float(np.max(np.abs(sound)))
    if peak > ceiling:  # short sounds: turn the whole effect down rather than limit it
        sound *= ceiling / peak
    fade = min(int(0.005 * rate), sound.shape[0] // 2)
    ramp = np.linspace(0.0, 1.0, fade)[:, None]
    sound[:fade] *= ramp
    sound[sound.shape[0] - fade:] *= ramp[::-1]
    return sound.astype(np.float32)
