"""Devices by name, the sound server's own list, the players' microphones in the settings,
mappings refused with their reason, and `alienstage devices`."""

from __future__ import annotations

import json

import pytest

from alienstage_game import settings as settings_mod
from alienstage_game.audio import devices as devices_mod
from alienstage_game.audio import pulse
from alienstage_game.audio.devices import AudioDevice, AudioUnavailable, PlayerInput, find_device, format_devices, resolve
from alienstage_game.audio.mapping import check_mapping, mapping_problems, player_mapping, set_player_mapping
from alienstage_game.cli import main

DEVICES = [
    AudioDevice(0, "Built-in Audio", "ALSA", 2, 2, 48000.0, default_input=True, default_output=True),
    AudioDevice(3, "USB Singing Dongle", "ALSA", 2, 0, 44100.0),
    AudioDevice(4, "USB Mono Mic", "ALSA", 1, 0, 48000.0),
    AudioDevice(5, "HDMI Out", "ALSA", 0, 8, 48000.0),
]


def test_devices_resolve_by_exact_name_then_a_unique_part_and_by_kind() -> None:
    assert find_device("USB Singing Dongle", "input", DEVICES).index == 3
    assert find_device("dongle", "input", DEVICES).index == 3  # case-insensitive part of the name
    assert resolve("HDMI", "input", DEVICES) is None  # an output only
    assert find_device("HDMI", "output", DEVICES).index == 5
    assert find_device(None, "input", DEVICES).name == "Built-in Audio"
    with pytest.raises(AudioUnavailable, match="no microphone called 'gone'.*Built-in Audio"):
        find_device("gone", "input", DEVICES)


def test_a_name_that_fits_several_devices_is_refused_not_guessed() -> None:
    with pytest.raises(AudioUnavailable, match="'USB' could be any of 2 microphones"):
        find_device("USB", "input", DEVICES)
    assert resolve("USB", "input", DEVICES) is None


SERVED = [
    pulse.ServerDevice("alsa_input.usb-A-00.mono-fallback", "USB PnP Sound Device Mono", "input", 1, 48000, False, False),
    pulse.ServerDevice("alsa_input.usb-B-00.mono-fallback", "USB PnP Sound Device Mono", "input", 1, 48000, False, False),
    pulse.ServerDevice("alsa_input.pci-0000.analog-stereo", "Built-in Audio Analog Stereo", "input", 2, 48000, True, False),
    pulse.ServerDevice("alsa_output.pci-0000.analog-stereo.monitor", "Monitor of Built-in Audio", "input", 2, 48000,
                       False, True),
    pulse.ServerDevice("alsa_output.pci-0000.analog-stereo", "Built-in Audio Analog Stereo", "output", 2, 48000, True,
                       False),
]
PORTAUDIO = [  # what PortAudio sees through ALSA on such a desktop
    AudioDevice(0, "HDA Intel PCH: ALC3246 Analog (hw:0,0)", "ALSA", 2, 2, 44100.0),
    AudioDevice(1, "pulse", "ALSA", 32, 32, 44100.0),
    AudioDevice(2, "default", "ALSA", 32, 32, 44100.0, default_input=True, default_output=True),
    AudioDevice(3, "system", "JACK Audio Connection Kit", 2, 2, 48000.0),
]


@pytest.fixture
def desktop(monkeypatch):
    """A Linux desktop whose sound server offers two identical USB mics, the built-in
    card and its monitor; PortAudio sees only ALSA's bridge devices (and JACK)."""
    monkeypatch.setattr(devices_mod.sys, "platform", "linux")
    monkeypatch.setattr(devices_mod, "_portaudio_devices", lambda: list(PORTAUDIO))
    monkeypatch.setattr(pulse, "server_devices", lambda refresh=False: list(SERVED))


def test_on_linux_the_sound_servers_own_devices_are_listed_by_the_desktops_names(desktop) -> None:
    listed = devices_mod.list_devices()
    names = [d.name for d in listed]
    assert names[:5] == ["USB PnP Sound Device Mono", "USB PnP Sound Device Mono (2)",
                         "Built-in Audio Analog Stereo", "Monitor of Built-in Audio", "Built-in Audio Analog Stereo"]
    assert "pulse" not in names and "default" not in names and not any("hw:0,0" in n for n in names)
    assert "system" in names  # another host API stays
    usb2 = listed[1]
    assert (usb2.id, usb2.bridge, usb2.index, usb2.max_input_channels) == (
        "alsa_input.usb-B-00.mono-fallback", "pulse", 1, 1)
    assert listed[3].monitor and listed[2].default_input and listed[4].default_output
    # Found by id, by its listed name, and the old bridge names mean the default.
    assert find_device("alsa_input.usb-A-00.mono-fallback", "input", listed) is listed[0]
    assert find_device("USB PnP Sound Device Mono (2)", "input", listed) is usb2
    assert find_device("pulse", "input", listed) is listed[2] and find_device("default", "input", listed) is listed[2]
    with pytest.raises(AudioUnavailable, match="could be any of 2"):
        find_device("USB PnP Sound Device Mono", "input", listed)  # two mics of one name: say which


def test_without_a_sound_server_portaudios_list_stays(monkeypatch) -> None:
    monkeypatch.setattr(devices_mod.sys, "platform", "linux")
    monkeypatch.setattr(devices_mod, "_portaudio_devices", lambda: list(PORTAUDIO))
    monkeypatch.setattr(pulse, "server_devices", lambda refresh=False: None)
    assert devices_mod.list_devices() == PORTAUDIO


