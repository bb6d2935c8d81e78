"""Synthetic singers with an exactly known f0, for tests and the pitch benchmark.

A take is rendered from notes: a harmonic source shaped by vowel formants, with
vibrato, jitter, legato glides, breath noise and breath intakes; it can then be put in
a room (reverb), under noise at a chosen SNR, or over leaking backing music. Every
function is pure numpy and seeded, so a take is the same on every machine.

The truth is sampled on a 10 ms grid: ``f0`` is the exact instantaneous frequency of
the rendered source, 0 where the voice is silent or below -20 dB of its own envelope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Sequence

import numpy as np

TRUTH_HOP_S = 0.01

# (F1, F2, F3) in Hz with bandwidths; "male" and "female" sets differ by ~15 %.
VOWELS: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "a": ((730.0, 1090.0, 2440.0), (90.0, 110.0, 170.0)),
    "e": ((530.0, 1840.0, 2480.0), (70.0, 100.0, 160.0)),
    "i": ((270.0, 2290.0, 3010.0), (50.0, 100.0, 170.0)),
    "o": ((570.0, 840.0, 2410.0), (70.0, 90.0, 160.0)),
    "u": ((300.0, 870.0, 2240.0), (50.0, 80.0, 150.0)),
}


class SyntheticTake(NamedTuple):
    """A rendered voice and its truth; unpacks as ``signal, times, f0``."""

    signal: np.ndarray  # float32 mono
    times: np.ndarray  # truth frame times, seconds
    f0: np.ndarray  # truth f0 in Hz, 0 = unvoiced


@dataclass(frozen=True, slots=True)
class SungNote:
    start: float  # seconds
    duration: float  # seconds
    midi: float
    vowel: str = "a"


def midi_hz(midi: np.ndarray | float) -> np.ndarray:
    return 440.0 * 2.0 ** ((np.asarray(midi, dtype=np.float64) - 69.0) / 12.0)


def _phrases(notes: Sequence[SungNote]) -> list[list[SungNote]]:
    """Runs of legato notes (each starts where the previous one ends)."""
    runs: list[list[SungNote]] = []
    for note in sorted(notes, key=lambda n: n.start):
        if runs and abs(runs[-1][-1].start + runs[-1][-1].duration - note.start) < 1e-6:
            runs[-1].append(note)
        else:
            runs.append([note])
    return runs


def _formant_gain(freqs: np.ndarray, vowel: str, scale: float) -> np.ndarray:
    centres, widths = VOWELS[vowel]
    gain = np.full_like(freqs, 0.05)
    for i, (fc, bw) in enumerate(zip(centres, widths)):
        fc, bw = fc * scale, bw * scale
        gain += (0.9**i) / np.sqrt(1.0 + ((freqs - fc) / (bw / 2.0)) ** 2)
    return gain


def sing(
    notes: Sequence[SungNote],
    sr: int = 44100,
    *,
    seed: int = 0,
    duration: float | None = None,
    female: bool = False,
    vibrato_cents: float = 0.0,
    vibrato_hz: float = 5.5,
    glide_s: float = 0.06,
    breath_db: float = -30.0,
    breath_intakes: bool = False,
    jitter_cents: float = 4.0,
    max_harmonic_hz: float = 5000.0,
    consonant_rate: float = 0.0,
    breathiness: float = 0.0,
    dynamics_db: float = 0.0,
    scoop_cents: float = 0.0,
    scoop_rate: float = 0.0,
    natural_vibrato: bool = False,
    fundamental_db: float = 0.0,
    subharmonic_db: float | None = None,
) -> SyntheticTake:
    """Render notes as a sung voice at about -20 dBFS RMS while singing.

    The options after ``max_harmonic_hz`` make an amateur of it (all off by default; the
    preset is ``pitch.realistic.real_like``), each from its own seeded stream so turning
    one on leaves the others' draws alone:

    - ``consonant_rate``: the share of syllables that start with a consonant, a 20-60 ms
      band-limited noise burst (fricative, or closure + plosive burst) before the vowel;
      the voice (and the truth) starts after it;
    - ``breathiness`` (0..1): aspiration noise pulsed with the glottis mixed into the
      harmonics, steeper upper harmonics and a soft attack (up to 150 ms), more so on
      soft notes;
    - ``dynamics_db``: notes at different loudness, each phrase swelling or fading by
      0.6-1.2 times this, and dying away by this much at its end;
    - ``scoop_cents`` / ``scoop_rate``: that share of attacked notes start up to this
      far below and slide up in 60-120 ms (legato notes glide over ``glide_s``);
    - ``natural_vibrato``: held notes get a vibrato of 30-80 cents at 5-6 Hz that starts
      after 0.2-0.35 s (instead of ``vibrato_cents``);
    - ``fundamental_db``: the fundamental's level change on low notes (-9 makes the 2nd
      harmonic the stronger); ``subharmonic_db``: period doubling, components between the
      harmonics at this level relative to them; both in full below 150 Hz, gone by 300 Hz.
    """
    rng = np.random.default_rng(seed)

    def stream(aspect: int) -> np.random.Generator:
        return np.random.default_rng([seed & 0xFFFFFFFFFFFF, 0x5EA1, aspect])

    if duration is None:
        duration = max(n.start + n.duration for n in notes) + 0.3
    n = int(round(duration * sr))
    t = np.arange(n) / sr
    midi = np.zeros(n)
    env = np.zeros(n)
    gain_vowel = np.zeros((n,), dtype=np.int8)
    vowel_names = list(VOWELS)
    attack, release = 0.025, 0.04
    ordered = sorted(notes, key=lambda x: x.start)
    count = len(ordered)
    # Per-note draws of the amateur options, one stream each.
    has_cons = stream(1).random(count) < consonant_rate
    cons_len = stream(2).uniform(0.02, 0.06, count)
    cons_kind = stream(3).integers(0, 1 << 16, count)
    scooped = stream(4).random(count) < scoop_rate
    scoop_depth = stream(5).uniform(0.5, 1.0, count) * scoop_cents / 100.0
    scoop_len = stream(6).uniform(0.06, 0.12, count)
    vib = stream(7).uniform(size=(count, 4))  # depth, rate, delay, phase
    run_breath = np.clip(breathiness * stream(8).uniform(0.4, 2.0, count), 0.0, 1.0)
    index = {id(note): k for k, note in enumerate(ordered)}
    cons_at: list[tuple[int, int, int]] = []  # (first sample, samples, note index)
    gate = np.ones(n)  # 0 under a consonant inside a legato run
    breath_at = np.zeros(n) if breathiness > 0 else None
    for run in _phrases(notes):
        k0 = index[id(run[0])]
        a = int(run[0].start * sr)
        b = min(n, int((run[-1].start + run[-1].duration) * sr))
        if has_cons[k0]:
            c = min(int(cons_len[k0] * sr), int(0.4 * run[0].duration * sr))
            cons_at.append((a, c, k0))
            a += c
        run_attack = attack + (run_breath[k0] * 0.125 if breathiness > 0 else 0.0)
        seg = t[a:b] - t[a] if b > a else t[a:a]
        if seg.size:
            env[a:b] = np.minimum(1.0, np.minimum(seg / run_attack, (seg[-1] - seg) / release + 1e-9))
        if breath_at is not None:
            breath_at[a:b] = run_breath[k0]
        for k, note in enumerate(run):
            s, e = int(note.start * sr), min(n, int((note.start + note.duration) * sr))
            ki = index[id(note)]
            midi[s:e] = note.midi
            gain_vowel[s:e] = vowel_names.index(note.vowel)
            voiced_from = s
            if k > 0 and has_cons[ki]:  # a consonant breaks the legato
                c = min(int(cons_len[ki] * sr), int(0.4 * note.duration * sr))
                cons_at.append((s, c, ki))
                fall = min(int(0.01 * sr), s)
                gate[s - fall : s] *= np.linspace(1.0, 0.0, fall, endpoint=False) if fall else 1.0
                gate[s : s + c] = 0.0
                rise = min(int(0.015 * sr), max(0, e - s - c))
                gate[s + c : s + c + rise] *= np.linspace(0.0, 1.0, rise, endpoint=False)
                voiced_from = s + c
            elif k == 0:
                voiced_from = a
            if k > 0 and glide_s > 0:  # legato: slide from the previous pitch (cosine ramp)
                g = min(int(glide_s * sr), e - s)
                ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(g) / g)
                midi[s : s + g] = run[k - 1].midi + (note.midi - run[k - 1].midi) * ramp
            if scooped[ki] and (k == 0 or has_cons[ki]):  # attacked from below
                g = min(int(scoop_len[ki] * sr), max(0, e - voiced_from))
                if g > 0:
                    ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(g) / g)
                    midi[voiced_from : voiced_from + g] -= scoop_depth[ki] * (1.0 - ramp)
            if natural_vibrato:
                if note.duration > 0.35:
                    depth, rate = (30.0 + 50.0 * vib[ki, 0]) / 100.0, 5.0 + vib[ki, 1]
                    delay = 0.2 + 0.15 * vib[ki, 2]
                    rel = t[s:e] - note.start
                    grow = np.clip((rel - delay) / 0.3, 0.0, 1.0)
                    midi[s:e] += grow * depth * np.sin(2 * np.pi * rate * rel + 6.28 * vib[ki, 3])
            elif vibrato_cents > 0:  # vibrato grows in after 150 ms, as singers do
                rel = t[s:e] - note.start
                depth = np.clip((rel - 0.15) / 0.2, 0.0, 1.0) * vibrato_cents / 100.0
                midi[s:e] += depth * np.sin(2 * np.pi * vibrato_hz * rel + rng.uniform(0, 6.28))
    if cons_at:
        env *= gate
    if jitter_cents > 0:  # slow random pitch drift: a smoothed random walk
        walk = np.cumsum(rng.standard_normal(n // 441 + 2))
        walk = (walk - np.linspace(walk[0], walk[-1], walk.size)) / max(1.0, np.abs(walk).max())
        midi += np.interp(t, np.arange(walk.size) * 0.01, walk) * jitter_cents / 100.0 * (env > 0)
    level_db = None
    if dynamics_db > 0:
        from .realistic import phrase_levels

        level_db = phrase_levels(ordered, n, sr, dynamics_db, stream(9))
    if breath_at is not None and level_db is not None:  # soft notes are the breathy ones
        breath_at = np.clip(breath_at + np.maximum(0.0, -level_db) / 24.0 * breathiness / 0.35, 0.0, 1.0)
    f0 = np.where(env > 0, midi_hz(midi), 0.0)
    phase = 2 * np.pi * np.cumsum(f0) / sr
    voice = np.zeros(n)
    scale = 1.15 if female else 1.0
    sung = env > 0
    f_low = f0[sung].min() if sung.any() else 100.0
    # Only the sung samples cost anything, and sin(h*phase) comes from the angle-addition
    # recurrence (two multiplies a harmonic instead of a sine): long chart voices render fast.
    idx = np.nonzero(sung)[0]
    f0_sung, ph = f0[idx], phase[idx]
    vowel_at = [(name, np.nonzero(gain_vowel[idx] == v)[0]) for v, name in enumerate(vowel_names)]
    vowel_at = [(name, where) for name, where in vowel_at if where.size]
    tilt = breath_at[idx] * 1.2 if breath_at is not None else None  # breathy: steeper upper harmonics
    # A weak fundamental and subharmonics belong to low notes: in full below 150 Hz (D3),
    # fading out by 300 Hz, where the fundamental is near F1 again.
    low_voice = np.clip(np.log2(300.0 / np.maximum(f0_sung, 1.0)), 0.0, 1.0)
    sin1, cos1 = np.sin(ph), np.cos(ph)
    sin_prev, sin_h = np.zeros_like(ph), sin1
    sung_voice = np.zeros(idx.size)
    for h in range(1, min(80, int(max_harmonic_hz / f_low)) + 1):
        hf = h * f0_sung
        amp = np.zeros(idx.size)
        for name, where in vowel_at:
            amp[where] = _formant_gain(hf[where], name, scale)
        amp[hf >= 0.45 * sr] = 0.0
        if h == 1 and fundamental_db:
            amp *= 10 ** (fundamental_db * low_voice / 20)
        if tilt is not None and h > 1:
            amp *= np.exp(-tilt * np.log(h))
        sung_voice += amp / h**0.7 * sin_h
        sin_prev, sin_h = sin_h, 2.0 * cos1 * sin_h - sin_prev
    if subharmonic_db is not None:  # alternate periods louder and softer: components at f0/2
        sung_voice *= 1.0 + 2.0 * 10 ** (subharmonic_db / 20) * low_voice * np.cos(ph / 2.0)
    voice[idx] = sung_voice
    voice *= env
    gain = 10 ** (level_db / 20) if level_db is not None else None
    if gain is not None:
        voice *= gain
    level = np.sqrt(np.mean(voice[env > 0.5] ** 2)) if (env > 0.5).any() else 1.0
    voice *= 0.1 / level  # -20 dBFS RMS while singing
    aspiration = np.diff(rng.standard_normal(n + 1))  # breath: high-passed noise
    aspiration *= 0.1 * 10 ** (breath_db / 20) / np.sqrt(2)
    voice += aspiration * env
    if breath_at is not None:  # aspiration in the vowel's band, pulsed with each glottal cycle
        from .realistic import band_noise

        air = band_noise(n, sr, 400.0, 6000.0, stream(10)) * (0.65 + 0.35 * np.cos(phase))
        mix = 0.1 * 10 ** (-5.0 / 20) * breath_at * env
        voice += air * mix * (gain if gain is not None else 1.0)
    if cons_at:
        from .realistic import CONSONANT_DB, consonant

        crng = stream(11)
        loud = stream(12).uniform(0.5, 1.5, count)
        for s, c, k in cons_at:
            c = min(c, n - s)
            if c <= 0:
                continue
            at = min(n - 1, s + c + int(0.03 * sr))
            g = float(gain[at]) if gain is not None else 1.0
            burst = consonant(c, sr, int(cons_kind[k]), crng)
            voice[s : s + c] += burst * 0.1 * 10 ** (CONSONANT_DB / 20) * loud[k] * g
    if breath_intakes:  # a breath in every rest longer than 0.25 s
        ends = [r[-1].start + r[-1].duration for r in _phrases(notes)]
        starts = [r[0].start for r in _phrases(notes)][1:]
        for e, s in zip(ends, starts):
            if s - e > 0.25:
                a, b = int((e + 0.05) * sr), int((s - 0.03) * sr)
                shape = np.sin(np.linspace(0, np.pi, b - a))
                voice[a:b] += aspiration[a:b] * shape * 4.0
    times = np.arange(0.0, duration, TRUTH_HOP_S)
    idx = np.minimum((times * sr).round().astype(int), n - 1)
    truth = np.where(env[idx] >= 0.1, f0[idx], 0.0)
    return SyntheticTake(voice.astype(np.float32), times, truth)


def tone(f0_hz: float, seconds: float, sr: int = 44100, *, start: float = 0.2, seed: int = 0,
         vowel: str = "a") -> SyntheticTake:
    """One steady sung note after a short silence."""
    midi = 69.0 + 12.0 * np.log2(f0_hz / 440.0)
    return sing([SungNote(start, seconds, float(midi), vowel)], sr, seed=seed, jitter_cents=0.0)


def melody(seed: int, low: float, high: float, seconds: float = 4.0, *,
           legato: float = 0.6, start: float = 0.2) -> list[SungNote]:
    """A random singable line between two MIDI pitches, in steps and small leaps."""
    rng = np.random.default_rng(seed)
    notes: list[SungNote] = []
    t, pitch = start, float(rng.integers(int(low), int(high) + 1))
    while t < seconds - 0.5:
        d = float(rng.uniform(0.22, 0.6))
        notes.append(SungNote(t, d, pitch, str(rng.choice(list(VOWELS)))))
        t += d if rng.random() < legato else d + float(rng.uniform(0.12, 0.35))
        if rng.random() < 0.3:  # a fresh leap anywhere in the range keeps it all visited
            pitch = float(rng.integers(int(low), int(high) + 1))
        else:
            pitch = float(np.clip(pitch + rng.choice([-5, -3, -2, -1, 1, 2, 3, 4, 7]), low, high))
    return notes


def octave_leaps(seed: int = 0, base_midi: float = 57.0) -> list[SungNote]:
    """Legato leaps of an octave up and down, the classic tracker trap."""
    pitches = [base_midi, base_midi + 12, base_midi, base_midi - 12, base_midi, base_midi + 12,
               base_midi + 7, base_midi - 5, base_midi + 7]
    vowels = "aoieuaoei"
    return [SungNote(0.2 + 0.4 * i, 0.4, p, vowels[i]) for i, p in enumerate(pitches)]


def _active_rms(take: SyntheticTake, sr: int) -> float:
    voiced = take.f0 > 0
    if not voiced.any():
        return float(np.sqrt(np.mean(take.signal.astype(np.float64) ** 2)) + 1e-12)
    idx = (take.times[voiced] * sr).astype(int)
    hop = int(TRUTH_HOP_S * sr)
    samples = np.concatenate([take.signal[i : i + hop] for i in idx])
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


def add_noise(take: SyntheticTake, snr_db: float, sr: int = 44100, *, seed: int = 0) -> SyntheticTake:
    """Room-like (pinkish) noise at ``snr_db`` below the voice's active level."""
    rng = np.random.default_rng(seed)
    white = rng.standard_normal(take.signal.size)
    pink = np.fft.irfft(np.fft.rfft(white) / np.sqrt(np.maximum(1.0, np.arange(white.size // 2 + 1) * sr / white.size / 100.0)), white.size)
    pink *= _active_rms(take, sr) / 10 ** (snr_db / 20) / np.sqrt(np.mean(pink**2))
    return take._replace(signal=(take.signal + pink).astype(np.float32))


def add_reverb(take: SyntheticTake, sr: int = 44100, *, rt60: float = 0.5, wet_db: float = -6.0,
               seed: int = 0) -> SyntheticTake:
    """A small room: the dry voice plus an exponentially decaying noise tail."""
    rng = np.random.default_rng(seed)
    length = int(rt60 * sr)
    tail = rng.standard_normal(length) * np.exp(-6.9 * np.arange(length) / length)
    tail[: int(0.01 * sr)] = 0.0  # first reflections arrive after ~10 ms
    tail *= 10 ** (wet_db / 20) / np.sqrt(np.sum(tail**2))
    size = take.signal.size + length
    wet = np.fft.irfft(np.fft.rfft(take.signal, size) * np.fft.rfft(tail, size), size)[: take.signal.size]
    return take._replace(signal=(take.signal + wet).astype(np.float32))


def backing_music(seconds: float, sr: int = 44100, *, seed: int = 0) -> np.ndarray:
    """A chord pad, a bass line and a hi-hat: what a backing track leaks into a mic."""
    rng = np.random.default_rng(seed)
    n = int(seconds * sr)
    t = np.arange(n) / sr
    out = np.zeros(n)
    for c in range(int(np.ceil(seconds))):
        root = float(rng.integers(48, 60))
        a, b = c * sr, min(n, (c + 1) * sr)
        for p in (root - 12, root, root + 4 + int(rng.integers(0, 2)) * -1, root + 7):
            f = float(midi_hz(p))
            for h in range(1, 9):
                out[a:b] += np.sin(2 * np.pi * f * h * t[a:b]) / h / (2.0 if p < root else 1.0)
    hat = rng.standard_normal(n) * (np.mod(t, 0.25) < 0.02)
    out += np.diff(hat, prepend=0.0) * 0.5
    return out / np.sqrt(np.mean(out**2))


def add_backing(take: SyntheticTake, sr: int = 44100, *, level_db: float = -20.0,
                seed: int = 0) -> SyntheticTake:
    """Backing music leaking into the mic at ``level_db`` relative to the voice."""
    music = backing_music(take.signal.size / sr, sr, seed=seed)[: take.signal.size]
    music *= _active_rms(take, sr) * 10 ** (level_db / 20)
    return take._replace(signal=(take.signal + music).astype(np.float32))


def synthetic_set(sr: int = 44100, seed: int = 0) -> dict[str, SyntheticTake]:
    """The benchmark's voices: ranges, ornaments and the rooms they are sung in."""
    mid = melody(seed + 3, 50, 67)
    return {
        "low-male": sing(melody(seed, 36, 52), sr, seed=seed),
        "high-female": sing(melody(seed + 5, 70, 84), sr, seed=seed, female=True),
        "vibrato": sing(melody(seed + 2, 52, 69), sr, seed=seed, vibrato_cents=60.0),
        "glides": sing(melody(seed + 4, 48, 67, legato=1.0), sr, seed=seed, glide_s=0.15),
        "octave-leaps": sing(octave_leaps(seed), sr, seed=seed),
        "breathy": sing(mid, sr, seed=seed, breath_db=-14.0, breath_intakes=True),
        "noise-20db": add_noise(sing(mid, sr, seed=seed), 20.0, sr, seed=seed),
        "noise-10db": add_noise(sing(mid, sr, seed=seed), 10.0, sr, seed=seed),
        "reverb": add_reverb(sing(mid, sr, seed=seed), sr, seed=seed),
        "backing-20db": add_backing(sing(mid, sr, seed=seed), sr, level_db=-20.0, seed=seed),
        **_real_like_set(sr, seed),
    }


def _real_like_set(sr: int, seed: int) -> dict[str, SyntheticTake]:
    from .realistic import real_like_set

    return real_like_set(sr, seed)
