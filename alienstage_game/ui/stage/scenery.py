"""What stands behind the stage: the song's music video, else its background picture,
else the alien sky. The lane panels, the floor and the podiums stay in front of it, and
the audience, the lights and the lanes are drawn over it by the stage as always.

The video is decoded on a thread (``alienstage_game.video``) into frames already at the
canvas's size, dimmed and with the stage's still furniture laid over them (the same
sums the blit would do, done off the game loop): the loop only blits the newest frame due
at the song's time. A video that will not play leaves the picture or the sky in its
place, with a notice saying why.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import numpy as np
import pygame

from ...charts.media import song_media
from ...charts.model import Song
from ...intake import IntakeError
from ...picture import read_picture
from .. import theme
from .backdrop import paint_backdrop
from .lane import NoteLane
from .layout import StageLayout

log = logging.getLogger(__name__)

VIDEO_DIM = 0.55  # the video's brightness behind the stage (notes and lyrics stay readable)
PICTURE_DIM = 0.5  # a still background's
NOTICE_S = 10.0  # how long a notice stays on screen (the last second fades)


def cover_scale(image: pygame.Surface, size: tuple[int, int]) -> pygame.Surface:
    """``image`` scaled to cover ``size`` (keeping its aspect), cropped to the centre."""
    width, height = image.get_size()
    if image.get_bitsize() < 24:  # palette pictures: smoothscale needs 24 or 32 bits
        deep = pygame.Surface((width, height), pygame.SRCALPHA, 32)
        deep.blit(image, (0, 0))
        image = deep
    scale = max(size[0] / width, size[1] / height)
    scaled = pygame.transform.smoothscale(image, (max(size[0], round(width * scale)),
                                                  max(size[1], round(height * scale))))
    crop = pygame.Rect((0, 0), size)
    crop.center = scaled.get_rect().center
    return scaled.subsurface(crop).copy()


def load_background(path: Path, size: tuple[int, int]) -> pygame.Surface:
    """The song's background picture, checked by the picture reader, covering ``size``
    and dimmed; ``IntakeError`` or ``pygame.error`` when it cannot be shown."""
    data = read_picture(path)
    image = pygame.image.load(io.BytesIO(data), path.name)
    picture = pygame.Surface(size)
    picture.blit(cover_scale(image, size), (0, 0))
    shade = round(255 * PICTURE_DIM)
    picture.fill((shade, shade, shade), special_flags=pygame.BLEND_MULT)
    return picture


def paint_veils(surface: pygame.Surface, layout: StageLayout) -> None:
    """Soft dark bands over a video or picture behind the scores and the lyrics."""
    width, _ = surface.get_size()
    bands = ((0, 104, 150, 40), (layout.lyrics_top - 34, 180, 150, 50))  # (top, height, alpha, fade)
    for top, height, alpha, fade in bands:
        band = pygame.Surface((width, height), pygame.SRCALPHA)
        for y in range(height):
            edge = min(y if top > 0 else fade, height - 1 - y)
            a = alpha * min(1.0, edge / fade) if fade else alpha
            pygame.draw.line(band, (*theme.NIGHT, int(a)), (0, y), (width, y))
        surface.blit(band, (0, top))


def _bgra(surface: pygame.Surface) -> np.ndarray:
    width, height = surface.get_size()
    return np.frombuffer(pygame.image.tobytes(surface, "BGRA"), np.uint8).reshape(height, width, 4)


class FrameFinish:
    """Dims a decoded frame (height, width, 4 BGRA) and lays the stage's furniture over
    it, as blitting the furniture would: ``out = frame * gain + lift`` per pixel, with
    gain and lift measured by painting the furniture over black and over white. The
    sums are set up on the first frame, on the decoder's thread (70 ms kept off the loop)."""

    def __init__(self, over_black: pygame.Surface, over_white: pygame.Surface, dim: float = VIDEO_DIM) -> None:
        self._painted = (_bgra(over_black), _bgra(over_white))
        self.dim = dim
        self.gain: np.ndarray | None = None
        self.lift: np.ndarray | None = None

    def prepare(self) -> None:
        if self.gain is not None:
            return
        black, white = (p.astype(np.int32) for p in self._painted)
        through = np.clip(white - black, 0, 255)  # 255 * (1 - the furniture's alpha)
        gain = np.rint(256 * self.dim * through / 255).astype(np.uint16)
        lift = (black * 256).astype(np.uint16)
        gain[..., 3], lift[..., 3] = 0, 255 * 256  # opaque
        self._work = np.empty(gain.shape, np.uint16)  # one thread calls this
        self.gain, self.lift, self._painted = gain, lift, None

    def __call__(self, frame: np.ndarray) -> np.ndarray:
        self.prepare()
        work = self._work
        np.multiply(frame, self.gain, out=work)
        np.add(work, self.lift, out=work)
        np.right_shift(work, 8, out=work)
        return work.astype(np.uint8)


