"""Devices by name, the players' microphones in the settings, and `alienstage devices`."""

from __future__ import annotations

import pytest

from alienstage_game import settings as settings_mod
from alienstage_game.audio.devices import (AudioDevice, PlayerInput, format_devices, mapping_warnings,
                                           player_mapping, resolve, set_player_mapping)
from alienstage_game.cli import main

DEVICES = [
    AudioDevice(0, "Built-in Audio", "ALSA", 2, 2, 48000.0, default_input=True, default_output=True),
    AudioDevice(3, "USB Singing Dongle", "ALSA", 2, 0, 44100.0),
    AudioDevice(5, "HDMI Out", "ALSA", 0, 8, 48000.0),
]


def test_devices_resolve_by_exact_name_then_substring_and_by_kind() -> None:
    assert resolve("USB Singing Dongle", "input", DEVICES).index == 3
    assert resolve("dongle", "input", DEVICES).index == 3  # case-insensitive part of the name
    assert resolve("HDMI", "input", DEVICES) is None  # an output only
    assert resolve("HDMI", "output", DEVICES).index == 5
    assert resolve(None, "input", DEVICES).name == "Built-in Audio"
    assert resolve("gone", "input", DEVICES) is None


def test_unmapped_players_take_left_and_right_of_the_default_input() -> None:
    assert player_mapping(settings_mod.Settings()) == [PlayerInput(None, 0), PlayerInput(None, 1)]


def test_the_mapping_is_saved_by_name_and_survives_a_reload(alienstage_home) -> None:
    cfg = settings_mod.load()
    set_player_mapping(cfg, [PlayerInput("USB Singing Dongle", 0), PlayerInput("USB Singing Dongle", 1)])
    settings_mod.save(cfg)
    again = settings_mod.load()
    assert player_mapping(again) == [PlayerInput("USB Singing Dongle", 0), PlayerInput("USB Singing Dongle", 1)]
    assert again.extra["audio"]["players"][1] == {"device": "USB Singing Dongle", "channel": 1}


def test_a_damaged_mapping_falls_back_per_player() -> None:
    cfg = settings_mod.Settings(extra={"audio": {"players": [{"device": "x", "channel": "left"}]}})
    assert player_mapping(cfg) == [PlayerInput(None, 0), PlayerInput(None, 1)]


def test_warnings_for_a_shared_channel_a_missing_device_and_a_missing_channel() -> None:
    shared = mapping_warnings([PlayerInput(None, 0), PlayerInput("Built-in Audio", 0)], DEVICES)
    assert any("share" in w and "players 1 and 2" in w for w in shared)
    assert mapping_warnings([PlayerInput("Dongle", 0), PlayerInput("Dongle", 1)], DEVICES) == []
    missing = mapping_warnings([PlayerInput("Ghost Mic", 0), PlayerInput("Dongle", 2)], DEVICES)
    assert any("Ghost Mic" in w for w in missing) and any("no channel 3" in w for w in missing)


def test_the_device_table_marks_the_defaults() -> None:
    table = format_devices(DEVICES)
    assert "USB Singing Dongle" in table and "<>Built-in Audio" in table
    assert "no audio devices" in format_devices([])


def test_devices_command_prints_devices_and_changes_a_players_microphone(capsys) -> None:
    assert main(["devices", "--player", "2", "--device", "USB Singing Dongle", "--channel", "2"]) == 0
    out = capsys.readouterr().out
    assert "player 1: default input ch 1" in out and "player 2: USB Singing Dongle ch 2" in out
    assert player_mapping(settings_mod.load())[1] == PlayerInput("USB Singing Dongle", 1)
    assert main(["devices", "--player", "1", "--channel", "0"]) == 2
