"""StreamingPitchTracker: blocks of microphone samples in, PitchFrames out, 100 a second.

Each frame analyses a short window (35 ms) centred on its time stamp with YIN, the
algorithm behind ``librosa.yin``. We compute YIN's cumulative mean normalised
difference (CMND) ourselves because ``librosa.yin`` returns only f0, and the voicing
decision and the octave check need the CMND itself: its minimum is the window's
aperiodicity, and its other troughs are the alternative octaves. ``librosa.pyin`` is far
too slow for this (see ``bench/pitch.py``). The autocorrelation is numpy's FFT, the
same computation as ``librosa.autocorrelate``: calling librosa here would import
librosa.util, whose numba kernels compile for 20 s and more on a fresh install, and a
live mic must never wait for that (librosa stays the offline analysis: pyin, tempo,
the editor's timing tools).

The voicing gate is relative: a frame is loud when it stands above the room's noise
floor (minimum statistics over the voiceless frames), so a mic turned down 30 dB
scores as it does at full gain; only digital silence is refused outright.

Latency: a frame stamped at t needs audio up to t + window/2 (17.4 ms), and the
3-frame median smoothing holds it back one more hop (10 ms): 27.4 ms in all.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from .frame import PitchFrame


@dataclass(frozen=True, slots=True)
class TrackerConfig:
    fmin: float = 65.0  # C2, a bass's low note
    fmax: float = 1050.0  # C6, a soprano's high note
    hop_s: float = 0.01  # 100 frames per second
    window_s: float = 0.035  # > 2 periods of C2; half of it is latency
    trough_threshold: float = 0.15  # YIN's absolute threshold on the CMND
    multiple_slack: float = 0.03  # without such a trough, the shortest period this near the deepest
    harmonic_slack: float = 0.1  # ...or this near, when the deepest is 3 or more of its periods
    periodic_enter: float = 0.3  # aperiodicity below which a silent voice starts singing
    periodic_stay: float = 0.65  # ...and above which a singing voice stops (hysteresis)
    # Digital silence only: a mic turned down 30 dB still carries a voice at -70 dBFS,
    # so loudness is judged against the room's noise floor, never against a fixed level.
    silence_db: float = -100.0
    note_drop_db: float = 10.0  # a held note that falls this far below its peak has ended
    note_fall_db_per_s: float = 20.0
    floor_margin_db: float = 6.0  # a voice stands this far above the room's noise floor
    onset_db: float = 3.0  # a note starts with a level this much above the last 30 ms
    floor_rise_db_per_s: float = 1.0  # under a periodic sound (maybe a long held note)
    voice_range_db: float = 25.0  # a new note starts no further than this below the singer's recent peak
    peak_fall_db_per_s: float = 3.0
    floor_window_s: float = 1.5  # the floor is the quietest of this much voiceless sound
    octave_tolerance: float = 0.12  # keep the old octave over a lower one this much deeper
    octave_margin_up: float = 0.05  # ...over a higher one only if the old is this much deeper


@dataclass(slots=True)
class _Raw:
    time: float
    f0: float  # 0.0 when no estimate
    aperiodicity: float
    level_db: float
    voiced: bool


class StreamingPitchTracker:
    """One player's pitch tracker. Feed it blocks of mono float samples of any size.

    ``feed(block, time)`` takes the song time of the block's first sample (capture time
    minus input latency); without it the tracker counts samples from ``start_time``.
    It returns the frames completed by the block, in time order.
    """

    def __init__(self, sr: int, config: TrackerConfig | None = None, start_time: float = 0.0) -> None:
        self.sr = int(sr)
        self.config = config = config or TrackerConfig()
        self._hop_exact = config.hop_s * self.sr  # 220.5 at 22.05 kHz: frames stay on the grid
        self.hop = max(1, int(round(self._hop_exact)))
        self.window = 2 * int(round(config.window_s * self.sr / 2))
        self.min_period = max(2, int(math.floor(self.sr / config.fmax)))
        self.max_period = int(math.ceil(self.sr / config.fmin))
        if self.max_period + 2 >= self.window:
            raise ValueError(f"window {self.window} samples is too short for fmin {config.fmin} Hz")
        self._lags = np.arange(self.max_period + 2, dtype=np.float64)
        self._fft_size = 1 << (self.window + self.max_period + 2).bit_length()  # no wrap-around up to ``top``
        self.reset(start_time)

    @property
    def frame_rate(self) -> float:
        return 1.0 / self.config.hop_s

    @property
    def latency_s(self) -> float:
        """Algorithmic latency: from a sound to the frame stamped with its time."""
        return (self.window // 2 + math.ceil(self._hop_exact)) / self.sr

    def reset(self, start_time: float = 0.0) -> None:
        """Forget everything (a new song, a reopened microphone)."""
        w = self.window
        self._ring = np.zeros(2 * w, dtype=np.float64)  # each sample written twice
        self._pos = w // 2  # the first window is centred on the first sample
        self._fed = 0
        self._frames = 0  # frames analysed so far
        self._next_ready = w // 2
        self._anchor = (0, float(start_time))
        self._floor_db = math.inf  # the first frame sets it; it falls at once from there
        self._quiet: deque[tuple[int, float]] = deque()  # (count, level) rising: a sliding minimum
        self._voiceless = 0  # voiceless frames so far: the floor's window counts only those
        self._recent: deque[_Raw] = deque(maxlen=2)
        self._last_f0 = 0.0  # last voiced raw f0, for the octave check
        self._unvoiced_run = 0
        self._note_db = -120.0  # peak loudness of the note being (or last) sung
        self._voice_db = -120.0  # the singer's recent peak loudness, falling slowly
        self._levels: deque[float] = deque([-120.0] * 3, maxlen=3)  # the last 30 ms

    # -- streaming -----------------------------------------------------------------
    def feed(self, samples: np.ndarray, time: float | None = None) -> list[PitchFrame]:
        block = np.asarray(samples, dtype=np.float64)
        if block.ndim != 1:
            raise ValueError("the tracker takes one mono channel; pick the player's channel first")
        if time is not None:
            self._anchor = (self._fed, float(time))
        frames: list[PitchFrame] = []
        i = 0
        while i < block.size:
            take = min(block.size - i, self._next_ready - self._fed)
            self._write(block[i : i + take])
            i += take
            self._fed += take
            if self._fed == self._next_ready:
                centre = self._next_ready - self.window // 2
                self._frames += 1
                self._next_ready = self.window // 2 + int(round(self._frames * self._hop_exact))
                out = self._push(self._analyse(self._ring[self._pos : self._pos + self.window], centre))
                if out is not None:
                    frames.append(out)
        return frames

    def flush(self) -> list[PitchFrame]:
        """End of a file or song: finish every frame whose centre has been heard
        (as if silence followed) and emit the one held back by smoothing."""
        frames = self.feed(np.zeros(self.window // 2))
        if len(self._recent) == 2:
            frames.append(self._smooth(self._recent[0], self._recent[1], None))
        self._recent.clear()
        return frames

    def _write(self, chunk: np.ndarray) -> None:
        w, pos, n = self.window, self._pos, chunk.size
        first = min(n, w - pos)
        self._ring[pos : pos + first] = chunk[:first]
        self._ring[pos + w : pos + w + first] = chunk[:first]
        rest = n - first
        if rest:
            self._ring[:rest] = chunk[first:]
            self._ring[w : w + rest] = chunk[first:]
        self._pos = (pos + n) % w

    # -- one window ------------------------------------------------------------------
    def _analyse(self, window: np.ndarray, centre: int) -> _Raw:
        cfg = self.config
        anchor_sample, anchor_time = self._anchor
        time = anchor_time + (centre - anchor_sample) / self.sr
        quarter = self.window // 4
        core = window[quarter : quarter + self.window // 2]
        level_db = 10.0 * math.log10(float(np.dot(core, core)) / core.size + 1e-12)
        self._note_db -= cfg.note_fall_db_per_s * self.hop / self.sr  # forgive a diminuendo
        self._voice_db -= cfg.peak_fall_db_per_s * self.hop / self.sr
        if level_db < cfg.silence_db:
            self._update_floor(level_db, 1.0)
            self._levels.append(level_db)
            return _Raw(time, 0.0, 1.0, level_db, False)
        f0, aperiodicity = self._yin(window - window.mean())
        self._update_floor(level_db, aperiodicity)
        # Hysteresis: a note being sung may blur (glides, leaps, vibrato) and stays
        # voiced while it keeps near its peak loudness; anything else must be clearly
        # periodic, and must not be the room's echo of the last note: an echo fades,
        # far below that note, while a new note starts with a rising level.
        was_voiced = bool(self._recent) and self._recent[-1].voiced
        below_note = level_db < self._note_db - cfg.note_drop_db
        holding = was_voiced and not below_note
        periodic = aperiodicity < (cfg.periodic_stay if holding else cfg.periodic_enter)
        loud = level_db > self._floor_db + cfg.floor_margin_db
        rising = level_db > min(self._levels) + cfg.onset_db
        echo = not holding and below_note and not rising
        # Far below the singer's own recent singing (lip noise, a breath's rumble, a TV
        # next door) is not a new note; relative, so it holds at any mic gain.
        faint = not holding and level_db < self._voice_db - cfg.voice_range_db
        self._levels.append(level_db)
        voiced = periodic and loud and not echo and not faint and f0 > 0
        if voiced:
            self._last_f0, self._unvoiced_run = f0, 0
            self._voice_db = max(self._voice_db, level_db)
            self._note_db = max(level_db, self._note_db) if was_voiced else level_db
        else:
            self._unvoiced_run += 1
            if self._unvoiced_run > 5:  # after 50 ms of silence any octave may follow
                self._last_f0 = 0.0
        return _Raw(time, f0, aperiodicity, level_db, voiced)

    def _update_floor(self, level_db: float, aperiodicity: float) -> None:
        """The room's noise floor, by minimum statistics: the quietest of the last
        ``floor_window_s`` of frames that cannot be a voice (aperiodic, or too close to
        the floor to stand out), however long the singing between them. Breaths and
        consonants are louder than the room but never fill the window, so they do not
        lift the floor and hide the soft note after them; a room that really gets
        louder (a fan, a crowd) is learnt within the window. The floor falls at once
        to any quieter frame, and under a loud periodic sound (maybe a long held note,
        maybe the backing's bleed) it rises only slowly."""
        cfg = self.config
        if level_db <= self._floor_db:
            self._floor_db = max(level_db, cfg.silence_db - 20.0)
        voiceless = aperiodicity >= cfg.periodic_stay or (
            aperiodicity >= cfg.periodic_enter and level_db < self._floor_db + cfg.floor_margin_db)
        if voiceless:
            quiet = self._quiet
            while quiet and quiet[-1][1] >= level_db:
                quiet.pop()
            self._voiceless += 1
            quiet.append((self._voiceless, level_db))
            horizon = self._voiceless - int(round(cfg.floor_window_s / cfg.hop_s))
            while quiet[0][0] <= horizon:
                quiet.popleft()
            self._floor_db = max(self._floor_db, quiet[0][1])
        elif level_db > self._floor_db:
            self._floor_db = min(level_db, self._floor_db + cfg.floor_rise_db_per_s * self.hop / self.sr)

    def _yin(self, x: np.ndarray) -> tuple[float, float]:
        """f0 and aperiodicity (the CMND value at the chosen period) of one window."""
        top = self.max_period + 2
        spectrum = np.fft.rfft(x, self._fft_size)
        acf = np.fft.irfft(spectrum.real ** 2 + spectrum.imag ** 2, self._fft_size)[:top]
        energy = np.cumsum(x * x)
        total = energy[-1]
        if total <= 0.0:
            return 0.0, 1.0
        head = np.concatenate(([0.0], energy[: top - 1]))  # sum of x[:k]
        tail = total - np.concatenate(([total], energy[-2 : -top - 1 : -1]))  # sum of x[W-k:]
        diff = 2.0 * total - head - tail - 2.0 * acf  # YIN eq. 6, exact for every lag
        diff[0] = 0.0
        running = np.cumsum(diff[1:]) / self._lags[1:]
        cmnd = np.ones(top)
        cmnd[1:] = diff[1:] / (running + 1e-12)  # YIN eq. 8
        lo, hi = self.min_period, self.max_period
        seg = cmnd[lo - 1 : hi + 2]  # one guard lag either side
        inner = seg[1:-1]
        troughs = np.flatnonzero((inner < seg[:-2]) & (inner <= seg[2:])) + lo
        if troughs.size == 0:
            return 0.0, 1.0
        values = cmnd[troughs]
        below = np.flatnonzero(values < self.config.trough_threshold)
        pick = int(below[0]) if below.size else self._fallback(troughs, values)
        pick = self._keep_octave(troughs, values, pick)
        lag = int(troughs[pick])
        a, b, c = cmnd[lag - 1], cmnd[lag], cmnd[lag + 1]
        denom = a - 2.0 * b + c
        shift = 0.5 * (a - c) / denom if denom > 0 else 0.0
        shift = max(-1.0, min(1.0, shift))
        return self.sr / (lag + shift), max(0.0, b - 0.25 * (a - c) * shift)

    def _fallback(self, troughs: np.ndarray, values: np.ndarray) -> int:
        """No trough is clearly periodic (breath, reverb, noise): YIN takes the deepest,
        which in noise is often a multiple of the period, and 3, 5 or 9 periods are no
        octave the judge forgives. Take the shortest period nearly as deep as the
        deepest, and a little deeper slack for one the deepest is a multiple of (3x
        and more: a high breathy note reads several octaves low otherwise)."""
        cfg = self.config
        deepest = int(np.argmin(values))
        near = values <= values[deepest] + cfg.multiple_slack
        times = troughs[deepest] / troughs[:deepest]
        whole = np.round(times)
        harmonic = (whole >= 3) & (np.abs(times / np.maximum(whole, 1.0) - 1.0) < 0.03)
        near[:deepest] |= harmonic & (values[:deepest] <= values[deepest] + cfg.harmonic_slack)
        return int(np.flatnonzero(near)[0])

    def _keep_octave(self, troughs: np.ndarray, values: np.ndarray, pick: int) -> int:
        """Harmonic-jump suppression against the last sung pitch.

        YIN's usual slip is one octave down when a window blurs (a glide, a leap, a
        consonant): keep the old period if the CMND still has a trough there nearly as
        deep. Upwards the old period is always a trough (a note an octave up repeats
        at twice its period too), so there we keep the old octave only when its
        trough is clearly the deeper one, which a real leap never shows. The same holds
        for a period 3 or 4 times longer or shorter: a low voice with a weak
        fundamental, heard through a phone's mic, slips to its third harmonic too."""
        if self._last_f0 <= 0.0:
            return pick
        period = self.sr / self._last_f0
        ratio = troughs[pick] / period  # > 1: the pick is lower
        times = round(ratio) if ratio >= 1.0 else 1.0 / round(1.0 / ratio)
        if times == 1 or times > 4 or times < 0.25 or abs(12.0 * math.log2(ratio / times)) > 1.5:
            return pick
        lower = times > 1
        near = np.flatnonzero(np.abs(12.0 * np.log2(troughs / period)) < 1.0)
        if near.size == 0:
            return pick
        best = int(near[np.argmin(values[near])])
        margin = self.config.octave_tolerance if lower else -self.config.octave_margin_up
        return best if values[best] <= values[pick] + margin else pick

    # -- smoothing ---------------------------------------------------------------------
    def _push(self, raw: _Raw) -> PitchFrame | None:
        """3-frame median: the frame before ``raw`` is final once ``raw`` is known."""
        out = None
        if len(self._recent) == 2:
            out = self._smooth(self._recent[0], self._recent[1], raw)
        elif len(self._recent) == 1:
            out = self._smooth(None, self._recent[0], raw)
        self._recent.append(raw)
        return out

    @staticmethod
    def _smooth(prev: _Raw | None, cur: _Raw, nxt: _Raw | None) -> PitchFrame:
        around = [r for r in (prev, nxt) if r is not None]
        votes = cur.voiced + sum(r.voiced for r in around)
        voiced = votes * 2 > len(around) + 1 if around else cur.voiced
        if len(around) == 2 and not around[0].voiced and not around[1].voiced:
            voiced = False  # a lone voiced blip is a click, not a note
        confidence = max(0.0, min(1.0, 1.0 - cur.aperiodicity))
        if not voiced:
            return PitchFrame.unvoiced(cur.time, confidence, cur.level_db)
        sung = [r.f0 for r in (prev, cur, nxt) if r is not None and r.voiced and r.f0 > 0]
        if cur.voiced and cur.f0 > 0:
            sung_midi = sorted(math.log2(f) for f in sung)
            f0 = 2.0 ** sung_midi[len(sung_midi) // 2] if len(sung_midi) == 3 else cur.f0
        else:  # a one-frame hole inside a note: bridge it with the neighbours
            f0 = math.sqrt(sung[0] * sung[-1])
        return PitchFrame.sung(cur.time, f0, confidence, cur.level_db)
