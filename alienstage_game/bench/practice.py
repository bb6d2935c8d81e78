"""Practice benchmark: preparing a 3-minute backing at a new tempo (and key).

The source is the longest bundled level's backing looped to three minutes, written to a
temporary folder; the cache goes to a temporary ALIENSTAGE_HOME so every run is cold.
Each case runs in a fresh child process, which reports the call's wall time and its own
peak RSS (VmHWM: the interpreter, the imports and the work, the honest figure for
"how much memory does preparing a backing need").

Targets (issue 17): <= 5 s and <= 400 MB peak for a 3-minute stereo song at a new tempo
and key, on the 2-core machine. Before issue 17 (librosa STFT of the whole song, float64
phases): tempo 80 % key -2 took 6.3-8.6 s and peaked at 1.65 GB; tempo 50 % 11.4 s, 2.4 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

DESCRIPTION = "preparing a 3-minute practice backing at a new tempo / key"
TARGET_S = 5.0
TARGET_MB = 400.0
CASES = ((0.8, 0), (0.8, -2), (0.5, 0), (0.8, 3), (1.0, -2))

# Run in the child: one preparation, then its wall time and the process's peak RSS.
CHILD = """
import json, resource, sys, time
from alienstage_game.practice.backing import prepare_backing
source, tempo, semitones = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
started = time.perf_counter()
prepared = prepare_backing(source, tempo, semitones)
took = time.perf_counter() - started
try:  # this process's own high-water mark (ru_maxrss can carry the parent's over the exec)
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(json.dumps({"s": took, "peak_mb": peak / 1024, "out_s": prepared.seconds, "cached": prepared.cached}))
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seconds", type=float, default=180.0, help="length of the test song (default 180)")


def _source(folder: Path, seconds: float) -> Path:
    import numpy as np
    import soundfile

    from ..audio.audiofile import read_audio
    from ..paths import bundled_levels_dir

    longest = max(bundled_levels_dir().glob("*/backing.ogg"), key=lambda p: soundfile.info(str(p)).duration)
    data, rate = read_audio(longest)
    reps = int(np.ceil(seconds * rate / len(data)))
    song = np.concatenate([data] * reps)[: int(seconds * rate)]
    path = folder / "three-minutes.wav"
    soundfile.write(path, song, rate)
    return path


def _case(source: Path, home: Path, tempo: float, semitones: int) -> dict:
    env = dict(os.environ, ALIENSTAGE_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", CHILD, str(source), str(tempo), str(semitones)],
                          env=env, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(f"tempo {tempo} key {semitones}: the child failed:\n{done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="alienstage-bench-") as tmp:
        folder = Path(tmp)
        source = _source(folder, args.seconds)
        print(f"source: {args.seconds:.0f} s stereo, 44.1 kHz (a bundled backing looped); "
              f"{os.cpu_count()} cores; each case in a fresh process")
        try:
            for tempo, semitones in CASES:
                got = _case(source, folder / "home", tempo, semitones)
                print(f"tempo {tempo:.0%} key {semitones:+d}: {got['s']:5.2f} s "
                      f"[target <= {TARGET_S:.0f} s: {_verdict(got['s'] <= TARGET_S)}]  "
                      f"peak {got['peak_mb']:4.0f} MB [target <= {TARGET_MB:.0f} MB: "
                      f"{_verdict(got['peak_mb'] <= TARGET_MB)}]  for {got['out_s']:6.1f} s out")
            got = _case(source, folder / "home", *CASES[0])
            print(f"again from the cache: {got['s']:.3f} s, peak {got['peak_mb']:.0f} MB"
                  f"{'' if got['cached'] else ' (NOT cached)'}")
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            print(f"practice bench failed: {exc}")
            return 1
    return 0
