"""Virtual microphones on a PulseAudio server, for the live tests and ``bench live``.

Null sinks stand in for two USB mics: ``mic_a`` (stereo, a dongle with two singers on
left and right) and ``mic_b`` (mono). Another program plays into a sink (``paplay``,
``pacat``, or a loopback module from the game's output); the game opens the sink's
``.monitor`` as a microphone. Each mic then has its own clock and PortAudio's real block
sizes, unlike the monitor of the game's own output.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from pathlib import Path
from typing import Iterator

MIC_A, MIC_B = "mic_a", "mic_b"
MIC_CHANNELS = {MIC_A: 2, MIC_B: 1}


def pactl(*args: str, check: bool = True) -> str:
    done = subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10, check=False,
                          env={**os.environ, "LC_ALL": "C"})
    if check and done.returncode != 0:
        raise RuntimeError(f"pactl {' '.join(args)}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


def sink_module(name: str) -> str | None:
    """The module index of the null sink ``name`` (None when there is none)."""
    for line in pactl("list", "short", "sinks").splitlines():
        fields = line.split("\t")
        if len(fields) > 1 and fields[1] == name:
            for module in pactl("list", "short", "modules").splitlines():
                mf = module.split("\t")
                if len(mf) > 2 and mf[1] == "module-null-sink" and f"sink_name={name}" in mf[2]:
                    return mf[0]
    return None


def ensure_mic(name: str) -> None:
    """The virtual mic's null sink exists (as `.ci/run` makes it)."""
    if sink_module(name) is None:
        pactl("load-module", "module-null-sink", f"sink_name={name}", f"channels={MIC_CHANNELS[name]}",
              "rate=48000", f"sink_properties=device.description=Virtual-{name}")
    _forget_device_cache()


def _forget_device_cache() -> None:
    from ..audio import pulse

    pulse.forget_devices()


def load_module(*args: str) -> str:
    index = pactl("load-module", *args)
    _forget_device_cache()
    return index


def unload_module(index: str) -> None:
    pactl("unload-module", index, check=False)
    _forget_device_cache()


def feeder(path: Path | str, sink: str, *, low_latency: bool = False) -> subprocess.Popen:
    """Another program singing into a virtual mic: paplay (odd block sizes, its own
    pace) or pacat with a 20 ms latency (like a hardware source)."""
    if low_latency:
        cmd = ["pacat", "--playback", f"--device={sink}", "--latency-msec=20", "--file-format=wav", str(path)]
    else:
        cmd = ["paplay", f"--device={sink}", str(path)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


STAGE = "stage"  # the null sink the game plays into


@contextlib.contextmanager
def singing_room(settle_s: float = 3.0) -> Iterator[None]:
    """The game's output (sink ``stage``) reaches ``mic_a`` on both channels and ``mic_b``
    from its right channel, through loopback modules with their own delays: like singers
    who hear the song and sing with it, each into their own mic."""
    for name, channels in ((STAGE, 2), (MIC_A, 2), (MIC_B, 1)):
        if sink_module(name) is None:
            pactl("load-module", "module-null-sink", f"sink_name={name}", f"channels={channels}", "rate=48000",
                  f"sink_properties=device.description=Virtual-{name}")
    modules = [load_module("module-loopback", f"source={STAGE}.monitor", f"sink={MIC_A}", "latency_msec=60",
                           "source_dont_move=true", "sink_dont_move=true"),
               load_module("module-remap-source", "source_name=stage_right", f"master={STAGE}.monitor", "channels=1",
                           "master_channel_map=front-right", "channel_map=mono")]
    modules.append(load_module("module-loopback", "source=stage_right", f"sink={MIC_B}", "latency_msec=80",
                               "source_dont_move=true", "sink_dont_move=true"))
    try:
        time.sleep(settle_s)  # a fresh loopback adapts its rate for a few seconds, then holds its delay
        yield
    finally:
        for index in reversed(modules):
            unload_module(index)


def server_answers() -> bool:
    try:
        pactl("info")
    except (OSError, RuntimeError, subprocess.TimeoutExpired):
        return False
    return True
