"""What makes a synthetic take sound like a real amateur one, where a tracker notices.

``sing`` (``pitch.synthetic``) takes the singer's side of it as keyword options
(consonant onsets, breathy soft notes, level changes within a phrase, scoops and
portamento, natural vibrato, a weak fundamental and subharmonics in a low voice);
this module holds the pieces it draws on and the room and microphone a take is
recorded in:

- ``room_noise``: coloured (between pink and brown) ambient noise with a mains hum at
  the harmonics of 50 Hz, keyed to absolute sample positions so a region of a song
  renders as a slice of the whole;
- ``reverb_ir`` / ``reverberate``: a short room, an exponentially decaying noise
  impulse response with a chosen RT60;
- ``mic``: the microphone's gain (it scales the voice *and* the room it hears) and its
  own self-noise, fixed after the gain (a quiet mic puts the voice near that floor).

``REAL_LIKE`` / ``real_like`` are the preset of ``sing`` options the benches use;
``real_like_set`` holds the real-like takes of the pitch benchmark's synthetic set, with
exact truth (0 in consonants, rests and reverb tails). Pure numpy, seeded.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .synthetic import SungNote, SyntheticTake, melody, sing  # sing imports this module lazily

# Options of ``sing`` for an amateur singer on a phone: most syllables start with a
# consonant, soft notes are breathy, a phrase swells or fades by 6-12 dB and dies away
# at its end, notes are scooped into, glide into each other, and held ones get a
# vibrato that starts late; a low voice has a weak fundamental and some subharmonics.
REAL_LIKE: dict[str, float | bool] = {
    "consonant_rate": 0.7,
    "breathiness": 0.35,
    "dynamics_db": 10.0,
    "scoop_cents": 150.0,
    "scoop_rate": 0.5,
    "glide_s": 0.1,
    "natural_vibrato": True,
}
MALE_FUNDAMENTAL_DB = -9.0  # a low voice's fundamental, below its 2nd harmonic
MALE_SUBHARMONIC_DB = -22.0
ROOM_NOISE_DBFS = -55.0  # the room as a mic at 0 dB gain hears it (voice ~-20 dBFS; phone takes: -45..-60)
HUM_DBFS = -62.0  # mains hum, all harmonics together
RT60_S = 0.45
WET_DB = -7.0  # reverberant energy relative to the direct sound
SELF_NOISE_DBFS = -80.0  # the mic and converter's own noise, after the gain (as bench invariance)

# Consonants: (low Hz, high Hz, plosive). A plosive is a closure (silence) then a burst;
# a fricative is noise throughout; "h" is aspiration in the vowel's own band.
CONSONANTS: tuple[tuple[float, float, bool], ...] = (
    (4000.0, 9000.0, False),  # s
    (2000.0, 6000.0, False),  # sh
    (1200.0, 8000.0, False),  # f
    (500.0, 2500.0, False),  # h
    (2500.0, 6000.0, True),  # t
    (1500.0, 3500.0, True),  # k
    (400.0, 2000.0, True),  # p
)
CONSONANT_DB = -12.0  # a consonant's RMS relative to the vowel after it


def real_like(female: bool = False, **overrides: float | bool | None) -> dict[str, float | bool | None]:
    """``sing`` options for a real-like amateur; a low (male) voice gets its weak
    fundamental and subharmonics. ``overrides`` replace or add options."""
    options: dict[str, float | bool | None] = dict(REAL_LIKE)
    if not female:
        options.update(fundamental_db=MALE_FUNDAMENTAL_DB, subharmonic_db=MALE_SUBHARMONIC_DB)
    options.update(overrides)
    return options


def in_room(signal: np.ndarray, sr: int, *, seed: int = 0, offset: int = 0, rt60: float | None = RT60_S,
            noise_dbfs: float | None = ROOM_NOISE_DBFS, hum_dbfs: float | None = HUM_DBFS) -> np.ndarray:
    """A dry voice as it sounds in the room, before any mic: reverb, then the room's noise."""
    out = np.asarray(signal, dtype=np.float64)
    if rt60:
        out = reverberate(out, sr, rt60, seed=seed)
    if noise_dbfs is not None:
        out = out + room_noise(out.size, sr, level_dbfs=noise_dbfs, hum_dbfs=hum_dbfs, seed=seed, offset=offset)
    return out


