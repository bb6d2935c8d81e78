"""A streaming phase vocoder: a recording made longer or shorter without its pitch moving.

The same sums as ``librosa.stft`` -> phase vocoder -> ``librosa.istft`` (periodic Hann
window, centred frames, window-sum normalisation), done a chunk of output frames at a
time in float32 / complex64 so that memory follows the chunk, not the song. What carries
from one chunk to the next is small: each channel's running phase (one value per bin)
and the last ``N_FFT - HOP`` samples of the overlap-add, so a chunk join sums exactly
as one long pass would (no click). Each channel runs on its own thread (numpy's FFT and
ufuncs release the GIL), in order, while the caller consumes the previous chunk.
"""

from __future__ import annotations

import math
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Iterator

import numpy as np

N_FFT = 2048
HOP = 512
BINS = N_FFT // 2 + 1
CHUNK_FRAMES = 512  # output frames per chunk: ~6 s of audio, ~4 MB per array per channel

TWO_PI = 2.0 * np.pi
WINDOW = (0.5 - 0.5 * np.cos(TWO_PI * np.arange(N_FFT) / N_FFT)).astype(np.float32)  # periodic Hann
# The phase a steady partial at each bin's centre gains in one hop (reduced mod 2 pi: exact
# multiples of pi/2 for HOP = N_FFT / 4, and small numbers keep float32 sums accurate).
EXPECTED = np.mod(TWO_PI * HOP * np.arange(BINS) / N_FFT, TWO_PI).astype(np.float32)
TINY = float(np.finfo(np.float32).tiny)

# ``read(start, stop)``: samples start..stop-1 of the source as (stop - start, channels)
# float32, zeros outside the recording; ``start`` never goes back (see SampleWindow).
Reader = Callable[[int, int], np.ndarray]


class StretchPlan:
    """Which input frames each output frame reads, for ``n`` samples stretched by ``rate``."""

    def __init__(self, n: int, rate: float) -> None:
        self.rate = rate
        self.frames_in = 1 + n // HOP  # librosa's count for centred frames
        self.steps = np.arange(0, self.frames_in, rate, dtype=np.float64)  # output k reads step k
        self.length = int(round(n / rate))  # output samples
        # As librosa.istft: only the frames that reach into the kept ``length`` samples.
        self.frames_out = min(self.steps.size, math.ceil((self.length + N_FFT) / HOP))

    def input_span(self, k0: int, k1: int) -> tuple[int, int]:
        """The source samples output frames k0..k1-1 read (input frames floor(step), +1)."""
        first = int(self.steps[k0])
        last = int(self.steps[k1 - 1]) + 1
        return first * HOP - N_FFT // 2, last * HOP + N_FFT // 2


class ChannelStretch:
    """One channel's running state: the phase it has reached and the overlap-add tail."""

    def __init__(self, plan: StretchPlan) -> None:
        self.plan = plan
        self.phase: np.ndarray | None = None  # (BINS,) float64, mod 2 pi
        self.tail = np.zeros(N_FFT - HOP, np.float32)
        self.weight_tail = np.zeros(N_FFT - HOP, np.float32)
        self.emitted = 0  # output samples handed out so far

    def process(self, k0: int, k1: int, block: np.ndarray) -> np.ndarray:
        """Output frames k0..k1-1 from ``block`` (this channel's samples of ``input_span``);
        returns the output samples that are now final (all of them after the last chunk)."""
        plan = self.plan
        steps = plan.steps[k0:k1]
        index = steps.astype(np.int64)
        first = int(index[0])
        frac = (steps - index).astype(np.float32)[:, None]
        local = index - first
        frames = np.lib.stride_tricks.sliding_window_view(block, N_FFT)[::HOP]
        spectrum = np.fft.rfft(frames * WINDOW, axis=-1)  # (frames, BINS) complex64
        beyond = first + np.arange(spectrum.shape[0]) >= plan.frames_in
        spectrum[beyond] = 0  # librosa's vocoder pads the spectrogram with silent frames
        magnitude = np.abs(spectrum)
        phase = np.angle(spectrum)
        del spectrum
        now, then = local, local + 1
        mag = magnitude[now]
        mag *= 1.0 - frac
        mag += frac * magnitude[then]
        advance = phase[then]
        advance -= phase[now]
        advance -= EXPECTED
        advance -= TWO_PI * np.round(advance / np.float32(TWO_PI))
        advance += EXPECTED
        start = phase[0].astype(np.float64) if self.phase is None else self.phase
        # Output frame k carries the phase reached so far plus every advance before k.
        running = np.cumsum(advance, axis=0, dtype=np.float64)
        self.phase = np.mod(start + running[-1], TWO_PI)
        running -= advance
        running += start
        angle = np.mod(running, TWO_PI).astype(np.float32)
        del running, magnitude, phase, advance
        out = np.empty(mag.shape, np.complex64)
        np.multiply(mag, np.cos(angle), out=out.real)
        np.multiply(mag, np.sin(angle), out=out.imag)
        del mag, angle
        frames_out = np.fft.irfft(out, n=N_FFT, axis=-1)
        frames_out *= WINDOW
        return self._overlap_add(frames_out, k0, last=k1 == plan.frames_out)

    def _overlap_add(self, frames: np.ndarray, k0: int, last: bool) -> np.ndarray:
        count = frames.shape[0]
        quarters = N_FFT // HOP
        signal = np.zeros((count + quarters - 1) * HOP, np.float32)
        signal[: self.tail.size] += self.tail
        blocks = frames.reshape(count, quarters, HOP)
        for q in range(quarters):
            signal[q * HOP : (q + count) * HOP] += blocks[:, q, :].reshape(-1)
        weight = np.zeros_like(signal)
        weight[: self.weight_tail.size] += self.weight_tail
        square = WINDOW.reshape(quarters, HOP) ** 2
        for q in range(quarters):
            weight[q * HOP : (q + count) * HOP].reshape(count, HOP)[:] += square[q]
        done = signal.size if last else count * HOP  # later frames start at (k0 + count) * HOP
        self.tail, self.weight_tail = signal[done:].copy(), weight[done:].copy()
        signal, weight = signal[:done], weight[:done]
        signal = np.divide(signal, weight, out=signal, where=weight > TINY)
        # Padded sample p is output sample p - N_FFT // 2; keep 0..length-1.
        begin = k0 * HOP - N_FFT // 2
        keep = signal[max(0, -begin) : max(0, self.plan.length - begin)]
        if last and self.emitted + keep.size < self.plan.length:
            keep = np.concatenate([keep, np.zeros(self.plan.length - self.emitted - keep.size, np.float32)])
        self.emitted += keep.size
        return keep


