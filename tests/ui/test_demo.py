"""``alienstage demo`` and ``alienstage play`` without a display: real commands, headless,
with the song clock sped up so that they take a few seconds."""

from __future__ import annotations

import json

from alienstage_game import cli


def test_demo_headless_writes_stats_and_screenshots(tmp_path, capsys):
    shots, stats = tmp_path / "shots", tmp_path / "stats.json"
    code = cli.main(["demo", "--headless", "--speed", "30", "--seconds", "4", "--screenshots", str(shots),
                     "--every", "1", "--stats", str(stats), "--level", "glass-comet", "--silent"])
    assert code == 0
    figures = json.loads(stats.read_text())
    assert set(figures) == {"frames", "frame_ms_median", "frame_ms_p99", "cpu_percent", "rss_mb_start", "rss_mb_end"}
    assert figures["frames"] > 20 and 0 < figures["frame_ms_median"] <= figures["frame_ms_p99"]
    assert figures["rss_mb_end"] > 0
    assert len(list(shots.glob("*.png"))) >= 3
    out = capsys.readouterr().out
    # At 30x the ~60 s song is over within the 4 s: the verdict is printed.
    assert "voted off" in out and "screenshots in" in out


def test_demo_rejects_an_unknown_level(capsys):
    assert cli.main(["demo", "--headless", "--level", "no-such-level", "--seconds", "1"]) == 2
    assert "no bundled level" in capsys.readouterr().err


def test_play_without_a_display_lists_the_library_and_runs_the_demo(tmp_path, monkeypatch, capsys):
    from alienstage_game.ui import app as app_module

    monkeypatch.setattr(app_module, "display_available", lambda: False)
    shots = tmp_path / "demo-shots"
    assert cli.main(["play", "--seconds", "2", "--screenshots", str(shots)]) == 0
    out = capsys.readouterr().out
    assert "No display found" in out and "Demo duel" in out
    assert "frames, median" in out and f"screenshots in {shots}" in out
    assert list(shots.glob("*.png"))
