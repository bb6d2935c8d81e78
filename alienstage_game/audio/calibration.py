"""Automatic latency calibration: play chirps, hear them, measure where they landed.

The game's own playback and capture paths are used, stamps and all, so what is
measured is exactly what the judge would get wrong: the song time at which a sound is
heard minus the song time at which it was played. A short chirp (500 Hz -> 4 kHz in
20 ms) has a sharp cross-correlation peak through speakers and microphones; the median
over several, with outliers rejected, is the offset capture subtracts from then on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .capture import Capture, CaptureBlock
from .devices import PlayerInput, resolve
from .latency import Calibration
from .playback import FLOW_TIMEOUT_S, Playback

SAMPLE_RATE = 48_000
CHIRP_S = 0.02
SEARCH_BEFORE_S = 0.1  # a sound can be stamped early (a driver overstating its latency)...
SEARCH_AFTER_S = 0.35  # ...or late: sound cards misreport by up to ~0.3 s
GAPS_S = (0.5, 0.58, 0.54, 0.62)  # between chirps: longer than the search, never regular
OUTLIER_S = 0.004  # clicks further than this from the median are rejected
MIN_SCORE = 0.3  # normalised correlation a chirp must reach to count as heard


@dataclass(frozen=True)
class ClickPlan:
    """Where the chirps are in the calibration track (song seconds)."""

    times: tuple[float, ...]
    sr: int

    @classmethod
    def regular(cls, clicks: int = 8, first_s: float = 0.3, sr: int = SAMPLE_RATE) -> "ClickPlan":
        """``clicks`` chirps, further apart than the search window (a chirp heard late is
        never taken for the next one), at uneven gaps."""
        times = [first_s]
        for k in range(clicks - 1):
            times.append(times[-1] + GAPS_S[k % len(GAPS_S)])
        return cls(tuple(times), sr)

    @property
    def end_s(self) -> float:
        return self.times[-1] + SEARCH_AFTER_S + 0.2


def chirp(sr: int = SAMPLE_RATE, seconds: float = CHIRP_S, f0: float = 500.0, f1: float = 4000.0) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    phase = 2 * np.pi * (f0 * t + (f1 - f0) / (2 * seconds) * t**2)
    return (0.5 * np.sin(phase) * np.hanning(t.size)).astype(np.float32)


def click_track(plan: ClickPlan) -> np.ndarray:
    """The mono calibration track: silence with a chirp at each planned time."""
    out = np.zeros(int(plan.end_s * plan.sr), dtype=np.float32)
    c = chirp(plan.sr)
    for t in plan.times:
        a = int(round(t * plan.sr))
        out[a : a + c.size] += c
    return out


def assemble(blocks: list[CaptureBlock], sr: int, start_s: float, end_s: float) -> np.ndarray:
    """One player's blocks laid out on the song-time axis from ``start_s`` (gaps silent)."""
    out = np.zeros(int((end_s - start_s) * sr), dtype=np.float32)
    for b in blocks:
        a = int(round((b.song_time - start_s) * sr))
        lo, hi = max(a, 0), min(a + b.samples.size, out.size)
        if lo < hi:
            out[lo:hi] = b.samples[lo - a : hi - a]
    return out


def measure_offsets(recording: np.ndarray, plan: ClickPlan, start_s: float) -> list[float | None]:
    """Heard-minus-played time of each chirp in a recording laid out on song time
    (None where no chirp was found)."""
    c = chirp(plan.sr).astype(np.float64)
    c_norm = np.linalg.norm(c)
    found: list[float | None] = []
    for t in plan.times:
        a = int(round((t - SEARCH_BEFORE_S - start_s) * plan.sr))
        b = int(round((t + SEARCH_AFTER_S - start_s) * plan.sr)) + c.size
        a, b = max(a, 0), min(b, recording.size)
        window = recording[a:b].astype(np.float64)
        if window.size <= c.size:
            found.append(None)
            continue
        corr = np.correlate(window, c, mode="valid")
        energy = np.sqrt(np.convolve(window**2, np.ones(c.size), mode="valid")) * c_norm + 1e-12
        score = np.abs(corr) / energy
        k = int(np.argmax(np.abs(corr)))
        if score[k] < MIN_SCORE:
            found.append(None)
            continue
        # Sub-sample peak by a parabola through the three samples around it.
        if 0 < k < corr.size - 1:
            y0, y1, y2 = np.abs(corr[k - 1 : k + 2])
            denom = y0 - 2 * y1 + y2
            k = k + (0.5 * (y0 - y2) / denom if denom else 0.0)
        found.append(start_s + (a + k) / plan.sr - t)
    return found


