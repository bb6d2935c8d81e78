"""Pictures from song packs (covers, backgrounds), checked before any decoder sees them.

A 200 KB PNG can claim 30,000 x 30,000 pixels and make a decoder ask for 3.6 GB; a FIFO
named ``cover.jpg`` blocks it forever. This reads the bytes with the intake rule and the
width and height from the header (PNG, JPEG, GIF, BMP, WebP, TGA), and refuses what is too big.
"""

from __future__ import annotations

import struct
from pathlib import Path

from .intake import IntakeError, read_regular

MAX_PICTURE_BYTES = 32 * 1024 * 1024
MAX_PICTURE_PIXELS = 40_000_000  # an 8K frame is 33 million


def picture_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a picture's header, or None when the format is not known."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"BM") and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return abs(width), abs(height)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    kind = data[12:16]
    if kind == b"VP8X" and len(data) >= 30:
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if kind == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if kind == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        if length < 2:
            return None
        at += 2 + length
    return None


def read_picture(path: Path | str) -> bytes:
    """The bytes of a picture small enough to decode; ``IntakeError`` with the reason."""
    data = read_regular(path, MAX_PICTURE_BYTES)
    size = picture_size(data)
    if size is None and str(path).lower().endswith(".tga") and len(data) >= 18:
        size = struct.unpack("<HH", data[12:16])  # TGA has no magic number: known by its name
    if size is None:
        raise IntakeError("not a picture the game knows (PNG, JPEG, GIF, BMP, WebP or TGA)")
    width, height = size
    if width <= 0 or height <= 0:
        raise IntakeError(f"a picture of {width} x {height} pixels")
    if width * height > MAX_PICTURE_PIXELS:
        raise IntakeError(f"{width:,} x {height:,} pixels is too large to show "
                          f"(the limit is {MAX_PICTURE_PIXELS // 1_000_000} million)")
    return data
