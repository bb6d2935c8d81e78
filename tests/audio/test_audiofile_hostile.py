"""Audio from a song pack: anything that is not a song's audio is an AudioFileError, fast."""

from __future__ import annotations

import os
import struct
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from alienstage_game.audio.audiofile import MAX_AUDIO_S, AudioFileError, read_audio
from alienstage_game.paths import bundled_levels_dir


def _refused(path: Path, words: str) -> None:
    started = time.monotonic()
    with pytest.raises(AudioFileError, match=words) as caught:
        read_audio(path)
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    assert time.monotonic() - started < 5.0


def test_a_fifo_and_a_device_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "song.ogg"
    os.mkfifo(fifo)
    _refused(fifo, "named pipe")
    _refused(Path("/dev/zero"), "device")


def test_text_renamed_as_audio_and_an_empty_file_are_refused(tmp_path: Path) -> None:
    fake = tmp_path / "song.mp3"
    fake.write_text("#TITLE:not audio\n" * 50)
    _refused(fake, "not audio the game can decode")
    empty = tmp_path / "empty.ogg"
    empty.write_bytes(b"")
    _refused(empty, "not audio|no playable samples")


def test_a_file_claiming_more_than_the_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    rate = 8000
    frames = int((MAX_AUDIO_S + 60) * rate)
    long = tmp_path / "long.wav"
    soundfile.write(long, np.zeros(frames, np.int16), rate, subtype="PCM_16")  # about 30 MB
    _refused(long, "minutes long")


def test_a_wav_header_promising_gigabytes_reads_what_is_there(tmp_path: Path) -> None:
    """A lying RIFF size must not make the reader allocate what the header claims."""
    body = np.zeros(800, np.int16).tobytes()
    header = (b"RIFF" + struct.pack("<I", 0xFFFFFFF0) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
              + b"data" + struct.pack("<I", 0xFFFFFFF0))
    liar = tmp_path / "liar.wav"
    liar.write_bytes(header + body)
    try:
        data, rate = read_audio(liar)
    except AudioFileError:
        return  # refusing it is as good
    assert rate == 8000 and len(data) <= 800


def test_samples_that_are_not_numbers_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "nan.wav"
    soundfile.write(broken, np.array([0.0, np.nan, 0.5] * 100, np.float32), 8000, subtype="FLOAT")
    _refused(broken, "not numbers")


def test_a_truncated_real_track_still_plays_what_it_holds(tmp_path: Path) -> None:
    track = next(bundled_levels_dir().glob("*/*.ogg"))
    cut = tmp_path / "cut.ogg"
    cut.write_bytes(track.read_bytes()[: track.stat().st_size // 3])
    try:
        data, rate = read_audio(cut)
    except AudioFileError as err:
        assert "decode" in err.reason
        return
    full, _ = read_audio(track)
    assert 0 < len(data) < len(full)


def test_only_files_that_begin_as_audio_reach_the_slow_fallback_decoder(tmp_path: Path) -> None:
    """audioread (through librosa) is the fallback for what libsndfile cannot read; its
    first use compiles librosa's kernels for many seconds on a fresh install, so a file
    that no audio format begins like is refused before it."""
    from alienstage_game.audio.audiofile import _looks_like_audio

    tone = (0.1 * np.sin(np.arange(8000) / 5.0)).astype(np.float32)
    formats = [("wav", "WAV"), ("ogg", "OGG"), ("flac", "FLAC")]
    if "MP3" in soundfile.available_formats():
        formats.append(("mp3", "MP3"))
    for suffix, fmt in formats:
        path = tmp_path / f"tone.{suffix}"
        soundfile.write(path, tone, 8000, format=fmt)
        assert _looks_like_audio(path.read_bytes()[:16]), suffix
    assert _looks_like_audio(b"\x00\x00\x00\x20ftypM4A \x00\x00")  # an AAC song in MP4
    assert _looks_like_audio(b"\xff\xfb\x90\x64" + bytes(12))  # an MP3 frame without ID3
    for junk in (b"#TITLE:not audio\n", b"", b"\x00" * 16, b"<html><body>"):
        assert not _looks_like_audio(junk)
