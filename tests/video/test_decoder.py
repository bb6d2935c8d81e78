"""The video decoder on its own (numpy and PyAV, no pygame): frames due at the wanted
time, in the clip's colour for that time; jumps seek; late frames are dropped before
conversion; a broken or oversized file says why; PyAV is imported only for a video."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from alienstage_game.video import VideoDecoder, cover_crop, video_time

av = pytest.importorskip("av")

from alienstage_game.video.clip import clip_colour, write_clip  # noqa: E402

SECONDS = 2.0


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return write_clip(tmp_path_factory.mktemp("clip") / "clip.mp4", (320, 180), SECONDS, 30, "mpeg4", quality=2)


def colour_at(frame, x=300, y=20):
    return frame.pixels[y, x, 2::-1].astype(int)  # BGRA -> RGB


def test_videogap_is_where_the_song_starts_in_the_video():
    assert video_time(1.0, 500.0) == 1.5 and video_time(1.0, -250.0) == 0.75 and video_time(2.0, None) == 2.0


def test_cover_crop_keeps_the_aspect_and_covers_the_target():
    assert cover_crop((1920, 1080), (1280, 720)) == ((1280, 720), (0, 0))
    (w, h), (left, top) = cover_crop((640, 480), (1280, 720))  # 4:3 into 16:9: cut top and bottom
    assert (w, h) == (1280, 960) and (left, top) == (0, 120)
    (w, h), (left, top) = cover_crop((1000, 1000), (1280, 720))
    assert (w, h) == (1280, 1280) and left == 0 and top == 280


def test_frames_follow_the_wanted_time_and_seek_back(clip):
    decoder = VideoDecoder(clip, (160, 90))
    try:
        for t in (0.0, 0.5, 1.5, 0.3, 1.9):  # forwards, then a jump back, then ahead
            assert decoder.wait_for(t)
            frame = decoder.frame_for(t)
            assert frame is not None and frame.pixels.shape == (90, 160, 4)
            assert t - 1 / 30 - 1e-6 <= frame.time <= t + 0.005
            x = 150 if frame.time < 1.0 else 10  # away from the sweeping bar
            assert np.abs(colour_at(frame, x=x, y=10) - clip_colour(frame.time, SECONDS)).max() <= 8
        assert decoder.wait_for(-0.5) and decoder.frame_for(-0.5) is None  # before the video begins: nothing
        assert decoder.wait_for(5.0) and decoder.frame_for(5.0).time > SECONDS - 0.1  # past the end: the last frame
        assert decoder.error is None and decoder.source_size == (320, 180)
    finally:
        decoder.close()


def test_a_seek_keeps_the_last_frame_on_screen_until_its_first_frame(clip):
    decoder = VideoDecoder(clip, (64, 36))
    try:
        assert decoder.wait_for(1.5)
        before = decoder.frame_for(1.5)
        decoder.want(0.2)  # back: a seek; until it delivers, the old frame stays up
        got = decoder.frame_for(0.2)
        assert got is before or (got is not None and got.time <= 0.2 + 0.005)
        assert decoder.wait_for(0.2) and decoder.frame_for(0.2).time <= 0.2 + 0.005
        assert decoder.frame_for(0.1).time <= 0.2 + 0.005  # a little back: no seek, no flash
    finally:
        decoder.close()


def test_a_late_frame_is_dropped_before_it_is_converted(clip):
    decoder = VideoDecoder(clip, (160, 90))
    try:
        assert decoder.wait_for(0.0)
        assert decoder.wait_for(1.5)  # 1.5 s in one step: under SEEK_AHEAD_S, decoded through
        assert decoder.dropped > 20 and decoder.converted < 15
    finally:
        decoder.close()


def test_the_finish_step_sees_every_frame(clip):
    seen = []

    def finish(frame):
        seen.append(frame.shape)
        return np.ascontiguousarray(255 - frame)

    decoder = VideoDecoder(clip, (64, 36), finish=finish)
    try:
        assert decoder.wait_for(0.2)
        frame = decoder.frame_for(0.2)
        assert seen and seen[0] == (36, 64, 4)
        assert np.abs(255 - colour_at(frame, x=60, y=5) - clip_colour(frame.time, SECONDS)).max() <= 8
    finally:
        decoder.close()


def test_a_file_that_is_not_a_video_says_why(tmp_path):
    broken = tmp_path / "clip.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8)
    decoder = VideoDecoder(broken, (64, 36))
    assert decoder.wait_for(0.0) and decoder.error and decoder.frame_for(0.0) is None
    missing = VideoDecoder(tmp_path / "nothing.mp4", (64, 36))
    assert missing.wait_for(0.0) and "no such file" in missing.error


def test_a_huge_video_is_refused(tmp_path, monkeypatch):
    from alienstage_game.video import decoder as module

    path = write_clip(tmp_path / "small.mp4", (64, 36), 0.2, 10, "mpeg4")
    monkeypatch.setattr(module, "MAX_VIDEO_PIXELS", 1000)
    decoder = VideoDecoder(path, (64, 36))
    assert decoder.wait_for(0.0) and "too large" in decoder.error


def test_the_stage_imports_pyav_only_for_a_video():
    code = ("import sys; import alienstage_game.ui.scenes.stage, alienstage_game.ui.stage.scenery, "
            "alienstage_game.video; print('av' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={"SDL_VIDEODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1", "PATH": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
