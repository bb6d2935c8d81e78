"""Frame-time benchmark: a full duel between two CPU contestants, headless at 1280x720.

Targets (issue 6): frame median <= 4 ms and p99 <= 8 ms on this 2-core machine; memory
flat over a 5-minute run (``--minutes 5``: duels back to back). RSS start is taken once
the first duel is on stage; RSS is also printed after each duel, because the first duel
fills the allocator's pools (surfaces of every size the stage uses) and later duels reuse
them: the growth from the first duel's end is the figure that shows a leak. A frame's time
is what the game loop spends on it (events, update, draw, present), not the 60 fps wait.
The song clock is the monotonic stand-in (no sound), so the duel runs in real time.
Then (issue 16; ``--no-video`` skips it) the same duel's first 10 s with no video and with
a generated 1080p h264 video behind the stage, side by side (bench/frames_video.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

DESCRIPTION = "frame time and memory of a full headless duel at 1280x720 (two CPU contestants)"
MEDIAN_TARGET_MS = 4.0
P99_TARGET_MS = 8.0
RSS_GROWTH_TARGET_MB = 5.0


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc; ru_maxrss elsewhere)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def frame_summary(frame_ms: list[float]) -> dict:
    """Median and p99 of frame times (the first 10 frames build caches and are left out)."""
    steady = frame_ms[10:] if len(frame_ms) > 20 else frame_ms
    if not steady:
        return {"frames": 0, "frame_ms_median": 0.0, "frame_ms_p99": 0.0}
    ordered = sorted(steady)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return {"frames": len(frame_ms), "frame_ms_median": round(statistics.median(ordered), 3),
            "frame_ms_p99": round(p99, 3)}


def headless() -> None:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--level", default=None, help="bundled level id (default: the demo's)")
    parser.add_argument("--minutes", type=float, default=None,
                        help="duels back to back for this long: the memory check (e.g. 5)")
    parser.add_argument("--speed", type=float, default=1.0,
                        help="song clock speed (1 = real time; faster runs fewer frames per song)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-video", action="store_true",
                        help="skip the side-by-side case with a generated 1080p music video behind the stage")
    parser.add_argument("--video-seconds", type=float, default=10.0,
                        help="length of the generated video and of each side-by-side case (default 10)")


def run(args: argparse.Namespace) -> int:
    headless()
    from ..ui.app import App
    from ..ui.scenes.stage import demo_scene

    app = App()
    frame_ms: list[float] = []
    duels = 0
    rss_start = None
    started = time.perf_counter()
    cpu_started = time.process_time()
    budget = args.minutes * 60.0 if args.minutes else None
    outcome = None
    rss_after: list[float] = []  # after each duel: the steady state shows from the second on
    try:
        while True:
            scene = demo_scene(args.level, speed=args.speed, seed=duels, play_audio=False,
                               exit_after_verdict=2.0, sounds=False)
            app.running = True
            app.push(scene)
            left = None if budget is None else max(0.0, budget - (time.perf_counter() - started))
            if rss_start is None:  # steady state: the first duel's caches are built
                for _ in range(30):
                    app.step(1 / 60)
                rss_start = rss_mb()
            stats = app.run(max_seconds=left)
            frame_ms += stats.frame_ms
            duels += 1
            rss_after.append(round(rss_mb(), 1))
            outcome = scene.outcome or outcome
            if budget is None or time.perf_counter() - started >= budget:
                break
            while app.scenes:
                app.pop()
        wall = time.perf_counter() - started  # the duels' own figures, before the video case
        cpu_percent = round(100.0 * (time.process_time() - cpu_started) / wall, 1)
        rss_end = round(rss_mb(), 1)
        video = None
        if not args.no_video:  # the same duel with no video and with a 1080p video, in this run
            from .frames_video import video_side_by_side

            while app.scenes:
                app.pop()
            video = video_side_by_side(app, args.level, args.video_seconds)
    finally:
        app.close()
    figures = frame_summary(frame_ms)
    figures.update(cpu_percent=cpu_percent,
                   rss_mb_start=round(rss_start or 0.0, 1), rss_mb_end=rss_end,
                   duels=duels, seconds=round(wall, 1), rss_mb_after_each_duel=rss_after)
    if video is not None:
        figures["video_side_by_side"] = video
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"{duels} duel(s), {figures['frames']} frames in {wall:.1f} s at 1280x720 (headless)")
    print(f"frame median {figures['frame_ms_median']:.2f} ms   (target <= {MEDIAN_TARGET_MS} ms)")
    print(f"frame p99    {figures['frame_ms_p99']:.2f} ms   (target <= {P99_TARGET_MS} ms)")
    growth = figures["rss_mb_end"] - figures["rss_mb_start"]
    print(f"RSS {figures['rss_mb_start']:.1f} MB -> {figures['rss_mb_end']:.1f} MB ({growth:+.1f} MB; "
          f"target: flat within {RSS_GROWTH_TARGET_MB:.0f} MB over 5 minutes)")
    if len(rss_after) > 1:
        print(f"RSS after each duel: {', '.join(f'{r:.1f}' for r in rss_after)} MB "
              f"(from the first duel's end: {rss_after[-1] - rss_after[0]:+.1f} MB)")
    print(f"CPU {figures['cpu_percent']:.0f}% of one core")
    if outcome is not None:
        print(outcome.summary())
    if video is not None:
        from .frames_video import print_side_by_side

        print_side_by_side(video, args.video_seconds, MEDIAN_TARGET_MS, P99_TARGET_MS)
    return 0


if __name__ == "__main__":  # pragma: no cover
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
