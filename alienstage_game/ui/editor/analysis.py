"""The audio under the piano roll: a waveform envelope and the sung pitch curve.

Computed once per audio file in a background thread (pyin is slow: tens of seconds for
a song) and cached in the user cache directory, keyed by the file's path, size and
modification time, so opening the chart again shows the curve at once.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...paths import cache_dir
from ...storage import atomic_write_bytes
from .tasks import Progress, Task

ENVELOPE_RATE = 100  # envelope bins per second
CHUNK_S = 8.0  # pyin runs chunk by chunk so the progress bar moves
FORMAT = 2


@dataclass(frozen=True)
class AudioPicture:
    """What the editor draws under the notes (song seconds throughout)."""

    envelope: np.ndarray  # peak |sample| per 10 ms bin, 0..1
    duration_s: float
    times: np.ndarray  # pitch frames, seconds
    midi: np.ndarray  # sung pitch in MIDI (fractional), NaN where unvoiced
    source: str  # which file the pitch was heard in ("vocals.ogg" / "backing.ogg (mix)")

    def envelope_at(self, seconds: np.ndarray) -> np.ndarray:
        index = np.clip((seconds * ENVELOPE_RATE).astype(int), 0, max(0, self.envelope.size - 1))
        out = self.envelope[index] if self.envelope.size else np.zeros_like(seconds)
        return np.where((seconds < 0) | (seconds > self.duration_s), 0.0, out)


def _cache_file(paths: list[Path]) -> Path:
    digest = hashlib.sha1(str(FORMAT).encode())
    for path in paths:
        stat = path.stat()
        digest.update(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return cache_dir() / "editor" / f"{digest.hexdigest()[:20]}.npz"


def envelope(y: np.ndarray, sr: int) -> np.ndarray:
    bin_size = max(1, sr // ENVELOPE_RATE)
    usable = y[: y.size - y.size % bin_size] if y.size >= bin_size else np.pad(y, (0, bin_size - y.size))
    peaks = np.abs(usable.reshape(-1, bin_size)).max(axis=1)
    top = float(peaks.max()) if peaks.size else 0.0
    return (peaks / top).astype(np.float32) if top > 0 else peaks.astype(np.float32)


def analyse(mix: Path, vocals: Path | None = None, progress: Progress = lambda f: None,
            on_envelope=lambda picture: None) -> AudioPicture:
    """Envelope of ``mix``; pitch curve of ``vocals`` when given, else of the mix.
    ``on_envelope`` gets a picture with the waveform only, as soon as it is known."""
    from ...pitch.offline import load_audio
    from ...pitch.transcribe import ANALYSIS_SR, pitch_track

    sources = [mix] + ([vocals] if vocals is not None else [])
    cache = _cache_file(sources)
    if cache.is_file():
        try:
            with np.load(cache, allow_pickle=False) as data:
                picture = AudioPicture(data["envelope"], float(data["duration"]), data["times"],
                                       data["midi"], str(data["source"]))
            progress(1.0)
            return picture
        except (OSError, KeyError, ValueError):
            pass  # a damaged cache is rebuilt
    y, sr = load_audio(mix, ANALYSIS_SR)
    progress(0.05)
    env = envelope(y, sr)
    on_envelope(AudioPicture(env, y.size / sr, np.zeros(0), np.zeros(0), ""))
    voice_y = y if vocals is None else load_audio(vocals, ANALYSIS_SR)[0]
    chunk = int(CHUNK_S * sr)
    times: list[np.ndarray] = []
    midis: list[np.ndarray] = []
    for start in range(0, max(1, voice_y.size), chunk):
        piece = voice_y[start: start + chunk]
        if piece.size < 2048:
            break
        t, f0, _level = pitch_track(piece, sr)
        times.append(t + start / sr)
        with np.errstate(divide="ignore", invalid="ignore"):
            midis.append(np.where(f0 > 0, 69.0 + 12.0 * np.log2(np.maximum(f0, 1e-9) / 440.0), np.nan))
        progress(0.05 + 0.95 * min(1.0, (start + chunk) / max(1, voice_y.size)))
    source = vocals.name if vocals is not None else f"{mix.name} (mix)"
    picture = AudioPicture(env, y.size / sr, np.concatenate(times) if times else np.zeros(0),
                           np.concatenate(midis) if midis else np.zeros(0), source)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, envelope=picture.envelope, duration=picture.duration_s, times=picture.times,
                        midi=picture.midi, source=np.array(source))
    try:
        atomic_write_bytes(cache, buffer.getvalue())
    except OSError:
        pass  # no cache this time; the picture is still good
    return picture


def start_analysis(mix: Path | None, vocals: Path | None) -> Task[AudioPicture] | None:
    """A background analysis of the chart's audio, or None when it has no readable file."""
    if mix is None or not mix.is_file():
        return None
    vocals = vocals if vocals is not None and vocals.is_file() else None
    task: Task[AudioPicture] = Task("analysis", lambda progress: analyse(mix, vocals, progress, publish),
                                    start=False)

    def publish(picture: AudioPicture) -> None:
        task.partial = picture  # the waveform alone, while the pitch curve is still being heard

    task.begin()
    return task
