"""OGG/Vorbis files that come out byte-identical on every render.

libsndfile's Vorbis encoder is deterministic, but it gives each file's logical stream a
random serial number (written in every page header, and covered by each page's CRC). We
replace that serial by a fixed one and recompute the page checksums, so re-rendering an
unchanged arrangement reproduces the committed file exactly (same machine and libraries;
another libvorbis build may round differently).
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np

STREAM_SERIAL = 0x414C5354  # "ALST"; any constant works
WRITE_FRAMES = 1 << 16  # frames per write to the encoder (~1.5 s)
QUALITY_LEVEL = 0.7  # soundfile compression_level: 0 best .. 1 smallest; 0.7 ~ 100 kbit/s
_REVERSE_BITS = bytes(int(f"{i:08b}"[::-1], 2) for i in range(256))


class OggError(ValueError):
    """Bytes that are not the Ogg pages this module expects."""


def _ogg_crc(data: bytes) -> int:
    """Ogg's CRC-32: polynomial 0x04C11DB7, MSB first, initial value 0, no final xor.

    zlib computes the bit-reflected relative of this CRC; feeding it bit-reversed bytes
    with its pre/post inversion cancelled (seed 0xFFFFFFFF, result inverted) and reversing
    the result's bits gives Ogg's, at C speed.
    """
    reflected = ~zlib.crc32(data.translate(_REVERSE_BITS), 0xFFFFFFFF) & 0xFFFFFFFF
    return int(f"{reflected:032b}"[::-1], 2)


def fix_serial(data: bytes, serial: int = STREAM_SERIAL) -> bytes:
    """The same Ogg stream with every page's serial set to ``serial`` and CRCs redone."""
    out = bytearray(data)
    pos = 0
    while pos < len(out):
        if out[pos:pos + 4] != b"OggS" or pos + 27 > len(out):
            raise OggError(f"no Ogg page at byte {pos}")
        segments = out[pos + 26]
        body = sum(out[pos + 27:pos + 27 + segments])
        end = pos + 27 + segments + body
        if end > len(out):
            raise OggError(f"Ogg page at byte {pos} runs past the end")
        struct.pack_into("<I", out, pos + 14, serial)
        struct.pack_into("<I", out, pos + 22, 0)
        struct.pack_into("<I", out, pos + 22, _ogg_crc(bytes(out[pos:end])))
        pos = end
    return bytes(out)


def encode_ogg(samples: np.ndarray, rate: int, quality_level: float = QUALITY_LEVEL) -> bytes:
    """Vorbis-encode float samples (frames x channels) to reproducible OGG bytes.

    The samples go to libsndfile in fixed blocks of ``WRITE_FRAMES``. One write of a
    whole track would make libvorbis shift its whole remaining buffer after every
    block it encodes (time grows with the square of the length: 12 s for a 2.5 min
    song) and copy a channel onto the stack once (a segfault past ~45 s). The block
    size is part of the format: libvorbis fits its start-of-stream extrapolation to
    the first write, so changing it changes every file's bytes.
    """
    import soundfile  # imported here: only rendering needs libsndfile

    buffer = io.BytesIO()
    with soundfile.SoundFile(buffer, "w", samplerate=rate, channels=samples.shape[1] if samples.ndim > 1 else 1,
                             format="OGG", subtype="VORBIS", compression_level=quality_level) as out:
        for start in range(0, samples.shape[0], WRITE_FRAMES):
            out.write(samples[start:start + WRITE_FRAMES])
    return fix_serial(buffer.getvalue())


def decode_ogg(data_or_path) -> tuple[np.ndarray, int]:
    """(frames x channels float32, rate) from OGG bytes or a file path."""
    import soundfile

    source = io.BytesIO(data_or_path) if isinstance(data_or_path, (bytes, bytearray)) else data_or_path
    samples, rate = soundfile.read(source, dtype="float32", always_2d=True)
    return samples, rate