def test_routing_sets_the_servers_device_only_while_a_stream_opens(monkeypatch) -> None:
    monkeypatch.setenv("PULSE_SOURCE", "what-the-user-had")
    with pulse.routed("pulse", "input", "mic_b.monitor"):
        import os

        assert os.environ["PULSE_SOURCE"] == "mic_b.monitor"
    assert os.environ["PULSE_SOURCE"] == "what-the-user-had"
    monkeypatch.delenv("PULSE_SINK", raising=False)
    with pulse.routed("pulse", "output", "stage"):
        assert os.environ["PULSE_SINK"] == "stage"
    assert "PULSE_SINK" not in os.environ


def test_unmapped_players_take_left_and_right_of_the_default_input() -> None:
    assert player_mapping(settings_mod.Settings()) == [PlayerInput(None, 0), PlayerInput(None, 1)]


def test_the_mapping_is_saved_and_survives_a_reload(alienstage_home) -> None:
    cfg = settings_mod.load()
    set_player_mapping(cfg, [PlayerInput("USB Singing Dongle", 0), PlayerInput("USB Singing Dongle", 1)])
    settings_mod.save(cfg)
    again = settings_mod.load()
    assert player_mapping(again) == [PlayerInput("USB Singing Dongle", 0), PlayerInput("USB Singing Dongle", 1)]
    assert again.extra["audio"]["players"][1] == {"device": "USB Singing Dongle", "channel": 1}


@pytest.mark.parametrize("channel", ["left", -1, 10 ** 40, None])
def test_a_damaged_mapping_falls_back_per_player(channel) -> None:
    cfg = settings_mod.Settings(extra={"audio": {"players": [{"device": "x", "channel": channel}]}})
    assert player_mapping(cfg) == [PlayerInput(None, 0), PlayerInput(None, 1)]


def test_a_mapping_that_cannot_work_is_refused_with_its_reason() -> None:
    # One voice for both: the same channel of one device, named two ways.
    shared = mapping_problems([PlayerInput(None, 0), PlayerInput("Built-in Audio", 0)], DEVICES)
    assert shared and "players 1 and 2 both sing into 'Built-in Audio' channel 1" in shared[0]
    assert mapping_problems([PlayerInput("Dongle", 0), PlayerInput("Dongle", 1)], DEVICES) == []
    # A mono mic hears one player: the other is told what to do.
    mono = mapping_problems([PlayerInput("USB Mono Mic", 0), PlayerInput("USB Mono Mic", 1)], DEVICES)
    assert mono == ["player 2: 'USB Mono Mic' is a mono microphone and hears one player only: "
                    "give player 2 another microphone, or play pass the mic"]
    missing = mapping_problems([PlayerInput("Ghost Mic", 0), PlayerInput("Dongle", 2)], DEVICES)
    assert "player 1: no microphone called 'Ghost Mic'" in missing[0]
    assert missing[1] == "player 2: 'USB Singing Dongle' has 2 channels, no channel 3"
    ambiguous = mapping_problems([PlayerInput("USB", 0)], DEVICES)
    assert "could be any of 2" in ambiguous[0]
    # The default input's alias and its name are one source on a server.
    choices = check_mapping([PlayerInput("dongle", 1)], DEVICES)
    assert choices[0].canonical == PlayerInput("USB Singing Dongle", 1)


def test_the_device_table_marks_the_defaults_and_shows_ids() -> None:
    table = format_devices(DEVICES)
    assert "USB Singing Dongle" in table and "<>Built-in Audio" in table
    assert "no audio devices" in format_devices([])


@pytest.fixture
def table(monkeypatch):
    monkeypatch.setattr(devices_mod, "list_devices", lambda: list(DEVICES))


def test_devices_command_changes_a_players_microphone_by_its_full_name(table, capsys) -> None:
    assert main(["devices", "--player", "2", "--device", "singing dongle", "--channel", "2"]) == 0
    out = capsys.readouterr().out
    assert "player 1: Built-in Audio ch 1" in out and "player 2: USB Singing Dongle ch 2" in out
    assert player_mapping(settings_mod.load())[1] == PlayerInput("USB Singing Dongle", 1)
    assert main(["devices", "--player", "1", "--channel", "0"]) == 2


def test_devices_command_refuses_and_keeps_the_old_mapping(table, capsys) -> None:
    assert main(["devices", "--player", "2", "--device", "USB Mono Mic", "--channel", "2"]) == 2
    assert "not saved: player 2: 'USB Mono Mic' is a mono microphone" in capsys.readouterr().err
    assert main(["devices", "--player", "2", "--device", "Ghost", "--channel", "1"]) == 2
    assert main(["devices", "--player", "2", "--device", "Built-in", "--channel", "1"]) == 2  # player 1's channel
    assert "both sing into" in capsys.readouterr().err
    assert player_mapping(settings_mod.load())[1] == PlayerInput(None, 1)


def test_devices_json_lists_name_id_channels_and_defaults(table, capsys) -> None:
    assert main(["devices", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["devices"][0]
    assert first["name"] == "Built-in Audio" and first["id"] == "Built-in Audio"
    assert first["input_channels"] == 2 and first["default_input"] is True
    assert [p["channel"] for p in data["players"]] == [1, 2] and data["players"][0]["problem"] is None
