"""Timing analysis for charts: tempo, the first vocal, and fitting a chart to its audio.

A pure core (numpy and librosa, no pygame or sounddevice) that the editor, the
``chart timing`` / ``chart sync`` commands and transcription share:

- ``tempo``: the quarter-note tempo from the onset envelope's periodicity, refined to a
  small fraction of a percent by fitting a beat grid, at a metrical level in 70-180 BPM;
- ``first_vocal``: where the voice first sings in a full mix (its harmonic salience in
  the singing range, on the mix's centre channel) or in a vocal stem;
- ``sync``: the GAP (and a tempo drift) at which a chart's melody best fits the audio;
- ``propose``: BPM and GAP for a new chart, from all of the above.
"""

from __future__ import annotations

from .signal import ANALYSIS_SR, TimingError, load_mix
from .tempo import TempoEstimate, detect_tempo
from .first_vocal import VocalActivity, first_vocal_onset, vocal_activity
from .propose import TimingProposal, gap_on_grid, propose_timing
from .sync import SyncResult, sync_chart

__all__ = ["ANALYSIS_SR", "SyncResult", "TempoEstimate", "TimingError", "TimingProposal", "VocalActivity",
           "detect_tempo", "first_vocal_onset", "gap_on_grid", "load_mix", "propose_timing", "sync_chart",
           "vocal_activity"]
