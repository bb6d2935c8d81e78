"""When each sample really sounded: host times for captured and played audio, from the
running sample count.

A sound card's sample clock is steady; the timestamps its driver reports are not.
Measured through ALSA's ``pulse`` device on PulseAudio 16: input ADC stamps wander by
200-570 ms in a stream's first second and step by 195 ms in the middle of a steady one,
while the callbacks' own arrival (``time.monotonic()`` inside the callback, minus the
samples counted so far) stays within a block of its best value; output DAC stamps are
steady to 0.3 ms once the stream flows, but read "now" in the buffers written after an
underrun. So:

- Capture (``SampleTimeline``): sample n was heard at ``anchor + n / sr``. The anchor is
  the earliest arrival seen (a callback is never early, only late), slewed at most
  ``SLEW`` a second after it settles. Samples arriving ``GAP_S`` later than the count
  says, for ``CONFIRM_S`` on end, were lost (an overflow, a suspended source): that is
  a gap, counted, and the anchor moves past it. A burst after our own process stalled
  arrives late but catches up within the burst, so it is no gap.
- Playback (``PlayTimeline``): song position p plays at ``anchor + p``, steered toward
  the DAC stamps at most ``SLEW`` a second; a buffer asked for after its own predicted
  play time means the device ran dry (an underrun): the song holds still until the
  buffer really plays, it never leaps.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from statistics import median

log = logging.getLogger(__name__)

SLEW = 0.005  # seconds of correction per second of audio, at most
GAP_S = 0.04  # arrival this much later than the count: samples were lost (jitter is ~25 ms)
CONFIRM_S = 0.1  # ...if it stays that late this long (a burst catches up at once)
SETTLE_S = 0.3  # a fresh stream's first samples: the anchor follows the earliest arrival freely


@dataclass(frozen=True, slots=True)
class Placed:
    """A captured block placed on the host clock."""

    host: float  # when its first sample was heard (time.monotonic() seconds)
    frames: int


class SampleTimeline:
    """Host time of every captured sample of one stream, from the running sample count.

    ``arrive(frames, arrival)`` for each callback (``arrival``: time.monotonic() in the
    callback) returns the blocks whose place is now known, in order; a block that
    arrives suspiciously late is held back up to ``CONFIRM_S`` until it is clear whether
    samples were lost before it."""

    def __init__(self, sr: int) -> None:
        self.sr = int(sr)
        self.samples = 0  # samples placed or held so far
        self.anchor: float | None = None  # host time of sample 0 (gaps included)
        self.gaps = 0
        self.gap_s = 0.0
        self.resyncs = 0
        self._held: list[tuple[int, int, float, float]] = []  # (first sample, frames, earliest, arrival)
        self._recent: deque[tuple[float, float]] = deque()  # (arrival, earliest) of the last second

    def arrive(self, frames: int, arrival: float) -> list[Placed]:
        start = self.samples
        self.samples += frames
        earliest = arrival - self.samples / self.sr  # sample 0's time if this block was not late
        if self.anchor is None or start < SETTLE_S * self.sr:
            self.anchor = earliest if self.anchor is None else min(self.anchor, earliest)
            self._recent.append((arrival, earliest))
            return [self._place(start, frames)]
        if earliest < self.anchor - GAP_S:
            # A sample cannot arrive before it was heard: the anchor was late (a slow start).
            log.info("capture: blocks arrive %.0f ms earlier than counted; re-anchored",
                     (self.anchor - earliest) * 1000)
            self.resyncs += 1
            self.anchor = earliest
        if earliest > self.anchor + GAP_S or self._held:
            self._held.append((start, frames, earliest, arrival))
            return self._resolve(arrival)
        self._follow(arrival, earliest, frames)
        return [self._place(start, frames)]

    def _follow(self, arrival: float, earliest: float, frames: int) -> None:
        """Slew toward the earliest arrival of the last second (the device's clock and the
        host's drift apart by a few ms a minute)."""
        assert self.anchor is not None
        self._recent.append((arrival, earliest))
        while self._recent and self._recent[0][0] < arrival - 1.0:
            self._recent.popleft()
        best = min(e for _, e in self._recent)
        step = SLEW * frames / self.sr
        self.anchor += max(-step, min(step, best - self.anchor))

    def _resolve(self, arrival: float) -> list[Placed]:
        assert self.anchor is not None
        if self._held[-1][2] <= self.anchor + GAP_S:  # caught up: a burst after a stall, nothing lost
            return self._release()
        if arrival - self._held[0][3] >= CONFIRM_S:
            gap = min(e for _, _, e, _ in self._held) - self.anchor
            self.gaps += 1
            self.gap_s += gap
            log.warning("capture: %.0f ms of samples never arrived (a gap)", gap * 1000)
            self.anchor += gap
            self._recent.clear()
            return self._release()
        return []

    def _release(self) -> list[Placed]:
        held, self._held = self._held, []
        return [self._place(start, frames) for start, frames, _, _ in held]

    def _place(self, start: int, frames: int) -> Placed:
        assert self.anchor is not None
        return Placed(self.anchor + start / self.sr, frames)


class PlayTimeline:
    """Host time at which each output buffer's first frame plays, for one stream.

    ``place(song, seconds, called, dac, continuous)`` per callback: ``song`` is the
    buffer's song position, ``called`` time.monotonic() in the callback, ``dac`` the
    DAC stamp on the host clock (None when the host API gives none), ``continuous``
    False when the position jumped (start, seek, resume) and the timeline starts over."""

    def __init__(self, latency_s: float) -> None:
        self.latency_s = float(latency_s)  # callback -> DAC, until measured
        self.anchor: float | None = None  # host time of song position 0
        self.underruns = 0
        self.held_s = 0.0  # song time the underruns held back, in all
        self.steered_s = 0.0  # corrections toward the DAC stamps, in all
        self._ahead: deque[float] = deque(maxlen=64)  # dac - called of healthy buffers
        self._offsets: deque[float] = deque(maxlen=16)  # dac - song of recent buffers
        self._free_s = 0.0  # a fresh start follows the DAC stamps freely this long
        self._disagree_s = 0.0

    def place(self, song: float, seconds: float, called: float, dac: float | None, continuous: bool) -> float:
        valid = dac is not None and 0.0005 < dac - called < 2.0  # "now" is no DAC time
        if not continuous or self.anchor is None:
            self.anchor = (dac if valid else called + self.latency_s) - song  # type: ignore[operator]
            self._offsets.clear()
            self._free_s = SETTLE_S
        predicted = self.anchor + song
        if predicted < called:
            # Asked for after it should have started playing: the device ran dry, and the
            # song holds still until this buffer plays. Right after a refill PortAudio stamps
            # the buffer "now", which is true while the server plays on (measured: 1 ms off)
            # and false when the server stalls too; then the next buffers arrive late again
            # and hold the song once more. So a hold errs short, never long.
            plays = dac if dac is not None and 0.0 <= dac - called < 2.0 else called + self.latency_s
            hold = plays - predicted
            self.underruns += 1
            self.held_s += hold
            log.warning("playback: the output ran dry; the song held %.0f ms", hold * 1000)
            self.anchor += hold
            self._offsets.clear()
            self._free_s = 0.0  # the stamps written after an underrun read "now": only steer
        elif valid:
            self._offsets.append(dac - song)  # type: ignore[operator]
            if self._free_s > 0.0:
                self.anchor = median(self._offsets)  # a fresh start: follow the stamps
            else:
                self._ahead.append(dac - called)  # type: ignore[operator]
                self.latency_s = median(self._ahead)
                self._steer(median(self._offsets) - self.anchor, seconds)
        self._free_s -= seconds
        return self.anchor + song

    def _steer(self, error: float, seconds: float) -> None:
        step = max(-SLEW * seconds, min(SLEW * seconds, error))
        self.anchor += step  # type: ignore[operator]
        self.steered_s += abs(step)
        self._disagree_s = self._disagree_s + seconds if abs(error) > 0.02 else 0.0
        if self._disagree_s >= 1.0:
            log.warning("playback: DAC stamps disagree by %.0f ms; steering %.0f ms/s", error * 1000, SLEW * 1000)
            self._disagree_s = -30.0  # say it again in half a minute if it lasts
