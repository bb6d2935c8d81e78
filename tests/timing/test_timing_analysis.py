"""The timing core on generated songs: tempo within 1%, the first vocal within 250 ms
after a 10 s instrumental intro, a chart moved +-300 ms fitted back within 50 ms."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from alienstage_game.bench import timing_mixes as tm
from alienstage_game.timing import (TimingError, detect_tempo, first_vocal_onset, load_mix, propose_timing,
                                    sync_chart, vocal_activity)

from .songs import song

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.mark.parametrize("bpm, swing", [(117.3, 0.0), (83.7, 1.0), (163.4, 0.0)])
def test_tempo_within_one_percent_at_the_bands_level(bpm: float, swing: float) -> None:
    known = song(bpm, swing)
    estimate = detect_tempo(known.mix.mean(axis=0), tm.SR)
    assert estimate.quarter_bpm == pytest.approx(bpm, rel=0.01)
    assert estimate.quarter_bpm == pytest.approx(bpm, rel=0.002)  # refined well under 1%
    assert 70 <= estimate.quarter_bpm < 180
    assert estimate.beat_times.size and np.all(np.diff(estimate.beat_times) > 0)


def test_the_first_vocal_after_a_ten_second_intro_not_the_first_onset() -> None:
    known = song()
    found = first_vocal_onset(known.mix, tm.SR)
    assert found is not None and abs(found - known.first_vocal_s) <= 0.25
    stem = first_vocal_onset(known.vocal, tm.SR)  # the vocal stem alone
    assert stem is not None and abs(stem - known.first_vocal_s) <= 0.25


def test_propose_timing_puts_the_gap_on_the_grid_before_the_first_vocal() -> None:
    known = song()
    proposal = propose_timing(known.mix, sr=tm.SR)
    assert proposal.bpm == pytest.approx(known.quarter_bpm, rel=0.01)
    sixteenth_ms = 15000.0 / proposal.quarter_bpm
    # the grid line at or just before it (a quarter of a sixteenth early still counts as on it)
    first = proposal.first_vocal_ms
    assert first - sixteenth_ms - 1 <= proposal.gap_ms <= first + sixteenth_ms / 4 + 1
    assert 0.0 <= proposal.confidence <= 1.0


@pytest.mark.parametrize("offset_ms", [-300.0, 300.0])
def test_a_chart_moved_by_300_ms_is_fitted_back_within_50_ms(offset_ms: float) -> None:
    known = song()
    chart = tm.chart_of(known.notes, quarter_bpm=known.quarter_bpm)
    true_gap = known.first_vocal_s * 1000.0
    chart.headers["GAP"] = f"{true_gap + offset_ms:.1f}"
    fit = sync_chart(chart, vocal_activity(known.mix, tm.SR))
    assert abs(fit.gap_ms - true_gap) <= 50.0
    assert fit.shift_ms == pytest.approx(-offset_ms, abs=50.0)
    assert fit.bpm == pytest.approx(float(chart.headers["BPM"]))
    assert fit.confidence >= 0.5


def test_silence_and_bad_input_say_so() -> None:
    quiet = np.zeros(tm.SR * 3, dtype=np.float32)
    assert detect_tempo(quiet, tm.SR).quarter_bpm == 120.0
    assert first_vocal_onset(quiet, tm.SR) is None
    with pytest.raises(TimingError, match="sample rate"):
        load_mix(quiet)
    with pytest.raises(TimingError, match="not numbers"):
        load_mix(np.full(100, np.nan, dtype=np.float32), 22050)


def test_the_timing_core_never_loads_pygame_or_sounddevice() -> None:
    code = ("import sys, alienstage_game.timing, alienstage_game.timing.rewrite; "
            "print(sorted(m for m in ('pygame', 'sounddevice') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_chart_far_outside_its_audio_is_refused_in_bounded_time() -> None:
    import time

    known = song()
    activity = vocal_activity(known.mix, tm.SR)
    chart = tm.chart_of(known.notes, quarter_bpm=known.quarter_bpm)
    chart.headers["GAP"] = "86000000"  # a day in
    with pytest.raises(TimingError, match="outside the audio"):
        sync_chart(chart, activity)
    chart.headers.update(GAP="0", BPM="0.01")  # notes hours apart: only those near the audio count
    started = time.perf_counter()
    fit = sync_chart(chart, activity)
    assert time.perf_counter() - started < 5.0 and 0.0 <= fit.confidence <= 1.0
