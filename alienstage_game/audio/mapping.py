"""Which microphone (device, channel) each player sings into, and which output plays the
song: kept in the settings under key ``"audio"`` (``Settings.extra``, a plain JSON
object), and checked against the devices this machine really has.

A mapping that would make a duel unfair is refused with the reason, never used
silently: a device that is not there or whose name fits several, a channel the device
lacks (a mono mic hears one player), two players on one channel of one source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..settings import Settings
from . import devices as _devices
from .devices import AudioDevice, AudioUnavailable, PlayerInput, find_device

AUDIO_KEY = "audio"


def audio_settings(settings: Settings) -> dict[str, Any]:
    """The settings' "audio" object (created empty when missing or not an object)."""
    value = settings.extra.get(AUDIO_KEY)
    if not isinstance(value, dict):
        value = {}
        settings.extra[AUDIO_KEY] = value
    return value


def player_mapping(settings: Settings, players: int = 2) -> list[PlayerInput]:
    """Each player's microphone; players not mapped yet take the default input's
    channels in turn (player 1 left, player 2 right), as a stereo dongle delivers them
    (``check_mapping`` refuses that on a mono default)."""
    saved = audio_settings(settings).get("players")
    mapping: list[PlayerInput] = []
    if isinstance(saved, list):
        for item in saved[:players]:
            try:
                device = item.get("device")
                channel = int(item.get("channel", 0))
                if not 0 <= channel < 64:
                    raise ValueError(channel)
                mapping.append(PlayerInput(None if device is None else str(device), channel))
            except (AttributeError, TypeError, ValueError, OverflowError):
                mapping.append(PlayerInput(None, len(mapping)))
    while len(mapping) < players:
        mapping.append(PlayerInput(None, len(mapping)))
    return mapping


def set_player_mapping(settings: Settings, inputs: list[PlayerInput]) -> None:
    audio_settings(settings)["players"] = [{"device": p.device, "channel": p.channel} for p in inputs]


def output_device_name(settings: Settings) -> str | None:
    name = audio_settings(settings).get("output")
    return name if isinstance(name, str) else None


@dataclass(frozen=True)
class MicChoice:
    """One player's input as it resolves on this machine."""

    player: int  # 0-based
    wanted: PlayerInput
    device: AudioDevice | None  # None: not found (see problem)
    problem: str | None = None

    @property
    def canonical(self) -> PlayerInput:
        """The input by the device's id, as the settings should keep it."""
        return PlayerInput(self.device.id, self.wanted.channel) if self.device is not None else self.wanted

    def describe(self) -> str:
        name = self.device.name if self.device is not None else (self.wanted.device or "default input")
        return f"{name} ch {self.wanted.channel + 1}"


def check_mapping(inputs: list[PlayerInput], devices: list[AudioDevice] | None = None) -> list[MicChoice]:
    """Each player's input resolved, with what is wrong with it (None: fine)."""
    devices = _devices.list_devices() if devices is None else devices  # (tests fake the table)
    choices: list[MicChoice] = []
    taken: dict[tuple[str, int], int] = {}
    for player, wanted in enumerate(inputs):
        who = f"player {player + 1}"
        try:
            dev = find_device(wanted.device, "input", devices)
        except AudioUnavailable as exc:
            choices.append(MicChoice(player, wanted, None, f"{who}: {exc}"))
            continue
        problem = None
        if wanted.channel >= dev.max_input_channels:
            if dev.max_input_channels == 1:
                problem = (f"{who}: '{dev.name}' is a mono microphone and hears one player only: "
                           f"give {who} another microphone, or play pass the mic")
            else:
                problem = (f"{who}: '{dev.name}' has {dev.max_input_channels} channels, "
                           f"no channel {wanted.channel + 1}")
        else:
            key = (dev.id, wanted.channel)
            if key in taken:
                problem = (f"players {taken[key] + 1} and {player + 1} both sing into '{dev.name}' channel "
                           f"{wanted.channel + 1}: one voice would score for both; give {who} another "
                           "channel or microphone, or play pass the mic")
            taken.setdefault(key, player)
        choices.append(MicChoice(player, wanted, dev, problem))
    return choices


def mapping_problems(inputs: list[PlayerInput], devices: list[AudioDevice] | None = None) -> list[str]:
    """The reasons this mapping cannot be played, as sentences (empty: it can)."""
    return [c.problem for c in check_mapping(inputs, devices) if c.problem]
