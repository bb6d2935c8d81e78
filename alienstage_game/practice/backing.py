"""The backing track for a practice tempo and key: stretched without the pitch dropping.

A phase vocoder (librosa's STFT, with the per-frame phase accumulation vectorised as a
cumulative sum: librosa.phase_vocoder loops over frames in Python, ~6 s for a 3-minute
mono track here) stretches time; a resampling step then moves the pitch. Both happen in
one pass: stretch by ``tempo / ratio`` and resample by ``1 / ratio``, where ``ratio`` is
the transposition's frequency ratio, so the output lasts ``duration / tempo`` at the
shifted pitch.

Results are cached in the user cache dir, keyed by the source file's identity and the
settings, and written atomically: preparing a song twice costs one read.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from .. import paths, storage

N_FFT = 2048
HOP = 512
CACHE_VERSION = 1  # bump when the algorithm changes: old cache files are then ignored

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class PreparedBacking:
    path: Path  # a 16-bit WAV in the cache
    rate: int
    seconds: float
    cached: bool  # true when no work was needed


def semitone_ratio(semitones: float) -> float:
    return float(2.0 ** (semitones / 12.0))


def stretch(samples: np.ndarray, rate: float) -> np.ndarray:
    """Time-stretch (channels, n) or (n,) samples by ``rate`` (< 1 is slower), keeping pitch."""
    import librosa

    if rate == 1.0:
        return samples
    spectrum = librosa.stft(samples, n_fft=N_FFT, hop_length=HOP)
    steps = np.arange(0, spectrum.shape[-1], rate, dtype=np.float64)
    index = steps.astype(np.int64)
    frac = (steps - index).astype(np.float32)
    padded = np.concatenate([spectrum, np.zeros(spectrum.shape[:-1] + (2,), spectrum.dtype)], axis=-1)
    magnitude = np.abs(padded)
    phase = np.angle(padded)
    mag = (1.0 - frac) * magnitude[..., index] + frac * magnitude[..., index + 1]
    expected = (2.0 * np.pi * HOP * np.arange(spectrum.shape[-2]) / N_FFT)[:, None]
    advance = phase[..., index + 1] - phase[..., index] - expected
    advance -= 2.0 * np.pi * np.round(advance / (2.0 * np.pi))
    advance += expected
    # Output frame k carries the phase of frame 0 plus every advance before k.
    accumulated = np.cumsum(advance, axis=-1) - advance + phase[..., :1]
    out = (mag * np.exp(1j * accumulated)).astype(np.complex64)
    length = int(round(samples.shape[-1] / rate))
    return librosa.istft(out, hop_length=HOP, n_fft=N_FFT, length=length)


def retune(samples: np.ndarray, sr: int, tempo: float, semitones: int) -> np.ndarray:
    """The backing at ``tempo`` and ``semitones`` up (negative: down), same sample rate."""
    import librosa

    ratio = semitone_ratio(semitones)
    out = stretch(samples, tempo / ratio)
    if semitones:
        # Fewer samples at the same rate: everything sounds ``ratio`` higher and shorter.
        out = librosa.resample(out, orig_sr=float(sr) * ratio, target_sr=float(sr), res_type="soxr_hq")
    peak = float(np.max(np.abs(out))) if out.size else 0.0
    if peak > 0.999:  # phase vocoding can raise peaks a little; never clip
        out = out * (0.999 / peak)
    return out.astype(np.float32, copy=False)


def _cache_key(source: Path, tempo: float, semitones: int) -> str:
    stat = source.stat()
    ident = f"{CACHE_VERSION}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{tempo:.4f}|{semitones}"
    return hashlib.sha1(ident.encode()).hexdigest()[:20]


def cache_path(source: Path, tempo: float, semitones: int) -> Path:
    return paths.cache_dir() / "practice" / f"{source.stem}-{_cache_key(source, tempo, semitones)}.wav"


def prepare_backing(source: Path | str, tempo: float = 1.0, semitones: int = 0,
                    progress: Progress | None = None) -> PreparedBacking:
    """The practice version of ``source``, from the cache or rendered now.

    ``progress(fraction, what)`` is called as the work advances (for the loading bar).
    Raises FileNotFoundError naming the file when the backing is missing.
    """
    import soundfile

    from .chart import check_tempo, check_transpose

    check_tempo(tempo)
    check_transpose(semitones)
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"{source}: backing track not found")
    report = progress or (lambda fraction, what: None)
    target = cache_path(source, tempo, semitones)
    if target.is_file():
        info = soundfile.info(str(target))
        report(1.0, "ready (cached)")
        return PreparedBacking(target, int(info.samplerate), float(info.duration), cached=True)
    report(0.0, "reading the backing track")
    from ..audio.audiofile import read_audio

    data, rate = read_audio(source)
    samples = np.ascontiguousarray(data.T)  # (channels, n)
    channels = []
    for index, channel in enumerate(samples):
        report(0.05 + 0.85 * index / len(samples), f"stretching channel {index + 1} of {len(samples)}")
        channels.append(retune(channel, rate, tempo, semitones))
    report(0.9, "saving")
    buffer = io.BytesIO()
    soundfile.write(buffer, np.stack(channels, axis=1), rate, format="WAV", subtype="PCM_16")
    storage.atomic_write_bytes(target, buffer.getvalue())
    report(1.0, "ready")
    return PreparedBacking(target, rate, channels[0].size / rate, cached=False)
