"""The backing track for a practice tempo and key: stretched without the pitch dropping.

A phase vocoder (``vocoder.py``) stretches time; a resampling step then moves the pitch.
Both happen in one pass: stretch by ``tempo / ratio`` and resample by ``1 / ratio``,
where ``ratio`` is the transposition's frequency ratio, so the output lasts
``duration / tempo`` at the shifted pitch. The song streams through a chunk at a time
(read, stretch, resample with soxr's streaming resampler, write), so memory follows the
chunk, not the song: a 3-minute stereo song takes 1-2 s and a process peak of
~100-130 MB on the 2-core machine (``alienstage bench practice``).

Results are cached in the user cache dir, keyed by the source file's identity and the
settings, and written atomically: preparing a song twice costs one read.
"""

from __future__ import annotations

import hashlib
import tempfile
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterator

import numpy as np

from .. import paths, storage
from .vocoder import CHUNK_FRAMES, Reader, SampleWindow, stretch_chunks

CACHE_VERSION = 2  # bump when the algorithm changes: old cache files are then ignored
HEADROOM = 0.999  # phase vocoding can raise peaks a little; never clip
SAVE_BLOCK = 1 << 18  # samples per block when the scratch is copied into the WAV

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class PreparedBacking:
    path: Path  # a 16-bit WAV in the cache
    rate: int
    seconds: float
    cached: bool  # true when no work was needed


def semitone_ratio(semitones: float) -> float:
    return float(2.0 ** (semitones / 12.0))


def retuned_chunks(read: Reader, n: int, channels: int, sr: int, tempo: float, semitones: int,
                   chunk_frames: int = CHUNK_FRAMES) -> Iterator[tuple[np.ndarray, float]]:
    """The source at ``tempo`` and ``semitones`` up (negative: down), same sample rate, as
    ((samples, channels) float32, fraction done) blocks; not yet scaled for headroom."""
    import soxr

    ratio = semitone_ratio(semitones)
    with closing(stretch_chunks(read, n, channels, tempo / ratio, chunk_frames)) as chunks:
        if not semitones:
            yield from chunks
            return
        # Fewer samples at the same rate: everything sounds ``ratio`` higher and shorter.
        stretched = int(round(n / (tempo / ratio)))
        length = int(np.ceil(stretched * (float(sr) / (float(sr) * ratio))))  # as librosa.resample
        resampler = soxr.ResampleStream(float(sr) * ratio, float(sr), channels, dtype="float32", quality="HQ")
        done = 0
        for block, fraction in chunks:
            out = resampler.resample_chunk(block, last=fraction >= 1.0)[: length - done]
            if fraction >= 1.0 and done + len(out) < length:
                out = np.concatenate([out, np.zeros((length - done - len(out), channels), np.float32)])
            done += len(out)
            yield out, fraction


def retune(samples: np.ndarray, sr: int, tempo: float, semitones: int,
           chunk_frames: int = CHUNK_FRAMES) -> np.ndarray:
    """``samples`` ((n,) or (n, channels)) at ``tempo`` and ``semitones``, in memory."""
    block = samples.astype(np.float32, copy=False).reshape(len(samples), -1)
    window = SampleWindow(_array_reader(block), block.shape[1])
    with closing(retuned_chunks(window, len(block), block.shape[1], sr, tempo, semitones, chunk_frames)) as chunks:
        out = np.concatenate([b for b, _ in chunks])
    peak = float(np.max(np.abs(out))) if out.size else 0.0
    if peak > HEADROOM:
        out *= HEADROOM / peak
    return out.reshape((-1,) + samples.shape[1:])


def _cache_key(source: Path, tempo: float, semitones: int) -> str:
    stat = source.stat()
    ident = f"{CACHE_VERSION}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{tempo:.4f}|{semitones}"
    return hashlib.sha1(ident.encode()).hexdigest()[:20]


def cache_path(source: Path, tempo: float, semitones: int) -> Path:
    return paths.cache_dir() / "practice" / f"{source.stem}-{_cache_key(source, tempo, semitones)}.wav"