def summarise(offsets: list[float | None], input_name: str, output_name: str) -> Calibration:
    """The offset most clicks agree on, with a confidence. The median of the largest
    cluster (clicks within ``OUTLIER_S`` of each other), not of all of them: clicks
    heard twice over (a speaker and its echo, two routes) fall into two clusters whose
    overall median lies between them, where no click is. Nothing heard: kept 0."""
    heard = np.array([o for o in offsets if o is not None and np.isfinite(o)], dtype=np.float64)
    clicks = len(offsets)
    if heard.size == 0:
        return Calibration(input_name, output_name, 0.0, 0.0, 0.0, clicks, 0)
    near = np.abs(heard[:, None] - heard[None, :]) <= OUTLIER_S
    support = near.sum(axis=1)
    best = np.flatnonzero(support == support.max())
    # Among equally supported clusters, the earliest: an echo arrives after the sound.
    centre = heard[best[np.argmin(heard[best])]]
    kept = heard[np.abs(heard - centre) <= OUTLIER_S]
    offset = float(np.median(kept))
    spread = float(np.median(np.abs(kept - offset)))
    confidence = kept.size / clicks * (1.0 if spread <= 0.001 else 0.001 / spread)
    if kept.size < 3:
        confidence = min(confidence, 0.3)  # two agreeing clicks could be chance
    return Calibration(input_name, output_name, offset, spread, round(confidence, 3), clicks, int(kept.size))


def calibrate(player_input: PlayerInput = PlayerInput(), output: str | None = None, *,
              plan: ClickPlan | None = None, settle_timeout_s: float = 5.0,
              playback_factory: Callable[..., Playback] = Playback.open,
              capture_factory: Callable[..., Capture] = Capture.open,
              sleep: Callable[[float], None] = time.sleep) -> Calibration:
    """Measure ``player_input``'s offset through ``output`` (None = defaults)."""
    return calibrate_inputs([player_input], output, plan=plan, settle_timeout_s=settle_timeout_s,
                            playback_factory=playback_factory, capture_factory=capture_factory, sleep=sleep)[0]


def calibrate_inputs(inputs: list[PlayerInput], output: str | None = None, *,
                     plan: ClickPlan | None = None, settle_timeout_s: float = 5.0,
                     playback_factory: Callable[..., Playback] = Playback.open,
                     capture_factory: Callable[..., Capture] = Capture.open,
                     sleep: Callable[[float], None] = time.sleep) -> list[Calibration]:
    """Measure every distinct input device of ``inputs`` at once (one calibration each,
    in the order they first appear), all hearing the same clicks played on ``output``.
    Takes about ``plan.end_s`` seconds plus the devices' start-up; raises
    AudioUnavailable when the output cannot be opened (an input that cannot be opened
    measures nothing: kept 0). Waits for devices: never call it on the game loop."""
    plan = plan or ClickPlan.regular()
    devices: list[PlayerInput] = []
    for p in inputs:
        if all(d.device != p.device for d in devices):
            devices.append(PlayerInput(p.device, p.channel))
    capture = capture_factory(devices, None, sr=plan.sr, offsets=0.0)
    try:
        capture.wait_settled(settle_timeout_s)
        playback = playback_factory(click_track(plan), plan.sr, device=output)
        capture.clock = playback.clock  # blocks are stamped on the clicks' own clock from now on
        try:
            blocks: list[CaptureBlock] = []
            deadline = time.monotonic() + plan.end_s + FLOW_TIMEOUT_S + 4.0  # a stalled device must not hang us
            while playback.clock.now() < plan.end_s and time.monotonic() < deadline:
                blocks += capture.blocks()
                sleep(0.02)
            blocks += capture.blocks()
        finally:
            playback.close()
    finally:
        capture.close()
    out_dev = resolve(output, "output")
    results = []
    for player, p in enumerate(devices):
        recording = assemble([b for b in blocks if b.player == player], plan.sr, -1.0, plan.end_s)
        in_dev = resolve(p.device, "input")
        results.append(summarise(measure_offsets(recording, plan, -1.0),
                                 in_dev.id if in_dev else (p.device or "default"),
                                 out_dev.name if out_dev else (output or "default")))
    return results
