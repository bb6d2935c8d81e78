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
from typing import Any, Callable

import numpy as np

from .capture import Capture, CaptureBlock
from .clock import SongClock
from .devices import PlayerInput, resolve
from .latency import Calibration
from .playback import Playback

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
    """Median of the chirps found, outliers rejected, with a confidence."""
    heard = np.array([o for o in offsets if o is not None])
    clicks = len(offsets)
    if heard.size == 0:
        return Calibration(input_name, output_name, 0.0, 0.0, 0.0, clicks, 0)
    median = float(np.median(heard))
    kept = heard[np.abs(heard - median) <= OUTLIER_S]
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
    """Measure ``player_input``'s offset through ``output`` (None = defaults). Takes about
    ``plan.end_s`` seconds plus the devices' start-up; raises AudioUnavailable when the
    output cannot be opened (an input that cannot be opened measures nothing)."""
    plan = plan or ClickPlan.regular()
    holder: dict[str, Any] = {}
    clock = _LateClock(holder)
    capture = capture_factory([PlayerInput(player_input.device, player_input.channel)], clock,
                              sr=plan.sr, offsets=0.0)
    try:
        capture.wait_settled(settle_timeout_s)  # a fresh input's first stamps jump
        playback = playback_factory(click_track(plan), plan.sr, device=output)
        holder["clock"] = playback.clock
        try:
            blocks: list[CaptureBlock] = []
            deadline = time.monotonic() + plan.end_s + 6.0  # a stalled device must not hang us
            while playback.clock.now() < plan.end_s and time.monotonic() < deadline:
                blocks += capture.blocks()
                sleep(0.02)
            blocks += capture.blocks()
        finally:
            playback.close()
    finally:
        capture.close()
    recording = assemble(blocks, plan.sr, -1.0, plan.end_s)
    in_dev, out_dev = resolve(player_input.device, "input"), resolve(output, "output")
    return summarise(measure_offsets(recording, plan, -1.0),
                     in_dev.name if in_dev else (player_input.device or "default"),
                     out_dev.name if out_dev else (output or "default"))


class _LateClock:
    """Capture needs a clock before playback exists: until it does, song time is
    undefined (-inf keeps those early blocks out of the recording)."""

    def __init__(self, holder: dict[str, Any]) -> None:
        self._holder = holder

    def _clock(self) -> SongClock | None:
        return self._holder.get("clock")

    def now(self) -> float:
        c = self._clock()
        return c.now() if c else float("-inf")

    def song_time_at(self, host_time: float) -> float:
        c = self._clock()
        return c.song_time_at(host_time) if c else -1e9

    paused = False

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def seek(self, seconds: float) -> None: ...

    source = "calibration"