def prepare_backing(source: Path | str, tempo: float = 1.0, semitones: int = 0,
                    progress: Progress | None = None, chunk_frames: int = CHUNK_FRAMES) -> PreparedBacking:
    """The practice version of ``source``, from the cache or rendered now.

    ``progress(fraction, what)`` is called as the work advances (for the loading bar):
    once per chunk while stretching. Raises FileNotFoundError naming the file when the
    backing is missing, AudioFileError when it is not audio the game can read.
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
    with _open_source(source) as (read_more, n, channels, rate), \
            tempfile.TemporaryFile(dir=_folder(target)) as scratch:
        peak, frames = 0.0, 0
        window = SampleWindow(read_more, channels)
        # closing: a failure here stops the vocoder's threads at once, not at garbage collection.
        with closing(retuned_chunks(window, n, channels, rate, tempo, semitones, chunk_frames)) as chunks:
            for block, fraction in chunks:
                if block.size:
                    peak = max(peak, float(np.max(np.abs(block))))
                scratch.write(np.ascontiguousarray(block, np.float32).tobytes())
                frames += len(block)
                report(0.02 + 0.88 * fraction, "stretching the backing")
        report(0.92, "saving")
        _save_wav(target, scratch, frames, channels, rate, HEADROOM / peak if peak > HEADROOM else 1.0)
    report(1.0, "ready")
    return PreparedBacking(target, rate, frames / rate, cached=False)


def _folder(target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage.StorageError(storage.reason_for(exc), target, exc.errno) from exc
    return target.parent


def _array_reader(data: np.ndarray) -> Callable[[int], np.ndarray]:
    position = 0

    def read_more(count: int) -> np.ndarray:
        nonlocal position
        block = data[position : position + count]
        position += len(block)
        return block

    return read_more


@contextmanager
def _open_source(path: Path) -> Iterator[tuple[Callable[[int], np.ndarray], int, int, int]]:
    """(read_more, samples, channels, rate) for ``path``: libsndfile streams what it can
    open; anything else (or a file it finds doubtful) goes to ``read_audio``, whole, which
    tries librosa and raises AudioFileError with the reason."""
    import soundfile

    from ..audio.audiofile import MAX_AUDIO_S, AudioFileError, check_file, read_audio

    check_file(path)  # the audio intake rule: a regular file of a sane size
    try:
        handle = soundfile.SoundFile(str(path))
    except Exception:  # noqa: BLE001 -- libsndfile's errors are not one class
        handle = None
    if handle is None or not handle.frames or handle.frames > MAX_AUDIO_S * handle.samplerate:
        if handle is not None:
            handle.close()
        data, rate = read_audio(path)
        yield _array_reader(data), len(data), data.shape[1], rate
        return

    def read_more(count: int) -> np.ndarray:
        block = handle.read(count, dtype="float32", always_2d=True)
        if not np.isfinite(block).all():
            raise AudioFileError(path, "samples that are not numbers")
        return block

    with handle:
        yield read_more, int(handle.frames), int(handle.channels), int(handle.samplerate)


def _save_wav(target: Path, scratch: IO[bytes], frames: int, channels: int, rate: int, scale: float) -> None:
    """The float32 ``scratch`` as a 16-bit WAV at ``target``, scaled, written atomically:
    a temp file beside it (named for storage's sweep), flushed, then renamed."""
    import soundfile

    scratch.seek(0)
    with storage.atomic_output(target) as fd:
        try:
            with soundfile.SoundFile(fd, "w", rate, channels, subtype="PCM_16", format="WAV", closefd=False) as wav:
                for start in range(0, frames, SAVE_BLOCK):
                    count = min(SAVE_BLOCK, frames - start)
                    block = np.frombuffer(scratch.read(count * channels * 4), np.float32).reshape(count, channels)
                    wav.write(block * np.float32(scale) if scale != 1.0 else block)
        except (soundfile.SoundFileError, AssertionError) as exc:  # libsndfile's own write failed
            reason = storage.disk_trouble(target.parent) or f"the disk reported an error ({exc})"
            raise storage.StorageError(reason, target) from exc
