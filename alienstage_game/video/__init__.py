"""Music videos behind the stage: decoded off the game loop into numpy frames (PyAV).

Pure core: numpy and PyAV only, never pygame. PyAV is imported when a song really has a
video (``import av`` costs a few hundred milliseconds cold), on the decoder's own thread.
"""

from .decoder import VideoDecoder, VideoFrame, cover_crop, video_time

__all__ = ["VideoDecoder", "VideoFrame", "cover_crop", "video_time"]
