"""BPM and GAP for a new chart, from a mix (and a vocal stem when there is one)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .first_vocal import first_vocal_from_activity, vocal_activity
from .signal import load_mix, mono
from .tempo import TempoEstimate, detect_tempo


@dataclass(frozen=True)
class TimingProposal:
    bpm: float  # chart #BPM, v1 units: the quarter tempo x grid (one beat = a sixteenth / grid)
    quarter_bpm: float
    gap_ms: float  # the sixteenth grid line at or just before the first vocal
    first_onset_s: float | None  # the first vocal, seconds (None: no voice found)
    beat_times: np.ndarray
    tempo_confidence: float = 0.0
    vocal_confidence: float = 0.0

    @property
    def first_vocal_ms(self) -> float | None:
        return None if self.first_onset_s is None else round(self.first_onset_s * 1000.0, 1)

    @property
    def confidence(self) -> float:
        return round(min(self.tempo_confidence, self.vocal_confidence), 3)


def gap_on_grid(onset_s: float, beat_times: np.ndarray, quarter_bpm: float) -> float:
    """The sixteenth-note grid line (from the fitted beats) at or just before the onset;
    the onset itself when there are no beats to align to."""
    if beat_times.size == 0:
        return onset_s
    sixteenth = 60.0 / quarter_bpm / 4.0
    anchor = beat_times[np.argmin(np.abs(beat_times - onset_s))]
    steps = np.floor((onset_s - anchor) / sixteenth + 0.25)  # a hair early counts as on the line
    return max(0.0, float(anchor + steps * sixteenth))


def _vocal_confidence(activity, onset_s: float | None) -> float:
    if onset_s is None or activity.activity.size == 0:
        return 0.0
    k = int(onset_s * activity.fps)
    before = activity.activity[:k]
    after = activity.activity[k:k + int(10 * activity.fps)]
    if after.size == 0:
        return 0.0
    lift = float(np.mean(after)) - (float(np.percentile(before, 90)) if before.size else 0.0)
    return float(np.clip(lift * 2.0, 0.0, 1.0))


def propose_timing(backing: np.ndarray | str | Path, vocals: np.ndarray | str | Path | None = None,
                   sr: int | None = None, grid: int = 1, tempo: TempoEstimate | None = None) -> TimingProposal:
    """BPM and GAP for a new chart: tempo from ``backing`` (the mix), the first vocal from
    ``vocals`` (a stem) or from the mix's centre channel. Files that cannot be read raise
    ``TimingError``."""
    data, rate = load_mix(backing, sr)
    tempo = tempo or detect_tempo(mono(data), rate)
    voice, voice_rate = (data, rate) if vocals is None else load_mix(vocals, sr)
    activity = vocal_activity(voice, voice_rate)
    onset = first_vocal_from_activity(activity)
    gap_s = 0.0 if onset is None else gap_on_grid(onset, tempo.beat_times, tempo.quarter_bpm)
    return TimingProposal(bpm=round(tempo.chart_bpm(grid), 2), quarter_bpm=tempo.quarter_bpm,
                          gap_ms=round(gap_s * 1000.0), first_onset_s=onset, beat_times=tempo.beat_times,
                          tempo_confidence=tempo.confidence, vocal_confidence=_vocal_confidence(activity, onset))
