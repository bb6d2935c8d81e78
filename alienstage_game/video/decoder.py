"""A video file decoded on a thread of its own, a few frames ahead of the song.

The game loop says which video time it wants (``want``) and takes the newest frame due
by then (``frame_for``); it never waits for the decoder. The decoder keeps a small
bounded queue of finished frames (scaled to cover the target size, cropped, in BGRA
byte order, then ``finish``-ed: the stage dims the picture and lays its furniture over
it there, off the loop). A frame that is already late when it is decoded is dropped
before it is converted (the costly part); a jump of the song (a restart, a seek) makes
it seek. A file that will not open or decode ends with ``error`` saying why.

Time: UltraStar's ``#VIDEOGAP`` is where in the video the song's time 0 falls, so
video time = song time + VIDEOGAP (seconds; milliseconds from format 2.0, which the
chart model already converts).
"""

from __future__ import annotations

import logging
import math
import os
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

log = logging.getLogger(__name__)

QUEUE_FRAMES = 3  # finished frames kept ready (3 x 3.7 MB at 1280x720)
SEEK_BACK_S = 0.25  # wanted time this far before the shown frame: the song jumped back
SEEK_AHEAD_S = 2.0  # this far past the newest decoded frame: seek instead of decoding through
EARLY_S = 0.004  # a frame due this soon counts as due (the loop draws a little after its tick)
MIN_CONVERT_S = 0.2  # even far behind, convert a frame this often (never a frozen picture)
MAX_VIDEO_PIXELS = 40_000_000  # as for pictures: an 8K video is 33 million
MAX_DECODE_ERRORS = 30  # broken packets skipped before the video is given up on
DECODER_NICENESS = 5  # the decoder thread runs this much nicer than the game loop (Linux)

Finish = Callable[[np.ndarray], np.ndarray]


def video_time(song_s: float, video_gap_ms: float | None) -> float:
    """Where in the video the song is at ``song_s`` (UltraStar: song time + VIDEOGAP)."""
    return song_s + (video_gap_ms or 0.0) / 1000.0


