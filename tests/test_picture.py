"""Covers from song packs: sizes read from headers; bombs, FIFOs and non-pictures refused."""

from __future__ import annotations

import os
import struct
import time
import zlib
from pathlib import Path

import pygame
import pytest

from alienstage_game.intake import IntakeError
from alienstage_game.picture import picture_size, read_picture


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("ext", ["png", "jpg", "bmp", "tga"])
def test_sizes_come_from_real_headers(tmp_path: Path, ext: str) -> None:
    pygame.init()
    surface = pygame.Surface((37, 21))
    surface.fill((200, 30, 90))
    path = tmp_path / f"cover.{ext}"
    pygame.image.save(surface, str(path))
    if ext != "tga":
        assert picture_size(path.read_bytes()) == (37, 21)
    assert read_picture(path) == path.read_bytes()


def test_gif_and_webp_headers() -> None:
    assert picture_size(b"GIF89a" + struct.pack("<HH", 640, 480) + b"\x00" * 8) == (640, 480)
    vp8x = b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (1919).to_bytes(3, "little") + (1079).to_bytes(3, "little")
    assert picture_size(vp8x) == (1920, 1080)
    assert picture_size(b"\xff\xd8\xff") is None  # a JPEG cut before its frame header


def test_a_picture_claiming_a_billion_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    bomb = tmp_path / "cover.png"
    bomb.write_bytes(_png(40_000, 30_000))
    with pytest.raises(IntakeError, match="too large to show"):
        read_picture(bomb)


def test_a_fifo_cover_and_a_text_cover_are_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "cover.jpg"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(IntakeError, match="named pipe"):
        read_picture(fifo)
    assert time.monotonic() - started < 1.0
    text = tmp_path / "cover.png"
    text.write_text("not a picture")
    with pytest.raises(IntakeError, match="not a picture"):
        read_picture(text)


def test_the_song_browser_cover_falls_back_to_a_sleeve_for_a_fifo(tmp_path: Path) -> None:
    from alienstage_game.ui.widgets_song import cover

    pygame.init()
    fifo = tmp_path / "cover.jpg"
    os.mkfifo(fifo)
    started = time.monotonic()
    sleeve = cover(fifo, "Hostile Pack", 64)
    assert time.monotonic() - started < 1.0
    assert sleeve.get_size() == (64, 64)
