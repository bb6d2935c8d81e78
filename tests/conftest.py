"""Shared test set-up: a private user directory per test, headless SDL, audio-server gate."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Headless by default (set before any test imports pygame); a developer who wants to
# watch a scene test can still export SDL_VIDEODRIVER=x11 themselves.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# One numba cache for the whole run (each test has its own ALIENSTAGE_HOME, where the game
# would put it): the tracker compiles once, and the live tests' subprocesses reuse it.
os.environ.setdefault("NUMBA_CACHE_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "alienstage-test-numba"))


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


_exit_status = 0


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


def pytest_unconfigure(config: pytest.Config) -> None:
    """A stream stuck in a vanished device (the live tests unplug mics) would hang
    PortAudio's exit handler: leave with pytest's own status instead (reports are written)."""
    import sys

    blocking = sys.modules.get("alienstage_game.audio.blocking")
    if blocking is not None:
        blocking.exit_when_settled(_exit_status, wait_s=3.0)
