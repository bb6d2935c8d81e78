"""Test clips written with PyAV: a colour that changes with time (so a frame shows which
moment it is) under a bar that sweeps across (moving content). Tests and ``bench
frames`` use them; the game never writes video."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np


def clip_colour(t: float, seconds: float) -> tuple[int, int, int]:
    """The clip's ground colour (R, G, B) at ``t``: red rises and blue falls over the clip."""
    share = min(1.0, max(0.0, t / seconds)) if seconds > 0 else 0.0
    return int(round(30 + 200 * share)), 70, int(round(230 - 200 * share))


def _frame(width: int, height: int, t: float, seconds: float) -> np.ndarray:
    picture = np.empty((height, width, 3), np.uint8)
    picture[:] = clip_colour(t, seconds)
    bar_w = max(4, width // 16)
    x = int((t / seconds if seconds > 0 else 0.0) * (width - bar_w))
    picture[:, x:x + bar_w] = 245  # the sweeping bar: its place tells the time too
    return picture


def _detailed_frame(width: int, height: int, t: float, seconds: float, texture: np.ndarray) -> np.ndarray:
    """The same picture with a scrolling texture in its brightness, built as yuv420p
    planes (cheap to make at 1080p): a realistic load for a decoder."""
    r, g, b = clip_colour(t, seconds)
    luma = 0.257 * r + 0.504 * g + 0.098 * b + 16
    u = -0.148 * r - 0.291 * g + 0.439 * b + 128
    v = 0.439 * r - 0.368 * g - 0.071 * b + 128
    planes = np.empty((height * 3 // 2, width), np.uint8)
    shifted = np.roll(texture, int(t * 240) % width, axis=1)
    np.clip(shifted + int(luma), 16, 235, out=shifted)
    planes[:height] = shifted
    bar_w = max(4, width // 16)
    x = int((t / seconds if seconds > 0 else 0.0) * (width - bar_w))
    planes[:height, x:x + bar_w] = 230
    chroma = planes[height:].reshape(2, height // 2, width // 2)
    chroma[0], chroma[1] = int(u), int(v)
    chroma[:, :, x // 2:(x + bar_w) // 2] = 128
    return planes


def write_clip(path: Path | str, size: tuple[int, int] = (320, 180), seconds: float = 2.0, fps: int = 30,
               codec: str = "mpeg4", *, detail: bool = False, quality: int | None = None) -> Path:
    """Writes the clip (no sound). ``detail`` adds a scrolling texture (a realistic
    decode load); ``codec`` is any encoder PyAV's wheel ships (mpeg4, libx264, ...)."""
    import av

    path = Path(path)
    width, height = size
    texture = None
    if detail:
        rng = np.random.default_rng(7)
        y, x = np.mgrid[0:height, 0:width]
        texture = (40 * np.sin(x / 37.0) * np.cos(y / 23.0)).astype(np.int16) \
            + rng.integers(-12, 13, (height, width), dtype=np.int16)
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, fps)
        if codec == "libx264":
            stream.options = {"preset": "ultrafast", "crf": str(quality or 23)}
        elif quality is not None:
            stream.codec_context.qscale = quality
        else:
            stream.bit_rate = max(400_000, width * height * fps // 4)
        for index in range(int(round(seconds * fps))):
            t = index / fps
            if texture is None:
                frame = av.VideoFrame.from_ndarray(_frame(width, height, t, seconds), format="rgb24")
            else:
                frame = av.VideoFrame.from_ndarray(_detailed_frame(width, height, t, seconds, texture),
                                                   format="yuv420p")
            frame.pts = index
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path
