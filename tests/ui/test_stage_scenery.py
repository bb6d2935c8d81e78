"""What plays behind the stage: the song's video in time with the song clock (VIDEOGAP),
else its background picture, else the sky; a video that cannot be played falls back with
a notice; pause holds the video; covers found by the packs' names show in the browser.

The test video is written here with PyAV (320x180 mpeg4, 3 s): its ground colour moves
from blue to red over the clip and a white bar sweeps across, so a frame tells its time.
Screenshots go to /tmp/alienstage-shots/stage/ (video-*, background, video-broken).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import pytest

from alienstage_game.show import ManualClock
from show.short_show import cpu_setup, write_level
from ui_driver import play_song, press

av = pytest.importorskip("av")

from alienstage_game.video.clip import clip_colour, write_clip  # noqa: E402

SHOTS = Path("/tmp/alienstage-shots/stage")
FRAME = 1 / 30
CLIP_S = 3.0
GAP_S = 0.5  # #VIDEOGAP: the song's 0 is the video's 0.5 s


def media_level(root: Path, *, video: bool = True, broken: bool = False, background: bool = True,
                gap: bool = True) -> Path:
    """The short battle level with a video (named by #VIDEO), a [BG] picture and a
    [CO] cover found by their names."""
    folder = write_level(root)
    chart = folder / "song.txt"
    headers = ""
    if video:
        headers += "#VIDEO:clip.mp4\n" + (f"#VIDEOGAP:{GAP_S}\n" if gap else "")
        if broken:
            (folder / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 not a video at all" * 40)
        else:
            write_clip(folder / "clip.mp4", (320, 180), CLIP_S, 30, "mpeg4", quality=2)
    chart.write_text(chart.read_text().replace("#BPM:150\n", "#BPM:150\n" + headers))
    if background:
        picture = pygame.Surface((400, 300))
        for x in range(0, 400, 50):  # green and yellow stripes
            picture.fill((40, 200, 60) if x % 100 == 0 else (230, 210, 40), pygame.Rect(x, 0, 50, 300))
        pygame.image.save(picture, str(folder / "Tiny Comet [BG].png"))
    cover = pygame.Surface((64, 64))
    cover.fill((250, 40, 40))
    pygame.image.save(cover, str(folder / "Tiny Comet [CO].png"))
    return folder


def open_stage(app, folder: Path):
    from alienstage_game.ui.scenes.stage import StageScene

    clock = ManualClock()
    scene = StageScene(cpu_setup(folder), clock=clock, sounds=False)
    app.push(scene)
    app.step(FRAME)
    return scene, clock


def show_frame_at(app, scene, clock, song_s: float) -> None:
    """Play up to ``song_s``, wait for the decoder to have that frame, draw it."""
    play_song(app, clock, song_s, FRAME)
    decoder = scene.scenery.decoder
    assert decoder is not None and decoder.wait_for(scene.scenery.video_time(clock.time()), timeout=10)
    app.step(FRAME / 100)


def frame_colour(scene) -> tuple[np.ndarray, np.ndarray]:
    """The shown frame's colour at a spot the bar never crosses at the tested times, and
    what dimming and the furniture make of the clip's ground colour there."""
    scenery = scene.scenery
    frame = scenery.decoder.frame_for(scenery.video_time(scene.session.time))
    x, y = 640, 500  # behind the lyrics (under the veil)
    finish = scenery.decoder.finish
    shown = frame.pixels[y, x, 2::-1].astype(int)  # BGRA -> RGB
    colour = np.array(clip_colour(frame.time, CLIP_S))
    expected = (colour * finish.gain[y, x, 2::-1] + finish.lift[y, x, 2::-1]) / 256
    return shown, expected


def test_the_video_plays_behind_the_stage_in_time_with_the_song(app, tmp_path):
    scene, clock = open_stage(app, media_level(tmp_path))
    scenery = scene.scenery
    assert scenery.has_video and scenery.video_gap_ms == GAP_S * 1000
    show_frame_at(app, scene, clock, 0.5)
    assert scenery.showing_video
    frame = scenery.decoder.frame_for(scenery.video_time(clock.time()))
    assert abs(frame.time - (clock.time() + GAP_S)) < 1 / 30 + 1e-6  # video time = song time + VIDEOGAP
    shown, expected = frame_colour(scene)
    assert np.abs(shown - expected).max() <= 8, (shown, expected)
    app.screenshot(SHOTS / "video-early.png")
    early = pygame.surfarray.array3d(app.canvas)[500:620, 420:440].astype(int).mean(axis=(0, 1))

    show_frame_at(app, scene, clock, 2.2)
    later = scenery.decoder.frame_for(scenery.video_time(clock.time()))
    assert later.number > frame.number and abs(later.time - (clock.time() + GAP_S)) < 1 / 30 + 1e-6
    shown, expected = frame_colour(scene)
    assert np.abs(shown - expected).max() <= 8, (shown, expected)
    app.screenshot(SHOTS / "video-later.png")
    # On the canvas: the early frame was blue, the later one red, dimmed behind the stage.
    now = pygame.surfarray.array3d(app.canvas)[500:620, 420:440].astype(int).mean(axis=(0, 1))
    assert early[2] > early[0] + 10 and now[0] > now[2] + 10, (early, now)
    assert scenery.decoder.error is None and scenery.notice is None

    # The pause menu's Restart: the song jumps back to 0, the video seeks back with it.
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    show_frame_at(app, scene, clock, 0.1)
    again = scenery.decoder.frame_for(scenery.video_time(clock.time()))
    assert abs(again.time - (clock.time() + GAP_S)) < 1 / 30 + 1e-6
    scene.on_leave()
    assert scenery.decoder.closed


def test_pause_holds_the_video(app, tmp_path):
    scene, clock = open_stage(app, media_level(tmp_path, background=False))
    show_frame_at(app, scene, clock, 1.0)
    press(app, pygame.K_ESCAPE)
    held = scene.scenery.decoder.frame_for(scene.scenery.video_time(clock.time()))
    for _ in range(30):  # a second of frames while paused: the clock and the picture stand
        clock.advance(FRAME)
        app.step(FRAME)
    assert scene.scenery.decoder.frame_for(scene.scenery.video_time(clock.time())) is held
    assert scene.scenery.showing_video
    app.screenshot(SHOTS / "video-paused.png")
    press(app, pygame.K_ESCAPE)
    show_frame_at(app, scene, clock, 1.5)
    assert scene.scenery.decoder.frame_for(scene.scenery.video_time(clock.time())).number > held.number


def test_the_background_picture_stands_behind_the_stage_without_a_video(app, tmp_path):
    scene, clock = open_stage(app, media_level(tmp_path, video=False))
    scenery = scene.scenery
    assert not scenery.has_video and scenery.background_path.name == "Tiny Comet [BG].png"
    assert scenery.picture is not None
    play_song(app, clock, 1.0, FRAME)
    app.screenshot(SHOTS / "background.png")
    # Dimmed stripes show through where nothing stands (between the lane and the lyrics).
    row = [tuple(scene.backdrop.get_at((x, 458))[:3]) for x in range(180, 1100, 8)]
    greens = [c for c in row if c[1] > c[0] + 30 and c[1] > c[2] + 30]
    yellows = [c for c in row if c[0] > c[2] + 30 and c[1] > c[2] + 30]
    assert greens and yellows and max(max(c) for c in row) < 150  # both stripes, dimmed


def test_no_background_and_no_video_keeps_the_sky(app, tmp_path):
    from alienstage_game.ui.stage.backdrop import paint_backdrop

    scene, clock = open_stage(app, write_level(tmp_path))
    assert not scene.scenery.has_video and scene.scenery.picture is None
    sky = paint_backdrop(scene.layout, scene.lanes, look=scene.look)
    assert scene.backdrop.get_at((40, 20)) == sky.get_at((40, 20))


def test_a_broken_video_falls_back_to_the_background_with_a_notice(app, tmp_path):
    from ui_driver import wait_for

    scene, clock = open_stage(app, media_level(tmp_path, broken=True))
    scenery = scene.scenery
    assert scenery.video_path.name == "clip.mp4"
    wait_for(app, lambda: scenery.notice is not None)  # found out on the decoder's thread
    play_song(app, clock, 1.0, FRAME)
    assert scenery.video_error and scenery.decoder is None and not scenery.showing_video
    assert scenery.notice.startswith("video could not be played: ") and scenery.picture is not None
    app.screenshot(SHOTS / "video-broken.png")
    assert scene.session.phase.value in ("count-in", "singing")  # the show goes on


def test_covers_found_by_their_names_show_in_the_song_browser(app, tmp_path):
    from alienstage_game.ui.scenes.library import LibraryScene
    from ui_driver import settle, shot, wait_for

    media_level(tmp_path / "songs", video=False)
    app.push(LibraryScene(folders=[tmp_path / "songs"]))
    scene = app.scene
    wait_for(app, lambda: scene.scan is not None)
    entry = scene.current
    assert entry.cover_path is not None and entry.cover_path.name == "Tiny Comet [CO].png"
    assert entry.background_path.name == "Tiny Comet [BG].png"
    settle(app)
    assert tuple(app.canvas.get_at((800 + 75, 138 + 75)))[:3] == (250, 40, 40)
    shot(app, "library-cover-by-name")


def test_bench_frames_runs_the_same_duel_with_and_without_a_1080p_video(app):
    from alienstage_game.bench.frames_video import video_side_by_side

    results = video_side_by_side(app, None, seconds=1.0, rounds=1)
    plain, video = results["no video"], results["1080p video"]
    assert plain["frames"] > 10 and video["frames"] > 10
    assert plain["video_frames_shown"] == 0 and video["video_frames_shown"] > 0 and video["video_error"] is None
