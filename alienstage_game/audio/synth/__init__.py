"""The backing-track synthesizer: arrangement source in, reproducible OGG out.

Pure numpy (plus libsndfile for the Vorbis file); nothing here touches an audio device.

    arrangement = load_arrangement("levels/first-light/arrangement.toml")
    backing = render_backing(arrangement)          # mastered float samples
    data = encode_ogg(backing.samples, backing.rate)  # identical bytes on every run
    track = render_track(arrangement)              # both, peak-checked after decoding
"""

from __future__ import annotations

from .arrangement import ARRANGEMENT_FILE, Arrangement, ArrangementError, Section, load_arrangement
from .loudness import integrated_loudness, peak_dbfs
from .mixer import Backing, render_backing, render_stems
from .oggfile import decode_ogg, encode_ogg
from .render import MAX_PEAK_DBFS, RenderedTrack, find_arrangements, render_track

__all__ = [
    "ARRANGEMENT_FILE", "MAX_PEAK_DBFS", "Arrangement", "ArrangementError", "Backing", "Section", "decode_ogg",
    "encode_ogg", "integrated_loudness", "load_arrangement", "peak_dbfs", "render_backing",
    "render_stems", "RenderedTrack", "find_arrangements", "render_track",
]
