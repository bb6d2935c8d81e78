"""Audio devices and which microphone (device, channel) each player sings into.

Devices are remembered by NAME: PortAudio's indices change between boots and when a USB
microphone is plugged in. The mapping lives in the settings under key ``"audio"``
(kept in ``Settings.extra``, a plain JSON object, see /work/notes/contract-audio.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..settings import Settings

Kind = Literal["input", "output"]
AUDIO_KEY = "audio"


class AudioUnavailable(RuntimeError):
    """No PortAudio here, or the device asked for cannot be found or opened."""


@dataclass(frozen=True)
class AudioDevice:
    index: int
    name: str
    host_api: str
    max_input_channels: int
    max_output_channels: int
    default_samplerate: float
    default_input: bool = False
    default_output: bool = False


@dataclass(frozen=True)
class PlayerInput:
    """A player's microphone: a device (by name; None = the default input) and a channel."""

    device: str | None = None
    channel: int = 0

    def describe(self) -> str:
        return f"{self.device or 'default input'} ch {self.channel + 1}"


def sounddevice_module() -> Any:
    """The sounddevice module, or AudioUnavailable when PortAudio is missing."""
    try:
        import sounddevice
    except (OSError, ImportError) as exc:  # its Linux wheel needs the system's libportaudio2
        raise AudioUnavailable(f"PortAudio is not available: {exc}") from exc
    return sounddevice


def list_devices() -> list[AudioDevice]:
    """Every device PortAudio sees ([] when PortAudio is missing)."""
    try:
        sd = sounddevice_module()
        raw = sd.query_devices()
        apis = sd.query_hostapis()
        default_in, default_out = sd.default.device
    except (AudioUnavailable, Exception):  # noqa: BLE001 -- a broken audio stack lists nothing
        return []
    devices = []
    for dev in raw:
        devices.append(AudioDevice(
            index=int(dev["index"]), name=str(dev["name"]),
            host_api=str(apis[dev["hostapi"]]["name"]),
            max_input_channels=int(dev["max_input_channels"]),
            max_output_channels=int(dev["max_output_channels"]),
            default_samplerate=float(dev["default_samplerate"]),
            default_input=int(dev["index"]) == default_in,
            default_output=int(dev["index"]) == default_out,
        ))
    return devices


def input_devices() -> list[AudioDevice]:
    return [d for d in list_devices() if d.max_input_channels > 0]


def output_devices() -> list[AudioDevice]:
    return [d for d in list_devices() if d.max_output_channels > 0]


def resolve(name: str | None, kind: Kind = "input", devices: list[AudioDevice] | None = None) -> AudioDevice | None:
    """The device called ``name`` (exact, then case-insensitive substring) that can
    ``kind``; ``None`` for the name gives the default device. ``None`` when not found."""
    devices = list_devices() if devices is None else devices
    able = [d for d in devices if (d.max_input_channels if kind == "input" else d.max_output_channels) > 0]
    if name is None:
        default = [d for d in able if (d.default_input if kind == "input" else d.default_output)]
        return (default or able or [None])[0]
    for d in able:
        if d.name == name:
            return d
    low = name.lower()
    return next((d for d in able if low in d.name.lower()), None)


# -- settings ------------------------------------------------------------------------------
def audio_settings(settings: Settings) -> dict[str, Any]:
    """The settings' "audio" object (created empty when missing or not an object)."""
    value = settings.extra.get(AUDIO_KEY)
    if not isinstance(value, dict):
        value = {}
        settings.extra[AUDIO_KEY] = value
    return value


def player_mapping(settings: Settings, players: int = 2) -> list[PlayerInput]:
    """Each player's microphone; players not mapped yet take the default input's
    channels in turn (player 1 left, player 2 right), as a stereo dongle delivers them."""
    saved = audio_settings(settings).get("players")
    mapping: list[PlayerInput] = []
    if isinstance(saved, list):
        for item in saved[:players]:
            try:
                device = item.get("device")
                mapping.append(PlayerInput(None if device is None else str(device), int(item.get("channel", 0))))
            except (AttributeError, TypeError, ValueError):
                mapping.append(PlayerInput(None, len(mapping)))
    while len(mapping) < players:
        mapping.append(PlayerInput(None, len(mapping)))
    return mapping


def set_player_mapping(settings: Settings, inputs: list[PlayerInput]) -> None:
    audio_settings(settings)["players"] = [{"device": p.device, "channel": p.channel} for p in inputs]


def output_device_name(settings: Settings) -> str | None:
    name = audio_settings(settings).get("output")
    return name if isinstance(name, str) else None


def mapping_warnings(inputs: list[PlayerInput], devices: list[AudioDevice] | None = None) -> list[str]:
    """What is wrong with a mapping: shared channels, missing devices, absent channels."""
    devices = list_devices() if devices is None else devices
    warnings: list[str] = []
    seen: dict[tuple[str | None, int], int] = {}
    for player, p in enumerate(inputs, start=1):
        dev = resolve(p.device, "input", devices)
        key = (dev.name if dev else p.device, p.channel)
        if key in seen:
            warnings.append(f"players {seen[key]} and {player} share {p.describe()}: both will score the same voice")
        seen.setdefault(key, player)
        if dev is None:
            warnings.append(f"player {player}: no input device {p.device or '(default)'} found")
        elif p.channel >= dev.max_input_channels:
            warnings.append(f"player {player}: {dev.name} has {dev.max_input_channels} channel(s), no channel {p.channel + 1}")
    return warnings


def format_devices(devices: list[AudioDevice]) -> str:
    """The device table ``alienstage devices`` prints."""
    if not devices:
        return "no audio devices (is PortAudio installed and an audio server running?)"
    rows = [f"{'#':>3}  {'name':30} {'host api':10} {'in':>3} {'out':>3} {'rate':>7}"]
    for d in devices:
        mark = ("<" if d.default_input else " ") + (">" if d.default_output else " ")
        rows.append(f"{d.index:>3}{mark}{d.name[:30]:30} {d.host_api[:10]:10} {d.max_input_channels:>3} "
                    f"{d.max_output_channels:>3} {d.default_samplerate:>7.0f}")
    rows.append("(< default input, > default output)")
    return "\n".join(rows)
