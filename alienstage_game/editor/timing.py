"""Moved to ``alienstage_game.timing`` (a pure-core package of its own, which the editor
and transcription both use); this module only re-exports it until its last importers
switch."""

from __future__ import annotations

from ..timing import (ANALYSIS_SR, TempoEstimate, TimingProposal, detect_tempo, first_vocal_onset, gap_on_grid,
                      propose_timing)

__all__ = ["ANALYSIS_SR", "TempoEstimate", "TimingProposal", "detect_tempo", "first_vocal_onset", "gap_on_grid",
           "propose_timing"]
