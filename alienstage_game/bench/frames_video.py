"""``bench frames``' video case: the same duel for the same stretch with no video and
with a 1080p music video behind the stage, side by side in one run.

The video is generated with PyAV (1920x1080 h264 at 30 fps, a scrolling texture under a
colour that changes with time: real decoding work, about 8 Mbit/s, like a community
video), kept in the temp folder between runs. Each case is as long as the video, so the
decoder works for the whole of it. Frame times are what the game loop spends (the decoder
thread's time shows in the CPU figure, which counts every thread of the process).
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

VIDEO_SIZE = (1920, 1080)
VIDEO_FPS = 30
VIDEO_NAME = "bench-1080p.mp4"


def bench_clip(seconds: float) -> Path:
    """The 1080p h264 clip, written once per length into the temp folder."""
    from ..video.clip import write_clip

    folder = Path(tempfile.gettempdir()) / "alienstage-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"clip-{VIDEO_SIZE[0]}x{VIDEO_SIZE[1]}-{VIDEO_FPS}fps-{seconds:g}s-h264.mp4"
    if not path.is_file():
        partial = path.with_suffix(f".{os.getpid()}.mp4")
        write_clip(partial, VIDEO_SIZE, seconds, VIDEO_FPS, "libx264", detail=True)
        os.replace(partial, path)
    return path


def _level_copy(level_dir: Path, where: Path, clip: Path | None) -> Path:
    """The level copied (its folder holds the video: media never come from outside it),
    its chart naming the video when there is one."""
    from ..charts.level import load_level

    folder = where / (level_dir.name + ("-video" if clip else ""))
    shutil.copytree(level_dir, folder)
    if clip is not None:
        try:
            os.link(clip, folder / VIDEO_NAME)
        except OSError:
            shutil.copyfile(clip, folder / VIDEO_NAME)
        chart_path = load_level(folder, load_chart=False).chart_path
        data = chart_path.read_bytes()
        cut = data.index(b"\n") + 1
        chart_path.write_bytes(data[:cut] + f"#VIDEO:{VIDEO_NAME}\n".encode() + data[cut:])
    return folder


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0.0


def _one_round(app, setup, seconds: float) -> dict:
    from ..ui.scenes.stage import StageScene

    scene = StageScene(setup, play_audio=False, sounds=False)
    app.running = True
    app.push(scene)
    for _ in range(30):  # built, caches warm, the decoder's first frames ready
        app.step(1 / 60)
    cpu = time.process_time()
    wall = time.perf_counter()
    stats = app.run(max_seconds=seconds)
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    scenery = scene.scenery
    decoder = scenery.decoder
    figures = {"frame_ms": stats.frame_ms[10:], "cpu_s": cpu, "wall_s": wall,
               "shown": decoder.converted if decoder is not None else 0,
               "dropped": decoder.dropped if decoder is not None else 0, "error": scenery.video_error}
    while app.scenes:
        app.pop()
    return figures


def _summary(rounds: list[dict]) -> dict:
    steady = sorted(ms for r in rounds for ms in r["frame_ms"])
    wall = sum(r["wall_s"] for r in rounds)
    return {
        "frames": len(steady),
        "frame_ms_median": round(statistics.median(steady), 3) if steady else 0.0,
        "frame_ms_p95": round(_percentile(steady, 0.95), 3),
        "frame_ms_p99": round(_percentile(steady, 0.99), 3),
        "cpu_percent": round(100.0 * sum(r["cpu_s"] for r in rounds) / wall, 1) if wall else 0.0,
        "video_frames_shown": sum(r["shown"] for r in rounds),
        "video_frames_dropped": sum(r["dropped"] for r in rounds),
        "video_error": next((r["error"] for r in rounds if r["error"]), None),
    }


def video_side_by_side(app, level: str | None, seconds: float = 10.0, rounds: int = 2) -> dict:
    """{"no video": figures, "1080p video": figures} for the demo duel's first ``seconds``,
    the two cases taking turns ``rounds`` times (a busy machine weighs on both alike)."""
    from ..show import bundled_level
    from ..ui.scenes.stage import demo_setup

    clip = bench_clip(seconds)
    setup = demo_setup(level, 0)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    with tempfile.TemporaryDirectory(prefix="alienstage-bench-video-") as where:
        cases = {name: replace(setup, level_dir=_level_copy(bundled_level(level), Path(where), with_clip))
                 for name, with_clip in (("no video", None), ("1080p video", clip))}
        done: dict[str, list[dict]] = {name: [] for name in cases}
        for _ in range(max(1, rounds)):
            for name, case in cases.items():
                done[name].append(_one_round(app, case, seconds))
    results = {name: _summary(r) for name, r in done.items()}
    results["load_average"] = round(load, 2) if load is not None else None
    results["rounds"] = max(1, rounds)
    results["cores"] = os.cpu_count()
    return results


def print_side_by_side(results: dict, seconds: float, median_target: float, p99_target: float) -> None:
    print(f"with a music video: the same duel's first {seconds:g} s, no video / {VIDEO_SIZE[0]}x{VIDEO_SIZE[1]} "
          f"h264 {VIDEO_FPS} fps behind the stage, taking turns {results['rounds']} times (frame budget: "
          f"median <= {median_target} ms, p99 <= {p99_target} ms; load average {results['load_average']} "
          f"on {results['cores']} cores at the start)")
    print(f"  {'':12} {'frames':>6} {'median':>8} {'p95':>8} {'p99':>8} {'CPU':>6}")
    for name in ("no video", "1080p video"):
        f = results[name]
        line = (f"  {name:12} {f['frames']:>6} {f['frame_ms_median']:>6.2f}ms {f['frame_ms_p95']:>6.2f}ms "
                f"{f['frame_ms_p99']:>6.2f}ms {f['cpu_percent']:>5.0f}%")
        if name != "no video":
            line += f"   video frames shown {f['video_frames_shown']}, dropped late {f['video_frames_dropped']}"
            if f["video_error"]:
                line += f"   VIDEO FAILED: {f['video_error']}"
        print(line)
    print("  (CPU: every thread of the game, decoder included, in % of one core)")