class StageScenery:
    """The song's scenery for one stage: ``draw`` fills the canvas (video frame or still
    backdrop, furniture included); ``draw_notice`` says what could not be shown."""

    def __init__(self, song: Song, layout: StageLayout, lanes: list[NoteLane], size: tuple[int, int] = theme.LOGICAL_SIZE,
                 look: theme.StageTheme | None = None, *, video: bool = True) -> None:
        self.size = tuple(size)
        self.notice: str | None = None
        self.notice_since: float | None = None
        self.video_error: str | None = None  # why the song's video could not be played
        self.video_gap_ms = song.video_gap_ms or 0.0
        # A chart with no folder of its own (a medley's joined chart) has no scenery.
        has_folder = song.path is not None
        self.background_path = song_media(song, "BACKGROUND") if has_folder else None
        self.video_path = song_media(song, "VIDEO") if video and has_folder else None
        self.picture: pygame.Surface | None = None
        if self.background_path is not None:
            try:
                self.picture = load_background(self.background_path, self.size)
            except (IntakeError, pygame.error, OSError, ValueError) as err:
                log.info("background %s: %s", self.background_path, err)
                self.notice = f"background could not be shown: {err}"
        behind = None
        if self.picture is not None:
            behind = self.picture.copy()
            paint_veils(behind, layout)
        self.backdrop = paint_backdrop(layout, lanes, self.size, look, behind=behind)
        self.decoder = None
        self._frame_number = -1
        self._frame_surface: pygame.Surface | None = None
        self.showing_video = False  # the last draw showed a video frame
        if self.video_path is not None:
            self._open_video(layout, lanes, look)

    def _open_video(self, layout: StageLayout, lanes: list[NoteLane], look) -> None:
        from ...video import VideoDecoder

        measured = []
        for colour in ((0, 0, 0), (255, 255, 255)):
            plain = pygame.Surface(self.size)
            plain.fill(colour)
            paint_veils(plain, layout)
            measured.append(paint_backdrop(layout, lanes, self.size, look, behind=plain))
        finish = FrameFinish(*measured)
        self.decoder = VideoDecoder(self.video_path, self.size, finish=finish, start_s=self.video_time(0.0))

    def video_time(self, song_s: float) -> float:
        """UltraStar's rule: the video is at song time + #VIDEOGAP."""
        return song_s + self.video_gap_ms / 1000.0

    @property
    def has_video(self) -> bool:
        return self.decoder is not None

    def draw(self, canvas: pygame.Surface, song_s: float, scene_s: float = 0.0) -> None:
        decoder = self.decoder
        self.showing_video = False
        if decoder is not None:
            if decoder.error is not None:
                self.video_error = decoder.error
                self.notice = f"video could not be played: {decoder.error}"
                self.notice_since = scene_s
                decoder.close()
                self.decoder = self._frame_surface = None
            else:
                at = self.video_time(song_s)
                decoder.want(at)
                frame = decoder.frame_for(at)
                if frame is not None:
                    if frame.number != self._frame_number:
                        self._frame_number = frame.number
                        self._frame_surface = pygame.image.frombuffer(frame.pixels, self.size, "BGRA")
                    canvas.blit(self._frame_surface, (0, 0))
                    self.showing_video = True
                    return
        canvas.blit(self.backdrop, (0, 0))

    def draw_notice(self, canvas: pygame.Surface, scene_s: float) -> None:
        if self.notice is None:
            return
        if self.notice_since is None:
            self.notice_since = scene_s
        shown = scene_s - self.notice_since
        if shown > NOTICE_S:
            return
        fade = min(1.0, NOTICE_S - shown)
        text = theme.fit_text(self.notice, 20, canvas.get_width() - 360)
        image = theme.font(20).render(text, True, theme.WARNING)
        box = image.get_rect(midbottom=(canvas.get_width() // 2, canvas.get_height() - 132)).inflate(24, 10)
        plate = pygame.Surface(box.size, pygame.SRCALPHA)
        plate.fill((*theme.NIGHT, int(200 * fade)))
        image.set_alpha(int(255 * fade))
        canvas.blit(plate, box)
        canvas.blit(image, image.get_rect(center=box.center))

    def close(self) -> None:
        if self.decoder is not None:
            self.decoder.close()
