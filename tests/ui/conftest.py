"""Scene tests: a real App on SDL's dummy drivers, one per test, closed afterwards."""

from __future__ import annotations

import pytest

pygame = pytest.importorskip("pygame")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    from alienstage_game.ui.app import App

    application = App()
    yield application
    application.close()  # every scene left on the stack stops its preview, capture or stage


@pytest.fixture
def fast_stage(monkeypatch):
    """Stages started from the menus run a sped-up clock with no audio."""
    from alienstage_game.ui.scenes import stage_link

    monkeypatch.setattr(stage_link, "STAGE_OPTIONS", {"speed": 40.0, "play_audio": False, "sounds": False})


@pytest.fixture
def no_microphones(monkeypatch):
    """A machine with no audio input device at all."""
    from alienstage_game.ui.scenes import audio_link

    monkeypatch.setattr(audio_link, "input_choices", lambda: [])


@pytest.fixture
def device_table(monkeypatch):
    """A machine whose audio stack lists the given input devices ((name, channels), the
    first one the default input); the scenes see them through the real audio package."""
    from alienstage_game.audio import devices

    def install(*inputs: tuple[str, int]) -> None:
        table = [devices.AudioDevice(k, name, "fake", channels, 0, 48000.0, default_input=k == 0)
                 for k, (name, channels) in enumerate(inputs)]
        monkeypatch.setattr(devices, "list_devices", lambda: list(table))
    return install


@pytest.fixture(autouse=True)
def quiet_previews(monkeypatch):
    """Song-browser previews never reach a real output in scene tests (a test that wants
    one patches ``Playback.open_file`` itself)."""
    try:
        from alienstage_game.audio import playback
        from alienstage_game.audio.devices import AudioUnavailable
    except ImportError:
        return

    def refuse(cls, *args, **kwargs):
        raise AudioUnavailable("scene tests play no previews")

    monkeypatch.setattr(playback.Playback, "open_file", classmethod(refuse))
