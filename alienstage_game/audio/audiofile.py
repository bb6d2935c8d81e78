"""Reading audio files for playback and for file sources: WAV, OGG, FLAC, MP3."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..intake import IntakeError, read_head

# A song pack's audio is a stranger's file: a FIFO would block the decoder, /dev/zero never
# ends, and a small compressed file can claim hours of samples. Songs are minutes long.
MAX_AUDIO_BYTES = 1024**3
MAX_AUDIO_S = 30 * 60.0


class AudioFileError(OSError):
    """An audio file the game cannot play, with the reason in plain words."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(reason)
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def check_file(path: Path) -> None:
    try:
        read_head(path, 1)
        size = path.stat().st_size
    except IntakeError as err:
        raise AudioFileError(path, err.reason) from None
    except OSError as err:
        raise AudioFileError(path, f"cannot read file: {err.strerror or err}") from None
    if size > MAX_AUDIO_BYTES:
        raise AudioFileError(path, f"too large: {size / 1024**2:.0f} MB (the limit is {MAX_AUDIO_BYTES // 1024**2} MB)")


def _too_long(path: Path, seconds: float) -> AudioFileError:
    return AudioFileError(path, f"{seconds / 60:.0f} minutes long: the game plays songs of up to "
                                f"{MAX_AUDIO_S / 60:.0f} minutes")


def read_audio(path: str | Path, *, mono: bool = False) -> tuple[np.ndarray, int]:
    """Float32 samples (frames x channels, or 1-D when ``mono``) and the file's rate.

    libsndfile (soundfile) reads WAV, OGG, FLAC and, from 1.1, MP3; librosa's audioread
    fallback covers the rest. Raises ``AudioFileError`` (an OSError) and nothing else.
    """
    path = Path(path)
    check_file(path)
    try:
        import soundfile

        info = soundfile.info(str(path))
        if info.duration > MAX_AUDIO_S:
            raise _too_long(path, info.duration)
        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except AudioFileError:
        raise
    except Exception:  # noqa: BLE001 -- libsndfile's errors are not one class; try librosa
        data, rate = _read_with_librosa(path)
    if not len(data) or not np.isfinite(data).all():
        raise AudioFileError(path, "no playable samples" if not len(data) else "samples that are not numbers")
    if mono:
        return np.ascontiguousarray(data.mean(axis=1), dtype=np.float32), int(rate)
    return np.ascontiguousarray(data), int(rate)


# How the containers libsndfile cannot read begin (MP3 with or without ID3, AAC/ADTS,
# MP4/M4A, Matroska/WebM, ASF/WMA, AIFF, CAF, APE, WavPack, AMR); anything else is not
# handed to audioread, so a text file renamed .mp3 is refused at once.
_CONTAINER_MAGIC = (b"ID3", b"OggS", b"fLaC", b"RIFF", b"FORM", b"caff", b"MAC ", b"wvpk", b"#!AMR",
                    b"\x1a\x45\xdf\xa3", b"\x30\x26\xb2\x75")


def _looks_like_audio(head: bytes) -> bool:
    if head.startswith(_CONTAINER_MAGIC) or head[4:8] == b"ftyp":
        return True
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0  # an MPEG/ADTS frame sync


def _read_with_librosa(path: Path) -> tuple[np.ndarray, int]:
    import warnings

    try:
        head = read_head(path, 16)
    except IntakeError as err:
        raise AudioFileError(path, err.reason) from None
    if not _looks_like_audio(head):
        raise AudioFileError(path, "not audio the game can decode (no audio format begins this way)")
    import librosa

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # One sample past the limit tells a too-long file from one of exactly the limit.
            y, rate = librosa.load(str(path), sr=None, mono=False, duration=MAX_AUDIO_S + 1.0)
    except Exception as err:  # noqa: BLE001 -- audioread and its backends raise many kinds
        reason = str(err).strip() or type(err).__name__
        raise AudioFileError(path, f"not audio the game can decode ({reason[:120]})") from None
    data = np.atleast_2d(y).T.astype(np.float32)
    if len(data) > MAX_AUDIO_S * rate:
        raise _too_long(path, len(data) / rate)
    return data, int(rate)


def read_audio_at(path: str | Path, rate: int | None) -> tuple[np.ndarray, int]:
    """``read_audio`` (frames x channels) resampled to ``rate`` (None: the file's own)."""
    data, own = read_audio(path)
    if rate is None or rate == own:
        return data, own
    # soxr directly (what librosa.resample calls with its default 'soxr_hq'): going
    # through librosa imports librosa.util, whose numba kernels compile for ~20 s on a
    # fresh install, and this runs when the stage loads its sounds.
    import soxr

    return soxr.resample(data, own, int(rate), quality="HQ").astype(np.float32, copy=False), int(rate)