class SampleWindow:
    """Sequential access to a source through ``read_more(count)`` (fewer rows at the end):
    keeps only the samples from the lowest start still to be asked for."""

    def __init__(self, read_more: Callable[[int], np.ndarray], channels: int) -> None:
        self.read_more = read_more
        self.buffer = np.zeros((0, channels), np.float32)
        self.offset = 0  # source index of buffer[0]
        self.exhausted = False

    def __call__(self, start: int, stop: int) -> np.ndarray:
        start_in, stop_in = max(start, 0), max(stop, 0)
        if start_in > self.offset:  # never asked for again
            gap = start_in - self.offset - len(self.buffer)
            while gap > 0 and not self.exhausted:  # skipped over: read past it
                skipped = len(self.read_more(min(gap, 1 << 16)))
                self.exhausted = skipped < min(gap, 1 << 16)
                gap -= skipped
            self.buffer = self.buffer[start_in - self.offset :]
            self.offset = start_in
        wanted = stop_in - self.offset - len(self.buffer)
        if wanted > 0 and not self.exhausted:
            more = self.read_more(wanted)
            self.exhausted = len(more) < wanted
            self.buffer = np.concatenate([self.buffer, more]) if len(self.buffer) else more
        out = np.zeros((stop - start, self.buffer.shape[1]), np.float32)
        have = self.buffer[max(start, self.offset) - self.offset : stop - self.offset]
        at = max(start, self.offset) - start
        out[at : at + len(have)] = have
        return out


def stretch_chunks(read: Reader, n: int, channels: int, rate: float,
                   chunk_frames: int = CHUNK_FRAMES) -> Iterator[tuple[np.ndarray, float]]:
    """The source (``n`` samples of ``channels``) stretched by ``rate`` (< 1 is slower, pitch
    kept): yields ((samples, channels) float32, fraction done) until ``round(n / rate)``."""
    plan = StretchPlan(n, rate)
    lanes = [ChannelStretch(plan) for _ in range(channels)]
    workers = [ThreadPoolExecutor(max_workers=1, thread_name_prefix="vocoder") for _ in lanes]
    try:
        pending: tuple[list[Future[np.ndarray]], float] | None = None
        for k0 in range(0, plan.frames_out, chunk_frames):
            k1 = min(k0 + chunk_frames, plan.frames_out)
            block = read(*plan.input_span(k0, k1))
            # One single-thread worker per channel: its chunks run in order.
            futures = [pool.submit(lane.process, k0, k1, np.ascontiguousarray(block[:, c]))
                       for c, (pool, lane) in enumerate(zip(workers, lanes))]
            del block
            if pending is not None:
                yield _gather(*pending)
            pending = (futures, k1 / plan.frames_out)
        if pending is not None:
            yield _gather(*pending)
    finally:
        for pool in workers:
            pool.shutdown(wait=True, cancel_futures=True)


def _gather(futures: list[Future[np.ndarray]], fraction: float) -> tuple[np.ndarray, float]:
    return np.stack([f.result() for f in futures], axis=1), fraction
