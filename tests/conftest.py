"""Shared test set-up: a private user directory per test, headless SDL, audio-server gate."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Headless by default (set before any test imports pygame); a developer who wants to
# watch a scene test can still export SDL_VIDEODRIVER=x11 themselves.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


@pytest.fixture(autouse=True)
def alienstage_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty ALIENSTAGE_HOME: settings, caches and saves
    never touch the real user directories, and tests never see each other's state."""
    home = tmp_path / "alienstage-home"
    home.mkdir()
    monkeypatch.setenv("ALIENSTAGE_HOME", str(home))
    return home


def pytest_runtest_setup(item: pytest.Item) -> None:
    """`audio_server` tests run when PulseAudio answers; elsewhere they skip with the
    reason, except in CI, where a missing server is a failure, never a silent skip."""
    if item.get_closest_marker("audio_server") is None:
        return
    from audio_server import CI_FAIL_REASON, running_in_ci, server_status

    status = server_status()
    if status.reachable:
        return
    if running_in_ci():
        pytest.fail(f"{CI_FAIL_REASON} ({status.reason})", pytrace=False)
    pytest.skip(f"audio loopback unavailable: {status.reason}")