def cover_crop(source: tuple[int, int], target: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """Scaling ``source`` (w, h) to cover ``target`` keeping its aspect: the scaled size
    and the top-left corner of the centred ``target``-sized crop in it."""
    sw, sh = source
    tw, th = target
    scale = max(tw / sw, th / sh)
    width, height = max(tw, math.ceil(sw * scale - 1e-6)), max(th, math.ceil(sh * scale - 1e-6))
    return (width, height), ((width - tw) // 2, (height - th) // 2)


@dataclass(frozen=True)
class VideoFrame:
    time: float  # video seconds at which it is due
    pixels: np.ndarray  # (height, width, 4) uint8, B G R A byte order, C-contiguous
    number: int  # counts frames converted since the start (a new number: a new picture)


def _reason(err: BaseException) -> str:
    """A player-facing reason for a PyAV/FFmpeg failure, without the file's path."""
    text = getattr(err, "strerror", None) or str(err) or type(err).__name__
    text = str(text).strip().rstrip(".")
    return text[:1].lower() + text[1:] if text else type(err).__name__


class VideoDecoder:
    """Decodes ``path`` on a daemon thread into frames of ``size`` (width, height)."""

    def __init__(self, path: Path | str, size: tuple[int, int], *, finish: Finish | None = None,
                 start_s: float = 0.0, queue_frames: int = QUEUE_FRAMES) -> None:
        self.path = Path(path)
        self.size = (int(size[0]), int(size[1]))
        self.finish = finish
        self.error: str | None = None
        self.ended = False  # the decoder reached the end of the file
        self.opened = False
        self.duration_s: float | None = None
        self.source_size: tuple[int, int] | None = None
        self.dropped = 0  # frames decoded too late to be shown (never converted)
        self.converted = 0
        self._depth = max(1, queue_frames)
        self._queue: deque[VideoFrame] = deque()
        self._cond = threading.Condition()
        self._wanted = float(start_s)
        self._seek_to: float | None = None
        self._generation = 0
        self._shown: VideoFrame | None = None
        self._held: VideoFrame | None = None
        self._newest_t = -math.inf  # the newest frame the thread decoded (any, converted or not)
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=f"video: {self.path.name}", daemon=True)
        self._thread.start()

    # -- the game loop's side -------------------------------------------------------------
    def want(self, video_s: float) -> None:
        """The video time the song is at now; a jump away from the frames in hand seeks."""
        with self._cond:
            self._wanted = video_s
            if self.error is None and self._seek_to is None:
                shown = self._shown
                jumped_back = shown is not None and video_s < shown.time - SEEK_BACK_S
                jumped_ahead = (self.opened and not self.ended and math.isfinite(self._newest_t)
                                and video_s - self._newest_t > SEEK_AHEAD_S)
                if jumped_back or jumped_ahead:
                    self._request_seek(video_s)
                    self._cond.notify_all()

    def _request_seek(self, video_s: float) -> None:
        self._seek_to = max(0.0, video_s)
        self._newest_t = self._seek_to  # until the thread decodes from there
        self._queue.clear()
        self._held = self._shown or self._held  # shown until the seek brings its first frame
        self._shown = None
        self._generation += 1
        self.ended = False

    def frame_for(self, video_s: float) -> VideoFrame | None:
        """The newest frame due at ``video_s``, older ones let go; while a seek is on its
        way, the frame shown before it; None before the first frame is ready or before the
        video begins. Never blocks on decoding."""
        with self._cond:
            return self._take(video_s) or self._held

    def _take(self, video_s: float) -> VideoFrame | None:
        taken = False
        while self._queue and self._queue[0].time <= video_s + EARLY_S:
            self._shown = self._queue.popleft()
            taken = True
        if taken:
            self._cond.notify_all()  # room in the queue
        return self._shown

    def wait_for(self, video_s: float, timeout: float = 5.0) -> bool:
        """Blocks until the frame due at ``video_s`` is decoded, or the video failed or
        ended (tests and benches only: the game loop never waits)."""
        self.want(video_s)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                self._take(video_s)
                if self.error is not None or (self._seek_to is None and (self._queue or self.ended)):
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))

    def close(self) -> None:
        """Stops the thread soon (never waits for it: the loop goes on)."""
        with self._cond:
            self._closed = True
            self._queue.clear()
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed

    # -- the decoder thread ----------------------------------------------------------------
    def _fail(self, reason: str) -> None:
        log.info("video %s: %s", self.path, reason)
        with self._cond:
            self.error = reason
            self._queue.clear()
            self._shown = self._held = None
            self._cond.notify_all()

    def _run(self) -> None:
        _yield_to_the_game()
        try:
            import av  # only now: a song with a video is on stage
        except ImportError:
            self._fail("PyAV (the av package) is not installed")
            return
        try:
            container = av.open(str(self.path), mode="r", timeout=5.0)
        except Exception as err:  # noqa: BLE001 - any open failure is the file's
            self._fail(_reason(err))
            return
        try:
            self._decode(container)
        except Exception as err:  # noqa: BLE001
            self._fail(_reason(err))
        finally:
            try:
                container.close()
            except Exception:  # noqa: BLE001
                pass

    def _decode(self, container) -> None:
        if not container.streams.video:
            self._fail("the file holds no video stream")
            return
        stream = container.streams.video[0]
        context = stream.codec_context
        width, height = int(context.width or 0), int(context.height or 0)
        if width <= 0 or height <= 0:
            self._fail("the video has no picture size")
            return
        if width * height > MAX_VIDEO_PIXELS:
            self._fail(f"{width:,} x {height:,} pixels is too large to show")
            return
        # FFmpeg's own decoding threads, at most one core less than the machine has: the
        # game loop keeps a core (a 1080p h264 video needs about a quarter of one).
        stream.thread_type = "AUTO"
        stream.codec_context.thread_count = max(1, min(4, (os.cpu_count() or 2) - 1))
        self.source_size = (width, height)
        rate = stream.average_rate or stream.guessed_rate
        frame_s = 1.0 / float(rate) if rate else 1 / 30
        if stream.duration is not None and stream.time_base is not None:
            self.duration_s = float(stream.duration * stream.time_base)
        elif container.duration:
            self.duration_s = container.duration / 1_000_000
        scaled, (left, top) = cover_crop((width, height), self.size)
        out_w, out_h = self.size
        time_base = stream.time_base
        frames = _frames(container, stream, self.path)
        skip_before = -math.inf
        generation = -1
        with self._cond:
            self.opened = True
            if self._wanted > SEEK_BACK_S and self._seek_to is None:
                self._request_seek(self._wanted)
        last_convert = 0.0
        count = 0
        dropped = None  # the newest frame dropped since the last one converted: (time, frame)

        def convert(t: float, frame) -> None:
            nonlocal last_convert
            picture = frame.reformat(width=scaled[0], height=scaled[1], format="bgra",
                                     interpolation="FAST_BILINEAR").to_ndarray()
            picture = picture[top:top + out_h, left:left + out_w]
            picture = self.finish(picture) if self.finish is not None else np.ascontiguousarray(picture)
            last_convert = time.monotonic()
            with self._cond:
                if generation == self._generation and not self._closed:
                    self.converted += 1
                    self._queue.append(VideoFrame(t, picture, self.converted))
                    self._held = None
                    self._cond.notify_all()

        while True:
            with self._cond:
                while not self._closed and self._seek_to is None and (
                        len(self._queue) >= self._depth or self.ended):
                    self._cond.wait(0.25)
                if self._closed:
                    return
                seek, self._seek_to = self._seek_to, None
                if seek is not None or generation < 0:
                    generation = self._generation
            if seek is not None:
                target = int(seek / time_base) if time_base else int(seek * 1_000_000)
                container.seek(max(0, target), stream=stream if time_base else None, backward=True)
                frames = _frames(container, stream, self.path)
                skip_before, dropped = seek, None
            try:
                frame = next(frames)
            except StopIteration:
                if dropped is not None:  # the end came while catching up: its last frame stays
                    convert(*dropped)
                    dropped = None
                with self._cond:
                    self.ended = True
                    self._cond.notify_all()
                continue
            t = frame.time if frame.time is not None else count * frame_s
            count += 1
            with self._cond:
                if generation != self._generation:
                    continue  # a seek came in meanwhile: this frame is from before it
                self._newest_t = t
                wanted = self._wanted
            # Late: the next frame is due already (or we are still catching up to a seek).
            late = t + frame_s <= max(wanted, skip_before)
            if late and time.monotonic() - last_convert < MIN_CONVERT_S:
                self.dropped += 1
                dropped = (t, frame)
                continue
            dropped = None
            convert(t, frame)


def _yield_to_the_game(niceness: int = DECODER_NICENESS) -> None:
    """Lower this thread's CPU priority (Linux: a thread's own nice value; FFmpeg's
    decoding threads started from it inherit it): on a busy machine the game loop wins
    the core and the decoder drops frames, not the other way round."""
    if not sys.platform.startswith("linux"):
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + niceness))
    except (AttributeError, OSError):
        pass


def _frames(container, stream, path: Path):
    """The stream's frames in order; a packet that will not decode is skipped (a few
    broken ones in a long video are common), too many give the video up."""
    import av

    errors = 0
    for packet in container.demux(stream):
        try:
            decoded = packet.decode()
        except av.error.FFmpegError as err:
            errors += 1
            if errors > MAX_DECODE_ERRORS:
                raise
            log.debug("video %s: skipped a broken packet: %s", path, err)
            continue
        yield from decoded
