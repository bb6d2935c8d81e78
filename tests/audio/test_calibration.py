"""Calibration: finding chirps in a recording, robust summaries, stored offsets."""

from __future__ import annotations

import numpy as np
import pytest

from alienstage_game import settings as settings_mod
from alienstage_game.audio.calibration import (ClickPlan, assemble, click_track, measure_offsets,
                                               summarise)
from alienstage_game.audio.capture import CaptureBlock
from alienstage_game.audio.devices import PlayerInput
from alienstage_game.audio.latency import (Calibration, capture_offsets, input_offset_s, save_calibration,
                                           set_manual_offset, stored_offset_s)
from alienstage_game.cli import main

SR = 16_000


def _heard(delay_s: float, *, noise_db: float = -40.0, gain: float = 0.3, seed: int = 0) -> tuple[np.ndarray, ClickPlan]:
    """The click track as a microphone would hear it: late, quieter, in noise."""
    plan = ClickPlan.regular(clicks=6, sr=SR)
    track = click_track(plan)
    shift = int(round(delay_s * SR))
    heard = np.zeros_like(track)
    heard[shift:] = track[: track.size - shift] * gain
    heard += np.random.default_rng(seed).standard_normal(track.size).astype(np.float32) * 10 ** (noise_db / 20)
    return heard, plan


def test_chirps_are_found_where_they_were_heard() -> None:
    heard, plan = _heard(0.0371)
    found = measure_offsets(heard, plan, start_s=0.0)
    assert found == pytest.approx([0.0371] * 6, abs=0.0002)


def test_a_silent_input_finds_nothing_and_has_no_confidence() -> None:
    plan = ClickPlan.regular(clicks=4, sr=SR)
    silence = np.random.default_rng(1).standard_normal(int(plan.end_s * SR)).astype(np.float32) * 1e-3
    found = measure_offsets(silence, plan, start_s=0.0)
    cal = summarise(found, "mic", "speaker")
    assert cal.kept == 0 and cal.confidence == 0.0


def test_outliers_are_rejected_and_lower_the_confidence() -> None:
    cal = summarise([0.020, 0.0202, 0.0199, 0.0201, 0.150, None], "mic", "speaker")
    assert cal.offset_s == pytest.approx(0.02005, abs=2e-4)
    assert (cal.clicks, cal.kept) == (6, 4)
    assert 0.5 < cal.confidence < 0.7
    assert "+20.1 ms" in cal.describe() or "+20.0 ms" in cal.describe()


def test_blocks_are_laid_out_on_song_time() -> None:
    blocks = [CaptureBlock(0, 0.5, np.ones(10, np.float32)), CaptureBlock(0, -2.0, np.ones(10, np.float32))]
    out = assemble(blocks, 100, start_s=0.0, end_s=1.0)
    assert out.size == 100 and out[50:60].sum() == 10 and out.sum() == 10


def test_calibration_and_manual_offset_add_up_per_device(alienstage_home) -> None:
    cfg = settings_mod.load()
    save_calibration(cfg, Calibration("USB Mic", "Speakers", 0.0423, 0.0005, 0.9, 8, 8))
    set_manual_offset(cfg, 0.010)
    settings_mod.save(cfg)
    cfg = settings_mod.load()
    assert stored_offset_s(cfg, "USB Mic") == pytest.approx(0.0423)
    assert input_offset_s(cfg, "USB Mic") == pytest.approx(0.0523)
    assert input_offset_s(cfg, "Other Mic") == pytest.approx(0.010)  # never measured: manual only
    offsets = capture_offsets(cfg, [PlayerInput("USB Mic", 0), PlayerInput(None, 1)])
    assert offsets["USB Mic"] == pytest.approx(0.0523) and "" in offsets


def test_calibrate_command_sets_the_manual_offset(capsys) -> None:
    assert main(["calibrate", "--manual-ms", "-12.5"]) == 0
    assert "-12.5 ms" in capsys.readouterr().out
    assert input_offset_s(settings_mod.load(), None) == pytest.approx(-0.0125)


def test_clicks_heard_in_two_clusters_give_the_larger_one_never_nan() -> None:
    # A speaker and its echo: the median of all lies between the clusters, where no click is.
    cal = summarise([0.020, 0.0201, 0.0202, 0.0199, 0.061, 0.0612, 0.0611, None], "mic", "speaker")
    assert cal.offset_s == pytest.approx(0.02005, abs=2e-4) and cal.kept == 4
    even = summarise([0.020, 0.0201, 0.061, 0.0612], "mic", "speaker")  # a tie: the earlier (the echo comes after)
    assert even.offset_s == pytest.approx(0.02005, abs=2e-4)
    assert all(np.isfinite([cal.offset_s, cal.spread_s, even.offset_s, even.spread_s]))
    assert not summarise([float("nan"), None], "mic", "speaker").ok


def test_a_failed_calibration_keeps_the_stored_delay(alienstage_home) -> None:
    cfg = settings_mod.load()
    assert save_calibration(cfg, Calibration("USB Mic", "Speakers", 0.0423, 0.0005, 0.9, 8, 8))
    assert not save_calibration(cfg, Calibration("USB Mic", "Speakers", 0.0, 0.0, 0.0, 8, 0))  # nothing heard
    assert not save_calibration(cfg, Calibration("USB Mic", "Speakers", 0.2, 0.003, 0.1, 8, 2))  # two clicks agree
    assert stored_offset_s(cfg, "USB Mic") == pytest.approx(0.0423)


def test_calibrate_command_measures_every_players_device_and_keeps_old_values_on_failure(
        alienstage_home, monkeypatch, capsys) -> None:
    from alienstage_game.audio import calibration

    cfg = settings_mod.load()
    save_calibration(cfg, Calibration("Mic B", "Speakers", 0.031, 0.0005, 0.9, 8, 8))
    from alienstage_game.audio.mapping import set_player_mapping

    set_player_mapping(cfg, [PlayerInput("Mic A", 0), PlayerInput("Mic B", 0)])
    settings_mod.save(cfg)
    asked = []

    def fake(inputs, output=None, **kw):
        asked.append([p.device for p in inputs])
        return [Calibration("Mic A", "Speakers", 0.052, 0.0004, 0.95, 8, 8),
                Calibration("Mic B", "Speakers", 0.0, 0.0, 0.0, 8, 0)]

    monkeypatch.setattr(calibration, "calibrate_inputs", fake)
    assert main(["calibrate"]) == 1
    out, err = capsys.readouterr()
    assert asked == [["Mic A", "Mic B"]]
    assert "saved for input 'Mic A'" in out and "the stored +31.0 ms stays" in err
    cfg = settings_mod.load()
    assert stored_offset_s(cfg, "Mic A") == pytest.approx(0.052) and stored_offset_s(cfg, "Mic B") == pytest.approx(0.031)
