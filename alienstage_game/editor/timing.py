"""Timing tools: propose a chart's BPM and GAP from its audio (librosa, loaded lazily).

Tempo comes from ``librosa.beat.beat_track`` on the backing (or the mix); the first
vocal onset from ``librosa.onset`` on the vocals (or the mix) after a loudness gate.
UltraStar v1 counts four grid beats per written BPM beat (one chart beat = 15000/BPM
ms), so writing the quarter-note tempo makes a chart beat a sixteenth note; a finer grid
doubles it (``grid`` = 2: 32nds). GAP is put on the musical sixteenth grid just before
the first vocal, so the chart's beats line up with the music and the first note sits
near beat 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

ANALYSIS_SR = 22050


@dataclass(frozen=True)
class TempoEstimate:
    quarter_bpm: float
    beat_times: np.ndarray  # seconds of the tracked quarter beats

    def chart_bpm(self, grid: int = 1) -> float:
        """v1 #BPM whose beat is a sixteenth note divided by ``grid`` (1: sixteenths, 2: 32nds)."""
        return self.quarter_bpm * grid


@dataclass(frozen=True)
class TimingProposal:
    bpm: float  # chart #BPM, v1 units: the quarter tempo x grid (one beat = a sixteenth / grid)
    quarter_bpm: float
    gap_ms: float
    first_onset_s: float | None
    beat_times: np.ndarray


def _signal(source: np.ndarray | str | Path, sr: int | None) -> tuple[np.ndarray, int]:
    if isinstance(source, np.ndarray):
        if sr is None:
            raise ValueError("an array needs its sample rate")
        return source.astype(np.float32, copy=False), int(sr)
    from ..pitch.offline import load_audio

    return load_audio(source, ANALYSIS_SR)


def detect_tempo(y: np.ndarray, sr: int) -> TempoEstimate:
    """The quarter-note tempo and beat times (a silent signal gives 120 and no beats)."""
    import librosa

    if y.size == 0 or float(np.max(np.abs(y))) < 1e-6:
        return TempoEstimate(120.0, np.zeros(0))
    tempo, beats = librosa.beat.beat_track(y=y, sr=sr, units="time")
    quarter = float(np.atleast_1d(tempo)[0]) or 120.0
    return TempoEstimate(quarter, np.asarray(beats, dtype=float))


def first_vocal_onset(y: np.ndarray, sr: int, *, gate_db: float = -35.0) -> float | None:
    """Seconds of the first onset whose frame is within ``gate_db`` of the loudest
    frame (ignores breath and leakage before the singing starts); None when silent."""
    import librosa

    if y.size == 0 or float(np.max(np.abs(y))) < 1e-6:
        return None
    hop = 256
    rms = librosa.feature.rms(y=y, hop_length=hop)[0]
    loud = 20 * np.log10(np.maximum(rms, 1e-10) / max(float(rms.max()), 1e-10)) > gate_db
    onsets = librosa.onset.onset_detect(y=y, sr=sr, hop_length=hop, backtrack=True, units="frames")
    for frame in onsets:
        window = loud[frame : frame + 8]  # sound within ~90 ms of the onset
        if window.any():
            return float(librosa.frames_to_time(frame, sr=sr, hop_length=hop))
    first_loud = np.flatnonzero(loud)
    return float(librosa.frames_to_time(first_loud[0], sr=sr, hop_length=hop)) if first_loud.size else None


def gap_on_grid(onset_s: float, beat_times: np.ndarray, quarter_bpm: float) -> float:
    """The sixteenth-note grid line (from the tracked beats) at or just before the onset;
    the onset itself when there are no beats to align to."""
    if beat_times.size == 0:
        return onset_s
    sixteenth = 60.0 / quarter_bpm / 4.0
    anchor = beat_times[np.argmin(np.abs(beat_times - onset_s))]
    steps = np.floor((onset_s - anchor) / sixteenth + 0.25)  # a hair early counts as on the line
    return max(0.0, float(anchor + steps * sixteenth))


def propose_timing(backing: np.ndarray | str | Path, vocals: np.ndarray | str | Path | None = None,
                   sr: int | None = None, grid: int = 1) -> TimingProposal:
    """BPM and GAP for a new chart: tempo from ``backing``, first onset from ``vocals``
    (or from ``backing`` when it is the full mix)."""
    y, rate = _signal(backing, sr)
    tempo = detect_tempo(y, rate)
    voice_y, voice_sr = (y, rate) if vocals is None else _signal(vocals, sr)
    onset = first_vocal_onset(voice_y, voice_sr)
    gap_s = 0.0 if onset is None else gap_on_grid(onset, tempo.beat_times, tempo.quarter_bpm)
    return TimingProposal(bpm=round(tempo.chart_bpm(grid), 2), quarter_bpm=tempo.quarter_bpm,
                          gap_ms=round(gap_s * 1000.0), first_onset_s=onset, beat_times=tempo.beat_times)