def band_noise(n: int, sr: int, low: float, high: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` samples of unit-RMS noise band-limited to ``low..high`` Hz (smooth edges)."""
    if n <= 0:
        return np.zeros(0)
    size = max(64, n)
    spectrum = np.fft.rfft(rng.standard_normal(size))
    freqs = np.fft.rfftfreq(size, 1 / sr)
    high = min(high, 0.45 * sr)
    shape = 1.0 / (1.0 + (low / np.maximum(freqs, 1.0)) ** 4) / (1.0 + (freqs / high) ** 4)
    out = np.fft.irfft(spectrum * shape, size)[:n]
    return out / max(1e-12, float(np.sqrt(np.mean(out**2))))


def consonant(n: int, sr: int, kind: int, rng: np.random.Generator) -> np.ndarray:
    """A consonant burst of ``n`` samples, unit RMS over its sounding part."""
    low, high, plosive = CONSONANTS[kind % len(CONSONANTS)]
    noise = band_noise(n, sr, low, high, rng)
    t = np.arange(n) / sr
    if plosive:  # closure, then a sharp burst that decays in ~10 ms
        closure = int(0.4 * n)
        env = np.where(np.arange(n) >= closure, np.exp(-(t - closure / sr) / 0.01), 0.0)
        env /= max(1e-12, float(np.sqrt(np.mean(env[closure:] ** 2)))) if closure < n else 1.0
    else:  # a fricative swells and fades
        env = np.sin(np.pi * (np.arange(n) + 0.5) / n) ** 0.5 * np.sqrt(1.5)
    return noise * env


def _colour_filter(sr: int, taps: int) -> np.ndarray:
    """A zero-phase FIR: ~1/f^0.75 in amplitude (between pink and brown) above 25 Hz,
    and a soft high shelf down above 4 kHz (rooms are dull)."""
    freqs = np.fft.rfftfreq(taps, 1 / sr)
    f = np.maximum(freqs, 1.0)
    shape = (f / 100.0) ** -0.75 / (1.0 + (25.0 / f) ** 4) / np.sqrt(1.0 + (f / 4000.0) ** 2)
    ir = np.fft.irfft(shape, taps)
    ir = np.roll(ir, taps // 2) * np.hanning(taps)
    return ir / np.sqrt(np.sum(ir**2))


def room_noise(n: int, sr: int, *, level_dbfs: float = ROOM_NOISE_DBFS, hum_dbfs: float | None = HUM_DBFS,
               seed: int = 0, offset: int = 0) -> np.ndarray:
    """Ambient room noise for samples ``offset .. offset + n`` of a recording.

    The white source is drawn per second of absolute position, so any region is the
    slice of the whole. RMS ``level_dbfs`` (noise) plus ``hum_dbfs`` (50 Hz harmonics).
    """
    if n <= 0:
        return np.zeros(0)
    taps = 2048 if sr <= 24000 else 4096
    a, b = offset - taps, offset + n
    first, last = a // sr, (b - 1) // sr
    white = np.concatenate([np.random.default_rng([seed, 0x500D, blk & 0xFFFFFFFF]).standard_normal(sr)
                            for blk in range(first, last + 1)])
    white = white[a - first * sr : b - first * sr]
    ir = _colour_filter(sr, taps)
    size = 1 << int(np.ceil(np.log2(white.size + taps)))
    coloured = np.fft.irfft(np.fft.rfft(white, size) * np.fft.rfft(ir, size), size)
    out = coloured[taps : taps + n] * 10 ** (level_dbfs / 20)
    if hum_dbfs is not None:
        rng = np.random.default_rng([seed, 0x50])
        t = (offset + np.arange(n)) / sr
        weights = np.array([1.0, 0.7, 0.5, 0.25, 0.3, 0.12, 0.15, 0.06])  # odd ones strong
        phases = rng.uniform(0, 2 * np.pi, weights.size)
        hum = sum(w * np.sin(2 * np.pi * 50.0 * (k + 1) * t + p) for k, (w, p) in enumerate(zip(weights, phases)))
        out += hum * 10 ** (hum_dbfs / 20) / np.sqrt(np.sum(weights**2) / 2)
    return out


def reverb_ir(sr: int, rt60: float = RT60_S, *, wet_db: float = WET_DB, seed: int = 0) -> np.ndarray:
    """A small room's reverberant part: noise decaying 60 dB in ``rt60`` seconds, its
    energy ``wet_db`` relative to the direct sound; the first reflection after 8 ms."""
    rng = np.random.default_rng([seed, 0x4EB])
    length = int(1.2 * rt60 * sr)  # a little past -60 dB
    t = np.arange(length) / sr
    tail = rng.standard_normal(length) * np.exp(-6.9078 * t / rt60)
    tail[: int(0.008 * sr)] = 0.0
    return tail * 10 ** (wet_db / 20) / np.sqrt(np.sum(tail**2))


def reverberate(signal: np.ndarray, sr: int, rt60: float = RT60_S, *, wet_db: float = WET_DB,
                seed: int = 0) -> np.ndarray:
    """The dry signal plus its reverb, the tail cut at the signal's end (pad to keep it)."""
    ir = reverb_ir(sr, rt60, wet_db=wet_db, seed=seed)
    size = 1 << int(np.ceil(np.log2(signal.size + ir.size)))
    wet = np.fft.irfft(np.fft.rfft(signal, size) * np.fft.rfft(ir, size), size)[: signal.size]
    return signal + wet


def mic(signal: np.ndarray, gain_db: float = 0.0, *, self_noise_dbfs: float = SELF_NOISE_DBFS,
        seed: int = 0) -> np.ndarray:
    """A microphone: ``gain_db`` scales all it hears (voice and room); its own noise is
    fixed after the gain, slightly bright (converter hiss)."""
    rng = np.random.default_rng([seed, 0x3A1C])
    hiss = rng.standard_normal(signal.size + 1)
    hiss = 0.7 * hiss[1:] + 0.3 * np.diff(hiss)
    hiss *= 10 ** (self_noise_dbfs / 20) / max(1e-12, float(np.sqrt(np.mean(hiss**2))))
    return (np.asarray(signal, dtype=np.float64) * 10 ** (gain_db / 20) + hiss).astype(np.float32)


def phrase_levels(notes: Sequence[SungNote], n: int, sr: int, size_db: float,
              rng: np.random.Generator) -> np.ndarray:
    """Level in dB per sample (0 = the loudest intent): each phrase (notes apart by less
    than 0.35 s) swells or fades by 0.6-1.2 x ``size_db``, each note is a little louder or
    softer, and the phrase's last note dies away by ``size_db``; smoothed over 30 ms."""
    db = np.zeros(n)
    phrases: list[list[SungNote]] = []
    for note in notes:
        if phrases and note.start - (phrases[-1][-1].start + phrases[-1][-1].duration) < 0.35:
            phrases[-1].append(note)
        else:
            phrases.append([note])
    for phrase in phrases:
        swell = rng.uniform(0.6, 1.2) * size_db * rng.choice([-1.0, 1.0])
        a = int(phrase[0].start * sr)
        b = min(n, int((phrase[-1].start + phrase[-1].duration) * sr))
        jitter = rng.uniform(-0.3, 0.3, len(phrase)) * size_db
        if b <= a:
            continue
        ramp = np.linspace(0.0, 1.0, b - a)
        db[a:b] = (ramp - 0.5) * swell - abs(swell) / 2
        for note, j in zip(phrase, jitter):
            s, e = int(note.start * sr), min(n, int((note.start + note.duration) * sr))
            db[s:e] += j
        last = phrase[-1]
        fade = max(1, int(min(0.3, 0.5 * last.duration) * sr))
        db[b - fade : b] -= np.linspace(0.0, size_db, min(fade, b - a))[-min(fade, b - a):]
        db[b:] = db[b - 1] if b < n else 0.0
    width = max(1, int(0.03 * sr))
    smooth = np.convolve(np.concatenate([np.full(width, db[0]), db, np.full(width, db[-1])]),
                         np.ones(width) / width, mode="same")[width:-width]
    return smooth


def recorded(take: SyntheticTake, sr: int, *, gain_db: float = 0.0, seed: int = 0) -> SyntheticTake:
    """A take sung in a real-like room (reverb, coloured noise, hum) on a mic at ``gain_db``
    (the gain scales the voice and the room; the mic's own noise comes after it)."""
    return take._replace(signal=mic(in_room(take.signal, sr, seed=seed), gain_db, seed=seed))


def real_like_set(sr: int = 44100, seed: int = 0) -> dict[str, SyntheticTake]:
    """Real-like takes: consonants, breathy soft notes, dynamics, scoops, late vibrato, a
    low male voice with a weak fundamental, rooms and quiet mics (``pitch.realistic``)."""
    mid = melody(seed + 3, 50, 67)
    male = sing(melody(seed + 11, 36, 60), sr, seed=seed + 11, **real_like())
    female = sing(melody(seed + 12, 60, 84), sr, seed=seed + 12, female=True, **real_like(True))
    amateur = sing(mid, sr, seed=seed + 13, **real_like())
    return {
        "real-like-male-low": recorded(male, sr, seed=seed + 11),
        "real-like-female": recorded(female, sr, seed=seed + 12),
        "real-like-quiet-30db": recorded(amateur, sr, gain_db=-30.0, seed=seed + 13),
        "consonants": sing(mid, sr, seed=seed, consonant_rate=1.0),
        "breathy-soft": sing(mid, sr, seed=seed, breathiness=0.8, dynamics_db=10.0),
    }
