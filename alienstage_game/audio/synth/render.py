"""A level's backing track end to end: arrangement -> mastered mix -> OGG bytes, checked
after decoding, because the codec can raise peaks the mix did not have."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .arrangement import ARRANGEMENT_FILE, Arrangement
from .loudness import integrated_loudness, peak_dbfs
from .mixer import master, mix_stems, render_stems
from .oggfile import decode_ogg, encode_ogg

MAX_PEAK_DBFS = -1.0  # what the decoded file may reach (streaming platforms' usual limit)


@dataclass
class RenderedTrack:
    data: bytes  # the OGG file
    rate: int
    seconds: float
    loudness_lufs: float  # measured on the decoded file
    peak_dbfs: float  # likewise


def render_track(arrangement: Arrangement, bars: int | None = None) -> RenderedTrack:
    """Render and encode; when Vorbis overshoots the peak limit, master a little lower
    and encode again (each step is deterministic, so the result is too)."""
    rate = arrangement.sample_rate
    mix = mix_stems(arrangement, render_stems(arrangement, bars))
    ceiling = arrangement.ceiling_dbfs  # mixer.PEAK_CEILING_DBFS unless the arrangement starts lower
    for _ in range(5):
        data = encode_ogg(master(mix, rate, arrangement.loudness_lufs, ceiling), rate)
        decoded, _rate = decode_ogg(data)
        peak = peak_dbfs(decoded)
        if peak <= MAX_PEAK_DBFS:
            break
        ceiling -= peak - MAX_PEAK_DBFS + 0.2
    return RenderedTrack(data, rate, decoded.shape[0] / rate, integrated_loudness(decoded, rate), peak)


def find_arrangements(levels_dir: Path) -> list[Path]:
    """Every ``levels/*/arrangement.toml``, in name order (so output order is stable)."""
    return sorted(levels_dir.glob(f"*/{ARRANGEMENT_FILE}"))
