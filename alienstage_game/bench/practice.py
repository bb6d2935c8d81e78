"""Practice benchmark: preparing a 3-minute backing at a new tempo (and key).

The source is the longest bundled level's backing looped to three minutes, written to a
temporary folder; the cache goes to a temporary ALIENSTAGE_HOME so every run is cold.
Target (issue 7): <= 10 s for a 3-minute song at a new tempo.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

DESCRIPTION = "preparing a 3-minute practice backing at a new tempo / key"
TARGET_S = 10.0


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


def run(args: argparse.Namespace) -> int:
    from ..practice.backing import prepare_backing

    with tempfile.TemporaryDirectory(prefix="alienstage-bench-") as tmp:
        folder = Path(tmp)
        source = _source(folder, args.seconds)
        old = os.environ.get("ALIENSTAGE_HOME")
        os.environ["ALIENSTAGE_HOME"] = str(folder / "home")
        try:
            print(f"source: {args.seconds:.0f} s stereo, 44.1 kHz (a bundled backing looped)")
            prepare_backing(source, 0.9, 0)  # the first call pays librosa's one-off imports
            status = 0
            for tempo, semitones in ((0.8, 0), (0.5, 0), (0.8, 3), (1.0, -2)):
                started = time.perf_counter()
                prepared = prepare_backing(source, tempo, semitones)
                took = time.perf_counter() - started
                ok = took <= TARGET_S
                status = status or (0 if ok else 1)
                print(f"tempo {tempo:.0%} key {semitones:+d}: {took:5.2f} s for {prepared.seconds:6.1f} s out "
                      f"(target <= {TARGET_S:.0f} s) {'PASS' if ok else 'MISS'}")
            started = time.perf_counter()
            prepare_backing(source, 0.8, 0)
            print(f"again from the cache: {time.perf_counter() - started:.3f} s")
        finally:
            if old is None:
                os.environ.pop("ALIENSTAGE_HOME", None)
            else:
                os.environ["ALIENSTAGE_HOME"] = old
    return 0
