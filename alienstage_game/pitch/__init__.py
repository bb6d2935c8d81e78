"""Pitch: what the players sing, frame by frame (pure core: numpy and librosa only).

StreamingPitchTracker turns blocks of microphone samples into PitchFrames stamped in
song time; the same tracker analyses files offline (``track_file``), so live play,
the command line and the benchmark share one path.
"""

from .frame import PitchFrame, hz_to_midi, midi_to_hz
from .offline import frames_to_arrays, track_file
from .tracker import StreamingPitchTracker, TrackerConfig
from .warmup import is_warm, warm_up_in_background

__all__ = [
    "PitchFrame",
    "StreamingPitchTracker",
    "TrackerConfig",
    "frames_to_arrays",
    "hz_to_midi",
    "is_warm",
    "midi_to_hz",
    "track_file",
    "warm_up_in_background",
]
